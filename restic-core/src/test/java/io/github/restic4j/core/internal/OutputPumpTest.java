package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stdout pump pauses only inside fast streams of small writes, and loses nothing. */
class OutputPumpTest {

  @Test
  void bigReadsAndSlowReadsGetNoPause() {
    assertThat(OutputPump.pauseNanos(OutputPump.ENOUGH, 10_000)).isZero();
    assertThat(OutputPump.pauseNanos(60_000, 10_000)).isZero();
    // a progress line every 16 ms (restic's status rate) is read at once
    assertThat(OutputPump.pauseNanos(300, 16_000_000)).isZero();
    assertThat(OutputPump.pauseNanos(300, OutputPump.TRICKLE_NANOS)).isZero();
  }

  @Test
  void aFastTrickleWaitsForAboutEnoughBytesAtTheRateSeen() {
    // 300 bytes 20 µs after the last read: 15 bytes/µs, so ENOUGH needs ~(8192-300)/15 µs
    long pause = OutputPump.pauseNanos(300, 20_000);
    assertThat(pause).isEqualTo((long) ((OutputPump.ENOUGH - 300) * 20_000.0 / 300));
    assertThat(pause).isBetween(OutputPump.MIN_NAP_NANOS, OutputPump.MAX_NAP_NANOS);
  }

  @Test
  void pausesAreBounded() {
    // slow but below the trickle threshold: capped, so output is never held back long
    assertThat(OutputPump.pauseNanos(10, 1_900_000)).isEqualTo(OutputPump.MAX_NAP_NANOS);
    // almost enough already: not less than a park is worth
    assertThat(OutputPump.pauseNanos(OutputPump.ENOUGH - 1, 1_000))
        .isEqualTo(OutputPump.MIN_NAP_NANOS);
  }

  @Test
  void copiesEveryByteInOrderAndPausesOnlyInsideTheTrickle() {
    // reads of 100 bytes each: four 10 µs apart (a stream), then one 50 ms later (a pause in
    // restic's output), then EOF
    long[] clock = {0};
    long[] readAt = {10_000, 20_000, 30_000, 40_000, 50_040_000};
    Deque<byte[]> chunks = new ArrayDeque<>();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < readAt.length; i++) {
      String line = (char) ('a' + i) + "x".repeat(98) + "\n";
      chunks.add(line.getBytes(StandardCharsets.UTF_8));
      expected.append(line);
    }
    int[] reads = {0};
    InputStream in =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("reads in chunks");
          }

          @Override
          public int read(byte[] b, int off, int len) {
            assertThat(len).isEqualTo(OutputPump.BUFFER);
            byte[] c = chunks.poll();
            if (c == null) {
              return -1;
            }
            clock[0] = Math.max(clock[0], readAt[reads[0]++]);
            System.arraycopy(c, 0, b, off, c.length);
            return c.length;
          }
        };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Long> pauses = new ArrayList<>();
    new OutputPump(in, out, () -> clock[0], n -> pauses.add(n)).run();

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    // no pause after the first read (no rate yet) nor after the read that came 50 ms later
    assertThat(pauses).hasSize(3).allSatisfy(p -> assertThat(p).isPositive());
  }

  @Test
  void aFailingSinkStopsThePumpWithoutThrowing() {
    InputStream in = new java.io.ByteArrayInputStream("line\n".getBytes(StandardCharsets.UTF_8));
    OutputStream failing =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    new OutputPump(in, failing).run(); // returns: zt-exec's pump behaves the same
  }
}
