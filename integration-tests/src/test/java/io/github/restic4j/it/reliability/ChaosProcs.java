package io.github.restic4j.it.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the chaos soak's processes in {@code /proc} by the marker in their environment ({@code
 * CHAOS_SOAK=<id>}, exported by the restic wrappers and set on the host JVMs): also restic
 * processes whose host JVM was SIGKILLed (orphans, no longer below the test JVM), never another
 * build's restic on the same machine. A process is identified by PID and start time (field 22 of
 * {@code /proc/PID/stat}), so a reused PID is a new process.
 */
final class ChaosProcs {

  /** What a process is. */
  enum Role {
    RESTIC,
    HOST_JVM
  }

  /** A process of the soak. */
  record Proc(
      long pid,
      long startTicks,
      Role role,
      String host, // the host name restic sees (CHAOS_HOST)
      int incarnation, // of a host JVM's restic or the host JVM; 0 for in-JVM hosts
      String backend, // local, rest, s3 or "-" (no repository)
      long ppid) {}

  /** Key of a process: PID and start time. */
  record Key(long pid, long startTicks) {}

  private static final Path PROC = Path.of("/proc");
  private static final Proc NOT_OURS = new Proc(0, 0, Role.RESTIC, "", 0, "", 0);

  private final String marker;
  private final Map<Key, Proc> known = new ConcurrentHashMap<>();

  ChaosProcs(String soakId) {
    this.marker = "CHAOS_SOAK=" + soakId;
  }

  /** The soak's live (not zombie) processes now. */
  List<Proc> scan() {
    List<Proc> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        Proc p = look(d, Long.parseLong(name));
        if (p != null) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return out;
  }

  List<Proc> restics() {
    return scan().stream().filter(p -> p.role() == Role.RESTIC).toList();
  }

  List<Proc> hostJvms() {
    return scan().stream().filter(p -> p.role() == Role.HOST_JVM).toList();
  }

  private Proc look(Path dir, long pid) {
    String stat;
    try {
      stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return null; // exited
    }
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String comm = stat.substring(open + 1, close);
    boolean restic = comm.equals("restic");
    if (!restic && !comm.equals("java")) {
      return null;
    }
    String[] f = stat.substring(close + 2).split(" ");
    // f[0] is field 3 (state), f[1] field 4 (ppid), f[19] field 22 (starttime)
    if (f.length < 20 || f[0].equals("Z") || f[0].equals("X")) {
      return null;
    }
    Key key = new Key(pid, Long.parseLong(f[19]));
    Proc p = known.get(key);
    if (p == null) {
      p = classify(dir, key, restic ? Role.RESTIC : Role.HOST_JVM, Long.parseLong(f[1]));
      if (p == null) {
        return null; // not readable yet; try again next time
      }
      known.put(key, p);
    }
    return p == NOT_OURS ? null : p;
  }

  private Proc classify(Path dir, Key key, Role role, long ppid) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(dir.resolve("environ"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
    Map<String, String> env = new HashMap<>();
    for (String kv : new String(raw, StandardCharsets.UTF_8).split("\0")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    if (!marker.equals("CHAOS_SOAK=" + env.get("CHAOS_SOAK"))) {
      return NOT_OURS;
    }
    if (role == Role.HOST_JVM && !"host-jvm".equals(env.get("CHAOS_ROLE"))) {
      return NOT_OURS;
    }
    String repo = env.getOrDefault("RESTIC_REPOSITORY", "");
    return new Proc(
        key.pid(),
        key.startTicks(),
        role,
        env.getOrDefault("CHAOS_HOST", ""),
        Integer.parseInt(env.getOrDefault("CHAOS_INCARNATION", "0")),
        backendOf(repo),
        ppid);
  }

  /** The backend of a restic location: local, rest, s3, or "-" for none. */
  static String backendOf(String location) {
    if (location.isEmpty()) {
      return "-";
    }
    if (location.startsWith("rest:")) {
      return "rest";
    }
    if (location.startsWith("s3:")) {
      return "s3";
    }
    return "local";
  }
}
