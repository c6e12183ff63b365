package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.SnapshotIdChange;
import io.github.restic4j.core.command.TagRequest;
import io.github.restic4j.core.command.TagResult;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code restic tag}. 0.18.0+: {@code changed} and {@code summary} JSON lines (0.18 precedes them
 * with a text line); before: text {@code modified tags on N snapshots}.
 */
public final class TagCommand implements CommandSpec<TagResult, Void> {

  private static final Pattern MODIFIED = Pattern.compile("modified tags on (\\d+) snapshots?");

  private final TagRequest request;
  private final List<SnapshotIdChange> changes = new ArrayList<>();
  private Long summaryCount;
  private Long textCount;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public TagCommand(TagRequest request) {
    this.request = request;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("tag");
    Flags.each(a, "--add", request.add());
    Flags.each(a, "--remove", request.remove());
    Flags.each(a, "--set", request.set());
    Flags.filters(a, request.filter());
    Flags.snapshots(a, request.snapshots());
    return a;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    JsonNode n = Json.tryParse(line).orElse(null);
    if (n == null) {
      Matcher m = MODIFIED.matcher(line);
      if (m.find()) {
        try {
          textCount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
          // not a count restic prints; leave the count unknown (found by ParserFuzzTest)
        }
      } else if (line.contains("no snapshots were modified")) {
        textCount = 0L;
      }
      return;
    }
    String type = Json.messageType(n);
    if ("changed".equals(type)) {
      changes.add(
          new SnapshotIdChange(
              n.path("old_snapshot_id").asText(""), n.path("new_snapshot_id").asText("")));
    } else if ("summary".equals(type)) {
      summaryCount = n.path("changed_snapshots").asLong(0);
    }
  }

  @Override
  public TagResult finish(Completion completion) {
    long count =
        summaryCount != null ? summaryCount : textCount != null ? textCount : (long) changes.size();
    return new TagResult(count, changes);
  }
}
