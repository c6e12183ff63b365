package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;

/**
 * Creates a repository ({@code restic init}). On restic 0.14, which prints only text, the result
 * carries the repository id parsed from that text. Every restic version.
 */
public final class InitRequest extends TimedRequest<RepositoryConfig, Void> {

  private InitRequest(Builder b) {
    super(b.timeoutValue());
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
