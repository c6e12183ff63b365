package io.github.restic4j.locking.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name as restic sees it ({@code os.Hostname()}). */
public final class Hostnames {

  private Hostnames() {}

  /**
   * Reads the host name the way Go's {@code os.Hostname()} does on Linux: {@code
   * /proc/sys/kernel/hostname}, then the {@code HOSTNAME} variable, then {@link InetAddress}.
   *
   * @return the host name, or an empty string if none can be found
   */
  public static String local() {
    try {
      String s = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!s.isEmpty()) {
        return s;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
