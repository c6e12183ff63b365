package io.github.restic4j.benchmarks;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.orchestration.BackupPlan;
import io.github.restic4j.orchestration.JobKind;
import io.github.restic4j.orchestration.Orchestrator;
import io.github.restic4j.orchestration.RunEvent;
import io.github.restic4j.orchestration.Schedule;
import io.github.restic4j.orchestration.SkipReason;
import io.github.restic4j.testkit.FakeRestic;
import io.github.restic4j.testkit.ResticPersona;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Item 6: many plans on many fake repositories on one {@link Orchestrator} with its own threads,
 * scheduled by its own ticker for a fixed wall time. Counts finished jobs, skips and failures by
 * reason, live threads (JVM-wide and the orchestrator's own), the start delay after the due time,
 * and overlapping runs of a plan as seen in the run events.
 */
final class OrchestratorScale {
  private OrchestratorScale() {}

  /** Per-plan bookkeeping of the run events; guarded by its own monitor. */
  private static final class PlanTrack {
    final Duration interval;
    String activeRun;
    int starts;

    PlanTrack(Duration interval) {
      this.interval = interval;
    }
  }

  private static final class Tally {
    final AtomicLong started = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong succeededInWindow = new AtomicLong();
    final AtomicLong succeededAfter = new AtomicLong();
    final AtomicLong overlaps = new AtomicLong();
    final AtomicLong endWithoutStart = new AtomicLong();
    final Map<String, AtomicLong> failed = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
    final List<String> overlapExamples = Collections.synchronizedList(new ArrayList<>());
    final List<Long> startDelayNanos = Collections.synchronizedList(new ArrayList<>());
    volatile Instant windowEnd = Instant.MAX;

    static void bump(Map<String, AtomicLong> m, String k) {
      m.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet();
    }
  }

  static List<Row> run(Ctx ctx) throws Exception {
    List<Row> rows = new ArrayList<>();
    rows.add(measure(ctx, 0));
    if (ctx.orchPrestart > 0) {
      rows.add(measure(ctx, ctx.orchPrestart));
    }
    return rows;
  }

  /**
   * One run.
   *
   * @param prestart 0: the orchestrator's own executors (the default); otherwise a supplied {@code
   *     ScheduledThreadPoolExecutor} with this many threads started up front, as a diagnostic of
   *     what thread creation on the ticker costs
   */
  private static Row measure(Ctx ctx, int prestart) throws Exception {
    anchor = null;
    runThreadsCreated = 0;
    String variant =
        prestart == 0
            ? "default executors"
            : "diagnostic: supplied executor, " + prestart + " threads prestarted";
    int repos = ctx.orchRepos;
    int perRepo = Math.max(1, ctx.orchPlans / repos);
    int plansTotal = repos * perRepo;
    int fakes = Math.max(1, Math.min(ctx.orchFakes, repos));
    Ctx.say(
        String.format(
            Locale.ROOT,
            "6. orchestrator scale (%s): %d plans on %d repositories (%d fake servers), %d s",
            variant,
            plansTotal,
            repos,
            fakes,
            ctx.orchSeconds));
    Path data = ctx.dir("orch-data-" + prestart);
    for (int i = 0; i < 3; i++) {
      Files.writeString(data.resolve("f" + i + ".txt"), "file " + i + "\n");
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int threadsBefore = mx.getThreadCount();
    List<FakeRestic> servers = new ArrayList<>();
    Map<String, PlanTrack> tracks = new HashMap<>();
    Tally tally = new Tally();
    Orchestrator orch = null;
    ScheduledThreadPoolExecutor supplied = null;
    try {
      for (int f = 0; f < fakes; f++) {
        servers.add(FakeRestic.start(ResticPersona.V0_18));
      }
      Orchestrator.Builder ob =
          Orchestrator.builder()
              .tickInterval(Duration.ofMillis(ctx.orchTickMs))
              .listener(e -> onEvent(e, tracks, tally));
      if (prestart > 0) {
        AtomicLong n = new AtomicLong();
        supplied =
            new ScheduledThreadPoolExecutor(
                prestart,
                r -> {
                  Thread t = new Thread(r, "bench-orch-exec-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
        supplied.prestartAllCoreThreads();
        ob.executor(supplied);
      }
      orch = ob.build();
      for (int r = 0; r < repos; r++) {
        FakeRestic fake = servers.get(r % fakes);
        String location = fake.directory().resolve("repo-" + r).toString();
        ResticRepository repo =
            fake.restic().repository(location).password(Secret.of(Raw.PASSWORD)).build();
        repo.init();
        for (int p = 0; p < perRepo; p++) {
          String id = "r" + r + "-p" + p;
          Duration interval = Duration.ofMillis(1000 + 100L * (p % 11));
          tracks.put(id, new PlanTrack(interval));
          orch.add(
              BackupPlan.builder(id)
                  .repository(repo)
                  .source(data)
                  .tag(id)
                  .schedule(Schedule.every(interval))
                  .build());
        }
      }
      Ctx.say("  " + plansTotal + " plans added; starting");
      mx.resetPeakThreadCount();
      long t0 = System.nanoTime();
      orch.start();
      // every plan counts from the same start instant: its first due time minus its interval
      anchor = anchorOf(orch, tracks);
      Map<String, Integer> peakByPool = new TreeMap<>();
      Map<String, Integer> tickerSamples = new TreeMap<>();
      int peakOrchestrator = 0;
      long deadline = t0 + ctx.orchSeconds * 1_000_000_000L;
      while (System.nanoTime() < deadline) {
        Thread.sleep(200);
        Map<String, Integer> pools = threadsByPool();
        int own =
            pools.getOrDefault("restic4j-run", 0)
                + pools.getOrDefault("restic4j-orchestrator", 0)
                + pools.getOrDefault("bench-orch-exec", 0);
        peakOrchestrator = Math.max(peakOrchestrator, own);
        pools.forEach((k, v) -> peakByPool.merge(k, v, Math::max));
        sampleTicker(mx, tickerSamples);
      }
      tally.windowEnd = Instant.now();
      double window = (System.nanoTime() - t0) / 1e9;
      int peakJvm = mx.getPeakThreadCount();
      long stopT0 = System.nanoTime();
      boolean stopped = orch.stop(Duration.ofSeconds(60));
      double stopSeconds = (System.nanoTime() - stopT0) / 1e9;
      Thread.sleep(500);
      int threadsAfter = mx.getThreadCount();

      // start delays were measured against the anchor-aligned due time at or before the start
      List<Long> delays;
      synchronized (tally.startDelayNanos) {
        delays = new ArrayList<>(tally.startDelayNanos);
      }
      Collections.sort(delays);
      long offered = 0;
      for (PlanTrack t : tracks.values()) {
        offered += (long) (window * 1000 / t.interval.toMillis());
      }
      long done = tally.succeededInWindow.get();
      double jobsPerSecond = done / window;
      long overlaps = tally.overlaps.get();

      String figure =
          String.format(
              Locale.ROOT,
              "%.0f jobs/s (%d backups succeeded in %.1f s; %d due by schedule = %.0f/s offered);"
                  + " peak threads: JVM %d (%d before the section, %d after stop with the fakes still up),"
                  + " orchestrator's own %d",
              jobsPerSecond,
              done,
              window,
              offered,
              offered / window,
              peakJvm,
              threadsBefore,
              threadsAfter,
              peakOrchestrator);
      String baseline =
          String.format(
              Locale.ROOT,
              "start delay after due time p50 %s ms, p95 %s ms, max %s ms (n=%d);"
                  + " skipped %s; failed %s",
              Stats.fmt(pct(delays, 0.50)),
              Stats.fmt(pct(delays, 0.95)),
              Stats.fmt(delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1) / 1e6),
              delays.size(),
              byReason(tally.skipped),
              byReason(tally.failed));
      ctx.note(
          String.format(
              Locale.ROOT,
              "6 (%s). %d plans (%d per repository, intervals 1.0–%.1f s) on %d fake repositories"
                  + " served by %d FakeRestic servers (persona 0.18, one server hosts several"
                  + " repository locations); Orchestrator (default LockManager, overlap policy"
                  + " SKIP), tick %d ms, %d s wall time. Overlaps"
                  + " counted from the run events: a plan's Started while its previous run has"
                  + " not ended (Succeeded/Failed, or Skipped REPOSITORY_BUSY). Start delay ="
                  + " Started (attempt 1) minus the latest due time of the plan's interval"
                  + " schedule at or before it (a delay longer than an interval shows as a"
                  + " skipped occurrence instead). Peak threads by name prefix: %s. stop(60 s)"
                  + " returned %s after %.1f s; the orchestrator created at least %d run threads; %d backups ended after the window (during"
                  + " stop); %d retries; end events without a start: %d.",
              variant,
              plansTotal,
              perRepo,
              1.0 + 0.1 * Math.min(perRepo - 1, 10),
              repos,
              fakes,
              ctx.orchTickMs,
              ctx.orchSeconds,
              peakByPool,
              stopped,
              stopSeconds,
              runThreadsCreated,
              tally.succeededAfter.get(),
              tally.retries.get(),
              tally.endWithoutStart.get()));
      if (prestart == 0) {
        ctx.note(
            "6 ("
                + variant
                + "). the orchestrator's ticker thread, sampled every 200 ms (state and where): "
                + top(tickerSamples, 6));
      }
      if (!tally.overlapExamples.isEmpty()) {
        ctx.note("6 (" + variant + "). overlapping runs, first ones: " + tally.overlapExamples);
      }
      if (!stopped) {
        ctx.note("6 (" + variant + "). Orchestrator.stop did not finish within 60 s");
      }
      String what =
          String.format(
              Locale.ROOT,
              "Orchestrator scale (%s): %d plans on %d fake repositories, intervals 1–2 s, %d s",
              variant,
              plansTotal,
              repos,
              ctx.orchSeconds);
      return new Row(
          "6",
          what,
          figure,
          baseline,
          overlaps + " overlapping runs",
          "jobs/s, threads (figures); 0 overlaps",
          Row.verdict(overlaps == 0 && stopped)
              + (overlaps == 0 ? " (0 overlaps)" : " (" + overlaps + " overlaps)"));
    } finally {
      if (orch != null) {
        orch.stop(Duration.ofSeconds(10));
      }
      if (supplied != null) {
        supplied.shutdownNow();
      }
      for (FakeRestic f : servers) {
        try {
          f.close();
        } catch (RuntimeException ignored) {
          // best effort
        }
      }
    }
  }

  private static Instant anchorOf(Orchestrator orch, Map<String, PlanTrack> tracks) {
    Instant anchor = null;
    for (Map.Entry<String, PlanTrack> e : tracks.entrySet()) {
      Instant first = orch.nextRun(e.getKey(), JobKind.BACKUP).orElseThrow();
      Instant a = first.minus(e.getValue().interval);
      if (anchor == null || a.isBefore(anchor)) {
        anchor = a;
      }
    }
    return anchor;
  }

  /** Where the interval schedules count from; set once after start, read by the listener. */
  private static volatile Instant anchor;

  private static void onEvent(RunEvent e, Map<String, PlanTrack> tracks, Tally tally) {
    PlanTrack t = tracks.get(e.planId());
    if (t == null) {
      return;
    }
    if (e instanceof RunEvent.Started s) {
      synchronized (t) {
        if (s.attempt() == 1) {
          tally.started.incrementAndGet();
          t.starts++;
          if (t.activeRun != null) {
            tally.overlaps.incrementAndGet();
            if (tally.overlapExamples.size() < 5) {
              tally.overlapExamples.add(
                  s.planId() + ": " + s.runId() + " started while " + t.activeRun + " runs");
            }
          }
          t.activeRun = s.runId();
        } else if (!s.runId().equals(t.activeRun)) {
          tally.overlaps.incrementAndGet();
          t.activeRun = s.runId();
        }
      }
      Instant a = anchor;
      if (s.attempt() == 1 && a != null && !s.at().isBefore(a)) {
        long iv = t.interval.toNanos();
        long since = Duration.between(a, s.at()).toNanos();
        long due = (since / iv) * iv;
        if (due >= iv) { // the first due time is one interval after the anchor
          tally.startDelayNanos.add(since - due);
        }
      }
    } else if (e instanceof RunEvent.Succeeded s) {
      ended(t, s.runId(), tally);
      if (s.at().isAfter(tally.windowEnd)) {
        tally.succeededAfter.incrementAndGet();
      } else {
        tally.succeededInWindow.incrementAndGet();
      }
    } else if (e instanceof RunEvent.Failed f) {
      ended(t, f.runId(), tally);
      Tally.bump(tally.failed, f.reason() + (f.at().isAfter(tally.windowEnd) ? " (at stop)" : ""));
    } else if (e instanceof RunEvent.Skipped s) {
      Tally.bump(tally.skipped, s.reason().name());
      if (s.reason() == SkipReason.REPOSITORY_BUSY) {
        synchronized (t) {
          t.activeRun = null;
        }
      }
    } else if (e instanceof RunEvent.RetryScheduled) {
      tally.retries.incrementAndGet();
    }
  }

  private static void ended(PlanTrack t, String runId, Tally tally) {
    synchronized (t) {
      if (runId.equals(t.activeRun)) {
        t.activeRun = null;
      } else {
        tally.endWithoutStart.incrementAndGet();
      }
    }
  }

  /** Where the ticker thread is: its state and the innermost restic4j frame (or the top frame). */
  private static void sampleTicker(ThreadMXBean mx, Map<String, Integer> samples) {
    for (Thread t : allThreads()) {
      if (!t.getName().startsWith("restic4j-orchestrator")) {
        continue;
      }
      ThreadInfo ti = mx.getThreadInfo(t.getId(), 40);
      if (ti == null) {
        continue;
      }
      StackTraceElement[] st = ti.getStackTrace();
      String where = st.length == 0 ? "?" : st[0].getClassName() + "." + st[0].getMethodName();
      for (StackTraceElement e : st) {
        if (e.getClassName().startsWith("io.github.restic4j")) {
          where += " in " + e.getClassName().replaceAll("^.*\\.", "") + "." + e.getMethodName();
          break;
        }
      }
      samples.merge(ti.getThreadState() + " " + where, 1, Integer::sum);
    }
  }

  private static String top(Map<String, Integer> m, int n) {
    int total = m.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder sb = new StringBuilder();
    m.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(n)
        .forEach(
            e ->
                sb.append(e.getValue())
                    .append('/')
                    .append(total)
                    .append(' ')
                    .append(e.getKey())
                    .append("; "));
    return sb.toString();
  }

  /** The highest number seen in a "restic4j-run-N" name: run threads the orchestrator created. */
  private static int runThreadsCreated;

  /**
   * Live threads grouped by name without the trailing number ("restic4j-run-17" → restic4j-run).
   */
  private static Map<String, Integer> threadsByPool() {
    Map<String, Integer> out = new TreeMap<>();
    for (Thread t : allThreads()) {
      if (t.getName().startsWith("restic4j-run-")) {
        try {
          int k = Integer.parseInt(t.getName().substring("restic4j-run-".length()));
          runThreadsCreated = Math.max(runThreadsCreated, k);
        } catch (NumberFormatException ignored) {
          // not the orchestrator's naming
        }
      }
      String name =
          t.getName()
              .replaceAll("\\s*[\\[(].*$", "")
              .replaceAll("-\\d+(?=-|$)", "-N")
              .replaceAll("-N$", "");
      out.merge(name, 1, Integer::sum);
    }
    return out;
  }

  /** Live threads, without a safepoint (the thread groups' own lists). */
  private static List<Thread> allThreads() {
    ThreadGroup g = Thread.currentThread().getThreadGroup();
    while (g.getParent() != null) {
      g = g.getParent();
    }
    Thread[] all = new Thread[g.activeCount() + 256];
    int n = g.enumerate(all, true);
    return java.util.Arrays.asList(all).subList(0, n);
  }

  private static double pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1)));
    return sorted.get(i) / 1e6;
  }

  private static String byReason(Map<String, AtomicLong> m) {
    if (m.isEmpty()) {
      return "0";
    }
    long total = m.values().stream().mapToLong(AtomicLong::get).sum();
    StringBuilder sb = new StringBuilder().append(total).append(" (");
    new TreeMap<>(m).forEach((k, v) -> sb.append(k).append(' ').append(v.get()).append(", "));
    sb.setLength(sb.length() - 2);
    return sb.append(')').toString();
  }
}
