package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.SnapshotsRequest;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code restic snapshots --json}: one JSON array on one line (every version). */
public final class SnapshotsCommand implements CommandSpec<List<Snapshot>, Void> {

  private final SnapshotsRequest request;
  private JsonNode array;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public SnapshotsCommand(SnapshotsRequest request) {
    this.request = request;
  }

  @Override
  public List<String> arguments() {
    List<String> args = new ArrayList<>();
    args.add("snapshots");
    Flags.filters(args, request.filter());
    request
        .latest()
        .ifPresent(
            n -> {
              args.add("--latest");
              args.add(Integer.toString(n));
            });
    return args;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    Json.tryParse(line).filter(JsonNode::isArray).ifPresent(n -> array = n);
  }

  @Override
  public List<Snapshot> finish(Completion completion) {
    if (array == null) {
      throw new OutputParseException("restic snapshots printed no JSON array");
    }
    return parse(array);
  }

  /**
   * Converts a JSON array of snapshots (a {@code --group-by} array of groups is flattened).
   *
   * @param array the array
   * @return the snapshots
   */
  public static List<Snapshot> parse(JsonNode array) {
    List<Snapshot> out = new ArrayList<>(array.size());
    for (JsonNode n : array) {
      if (n.has("group_key") && n.path("snapshots").isArray()) {
        // --group-by output: [{"group_key": {...}, "snapshots": [...]}, ...]
        for (JsonNode s : n.path("snapshots")) {
          out.add(Json.convert(s, Snapshot.class));
        }
      } else {
        out.add(Json.convert(n, Snapshot.class));
      }
    }
    return List.copyOf(out);
  }
}
