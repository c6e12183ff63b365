package io.github.restic4j.locking;

/**
 * What restic4j concluded about one lock in a repository. Every restic version.
 *
 * <p>Only {@link #STALE_EXPIRED} and {@link #STALE_HOLDER_DEAD} match restic's own stale rule
 * ({@code Lock.Stale()}: older than 30 minutes, or written on this host name by a process that no
 * longer exists), so only they are removed by a plain {@code restic unlock}.
 */
public enum LockVerdict {
  /** Older than restic's 30-minute rule plus the configured clock-skew margin. */
  STALE_EXPIRED,
  /** Written on this host (same host name) by a process that is no longer running. */
  STALE_HOLDER_DEAD,
  /**
   * Written on this host, and the PID runs again, but the process started after the lock was
   * written or is not restic: the holder is very likely gone, yet restic itself would not remove
   * the lock.
   */
  SUSPECT_PID_REUSED,
  /**
   * Held by a running restic: on this host a running restic with that PID, on another host a lock
   * seen refreshed (its id changed and its time advanced between two observations).
   */
  LIVE,
  /** From another host, younger than 30 minutes and not observed long enough to tell. */
  UNKNOWN,
  /**
   * The lock file could not be read ({@code cat lock} failed) but is still listed: corrupt or
   * empty. A lock that vanished while being read is left out of the assessment instead.
   */
  UNREADABLE;

  /**
   * Tells whether restic's own stale rule applies, so a plain {@code unlock} may remove it.
   *
   * @return true for {@link #STALE_EXPIRED} and {@link #STALE_HOLDER_DEAD}
   */
  public boolean isStale() {
    return this == STALE_EXPIRED || this == STALE_HOLDER_DEAD;
  }

  /**
   * Tells whether the force policy ({@code unlock --remove-all}) may remove a lock with this
   * verdict: stale or unreadable.
   *
   * @return true for stale and unreadable locks
   */
  public boolean isRemovableByForce() {
    return isStale() || this == UNREADABLE;
  }
}
