package io.github.restic4j.core.command;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Result of a backup ({@code "message_type":"summary"}), plus the files restic could not read.
 *
 * <p>Field history: {@code snapshotId} is the 8-character short id on restic 0.14 and the full id
 * since 0.15; empty when {@code --skip-if-unchanged} skipped the snapshot (0.17+). {@code
 * dataAddedPacked} since 0.17, {@code backupStart}/{@code backupEnd} since 0.18 (null before).
 *
 * @param snapshotId the new snapshot's id (see above)
 * @param filesNew new files
 * @param filesChanged changed files
 * @param filesUnmodified unchanged files
 * @param dirsNew new directories
 * @param dirsChanged changed directories
 * @param dirsUnmodified unchanged directories
 * @param dataBlobs data blobs added
 * @param treeBlobs tree blobs added
 * @param dataAdded bytes added (uncompressed)
 * @param dataAddedPacked bytes added after compression (0 before 0.17)
 * @param totalFilesProcessed files processed
 * @param totalBytesProcessed bytes processed
 * @param totalDuration seconds the backup took
 * @param backupStart start time (null before 0.18)
 * @param backupEnd end time (null before 0.18)
 * @param dryRun true if nothing was written ({@code --dry-run})
 * @param unreadable files restic could not read; non-empty means restic exited with code 3 and the
 *     snapshot is incomplete
 */
public record BackupSummary(
    String snapshotId,
    long filesNew,
    long filesChanged,
    long filesUnmodified,
    long dirsNew,
    long dirsChanged,
    long dirsUnmodified,
    long dataBlobs,
    long treeBlobs,
    long dataAdded,
    long dataAddedPacked,
    long totalFilesProcessed,
    long totalBytesProcessed,
    double totalDuration,
    OffsetDateTime backupStart,
    OffsetDateTime backupEnd,
    boolean dryRun,
    List<BackupFileError> unreadable) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param snapshotId the new snapshot's id (see above)
   * @param filesNew new files
   * @param filesChanged changed files
   * @param filesUnmodified unchanged files
   * @param dirsNew new directories
   * @param dirsChanged changed directories
   * @param dirsUnmodified unchanged directories
   * @param dataBlobs data blobs added
   * @param treeBlobs tree blobs added
   * @param dataAdded bytes added (uncompressed)
   * @param dataAddedPacked bytes added after compression (0 before 0.17)
   * @param totalFilesProcessed files processed
   * @param totalBytesProcessed bytes processed
   * @param totalDuration seconds the backup took
   * @param backupStart start time (null before 0.18)
   * @param backupEnd end time (null before 0.18)
   * @param dryRun true if nothing was written ({@code --dry-run})
   * @param unreadable files restic could not read; non-empty means restic exited with code 3 and
   *     the snapshot is incomplete
   */
  public BackupSummary {
    snapshotId = snapshotId == null ? "" : snapshotId;
    unreadable = unreadable == null ? List.of() : List.copyOf(unreadable);
  }

  /**
   * Tells whether every source file was read (restic exit code 0 rather than 3).
   *
   * @return true if complete
   */
  public boolean isComplete() {
    return unreadable.isEmpty();
  }

  /**
   * Tells whether a snapshot was written (false for dry runs and skipped unchanged backups).
   *
   * @return true if a snapshot exists now
   */
  public boolean snapshotCreated() {
    return !dryRun && !snapshotId.isEmpty();
  }

  /**
   * Returns a copy with the given unreadable files.
   *
   * @param files the files
   * @return the copy
   */
  public BackupSummary withUnreadable(List<BackupFileError> files) {
    return new BackupSummary(
        snapshotId,
        filesNew,
        filesChanged,
        filesUnmodified,
        dirsNew,
        dirsChanged,
        dirsUnmodified,
        dataBlobs,
        treeBlobs,
        dataAdded,
        dataAddedPacked,
        totalFilesProcessed,
        totalBytesProcessed,
        totalDuration,
        backupStart,
        backupEnd,
        dryRun,
        files);
  }
}
