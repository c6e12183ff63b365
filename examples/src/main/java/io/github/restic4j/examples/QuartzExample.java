package io.github.restic4j.examples;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.error.BackendException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockNotAcquiredException;
import io.github.restic4j.locking.LockPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Using restic4j from a Quartz job. This example does not depend on Quartz (to keep the build
 * small): {@link #execute(Map)} is the body of {@code Job.execute}, and its outcome says what the
 * job should tell Quartz. With Quartz on the class path the job looks like this:
 *
 * <pre>{@code
 * @DisallowConcurrentExecution          // never two runs of this job at once
 * public class ResticBackupJob implements Job {
 *   // ResticRepository and LockManager from your JobFactory / application context
 *
 *   public void execute(JobExecutionContext context) throws JobExecutionException {
 *     Outcome outcome = ...body of QuartzExample.execute(context.getMergedJobDataMap())...;
 *     if (outcome == Outcome.RETRY_LATER) {
 *       throw new JobExecutionException("repository busy or backend down", false);
 *     }
 *     if (outcome == Outcome.NEEDS_AN_OPERATOR) {
 *       JobExecutionException e = new JobExecutionException("wrong password");
 *       e.setUnscheduleAllTriggers(true);  // retrying cannot help
 *       throw e;
 *     }
 *   }
 * }
 *
 * scheduler.scheduleJob(
 *     JobBuilder.newJob(ResticBackupJob.class).usingJobData("path", "/srv/data").build(),
 *     TriggerBuilder.newTrigger().withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(2, 30)).build());
 * }</pre>
 *
 * <p>The point: restic4j's typed exceptions let the job decide between "try again later" (the
 * repository stayed locked by a live holder, a transient backend error) and "stop and alert" (wrong
 * password), instead of parsing restic's text.
 *
 * <p>Run: {@code ./mvnw -q -Pdemo -pl examples -am package -Ddemo.main=QuartzExample}.
 */
public final class QuartzExample {

  /** What the job tells the scheduler. */
  public enum Outcome {
    /** The backup is done. */
    DONE,
    /** Transient: the repository is held by a live restic, or the backend is unreachable. */
    RETRY_LATER,
    /** Permanent: retrying cannot help (for example a wrong password). */
    NEEDS_AN_OPERATOR
  }

  private final ResticRepository repository;
  private final LockManager locks;

  /**
   * Creates the job (in Quartz: from your {@code JobFactory}).
   *
   * @param repository the repository
   * @param locks the application's lock manager
   */
  public QuartzExample(ResticRepository repository, LockManager locks) {
    this.repository = repository;
    this.locks = locks;
  }

  /**
   * The body of {@code Job.execute}: backs up the folder named by the job data's {@code path}.
   *
   * @param jobData the merged job data map
   * @return what to tell Quartz
   */
  public Outcome execute(Map<String, Object> jobData) {
    Path path = Path.of((String) jobData.get("path"));
    LockPolicy policy =
        LockPolicy.builder().removeStale().waitForLive(Duration.ofMinutes(5)).build();
    try {
      BackupSummary summary =
          locks.run(repository, BackupRequest.builder().path(path).tag("quartz").build(), policy);
      System.out.println(
          "quartz job: snapshot "
              + ExampleSupport.shortId(summary.snapshotId())
              + ", "
              + summary.filesNew()
              + " new files");
      return Outcome.DONE;
    } catch (LockNotAcquiredException e) {
      System.out.println("quartz job: repository still locked, retry later: " + e.getMessage());
      return Outcome.RETRY_LATER;
    } catch (BackendException e) {
      System.out.println("quartz job: backend error (transient=" + e.isTransient() + ")");
      return e.isTransient() ? Outcome.RETRY_LATER : Outcome.NEEDS_AN_OPERATOR;
    } catch (WrongPasswordException e) {
      System.out.println("quartz job: wrong password, unscheduling");
      return Outcome.NEEDS_AN_OPERATOR;
    } catch (ResticException e) {
      System.out.println("quartz job: failed: " + e.getMessage());
      return Outcome.RETRY_LATER;
    }
  }

  /**
   * Runs the job once with a good password and once with a wrong one, as Quartz would.
   *
   * @param args unused
   * @throws Exception if the set-up fails
   */
  public static void main(String[] args) throws Exception {
    Restic restic = ExampleSupport.requireRestic();
    Path work = Files.createTempDirectory("restic4j-quartz");
    try {
      String location = work.resolve("repo").toString();
      ResticRepository repository =
          restic
              .repository(location)
              .password(Secret.of("quartz-demo"))
              .cacheDir(work.resolve("cache"))
              .build();
      repository.init();
      LockManager locks = LockManager.create();
      Map<String, Object> jobData =
          Map.of("path", ExampleSupport.createData(work.resolve("data"), 2).toString());

      System.out.println("outcome: " + new QuartzExample(repository, locks).execute(jobData));

      ResticRepository wrongPassword =
          restic
              .repository(location)
              .password(Secret.of("not-the-password"))
              .cacheDir(work.resolve("cache"))
              .build();
      System.out.println("outcome: " + new QuartzExample(wrongPassword, locks).execute(jobData));
    } finally {
      ExampleSupport.deleteTree(work);
    }
  }
}
