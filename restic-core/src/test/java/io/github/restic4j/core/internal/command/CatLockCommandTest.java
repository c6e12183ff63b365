package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.command.CatLockRequest;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.internal.CorpusReplay;
import io.github.restic4j.core.testing.CorpusFile;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CatLockCommandTest {

  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  /** Values copied from the files. */
  private static final Map<String, LockInfo> EXPECTED =
      Map.of(
          "0.14.0_after_kill9_cat_lock",
          lock("2026-11-24T19:24:53.433530514Z", false, "root", 8772, 0),
          "0.14.0_nolock_cat_lock_vs_live_exclusive",
          lock("2026-11-24T19:36:13.487116689Z", true, "root", 18690, 0),
          "0.14.0_nonroot_user_cat_lock",
          lock("2026-11-24T19:30:13.693120527Z", false, "nobody", 14167, 65534),
          "0.18.0_after_kill9_cat_lock",
          lock("2026-11-24T19:25:14.181299075Z", false, "root", 9309, 0),
          "0.18.0_nolock_cat_lock_vs_live_exclusive",
          lock("2026-11-24T19:36:21.23193638Z", true, "root", 18865, 0),
          "0.18.0_nonroot_user_cat_lock",
          lock("2026-11-24T19:30:20.477961488Z", false, "nobody", 14220, 65534));

  private static LockInfo lock(String time, boolean exclusive, String user, long pid, long id) {
    return new LockInfo("", OffsetDateTime.parse(time), exclusive, "vm", user, pid, id, id);
  }

  static Stream<CorpusFile> catLockFiles() {
    return CorpusFile.all().stream()
        .filter(f -> f.name().contains("_cat_lock"))
        .filter(f -> f.exitCode() == 0);
  }

  @Test
  void everyCatLockFileHasAnExpectation() {
    assertThat(catLockFiles().map(CorpusFile::name).toList())
        .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catLockFiles")
  void readsLock(CorpusFile f) {
    Matcher m = ID.matcher(f.command());
    assertThat(m.find()).isTrue();
    String id = m.group();
    CatLockCommand spec = new CatLockCommand(new CatLockRequest(id));
    LockInfo info = CorpusReplay.run(spec, f, e -> {});
    assertThat(info).isEqualTo(EXPECTED.get(f.name()).withId(id));
    assertThat(info.shortId()).isEqualTo(id.substring(0, 8));
  }

  @Test
  void uidGidAbsentMeansZero() {
    CorpusFile f = CorpusFile.load("0.18.0_after_kill9_cat_lock");
    assertThat(f.stdout()).doesNotContain("uid").doesNotContain("gid");
    LockInfo info =
        CorpusReplay.run(
            new CatLockCommand(
                new CatLockRequest(
                    "203dbafa25c6679af48b5332359ae201de7015b802060b0b79b290fad506025b")),
            f,
            e -> {});
    assertThat(info.uid()).isZero();
    assertThat(info.gid()).isZero();
  }

  @Test
  void runsWithoutLockAndWithoutJsonFlag() {
    CatLockCommand spec =
        new CatLockCommand(
            new CatLockRequest("203dbafa25c6679af48b5332359ae201de7015b802060b0b79b290fad506025b"));
    assertThat(spec.noLock()).isTrue();
    assertThat(spec.json()).isFalse();
    assertThat(spec.arguments())
        .containsExactly(
            "cat", "lock", "203dbafa25c6679af48b5332359ae201de7015b802060b0b79b290fad506025b");
  }
}
