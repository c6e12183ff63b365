package io.github.restic4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CPU model, cores, memory, OS and JDK of this machine. */
final class Machine {
  private Machine() {}

  static List<String[]> describe() {
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {"CPU", cpuModel()});
    out.add(
        new String[] {
          "cores (available to the JVM)", "" + Runtime.getRuntime().availableProcessors()
        });
    out.add(new String[] {"memory", memory()});
    out.add(
        new String[] {
          "OS",
          System.getProperty("os.name")
              + " "
              + System.getProperty("os.version")
              + " "
              + System.getProperty("os.arch")
        });
    out.add(
        new String[] {
          "JDK",
          System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.runtime.version")
              + " ("
              + System.getProperty("java.vendor")
              + ")"
        });
    return out;
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String memory() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return "unknown";
  }
}
