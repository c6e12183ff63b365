package io.github.restic4j.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.error.CommandFailure;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * How one restic command is run and read: its arguments, which exit codes mean success, and how its
 * output becomes a typed result and progress events. One instance per invocation, so it may keep
 * state while output arrives (output methods are called from one thread per stream).
 *
 * @param <R> result type
 * @param <E> progress event type
 */
public interface CommandSpec<R, E> {

  /**
   * Arguments after restic's global flags, starting with the command name.
   *
   * @return for example {@code [backup, --tag, daily, /srv/data]}
   */
  List<String> arguments();

  /**
   * Whether to pass {@code --json}.
   *
   * @return true for commands with JSON output on the running version
   */
  default boolean json() {
    return true;
  }

  /**
   * Whether to pass the global {@code --no-lock}.
   *
   * @return true to run without a lock
   */
  default boolean noLock() {
    return false;
  }

  /**
   * What restic reads on stdin; null for nothing.
   *
   * @return the input or null
   */
  default InputStream stdin() {
    return null;
  }

  /**
   * A raw byte sink for stdout (for {@code dump}); null to split stdout into lines.
   *
   * @return the sink or null
   */
  default OutputStream rawStdout() {
    return null;
  }

  /**
   * Called when the lines read so far were handed over and their events should reach the reader
   * now: whenever the pump of stdout or stderr flushes (before it waits for restic, and at least
   * every few milliseconds while restic streams), and at the end. Usually on a pump thread, but
   * zt-exec may also flush from the thread that stops the pumps, so an implementation must be
   * thread-safe. Lets a spec that batches its events pass them on; the default does nothing.
   */
  default void onOutputChunkEnd() {}

  /**
   * Offers one stdout line as the bytes restic printed, before it is decoded: a command whose bulk
   * output is one line per item ({@code ls}) reads those lines straight from the bytes and saves
   * the string and a general JSON parse per line. Not called while the caller observes the raw
   * output lines (they need the string anyway). Called on the output thread, like {@link
   * #onStdout}.
   *
   * @param bytes the buffer holding the line, valid only during the call
   * @param offset where the line starts
   * @param length its length in bytes, without the terminator
   * @param events receives the typed events
   * @return true if the line was handled; false to receive it as a string in {@link #onStdout}
   */
  default boolean onStdoutBytes(byte[] bytes, int offset, int length, Consumer<E> events) {
    return false;
  }

  /**
   * One stdout line.
   *
   * @param line the line
   * @param events receives typed progress events
   */
  void onStdout(String line, Consumer<E> events);

  /**
   * One JSON object restic wrote to stderr other than {@code exit_error} (for example a backup
   * {@code error} message).
   *
   * @param node the message
   * @param events receives typed progress events
   */
  default void onStderrJson(JsonNode node, Consumer<E> events) {}

  /**
   * Whether an exit code counts as success (then {@link #finish} builds the result).
   *
   * @param exitCode restic's exit code
   * @return true for success
   */
  default boolean isSuccess(int exitCode) {
    return exitCode == 0;
  }

  /**
   * Builds the result after a successful exit.
   *
   * @param completion the exit code and stderr of the run
   * @return the result
   */
  R finish(Completion completion);

  /**
   * What a finished run left behind, for {@link #finish}.
   *
   * @param exitCode restic's exit code
   * @param stderrLines the kept stderr lines (cleaned of terminal escapes)
   * @param invocation this run described as a failure record, for exceptions raised from a
   *     successful exit (for example an incomplete backup)
   */
  record Completion(int exitCode, List<String> stderrLines, CommandFailure invocation) {}
}
