package io.github.restic4j.core;

import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;
import java.util.Optional;

/**
 * Per-call settings that are not part of a command's own request: a timeout override and restic's
 * global {@code --retry-lock}. Immutable.
 *
 * @param timeout overrides the request's and the repository's timeout when present
 * @param retryLock passes {@code --retry-lock <d>} so restic itself retries a lock conflict for up
 *     to this long (restic 0.16.0+; on older versions the call fails before running)
 */
public record CallOptions(Optional<Duration> timeout, Optional<Duration> retryLock) {

  private static final CallOptions DEFAULTS = new CallOptions(Optional.empty(), Optional.empty());

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param timeout overrides the request's and the repository's timeout when present
   * @param retryLock passes {@code --retry-lock <d>} so restic itself retries a lock conflict for
   *     up to this long (restic 0.16.0+; on older versions the call fails before running)
   */
  public CallOptions {
    timeout.ifPresent(d -> requirePositive(d, "timeout"));
    retryLock.ifPresent(d -> requirePositive(d, "retryLock"));
  }

  private static void requirePositive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) {
      throw new InvalidRequestException(what + " must be positive, was " + d);
    }
  }

  /**
   * No overrides.
   *
   * @return the default options
   */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with the given timeout.
   *
   * @param timeout the timeout
   * @return new options
   */
  public CallOptions withTimeout(Duration timeout) {
    return new CallOptions(Optional.of(timeout), retryLock);
  }

  /**
   * Returns a copy that asks restic to retry lock conflicts itself for up to {@code retryLock}.
   *
   * @param retryLock how long restic may wait for a lock (restic 0.16.0+)
   * @return new options
   */
  public CallOptions withRetryLock(Duration retryLock) {
    return new CallOptions(timeout, Optional.of(retryLock));
  }
}
