package io.github.restic4j.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Samples of one measured variant, in nanoseconds; medians, min and max. */
final class Stats {
  private final List<Long> nanos = new ArrayList<>();

  void add(long n) {
    nanos.add(n);
  }

  List<Long> raw() {
    return List.copyOf(nanos);
  }

  int size() {
    return nanos.size();
  }

  double medianMs() {
    List<Long> s = sorted();
    int n = s.size();
    if (n == 0) {
      return Double.NaN;
    }
    double m = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    return m / 1e6;
  }

  double minMs() {
    return nanos.isEmpty() ? Double.NaN : Collections.min(nanos) / 1e6;
  }

  double maxMs() {
    return nanos.isEmpty() ? Double.NaN : Collections.max(nanos) / 1e6;
  }

  private List<Long> sorted() {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    return s;
  }

  /** "412.3 ms (398.1–455.0, n=15)". */
  String describe() {
    return String.format(
        Locale.ROOT, "%s ms (%s–%s, n=%d)", fmt(medianMs()), fmt(minMs()), fmt(maxMs()), size());
  }

  static String fmt(double ms) {
    if (Double.isNaN(ms)) {
      return "–";
    }
    if (ms >= 100) {
      return String.format(Locale.ROOT, "%.0f", ms);
    }
    if (ms >= 10) {
      return String.format(Locale.ROOT, "%.1f", ms);
    }
    return String.format(Locale.ROOT, "%.2f", ms);
  }

  static String ratio(Stats a, Stats b) {
    return String.format(Locale.ROOT, "%.3f", a.medianMs() / b.medianMs());
  }
}
