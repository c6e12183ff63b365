package io.github.restic4j.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.CheckResult;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.testkit.FakeInvocation;
import io.github.restic4j.testkit.FakeResponse;
import io.github.restic4j.testkit.FakeRestic;
import io.github.restic4j.testkit.FakeResticExtension;
import io.github.restic4j.testkit.LockLiveness;
import io.github.restic4j.testkit.ResticPersona;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorTest {

  @RegisterExtension
  static FakeResticExtension restic = FakeResticExtension.persona(ResticPersona.V0_18);

  @TempDir Path tmp;
  Path data;
  final List<RunEvent> events = new CopyOnWriteArrayList<>();
  Orchestrator orchestrator;

  @BeforeEach
  void data() throws Exception {
    data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("a.txt"), "hello");
  }

  @AfterEach
  void stop() {
    if (orchestrator != null) {
      orchestrator.stop(Duration.ofSeconds(20));
    }
  }

  private LockManager lockManager(FakeRestic fake) {
    return LockManager.builder().hostname(fake.hostname()).build();
  }

  private BackupPlan.Builder plan(ResticRepository repo) {
    return BackupPlan.builder("docs")
        .repository(repo)
        .source(data)
        .tag("docs")
        .host("app-host")
        .retryPolicy(RetryPolicy.none());
  }

  private Orchestrator.Builder orchestrator(FakeRestic fake) {
    return Orchestrator.builder()
        .lockManager(lockManager(fake))
        .journal(RunJournal.at(tmp.resolve("journal/runs.jsonl")))
        .listener(events::add);
  }

  private <T extends RunEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static RunEvent await(java.util.concurrent.CompletableFuture<RunEvent> f)
      throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void aScheduleShorterThanTheBackupNeverOverlaps(FakeRestic fake, ResticRepository repo) {
    // each backup takes about 300 ms, the schedule fires every 40 ms
    fake.faults().slowProgress(Duration.ofMillis(30), 10);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    orchestrator =
        orchestrator(fake)
            .tickInterval(Duration.ofMillis(5))
            .listener(
                e -> {
                  if (e instanceof RunEvent.Started) {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                  } else if (e instanceof RunEvent.Succeeded || e instanceof RunEvent.Failed) {
                    running.decrementAndGet();
                  }
                })
            .build()
            .add(plan(repo).schedule(Schedule.every(Duration.ofMillis(40))).build())
            .start();

    Await.until(
        Duration.ofSeconds(20),
        "three backups",
        () -> events(RunEvent.Succeeded.class).size() >= 3);
    List<RunEvent> beforeStop = List.copyOf(events);
    orchestrator.stop(Duration.ofSeconds(10));

    assertThat(maxRunning.get()).isEqualTo(1);
    assertThat(beforeStop).noneMatch(RunEvent.Failed.class::isInstance);
    assertThat(events(RunEvent.Skipped.class))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.reason()).isIn(SkipReason.OVERLAP, SkipReason.SHUTTING_DOWN));
    // and restic itself never saw two backups at once: no lock conflict ever
    assertThat(events(RunEvent.LockObserved.class))
        .noneMatch(e -> e.event() instanceof LockEvent.ConflictDetected);
  }

  @Test
  void queueOneRunsExactlyOneMoreAfterTheCurrentRun(FakeRestic fake, ResticRepository repo)
      throws Exception {
    fake.faults().slowProgress(Duration.ofMillis(40), 5);
    orchestrator =
        orchestrator(fake).build().add(plan(repo).overlapPolicy(OverlapPolicy.QUEUE_ONE).build());
    var first = orchestrator.runNow("docs", JobKind.BACKUP);
    Await.until(
        Duration.ofSeconds(10), "first started", () -> !events(RunEvent.Started.class).isEmpty());
    var queued = orchestrator.runNow("docs", JobKind.BACKUP);
    var skipped = orchestrator.runNow("docs", JobKind.BACKUP);

    assertThat(await(skipped)).isInstanceOf(RunEvent.Skipped.class);
    assertThat(await(first)).isInstanceOf(RunEvent.Succeeded.class);
    assertThat(await(queued)).isInstanceOf(RunEvent.Succeeded.class);
    assertThat(fake.snapshotCount()).isEqualTo(2);
  }

  @Test
  void waitRunsEveryTriggerOneAfterTheOtherOnASuppliedExecutor(
      FakeRestic fake, ResticRepository repo) throws Exception {
    fake.faults().slowProgress(Duration.ofMillis(20), 5);
    java.util.concurrent.ScheduledExecutorService executor =
        java.util.concurrent.Executors.newScheduledThreadPool(4);
    try {
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      orchestrator =
          orchestrator(fake)
              .executor(executor)
              .listener(
                  e -> {
                    if (e instanceof RunEvent.Started) {
                      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    } else if (e instanceof RunEvent.Succeeded || e instanceof RunEvent.Failed) {
                      running.decrementAndGet();
                    }
                  })
              .build()
              .add(plan(repo).overlapPolicy(OverlapPolicy.WAIT).build());
      var runs =
          List.of(
              orchestrator.runNow("docs", JobKind.BACKUP),
              orchestrator.runNow("docs", JobKind.BACKUP),
              orchestrator.runNow("docs", JobKind.BACKUP));
      for (var run : runs) {
        assertThat(await(run)).isInstanceOf(RunEvent.Succeeded.class);
      }
      assertThat(maxRunning.get()).isEqualTo(1);
      assertThat(fake.snapshotCount()).isEqualTo(3);
      assertThat(orchestrator.stop(Duration.ofSeconds(5))).isTrue();
      assertThat(executor.isShutdown()).as("a supplied executor belongs to the caller").isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aPruneNeverRacesABackupOfTheSameRepository(FakeRestic fake, ResticRepository repo)
      throws Exception {
    fake.faults().slowProgress(Duration.ofMillis(40), 6);
    orchestrator =
        orchestrator(fake)
            .build()
            .add(plan(repo).build())
            .add(
                BackupPlan.builder("impatient")
                    .repository(repo)
                    .source(data)
                    .lockPolicy(
                        JobKind.PRUNE,
                        LockPolicy.defaults().toBuilder()
                            .gate(io.github.restic4j.locking.GateMode.SKIP_IF_BUSY)
                            .build())
                    .build());
    var backup = orchestrator.runNow("docs", JobKind.BACKUP);
    Await.until(Duration.ofSeconds(10), "backup holds its lock", () -> fake.locks().size() == 1);

    // same plan: the gate makes the exclusive prune wait for the shared backup
    var prune = orchestrator.runNow("docs", JobKind.PRUNE);
    // another plan whose prune policy says skip when the repository is busy
    var skipped = orchestrator.runNow("impatient", JobKind.PRUNE);

    assertThat(await(skipped))
        .isInstanceOfSatisfying(
            RunEvent.Skipped.class,
            s -> assertThat(s.reason()).isEqualTo(SkipReason.REPOSITORY_BUSY));
    assertThat(await(backup)).isInstanceOf(RunEvent.Succeeded.class);
    assertThat(await(prune)).isInstanceOf(RunEvent.Succeeded.class);
    assertThat(fake.invocations())
        .extracting(FakeInvocation::command)
        .containsSubsequence("backup", "prune")
        .doesNotContain("unlock");
    assertThat(events(RunEvent.LockObserved.class))
        .noneMatch(e -> e.event() instanceof LockEvent.ConflictDetected)
        .anySatisfy(
            e -> {
              assertThat(e.planId()).isEqualTo("docs");
              assertThat(e.event())
                  .isInstanceOfSatisfying(
                      LockEvent.GateWaiting.class,
                      w -> assertThat(w.operation()).isEqualTo("prune"));
            });
  }

  @Test
  void aCrashedRunIsRecoveredByTheNextRun(FakeRestic fake, ResticRepository repo) throws Exception {
    fake.faults().crashDuringNextBackup();
    orchestrator =
        orchestrator(fake)
            .build()
            .add(plan(repo).retention(RetentionPolicy.builder().keepLast(5).build()).build());

    RunEvent crashed = await(orchestrator.runNow("docs", JobKind.BACKUP));
    assertThat(crashed).isInstanceOf(RunEvent.Failed.class);
    assertThat(((RunEvent.Failed) crashed).reason()).isEqualTo(FailureReason.COMMAND_FAILED);
    assertThat(fake.locks()).hasSize(1);

    RunEvent next = await(orchestrator.runNow("docs", JobKind.BACKUP));
    assertThat(next).isInstanceOf(RunEvent.Succeeded.class);
    assertThat(fake.locks()).isEmpty();
    assertThat(fake.snapshotCount()).isEqualTo(1);

    // the journal tells the operator which stale lock the second run removed, and why
    List<RunRecord> runs = orchestrator.journal().orElseThrow().read();
    assertThat(runs)
        .extracting(RunRecord::outcome)
        .containsExactly(RunOutcome.FAILED, RunOutcome.SUCCEEDED);
    assertThat(runs.get(1).locks())
        .anySatisfy(
            l -> {
              assertThat(l.action()).isEqualTo("REMOVED");
              assertThat(l.reason()).isNotBlank();
            });
  }

  @Test
  void lockConflictsAreRetriedUpToMaxAttempts(FakeRestic fake, ResticRepository repo)
      throws Exception {
    fake.faults().lockHeldBy(LockLiveness.LIVE, "other-host", 4242, true, Duration.ofSeconds(5));
    orchestrator =
        orchestrator(fake)
            .random(() -> 0.5)
            .build()
            .add(
                plan(repo)
                    .lockPolicy(LockPolicy.failFast())
                    .retryPolicy(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2)
                            .build())
                    .build());

    RunEvent end = await(orchestrator.runNow("docs", JobKind.BACKUP));

    assertThat(end).isInstanceOf(RunEvent.Failed.class);
    RunEvent.Failed failed = (RunEvent.Failed) end;
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(failed.reason().isRetryable()).isTrue();
    assertThat(events(RunEvent.Started.class))
        .extracting(RunEvent.Started::attempt)
        .containsExactly(1, 2, 3);
    assertThat(events(RunEvent.RetryScheduled.class))
        .extracting(RunEvent.RetryScheduled::delay)
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    assertThat(fake.invocations().stream().filter(i -> i.command().equals("backup")).count())
        .isEqualTo(3);
  }

  @Test
  void aWrongPasswordIsNeverRetried(FakeRestic fake, ResticRepository repo) throws Exception {
    fake.faults().wrongPassword();
    orchestrator =
        orchestrator(fake)
            .build()
            .add(
                plan(repo)
                    .retryPolicy(
                        RetryPolicy.builder()
                            .maxAttempts(5)
                            .backoff(Duration.ZERO, Duration.ZERO, 1)
                            .build())
                    .build());

    RunEvent end = await(orchestrator.runNow("docs", JobKind.BACKUP));

    assertThat(end).isInstanceOf(RunEvent.Failed.class);
    assertThat(((RunEvent.Failed) end).reason()).isEqualTo(FailureReason.WRONG_PASSWORD);
    assertThat(((RunEvent.Failed) end).attempts()).isEqualTo(1);
    assertThat(events(RunEvent.RetryScheduled.class)).isEmpty();
  }

  @Test
  void aMissingRepositoryIsNeverRetried(FakeRestic fake, ResticRepository repo) throws Exception {
    fake.faults().missingRepository();
    orchestrator =
        orchestrator(fake).build().add(plan(repo).retryPolicy(RetryPolicy.defaults()).build());

    RunEvent end = await(orchestrator.runNow("docs", JobKind.BACKUP));

    assertThat(((RunEvent.Failed) end).reason()).isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
    assertThat(events(RunEvent.RetryScheduled.class)).isEmpty();
  }

  @Test
  void transientBackendErrorsAreRetried(FakeRestic fake, ResticRepository repo) throws Exception {
    fake.faults().backendErrors("backup", 2, false);
    orchestrator =
        orchestrator(fake)
            .build()
            .add(
                plan(repo)
                    .retryPolicy(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .backoff(Duration.ofMillis(5), Duration.ofMillis(5), 1)
                            .build())
                    .build());

    RunEvent end = await(orchestrator.runNow("docs", JobKind.BACKUP));

    assertThat(events(RunEvent.RetryScheduled.class))
        .extracting(RunEvent.RetryScheduled::reason)
        .containsExactly(FailureReason.TRANSIENT_BACKEND);
    assertThat(end).isInstanceOf(RunEvent.Succeeded.class);
    assertThat(((RunEvent.Succeeded) end).attempts()).isEqualTo(2);
  }

  @Test
  void shutdownCancelsRunningResticAndLeavesNoLock(FakeRestic fake, ResticRepository repo)
      throws Exception {
    fake.faults().hang("backup");
    orchestrator = orchestrator(fake).build().add(plan(repo).build()).start();
    var run = orchestrator.runNow("docs", JobKind.BACKUP);
    Await.until(
        Duration.ofSeconds(10),
        "restic running with its lock",
        () -> !fake.runningPids().isEmpty() && fake.locks().size() == 1);

    assertThat(orchestrator.stop(Duration.ofSeconds(15))).isTrue();

    RunEvent end = await(run);
    assertThat(end).isInstanceOf(RunEvent.Failed.class);
    assertThat(((RunEvent.Failed) end).reason()).isEqualTo(FailureReason.CANCELLED);
    assertThat(((RunEvent.Failed) end).message())
        .contains("exited after SIGINT and removed its own lock")
        .doesNotContain("killed");
    assertThat(fake.runningPids()).isEmpty();
    assertThat(fake.locks()).isEmpty();
    assertThat(orchestrator.hasActiveRuns()).isFalse();
    assertThat(await(orchestrator.runNow("docs", JobKind.BACKUP)))
        .isInstanceOfSatisfying(
            RunEvent.Skipped.class,
            s -> assertThat(s.reason()).isEqualTo(SkipReason.SHUTTING_DOWN));
  }

  @Test
  void stopKillsResticThatIgnoresSigintAtItsDeadlineAndLeavesNoProcess(
      FakeRestic fake, ResticRepository repo) throws Exception {
    // two backups stuck in a way SIGINT cannot end; the fake's Restic has the default 60 s grace
    for (int i = 0; i < 2; i++) {
      fake.enqueue(
          FakeResponse.builder()
              .forCommand("backup")
              .hangUntilSignalled()
              .ignoreSigint()
              .ignoreSigterm()
              .build());
    }
    assertThat(repo.restic().gracePeriod()).isEqualTo(Duration.ofMinutes(1));
    orchestrator = manyPlans(orchestrator(fake), repo, 2).start();
    var first = orchestrator.runNow("plan-0", JobKind.BACKUP);
    var second = orchestrator.runNow("plan-1", JobKind.BACKUP);
    Await.until(
        Duration.ofSeconds(10),
        "both backups running",
        () ->
            fake.invocations().stream().filter(i -> i.command().equals("backup")).count() == 2
                && fake.runningPids().size() == 2);

    long t0 = System.nanoTime();
    boolean stopped = orchestrator.stop(Duration.ofSeconds(1));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(stopped).as("a restic had to be killed").isFalse();
    assertThat(fake.runningPids()).as("no restic survives stop()").isEmpty();
    assertThat(took)
        .as("stop waited neither 60 s grace periods nor one after the other")
        .isLessThan(Duration.ofSeconds(30));
    for (var run : List.of(first, second)) {
      assertThat(await(run))
          .isInstanceOfSatisfying(
              RunEvent.Failed.class,
              f -> {
                assertThat(f.reason()).isEqualTo(FailureReason.CANCELLED);
                // the grace period really used: the stop deadline, not restic's PT1M
                assertThat(f.message())
                    .contains("did not exit within PT")
                    .contains("after SIGINT and was killed")
                    .doesNotContain("PT1M");
              });
    }
    assertThat(orchestrator.hasActiveRuns()).isFalse();
  }

  @Test
  void stopRejectsANegativeTimeout(FakeRestic fake, ResticRepository repo) {
    orchestrator = orchestrator(fake).build().add(plan(repo).build());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> orchestrator.stop(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void journalRoundTripsWithoutSecrets(FakeRestic fake, ResticRepository repo) throws Exception {
    orchestrator =
        orchestrator(fake)
            .build()
            .add(
                plan(repo)
                    .retention(RetentionPolicy.builder().keepLast(1).keepDaily(7).build())
                    .checkReadDataSubset("10%")
                    .build());
    RunEvent.Succeeded b1 = (RunEvent.Succeeded) await(orchestrator.runNow("docs", JobKind.BACKUP));
    RunEvent.Succeeded b2 = (RunEvent.Succeeded) await(orchestrator.runNow("docs", JobKind.BACKUP));
    assertThat(await(orchestrator.runNow("docs", JobKind.CHECK)))
        .isInstanceOf(RunEvent.Succeeded.class);
    assertThat(await(orchestrator.runNow("docs", JobKind.PRUNE)))
        .isInstanceOf(RunEvent.Succeeded.class);

    Path file = orchestrator.journal().orElseThrow().file();
    List<RunRecord> runs = RunJournal.read(file);
    assertThat(runs)
        .extracting(RunRecord::kind)
        .containsExactly(JobKind.BACKUP, JobKind.BACKUP, JobKind.CHECK, JobKind.PRUNE);
    assertThat(runs.get(0).summary()).isEqualTo(b1.summary());
    assertThat(runs.get(1).summary()).isEqualTo(b2.summary());
    assertThat(runs.get(1).summary().snapshotsRemoved()).isEqualTo(1);
    assertThat(runs.get(0).runId()).isEqualTo(b1.runId());
    assertThat(runs.get(0).repository()).isEqualTo(repo.displayName());
    assertThat(fake.invocations())
        .extracting(FakeInvocation::command)
        .contains("forget", "check", "prune");

    String text = Files.readString(file);
    assertThat(text).doesNotContain(FakeResticExtension.DEFAULT_PASSWORD);
    assertThat(text.lines()).hasSize(4);
    // a torn last line (crash while writing) is ignored
    Files.writeString(
        file, text + "{\"run_id\":\"x", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    assertThat(RunJournal.read(file)).hasSize(4);
  }

  @Test
  void aRestartAfterACrashMidJournalLineKeepsTheJournal(FakeRestic fake, ResticRepository repo)
      throws Exception {
    Path file = tmp.resolve("journal/runs.jsonl");
    orchestrator = orchestrator(fake).build().add(plan(repo).build());
    RunEvent.Succeeded first =
        (RunEvent.Succeeded) await(orchestrator.runNow("docs", JobKind.BACKUP));
    orchestrator.stop(Duration.ofSeconds(10));
    // the process died while appending a line: cut inside a two-byte character, no newline
    byte[] torn = "{\"run_id\":\"x\",\"message\":\"gel\u00f6".getBytes(StandardCharsets.UTF_8);
    Files.write(file, Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);

    // the restarted application reads the journal (health, missed runs) and appends to it
    orchestrator = orchestrator(fake).build().add(plan(repo).build());
    assertThat(orchestrator.health("docs").lastSuccess()).contains(first.at());
    RunEvent.Succeeded second =
        (RunEvent.Succeeded) await(orchestrator.runNow("docs", JobKind.BACKUP));

    assertThat(RunJournal.read(file))
        .extracting(RunRecord::runId)
        .containsExactly(first.runId(), second.runId());
  }

  @Test
  void healthTurnsUnhealthyWhenTheLastSuccessIsOlderThanTheThreshold(
      FakeRestic fake, ResticRepository repo) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    orchestrator =
        orchestrator(fake)
            .clock(clock)
            .build()
            .add(plan(repo).healthThreshold(Duration.ofHours(1)).build());
    assertThat(orchestrator.health("docs").healthy()).isTrue();
    clock.advance(Duration.ofMinutes(61));
    assertThat(orchestrator.health("docs").healthy())
        .as("never succeeded, past threshold")
        .isFalse();

    await(orchestrator.runNow("docs", JobKind.BACKUP));
    PlanHealth h = orchestrator.health("docs");
    assertThat(h.healthy()).isTrue();
    assertThat(h.lastSuccess()).contains(clock.instant());

    clock.advance(Duration.ofMinutes(60));
    assertThat(orchestrator.health("docs").healthy()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(orchestrator.health("docs").healthy()).isFalse();

    fake.faults().wrongPassword();
    await(orchestrator.runNow("docs", JobKind.BACKUP));
    assertThat(orchestrator.health("docs").consecutiveBackupFailures()).isEqualTo(1);
    assertThat(orchestrator.health("docs").lastFailureReason())
        .contains(FailureReason.WRONG_PASSWORD);
  }

  @Test
  void aCheckOfADamagedRepositoryFailsNamesResticsErrorsAndMakesThePlanUnhealthy(
      FakeRestic fake, ResticRepository repo) throws Exception {
    orchestrator = orchestrator(fake).build().add(plan(repo).build());
    assertThat(await(orchestrator.runNow("docs", JobKind.BACKUP)))
        .isInstanceOf(RunEvent.Succeeded.class);
    assertThat(orchestrator.health("docs").healthy()).isTrue();
    // rm repo/index/*: the 0.18 persona answers check like real restic 0.18 (exit 1, JSON errors,
    // suggest_prune for the packs no index references)
    fake.faults().damagedIndex();

    RunEvent end = await(orchestrator.runNow("docs", JobKind.CHECK));

    assertThat(end).isInstanceOf(RunEvent.Failed.class);
    RunEvent.Failed failed = (RunEvent.Failed) end;
    assertThat(failed.reason()).isEqualTo(FailureReason.CHECK_FAILED);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.message())
        .containsPattern("error for tree [0-9a-f]{8}:; id [0-9a-f]{64} not found in repository")
        .endsWith("restic suggests: prune")
        .doesNotContain("repair index");
    RunRecord run = orchestrator.journal().orElseThrow().read().get(1);
    assertThat(run.kind()).isEqualTo(JobKind.CHECK);
    assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(run.failureReason()).isEqualTo(FailureReason.CHECK_FAILED.name());
    assertThat(run.message()).isEqualTo(failed.message());
    PlanHealth h = orchestrator.health("docs");
    assertThat(h.healthy()).as("the backup is recent but the repository is damaged").isFalse();
    assertThat(h.lastFailureReason()).contains(FailureReason.CHECK_FAILED);
    assertThat(h.consecutiveBackupFailures()).isZero();

    // a restarted application reads the damage from the journal
    Orchestrator restarted = orchestrator(fake).build().add(plan(repo).build());
    assertThat(restarted.health("docs").healthy()).isFalse();
    restarted.stop(Duration.ofSeconds(5));

    // repair index rebuilds it; the next check passes and the plan is healthy again
    repo.repairIndex();
    assertThat(await(orchestrator.runNow("docs", JobKind.CHECK)))
        .isInstanceOf(RunEvent.Succeeded.class);
    assertThat(orchestrator.health("docs").healthy()).isTrue();
  }

  @Test
  void checkFailureMessageNamesEverySuggestedStep() {
    // suggest_repair_index is not set by the captured damages; this covers the flag itself
    assertThat(
            Orchestrator.checkFailureMessage(
                new CheckResult(false, List.of("pack 1234: not in index"), true, true)))
        .isEqualTo("pack 1234: not in index; restic suggests: repair index, prune");
    assertThat(Orchestrator.checkFailureMessage(new CheckResult(false, List.of("e"), false, false)))
        .isEqualTo("e");
    assertThat(Orchestrator.checkFailureMessage(new CheckResult(false, List.of(), true, false)))
        .isEqualTo("restic suggests: repair index");
  }

  @Test
  void lockAnomaliesRaiseAnAlertAtTheThreshold(FakeRestic fake, ResticRepository repo)
      throws Exception {
    fake.faults().lockHeldBy(LockLiveness.LIVE, "other-host", 4242, true, Duration.ofSeconds(5));
    orchestrator =
        orchestrator(fake)
            .alertThreshold(LockAnomaly.CONFLICT, 2)
            .build()
            .add(plan(repo).lockPolicy(LockPolicy.failFast()).build());

    await(orchestrator.runNow("docs", JobKind.BACKUP));
    assertThat(events(RunEvent.AlertRaised.class)).isEmpty();
    await(orchestrator.runNow("docs", JobKind.BACKUP));

    assertThat(events(RunEvent.AlertRaised.class))
        .as("%s", events)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.anomaly()).isEqualTo(LockAnomaly.CONFLICT);
              assertThat(a.count()).isEqualTo(2);
              assertThat(a.repository()).isEqualTo(repo.displayName());
            });
    assertThat(orchestrator.lockAnomalies())
        .singleElement()
        .satisfies(c -> assertThat(c.conflicts()).isEqualTo(2));
  }

  @Test
  void windowsAndMissedRunsFollowTheControlledClock(FakeRestic fake, ResticRepository repo)
      throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-05-01T23:00:00Z"));
    RunJournal journal = RunJournal.at(tmp.resolve("journal/runs.jsonl"));
    // the last prune ran 10 hours ago; the application was down since
    journal.append(
        new RunRecord(
            "old",
            "docs",
            JobKind.PRUNE,
            repo.displayName(),
            clock.instant().minus(Duration.ofHours(10)),
            clock.instant().minus(Duration.ofHours(10)),
            RunOutcome.SUCCEEDED,
            1,
            "",
            "",
            "",
            null,
            List.of()));
    TimeWindow night = TimeWindow.of(LocalTime.of(1, 0), LocalTime.of(5, 0), ZoneOffset.UTC);
    orchestrator =
        Orchestrator.builder()
            .clock(clock)
            .manualTicks()
            .lockManager(lockManager(fake))
            .journal(journal)
            .listener(events::add)
            .build()
            .add(
                plan(repo)
                    .schedule(
                        Schedule.every(Duration.ofHours(1)).withWindow(night, WindowPolicy.DEFER))
                    .pruneSchedule(Schedule.every(Duration.ofHours(2)))
                    .checkSchedule(
                        Schedule.every(Duration.ofHours(1)).withWindow(night, WindowPolicy.SKIP),
                        "5%")
                    .build())
            .start();

    // 23:00: the missed prune runs once (RUN_ONCE), not five times
    orchestrator.tick();
    Await.until(
        Duration.ofSeconds(10), "missed prune", () -> events(RunEvent.Succeeded.class).size() == 1);
    orchestrator.tick();
    assertThat(events(RunEvent.Started.class))
        .extracting(RunEvent.Started::kind)
        .containsExactly(JobKind.PRUNE);
    assertThat(orchestrator.nextRun("docs", JobKind.PRUNE))
        .contains(Instant.parse("2026-05-02T01:00:00Z"));

    // 00:00: backup is deferred to 01:00, check is skipped
    clock.set(Instant.parse("2026-05-02T00:00:00Z"));
    orchestrator.tick();
    orchestrator.tick();
    assertThat(events(RunEvent.Deferred.class))
        .singleElement()
        .satisfies(d -> assertThat(d.until()).isEqualTo(Instant.parse("2026-05-02T01:00:00Z")));
    assertThat(events(RunEvent.Skipped.class))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.kind()).isEqualTo(JobKind.CHECK);
              assertThat(s.reason()).isEqualTo(SkipReason.OUTSIDE_WINDOW);
            });
    assertThat(events(RunEvent.Started.class)).hasSize(1);

    // 01:00: the window opens, the deferred backup and the check run
    clock.set(Instant.parse("2026-05-02T01:00:00Z"));
    orchestrator.tick();
    Await.until(
        Duration.ofSeconds(10), "window runs", () -> events(RunEvent.Succeeded.class).size() == 4);
    assertThat(events(RunEvent.Succeeded.class))
        .extracting(RunEvent.Succeeded::kind)
        .containsExactlyInAnyOrder(JobKind.PRUNE, JobKind.BACKUP, JobKind.CHECK, JobKind.PRUNE);
    assertThat(fake.invocations().stream().filter(i -> i.command().equals("check")).findFirst())
        .hasValueSatisfying(i -> assertThat(i.hasArgument("--read-data-subset=5%")).isTrue());
  }

  /** Counts jobs between their Started and their end, and the most at once. */
  private static final class Concurrency implements RunEventListener {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger max = new AtomicInteger();
    final AtomicInteger maxPids = new AtomicInteger();
    final FakeRestic fake;

    Concurrency(FakeRestic fake) {
      this.fake = fake;
    }

    @Override
    public void onEvent(RunEvent e) {
      if (e instanceof RunEvent.Started) {
        max.accumulateAndGet(running.incrementAndGet(), Math::max);
        maxPids.accumulateAndGet(fake.runningPids().size(), Math::max);
      } else if (e instanceof RunEvent.Succeeded || e instanceof RunEvent.Failed) {
        running.decrementAndGet();
      }
    }
  }

  private Orchestrator manyPlans(Orchestrator.Builder b, ResticRepository repo, int n) {
    Orchestrator o = b.build();
    for (int i = 0; i < n; i++) {
      o.add(
          BackupPlan.builder("plan-" + i)
              .repository(repo)
              .source(data)
              .tag("docs")
              .host("app-host")
              .retryPolicy(RetryPolicy.none())
              .build());
    }
    return o;
  }

  @Test
  void neverMoreJobsAtOnceThanTheLimitAndEveryDueRunStarts(FakeRestic fake, ResticRepository repo)
      throws Exception {
    fake.faults().slowProgress(Duration.ofMillis(20), 3);
    Concurrency c = new Concurrency(fake);
    orchestrator = manyPlans(orchestrator(fake).maxConcurrentJobs(3).listener(c), repo, 20).start();
    List<java.util.concurrent.CompletableFuture<RunEvent>> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      runs.add(orchestrator.runNow("plan-" + i, JobKind.BACKUP));
    }
    // a second trigger of a queued plan is an overlap (SKIP), as for a running one
    RunEvent again = await(orchestrator.runNow("plan-19", JobKind.BACKUP));

    for (var run : runs) {
      assertThat(await(run)).isInstanceOf(RunEvent.Succeeded.class);
    }
    assertThat(again)
        .isInstanceOfSatisfying(
            RunEvent.Skipped.class, s -> assertThat(s.reason()).isEqualTo(SkipReason.OVERLAP));
    assertThat(c.max.get()).isLessThanOrEqualTo(3);
    assertThat(c.maxPids.get()).isLessThanOrEqualTo(3);
    assertThat(events(RunEvent.Started.class))
        .extracting(RunEvent.Started::planId)
        .doesNotHaveDuplicates()
        .hasSize(20);
    assertThat(fake.snapshotCount()).isEqualTo(20);
  }

  @Test
  void aRepositoryLimitRunsThatRepositorysJobsOneAtATime(FakeRestic fake, ResticRepository repo)
      throws Exception {
    fake.faults().slowProgress(Duration.ofMillis(20), 2);
    Concurrency c = new Concurrency(fake);
    orchestrator =
        manyPlans(
                orchestrator(fake)
                    .maxConcurrentJobs(4)
                    .maxConcurrentJobsPerRepository(1)
                    .listener(c),
                repo,
                5)
            .start();
    List<java.util.concurrent.CompletableFuture<RunEvent>> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(orchestrator.runNow("plan-" + i, JobKind.BACKUP));
    }
    for (var run : runs) {
      assertThat(await(run)).isInstanceOf(RunEvent.Succeeded.class);
    }
    assertThat(c.max.get()).isEqualTo(1);
  }

  @Test
  void stopWithAFullQueueDropsItQuicklyAndLeavesNoProcess(FakeRestic fake, ResticRepository repo)
      throws Exception {
    // every backup would take a minute (hang() affects only the next one)
    fake.faults().slowProgress(Duration.ofMillis(200), 300);
    Concurrency c = new Concurrency(fake);
    orchestrator = manyPlans(orchestrator(fake).maxConcurrentJobs(2).listener(c), repo, 10).start();
    List<java.util.concurrent.CompletableFuture<RunEvent>> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      runs.add(orchestrator.runNow("plan-" + i, JobKind.BACKUP));
    }
    Await.until(
        Duration.ofSeconds(10),
        "two runs started, restic running",
        () -> events(RunEvent.Started.class).size() == 2 && !fake.runningPids().isEmpty());

    long t0 = System.nanoTime();
    assertThat(orchestrator.stop(Duration.ofSeconds(15))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

    List<RunEvent> ends = new java.util.ArrayList<>();
    for (var run : runs) {
      ends.add(await(run));
    }
    List<RunEvent> failed = ends.stream().filter(RunEvent.Failed.class::isInstance).toList();
    assertThat(failed)
        .as("ends %s", ends)
        .hasSize(events(RunEvent.Started.class).size())
        .allSatisfy(
            e -> assertThat(((RunEvent.Failed) e).reason()).isEqualTo(FailureReason.CANCELLED));
    assertThat(ends)
        .as("ends %s", ends)
        .filteredOn(RunEvent.Skipped.class::isInstance)
        .hasSize(10 - failed.size())
        .hasSizeGreaterThanOrEqualTo(7)
        .allSatisfy(
            e -> assertThat(((RunEvent.Skipped) e).reason()).isEqualTo(SkipReason.SHUTTING_DOWN));
    assertThat(c.max.get()).isLessThanOrEqualTo(2);
    assertThat(fake.runningPids()).isEmpty();
    assertThat(orchestrator.hasActiveRuns()).isFalse();
  }
}
