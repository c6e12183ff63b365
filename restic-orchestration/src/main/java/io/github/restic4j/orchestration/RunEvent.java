package io.github.restic4j.orchestration;

import io.github.restic4j.locking.LockEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to a plan's run, delivered to {@link RunEventListener}s. Times come from
 * the orchestrator's clock. Messages are redacted of the repository's secrets. Independent of the
 * restic version.
 */
public sealed interface RunEvent {

  /**
   * When it happened.
   *
   * @return the time
   */
  Instant at();

  /**
   * The plan, or an empty string for events not tied to a plan ({@link AlertRaised}, lock events
   * from calls outside the orchestrator).
   *
   * @return the plan id
   */
  String planId();

  /**
   * An attempt of a run started.
   *
   * @param at when
   * @param planId the plan
   * @param kind the job
   * @param runId the run's id (the same for all attempts)
   * @param attempt the attempt's number, from 1
   */
  record Started(Instant at, String planId, JobKind kind, String runId, int attempt)
      implements RunEvent {}

  /**
   * A run succeeded.
   *
   * @param at when it ended
   * @param planId the plan
   * @param kind the job
   * @param runId the run's id
   * @param attempts attempts it took
   * @param duration from the first attempt's start to the end, retry waits included
   * @param summary what it did
   */
  record Succeeded(
      Instant at,
      String planId,
      JobKind kind,
      String runId,
      int attempts,
      Duration duration,
      RunSummary summary)
      implements RunEvent {}

  /**
   * A run failed for good (no retry follows).
   *
   * @param at when it ended
   * @param planId the plan
   * @param kind the job
   * @param runId the run's id
   * @param attempts attempts made
   * @param duration from the first attempt's start to the end
   * @param reason the classified reason
   * @param message the error message, redacted
   */
  record Failed(
      Instant at,
      String planId,
      JobKind kind,
      String runId,
      int attempts,
      Duration duration,
      FailureReason reason,
      String message)
      implements RunEvent {}

  /**
   * A run did not take place.
   *
   * @param at when
   * @param planId the plan
   * @param kind the job
   * @param reason why
   * @param detail more detail
   */
  record Skipped(Instant at, String planId, JobKind kind, SkipReason reason, String detail)
      implements RunEvent {}

  /**
   * A due run waits for its time window to open.
   *
   * @param at when
   * @param planId the plan
   * @param kind the job
   * @param until when the window opens
   */
  record Deferred(Instant at, String planId, JobKind kind, Instant until) implements RunEvent {}

  /**
   * An attempt failed and will be retried.
   *
   * @param at when
   * @param planId the plan
   * @param kind the job
   * @param runId the run's id
   * @param failedAttempt the number of the failed attempt
   * @param delay the wait before the next attempt
   * @param reason why the attempt failed
   * @param message the error message, redacted
   */
  record RetryScheduled(
      Instant at,
      String planId,
      JobKind kind,
      String runId,
      int failedAttempt,
      Duration delay,
      FailureReason reason,
      String message)
      implements RunEvent {}

  /**
   * A lock event from the orchestrator's {@code LockManager}, forwarded.
   *
   * @param at when
   * @param planId the plan whose run caused it, empty if none
   * @param runId the run, empty if none
   * @param event the lock event
   */
  record LockObserved(Instant at, String planId, String runId, LockEvent event)
      implements RunEvent {}

  /**
   * A repository's count of a lock anomaly reached a multiple of its threshold.
   *
   * @param at when
   * @param planId always empty: anomalies are per repository
   * @param repository the repository's display name
   * @param anomaly the kind
   * @param count the count now
   * @param threshold the threshold
   */
  record AlertRaised(
      Instant at, String planId, String repository, LockAnomaly anomaly, long count, long threshold)
      implements RunEvent {}
}
