package io.github.restic4j.locking;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.error.LockConflict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One step of a {@link LockManager} call, delivered to {@link LockEventListener}s and recorded in
 * the {@link AuditTrail}. Every event carries its time (from the manager's clock) and the
 * repository's display name (credentials masked). Independent of the restic version.
 */
public sealed interface LockEvent {

  /**
   * When it happened.
   *
   * @return the time
   */
  Instant at();

  /**
   * The repository's display name (credentials masked).
   *
   * @return the name
   */
  String repository();

  /**
   * The call must wait for the in-application gate because other operations on the repository hold
   * it in a conflicting mode.
   *
   * @param at when
   * @param repository the repository
   * @param operation the command or operation name
   * @param mode the mode requested
   */
  record GateWaiting(Instant at, String repository, String operation, LockMode mode)
      implements LockEvent {}

  /**
   * The call obtained the gate after waiting.
   *
   * @param at when
   * @param repository the repository
   * @param operation the command or operation name
   * @param mode the mode obtained
   * @param waited how long it waited
   */
  record GateAcquired(
      Instant at, String repository, String operation, LockMode mode, Duration waited)
      implements LockEvent {}

  /**
   * The gate was busy and the policy said skip or fail; the command did not run.
   *
   * @param at when
   * @param repository the repository
   * @param operation the command or operation name
   * @param skipped true for {@link GateMode#SKIP_IF_BUSY}, false for {@link GateMode#FAIL_IF_BUSY}
   *     or a gate wait that ran out of time
   * @param reason why
   */
  record GateBusy(Instant at, String repository, String operation, boolean skipped, String reason)
      implements LockEvent {}

  /**
   * restic reported that the repository is locked.
   *
   * @param at when
   * @param repository the repository
   * @param operation the command or operation name
   * @param attempt the number of the failed run (1 for the first)
   * @param conflict the holder as restic's message named it, if it could be parsed
   */
  record ConflictDetected(
      Instant at, String repository, String operation, int attempt, Optional<LockConflict> conflict)
      implements LockEvent {}

  /**
   * restic reported an invalid (corrupt) lock file (restic 0.15.1+).
   *
   * @param at when
   * @param repository the repository
   * @param operation the command or operation name
   * @param message restic's message
   */
  record InvalidLockDetected(Instant at, String repository, String operation, String message)
      implements LockEvent {}

  /**
   * One lock was inspected and assessed.
   *
   * @param at when
   * @param repository the repository
   * @param assessment the verdict and its reason
   */
  record LockAssessed(Instant at, String repository, LockAssessment assessment)
      implements LockEvent {}

  /**
   * The call waits for holders before retrying.
   *
   * @param at when
   * @param repository the repository
   * @param delay how long, or the {@code --retry-lock} duration handed to restic
   * @param viaRetryLock true if restic itself waits ({@code --retry-lock}, restic 0.16.0+)
   * @param blocking the locks waited on
   */
  record Waiting(
      Instant at,
      String repository,
      Duration delay,
      boolean viaRetryLock,
      List<LockAssessment> blocking)
      implements LockEvent {
    /**
     * Copies the list.
     *
     * @param at when
     * @param repository the repository
     * @param delay how long, or the {@code --retry-lock} duration handed to restic
     * @param viaRetryLock true if restic itself waits ({@code --retry-lock}, restic 0.16.0+)
     * @param blocking the locks waited on
     */
    public Waiting {
      blocking = List.copyOf(blocking);
    }
  }

  /**
   * {@code restic unlock} is about to run.
   *
   * @param at when
   * @param repository the repository
   * @param removeAll true for {@code --remove-all} (force policy)
   * @param targets the locks expected to be removed, with their verdicts
   */
  record UnlockAttempted(
      Instant at, String repository, boolean removeAll, List<LockAssessment> targets)
      implements LockEvent {
    /**
     * Copies the list.
     *
     * @param at when
     * @param repository the repository
     * @param removeAll true for {@code --remove-all} (force policy)
     * @param targets the locks expected to be removed, with their verdicts
     */
    public UnlockAttempted {
      targets = List.copyOf(targets);
    }
  }

  /**
   * Locks were removed by restic4j's unlock.
   *
   * @param at when
   * @param repository the repository
   * @param removeAll true if {@code --remove-all} was used
   * @param locks the removed locks with their holders (id only for unreadable ones)
   * @param reasons the verdict reason for each removed lock, in the same order
   */
  record LocksRemoved(
      Instant at, String repository, boolean removeAll, List<LockInfo> locks, List<String> reasons)
      implements LockEvent {
    /**
     * Copies the lists.
     *
     * @param at when
     * @param repository the repository
     * @param removeAll true if {@code --remove-all} was used
     * @param locks the removed locks with their holders (id only for unreadable ones)
     * @param reasons the verdict reason for each removed lock, in the same order
     */
    public LocksRemoved {
      locks = List.copyOf(locks);
      reasons = List.copyOf(reasons);
    }

    /**
     * The removed lock ids.
     *
     * @return the ids
     */
    public List<String> ids() {
      return locks.stream().map(LockInfo::id).toList();
    }
  }

  /**
   * Locks expected to be removed were still present after {@code unlock}.
   *
   * @param at when
   * @param repository the repository
   * @param removeAll true if {@code --remove-all} was used
   * @param notRemoved the ids still present
   */
  record UnlockHadNoEffect(
      Instant at, String repository, boolean removeAll, List<String> notRemoved)
      implements LockEvent {
    /**
     * Copies the list.
     *
     * @param at when
     * @param repository the repository
     * @param removeAll true if {@code --remove-all} was used
     * @param notRemoved the ids still present
     */
    public UnlockHadNoEffect {
      notRemoved = List.copyOf(notRemoved);
    }
  }

  /**
   * {@code unlock} removed (or the listing lost) lock ids that were not targeted: another process
   * removed or refreshed its lock meanwhile, or restic judged a lock stale that restic4j did not.
   *
   * @param at when
   * @param repository the repository
   * @param ids the ids gone without being targeted
   */
  record UnexpectedLocksGone(Instant at, String repository, List<String> ids) implements LockEvent {
    /**
     * Copies the list.
     *
     * @param at when
     * @param repository the repository
     * @param ids the ids gone without being targeted
     */
    public UnexpectedLocksGone {
      ids = List.copyOf(ids);
    }
  }

  /**
   * A stale lock could not be removed safely now (for example restic's own rule would also remove a
   * lock restic4j does not consider stale).
   *
   * @param at when
   * @param repository the repository
   * @param reason why removal was held back
   */
  record RemovalDeferred(Instant at, String repository, String reason) implements LockEvent {}

  /**
   * The command runs again.
   *
   * @param at when
   * @param repository the repository
   * @param attempt the number of the coming run
   * @param retryLock the {@code --retry-lock} duration handed to restic, if any
   */
  record RetryScheduled(Instant at, String repository, int attempt, Optional<Duration> retryLock)
      implements LockEvent {}

  /**
   * restic4j force-killed a restic it started (after a timeout or cancellation), so its lock is
   * known to be stale.
   *
   * @param at when
   * @param repository the repository
   * @param pid the killed process
   */
  record OwnProcessKilled(Instant at, String repository, long pid) implements LockEvent {}

  /**
   * The call gave up; an exception follows.
   *
   * @param at when
   * @param repository the repository
   * @param operation the command or operation name
   * @param reason why
   * @param assessments the last assessments
   */
  record GaveUp(
      Instant at,
      String repository,
      String operation,
      String reason,
      List<LockAssessment> assessments)
      implements LockEvent {
    /**
     * Copies the list.
     *
     * @param at when
     * @param repository the repository
     * @param operation the command or operation name
     * @param reason why
     * @param assessments the last assessments
     */
    public GaveUp {
      assessments = List.copyOf(assessments);
    }
  }

  /**
   * The command ran and succeeded, so restic acquired its lock.
   *
   * @param at when
   * @param repository the repository
   * @param operation the command or operation name
   * @param attempts how many runs it took (1 on the happy path)
   * @param elapsed time from the call's start, including the run
   */
  record OperationSucceeded(
      Instant at, String repository, String operation, int attempts, Duration elapsed)
      implements LockEvent {}
}
