package io.github.restic4j.core.error;

/**
 * A request was rejected before restic ran because a value is missing or invalid; the message names
 * the value. Every restic version.
 */
public class InvalidRequestException extends ResticException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, without secrets
   */
  public InvalidRequestException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, without secrets
   * @param cause the underlying problem
   */
  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
