package io.github.restic4j.testkit;

/** Whether the process that holds a planted lock counts as running (for {@code restic unlock}). */
public enum LockLiveness {
  /** The holder runs: plain {@code unlock} keeps the lock (unless it is older than 30 minutes). */
  LIVE,
  /**
   * The holder is gone: plain {@code unlock} removes the lock if it was made on the fake's host.
   */
  DEAD
}
