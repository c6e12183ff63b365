package io.github.restic4j.core.command;

import java.util.List;

/**
 * The result of {@code restic restore}. On restic 0.16.0+ the figures come from the JSON summary
 * (fields restic omits are 0). Before 0.16 restic prints only {@code restoring <Snapshot ...> to
 * ...}; then {@code countsReported} is false, every count is 0 and only {@code snapshotId} is
 * known.
 *
 * @param snapshotId the short id of the restored snapshot as restic printed it (before 0.16; empty
 *     with JSON output, which does not name it)
 * @param secondsElapsed duration in seconds
 * @param totalFiles files and directories in the restore
 * @param filesRestored files and directories restored
 * @param filesSkipped files skipped because they were already present (0.17.0+)
 * @param filesDeleted files deleted by {@code --delete} (0.18.0+)
 * @param totalBytes bytes in the restore
 * @param bytesRestored bytes written
 * @param bytesSkipped bytes skipped (0.17.0+)
 * @param errors per-item errors restic reported (0.17.1+)
 * @param countsReported whether restic reported the figures (JSON, 0.16.0+)
 */
public record RestoreSummary(
    String snapshotId,
    long secondsElapsed,
    long totalFiles,
    long filesRestored,
    long filesSkipped,
    long filesDeleted,
    long totalBytes,
    long bytesRestored,
    long bytesSkipped,
    List<RestoreFileError> errors,
    boolean countsReported) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param snapshotId the short id of the restored snapshot as restic printed it (before 0.16;
   *     empty with JSON output, which does not name it)
   * @param secondsElapsed duration in seconds
   * @param totalFiles files and directories in the restore
   * @param filesRestored files and directories restored
   * @param filesSkipped files skipped because they were already present (0.17.0+)
   * @param filesDeleted files deleted by {@code --delete} (0.18.0+)
   * @param totalBytes bytes in the restore
   * @param bytesRestored bytes written
   * @param bytesSkipped bytes skipped (0.17.0+)
   * @param errors per-item errors restic reported (0.17.1+)
   * @param countsReported whether restic reported the figures (JSON, 0.16.0+)
   */
  public RestoreSummary {
    snapshotId = snapshotId == null ? "" : snapshotId;
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
