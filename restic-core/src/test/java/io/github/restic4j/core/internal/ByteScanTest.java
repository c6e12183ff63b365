package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The eight-at-a-time line-end search finds exactly what a byte loop finds. */
class ByteScanTest {

  private static int naive(byte[] b, int from, int end) {
    int i = from;
    while (i < end && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  @Test
  void findsTheFirstLineEndLikeAByteLoopOnRandomBytes() {
    // bytes near the terminators in the arithmetic sense too: 0x8a and 0x8d differ from them
    // only in the high bit, 0x0b/0x0e/0x09/0x0c by one, and 0x00/0xff are the borrow extremes
    byte[] tricky = {'\n', '\r', (byte) 0x8a, (byte) 0x8d, 0x0b, 0x0e, 0x09, 0x0c, 0, (byte) 0xff};
    SplittableRandom random = new SplittableRandom(42);
    for (int run = 0; run < 20_000; run++) {
      byte[] b = new byte[random.nextInt(1, 64)];
      int density = random.nextInt(1, 40);
      for (int i = 0; i < b.length; i++) {
        b[i] =
            random.nextInt(density) == 0
                ? tricky[random.nextInt(tricky.length)]
                : (byte) random.nextInt(256);
      }
      int from = random.nextInt(b.length + 1);
      int end = random.nextInt(from, b.length + 1);
      assertThat(ByteScan.lineEnd(b, from, end))
          .as("run %d, from %d, end %d", run, from, end)
          .isEqualTo(naive(b, from, end));
    }
  }

  @Test
  void aLineEndAfterTheEndIsNotFoundAndEveryPositionInABlockIs() {
    byte[] b = "abcdefghijklmnop\nq".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(ByteScan.lineEnd(b, 0, 16)).isEqualTo(16); // the \n lies at 16: outside
    assertThat(ByteScan.lineEnd(b, 0, b.length)).isEqualTo(16);
    for (int at = 0; at < 16; at++) {
      byte[] c = "abcdefghijklmnop".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      c[at] = '\r';
      assertThat(ByteScan.lineEnd(c, 0, c.length)).isEqualTo(at);
    }
  }
}
