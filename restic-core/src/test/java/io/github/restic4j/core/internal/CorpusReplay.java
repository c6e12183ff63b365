package io.github.restic4j.core.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.error.ResticCommandException;
import io.github.restic4j.core.testing.CorpusFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replays a captured restic run through the same code path {@link Invocation} uses: bytes through
 * {@link LineSplitter}, stderr lines through {@link StderrReader}, failures through {@link
 * ErrorClassifier}, stdout/stderr JSON into a {@link CommandSpec}.
 */
public final class CorpusReplay {

  /** A fixed "now" for classification. */
  public static final Instant OBSERVED = Instant.parse("2026-11-24T19:40:00Z");

  private CorpusReplay() {}

  /**
   * Reads stderr the way an invocation does.
   *
   * @param stderr the raw stderr text
   * @return the reader after all lines
   */
  public static StderrReader readStderr(String stderr) {
    return readStderr(stderr, line -> {});
  }

  /**
   * Reads stderr the way an invocation does, handing every line to a listener.
   *
   * @param stderr the raw stderr text
   * @param listener receives each cleaned line
   * @return the reader after all lines
   */
  public static StderrReader readStderr(String stderr, Consumer<StderrReader.Line> listener) {
    StderrReader reader = new StderrReader(new Redactor(List.of()), 16 * 1024);
    feed(stderr, raw -> listener.accept(reader.accept(raw)));
    return reader;
  }

  /**
   * Splits text into lines with the production splitter.
   *
   * @param text raw output
   * @param consumer receives each line
   */
  public static void feed(String text, Consumer<String> consumer) {
    LineSplitter splitter = new LineSplitter(consumer, LineSplitter.DEFAULT_MAX_LINE_BYTES);
    byte[] bytes = text.getBytes(UTF_8);
    splitter.write(bytes, 0, bytes.length);
    splitter.close();
    if (splitter.firstConsumerError() != null) {
      throw new AssertionError("consumer failed", splitter.firstConsumerError());
    }
  }

  /**
   * Classifies a failed run exactly as {@link Invocation} does.
   *
   * @param version restic version
   * @param exitCode exit code
   * @param stderr raw stderr
   * @return the exception
   */
  public static ResticCommandException classify(String version, int exitCode, String stderr) {
    StderrReader reader = readStderr(stderr);
    CommandFailure failure = reader.failure(List.of("test"), exitCode, version);
    return reader.classify(failure, OBSERVED);
  }

  /**
   * Classifies a corpus file.
   *
   * @param f the file
   * @return the exception
   */
  public static ResticCommandException classify(CorpusFile f) {
    return classify(f.version(), f.exitCode(), f.stderr());
  }

  /**
   * Runs a command spec over a corpus file's output and finishes it.
   *
   * @param spec the spec
   * @param f the capture
   * @param events receives events
   * @param <R> result type
   * @param <E> event type
   * @return the result
   */
  public static <R, E> R run(CommandSpec<R, E> spec, CorpusFile f, Consumer<E> events) {
    // like an invocation whose caller does not observe raw output: bytes first, then strings
    LineSplitter stdout =
        new LineSplitter(
            line -> spec.onStdout(line, events),
            LineSplitter.DEFAULT_MAX_LINE_BYTES,
            null,
            (b, off, len) -> spec.onStdoutBytes(b, off, len, events));
    byte[] out = f.stdout().getBytes(UTF_8);
    stdout.write(out, 0, out.length);
    stdout.close();
    if (stdout.firstConsumerError() != null) {
      throw new AssertionError("spec failed", stdout.firstConsumerError());
    }
    StderrReader reader =
        readStderr(
            f.stderr(),
            line -> {
              if (line.json() != null) {
                spec.onStderrJson(line.json(), events);
              }
            });
    CommandFailure failure = reader.failure(List.of("test"), f.exitCode(), f.version());
    if (!spec.isSuccess(f.exitCode())) {
      throw new AssertionError(f.name() + ": exit " + f.exitCode() + " is not a success");
    }
    return spec.finish(new CommandSpec.Completion(f.exitCode(), reader.lines(), failure));
  }

  /**
   * A corpus file in one of the experiment formats that {@link CorpusFile#all()} skips (signal and
   * refresh-failure experiments): exit code from a header line, stderr from the STDERR section.
   *
   * @param name file name
   * @param version restic version
   * @param exitCode exit code of the experiment's restic process
   * @param stderr its stderr
   */
  public record Experiment(String name, String version, int exitCode, String stderr) {}

  private static final Pattern EXIT =
      Pattern.compile(
          "(?m)^# (?:exit code[^:\\n]*|after SIGKILL): (?:wait status )?(\\d+)(?:\\s|$)");
  private static final Pattern VERSION = Pattern.compile("(?m)^# restic (\\d+\\.\\d+\\.\\d+)");

  /**
   * Loads the experiment files whose name matches.
   *
   * @param namePattern regex on the file name without {@code .txt}
   * @return the experiments with a known exit code
   */
  public static List<Experiment> experiments(String namePattern) {
    Pattern p = Pattern.compile(namePattern);
    List<Experiment> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(CorpusFile.directory())) {
      for (Path path : files.sorted().toList()) {
        String name = path.getFileName().toString().replace(".txt", "");
        if (!p.matcher(name).find()) {
          continue;
        }
        String text = Files.readString(path, UTF_8);
        Matcher exit = EXIT.matcher(text);
        Matcher version = VERSION.matcher(text);
        int err = text.indexOf("\n----- STDERR");
        int end = text.indexOf("----- END -----", Math.max(err, 0));
        if (!exit.find() || !version.find() || err < 0 || end < 0) {
          continue;
        }
        int bodyStart = text.indexOf('\n', err + 1) + 1;
        out.add(
            new Experiment(
                name,
                version.group(1),
                Integer.parseInt(exit.group(1)),
                text.substring(bodyStart, end)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
