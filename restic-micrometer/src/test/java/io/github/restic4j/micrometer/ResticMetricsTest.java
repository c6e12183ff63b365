package io.github.restic4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.orchestration.FailureReason;
import io.github.restic4j.orchestration.JobKind;
import io.github.restic4j.orchestration.LockAnomaly;
import io.github.restic4j.orchestration.RunEvent;
import io.github.restic4j.orchestration.RunSummary;
import io.github.restic4j.orchestration.SkipReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResticMetricsTest {

  private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

  @Test
  void recordsRunsAndLockEvents() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ResticMetrics metrics = new ResticMetrics();
    metrics.bindTo(registry);

    metrics.onEvent(
        new RunEvent.Succeeded(
            T,
            "docs",
            JobKind.BACKUP,
            "r1",
            1,
            Duration.ofSeconds(3),
            new RunSummary("abc", 7, 1000, 0, "")));
    metrics.onEvent(
        new RunEvent.Succeeded(
            T.plusSeconds(60),
            "docs",
            JobKind.BACKUP,
            "r2",
            2,
            Duration.ofSeconds(5),
            new RunSummary("def", 3, 500, 1, "")));
    metrics.onEvent(
        new RunEvent.Failed(
            T,
            "docs",
            JobKind.PRUNE,
            "r3",
            3,
            Duration.ofSeconds(1),
            FailureReason.LOCK_NOT_ACQUIRED,
            "locked"));
    metrics.onEvent(new RunEvent.Skipped(T, "docs", JobKind.BACKUP, SkipReason.OVERLAP, ""));
    metrics.onEvent(
        lock(new LockEvent.ConflictDetected(T, "s3:host/b", "backup", 1, Optional.empty())));
    metrics.onEvent(
        lock(new LockEvent.Waiting(T, "s3:host/b", Duration.ofSeconds(1), false, List.of())));
    metrics.onEvent(
        lock(
            new LockEvent.LocksRemoved(
                T, "s3:host/b", false, List.of(lockInfo(), lockInfo()), List.of("a", "b"))));
    metrics.onEvent(new RunEvent.AlertRaised(T, "", "s3:host/b", LockAnomaly.CONFLICT, 5, 5));

    assertThat(registry.get(ResticMetrics.RUN_DURATION).tag("outcome", "success").timer().count())
        .isEqualTo(2);
    assertThat(
            registry
                .get(ResticMetrics.RUN_DURATION)
                .tag("outcome", "success")
                .timer()
                .totalTime(TimeUnit.SECONDS))
        .isEqualTo(8.0);
    assertThat(registry.get(ResticMetrics.BYTES_ADDED).counter().count()).isEqualTo(1500);
    assertThat(registry.get(ResticMetrics.FILES_ADDED).counter().count()).isEqualTo(10);
    assertThat(registry.get(ResticMetrics.LAST_SUCCESS).tag("kind", "BACKUP").gauge().value())
        .isEqualTo(T.plusSeconds(60).getEpochSecond());
    assertThat(
            registry
                .get(ResticMetrics.FAILURES)
                .tag("reason", "LOCK_NOT_ACQUIRED")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(ResticMetrics.SKIPS).tag("reason", "OVERLAP").counter().count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(ResticMetrics.LOCK_CONFLICTS)
                .tag("repository", "s3:host/b")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(ResticMetrics.LOCK_WAITS).counter().count()).isEqualTo(1);
    assertThat(registry.get(ResticMetrics.LOCK_UNLOCKS).counter().count()).isEqualTo(2);
    assertThat(registry.get(ResticMetrics.ALERTS).counter().count()).isEqualTo(1);
  }

  @Test
  void ignoresEventsBeforeBinding() {
    ResticMetrics metrics = new ResticMetrics();
    metrics.onEvent(new RunEvent.Skipped(T, "docs", JobKind.BACKUP, SkipReason.OVERLAP, ""));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    assertThat(registry.getMeters()).isEmpty();
  }

  private static RunEvent lock(LockEvent e) {
    return new RunEvent.LockObserved(e.at(), "docs", "r1", e);
  }

  private static LockInfo lockInfo() {
    return new LockInfo("0123abcd", null, false, "vm", "root", 42, 0, 0);
  }
}
