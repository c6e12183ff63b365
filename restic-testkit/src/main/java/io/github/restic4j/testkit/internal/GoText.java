package io.github.restic4j.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Go-compatible formatting: durations, times, byte sizes and JSON. */
final class GoText {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter LOCK_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter NANO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.nnnnnnnnn").withZone(ZoneOffset.UTC);

  private GoText() {}

  static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Go's {@code json.MarshalIndent(v, "", " ")}. */
  static String pretty(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    pretty(node, "", sb);
    return sb.toString();
  }

  private static void pretty(JsonNode node, String indent, StringBuilder sb) {
    String in = indent + "  ";
    if (node.isObject() && node.size() > 0) {
      sb.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(in).append(json(JSON.getNodeFactory().textNode(e.getKey()))).append(": ");
        pretty(e.getValue(), in, sb);
        sb.append(it.hasNext() ? ",\n" : "\n");
      }
      sb.append(indent).append('}');
    } else if (node.isArray() && node.size() > 0) {
      sb.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        sb.append(in);
        pretty(node.get(i), in, sb);
        sb.append(i + 1 < node.size() ? ",\n" : "\n");
      }
      sb.append(indent).append(']');
    } else {
      sb.append(json(node));
    }
  }

  /** RFC 3339 with nanoseconds, trailing zeros trimmed (Go's RFC3339Nano). */
  static String time(Instant t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
  }

  static String lockTime(Instant t) {
    return LOCK_TIME.format(t);
  }

  static String snapshotTime(Instant t) {
    return NANO_TIME.format(t) + " +0000 UTC";
  }

  /** Go's {@code time.Duration.String()}. */
  static String duration(Duration d) {
    long n = d.toNanos();
    if (n == 0) {
      return "0s";
    }
    String sign = n < 0 ? "-" : "";
    long a = Math.abs(n);
    if (a < 1_000) {
      return sign + a + "ns";
    }
    if (a < 1_000_000) {
      return sign + trim(BigDecimal.valueOf(a, 3)) + "µs";
    }
    if (a < 1_000_000_000) {
      return sign + trim(BigDecimal.valueOf(a, 6)) + "ms";
    }
    long h = a / 3_600_000_000_000L;
    long rest = a % 3_600_000_000_000L;
    long m = rest / 60_000_000_000L;
    long s = rest % 60_000_000_000L;
    StringBuilder sb = new StringBuilder(sign);
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    sb.append(trim(BigDecimal.valueOf(s, 9))).append('s');
    return sb.toString();
  }

  private static String trim(BigDecimal d) {
    String s = d.stripTrailingZeros().toPlainString();
    return s;
  }

  /** restic's {@code ui.FormatBytes}. */
  static String bytes(long c) {
    double b = c;
    if (c >= 1L << 40) {
      return String.format(Locale.ROOT, "%.3f TiB", b / (1L << 40));
    } else if (c >= 1L << 30) {
      return String.format(Locale.ROOT, "%.3f GiB", b / (1L << 30));
    } else if (c >= 1L << 20) {
      return String.format(Locale.ROOT, "%.3f MiB", b / (1L << 20));
    } else if (c >= 1L << 10) {
      return String.format(Locale.ROOT, "%.3f KiB", b / (1L << 10));
    }
    return c + " B";
  }

  /** Go's {@code os.FileMode.String()} for the types the fake uses. */
  static String permissions(String type, int mode) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        switch (type) {
          case "dir" -> 'd';
          case "symlink" -> 'L';
          default -> '-';
        });
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      sb.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return sb.toString();
  }

  /** The numeric Go file mode (type bits included). */
  static long goMode(String type, int mode) {
    return switch (type) {
      case "dir" -> 0x80000000L | mode;
      case "symlink" -> 0x08000000L | mode;
      default -> mode;
    };
  }
}
