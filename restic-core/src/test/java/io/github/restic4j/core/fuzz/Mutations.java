package io.github.restic4j.core.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.restic4j.core.internal.LineSplitter;
import io.github.restic4j.core.testing.CorpusFile;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutated restic output for the parser fuzz tests: real captures from shared/restic/corpus with bit
 * flips, truncation, splicing, random bytes, huge lines, invalid UTF-8 and repeated lines. Every
 * input is derived from a {@link Random}, so a failing try is reproduced from the seed {@link Fuzz}
 * reports.
 */
final class Mutations {

  /** The kinds of damage applied to a corpus capture. */
  enum Kind {
    AS_IS,
    BIT_FLIPS,
    TRUNCATE,
    SPLICE,
    RANDOM_BYTES,
    HUGE_LINE,
    INVALID_UTF8,
    REPEAT_LINE,
    DEEP_JSON,
    NUMBERS,
    STACKED
  }

  /** One mutated input and how it was made (for failure messages). */
  record Input(String origin, Kind kind, long seed, byte[] bytes) {
    String text() {
      return new String(bytes, UTF_8);
    }

    /** Kind, origin, the seed {@link #mutate} was given, the size and a shortened preview. */
    @Override
    public String toString() {
      return kind
          + " of "
          + origin
          + " (seed "
          + seed
          + ", "
          + bytes.length
          + " bytes: "
          + preview(bytes)
          + ")";
    }
  }

  /** Draws mutated inputs from a fixed set of captures. */
  static final class Source {
    private final List<Blob> blobs;
    private final boolean small;
    private final int hugeWeight;

    private Source(List<Blob> blobs, boolean small) {
      this(blobs, small, WEIGHTS[Kind.HUGE_LINE.ordinal()]);
    }

    private Source(List<Blob> blobs, boolean small, int hugeWeight) {
      this.blobs = List.copyOf(blobs);
      this.small = small;
      this.hugeWeight = hugeWeight;
    }

    /**
     * The same captures with huge lines drawn more often (default weight 1 of 83): for parsers that
     * run regexes over whole lines or messages, where a long line is the likeliest way to make them
     * backtrack. Huge lines are slow, so only those properties pay for more of them.
     */
    Source withHugeLines(int weight) {
      return new Source(blobs, small, weight);
    }

    /** One mutated input; everything it depends on comes from {@code r}. */
    Input draw(Random r) {
      Blob x = blobs.get(r.nextInt(blobs.size()));
      Blob y = blobs.get(r.nextInt(blobs.size()));
      Kind k = small ? SMALL_KINDS.get(r.nextInt(SMALL_KINDS.size())) : weighted(r, hugeWeight);
      long seed = r.nextLong();
      byte[] bytes = mutate(x.bytes(), y.bytes(), k, new Random(seed));
      String origin = k == Kind.SPLICE ? x.origin() + "+" + y.origin() : x.origin();
      return new Input(origin, k, seed, bytes);
    }
  }

  /** Relative frequency of each kind for corpus captures (huge lines are slow, so rare). */
  private static final int[] WEIGHTS = new int[Kind.values().length];

  static {
    WEIGHTS[Kind.AS_IS.ordinal()] = 3;
    WEIGHTS[Kind.BIT_FLIPS.ordinal()] = 12;
    WEIGHTS[Kind.TRUNCATE.ordinal()] = 10;
    WEIGHTS[Kind.SPLICE.ordinal()] = 10;
    WEIGHTS[Kind.RANDOM_BYTES.ordinal()] = 8;
    WEIGHTS[Kind.HUGE_LINE.ordinal()] = 1;
    WEIGHTS[Kind.INVALID_UTF8.ordinal()] = 10;
    WEIGHTS[Kind.REPEAT_LINE.ordinal()] = 5;
    WEIGHTS[Kind.DEEP_JSON.ordinal()] = 4;
    WEIGHTS[Kind.NUMBERS.ordinal()] = 10;
    WEIGHTS[Kind.STACKED.ordinal()] = 10;
  }

  private static final List<Kind> SMALL_KINDS =
      java.util.Arrays.stream(Kind.values()).filter(k -> k != Kind.HUGE_LINE).toList();

  private static Kind weighted(Random r, int hugeWeight) {
    int[] w = WEIGHTS.clone();
    w[Kind.HUGE_LINE.ordinal()] = hugeWeight;
    int n = r.nextInt(java.util.Arrays.stream(w).sum());
    for (Kind k : Kind.values()) {
      n -= w[k.ordinal()];
      if (n < 0) {
        return k;
      }
    }
    throw new IllegalStateException("weights");
  }

  private static final int PREVIEW_HEAD = 96;
  private static final int PREVIEW_TAIL = 32;

  /** The input as a short escaped string literal: head and tail, the middle elided. */
  static String preview(byte[] bytes) {
    String t = new String(bytes, UTF_8);
    if (t.length() > PREVIEW_HEAD + PREVIEW_TAIL + 16) {
      return escape(t.substring(0, PREVIEW_HEAD))
          + "…["
          + (t.length() - PREVIEW_HEAD - PREVIEW_TAIL)
          + " chars]…"
          + escape(t.substring(t.length() - PREVIEW_TAIL));
    }
    return escape(t);
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private record Blob(String origin, byte[] bytes) {}

  private static final List<CorpusFile> FILES = CorpusFile.all();
  private static final List<Blob> STDOUT = blobs(true);
  private static final List<Blob> STDERR = blobs(false);

  private static final Pattern DIGITS = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");

  private Mutations() {}

  static List<CorpusFile> corpus() {
    return FILES;
  }

  private static List<Blob> blobs(boolean stdout) {
    List<Blob> out = new ArrayList<>();
    for (CorpusFile f : FILES) {
      String s = stdout ? f.stdout() : f.stderr();
      if (!s.isEmpty()) {
        out.add(new Blob(f.name() + (stdout ? ":stdout" : ":stderr"), s.getBytes(UTF_8)));
      }
    }
    return out;
  }

  /** Mutated stdout captures whose origin name contains one of the hints (all if none match). */
  static Source stdout(String... hints) {
    return new Source(select(STDOUT, hints), false);
  }

  /** Mutated stderr captures whose origin name contains one of the hints (all if none match). */
  static Source stderr(String... hints) {
    return new Source(select(STDERR, hints), false);
  }

  /** Like {@link #stdout} but without the multi-megabyte huge-line mutation (for cheap targets). */
  static Source small(List<String> texts) {
    List<Blob> b = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      b.add(new Blob("text#" + i, texts.get(i).getBytes(UTF_8)));
    }
    return new Source(b, true);
  }

  private static List<Blob> select(List<Blob> all, String... hints) {
    if (hints.length == 0) {
      return all;
    }
    List<Blob> out = new ArrayList<>();
    for (Blob b : all) {
      for (String h : hints) {
        if (b.origin().contains(h)) {
          out.add(b);
          break;
        }
      }
    }
    return out.isEmpty() ? all : out;
  }

  static byte[] mutate(byte[] a, byte[] b, Kind kind, Random r) {
    switch (kind) {
      case AS_IS:
        return a.clone();
      case BIT_FLIPS:
        {
          byte[] out = a.clone();
          int flips = 1 + r.nextInt(32);
          for (int i = 0; i < flips && out.length > 0; i++) {
            int pos = r.nextInt(out.length);
            out[pos] ^= (byte) (1 << r.nextInt(8));
          }
          return out;
        }
      case TRUNCATE:
        {
          if (a.length == 0) {
            return a;
          }
          int from = r.nextBoolean() ? 0 : r.nextInt(a.length);
          int to = from + r.nextInt(a.length - from + 1);
          return java.util.Arrays.copyOfRange(a, from, to);
        }
      case SPLICE:
        {
          int i = a.length == 0 ? 0 : r.nextInt(a.length + 1);
          int j = b.length == 0 ? 0 : r.nextInt(b.length + 1);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.write(a, 0, i);
          out.write(b, j, b.length - j);
          return out.toByteArray();
        }
      case RANDOM_BYTES:
        {
          byte[] out = new byte[r.nextInt(4096)];
          byte[] alphabet = "{}[]\":,\n\r\\ 0123456789.-eEtruefalsnul\u001b".getBytes(UTF_8);
          for (int i = 0; i < out.length; i++) {
            out[i] = r.nextBoolean() ? alphabet[r.nextInt(alphabet.length)] : (byte) r.nextInt();
          }
          return out;
        }
      case HUGE_LINE:
        {
          // longer than the production line cap, so LineSplitter must truncate. A non-empty head
          // starts the huge line (a JSON status line, a lock message: both parsed from the line
          // start); the filler is one piece repeated or, half the time, a random mix of them.
          int len = LineSplitter.DEFAULT_MAX_LINE_BYTES + 1 + r.nextInt(64 * 1024);
          byte[][] fillers = {
            "repository is already locked by PID 1 on h by ".getBytes(UTF_8),
            "{\"a\":[".getBytes(UTF_8),
            "A".getBytes(UTF_8),
            "é".getBytes(UTF_8)
          };
          boolean mixed = r.nextBoolean();
          byte[] filler = fillers[r.nextInt(fillers.length)];
          ByteArrayOutputStream out = new ByteArrayOutputStream(len + a.length + 16);
          int cut = a.length == 0 ? 0 : r.nextInt(a.length);
          out.write(a, 0, cut);
          byte[] head =
              pick(
                  r,
                  "{\"message_type\":\"status\",\"x\":\"",
                  "repository is already locked by PID 1 on ",
                  "");
          if (head.length > 0 && cut > 0 && a[cut - 1] != '\n') {
            out.write('\n');
          }
          out.write(head, 0, head.length);
          while (out.size() < len) {
            byte[] f = mixed ? fillers[r.nextInt(fillers.length)] : filler;
            out.write(f, 0, f.length);
          }
          out.write('\n');
          out.write(a, cut, a.length - cut);
          return out.toByteArray();
        }
      case INVALID_UTF8:
        {
          byte[][] bad = {
            {(byte) 0xC3, 0x28},
            {(byte) 0xFF},
            {(byte) 0xFE, (byte) 0xFF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0x80},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
            {(byte) 0xE2, (byte) 0x82}
          };
          ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + 64);
          int n = 1 + r.nextInt(8);
          int[] at = new int[n];
          for (int i = 0; i < n; i++) {
            at[i] = a.length == 0 ? 0 : r.nextInt(a.length);
          }
          java.util.Arrays.sort(at);
          int pos = 0;
          for (int p : at) {
            out.write(a, pos, p - pos);
            byte[] x = bad[r.nextInt(bad.length)];
            out.write(x, 0, x.length);
            pos = p;
          }
          out.write(a, pos, a.length - pos);
          return out.toByteArray();
        }
      case REPEAT_LINE:
        {
          String text = new String(a, UTF_8);
          String[] lines = text.split("\n", -1);
          String line = lines[r.nextInt(lines.length)];
          int times = 1 + r.nextInt(2000);
          StringBuilder sb = new StringBuilder(text);
          for (int i = 0; i < times && sb.length() < 2_000_000; i++) {
            sb.append(line).append(r.nextInt(4) == 0 ? "" : "\n");
          }
          return sb.toString().getBytes(UTF_8);
        }
      case DEEP_JSON:
        {
          int depth = 1 + r.nextInt(5000);
          StringBuilder sb = new StringBuilder();
          String open = r.nextBoolean() ? "[" : "{\"message_type\":\"summary\",\"a\":";
          sb.append(open.repeat(Math.min(depth, 200_000 / open.length())));
          if (r.nextBoolean()) {
            sb.append("1").append("]".repeat(depth));
          }
          sb.append('\n');
          return concat(a, sb.toString().getBytes(UTF_8), r);
        }
      case NUMBERS:
        {
          // numeric fields out of range or malformed: 20-digit counts, 1.2.3 sizes, exponents
          String[] odd = {
            "99999999999999999999999",
            "1.2.3",
            "-1",
            "1e999",
            "NaN",
            "..",
            "0x1F",
            "000000000000000000000000000001",
            "9223372036854775808",
            "-9223372036854775809",
            "1.",
            "2147483648"
          };
          String text = new String(a, UTF_8);
          Matcher m = DIGITS.matcher(text);
          StringBuilder sb = new StringBuilder();
          while (m.find()) {
            m.appendReplacement(
                sb,
                r.nextInt(3) == 0 ? Matcher.quoteReplacement(odd[r.nextInt(odd.length)]) : "$0");
          }
          m.appendTail(sb);
          return sb.toString().getBytes(UTF_8);
        }
      case STACKED:
      default:
        {
          byte[] out = a;
          int rounds = 2 + r.nextInt(3);
          Kind[] cheap = {
            Kind.BIT_FLIPS, Kind.TRUNCATE, Kind.SPLICE, Kind.INVALID_UTF8, Kind.NUMBERS
          };
          for (int i = 0; i < rounds; i++) {
            out = mutate(out, b, cheap[r.nextInt(cheap.length)], r);
          }
          return out;
        }
    }
  }

  private static byte[] pick(Random r, String... options) {
    return options[r.nextInt(options.length)].getBytes(UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] insert, Random r) {
    int at = a.length == 0 ? 0 : r.nextInt(a.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + insert.length);
    out.write(a, 0, at);
    out.write(insert, 0, insert.length);
    out.write(a, at, a.length - at);
    return out.toByteArray();
  }
}
