package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.nio.charset.StandardCharsets;
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

  private final LsRequest request;
  private final CompletableFuture<Snapshot> snapshot = new CompletableFuture<>();
  private final LsNodeReader reader = new LsNodeReader();

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
  public boolean onStdoutBytes(byte[] bytes, int offset, int length, Consumer<LsNode> events) {
    // the bulk of the output: one node per line, read without a string or a JSON tree
    LsNode node = reader.read(bytes, offset, length);
    if (node == null) {
      return false; // the snapshot line, text, or a node outside the plain shape: onStdout
    }
    events.accept(node);
    return true;
  }

  @Override
  public void onStdout(String line, Consumer<LsNode> events) {
    if (line.startsWith("{")) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      if (onStdoutBytes(bytes, 0, bytes.length, events)) {
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
