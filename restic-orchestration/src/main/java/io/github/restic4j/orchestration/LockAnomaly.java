package io.github.restic4j.orchestration;

/** A kind of lock anomaly counted per repository. Independent of the restic version. */
public enum LockAnomaly {
  /** restic reported the repository locked ({@code LockEvent.ConflictDetected}). */
  CONFLICT,
  /** restic4j removed a stale lock ({@code LockEvent.LocksRemoved}, counted per lock). */
  REMOVAL,
  /** restic-locking gave up on a lock ({@code LockEvent.GaveUp}). */
  GIVE_UP
}
