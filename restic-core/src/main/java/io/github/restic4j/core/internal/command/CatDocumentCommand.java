package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.internal.CommandSpec;
import java.util.function.Consumer;

/**
 * A {@code restic --no-lock cat ...} whose stdout is one pretty-printed JSON document (not {@code
 * --json} lines): collects it, bounded to about 1 MB, for {@link #finish} to parse.
 *
 * @param <R> the parsed document
 */
abstract class CatDocumentCommand<R> implements CommandSpec<R, Void> {

  private static final int MAX_CHARS = 1_000_000;

  private final StringBuilder document = new StringBuilder();

  @Override
  public final boolean json() {
    return false;
  }

  @Override
  public final boolean noLock() {
    return true;
  }

  @Override
  public final void onStdout(String line, Consumer<Void> events) {
    if (document.length() < MAX_CHARS) {
      document.append(line).append('\n');
    }
  }

  /**
   * The document collected so far.
   *
   * @return the text
   */
  final String document() {
    return document.toString();
  }
}
