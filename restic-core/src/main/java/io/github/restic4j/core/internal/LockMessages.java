package io.github.restic4j.core.internal;

import io.github.restic4j.core.error.LockConflict;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises restic's lock-related messages in stderr text or in a decoded {@code exit_error}
 * message, for every restic version (reference: shared/restic/reference.md section 2).
 */
public final class LockMessages {

  /**
   * Start of restic's own lock-conflict message. Anchored at a line start (after {@link #clean}) so
   * that a file path or a JSON {@code error} line that merely contains these words is not mistaken
   * for a conflict; restic always prints the message at the start of a line (optionally after
   * {@code Fatal: }, as 0.9 did), and a decoded {@code exit_error} message starts with it.
   */
  private static final String LOCKED_PREFIX =
      "(?m)^(?:Fatal: )?(?:unable to create lock in backend: )?repository is already locked ";

  /**
   * Longest host or user name matched in a lock message. Unbounded lazy groups made the pattern
   * quadratic in the line length: a 4 MiB line (an {@code exit_error} message or a stderr line at
   * {@link LineSplitter}'s cap) with many {@code " by "} kept the classifier busy for minutes
   * (found by ParserFuzzTest). Real names are at most 255 characters (HOST_NAME_MAX is 64).
   */
  private static final int MAX_NAME = 512;

  private static final Pattern ALREADY_LOCKED =
      Pattern.compile(
          LOCKED_PREFIX
              + "(?<excl>exclusively )?"
              + "by PID (?<pid>\\d+) on (?<host>.{0,"
              + MAX_NAME
              + "}?) by (?<user>.{0,"
              + MAX_NAME
              + "}?) \\(UID (?<uid>\\d+), GID (?<gid>\\d+)\\)\\R"
              + "lock was created at (?<created>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) "
              + "\\((?<age>-?[0-9.]+[a-zµμ]+(?:[0-9.]+[a-zµμ]+)*) ago\\)\\R"
              + "storage ID (?<sid>[0-9a-f]{8})");

  private static final Pattern ALREADY_LOCKED_START = Pattern.compile(LOCKED_PREFIX);

  private static final Pattern INVALID_LOCK =
      Pattern.compile(
          "(?m)^(?:Fatal: )?(?:invalid lock file: (?<cause>.*)|unable to create lock in backend:"
              + " (?:Fatal: )?(?<undecryptable>.*(?:ciphertext verification failed|invalid data"
              + " returned).*))$");

  private static final Pattern REFRESH_FAILED =
      Pattern.compile(
          "(?m)^(?:failed to refresh stale lock: (?<r2>.*)|Fatal: failed to refresh lock in time)$");

  private static final Pattern CIRCUIT_BREAKER =
      Pattern.compile(
          "(?m)^(?:Fatal: )?unable to create lock in backend: "
              + "circuit breaker open for file <lock/[0-9a-f]+>");

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private LockMessages() {}

  /**
   * Removes terminal escapes and carriage returns so that line-based patterns work.
   *
   * @param text raw stderr text
   * @return cleaned text with {@code \n} line ends
   */
  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    String s = ANSI.matcher(text).replaceAll("");
    return s.replace("\r\n", "\n").replace('\r', '\n');
  }

  /**
   * Parses an "already locked" message.
   *
   * @param text stderr text or decoded exit_error message (cleaned here if needed)
   * @param observedAt when the message was seen
   * @return the conflict, or empty if the text holds no complete "already locked" message
   */
  public static Optional<LockConflict> parseConflict(String text, Instant observedAt) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = ALREADY_LOCKED.matcher(clean(text));
    if (!m.find()) {
      return Optional.empty();
    }
    Duration age;
    LocalDateTime created;
    long pid;
    long uid;
    long gid;
    try {
      age = GoDuration.parse(m.group("age"));
      created = LocalDateTime.parse(m.group("created"), CREATED);
      pid = Long.parseLong(m.group("pid"));
      uid = Long.parseLong(m.group("uid"));
      gid = Long.parseLong(m.group("gid"));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(
        new LockConflict(
            pid,
            m.group("host"),
            m.group("user"),
            uid,
            gid,
            m.group("excl") != null,
            created,
            age,
            m.group("sid"),
            observedAt));
  }

  /**
   * Cheap detector: tells whether restic reported a lock conflict, even when the message is
   * truncated and cannot be parsed completely.
   *
   * @param text stderr text or decoded exit_error message
   * @return true if a line starts with restic's "repository is already locked" message
   */
  public static boolean isAlreadyLocked(String text) {
    return text != null && ALREADY_LOCKED_START.matcher(clean(text)).find();
  }

  /**
   * Tells whether the text reports an unreadable lock file.
   *
   * @param text cleaned text
   * @return the cause restic gave, or empty
   */
  public static Optional<String> invalidLockCause(String text) {
    Matcher m = INVALID_LOCK.matcher(clean(text));
    if (!m.find()) {
      return Optional.empty();
    }
    // a lock file that does not decrypt (0.15.0, or one named by its own hash on 0.15.1+)
    String cause = m.group("cause") != null ? m.group("cause") : m.group("undecryptable");
    return Optional.of(cause.strip());
  }

  /**
   * Tells whether restic gave up because it could not refresh its own lock.
   *
   * @param text cleaned text
   * @return true if a refresh failure ended the command
   */
  public static boolean isRefreshFailure(String text) {
    return REFRESH_FAILED.matcher(clean(text)).find();
  }

  /**
   * Tells whether locking failed because the backend's circuit breaker was open (restic 0.17.0 bug,
   * or a genuinely failing backend).
   *
   * @param text cleaned text
   * @return true for a circuit-breaker lock failure
   */
  public static boolean isCircuitBreaker(String text) {
    return CIRCUIT_BREAKER.matcher(clean(text)).find();
  }
}
