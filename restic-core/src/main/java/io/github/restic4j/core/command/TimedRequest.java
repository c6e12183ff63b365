package io.github.restic4j.core.command;

import io.github.restic4j.core.ResticRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * The timeout every request of this package carries (set through {@link RequestBuilder#timeout} or
 * a factory method); package-private, so only the requests here extend it.
 *
 * @param <R> the result type
 * @param <E> the event type
 */
abstract class TimedRequest<R, E> implements ResticRequest<R, E> {

  private final Duration timeout;

  /**
   * Keeps the timeout.
   *
   * @param timeout a positive timeout, or null for the repository's default
   */
  TimedRequest(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public final Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }
}
