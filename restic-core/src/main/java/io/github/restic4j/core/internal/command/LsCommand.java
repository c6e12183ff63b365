package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.io.IOException;
import java.time.OffsetDateTime;
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

  /**
   * Reads a node line in one pass with Jackson's streaming parser straight into the record: no
   * tree, no data binding (which cost about two thirds of the JVM's time per node). Only the plain
   * shape restic prints is read here — string values for the texts and times, integers for the
   * numbers, scalars for anything unknown; any other shape (nulls, numbers as strings, nested
   * values, a time that is not RFC 3339, invalid JSON) returns null so that the tree path decides,
   * with its usual conversions and errors. A field given twice counts with its last value, as in
   * data binding.
   *
   * @param line one stdout line holding a node object
   * @return the node, or null if the line does not have the plain shape
   */
  static LsNode readNode(String line) {
    String name = null;
    String type = null;
    String path = null;
    String permissions = null;
    String linktarget = null;
    long uid = 0;
    long gid = 0;
    long size = 0;
    long mode = 0;
    long inode = 0;
    OffsetDateTime mtime = null;
    OffsetDateTime atime = null;
    OffsetDateTime ctime = null;
    Times times = new Times();
    try (JsonParser p = Json.MAPPER.getFactory().createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        switch (field) {
          case "name" -> name = text(p, value);
          case "type" -> type = text(p, value);
          case "path" -> path = text(p, value);
          case "permissions" -> permissions = text(p, value);
          case "linktarget" -> linktarget = text(p, value);
          case "uid" -> uid = number(p, value);
          case "gid" -> gid = number(p, value);
          case "size" -> size = number(p, value);
          case "mode" -> mode = number(p, value);
          case "inode" -> inode = number(p, value);
          case "mtime" -> mtime = times.read(p, value);
          case "atime" -> atime = times.read(p, value);
          case "ctime" -> ctime = times.read(p, value);
          default -> {
            if (!value.isScalarValue()) {
              return null;
            }
          }
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
    } catch (IOException | NotPlain e) {
      return null;
    }
    return new LsNode(
        name,
        type,
        path,
        uid,
        gid,
        size,
        mode,
        permissions,
        mtime,
        atime,
        ctime,
        inode,
        linktarget);
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw NotPlain.INSTANCE;
    }
    return p.getText();
  }

  private static long number(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() != JsonParser.NumberType.INT
            && p.getNumberType() != JsonParser.NumberType.LONG) {
      throw NotPlain.INSTANCE;
    }
    return p.getLongValue();
  }

  /**
   * Reads a node's times; a text equal to the one read just before (mtime, atime and ctime are
   * often the same instant) reuses its immutable value instead of parsing it again.
   */
  private static final class Times {
    private String lastText;
    private OffsetDateTime last;

    OffsetDateTime read(JsonParser p, JsonToken value) throws IOException {
      String s = text(p, value);
      if (s.equals(lastText)) {
        return last;
      }
      OffsetDateTime t = Json.parseRfc3339(s);
      if (t == null) {
        throw NotPlain.INSTANCE;
      }
      lastText = s;
      last = t;
      return t;
    }
  }

  /** A value outside the plain shape: the line goes to the tree path. Carries no stack. */
  private static final class NotPlain extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NotPlain INSTANCE = new NotPlain();

    private NotPlain() {
      super("not the plain node shape", null, false, false);
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
