package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stdout pump stops waiting inside {@code read} while a stream of writes comes in, reads slow
 * output at once, and loses nothing. Runs on a simulated pipe and clock: a chunk "arrives" at its
 * time, a nap advances the clock, and a read of a chunk not there yet waits (the clock jumps to its
 * arrival), which is the wake-up restic would pay for.
 */
class OutputPumpTest {

  /** A pipe that delivers scripted chunks at scripted times on a simulated clock. */
  private static class ScriptedPipe extends InputStream {
    final long[] clock = {0};
    final List<byte[]> chunks = new ArrayList<>();
    final List<Long> arrivals = new ArrayList<>();
    final List<Long> naps = new ArrayList<>();
    final List<Long> flushTimes = new ArrayList<>();
    final StringBuilder expected = new StringBuilder();
    int next;
    int waitsInRead;
    int availableCalls;
    long delivered;
    long flushedUpTo;
    final List<String> unflushedWaits = new ArrayList<>();

    ScriptedPipe chunk(long arrivalNanos, int bytes) {
      String text = (char) ('a' + chunks.size() % 26) + "x".repeat(bytes - 2) + "\n";
      chunks.add(text.getBytes(StandardCharsets.UTF_8));
      arrivals.add(arrivalNanos);
      expected.append(text);
      return this;
    }

    @Override
    public int read() {
      throw new AssertionError("reads in chunks");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      assertThat(len).isEqualTo(OutputPump.BUFFER);
      if (next == chunks.size()) {
        waitOnce(); // the end of the output: the writer closed the pipe
        return -1;
      }
      if (arrivals.get(next) > clock[0]) {
        waitOnce();
        clock[0] = arrivals.get(next);
      }
      // like a pipe: everything that has arrived, up to len
      int n = 0;
      while (next < chunks.size()
          && arrivals.get(next) <= clock[0]
          && n + chunks.get(next).length <= len) {
        byte[] c = chunks.get(next++);
        System.arraycopy(c, 0, b, off + n, c.length);
        n += c.length;
      }
      delivered += n;
      return n;
    }

    private void waitOnce() {
      waitsInRead++;
      if (flushedUpTo != delivered) {
        unflushedWaits.add("at " + clock[0] + " ns: " + (delivered - flushedUpTo) + " bytes held");
      }
    }

    @Override
    public int available() {
      availableCalls++;
      int n = 0;
      for (int i = next; i < chunks.size() && arrivals.get(i) <= clock[0]; i++) {
        n += chunks.get(i).length;
      }
      return n;
    }

    String run() {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream() {
            @Override
            public void flush() {
              flushedUpTo = size();
              flushTimes.add(clock[0]);
            }
          };
      new OutputPump(
              this,
              out,
              () -> clock[0],
              n -> {
                naps.add(n);
                clock[0] += n;
              })
          .run();
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aFastStreamIsReadWithoutWaitingInsideReadAfterItsFirstTwoReads() {
    ScriptedPipe pipe = new ScriptedPipe();
    // 2,000 lines of 300 bytes, one every 5 µs (restic's ls writes about that fast)
    for (int i = 0; i < 2_000; i++) {
      pipe.chunk(i * 5_000L, 300);
    }
    assertThat(pipe.run()).isEqualTo(pipe.expected.toString());
    // the first line is there at once; the second read (which tells a stream) waits; then only
    // the end is waited for
    assertThat(pipe.waitsInRead).isEqualTo(2);
    assertThat(pipe.naps).isNotEmpty().allMatch(n -> n == OutputPump.POLL_NANOS);
  }

  @Test
  void slowOutputIsReadAtOnceWithoutNapsOrPolling() {
    ScriptedPipe pipe = new ScriptedPipe();
    // a progress line every 16 ms (restic's status rate)
    for (int i = 0; i < 50; i++) {
      pipe.chunk(i * 16_000_000L, 120);
    }
    assertThat(pipe.run()).isEqualTo(pipe.expected.toString());
    assertThat(pipe.naps).isEmpty();
    assertThat(pipe.availableCalls).isZero();
    // every line but the first, and the end
    assertThat(pipe.waitsInRead).isEqualTo(50);
  }

  @Test
  void aPauseInTheStreamEndsPollingAfterTheIdleLooksAndTheStreamResumesAfterwards() {
    ScriptedPipe pipe = new ScriptedPipe();
    for (int i = 0; i < 200; i++) {
      pipe.chunk(i * 5_000L, 300); // up to about 1 ms
    }
    for (int i = 0; i < 200; i++) {
      pipe.chunk(50_000_000L + i * 5_000L, 300); // restic loaded a tree for 49 ms
    }
    assertThat(pipe.run()).isEqualTo(pipe.expected.toString());
    // the second read of each burst waits (the first of the second burst too); then the end
    assertThat(pipe.waitsInRead).isEqualTo(4);
    // the idle looks in the pause: a few naps, not 49 ms of polling
    long napped = pipe.naps.stream().mapToLong(Long::longValue).sum();
    assertThat(napped).isLessThan(3_000_000L);
  }

  @Test
  void everyWaitForTheWriterComesAfterAFlushOfAllThatWasRead() {
    // the sink (a stream's queue) wakes its reader on flush only: nothing read may be held back
    // while the pump waits for restic, in a stream, at its pauses, in a trickle, or at the end
    ScriptedPipe pipe = new ScriptedPipe();
    for (int i = 0; i < 300; i++) {
      pipe.chunk(i * 5_000L, 300);
    }
    for (int i = 0; i < 5; i++) {
      pipe.chunk(30_000_000L + i * 16_000_000L, 120);
    }
    for (int i = 0; i < 300; i++) {
      pipe.chunk(200_000_000L + i * 5_000L, 300);
    }
    assertThat(pipe.run()).isEqualTo(pipe.expected.toString());
    assertThat(pipe.waitsInRead).isGreaterThan(5);
    assertThat(pipe.unflushedWaits).isEmpty();
  }

  @Test
  void aLongStreamIsFlushedAtLeastEveryMaxHoldWithoutAFlushPerRead() {
    // a line every 150 µs for 100 ms: the pump never finds the pipe empty twice in a row, so it
    // never waits for restic; the reader must still get the lines within MAX_HOLD_NANOS
    ScriptedPipe pipe = new ScriptedPipe();
    for (int i = 0; i < 667; i++) {
      pipe.chunk(i * 150_000L, 100);
    }
    assertThat(pipe.run()).isEqualTo(pipe.expected.toString());
    List<Long> flushes = pipe.flushTimes;
    for (int i = 1; i < flushes.size(); i++) {
      assertThat(flushes.get(i) - flushes.get(i - 1))
          .as("gap before flush %d", i)
          .isLessThanOrEqualTo(OutputPump.MAX_HOLD_NANOS + 1_000_000);
    }
    // about one flush per MAX_HOLD_NANOS, far fewer than reads
    assertThat(flushes.size()).isBetween(15, 40);
  }

  @Test
  void aFullBufferIsFollowedByAnotherReadWithoutANap() {
    ScriptedPipe pipe = new ScriptedPipe();
    pipe.chunk(0, 100).chunk(1_000, 100); // a stream begins
    pipe.chunk(2_000, OutputPump.BUFFER).chunk(3_000, 100);
    assertThat(pipe.run()).isEqualTo(pipe.expected.toString());
    // naps after the second and the fourth read only: the full read is followed at once
    assertThat(pipe.naps).hasSize(2 + OutputPump.IDLE_POLLS);
  }

  @Test
  void anUnreadablePipeStopsThePumpQuietlyKeepingWhatWasCopied() {
    ScriptedPipe pipe =
        new ScriptedPipe() {
          @Override
          public int available() {
            throw new IllegalStateException("stream closed");
          }
        };
    pipe.chunk(0, 100).chunk(1_000, 100).chunk(2_000, 100);
    String copied = pipe.run();
    // the first two reads were copied; the third look at the pipe failed
    assertThat(copied).isEqualTo(pipe.expected.substring(0, 200));
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
