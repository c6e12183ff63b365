package io.github.restic4j.testkit;

import io.github.restic4j.testkit.internal.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Faults for the stateful fake, on one repository location. Obtain from {@link
 * FakeRestic#faults()}. One-shot faults ({@code hang}, {@code truncatedOutput}, ...) apply to the
 * next run of the named command only.
 */
public final class FakeFaults {

  private final Simulator sim;
  private final String location;

  FakeFaults(Simulator sim, String location) {
    this.sim = sim;
    this.location = location;
  }

  /**
   * Plants a lock, as if another restic held the repository.
   *
   * @param liveness whether the holder counts as running
   * @param hostname the holder's host (use {@link FakeRestic#hostname()} for "this host")
   * @param pid the holder's pid
   * @param exclusive exclusive (blocks everything) or shared (blocks exclusive commands)
   * @param age how long ago the lock was created
   * @return the 64-hex lock ID
   * @throws IllegalStateException if the repository is not initialized
   */
  public String lockHeldBy(
      LockLiveness liveness, String hostname, long pid, boolean exclusive, Duration age) {
    return sim.plantLock(
        location, liveness == LockLiveness.LIVE, hostname, pid, exclusive, age, false);
  }

  /**
   * Plants an unreadable lock file (restic 0.15.1+ then fails with {@code invalid lock file}; 0.14
   * ignores it; only {@code unlock --remove-all} removes it).
   *
   * @return the lock ID
   */
  public String corruptLock() {
    return sim.plantLock(location, false, null, 0, false, Duration.ZERO, true);
  }

  /**
   * Makes the next {@code backup} take its lock, print a first progress line and die from SIGKILL
   * (exit 137), leaving its lock behind: stale for {@code unlock} (same host, dead pid).
   *
   * @return this
   */
  public FakeFaults crashDuringNextBackup() {
    sim.arm("backup", Simulator.Fault.CRASH);
    return this;
  }

  /**
   * Changes the repository's password so that every call fails with {@code wrong password or no key
   * found}.
   *
   * @return this
   */
  public FakeFaults wrongPassword() {
    sim.repo(location)
        .orElseThrow(() -> new IllegalStateException("not initialized"))
        .setPassword("restic4j-fake-other-password-" + System.nanoTime());
    return this;
  }

  /**
   * Deletes the repository (calls fail with "repository does not exist", exit 10 on 0.17+).
   *
   * @return this
   */
  public FakeFaults missingRepository() {
    sim.delete(location);
    return this;
  }

  /**
   * Makes backup and restore print {@code steps} progress lines (JSON mode) with a pause after
   * each, holding their lock meanwhile.
   *
   * @param interval the pause
   * @param steps the number of progress steps
   * @return this
   */
  public FakeFaults slowProgress(Duration interval, int steps) {
    sim.slowProgress(Objects.requireNonNull(interval, "interval"), steps);
    return this;
  }

  /**
   * Makes the next run of a command hang (after taking its lock) until it is signalled; it then
   * behaves like the persona (SIGINT cleans up; SIGTERM kills 0.14 to 0.16 leaving the lock).
   *
   * @param command the command word, for example {@code backup}
   * @return this
   */
  public FakeFaults hang(String command) {
    sim.arm(command, Simulator.Fault.HANG);
    return this;
  }

  /**
   * Cuts the next run's stdout in the middle (no final newline), exit code unchanged.
   *
   * @param command the command word
   * @return this
   */
  public FakeFaults truncatedOutput(String command) {
    sim.arm(command, Simulator.Fault.TRUNCATED);
    return this;
  }

  /**
   * Replaces the next run's stdout by bytes that are not JSON, exit code unchanged.
   *
   * @param command the command word
   * @return this
   */
  public FakeFaults garbageOutput(String command) {
    sim.arm(command, Simulator.Fault.GARBAGE);
    return this;
  }

  /**
   * Makes backups report files whose absolute path contains one of the fragments as unreadable: the
   * snapshot is saved and restic exits 3.
   *
   * @param pathFragments substrings of absolute paths
   * @return this
   */
  public FakeFaults unreadableFiles(String... pathFragments) {
    sim.unreadable(List.of(pathFragments));
    return this;
  }

  /**
   * Makes the next run of a command print backend retry messages on stderr, then either go on
   * normally or fail with a connection error (exit 1).
   *
   * @param command the command word
   * @param retries how many retry messages
   * @param recovers whether the command then succeeds
   * @return this
   */
  public FakeFaults backendErrors(String command, int retries, boolean recovers) {
    sim.backendRetries(retries);
    sim.arm(command, recovers ? Simulator.Fault.BACKEND_RETRY : Simulator.Fault.BACKEND_FAIL);
    return this;
  }

  /**
   * Deletes the repository's index files, as {@code rm repo/index/*} after a backup would: from now
   * on {@code check} answers like the persona's real version on such a repository (exit 1, {@code
   * Fatal: repository contains errors}; the snapshot's tree {@code not found in repository}; the
   * packs no index references make restic hint {@code restic prune}, JSON {@code
   * "suggest_prune":true} on 0.18+; restic does not set {@code suggest_repair_index} for this
   * damage). Shapes follow real captures of 0.14.0, 0.18.0 and 0.19.1; 0.15 to 0.17 print 0.18's.
   * The damage stays (it is not cleared by {@link #clear()}) until {@code repair index} or {@code
   * rebuild-index} rebuilds the index, after which {@code check} finds no errors again.
   *
   * @return this
   * @throws IllegalStateException if the repository is not initialized
   */
  public FakeFaults damagedIndex() {
    sim.repo(location).orElseThrow(() -> new IllegalStateException("not initialized")).loseIndex();
    return this;
  }

  /**
   * Removes every armed fault (planted locks stay; remove them with {@code unlock}).
   *
   * @return this
   */
  public FakeFaults clear() {
    sim.clearFaults();
    return this;
  }
}
