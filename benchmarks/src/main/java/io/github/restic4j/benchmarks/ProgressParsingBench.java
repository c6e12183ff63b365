package io.github.restic4j.benchmarks;

import io.github.restic4j.core.OutputLine;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.BackupEvent;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.internal.LineSplitter;
import io.github.restic4j.core.internal.Redactor;
import io.github.restic4j.core.internal.command.BackupCommand;
import io.github.restic4j.core.internal.command.LsCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Item 3 (JMH): one backup status line through restic4j's stdout path as {@link
 * io.github.restic4j.core.internal.Invocation} runs it: the pump writes the line's bytes into a
 * {@link LineSplitter}; the line is redacted and offered as an {@link OutputLine}; the real {@link
 * BackupCommand} spec parses the JSON and converts it to a {@code BackupStatus} event. Lines are
 * the real 0.18.0 status lines of the corpus ({@code -Drestic4j.corpus}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProgressParsingBench {

  private byte[][] statusLines;
  private byte[] lsChunk;
  private int lsLinesPerChunk;
  private int next;
  private LineSplitter fullPath;
  private LineSplitter splitterOnly;
  private LineSplitter lsSplitter;
  private LineSplitter lsNodes;
  private Blackhole hole;

  /**
   * Loads the corpus lines and builds the path once, as one restic run would.
   *
   * @param bh the blackhole events go to
   * @throws IOException if the corpus cannot be read
   */
  @Setup(Level.Trial)
  public void setUp(Blackhole bh) throws IOException {
    this.hole = bh;
    Path corpus = corpus();
    List<byte[]> lines = new ArrayList<>();
    for (String l : corpusLines(corpus, "0.18.0_", "backup", "\"message_type\":\"status\"")) {
      lines.add((l + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (lines.isEmpty()) {
      throw new IllegalStateException("no 0.18.0 backup status lines in " + corpus);
    }
    statusLines = lines.toArray(new byte[0][]);
    List<String> ls = corpusLines(corpus, "0.18.0_ls_json", "", "\"struct_type\":\"node\"");
    StringBuilder sb = new StringBuilder();
    int n = 0;
    while (sb.length() < 64 * 1024) {
      sb.append(ls.get(n % ls.size())).append('\n');
      n++;
    }
    lsChunk = sb.toString().getBytes(StandardCharsets.UTF_8);
    lsLinesPerChunk = n;

    Redactor redactor = new Redactor(List.of(Raw.PASSWORD));
    BackupCommand spec =
        new BackupCommand(BackupRequest.of(Path.of("/data")), ResticVersion.of(0, 18, 0));
    Consumer<BackupEvent> events = bh::consume;
    fullPath =
        new LineSplitter(
            line -> {
              String redacted = redactor.redact(line);
              bh.consume(new OutputLine(OutputLine.Stream.STDOUT, redacted));
              spec.onStdout(line, events);
            },
            LineSplitter.DEFAULT_MAX_LINE_BYTES);
    splitterOnly = new LineSplitter(bh::consume, LineSplitter.DEFAULT_MAX_LINE_BYTES);
    lsSplitter = new LineSplitter(bh::consume, LineSplitter.DEFAULT_MAX_LINE_BYTES);
    // the stream's path when nobody observes raw lines: bytes straight into LsNode
    LsCommand lsSpec = new LsCommand(LsRequest.latest().build());
    Consumer<LsNode> nodes = bh::consume;
    lsNodes =
        new LineSplitter(
            line -> lsSpec.onStdout(line, nodes),
            LineSplitter.DEFAULT_MAX_LINE_BYTES,
            null,
            (b, off, len) -> lsSpec.onStdoutBytes(b, off, len, nodes));
  }

  /** One status line: split, redact, parse, convert (the whole per-line cost). */
  @Benchmark
  public void statusLine() {
    byte[] b = statusLines[next++ % statusLines.length];
    fullPath.write(b, 0, b.length);
  }

  /** One status line through the splitter alone (its share of the whole). */
  @Benchmark
  public void statusLineSplitOnly() {
    byte[] b = statusLines[next++ % statusLines.length];
    splitterOnly.write(b, 0, b.length);
  }

  /** A 64 KiB chunk of {@code ls --json} node lines through the splitter (item 2's hot loop). */
  @Benchmark
  public void lsChunk64k() {
    lsSplitter.write(lsChunk, 0, lsChunk.length);
  }

  /** The same chunk split and read into {@code LsNode}s, as {@code repo.ls(...)} does (item 2). */
  @Benchmark
  public void lsChunk64kToNodes() {
    lsNodes.write(lsChunk, 0, lsChunk.length);
  }

  int lsLinesPerChunk() {
    return lsLinesPerChunk;
  }

  Blackhole hole() {
    return hole;
  }

  static Path corpus() {
    String p = System.getProperty("restic4j.corpus");
    if (p == null || p.isBlank()) {
      p = System.getenv("RESTIC4J_CORPUS");
    }
    return p == null || p.isBlank()
        ? Path.of("..", "..", "shared", "restic", "corpus").toAbsolutePath().normalize()
        : Path.of(p);
  }

  static List<String> corpusLines(Path corpus, String prefix, String contains, String marker)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.startsWith(prefix) || !name.contains(contains)) {
          continue;
        }
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (l.startsWith("{") && l.contains(marker)) {
            out.add(l);
          }
        }
      }
    }
    return out;
  }
}
