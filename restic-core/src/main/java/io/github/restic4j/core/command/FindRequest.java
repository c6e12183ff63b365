package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Searches snapshots for files and directories by name pattern ({@code restic find --json
 * <pattern>...}). Run it with {@link io.github.restic4j.core.ResticRepository#find(FindRequest)} to
 * read the matches as a stream; with {@code start(request, callback)} every {@link FindMatch}
 * arrives as an event and the result is the number of matches.
 *
 * <p>Patterns are restic's: {@code *.txt} matches the name at any depth, {@code /home/alice/a.txt}
 * an absolute path, {@code **} any number of directories.
 *
 * <p>Takes a shared lock. Every restic version.
 */
public final class FindRequest extends TimedRequest<Long, FindMatch> {

  private final List<String> patterns;
  private final List<String> snapshots;
  private final SnapshotFilter filter;
  private final boolean ignoreCase;
  private final LocalDateTime oldest;
  private final LocalDateTime newest;

  private FindRequest(Builder b) {
    super(b.timeoutValue());
    this.patterns = List.copyOf(b.patterns);
    this.snapshots = List.copyOf(b.snapshots);
    this.filter = b.filterValue();
    this.ignoreCase = b.ignoreCase;
    this.oldest = b.oldest;
    this.newest = b.newest;
  }

  /**
   * Starts a request with one or more patterns.
   *
   * @param pattern the first pattern
   * @param more further patterns (an entry matching any pattern is reported)
   * @return a builder
   * @throws InvalidRequestException if a pattern is blank or starts with {@code -}
   */
  public static Builder builder(String pattern, String... more) {
    Builder b = new Builder();
    b.pattern(pattern);
    for (String p : more) {
      b.pattern(p);
    }
    return b;
  }

  /**
   * The patterns.
   *
   * @return at least one pattern
   */
  public List<String> patterns() {
    return patterns;
  }

  /**
   * The snapshots to search ({@code --snapshot}); empty for all (after the filters).
   *
   * @return snapshot ids
   */
  public List<String> snapshots() {
    return snapshots;
  }

  /**
   * Host, tag and path filters ({@code --host}, {@code --tag}, {@code --path}); they select the
   * snapshots searched when no snapshot is named.
   *
   * @return the filters
   */
  public SnapshotFilter filter() {
    return filter;
  }

  /**
   * Whether patterns ignore case ({@code --ignore-case}).
   *
   * @return true to ignore case
   */
  public boolean ignoreCase() {
    return ignoreCase;
  }

  /**
   * Oldest modification time of a match ({@code --oldest}), in restic's local time zone.
   *
   * @return the bound, if set
   */
  public Optional<LocalDateTime> oldest() {
    return Optional.ofNullable(oldest);
  }

  /**
   * Newest modification time of a match ({@code --newest}), in restic's local time zone.
   *
   * @return the bound, if set
   */
  public Optional<LocalDateTime> newest() {
    return Optional.ofNullable(newest);
  }

  @Override
  public String command() {
    return "find";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link FindRequest}. */
  public static final class Builder extends FilteredRequestBuilder<Builder> {
    private final List<String> patterns = new ArrayList<>();
    private final List<String> snapshots = new ArrayList<>();
    private boolean ignoreCase;
    private LocalDateTime oldest;
    private LocalDateTime newest;

    private Builder() {}

    /**
     * Adds a pattern.
     *
     * @param pattern the pattern
     * @return this builder
     * @throws InvalidRequestException if it is blank or starts with {@code -}
     */
    public Builder pattern(String pattern) {
      Requests.nonBlank(pattern, "pattern");
      if (pattern.startsWith("-")) {
        throw new InvalidRequestException("pattern must not start with '-': " + pattern);
      }
      patterns.add(pattern);
      return this;
    }

    /**
     * Searches only this snapshot (may be given several times).
     *
     * @param id a snapshot id (full or unique prefix) or {@code latest}
     * @return this builder
     */
    public Builder snapshot(String id) {
      snapshots.add(Requests.nonBlank(id, "snapshot"));
      return this;
    }

    /**
     * Matches patterns regardless of case ({@code --ignore-case}).
     *
     * @return this builder
     */
    public Builder ignoreCase() {
      this.ignoreCase = true;
      return this;
    }

    /**
     * Only reports entries modified at or after this time ({@code --oldest}).
     *
     * @param time the time in restic's local time zone (second precision)
     * @return this builder
     */
    public Builder oldest(LocalDateTime time) {
      this.oldest = Objects.requireNonNull(time, "oldest");
      return this;
    }

    /**
     * Only reports entries modified at or before this time ({@code --newest}).
     *
     * @param time the time in restic's local time zone (second precision)
     * @return this builder
     */
    public Builder newest(LocalDateTime time) {
      this.newest = Objects.requireNonNull(time, "newest");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws InvalidRequestException if oldest is after newest
     */
    public FindRequest build() {
      if (oldest != null && newest != null && oldest.isAfter(newest)) {
        throw new InvalidRequestException("oldest " + oldest + " is after newest " + newest);
      }
      return new FindRequest(this);
    }
  }
}
