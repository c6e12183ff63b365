package io.github.restic4j.orchestration;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When a job runs: a fixed interval or a cron expression in a zone, optionally restricted to a
 * {@link TimeWindow}, with a policy for runs missed during downtime. Immutable; the {@code with...}
 * methods return copies. Independent of the restic version.
 *
 * <p>Cron expressions are parsed and evaluated by cron-utils (Unix syntax, five fields: minute,
 * hour, day of month, month, day of week), including daylight-saving transitions of the zone.
 */
public final class Schedule {

  /** Default {@link #missedRunGrace()}: a run this late still counts as on time. */
  public static final Duration DEFAULT_MISSED_RUN_GRACE = Duration.ofMinutes(1);

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final Duration interval;
  private final String cron;
  private final ZoneId zone;
  private final ExecutionTime executionTime;
  private final TimeWindow window;
  private final WindowPolicy windowPolicy;
  private final MissedRunPolicy missedRunPolicy;
  private final Duration missedRunGrace;

  private Schedule(
      Duration interval,
      String cron,
      ZoneId zone,
      ExecutionTime executionTime,
      TimeWindow window,
      WindowPolicy windowPolicy,
      MissedRunPolicy missedRunPolicy,
      Duration missedRunGrace) {
    this.interval = interval;
    this.cron = cron;
    this.zone = zone;
    this.executionTime = executionTime;
    this.window = window;
    this.windowPolicy = windowPolicy;
    this.missedRunPolicy = missedRunPolicy;
    this.missedRunGrace = missedRunGrace;
  }

  /**
   * Runs every {@code interval}, counted from when the orchestrator starts (or from the plan's last
   * run in the journal).
   *
   * @param interval the interval, positive
   * @return the schedule
   * @throws IllegalArgumentException if the interval is not positive
   */
  public static Schedule every(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    return new Schedule(
        interval,
        null,
        null,
        null,
        null,
        WindowPolicy.DEFER,
        MissedRunPolicy.RUN_ONCE,
        DEFAULT_MISSED_RUN_GRACE);
  }

  /**
   * Runs at the times of a Unix cron expression ({@code "30 2 * * *"}: 02:30 every day) in a zone.
   *
   * @param expression five fields: minute, hour, day of month, month, day of week
   * @param zone the zone the expression is evaluated in
   * @return the schedule
   * @throws IllegalArgumentException if the expression is invalid
   */
  public static Schedule cron(String expression, ZoneId zone) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(zone, "zone");
    ExecutionTime et = ExecutionTime.forCron(UNIX.parse(expression));
    return new Schedule(
        null,
        expression,
        zone,
        et,
        null,
        WindowPolicy.DEFER,
        MissedRunPolicy.RUN_ONCE,
        DEFAULT_MISSED_RUN_GRACE);
  }

  /**
   * A copy that only starts runs inside a window.
   *
   * @param window the window
   * @param policy what to do with runs due outside it
   * @return the copy
   */
  public Schedule withWindow(TimeWindow window, WindowPolicy policy) {
    return new Schedule(
        interval,
        cron,
        zone,
        executionTime,
        Objects.requireNonNull(window, "window"),
        Objects.requireNonNull(policy, "policy"),
        missedRunPolicy,
        missedRunGrace);
  }

  /**
   * A copy with a policy for missed runs: a run is missed when it is started more than {@code
   * grace} after it fell due (the application was down, suspended, or started after a run was due
   * according to the journal).
   *
   * @param policy run once or skip
   * @param grace how late a run may start and still count as on time; not negative
   * @return the copy
   * @throws IllegalArgumentException if grace is negative
   */
  public Schedule withMissedRuns(MissedRunPolicy policy, Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
    return new Schedule(
        interval,
        cron,
        zone,
        executionTime,
        window,
        windowPolicy,
        Objects.requireNonNull(policy, "policy"),
        grace);
  }

  /**
   * The first time strictly after {@code after} at which the schedule falls due.
   *
   * @param after the instant
   * @param anchor where interval schedules count from (ignored by cron schedules)
   * @return the next time, empty if a cron expression never matches again
   */
  public Optional<Instant> nextAfter(Instant after, Instant anchor) {
    if (interval != null) {
      if (after.isBefore(anchor)) {
        return Optional.of(anchor);
      }
      long n = Duration.between(anchor, after).toNanos() / interval.toNanos() + 1;
      return Optional.of(anchor.plus(interval.multipliedBy(n)));
    }
    return executionTime.nextExecution(after.atZone(zone)).map(z -> z.toInstant());
  }

  /**
   * The interval, for interval schedules.
   *
   * @return the interval, empty for cron schedules
   */
  public Optional<Duration> interval() {
    return Optional.ofNullable(interval);
  }

  /**
   * The cron expression, for cron schedules.
   *
   * @return the expression, empty for interval schedules
   */
  public Optional<String> cronExpression() {
    return Optional.ofNullable(cron);
  }

  /**
   * The zone of a cron schedule.
   *
   * @return the zone, empty for interval schedules
   */
  public Optional<ZoneId> zone() {
    return Optional.ofNullable(zone);
  }

  /**
   * The window runs must start in.
   *
   * @return the window, empty if runs may start at any time
   */
  public Optional<TimeWindow> window() {
    return Optional.ofNullable(window);
  }

  /**
   * What happens to runs due outside the window ({@link WindowPolicy#DEFER} by default).
   *
   * @return the policy
   */
  public WindowPolicy windowPolicy() {
    return windowPolicy;
  }

  /**
   * What happens to missed runs ({@link MissedRunPolicy#RUN_ONCE} by default).
   *
   * @return the policy
   */
  public MissedRunPolicy missedRunPolicy() {
    return missedRunPolicy;
  }

  /**
   * How late a run may start and still count as on time ({@link #DEFAULT_MISSED_RUN_GRACE} by
   * default).
   *
   * @return the grace
   */
  public Duration missedRunGrace() {
    return missedRunGrace;
  }

  @Override
  public String toString() {
    return (interval != null ? "every " + interval : "cron '" + cron + "' " + zone)
        + (window != null
            ? " in "
                + window.start()
                + "-"
                + window.end()
                + " "
                + window.zone()
                + " "
                + windowPolicy
            : "")
        + " missed="
        + missedRunPolicy;
  }
}
