package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.BackupEvent;
import io.github.restic4j.core.command.BackupFileError;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupStatus;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.BackupVerboseStatus;
import io.github.restic4j.core.error.IncompleteBackupException;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.error.UnsupportedVersionException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code restic backup --json}: status / verbose_status / summary lines on stdout, per-file {@code
 * error} objects on stderr; exit 3 means the snapshot was saved but some files were unreadable.
 */
public final class BackupCommand implements CommandSpec<BackupSummary, BackupEvent> {

  private static final int MAX_ERRORS_KEPT = 10_000;
  private static final String UNREADABLE_WARNING = "Warning: at least one source file could not";

  private final BackupRequest request;
  private final List<BackupFileError> errors = new ArrayList<>();
  private volatile BackupSummary summary;

  /**
   * Creates the spec.
   *
   * @param request the request
   * @param version the restic version
   * @throws UnsupportedVersionException if an option needs a newer restic
   */
  public BackupCommand(BackupRequest request, ResticVersion version) {
    if (request.skipIfUnchanged() && !version.isAtLeast(0, 17, 0)) {
      throw new UnsupportedVersionException(
          "backup --skip-if-unchanged", "0.17.0", version.toString());
    }
    if (request.readConcurrency().isPresent() && !version.isAtLeast(0, 15, 0)) {
      throw new UnsupportedVersionException(
          "backup --read-concurrency", "0.15.0", version.toString());
    }
    this.request = request;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("backup");
    for (String t : request.tags()) {
      a.add("--tag");
      a.add(t);
    }
    request.host().ifPresent(h -> add(a, "--host", h));
    request.parent().ifPresent(p -> add(a, "--parent", p));
    for (String e : request.excludes()) {
      add(a, "--exclude", e);
    }
    for (Path f : request.excludeFiles()) {
      add(a, "--exclude-file", f.toString());
    }
    if (request.dryRun()) {
      a.add("--dry-run");
    }
    if (request.skipIfUnchanged()) {
      a.add("--skip-if-unchanged");
    }
    if (request.oneFileSystem()) {
      a.add("--one-file-system");
    }
    request.readConcurrency().ifPresent(n -> add(a, "--read-concurrency", Integer.toString(n)));
    if (request.verbose()) {
      a.add("--verbose=2");
    }
    if (request.stdin().isPresent()) {
      a.add("--stdin");
      request.stdinFilename().ifPresent(n -> add(a, "--stdin-filename", n));
    } else {
      a.add("--");
      for (Path p : request.paths()) {
        a.add(p.toString());
      }
    }
    return a;
  }

  private static void add(List<String> a, String flag, String value) {
    a.add(flag);
    a.add(value);
  }

  @Override
  public InputStream stdin() {
    return request.stdin().map(s -> s.get()).orElse(null);
  }

  @Override
  public void onStdout(String line, Consumer<BackupEvent> events) {
    JsonNode n = Json.tryParse(line).orElse(null);
    if (n == null) {
      return; // restic prints occasional text lines even in JSON mode
    }
    String type = Json.messageType(n);
    if ("status".equals(type) && !n.has("action")) {
      JsonNode remaining = n.get("seconds_remaining");
      if (remaining != null && !remaining.canConvertToLong() && n instanceof ObjectNode o) {
        o.put("seconds_remaining", 0); // 0.14 sends 2^63 while it cannot estimate: unknown
      }
      events.accept(Json.convert(n, BackupStatus.class));
    } else if ("verbose_status".equals(type) || "status".equals(type)) {
      // 0.14/0.15 label the scan_finished line "status"
      events.accept(Json.convert(n, BackupVerboseStatus.class));
    } else if ("summary".equals(type)) {
      summary = Json.convert(n, BackupSummary.class);
    }
  }

  @Override
  public void onStderrJson(JsonNode node, Consumer<BackupEvent> events) {
    if (!"error".equals(Json.messageType(node))) {
      return;
    }
    String message = errorText(node.path("error"));
    BackupFileError e =
        new BackupFileError(node.path("item").asText(""), node.path("during").asText(""), message);
    synchronized (errors) {
      if (errors.size() < MAX_ERRORS_KEPT) {
        errors.add(e);
      }
    }
    events.accept(e);
  }

  @Override
  public boolean isSuccess(int exitCode) {
    return exitCode == 0 || exitCode == 3;
  }

  @Override
  public BackupSummary finish(Completion completion) {
    BackupSummary s = summary;
    if (s == null) {
      throw new OutputParseException(
          "restic backup exited with " + completion.exitCode() + " but printed no summary");
    }
    if (completion.exitCode() == 3) {
      List<BackupFileError> unreadable;
      synchronized (errors) {
        unreadable = new ArrayList<>(errors);
      }
      if (unreadable.isEmpty()) {
        // 0.19+: a missing top-level path is reported as text, not as a JSON error
        for (String l : completion.stderrLines()) {
          if (!l.startsWith("{") && !l.isBlank() && !l.startsWith(UNREADABLE_WARNING)) {
            unreadable.add(new BackupFileError("", "scan", l));
          }
        }
        if (unreadable.isEmpty()) {
          unreadable.add(new BackupFileError("", "", "restic reported unreadable source data"));
        }
      }
      s = s.withUnreadable(unreadable);
      if (request.failOnUnreadable()) {
        throw new IncompleteBackupException(s, completion.invocation());
      }
    }
    return s;
  }

  /**
   * The text of a backup {@code error} object's {@code error} field. 0.17.1+ print {@code
   * {"message": "..."}}; up to 0.17.0 restic serialised the Go error value itself, so a failed open
   * arrives as {@code {"Op":"open","Path":"...","Err":13}} (an {@code os.PathError} with a Linux
   * errno).
   */
  static String errorText(JsonNode err) {
    if (err == null || err.isMissingNode() || err.isNull()) {
      return "";
    }
    if (err.isTextual()) {
      return err.asText();
    }
    if (err.has("message")) {
      return err.path("message").asText();
    }
    if (err.has("Op") || err.has("Path")) {
      String op = err.path("Op").asText("");
      String path = err.path("Path").asText("");
      String cause = errorText(err.get("Err"));
      StringBuilder sb = new StringBuilder();
      sb.append(op);
      if (!path.isEmpty()) {
        sb.append(sb.length() > 0 ? " " : "").append(path);
      }
      if (!cause.isEmpty()) {
        sb.append(sb.length() > 0 ? ": " : "").append(cause);
      }
      return sb.toString();
    }
    if (err.isIntegralNumber()) {
      return errnoText(err.asInt());
    }
    return err.toString();
  }

  private static String errnoText(int errno) {
    switch (errno) {
      case 1:
        return "operation not permitted";
      case 2:
        return "no such file or directory";
      case 5:
        return "input/output error";
      case 13:
        return "permission denied";
      case 20:
        return "not a directory";
      case 21:
        return "is a directory";
      case 36:
        return "file name too long";
      case 40:
        return "too many levels of symbolic links";
      default:
        return "errno " + errno;
    }
  }
}
