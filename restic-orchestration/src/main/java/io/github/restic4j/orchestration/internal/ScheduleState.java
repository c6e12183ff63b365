package io.github.restic4j.orchestration.internal;

import io.github.restic4j.orchestration.MissedRunPolicy;
import io.github.restic4j.orchestration.Schedule;
import io.github.restic4j.orchestration.SkipReason;
import io.github.restic4j.orchestration.TimeWindow;
import io.github.restic4j.orchestration.WindowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The pure time logic of one scheduled job: given "now", decides whether to run, skip, defer or
 * wait. No threads, no sleeping: the orchestrator's ticker (or a test) calls {@link #poll(Instant)}
 * with the clock's time.
 */
public final class ScheduleState {

  /** What a poll decided. */
  public enum Action {
    /** Nothing is due. */
    NONE,
    /** Start a run now. */
    RUN,
    /** Do not run this occurrence; see the skip reason. */
    SKIP,
    /** Due, but waiting for the window to open (reported once per occurrence). */
    DEFER
  }

  /**
   * A decision.
   *
   * @param action what to do
   * @param skipReason why, for {@link Action#SKIP}
   * @param detail a human description
   * @param until when the window opens, for {@link Action#DEFER}
   */
  public record Decision(Action action, SkipReason skipReason, String detail, Instant until) {
    static final Decision NONE = new Decision(Action.NONE, null, "", null);
  }

  private final Schedule schedule;
  private final Instant anchor;
  private Instant nextDue;
  private boolean deferred;

  /**
   * A state.
   *
   * @param schedule the schedule
   * @param anchor where interval schedules count from
   * @param lastRun the last run's start (from the journal), to detect runs missed while down
   */
  public ScheduleState(Schedule schedule, Instant anchor, Optional<Instant> lastRun) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.anchor = lastRun.orElse(anchor);
    this.nextDue = schedule.nextAfter(lastRun.orElse(anchor), this.anchor).orElse(null);
  }

  /**
   * The next due time.
   *
   * @return the time, empty if the schedule never falls due again
   */
  public synchronized Optional<Instant> nextDue() {
    return Optional.ofNullable(nextDue);
  }

  /**
   * Decides what to do at {@code now}; advances the state.
   *
   * @param now the clock's time
   * @return the decision
   */
  public synchronized Decision poll(Instant now) {
    if (nextDue == null || now.isBefore(nextDue)) {
      return Decision.NONE;
    }
    Duration late = Duration.between(nextDue, now);
    if (!deferred && late.compareTo(schedule.missedRunGrace()) > 0) {
      if (schedule.missedRunPolicy() == MissedRunPolicy.SKIP) {
        String detail = "due at " + nextDue + ", " + late.toSeconds() + " s ago";
        advance(now);
        return new Decision(Action.SKIP, SkipReason.MISSED, detail, null);
      }
    }
    Optional<TimeWindow> window = schedule.window();
    if (window.isPresent() && !window.get().contains(now)) {
      if (schedule.windowPolicy() == WindowPolicy.SKIP) {
        String detail = "due at " + nextDue + ", outside " + describe(window.get());
        advance(now);
        return new Decision(Action.SKIP, SkipReason.OUTSIDE_WINDOW, detail, null);
      }
      if (deferred) {
        return Decision.NONE;
      }
      deferred = true;
      Instant opens = window.get().nextOpening(now);
      return new Decision(
          Action.DEFER, null, "outside " + describe(window.get()) + ", waiting", opens);
    }
    String detail = late.compareTo(schedule.missedRunGrace()) > 0 ? "missed run, once" : "";
    advance(now);
    return new Decision(Action.RUN, null, detail, null);
  }

  private void advance(Instant now) {
    deferred = false;
    nextDue = schedule.nextAfter(now, anchor).orElse(null);
  }

  private static String describe(TimeWindow w) {
    return "window " + w.start() + "-" + w.end() + " " + w.zone();
  }
}
