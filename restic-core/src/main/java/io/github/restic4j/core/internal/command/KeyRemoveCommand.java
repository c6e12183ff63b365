package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.KeyRemoveRequest;
import io.github.restic4j.core.internal.CommandSpec;
import java.util.List;
import java.util.function.Consumer;

/** {@code restic key remove <id>}: text output only. */
public final class KeyRemoveCommand implements CommandSpec<Void, Void> {

  private final KeyRemoveRequest request;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public KeyRemoveCommand(KeyRemoveRequest request) {
    this.request = request;
  }

  @Override
  public boolean json() {
    return false;
  }

  @Override
  public List<String> arguments() {
    return List.of("key", "remove", request.keyId());
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {}

  @Override
  public Void finish(Completion completion) {
    return null;
  }
}
