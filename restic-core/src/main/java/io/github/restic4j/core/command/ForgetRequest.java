package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes snapshots according to a retention policy ({@code restic forget --json}), optionally
 * followed by a prune ({@code --prune}). Takes an exclusive lock, also with dry-run. Every restic
 * version (0.14+).
 */
public final class ForgetRequest extends TimedRequest<ForgetResult, Void> {

  private static final Pattern GO_RETENTION = Pattern.compile("(\\d+[ymdh])+");

  private final Map<String, Integer> keepCounts;
  private final Map<String, String> keepWithin;
  private final List<String> keepTags;
  private final SnapshotFilter filter;
  private final Set<SnapshotGrouping> groupBy;
  private final boolean dryRun;
  private final boolean prune;

  private ForgetRequest(Builder b) {
    super(b.timeoutValue());
    this.keepCounts = Map.copyOf(b.keepCounts);
    this.keepWithin = Map.copyOf(b.keepWithin);
    this.keepTags = List.copyOf(b.keepTags);
    this.filter = b.filterValue();
    this.groupBy = b.groupBy == null ? null : Set.copyOf(b.groupBy);
    this.dryRun = b.dryRun;
    this.prune = b.prune;
    this.order = List.copyOf(b.order);
  }

  private final List<String> order;

  /**
   * Starts a request.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The keep-N rules in the order they were set, as restic flags with their value, for example
   * {@code [--keep-last, 3, --keep-within-daily, 7d, --keep-tag, important]}.
   *
   * @return the rule flags
   */
  public List<String> ruleArguments() {
    List<String> a = new ArrayList<>();
    for (String flag : order) {
      if (keepCounts.containsKey(flag)) {
        a.add(flag);
        a.add(Integer.toString(keepCounts.get(flag)));
      } else if (keepWithin.containsKey(flag)) {
        a.add(flag);
        a.add(keepWithin.get(flag));
      }
    }
    for (String t : keepTags) {
      a.add("--keep-tag");
      a.add(t);
    }
    return a;
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
   * The grouping ({@code --group-by}); empty optional for restic's default ({@code host,paths}), an
   * empty set for no grouping.
   *
   * @return the grouping, if set
   */
  public Optional<Set<SnapshotGrouping>> groupBy() {
    return Optional.ofNullable(groupBy);
  }

  /**
   * Whether nothing is removed ({@code --dry-run}).
   *
   * @return true for a dry run
   */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * Whether unreferenced data is pruned afterwards ({@code --prune}).
   *
   * @return true to prune
   */
  public boolean prune() {
    return prune;
  }

  @Override
  public String command() {
    return "forget";
  }

  /**
   * {@inheritDoc}
   *
   * <p>Always exclusive: restic takes an exclusive lock for {@code forget} even with {@code
   * --dry-run} (reference section 1.5).
   */
  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.EXCLUSIVE;
  }

  /** Builds a {@link ForgetRequest}; at least one keep rule is required. */
  public static final class Builder extends FilteredRequestBuilder<Builder> {
    private final Map<String, Integer> keepCounts = new LinkedHashMap<>();
    private final Map<String, String> keepWithin = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final List<String> keepTags = new ArrayList<>();
    private Set<SnapshotGrouping> groupBy;
    private boolean dryRun;
    private boolean prune;

    private Builder() {}

    private Builder count(String flag, int n) {
      if (n < 1) {
        throw new InvalidRequestException(flag + " must be at least 1, was " + n);
      }
      if (keepCounts.put(flag, n) == null) {
        order.add(flag);
      }
      return this;
    }

    private Builder within(String flag, String duration) {
      Requests.nonBlank(duration, flag);
      if (!GO_RETENTION.matcher(duration).matches()) {
        throw new InvalidRequestException(
            flag + " must be a restic duration such as 2y5m7d3h, was " + duration);
      }
      if (keepWithin.put(flag, duration) == null) {
        order.add(flag);
      }
      return this;
    }

    /**
     * Keeps the last N snapshots ({@code --keep-last}).
     *
     * @param n at least 1
     * @return this builder
     * @throws InvalidRequestException if n is below 1
     */
    public Builder keepLast(int n) {
      return count("--keep-last", n);
    }

    /**
     * Keeps the last N hourly snapshots ({@code --keep-hourly}).
     *
     * @param n at least 1
     * @return this builder
     * @throws InvalidRequestException if n is below 1
     */
    public Builder keepHourly(int n) {
      return count("--keep-hourly", n);
    }

    /**
     * Keeps the last N daily snapshots ({@code --keep-daily}).
     *
     * @param n at least 1
     * @return this builder
     * @throws InvalidRequestException if n is below 1
     */
    public Builder keepDaily(int n) {
      return count("--keep-daily", n);
    }

    /**
     * Keeps the last N weekly snapshots ({@code --keep-weekly}).
     *
     * @param n at least 1
     * @return this builder
     * @throws InvalidRequestException if n is below 1
     */
    public Builder keepWeekly(int n) {
      return count("--keep-weekly", n);
    }

    /**
     * Keeps the last N monthly snapshots ({@code --keep-monthly}).
     *
     * @param n at least 1
     * @return this builder
     * @throws InvalidRequestException if n is below 1
     */
    public Builder keepMonthly(int n) {
      return count("--keep-monthly", n);
    }

    /**
     * Keeps the last N yearly snapshots ({@code --keep-yearly}).
     *
     * @param n at least 1
     * @return this builder
     * @throws InvalidRequestException if n is below 1
     */
    public Builder keepYearly(int n) {
      return count("--keep-yearly", n);
    }

    /**
     * Keeps every snapshot newer than a duration before the latest one ({@code --keep-within}).
     *
     * @param duration restic duration: numbers with units y, m, d, h, for example {@code 1y6m}
     * @return this builder
     * @throws InvalidRequestException if the duration is not in that form
     */
    public Builder keepWithin(String duration) {
      return within("--keep-within", duration);
    }

    /**
     * Keeps hourly snapshots within a duration ({@code --keep-within-hourly}).
     *
     * @param duration restic duration, for example {@code 2d}
     * @return this builder
     * @throws InvalidRequestException if the duration is not in that form
     */
    public Builder keepWithinHourly(String duration) {
      return within("--keep-within-hourly", duration);
    }

    /**
     * Keeps daily snapshots within a duration ({@code --keep-within-daily}).
     *
     * @param duration restic duration, for example {@code 7d}
     * @return this builder
     * @throws InvalidRequestException if the duration is not in that form
     */
    public Builder keepWithinDaily(String duration) {
      return within("--keep-within-daily", duration);
    }

    /**
     * Keeps weekly snapshots within a duration ({@code --keep-within-weekly}).
     *
     * @param duration restic duration, for example {@code 2m}
     * @return this builder
     * @throws InvalidRequestException if the duration is not in that form
     */
    public Builder keepWithinWeekly(String duration) {
      return within("--keep-within-weekly", duration);
    }

    /**
     * Keeps monthly snapshots within a duration ({@code --keep-within-monthly}).
     *
     * @param duration restic duration, for example {@code 1y}
     * @return this builder
     * @throws InvalidRequestException if the duration is not in that form
     */
    public Builder keepWithinMonthly(String duration) {
      return within("--keep-within-monthly", duration);
    }

    /**
     * Keeps yearly snapshots within a duration ({@code --keep-within-yearly}).
     *
     * @param duration restic duration, for example {@code 10y}
     * @return this builder
     * @throws InvalidRequestException if the duration is not in that form
     */
    public Builder keepWithinYearly(String duration) {
      return within("--keep-within-yearly", duration);
    }

    /**
     * Keeps every snapshot carrying the tag ({@code --keep-tag}).
     *
     * @param tag a tag, or comma-separated tags that must all be present
     * @return this builder
     */
    public Builder keepTag(String tag) {
      keepTags.add(Requests.nonBlank(tag, "keep tag"));
      return this;
    }

    /**
     * Sets the grouping ({@code --group-by}); no arguments means no grouping at all (one policy
     * over all matching snapshots). restic's default is host and paths.
     *
     * @param criteria the criteria
     * @return this builder
     */
    public Builder groupBy(SnapshotGrouping... criteria) {
      Set<SnapshotGrouping> s = EnumSet.noneOf(SnapshotGrouping.class);
      for (SnapshotGrouping g : criteria) {
        s.add(java.util.Objects.requireNonNull(g, "groupBy"));
      }
      this.groupBy = s;
      return this;
    }

    /**
     * Only reports what would be removed ({@code --dry-run}).
     *
     * @return this builder
     */
    public Builder dryRun() {
      this.dryRun = true;
      return this;
    }

    /**
     * Prunes unreferenced data afterwards ({@code --prune}).
     *
     * @return this builder
     */
    public Builder prune() {
      this.prune = true;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws InvalidRequestException if no keep rule is set (restic would remove nothing)
     */
    public ForgetRequest build() {
      if (order.isEmpty() && keepTags.isEmpty()) {
        throw new InvalidRequestException(
            "forget needs at least one keep rule (keepLast, keepDaily, keepWithin, keepTag, ...)");
      }
      return new ForgetRequest(this);
    }
  }
}
