package io.github.restic4j.core.error;

/**
 * The restic binary is missing, not executable, or does not behave like restic. Every restic
 * version.
 */
public class ResticBinaryException extends ResticException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, without secrets
   */
  public ResticBinaryException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, without secrets
   * @param cause the underlying problem
   */
  public ResticBinaryException(String message, Throwable cause) {
    super(message, cause);
  }
}
