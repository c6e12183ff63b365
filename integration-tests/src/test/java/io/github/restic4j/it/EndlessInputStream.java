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
 *
 * <p>{@link #slow()} gives about 320 KiB/s instead, for tests that keep a backup running for a long
 * time without making it write much.
 */
public final class EndlessInputStream extends InputStream {

  private static final int CHUNK = 64 * 1024;
  private static final byte[] PATTERN = new byte[CHUNK];

  static {
    for (int i = 0; i < CHUNK; i++) {
      PATTERN[i] = (byte) (i * 31 + (i >> 8));
    }
  }

  private final int maxRead;
  private final long paceBytes;
  private final long pauseMillis;
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean ended;

  /** About 12 MiB/s: a 20 ms pause per 256 KiB, reads of up to 64 KiB. */
  public EndlessInputStream() {
    this(CHUNK, 256 * 1024, 20);
  }

  private EndlessInputStream(int maxRead, long paceBytes, long pauseMillis) {
    this.maxRead = maxRead;
    this.paceBytes = paceBytes;
    this.pauseMillis = pauseMillis;
  }

  /**
   * About 320 KiB/s: reads of up to 16 KiB, a 50 ms pause each.
   *
   * @return a new stream
   */
  public static EndlessInputStream slow() {
    return new EndlessInputStream(16 * 1024, 16 * 1024, 50);
  }

  /** Bytes handed to restic so far. */
  long delivered() {
    return delivered.get();
  }

  /** True once restic has consumed well over a pipe buffer: it is inside the backup. */
  boolean resticIsReading() {
    return delivered.get() > 1024 * 1024;
  }

  /** Makes the stream end (restic would then finish its backup normally). */
  public void end() {
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
    int n = Math.min(len, maxRead);
    System.arraycopy(PATTERN, 0, b, off, n);
    long after = delivered.addAndGet(n);
    if (after / paceBytes != before / paceBytes) {
      // whatever the reader's buffer size: one pause per paceBytes delivered
      try {
        Thread.sleep(pauseMillis);
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
