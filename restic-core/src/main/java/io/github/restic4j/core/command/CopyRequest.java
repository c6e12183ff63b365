package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticRepository;
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
 * Copies snapshots from another repository into this one ({@code restic copy}). The source's
 * location and password are passed through {@code RESTIC_FROM_REPOSITORY} and {@code
 * RESTIC_FROM_PASSWORD} (or {@code _FILE}/{@code _COMMAND}); run it with {@link
 * ResticRepository#copy(CopyRequest)}. Takes shared locks on both repositories. restic 0.14.0+.
 */
public final class CopyRequest implements ResticRequest<CopyResult, Void> {

  private static final Pattern SNAPSHOT = Pattern.compile("latest|[0-9a-fA-F]{4,64}");

  private final ResticRepository source;
  private final List<String> snapshots;
  private final List<String> hosts;
  private final List<String> tags;
  private final List<String> paths;
  private final Duration timeout;

  private CopyRequest(Builder b) {
    this.source = b.source;
    this.snapshots = List.copyOf(b.snapshots);
    this.hosts = List.copyOf(b.hosts);
    this.tags = List.copyOf(b.tags);
    this.paths = List.copyOf(b.paths);
    this.timeout = b.timeout;
  }

  /**
   * Starts a request.
   *
   * @param source the repository to copy from (its location, password and backend variables are
   *     used; its {@code -o} options and cache settings are not)
   * @return a builder
   */
  public static Builder builder(ResticRepository source) {
    return new Builder(source);
  }

  /**
   * The repository copied from.
   *
   * @return the source
   */
  public ResticRepository source() {
    return source;
  }

  /**
   * Snapshots to copy; empty for all matching the filters.
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
    return "copy";
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Shared, on the destination (and on the source).
   */
  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link CopyRequest}. */
  public static final class Builder {
    private final ResticRepository source;
    private final List<String> snapshots = new ArrayList<>();
    private final List<String> hosts = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private Duration timeout;

    private Builder(ResticRepository source) {
      this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Copies this snapshot.
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
     * Only copies snapshots of this host.
     *
     * @param host the host
     * @return this builder
     */
    public Builder host(String host) {
      hosts.add(Requests.nonBlank(host, "host"));
      return this;
    }

    /**
     * Only copies snapshots with this tag.
     *
     * @param tag the tag, or comma-separated tags that must all be present
     * @return this builder
     */
    public Builder tag(String tag) {
      tags.add(Requests.nonBlank(tag, "tag"));
      return this;
    }

    /**
     * Only copies snapshots of this path.
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
    public CopyRequest build() {
      return new CopyRequest(this);
    }
  }
}
