package io.github.restic4j.benchmarks;

/**
 * Alternating A/B runs of two whole operations: the order flips every pair (AB, BA, AB, ...) so
 * that drift, caches and the growth of the repository hit both sides alike. The first {@code
 * warmup} pairs are discarded.
 */
final class AB {

  /** One timed operation. */
  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  final Stats a = new Stats();
  final Stats b = new Stats();

  static AB run(int warmup, int pairs, Op a, Op b) throws Exception {
    AB r = new AB();
    for (int i = 0; i < warmup + pairs; i++) {
      boolean keep = i >= warmup;
      if (i % 2 == 0) {
        long ta = time(a);
        long tb = time(b);
        if (keep) {
          r.a.add(ta);
          r.b.add(tb);
        }
      } else {
        long tb = time(b);
        long ta = time(a);
        if (keep) {
          r.a.add(ta);
          r.b.add(tb);
        }
      }
    }
    return r;
  }

  static long time(Op op) throws Exception {
    long t0 = System.nanoTime();
    op.run();
    return System.nanoTime() - t0;
  }

  double ratio() {
    return a.medianMs() / b.medianMs();
  }
}
