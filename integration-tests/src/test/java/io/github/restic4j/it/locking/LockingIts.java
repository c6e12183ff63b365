package io.github.restic4j.it.locking;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.it.EndlessInputStream;
import io.github.restic4j.it.Its;
import io.github.restic4j.locking.AuditTrail;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shared fixtures of the restic-locking integration tests: one local repository per restic version,
 * created once for the whole run ({@code restic init} costs seconds) and deleted when the run ends,
 * plus a {@link LockManager} wired to record its events.
 */
final class LockingIts {

  private static final Map<String, Repo> REPOS = new ConcurrentHashMap<>();

  private LockingIts() {}

  /** restic 0.14 (no exit code 11, no --retry-lock) and 0.18 (exit 11, JSON errors). */
  static Stream<ResticInstallation> oldAndNew() {
    ResticInstallations all = ResticInstallations.get();
    return Stream.of(all.requireRestic("0.14"), all.requireRestic("0.18"));
  }

  /** Every installed version, as the other integration tests use them. */
  static Stream<ResticInstallation> all() {
    return Its.restics();
  }

  /**
   * The shared repository of a version, created (and given one snapshot) on first use. Leftover
   * lock files of an earlier failed test are deleted first, so that failures do not cascade.
   */
  static Repo repo(ResticInstallation installation) {
    Repo r =
        REPOS.computeIfAbsent(
            installation.version().raw(), v -> Repo.create(installation, "repo-" + v));
    r.deleteLeftoverLocks();
    return r;
  }

  /** A fresh repository, deleted at the end of the run too. */
  static Repo freshRepo(ResticInstallation installation, String name) {
    Repo r = Repo.create(installation, name + "-" + installation.version().raw());
    REPOS.put(name + "-" + installation.version().raw() + "-" + System.nanoTime(), r);
    return r;
  }

  /** A local repository of one restic version with its data and caches. */
  record Repo(
      ResticInstallation installation,
      Path work,
      Path dir,
      Path source,
      ResticRepository repository,
      String id) {

    static Repo create(ResticInstallation installation, String name) {
      Path work = Its.tempDir("locking-" + name);
      Path source = Its.sampleData(work);
      Path dir = work.resolve("repo");
      Restic restic = Its.restic(installation);
      ResticRepository repository = Its.repository(restic, dir.toString(), work).build();
      RepositoryConfig config = repository.init();
      return new Repo(installation, work, dir, source, repository, config.id());
    }

    String version() {
      return installation.version().raw();
    }

    /** A second handle on the same repository (own cache), as another component would have. */
    ResticRepository secondHandle() {
      return Its.repository(Its.restic(installation), dir.toString(), work).build();
    }

    /** Environment for a restic started outside restic-core. */
    Map<String, String> env() {
      return Map.of("RESTIC_REPOSITORY", dir.toString(), "RESTIC_PASSWORD", Its.PASSWORD);
    }

    Path cacheDir(String name) {
      return Its.tempDir(work, name);
    }

    /** The lock files on disk (instant, no restic run). */
    List<String> lockFiles() {
      return Its.lockFiles(dir);
    }

    void deleteLeftoverLocks() {
      for (String id : lockFiles()) {
        try {
          Files.deleteIfExists(dir.resolve("locks").resolve(id));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    /**
     * Starts {@code restic backup --stdin} of a slowly flowing endless stream through restic-core
     * and waits until {@code restic list locks} shows its (shared) lock.
     */
    RunningBackup startStdinBackup(EndlessInputStream stdin) {
      List<String> before = lockFiles();
      BackupRequest request =
          BackupRequest.builder()
              .stdin(() -> stdin, "endless.bin")
              .timeout(Duration.ofMinutes(2))
              .build();
      ResticExecution<BackupSummary> execution = repository.start(request, ResticCallback.none());
      return new RunningBackup(execution, stdin, awaitNewLock(before, execution::isDone));
    }

    /**
     * Starts {@code restic backup --stdin} (text output) of a slowly flowing stream outside
     * restic-core, the way another tool or a cron job would, and waits until its lock is listed.
     */
    BackupProcess startBackupProcess() {
      List<String> before = lockFiles();
      Path log = work.resolve("backup-" + System.nanoTime() + ".log");
      ProcessBuilder pb =
          new ProcessBuilder(
              installation.binary().toString(),
              "--cache-dir",
              cacheDir("backup-cache").toString(),
              "backup",
              "--stdin",
              "--stdin-filename",
              "live.bin");
      pb.environment().keySet().removeIf(k -> k.startsWith("RESTIC_"));
      pb.environment().putAll(env());
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      BackupProcess holder = new BackupProcess(p, log);
      try {
        return holder.withLock(awaitNewLock(before, () -> !p.isAlive()));
      } catch (RuntimeException | AssertionError e) {
        p.destroyForcibly();
        throw e;
      }
    }

    /** Polls the lock folder, then confirms with {@code restic list locks}. */
    private String awaitNewLock(List<String> before, java.util.function.BooleanSupplier ended) {
      List<String> seen = new ArrayList<>();
      Its.waitUntil(
          "the holder's lock appears",
          Duration.ofSeconds(60),
          () -> {
            assertThat(ended.getAsBoolean()).as("the lock holder ended early").isFalse();
            seen.clear();
            // restic writes <id>-tmp-<random>, then renames it to <id>
            lockFiles().stream().filter(f -> f.matches("[0-9a-f]{64}")).forEach(seen::add);
            seen.removeAll(before);
            return !seen.isEmpty();
          });
      assertThat(seen).as("new locks").hasSize(1);
      List<String> listed = repository.listLocks();
      assertThat(listed).as("restic list locks").contains(seen.get(0));
      return seen.get(0);
    }
  }

  /**
   * A {@code restic backup --stdin} process fed 16 KiB every 50 ms by a thread of its own until
   * {@link #finish()} closes its stdin, after which restic completes the snapshot and removes its
   * lock.
   */
  static final class BackupProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final EndlessInputStream source = EndlessInputStream.slow();
    private final Thread feeder;
    private volatile String lockId;

    BackupProcess(Process process, Path log) {
      this.process = process;
      this.log = log;
      this.feeder =
          new Thread(
              () -> {
                byte[] buf = new byte[16 * 1024];
                try (java.io.OutputStream out = process.getOutputStream()) {
                  int n;
                  while ((n = source.read(buf, 0, buf.length)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                  }
                } catch (IOException e) {
                  // restic is gone
                }
              },
              "backup-feeder");
      feeder.setDaemon(true);
      feeder.start();
    }

    BackupProcess withLock(String id) {
      this.lockId = id;
      return this;
    }

    String lockId() {
      return lockId;
    }

    long pid() {
      return process.pid();
    }

    /** Ends the input: restic saves the snapshot and exits; returns its exit code. */
    int finish(Duration within) throws InterruptedException {
      source.end();
      assertThat(process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
          .as("the backup finished: %s", log())
          .isTrue();
      return process.exitValue();
    }

    /** Ends the input (from any thread). */
    void endInput() {
      source.end();
    }

    String log() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "<" + e + ">";
      }
    }

    @Override
    public void close() {
      source.end();
      process.destroyForcibly();
    }
  }

  /** A running stdin backup and its lock. */
  record RunningBackup(
      ResticExecution<BackupSummary> execution, EndlessInputStream stdin, String lockId) {

    long pid() {
      return execution.pid();
    }

    /** SIGKILL, as the field report's crashed backup; waits until the process is gone. */
    void kill9() {
      ProcessHandle.of(execution.pid()).ifPresent(ProcessHandle::destroyForcibly);
      stdin.end();
      Its.waitUntil(
          "the killed backup is gone",
          Duration.ofSeconds(30),
          () -> ProcessHandle.of(execution.pid()).map(h -> !h.isAlive()).orElse(true));
      Its.waitUntil("restic-core saw the exit", Duration.ofSeconds(30), execution::isDone);
    }
  }

  /** A manager and everything it reported. */
  record Managed(LockManager manager, List<LockEvent> events, AuditTrail audit) {

    static Managed of(Repo repo, UnaryOperator<LockManager.Builder> extra) {
      List<LockEvent> events = Collections.synchronizedList(new ArrayList<>());
      AuditTrail audit = new AuditTrail();
      LockManager manager =
          extra.apply(LockManager.builder().listener(events::add).auditTrail(audit)).build();
      // the id is known from init: no extra `cat config` run
      manager.registerRepositoryId(repo.repository(), repo.id());
      return new Managed(manager, events, audit);
    }

    <T extends LockEvent> List<T> events(Class<T> type) {
      synchronized (events) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
      }
    }

    String describeEvents() {
      StringBuilder sb = new StringBuilder();
      synchronized (events) {
        for (LockEvent e : events) {
          sb.append("\n  ").append(e);
        }
      }
      return sb.toString();
    }
  }

  /** Deletes every repository when the whole run ends. */
  static final class Cleanup implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(
              Cleanup.class,
              k ->
                  (AutoCloseable)
                      () -> {
                        for (Repo r : REPOS.values()) {
                          Its.deleteRecursively(r.work());
                        }
                        REPOS.clear();
                      },
              AutoCloseable.class);
    }
  }
}
