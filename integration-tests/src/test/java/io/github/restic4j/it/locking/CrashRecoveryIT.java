package io.github.restic4j.it.locking;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.command.PruneSummary;
import io.github.restic4j.it.EndlessInputStream;
import io.github.restic4j.it.Exercised;
import io.github.restic4j.it.Its;
import io.github.restic4j.it.LockHolder;
import io.github.restic4j.it.locking.LockingIts.Managed;
import io.github.restic4j.it.locking.LockingIts.Repo;
import io.github.restic4j.it.locking.LockingIts.RunningBackup;
import io.github.restic4j.locking.AuditEntry;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.locking.LockVerdict;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, tests 1 and 3 against every installed real restic: a crashed (SIGKILLed) holder leaves a
 * lock that blocks later commands; {@link io.github.restic4j.locking.LockManager} with {@code
 * removeStale()} recovers automatically and reports exactly which lock it removed and whose it was.
 */
@EnabledIfResticAvailable
@ExtendWith({Exercised.class, LockingIts.Cleanup.class})
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.locking.LockingIts#all")
class CrashRecoveryIT {

  private static final LockPolicy REMOVE_STALE = LockPolicy.builder().removeStale().build();

  @Parameter ResticInstallation installation;

  private Repo repo;

  @BeforeEach
  void setUp() {
    repo = LockingIts.repo(installation);
  }

  /** Test 1, the field scenario: a backup killed with SIGKILL, then forget, then prune. */
  @Test
  void killedBackupsLockIsRemovedByTheNextForgetAndPrune() {
    ForgetResult forgot =
        recoverAfterKilledBackup(ForgetRequest.builder().keepLast(1).build(), "forget");
    assertThat(forgot.kept()).isNotEmpty();

    PruneSummary pruned = recoverAfterKilledBackup(PruneRequest.builder().build(), "prune");
    assertThat(pruned).isNotNull();

    Exercised.record(repo.version(), "local", "LockManager: killed backup, forget+prune recover");
  }

  private <R> R recoverAfterKilledBackup(ResticRequest<R, ?> request, String operation) {
    EndlessInputStream stdin = EndlessInputStream.slow();
    RunningBackup crashed = repo.startStdinBackup(stdin);
    crashed.kill9();
    assertThat(repo.lockFiles())
        .as("SIGKILL leaves the backup's lock behind")
        .containsExactly(crashed.lockId());

    Managed m = Managed.of(repo, b -> b);
    R result = m.manager().run(repo.repository(), request, REMOVE_STALE);

    String events = m.describeEvents();
    assertThat(repo.lockFiles()).as("locks after %s", operation).isEmpty();
    // restic reported the conflict, naming the dead holder
    List<LockEvent.ConflictDetected> conflicts = m.events(LockEvent.ConflictDetected.class);
    assertThat(conflicts).as(events).hasSize(1);
    assertThat(conflicts.get(0).operation()).isEqualTo(operation);
    assertThat(conflicts.get(0).conflict())
        .as("conflict parsed from restic's message")
        .hasValueSatisfying(
            c -> {
              assertThat(c.pid()).isEqualTo(crashed.pid());
              assertThat(c.exclusive()).as("a backup's lock is shared").isFalse();
              assertThat(crashed.lockId()).startsWith(c.storageIdPrefix());
            });
    // assessed as restic's own stale rule: same host, PID gone
    assertThat(m.events(LockEvent.LockAssessed.class))
        .as(events)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.assessment().lockId()).isEqualTo(crashed.lockId());
              assertThat(a.assessment().verdict()).isEqualTo(LockVerdict.STALE_HOLDER_DEAD);
              assertThat(a.assessment().removableByUnlock()).isTrue();
            });
    // the removal names exactly that lock and its holder
    List<LockEvent.LocksRemoved> removals = m.events(LockEvent.LocksRemoved.class);
    assertThat(removals).as(events).hasSize(1);
    LockEvent.LocksRemoved removed = removals.get(0);
    assertThat(removed.removeAll()).as("plain unlock, not --remove-all").isFalse();
    assertThat(removed.ids()).containsExactly(crashed.lockId());
    LockInfo holder = removed.locks().get(0);
    assertThat(holder.pid()).isEqualTo(crashed.pid());
    assertThat(holder.hostname()).isEqualTo(Its.hostname());
    assertThat(holder.exclusive()).isFalse();
    assertThat(removed.reasons()).singleElement().asString().contains("STALE_HOLDER_DEAD");
    assertThat(m.events(LockEvent.UnlockHadNoEffect.class)).isEmpty();
    assertThat(m.events(LockEvent.UnexpectedLocksGone.class)).isEmpty();
    assertThat(m.events(LockEvent.OperationSucceeded.class))
        .singleElement()
        .satisfies(s -> assertThat(s.attempts()).isEqualTo(2));
    // and the audit trail says the same
    assertThat(m.audit().removals())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.lockId()).isEqualTo(crashed.lockId());
              assertThat(e.action()).isEqualTo(AuditEntry.Action.REMOVED);
              assertThat(e.holder()).startsWith("PID " + crashed.pid() + "@" + Its.hostname());
            });
    return result;
  }

  /**
   * On a local repository the lock files are listed from the {@code locks} folder, so recovering
   * from one stale lock runs only what a person would: the failing forget, {@code unlock}, the
   * forget again (benchmarks item 4). Every restic run is logged by a wrapper script.
   */
  @Test
  void onALocalRepositoryRecoveryRunsOnlyUnlockBesidesTheTwoAttempts() {
    Its.CountingRestic counting = Its.CountingRestic.create(installation, repo.work());
    ResticRepository repository =
        Its.repository(counting.restic(), repo.dir().toString(), repo.work()).build();
    assertThat(repository.localDirectory()).contains(repo.dir());

    RunningBackup crashed = repo.startStdinBackup(EndlessInputStream.slow());
    crashed.kill9();
    Managed m = Managed.of(repo, b -> b);
    counting.reset();
    m.manager().run(repository, ForgetRequest.builder().keepLast(1000).build(), REMOVE_STALE);

    assertThat(counting.commands())
        .as(m.describeEvents())
        .containsExactly("forget", "unlock", "forget");
    assertThat(repo.lockFiles()).isEmpty();
    assertThat(m.events(LockEvent.LocksRemoved.class))
        .singleElement()
        .satisfies(r -> assertThat(r.ids()).containsExactly(crashed.lockId()));
    Exercised.record(
        repo.version(),
        "local",
        "LockManager: local lock listing, recovery = forget+unlock+forget");
  }

  /** Test 3: a crashed exclusive holder blocks even backups; a managed backup recovers. */
  @Test
  void crashedExclusiveHolderNoLongerBlocksBackups() {
    LockHolder holder =
        LockHolder.start(
            repo.repository(),
            repo.installation().binary(),
            repo.env(),
            repo.cacheDir("holder-cache"),
            repo.work());
    String lockId = holder.lockId();
    try {
      holder.kill9();
    } finally {
      holder.close();
    }

    Managed m = Managed.of(repo, b -> b);
    BackupSummary summary =
        m.manager().run(repo.repository(), BackupRequest.of(repo.source()), REMOVE_STALE);

    String events = m.describeEvents();
    assertThat(summary.snapshotCreated()).isTrue();
    assertThat(repo.lockFiles()).isEmpty();
    assertThat(m.events(LockEvent.ConflictDetected.class))
        .as("the exclusive lock blocked the backup first: %s", events)
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.conflict())
                    .hasValueSatisfying(
                        lc -> {
                          assertThat(lc.exclusive()).isTrue();
                          assertThat(lc.pid()).isEqualTo(holder.pid());
                        }));
    List<LockEvent.LocksRemoved> removals = m.events(LockEvent.LocksRemoved.class);
    assertThat(removals).as(events).hasSize(1);
    LockEvent.LocksRemoved removed = removals.get(0);
    assertThat(removed.ids()).containsExactly(lockId);
    assertThat(removed.locks().get(0).pid()).isEqualTo(holder.pid());
    assertThat(removed.locks().get(0).exclusive()).isTrue();
    assertThat(m.audit().removals()).extracting(AuditEntry::lockId).containsExactly(lockId);

    Exercised.record(
        repo.version(), "local", "LockManager: killed exclusive holder, backup recovers");
  }
}
