package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Reads one {@code restic ls --json} node line straight from the bytes restic printed into an
 * {@link LsNode}: no line string, no JSON parser, no tree.
 *
 * <p>Why: a large listing is one such line per node (500,000 and more), read while restic runs on
 * the same cores; Jackson's streaming parser on a decoded line cost about 0.8 µs and 1.6 KB of
 * garbage per node, which the JVM then takes from restic as CPU time (benchmarks item 2).
 *
 * <p>Only the plain shape restic prints is read: one flat object that is a node by the rule of
 * {@link Json#messageType} ({@code message_type} if present, else {@code struct_type}, equal to
 * {@code node}), strings without escapes for the texts and times (RFC 3339), integers for the
 * numbers, and valid scalars for any other field (within Jackson's default length limits). Anything
 * else (an escape in a string, nulls, numbers as strings or with a fraction, nested values, a time
 * in another form, trailing text, invalid JSON) gives {@code null}, and the caller hands the line
 * to the general JSON path with its usual conversions and errors. A field given twice counts with
 * its last value, as in data binding.
 *
 * <p>Not thread-safe: it keeps the last type, permissions and time it read, because consecutive
 * nodes (and a node's three times) usually repeat them, and reuses those immutable values. One
 * instance belongs to one command's output thread.
 */
final class LsNodeReader {

  private static final byte[] NAME = ascii("name");
  private static final byte[] TYPE = ascii("type");
  private static final byte[] PATH = ascii("path");
  private static final byte[] UID = ascii("uid");
  private static final byte[] GID = ascii("gid");
  private static final byte[] SIZE = ascii("size");
  private static final byte[] MODE = ascii("mode");
  private static final byte[] PERMISSIONS = ascii("permissions");
  private static final byte[] MTIME = ascii("mtime");
  private static final byte[] ATIME = ascii("atime");
  private static final byte[] CTIME = ascii("ctime");
  private static final byte[] INODE = ascii("inode");
  private static final byte[] LINKTARGET = ascii("linktarget");
  private static final byte[] STRUCT_TYPE = ascii("struct_type");
  private static final byte[] MESSAGE_TYPE = ascii("message_type");
  private static final byte[] NODE = ascii("node");

  /** The fields read, in the order restic prints them (where the next key is looked for first). */
  private static final byte[][] KEYS = {
    NAME,
    TYPE,
    PATH,
    UID,
    GID,
    SIZE,
    MODE,
    PERMISSIONS,
    MTIME,
    ATIME,
    CTIME,
    INODE,
    LINKTARGET,
    MESSAGE_TYPE,
    STRUCT_TYPE
  };

  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] NULL = ascii("null");

  /** The longest integer read here; longer ones could overflow a long and go the general way. */
  private static final int MAX_DIGITS = 18;

  /**
   * Jackson's default read limits (StreamReadConstraints): a longer number or field name fails
   * there, so it must not be read here either.
   */
  private static final int MAX_NUMBER_LENGTH = 1000;

  private static final int MAX_NAME_LENGTH = 50_000;

  private final Kept<String> lastType = new Kept<>(LsNodeReader::keptText);
  private final Kept<String> lastPermissions = new Kept<>(LsNodeReader::keptText);
  private final Kept<OffsetDateTime> lastTime = new Kept<>(LsNodeReader::keptTime);

  // the index in KEYS after the last key found: restic's next key, as a rule
  private int nextKey;

  // the line being read
  private byte[] b;
  private int pos;
  private int end;
  // where the last string read lay (set by string())
  private int valueStart;
  private int valueLength;
  private boolean valueAscii;
  // set by a value reader that found a value outside the plain shape
  private boolean failed;

  /**
   * Reads a node line.
   *
   * @param bytes the buffer holding the line
   * @param offset where the line starts
   * @param length the line's length, without its terminator
   * @return the node, or null if the line is not a node of the plain shape
   */
  LsNode read(byte[] bytes, int offset, int length) {
    b = bytes;
    pos = offset;
    end = offset + length;
    failed = false;
    nextKey = 0;
    try {
      return readObject();
    } finally {
      b = null; // do not keep the caller's buffer
    }
  }

  private LsNode readObject() {
    if (pos >= end || b[pos] != '{') {
      return null;
    }
    pos++;
    String name = null;
    String type = null;
    String path = null;
    String permissions = null;
    String linktarget = null;
    long uid = 0;
    long gid = 0;
    long size = 0;
    long mode = 0;
    long inode = 0;
    OffsetDateTime mtime = null;
    OffsetDateTime atime = null;
    OffsetDateTime ctime = null;
    // a node as Json.messageType sees it: message_type if given, else struct_type
    boolean structTypeNode = false;
    Boolean messageTypeNode = null;
    skipSpace();
    if (pos < end && b[pos] == '}') {
      return null; // an empty object is no node
    }
    while (true) {
      skipSpace();
      int key = expectedKey();
      if (key < 0) {
        if (!string() || valueLength > MAX_NAME_LENGTH) {
          return null;
        }
        key = key(valueStart, valueLength);
      }
      skipSpace();
      if (pos >= end || b[pos] != ':') {
        return null;
      }
      pos++;
      skipSpace();
      switch (key) {
        case 0 -> name = text();
        case 1 -> type = lastType.read(this);
        case 2 -> path = text();
        case 3 -> uid = number();
        case 4 -> gid = number();
        case 5 -> size = number();
        case 6 -> mode = number();
        case 7 -> permissions = lastPermissions.read(this);
        case 8 -> mtime = lastTime.read(this);
        case 9 -> atime = lastTime.read(this);
        case 10 -> ctime = lastTime.read(this);
        case 11 -> inode = number();
        case 12 -> linktarget = text();
        case 13 -> messageTypeNode = typeIsNode();
        case 14 -> structTypeNode = typeIsNode();
        default -> {
          if (!skipScalar()) {
            return null;
          }
        }
      }
      if (failed) {
        failed = false;
        return null;
      }
      skipSpace();
      if (pos >= end) {
        return null;
      }
      byte c = b[pos++];
      if (c == '}') {
        break;
      }
      if (c != ',') {
        return null;
      }
    }
    skipSpace();
    boolean node = messageTypeNode != null ? messageTypeNode : structTypeNode;
    if (pos != end || !node) {
      return null;
    }
    return new LsNode(
        name,
        type,
        path,
        uid,
        gid,
        size,
        mode,
        permissions,
        mtime,
        atime,
        ctime,
        inode,
        linktarget);
  }

  private String text() {
    if (!string()) {
      failed = true;
      return null;
    }
    return decode(valueStart, valueLength, valueAscii);
  }

  private String decode(int start, int length, boolean ascii) {
    return new String(
        b, start, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /**
   * Reads a string without escapes at {@code pos} and sets {@code valueStart}, {@code valueLength}
   * and {@code valueAscii}; false if there is none (or it has an escape or a raw control character,
   * which JSON forbids).
   */
  private boolean string() {
    if (pos >= end || b[pos] != '"') {
      return false;
    }
    int start = pos + 1;
    int i = start;
    boolean ascii = true;
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        valueStart = start;
        valueLength = i - start;
        valueAscii = ascii;
        pos = i + 1;
        return true;
      }
      if (c == '\\' || (c >= 0 && c < 0x20)) {
        return false;
      }
      ascii &= c >= 0;
      i++;
    }
    return false;
  }

  /** Reads an integer of up to {@link #MAX_DIGITS} digits; anything else sets {@code failed}. */
  private long number() {
    int i = pos;
    boolean negative = i < end && b[i] == '-';
    if (negative) {
      i++;
    }
    int first = i;
    long value = 0;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      value = value * 10 + (b[i] - '0');
      i++;
    }
    int digits = i - first;
    boolean leadingZero = digits > 1 && b[first] == '0';
    boolean fraction = i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E');
    if (digits == 0 || digits > MAX_DIGITS || leadingZero || fraction) {
      failed = true;
      return 0;
    }
    pos = i;
    return negative ? -value : value;
  }

  /** Whether a type field's value is the text {@code node}; any other scalar is not. */
  private boolean typeIsNode() {
    int start = pos;
    if (string()) {
      return is(valueStart, valueLength, NODE);
    }
    pos = start;
    if (!skipScalar()) {
      failed = true;
    }
    return false;
  }

  /** Skips any scalar value of a field read nowhere (strings may have valid escapes here). */
  private boolean skipScalar() {
    if (pos >= end) {
      return false;
    }
    byte c = b[pos];
    if (c == '"') {
      for (int i = pos + 1; i < end; i++) {
        if (b[i] == '\\') {
          i = escapeEnd(i);
          if (i < 0) {
            return false;
          }
        } else if (b[i] == '"') {
          pos = i + 1;
          return true;
        } else if (b[i] >= 0 && b[i] < 0x20) {
          return false;
        }
      }
      return false;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return skipNumber();
    }
    return literal(TRUE) || literal(FALSE) || literal(NULL);
  }

  /**
   * The last byte of a valid JSON escape starting at the backslash {@code i} (a backslash and one
   * of {@code " \ / b f n r t}, or {@code u} and four hex digits), or -1.
   */
  private int escapeEnd(int i) {
    if (i + 1 >= end) {
      return -1;
    }
    switch (b[i + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
        return i + 1;
      case 'u':
        if (i + 5 >= end) {
          return -1;
        }
        for (int k = i + 2; k <= i + 5; k++) {
          if (Character.digit(b[k], 16) < 0) {
            return -1;
          }
        }
        return i + 5;
      default:
        return -1;
    }
  }

  /** Skips a JSON number: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private boolean skipNumber() {
    int i = pos;
    if (b[i] == '-') {
      i++;
    }
    if (i < end && b[i] == '0') {
      i++;
    } else {
      int from = i;
      i = digitsFrom(i);
      if (i == from) {
        return false;
      }
    }
    if (i < end && b[i] == '.') {
      int from = ++i;
      i = digitsFrom(i);
      if (i == from) {
        return false;
      }
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int from = i;
      i = digitsFrom(i);
      if (i == from) {
        return false;
      }
    }
    if (i - pos > MAX_NUMBER_LENGTH) {
      return false;
    }
    pos = i;
    return true;
  }

  private int digitsFrom(int i) {
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  private boolean literal(byte[] word) {
    if (end - pos >= word.length && is(pos, word.length, word)) {
      pos += word.length;
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (pos < end && (b[pos] == ' ' || b[pos] == '\t')) {
      pos++;
    }
  }

  /**
   * Reads the key restic prints next, if that is the one at {@code pos}, without scanning it.
   *
   * @return its index in {@link #KEYS}, or -1 (with {@code pos} unchanged) for any other key
   */
  private int expectedKey() {
    int k = nextKey;
    if (!plainStringAt(KEYS[k], KEYS[k].length)) {
      return -1;
    }
    nextKey = k + 1 < KEYS.length ? k + 1 : 0;
    return k;
  }

  /**
   * Moves past the string at {@code pos} if it is exactly {@code word[0, length)}, which must hold
   * only characters a string may hold as they are (no quote, backslash or control character).
   */
  private boolean plainStringAt(byte[] word, int length) {
    int close = pos + 1 + length;
    if (close >= end || b[pos] != '"' || b[close] != '"') {
      return false;
    }
    for (int i = 0, at = pos + 1; i < length; i++, at++) {
      if (b[at] != word[i]) {
        return false;
      }
    }
    pos = close + 1;
    return true;
  }

  /** The index in {@link #KEYS} of the key at {@code b[start, start + length)}, or -1. */
  private int key(int start, int length) {
    for (int k = 0; k < KEYS.length; k++) {
      int i = nextKey + k < KEYS.length ? nextKey + k : nextKey + k - KEYS.length;
      byte[] word = KEYS[i];
      if (length == word.length && length > 0 && b[start] == word[0] && is(start, length, word)) {
        nextKey = i + 1 < KEYS.length ? i + 1 : 0;
        return i;
      }
    }
    return -1;
  }

  private boolean is(int start, int length, byte[] word) {
    return length == word.length && Arrays.equals(b, start, start + length, word, 0, length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The text of the string just read ({@link #string()}). */
  private String keptText() {
    return decode(valueStart, valueLength, valueAscii);
  }

  /** The RFC 3339 time of the string just read, or null if it is none. */
  private OffsetDateTime keptTime() {
    return valueAscii ? Json.parseRfc3339(decode(valueStart, valueLength, true)) : null;
  }

  /**
   * The last value read for one field, reused while the next string is the same bytes (consecutive
   * nodes, and a node's three times, usually repeat them).
   */
  private static final class Kept<T> {
    private final Function<LsNodeReader, T> convert;
    private byte[] bytes = new byte[64];
    private int length = -1;
    private T value;

    /**
     * @param convert the value of the string just read, or null if it has none
     */
    Kept(Function<LsNodeReader, T> convert) {
      this.convert = convert;
    }

    T read(LsNodeReader r) {
      if (length >= 0 && r.plainStringAt(bytes, length)) {
        return value; // the bytes were a valid string with this value when kept
      }
      T v = r.string() ? convert.apply(r) : null;
      if (v == null) {
        r.failed = true;
        return null;
      }
      if (r.valueLength > bytes.length) {
        bytes = new byte[r.valueLength];
      }
      System.arraycopy(r.b, r.valueStart, bytes, 0, r.valueLength);
      length = r.valueLength;
      value = v;
      return v;
    }
  }
}
