package io.github.restic4j.it;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A never-ending, rate-limited stdin for {@code restic backup --stdin} (about 12 MiB/s of a
 * repeating pattern, which deduplicates to almost nothing), so that restic keeps running inside a
 * backup, lock held, for as long as a test needs.
 *
 * <p>Why not a stream that simply blocks: restic 0.17+ does not exit on SIGINT while it is blocked
 * reading stdin (it waits for end of input, then reports "context canceled"), whereas with data
 * flowing every version stops within milliseconds and removes its lock.
 *
 * <p>{@link #delivered()} tells how much restic has consumed; once it exceeds the pipe buffer (64
 * KiB), restic is reading, which means it has opened the repository and holds its lock.
 */
final class EndlessInputStream extends InputStream {

  private static final int CHUNK = 64 * 1024;
  private static final long PACE_BYTES = 256 * 1024;
  private static final byte[] PATTERN = new byte[CHUNK];

  static {
    for (int i = 0; i < CHUNK; i++) {
      PATTERN[i] = (byte) (i * 31 + (i >> 8));
    }
  }

  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean ended;

  /** Bytes handed to restic so far. */
  long delivered() {
    return delivered.get();
  }

  /** True once restic has consumed well over a pipe buffer: it is inside the backup. */
  boolean resticIsReading() {
    return delivered.get() > 1024 * 1024;
  }

  /** Makes the stream end (restic would then finish its backup normally). */
  void end() {
    ended = true;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (ended) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    long before = delivered.get();
    int n = Math.min(len, CHUNK);
    System.arraycopy(PATTERN, 0, b, off, n);
    long after = delivered.addAndGet(n);
    if (after / PACE_BYTES != before / PACE_BYTES) {
      // whatever the reader's buffer size: pause 20 ms per 256 KiB, about 12 MiB/s
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return n;
  }

  @Override
  public void close() {
    end();
  }
}
