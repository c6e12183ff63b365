package io.github.restic4j.core;

/**
 * Which repository lock a restic command takes, per restic's own rules (reference: restic {@code
 * cmd/restic/cmd_*.go}). Used by restic-locking to serialise operations inside the application.
 */
public enum LockMode {
  /** No lock (for example {@code init}, {@code unlock}, {@code list locks}, dry runs). */
  NONE,
  /** A shared lock: any number of shared holders coexist, an exclusive lock blocks them. */
  SHARED,
  /** An exclusive lock: conflicts with every other lock. */
  EXCLUSIVE
}
