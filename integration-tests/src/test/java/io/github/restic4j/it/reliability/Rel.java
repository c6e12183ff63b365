package io.github.restic4j.it.reliability;

import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Helpers shared by the reliability tests. */
final class Rel {

  private Rel() {}

  /** The newest installed restic (skips locally, fails under CI=true when none). */
  static ResticInstallation newestRestic() {
    List<ResticInstallation> all = ResticInstallations.get().requireRestics();
    return all.stream().max(Comparator.comparing(ResticInstallation::version)).orElseThrow();
  }

  static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory("restic4j-rel-" + prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes an executable shell script. */
  static Path script(Path dir, String name, String body) {
    try {
      Path p = dir.resolve(name);
      Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls every 20 ms until the condition holds; false if the deadline passed first. */
  static boolean poll(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** /proc/PID/cmdline with NULs as spaces, or "" if the process is gone. */
  static String cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The lines of a file that a SIGKILLed process may have left with a torn line (anywhere, cut even
   * inside a character): split at newlines, invalid UTF-8 replaced, so the caller's parser rejects
   * the torn line instead of the whole file.
   */
  static List<String> lenientLines(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    List<String> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        out.add(new String(all, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return out;
  }

  /** Runs a command and returns its exit code (output to the inherited streams). */
  static int sh(String command) {
    try {
      Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
      return p.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
