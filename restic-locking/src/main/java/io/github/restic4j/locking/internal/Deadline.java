package io.github.restic4j.locking.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A point in time on a {@link Clock} by which a whole lock-handling call must be done. */
public final class Deadline {

  private final Clock clock;
  private final Instant start;
  private final Instant end;

  private Deadline(Clock clock, Instant start, Instant end) {
    this.clock = clock;
    this.start = start;
    this.end = end;
  }

  /**
   * A deadline {@code budget} from now.
   *
   * @param clock the clock
   * @param budget the time allowed (saturates instead of overflowing)
   * @return the deadline
   */
  public static Deadline after(Clock clock, Duration budget) {
    Objects.requireNonNull(clock, "clock");
    Instant now = clock.instant();
    Instant end;
    try {
      end = now.plus(budget);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      end = Instant.MAX;
    }
    return new Deadline(clock, now, end);
  }

  /**
   * The time left, never negative.
   *
   * @return zero once passed
   */
  public Duration remaining() {
    Duration d = Duration.between(clock.instant(), end);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * Tells whether the deadline has passed.
   *
   * @return true when no time is left
   */
  public boolean expired() {
    return !clock.instant().isBefore(end);
  }

  /**
   * Caps a duration at the time left.
   *
   * @param d a duration
   * @return {@code min(d, remaining())}, never negative
   */
  public Duration cap(Duration d) {
    Duration r = remaining();
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(r) < 0 ? d : r;
  }

  /**
   * Time since the deadline was created.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return Duration.between(start, clock.instant());
  }

  /**
   * The instant it ends.
   *
   * @return the end
   */
  public Instant end() {
    return end;
  }
}
