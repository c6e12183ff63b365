package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.restic4j.core.OutputLine;
import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.LsStream;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.testing.CorpusFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways an invocation reads stdout: a spec may read lines straight from the bytes ({@code
 * ls}), unless the caller observes the raw output lines, which then all arrive as text. Both give
 * the same typed events. A shell script replays a real {@code ls --json} capture.
 */
class StdoutPathsTest {

  @TempDir Path tmp;

  private ResticRepository repository(String corpus) throws IOException {
    return repository(corpus, "");
  }

  private ResticRepository repository(String corpus, String after) throws IOException {
    CorpusFile capture = CorpusFile.load(corpus);
    Path output = Files.writeString(tmp.resolve("stdout.txt"), capture.stdout());
    Path binary = tmp.resolve("restic");
    Files.writeString(binary, "#!/bin/sh\ncat '" + output + "'\n" + after);
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
    Restic restic = Restic.builder().binary(binary).version(ResticVersion.of(0, 18, 0)).build();
    return restic.repository(tmp.resolve("repo").toString()).password(Secret.of("pw")).build();
  }

  @Test
  void bytePathAndObservedTextPathGiveTheSameNodes() throws IOException {
    ResticRepository repo = repository("0.18.0_ls_json_latest");
    List<String> stdoutLines = CorpusFile.load("0.18.0_ls_json_latest").stdoutLines();

    List<LsNode> unobserved = new CopyOnWriteArrayList<>();
    Snapshot first =
        repo.start(LsRequest.latest().build(), ResticCallback.onEvents(unobserved::add)).await();

    List<LsNode> observed = new CopyOnWriteArrayList<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    Snapshot second =
        repo.start(
                LsRequest.latest().build(),
                new ResticCallback<LsNode, Snapshot>() {
                  @Override
                  public void onEvent(LsNode event) {
                    observed.add(event);
                  }

                  @Override
                  public void onOutput(OutputLine line) {
                    if (line.stream() == OutputLine.Stream.STDOUT) {
                      seen.add(line.text());
                    }
                  }
                })
            .await();

    assertThat(unobserved).hasSize(8);
    assertThat(new ArrayList<>(observed)).isEqualTo(new ArrayList<>(unobserved));
    assertThat(second).isEqualTo(first);
    assertThat(first.shortId()).isNotEmpty();
    // the observer saw every line, node lines included, as restic printed them
    assertThat(seen).containsExactlyElementsOf(stdoutLines);
  }

  @Test
  void aStreamHandsOverNodesWhileResticIsStillRunning() throws IOException {
    // far fewer nodes than the queue's wake batch, then restic keeps running: they must reach the
    // reader before the end of the output (end to end; that the pump's flush is what hands them
    // over at once is pinned by OutputPumpTest, LineSplitterTest and ItemQueueTest)
    ResticRepository repo = repository("0.18.0_ls_json_latest", "exec sleep 60\n");
    try (LsStream nodes = repo.ls(LsRequest.latest().build())) {
      List<LsNode> seen =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20),
              () -> {
                List<LsNode> first = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                  first.add(nodes.next());
                }
                return first;
              });
      assertThat(seen).hasSize(8).allSatisfy(n -> assertThat(n.path()).startsWith("/"));
      assertThat(nodes.isFinished()).isFalse(); // restic is still running
    }
  }
}
