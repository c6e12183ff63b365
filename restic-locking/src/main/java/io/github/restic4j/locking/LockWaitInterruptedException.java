package io.github.restic4j.locking;

import io.github.restic4j.core.error.ResticException;

/**
 * The calling thread was interrupted while the {@link LockManager} waited, inspected or unlocked.
 * The thread's interrupt flag is set again. A restic that was running at that moment is stopped by
 * restic-core and reported as {@link io.github.restic4j.core.error.ResticCancelledException}
 * instead. Every restic version.
 */
public class LockWaitInterruptedException extends ResticException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was interrupted
   */
  public LockWaitInterruptedException(String message) {
    super(message);
  }
}
