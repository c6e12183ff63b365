package io.github.restic4j.it.locking;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.command.PruneSummary;
import io.github.restic4j.core.error.InvalidLockFileException;
import io.github.restic4j.it.Exercised;
import io.github.restic4j.it.Its;
import io.github.restic4j.it.locking.LockingIts.Managed;
import io.github.restic4j.it.locking.LockingIts.Repo;
import io.github.restic4j.locking.AuditEntry;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.locking.LockVerdict;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4, test 5: a corrupt lock file (150 random bytes under {@code locks/<64 hex>}).
 *
 * <p>restic 0.14 ignores undecryptable locks, so nothing blocks and the manager has nothing to do;
 * restic 0.15.1+ refuses to lock with "invalid lock file", which 0.17.1+ reports only after about
 * 35 s of internal retries. So the slow path runs once, on 0.18, with the non-force and the force
 * policy in parallel on two repositories (restic mostly sleeps meanwhile).
 */
@EnabledIfResticAvailable
@ExtendWith({Exercised.class, LockingIts.Cleanup.class})
class CorruptLockIT {

  /** restic 0.17.1+ retries loading a lock 4 times, sleeping 5, 10 and 20 s in between. */
  private static final Duration RESTIC_INTERNAL_RETRIES = Duration.ofSeconds(30);

  static String plantCorruptLock(Repo repo) throws IOException {
    byte[] garbage = new byte[150];
    SecureRandom random = new SecureRandom();
    random.nextBytes(garbage);
    byte[] name = new byte[32];
    random.nextBytes(name);
    String id = HexFormat.of().formatHex(name);
    Files.write(repo.dir().resolve("locks").resolve(id), garbage);
    return id;
  }

  @Test
  void restic014IgnoresACorruptLockWhichTheManagerReportsUnreadable() throws IOException {
    Repo repo = LockingIts.repo(ResticInstallations.get().requireRestic("0.14"));
    String id = plantCorruptLock(repo);
    try {
      Managed m = Managed.of(repo, b -> b);
      assertThat(m.manager().inspect(repo.repository()))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.lockId()).isEqualTo(id);
                assertThat(a.verdict()).isEqualTo(LockVerdict.UNREADABLE);
                assertThat(a.removableByUnlock()).isFalse();
              });
      m.events().clear();

      // 0.14 does not even notice it: the prune runs once, the manager removes nothing
      PruneSummary pruned =
          m.manager().run(repo.repository(), PruneRequest.builder().build(), LockPolicy.defaults());
      assertThat(pruned).isNotNull();
      assertThat(m.events(LockEvent.OperationSucceeded.class))
          .singleElement()
          .satisfies(s -> assertThat(s.attempts()).isEqualTo(1));
      assertThat(m.events(LockEvent.InvalidLockDetected.class)).isEmpty();
      assertThat(m.events(LockEvent.UnlockAttempted.class)).isEmpty();
      assertThat(repo.lockFiles()).containsExactly(id);
    } finally {
      repo.deleteLeftoverLocks();
    }
    Exercised.record("0.14.0", "local", "LockManager: corrupt lock ignored by restic, UNREADABLE");
  }

  @Test
  void corruptLockIsATypedFailureAndOnlyTheForcePolicyRemovesIt() throws Exception {
    var installation = ResticInstallations.get().requireRestic("0.18");
    Repo kept = LockingIts.freshRepo(installation, "corrupt-kept");
    Repo forced = LockingIts.repo(installation);
    String keptId = plantCorruptLock(kept);
    String forcedId = plantCorruptLock(forced);
    Managed keptManager = Managed.of(kept, b -> b);
    Managed forcedManager = Managed.of(forced, b -> b);

    long t0 = System.nanoTime();
    // the recommended default policy (remove stale, wait for live holders) must not remove it
    CompletableFuture<Throwable> keptRun =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                keptManager
                    .manager()
                    .run(kept.repository(), PruneRequest.builder().build(), LockPolicy.defaults());
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    CompletableFuture<PruneSummary> forcedRun =
        CompletableFuture.supplyAsync(
            () ->
                forcedManager
                    .manager()
                    .run(
                        forced.repository(),
                        PruneRequest.builder().build(),
                        LockPolicy.builder().force().build()));
    Throwable failure = keptRun.get(150, TimeUnit.SECONDS);
    PruneSummary pruned = forcedRun.get(150, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    // without force: restic's typed failure, surfaced after one assessment
    String keptEvents = keptManager.describeEvents();
    assertThat(failure).as(keptEvents).isInstanceOf(InvalidLockFileException.class);
    assertThat(failure.getMessage()).contains("invalid lock file");
    assertThat(took).as("restic retried internally first").isGreaterThan(RESTIC_INTERNAL_RETRIES);
    assertThat(keptManager.events(LockEvent.InvalidLockDetected.class)).as(keptEvents).hasSize(1);
    assertThat(keptManager.events(LockEvent.LockAssessed.class))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.assessment().lockId()).isEqualTo(keptId);
              assertThat(a.assessment().verdict()).isEqualTo(LockVerdict.UNREADABLE);
            });
    assertThat(keptManager.events(LockEvent.GaveUp.class)).hasSize(1);
    assertThat(keptManager.events(LockEvent.UnlockAttempted.class)).isEmpty();
    assertThat(keptManager.audit().removals()).isEmpty();
    assertThat(kept.lockFiles()).containsExactly(keptId);

    // with force: removed with --remove-all, loudly audited, then the prune ran
    String forcedEvents = forcedManager.describeEvents();
    assertThat(pruned).as(forcedEvents).isNotNull();
    assertThat(forcedManager.events(LockEvent.InvalidLockDetected.class))
        .as(forcedEvents)
        .hasSize(1);
    assertThat(forcedManager.events(LockEvent.UnlockAttempted.class))
        .singleElement()
        .satisfies(u -> assertThat(u.removeAll()).isTrue());
    assertThat(forcedManager.events(LockEvent.LocksRemoved.class))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.removeAll()).isTrue();
              assertThat(r.ids()).containsExactly(forcedId);
              assertThat(r.reasons()).singleElement().asString().contains("UNREADABLE");
            });
    assertThat(forcedManager.audit().removals())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.lockId()).isEqualTo(forcedId);
              assertThat(e.action()).isEqualTo(AuditEntry.Action.FORCE_REMOVED);
            });
    assertThat(forced.lockFiles()).isEmpty();
    assertThat(Its.lockFiles(kept.dir())).containsExactly(keptId);
    Exercised.record(
        installation.version().raw(),
        "local",
        "LockManager: corrupt lock -> InvalidLockFileException, removed only by force");
  }
}
