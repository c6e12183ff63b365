package io.github.restic4j.examples;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.error.ResticBinaryException;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Plumbing shared by the examples (finding restic, a small data folder, clean-up), so that each
 * example shows only restic4j. Not part of restic4j's API: in your application, use {@link
 * Restic#locate()} or {@code Restic.builder().binary(...)}.
 */
public final class ExampleSupport {

  /** What to print when no restic is found anywhere. */
  public static final String INSTALL_HELP =
      "Install restic: 'bash scripts/install-restic' (restic 0.14/0.18/0.19 into"
          + " ~/.cache/restic4j), or 'apt-get install restic', or set RESTIC_BINARY=/path/to/restic.";

  private ExampleSupport() {}

  /**
   * Finds restic the way the demo promises: {@code RESTIC_BINARY}, then {@code PATH}, then the
   * newest restic in the project's installer cache ({@code ~/.cache/restic4j}).
   *
   * @return the restic, or empty if none is installed anywhere
   */
  public static Optional<Restic> findRestic() {
    try {
      return Optional.of(Restic.locate());
    } catch (ResticBinaryException notOnPath) {
      return ResticInstallations.discover().restics().stream()
          .max(Comparator.comparing(ResticInstallation::version))
          .map(ResticInstallation::restic);
    }
  }

  /**
   * Like {@link #findRestic()}, but prints how to install restic and exits with status 2 when there
   * is none.
   *
   * @return the restic
   */
  public static Restic requireRestic() {
    Optional<Restic> restic = findRestic();
    if (restic.isEmpty()) {
      System.out.println("No restic binary found (RESTIC_BINARY, PATH, ~/.cache/restic4j).");
      System.out.println(INSTALL_HELP);
      System.exit(2);
    }
    return restic.get();
  }

  /**
   * Writes a small data folder: {@code docs/report-N.txt} text files and a 64 KiB {@code
   * photo.bin}.
   *
   * @param dir the folder to create
   * @param reports how many text files
   * @return {@code dir}
   * @throws IOException if writing fails
   */
  public static Path createData(Path dir, int reports) throws IOException {
    Files.createDirectories(dir.resolve("docs"));
    for (int i = 1; i <= reports; i++) {
      Files.writeString(
          dir.resolve("docs/report-" + i + ".txt"),
          ("quarterly report " + i + "\n").repeat(200),
          StandardCharsets.UTF_8);
    }
    Files.write(dir.resolve("photo.bin"), new byte[64 * 1024]);
    return dir;
  }

  /**
   * Compares every regular file under {@code original} with its copy restored under {@code
   * restoreRoot}. restic restores the absolute path below the target; restic-testkit's fake restic
   * restores below the backed-up folder's name, so both layouts are accepted.
   *
   * @param original the backed-up folder
   * @param restoreRoot the restore target
   * @return the number of identical files
   * @throws IOException if reading fails
   * @throws IllegalStateException if a file differs or is missing
   */
  public static int verifyRestore(Path original, Path restoreRoot) throws IOException {
    Path copy = restoreRoot.resolve(original.getRoot().relativize(original).toString());
    if (!Files.isDirectory(copy)) {
      copy = restoreRoot.resolve(original.getFileName().toString());
    }
    int checked = 0;
    try (Stream<Path> files = Files.walk(original)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path restored = copy.resolve(original.relativize(f).toString());
        if (!Files.exists(restored) || Files.mismatch(f, restored) != -1) {
          throw new IllegalStateException("restored file differs: " + f);
        }
        checked++;
      }
    }
    return checked;
  }

  /**
   * Tells whether standard output is an interactive terminal (so a progress bar may redraw itself).
   * {@code System.console()} is null when output is redirected on Java 17 to 21; on 22+ {@code
   * Console.isTerminal()} says it.
   *
   * @return true for a terminal
   */
  public static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException olderJava) {
      return true;
    }
  }

  /**
   * The first 8 characters of a restic id, as restic prints them.
   *
   * @param id a full or short id
   * @return the short id
   */
  public static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }

  /**
   * Deletes a folder tree (best effort for read-only files restic may leave in its cache).
   *
   * @param root the folder; nothing happens if it does not exist
   * @throws IOException if deleting fails
   */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }
}
