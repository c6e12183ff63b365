package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code restic ls --json}: NDJSON, first the snapshot, then one line per node. Lines are typed by
 * {@code struct_type} (every version) and {@code message_type} (0.17.0+); text lines (for example
 * lock waiting notices) are skipped.
 */
public final class LsCommand implements CommandSpec<Snapshot, LsNode> {

  /**
   * Marks a node line; cannot occur unescaped inside a JSON string, so only node objects carry it.
   */
  private static final String NODE_MARKER = "\"struct_type\":\"node\"";

  private static final ObjectReader NODE_READER = Json.MAPPER.readerFor(LsNode.class);

  private final LsRequest request;
  private final CompletableFuture<Snapshot> snapshot = new CompletableFuture<>();

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public LsCommand(LsRequest request) {
    this.request = request;
  }

  @Override
  public List<String> arguments() {
    List<String> args = new ArrayList<>();
    args.add("ls");
    Flags.filters(args, request.filter());
    if (request.recursive()) {
      args.add("--recursive");
    }
    args.add("--");
    args.add(request.snapshot());
    args.addAll(request.dirs());
    return args;
  }

  /**
   * Completes with the snapshot line, which restic prints before any node.
   *
   * @return the snapshot future (never completed exceptionally)
   */
  public CompletableFuture<Snapshot> snapshot() {
    return snapshot;
  }

  @Override
  public void onStdout(String line, Consumer<LsNode> events) {
    if (line.startsWith("{") && line.contains(NODE_MARKER)) {
      // the bulk of the output: read the node straight into the record, without a JSON tree
      LsNode node = readNode(line);
      if (node != null) {
        events.accept(node);
        return;
      }
    }
    Optional<JsonNode> json = Json.tryParse(line);
    if (json.isEmpty() || !json.get().isObject()) {
      return;
    }
    JsonNode n = json.get();
    String type = Json.messageType(n);
    if ("node".equals(type)) {
      events.accept(parseNode(n));
    } else if ("snapshot".equals(type) && !snapshot.isDone()) {
      snapshot.complete(Json.convert(n, Snapshot.class));
    }
  }

  /** Reads a node line directly; null if it does not read as one (the tree path decides). */
  private static LsNode readNode(String line) {
    try {
      return NODE_READER.readValue(line);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Converts one node line.
   *
   * @param node the JSON object
   * @return the node
   * @throws OutputParseException if it does not fit
   */
  public static LsNode parseNode(JsonNode node) {
    return Json.convert(node, LsNode.class);
  }

  @Override
  public Snapshot finish(Completion completion) {
    if (!snapshot.isDone()) {
      throw new OutputParseException("restic ls printed no snapshot line");
    }
    return snapshot.join();
  }
}
