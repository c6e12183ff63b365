package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.github.restic4j.core.command.FindMatch;
import io.github.restic4j.core.command.FindRequest;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code restic find --json}: one JSON array {@code [{"matches":[...],"hits":N,"snapshot":"<id>"},
 * ...]} that restic assembles by hand and writes piece by piece, without line breaks until the end.
 * It is parsed incrementally from the raw stdout bytes with Jackson's non-blocking parser, so
 * memory does not grow with the output.
 *
 * <p>restic names a group's snapshot only after the group's last match. To give every {@link
 * FindMatch} its snapshot id, the matches of the current group are held back until then: up to
 * {@link #MEMORY_LIMIT} in memory, the rest in a temporary file (deleted afterwards).
 *
 * <p>Matches are delivered to the consumer set with {@link #emitTo}; without one they are only
 * counted (the result).
 */
public final class FindCommand implements CommandSpec<Long, FindMatch> {

  /** Matches of one snapshot held in memory before further ones go to a temporary file. */
  public static final int MEMORY_LIMIT = 1024;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final FindRequest request;
  private final Parser parser = new Parser();
  private volatile Consumer<FindMatch> sink;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public FindCommand(FindRequest request) {
    this.request = request;
  }

  /**
   * Sets where matches go (set before the run starts).
   *
   * @param consumer receives each match on restic's stdout pump thread; may block
   * @return this spec
   */
  public FindCommand emitTo(Consumer<FindMatch> consumer) {
    this.sink = consumer;
    return this;
  }

  @Override
  public List<String> arguments() {
    List<String> args = new ArrayList<>();
    args.add("find");
    for (String s : request.snapshots()) {
      args.add("--snapshot");
      args.add(s);
    }
    Flags.filters(args, request.filter());
    if (request.ignoreCase()) {
      args.add("--ignore-case");
    }
    request
        .oldest()
        .ifPresent(
            t -> {
              args.add("--oldest");
              args.add(TIME.format(t));
            });
    request
        .newest()
        .ifPresent(
            t -> {
              args.add("--newest");
              args.add(TIME.format(t));
            });
    args.add("--");
    args.addAll(request.patterns());
    return args;
  }

  @Override
  public OutputStream rawStdout() {
    return parser;
  }

  @Override
  public void onStdout(String line, Consumer<FindMatch> events) {
    // stdout arrives through rawStdout()
  }

  @Override
  public Long finish(Completion completion) {
    parser.discardSpill();
    if (parser.error != null) {
      throw parser.error instanceof OutputParseException ope
          ? ope
          : new OutputParseException(
              "cannot read restic find output: " + parser.error.getMessage(), parser.error);
    }
    if (!parser.done) {
      throw new OutputParseException(
          parser.started
              ? "restic find output ended inside its JSON array"
              : "restic find printed no JSON array");
    }
    return parser.count;
  }

  /** Deletes a temporary file left by a run that was stopped in the middle of a snapshot. */
  public void discard() {
    parser.discardSpill();
  }

  /**
   * The temporary file most recently used to hold back matches (for tests: it is deleted once its
   * snapshot's matches were delivered).
   *
   * @return the path, or null if no snapshot needed one
   */
  public Path lastSpillFile() {
    return parser.lastSpill;
  }

  /**
   * The number of matches delivered so far.
   *
   * @return the count
   */
  public long count() {
    return parser.count;
  }

  private void emit(JsonNode match, String snapshotId) {
    ObjectNode o = (ObjectNode) match;
    o.put("snapshot_id", snapshotId);
    FindMatch m = Json.convert(o, FindMatch.class);
    parser.count++;
    Consumer<FindMatch> s = sink;
    if (s != null) {
      s.accept(m);
    }
  }

  /**
   * The incremental parser. Written to by one pump thread; never throws to it (the first error is
   * kept and reported by {@link #finish}).
   */
  private final class Parser extends OutputStream {
    private final JsonParser json;
    private final ByteArrayFeeder feeder;
    private volatile boolean started;
    private volatile boolean done;
    private volatile RuntimeException error;
    private volatile long count;
    private boolean atLineStart = true;
    private int depth;
    private String field;
    private boolean inMatches;
    private TokenBuffer capture;
    private int captureDepth;
    private final List<JsonNode> held = new ArrayList<>();
    private Path spill;
    private volatile Path lastSpill;
    private BufferedWriter spillWriter;
    private String snapshotId;

    Parser() {
      try {
        json = Json.MAPPER.getFactory().createNonBlockingByteArrayParser();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      feeder = (ByteArrayFeeder) json.getNonBlockingInputFeeder();
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (done || error != null || len <= 0) {
        return;
      }
      try {
        int start = off;
        int end = off + len;
        if (!started) {
          start = findArrayStart(b, off, end);
          if (start < 0) {
            return;
          }
          started = true;
        }
        feeder.feedInput(b, start, end);
        JsonToken t;
        while (!done && (t = json.nextToken()) != JsonToken.NOT_AVAILABLE) {
          if (t == null) {
            break;
          }
          onToken(t);
        }
      } catch (IOException e) {
        error = new OutputParseException("restic find printed invalid JSON: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        error = e;
      }
    }

    /** Skips text before the array: it starts with '[' at the beginning of a line. */
    private int findArrayStart(byte[] b, int off, int end) {
      for (int i = off; i < end; i++) {
        byte c = b[i];
        if (c == '\n') {
          atLineStart = true;
        } else if (c == '[' && atLineStart) {
          return i;
        } else if (c != ' ' && c != '\t' && c != '\r') {
          atLineStart = false;
        }
      }
      return -1;
    }

    private void onToken(JsonToken t) throws IOException {
      if (capture != null) {
        capture.copyCurrentEvent(json);
        if (t.isStructStart()) {
          depth++;
        } else if (t.isStructEnd()) {
          depth--;
          if (depth == captureDepth) {
            JsonNode match = Json.MAPPER.readTree(capture.asParser(Json.MAPPER));
            capture = null;
            hold(match);
          }
        }
        return;
      }
      switch (t) {
        case START_OBJECT -> {
          if (depth == 3 && inMatches) {
            captureDepth = depth;
            capture = new TokenBuffer(json, null);
            capture.copyCurrentEvent(json);
          } else if (depth == 1) {
            snapshotId = null;
          }
          depth++;
        }
        case START_ARRAY -> {
          if (depth == 2 && "matches".equals(field)) {
            inMatches = true;
          }
          depth++;
        }
        case END_ARRAY -> {
          depth--;
          if (depth == 2) {
            inMatches = false;
          } else if (depth == 0) {
            done = true;
          }
        }
        case END_OBJECT -> {
          depth--;
          if (depth == 1) {
            endGroup();
          }
        }
        case FIELD_NAME -> {
          if (depth == 2) {
            field = json.currentName();
          }
        }
        case VALUE_STRING -> {
          if (depth == 2 && "snapshot".equals(field)) {
            snapshotId = json.getText();
          }
        }
        default -> {
          // other scalars (hits, fields of other shapes) are not needed
        }
      }
    }

    private void hold(JsonNode match) throws IOException {
      if (sink == null) {
        count++; // nobody reads matches: only count them
        return;
      }
      if (held.size() < MEMORY_LIMIT) {
        held.add(match);
        return;
      }
      if (spillWriter == null) {
        spill = Files.createTempFile("restic4j-find-", ".jsonl");
        lastSpill = spill;
        spillWriter = Files.newBufferedWriter(spill, StandardCharsets.UTF_8);
      }
      spillWriter.write(Json.MAPPER.writeValueAsString(match));
      spillWriter.write('\n');
    }

    private void endGroup() throws IOException {
      String id = snapshotId == null ? "" : snapshotId;
      for (JsonNode m : held) {
        emit(m, id);
      }
      held.clear();
      if (spillWriter != null) {
        spillWriter.close();
        spillWriter = null;
        try (BufferedReader r = Files.newBufferedReader(spill, StandardCharsets.UTF_8)) {
          String line;
          while ((line = r.readLine()) != null) {
            emit(Json.MAPPER.readTree(line), id);
          }
        } finally {
          Files.deleteIfExists(spill);
          spill = null;
        }
      }
      snapshotId = null;
    }

    synchronized void discardSpill() {
      try {
        if (spillWriter != null) {
          spillWriter.close();
          spillWriter = null;
        }
        if (spill != null) {
          Files.deleteIfExists(spill);
          spill = null;
        }
      } catch (IOException e) {
        // best effort: a leftover temporary file is harmless
      }
    }
  }
}
