package io.github.restic4j.orchestration;

/**
 * Why a run failed, classified from restic-core's and restic-locking's typed exceptions. Only the
 * {@link #isRetryable() retryable} reasons may be retried by a {@link RetryPolicy}. Every restic
 * version.
 */
public enum FailureReason {
  /**
   * restic reported the repository locked by another process ({@code RepositoryLockedException}).
   */
  LOCK_CONFLICT(true),
  /** restic-locking could not get the lock within its policy ({@code LockNotAcquiredException}). */
  LOCK_NOT_ACQUIRED(true),
  /**
   * The in-application gate was busy and the lock policy said fail ({@code
   * RepositoryBusyException}).
   */
  REPOSITORY_BUSY(true),
  /** A temporary backend failure ({@code BackendException.isTransient()}). */
  TRANSIENT_BACKEND(true),
  /** A backend failure that will not go away by itself. */
  BACKEND(false),
  /** Wrong password or no key found. */
  WRONG_PASSWORD(false),
  /** There is no repository at the location. */
  REPOSITORY_NOT_FOUND(false),
  /** A bad request or configuration: invalid options, unsupported restic version, no password. */
  INVALID_CONFIGURATION(false),
  /** A corrupt lock file blocks the repository (restic 0.15.1+). */
  CORRUPT_LOCK(false),
  /** The backup saved a snapshot but could not read some files (exit code 3). */
  INCOMPLETE_BACKUP(false),
  /** {@code restic check} found errors in the repository. */
  CHECK_FAILED(false),
  /** restic ran longer than its timeout and was stopped. */
  TIMEOUT(false),
  /** The run was cancelled (shutdown). */
  CANCELLED(false),
  /** restic failed in another way (for example it crashed or was killed). */
  COMMAND_FAILED(false),
  /** An unexpected exception inside the application or restic4j. */
  INTERNAL(false);

  private final boolean retryable;

  FailureReason(boolean retryable) {
    this.retryable = retryable;
  }

  /**
   * Tells whether a {@link RetryPolicy} may retry failures of this kind: lock conflicts and
   * transient backend errors only.
   *
   * @return true for retryable reasons
   */
  public boolean isRetryable() {
    return retryable;
  }
}
