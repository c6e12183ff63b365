package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Backs up files or standard input ({@code restic backup}). Takes a shared lock (none with dry-run
 * on 0.16+). Every restic version unless an option says otherwise.
 */
public final class BackupRequest extends TimedRequest<BackupSummary, BackupEvent> {

  private final List<Path> paths;
  private final Supplier<InputStream> stdin;
  private final String stdinFilename;
  private final List<String> excludes;
  private final List<Path> excludeFiles;
  private final List<String> tags;
  private final String host;
  private final String parent;
  private final boolean dryRun;
  private final boolean skipIfUnchanged;
  private final boolean oneFileSystem;
  private final Integer readConcurrency;
  private final boolean verbose;
  private final boolean failOnUnreadable;

  private BackupRequest(Builder b) {
    super(b.timeoutValue());
    this.paths = List.copyOf(b.paths);
    this.stdin = b.stdin;
    this.stdinFilename = b.stdinFilename;
    this.excludes = List.copyOf(b.excludes);
    this.excludeFiles = List.copyOf(b.excludeFiles);
    this.tags = List.copyOf(b.tags);
    this.host = b.host;
    this.parent = b.parent;
    this.dryRun = b.dryRun;
    this.skipIfUnchanged = b.skipIfUnchanged;
    this.oneFileSystem = b.oneFileSystem;
    this.readConcurrency = b.readConcurrency;
    this.verbose = b.verbose;
    this.failOnUnreadable = b.failOnUnreadable;
  }

  /**
   * Starts a request.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Shortcut for a backup of the given paths.
   *
   * @param paths files or folders
   * @return the request
   */
  public static BackupRequest of(Path... paths) {
    Builder b = builder();
    for (Path p : paths) {
      b.path(p);
    }
    return b.build();
  }

  /**
   * Paths to back up (empty when backing up stdin).
   *
   * @return paths
   */
  public List<Path> paths() {
    return paths;
  }

  /**
   * The stdin source, when backing up a stream ({@code --stdin}).
   *
   * @return the supplier of the stream, called once per run
   */
  public Optional<Supplier<InputStream>> stdin() {
    return Optional.ofNullable(stdin);
  }

  /**
   * File name recorded for a stdin backup ({@code --stdin-filename}).
   *
   * @return the name, if set
   */
  public Optional<String> stdinFilename() {
    return Optional.ofNullable(stdinFilename);
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
   * Exclude files ({@code --exclude-file}).
   *
   * @return files with one pattern per line
   */
  public List<Path> excludeFiles() {
    return excludeFiles;
  }

  /**
   * Tags for the new snapshot ({@code --tag}).
   *
   * @return tags
   */
  public List<String> tags() {
    return tags;
  }

  /**
   * Host name recorded ({@code --host}).
   *
   * @return the host, if set
   */
  public Optional<String> host() {
    return Optional.ofNullable(host);
  }

  /**
   * Parent snapshot ({@code --parent}).
   *
   * @return the snapshot id, if set
   */
  public Optional<String> parent() {
    return Optional.ofNullable(parent);
  }

  /**
   * Whether nothing is written ({@code --dry-run}).
   *
   * @return true for a dry run
   */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * Whether an unchanged backup writes no snapshot ({@code --skip-if-unchanged}, 0.17.0+).
   *
   * @return true to skip
   */
  public boolean skipIfUnchanged() {
    return skipIfUnchanged;
  }

  /**
   * Whether to stay on one file system ({@code --one-file-system}).
   *
   * @return true to stay
   */
  public boolean oneFileSystem() {
    return oneFileSystem;
  }

  /**
   * Files read in parallel ({@code --read-concurrency}, 0.15.0+).
   *
   * @return the number, if set
   */
  public Optional<Integer> readConcurrency() {
    return Optional.ofNullable(readConcurrency);
  }

  /**
   * Whether per-file verbose events are requested ({@code --verbose=2}).
   *
   * @return true for verbose
   */
  public boolean verbose() {
    return verbose;
  }

  /**
   * Whether unreadable files (exit code 3) fail the backup with {@link
   * io.github.restic4j.core.error.IncompleteBackupException} instead of being listed in the
   * summary.
   *
   * @return true to fail
   */
  public boolean failOnUnreadable() {
    return failOnUnreadable;
  }

  @Override
  public String command() {
    return "backup";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return dryRun && version.isAtLeast(0, 16, 0) ? LockMode.NONE : LockMode.SHARED;
  }

  /** Builds a {@link BackupRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {
    private final List<Path> paths = new ArrayList<>();
    private Supplier<InputStream> stdin;
    private String stdinFilename;
    private final List<String> excludes = new ArrayList<>();
    private final List<Path> excludeFiles = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private String host;
    private String parent;
    private boolean dryRun;
    private boolean skipIfUnchanged;
    private boolean oneFileSystem;
    private Integer readConcurrency;
    private boolean verbose;
    private boolean failOnUnreadable;

    private Builder() {}

    /**
     * Adds a file or folder to back up.
     *
     * @param path the path
     * @return this builder
     */
    public Builder path(Path path) {
      Objects.requireNonNull(path, "path");
      Requests.noLineBreak(path.toString(), "path");
      paths.add(path);
      return this;
    }

    /**
     * Adds several paths.
     *
     * @param more the paths
     * @return this builder
     */
    public Builder paths(List<Path> more) {
      more.forEach(this::path);
      return this;
    }

    /**
     * Backs up a stream instead of files ({@code --stdin}). The supplier is called once per run and
     * the stream is closed afterwards.
     *
     * @param source opens the stream
     * @param filename the name recorded in the snapshot ({@code --stdin-filename})
     * @return this builder
     */
    public Builder stdin(Supplier<InputStream> source, String filename) {
      this.stdin = Objects.requireNonNull(source, "source");
      this.stdinFilename = Requests.nonBlank(filename, "stdin filename");
      return this;
    }

    /**
     * Adds an exclude pattern.
     *
     * @param pattern the pattern
     * @return this builder
     */
    public Builder exclude(String pattern) {
      excludes.add(Requests.nonBlank(pattern, "exclude pattern"));
      return this;
    }

    /**
     * Adds an exclude file.
     *
     * @param file the file with one pattern per line
     * @return this builder
     */
    public Builder excludeFile(Path file) {
      excludeFiles.add(Objects.requireNonNull(file, "exclude file"));
      return this;
    }

    /**
     * Adds a tag.
     *
     * @param tag the tag (no commas)
     * @return this builder
     * @throws InvalidRequestException if the tag contains a comma
     */
    public Builder tag(String tag) {
      Requests.nonBlank(tag, "tag");
      if (tag.contains(",")) {
        throw new InvalidRequestException("a tag must not contain ',': " + tag);
      }
      tags.add(tag);
      return this;
    }

    /**
     * Sets the host name recorded.
     *
     * @param host the host
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Requests.nonBlank(host, "host");
      return this;
    }

    /**
     * Sets the parent snapshot.
     *
     * @param snapshotId the id
     * @return this builder
     */
    public Builder parent(String snapshotId) {
      this.parent = Requests.nonBlank(snapshotId, "parent");
      return this;
    }

    /**
     * Writes nothing ({@code --dry-run}).
     *
     * @return this builder
     */
    public Builder dryRun() {
      this.dryRun = true;
      return this;
    }

    /**
     * Writes no snapshot if nothing changed ({@code --skip-if-unchanged}; restic 0.17.0+).
     *
     * @return this builder
     */
    public Builder skipIfUnchanged() {
      this.skipIfUnchanged = true;
      return this;
    }

    /**
     * Stays on the file systems of the given paths ({@code --one-file-system}).
     *
     * @return this builder
     */
    public Builder oneFileSystem() {
      this.oneFileSystem = true;
      return this;
    }

    /**
     * Sets how many files are read in parallel ({@code --read-concurrency}; restic 0.15.0+).
     *
     * @param n at least 1
     * @return this builder
     * @throws InvalidRequestException if n is below 1
     */
    public Builder readConcurrency(int n) {
      if (n < 1) {
        throw new InvalidRequestException("readConcurrency must be at least 1, was " + n);
      }
      this.readConcurrency = n;
      return this;
    }

    /**
     * Requests per-file {@link BackupVerboseStatus} events ({@code --verbose=2}).
     *
     * @return this builder
     */
    public Builder verbose() {
      this.verbose = true;
      return this;
    }

    /**
     * Treats unreadable files (exit 3) as failure ({@link
     * io.github.restic4j.core.error.IncompleteBackupException}).
     *
     * @return this builder
     */
    public Builder failOnUnreadable() {
      this.failOnUnreadable = true;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws InvalidRequestException if neither paths nor stdin are given, or both
     */
    public BackupRequest build() {
      if (paths.isEmpty() && stdin == null) {
        throw new InvalidRequestException("backup needs at least one path or a stdin source");
      }
      if (!paths.isEmpty() && stdin != null) {
        throw new InvalidRequestException("backup takes either paths or a stdin source, not both");
      }
      return new BackupRequest(this);
    }
  }
}
