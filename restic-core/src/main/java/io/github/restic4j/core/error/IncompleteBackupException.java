package io.github.restic4j.core.error;

import io.github.restic4j.core.command.BackupSummary;

/**
 * A backup wrote its snapshot but could not read some files (restic exit code 3), and the request
 * asked to treat that as failure. {@link #summary()} lists the unreadable files. Every restic
 * version.
 */
public class IncompleteBackupException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  private final transient BackupSummary summary;

  /**
   * Creates the exception.
   *
   * @param summary the backup summary with its unreadable files
   * @param failure the invocation
   */
  public IncompleteBackupException(BackupSummary summary, CommandFailure failure) {
    super(
        "backup is incomplete: "
            + summary.unreadable().size()
            + " file(s) could not be read, snapshot "
            + summary.snapshotId(),
        failure);
    this.summary = summary;
  }

  /**
   * The summary of the (incomplete) snapshot.
   *
   * @return the summary
   */
  public BackupSummary summary() {
    return summary;
  }
}
