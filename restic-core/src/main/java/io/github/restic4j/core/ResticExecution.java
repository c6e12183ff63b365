package io.github.restic4j.core;

import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.ResticTimeoutException;
import io.github.restic4j.core.error.Termination;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A restic command that was started and may still run. Await it, cancel it from any thread, or
 * close it (which cancels it if it still runs). Thread-safe.
 *
 * @param <R> the result type
 */
public interface ResticExecution<R> extends AutoCloseable {

  /**
   * The process id of the running restic.
   *
   * @return the pid
   */
  long pid();

  /**
   * Waits until restic finished and returns the result.
   *
   * @return the result
   * @throws ResticException the typed failure, including {@link ResticTimeoutException} if the
   *     request's timeout expired and {@link ResticCancelledException} if it was cancelled
   */
  R await();

  /**
   * Waits at most {@code maxWait}; if restic is still running then, stops it gracefully and throws
   * {@link ResticTimeoutException}.
   *
   * @param maxWait longest wait
   * @return the result
   * @throws ResticException the typed failure
   */
  R await(Duration maxWait);

  /**
   * Tells whether restic has finished (successfully or not).
   *
   * @return true when done
   */
  boolean isDone();

  /**
   * Stops restic gracefully (SIGINT, grace period, then kill) and waits until it is gone. The
   * execution then fails with {@link ResticCancelledException}. Does nothing if already done.
   *
   * @return how the process was stopped, or null if it had already finished
   */
  Termination cancel();

  /**
   * Stops restic like {@link #cancel()}, with this grace period instead of the {@code Restic}'s:
   * SIGINT, up to {@code grace} for restic to exit (and remove its lock), then kill. For callers
   * that must be done by a deadline, for example an application shutting down. restic4j's own
   * executions honour {@code grace}; the default implementation, for other implementations of this
   * interface, ignores it and calls {@link #cancel()}.
   *
   * @param grace how long restic may take to exit after SIGINT; positive
   * @return how the process was stopped, or null if it had already finished
   * @throws IllegalArgumentException if {@code grace} is zero or negative
   */
  default Termination cancel(Duration grace) {
    if (grace.isZero() || grace.isNegative()) {
      throw new IllegalArgumentException("grace must be positive: " + grace);
    }
    return cancel();
  }

  /**
   * The result as a future; completes exceptionally with a {@link ResticException}.
   *
   * @return the future (cancelling the future does not stop restic; use {@link #cancel()})
   */
  CompletableFuture<R> future();

  /** Cancels restic if it still runs, and waits until it is gone. */
  @Override
  void close();
}
