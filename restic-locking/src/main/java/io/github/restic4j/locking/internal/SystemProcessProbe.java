package io.github.restic4j.locking.internal;

import io.github.restic4j.locking.ProcessProbe;
import io.github.restic4j.locking.ProcessStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** {@link ProcessProbe} over {@link ProcessHandle} and, on Linux, {@code /proc}. Never signals. */
public final class SystemProcessProbe implements ProcessProbe {

  /** The shared instance. */
  public static final SystemProcessProbe INSTANCE = new SystemProcessProbe();

  private static final Path PROC = Path.of("/proc");
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private SystemProcessProbe() {}

  @Override
  public ProcessStatus probe(long pid) {
    if (pid <= 0) {
      return ProcessStatus.dead(pid);
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    boolean alive = handle.map(ProcessHandle::isAlive).orElse(false);
    if (!alive) {
      return ProcessStatus.dead(pid);
    }
    Instant started = handle.get().info().startInstant().orElseGet(() -> procStart(pid));
    String command = procComm(pid);
    if (command == null || !command.contains("restic")) {
      String argv0 = procArgv0(pid);
      if (argv0 == null) {
        argv0 = handle.get().info().command().orElse(null);
      }
      if (argv0 != null && (command == null || argv0.contains("restic"))) {
        command = argv0;
      }
    }
    return new ProcessStatus(
        pid, true, Optional.ofNullable(started), Optional.ofNullable(command), signalable(pid));
  }

  private static String procComm(long pid) {
    try {
      return Files.readString(PROC.resolve(Long.toString(pid)).resolve("comm")).strip();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String procArgv0(long pid) {
    try {
      byte[] b = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      int end = 0;
      while (end < b.length && b[end] != 0) {
        end++;
      }
      if (end == 0) {
        return null;
      }
      String s = new String(b, 0, end, StandardCharsets.UTF_8);
      int slash = s.lastIndexOf('/');
      return slash >= 0 ? s.substring(slash + 1) : s;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Start time from field 22 of /proc/pid/stat (clock ticks after boot) and btime. */
  private static Instant procStart(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      int close = stat.lastIndexOf(')');
      String[] f = stat.substring(close + 2).split(" ");
      // f[0] is field 3 (state); field 22 is f[19]
      long ticks = Long.parseLong(f[19]);
      long btime = -1;
      for (String line : Files.readAllLines(PROC.resolve("stat"))) {
        if (line.startsWith("btime ")) {
          btime = Long.parseLong(line.substring(6).strip());
        }
      }
      if (btime < 0) {
        return null;
      }
      return Instant.ofEpochSecond(btime).plusMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean signalable(long pid) {
    try {
      Object self = Files.getAttribute(PROC.resolve("self"), "unix:uid");
      if (self instanceof Integer i && i == 0) {
        return true;
      }
      Object other = Files.getAttribute(PROC.resolve(Long.toString(pid)), "unix:uid");
      return self.equals(other);
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }
}
