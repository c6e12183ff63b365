package io.github.restic4j.core.error;

/**
 * The storage backend could not be reached or failed (connection refused, HTTP 5xx, 403 from an
 * append-only server, S3 signature mismatch, a "circuit breaker open" during locking on restic
 * 0.17.0). {@link #isTransient()} tells whether retrying later may help. Every restic version.
 */
public class BackendException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  /** Whether a later retry may succeed. */
  private final boolean transientFailure;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param failure the failed invocation
   * @param transientFailure whether a later retry may succeed
   */
  public BackendException(String message, CommandFailure failure, boolean transientFailure) {
    super(message, failure);
    this.transientFailure = transientFailure;
  }

  /**
   * Tells whether a later retry may succeed (network trouble, server busy), as opposed to a
   * permanent refusal (forbidden, authentication).
   *
   * @return true if retrying may help
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
