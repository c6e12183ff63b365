package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.List;
import java.util.Optional;

/**
 * Lists snapshots ({@code restic snapshots --json}) with optional host, tag and path filters and
 * {@code --latest N}. Takes a shared lock. Every restic version.
 */
public final class SnapshotsRequest extends TimedRequest<List<Snapshot>, Void> {

  private final SnapshotFilter filter;
  private final Integer latest;

  private SnapshotsRequest(Builder b) {
    super(b.timeoutValue());
    this.filter = b.filterValue();
    this.latest = b.latest;
  }

  /**
   * Starts a request that lists all snapshots.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Host, tag and path filters ({@code --host}, {@code --tag}, {@code --path}).
   *
   * @return the filters
   */
  public SnapshotFilter filter() {
    return filter;
  }

  /**
   * Only the latest N snapshots per host and path set ({@code --latest}).
   *
   * @return N, if set
   */
  public Optional<Integer> latest() {
    return Optional.ofNullable(latest);
  }

  @Override
  public String command() {
    return "snapshots";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link SnapshotsRequest}. */
  public static final class Builder extends FilteredRequestBuilder<Builder> {
    private Integer latest;

    private Builder() {}

    /**
     * Keeps only the latest N snapshots per host and path set.
     *
     * @param n at least 1
     * @return this builder
     * @throws InvalidRequestException if n is below 1
     */
    public Builder latest(int n) {
      if (n < 1) {
        throw new InvalidRequestException("latest must be at least 1, was " + n);
      }
      this.latest = n;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public SnapshotsRequest build() {
      return new SnapshotsRequest(this);
    }
  }
}
