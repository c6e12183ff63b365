package io.github.restic4j.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Item 3: runs {@link ProgressParsingBench} with JMH and turns ns/line into CPU at 60 lines/s. */
final class ProgressParsing {
  private ProgressParsing() {}

  /** restic's fastest status rate: RESTIC_PROGRESS_FPS is capped at 60. */
  static final double MAX_LINES_PER_SECOND = 60;

  static List<Row> run(Ctx ctx) throws Exception {
    Ctx.say("3. progress parsing (JMH)");
    String corpus = ProgressParsingBench.corpus().toString();
    int lsLines =
        countLsLines(
            ProgressParsingBench.corpusLines(
                ProgressParsingBench.corpus(), "0.18.0_ls_json", "", "\"struct_type\":\"node\""));
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .include(ProgressParsingBench.class.getName() + "\\.")
            .jvmArgsAppend("-Drestic4j.corpus=" + corpus, "-Xmx256m")
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true);
    if (ctx.smoke) {
      o.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(300));
      o.measurementIterations(2).measurementTime(TimeValue.milliseconds(300));
    } else {
      o.forks(1).warmupIterations(4).warmupTime(TimeValue.seconds(1));
      o.measurementIterations(5).measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(o.build()).run();
    double full = Double.NaN;
    double split = Double.NaN;
    double ls = Double.NaN;
    double lsNodes = Double.NaN;
    double lsNodesAlloc = Double.NaN;
    String fullErr = "";
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      double score = r.getPrimaryResult().getScore();
      if (name.endsWith(".statusLine")) {
        full = score;
        fullErr = String.format(Locale.ROOT, " ± %.0f", r.getPrimaryResult().getScoreError());
      } else if (name.endsWith(".statusLineSplitOnly")) {
        split = score;
      } else if (name.endsWith(".lsChunk64k")) {
        ls = score;
      } else if (name.endsWith(".lsChunk64kToNodes")) {
        lsNodes = score;
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        lsNodesAlloc = alloc == null ? Double.NaN : alloc.getScore();
      }
    }
    double cpu = MAX_LINES_PER_SECOND * full / 1e9 * 100;
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "3",
            "backup status line: LineSplitter + redact + JSON parse + BackupStatus (real"
                + " BackupCommand, 0.18.0 corpus lines), JMH avg",
            String.format(
                Locale.ROOT, "%.0f%s ns/line (splitter alone %.0f ns)", full, fullErr, split),
            "–",
            String.format(Locale.ROOT, "%.4f %% of one core at 60 lines/s", cpu),
            "< 1 % of one core",
            Row.verdict(cpu < 1.0)));
    double perLine = ls / lsLines;
    rows.add(
        new Row(
            "3",
            "LineSplitter on `ls --json` node lines (64 KiB chunks), JMH avg",
            String.format(
                Locale.ROOT, "%.0f ns/line, %.0f MB/s", perLine, 64 * 1024 / (ls / 1e9) / 1e6),
            "–",
            "–",
            "info (feeds item 2)",
            "info"));
    rows.add(
        new Row(
            "3",
            "`ls --json` node lines split and read into `LsNode` (LsCommand's byte path, as"
                + " `repo.ls` runs it; 64 KiB chunks), JMH avg",
            String.format(
                Locale.ROOT,
                "%.0f ns/line, %.0f B allocated/line",
                lsNodes / lsLines,
                lsNodesAlloc / lsLines),
            "–",
            "–",
            "info (feeds item 2)",
            "info"));
    return rows;
  }

  private static int countLsLines(List<String> nodes) {
    int total = 0;
    int n = 0;
    while (total < 64 * 1024) {
      total += nodes.get(n % nodes.size()).length() + 1;
      n++;
    }
    return n;
  }
}
