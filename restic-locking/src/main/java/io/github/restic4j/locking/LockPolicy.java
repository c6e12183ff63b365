package io.github.restic4j.locking;

import java.time.Duration;
import java.util.Objects;

/**
 * How one call reacts to a lock conflict. Immutable and thread-safe. Works with every restic
 * version; {@code --retry-lock} is used only on restic 0.16.0+.
 *
 * <ul>
 *   <li><b>fail fast</b> ({@link #failFast()}): inspect and report the locks, then give up.
 *   <li><b>wait for live holders</b> ({@link Builder#waitForLive(Duration)}): retry with
 *       exponential backoff and jitter (or restic's own {@code --retry-lock} when every blocking
 *       holder is live and restic is 0.16.0+) for up to the given time.
 *   <li><b>remove stale locks</b> ({@link Builder#removeStale()}): run plain {@code restic unlock}
 *       only when some lock is assessed {@link LockVerdict#STALE_EXPIRED} or {@link
 *       LockVerdict#STALE_HOLDER_DEAD} and restic's rule would remove nothing else, then verify
 *       that exactly those locks are gone.
 *   <li><b>force</b> ({@link Builder#force()}): additionally run {@code unlock --remove-all} when
 *       every remaining lock is stale or unreadable, checked again just before removal.
 * </ul>
 *
 * <p>One {@linkplain Builder#deadline(Duration) deadline} covers the gate, waiting, backoff,
 * unlocking and retrying (not the successful run of the command itself). No policy ever removes a
 * lock assessed {@link LockVerdict#LIVE}, {@link LockVerdict#UNKNOWN} or {@link
 * LockVerdict#SUSPECT_PID_REUSED}.
 */
public final class LockPolicy {

  private static final LockPolicy FAIL_FAST = builder().build();
  private static final LockPolicy DEFAULTS =
      builder().removeStale().waitForLive(Duration.ofMinutes(10)).build();

  private final Duration maxWait;
  private final boolean removeStale;
  private final boolean force;
  private final Duration deadline;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final boolean useRetryLock;
  private final GateMode gateMode;
  private final int maxAttempts;

  private LockPolicy(Builder b) {
    this.maxWait = b.maxWait;
    this.removeStale = b.removeStale || b.force;
    this.force = b.force;
    this.deadline =
        b.deadline != null
            ? b.deadline
            : maxOf(Duration.ofMinutes(2), b.maxWait.plus(Duration.ofMinutes(2)));
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.useRetryLock = b.useRetryLock;
    this.gateMode = b.gateMode;
    this.maxAttempts = b.maxAttempts;
  }

  private static Duration maxOf(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Inspects and reports a conflict, then gives up; removes nothing and does not wait.
   *
   * @return the fail-fast policy
   */
  public static LockPolicy failFast() {
    return FAIL_FAST;
  }

  /**
   * The recommended policy: remove stale locks, wait up to 10 minutes for live holders, never
   * remove a live lock; deadline 12 minutes.
   *
   * @return the default policy
   */
  public static LockPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a policy; without further settings it fails fast.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with this policy's settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxWait = maxWait;
    b.removeStale = removeStale;
    b.force = force;
    b.deadline = deadline;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.jitter = jitter;
    b.useRetryLock = useRetryLock;
    b.gateMode = gateMode;
    b.maxAttempts = maxAttempts;
    return b;
  }

  /**
   * How long the call may wait for live, unknown or suspect holders in total (zero: fail fast).
   *
   * @return the longest wait
   */
  public Duration maxWait() {
    return maxWait;
  }

  /**
   * Whether the call waits for holders at all.
   *
   * @return true if {@link #maxWait()} is positive
   */
  public boolean waits() {
    return !maxWait.isZero();
  }

  /**
   * Whether stale locks are removed with plain {@code unlock}.
   *
   * @return true for remove-stale and force
   */
  public boolean removeStale() {
    return removeStale;
  }

  /**
   * Whether {@code unlock --remove-all} may be used when every remaining lock is stale or
   * unreadable.
   *
   * @return true for force
   */
  public boolean force() {
    return force;
  }

  /**
   * The time allowed for everything except the successful command run itself.
   *
   * @return the deadline duration
   */
  public Duration deadline() {
    return deadline;
  }

  /**
   * The first backoff delay.
   *
   * @return the delay
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * The largest backoff delay.
   *
   * @return the delay
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Relative jitter applied to each backoff delay.
   *
   * @return a value in [0, 1]
   */
  public double jitter() {
    return jitter;
  }

  /**
   * Whether restic's {@code --retry-lock} is used to wait for live holders on restic 0.16.0+.
   *
   * @return true to use it
   */
  public boolean useRetryLock() {
    return useRetryLock;
  }

  /**
   * What the call does when the in-application gate is busy.
   *
   * @return the gate mode
   */
  public GateMode gateMode() {
    return gateMode;
  }

  /**
   * The most restic runs of the command itself in one call (a safety net besides the deadline).
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public String toString() {
    return "LockPolicy[maxWait="
        + maxWait
        + ", removeStale="
        + removeStale
        + ", force="
        + force
        + ", deadline="
        + deadline
        + ", gate="
        + gateMode
        + "]";
  }

  /** Builds a {@link LockPolicy}. Not thread-safe. */
  public static final class Builder {
    private Duration maxWait = Duration.ZERO;
    private boolean removeStale;
    private boolean force;
    private Duration deadline;
    private Duration initialBackoff = Duration.ofSeconds(2);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private double jitter = 0.2;
    private boolean useRetryLock = true;
    private GateMode gateMode = GateMode.WAIT;
    private int maxAttempts = 100;

    private Builder() {}

    /**
     * Does not wait for holders (the default).
     *
     * @return this builder
     */
    public Builder failFast() {
      this.maxWait = Duration.ZERO;
      return this;
    }

    /**
     * Waits up to {@code maxWait} in total for holders that are live (or not yet known to be
     * stale), with backoff, re-inspecting after each failed retry.
     *
     * @param maxWait the longest total wait; zero means fail fast
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder waitForLive(Duration maxWait) {
      this.maxWait = nonNegative(maxWait, "maxWait");
      return this;
    }

    /**
     * Removes locks assessed stale with plain {@code restic unlock}.
     *
     * @return this builder
     */
    public Builder removeStale() {
      this.removeStale = true;
      return this;
    }

    /**
     * Allows {@code restic unlock --remove-all} when every remaining lock is stale or unreadable
     * after a second look just before removal (implies {@link #removeStale()}). The only policy
     * that removes corrupt lock files. Audited loudly.
     *
     * @return this builder
     */
    public Builder force() {
      this.force = true;
      return this;
    }

    /**
     * Sets the deadline for gate, inspection, waiting, unlocking and retrying. Defaults to the wait
     * time plus 2 minutes, at least 2 minutes.
     *
     * @param deadline a positive duration
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder deadline(Duration deadline) {
      Objects.requireNonNull(deadline, "deadline");
      if (deadline.isZero() || deadline.isNegative()) {
        throw new IllegalArgumentException("deadline must be positive, was " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    /**
     * Sets the backoff: the first delay, doubled per retry up to {@code max} (defaults 2 s and 60
     * s).
     *
     * @param initial the first delay
     * @param max the largest delay, at least {@code initial}
     * @return this builder
     * @throws IllegalArgumentException if negative or {@code max < initial}
     */
    public Builder backoff(Duration initial, Duration max) {
      nonNegative(initial, "initial");
      nonNegative(max, "max");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max backoff must be at least the initial backoff");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets the relative jitter of each backoff delay (default 0.2: ±20 %).
     *
     * @param jitter a value in [0, 1]
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
     * Whether to let restic wait itself ({@code --retry-lock}, restic 0.16.0+) when every blocking
     * holder is live (default true). Older restic always uses the manager's backoff.
     *
     * @param use true to use it
     * @return this builder
     */
    public Builder useRetryLock(boolean use) {
      this.useRetryLock = use;
      return this;
    }

    /**
     * Sets what happens when the in-application gate is busy (default {@link GateMode#WAIT}).
     *
     * @param mode the gate mode
     * @return this builder
     */
    public Builder gate(GateMode mode) {
      this.gateMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the most runs of the command in one call (default 100).
     *
     * @param attempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, was " + d);
      }
      return d;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public LockPolicy build() {
      return new LockPolicy(this);
    }
  }
}
