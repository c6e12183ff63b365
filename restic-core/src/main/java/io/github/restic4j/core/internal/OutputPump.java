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
 * Copies a child's stdout from its pipe to a sink, like zt-exec's pump, but without waking up for
 * every line of a fast stream.
 *
 * <p>Why: restic writes each JSON line ({@code ls}, {@code find}, {@code diff}) with its own {@code
 * write} syscall. A reader that is always waiting in {@code read} must be woken by every one of
 * those writes, and on Linux the wake-up is paid in the writer's system time: a 500,000-node {@code
 * ls} piped to an eager reader took restic about 1.1 s of extra system time and 1.2-1.4× its wall
 * time to {@code /dev/null} (benchmarks item 2). A reader that is not waiting costs a writer only
 * the copy into the pipe.
 *
 * <p>So when reads come back small and in quick succession (a stream of writes, not a command that
 * prints a result now and then), the pump pauses before the next read, for about as long as the
 * writer needs to put {@link #ENOUGH} bytes into the pipe at the rate just seen, never longer than
 * {@link #MAX_NAP_NANOS}. That keeps well below the 64 KiB a Linux pipe holds by default, so restic
 * is not blocked on a full pipe; back-pressure is unchanged (a slow consumer still stops restic
 * when the pipe is full). Output that arrives slower than one read per {@link #TRICKLE_NANOS}, such
 * as restic's progress lines, is read at once as before.
 */
final class OutputPump implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

  /** Bytes asked for per read: the size of a Linux pipe's default buffer. */
  static final int BUFFER = 64 * 1024;

  /** A read at least this big needs no pause before the next. */
  static final int ENOUGH = 8 * 1024;

  /** Reads closer together than this mean the writer is streaming. */
  static final long TRICKLE_NANOS = 2_000_000;

  /** Shortest pause worth a park. */
  static final long MIN_NAP_NANOS = 20_000;

  /** Longest pause, so that output is never held back noticeably. */
  static final long MAX_NAP_NANOS = 1_000_000;

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
    try {
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
        long now = nanoTime.getAsLong();
        if (n > 0) {
          out.write(buffer, 0, n);
        }
        long pause = previous == Long.MIN_VALUE ? 0 : pauseNanos(n, now - previous);
        previous = now;
        if (pause > 0) {
          nap.accept(pause);
        }
      }
    } catch (IOException | RuntimeException e) {
      // like zt-exec's pump: stop quietly; the process's exit or timeout ends the call
      LOG.debug("stdout pump stopped", e);
    }
  }

  /**
   * How long to pause after a read of {@code read} bytes that came {@code sinceLastRead} after the
   * previous read returned, or 0 for none.
   */
  static long pauseNanos(int read, long sinceLastRead) {
    if (read >= ENOUGH || sinceLastRead >= TRICKLE_NANOS || sinceLastRead <= 0) {
      return 0;
    }
    if (read <= 0) {
      return MAX_NAP_NANOS;
    }
    // the time the writer needs, at the rate just seen, for the rest of ENOUGH bytes
    double wanted = (double) (ENOUGH - read) * sinceLastRead / read;
    return (long) Math.max(MIN_NAP_NANOS, Math.min(MAX_NAP_NANOS, wanted));
  }
}
