package io.github.restic4j.core.error;

/**
 * restic's output could not be understood (unexpected or truncated JSON). The message shows the
 * offending text, shortened. Every restic version.
 */
public class OutputParseException extends ResticException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, without secrets
   */
  public OutputParseException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, without secrets
   * @param cause the underlying problem
   */
  public OutputParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
