package io.github.restic4j.orchestration;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the {@link RunJournal}: a finished run with its lock records. Holds no secret: the
 * repository is its display name (credentials masked) and messages are redacted. Independent of the
 * restic version.
 *
 * @param runId the run's id
 * @param planId the plan
 * @param kind the job
 * @param repository the repository's display name
 * @param startedAt when the first attempt started (or the skip happened)
 * @param endedAt when the run ended
 * @param outcome how it ended
 * @param attempts attempts made (0 if skipped)
 * @param failureReason the failure's reason, empty unless failed
 * @param skipReason the skip's reason, empty unless skipped
 * @param message error or skip message, empty if none
 * @param summary what a successful run did, null unless succeeded
 * @param locks the lock records of this run
 */
public record RunRecord(
    String runId,
    String planId,
    JobKind kind,
    String repository,
    Instant startedAt,
    Instant endedAt,
    RunOutcome outcome,
    int attempts,
    String failureReason,
    String skipReason,
    String message,
    RunSummary summary,
    List<LockRecord> locks) {

  /**
   * Checks for nulls and copies the list.
   *
   * @param runId the run's id
   * @param planId the plan
   * @param kind the job
   * @param repository the repository's display name
   * @param startedAt when the first attempt started
   * @param endedAt when the run ended
   * @param outcome how it ended
   * @param attempts attempts made
   * @param failureReason the failure's reason, empty unless failed
   * @param skipReason the skip's reason, empty unless skipped
   * @param message error or skip message, empty if none
   * @param summary what a successful run did, null unless succeeded
   * @param locks the lock records of this run
   */
  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(failureReason, "failureReason");
    Objects.requireNonNull(skipReason, "skipReason");
    Objects.requireNonNull(message, "message");
    locks = List.copyOf(locks);
  }
}
