package io.github.restic4j.testkit.contract;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.testkit.FakeRestic;
import io.github.restic4j.testkit.LockLiveness;
import io.github.restic4j.testkit.ResticPersona;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The fake with one persona. Lock holders are planted with {@code FakeFaults.lockHeldBy}, with the
 * pid of a real process of this host (alive for a live holder, already exited for a dead one), so
 * that the pid the scenarios check means the same as with real restic.
 */
final class FakeResticUnderTest extends ResticUnderTest {

  private final FakeRestic fake;

  FakeResticUnderTest(ResticPersona persona) {
    super("fake-" + persona.version());
    this.fake = FakeRestic.start(persona);
  }

  FakeRestic fake() {
    return fake;
  }

  @Override
  public Path binary() {
    return fake.binary();
  }

  @Override
  public ResticVersion version() {
    return fake.persona().resticVersion();
  }

  @Override
  public Restic restic() {
    return fake.restic();
  }

  @Override
  public String hostname() {
    return fake.hostname();
  }

  @Override
  public boolean isFake() {
    return true;
  }

  @Override
  public LockHolder liveExclusiveLock(Repo repo) {
    Process process = startProcess("cat");
    String id =
        fake.faults(repo.location())
            .lockHeldBy(LockLiveness.LIVE, hostname(), process.pid(), true, Duration.ofSeconds(1));
    return new Planted(process, id);
  }

  @Override
  public void damageIndex(Repo repo) {
    fake.faults(repo.location()).damagedIndex();
  }

  @Override
  public LockHolder deadExclusiveLock(Repo repo) {
    Process process = startProcess("true");
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("'true' did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String id =
        fake.faults(repo.location())
            .lockHeldBy(LockLiveness.DEAD, hostname(), process.pid(), true, Duration.ofSeconds(1));
    return new Planted(process, id);
  }

  private static Process startProcess(String program) {
    try {
      return new ProcessBuilder(program).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    fake.close();
    super.close();
  }

  private record Planted(Process process, String lockId) implements LockHolder {
    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public boolean alive() {
      return process.isAlive();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
