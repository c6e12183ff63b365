package io.github.restic4j.examples;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Using restic4j from Spring's {@code @Scheduled}. This example does not depend on Spring (to keep
 * the build small): the two public methods are exactly what goes inside the scheduled methods; the
 * Spring wiring around them looks like this:
 *
 * <pre>{@code
 * @Configuration
 * @EnableScheduling
 * class BackupConfig {
 *   @Bean Restic restic() { return Restic.locate(); }            // or Restic.builder().binary(..)
 *   @Bean LockManager lockManager() { return LockManager.create(); } // one per application
 *   @Bean ResticRepository repository(Restic restic, @Value("${backup.password}") String pw) {
 *     return restic.repository("s3:https://minio.internal/backups").password(Secret.of(pw)).build();
 *   }
 * }
 *
 * @Component
 * class ScheduledBackups {
 *   // constructor injection of ResticRepository, LockManager and the data folder
 *
 *   @Scheduled(cron = "0 30 2 * * *")   // nightly at 02:30
 *   public void nightlyBackup() { ...body of SpringScheduledExample.nightlyBackup()... }
 *
 *   @Scheduled(cron = "0 0 4 * * SUN")  // weekly maintenance
 *   public void weeklyMaintenance() { ...body of SpringScheduledExample.weeklyMaintenance()... }
 * }
 * }</pre>
 *
 * <p>The {@link LockManager} serialises the two jobs inside the application (a backup and a prune
 * never collide on the same repository), removes locks left by crashed runs, and waits for live
 * holders. {@code runIfIdle} skips a run instead of queueing it when the previous one still runs.
 * An exception thrown from a {@code @Scheduled} method is logged by Spring and the next trigger
 * runs normally.
 *
 * <p>Run: {@code ./mvnw -q -Pdemo -pl examples -am package -Ddemo.main=SpringScheduledExample}.
 */
public final class SpringScheduledExample {

  private final ResticRepository repository;
  private final LockManager locks;
  private final Path data;

  /**
   * Creates the scheduled component (in Spring: constructor injection).
   *
   * @param repository the repository bean
   * @param locks the application's lock manager bean
   * @param data the folder to back up
   */
  public SpringScheduledExample(ResticRepository repository, LockManager locks, Path data) {
    this.repository = repository;
    this.locks = locks;
    this.data = data;
  }

  /** The body of the {@code @Scheduled(cron = "0 30 2 * * *")} method. */
  public void nightlyBackup() {
    Optional<BackupSummary> summary =
        locks.runIfIdle(
            repository,
            BackupRequest.builder().path(data).tag("nightly").build(),
            LockPolicy.defaults()); // remove stale locks, wait up to 10 min for live ones
    System.out.println(
        summary
            .map(s -> "nightly backup: snapshot " + ExampleSupport.shortId(s.snapshotId()))
            .orElse("nightly backup: skipped, the previous run is still busy"));
  }

  /** The body of the {@code @Scheduled(cron = "0 0 4 * * SUN")} method. */
  public void weeklyMaintenance() {
    ForgetResult result =
        locks.run(
            repository,
            ForgetRequest.builder().tag("nightly").keepLast(7).prune().build(),
            LockPolicy.defaults());
    locks.run(repository, CheckRequest.builder().build(), LockPolicy.defaults());
    System.out.println(
        "weekly maintenance: kept "
            + result.kept().size()
            + ", removed "
            + result.removed().size()
            + ", check ok");
  }

  /**
   * Runs each scheduled method once against a local repository, as the scheduler would.
   *
   * @param args unused
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    Restic restic = ExampleSupport.requireRestic();
    Path work = Files.createTempDirectory("restic4j-spring");
    try {
      ResticRepository repository =
          restic
              .repository(work.resolve("repo").toString())
              .password(Secret.of("spring-demo"))
              .cacheDir(work.resolve("cache"))
              .build();
      repository.init();
      SpringScheduledExample jobs =
          new SpringScheduledExample(
              repository, LockManager.create(), ExampleSupport.createData(work.resolve("data"), 2));
      jobs.nightlyBackup();
      jobs.nightlyBackup();
      jobs.weeklyMaintenance();
    } finally {
      ExampleSupport.deleteTree(work);
    }
  }
}
