package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import io.github.restic4j.core.testing.CorpusFile;
import java.util.ArrayList;
import java.util.List;

/** Replays a real corpus file through a spec the way Invocation would. */
final class CorpusRun {

  private CorpusRun() {}

  static <R, E> Replay<R, E> replay(CommandSpec<R, E> spec, String corpusName) {
    return replay(spec, CorpusFile.load(corpusName));
  }

  /** Replays a capture kept in restic-core's test resources ({@code corpus/<name>.txt}). */
  static <R, E> Replay<R, E> replayResource(CommandSpec<R, E> spec, String name) {
    try {
      var url = CorpusRun.class.getResource("/corpus/" + name + ".txt");
      if (url == null) {
        throw new IllegalArgumentException("no test resource corpus/" + name + ".txt");
      }
      return replay(spec, CorpusFile.parse(java.nio.file.Path.of(url.toURI())));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static <R, E> Replay<R, E> replay(CommandSpec<R, E> spec, CorpusFile f) {
    List<E> events = new ArrayList<>();
    for (String line : f.stdoutLines()) {
      spec.onStdout(line, events::add);
    }
    List<String> kept = new ArrayList<>();
    String exitError = null;
    for (String line : f.stderrLines()) {
      JsonNode n = Json.tryParse(line).orElse(null);
      if (n != null && "exit_error".equals(Json.messageType(n))) {
        exitError = n.path("message").asText();
        continue;
      }
      kept.add(line);
      if (n != null) {
        spec.onStderrJson(n, events::add);
      }
    }
    String tail = String.join("\n", kept);
    if (exitError != null) {
      tail = tail.isEmpty() ? exitError : tail + "\n" + exitError;
    }
    CommandFailure failure = new CommandFailure(spec.arguments(), f.exitCode(), tail, f.version());
    return new Replay<>(spec, f, events, new CommandSpec.Completion(f.exitCode(), kept, failure));
  }

  record Replay<R, E>(
      CommandSpec<R, E> spec, CorpusFile file, List<E> events, CommandSpec.Completion completion) {

    boolean success() {
      return spec.isSuccess(file.exitCode());
    }

    R finish() {
      return spec.finish(completion);
    }
  }
}
