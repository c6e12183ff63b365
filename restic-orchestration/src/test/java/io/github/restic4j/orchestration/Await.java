package io.github.restic4j.orchestration;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition with a deadline, polling briefly; never sleeps for seconds. */
final class Await {
  private Await() {}

  static void until(Duration max, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + max + " waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
