package io.github.restic4j.orchestration;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How often and how soon a failed run is tried again: at most {@link #maxAttempts()} attempts,
 * exponential backoff from {@link #initialBackoff()} up to {@link #maxBackoff()} with a random
 * jitter, and only for the {@link #retryOn() retryable reasons} (lock conflicts and transient
 * backend errors; never wrong password, missing repository or bad configuration). Immutable.
 * Independent of the restic version.
 */
public final class RetryPolicy {

  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final double jitter;
  private final Set<FailureReason> retryOn;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.retryOn = Set.copyOf(b.retryOn);
  }

  /**
   * No retries: one attempt.
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * The defaults: 3 attempts, backoff 30 s doubling up to 10 min, jitter 0.2, every retryable
   * reason.
   *
   * @return the policy
   */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /**
   * Starts a policy from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tells whether a failure on attempt {@code attempt} is tried again.
   *
   * @param reason the failure's reason
   * @param attempt the number of the failed attempt, from 1
   * @return true to retry
   */
  public boolean shouldRetry(FailureReason reason, int attempt) {
    return attempt < maxAttempts && reason.isRetryable() && retryOn.contains(reason);
  }

  /**
   * The wait before attempt {@code failedAttempt + 1}: {@code initial * multiplier^(failedAttempt -
   * 1)}, capped at the maximum, then scaled by a factor in {@code [1 - jitter, 1 + jitter]}.
   *
   * @param failedAttempt the number of the failed attempt, from 1
   * @param random a value in {@code [0, 1)}
   * @return the wait
   */
  public Duration backoff(int failedAttempt, double random) {
    double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
    base = Math.min(base, maxBackoff.toNanos());
    double factor = 1 + jitter * (2 * random - 1);
    return Duration.ofNanos(Math.max(0, Math.round(base * factor)));
  }

  /**
   * The most attempts, including the first.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The wait after the first failure, before jitter.
   *
   * @return the wait
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * The longest wait, before jitter.
   *
   * @return the wait
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The factor the wait grows by after each failure.
   *
   * @return at least 1
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * The jitter fraction.
   *
   * @return between 0 and 1
   */
  public double jitter() {
    return jitter;
  }

  /**
   * The reasons that are retried.
   *
   * @return a subset of the retryable reasons
   */
  public Set<FailureReason> retryOn() {
    return retryOn;
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", backoff="
        + initialBackoff
        + ".."
        + maxBackoff
        + " x"
        + multiplier
        + ", jitter="
        + jitter
        + ", retryOn="
        + retryOn
        + "]";
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofSeconds(30);
    private Duration maxBackoff = Duration.ofMinutes(10);
    private double multiplier = 2;
    private double jitter = 0.2;
    private final Set<FailureReason> retryOn = EnumSet.noneOf(FailureReason.class);

    private Builder() {
      for (FailureReason r : FailureReason.values()) {
        if (r.isRetryable()) {
          retryOn.add(r);
        }
      }
    }

    /**
     * The most attempts, including the first.
     *
     * @param attempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Exponential backoff.
     *
     * @param initial the wait after the first failure, not negative
     * @param max the longest wait, not below initial
     * @param multiplier the growth factor, at least 1
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public Builder backoff(Duration initial, Duration max, double multiplier) {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.isNegative() || max.compareTo(initial) < 0 || !(multiplier >= 1)) {
        throw new IllegalArgumentException(
            "need 0 <= initial <= max and multiplier >= 1: "
                + initial
                + ", "
                + max
                + ", x"
                + multiplier);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      this.multiplier = multiplier;
      return this;
    }

    /**
     * The jitter: each wait is scaled by a random factor in {@code [1 - jitter, 1 + jitter]}.
     *
     * @param jitter between 0 and 1
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Restricts the retried reasons.
     *
     * @param reasons retryable reasons ({@link FailureReason#isRetryable()})
     * @return this builder
     * @throws IllegalArgumentException if a reason is not retryable (wrong password, missing
     *     repository, bad configuration and the like are never retried)
     */
    public Builder retryOn(Set<FailureReason> reasons) {
      for (FailureReason r : reasons) {
        if (!r.isRetryable()) {
          throw new IllegalArgumentException(r + " is never retried");
        }
      }
      retryOn.clear();
      retryOn.addAll(reasons);
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
