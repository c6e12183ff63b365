package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.CheckResult;
import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.internal.CommandSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckCommandTest {

  private static final ResticVersion V14 = ResticVersion.of(0, 14, 0);
  private static final ResticVersion V18 = ResticVersion.of(0, 18, 0);
  private static final ResticVersion V19 = ResticVersion.of(0, 19, 1);

  private static CheckCommand spec(ResticVersion v) {
    return new CheckCommand(CheckRequest.builder().build(), v);
  }

  @Test
  void jsonSummary018And019() {
    for (var c :
        List.of(new Object[] {V18, "0.18.0_check_json"}, new Object[] {V19, "0.19.1_check_json"})) {
      CheckCommand s = spec((ResticVersion) c[0]);
      assertThat(s.json()).isTrue();
      var r = CorpusRun.replay(s, (String) c[1]);
      assertThat(r.success()).isTrue();
      CheckResult res = r.finish();
      assertThat(res.ok()).isTrue();
      assertThat(res.errors()).isEmpty();
      assertThat(res.suggestPrune()).isFalse();
      assertThat(res.suggestRepairIndex()).isFalse();
    }
  }

  @Test
  void text014() {
    CheckCommand s = spec(V14);
    assertThat(s.json()).isFalse();
    CheckResult res = CorpusRun.replay(s, "0.14.0_check_text").finish();
    assertThat(res.ok()).isTrue();
    assertThat(res.suggestPrune()).isFalse();
  }

  @Test
  void unreferencedPacksSuggestPruneInText() {
    CheckResult res = CorpusRun.replay(spec(V14), "0.14.0_after_kill9_check_nolock").finish();
    assertThat(res.ok()).isTrue();
    assertThat(res.suggestPrune()).isTrue();
    CheckResult res18 = CorpusRun.replay(spec(V14), "0.18.0_after_kill9_check_nolock").finish();
    assertThat(res18.suggestPrune()).isTrue();
  }

  @Test
  void lockFailure014IsLockedNotCorrupt() {
    var r = CorpusRun.replay(spec(V14), "0.14.0_after_kill9_check_locked");
    assertThat(r.file().exitCode()).isEqualTo(1);
    // exit 1 reaches finish(); the lock text must win over "repository has errors"
    assertThat(r.success()).isTrue();
    assertThatThrownBy(r::finish).isInstanceOf(RepositoryLockedException.class);
  }

  @Test
  void lockFailure018JsonSummaryWithOneErrorIsStillLocked() {
    var r = CorpusRun.replay(spec(V18), "0.18.0_after_kill9_check_locked_json");
    assertThat(r.file().exitCode()).isEqualTo(11);
    assertThat(r.success()).isFalse();
  }

  @Test
  void repositoryErrorsAreAResult() {
    // no damaged-repository capture in the corpus; restic's JSON error shape per reference 4.6
    CheckCommand s = spec(V18);
    s.onStdout(
        "{\"message_type\":\"summary\",\"num_errors\":1,\"broken_packs\":[\"abc\"],"
            + "\"suggest_repair_index\":true,\"suggest_prune\":false}",
        e -> {});
    s.onStderrJson(
        io.github.restic4j.core.internal.Json.tryParse(
                "{\"message_type\":\"error\",\"message\":\"pack abc: not found\"}")
            .orElseThrow(),
        e -> {});
    CommandFailure inv =
        new CommandFailure(s.arguments(), 1, "Fatal: repository contains errors", "0.18.0");
    CheckResult res = s.finish(new CommandSpec.Completion(1, List.of(), inv));
    assertThat(res.ok()).isFalse();
    assertThat(res.errors()).containsExactly("pack abc: not found");
    assertThat(res.suggestRepairIndex()).isTrue();
  }

  @Test
  void argumentsAndValidation() {
    assertThat(spec(V18).arguments()).containsExactly("check");
    assertThat(new CheckCommand(CheckRequest.builder().readData().build(), V14).arguments())
        .containsExactly("check", "--read-data");
    assertThat(
            new CheckCommand(CheckRequest.builder().readDataSubset("1/5").build(), V14).arguments())
        .containsExactly("check", "--read-data-subset=1/5");
    CheckRequest.builder().readDataSubset("10%").readDataSubset("500M");
    assertThatThrownBy(() -> CheckRequest.builder().readDataSubset("6/5"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("6/5");
    assertThatThrownBy(() -> CheckRequest.builder().readDataSubset("150%"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("150%");
    assertThatThrownBy(() -> CheckRequest.builder().readDataSubset("half"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("half");
    assertThatThrownBy(() -> CheckRequest.builder().readData().readDataSubset("10%").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("10%");
  }

  private static CheckResult damaged(ResticVersion v, String capture) {
    var r = CorpusRun.replayResource(spec(v), capture);
    assertThat(r.file().exitCode()).isEqualTo(1);
    assertThat(r.success()).isTrue();
    return r.finish();
  }

  /** Each damaged capture with the version whose flags produced it (text ones parsed as 0.14). */
  private static List<Object[]> damagedCaptures(String damage) {
    String n = "_check_missing_" + damage;
    return List.of(
        new Object[] {V14, "0.14.0" + n},
        new Object[] {V18, "0.18.0" + n + "_json"},
        new Object[] {V19, "0.19.1" + n + "_json"},
        new Object[] {V14, "0.18.0" + n},
        new Object[] {V14, "0.19.1" + n});
  }

  @Test
  void missingIndexIsNotOkAndSuggestsPruneOnEveryVersion() {
    // real captures (src/test/resources/corpus/capture-check-damaged.sh): rm repo/index/*
    for (var c : damagedCaptures("index")) {
      CheckResult res = damaged((ResticVersion) c[0], (String) c[1]);
      assertThat(res.ok()).as((String) c[1]).isFalse();
      assertThat(res.errors()).as((String) c[1]).isNotEmpty();
      assertThat(res.errors().get(0)).as((String) c[1]).startsWith("error for tree ");
      assertThat(res.errors().get(1))
          .as((String) c[1])
          .startsWith("id ")
          .endsWith("not found in repository");
      assertThat(res.errors()).allMatch(e -> !e.isBlank() && !e.contains("contains errors"));
      // restic says "run `restic prune`" for the packs no index references; never repair index
      assertThat(res.suggestPrune()).as((String) c[1]).isTrue();
      assertThat(res.suggestRepairIndex()).as((String) c[1]).isFalse();
    }
  }

  @Test
  void missingPackIsNotOkWithoutSuggestions() {
    for (var c : damagedCaptures("pack")) {
      CheckResult res = damaged((ResticVersion) c[0], (String) c[1]);
      assertThat(res.ok()).as((String) c[1]).isFalse();
      assertThat(res.errors().get(0))
          .as((String) c[1])
          .matches("pack [0-9a-f]{64}: does not exist");
      // 0.14's backend retry lines are noise, not problems
      assertThat(res.errors()).noneMatch(e -> e.contains("retrying after"));
      assertThat(res.suggestPrune()).as((String) c[1]).isFalse();
      assertThat(res.suggestRepairIndex()).as((String) c[1]).isFalse();
    }
  }
}
