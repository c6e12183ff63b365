package io.github.restic4j.locking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.locking.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadlineAndBackoffTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void deadlineCountsDownAndCaps() {
    Deadline d = Deadline.after(clock, Duration.ofSeconds(10));
    assertThat(d.remaining()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.cap(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.cap(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(d.cap(Duration.ofSeconds(-3))).isZero();
    clock.advance(Duration.ofSeconds(7));
    assertThat(d.remaining()).isEqualTo(Duration.ofSeconds(3));
    assertThat(d.elapsed()).isEqualTo(Duration.ofSeconds(7));
    assertThat(d.expired()).isFalse();
    clock.advance(Duration.ofSeconds(4));
    assertThat(d.expired()).isTrue();
    assertThat(d.remaining()).isZero();
    assertThat(d.cap(Duration.ofSeconds(1))).isZero();
  }

  @Test
  void hugeDeadlineSaturates() {
    Deadline d = Deadline.after(clock, Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(d.expired()).isFalse();
    assertThat(d.end()).isEqualTo(Instant.MAX);
  }

  @Test
  void backoffDoublesUpToMax() {
    Duration i = Duration.ofSeconds(2);
    Duration m = Duration.ofSeconds(60);
    assertThat(Backoff.delay(1, i, m, 0, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Backoff.delay(2, i, m, 0, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(Backoff.delay(5, i, m, 0, () -> 0.5)).isEqualTo(Duration.ofSeconds(32));
    assertThat(Backoff.delay(6, i, m, 0, () -> 0.5)).isEqualTo(m);
    assertThat(Backoff.delay(100, i, m, 0, () -> 0.5)).isEqualTo(m);
  }

  @Test
  void jitterStaysWithinBounds() {
    Duration i = Duration.ofSeconds(10);
    Duration m = Duration.ofSeconds(60);
    assertThat(Backoff.delay(1, i, m, 0.2, () -> 0.0)).isEqualTo(Duration.ofSeconds(8));
    assertThat(Backoff.delay(1, i, m, 0.2, () -> 0.9999999)).isEqualTo(Duration.ofSeconds(12));
    assertThat(Backoff.delay(10, i, m, 0.2, () -> 0.9999999)).isEqualTo(m);
  }
}
