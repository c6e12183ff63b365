package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists snapshots ({@code restic snapshots --json}) with optional host, tag and path filters and
 * {@code --latest N}. Takes a shared lock. Every restic version.
 */
public final class SnapshotsRequest implements ResticRequest<List<Snapshot>, Void> {

  private final List<String> hosts;
  private final List<String> tags;
  private final List<String> paths;
  private final Integer latest;
  private final Duration timeout;

  private SnapshotsRequest(Builder b) {
    this.hosts = List.copyOf(b.hosts);
    this.tags = List.copyOf(b.tags);
    this.paths = List.copyOf(b.paths);
    this.latest = b.latest;
    this.timeout = b.timeout;
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
   * Host filters ({@code --host}).
   *
   * @return host names
   */
  public List<String> hosts() {
    return hosts;
  }

  /**
   * Tag filters ({@code --tag}); each entry may be a comma-separated set that must all match.
   *
   * @return tag filters
   */
  public List<String> tags() {
    return tags;
  }

  /**
   * Path filters ({@code --path}).
   *
   * @return paths
   */
  public List<String> paths() {
    return paths;
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
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link SnapshotsRequest}. */
  public static final class Builder {
    private final List<String> hosts = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private Integer latest;
    private Duration timeout;

    private Builder() {}

    /**
     * Adds a host filter.
     *
     * @param host the host name
     * @return this builder
     */
    public Builder host(String host) {
      hosts.add(Requests.nonBlank(host, "host"));
      return this;
    }

    /**
     * Adds a tag filter.
     *
     * @param tag a tag, or comma-separated tags that must all be present
     * @return this builder
     */
    public Builder tag(String tag) {
      tags.add(Requests.nonBlank(tag, "tag"));
      return this;
    }

    /**
     * Adds a path filter.
     *
     * @param path an absolute backed-up path
     * @return this builder
     */
    public Builder path(String path) {
      paths.add(Requests.nonBlank(path, "path"));
      return this;
    }

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
     * Sets the timeout.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Requests.positive(timeout, "timeout");
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
