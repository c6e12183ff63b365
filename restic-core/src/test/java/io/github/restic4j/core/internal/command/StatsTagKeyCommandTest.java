package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.KeyInfo;
import io.github.restic4j.core.command.RepositoryStats;
import io.github.restic4j.core.command.SnapshotGroup;
import io.github.restic4j.core.command.SnapshotGrouping;
import io.github.restic4j.core.command.SnapshotGroupsRequest;
import io.github.restic4j.core.command.SnapshotIdChange;
import io.github.restic4j.core.command.SnapshotsRequest;
import io.github.restic4j.core.command.StatsMode;
import io.github.restic4j.core.command.StatsRequest;
import io.github.restic4j.core.command.TagRequest;
import io.github.restic4j.core.command.TagResult;
import io.github.restic4j.core.error.InvalidRequestException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatsTagKeyCommandTest {

  private static final ResticVersion V18 = ResticVersion.of(0, 18, 0);

  private static RepositoryStats stats(String corpus) {
    return CorpusRun.replay(new StatsCommand(StatsRequest.builder().build()), corpus).finish();
  }

  @Test
  void statsModes() {
    RepositoryStats def = stats("0.14.0_stats_json_default");
    assertThat(def.totalSize()).isEqualTo(138);
    assertThat(def.totalFileCount()).isEqualTo(39);
    assertThat(def.snapshotsCount()).isEqualTo(5);
    assertThat(def.totalBlobCount()).isZero();
    RepositoryStats blobs = stats("0.18.0_stats_json_blobs_per_file");
    assertThat(blobs.totalBlobCount()).isEqualTo(5);
    assertThat(blobs.totalSize()).isEqualTo(35);
    RepositoryStats raw = stats("0.18.0_stats_json_raw_data");
    assertThat(raw.totalSize()).isEqualTo(2380);
    assertThat(raw.totalUncompressedSize()).isEqualTo(4909);
    assertThat(raw.compressionRatio()).isBetween(2.06, 2.07);
    assertThat(raw.compressionProgress()).isEqualTo(100.0);
    assertThat(raw.compressionSpaceSaving()).isBetween(51.5, 51.6);
    RepositoryStats raw14 = stats("0.14.0_stats_json_raw_data");
    assertThat(raw14.totalSize()).isEqualTo(2349);
    assertThat(raw14.compressionRatio()).isZero();
    assertThat(stats("0.18.0_stats_json_mode_restore_size_latest").snapshotsCount()).isEqualTo(1);
  }

  @Test
  void statsArguments() {
    StatsRequest req =
        StatsRequest.builder().mode(StatsMode.RAW_DATA).host("h").snapshot("latest").build();
    assertThat(new StatsCommand(req).arguments())
        .containsExactly("stats", "--mode", "raw-data", "--host", "h", "--", "latest");
    assertThat(req.lockMode(V18)).isEqualTo(LockMode.SHARED);
    assertThatThrownBy(() -> StatsRequest.builder().snapshot("--all"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--all");
  }

  private static TagResult tag(String corpus) {
    return CorpusRun.replay(
            new TagCommand(TagRequest.builder().add("newtag").host("hostA").build()), corpus)
        .finish();
  }

  @Test
  void tagJson018SkipsLeadingTextLine() {
    TagResult r = tag("0.18.0_tag_json_add");
    assertThat(r.changedSnapshots()).isEqualTo(3);
    assertThat(r.changes()).hasSize(3);
    assertThat(r.changes().get(0))
        .isEqualTo(
            new SnapshotIdChange(
                "e4b52ab9f082e16b5be7440a344d09144bda8498c555618db0fbfd2015c776de",
                "6831c045d35dc84669b1a24069e84c4d5251c97b8fe3f596a29d870e89a88edb"));
  }

  @Test
  void tagJson019AndText014() {
    TagResult r19 = tag("0.19.1_tag_json_add");
    assertThat(r19.changedSnapshots()).isEqualTo(2);
    assertThat(r19.changes()).extracting(SnapshotIdChange::newSnapshotId).hasSize(2);
    TagResult r14 = tag("0.14.0_tag_json_add");
    assertThat(r14.changedSnapshots()).isEqualTo(3);
    assertThat(r14.changes()).isEmpty();
  }

  @Test
  void tagArgumentsAndValidation() {
    TagRequest req =
        TagRequest.builder().add("a").remove("b").filterTag("x,y").snapshot("abcd1234").build();
    assertThat(new TagCommand(req).arguments())
        .containsExactly("tag", "--add", "a", "--remove", "b", "--tag", "x,y", "--", "abcd1234");
    assertThat(req.lockMode(V18)).isEqualTo(LockMode.EXCLUSIVE);
    assertThatThrownBy(() -> TagRequest.builder().build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> TagRequest.builder().set("s").add("a").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("[s]");
    assertThatThrownBy(() -> TagRequest.builder().add("a,b"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("a,b");
  }

  @Test
  void keyList014ShortIdAnd018FullId() {
    List<KeyInfo> k14 = CorpusRun.replay(new KeyListCommand(), "0.14.0_key_list_json").finish();
    assertThat(k14)
        .containsExactly(
            new KeyInfo(
                true, "bd5fadf5", "root", "vm", LocalDateTime.of(2026, 11, 24, 19, 32, 12)));
    List<KeyInfo> k18 = CorpusRun.replay(new KeyListCommand(), "0.18.0_key_list_json").finish();
    assertThat(k18.get(0).id())
        .isEqualTo("8e66ea9871084c5651c917a298057658b1ed0047a783f06a098e20d9e15667aa");
    assertThat(k18.get(0).created()).isEqualTo(LocalDateTime.of(2026, 11, 24, 19, 32, 38));
    assertThat(k18.get(0).userName()).isEqualTo("root");
    assertThat(k18.get(0).hostName()).isEqualTo("vm");
  }

  @Test
  void keyListLockedIsNotSuccess() {
    assertThat(
            CorpusRun.replay(new KeyListCommand(), "0.18.0_key_list_vs_live_exclusive").success())
        .isFalse();
  }

  @Test
  void snapshotGroupsByHost() {
    SnapshotGroupsRequest req =
        SnapshotGroupsRequest.of(
            SnapshotsRequest.builder().host("hostA").build(), Set.of(SnapshotGrouping.HOST));
    SnapshotGroupsCommand spec = new SnapshotGroupsCommand(req);
    assertThat(spec.arguments())
        .containsExactly("snapshots", "--host", "hostA", "--group-by", "host");
    List<SnapshotGroup> g14 =
        CorpusRun.replay(spec, "0.14.0_snapshots_json_group_by_host").finish();
    assertThat(g14).extracting(SnapshotGroup::hostname).containsExactly("hostB", "hostA");
    assertThat(g14.get(0).paths()).isEmpty();
    assertThat(g14.get(0).snapshots()).extracting(s -> s.shortId()).startsWith("ce8d1ce4");
    List<SnapshotGroup> g18 =
        CorpusRun.replay(new SnapshotGroupsCommand(req), "0.18.0_snapshots_json_group_by_host")
            .finish();
    assertThat(g18.get(0).hostname()).isEqualTo("hostA");
    assertThat(g18.get(0).snapshots()).isNotEmpty();
    assertThatThrownBy(() -> SnapshotGroupsRequest.of(SnapshotsRequest.builder().build(), Set.of()))
        .isInstanceOf(InvalidRequestException.class);
  }
}
