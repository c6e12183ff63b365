package io.github.restic4j.orchestration;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of a plan: when its last backup succeeded, and whether that is recent enough. A plan
 * is healthy while its last successful backup is at most {@link #threshold()} old; a plan that
 * never succeeded is healthy only until {@code threshold} after it was added. A plan whose last
 * {@code check} found errors in the repository ({@link FailureReason#CHECK_FAILED}) is unhealthy
 * regardless, until a later check passes. Independent of the restic version.
 *
 * @param planId the plan
 * @param lastSuccess when the last successful backup ended, if any
 * @param lastFailure when the last failed run of any job ended, if any
 * @param lastFailureReason why it failed, if any
 * @param consecutiveBackupFailures backup runs failed since the last success
 * @param threshold the plan's health threshold
 * @param healthy whether the plan is healthy at {@code evaluatedAt}
 * @param evaluatedAt when this was computed (the orchestrator's clock)
 */
public record PlanHealth(
    String planId,
    Optional<Instant> lastSuccess,
    Optional<Instant> lastFailure,
    Optional<FailureReason> lastFailureReason,
    int consecutiveBackupFailures,
    Duration threshold,
    boolean healthy,
    Instant evaluatedAt) {

  /**
   * Checks for nulls.
   *
   * @param planId the plan
   * @param lastSuccess when the last successful backup ended, if any
   * @param lastFailure when the last failed run of any job ended, if any
   * @param lastFailureReason why it failed, if any
   * @param consecutiveBackupFailures backup runs failed since the last success
   * @param threshold the plan's health threshold
   * @param healthy whether the plan is healthy at {@code evaluatedAt}
   * @param evaluatedAt when this was computed
   */
  public PlanHealth {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(lastSuccess, "lastSuccess");
    Objects.requireNonNull(lastFailure, "lastFailure");
    Objects.requireNonNull(lastFailureReason, "lastFailureReason");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
  }
}
