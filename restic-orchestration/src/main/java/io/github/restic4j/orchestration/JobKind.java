package io.github.restic4j.orchestration;

/**
 * The jobs of a {@link BackupPlan}, each with its own schedule and policies. Every restic version.
 */
public enum JobKind {
  /** {@code restic backup}, followed by {@code restic forget} when the plan has a retention. */
  BACKUP,
  /** {@code restic prune}. */
  PRUNE,
  /** {@code restic check}, optionally with {@code --read-data-subset}. */
  CHECK
}
