package io.github.restic4j.locking.internal;

import java.time.Duration;

/** Waits; replaced in tests by one that advances a fake clock. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps with {@link Thread#sleep(long)}. */
  Sleeper SYSTEM =
      d -> {
        if (!d.isNegative() && !d.isZero()) {
          Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
        }
      };

  /**
   * Waits for the given time.
   *
   * @param duration how long
   * @throws InterruptedException if interrupted
   */
  void sleep(Duration duration) throws InterruptedException;
}
