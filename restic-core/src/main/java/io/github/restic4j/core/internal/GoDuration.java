package io.github.restic4j.core.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats Go's {@code time.Duration} text ({@code 1h2m3.5s}, {@code 512µs}, {@code
 * -3s}).
 */
public final class GoDuration {

  private static final Pattern PART =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses Go duration text.
   *
   * @param text for example {@code 1m4.748258159s}
   * @return the duration
   * @throws IllegalArgumentException if the text is not a Go duration
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not a Go duration: null");
    }
    String s = text.trim();
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("not a Go duration: '" + text + "'");
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int pos = 0;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException("not a Go duration: '" + text + "'");
      }
      BigDecimal value = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      nanos = nanos.add(value.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      pos = m.end();
    }
    // Go rejects durations beyond int64 nanoseconds (about 292 years); BigDecimal.longValue()
    // would silently wrap around instead. Fractions of a nanosecond are cut like Go does.
    long whole;
    try {
      whole = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Go duration out of range: '" + text + "'", e);
    }
    Duration d = Duration.ofNanos(whole);
    return negative ? d.negated() : d;
  }

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "µs":
      case "μs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "m":
        return 60_000_000_000L;
      default:
        return 3_600_000_000_000L;
    }
  }

  /**
   * Formats a duration as restic flags expect it, in whole seconds at least 1s ({@code 90s}).
   *
   * @param d a positive duration
   * @return for example {@code 90s}
   */
  public static String formatSeconds(Duration d) {
    long secs = Math.max(1, (d.toMillis() + 999) / 1000);
    return secs + "s";
  }
}
