package io.github.restic4j.locking.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with symmetric jitter. */
public final class Backoff {

  private Backoff() {}

  /**
   * The delay before retry number {@code attempt} (1 for the first retry).
   *
   * @param attempt the retry number, at least 1
   * @param initial the first delay
   * @param max the largest delay
   * @param jitter relative jitter in [0, 1]: the delay is scaled by a factor in [1 - jitter, 1 +
   *     jitter], then capped at max
   * @param random a source of numbers in [0, 1)
   * @return the delay
   */
  public static Duration delay(
      int attempt, Duration initial, Duration max, double jitter, DoubleSupplier random) {
    long base = initial.toMillis();
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long ms = base << shift;
    if (ms < 0 || (shift > 0 && (ms >> shift) != base) || ms > max.toMillis()) {
      ms = max.toMillis();
    }
    if (jitter > 0) {
      double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
      ms = Math.round(ms * factor);
    }
    ms = Math.min(Math.max(ms, 0), max.toMillis());
    return Duration.ofMillis(ms);
  }
}
