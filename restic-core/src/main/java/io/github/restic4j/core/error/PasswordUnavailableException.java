package io.github.restic4j.core.error;

/**
 * restic could not obtain a password: none was configured, the password file is missing, or the
 * password command failed. A configuration problem; not worth retrying. Every restic version.
 */
public class PasswordUnavailableException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param failure the failed invocation
   */
  public PasswordUnavailableException(String message, CommandFailure failure) {
    super(message, failure);
  }
}
