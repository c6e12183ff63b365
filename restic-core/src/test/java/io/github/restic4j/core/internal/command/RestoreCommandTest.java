package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.RestoreEvent;
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.RestoreStatus;
import io.github.restic4j.core.command.RestoreSummary;
import io.github.restic4j.core.command.RestoreVerboseStatus;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.UnsupportedVersionException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RestoreCommandTest {

  private static final ResticVersion V14 = ResticVersion.of(0, 14, 0);
  private static final ResticVersion V16 = ResticVersion.of(0, 16, 0);
  private static final ResticVersion V18 = ResticVersion.of(0, 18, 0);

  private static RestoreCommand spec(ResticVersion v) {
    return new RestoreCommand(RestoreRequest.builder("latest", Path.of("/tmp/r")).build(), v);
  }

  @Test
  void statusEventsAndSummary018() {
    var r = CorpusRun.replay(spec(V18), "0.18.0_restore_json_status_fps4");
    assertThat(r.events()).hasSize(5).allMatch(e -> e instanceof RestoreStatus);
    RestoreStatus fourth = (RestoreStatus) r.events().get(3);
    assertThat(fourth.secondsElapsed()).isEqualTo(1);
    assertThat(fourth.filesRestored()).isEqualTo(5);
    assertThat(fourth.bytesRestored()).isEqualTo(307798659L);
    assertThat(fourth.totalBytes()).isEqualTo(419430400L);
    assertThat(fourth.percentDone()).isBetween(0.73, 0.74);
    assertThat(((RestoreStatus) r.events().get(0)).filesRestored()).isZero();
    RestoreSummary s = r.finish();
    assertThat(s.countsReported()).isTrue();
    assertThat(s.totalFiles()).isEqualTo(10);
    assertThat(s.filesRestored()).isEqualTo(10);
    assertThat(s.bytesRestored()).isEqualTo(419430400L);
    assertThat(s.secondsElapsed()).isEqualTo(1);
    assertThat(s.errors()).isEmpty();
  }

  @Test
  void verboseEvents018() {
    var r = CorpusRun.replay(spec(V18), "0.18.0_restore_json_vv");
    assertThat(r.events()).hasSize(7);
    RestoreEvent first = r.events().get(0);
    assertThat(first).isEqualTo(new RestoreVerboseStatus("restored", "/jdata/docs/a.txt", 6));
    RestoreSummary s = r.finish();
    assertThat(s.totalFiles()).isEqualTo(7);
    assertThat(s.bytesRestored()).isEqualTo(20);
  }

  @Test
  void plainSummary018() {
    RestoreSummary s = CorpusRun.replay(spec(V18), "0.18.0_restore_json").finish();
    assertThat(s.filesRestored()).isEqualTo(8);
    assertThat(s.totalBytes()).isEqualTo(29);
  }

  @Test
  void text014KnowsOnlyTheSnapshot() {
    RestoreCommand s = spec(V14);
    assertThat(s.json()).isFalse();
    RestoreSummary sum = CorpusRun.replay(s, "0.14.0_restore_text").finish();
    assertThat(sum.countsReported()).isFalse();
    assertThat(sum.snapshotId()).isEqualTo("f79146cc");
    assertThat(sum.filesRestored()).isZero();
    // 0.14 ignores --json for restore
    assertThat(CorpusRun.replay(spec(V14), "0.14.0_restore_json").finish().snapshotId())
        .isEqualTo("f79146cc");
  }

  @Test
  void fileErrorFromStderr() {
    // 0.17.1+ error shape (reference 4.7); no such capture in the corpus
    RestoreCommand s = spec(V18);
    java.util.List<RestoreEvent> events = new java.util.ArrayList<>();
    s.onStderrJson(
        io.github.restic4j.core.internal.Json.tryParse(
                "{\"message_type\":\"error\",\"error\":{\"message\":\"permission denied\"},"
                    + "\"during\":\"restore\",\"item\":\"/a\"}")
            .orElseThrow(),
        events::add);
    assertThat(events)
        .containsExactly(
            new io.github.restic4j.core.command.RestoreFileError(
                "/a", "restore", "permission denied"));
  }

  @Test
  void argumentsGatesAndValidation() {
    RestoreRequest req =
        RestoreRequest.builder("latest", Path.of("/tmp/r"))
            .include("/a")
            .exclude("*.tmp")
            .host("h")
            .tag("t")
            .path("/p")
            .verify()
            .verbose()
            .build();
    assertThat(new RestoreCommand(req, V16).json()).isTrue();
    assertThat(new RestoreCommand(req, V14).arguments())
        .containsExactly(
            "restore",
            "--target",
            "/tmp/r",
            "--include",
            "/a",
            "--exclude",
            "*.tmp",
            "--host",
            "h",
            "--tag",
            "t",
            "--path",
            "/p",
            "--verify",
            "--verbose=2",
            "--",
            "latest");
    RestoreRequest del = RestoreRequest.builder("abcd1234", Path.of("/t")).delete().build();
    assertThatThrownBy(() -> new RestoreCommand(del, V16))
        .isInstanceOf(UnsupportedVersionException.class)
        .hasMessageContaining("0.17.0");
    assertThat(new RestoreCommand(del, V18).arguments()).contains("--delete");
    assertThatThrownBy(() -> RestoreRequest.builder("-rf", Path.of("/t")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("-rf");
    assertThatThrownBy(() -> RestoreRequest.builder("abcd1234", Path.of("/t")).host("h").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("abcd1234");
  }
}
