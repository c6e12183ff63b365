package io.github.restic4j.it.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.it.Exercised;
import io.github.restic4j.it.Its;
import io.github.restic4j.it.LockHolder;
import io.github.restic4j.it.locking.LockingIts.Managed;
import io.github.restic4j.it.locking.LockingIts.Repo;
import io.github.restic4j.locking.AuditEntry;
import io.github.restic4j.locking.LockAssessment;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockNotAcquiredException;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.locking.LockVerdict;
import io.github.restic4j.locking.StaleLockNotRemovedException;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, test 4, on restic 0.14 and 0.18: a lock written on another host. The holder runs in its
 * own UTS namespace ({@code unshare --uts}) with the host name {@value #OTHER_HOST}, so restic
 * writes that name into its lock while the process still runs here.
 */
@EnabledIfResticAvailable
@ExtendWith({Exercised.class, LockingIts.Cleanup.class})
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.locking.LockingIts#oldAndNew")
class ForeignHostIT {

  static final String OTHER_HOST = "otherhost";

  /** restic's 30 minutes, the manager's default 2 minute skew margin, and some slack. */
  static final Duration AHEAD = Duration.ofMinutes(40);

  @Parameter ResticInstallation installation;

  private Repo repo;

  /** Checked once: without a UTS namespace this scenario cannot run. */
  @BeforeAll
  static void requireUnshare() {
    String problem = unshareProblem();
    if (problem == null) {
      return;
    }
    String message =
        "ForeignHostIT needs `unshare --uts` (root or CAP_SYS_ADMIN) to give a restic another host"
            + " name: "
            + problem;
    if (ResticInstallations.isCi()) {
      fail(message + " (CI=true: this scenario must run)");
    }
    Assumptions.abort(message);
  }

  private static String unshareProblem() {
    try {
      Process p =
          new ProcessBuilder(
                  "unshare", "--uts", "sh", "-c", "hostname " + OTHER_HOST + " && hostname")
              .redirectErrorStream(true)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "timed out";
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0 || !out.equals(OTHER_HOST)) {
        return "exit " + p.exitValue() + ": " + out;
      }
      return null;
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @BeforeEach
  void setUp() {
    repo = LockingIts.repo(installation);
  }

  private LockHolder startForeignHolder() {
    List<String> command =
        List.of(
            "unshare",
            "--uts",
            "sh",
            "-c",
            "hostname " + OTHER_HOST + " && exec \"$0\" --cache-dir \"$1\" key passwd",
            repo.installation().binary().toString(),
            repo.cacheDir("foreign-cache").toString());
    return LockHolder.start(repo.repository(), command, repo.env(), repo.work());
  }

  @Test
  void freshForeignLockIsNeverRemovedAndAnOldOneIsExpired() {
    LockHolder holder = startForeignHolder();
    String lockId = holder.lockId();
    try {
      LockInfo lock = repo.repository().catLock(lockId);
      assertThat(lock.hostname()).isEqualTo(OTHER_HOST);
      assertThat(lock.pid())
          .as("exec: the lock's PID is the process we hold")
          .isEqualTo(holder.pid());
      assertThat(Its.hostname()).isNotEqualTo(OTHER_HOST);

      freshForeignLockIsKept(lockId, holder);

      // the holder crashes on its host; the lock stays
      holder.kill9();
    } finally {
      holder.close();
    }
    oldForeignLockIsExpired(lockId);
    Exercised.record(repo.version(), "local", "LockManager: foreign host lock (unshare --uts)");
  }

  /** Young and foreign: only time can tell, so remove-stale waits and gives up; nothing removed. */
  private void freshForeignLockIsKept(String lockId, LockHolder holder) {
    Managed m = Managed.of(repo, b -> b);
    LockPolicy policy =
        LockPolicy.builder()
            .removeStale()
            .waitForLive(Duration.ofSeconds(1))
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
            .jitter(0)
            .deadline(Duration.ofSeconds(5))
            .build();
    LockNotAcquiredException e =
        catchThrowableOfType(
            LockNotAcquiredException.class,
            () -> m.manager().run(repo.repository(), PruneRequest.builder().build(), policy));
    String events = m.describeEvents();
    assertThat(e).as("prune must give up: %s", events).isNotNull();
    assertThat(e.assessments())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.lockId()).isEqualTo(lockId);
              assertThat(a.lock().hostname()).isEqualTo(OTHER_HOST);
              assertThat(a.verdict()).isIn(LockVerdict.UNKNOWN, LockVerdict.LIVE);
              assertThat(a.removableByUnlock()).isFalse();
            });
    assertThat(m.events(LockEvent.LockAssessed.class))
        .extracting(a -> a.assessment().verdict())
        .as(events)
        .isNotEmpty()
        .allMatch(v -> v == LockVerdict.UNKNOWN || v == LockVerdict.LIVE);
    assertThat(m.events(LockEvent.UnlockAttempted.class)).as(events).isEmpty();
    assertThat(m.audit().removals()).isEmpty();
    assertThat(repo.lockFiles()).containsExactly(lockId);
    assertThat(holder.isAlive()).isTrue();
  }

  /**
   * Old and foreign. The age is faked with the manager's clock 40 minutes ahead, so the manager
   * assesses {@link LockVerdict#STALE_EXPIRED} and expects restic's own rule to remove the lock
   * with a plain {@code unlock}. But restic's {@code unlock} measures the age with the real clock
   * (the lock is seconds old, and from another host), so it removes nothing. The manager notices
   * that with a fresh listing and throws {@link StaleLockNotRemovedException} naming the lock,
   * instead of retrying blindly or escalating: only the force policy would go on to {@code unlock
   * --remove-all} (covered by {@link CorruptLockIT} and the unit tests). With a really old lock the
   * two clocks agree and plain {@code unlock} removes it.
   */
  private void oldForeignLockIsExpired(String lockId) {
    Clock ahead = Clock.offset(Clock.systemUTC(), AHEAD);
    Managed m = Managed.of(repo, b -> b.clock(ahead));
    StaleLockNotRemovedException e =
        catchThrowableOfType(
            StaleLockNotRemovedException.class,
            () ->
                m.manager()
                    .run(
                        repo.repository(),
                        PruneRequest.builder().build(),
                        LockPolicy.builder().removeStale().build()));
    String events = m.describeEvents();
    assertThat(e).as("restic's unlock keeps the lock: %s", events).isNotNull();
    assertThat(e.notRemoved()).containsExactly(lockId);
    // the manager's decision: expired by its clock, so restic's rule should apply
    assertThat(m.events(LockEvent.LockAssessed.class))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.assessment().lockId()).isEqualTo(lockId);
              assertThat(a.assessment().lock().hostname()).isEqualTo(OTHER_HOST);
              assertThat(a.assessment().verdict()).isEqualTo(LockVerdict.STALE_EXPIRED);
              assertThat(a.assessment().removableByUnlock()).as("by the manager's clock").isTrue();
            });
    assertThat(m.events(LockEvent.UnlockAttempted.class))
        .as(events)
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.removeAll()).isFalse();
              assertThat(u.targets()).extracting(LockAssessment::lockId).containsExactly(lockId);
            });
    // what actually happened: restic's unlock left it, and the manager says so
    assertThat(m.events(LockEvent.UnlockHadNoEffect.class))
        .singleElement()
        .satisfies(u -> assertThat(u.notRemoved()).containsExactly(lockId));
    assertThat(m.events(LockEvent.LocksRemoved.class)).isEmpty();
    assertThat(m.events(LockEvent.GaveUp.class)).hasSize(1);
    assertThat(m.audit().removals()).isEmpty();
    assertThat(m.audit().forLock(lockId))
        .extracting(AuditEntry::action)
        .contains(AuditEntry.Action.NOT_REMOVED);
    assertThat(repo.lockFiles()).containsExactly(lockId);
    repo.deleteLeftoverLocks();
  }
}
