package io.github.restic4j.locking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.locking.LockAssessment;
import io.github.restic4j.locking.LockVerdict;
import io.github.restic4j.locking.MutableClock;
import io.github.restic4j.locking.ProcessStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockAssessorTest {

  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  final MutableClock clock = new MutableClock(NOW);
  final Map<Long, ProcessStatus> processes = new HashMap<>();
  final LockAssessor assessor =
      new LockAssessor(
          clock,
          "vm",
          pid -> processes.getOrDefault(pid, ProcessStatus.dead(pid)),
          Duration.ofMinutes(2));
  final ObservationLog log = new ObservationLog();

  static String id(char c) {
    return String.valueOf(c).repeat(64);
  }

  static LockInfo lock(char c, String host, long pid, Duration age, boolean exclusive) {
    OffsetDateTime t = NOW.minus(age).atOffset(ZoneOffset.ofHours(2));
    return new LockInfo(id(c), t, exclusive, host, "root", pid, 0, 0);
  }

  LockAssessment one(LockInfo l) {
    return assessor.assess(List.of(InspectedLock.of(l)), log).get(0);
  }

  @Test
  void expiredLockFromAnotherHostIsStaleExpired() {
    LockAssessment a = one(lock('a', "other", 7, Duration.ofMinutes(33), false));
    assertThat(a.verdict()).isEqualTo(LockVerdict.STALE_EXPIRED);
    assertThat(a.removableByUnlock()).isTrue();
    assertThat(a.reason()).contains("older than 30m").contains("other");
  }

  @Test
  void marginDelaysExpiryButResticWouldAlreadyRemoveIt() {
    LockAssessment a = one(lock('a', "other", 7, Duration.ofMinutes(31), false));
    assertThat(a.verdict()).isEqualTo(LockVerdict.UNKNOWN);
    assertThat(a.removableByUnlock()).isTrue();
  }

  @Test
  void sameHostDeadPidIsStaleHolderDead() {
    LockAssessment a = one(lock('a', "vm", 4242, Duration.ofSeconds(10), false));
    assertThat(a.verdict()).isEqualTo(LockVerdict.STALE_HOLDER_DEAD);
    assertThat(a.removableByUnlock()).isTrue();
    assertThat(a.reason()).contains("4242").contains("not running");
  }

  @Test
  void sameHostRunningResticIsLive() {
    processes.put(100L, ProcessStatus.running(100, NOW.minus(Duration.ofMinutes(10)), "restic"));
    LockAssessment a = one(lock('a', "vm", 100, Duration.ofMinutes(2), true));
    assertThat(a.verdict()).isEqualTo(LockVerdict.LIVE);
    assertThat(a.removableByUnlock()).isFalse();
  }

  @Test
  void pidStartedAfterLockIsSuspect() {
    processes.put(100L, ProcessStatus.running(100, NOW.minusSeconds(30), "restic"));
    LockAssessment a = one(lock('a', "vm", 100, Duration.ofMinutes(2), false));
    assertThat(a.verdict()).isEqualTo(LockVerdict.SUSPECT_PID_REUSED);
    assertThat(a.removableByUnlock()).isFalse();
    assertThat(a.reason()).contains("after the lock was written");
  }

  @Test
  void pidRunningSomethingElseIsSuspect() {
    processes.put(100L, ProcessStatus.running(100, NOW.minus(Duration.ofHours(1)), "nginx"));
    LockAssessment a = one(lock('a', "vm", 100, Duration.ofMinutes(2), false));
    assertThat(a.verdict()).isEqualTo(LockVerdict.SUSPECT_PID_REUSED);
    assertThat(a.reason()).contains("nginx");
  }

  @Test
  void suspectButExpiredIsExpired() {
    processes.put(100L, ProcessStatus.running(100, NOW.minus(Duration.ofHours(2)), "nginx"));
    assertThat(one(lock('a', "vm", 100, Duration.ofMinutes(40), false)).verdict())
        .isEqualTo(LockVerdict.STALE_EXPIRED);
  }

  @Test
  void liveResticOfAnotherUserIsLiveButResticWouldRemoveIt() {
    processes.put(
        100L,
        new ProcessStatus(
            100, true, Optional.of(NOW.minus(Duration.ofHours(1))), Optional.of("restic"), false));
    LockAssessment a = one(lock('a', "vm", 100, Duration.ofMinutes(1), false));
    assertThat(a.verdict()).isEqualTo(LockVerdict.LIVE);
    assertThat(a.removableByUnlock()).isTrue();
    assertThat(a.reason()).contains("another user");
  }

  @Test
  void freshForeignLockIsUnknown() {
    LockAssessment a = one(lock('a', "other", 7, Duration.ofMinutes(3), false));
    assertThat(a.verdict()).isEqualTo(LockVerdict.UNKNOWN);
    assertThat(a.removableByUnlock()).isFalse();
    assertThat(a.reason()).contains("only after 30m");
  }

  @Test
  void foreignLockWhoseIdChangesWithNewerTimeIsLive() {
    assertThat(one(lock('a', "other", 7, Duration.ofMinutes(4), true)).verdict())
        .isEqualTo(LockVerdict.UNKNOWN);
    clock.advance(Duration.ofMinutes(2));
    // refreshed: new id, time = now
    LockInfo refreshed =
        new LockInfo(
            id('b'), clock.instant().atOffset(ZoneOffset.UTC), true, "other", "root", 7, 0, 0);
    LockAssessment a = one(refreshed);
    assertThat(a.verdict()).isEqualTo(LockVerdict.LIVE);
    assertThat(a.reason()).contains("aaaaaaaa").contains("bbbbbbbb");
    // seen again with the same id shortly after: still live
    clock.advance(Duration.ofMinutes(1));
    assertThat(one(refreshed).verdict()).isEqualTo(LockVerdict.LIVE);
    // no refresh for far longer than the interval: unknown again
    clock.advance(Duration.ofMinutes(10));
    assertThat(one(refreshed).verdict()).isEqualTo(LockVerdict.UNKNOWN);
  }

  @Test
  void foreignLockNotRefreshedWhileObservedSaysProbablyGone() {
    LockInfo l = lock('a', "other", 7, Duration.ofMinutes(1), false);
    one(l);
    clock.advance(Duration.ofMinutes(9));
    LockAssessment a = one(l);
    assertThat(a.verdict()).isEqualTo(LockVerdict.UNKNOWN);
    assertThat(a.reason()).contains("probably gone");
  }

  @Test
  void unreadableLock() {
    LockAssessment a =
        assessor
            .assess(List.of(InspectedLock.unreadable(id('c'), "invalid data returned")), log)
            .get(0);
    assertThat(a.verdict()).isEqualTo(LockVerdict.UNREADABLE);
    assertThat(a.lockId()).isEqualTo(id('c'));
    assertThat(a.removableByUnlock()).isFalse();
    assertThat(a.reason()).contains("invalid data");
  }

  @Test
  void negativeAgeUnderClockSkewIsNeverExpired() {
    LockAssessment a = one(lock('a', "other", 7, Duration.ofMinutes(-45), false));
    assertThat(a.verdict()).isEqualTo(LockVerdict.UNKNOWN);
    assertThat(a.removableByUnlock()).isFalse();
    assertThat(a.reason()).contains("in the future");
  }

  @Test
  void emptyOwnHostnameTreatsEveryLockAsForeign() {
    LockAssessor noName = new LockAssessor(clock, "", ProcessStatus::dead, Duration.ZERO);
    LockAssessment a =
        noName
            .assess(List.of(InspectedLock.of(lock('a', "", 1, Duration.ofMinutes(1), false))), log)
            .get(0);
    assertThat(a.verdict()).isEqualTo(LockVerdict.UNKNOWN);
  }

  @Test
  void processKilledByUsIsDeadEvenIfPidWasReused() {
    log.killed(100, NOW.minusSeconds(5));
    processes.put(100L, ProcessStatus.running(100, NOW.minusSeconds(1), "restic"));
    LockAssessment a = one(lock('a', "vm", 100, Duration.ofMinutes(3), false));
    assertThat(a.verdict()).isEqualTo(LockVerdict.STALE_HOLDER_DEAD);
    assertThat(a.reason()).contains("force-killed");
    assertThat(a.removableByUnlock()).isFalse();
  }

  @Test
  void formatsDurations() {
    assertThat(LockAssessor.fmt(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
    assertThat(LockAssessor.fmt(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(LockAssessor.fmt(Duration.ofSeconds(-5))).isEqualTo("-5s");
  }
}
