package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.internal.Json;
import java.util.List;

/** {@code restic --no-lock cat config}: a pretty-printed JSON document (every version). */
public final class CatConfigCommand extends CatDocumentCommand<RepositoryConfig> {

  /** Creates the spec. */
  public CatConfigCommand() {}

  @Override
  public List<String> arguments() {
    return List.of("cat", "config");
  }

  @Override
  public RepositoryConfig finish(Completion completion) {
    return Json.parse(document(), RepositoryConfig.class);
  }
}
