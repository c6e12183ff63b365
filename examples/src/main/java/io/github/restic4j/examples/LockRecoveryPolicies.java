package io.github.restic4j.examples;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupEvent;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.locking.LockAssessment;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockNotAcquiredException;
import io.github.restic4j.locking.LockPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lock recovery with each {@link LockPolicy}, against a real restic, and the {@link LockEvent}s
 * each one emits. The lock holders are real restic processes: a backup reading an endless stdin (a
 * live holder), the same killed with SIGKILL (a stale lock), and a corrupt lock file.
 *
 * <ol>
 *   <li><b>fail fast</b> ({@link LockPolicy#failFast()}): a live backup holds the repository; the
 *       prune inspects the lock, reports it ({@code ConflictDetected}, {@code LockAssessed LIVE},
 *       {@code GaveUp}) and throws {@link LockNotAcquiredException}. Nothing is removed.
 *   <li><b>wait</b> ({@code waitForLive}): the same prune waits ({@code Waiting}, through restic's
 *       own {@code --retry-lock} on restic 0.16+) until the backup finishes, then succeeds.
 *   <li><b>remove stale</b> ({@code removeStale}): a backup killed by SIGKILL left its lock; it is
 *       assessed {@code STALE_HOLDER_DEAD}, removed with plain {@code unlock} ({@code
 *       LocksRemoved}), verified gone, and the prune retried.
 *   <li><b>force</b> ({@code force}): a corrupt lock file blocks everything (restic 0.15.1+; it
 *       first retries for about 35 s). Only force removes it, with {@code unlock --remove-all},
 *       after checking that no live lock remains.
 * </ol>
 *
 * <p>Pass {@code --skip-force} to leave out the slow fourth part. Needs restic ({@code
 * RESTIC_BINARY}, {@code PATH} or {@code bash scripts/install-restic}).
 *
 * <p>Run: {@code ./mvnw -q -Pdemo -pl examples -am package -Ddemo.main=LockRecoveryPolicies}.
 */
public final class LockRecoveryPolicies {

  private LockRecoveryPolicies() {}

  /**
   * Runs the four scenarios on a local repository.
   *
   * @param args {@code --skip-force} to skip the corrupt-lock scenario
   * @throws Exception if a scenario does not end as described
   */
  public static void main(String[] args) throws Exception {
    Restic restic = ExampleSupport.requireRestic();
    Path work = Files.createTempDirectory("restic4j-policies");
    try {
      Path repoDir = work.resolve("repo");
      ResticRepository repo =
          restic
              .repository(repoDir.toString())
              .password(Secret.of("policies-demo"))
              .cacheDir(work.resolve("cache"))
              .build();
      repo.init();
      repo.backup(BackupRequest.of(ExampleSupport.createData(work.resolve("data"), 2)));
      System.out.println("restic " + restic.version() + ", local repository");

      // one manager per application; the listener sees every step of every call
      LockManager manager = LockManager.builder().listener(LockRecoveryPolicies::print).build();
      PruneRequest prune = PruneRequest.builder().build();

      System.out.println("\n== fail fast: a live backup holds the repository");
      AtomicBoolean finish = new AtomicBoolean();
      ResticExecution<BackupSummary> live = startBackup(repo, finish);
      try {
        manager.run(repo, prune, LockPolicy.failFast());
        throw new IllegalStateException("prune should have failed");
      } catch (LockNotAcquiredException e) {
        System.out.println(
            "-> LockNotAcquiredException; verdicts "
                + e.assessments().stream().map(LockAssessment::verdict).toList());
      }

      System.out.println("\n== wait: the same prune waits until the backup finishes (~2 s)");
      Thread finisher =
          new Thread(
              () -> {
                sleep(Duration.ofSeconds(2));
                finish.set(true); // the backup's stdin ends, restic saves and releases its lock
              });
      finisher.start();
      LockPolicy waitPolicy =
          LockPolicy.builder()
              .waitForLive(Duration.ofSeconds(60))
              .backoff(Duration.ofMillis(250), Duration.ofSeconds(1))
              .build();
      manager.run(repo, prune, waitPolicy);
      finisher.join();
      live.await(Duration.ofSeconds(30));
      System.out.println("-> prune succeeded after waiting");

      System.out.println("\n== remove stale: a backup killed by SIGKILL left its lock");
      ResticExecution<BackupSummary> doomed = startBackup(repo, new AtomicBoolean());
      ProcessHandle.of(doomed.pid()).ifPresent(ProcessHandle::destroyForcibly);
      try {
        doomed.await(Duration.ofSeconds(30));
      } catch (RuntimeException killed) {
        // exit 137: restic had no chance to remove its lock
      }
      manager.run(repo, prune, LockPolicy.builder().removeStale().build());
      System.out.println("-> prune succeeded; locks left: " + repo.listLocks().size());

      if (List.of(args).contains("--skip-force")) {
        System.out.println("\n== force: skipped (--skip-force)");
      } else if (!restic.version().isAtLeast(0, 15, 1)) {
        System.out.println(
            "\n== force: skipped, restic " + restic.version() + " ignores corrupt locks");
      } else {
        System.out.println("\n== force: a corrupt lock file (restic retries ~35 s, then fails)");
        String corrupt = plantCorruptLock(repoDir);
        // removeStale() would give up here with InvalidLockFileException: an unreadable lock
        // cannot be proven stale, so only force removes it
        manager.run(repo, prune, LockPolicy.builder().force().build());
        System.out.println(
            "-> force removed "
                + corrupt.substring(0, 8)
                + "; prune succeeded; locks left: "
                + repo.listLocks().size());
      }
      System.out.println("\naudit: " + manager.auditTrail().removals().size() + " lock(s) removed");
    } finally {
      ExampleSupport.deleteTree(work);
    }
  }

  /** Prints each event on one line. */
  private static void print(LockEvent event) {
    String text;
    if (event instanceof LockEvent.ConflictDetected e) {
      text = "conflict on attempt " + e.attempt();
    } else if (event instanceof LockEvent.InvalidLockDetected e) {
      text = "invalid lock file";
    } else if (event instanceof LockEvent.LockAssessed e) {
      text = e.assessment().lockId().substring(0, 8) + " " + e.assessment().verdict();
    } else if (event instanceof LockEvent.Waiting e) {
      text =
          "waiting " + e.delay().toMillis() + " ms" + (e.viaRetryLock() ? " (--retry-lock)" : "");
    } else if (event instanceof LockEvent.UnlockAttempted e) {
      text = e.removeAll() ? "unlock --remove-all" : "unlock";
    } else if (event instanceof LockEvent.LocksRemoved e) {
      text = "removed " + e.ids().stream().map(id -> id.substring(0, 8)).toList();
    } else if (event instanceof LockEvent.RetryScheduled e) {
      text = "retry #" + e.attempt();
    } else if (event instanceof LockEvent.GaveUp e) {
      text = "gave up: " + e.reason();
    } else if (event instanceof LockEvent.OperationSucceeded e) {
      text = e.operation() + " succeeded, attempts " + e.attempts();
    } else {
      text = "";
    }
    System.out.println("  [" + event.getClass().getSimpleName() + "] " + text);
  }

  /**
   * Starts a backup of an endless stdin that ends when {@code finish} is set; waits for its lock.
   */
  private static ResticExecution<BackupSummary> startBackup(
      ResticRepository repo, AtomicBoolean finish) {
    ResticExecution<BackupSummary> execution =
        repo.start(
            BackupRequest.builder().stdin(() -> stream(finish), "db.dump").build(),
            ResticCallback.<BackupEvent, BackupSummary>none());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (repo.listLocks().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the backup never took its lock");
      }
      sleep(Duration.ofMillis(100));
    }
    return execution;
  }

  private static InputStream stream(AtomicBoolean finish) {
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (finish.get()) {
          return -1;
        }
        sleep(Duration.ofMillis(20));
        int n = Math.min(len, 512);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) ('a' + i % 26);
        }
        return n;
      }
    };
  }

  /** Writes random bytes as a lock file (restic cannot load it: "invalid lock file"). */
  private static String plantCorruptLock(Path repoDir) throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] name = new byte[32];
    random.nextBytes(name);
    byte[] garbage = new byte[200];
    random.nextBytes(garbage);
    String id = HexFormat.of().formatHex(name);
    Files.createDirectories(repoDir.resolve("locks"));
    Files.write(repoDir.resolve("locks").resolve(id), garbage);
    return id;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
