package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.ForgetGroup;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.PruneSummary;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.SnapshotGrouping;
import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.SnapshotRemovalFailedException;
import io.github.restic4j.core.internal.CommandSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForgetCommandTest {

  private static final ResticVersion V14 = ResticVersion.of(0, 14, 0);
  private static final ResticVersion V18 = ResticVersion.of(0, 18, 0);
  private static final ResticVersion V19 = ResticVersion.of(0, 19, 1);

  private static ForgetCommand spec(ResticVersion v, boolean prune) {
    ForgetRequest.Builder b = ForgetRequest.builder().keepLast(1);
    if (prune) {
      b.prune();
    }
    return new ForgetCommand(b.build(), v);
  }

  @Test
  void dryRun014FillsReasonIdsFromKeepList() {
    var r = CorpusRun.replay(spec(V14, false), "0.14.0_forget_json_dry_run");
    assertThat(r.success()).isTrue();
    ForgetResult result = r.finish();
    assertThat(result.groups()).hasSize(2);
    ForgetGroup b = result.groups().get(0);
    assertThat(b.host()).isEqualTo("hostB");
    assertThat(b.tags()).isEmpty();
    assertThat(b.paths()).containsExactly("/srv/restic-lab/jdata");
    assertThat(b.keep()).extracting(Snapshot::shortId).containsExactly("f79146cc");
    assertThat(b.remove()).extracting(Snapshot::shortId).containsExactly("ce8d1ce4");
    assertThat(b.reasons()).hasSize(1);
    assertThat(b.reasons().get(0).snapshot().id())
        .isEqualTo("f79146cca9e4398bc72b38e19ac7a405d5d59051078e7c5699706c2d9292d91a");
    assertThat(b.reasons().get(0).matches()).containsExactly("last snapshot");
    ForgetGroup a = result.groups().get(1);
    assertThat(a.host()).isEqualTo("hostA");
    assertThat(a.remove()).extracting(Snapshot::shortId).containsExactly("34f55287", "81dd1333");
    assertThat(result.removed()).hasSize(3);
    assertThat(result.kept()).hasSize(2);
    assertThat(result.prune()).isNull();
  }

  @Test
  void prune014ParsesJsonAndTextReportAndMatchesReasonsByTimeAndTree() {
    var r = CorpusRun.replay(spec(V14, true), "0.14.0_forget_json_prune");
    ForgetResult result = r.finish();
    ForgetGroup a = result.groups().get(0);
    assertThat(a.host()).isEqualTo("hostA");
    // both kept snapshots share the same tree; only the time tells them apart
    assertThat(a.reasons())
        .extracting(x -> x.snapshot().shortId())
        .containsExactly("75e8d72a", "0567905f");
    assertThat(result.groups().get(1).remove()).isEmpty();
    PruneSummary p = result.prune();
    assertThat(p).isNotNull();
    assertThat(p.repackBlobs()).isEqualTo(7);
    assertThat(p.repackBytes()).isEqualTo(Math.round(1.632 * 1024));
    assertThat(p.removeBlobs()).isEqualTo(4);
    assertThat(p.removeBytes()).isEqualTo(905);
    assertThat(p.totalPruneBlobs()).isEqualTo(4);
    assertThat(p.totalPruneBytes()).isEqualTo(905);
    assertThat(p.remainingBlobs()).isEqualTo(8);
    assertThat(p.remainingBytes()).isEqualTo(Math.round(1.410 * 1024));
    assertThat(p.packsRepacked()).isEqualTo(2);
    assertThat(p.oldPacksRemoved()).isEqualTo(2);
    assertThat(p.dryRun()).isFalse();
  }

  @Test
  void dryRun018HasReasonIdsAndSummaries() {
    ForgetResult result = CorpusRun.replay(spec(V18, false), "0.18.0_forget_json_dry_run").finish();
    ForgetGroup g = result.groups().get(0);
    assertThat(g.keep()).extracting(Snapshot::shortId).containsExactly("9b5419f4");
    assertThat(g.remove()).extracting(Snapshot::shortId).containsExactly("c16e7532", "e4b52ab9");
    assertThat(g.reasons().get(0).snapshot().shortId()).isEqualTo("9b5419f4");
    assertThat(g.keep().get(0).summary().totalBytesProcessed()).isEqualTo(29);
  }

  @Test
  void prune018ReportAfterJson() {
    ForgetResult result = CorpusRun.replay(spec(V18, true), "0.18.0_forget_json_prune").finish();
    assertThat(result.groups().get(0).remove())
        .extracting(Snapshot::shortId)
        .containsExactly("6831c045");
    assertThat(result.prune().repackBytes()).isEqualTo(Math.round(1.663 * 1024));
    assertThat(result.prune().removeBytes()).isEqualTo(937);
    assertThat(result.prune().remainingBytes()).isEqualTo(Math.round(1.409 * 1024));
    assertThat(result.prune().oldPacksRemoved()).isEqualTo(2);
  }

  @Test
  void prune019HasNoTextReport() {
    ForgetResult result = CorpusRun.replay(spec(V19, true), "0.19.1_forget_json_prune").finish();
    assertThat(result.groups()).hasSize(1);
    assertThat(result.kept()).extracting(Snapshot::shortId).containsExactly("5a0428d8");
    assertThat(result.removed()).extracting(Snapshot::shortId).containsExactly("fecc7c75");
    assertThat(result.prune()).isNull();
  }

  @Test
  void nothingMatchingIsEmptyResult() {
    for (String f :
        List.of("0.14.0_forget_json_nothing_matches", "0.18.0_forget_json_nothing_matches")) {
      var r = CorpusRun.replay(spec(V18, false), f);
      assertThat(r.success()).isTrue();
      assertThat(r.finish().groups()).isEmpty();
    }
  }

  @Test
  void lockFailuresAreNotSuccess() {
    assertThat(CorpusRun.replay(spec(V14, false), "0.14.0_after_kill9_forget_locked").success())
        .isFalse();
    assertThat(
            CorpusRun.replay(spec(V18, false), "0.18.0_after_kill9_forget_locked_json").success())
        .isFalse();
  }

  @Test
  void removalWarningWithExitZeroThrows() {
    // no append-only capture in the corpus: stderr wording from restic's forget (0.14-0.18)
    ForgetCommand s = spec(V18, false);
    CommandFailure inv = new CommandFailure(s.arguments(), 0, "", "0.18.0");
    assertThatThrownBy(
            () ->
                s.finish(
                    new CommandSpec.Completion(
                        0,
                        List.of("unable to remove <snapshot/1af6721e38> from the repository"),
                        inv)))
        .isInstanceOf(SnapshotRemovalFailedException.class)
        .satisfies(
            e ->
                assertThat(((SnapshotRemovalFailedException) e).snapshotIds())
                    .containsExactly("1af6721e38"));
  }

  @Test
  void exit3IsRemovalFailureOnlyFrom019() {
    assertThat(spec(V19, false).isSuccess(3)).isTrue();
    assertThat(spec(V18, false).isSuccess(3)).isFalse();
    ForgetCommand s = spec(V19, false);
    CommandFailure inv = new CommandFailure(s.arguments(), 3, "", "0.19.1");
    assertThatThrownBy(() -> s.finish(new CommandSpec.Completion(3, List.of(), inv)))
        .isInstanceOf(SnapshotRemovalFailedException.class);
  }

  @Test
  void argumentsKeepOrderAndFilters() {
    ForgetRequest req =
        ForgetRequest.builder()
            .keepDaily(7)
            .keepLast(2)
            .keepWithinWeekly("2m")
            .keepTag("keep")
            .host("h1")
            .tag("a,b")
            .path("/data")
            .groupBy(SnapshotGrouping.TAGS, SnapshotGrouping.HOST)
            .dryRun()
            .prune()
            .build();
    assertThat(new ForgetCommand(req, V14).arguments())
        .containsExactly(
            "forget",
            "--keep-daily",
            "7",
            "--keep-last",
            "2",
            "--keep-within-weekly",
            "2m",
            "--keep-tag",
            "keep",
            "--host",
            "h1",
            "--tag",
            "a,b",
            "--path",
            "/data",
            "--group-by",
            "host,tags",
            "--dry-run",
            "--prune");
    assertThat(req.lockMode(V18)).isEqualTo(LockMode.EXCLUSIVE);
    ForgetRequest ungrouped = ForgetRequest.builder().keepHourly(1).groupBy().build();
    assertThat(new ForgetCommand(ungrouped, V14).arguments()).containsSubsequence("--group-by", "");
  }

  @Test
  void validationNamesTheBadValue() {
    assertThatThrownBy(() -> ForgetRequest.builder().keepLast(0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--keep-last")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> ForgetRequest.builder().keepWithin("7 days"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("7 days");
    assertThatThrownBy(() -> ForgetRequest.builder().host("x").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("keep rule");
  }
}
