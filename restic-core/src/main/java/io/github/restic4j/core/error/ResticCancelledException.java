package io.github.restic4j.core.error;

import java.util.Objects;

/**
 * The operation was cancelled by the caller and restic was stopped. {@link #termination()} says
 * whether it exited gracefully (lock removed) or had to be killed (lock may remain). Every restic
 * version.
 */
public class ResticCancelledException extends ResticException {

  private static final long serialVersionUID = 1L;

  private final transient Termination termination;

  /**
   * Creates the exception.
   *
   * @param message what happened, without secrets
   * @param termination how the process was stopped
   */
  public ResticCancelledException(String message, Termination termination) {
    super(message);
    this.termination = Objects.requireNonNull(termination, "termination");
  }

  /**
   * How the restic process was stopped.
   *
   * @return the termination details
   */
  public Termination termination() {
    return termination;
  }
}
