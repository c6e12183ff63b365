package io.github.restic4j.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds line ends in restic's output eight bytes at a time.
 *
 * <p>Why: {@link LineSplitter} looked at every byte of a 500,000-line {@code ls} one by one (about
 * 80 ns per 350-byte line). Reading a {@code long} and testing all eight bytes with a few
 * arithmetic operations (the classic "has a zero byte" test) skips the stretches without a line end
 * (about 60 ns per line); the block that holds one is then looked at byte by byte, so the result is
 * exactly what a byte loop gives. (Strings inside a line are too short for this to pay: {@code
 * LsNodeReader} measured slower with it.)
 */
final class ByteScan {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = ONES * '\n';
  private static final long RETURNS = ONES * '\r';

  private ByteScan() {}

  /**
   * The index of the first {@code '\n'} or {@code '\r'} in {@code b[from, end)}.
   *
   * @param b the bytes
   * @param from the first index to look at
   * @param end the index after the last
   * @return the index, or {@code end} if there is none
   */
  static int lineEnd(byte[] b, int from, int end) {
    int i = from;
    while (i + Long.BYTES <= end) {
      long x = (long) LONGS.get(b, i);
      if ((zeroBytes(x ^ NEWLINES) | zeroBytes(x ^ RETURNS)) != 0) {
        break;
      }
      i += Long.BYTES;
    }
    while (i < end && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  /** A high bit in each byte of the result that is zero in {@code x}; none if none is. */
  private static long zeroBytes(long x) {
    return (x - ONES) & ~x & HIGHS;
  }
}
