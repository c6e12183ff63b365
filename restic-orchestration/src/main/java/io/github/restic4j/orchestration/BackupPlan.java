package io.github.restic4j.orchestration;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.locking.LockPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to back up, where, when, and how long to keep it: a repository, sources, excludes, tags and
 * host for {@code restic backup}; a {@link RetentionPolicy} applied with {@code restic forget}
 * after each backup; separate schedules for {@code restic prune} and {@code restic check}; and per
 * {@link JobKind} a {@link LockPolicy} and a {@link RetryPolicy}. Immutable; build with {@link
 * #builder(String)}. Works with every restic version restic-core supports (0.14 to 0.19).
 *
 * <p>{@link #toString()} names the repository by its display name, with credentials masked.
 */
public final class BackupPlan {

  /** Default {@link #healthThreshold()}: a day and an hour. */
  public static final Duration DEFAULT_HEALTH_THRESHOLD = Duration.ofHours(25);

  private final String id;
  private final ResticRepository repository;
  private final List<Path> sources;
  private final List<String> excludes;
  private final List<String> tags;
  private final String host;
  private final Map<JobKind, Schedule> schedules;
  private final RetentionPolicy retention;
  private final String checkReadDataSubset;
  private final Map<JobKind, LockPolicy> lockPolicies;
  private final Map<JobKind, RetryPolicy> retryPolicies;
  private final OverlapPolicy overlapPolicy;
  private final Duration healthThreshold;

  private BackupPlan(Builder b) {
    this.id = b.id;
    this.repository = Objects.requireNonNull(b.repository, "repository");
    if (b.sources.isEmpty()) {
      throw new IllegalArgumentException("plan " + b.id + " has no source");
    }
    this.sources = List.copyOf(b.sources);
    this.excludes = List.copyOf(b.excludes);
    this.tags = List.copyOf(b.tags);
    this.host = b.host;
    this.schedules = Map.copyOf(b.schedules);
    this.retention = b.retention;
    this.checkReadDataSubset = b.checkReadDataSubset;
    Map<JobKind, LockPolicy> locks = new EnumMap<>(JobKind.class);
    Map<JobKind, RetryPolicy> retries = new EnumMap<>(JobKind.class);
    for (JobKind k : JobKind.values()) {
      locks.put(k, b.lockPolicies.getOrDefault(k, LockPolicy.defaults()));
      retries.put(k, b.retryPolicies.getOrDefault(k, RetryPolicy.defaults()));
    }
    this.lockPolicies = Map.copyOf(locks);
    this.retryPolicies = Map.copyOf(retries);
    this.overlapPolicy = b.overlapPolicy;
    this.healthThreshold = b.healthThreshold;
  }

  /**
   * Starts a plan.
   *
   * @param id a unique name for the plan (used in events, health and the journal)
   * @return a builder
   * @throws IllegalArgumentException if the id is blank
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * The plan's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The repository.
   *
   * @return the repository
   */
  public ResticRepository repository() {
    return repository;
  }

  /**
   * The paths backed up.
   *
   * @return at least one path
   */
  public List<Path> sources() {
    return sources;
  }

  /**
   * The exclude patterns ({@code --exclude}).
   *
   * @return the patterns
   */
  public List<String> excludes() {
    return excludes;
  }

  /**
   * The tags put on every snapshot; retention applies to snapshots carrying all of them.
   *
   * @return the tags
   */
  public List<String> tags() {
    return tags;
  }

  /**
   * The host name written into snapshots and used to select the plan's snapshots for retention.
   *
   * @return the host, empty for restic's default (this machine's name)
   */
  public Optional<String> host() {
    return Optional.ofNullable(host);
  }

  /**
   * The schedule of a job.
   *
   * @param kind the job
   * @return the schedule, empty if the job only runs on demand
   */
  public Optional<Schedule> schedule(JobKind kind) {
    return Optional.ofNullable(schedules.get(kind));
  }

  /**
   * The retention applied after each backup.
   *
   * @return the retention, empty if the plan never forgets snapshots
   */
  public Optional<RetentionPolicy> retention() {
    return Optional.ofNullable(retention);
  }

  /**
   * The {@code --read-data-subset} of check runs ({@code 5%}, {@code 1/10}, {@code 100M}).
   *
   * @return the subset, empty to check the structure only
   */
  public Optional<String> checkReadDataSubset() {
    return Optional.ofNullable(checkReadDataSubset);
  }

  /**
   * The lock policy of a job ({@link LockPolicy#defaults()} unless set).
   *
   * @param kind the job
   * @return the policy
   */
  public LockPolicy lockPolicy(JobKind kind) {
    return lockPolicies.get(kind);
  }

  /**
   * The retry policy of a job ({@link RetryPolicy#defaults()} unless set).
   *
   * @param kind the job
   * @return the policy
   */
  public RetryPolicy retryPolicy(JobKind kind) {
    return retryPolicies.get(kind);
  }

  /**
   * What happens when a job is triggered while its previous run still goes.
   *
   * @return the policy ({@link OverlapPolicy#SKIP} unless set)
   */
  public OverlapPolicy overlapPolicy() {
    return overlapPolicy;
  }

  /**
   * How old the last successful backup may be before the plan counts as unhealthy.
   *
   * @return the threshold
   */
  public Duration healthThreshold() {
    return healthThreshold;
  }

  @Override
  public String toString() {
    return "BackupPlan[" + id + " -> " + repository.displayName() + ", " + sources + "]";
  }

  /** Builds a {@link BackupPlan}. */
  public static final class Builder {
    private final String id;
    private ResticRepository repository;
    private final List<Path> sources = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private String host;
    private final Map<JobKind, Schedule> schedules = new EnumMap<>(JobKind.class);
    private RetentionPolicy retention;
    private String checkReadDataSubset;
    private final Map<JobKind, LockPolicy> lockPolicies = new EnumMap<>(JobKind.class);
    private final Map<JobKind, RetryPolicy> retryPolicies = new EnumMap<>(JobKind.class);
    private OverlapPolicy overlapPolicy = OverlapPolicy.SKIP;
    private Duration healthThreshold = DEFAULT_HEALTH_THRESHOLD;

    private Builder(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("plan id must not be blank");
      }
      this.id = id;
    }

    /**
     * The repository (required).
     *
     * @param repository the repository
     * @return this builder
     */
    public Builder repository(ResticRepository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
      return this;
    }

    /**
     * Adds a path to back up (at least one is required).
     *
     * @param path the path
     * @return this builder
     */
    public Builder source(Path path) {
      sources.add(Objects.requireNonNull(path, "path"));
      return this;
    }

    /**
     * Adds an exclude pattern.
     *
     * @param pattern restic's {@code --exclude} pattern
     * @return this builder
     */
    public Builder exclude(String pattern) {
      excludes.add(Objects.requireNonNull(pattern, "pattern"));
      return this;
    }

    /**
     * Adds a tag.
     *
     * @param tag the tag (no comma)
     * @return this builder
     * @throws IllegalArgumentException if the tag contains a comma
     */
    public Builder tag(String tag) {
      Objects.requireNonNull(tag, "tag");
      if (tag.contains(",") || tag.isBlank()) {
        throw new IllegalArgumentException("invalid tag '" + tag + "'");
      }
      tags.add(tag);
      return this;
    }

    /**
     * The host name for snapshots ({@code --host}).
     *
     * @param host the host
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The backup schedule.
     *
     * @param schedule the schedule
     * @return this builder
     */
    public Builder schedule(Schedule schedule) {
      return schedule(JobKind.BACKUP, schedule);
    }

    /**
     * The schedule of a job.
     *
     * @param kind the job
     * @param schedule the schedule
     * @return this builder
     */
    public Builder schedule(JobKind kind, Schedule schedule) {
      schedules.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(schedule, "s"));
      return this;
    }

    /**
     * The prune schedule.
     *
     * @param schedule the schedule
     * @return this builder
     */
    public Builder pruneSchedule(Schedule schedule) {
      return schedule(JobKind.PRUNE, schedule);
    }

    /**
     * The check schedule and how much pack data each check reads.
     *
     * @param schedule the schedule
     * @param readDataSubset {@code --read-data-subset} ({@code 5%}, {@code 1/10}, {@code 100M}), or
     *     null to check the structure only
     * @return this builder
     */
    public Builder checkSchedule(Schedule schedule, String readDataSubset) {
      this.checkReadDataSubset = readDataSubset;
      return schedule(JobKind.CHECK, schedule);
    }

    /**
     * The {@code --read-data-subset} of check runs, also for on-demand checks.
     *
     * @param readDataSubset the subset, or null for none
     * @return this builder
     */
    public Builder checkReadDataSubset(String readDataSubset) {
      this.checkReadDataSubset = readDataSubset;
      return this;
    }

    /**
     * The retention applied after each successful backup.
     *
     * @param retention the retention
     * @return this builder
     */
    public Builder retention(RetentionPolicy retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * The lock policy of a job.
     *
     * @param kind the job
     * @param policy the policy
     * @return this builder
     */
    public Builder lockPolicy(JobKind kind, LockPolicy policy) {
      lockPolicies.put(kind, Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * The lock policy of every job.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder lockPolicy(LockPolicy policy) {
      for (JobKind k : JobKind.values()) {
        lockPolicy(k, policy);
      }
      return this;
    }

    /**
     * The retry policy of a job.
     *
     * @param kind the job
     * @param policy the policy
     * @return this builder
     */
    public Builder retryPolicy(JobKind kind, RetryPolicy policy) {
      retryPolicies.put(kind, Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * The retry policy of every job.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      for (JobKind k : JobKind.values()) {
        retryPolicy(k, policy);
      }
      return this;
    }

    /**
     * What happens when a job is triggered while its previous run still goes.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder overlapPolicy(OverlapPolicy policy) {
      this.overlapPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How old the last successful backup may be before the plan is unhealthy.
     *
     * @param threshold positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder healthThreshold(Duration threshold) {
      if (threshold.isZero() || threshold.isNegative()) {
        throw new IllegalArgumentException("health threshold must be positive");
      }
      this.healthThreshold = threshold;
      return this;
    }

    /**
     * Builds the plan.
     *
     * @return the plan
     * @throws NullPointerException if no repository is set
     * @throws IllegalArgumentException if no source is set
     */
    public BackupPlan build() {
      return new BackupPlan(this);
    }
  }
}
