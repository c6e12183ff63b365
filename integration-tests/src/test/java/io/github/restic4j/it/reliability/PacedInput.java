package io.github.restic4j.it.reliability;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An endless, paced stdin for {@code restic backup --stdin}: restic keeps running with its lock
 * held while data flows (a blocked read would make 0.17+ ignore SIGINT). {@link #reading()} turns
 * true once restic consumed more than a pipe buffer, i.e. it opened the repository and locked it.
 */
final class PacedInput extends InputStream {

  private static final byte[] CHUNK = new byte[64 * 1024];

  static {
    for (int i = 0; i < CHUNK.length; i++) {
      CHUNK[i] = (byte) (i * 31 + (i >> 8));
    }
  }

  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean ended;

  boolean reading() {
    return delivered.get() > 1024 * 1024;
  }

  void end() {
    ended = true;
  }

  @Override
  public int read() {
    byte[] b = new byte[1];
    return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (ended) {
      return -1;
    }
    try {
      Thread.sleep(5); // about 12 MiB/s
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    int n = Math.min(len, CHUNK.length);
    System.arraycopy(CHUNK, 0, b, off, n);
    delivered.addAndGet(n);
    return n;
  }

  @Override
  public void close() {
    ended = true;
  }
}
