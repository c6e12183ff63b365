package io.github.restic4j.core.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  private final List<String> lines = new ArrayList<>();

  private LineSplitter splitter(int max) {
    return new LineSplitter(lines::add, max);
  }

  private static void write(LineSplitter s, String text) {
    byte[] b = text.getBytes(UTF_8);
    s.write(b, 0, b.length);
  }

  @Test
  void splitsLfCrlfAndLoneCr() {
    LineSplitter s = splitter(1024);
    write(s, "a\nb\r\nc\rd\n\ne");
    assertThat(lines).containsExactly("a", "b", "c", "d", "");
    s.close();
    assertThat(lines).containsExactly("a", "b", "c", "d", "", "e");
  }

  @Test
  void crlfSplitAcrossWritesIsOneLineEnd() {
    LineSplitter s = splitter(1024);
    write(s, "a\r");
    write(s, "\nb\n");
    assertThat(lines).containsExactly("a", "b");
  }

  @Test
  void progressLinesSeparatedByCr() {
    LineSplitter s = splitter(1024);
    write(s, "[0:01] 10%\r[0:02] 20%\rdone\n");
    assertThat(lines).containsExactly("[0:01] 10%", "[0:02] 20%", "done");
  }

  @Test
  void utf8SplitAcrossWritesByteByByte() {
    String text = "Grüße – 日本語 😀 µs\nzweite Zeile ✓\n";
    LineSplitter s = splitter(1024);
    for (byte b : text.getBytes(UTF_8)) {
      s.write(b);
    }
    assertThat(lines).containsExactly("Grüße – 日本語 😀 µs", "zweite Zeile ✓");
  }

  @Test
  void onlyTheLowEightBitsOfAnIntCount() {
    LineSplitter s = splitter(1024);
    s.write('a' | 0x100);
    s.write('\n' | 0x7F00);
    assertThat(lines).containsExactly("a");
  }

  @Test
  void longLinesAreCutAndFlagged() {
    LineSplitter s = splitter(5);
    write(s, "abcdefgh\nxy\nabcde\n");
    assertThat(lines).containsExactly("abcde [line truncated by restic4j]", "xy", "abcde");
  }

  @Test
  void cutDoesNotSplitAMultiByteCharacter() {
    LineSplitter s = splitter(4);
    // a (1 byte) é (2 bytes) € (3 bytes): only the first byte of € fits in 4 bytes
    write(s, "aé€x\n");
    assertThat(lines).containsExactly("aé [line truncated by restic4j]");
    assertThat(lines.get(0)).doesNotContain("\uFFFD");
  }

  @Test
  void rawHandlerSeesEachWholeLineFirstAndDeclinedLinesAreDecoded() {
    List<String> raw = new ArrayList<>();
    LineSplitter s =
        new LineSplitter(
            lines::add,
            6,
            null,
            (b, off, len) -> {
              String line = new String(b, off, len, UTF_8);
              raw.add(line);
              return line.startsWith("{");
            });
    write(s, "{a}\ntext\n{b");
    write(s, "c}\r\n"); // a line spanning two writes is offered from the splitter's buffer
    write(s, "{toolong}\n"); // a cut line never goes to the raw handler
    write(s, "{é}\n");
    s.close();
    assertThat(raw).containsExactly("{a}", "text", "{bc}", "{é}");
    assertThat(lines).containsExactly("text", "{toolo [line truncated by restic4j]");
  }

  @Test
  void throwingRawHandlerCountsAsHandledAndIsRecorded() {
    RuntimeException boom = new IllegalStateException("boom");
    LineSplitter s =
        new LineSplitter(
            lines::add,
            1024,
            null,
            (b, off, len) -> {
              if (b[off] == 'x') {
                throw boom;
              }
              return false;
            });
    write(s, "x1\ny2\n");
    assertThat(lines).containsExactly("y2");
    assertThat(s.firstConsumerError()).isSameAs(boom);
  }

  @Test
  void throwingConsumerDoesNotStopLaterLines() {
    List<String> seen = new ArrayList<>();
    RuntimeException boom = new IllegalStateException("boom");
    LineSplitter s =
        new LineSplitter(
            l -> {
              seen.add(l);
              if (l.startsWith("bad")) {
                throw boom;
              }
            },
            1024);
    write(s, "bad 1\ngood 2\nbad 3\ngood 4\n");
    assertThat(seen).containsExactly("bad 1", "good 2", "bad 3", "good 4");
    assertThat(s.firstConsumerError()).isSameAs(boom);
  }

  @Test
  void consumerThrowingAnErrorIsAlsoContained() {
    List<String> seen = new ArrayList<>();
    LineSplitter s =
        new LineSplitter(
            l -> {
              seen.add(l);
              throw new AssertionError("error, not exception");
            },
            1024);
    write(s, "1\n2\n");
    assertThat(seen).containsExactly("1", "2");
    assertThat(s.firstConsumerError()).isInstanceOf(AssertionError.class);
  }

  @Test
  void flushDoesNotEmitAndCloseIsIdempotent() {
    LineSplitter s = splitter(1024);
    write(s, "partial");
    s.flush();
    assertThat(lines).isEmpty();
    s.close();
    s.close();
    assertThat(lines).containsExactly("partial");
    assertThat(s.firstConsumerError()).isNull();
  }

  @Test
  void chunkEndsComeOnFlushAndCloseNotAfterEachWrite() {
    List<String> events = new ArrayList<>();
    LineSplitter s = new LineSplitter(l -> events.add(l), 1024, () -> events.add("|"));
    write(s, "a\nb");
    write(s, "\nc\n");
    assertThat(events).containsExactly("a", "b", "c");
    s.flush();
    write(s, "d");
    s.close();
    assertThat(events).containsExactly("a", "b", "c", "|", "d", "|");
  }

  @Test
  void emptyStreamEmitsNothing() {
    LineSplitter s = splitter(1024);
    s.close();
    assertThat(lines).isEmpty();
  }
}
