package io.github.restic4j.it.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.orchestration.BackupPlan;
import io.github.restic4j.orchestration.FailureReason;
import io.github.restic4j.orchestration.JobKind;
import io.github.restic4j.orchestration.Orchestrator;
import io.github.restic4j.orchestration.RetentionPolicy;
import io.github.restic4j.orchestration.RetryPolicy;
import io.github.restic4j.orchestration.RunEvent;
import io.github.restic4j.orchestration.RunJournal;
import io.github.restic4j.orchestration.RunOutcome;
import io.github.restic4j.orchestration.RunRecord;
import io.github.restic4j.orchestration.Schedule;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import io.github.restic4j.testkit.real.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One plan on real restic and S3Proxy: backup (+ forget) every few seconds, prune and check on
 * their own schedules, for about a minute, with one backup SIGKILLed mid-run. The plan must end
 * healthy, with every successful backup's snapshot present and no lock left behind.
 */
class OrchestrationIT {

  private static final Duration RUN_FOR = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  @Timeout(value = 110)
  void scheduledPlanSurvivesACrashAndEndsHealthy() throws Exception {
    ResticInstallations installs = ResticInstallations.get();
    ResticInstallation restic =
        installs.restic("0.19").orElseGet(() -> installs.requireRestic("0.18"));
    Path jar = installs.requireS3ProxyJar();

    Path data = Files.createDirectories(tmp.resolve("data"));
    Random random = new Random(42);
    byte[] chunk = new byte[1 << 20];
    for (int i = 0; i < 24; i++) {
      random.nextBytes(chunk);
      Files.write(data.resolve("blob-" + i + ".bin"), chunk);
    }

    try (S3ProxyProcess s3 = S3ProxyProcess.start(jar)) {
      ResticRepository repo =
          restic
              .restic()
              .repository(s3.repositoryLocation("orchestration-it"))
              .password(Secret.of("it-password-" + random.nextInt(1_000_000)))
              .environment("AWS_ACCESS_KEY_ID", Secret.of(s3.accessKey()))
              .environment("AWS_SECRET_ACCESS_KEY", Secret.of(s3.secretKey()))
              .build();
      repo.init();

      List<RunEvent> events = new CopyOnWriteArrayList<>();
      AtomicBoolean crashInjected = new AtomicBoolean();
      AtomicBoolean crashArmed = new AtomicBoolean(true);
      Set<String> killedLocks = java.util.concurrent.ConcurrentHashMap.newKeySet();
      RunJournal journal = RunJournal.at(tmp.resolve("journal.jsonl"));
      Orchestrator orchestrator =
          Orchestrator.builder()
              .lockManager(LockManager.create())
              .journal(journal)
              .tickInterval(Duration.ofMillis(100))
              .listener(events::add)
              .listener(
                  e -> {
                    // SIGKILL the first backup after a successful one (or the next, if it was too
                    // fast)
                    if (e instanceof RunEvent.Started s
                        && s.kind() == JobKind.BACKUP
                        && crashArmed.get()
                        && events.stream().anyMatch(RunEvent.Succeeded.class::isInstance)) {
                      crashArmed.set(false);
                      Thread killer =
                          new Thread(
                              () -> {
                                if (!killRunningBackup(crashInjected, s3.dataDir(), killedLocks)) {
                                  crashArmed.set(true); // it finished too fast: try the next one
                                }
                              });
                      killer.setDaemon(true);
                      killer.start();
                    }
                  })
              .build()
              .add(
                  BackupPlan.builder("it-plan")
                      .repository(repo)
                      .source(data)
                      .tag("it")
                      .host("it-host")
                      .schedule(Schedule.every(Duration.ofSeconds(6)))
                      .retention(RetentionPolicy.builder().keepWithin("1d").keepLast(100).build())
                      .pruneSchedule(Schedule.every(Duration.ofSeconds(20)))
                      .checkSchedule(Schedule.every(Duration.ofSeconds(15)), "10%")
                      .retryPolicy(
                          RetryPolicy.builder()
                              .maxAttempts(3)
                              .backoff(Duration.ofMillis(500), Duration.ofSeconds(2), 2)
                              .build())
                      .healthThreshold(Duration.ofSeconds(30))
                      .build());

      long started = System.nanoTime();
      orchestrator.start();
      // the first backup right away, then the schedule
      orchestrator.runNow("it-plan", JobKind.BACKUP);
      long end = started + RUN_FOR.toNanos();
      while (System.nanoTime() < end) {
        // add a little new data between runs so that backups do real work
        Files.write(
            data.resolve("grow-" + System.nanoTime() + ".bin"),
            ("change " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Thread.sleep(1000);
      }
      assertThat(orchestrator.stop(Duration.ofSeconds(30))).as("graceful stop").isTrue();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      List<RunEvent.Succeeded> succeeded =
          events.stream()
              .filter(RunEvent.Succeeded.class::isInstance)
              .map(RunEvent.Succeeded.class::cast)
              .toList();
      List<RunEvent.Failed> failed =
          events.stream()
              .filter(RunEvent.Failed.class::isInstance)
              .map(RunEvent.Failed.class::cast)
              .toList();
      System.out.printf(
          "OrchestrationIT on restic %s: %s, %d succeeded (%s), %d failed %s%n",
          restic.version(),
          took,
          succeeded.size(),
          succeeded.stream()
              .collect(Collectors.groupingBy(RunEvent.Succeeded::kind, Collectors.counting())),
          failed.size(),
          failed.stream().map(f -> f.kind() + ":" + f.reason()).toList());

      assertThat(crashInjected).as("a backup was SIGKILLed").isTrue();
      assertThat(failed)
          .as("the killed backup failed; shutdown may cancel one run")
          .anySatisfy(f -> assertThat(f.reason()).isEqualTo(FailureReason.COMMAND_FAILED))
          .allSatisfy(
              f ->
                  assertThat(f.reason())
                      .isIn(FailureReason.COMMAND_FAILED, FailureReason.CANCELLED));
      assertThat(succeeded)
          .extracting(RunEvent.Succeeded::kind)
          .contains(JobKind.BACKUP, JobKind.PRUNE, JobKind.CHECK);
      assertThat(orchestrator.health("it-plan").healthy()).isTrue();

      Set<String> present = repo.snapshots().stream().map(Snapshot::id).collect(Collectors.toSet());
      List<String> backedUp =
          succeeded.stream()
              .filter(s -> s.kind() == JobKind.BACKUP)
              .map(s -> s.summary().snapshotId())
              .toList();
      assertThat(backedUp).hasSizeGreaterThanOrEqualTo(4);
      for (String id : backedUp) {
        assertThat(present)
            .as("snapshot %s", id)
            .anyMatch(p -> p.startsWith(id) || id.startsWith(p));
      }
      assertThat(killedLocks).as("the SIGKILLed backup had a lock").isNotEmpty();
      assertThat(repo.listLocks()).as("no lock left behind").isEmpty();
      assertThat(lockFiles(s3.dataDir())).isEmpty();

      List<RunRecord> runs = journal.read();
      assertThat(runs.stream().filter(r -> r.outcome() != RunOutcome.SKIPPED).count())
          .isEqualTo(succeeded.size() + failed.size());
      String text = Files.readString(journal.file());
      assertThat(text).doesNotContain(s3.secretKey()).doesNotContain("it-password-");
      Optional<RunRecord> removal =
          runs.stream()
              .filter(r -> r.locks().stream().anyMatch(l -> l.action().equals("REMOVED")))
              .findFirst();
      System.out.println(
          "OrchestrationIT: stale lock removal in the journal: "
              + removal.map(r -> r.kind() + " " + r.locks()).orElse("none (restic ignored it)"));
      // the operator can read in the journal which run removed the crashed backup's lock, and why
      assertThat(runs)
          .flatExtracting(RunRecord::locks)
          .anySatisfy(
              l -> {
                assertThat(l.action()).isEqualTo("REMOVED");
                assertThat(killedLocks).contains(l.lockId());
              });
      assertThat(took).isLessThan(Duration.ofSeconds(100));
    }
  }

  /**
   * SIGKILLs the restic backup this JVM runs once its lock file is in the bucket, so the crash
   * really leaves a lock behind; remembers the lock files present at that moment.
   */
  private static boolean killRunningBackup(AtomicBoolean done, Path s3Data, Set<String> locks) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && !done.get()) {
      Optional<ProcessHandle> backup =
          ProcessHandle.current()
              .descendants()
              .filter(
                  p -> p.info().arguments().map(a -> List.of(a).contains("backup")).orElse(false))
              .findFirst();
      if (backup.isPresent()) {
        Set<String> present = lockFiles(s3Data);
        if (!present.isEmpty() && backup.get().isAlive() && backup.get().destroyForcibly()) {
          locks.addAll(present);
          done.set(true);
          return true;
        }
      } else if (done.get()) {
        return true;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return false;
      }
    }
    return done.get();
  }

  /**
   * The lock objects in S3Proxy's folder. Only complete objects count: while an upload is written,
   * S3Proxy's file store holds it under {@code <name>-<uuid>} (a kill then found only that name).
   */
  private static Set<String> lockFiles(Path s3Data) {
    try (var files = Files.walk(s3Data)) {
      return files
          .filter(
              f -> f.getParent() != null && f.getParent().getFileName().toString().equals("locks"))
          .map(f -> f.getFileName().toString())
          .filter(name -> name.matches("[0-9a-f]{64}"))
          .collect(Collectors.toSet());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return Set.of();
    }
  }
}
