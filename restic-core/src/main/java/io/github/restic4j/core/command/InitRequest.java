package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import java.time.Duration;
import java.util.Optional;

/**
 * Creates a repository ({@code restic init}). On restic 0.14, which prints only text, the result
 * carries the repository id parsed from that text. Every restic version.
 */
public final class InitRequest implements ResticRequest<RepositoryConfig, Void> {

  private final Duration timeout;

  private InitRequest(Builder b) {
    this.timeout = b.timeoutValue();
  }

  /**
   * Starts a request.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String command() {
    return "init";
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.NONE;
  }

  /** Builds an {@link InitRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {

    private Builder() {}

    /**
     * Builds the request.
     *
     * @return the request
     */
    public InitRequest build() {
      return new InitRequest(this);
    }
  }
}
