package io.github.restic4j.core.internal;

import io.github.restic4j.core.error.BackendException;
import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.error.InvalidLockFileException;
import io.github.restic4j.core.error.InvalidUsageException;
import io.github.restic4j.core.error.LockConflict;
import io.github.restic4j.core.error.LockRefreshFailedException;
import io.github.restic4j.core.error.PasswordUnavailableException;
import io.github.restic4j.core.error.RepositoryAlreadyExistsException;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.RepositoryNotFoundException;
import io.github.restic4j.core.error.ResticCommandException;
import io.github.restic4j.core.error.WrongPasswordException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a failed restic run into the typed exception a caller reacts to. Works from the exit code
 * (10, 11, 12 exist only from 0.17), the decoded {@code exit_error} message (0.18+ with {@code
 * --json}) and stderr text (all versions), so that 0.14, 0.17 and 0.18+ give the same answer.
 * Reference: shared/restic/reference.md sections 2, 3 and 7.
 */
public final class ErrorClassifier {

  private static final Pattern HTTP_AUTH =
      Pattern.compile(
          "unexpected HTTP response \\((401|403)\\)|SignatureDoesNotMatch|"
              + "signature we calculated does not match|InvalidAccessKeyId|Access Denied|"
              + "403 Forbidden|401 Unauthorized|Permission denied \\(publickey");
  private static final Pattern BACKEND_TRANSIENT =
      Pattern.compile(
          "connection refused|no such host|i/o timeout|connection reset|"
              + "unexpected HTTP response \\(5\\d\\d\\)|context deadline exceeded|"
              + "TLS handshake timeout|server unexpectedly closed connection|"
              + "unable to start the sftp session|dial tcp|EOF$|503 Service Unavailable",
          Pattern.MULTILINE);
  private static final Pattern NOT_FOUND =
      Pattern.compile(
          "Is there a repository at the following location\\?|repository does not exist");
  private static final Pattern ALREADY_EXISTS =
      Pattern.compile(
          "config file already exists|repository master key and config already initialized");
  private static final Pattern NO_PASSWORD =
      Pattern.compile(
          "an empty password is not (?:a password|allowed)|Resolving password failed|"
              + "Password file and command are mutually exclusive|"
              + "reading repository password from stdin");
  private static final Pattern USAGE =
      Pattern.compile(
          "unknown flag: |unknown shorthand flag|unknown command |--no-lock is only applicable|"
              + "accepts \\d+ arg|requires at least \\d+ arg|invalid argument \".*\" for|"
              + "must not be specified together|Please specify repository location|"
              + "are mutually exclusive");

  private static final Pattern WRONG_PASSWORD =
      Pattern.compile("(?m)^(?:Fatal: )?wrong password or no key found");
  private static final Pattern SIGNAL_RECEIVED =
      Pattern.compile("(?m)^\\s*signal [a-z ]+ received, cleaning up");

  private ErrorClassifier() {}

  /**
   * Classifies a failure.
   *
   * @param failure the failed invocation (exit code, stderr tail)
   * @param exitErrorMessage the decoded {@code exit_error} message, or null
   * @param observedAt when the failure was seen (to date a lock conflict)
   * @return the typed exception (never null)
   */
  public static ResticCommandException classify(
      CommandFailure failure, String exitErrorMessage, Instant observedAt) {
    String text = classificationText(exitErrorMessage, failure.stderrTail());
    int code = failure.exitCode();

    Optional<LockConflict> conflict = LockMessages.parseConflict(text, observedAt);
    if (conflict.isPresent()) {
      return new RepositoryLockedException(conflict.get(), failure);
    }
    Optional<String> invalid = LockMessages.invalidLockCause(text);
    if (invalid.isPresent()) {
      return new InvalidLockFileException(
          "a lock file in the repository cannot be read (" + invalid.get() + ")", failure);
    }
    if (LockMessages.isCircuitBreaker(text)) {
      return new BackendException(
          "locking failed because the backend's circuit breaker is open (restic 0.17.0 bug or a"
              + " failing backend)",
          failure,
          true);
    }
    if (code == 11 || LockMessages.isAlreadyLocked(text)) {
      return new RepositoryLockedException(null, failure);
    }
    if (LockMessages.isRefreshFailure(text)) {
      return new LockRefreshFailedException(
          "restic could not refresh its repository lock and aborted", failure);
    }
    if (code == 137 || code == 143) {
      return new ResticCommandException(
          "restic was killed by signal " + (code - 128) + "; its lock may remain", failure);
    }
    if (code == 130 || SIGNAL_RECEIVED.matcher(text).find()) {
      return new ResticCommandException("restic was interrupted by a signal", failure);
    }
    if (code == 12 || WRONG_PASSWORD.matcher(text).find()) {
      return new WrongPasswordException("wrong password or no key found", failure);
    }
    if (NO_PASSWORD.matcher(text).find()) {
      return new PasswordUnavailableException("restic could not obtain a password", failure);
    }
    if (HTTP_AUTH.matcher(text).find()) {
      return new BackendException("the backend refused access", failure, false);
    }
    if (ALREADY_EXISTS.matcher(text).find()) {
      return new RepositoryAlreadyExistsException("a repository already exists there", failure);
    }
    if (code == 10 || NOT_FOUND.matcher(text).find()) {
      return new RepositoryNotFoundException("there is no repository at the location", failure);
    }
    if (USAGE.matcher(text).find()) {
      return new InvalidUsageException("restic rejected the command line", failure);
    }
    if (BACKEND_TRANSIENT.matcher(text).find()) {
      return new BackendException("the backend could not be reached", failure, true);
    }
    return new ResticCommandException("restic failed", failure);
  }

  /**
   * The text the patterns are matched against: the decoded exit_error message followed by the
   * stderr tail, cleaned of terminal escapes, without per-file error reports (JSON {@code error}
   * objects and {@code error: } lines of backup and restore). Those carry file names, which may
   * contain any words, and never describe why restic as a whole failed.
   */
  static String classificationText(String exitErrorMessage, String stderrTail) {
    StringBuilder sb = new StringBuilder();
    if (exitErrorMessage != null && !exitErrorMessage.isEmpty()) {
      sb.append(LockMessages.clean(exitErrorMessage)).append('\n');
    }
    for (String line : LockMessages.clean(stderrTail).split("\n", -1)) {
      if (isItemError(line)) {
        continue;
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  private static boolean isItemError(String line) {
    if (line.startsWith("error: ")) {
      return true;
    }
    if (!line.startsWith("{")) {
      return false;
    }
    return Json.tryParse(line).map(n -> "error".equals(Json.messageType(n))).orElse(false);
  }
}
