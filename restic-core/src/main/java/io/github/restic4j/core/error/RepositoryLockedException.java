package io.github.restic4j.core.error;

import java.util.Optional;

/**
 * Another restic process holds a lock that conflicts with the one this command needed ({@code
 * repository is already locked}; exit 11 on restic 0.17+, exit 1 before). {@link #conflict()} names
 * the holder as restic reported it; it is empty only if restic's message could not be parsed (for
 * example when a future restic changes the wording).
 *
 * <p>restic never ignores a stale lock when it acquires one, so a lock left by a crashed process
 * produces this exception too until it is removed.
 */
public class RepositoryLockedException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  private final transient LockConflict conflict;

  /**
   * Creates the exception.
   *
   * @param conflict the lock that blocked the command, or null if restic's message could not be
   *     parsed
   * @param failure the failed invocation
   */
  public RepositoryLockedException(LockConflict conflict, CommandFailure failure) {
    super(
        "repository is locked: "
            + (conflict == null ? "(holder not reported)" : conflict.describe()),
        failure);
    this.conflict = conflict;
  }

  /**
   * The lock restic reported as blocking: holder PID, host, user, age, storage id.
   *
   * @return the conflict, empty if the message could not be parsed
   */
  public Optional<LockConflict> conflict() {
    return Optional.ofNullable(conflict);
  }
}
