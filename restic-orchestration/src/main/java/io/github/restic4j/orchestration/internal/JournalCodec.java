package io.github.restic4j.orchestration.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.restic4j.orchestration.JobKind;
import io.github.restic4j.orchestration.LockRecord;
import io.github.restic4j.orchestration.RunOutcome;
import io.github.restic4j.orchestration.RunRecord;
import io.github.restic4j.orchestration.RunSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JSON lines for the run journal; Jackson stays internal. */
public final class JournalCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JournalCodec() {}

  /**
   * One record as one line of JSON.
   *
   * @param r the record
   * @return the JSON, without newline
   */
  public static String write(RunRecord r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("run_id", r.runId());
    o.put("plan", r.planId());
    o.put("kind", r.kind().name());
    o.put("repository", r.repository());
    o.put("started_at", r.startedAt().toString());
    o.put("ended_at", r.endedAt().toString());
    o.put("outcome", r.outcome().name());
    o.put("attempts", r.attempts());
    o.put("failure_reason", r.failureReason());
    o.put("skip_reason", r.skipReason());
    o.put("message", r.message());
    if (r.summary() != null) {
      ObjectNode s = o.putObject("summary");
      s.put("snapshot_id", r.summary().snapshotId());
      s.put("files_added", r.summary().filesAdded());
      s.put("bytes_added", r.summary().bytesAdded());
      s.put("snapshots_removed", r.summary().snapshotsRemoved());
      s.put("detail", r.summary().detail());
    }
    ArrayNode locks = o.putArray("locks");
    for (LockRecord l : r.locks()) {
      ObjectNode n = locks.addObject();
      n.put("at", l.at().toString());
      n.put("lock_id", l.lockId());
      n.put("action", l.action());
      n.put("verdict", l.verdict());
      n.put("holder", l.holder());
      n.put("reason", l.reason());
    }
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses one line.
   *
   * @param line the line
   * @return the record, empty if the line is not a valid record
   */
  public static Optional<RunRecord> read(String line) {
    try {
      JsonNode o = MAPPER.readTree(line);
      RunSummary summary = null;
      JsonNode s = o.get("summary");
      if (s != null && s.isObject()) {
        summary =
            new RunSummary(
                s.path("snapshot_id").asText(""),
                s.path("files_added").asLong(),
                s.path("bytes_added").asLong(),
                s.path("snapshots_removed").asInt(),
                s.path("detail").asText(""));
      }
      List<LockRecord> locks = new ArrayList<>();
      for (JsonNode n : o.path("locks")) {
        locks.add(
            new LockRecord(
                Instant.parse(n.path("at").asText()),
                n.path("lock_id").asText(""),
                n.path("action").asText(""),
                n.path("verdict").asText(""),
                n.path("holder").asText(""),
                n.path("reason").asText("")));
      }
      return Optional.of(
          new RunRecord(
              o.path("run_id").asText(),
              o.path("plan").asText(),
              JobKind.valueOf(o.path("kind").asText()),
              o.path("repository").asText(""),
              Instant.parse(o.path("started_at").asText()),
              Instant.parse(o.path("ended_at").asText()),
              RunOutcome.valueOf(o.path("outcome").asText()),
              o.path("attempts").asInt(),
              o.path("failure_reason").asText(""),
              o.path("skip_reason").asText(""),
              o.path("message").asText(""),
              summary,
              locks));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
