package io.github.restic4j.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.error.ResticCommandException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads restic's stderr one line at a time the way every invocation does: removes terminal escapes,
 * masks secrets, keeps a bounded tail for error messages and takes the 0.18+ {@code exit_error}
 * JSON object apart (its decoded {@code message} is what {@link ErrorClassifier} matches).
 * Thread-safe for one writer (the stderr pump) and any number of readers.
 */
public final class StderrReader {

  /**
   * One stderr line after cleaning.
   *
   * @param text the cleaned, redacted line (as shown to callbacks)
   * @param json the parsed JSON object if the line is JSON other than {@code exit_error}, else null
   * @param exitError true if the line was restic's {@code exit_error} object
   */
  public record Line(String text, JsonNode json, boolean exitError) {}

  private final Redactor redactor;
  private final BoundedTail tail;
  private volatile String exitErrorMessage;

  /**
   * Creates a reader.
   *
   * @param redactor masks secrets in every line and in the decoded exit_error message
   * @param tailChars how many characters of stderr to keep for error messages
   */
  public StderrReader(Redactor redactor, int tailChars) {
    this.redactor = redactor;
    this.tail = new BoundedTail(tailChars);
  }

  /**
   * Processes one raw stderr line (without its terminator).
   *
   * @param raw the line as the child wrote it
   * @return the cleaned line and its JSON, if any
   */
  public Line accept(String raw) {
    String line = redactor.redact(LockMessages.clean(raw)).replace("\n", "");
    Optional<JsonNode> json = Json.tryParse(line);
    if (json.isPresent() && "exit_error".equals(Json.messageType(json.get()))) {
      JsonNode msg = json.get().get("message");
      exitErrorMessage = msg == null || msg.isNull() ? "" : redactor.redact(msg.asText());
      return new Line(line, null, true);
    }
    tail.add(line);
    return new Line(line, json.orElse(null), false);
  }

  /**
   * The decoded message of restic's {@code exit_error} object (0.18+ with {@code --json}).
   *
   * @return the message, or null if restic printed none
   */
  public String exitErrorMessage() {
    return exitErrorMessage;
  }

  /**
   * The kept stderr lines (without the exit_error object), oldest first.
   *
   * @return the lines
   */
  public List<String> lines() {
    return tail.lines();
  }

  /**
   * The kept stderr text, with the decoded exit_error message appended when it is not already part
   * of it.
   *
   * @return the text for {@link CommandFailure#stderrTail()}
   */
  public String tailText() {
    String text = tail.text();
    String exit = exitErrorMessage;
    if (exit != null && !exit.isEmpty() && !text.contains(exit)) {
      text = text.isEmpty() ? exit : text + "\n" + exit;
    }
    return text;
  }

  /**
   * Describes a failed run.
   *
   * @param commandLine the redacted arguments
   * @param exitCode the exit code
   * @param resticVersion the restic version
   * @return the failure record
   */
  public CommandFailure failure(List<String> commandLine, int exitCode, String resticVersion) {
    return new CommandFailure(commandLine, exitCode, tailText(), resticVersion);
  }

  /**
   * Classifies a failed run from what was read.
   *
   * @param failure the failure (usually from {@link #failure})
   * @param observedAt when the failure was seen
   * @return the typed exception
   */
  public ResticCommandException classify(CommandFailure failure, Instant observedAt) {
    return ErrorClassifier.classify(failure, exitErrorMessage, observedAt);
  }
}
