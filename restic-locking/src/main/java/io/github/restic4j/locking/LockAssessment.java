package io.github.restic4j.locking;

import io.github.restic4j.core.command.LockInfo;
import java.util.Objects;

/**
 * The verdict on one lock and why. Every restic version.
 *
 * @param lock the lock as {@code restic --no-lock cat lock} decoded it; for {@link
 *     LockVerdict#UNREADABLE} only {@link LockInfo#id()} is meaningful and {@link LockInfo#time()}
 *     is null
 * @param verdict the conclusion
 * @param reason a human-readable explanation naming the evidence (ages, PIDs, host names)
 * @param removableByUnlock whether restic's own plain {@code unlock} would remove this lock now, by
 *     restic's exact rule (30 minutes without margin, or same host name and a PID that does not
 *     answer a signal from this user); used to check that a plain unlock cannot remove a lock that
 *     was not assessed stale
 */
public record LockAssessment(
    LockInfo lock, LockVerdict verdict, String reason, boolean removableByUnlock) {

  /**
   * Checks for nulls.
   *
   * @param lock the lock as {@code restic --no-lock cat lock} decoded it; for {@link
   *     LockVerdict#UNREADABLE} only {@link LockInfo#id()} is meaningful and {@link
   *     LockInfo#time()} is null
   * @param verdict the conclusion
   * @param reason a human-readable explanation naming the evidence (ages, PIDs, host names)
   * @param removableByUnlock whether restic's own plain {@code unlock} would remove this lock now,
   *     by restic's exact rule (30 minutes without margin, or same host name and a PID that does
   *     not answer a signal from this user); used to check that a plain unlock cannot remove a lock
   *     that was not assessed stale
   */
  public LockAssessment {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The lock's full id.
   *
   * @return the 64-hex id
   */
  public String lockId() {
    return lock.id();
  }

  /**
   * A one-line description for logs: short id, holder and verdict with reason.
   *
   * @return the description
   */
  public String describe() {
    if (verdict == LockVerdict.UNREADABLE) {
      return lock.shortId() + " " + verdict + ": " + reason;
    }
    return lock.shortId()
        + " ("
        + (lock.exclusive() ? "exclusive" : "shared")
        + ", PID "
        + lock.pid()
        + " on '"
        + lock.hostname()
        + "' by '"
        + lock.username()
        + "') "
        + verdict
        + ": "
        + reason;
  }
}
