package io.github.restic4j.benchmarks;

import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The benchmark harness: runs every measurement, prints a Markdown table and writes it to {@code
 * results/latest.md} ({@code target/smoke.md} with {@code --smoke}). See benchmarks/README.md.
 */
public final class BenchMain {

  private BenchMain() {}

  /**
   * Runs the benchmarks.
   *
   * @param args {@code --smoke}, {@code --pairs=N}, {@code --ls-entries=N}, {@code --ls-pairs=N},
   *     {@code --lock-pairs=N}, {@code --calls=N}, {@code --orch-seconds=N}, {@code
   *     --orch-plans=N}, {@code --orch-repos=N}, {@code --orch-fakes=N}, {@code --orch-tick-ms=N},
   *     {@code --orch-prestart=N}, {@code --only=1,3}, {@code --out=FILE}
   * @throws Exception if the harness itself cannot run
   */
  public static void main(String[] args) throws Exception {
    Ctx ctx = new Ctx();
    Set<String> only = new TreeSet<>();
    Path out = null;
    for (String a : args) {
      if (a.equals("--smoke")) {
        ctx.applySmoke();
      }
    }
    for (String a : args) {
      if (a.isBlank() || a.equals("--smoke")) {
        continue;
      } else if (a.startsWith("--pairs=")) {
        ctx.pairs = Integer.parseInt(value(a));
      } else if (a.startsWith("--ls-entries=")) {
        ctx.lsEntries = Integer.parseInt(value(a));
      } else if (a.startsWith("--ls-pairs=")) {
        ctx.lsPairs = Integer.parseInt(value(a));
      } else if (a.startsWith("--lock-pairs=")) {
        ctx.lockPairs = Integer.parseInt(value(a));
      } else if (a.startsWith("--calls=")) {
        ctx.calls = Integer.parseInt(value(a));
      } else if (a.startsWith("--orch-seconds=")) {
        ctx.orchSeconds = Integer.parseInt(value(a));
      } else if (a.startsWith("--orch-plans=")) {
        ctx.orchPlans = Integer.parseInt(value(a));
      } else if (a.startsWith("--orch-repos=")) {
        ctx.orchRepos = Integer.parseInt(value(a));
      } else if (a.startsWith("--orch-fakes=")) {
        ctx.orchFakes = Integer.parseInt(value(a));
      } else if (a.startsWith("--orch-prestart=")) {
        ctx.orchPrestart = Integer.parseInt(value(a));
      } else if (a.startsWith("--orch-tick-ms=")) {
        ctx.orchTickMs = Integer.parseInt(value(a));
      } else if (a.startsWith("--only=")) {
        only.addAll(List.of(value(a).split(",")));
      } else if (a.startsWith("--out=")) {
        out = Path.of(value(a));
      } else {
        System.err.println("unknown argument: " + a + " (see benchmarks/README.md)");
        System.exit(2);
      }
    }
    if (out == null) {
      out = ctx.smoke ? Path.of("target", "smoke.md") : Path.of("results", "latest.md");
    }
    ResticInstallations installed = ResticInstallations.get();
    ctx.installation = installed.requireRestic("0.18");
    String cacheEnv = System.getenv("RESTIC4J_BENCH_CACHE");
    ctx.cacheRoot =
        cacheEnv != null && !cacheEnv.isBlank()
            ? Path.of(cacheEnv)
            : Path.of(System.getProperty("user.home"), ".cache", "restic4j", "bench");
    ctx.work = Files.createTempDirectory("restic4j-bench");
    long t0 = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    try {
      section(ctx, only, "1", rows, () -> HappyPath.run(ctx));
      section(ctx, only, "2", rows, () -> StreamingLs.run(ctx));
      section(ctx, only, "3", rows, () -> ProgressParsing.run(ctx));
      section(ctx, only, "4", rows, () -> StaleLock.run(ctx));
      section(ctx, only, "5", rows, () -> FakeLatency.run(ctx));
      section(ctx, only, "6", rows, () -> OrchestratorScale.run(ctx));
    } finally {
      deleteTree(ctx.work);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    String md = markdown(ctx, installed, rows, took, args);
    System.out.println(md);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.err.println("[bench] written to " + out.toAbsolutePath());
  }

  private interface Section {
    List<Row> run() throws Exception;
  }

  private static void section(Ctx ctx, Set<String> only, String n, List<Row> rows, Section s) {
    if (!only.isEmpty() && !only.contains(n)) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      rows.addAll(s.run());
    } catch (Throwable e) {
      e.printStackTrace();
      rows.add(new Row(n, "failed to run", "–", "–", "–", "–", "error: " + e));
    }
    Ctx.say(String.format("section %s took %.1f s", n, (System.nanoTime() - t0) / 1e9));
  }

  private static String value(String arg) {
    return arg.substring(arg.indexOf('=') + 1);
  }

  private static String markdown(
      Ctx ctx, ResticInstallations installed, List<Row> rows, Duration took, String[] args) {
    StringBuilder sb = new StringBuilder();
    sb.append("# restic4j benchmark results").append(ctx.smoke ? " (SMOKE RUN, not valid)" : "");
    sb.append("\n\n");
    sb.append("Generated by `benchmarks/run.sh")
        .append(args.length == 0 ? "" : " " + String.join(" ", args))
        .append("` (see benchmarks/README.md).\n\n");
    sb.append("## Machine\n\n");
    sb.append("| | |\n|---|---|\n");
    sb.append("| date | ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append(" |\n");
    for (String[] kv : Machine.describe()) {
      sb.append("| ").append(kv[0]).append(" | ").append(kv[1]).append(" |\n");
    }
    List<String> versions = new ArrayList<>();
    for (ResticInstallation i : installed.restics()) {
      versions.add(i.version().toString());
    }
    sb.append("| restic installed | ").append(String.join(", ", versions)).append(" |\n");
    sb.append("| restic measured | ").append(ctx.installation.version()).append(" |\n");
    sb.append(
        String.format(
            "| run took | %d min %d s (settings: pairs=%d, ls-entries=%d, ls-pairs=%d,"
                + " lock-pairs=%d, calls=%d, orch-seconds=%d, orch-plans=%d, orch-repos=%d,"
                + " orch-fakes=%d, orch-tick-ms=%d) |%n",
            took.toMinutes(),
            took.toSecondsPart(),
            ctx.pairs,
            ctx.lsEntries,
            ctx.lsPairs,
            ctx.lockPairs,
            ctx.calls,
            ctx.orchSeconds,
            ctx.orchPlans,
            ctx.orchRepos,
            ctx.orchFakes,
            ctx.orchTickMs));
    sb.append("\n## Results\n\n");
    sb.append(
        "Times are wall-clock medians (min–max, n = measured runs after discarded warm-up runs)."
            + " A/B pairs alternate AB, BA, AB... Ratio = restic4j median / baseline median.\n\n");
    sb.append("| # | measurement | restic4j | baseline | ratio | target | result |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append(r.markdown()).append('\n');
    }
    sb.append("\n## Notes\n\n");
    for (String n : ctx.notes) {
      sb.append("* ").append(n).append('\n');
    }
    return sb.toString();
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (Exception ignored) {
                  // best effort
                }
              });
    } catch (Exception ignored) {
      // best effort
    }
  }
}
