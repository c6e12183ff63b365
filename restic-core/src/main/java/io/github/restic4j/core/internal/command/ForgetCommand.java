package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.ForgetGroup;
import io.github.restic4j.core.command.ForgetReason;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.SnapshotGrouping;
import io.github.restic4j.core.error.SnapshotRemovalFailedException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code restic forget --json}: one JSON array line (only if a group matched), then with {@code
 * --prune} on 0.14 to 0.18 the prune text report. Snapshots that could not be deleted (append-only
 * repositories) are only warned about on stderr up to 0.18 (exit 0) and give exit 3 on 0.19+.
 */
public final class ForgetCommand implements CommandSpec<ForgetResult, Void> {

  private static final Pattern REMOVE_FAILED =
      Pattern.compile("unable to remove|Remove\\(<snapshot/|failed to remove|could not be removed");
  private static final Pattern SNAPSHOT_ID =
      Pattern.compile("snapshot[/ ]([0-9a-f]{8,64})|\\b([0-9a-f]{64})\\b");

  private final ForgetRequest request;
  private final ResticVersion version;
  private final PruneReport prune = new PruneReport();
  private JsonNode array;

  /**
   * Creates the spec.
   *
   * @param request the request
   * @param version the restic version
   */
  public ForgetCommand(ForgetRequest request, ResticVersion version) {
    this.request = request;
    this.version = version;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("forget");
    a.addAll(request.ruleArguments());
    Flags.filters(a, request.filter());
    request
        .groupBy()
        .ifPresent(
            g -> {
              a.add("--group-by");
              a.add(
                  g.stream().sorted().map(SnapshotGrouping::flag).collect(Collectors.joining(",")));
            });
    if (request.dryRun()) {
      a.add("--dry-run");
    }
    if (request.prune()) {
      a.add("--prune");
    }
    return a;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    if (array == null && line.startsWith("[")) {
      Json.tryParse(line).filter(JsonNode::isArray).ifPresent(n -> array = n);
      return;
    }
    prune.accept(line);
  }

  @Override
  public boolean isSuccess(int exitCode) {
    return exitCode == 0 || (exitCode == 3 && version.isAtLeast(0, 19, 0));
  }

  @Override
  public ForgetResult finish(Completion completion) {
    List<ForgetGroup> groups = array == null ? List.of() : parse(array);
    List<String> failedLines = new ArrayList<>();
    for (String l : completion.stderrLines()) {
      if (REMOVE_FAILED.matcher(l).find()) {
        failedLines.add(l);
      }
    }
    if (completion.exitCode() == 3 || !failedLines.isEmpty()) {
      Set<String> ids = new LinkedHashSet<>();
      for (String l : failedLines.isEmpty() ? completion.stderrLines() : failedLines) {
        Matcher m = SNAPSHOT_ID.matcher(l);
        while (m.find()) {
          ids.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
      }
      throw new SnapshotRemovalFailedException(List.copyOf(ids), completion.invocation());
    }
    return new ForgetResult(groups, request.prune() && prune.seen() ? prune.summary() : null);
  }

  /**
   * Converts restic's forget JSON array.
   *
   * @param array the array
   * @return the groups
   */
  public static List<ForgetGroup> parse(JsonNode array) {
    List<ForgetGroup> out = new ArrayList<>();
    for (JsonNode g : array) {
      List<Snapshot> keep = snapshots(g.path("keep"));
      List<Snapshot> remove = snapshots(g.path("remove"));
      List<ForgetReason> reasons = new ArrayList<>();
      for (JsonNode r : g.path("reasons")) {
        Snapshot s = Json.convert(r.path("snapshot"), Snapshot.class);
        if (s.id().isEmpty()) {
          s = matchById(s, keep);
        }
        List<String> matches = new ArrayList<>();
        r.path("matches").forEach(m -> matches.add(m.asText()));
        reasons.add(new ForgetReason(s, matches));
      }
      out.add(
          new ForgetGroup(
              strings(g.path("tags")),
              g.path("host").asText(""),
              strings(g.path("paths")),
              keep,
              remove,
              reasons));
    }
    return List.copyOf(out);
  }

  private static Snapshot matchById(Snapshot s, List<Snapshot> keep) {
    for (Snapshot k : keep) {
      if (Objects.equals(k.time(), s.time()) && k.tree().equals(s.tree())) {
        return k;
      }
    }
    return s;
  }

  private static List<Snapshot> snapshots(JsonNode n) {
    List<Snapshot> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(s -> out.add(Json.convert(s, Snapshot.class)));
    }
    return out;
  }

  static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(s -> out.add(s.asText()));
    }
    return out;
  }
}
