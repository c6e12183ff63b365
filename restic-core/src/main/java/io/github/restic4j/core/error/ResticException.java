package io.github.restic4j.core.error;

/**
 * Root of every exception restic4j throws. Unchecked; catch it to handle any restic failure, or
 * catch a subclass to react to one kind of failure. Messages never contain secrets.
 *
 * <p>Applies to every restic version.
 */
public class ResticException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, without secrets
   */
  public ResticException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, without secrets
   * @param cause the underlying problem
   */
  public ResticException(String message, Throwable cause) {
    super(message, cause);
  }
}
