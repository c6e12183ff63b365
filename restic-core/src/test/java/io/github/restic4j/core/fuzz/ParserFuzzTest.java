package io.github.restic4j.core.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.DiffRequest;
import io.github.restic4j.core.command.FindRequest;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.InitRequest;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.command.RepairIndexRequest;
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.SnapshotsRequest;
import io.github.restic4j.core.command.TagRequest;
import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.error.LockConflict;
import io.github.restic4j.core.error.ResticBinaryException;
import io.github.restic4j.core.error.ResticCommandException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.GoDuration;
import io.github.restic4j.core.internal.Json;
import io.github.restic4j.core.internal.LineSplitter;
import io.github.restic4j.core.internal.LockMessages;
import io.github.restic4j.core.internal.Redactor;
import io.github.restic4j.core.internal.StderrReader;
import io.github.restic4j.core.internal.command.BackupCommand;
import io.github.restic4j.core.internal.command.CheckCommand;
import io.github.restic4j.core.internal.command.DiffCommand;
import io.github.restic4j.core.internal.command.FindCommand;
import io.github.restic4j.core.internal.command.ForgetCommand;
import io.github.restic4j.core.internal.command.InitCommand;
import io.github.restic4j.core.internal.command.LsCommand;
import io.github.restic4j.core.internal.command.PruneCommand;
import io.github.restic4j.core.internal.command.PruneReport;
import io.github.restic4j.core.internal.command.RepairIndexCommand;
import io.github.restic4j.core.internal.command.RestoreCommand;
import io.github.restic4j.core.internal.command.SnapshotsCommand;
import io.github.restic4j.core.internal.command.TagCommand;
import io.github.restic4j.core.testing.CorpusFile;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzes every parser restic's output goes through with mutated real captures (issue 9). For each
 * try: the outcome is a result or a typed {@link ResticException} (GoDuration: its documented
 * {@link IllegalArgumentException}), every batch of tries ends within its deadline ({@code
 * assertTimeoutPreemptively} in {@link Fuzz}, so a catastrophic regex or an endless loop fails
 * instead of hanging the build), and no line handed on is longer than {@link LineSplitter}'s cap.
 * Tries are seeded ({@code -Drestic4j.fuzz.seed}, {@code -Drestic4j.fuzz.tries}, {@code
 * -Drestic4j.fuzz.replay}); a failure names the seed and the shortened input.
 */
class ParserFuzzTest {

  private static final Instant NOW = Instant.parse("2026-11-24T19:40:00Z");
  private static final int CAP = LineSplitter.DEFAULT_MAX_LINE_BYTES;
  private static final int TRUNCATION_MARK = " [line truncated by restic4j]".length();
  private static final int STDERR_TAIL = 16 * 1024;
  private static final ResticVersion V14 = ResticVersion.parse("0.14.0");
  private static final ResticVersion V17 = ResticVersion.parse("0.17.3");
  private static final ResticVersion V18 = ResticVersion.parse("0.18.0");
  private static final ResticVersion V19 = ResticVersion.parse("0.19.0");

  // ---- lock-message parser -------------------------------------------------------------------

  private static final Mutations.Source LOCK_STDERR =
      Mutations.stderr("lock", "kill9", "live", "nolock", "otherhost", "corrupt", "empty")
          .withHugeLines(8);

  @TestFactory
  Stream<DynamicTest> lockMessagesGiveAConflictOrNothing() {
    return Fuzz.property(
        "lockMessagesGiveAConflictOrNothing",
        300,
        LOCK_STDERR::draw,
        in -> {
          String text = in.text();
          check(in, () -> LockMessages.parseConflict(text, NOW).map(c -> sane(in, c)));
          check(in, () -> LockMessages.isAlreadyLocked(text));
          check(in, () -> LockMessages.invalidLockCause(text));
          check(in, () -> LockMessages.isRefreshFailure(text));
          check(in, () -> LockMessages.isCircuitBreaker(text));
          // what Invocation really matches: lines after LineSplitter's cap
          for (String line : lines(in.bytes())) {
            check(in, () -> LockMessages.parseConflict(line, NOW));
          }
        });
  }

  private static LockConflict sane(Mutations.Input in, LockConflict c) {
    assertThat(c.pid()).as("%s", in).isNotNegative();
    assertThat(c.hostname()).as("%s", in).doesNotContain("\n");
    return c;
  }

  // ---- ErrorClassifier through the StderrReader path ------------------------------------------

  private static final Mutations.Source ANY_STDERR = Mutations.stderr();
  private static final Mutations.Source ANY_STDERR_HUGE = ANY_STDERR.withHugeLines(8);
  private static final Mutations.Source ANY_STDOUT = Mutations.stdout();
  private static final int[] EXIT_CODES = {0, 1, 2, 3, 10, 11, 12, 130, 137, 143, -1, 255};

  private static int exitCode(Random r) {
    return EXIT_CODES[r.nextInt(EXIT_CODES.length)];
  }

  record StderrCase(Mutations.Input in, int exit, boolean asExitError) {}

  @TestFactory
  Stream<DynamicTest> failuresAreAlwaysClassified() {
    return Fuzz.property(
        "failuresAreAlwaysClassified",
        400,
        r -> new StderrCase(ANY_STDERR_HUGE.draw(r), exitCode(r), r.nextBoolean()),
        c -> {
          Mutations.Input in = c.in();
          int exit = c.exit();
          boolean asExitError = c.asExitError();
          byte[] stderr = asExitError ? exitErrorLine(in.text()) : in.bytes();
          StderrReader reader =
              new StderrReader(new Redactor(List.of("hunter2secret")), STDERR_TAIL);
          LineSplitter split = new LineSplitter(reader::accept, CAP);
          split.write(stderr, 0, stderr.length);
          split.close();
          assertThat(split.firstConsumerError()).as("StderrReader threw on %s", in).isNull();
          assertThat(reader.tailText().length())
              .as("stderr tail stays bounded for %s", in)
              .isLessThanOrEqualTo(STDERR_TAIL + CAP + TRUNCATION_MARK + 1);
          CommandFailure failure = reader.failure(List.of("restic", "x"), exit, "0.18.0");
          ResticCommandException e =
              (ResticCommandException) check(in, () -> reader.classify(failure, NOW));
          assertThat(e).as("%s", in).isNotNull();
          assertThat(e.getMessage()).as("%s", in).isNotBlank();
        });
  }

  private static byte[] exitErrorLine(String message) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("message_type", "exit_error");
    n.put("code", 1);
    n.put("message", message);
    return (n.toString() + "\n").getBytes(UTF_8);
  }

  // ---- JSON-lines command specs and text fallbacks, through onStdout/onStderrJson/finish -------

  enum Target {
    BACKUP_14,
    BACKUP_18,
    SNAPSHOTS,
    RESTORE_14,
    RESTORE_18,
    FORGET_14,
    FORGET_PRUNE_19,
    CHECK_TEXT_14,
    CHECK_JSON_18,
    LS,
    DIFF,
    FIND,
    PRUNE_TEXT,
    INIT_TEXT_14,
    INIT_JSON_18,
    TAG_TEXT_14,
    REPAIR_INDEX_14,
    REPAIR_INDEX_18
  }

  record SpecCase(Target target, Mutations.Input out, Mutations.Input err, int exit) {}

  @TestFactory
  Stream<DynamicTest> commandSpecsGiveAResultOrATypedError() {
    Target[] targets = Target.values();
    return Fuzz.property(
        "commandSpecsGiveAResultOrATypedError",
        1000,
        r ->
            new SpecCase(
                targets[r.nextInt(targets.length)],
                ANY_STDOUT.draw(r),
                ANY_STDERR.draw(r),
                exitCode(r)),
        c -> check(c, () -> run(spec(c.target()), c.out().bytes(), c.err().bytes(), c.exit())));
  }

  private static CommandSpec<?, ?> spec(Target t) {
    return switch (t) {
      case BACKUP_14 -> new BackupCommand(BackupRequest.of(Path.of("x")), V14);
      case BACKUP_18 -> new BackupCommand(BackupRequest.of(Path.of("x")), V18);
      case SNAPSHOTS -> new SnapshotsCommand(SnapshotsRequest.builder().build());
      case RESTORE_14 ->
          new RestoreCommand(RestoreRequest.builder("latest", Path.of("t")).build(), V14);
      case RESTORE_18 ->
          new RestoreCommand(RestoreRequest.builder("latest", Path.of("t")).build(), V18);
      case FORGET_14 -> new ForgetCommand(ForgetRequest.builder().keepLast(1).build(), V14);
      case FORGET_PRUNE_19 ->
          new ForgetCommand(ForgetRequest.builder().keepLast(1).prune().build(), V19);
      case CHECK_TEXT_14 -> new CheckCommand(CheckRequest.builder().build(), V14);
      case CHECK_JSON_18 -> new CheckCommand(CheckRequest.builder().build(), V18);
      case LS -> new LsCommand(LsRequest.latest().build());
      case DIFF -> new DiffCommand(DiffRequest.builder("a", "b").build());
      case FIND -> new FindCommand(FindRequest.builder("*").build());
      case PRUNE_TEXT -> new PruneCommand(PruneRequest.builder().build(), V17);
      case INIT_TEXT_14 -> new InitCommand(InitRequest.builder().build(), V14);
      case INIT_JSON_18 -> new InitCommand(InitRequest.builder().build(), V18);
      case TAG_TEXT_14 -> new TagCommand(TagRequest.builder().add("t").build());
      case REPAIR_INDEX_14 -> new RepairIndexCommand(RepairIndexRequest.builder().build(), V14);
      case REPAIR_INDEX_18 -> new RepairIndexCommand(RepairIndexRequest.builder().build(), V18);
    };
  }

  /**
   * Runs a spec the way {@code Invocation} does: stdout through LineSplitter (or the spec's raw
   * sink), stderr through StderrReader, then {@code finish} on a success exit code, else the
   * classifier. Exceptions from the spec are rethrown so that their type is checked.
   */
  private static <R, E> Object run(CommandSpec<R, E> spec, byte[] out, byte[] err, int exit) {
    AtomicLong events = new AtomicLong();
    List<String> seen = new ArrayList<>();
    try {
      OutputStream stdout =
          spec.rawStdout() != null
              ? spec.rawStdout()
              : new LineSplitter(
                  line -> {
                    bounded(line);
                    spec.onStdout(line, e -> events.incrementAndGet());
                  },
                  CAP,
                  null,
                  (b, off, len) -> spec.onStdoutBytes(b, off, len, e -> events.incrementAndGet()));
      stdout.write(out, 0, out.length);
      stdout.close();
      if (stdout instanceof LineSplitter s && s.firstConsumerError() != null) {
        throw s.firstConsumerError();
      }
      StderrReader reader = new StderrReader(new Redactor(List.of()), STDERR_TAIL);
      LineSplitter stderr =
          new LineSplitter(
              raw -> {
                bounded(raw);
                StderrReader.Line line = reader.accept(raw);
                seen.add(line.text());
                if (line.json() != null) {
                  spec.onStderrJson(line.json(), e -> events.incrementAndGet());
                }
              },
              CAP);
      stderr.write(err, 0, err.length);
      stderr.close();
      if (stderr.firstConsumerError() != null) {
        throw stderr.firstConsumerError();
      }
      CommandFailure failure = reader.failure(spec.arguments(), exit, "0.18.0");
      if (spec.isSuccess(exit)) {
        return spec.finish(new CommandSpec.Completion(exit, reader.lines(), failure));
      }
      return reader.classify(failure, NOW);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    } finally {
      if (spec instanceof FindCommand f) {
        f.discard();
      }
    }
  }

  // ---- version parser --------------------------------------------------------------------------

  private static final Mutations.Source VERSION_OUTPUT = Mutations.stdout("version");

  @TestFactory
  Stream<DynamicTest> versionOutputGivesAVersionOrABinaryError() {
    return Fuzz.property(
        "versionOutputGivesAVersionOrABinaryError",
        500,
        VERSION_OUTPUT::draw,
        in -> {
          try {
            ResticVersion v = ResticVersion.fromVersionOutput(in.text());
            assertThat(v.raw()).as("%s", in).isNotNull();
          } catch (ResticBinaryException e) {
            assertThat(e.getMessage().length()).as("%s", in).isLessThan(1000);
          } catch (RuntimeException e) {
            throw new AssertionError("untyped " + e + " from " + in, e);
          }
        });
  }

  // ---- Go durations ----------------------------------------------------------------------------

  private static final Pattern AGO = Pattern.compile("\\(([^)]{1,64}) ago\\)");

  private static final Mutations.Source DURATIONS = durations();

  @TestFactory
  Stream<DynamicTest> goDurationsParseOrAreRejectedAsDocumented() {
    return Fuzz.property(
        "goDurationsParseOrAreRejectedAsDocumented",
        1000,
        DURATIONS::draw,
        in -> {
          try {
            Duration d = GoDuration.parse(in.text());
            assertThat(d).as("%s", in).isNotNull();
          } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("%s", in).isNotBlank();
          } catch (RuntimeException e) {
            throw new AssertionError("untyped " + e + " from " + in, e);
          }
        });
  }

  private static Mutations.Source durations() {
    List<String> samples =
        new ArrayList<>(
            List.of(
                "1h2m3.5s",
                "512µs",
                "512μs",
                "-3s",
                "+0",
                "0",
                ".5s",
                "1.s",
                "2562047h47m16.854775807s",
                "9223372036854775807ns",
                "1m4.748258159s",
                "10ms"));
    for (CorpusFile f : Mutations.corpus()) {
      Matcher m = AGO.matcher(f.stderr());
      while (m.find()) {
        samples.add(m.group(1));
      }
    }
    return Mutations.small(samples);
  }

  // ---- ls node lines read straight from bytes
  // ----------------------------------------------------------

  private static final Mutations.Source LS_NODE_LINES =
      Mutations.small(
          Mutations.corpus().stream()
              .filter(f -> f.name().contains("_ls_json"))
              .flatMap(f -> f.stdoutLines().stream())
              .filter(l -> l.contains("\"struct_type\":\"node\""))
              .toList());

  /**
   * Differential: whatever node {@code LsCommand} reads from a line's bytes (its fast path) equals
   * what Jackson data binding makes of the same line; every other line is left to the general path.
   */
  @TestFactory
  Stream<DynamicTest> lsNodeBytesReadLikeDataBinding() {
    return Fuzz.property(
        "lsNodeBytesReadLikeDataBinding",
        2000,
        LS_NODE_LINES::draw,
        in -> {
          LsCommand spec = new LsCommand(LsRequest.latest().build());
          List<LsNode> read = new ArrayList<>();
          LineSplitter s =
              new LineSplitter(
                  line -> {},
                  CAP,
                  null,
                  (b, off, len) -> {
                    read.clear();
                    if (spec.onStdoutBytes(b, off, len, read::add)) {
                      String line = new String(b, off, len, UTF_8);
                      JsonNode tree = Json.tryParse(line).orElse(null);
                      assertThat(tree)
                          .as("%s: read a node from invalid JSON %s", in, line)
                          .isNotNull();
                      assertThat(tree.isObject() && "node".equals(Json.messageType(tree)))
                          .as("%s: read a node from a line that is none: %s", in, line)
                          .isTrue();
                      assertThat(read).as("%s", in).containsExactly(LsCommand.parseNode(tree));
                    }
                    return true;
                  });
          s.write(in.bytes(), 0, in.bytes().length);
          s.close();
          if (s.firstConsumerError() != null) {
            throw new AssertionError(in.toString(), s.firstConsumerError());
          }
        });
  }

  // ---- text fallbacks: prune report
  // --------------------------------------------------------------

  private static final Mutations.Source PRUNE_TEXT = Mutations.stdout("prune", "forget");

  @TestFactory
  Stream<DynamicTest> pruneReportReadsAnyText() {
    return Fuzz.property(
        "pruneReportReadsAnyText",
        500,
        PRUNE_TEXT::draw,
        in -> {
          PruneReport report = new PruneReport();
          for (String line : lines(in.bytes())) {
            check(
                in,
                () -> {
                  report.accept(line);
                  return report;
                });
          }
          assertThat(report.summary()).as("%s", in).isNotNull();
        });
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private static List<String> lines(byte[] bytes) {
    List<String> out = new ArrayList<>();
    LineSplitter s = new LineSplitter(out::add, CAP);
    s.write(bytes, 0, bytes.length);
    s.close();
    out.forEach(ParserFuzzTest::bounded);
    return out;
  }

  /** No line handed to a parser is longer than the cap (plus the truncation mark). */
  private static void bounded(String line) {
    if (line.length() > CAP + TRUNCATION_MARK) {
      throw new AssertionError("line of " + line.length() + " chars passed the cap");
    }
  }

  /** The outcome is a value or a typed ResticException; anything else fails with the input. */
  private static Object check(Object in, Supplier<?> parse) {
    try {
      return parse.get();
    } catch (ResticException e) {
      assertThat(e.getMessage()).as("message of %s for %s", e.getClass(), in).isNotNull();
      return e;
    } catch (AssertionError e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      throw new AssertionError("untyped " + e + " from " + in, e);
    }
  }
}
