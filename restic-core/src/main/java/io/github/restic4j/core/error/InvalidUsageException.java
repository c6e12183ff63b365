package io.github.restic4j.core.error;

/**
 * restic rejected the command line (unknown flag, conflicting options such as {@code --no-lock}
 * without {@code --dry-run}). Indicates a bug or a request restic cannot run; not worth retrying.
 * Every restic version.
 */
public class InvalidUsageException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param failure the failed invocation
   */
  public InvalidUsageException(String message, CommandFailure failure) {
    super(message, failure);
  }
}
