package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Restores a snapshot into a folder ({@code restic restore <snapshot> --target <dir>}). Takes a
 * shared lock. Every restic version; progress events and figures need 0.16.0+ (JSON), {@code
 * delete} and {@code dryRun} need 0.17.0+.
 */
public final class RestoreRequest extends TimedRequest<RestoreSummary, RestoreEvent> {

  private static final Pattern SNAPSHOT = Pattern.compile("latest|[0-9a-fA-F]{4,64}(:.+)?");

  private final String snapshot;
  private final Path target;
  private final List<String> includes;
  private final List<String> excludes;
  private final boolean verify;
  private final SnapshotFilter filter;
  private final boolean verbose;
  private final boolean delete;
  private final boolean dryRun;

  private RestoreRequest(Builder b) {
    super(b.timeoutValue());
    this.snapshot = b.snapshot;
    this.target = b.target;
    this.includes = List.copyOf(b.includes);
    this.excludes = List.copyOf(b.excludes);
    this.verify = b.verify;
    this.filter = b.filterValue();
    this.verbose = b.verbose;
    this.delete = b.delete;
    this.dryRun = b.dryRun;
  }

  /**
   * Starts a request.
   *
   * @param snapshot a snapshot id (at least 4 hex characters), {@code latest}, or either with a
   *     subfolder ({@code abcd1234:/home})
   * @param target the folder to restore into ({@code --target})
   * @return a builder
   * @throws InvalidRequestException if the snapshot is neither an id nor {@code latest}
   */
  public static Builder builder(String snapshot, Path target) {
    return new Builder(snapshot, target);
  }

  /**
   * The snapshot to restore.
   *
   * @return an id or {@code latest}
   */
  public String snapshot() {
    return snapshot;
  }

  /**
   * The target folder.
   *
   * @return the folder
   */
  public Path target() {
    return target;
  }

  /**
   * Include patterns ({@code --include}).
   *
   * @return patterns
   */
  public List<String> includes() {
    return includes;
  }

  /**
   * Exclude patterns ({@code --exclude}).
   *
   * @return patterns
   */
  public List<String> excludes() {
    return excludes;
  }

  /**
   * Whether restored files are verified ({@code --verify}).
   *
   * @return true if so
   */
  public boolean verify() {
    return verify;
  }

  /**
   * Host, tag and path filters ({@code --host}, {@code --tag}, {@code --path}) for {@code latest}.
   *
   * @return the filters
   */
  public SnapshotFilter filter() {
    return filter;
  }

  /**
   * Whether per-item events are requested ({@code --verbose=2}; events on 0.17.0+).
   *
   * @return true if so
   */
  public boolean verbose() {
    return verbose;
  }

  /**
   * Whether files in the target that are not in the snapshot are deleted ({@code --delete},
   * 0.17.0+).
   *
   * @return true if so
   */
  public boolean delete() {
    return delete;
  }

  /**
   * Whether nothing is written ({@code --dry-run}, 0.17.0+).
   *
   * @return true for a dry run
   */
  public boolean dryRun() {
    return dryRun;
  }

  @Override
  public String command() {
    return "restore";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link RestoreRequest}. */
  public static final class Builder extends FilteredRequestBuilder<Builder> {
    private final String snapshot;
    private final Path target;
    private final List<String> includes = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private boolean verify;
    private boolean verbose;
    private boolean delete;
    private boolean dryRun;

    private Builder(String snapshot, Path target) {
      Requests.nonBlank(snapshot, "snapshot");
      if (!SNAPSHOT.matcher(snapshot).matches()) {
        throw new InvalidRequestException(
            "snapshot must be a hex snapshot id or 'latest', was " + snapshot);
      }
      this.snapshot = snapshot;
      this.target = Objects.requireNonNull(target, "target");
      Requests.noLineBreak(target.toString(), "target");
    }

    /**
     * Restores only matching files ({@code --include}).
     *
     * @param pattern the pattern
     * @return this builder
     */
    public Builder include(String pattern) {
      includes.add(Requests.nonBlank(pattern, "include pattern"));
      return this;
    }

    /**
     * Skips matching files ({@code --exclude}).
     *
     * @param pattern the pattern
     * @return this builder
     */
    public Builder exclude(String pattern) {
      excludes.add(Requests.nonBlank(pattern, "exclude pattern"));
      return this;
    }

    /**
     * Verifies restored files ({@code --verify}).
     *
     * @return this builder
     */
    public Builder verify() {
      this.verify = true;
      return this;
    }

    /**
     * Requests per-item {@link RestoreVerboseStatus} events ({@code --verbose=2}; restic 0.17.0+
     * emits them, older versions print text that is ignored).
     *
     * @return this builder
     */
    public Builder verbose() {
      this.verbose = true;
      return this;
    }

    /**
     * Deletes files in the target that are not in the snapshot ({@code --delete}; restic 0.17.0+).
     *
     * @return this builder
     */
    public Builder delete() {
      this.delete = true;
      return this;
    }

    /**
     * Writes nothing ({@code --dry-run}; restic 0.17.0+).
     *
     * @return this builder
     */
    public Builder dryRun() {
      this.dryRun = true;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws InvalidRequestException if host, tag or path filters are combined with an explicit
     *     snapshot id (they only select {@code latest})
     */
    public RestoreRequest build() {
      if (!filterValue().isEmpty() && !snapshot.startsWith("latest")) {
        throw new InvalidRequestException(
            "host/tag/path filters only apply to 'latest', not to snapshot " + snapshot);
      }
      return new RestoreRequest(this);
    }
  }
}
