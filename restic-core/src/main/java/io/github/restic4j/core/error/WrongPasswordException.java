package io.github.restic4j.core.error;

/**
 * The password does not open any key of the repository (exit 12 on restic 0.17.1+, exit 1 with
 * {@code wrong password or no key found} before). Not worth retrying.
 */
public class WrongPasswordException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param failure the failed invocation
   */
  public WrongPasswordException(String message, CommandFailure failure) {
    super(message, failure);
  }
}
