package io.github.restic4j.orchestration;

/**
 * What happens to runs that were due while the application was down or suspended (due longer ago
 * than the schedule's grace). Every restic version.
 */
public enum MissedRunPolicy {
  /** Run once now, however many runs were missed. */
  RUN_ONCE,
  /** Run none now ({@link RunEvent.Skipped} with {@link SkipReason#MISSED}); wait for the next. */
  SKIP
}
