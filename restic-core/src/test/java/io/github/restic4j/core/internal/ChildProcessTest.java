package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The child's two output streams reach their own sinks, whole, through the pumps. */
class ChildProcessTest {

  @Test
  void stdoutAndStderrStaySeparateAndTheLastLineWithoutNewlineArrives() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // like restic 0.18+ --json: the exit_error object on stderr, without a final newline
    ChildProcess p =
        ChildProcess.start(
            List.of("sh", "-c", "printf 'out 1\\nout 2\\n'; printf '{\"code\":11}' >&2; exit 11"),
            Map.of(),
            name -> name.equals("PATH"),
            null,
            null,
            out,
            err);
    assertThat(p.exit().get(30, TimeUnit.SECONDS)).isEqualTo(11);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out 1\nout 2\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("{\"code\":11}");
  }

  @Test
  void aFastStreamOfSmallWritesArrivesWholeAndInOrder() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // 20,000 lines, one write each, as restic ls --json writes its nodes
    ChildProcess p =
        ChildProcess.start(
            List.of(
                "sh", "-c", "i=0; while [ $i -lt 20000 ]; do echo \"line $i\"; i=$((i+1)); done"),
            Map.of(),
            name -> name.equals("PATH"),
            null,
            null,
            out,
            new ByteArrayOutputStream());
    assertThat(p.exit().get(60, TimeUnit.SECONDS)).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(20_000);
    for (int i = 0; i < lines.length; i++) {
      assertThat(lines[i]).isEqualTo("line " + i);
    }
  }
}
