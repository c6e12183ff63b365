package io.github.restic4j.core.command;

import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;

/**
 * What every request builder offers: the timeout. Only the builders of this package extend it.
 *
 * @param <B> the concrete builder type, returned by every setter so that calls chain
 */
public abstract class RequestBuilder<B extends RequestBuilder<B>> {

  private Duration timeout;

  RequestBuilder() {}

  /**
   * Sets how long the command may run before restic4j stops it; for a streaming command it covers
   * the whole run, including the time the reader takes.
   *
   * @param timeout the timeout
   * @return this builder
   * @throws InvalidRequestException if the timeout is zero or negative
   * @throws NullPointerException if the timeout is null
   */
  public B timeout(Duration timeout) {
    this.timeout = Requests.positive(timeout, "timeout");
    return self();
  }

  /** The timeout set, or null for the repository's default. */
  Duration timeoutValue() {
    return timeout;
  }

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }
}
