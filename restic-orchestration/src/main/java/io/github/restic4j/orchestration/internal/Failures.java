package io.github.restic4j.orchestration.internal;

import io.github.restic4j.core.error.BackendException;
import io.github.restic4j.core.error.IncompleteBackupException;
import io.github.restic4j.core.error.InvalidLockFileException;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.InvalidUsageException;
import io.github.restic4j.core.error.PasswordUnavailableException;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.RepositoryNotFoundException;
import io.github.restic4j.core.error.ResticBinaryException;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.ResticTimeoutException;
import io.github.restic4j.core.error.UnsupportedVersionException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.locking.LockNotAcquiredException;
import io.github.restic4j.locking.LockWaitInterruptedException;
import io.github.restic4j.locking.RepositoryBusyException;
import io.github.restic4j.orchestration.FailureReason;

/** Classifies exceptions into {@link FailureReason}s. */
public final class Failures {

  private Failures() {}

  /**
   * The reason of a failure.
   *
   * @param t the exception
   * @return the reason
   */
  public static FailureReason classify(Throwable t) {
    if (t instanceof CheckFailedException) {
      return FailureReason.CHECK_FAILED;
    }
    if (t instanceof StoppedException) {
      return FailureReason.CANCELLED;
    }
    if (t instanceof LockWaitInterruptedException || t instanceof ResticCancelledException) {
      return FailureReason.CANCELLED;
    }
    if (t instanceof LockNotAcquiredException) {
      return FailureReason.LOCK_NOT_ACQUIRED;
    }
    if (t instanceof RepositoryBusyException) {
      return FailureReason.REPOSITORY_BUSY;
    }
    if (t instanceof RepositoryLockedException) {
      return FailureReason.LOCK_CONFLICT;
    }
    if (t instanceof InvalidLockFileException) {
      return FailureReason.CORRUPT_LOCK;
    }
    if (t instanceof BackendException b) {
      return b.isTransient() ? FailureReason.TRANSIENT_BACKEND : FailureReason.BACKEND;
    }
    if (t instanceof WrongPasswordException) {
      return FailureReason.WRONG_PASSWORD;
    }
    if (t instanceof RepositoryNotFoundException) {
      return FailureReason.REPOSITORY_NOT_FOUND;
    }
    if (t instanceof InvalidRequestException
        || t instanceof InvalidUsageException
        || t instanceof UnsupportedVersionException
        || t instanceof PasswordUnavailableException
        || t instanceof ResticBinaryException) {
      return FailureReason.INVALID_CONFIGURATION;
    }
    if (t instanceof IncompleteBackupException) {
      return FailureReason.INCOMPLETE_BACKUP;
    }
    if (t instanceof ResticTimeoutException) {
      return FailureReason.TIMEOUT;
    }
    if (t instanceof ResticException) {
      return FailureReason.COMMAND_FAILED;
    }
    return FailureReason.INTERNAL;
  }

  /** {@code restic check} reported errors. */
  public static final class CheckFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the errors
     */
    public CheckFailedException(String message) {
      super(message);
    }
  }

  /** The orchestrator is stopping; restic was not started. */
  public static final class StoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public StoppedException() {
      super("the orchestrator is stopping");
    }
  }
}
