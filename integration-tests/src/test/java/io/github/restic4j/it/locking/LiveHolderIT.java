package io.github.restic4j.it.locking;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.command.PruneSummary;
import io.github.restic4j.it.Exercised;
import io.github.restic4j.it.locking.LockingIts.BackupProcess;
import io.github.restic4j.it.locking.LockingIts.Managed;
import io.github.restic4j.it.locking.LockingIts.Repo;
import io.github.restic4j.locking.AuditEntry;
import io.github.restic4j.locking.LockAssessment;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.locking.LockVerdict;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, test 2, on restic 0.14 (manager's own backoff) and 0.18 ({@code --retry-lock}): an
 * exclusive prune waits for a live backup and succeeds once the backup has finished; nothing is
 * removed.
 */
@EnabledIfResticAvailable
@ExtendWith({Exercised.class, LockingIts.Cleanup.class})
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.locking.LockingIts#oldAndNew")
class LiveHolderIT {

  /** How long the holder keeps its lock after the manager started waiting. */
  private static final Duration HOLD_AFTER_WAIT = Duration.ofMillis(1500);

  @Parameter ResticInstallation installation;

  private Repo repo;

  @BeforeEach
  void setUp() {
    repo = LockingIts.repo(installation);
  }

  @Test
  void exclusivePruneWaitsForALiveBackupAndRemovesNothing() throws Exception {
    // a backup started by another tool (text output, outside restic-core)
    BackupProcess live = repo.startBackupProcess();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    AtomicBoolean released = new AtomicBoolean();
    try {
      // the holder finishes its backup normally a little after the manager decided to wait
      Managed m =
          Managed.of(
              repo,
              b ->
                  b.listener(
                      e -> {
                        if (e instanceof LockEvent.Waiting && released.compareAndSet(false, true)) {
                          timer.schedule(
                              live::endInput, HOLD_AFTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        }
                      }));
      // remove-stale is on too: it must still not touch a live lock
      LockPolicy policy =
          LockPolicy.builder()
              .removeStale()
              .waitForLive(Duration.ofSeconds(60))
              // on 0.14 (no --retry-lock) retry once the holder is surely done: a retry while it
              // removes its lock makes `cat lock` on 0.14 retry a vanished file for ~45 s
              .backoff(Duration.ofSeconds(3), Duration.ofSeconds(3))
              .jitter(0)
              .deadline(Duration.ofSeconds(90))
              .build();

      long t0 = System.nanoTime();
      PruneSummary pruned =
          m.manager().run(repo.repository(), PruneRequest.builder().build(), policy);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      String events = m.describeEvents();
      assertThat(pruned).isNotNull();
      assertThat(live.finish(Duration.ofSeconds(30)))
          .as("the live backup was not disturbed: %s", live.log())
          .isZero();
      assertThat(live.log()).contains("snapshot").contains("saved");
      assertThat(took).as("prune waited for the holder").isGreaterThan(HOLD_AFTER_WAIT);

      // the conflict named the live backup, which was assessed live
      assertThat(m.events(LockEvent.ConflictDetected.class)).as(events).isNotEmpty();
      List<LockAssessment> assessed =
          m.events(LockEvent.LockAssessed.class).stream()
              .map(LockEvent.LockAssessed::assessment)
              .toList();
      assertThat(assessed).as(events).isNotEmpty();
      assertThat(assessed)
          .allSatisfy(
              a -> {
                assertThat(a.lockId()).isEqualTo(live.lockId());
                assertThat(a.lock().pid()).isEqualTo(live.pid());
                assertThat(a.verdict()).isEqualTo(LockVerdict.LIVE);
                assertThat(a.removableByUnlock()).isFalse();
              });
      // it waited: restic itself with --retry-lock from 0.16, the manager's backoff before
      List<LockEvent.Waiting> waits = m.events(LockEvent.Waiting.class);
      assertThat(waits).as(events).isNotEmpty();
      boolean retryLock = installation.isAtLeast(0, 16, 0);
      assertThat(waits).allSatisfy(w -> assertThat(w.viaRetryLock()).isEqualTo(retryLock));
      if (retryLock) {
        assertThat(waits).as("one --retry-lock run covers the wait: %s", events).hasSize(1);
      }
      // nothing was removed or even attempted
      assertThat(m.events(LockEvent.UnlockAttempted.class)).as(events).isEmpty();
      assertThat(m.events(LockEvent.LocksRemoved.class)).isEmpty();
      assertThat(m.audit().removals()).isEmpty();
      assertThat(m.audit().entries())
          .extracting(AuditEntry::action)
          .contains(AuditEntry.Action.SEEN, AuditEntry.Action.WAITED_ON)
          .doesNotContain(
              AuditEntry.Action.REMOVED,
              AuditEntry.Action.FORCE_REMOVED,
              AuditEntry.Action.NOT_REMOVED);
      assertThat(m.events(LockEvent.OperationSucceeded.class))
          .singleElement()
          .satisfies(s -> assertThat(s.attempts()).isGreaterThanOrEqualTo(2));
      assertThat(repo.lockFiles()).isEmpty();
    } finally {
      timer.shutdownNow();
      live.close();
    }
    Exercised.record(repo.version(), "local", "LockManager: prune waits for a live backup");
  }
}
