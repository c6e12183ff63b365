package io.github.restic4j.core.error;

/**
 * restic could not refresh its own lock and aborted ({@code failed to refresh stale lock}, {@code
 * failed to refresh lock in time}; restic 0.15+). Its lock may have been left behind.
 */
public class LockRefreshFailedException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param failure the failed invocation
   */
  public LockRefreshFailedException(String message, CommandFailure failure) {
    super(message, failure);
  }
}
