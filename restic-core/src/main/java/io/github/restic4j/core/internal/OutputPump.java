package io.github.restic4j.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a child's stdout or stderr from its pipe to a sink, like zt-exec's pump, but without being
 * woken by every line of a fast stream.
 *
 * <p>Why: restic writes each JSON line ({@code ls}, {@code find}, {@code diff}) with its own {@code
 * write} syscall. A reader that waits inside {@code read} must be woken by the next of those
 * writes, and on Linux the wake-up is paid by the writer, on the writer's time: a 500,000-node
 * {@code ls} piped to an eager reader took restic 1.2-1.4× its wall time to {@code /dev/null}
 * (benchmarks item 2). A write that finds no reader waiting costs restic only the copy into the
 * pipe.
 *
 * <p>So once reads come in quick succession (two within {@link #TRICKLE_NANOS}: a stream of writes,
 * not a command that prints a result now and then), the pump stops waiting inside {@code read}: it
 * naps for {@link #POLL_NANOS} after each read that did not fill its buffer, and before the next
 * read it asks the pipe how many bytes it holds ({@link InputStream#available()}). Only when a look
 * finds the pipe empty after {@link #IDLE_POLLS} naps on it in a row (restic paused, or ended) does
 * it wait inside {@code read} again, which is also how the end of the output is seen. A nap of
 * {@link #POLL_NANOS} is far shorter than restic needs to fill the 64 KiB a Linux pipe holds by
 * default, so restic is not blocked on a full pipe; back-pressure is unchanged (a slow consumer
 * still stops restic when the pipe is full). Output that arrives slower, such as restic's progress
 * lines, is read at once as before. (Measured in session 5 against the earlier pump, which paused
 * only until about 8 KiB had arrived and then waited inside {@code read}: item 2's ratio fell from
 * about 1.2 to 1.1.)
 *
 * <p>The sink is flushed right before each wait inside {@code read}, and while restic streams at
 * least every {@link #MAX_HOLD_NANOS}: a stream's reader is woken on flush (see {@code
 * LineSplitter}), so what was read reaches it before the pump waits for restic, and within a few
 * milliseconds during a long stream, without a wake-up per read.
 */
final class OutputPump implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

  /** Bytes asked for per read: the size of a Linux pipe's default buffer. */
  static final int BUFFER = 64 * 1024;

  /** Reads closer together than this mean the writer is streaming. */
  static final long TRICKLE_NANOS = 2_000_000;

  /** The nap between looks at the pipe while the writer streams. */
  static final long POLL_NANOS = 100_000;

  /** Naps on an empty pipe in a row after which the pump waits inside {@code read} again. */
  static final int IDLE_POLLS = 2;

  /** The longest the sink goes unflushed while restic streams. */
  static final long MAX_HOLD_NANOS = 5_000_000;

  private final InputStream in;
  private final OutputStream out;
  private final LongSupplier nanoTime;
  private final LongConsumer nap;

  OutputPump(InputStream in, OutputStream out) {
    this(in, out, System::nanoTime, LockSupport::parkNanos);
  }

  OutputPump(InputStream in, OutputStream out, LongSupplier nanoTime, LongConsumer nap) {
    this.in = in;
    this.out = out;
    this.nanoTime = nanoTime;
    this.nap = nap;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[BUFFER];
    long previous = Long.MIN_VALUE;
    boolean streaming = false;
    int idle = 0;
    long flushed = 0;
    try {
      while (true) {
        if (streaming && in.available() <= 0) {
          if (++idle > IDLE_POLLS) {
            streaming = false; // restic paused or ended: wait inside read for what comes next
          } else {
            nap.accept(POLL_NANOS);
          }
          continue;
        }
        if (!streaming) {
          out.flush(); // about to wait for restic: what was read must reach its reader now
          flushed = nanoTime.getAsLong();
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
          return;
        }
        idle = 0;
        long now = nanoTime.getAsLong();
        if (n > 0) {
          out.write(buffer, 0, n);
        }
        streaming = previous != Long.MIN_VALUE && now - previous < TRICKLE_NANOS;
        previous = now;
        if (streaming && now - flushed >= MAX_HOLD_NANOS) {
          out.flush(); // a long stream: hand over what was read at least this often
          flushed = now;
        }
        if (streaming && n < buffer.length) {
          nap.accept(POLL_NANOS); // a full buffer means more is waiting: read again at once
        }
      }
    } catch (IOException | RuntimeException e) {
      // like zt-exec's pump: stop quietly; the process's exit or timeout ends the call
      LOG.debug("output pump stopped", e);
    }
  }
}
