package io.github.restic4j.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.orchestration.internal.ScheduleState;
import io.github.restic4j.orchestration.internal.ScheduleState.Action;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  private static final Instant T0 = Instant.parse("2026-03-10T00:00:00Z");
  private static final TimeWindow NIGHT =
      TimeWindow.of(LocalTime.of(1, 0), LocalTime.of(5, 0), ZoneOffset.UTC);

  @Test
  void intervalIsAnchoredAndStrictlyAfter() {
    Schedule s = Schedule.every(Duration.ofMinutes(10));
    assertThat(s.nextAfter(T0, T0)).contains(T0.plusSeconds(600));
    assertThat(s.nextAfter(T0.plusSeconds(600), T0)).contains(T0.plusSeconds(1200));
    assertThat(s.nextAfter(T0.plusSeconds(601), T0)).contains(T0.plusSeconds(1200));
  }

  @Test
  void cronUsesTheZoneIncludingDaylightSaving() {
    Schedule s = Schedule.cron("30 2 * * *", ZoneId.of("Europe/Berlin"));
    // 2026-03-10 02:30 CET = 01:30Z
    assertThat(s.nextAfter(T0, T0)).contains(Instant.parse("2026-03-10T01:30:00Z"));
    // after the switch to CEST (29 March), 02:30 local does not exist that day; 30 March is 00:30Z
    assertThat(s.nextAfter(Instant.parse("2026-03-30T00:00:00Z"), T0))
        .contains(Instant.parse("2026-03-30T00:30:00Z"));
    assertThatThrownBy(() -> Schedule.cron("not a cron", ZoneOffset.UTC))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void windowContainsAndWrapsMidnight() {
    assertThat(NIGHT.contains(Instant.parse("2026-03-10T01:00:00Z"))).isTrue();
    assertThat(NIGHT.contains(Instant.parse("2026-03-10T05:00:00Z"))).isFalse();
    assertThat(NIGHT.nextOpening(Instant.parse("2026-03-10T06:00:00Z")))
        .isEqualTo(Instant.parse("2026-03-11T01:00:00Z"));
    TimeWindow wrap = TimeWindow.of(LocalTime.of(22, 0), LocalTime.of(4, 0), ZoneOffset.UTC);
    assertThat(wrap.contains(Instant.parse("2026-03-10T23:00:00Z"))).isTrue();
    assertThat(wrap.contains(Instant.parse("2026-03-10T03:59:00Z"))).isTrue();
    assertThat(wrap.contains(Instant.parse("2026-03-10T12:00:00Z"))).isFalse();
  }

  @Test
  void dueOutsideWindowIsDeferredOnceThenRunsWhenItOpens() {
    ScheduleState st =
        new ScheduleState(
            Schedule.every(Duration.ofMinutes(30)).withWindow(NIGHT, WindowPolicy.DEFER),
            T0,
            Optional.empty());
    assertThat(st.poll(T0.plusSeconds(60)).action()).isEqualTo(Action.NONE);
    ScheduleState.Decision d = st.poll(T0.plus(Duration.ofMinutes(30)));
    assertThat(d.action()).isEqualTo(Action.DEFER);
    assertThat(d.until()).isEqualTo(Instant.parse("2026-03-10T01:00:00Z"));
    // still outside: no second event, and the long wait is not a "missed" run
    assertThat(st.poll(T0.plus(Duration.ofMinutes(50))).action()).isEqualTo(Action.NONE);
    assertThat(st.poll(Instant.parse("2026-03-10T01:00:00Z")).action()).isEqualTo(Action.RUN);
    assertThat(st.nextDue()).contains(Instant.parse("2026-03-10T01:30:00Z"));
  }

  @Test
  void dueOutsideWindowIsSkippedBySkipPolicy() {
    ScheduleState st =
        new ScheduleState(
            Schedule.every(Duration.ofMinutes(30)).withWindow(NIGHT, WindowPolicy.SKIP),
            T0,
            Optional.empty());
    ScheduleState.Decision d = st.poll(T0.plus(Duration.ofMinutes(30)));
    assertThat(d.action()).isEqualTo(Action.SKIP);
    assertThat(d.skipReason()).isEqualTo(SkipReason.OUTSIDE_WINDOW);
    assertThat(st.poll(Instant.parse("2026-03-10T01:00:00Z")).action()).isEqualTo(Action.RUN);
  }

  @Test
  void missedRunsAfterDowntimeRunOnce() {
    ScheduleState st =
        new ScheduleState(Schedule.every(Duration.ofMinutes(10)), T0, Optional.empty());
    // the machine was suspended for 2 hours: 12 occurrences missed
    Instant late = T0.plus(Duration.ofHours(2)).plusSeconds(5);
    assertThat(st.poll(late).action()).isEqualTo(Action.RUN);
    assertThat(st.poll(late).action()).isEqualTo(Action.NONE);
    assertThat(st.nextDue()).contains(T0.plus(Duration.ofMinutes(130)));
  }

  @Test
  void missedRunsAfterDowntimeAreSkippedBySkipPolicy() {
    Schedule s =
        Schedule.every(Duration.ofMinutes(10))
            .withMissedRuns(MissedRunPolicy.SKIP, Duration.ofSeconds(30));
    ScheduleState st = new ScheduleState(s, T0, Optional.empty());
    // on time (within grace) runs
    assertThat(st.poll(T0.plus(Duration.ofMinutes(10)).plusSeconds(20)).action())
        .isEqualTo(Action.RUN);
    ScheduleState.Decision d = st.poll(T0.plus(Duration.ofHours(3)));
    assertThat(d.action()).isEqualTo(Action.SKIP);
    assertThat(d.skipReason()).isEqualTo(SkipReason.MISSED);
    assertThat(st.poll(T0.plus(Duration.ofMinutes(190))).action()).isEqualTo(Action.RUN);
  }

  @Test
  void lastRunFromTheJournalDetectsRunsMissedWhileDown() {
    Instant lastRun = T0.minus(Duration.ofHours(5));
    Schedule s =
        Schedule.every(Duration.ofHours(1))
            .withMissedRuns(MissedRunPolicy.SKIP, Duration.ofMinutes(1));
    ScheduleState st = new ScheduleState(s, T0, Optional.of(lastRun));
    assertThat(st.poll(T0).skipReason()).isEqualTo(SkipReason.MISSED);
    assertThat(st.nextDue()).contains(T0.plus(Duration.ofHours(1)));
  }
}
