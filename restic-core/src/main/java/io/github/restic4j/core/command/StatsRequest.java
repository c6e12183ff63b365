package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Repository or snapshot statistics ({@code restic stats --json}). Takes a shared lock. Every
 * restic version.
 */
public final class StatsRequest implements ResticRequest<RepositoryStats, Void> {

  private static final Pattern SNAPSHOT = Pattern.compile("latest|[0-9a-fA-F]{4,64}");

  private final StatsMode mode;
  private final List<String> snapshots;
  private final List<String> hosts;
  private final List<String> tags;
  private final List<String> paths;
  private final Duration timeout;

  private StatsRequest(Builder b) {
    this.mode = b.mode;
    this.snapshots = List.copyOf(b.snapshots);
    this.hosts = List.copyOf(b.hosts);
    this.tags = List.copyOf(b.tags);
    this.paths = List.copyOf(b.paths);
    this.timeout = b.timeout;
  }

  /**
   * Starts a request (all snapshots, restic's default mode).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The counting mode ({@code --mode}).
   *
   * @return the mode, if set
   */
  public Optional<StatsMode> mode() {
    return Optional.ofNullable(mode);
  }

  /**
   * Snapshot ids (or {@code latest}) to count; empty for all.
   *
   * @return ids
   */
  public List<String> snapshots() {
    return snapshots;
  }

  /**
   * Host filters ({@code --host}).
   *
   * @return hosts
   */
  public List<String> hosts() {
    return hosts;
  }

  /**
   * Tag filters ({@code --tag}).
   *
   * @return tags
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

  @Override
  public String command() {
    return "stats";
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link StatsRequest}. */
  public static final class Builder {
    private StatsMode mode;
    private final List<String> snapshots = new ArrayList<>();
    private final List<String> hosts = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private Duration timeout;

    private Builder() {}

    /**
     * Sets the counting mode ({@code --mode}).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(StatsMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Adds a snapshot to count.
     *
     * @param snapshot an id (at least 4 hex characters) or {@code latest}
     * @return this builder
     * @throws InvalidRequestException if it is neither
     */
    public Builder snapshot(String snapshot) {
      Requests.nonBlank(snapshot, "snapshot");
      if (!SNAPSHOT.matcher(snapshot).matches()) {
        throw new InvalidRequestException(
            "snapshot must be a hex snapshot id or 'latest', was " + snapshot);
      }
      snapshots.add(snapshot);
      return this;
    }

    /**
     * Adds a host filter.
     *
     * @param host the host
     * @return this builder
     */
    public Builder host(String host) {
      hosts.add(Requests.nonBlank(host, "host"));
      return this;
    }

    /**
     * Adds a tag filter.
     *
     * @param tag the tag, or comma-separated tags that must all be present
     * @return this builder
     */
    public Builder tag(String tag) {
      tags.add(Requests.nonBlank(tag, "tag"));
      return this;
    }

    /**
     * Adds a path filter.
     *
     * @param path the backed-up path
     * @return this builder
     */
    public Builder path(String path) {
      paths.add(Requests.nonBlank(path, "path"));
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
    public StatsRequest build() {
      return new StatsRequest(this);
    }
  }
}
