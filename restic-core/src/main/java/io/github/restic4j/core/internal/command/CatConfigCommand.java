package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.util.List;
import java.util.function.Consumer;

/** {@code restic --no-lock cat config}: a pretty-printed JSON document (every version). */
public final class CatConfigCommand implements CommandSpec<RepositoryConfig, Void> {

  private final StringBuilder document = new StringBuilder();

  @Override
  public List<String> arguments() {
    return List.of("cat", "config");
  }

  @Override
  public boolean json() {
    return false;
  }

  @Override
  public boolean noLock() {
    return true;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    if (document.length() < 1_000_000) {
      document.append(line).append('\n');
    }
  }

  @Override
  public RepositoryConfig finish(Completion completion) {
    return Json.parse(document.toString(), RepositoryConfig.class);
  }
}
