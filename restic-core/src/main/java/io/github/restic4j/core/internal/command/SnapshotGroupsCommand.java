package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.SnapshotGroup;
import io.github.restic4j.core.command.SnapshotGrouping;
import io.github.restic4j.core.command.SnapshotGroupsRequest;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code restic snapshots --json --group-by}: one array of {@code {group_key, snapshots}} objects.
 */
public final class SnapshotGroupsCommand implements CommandSpec<List<SnapshotGroup>, Void> {

  private final SnapshotGroupsRequest request;
  private JsonNode array;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public SnapshotGroupsCommand(SnapshotGroupsRequest request) {
    this.request = request;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>(new SnapshotsCommand(request.snapshots()).arguments());
    a.add("--group-by");
    a.add(
        request.groupBy().stream()
            .sorted()
            .map(SnapshotGrouping::flag)
            .collect(Collectors.joining(",")));
    return a;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    io.github.restic4j.core.internal.Json.tryParse(line)
        .filter(JsonNode::isArray)
        .ifPresent(n -> array = n);
  }

  @Override
  public List<SnapshotGroup> finish(Completion completion) {
    if (array == null) {
      throw new OutputParseException("restic snapshots --group-by printed no JSON array");
    }
    return parse(array);
  }

  /**
   * Converts the grouped array.
   *
   * @param array the array
   * @return the groups
   */
  public static List<SnapshotGroup> parse(JsonNode array) {
    List<SnapshotGroup> out = new ArrayList<>();
    for (JsonNode g : array) {
      JsonNode key = g.path("group_key");
      out.add(
          new SnapshotGroup(
              key.path("hostname").asText(""),
              ForgetCommand.strings(key.path("paths")),
              ForgetCommand.strings(key.path("tags")),
              SnapshotsCommand.parse(g.path("snapshots"))));
    }
    return List.copyOf(out);
  }
}
