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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Mutated restic output for the parser fuzz tests: real captures from shared/restic/corpus with bit
 * flips, truncation, splicing, random bytes, huge lines, invalid UTF-8 and repeated lines. Every
 * input is derived from a seed, so a failing try is reproduced from the seed jqwik reports.
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

    @Override
    public String toString() {
      return kind + " of " + origin + " (seed " + seed + ", " + bytes.length + " bytes)";
    }
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
  static Arbitrary<Input> stdout(String... hints) {
    return of(select(STDOUT, hints), false);
  }

  /** Mutated stderr captures whose origin name contains one of the hints (all if none match). */
  static Arbitrary<Input> stderr(String... hints) {
    return of(select(STDERR, hints), false);
  }

  /** Like {@link #stdout} but without the multi-megabyte huge-line mutation (for cheap targets). */
  static Arbitrary<Input> small(List<String> texts) {
    List<Blob> b = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      b.add(new Blob("text#" + i, texts.get(i).getBytes(UTF_8)));
    }
    return of(b, true);
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

  private static Arbitrary<Input> of(List<Blob> blobs, boolean small) {
    Arbitrary<Integer> first = Arbitraries.integers().between(0, blobs.size() - 1);
    Arbitrary<Integer> second = Arbitraries.integers().between(0, blobs.size() - 1);
    Arbitrary<Kind> kind =
        small
            ? Arbitraries.of(Kind.values()).filter(k -> k != Kind.HUGE_LINE)
            : Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.AS_IS)),
                net.jqwik.api.Tuple.of(12, Arbitraries.just(Kind.BIT_FLIPS)),
                net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.TRUNCATE)),
                net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.SPLICE)),
                net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.RANDOM_BYTES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.HUGE_LINE)),
                net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.INVALID_UTF8)),
                net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.REPEAT_LINE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.DEEP_JSON)),
                net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.NUMBERS)),
                net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.STACKED)));
    return Combinators.combine(first, second, kind, Arbitraries.longs())
        .as(
            (a, b, k, seed) -> {
              Blob x = blobs.get(a);
              Blob y = blobs.get(b);
              byte[] bytes = mutate(x.bytes(), y.bytes(), k, new Random(seed));
              String origin = k == Kind.SPLICE ? x.origin() + "+" + y.origin() : x.origin();
              return new Input(origin, k, seed, bytes);
            })
        .withoutEdgeCases();
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
          // longer than the production line cap, so LineSplitter must truncate
          int len = LineSplitter.DEFAULT_MAX_LINE_BYTES + 1 + r.nextInt(64 * 1024);
          byte[] filler =
              pick(r, "repository is already locked by PID 1 on h by ", "{\"a\":[", "A", "é");
          ByteArrayOutputStream out = new ByteArrayOutputStream(len + a.length + 16);
          int cut = a.length == 0 ? 0 : r.nextInt(a.length);
          out.write(a, 0, cut);
          byte[] head =
              pick(r, "{\"message_type\":\"status\",\"x\":\"", "repository is already locked ", "");
          out.write(head, 0, head.length);
          while (out.size() < len) {
            out.write(filler, 0, filler.length);
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
