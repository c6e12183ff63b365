package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the entries of one snapshot ({@code restic ls --json <snapshot> [dir...]}). Run it with
 * {@link io.github.restic4j.core.ResticRepository#ls(LsRequest)} to read the entries as a stream;
 * with {@code start(request, callback)} every {@link LsNode} arrives as an event and the result is
 * the listed {@link Snapshot}.
 *
 * <p>Without directories restic lists the whole snapshot. With directories it lists only those
 * directories' direct entries, or everything below them with {@link Builder#recursive()}.
 *
 * <p>Lock: none before restic 0.17.0, shared from 0.17.0 on. Every restic version.
 */
public final class LsRequest extends TimedRequest<Snapshot, LsNode> {

  private final String snapshot;
  private final List<String> dirs;
  private final boolean recursive;
  private final SnapshotFilter filter;

  private LsRequest(Builder b) {
    super(b.timeoutValue());
    this.snapshot = b.snapshot;
    this.dirs = List.copyOf(b.dirs);
    this.recursive = b.recursive;
    this.filter = b.filterValue();
  }

  /**
   * Starts a request for a snapshot.
   *
   * @param snapshot a snapshot id (full or unique prefix) or {@code latest}
   * @return a builder
   * @throws InvalidRequestException if the id is blank or starts with {@code -}
   */
  public static Builder builder(String snapshot) {
    return new Builder(snapshot);
  }

  /**
   * Starts a request for the latest snapshot (narrow it down with host, tag and path filters).
   *
   * @return a builder
   */
  public static Builder latest() {
    return new Builder("latest");
  }

  /**
   * The snapshot id or {@code latest}.
   *
   * @return the snapshot
   */
  public String snapshot() {
    return snapshot;
  }

  /**
   * Directories inside the snapshot to list; empty for the whole snapshot.
   *
   * @return absolute paths inside the snapshot
   */
  public List<String> dirs() {
    return dirs;
  }

  /**
   * Whether subdirectories of {@link #dirs()} are listed too ({@code --recursive}).
   *
   * @return true to recurse
   */
  public boolean recursive() {
    return recursive;
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
    return "ls";
  }

  /** {@inheritDoc} None before restic 0.17.0, shared from 0.17.0 on (restic #4709). */
  @Override
  public LockMode lockMode(ResticVersion version) {
    return version.isAtLeast(0, 17, 0) ? LockMode.SHARED : LockMode.NONE;
  }

  /** Builds an {@link LsRequest}. */
  public static final class Builder extends FilteredRequestBuilder<Builder> {
    private final String snapshot;
    private final List<String> dirs = new ArrayList<>();
    private boolean recursive;

    private Builder(String snapshot) {
      this.snapshot = Requests.nonBlank(snapshot, "snapshot");
      if (snapshot.startsWith("-")) {
        throw new InvalidRequestException("snapshot must not start with '-': " + snapshot);
      }
    }

    /**
     * Lists only this directory inside the snapshot (may be given several times).
     *
     * @param dir an absolute path inside the snapshot, for example {@code /home/alice}
     * @return this builder
     */
    public Builder dir(String dir) {
      dirs.add(Requests.nonBlank(dir, "dir"));
      return this;
    }

    /**
     * Lists everything below the given directories, not only their direct entries ({@code
     * --recursive}).
     *
     * @return this builder
     */
    public Builder recursive() {
      this.recursive = true;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public LsRequest build() {
      return new LsRequest(this);
    }
  }
}
