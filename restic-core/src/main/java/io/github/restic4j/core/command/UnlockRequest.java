package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;

/**
 * Removes locks ({@code restic unlock}). Plain unlock removes only locks restic itself considers
 * stale (older than 30 minutes, or from this host name with a dead PID); {@code --remove-all}
 * removes every lock, including those of running processes. Every restic version.
 */
public final class UnlockRequest extends TimedRequest<Void, Void> {

  private final boolean removeAll;

  private UnlockRequest(Builder b) {
    super(b.timeoutValue());
    this.removeAll = b.removeAll;
  }

  /**
   * Starts a request; by default removes stale locks only.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Removes only stale locks.
   *
   * @return the request
   */
  public static UnlockRequest staleOnly() {
    return builder().build();
  }

  /**
   * Whether every lock is removed ({@code --remove-all}).
   *
   * @return true for remove-all
   */
  public boolean removeAll() {
    return removeAll;
  }

  @Override
  public String command() {
    return "unlock";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.NONE;
  }

  /** Builds an {@link UnlockRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {
    private boolean removeAll;

    private Builder() {}

    /**
     * Removes every lock, also those of running restic processes on any host. Use only when no
     * other restic accesses the repository.
     *
     * @return this builder
     */
    public Builder removeAll() {
      this.removeAll = true;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public UnlockRequest build() {
      return new UnlockRequest(this);
    }
  }
}
