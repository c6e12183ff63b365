package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.Optional;

/**
 * Writes one file (or a folder as tar/zip archive) from a snapshot as raw bytes ({@code restic dump
 * <snapshot> <path>}). Run it with {@link
 * io.github.restic4j.core.ResticRepository#dump(DumpRequest, java.io.OutputStream)}, which supplies
 * the destination stream. Takes a shared lock. Every restic version.
 */
public final class DumpRequest extends TimedRequest<Long, Void> {

  private final String snapshot;
  private final String path;
  private final String archive;
  private final SnapshotFilter filter;

  private DumpRequest(Builder b) {
    super(b.timeoutValue());
    this.snapshot = b.snapshot;
    this.path = b.path;
    this.archive = b.archive;
    this.filter = b.filter.build();
  }

  /**
   * Starts a request.
   *
   * @param snapshot a snapshot id (at least 4 hex characters) or {@code latest}
   * @param path the absolute path inside the snapshot, for example {@code /home/a/notes.txt}
   * @return a builder
   * @throws InvalidRequestException if the snapshot or path is invalid
   */
  public static Builder builder(String snapshot, String path) {
    return new Builder(snapshot, path);
  }

  /**
   * The snapshot.
   *
   * @return an id or {@code latest}
   */
  public String snapshot() {
    return snapshot;
  }

  /**
   * The path inside the snapshot.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * Archive format for folders ({@code --archive}).
   *
   * @return {@code tar} or {@code zip}, if set
   */
  public Optional<String> archive() {
    return Optional.ofNullable(archive);
  }

  /**
   * Host, tag and path filters ({@code --host}, {@code --tag}, {@code --path}) for {@code latest}.
   *
   * @return the filters
   */
  public SnapshotFilter filter() {
    return filter;
  }

  @Override
  public String command() {
    return "dump";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link DumpRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {
    private final String snapshot;
    private final String path;
    private String archive;
    private final SnapshotFilter.Collector filter = new SnapshotFilter.Collector();

    private Builder(String snapshot, String path) {
      Requests.snapshotId(snapshot);
      Requests.nonBlank(path, "path");
      if (!path.startsWith("/")) {
        throw new InvalidRequestException(
            "dump path must be absolute inside the snapshot: " + path);
      }
      this.snapshot = snapshot;
      this.path = path;
    }

    /**
     * Sets the archive format used for folders ({@code --archive}).
     *
     * @param format {@code tar} or {@code zip}
     * @return this builder
     * @throws InvalidRequestException for another format
     */
    public Builder archive(String format) {
      if (!"tar".equals(format) && !"zip".equals(format)) {
        throw new InvalidRequestException("archive must be tar or zip, was " + format);
      }
      this.archive = format;
      return this;
    }

    /**
     * Chooses {@code latest} among this host's snapshots.
     *
     * @param host the host
     * @return this builder
     */
    public Builder host(String host) {
      filter.host(host, "host");
      return this;
    }

    /**
     * Chooses {@code latest} among snapshots with this tag.
     *
     * @param tag the tag
     * @return this builder
     */
    public Builder tag(String tag) {
      filter.tag(tag, "tag");
      return this;
    }

    /**
     * Chooses {@code latest} among snapshots of this backed-up path.
     *
     * @param path the path
     * @return this builder
     */
    public Builder filterPath(String path) {
      filter.path(path, "path filter");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public DumpRequest build() {
      return new DumpRequest(this);
    }
  }
}
