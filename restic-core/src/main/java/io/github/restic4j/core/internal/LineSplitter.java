package io.github.restic4j.core.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An output stream that splits a child's output into UTF-8 lines and hands each to a consumer.
 * Never throws to the pump thread (zt-exec silently stops pumping on an exception, which would let
 * restic block on a full pipe). Lines longer than {@code maxLineBytes} are cut and flagged.
 */
public final class LineSplitter extends OutputStream {

  /**
   * Default cap on one line: restic's longest JSON line (a status with many files) is far below.
   */
  public static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

  /** Capacity kept between lines; a buffer grown beyond it by a long line is dropped after it. */
  private static final int KEPT_CAPACITY = 64 * 1024;

  private final Consumer<String> consumer;
  private final int maxLineBytes;
  private final Runnable afterChunk;
  private final RawLineHandler rawHandler;
  private final byte[] single = new byte[1];
  private byte[] buffer = new byte[256];
  private int count;
  private boolean overflow;
  private boolean lastWasCr;
  private volatile Throwable firstConsumerError;

  /**
   * Creates a splitter.
   *
   * @param consumer receives each complete line without its terminator
   * @param maxLineBytes longest line kept; the rest of a longer line is dropped
   */
  public LineSplitter(Consumer<String> consumer, int maxLineBytes) {
    this(consumer, maxLineBytes, null);
  }

  /**
   * Creates a splitter that also reports when the lines written so far should reach their reader.
   *
   * <p>{@code afterChunk} runs on each {@link #flush()} and after the last line on {@link
   * #close()}, not after every write: restic's pumps ({@link OutputPump}) flush right before they
   * wait for restic and at least every few milliseconds while it streams, and a stream's reader is
   * woken in {@code afterChunk}. A wake-up per write (one per read of a fast {@code ls}, every
   * 100-200 µs) cost the JVM more CPU than the items (benchmarks item 2).
   *
   * @param consumer receives each complete line without its terminator
   * @param maxLineBytes longest line kept; the rest of a longer line is dropped
   * @param afterChunk runs on each flush and on close (may be null); its exceptions are caught like
   *     the consumer's
   */
  public LineSplitter(Consumer<String> consumer, int maxLineBytes, Runnable afterChunk) {
    this(consumer, maxLineBytes, afterChunk, null);
  }

  /**
   * Creates a splitter that offers each complete line's bytes to {@code rawHandler} first and
   * decodes it for {@code consumer} only if the handler declines. A truncated line always goes to
   * the consumer, flagged.
   *
   * @param consumer receives each line the raw handler declined, without its terminator
   * @param maxLineBytes longest line kept; the rest of a longer line is dropped
   * @param afterChunk runs on each flush and on close (may be null), see above
   * @param rawHandler sees each line's bytes first (may be null); its exceptions are caught like
   *     the consumer's, and the line then counts as handled
   */
  public LineSplitter(
      Consumer<String> consumer, int maxLineBytes, Runnable afterChunk, RawLineHandler rawHandler) {
    this.consumer = consumer;
    this.maxLineBytes = maxLineBytes;
    this.afterChunk = afterChunk;
    this.rawHandler = rawHandler;
  }

  /** Reads a line from the bytes as they came, without decoding it to a string first. */
  @FunctionalInterface
  public interface RawLineHandler {
    /**
     * Offers one line. The bytes are only valid during the call.
     *
     * @param bytes the buffer holding the line
     * @param offset where the line starts
     * @param length its length in bytes, without the terminator
     * @return true if the line was handled, false to have it decoded and given to the consumer
     */
    boolean handle(byte[] bytes, int offset, int length);
  }

  @Override
  public synchronized void write(int value) {
    single[0] = (byte) value; // OutputStream contract: only the low 8 bits count
    write(single, 0, 1);
  }

  /**
   * Splits a chunk: scans for terminators and hands over each line; a line that lies wholly in the
   * chunk is decoded straight from it, only a line spanning chunks is buffered. One lock per chunk
   * (the pump writes chunks of up to 64 KiB), not per byte.
   */
  @Override
  public synchronized void write(byte[] b, int off, int len) {
    split(b, off, len);
  }

  private void split(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      if (lastWasCr) {
        lastWasCr = false;
        if (b[i] == '\n') {
          i++; // CRLF: the CR already ended the line
          continue;
        }
      }
      int start = i;
      i = ByteScan.lineEnd(b, i, end);
      int n = i - start;
      if (i == end) {
        append(b, start, n); // no terminator yet: keep the partial line
        return;
      }
      if (b[i] == '\r') {
        lastWasCr = true;
      }
      i++;
      if (count == 0 && !overflow && n <= maxLineBytes) {
        if (!offerRaw(b, start, n)) {
          deliver(new String(b, start, n, StandardCharsets.UTF_8));
        }
      } else {
        append(b, start, n);
        emit();
      }
    }
  }

  @Override
  public synchronized void flush() {
    // a trailing partial line is emitted on close only
    chunkEnd();
  }

  @Override
  public synchronized void close() {
    if (count > 0 || overflow) {
      emit();
    }
    chunkEnd();
  }

  private void chunkEnd() {
    if (afterChunk == null) {
      return;
    }
    try {
      afterChunk.run();
    } catch (Throwable t) {
      if (firstConsumerError == null) {
        firstConsumerError = t;
      }
    }
  }

  /**
   * The first exception a consumer threw, if any (it was caught so pumping could go on).
   *
   * @return the error or null
   */
  public Throwable firstConsumerError() {
    return firstConsumerError;
  }

  private void append(byte[] b, int off, int n) {
    if (n == 0) {
      return;
    }
    int room = maxLineBytes - count;
    if (n > room) {
      overflow = true;
      n = Math.max(room, 0);
      if (n == 0) {
        return;
      }
    }
    int needed = count + n;
    if (needed > buffer.length) {
      int grown = Math.max(needed, Math.min(maxLineBytes, buffer.length * 2));
      buffer = Arrays.copyOf(buffer, grown);
    }
    System.arraycopy(b, off, buffer, count, n);
    count = needed;
  }

  private void emit() {
    String line = null;
    if (overflow) {
      line =
          new String(buffer, 0, completeUtf8Length(buffer, count), StandardCharsets.UTF_8)
              + " [line truncated by restic4j]";
    } else if (!offerRaw(buffer, 0, count)) {
      line = new String(buffer, 0, count, StandardCharsets.UTF_8);
    }
    count = 0;
    overflow = false;
    if (buffer.length > KEPT_CAPACITY) {
      buffer = new byte[256];
    }
    if (line != null) {
      deliver(line);
    }
  }

  private boolean offerRaw(byte[] b, int off, int n) {
    if (rawHandler == null) {
      return false;
    }
    try {
      return rawHandler.handle(b, off, n);
    } catch (Throwable t) {
      if (firstConsumerError == null) {
        firstConsumerError = t;
      }
      return true;
    }
  }

  private void deliver(String line) {
    try {
      consumer.accept(line);
    } catch (Throwable t) {
      if (firstConsumerError == null) {
        firstConsumerError = t;
      }
    }
  }

  /** Length of the prefix of {@code b[0..n)} that does not end inside a multi-byte sequence. */
  private static int completeUtf8Length(byte[] b, int n) {
    int i = n - 1;
    int continuation = 0;
    while (i >= 0 && continuation < 3 && (b[i] & 0xC0) == 0x80) {
      i--;
      continuation++;
    }
    if (i < 0) {
      return n;
    }
    int lead = b[i] & 0xFF;
    int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return need > continuation + 1 ? i : n;
  }
}
