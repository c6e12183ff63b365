package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.DiffChange;
import io.github.restic4j.core.command.DiffRequest;
import io.github.restic4j.core.command.DiffStatistics;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code restic diff --json}: NDJSON, one {@code change} line per path, then one {@code statistics}
 * line (every version).
 */
public final class DiffCommand implements CommandSpec<DiffStatistics, DiffChange> {

  private final DiffRequest request;
  private volatile DiffStatistics statistics;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public DiffCommand(DiffRequest request) {
    this.request = request;
  }

  @Override
  public List<String> arguments() {
    List<String> args = new ArrayList<>();
    args.add("diff");
    if (request.metadata()) {
      args.add("--metadata");
    }
    args.add("--");
    args.add(request.first());
    args.add(request.second());
    return args;
  }

  @Override
  public void onStdout(String line, Consumer<DiffChange> events) {
    Optional<JsonNode> json = Json.tryParse(line);
    if (json.isEmpty() || !json.get().isObject()) {
      return;
    }
    JsonNode n = json.get();
    String type = Json.messageType(n);
    if ("change".equals(type)) {
      events.accept(parseChange(n));
    } else if ("statistics".equals(type)) {
      statistics = Json.convert(n, DiffStatistics.class);
    }
  }

  /**
   * Converts one change line.
   *
   * @param node the JSON object
   * @return the change
   * @throws OutputParseException if it has no path
   */
  public static DiffChange parseChange(JsonNode node) {
    JsonNode path = node.get("path");
    if (path == null || !path.isTextual()) {
      throw new OutputParseException("restic diff change without path: " + node);
    }
    JsonNode mod = node.get("modifier");
    String symbol = mod == null ? "" : mod.asText();
    return new DiffChange(path.asText(), DiffChange.Modifier.of(symbol), symbol);
  }

  @Override
  public DiffStatistics finish(Completion completion) {
    DiffStatistics s = statistics;
    if (s == null) {
      throw new OutputParseException("restic diff printed no statistics line");
    }
    return s;
  }
}
