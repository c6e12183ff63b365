package io.github.restic4j.core.error;

import java.time.Duration;

/**
 * How restic4j stopped a restic process it had started (after a timeout or a cancellation).
 *
 * @param pid the process id of the stopped restic
 * @param signalledGracefully true if restic was first sent SIGINT so it could remove its lock
 * @param forceKilled true if restic did not exit within the grace period and its process tree was
 *     killed; restic cannot remove its lock then
 * @param waited how long restic4j waited for the process to exit after the first signal
 */
public record Termination(
    long pid, boolean signalledGracefully, boolean forceKilled, Duration waited) {

  /**
   * Tells whether a lock of this process may have been left in the repository. True when the
   * process was force-killed; restic removes its lock itself when it exits after SIGINT.
   *
   * @return true if the repository may still hold this process's lock
   */
  public boolean lockMayRemain() {
    return forceKilled;
  }
}
