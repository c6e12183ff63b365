package io.github.restic4j.examples;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.orchestration.BackupPlan;
import io.github.restic4j.orchestration.JobKind;
import io.github.restic4j.orchestration.Orchestrator;
import io.github.restic4j.orchestration.OverlapPolicy;
import io.github.restic4j.orchestration.PlanHealth;
import io.github.restic4j.orchestration.RetentionPolicy;
import io.github.restic4j.orchestration.RetryPolicy;
import io.github.restic4j.orchestration.RunEvent;
import io.github.restic4j.orchestration.RunJournal;
import io.github.restic4j.orchestration.RunRecord;
import io.github.restic4j.orchestration.Schedule;
import io.github.restic4j.orchestration.TimeWindow;
import io.github.restic4j.orchestration.WindowPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scheduled plans: the field report's operating practices as code.
 *
 * <ul>
 *   <li>backups on a schedule that never overlaps itself ({@link OverlapPolicy#SKIP}: a run that is
 *       due while the previous one still runs is skipped and recorded),
 *   <li>retention ({@code forget}) after every backup, prune and check on their own schedules,
 *       prune only inside an off-peak window (01:00-05:00 in the plan's zone),
 *   <li>retries with exponential backoff for lock conflicts and transient backend errors,
 *   <li>stale locks removed by the {@link LockManager} and recorded in the run journal,
 *   <li>health per plan: the time of the last successful backup against a threshold.
 * </ul>
 *
 * <p>The demo runs backups every 3 seconds until three have succeeded, then triggers a prune and a
 * check with {@link Orchestrator#runNow} (applications that already schedule with Spring, Quartz or
 * cron use only {@code runNow}). Run: {@code ./mvnw -q -Pdemo -pl examples -am package
 * -Ddemo.main=ScheduledPlansExample}. Needs restic.
 */
public final class ScheduledPlansExample {

  private ScheduledPlansExample() {}

  /**
   * Runs the example in a temporary folder.
   *
   * @param args unused
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    Restic restic = ExampleSupport.requireRestic();
    Path work = Files.createTempDirectory("restic4j-plans");
    try {
      Path data = ExampleSupport.createData(work.resolve("data"), 3);
      ResticRepository repo =
          restic
              .repository(work.resolve("repo").toString())
              .password(Secret.of("plans-demo-password"))
              .cacheDir(work.resolve("cache"))
              .build();
      repo.init();

      ZoneId zone = ZoneId.of("Europe/Berlin");
      BackupPlan plan =
          BackupPlan.builder("documents")
              .repository(repo)
              .source(data)
              .tag("documents")
              .schedule(Schedule.every(Duration.ofSeconds(3)))
              .retention(RetentionPolicy.builder().keepLast(2).keepDaily(7).build())
              .pruneSchedule(
                  Schedule.cron("30 2 * * *", zone)
                      .withWindow(
                          TimeWindow.of(LocalTime.of(1, 0), LocalTime.of(5, 0), zone),
                          WindowPolicy.SKIP))
              .checkSchedule(Schedule.cron("0 4 * * 0", zone), "5%")
              .lockPolicy(
                  LockPolicy.builder().removeStale().waitForLive(Duration.ofMinutes(1)).build())
              .retryPolicy(
                  RetryPolicy.builder()
                      .maxAttempts(3)
                      .backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0)
                      .build())
              .overlapPolicy(OverlapPolicy.SKIP)
              .healthThreshold(Duration.ofMinutes(1))
              .build();

      Path journalFile = work.resolve("runs.jsonl");
      // the demo goes on once three scheduled backups succeeded (one a minute at the latest)
      CountDownLatch backups = new CountDownLatch(3);
      try (Orchestrator orchestrator =
          Orchestrator.builder()
              .lockManager(LockManager.create())
              .journal(RunJournal.at(journalFile))
              .listener(ScheduledPlansExample::print)
              .listener(
                  e -> {
                    if (e instanceof RunEvent.Succeeded s && s.kind() == JobKind.BACKUP) {
                      backups.countDown();
                    }
                  })
              .build()) {
        orchestrator.add(plan).start();
        System.out.println(
            "next prune (off-peak): "
                + orchestrator.nextRun("documents", JobKind.PRUNE).orElseThrow());
        if (!backups.await(1, TimeUnit.MINUTES)) {
          throw new IllegalStateException("three scheduled backups did not succeed in a minute");
        }
        orchestrator.runNow("documents", JobKind.PRUNE).get();
        orchestrator.runNow("documents", JobKind.CHECK).get();
        orchestrator.stop(Duration.ofSeconds(30));

        PlanHealth health = orchestrator.health("documents");
        System.out.println(
            "health: "
                + (health.healthy() ? "healthy" : "UNHEALTHY")
                + ", last success "
                + health.lastSuccess().orElseThrow());
      }
      List<RunRecord> runs = RunJournal.read(journalFile);
      System.out.println(
          "journal: " + runs.size() + " runs recorded in " + journalFile.getFileName());
      System.out.println("snapshots kept by retention: " + repo.snapshots().size());
    } finally {
      ExampleSupport.deleteTree(work);
    }
  }

  private static void print(RunEvent event) {
    if (event instanceof RunEvent.Succeeded e) {
      System.out.println("  " + e.kind() + " succeeded in " + e.duration().toMillis() + " ms");
    } else if (event instanceof RunEvent.Failed e) {
      System.out.println("  " + e.kind() + " failed: " + e.reason() + " " + e.message());
    } else if (event instanceof RunEvent.Skipped e) {
      System.out.println("  " + e.kind() + " skipped: " + e.reason());
    } else if (event instanceof RunEvent.RetryScheduled e) {
      System.out.println("  " + e.kind() + " will be retried in " + e.delay().toMillis() + " ms");
    }
  }
}
