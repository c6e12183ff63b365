package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Removes unreferenced data from the repository ({@code restic prune}). restic prints no JSON for
 * prune up to 0.19, so the result is read from the text report. Takes an exclusive lock (also with
 * dry-run). Every restic version; {@code repackSmall} and {@code repackUncompressed} need 0.15.0+.
 */
public final class PruneRequest extends TimedRequest<PruneSummary, Void> {

  private static final Pattern MAX_UNUSED =
      Pattern.compile("unlimited|\\d+(\\.\\d+)?%|\\d+[kKmMgGtT]?");
  private static final Pattern SIZE = Pattern.compile("\\d+[kKmMgGtT]?");

  private final String maxUnused;
  private final String maxRepackSize;
  private final boolean repackCacheableOnly;
  private final boolean repackSmall;
  private final boolean repackUncompressed;
  private final boolean dryRun;

  private PruneRequest(Builder b) {
    super(b.timeoutValue());
    this.maxUnused = b.maxUnused;
    this.maxRepackSize = b.maxRepackSize;
    this.repackCacheableOnly = b.repackCacheableOnly;
    this.repackSmall = b.repackSmall;
    this.repackUncompressed = b.repackUncompressed;
    this.dryRun = b.dryRun;
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
   * Tolerated unused space ({@code --max-unused}).
   *
   * @return for example {@code 5%}, {@code 100M} or {@code unlimited}, if set
   */
  public Optional<String> maxUnused() {
    return Optional.ofNullable(maxUnused);
  }

  /**
   * Maximum size to repack ({@code --max-repack-size}).
   *
   * @return for example {@code 2G}, if set
   */
  public Optional<String> maxRepackSize() {
    return Optional.ofNullable(maxRepackSize);
  }

  /**
   * Whether only cacheable (tree) packs are repacked ({@code --repack-cacheable-only}).
   *
   * @return true if so
   */
  public boolean repackCacheableOnly() {
    return repackCacheableOnly;
  }

  /**
   * Whether small packs are repacked ({@code --repack-small}, 0.15.0+).
   *
   * @return true if so
   */
  public boolean repackSmall() {
    return repackSmall;
  }

  /**
   * Whether uncompressed packs are repacked ({@code --repack-uncompressed}, 0.15.0+).
   *
   * @return true if so
   */
  public boolean repackUncompressed() {
    return repackUncompressed;
  }

  /**
   * Whether nothing is changed ({@code --dry-run}).
   *
   * @return true for a dry run
   */
  public boolean dryRun() {
    return dryRun;
  }

  @Override
  public String command() {
    return "prune";
  }

  /**
   * {@inheritDoc}
   *
   * <p>Always exclusive (restic4j does not pass {@code --no-lock}, reference section 1.5).
   */
  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.EXCLUSIVE;
  }

  /** Builds a {@link PruneRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {
    private String maxUnused;
    private String maxRepackSize;
    private boolean repackCacheableOnly;
    private boolean repackSmall;
    private boolean repackUncompressed;
    private boolean dryRun;

    private Builder() {}

    /**
     * Sets the tolerated unused space ({@code --max-unused}).
     *
     * @param limit a percentage ({@code 5%}), a size ({@code 100M}) or {@code unlimited}
     * @return this builder
     * @throws InvalidRequestException if the value has another form
     */
    public Builder maxUnused(String limit) {
      Requests.nonBlank(limit, "maxUnused");
      if (!MAX_UNUSED.matcher(limit).matches()) {
        throw new InvalidRequestException(
            "maxUnused must be a percentage, a size or 'unlimited', was " + limit);
      }
      this.maxUnused = limit;
      return this;
    }

    /**
     * Limits how much is repacked ({@code --max-repack-size}).
     *
     * @param size a size with optional unit k, M, G, T, for example {@code 2G}
     * @return this builder
     * @throws InvalidRequestException if the value is not a size
     */
    public Builder maxRepackSize(String size) {
      Requests.nonBlank(size, "maxRepackSize");
      if (!SIZE.matcher(size).matches()) {
        throw new InvalidRequestException("maxRepackSize must be a size such as 2G, was " + size);
      }
      this.maxRepackSize = size;
      return this;
    }

    /**
     * Repacks only cacheable packs ({@code --repack-cacheable-only}).
     *
     * @return this builder
     */
    public Builder repackCacheableOnly() {
      this.repackCacheableOnly = true;
      return this;
    }

    /**
     * Repacks small packs too ({@code --repack-small}; restic 0.15.0+).
     *
     * @return this builder
     */
    public Builder repackSmall() {
      this.repackSmall = true;
      return this;
    }

    /**
     * Repacks uncompressed packs ({@code --repack-uncompressed}; restic 0.15.0+).
     *
     * @return this builder
     */
    public Builder repackUncompressed() {
      this.repackUncompressed = true;
      return this;
    }

    /**
     * Only reports what would be done ({@code --dry-run}).
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
     */
    public PruneRequest build() {
      return new PruneRequest(this);
    }
  }
}
