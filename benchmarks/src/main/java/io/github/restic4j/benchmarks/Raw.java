package io.github.restic4j.benchmarks;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * restic run directly with {@link ProcessBuilder} (the "raw" side of every A/B pair), and a
 * counting wrapper binary that records each restic process started through it.
 */
final class Raw {

  static final String PASSWORD = "bench-password";
  private static final File DEV_NULL = new File("/dev/null");

  private Raw() {}

  /** The environment restic4j gives restic: the inherited basics plus location and password. */
  static Map<String, String> env(String location, String password) {
    Map<String, String> env = new HashMap<>();
    for (String k : List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")) {
      String v = System.getenv(k);
      if (v != null) {
        env.put(k, v);
      }
    }
    env.put("RESTIC_REPOSITORY", location);
    env.put("RESTIC_PASSWORD", password);
    return env;
  }

  /** Runs a command with stdout and stderr sent to /dev/null and returns its exit code. */
  static int run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(DEV_NULL);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start().waitFor();
  }

  /** Runs with stdout read through a pipe by this thread (as restic4j reads it); insists on 0. */
  static void okPiped(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(DEV_NULL);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    p.getInputStream().transferTo(OutputStream.nullOutputStream());
    int code = p.waitFor();
    if (code != 0) {
      throw new IllegalStateException("exit " + code + ": " + String.join(" ", command));
    }
  }

  /** Runs and insists on exit code 0. */
  static void ok(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    int code = run(command, env);
    if (code != 0) {
      throw new IllegalStateException("exit " + code + ": " + String.join(" ", command));
    }
  }

  static List<String> cmd(Path binary, List<String> args) {
    List<String> c = new ArrayList<>();
    c.add(binary.toString());
    c.addAll(args);
    return c;
  }

  static ResticRepository repo(Restic restic, Path location, Path cache) {
    return repo(restic, location.toString(), cache);
  }

  static ResticRepository repo(Restic restic, String location, Path cache) {
    return repo(restic, location, cache, Map.of());
  }

  /** The same with backend variables (credentials), passed as restic4j passes secrets. */
  static ResticRepository repo(
      Restic restic, String location, Path cache, Map<String, String> backendEnv) {
    ResticRepository.Builder b =
        restic.repository(location).password(Secret.of(PASSWORD)).cacheDir(cache);
    backendEnv.forEach((k, v) -> b.environment(k, Secret.of(v)));
    return b.build();
  }

  /** A shell script that logs each run's arguments (one per line after a marker) and execs. */
  static final class Counter {
    final Path script;
    final Path log;

    Counter(Path dir, Path real) throws IOException {
      Files.createDirectories(dir);
      this.log = dir.resolve("calls.log");
      this.script = dir.resolve("restic");
      String body =
          "#!/bin/sh\n"
              + "{ printf '%s\\n' '@@call'; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; } >> '"
              + log
              + "'\n"
              + "exec '"
              + real
              + "' \"$@\"\n";
      Files.writeString(script, body, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      reset();
    }

    Restic restic(ResticVersion version) {
      return Restic.builder().binary(script).version(version).build();
    }

    void reset() throws IOException {
      Files.writeString(log, "");
    }

    /** The argument lists of the runs since the last reset. */
    List<List<String>> calls() throws IOException {
      List<List<String>> calls = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        if (line.equals("@@call")) {
          calls.add(new ArrayList<>());
        } else if (!calls.isEmpty()) {
          calls.get(calls.size() - 1).add(line);
        }
      }
      return calls;
    }

    /** The restic command names of the runs since the last reset. */
    List<String> commands() throws IOException {
      List<String> out = new ArrayList<>();
      for (List<String> c : calls()) {
        out.add(commandOf(c));
      }
      return out;
    }
  }

  /** First argument that is a restic command (skipping global flags and their values). */
  static String commandOf(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--cache-dir") || a.equals("-o") || a.equals("--retry-lock")) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return "?";
  }
}
