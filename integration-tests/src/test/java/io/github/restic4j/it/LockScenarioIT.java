package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.command.UnlockResult;
import io.github.restic4j.core.error.LockConflict;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The field failure "repo is locked", reproduced with a real exclusive lock on a local repository
 * for every installed restic version: a live lock, then a stale one left by {@code kill -9}.
 */
@EnabledIfResticAvailable
@ExtendWith(Exercised.class)
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.Its#restics")
class LockScenarioIT {

  @Parameter ResticInstallation installation;

  private static Its.LocalRepository local;
  private static Path source;
  private static Path repoDir;
  private static ResticRepository repo;

  @BeforeParameterizedClassInvocation
  static void createRepository(ResticInstallation installation) {
    local = Its.LocalRepository.create(installation, "locks");
    source = local.source();
    repoDir = local.dir();
    repo = local.repository();
  }

  @AfterParameterizedClassInvocation
  static void deleteRepository() {
    local.delete();
  }

  static RepositoryLockedException backupFailsLocked() {
    RepositoryLockedException e =
        catchThrowableOfType(
            RepositoryLockedException.class, () -> repo.backup(BackupRequest.of(source)));
    assertThat(e).as("backup must fail because of the lock").isNotNull();
    return e;
  }

  @Test
  void liveLockThenStaleLockThenUnlock() {
    String version = installation.version().raw();
    Map<String, String> env =
        Map.of("RESTIC_REPOSITORY", repoDir.toString(), "RESTIC_PASSWORD", Its.PASSWORD);
    try (LockHolder holder =
        LockHolder.start(
            repo,
            installation.binary(),
            env,
            Its.tempDir(local.work(), "holder-cache"),
            local.work())) {
      String lockId = holder.lockId();
      assertThat(lockId).matches("[0-9a-f]{64}");

      // a live exclusive lock: backup fails with the holder's details
      RepositoryLockedException live = backupFailsLocked();
      assertThat(live.conflict())
          .hasValueSatisfying(
              c -> {
                assertThat(c.pid()).isEqualTo(holder.pid());
                assertThat(c.hostname()).isEqualTo(Its.hostname());
                assertThat(c.exclusive()).isTrue();
                assertThat(lockId).startsWith(c.storageIdPrefix());
                assertThat(c.age().isNegative()).isFalse();
              });

      // reading the lock takes no lock, so it works while the exclusive lock is held
      LockInfo info = repo.catLock(lockId);
      assertThat(info.id()).isEqualTo(lockId);
      assertThat(info.exclusive()).isTrue();
      assertThat(info.pid()).isEqualTo(holder.pid());
      assertThat(info.hostname()).isEqualTo(Its.hostname());
      assertThat(repo.listLocks()).containsExactly(lockId);

      // unlock leaves a live lock alone
      UnlockResult whileLive = repo.unlock(UnlockRequest.staleOnly());
      assertThat(whileLive.removed()).isEmpty();
      assertThat(whileLive.remaining()).containsExactly(lockId);

      // kill -9: the lock stays behind as a stale lock and still blocks backups
      holder.kill9();
      RepositoryLockedException stale = backupFailsLocked();
      LockConflict conflict = stale.conflict().orElseThrow();
      assertThat(conflict.pid()).isEqualTo(holder.pid());
      assertThat(ProcessHandle.of(conflict.pid()).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(repo.listLocks()).containsExactly(lockId);

      // unlock removes exactly that lock, and backups work again
      UnlockResult unlocked = repo.unlock(UnlockRequest.staleOnly());
      assertThat(unlocked.removed()).containsExactly(lockId);
      assertThat(unlocked.remaining()).isEmpty();
      BackupSummary after = repo.backup(BackupRequest.of(source));
      assertThat(after.snapshotCreated()).isTrue();
      assertThat(repo.listLocks()).isEmpty();
    }
    Exercised.record(version, "local", "live lock");
    Exercised.record(version, "local", "stale lock + unlock");
    Exercised.record(version, "local", "cat lock");
  }
}
