package io.github.restic4j.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Seeded-random property runner on plain JUnit 5. A property is a generator (everything it draws
 * comes from one {@code new Random(trySeed)}) and a check. Tries run in batches, each batch a
 * {@link DynamicTest} under {@code assertTimeoutPreemptively}, so a catastrophic regex or an
 * endless loop fails the build instead of hanging it.
 *
 * <p>System properties (surefire passes {@code -D} options of the Maven command line through):
 *
 * <ul>
 *   <li>{@code restic4j.fuzz.seed}: base seed (default {@link #DEFAULT_SEED}, so CI is
 *       reproducible; set another value to explore new inputs);
 *   <li>{@code restic4j.fuzz.tries}: tries per property (default: each property's own count);
 *   <li>{@code restic4j.fuzz.replay}: run only the try with this seed (the one a failure names).
 * </ul>
 */
final class Fuzz {

  static final long DEFAULT_SEED = 0x5EED_2026_1124L;

  /** Tries per dynamic test; the deadline applies to the whole batch. */
  static final int BATCH = 20;

  static final Duration BATCH_DEADLINE = Duration.ofSeconds(30);

  private Fuzz() {}

  static long baseSeed() {
    String s = System.getProperty("restic4j.fuzz.seed", "").trim();
    return s.isEmpty() ? DEFAULT_SEED : Long.decode(s);
  }

  static int tries(int defaultTries) {
    String s = System.getProperty("restic4j.fuzz.tries", "").trim();
    return s.isEmpty() ? defaultTries : Integer.parseInt(s);
  }

  /** The seed of try {@code i} of {@code property}: independent of the other properties. */
  static long trySeed(long base, String property, int i) {
    return mix(mix(base ^ property.hashCode()) + i);
  }

  /** SplitMix64 finaliser: neighbouring try numbers give unrelated seeds. */
  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The batches of one property. A failure names the property, the try, its seed, how to replay it
   * and the generated case ({@code toString}, which shortens inputs).
   */
  static <T> Stream<DynamicTest> property(
      String name, int defaultTries, Function<Random, T> generator, Consumer<T> check) {
    long base = baseSeed();
    List<Long> seeds = new ArrayList<>();
    String replay = System.getProperty("restic4j.fuzz.replay", "").trim();
    if (!replay.isEmpty()) {
      seeds.add(Long.decode(replay));
    } else {
      int n = tries(defaultTries);
      for (int i = 0; i < n; i++) {
        seeds.add(trySeed(base, name, i));
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (int from = 0; from < seeds.size(); from += BATCH) {
      List<Long> batch = seeds.subList(from, Math.min(seeds.size(), from + BATCH));
      int first = from;
      String display =
          name
              + " tries "
              + first
              + ".."
              + (first + batch.size() - 1)
              + " (base seed "
              + base
              + ")";
      tests.add(
          DynamicTest.dynamicTest(
              display, () -> runBatch(name, base, first, batch, generator, check)));
    }
    return tests.stream();
  }

  private static <T> void runBatch(
      String name,
      long base,
      int first,
      List<Long> batch,
      Function<Random, T> generator,
      Consumer<T> check) {
    AtomicReference<String> current = new AtomicReference<>("nothing yet");
    assertTimeoutPreemptively(
        BATCH_DEADLINE,
        () -> {
          for (int i = 0; i < batch.size(); i++) {
            long seed = batch.get(i);
            String where = where(name, base, first + i, seed);
            current.set(where);
            T generated = generator.apply(new Random(seed));
            current.set(where + ": " + generated);
            try {
              check.accept(generated);
            } catch (Throwable t) {
              throw new AssertionError(where + " failed on " + generated + "\n  " + t, t);
            }
          }
        },
        () -> "no answer within " + BATCH_DEADLINE + " for the batch; running " + current.get());
  }

  private static String where(String name, long base, int index, long seed) {
    return name
        + " try "
        + index
        + " (base seed "
        + base
        + ", try seed "
        + seed
        + "; replay with -Drestic4j.fuzz.replay="
        + seed
        + " -Dtest='ParserFuzzTest#"
        + name
        + "')";
  }
}
