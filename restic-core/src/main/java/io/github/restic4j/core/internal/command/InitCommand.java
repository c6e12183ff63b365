package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.InitRequest;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code restic init}: JSON {@code initialized} message on 0.15+, the text {@code created restic
 * repository <short id> at <location>} on 0.14.
 */
public final class InitCommand implements CommandSpec<RepositoryConfig, Void> {

  private static final Pattern CREATED =
      Pattern.compile("created restic repository ([0-9a-f]+) at ");

  private final ResticVersion version;
  private String id = "";

  /**
   * Creates the spec.
   *
   * @param request the request
   * @param version the restic version
   */
  public InitCommand(InitRequest request, ResticVersion version) {
    this.version = version;
  }

  @Override
  public List<String> arguments() {
    return List.of("init");
  }

  @Override
  public boolean json() {
    return version.isAtLeast(0, 15, 0);
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    Json.tryParse(line)
        .filter(n -> "initialized".equals(Json.messageType(n)))
        .ifPresent(n -> id = n.path("id").asText(""));
    Matcher m = CREATED.matcher(line);
    if (m.find() && id.isEmpty()) {
      id = m.group(1);
    }
  }

  @Override
  public RepositoryConfig finish(Completion completion) {
    return new RepositoryConfig(0, id, "");
  }
}
