package io.github.restic4j.orchestration;

import java.util.Objects;

/**
 * What a successful run did. Fields that do not apply to the job are empty strings or zero.
 * Independent of the restic version (the byte figures follow restic's own summary).
 *
 * @param snapshotId the snapshot a backup created, empty if none (other jobs, or nothing changed
 *     with {@code --skip-if-unchanged})
 * @param filesAdded new plus changed files of a backup
 * @param bytesAdded bytes a backup added to the repository (restic's {@code data_added})
 * @param snapshotsRemoved snapshots the retention removed
 * @param detail a short human description
 */
public record RunSummary(
    String snapshotId, long filesAdded, long bytesAdded, int snapshotsRemoved, String detail) {

  /**
   * Checks for nulls.
   *
   * @param snapshotId the snapshot a backup created, empty if none
   * @param filesAdded new plus changed files of a backup
   * @param bytesAdded bytes a backup added
   * @param snapshotsRemoved snapshots the retention removed
   * @param detail a short human description
   */
  public RunSummary {
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(detail, "detail");
  }
}
