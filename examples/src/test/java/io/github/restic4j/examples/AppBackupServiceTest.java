package io.github.restic4j.examples;

// snippet:start
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.locking.AuditEntry;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockNotAcquiredException;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.testkit.FakeRestic;
import io.github.restic4j.testkit.FakeResticExtension;
import io.github.restic4j.testkit.LockLiveness;
import io.github.restic4j.testkit.ResticPersona;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tests the application's backup code in milliseconds, without restic, on a fake restic 0.18. */
class AppBackupServiceTest {
  @RegisterExtension
  static FakeResticExtension restic = FakeResticExtension.persona(ResticPersona.V0_18);

  @Test
  void nightlyBackupRemovesTheStaleLockOfACrashedRun(
      FakeRestic fake, ResticRepository repo, @TempDir Path data) throws Exception {
    Files.writeString(data.resolve("orders.csv"), "1,coffee\n");
    // last night's run crashed on this host and left its exclusive lock behind
    String stale =
        fake.faults()
            .lockHeldBy(LockLiveness.DEAD, fake.hostname(), 999_999, true, Duration.ofMinutes(5));
    LockManager locks = LockManager.builder().hostname(fake.hostname()).build();

    String snapshot = new AppBackupService(repo, locks, LockPolicy.defaults(), data).nightly();

    assertThat(repo.snapshots()).extracting(Snapshot::id).containsExactly(snapshot);
    assertThat(fake.locks()).isEmpty();
    assertThat(locks.auditTrail().removals()).extracting(AuditEntry::lockId).containsExactly(stale);
  }

  @Test
  void aLockHeldFromAnotherHostIsNeverRemoved(
      FakeRestic fake, ResticRepository repo, @TempDir Path data) {
    String live =
        fake.faults().lockHeldBy(LockLiveness.LIVE, "db-host", 4242, true, Duration.ofMinutes(1));
    LockManager locks = LockManager.builder().hostname(fake.hostname()).build();
    AppBackupService service = new AppBackupService(repo, locks, LockPolicy.failFast(), data);

    assertThatThrownBy(service::nightly).isInstanceOf(LockNotAcquiredException.class);
    assertThat(fake.locks()).containsExactly(live);
    assertThat(fake.snapshotCount()).isZero();
  }
}
// snippet:end
