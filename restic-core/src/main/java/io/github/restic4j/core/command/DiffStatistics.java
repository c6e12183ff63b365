package io.github.restic4j.core.command;

/**
 * The totals {@code restic diff --json} prints last (message type {@code statistics}). Every restic
 * version.
 *
 * @param sourceSnapshot the first snapshot, as it was given on the command line
 * @param targetSnapshot the second snapshot, as it was given on the command line
 * @param changedFiles number of files whose content changed
 * @param added what the second snapshot adds
 * @param removed what the second snapshot no longer has
 */
public record DiffStatistics(
    String sourceSnapshot,
    String targetSnapshot,
    long changedFiles,
    DiffCounts added,
    DiffCounts removed) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param sourceSnapshot the first snapshot, as it was given on the command line
   * @param targetSnapshot the second snapshot, as it was given on the command line
   * @param changedFiles number of files whose content changed
   * @param added what the second snapshot adds
   * @param removed what the second snapshot no longer has
   */
  public DiffStatistics {
    sourceSnapshot = sourceSnapshot == null ? "" : sourceSnapshot;
    targetSnapshot = targetSnapshot == null ? "" : targetSnapshot;
    added = added == null ? DiffCounts.NONE : added;
    removed = removed == null ? DiffCounts.NONE : removed;
  }
}
