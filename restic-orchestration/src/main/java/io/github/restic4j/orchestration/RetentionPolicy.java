package io.github.restic4j.orchestration;

import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which snapshots a plan keeps: every {@code restic forget --keep-*} rule. Applied after each
 * successful backup to the plan's snapshots (same host and tags). Immutable. Every rule works with
 * every restic version restic-core supports; {@code --keep-within-*} needs restic 0.14+.
 */
public final class RetentionPolicy {

  private final Map<String, Integer> counts;
  private final Map<String, String> within;
  private final List<String> keepTags;

  private RetentionPolicy(Builder b) {
    this.counts = Map.copyOf(b.counts);
    this.within = Map.copyOf(b.within);
    this.keepTags = List.copyOf(b.keepTags);
  }

  /**
   * Starts a policy.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The counted rules by name ({@code last, hourly, daily, weekly, monthly, yearly}).
   *
   * @return the rules
   */
  public Map<String, Integer> counts() {
    return counts;
  }

  /**
   * The duration rules by name ({@code within, within-hourly, ...}), values in restic's format such
   * as {@code 2y5m7d3h}.
   *
   * @return the rules
   */
  public Map<String, String> within() {
    return within;
  }

  /**
   * Tags whose snapshots are always kept.
   *
   * @return the tags
   */
  public List<String> keepTags() {
    return keepTags;
  }

  /**
   * The forget request for this retention, restricted to a host and tags.
   *
   * @param host the host filter, or null for none
   * @param tags snapshots must carry all of these tags (empty: no tag filter)
   * @return the request
   * @throws InvalidRequestException if restic-core refuses a rule
   */
  public ForgetRequest toForgetRequest(String host, List<String> tags) {
    ForgetRequest.Builder b = ForgetRequest.builder();
    counts.forEach(
        (k, n) -> {
          switch (k) {
            case "last" -> b.keepLast(n);
            case "hourly" -> b.keepHourly(n);
            case "daily" -> b.keepDaily(n);
            case "weekly" -> b.keepWeekly(n);
            case "monthly" -> b.keepMonthly(n);
            case "yearly" -> b.keepYearly(n);
            default -> throw new IllegalStateException(k);
          }
        });
    within.forEach(
        (k, d) -> {
          switch (k) {
            case "within" -> b.keepWithin(d);
            case "within-hourly" -> b.keepWithinHourly(d);
            case "within-daily" -> b.keepWithinDaily(d);
            case "within-weekly" -> b.keepWithinWeekly(d);
            case "within-monthly" -> b.keepWithinMonthly(d);
            case "within-yearly" -> b.keepWithinYearly(d);
            default -> throw new IllegalStateException(k);
          }
        });
    keepTags.forEach(b::keepTag);
    if (host != null) {
      b.host(host);
    }
    if (!tags.isEmpty()) {
      b.tag(String.join(",", tags));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "RetentionPolicy[keep=" + counts + ", within=" + within + ", tags=" + keepTags + "]";
  }

  /** Builds a {@link RetentionPolicy}; at least one rule is required. */
  public static final class Builder {
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, String> within = new LinkedHashMap<>();
    private final List<String> keepTags = new ArrayList<>();

    private Builder() {}

    private Builder count(String k, int n) {
      if (n < 1) {
        throw new IllegalArgumentException("keep-" + k + " must be at least 1, was " + n);
      }
      counts.put(k, n);
      return this;
    }

    private Builder within(String k, String d) {
      within.put(k, Objects.requireNonNull(d, k));
      return this;
    }

    /**
     * {@code --keep-last n}.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder keepLast(int n) {
      return count("last", n);
    }

    /**
     * {@code --keep-hourly n}.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder keepHourly(int n) {
      return count("hourly", n);
    }

    /**
     * {@code --keep-daily n}.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder keepDaily(int n) {
      return count("daily", n);
    }

    /**
     * {@code --keep-weekly n}.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder keepWeekly(int n) {
      return count("weekly", n);
    }

    /**
     * {@code --keep-monthly n}.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder keepMonthly(int n) {
      return count("monthly", n);
    }

    /**
     * {@code --keep-yearly n}.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder keepYearly(int n) {
      return count("yearly", n);
    }

    /**
     * {@code --keep-within duration}.
     *
     * @param duration restic duration such as {@code 2y5m7d3h}
     * @return this builder
     */
    public Builder keepWithin(String duration) {
      return within("within", duration);
    }

    /**
     * {@code --keep-within-hourly duration}.
     *
     * @param duration restic duration
     * @return this builder
     */
    public Builder keepWithinHourly(String duration) {
      return within("within-hourly", duration);
    }

    /**
     * {@code --keep-within-daily duration}.
     *
     * @param duration restic duration
     * @return this builder
     */
    public Builder keepWithinDaily(String duration) {
      return within("within-daily", duration);
    }

    /**
     * {@code --keep-within-weekly duration}.
     *
     * @param duration restic duration
     * @return this builder
     */
    public Builder keepWithinWeekly(String duration) {
      return within("within-weekly", duration);
    }

    /**
     * {@code --keep-within-monthly duration}.
     *
     * @param duration restic duration
     * @return this builder
     */
    public Builder keepWithinMonthly(String duration) {
      return within("within-monthly", duration);
    }

    /**
     * {@code --keep-within-yearly duration}.
     *
     * @param duration restic duration
     * @return this builder
     */
    public Builder keepWithinYearly(String duration) {
      return within("within-yearly", duration);
    }

    /**
     * {@code --keep-tag tag}.
     *
     * @param tag the tag
     * @return this builder
     */
    public Builder keepTag(String tag) {
      keepTags.add(Objects.requireNonNull(tag, "tag"));
      return this;
    }

    /**
     * Builds the policy, validating every rule through restic-core's {@link ForgetRequest}.
     *
     * @return the policy
     * @throws IllegalArgumentException if no rule is set
     * @throws InvalidRequestException if a rule is invalid (for example a malformed duration)
     */
    public RetentionPolicy build() {
      if (counts.isEmpty() && within.isEmpty() && keepTags.isEmpty()) {
        throw new IllegalArgumentException("a retention policy needs at least one keep rule");
      }
      RetentionPolicy p = new RetentionPolicy(this);
      p.toForgetRequest(null, List.of());
      return p;
    }
  }
}
