package io.github.restic4j.orchestration;

/** How a run ended. Independent of the restic version. */
public enum RunOutcome {
  /** It succeeded. */
  SUCCEEDED,
  /** It failed (after its retries). */
  FAILED,
  /** It did not run. */
  SKIPPED
}
