package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.internal.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code restic unlock [--remove-all]}: prints at most a count (0.14 even when nothing was
 * removed), so the repository compares lock listings instead of trusting the text.
 */
public final class UnlockCommand implements CommandSpec<Void, Void> {

  private final boolean removeAll;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public UnlockCommand(UnlockRequest request) {
    this.removeAll = request.removeAll();
  }

  @Override
  public List<String> arguments() {
    List<String> args = new ArrayList<>();
    args.add("unlock");
    if (removeAll) {
      args.add("--remove-all");
    }
    return args;
  }

  @Override
  public boolean json() {
    return false;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    // "successfully removed N locks": informational only
  }

  @Override
  public Void finish(Completion completion) {
    return null;
  }
}
