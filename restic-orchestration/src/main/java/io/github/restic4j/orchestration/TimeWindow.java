package io.github.restic4j.orchestration;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A daily window of local time in a zone, for example off-peak 01:00 to 05:00 in Europe/Berlin. The
 * start is inclusive, the end exclusive; a window whose end is not after its start wraps midnight
 * (22:00 to 04:00). Every restic version.
 *
 * @param start first local time inside the window
 * @param end first local time after the window
 * @param zone the zone the local times are in
 */
public record TimeWindow(LocalTime start, LocalTime end, ZoneId zone) {

  /**
   * Checks the values.
   *
   * @param start first local time inside the window
   * @param end first local time after the window
   * @param zone the zone the local times are in
   * @throws NullPointerException if a value is null
   * @throws IllegalArgumentException if start equals end (an empty window)
   */
  public TimeWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(zone, "zone");
    if (start.equals(end)) {
      throw new IllegalArgumentException("empty time window " + start + "-" + end);
    }
  }

  /**
   * A window.
   *
   * @param start first local time inside the window
   * @param end first local time after the window
   * @param zone the zone
   * @return the window
   * @throws IllegalArgumentException if start equals end
   */
  public static TimeWindow of(LocalTime start, LocalTime end, ZoneId zone) {
    return new TimeWindow(start, end, zone);
  }

  /**
   * Tells whether an instant lies inside the window.
   *
   * @param instant the instant
   * @return true if inside
   */
  public boolean contains(Instant instant) {
    LocalTime t = instant.atZone(zone).toLocalTime();
    if (start.isBefore(end)) {
      return !t.isBefore(start) && t.isBefore(end);
    }
    return !t.isBefore(start) || t.isBefore(end);
  }

  /**
   * The next time the window opens at or after an instant (the instant itself if it is inside).
   *
   * @param instant the instant
   * @return the opening
   */
  public Instant nextOpening(Instant instant) {
    if (contains(instant)) {
      return instant;
    }
    ZonedDateTime local = instant.atZone(zone);
    ZonedDateTime candidate = local.with(start);
    if (!candidate.isAfter(local)) {
      candidate = local.plusDays(1).with(start);
    }
    return candidate.toInstant();
  }
}
