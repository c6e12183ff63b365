package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.FindMatch;
import io.github.restic4j.core.command.FindRequest;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import io.github.restic4j.core.testing.CorpusFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FindCommandTest {

  private static final CommandSpec.Completion OK = new CommandSpec.Completion(0, List.of(), null);

  private static List<FindMatch> feed(FindCommand spec, byte[] out, int maxChunk, long seed)
      throws IOException {
    List<FindMatch> matches = new ArrayList<>();
    spec.emitTo(matches::add);
    OutputStream raw = spec.rawStdout();
    Random random = new Random(seed);
    int i = 0;
    while (i < out.length) {
      int n = Math.min(out.length - i, 1 + random.nextInt(maxChunk));
      raw.write(out, i, n);
      i += n;
    }
    return matches;
  }

  private static List<String> expected(String stdout) throws IOException {
    List<String> pairs = new ArrayList<>();
    for (JsonNode group : Json.MAPPER.readTree(stdout)) {
      for (JsonNode m : group.get("matches")) {
        pairs.add(group.get("snapshot").asText() + " " + m.get("path").asText());
      }
    }
    return pairs;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100, 100_000})
  void parsesCorpus018SplitAcrossWrites(int maxChunk) throws IOException {
    String stdout = CorpusFile.load("0.18.0_find_json").stdout();
    FindCommand spec = new FindCommand(FindRequest.builder("*.txt").build());
    List<FindMatch> matches = feed(spec, stdout.getBytes(StandardCharsets.UTF_8), maxChunk, 42);
    assertThat(spec.finish(OK)).isEqualTo(matches.size());
    assertThat(matches)
        .extracting(m -> m.snapshotId() + " " + m.path())
        .containsExactlyElementsOf(expected(stdout));
    FindMatch a = matches.get(0);
    assertThat(a.snapshotId())
        .isEqualTo("e40ca84520255b1510a78ca7b46a72be04bf75b8208c47bfccf99944f44b3fff");
    assertThat(a.path()).isEqualTo("/jdata/docs/a.txt");
    assertThat(a.type()).isEqualTo("file");
    assertThat(a.size()).isEqualTo(7);
    assertThat(a.mode()).isEqualTo(420);
    assertThat(a.permissions()).isEqualTo("-rw-r--r--");
    assertThat(a.mtime()).isEqualTo(OffsetDateTime.parse("2026-11-24T19:32:39.699601048Z"));
    assertThat(a.user()).isEqualTo("root");
    assertThat(a.group()).isEqualTo("root");
    assertThat(a.inode()).isEqualTo(2203754L);
    assertThat(a.deviceId()).isEqualTo(65024L);
    assertThat(a.links()).isEqualTo(1);
  }

  @Test
  void parsesCorpus014WithoutInodes() throws IOException {
    String stdout = CorpusFile.load("0.14.0_find_json").stdout();
    FindCommand spec = new FindCommand(FindRequest.builder("*.txt").build());
    List<FindMatch> matches = feed(spec, stdout.getBytes(StandardCharsets.UTF_8), 64, 1);
    assertThat(spec.finish(OK)).isEqualTo(matches.size());
    assertThat(matches)
        .extracting(m -> m.snapshotId() + " " + m.path())
        .containsExactlyElementsOf(expected(stdout));
    assertThat(matches).allSatisfy(m -> assertThat(m.inode()).isZero());
    assertThat(matches.get(0).snapshotId()).startsWith("ce8d1ce4");
  }

  @Test
  void emptyResultTextBeforeArrayAndCountingWithoutSink() throws IOException {
    FindCommand empty = new FindCommand(FindRequest.builder("nothing").build());
    byte[] out = "repo already locked, waiting up to 0s [x]\n[]\n".getBytes(StandardCharsets.UTF_8);
    assertThat(feed(empty, out, 3, 5)).isEmpty();
    assertThat(empty.finish(OK)).isZero();

    FindCommand counting = new FindCommand(FindRequest.builder("*.txt").build());
    counting.rawStdout().write(CorpusFile.load("0.18.0_find_json").stdout().getBytes());
    assertThat(counting.finish(OK))
        .isEqualTo(expected(CorpusFile.load("0.18.0_find_json").stdout()).size());
  }

  @Test
  void truncatedOrInvalidOutputFails() throws IOException {
    FindCommand cut = new FindCommand(FindRequest.builder("x").build());
    feed(cut, "[{\"matches\":[{\"path\":\"/a\"}".getBytes(StandardCharsets.UTF_8), 4, 2);
    assertThatThrownBy(() -> cut.finish(OK))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("ended inside");

    FindCommand nothing = new FindCommand(FindRequest.builder("x").build());
    assertThatThrownBy(() -> nothing.finish(OK)).hasMessageContaining("no JSON array");

    FindCommand bad = new FindCommand(FindRequest.builder("x").build());
    feed(bad, "[{\"matches\":[}]]".getBytes(StandardCharsets.UTF_8), 4, 2);
    assertThatThrownBy(() -> bad.finish(OK)).isInstanceOf(OutputParseException.class);
  }

  @Test
  void largeSnapshotGroupsSpillToATemporaryFileAndKeepOrder() throws IOException {
    int n = FindCommand.MEMORY_LIMIT * 3 + 17;
    String id1 = "a".repeat(64);
    String id2 = "b".repeat(64);
    StringBuilder sb = new StringBuilder("[");
    for (String id : List.of(id1, id2)) {
      sb.append("{\"matches\":[");
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append("{\"path\":\"/d/f")
            .append(i)
            .append("\",\"type\":\"file\",\"size\":")
            .append(i)
            .append(",\"mtime\":\"2026-11-24T19:32:08.999711021Z\"}");
      }
      sb.append("],\"hits\":").append(n).append(",\"snapshot\":\"").append(id).append("\"}");
      if (id.equals(id1)) {
        sb.append(',');
      }
    }
    sb.append("]\n");
    FindCommand spec = new FindCommand(FindRequest.builder("*").build());
    List<FindMatch> matches = feed(spec, sb.toString().getBytes(StandardCharsets.UTF_8), 8192, 3);
    assertThat(spec.finish(OK)).isEqualTo(2L * n);
    assertThat(matches).hasSize(2 * n);
    for (int i = 0; i < 2 * n; i++) {
      FindMatch m = matches.get(i);
      assertThat(m.path()).isEqualTo("/d/f" + (i % n));
      assertThat(m.size()).isEqualTo(i % n);
      assertThat(m.snapshotId()).isEqualTo(i < n ? id1 : id2);
    }
    Path spill = spec.lastSpillFile();
    assertThat(spill).isNotNull();
    assertThat(Files.exists(spill)).isFalse();
  }

  @Test
  void argumentsAndValidation() {
    FindRequest r =
        FindRequest.builder("*.txt", "*.md")
            .snapshot("latest")
            .host("h")
            .tag("t")
            .path("/srv")
            .ignoreCase()
            .oldest(LocalDateTime.of(2024, 1, 2, 3, 4, 5))
            .newest(LocalDateTime.of(2025, 1, 1, 0, 0))
            .build();
    assertThat(new FindCommand(r).arguments())
        .containsExactly(
            "find",
            "--snapshot",
            "latest",
            "--host",
            "h",
            "--tag",
            "t",
            "--path",
            "/srv",
            "--ignore-case",
            "--oldest",
            "2024-01-02 03:04:05",
            "--newest",
            "2025-01-01 00:00:00",
            "--",
            "*.txt",
            "*.md");
    assertThatThrownBy(() -> FindRequest.builder("-x")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                FindRequest.builder("x")
                    .oldest(LocalDateTime.of(2025, 1, 1, 0, 0))
                    .newest(LocalDateTime.of(2024, 1, 1, 0, 0))
                    .build())
        .isInstanceOf(InvalidRequestException.class);
  }
}
