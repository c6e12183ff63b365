package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.internal.CorpusReplay;
import io.github.restic4j.core.testing.CorpusFile;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ListLocksCommandTest {

  /** Ids copied from the files. */
  private static final Map<String, List<String>> EXPECTED =
      Map.of(
          "0.14.0_after_kill9_list_locks",
          List.of("71d7baf783dc62c93364e4dbd9b913da56515f523881a440b90b9ee911ac2b46"),
          "0.14.0_empty_lock_file_list_locks",
          List.of("cac9c16be2977b40bb328f63caf1223b76bf66671dc8d2d113a783c0edf0a9e2"),
          "0.14.0_list_locks_after_unlock",
          List.of(),
          "0.14.0_list_locks_vs_live_exclusive",
          List.of("613502f74953f5177031a9b98ef629c66974a7755d5ceeb7720ef0ffc453502c"),
          "0.18.0_after_kill9_list_locks",
          List.of("203dbafa25c6679af48b5332359ae201de7015b802060b0b79b290fad506025b"),
          "0.18.0_empty_lock_file_list_locks",
          List.of("86a6d8715c5a503fd9b26d307c6577cd8ae615866ba66445a23903b8a420e638"),
          "0.18.0_list_locks_after_unlock",
          List.of(),
          "0.18.0_list_locks_vs_live_exclusive",
          List.of("141471bc7b6245d778c0fa4abdaf2e5fcc149d2b4b9a03ddc67fa26ffdb5a55a"));

  static Stream<CorpusFile> listLockFiles() {
    return CorpusFile.all().stream().filter(f -> f.name().contains("_list_locks"));
  }

  @Test
  void everyListLocksFileHasAnExpectation() {
    assertThat(listLockFiles().map(CorpusFile::name).toList())
        .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listLockFiles")
  void readsIds(CorpusFile f) {
    assertThat(CorpusReplay.run(new ListLocksCommand(), f, e -> {}))
        .containsExactlyElementsOf(EXPECTED.get(f.name()));
  }

  @Test
  void ignoresNoiseLines() {
    CorpusFile real = CorpusFile.load("0.18.0_after_kill9_list_locks");
    CorpusFile noisy =
        new CorpusFile(
            "noisy",
            "0.18.0",
            "",
            0,
            "using temporary cache in /tmp/restic-check-cache-1\r\n"
                + real.stdout().replace("\n", "\r\n")
                + "203dbafa\n",
            "");
    assertThat(CorpusReplay.run(new ListLocksCommand(), noisy, e -> {}))
        .containsExactly("203dbafa25c6679af48b5332359ae201de7015b802060b0b79b290fad506025b");
  }

  @Test
  void neverLocksNeverJson() {
    ListLocksCommand spec = new ListLocksCommand();
    assertThat(spec.noLock()).isTrue();
    assertThat(spec.json()).isFalse();
    assertThat(spec.arguments()).containsExactly("list", "locks");
  }
}
