package io.github.restic4j.core.error;

import java.util.Objects;

/**
 * A restic command ran and failed. This class is used as is when no more specific subclass applies;
 * subclasses name failures a caller reacts to differently (locked repository, wrong password, ...).
 *
 * <p>Applies to every restic version; the same failure is classified the same way on 0.14 (exit
 * code 1 and text), 0.17 (exit codes 10, 11, 12) and 0.18+ ({@code exit_error} JSON).
 */
public class ResticCommandException extends ResticException {

  private static final long serialVersionUID = 1L;

  private final transient CommandFailure failure;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param failure the failed invocation
   */
  public ResticCommandException(String message, CommandFailure failure) {
    super(
        message
            + System.lineSeparator()
            + Objects.requireNonNull(failure, "failure").describe()
            + tail(failure));
    this.failure = failure;
  }

  private static String tail(CommandFailure failure) {
    return failure.stderrTail().isBlank()
        ? ""
        : System.lineSeparator() + "stderr: " + failure.stderrTail().strip();
  }

  /**
   * The failed invocation: command line, exit code, stderr tail, restic version.
   *
   * @return the failure details
   */
  public CommandFailure failure() {
    return failure;
  }

  /**
   * Shortcut for {@code failure().exitCode()}.
   *
   * @return the exit code of restic
   */
  public int exitCode() {
    return failure.exitCode();
  }
}
