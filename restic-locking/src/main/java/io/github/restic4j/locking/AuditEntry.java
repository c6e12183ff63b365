package io.github.restic4j.locking;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the {@link AuditTrail}: what happened to one lock and why. Independent of the restic
 * version.
 *
 * @param at when
 * @param repository the repository's display name
 * @param lockId the full lock id
 * @param action what was done
 * @param verdict the verdict at that moment, if the lock was assessed
 * @param holder the holder as {@code PID@host (user)}, empty for unreadable locks
 * @param reason why
 */
public record AuditEntry(
    Instant at,
    String repository,
    String lockId,
    Action action,
    Optional<LockVerdict> verdict,
    String holder,
    String reason) {

  /**
   * Checks for nulls.
   *
   * @param at when
   * @param repository the repository's display name
   * @param lockId the full lock id
   * @param action what was done
   * @param verdict the verdict at that moment, if the lock was assessed
   * @param holder the holder as {@code PID@host (user)}, empty for unreadable locks
   * @param reason why
   */
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(lockId, "lockId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(reason, "reason");
  }

  /** What happened to a lock. */
  public enum Action {
    /** The lock was inspected and assessed. */
    SEEN,
    /** The call waited because of this lock. */
    WAITED_ON,
    /** Removed with plain {@code unlock}. */
    REMOVED,
    /** Removed with {@code unlock --remove-all} (force policy). */
    FORCE_REMOVED,
    /** An unlock was expected to remove it but it is still there. */
    NOT_REMOVED
  }
}
