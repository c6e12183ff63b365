package io.github.restic4j.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

  private final Consumer<String> consumer;
  private final int maxLineBytes;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
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
    this.consumer = consumer;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public synchronized void write(int value) {
    int b = value & 0xFF; // OutputStream contract: only the low 8 bits count
    if (b == '\n') {
      if (lastWasCr) {
        lastWasCr = false;
        return;
      }
      emit();
    } else if (b == '\r') {
      lastWasCr = true;
      emit();
      return;
    } else if (buffer.size() < maxLineBytes) {
      buffer.write(b);
    } else {
      overflow = true;
    }
    lastWasCr = false;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void flush() {
    // a trailing partial line is emitted on close only
  }

  @Override
  public synchronized void close() {
    if (buffer.size() > 0 || overflow) {
      emit();
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

  private void emit() {
    String line;
    if (overflow) {
      byte[] bytes = buffer.toByteArray();
      line =
          new String(bytes, 0, completeUtf8Length(bytes), StandardCharsets.UTF_8)
              + " [line truncated by restic4j]";
    } else {
      line = buffer.toString(StandardCharsets.UTF_8);
    }
    buffer.reset();
    overflow = false;
    try {
      consumer.accept(line);
    } catch (Throwable t) {
      if (firstConsumerError == null) {
        firstConsumerError = t;
      }
    }
  }

  /** Length of the prefix that does not end inside a multi-byte UTF-8 sequence. */
  private static int completeUtf8Length(byte[] b) {
    int n = b.length;
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
