package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.CheckResult;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.ErrorClassifier;
import io.github.restic4j.core.internal.Json;
import io.github.restic4j.core.internal.LockMessages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code restic check}. 0.18+: JSON summary on stdout, {@code error} objects on stderr. Before:
 * text ({@code no errors were found}). Exit 1 with {@code repository contains errors} becomes a
 * result with {@code ok=false}; any other failure (notably a lock conflict, which 0.18 precedes
 * with a summary claiming one error) is classified as usual.
 */
public final class CheckCommand implements CommandSpec<CheckResult, Void> {

  private static final String CONTAINS_ERRORS = "repository contains errors";

  /** Backend retry noise 0.14 prints for a missing pack (corpus/0.14.0_check_missing_pack.txt). */
  private static final String RETRYING = "returned error, retrying after";

  private final CheckRequest request;
  private final boolean jsonOutput;
  private final List<String> jsonErrors = new ArrayList<>();
  private JsonNode summary;
  private boolean textNoErrors;
  private boolean textSuggestPrune;
  private boolean textSuggestRepair;

  /**
   * Creates the spec.
   *
   * @param request the request
   * @param version the restic version
   */
  public CheckCommand(CheckRequest request, ResticVersion version) {
    this.request = request;
    this.jsonOutput = version.isAtLeast(0, 18, 0);
  }

  @Override
  public boolean json() {
    return jsonOutput;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("check");
    if (request.readData()) {
      a.add("--read-data");
    }
    request.readDataSubset().ifPresent(s -> a.add("--read-data-subset=" + s));
    return a;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    JsonNode n = Json.tryParse(line).orElse(null);
    if (n != null) {
      if ("summary".equals(Json.messageType(n))) {
        summary = n;
      }
      return;
    }
    hints(line);
    if (line.strip().equals("no errors were found")) {
      textNoErrors = true;
    }
  }

  private void hints(String line) {
    if (line.contains("restic prune")) {
      textSuggestPrune = true;
    }
    if (line.contains("repair index") || line.contains("rebuild-index")) {
      textSuggestRepair = true;
    }
  }

  @Override
  public void onStderrJson(JsonNode node, Consumer<Void> events) {
    if ("error".equals(Json.messageType(node))) {
      JsonNode m = node.get("message");
      if (m == null) {
        m = node.path("error").path("message");
      }
      // restic 0.18/0.19 end each message with "\n" and split one problem over several
      // messages (corpus/0.18.0_check_missing_index_json.txt); keep the text, drop blank ones
      String text = m.asText(node.toString()).strip();
      if (!text.isEmpty()) {
        synchronized (jsonErrors) {
          jsonErrors.add(text);
        }
      }
    }
  }

  @Override
  public boolean isSuccess(int exitCode) {
    return exitCode == 0 || exitCode == 1;
  }

  @Override
  public CheckResult finish(Completion completion) {
    List<String> stderr = completion.stderrLines();
    stderr.forEach(this::hints);
    if (completion.exitCode() != 0) {
      String text = completion.invocation().stderrTail();
      boolean lockProblem =
          LockMessages.parseConflict(LockMessages.clean(text), Instant.now()).isPresent()
              || text.contains("already locked")
              || text.contains("unable to create lock");
      if (lockProblem || !text.contains(CONTAINS_ERRORS)) {
        throw ErrorClassifier.classify(completion.invocation(), null, Instant.now());
      }
    }
    List<String> errors;
    synchronized (jsonErrors) {
      errors = new ArrayList<>(jsonErrors);
    }
    if (errors.isEmpty() && completion.exitCode() != 0) {
      for (String l : stderr) {
        String s = l.strip();
        if (!s.isEmpty()
            && !s.startsWith("{")
            && !s.contains(CONTAINS_ERRORS)
            && !s.contains(RETRYING)) {
          errors.add(s);
        }
      }
      if (errors.isEmpty()) {
        errors.add("restic reported that the repository contains errors");
      }
    }
    if (summary != null) {
      boolean ok = completion.exitCode() == 0 && summary.path("num_errors").asLong(0) == 0;
      return new CheckResult(
          ok,
          ok ? List.of() : errors,
          summary.path("suggest_repair_index").asBoolean(false),
          summary.path("suggest_prune").asBoolean(false));
    }
    boolean ok = completion.exitCode() == 0 && (textNoErrors || errors.isEmpty());
    return new CheckResult(ok, ok ? List.of() : errors, textSuggestRepair, textSuggestPrune);
  }
}
