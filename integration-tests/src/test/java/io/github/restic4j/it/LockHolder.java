package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.ResticRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Holds an exclusive lock on a repository deterministically: {@code restic key passwd} opens the
 * repository, takes an exclusive lock and then waits for the new password on its stdin, which is a
 * pipe this class never writes to. {@link #kill9()} leaves the lock behind as a stale lock; {@link
 * #release()} closes stdin so restic fails and removes its lock itself.
 */
public final class LockHolder implements AutoCloseable {

  private final Process process;
  private final OutputStream stdin;
  private final String lockId;
  private final Path log;

  private LockHolder(Process process, String lockId, Path log) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.lockId = lockId;
    this.log = log;
  }

  /**
   * Starts the holder and waits until {@code restic list locks} shows its lock.
   *
   * @param repo the repository (used to list locks)
   * @param binary the restic binary
   * @param env RESTIC_REPOSITORY, RESTIC_PASSWORD and backend variables
   * @param cacheDir a cache folder for the holder
   * @param work folder for its log
   */
  public static LockHolder start(
      ResticRepository repo, Path binary, Map<String, String> env, Path cacheDir, Path work) {
    return start(
        repo,
        List.of(binary.toString(), "--cache-dir", cacheDir.toString(), "key", "passwd"),
        env,
        work);
  }

  /**
   * Starts a holder from an explicit command line, for example {@code restic key passwd} wrapped in
   * {@code unshare --uts sh -c 'hostname otherhost; exec restic ...'} so that the lock names
   * another host. The command must end in a restic that takes a lock and then blocks reading its
   * stdin (and should {@code exec} it, so that {@link #pid()} is restic's PID).
   *
   * @param repo the repository (used to list locks)
   * @param command the command line
   * @param env RESTIC_REPOSITORY, RESTIC_PASSWORD and backend variables
   * @param work folder for its log
   * @return the holder, its lock present
   */
  public static LockHolder start(
      ResticRepository repo, List<String> command, Map<String, String> env, Path work) {
    List<String> before = repo.listLocks();
    Path log = work.resolve("lock-holder-" + System.nanoTime() + ".log");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("RESTIC_") || k.startsWith("AWS_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      String id = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (id == null) {
        assertThat(p.isAlive()).as("restic key passwd exited early: %s", readLog(log)).isTrue();
        assertThat(System.nanoTime())
            .as("lock of restic key passwd never appeared")
            .isLessThan(deadline);
        List<String> now = new ArrayList<>(repo.listLocks());
        now.removeAll(before);
        if (!now.isEmpty()) {
          assertThat(now).as("new locks").hasSize(1);
          id = now.get(0);
        }
      }
      return new LockHolder(p, id, log);
    } catch (RuntimeException | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  public String lockId() {
    return lockId;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    return readLog(log);
  }

  /** SIGKILL: restic cannot remove its lock, which becomes stale. */
  public void kill9() {
    process.destroyForcibly();
    waitForExit();
  }

  /** Closes stdin: restic fails on the empty new password and removes its lock. */
  public void release() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    waitForExit();
  }

  private void waitForExit() {
    try {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("lock holder exited").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
