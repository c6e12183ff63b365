package io.github.restic4j.examples;

// snippet:start
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import java.nio.file.Path;

/** The application's nightly backup: back up the data folder, then apply the retention policy. */
public final class AppBackupService {
  private final ResticRepository repository;
  private final LockManager locks;
  private final LockPolicy policy;
  private final Path data;

  /**
   * Creates the service.
   *
   * @param repository where backups go
   * @param locks the application's lock manager
   * @param policy what to do when the repository is locked, e.g. {@link LockPolicy#defaults()}
   * @param data the folder to back up
   */
  public AppBackupService(
      ResticRepository repository, LockManager locks, LockPolicy policy, Path data) {
    this.repository = repository;
    this.locks = locks;
    this.policy = policy;
    this.data = data;
  }

  /**
   * Runs the nightly backup and retention.
   *
   * @return the new snapshot's id
   */
  public String nightly() {
    BackupSummary backup =
        locks.run(repository, BackupRequest.builder().path(data).tag("nightly").build(), policy);
    locks.run(
        repository,
        ForgetRequest.builder().tag("nightly").keepDaily(7).keepWeekly(4).build(),
        policy);
    return backup.snapshotId();
  }
}
// snippet:end
