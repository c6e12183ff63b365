package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.restic4j.core.CallOptions;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticTimeoutException;
import io.github.restic4j.core.error.Termination;
import io.github.restic4j.core.error.UnsupportedVersionException;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timeouts, cancellation and secrecy of a running restic, for every installed version. A backup
 * from a stdin that never ends ({@link EndlessInputStream}) keeps restic running with its lock
 * held, deterministically.
 */
@EnabledIfResticAvailable
@ExtendWith(Exercised.class)
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.Its#restics")
class ProcessControlIT {

  /** Timeout of a backup waiting for a lock. */
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(2500);

  /** Timeout of a stdin backup: restic must open the repository (scrypt) and lock first. */
  private static final Duration STDIN_TIMEOUT = Duration.ofSeconds(4);

  @Parameter ResticInstallation installation;

  private static Its.LocalRepository local;
  private static Path source;
  private static Path repoDir;
  private static ResticRepository repo;

  @BeforeParameterizedClassInvocation
  static void createRepository(ResticInstallation installation) {
    local = Its.LocalRepository.create(installation, "process");
    source = local.source();
    repoDir = local.dir();
    repo = local.repository();
  }

  @AfterParameterizedClassInvocation
  static void deleteRepository() {
    local.delete();
  }

  private String version() {
    return installation.version().raw();
  }

  private static ResticExecution<BackupSummary> startStdinBackup(
      EndlessInputStream stdin, Duration timeout) {
    BackupRequest request =
        BackupRequest.builder().stdin(() -> stdin, "endless.bin").timeout(timeout).build();
    return repo.start(request, ResticCallback.none());
  }

  /**
   * Waits until restic reads the stream, which it does only after it opened the repository and took
   * its lock; then checks that the lock is there.
   */
  private static void awaitBackupRunning(
      ResticExecution<?> execution, EndlessInputStream stdin, Duration within) {
    Its.waitUntil(
        "restic reads its stdin", within, () -> stdin.resticIsReading() || execution.isDone());
    assertThat(execution.isDone()).as("restic still runs").isFalse();
    assertThat(Its.lockFiles(repoDir)).as("the running backup's lock").hasSize(1);
  }

  private static void assertNoLockLeft() {
    assertThat(Its.lockFiles(repoDir)).as("lock files on disk").isEmpty();
    assertThat(repo.listLocks()).as("restic list locks").isEmpty();
  }

  @Test
  void timeoutStopsARunningBackupGracefullyAndItsLockIsRemoved() {
    EndlessInputStream stdin = new EndlessInputStream();
    try {
      long start = System.nanoTime();
      ResticExecution<BackupSummary> execution = startStdinBackup(stdin, STDIN_TIMEOUT);
      awaitBackupRunning(execution, stdin, STDIN_TIMEOUT);

      ResticTimeoutException e =
          catchThrowableOfType(ResticTimeoutException.class, execution::await);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(e).as("the backup must time out").isNotNull();
      assertThat(took).isGreaterThanOrEqualTo(STDIN_TIMEOUT).isLessThan(Duration.ofSeconds(30));
      Termination t = e.termination();
      assertThat(t.pid()).isEqualTo(execution.pid());
      assertThat(t.signalledGracefully()).isTrue();
      assertThat(t.forceKilled()).isFalse();
      assertThat(t.lockMayRemain()).isFalse();
      assertThat(ProcessHandle.of(execution.pid()).filter(ProcessHandle::isAlive)).isEmpty();
      assertNoLockLeft();
    } finally {
      stdin.end();
    }
    Exercised.record(version(), "local", "timeout (running backup)");
  }

  @Test
  void timeoutWhileRetryingForALockLeavesOnlyTheHoldersLock() {
    CallOptions options =
        CallOptions.defaults().withRetryLock(Duration.ofMinutes(2)).withTimeout(SHORT_TIMEOUT);
    if (!installation.isAtLeast(0, 16, 0)) {
      // --retry-lock came with restic 0.16: refused before anything runs
      assertThatThrownBy(() -> repo.start(BackupRequest.of(source), ResticCallback.none(), options))
          .isInstanceOf(UnsupportedVersionException.class)
          .hasMessageContaining("0.16.0");
      Exercised.record(version(), "local", "--retry-lock refused (< 0.16)");
      return;
    }
    Map<String, String> env =
        Map.of("RESTIC_REPOSITORY", repoDir.toString(), "RESTIC_PASSWORD", Its.PASSWORD);
    try (LockHolder holder =
        LockHolder.start(
            repo,
            installation.binary(),
            env,
            Its.tempDir(local.work(), "holder-cache"),
            local.work())) {
      long start = System.nanoTime();
      ResticExecution<BackupSummary> waiting =
          repo.start(BackupRequest.of(source), ResticCallback.none(), options);
      ResticTimeoutException e = catchThrowableOfType(ResticTimeoutException.class, waiting::await);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(e).as("the waiting backup must time out").isNotNull();
      assertThat(took).isGreaterThanOrEqualTo(SHORT_TIMEOUT).isLessThan(Duration.ofSeconds(30));
      assertThat(e.termination().forceKilled()).isFalse();
      assertThat(e.termination().signalledGracefully()).isTrue();
      assertThat(repo.listLocks()).containsExactly(holder.lockId());

      holder.release();
      assertNoLockLeft();
    }
    Exercised.record(version(), "local", "timeout (--retry-lock)");
  }

  @Test
  void cancelStopsARunningBackupWithSigintAndItsLockIsRemoved() {
    int snapshotsBefore = repo.snapshots().size();
    EndlessInputStream stdin = new EndlessInputStream();
    try {
      ResticExecution<BackupSummary> execution = startStdinBackup(stdin, Duration.ofMinutes(2));
      awaitBackupRunning(execution, stdin, Duration.ofSeconds(60));

      Termination t = execution.cancel();

      assertThat(t).isNotNull();
      assertThat(t.signalledGracefully()).isTrue();
      // restic 0.14-0.16 die on SIGTERM and keep their lock: only SIGINT lets them clean up
      assertThat(t.forceKilled()).isFalse();
      assertThat(execution.isDone()).isTrue();
      ResticCancelledException e =
          catchThrowableOfType(ResticCancelledException.class, execution::await);
      assertThat(e).as("await after cancel").isNotNull();
      assertThat(e.termination().lockMayRemain()).isFalse();
      assertThat(ProcessHandle.of(execution.pid()).filter(ProcessHandle::isAlive)).isEmpty();
      assertNoLockLeft();
      assertThat(repo.snapshots()).hasSize(snapshotsBefore);
    } finally {
      stdin.end();
    }
    Exercised.record(version(), "local", "cancel (SIGINT, lock removed)");
  }

  @Test
  void passwordIsInTheEnvironmentButNeverOnTheCommandLine() {
    EndlessInputStream stdin = new EndlessInputStream();
    try (ResticExecution<BackupSummary> execution =
        startStdinBackup(stdin, Duration.ofMinutes(2))) {
      awaitBackupRunning(execution, stdin, Duration.ofSeconds(60));

      String cmdline = Its.proc(execution.pid(), "cmdline");
      String environ = Its.proc(execution.pid(), "environ");

      assertThat(cmdline).startsWith(installation.binary().toString()).contains("backup");
      assertThat(cmdline).doesNotContain(Its.PASSWORD);
      // it did reach restic, through the environment
      assertThat(environ).contains("RESTIC_PASSWORD=" + Its.PASSWORD);
      execution.cancel();
    } finally {
      stdin.end();
    }
    assertNoLockLeft();
    Exercised.record(version(), "local", "password not in /proc/PID/cmdline");
  }
}
