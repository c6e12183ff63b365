package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.SnapshotsRequest;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CorpusReplay;
import io.github.restic4j.core.testing.CorpusFile;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnapshotsCommandTest {

  /** Short ids restic listed, in order (copied from the files). */
  private static final Map<String, List<String>> IDS =
      Map.of(
          "0.14.0_snapshots_json",
          List.of("81dd1333", "34f55287", "d20d8c1f", "ce8d1ce4", "f79146cc"),
          "0.14.0_snapshots_json_empty_filter",
          List.of(),
          "0.14.0_snapshots_json_group_by_host",
          List.of("ce8d1ce4", "f79146cc", "81dd1333", "34f55287", "d20d8c1f"),
          "0.14.0_snapshots_json_latest1",
          List.of("d20d8c1f", "f79146cc"),
          "0.18.0_snapshots_json",
          List.of("e4b52ab9", "c16e7532", "9b5419f4", "c430416a", "e40ca845"),
          "0.18.0_snapshots_json_empty_filter",
          List.of(),
          "0.18.0_snapshots_json_group_by_host",
          List.of("e4b52ab9", "c16e7532", "9b5419f4", "c430416a", "e40ca845"),
          "0.18.0_snapshots_json_latest1",
          List.of("9b5419f4", "e40ca845"));

  static Stream<CorpusFile> snapshotFiles() {
    return CorpusFile.all().stream()
        .filter(f -> f.name().contains("_snapshots_json"))
        .filter(f -> !f.name().contains("_list_snapshots"))
        .filter(f -> f.exitCode() == 0);
  }

  private static List<Snapshot> run(CorpusFile f) {
    return CorpusReplay.run(new SnapshotsCommand(SnapshotsRequest.builder().build()), f, e -> {});
  }

  @Test
  void everySnapshotsFileHasExpectations() {
    assertThat(snapshotFiles().map(CorpusFile::name).toList())
        .containsExactlyInAnyOrderElementsOf(IDS.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("snapshotFiles")
  void readsIdsHostsAndSummaries(CorpusFile f) {
    List<Snapshot> list = run(f);
    assertThat(list).extracting(Snapshot::shortId).containsExactlyElementsOf(IDS.get(f.name()));
    for (Snapshot s : list) {
      assertThat(s.id()).hasSize(64).startsWith(s.shortId());
      assertThat(s.hostname()).isIn("hostA", "hostB");
      assertThat(s.username()).isEqualTo("root");
      assertThat(s.paths()).containsExactly("/srv/restic-lab/jdata");
      assertThat(s.time()).isNotNull();
      assertThat(s.tree()).hasSize(64);
      boolean v18 = f.version().equals("0.18.0");
      assertThat(s.summaryIfPresent().isPresent()).isEqualTo(v18);
      assertThat(s.programVersion()).isEqualTo(v18 ? "restic 0.18.0" : "");
    }
  }

  @Test
  void concreteValues014() {
    List<Snapshot> list = run(CorpusFile.load("0.14.0_snapshots_json"));
    Snapshot first = list.get(0);
    assertThat(first.id())
        .isEqualTo("81dd1333e2256d3cb9facd40d610b4ca885f4a971bba85e78b23e9955273439b");
    assertThat(first.time()).isEqualTo(OffsetDateTime.parse("2026-11-24T19:32:12.546508608Z"));
    assertThat(first.tags()).containsExactly("daily");
    assertThat(first.hostname()).isEqualTo("hostA");
    assertThat(first.parent()).isEmpty();
    assertThat(list.get(1).parent()).isEqualTo(first.id());
    assertThat(list.get(2).tags()).containsExactly("weekly");
    assertThat(list.get(3).hostname()).isEqualTo("hostB");
    assertThat(list.get(3).tags()).isEmpty();
  }

  @Test
  void concreteValues018WithSummary() {
    List<Snapshot> list = run(CorpusFile.load("0.18.0_snapshots_json"));
    Snapshot first = list.get(0);
    assertThat(first.tags()).containsExactly("daily");
    var sum = first.summaryIfPresent().orElseThrow();
    assertThat(sum.filesNew()).isEqualTo(3);
    assertThat(sum.dirsNew()).isEqualTo(3);
    assertThat(sum.dataAdded()).isEqualTo(2426);
    assertThat(sum.dataAddedPacked()).isEqualTo(1631);
    assertThat(sum.totalBytesProcessed()).isEqualTo(22);
    assertThat(sum.backupStart()).isEqualTo(OffsetDateTime.parse("2026-11-24T19:32:38.984528989Z"));
    assertThat(sum.backupEnd()).isEqualTo(OffsetDateTime.parse("2026-11-24T19:32:39.691994851Z"));
    assertThat(list.get(1).summaryIfPresent().orElseThrow().filesChanged()).isEqualTo(1);
    assertThat(list.get(2).tags()).containsExactly("weekly");
    assertThat(list)
        .extracting(Snapshot::hostname)
        .containsExactly("hostA", "hostA", "hostA", "hostB", "hostB");
  }

  @Test
  void groupedOutputHoldsTheSameSnapshots() {
    for (String v : List.of("0.14.0", "0.18.0")) {
      List<Snapshot> plain = run(CorpusFile.load(v + "_snapshots_json"));
      List<Snapshot> grouped = run(CorpusFile.load(v + "_snapshots_json_group_by_host"));
      assertThat(grouped).containsExactlyInAnyOrderElementsOf(plain);
    }
  }

  @Test
  void noArrayIsAParseError() {
    CorpusFile ids = CorpusFile.load("0.18.0_list_snapshots_json");
    assertThatThrownBy(() -> run(ids)).isInstanceOf(OutputParseException.class);
  }

  @Test
  void arguments() {
    SnapshotsRequest r =
        SnapshotsRequest.builder().host("hostA").tag("daily").path("/srv").latest(2).build();
    assertThat(new SnapshotsCommand(r).arguments())
        .containsExactly(
            "snapshots", "--host", "hostA", "--tag", "daily", "--path", "/srv", "--latest", "2");
  }
}
