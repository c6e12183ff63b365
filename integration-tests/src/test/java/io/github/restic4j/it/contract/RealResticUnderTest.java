package io.github.restic4j.it.contract;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.it.Exercised;
import io.github.restic4j.testkit.contract.ResticUnderTest;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real restic binary. Lock holders are real restic processes: {@code restic key passwd} takes an
 * exclusive lock and then blocks reading the new password from a pipe nobody writes to; a dead
 * holder is such a process killed with SIGKILL, which leaves its lock behind.
 */
final class RealResticUnderTest extends ResticUnderTest {

  private final ResticInstallation installation;
  private final Restic restic;
  private final String hostname = kernelHostname();

  RealResticUnderTest(ResticInstallation installation) {
    super("real-" + installation.version().raw());
    this.installation = installation;
    // a hanging restic must not stall the suite; 30 s to clean up after SIGINT
    this.restic =
        installation
            .resticBuilder()
            .gracePeriod(Duration.ofSeconds(30))
            .defaultTimeout(Duration.ofMinutes(2))
            .build();
  }

  @Override
  public Path binary() {
    return installation.binary();
  }

  @Override
  public ResticVersion version() {
    return installation.version();
  }

  @Override
  public Restic restic() {
    return restic;
  }

  @Override
  public String hostname() {
    return hostname;
  }

  @Override
  public boolean isFake() {
    return false;
  }

  @Override
  public LockHolder liveExclusiveLock(Repo repo) {
    return KeyPasswdHolder.start(this, repo);
  }

  @Override
  public void damageIndex(Repo repo) {
    // rm repo/index/*, as in restic-core's corpus/capture-check-damaged.sh
    try (Stream<Path> files = Files.list(Path.of(repo.location(), "index"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public LockHolder deadExclusiveLock(Repo repo) {
    KeyPasswdHolder h = KeyPasswdHolder.start(this, repo);
    h.kill9();
    return h;
  }

  @Override
  public void passed(String scenario) {
    Exercised.record(version().raw(), "local", "contract: " + scenario);
  }

  /** {@code restic key passwd} blocked on its stdin, holding an exclusive lock. */
  private static final class KeyPasswdHolder implements LockHolder {
    private final Process process;
    private final String lockId;

    private KeyPasswdHolder(Process process, String lockId) {
      this.process = process;
      this.lockId = lockId;
    }

    /** Starts the holder and waits until its lock file appears (read from disk: no restic run). */
    static KeyPasswdHolder start(RealResticUnderTest target, Repo repo) {
      Path locks = Path.of(repo.location(), "locks");
      List<String> before = lockFiles(locks);
      Path log = target.work().resolve("holder-" + random(4) + ".log");
      ProcessBuilder pb =
          new ProcessBuilder(
              target.binary().toString(),
              "--cache-dir",
              target.work().resolve("holder-cache").toString(),
              "key",
              "passwd");
      pb.environment().keySet().removeIf(k -> k.startsWith("RESTIC_"));
      pb.environment().put("RESTIC_REPOSITORY", repo.location());
      pb.environment().put("RESTIC_PASSWORD", repo.password());
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      try {
        while (true) {
          List<String> now = new ArrayList<>(lockFiles(locks));
          now.removeAll(before);
          if (now.size() == 1) {
            return new KeyPasswdHolder(p, now.get(0));
          }
          if (now.size() > 1 || !p.isAlive() || System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "restic key passwd did not hold exactly one new lock (alive="
                    + p.isAlive()
                    + ", new locks="
                    + now
                    + "): "
                    + read(log));
          }
          Thread.sleep(20);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IllegalStateException(e);
      } catch (RuntimeException e) {
        p.destroyForcibly();
        throw e;
      }
    }

    private static List<String> lockFiles(Path locks) {
      if (!Files.isDirectory(locks)) {
        return List.of();
      }
      try (Stream<Path> s = Files.list(locks)) {
        // restic writes a lock file in one go; ignore temporary names
        return s.map(p -> p.getFileName().toString())
            .filter(n -> n.matches("[0-9a-f]{64}"))
            .toList();
      } catch (IOException e) {
        return List.of();
      }
    }

    private static String read(Path log) {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "<" + e + ">";
      }
    }

    void kill9() {
      process.destroyForcibly();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("restic key passwd survived SIGKILL");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public String lockId() {
      return lockId;
    }

    @Override
    public boolean alive() {
      return process.isAlive();
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        kill9();
      }
    }
  }
}
