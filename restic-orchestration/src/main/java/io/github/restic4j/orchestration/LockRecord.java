package io.github.restic4j.orchestration;

import java.time.Instant;
import java.util.Objects;

/**
 * One lock record of a run in the {@link RunJournal}: a lock restic-locking saw, waited on or
 * removed during the run (the run's part of restic-locking's {@code AuditTrail}). Independent of
 * the restic version.
 *
 * @param at when
 * @param lockId the lock id
 * @param action {@code SEEN}, {@code WAITED_ON}, {@code REMOVED}, {@code FORCE_REMOVED} or {@code
 *     NOT_REMOVED}
 * @param verdict the verdict at the time, empty if none
 * @param holder the holder as {@code PID@host (user)}, empty if unknown
 * @param reason why
 */
public record LockRecord(
    Instant at, String lockId, String action, String verdict, String holder, String reason) {

  /**
   * Checks for nulls.
   *
   * @param at when
   * @param lockId the lock id
   * @param action what happened
   * @param verdict the verdict, empty if none
   * @param holder the holder, empty if unknown
   * @param reason why
   */
  public LockRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(lockId, "lockId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(reason, "reason");
  }
}
