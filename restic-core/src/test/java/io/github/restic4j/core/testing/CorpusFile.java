package io.github.restic4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One captured real restic run from shared/restic/corpus: version, command, exit code, stdout and
 * stderr exactly as restic printed them. Tests parse these instead of hand-written output.
 */
public record CorpusFile(
    String name, String version, String command, int exitCode, String stdout, String stderr) {

  private static final Pattern EXIT = Pattern.compile("^# exit code: (-?\\d+)", Pattern.MULTILINE);
  private static final Pattern VERSION = Pattern.compile("^# restic (\\S+)", Pattern.MULTILINE);
  private static final Pattern COMMAND = Pattern.compile("^# command: (.*)$", Pattern.MULTILINE);

  /**
   * The corpus folder: system property {@code restic4j.corpus}, else {@code
   * ../shared/restic/corpus} next to the checkout.
   */
  public static Path directory() {
    String prop = System.getProperty("restic4j.corpus");
    if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolveSibling("shared").resolve("restic/corpus");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "restic corpus not found: set -Drestic4j.corpus or put shared/ beside the checkout");
  }

  /** Loads a corpus file by name, with or without the {@code .txt} suffix. */
  public static CorpusFile load(String name) {
    String file = name.endsWith(".txt") ? name : name + ".txt";
    return parse(directory().resolve(file));
  }

  /** Every corpus file in the standard format (with STDOUT/STDERR sections). */
  public static List<CorpusFile> all() {
    try (Stream<Path> files = Files.list(directory())) {
      List<CorpusFile> out = new ArrayList<>();
      for (Path p : files.sorted().toList()) {
        String text = Files.readString(p, StandardCharsets.UTF_8);
        if (text.contains("\n----- STDOUT -----\n") && EXIT.matcher(text).find()) {
          out.add(parse(p));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a corpus file. */
  public static CorpusFile parse(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher exit = EXIT.matcher(text);
    Matcher version = VERSION.matcher(text);
    Matcher command = COMMAND.matcher(text);
    int out = text.indexOf("----- STDOUT -----\n");
    int err = text.indexOf("----- STDERR -----\n");
    int end = text.lastIndexOf("----- END -----");
    if (!exit.find() || out < 0 || err < 0) {
      throw new IllegalArgumentException("not a standard corpus file: " + path);
    }
    String stdout = text.substring(out + "----- STDOUT -----\n".length(), err);
    String stderr =
        text.substring(err + "----- STDERR -----\n".length(), end < 0 ? text.length() : end);
    return new CorpusFile(
        path.getFileName().toString().replace(".txt", ""),
        version.find() ? version.group(1) : "",
        command.find() ? command.group(1) : "",
        Integer.parseInt(exit.group(1)),
        stdout,
        stderr);
  }

  /** stdout split into lines (without terminators). */
  public List<String> stdoutLines() {
    return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n", -1)).subList(0, count(stdout));
  }

  /**
   * The first stdout line that contains a text.
   *
   * @param text what the line contains
   * @return the line
   * @throws java.util.NoSuchElementException if no line does
   */
  public String stdoutLine(String text) {
    return stdoutLines().stream().filter(l -> l.contains(text)).findFirst().orElseThrow();
  }

  /** stderr split into lines (without terminators). */
  public List<String> stderrLines() {
    return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n", -1)).subList(0, count(stderr));
  }

  private static int count(String s) {
    String[] parts = s.split("\n", -1);
    return s.endsWith("\n") ? parts.length - 1 : parts.length;
  }
}
