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
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.locking.AuditEntry;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.testkit.FakeRestic;
import io.github.restic4j.testkit.ResticPersona;
import io.github.restic4j.testkit.real.ResticInstallations;
import io.github.restic4j.testkit.real.S3ProxyProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Replays the field report: scheduled backups into an S3-compatible bucket (S3Proxy on loopback,
 * the stand-in for MinIO; {@code --local} uses a local folder instead), one run is killed
 * mid-backup and leaves its lock, the next scheduled prune fails with "repository is already
 * locked", then restic4j's {@link LockManager} assesses the lock, removes exactly that lock,
 * retries, and the schedule carries on. Ends with the audit of every lock seen and a restore check.
 *
 * <p>Run it with {@code ./mvnw -q -Pdemo -pl examples -am package} (add {@code -Ddemo.args=--local}
 * for a local repository). It uses restic from {@code RESTIC_BINARY}, {@code PATH}, or the
 * project's installer cache ({@code bash scripts/install-restic}). When there is none, its first
 * line says so and how to install restic, and the same story runs against restic-testkit's {@link
 * FakeRestic} (imitating restic 0.18), so a newcomer still sees the flow. Backups show a progress
 * bar.
 */
public final class LockRecoveryDemo {

  private LockRecoveryDemo() {}

  /**
   * Runs the demo.
   *
   * @param args {@code --local} to use a local repository instead of S3Proxy
   * @throws Exception if the demo cannot run
   */
  public static void main(String[] args) throws Exception {
    boolean local = List.of(args).contains("--local");
    Optional<Restic> found = ExampleSupport.findRestic();
    if (found.isEmpty()) {
      say(
          "No restic binary found (RESTIC_BINARY, PATH, ~/.cache/restic4j): showing the story with"
              + " restic4j's FAKE restic. Install the real one: bash scripts/install-restic");
      say(
          "(or apt-get install restic, or set RESTIC_BINARY=/path/to/restic), then run this again.");
      runWithFake();
      return;
    }
    Restic restic = found.get();
    Path work = Files.createTempDirectory("restic4j-demo");
    S3ProxyProcess s3 = null;
    try {
      Path data = ExampleSupport.createData(work.resolve("data"), 5);
      ResticRepository.Builder builder;
      Optional<Path> jar = ResticInstallations.discover().s3proxyJar();
      if (!local && jar.isPresent()) {
        s3 = S3ProxyProcess.start(jar.get());
        builder =
            restic
                .repository(s3.repositoryLocation("backups"))
                .environment("AWS_ACCESS_KEY_ID", Secret.of(s3.accessKey()))
                .environment("AWS_SECRET_ACCESS_KEY", Secret.of(s3.secretKey()));
        say("restic " + restic.version() + ", repository in S3Proxy bucket at " + s3.endpoint());
      } else {
        if (!local) {
          say(
              "S3Proxy jar not found (bash scripts/install-restic installs it); using a local repo");
        }
        builder = restic.repository(work.resolve("repo").toString());
        say("restic " + restic.version() + ", local repository " + work.resolve("repo"));
      }
      ResticRepository repo =
          builder.password(Secret.of("demo-password")).cacheDir(work.resolve("cache")).build();
      run(repo, data, work, LockRecoveryDemo::startEndlessStdinBackup);
    } finally {
      if (s3 != null) {
        s3.close();
      }
      ExampleSupport.deleteTree(work);
    }
  }

  /**
   * The same story against restic-testkit's fake restic (persona 0.18), for machines without one.
   */
  private static void runWithFake() throws Exception {
    Path work = Files.createTempDirectory("restic4j-demo");
    try (FakeRestic fake = FakeRestic.builder().persona(ResticPersona.V0_18).start()) {
      Path data = ExampleSupport.createData(work.resolve("data"), 5);
      ResticRepository repo =
          fake.restic().repository(fake.location()).password(Secret.of("demo-password")).build();
      say("fake restic " + fake.persona().version() + ", simulated repository " + fake.location());
      // the fake prints progress only when asked to, and holds its lock meanwhile
      fake.faults().slowProgress(Duration.ofMillis(60), 10);
      run(
          repo,
          data,
          work,
          (r, d) -> {
            // the fake's next backup takes its lock and then runs until it is signalled
            fake.faults().hang("backup");
            return r.start(
                BackupRequest.builder().path(d).tag("hourly").build(),
                ResticCallback.<BackupEvent, BackupSummary>none());
          });
      say("");
      say("That was restic4j's fake restic. Install restic (bash scripts/install-restic) and run");
      say("./mvnw -q -Pdemo -pl examples -am package again to see the same against the real one.");
    } finally {
      ExampleSupport.deleteTree(work);
    }
  }

  /** Starts the backup that will be killed while it holds its lock. */
  @FunctionalInterface
  private interface DoomedBackup {
    ResticExecution<BackupSummary> start(ResticRepository repo, Path data) throws Exception;
  }

  private static ResticExecution<BackupSummary> startEndlessStdinBackup(
      ResticRepository repo, Path data) {
    return repo.start(
        BackupRequest.builder().stdin(LockRecoveryDemo::endlessStream, "db.dump").build(),
        ResticCallback.<BackupEvent, BackupSummary>none());
  }

  private static BackupSummary backupWithProgress(
      LockManager manager, ResticRepository repo, Path data, LockPolicy policy) {
    try (ConsoleProgress progress = ConsoleProgress.start("backup")) {
      return manager.run(
          repo,
          BackupRequest.builder().path(data).tag("hourly").build(),
          ResticCallback.<BackupEvent, BackupSummary>onEvents(progress),
          policy);
    }
  }

  private static void run(ResticRepository repo, Path data, Path work, DoomedBackup doomedBackup)
      throws Exception {
    LockManager manager = LockManager.builder().listener(LockRecoveryDemo::printEvent).build();
    LockPolicy policy =
        LockPolicy.builder().removeStale().waitForLive(Duration.ofMinutes(2)).build();

    step("init");
    say("repository id " + repo.init().id().substring(0, 8));

    step("scheduled backup #1");
    BackupSummary first = backupWithProgress(manager, repo, data, policy);
    say(
        "snapshot "
            + ExampleSupport.shortId(first.snapshotId())
            + ", "
            + first.filesNew()
            + " new files");

    step("scheduled backup #2 is killed mid-run (SIGKILL, as by an OOM killer or a reboot)");
    ResticExecution<BackupSummary> doomed = doomedBackup.start(repo, data);
    List<String> locks = waitForLock(repo);
    ProcessHandle.of(doomed.pid()).ifPresent(ProcessHandle::destroyForcibly);
    try {
      doomed.await(Duration.ofSeconds(30));
    } catch (RuntimeException expected) {
      // it died by SIGKILL; restic had no chance to remove its lock
    }
    say(
        "killed restic pid "
            + doomed.pid()
            + "; its lock "
            + locks.get(0).substring(0, 8)
            + " stays in the repository");

    step("scheduled prune, plain restic (what every existing orchestrator sees)");
    try {
      repo.prune(PruneRequest.builder().build());
      say("unexpected: prune succeeded");
    } catch (RepositoryLockedException e) {
      for (String line : e.failure().stderrTail().strip().split("\n")) {
        say("  restic: " + line);
      }
    }

    step("scheduled prune through restic4j's LockManager (policy: remove provably stale locks)");
    manager.run(repo, PruneRequest.builder().build(), policy);
    say("prune succeeded; locks now: " + repo.listLocks().size());

    step("scheduled backup #3: the schedule carries on");
    Files.writeString(data.resolve("new-report.txt"), "written after the crash\n");
    BackupSummary third = backupWithProgress(manager, repo, data, policy);
    say(
        "snapshot "
            + ExampleSupport.shortId(third.snapshotId())
            + ", "
            + third.filesNew()
            + " new file(s)");

    step("audit: every lock seen, waited on or removed");
    for (AuditEntry entry : manager.auditTrail().entries()) {
      say(
          String.format(
              "  %-13s %s %s %s",
              entry.action(),
              entry.lockId().length() > 8 ? entry.lockId().substring(0, 8) : entry.lockId(),
              entry.verdict().map(Enum::name).orElse(""),
              entry.reason()));
    }

    step("restore check: nothing was lost");
    List<Snapshot> snapshots = repo.snapshots();
    Path target = work.resolve("restore");
    repo.restore(RestoreRequest.builder(snapshots.get(snapshots.size() - 1).id(), target).build());
    int checked = ExampleSupport.verifyRestore(data, target);
    say(snapshots.size() + " snapshots; " + checked + " files restored byte-identical. Done.");
  }

  private static void printEvent(LockEvent event) {
    if (event instanceof LockEvent.ConflictDetected e) {
      say(
          "  [lock] conflict: "
              + e.conflict().map(c -> c.describe()).orElse("(holder not parsed)"));
    } else if (event instanceof LockEvent.LockAssessed e) {
      say("  [lock] assessed " + e.assessment().describe());
    } else if (event instanceof LockEvent.LocksRemoved e) {
      e.locks()
          .forEach(
              l ->
                  say(
                      "  [lock] removed "
                          + l.shortId()
                          + " (PID "
                          + l.pid()
                          + " on "
                          + l.hostname()
                          + ")"));
    } else if (event instanceof LockEvent.RetryScheduled e) {
      say("  [lock] retry #" + e.attempt());
    } else if (event instanceof LockEvent.OperationSucceeded e) {
      if (e.attempts() > 1) {
        say("  [lock] " + e.operation() + " succeeded after " + e.attempts() + " attempts");
      }
    } else if (event instanceof LockEvent.GaveUp e) {
      say("  [lock] gave up: " + e.reason());
    }
  }

  private static List<String> waitForLock(ResticRepository repo) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> locks = repo.listLocks();
      if (!locks.isEmpty()) {
        return locks;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the backup never took its lock");
  }

  private static InputStream endlessStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
        int n = Math.min(len, 512);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) ('a' + i % 26);
        }
        return n;
      }
    };
  }

  private static void step(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
