package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.testing.CorpusFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StderrReaderTest {

  @Test
  void cleansLinesAndKeepsNonExitJson() {
    CorpusFile f = CorpusFile.load("0.18.0_backup_json_unreadable_file_exit3");
    List<StderrReader.Line> seen = new ArrayList<>();
    StderrReader r = CorpusReplay.readStderr(f.stderr(), seen::add);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).exitError()).isFalse();
    assertThat(seen.get(0).json().path("item").asText())
        .isEqualTo("/srv/restic-lab/nb/src/unreadable.txt");
    assertThat(seen.get(1).exitError()).isTrue();
    assertThat(seen.get(1).json()).isNull();
    assertThat(r.exitErrorMessage())
        .isEqualTo("Warning: at least one source file could not be read");
    assertThat(r.lines()).hasSize(1).first().asString().startsWith("{\"message_type\":\"error\"");
    assertThat(r.tailText()).endsWith("\nWarning: at least one source file could not be read");
  }

  @Test
  void stripsTerminalEscapes() {
    CorpusFile f = CorpusFile.load("0.18.0_sigINT_while_waiting_retry_lock");
    StderrReader r = CorpusReplay.readStderr(f.stderr());
    assertThat(f.stderr()).contains("\u001B[2K");
    assertThat(r.lines())
        .containsExactly("signal interrupt received, cleaning up", "context canceled");
    assertThat(r.exitErrorMessage()).isNull();
  }

  @Test
  void redactsLinesAndExitErrorMessage() {
    StderrReader r = new StderrReader(new Redactor(List.of("hunter22")), 1024);
    r.accept("Fatal: bad hunter22");
    r.accept(
        "{\"message_type\":\"exit_error\",\"code\":1,\"message\":\"Fatal: at"
            + " rest:https://u:hunter22@h/ failed\"}");
    assertThat(r.lines()).containsExactly("Fatal: bad " + Redactor.MASK);
    assertThat(r.exitErrorMessage())
        .isEqualTo("Fatal: at rest:https://u:" + Redactor.MASK + "@h/ failed");
    CommandFailure failure = r.failure(List.of("snapshots"), 1, "0.18.0");
    assertThat(failure.stderrTail()).doesNotContain("hunter22");
    assertThat(failure.exitCode()).isEqualTo(1);
  }

  @Test
  void exitErrorWithoutMessageOrWithTrailingNewline() {
    StderrReader r = new StderrReader(new Redactor(List.of()), 1024);
    r.accept("{\"message_type\":\"exit_error\",\"code\":1}");
    assertThat(r.exitErrorMessage()).isEmpty();
    assertThat(r.tailText()).isEmpty();
    CorpusFile f = CorpusFile.load("0.18.0_init_already_exists_json");
    StderrReader r2 = CorpusReplay.readStderr(f.stderr());
    assertThat(r2.exitErrorMessage())
        .isEqualTo(
            "Fatal: create repository at repo18 failed: Fatal: unable to open repository at repo18:"
                + " config file already exists\n");
  }
}
