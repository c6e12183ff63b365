package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.RestoreEvent;
import io.github.restic4j.core.command.RestoreFileError;
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.RestoreStatus;
import io.github.restic4j.core.command.RestoreSummary;
import io.github.restic4j.core.command.RestoreVerboseStatus;
import io.github.restic4j.core.error.UnsupportedVersionException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code restic restore}. 0.16.0+: JSON lines (status, verbose_status, summary) on stdout, {@code
 * error} objects on stderr (0.17.1+). Before 0.16: one text line naming the snapshot.
 */
public final class RestoreCommand implements CommandSpec<RestoreSummary, RestoreEvent> {

  private static final int MAX_ERRORS_KEPT = 10_000;
  private static final Pattern TEXT_SNAPSHOT =
      Pattern.compile("^restoring (?:<Snapshot |snapshot )([0-9a-f]{8,64}) of ");

  private final RestoreRequest request;
  private final boolean jsonOutput;
  private final List<RestoreFileError> errors = new ArrayList<>();
  private volatile JsonNode summary;
  private volatile String textSnapshot = "";

  /**
   * Creates the spec.
   *
   * @param request the request
   * @param version the restic version
   * @throws UnsupportedVersionException if an option needs a newer restic
   */
  public RestoreCommand(RestoreRequest request, ResticVersion version) {
    if (request.delete() && !version.isAtLeast(0, 17, 0)) {
      throw new UnsupportedVersionException("restore --delete", "0.17.0", version.toString());
    }
    if (request.dryRun() && !version.isAtLeast(0, 17, 0)) {
      throw new UnsupportedVersionException("restore --dry-run", "0.17.0", version.toString());
    }
    this.request = request;
    this.jsonOutput = version.isAtLeast(0, 16, 0);
  }

  @Override
  public boolean json() {
    return jsonOutput;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("restore");
    Flags.add(a, "--target", request.target().toString());
    Flags.each(a, "--include", request.includes());
    Flags.each(a, "--exclude", request.excludes());
    Flags.filters(a, request.filter());
    if (request.verify()) {
      a.add("--verify");
    }
    if (request.delete()) {
      a.add("--delete");
    }
    if (request.dryRun()) {
      a.add("--dry-run");
    }
    if (request.verbose()) {
      a.add("--verbose=2");
    }
    a.add("--");
    a.add(request.snapshot());
    return a;
  }

  @Override
  public void onStdout(String line, Consumer<RestoreEvent> events) {
    JsonNode n = Json.tryParse(line).orElse(null);
    if (n == null) {
      Matcher m = TEXT_SNAPSHOT.matcher(line);
      if (m.find()) {
        textSnapshot = m.group(1);
      }
      return;
    }
    switch (Json.messageType(n)) {
      case "status" -> events.accept(Json.convert(n, RestoreStatus.class));
      case "verbose_status" -> events.accept(Json.convert(n, RestoreVerboseStatus.class));
      case "summary" -> summary = n;
      default -> {
        // unknown message types from newer restic versions are ignored
      }
    }
  }

  @Override
  public void onStderrJson(JsonNode node, Consumer<RestoreEvent> events) {
    if (!"error".equals(Json.messageType(node))) {
      return;
    }
    JsonNode err = node.path("error");
    String message =
        err.has("message")
            ? err.path("message").asText()
            : err.isTextual() ? err.asText() : err.toString();
    RestoreFileError e =
        new RestoreFileError(node.path("item").asText(""), node.path("during").asText(""), message);
    synchronized (errors) {
      if (errors.size() < MAX_ERRORS_KEPT) {
        errors.add(e);
      }
    }
    events.accept(e);
  }

  @Override
  public RestoreSummary finish(Completion completion) {
    List<RestoreFileError> errs;
    synchronized (errors) {
      errs = List.copyOf(errors);
    }
    JsonNode s = summary;
    if (s == null) {
      return new RestoreSummary(textSnapshot, 0, 0, 0, 0, 0, 0, 0, 0, errs, false);
    }
    return new RestoreSummary(
        textSnapshot,
        s.path("seconds_elapsed").asLong(0),
        s.path("total_files").asLong(0),
        s.path("files_restored").asLong(0),
        s.path("files_skipped").asLong(0),
        s.path("files_deleted").asLong(0),
        s.path("total_bytes").asLong(0),
        s.path("bytes_restored").asLong(0),
        s.path("bytes_skipped").asLong(0),
        errs,
        true);
  }
}
