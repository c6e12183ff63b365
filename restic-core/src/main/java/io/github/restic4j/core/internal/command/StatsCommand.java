package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.RepositoryStats;
import io.github.restic4j.core.command.StatsRequest;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code restic stats --json}: one JSON object (every version). */
public final class StatsCommand implements CommandSpec<RepositoryStats, Void> {

  private final StatsRequest request;
  private JsonNode object;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public StatsCommand(StatsRequest request) {
    this.request = request;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("stats");
    request.mode().ifPresent(m -> Flags.add(a, "--mode", m.flag()));
    Flags.filters(a, request.filter());
    Flags.snapshots(a, request.snapshots());
    return a;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    Json.tryParse(line).filter(JsonNode::isObject).ifPresent(n -> object = n);
  }

  @Override
  public RepositoryStats finish(Completion completion) {
    if (object == null) {
      throw new OutputParseException("restic stats printed no JSON object");
    }
    return Json.convert(object, RepositoryStats.class);
  }
}
