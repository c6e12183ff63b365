package io.github.restic4j.core.error;

/**
 * A lock file in the repository cannot be read ({@code invalid lock file}, restic 0.15.1+, exit 1).
 * Plain {@code unlock} never removes it; only {@code unlock --remove-all} does, and only when no
 * other restic uses the repository.
 */
public class InvalidLockFileException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param failure the failed invocation
   */
  public InvalidLockFileException(String message, CommandFailure failure) {
    super(message, failure);
  }
}
