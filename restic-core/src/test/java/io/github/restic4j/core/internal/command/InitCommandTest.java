package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.InitRequest;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.internal.CorpusReplay;
import io.github.restic4j.core.testing.CorpusFile;
import org.junit.jupiter.api.Test;

class InitCommandTest {

  private static RepositoryConfig run(String name) {
    CorpusFile f = CorpusFile.load(name);
    return CorpusReplay.run(
        new InitCommand(InitRequest.builder().build(), ResticVersion.parse(f.version())),
        f,
        e -> {});
  }

  @Test
  void text014() {
    assertThat(run("0.14.0_init").id()).isEqualTo("ee2e5ea8bc");
    // 0.14 has no JSON for init and prints text even with --json
    assertThat(run("0.14.0_init_json").id()).isEqualTo("adec4d4b9b");
  }

  @Test
  void json018() {
    assertThat(run("0.18.0_init_json").id())
        .isEqualTo("a0a3d5750afc85fc521eb9af5d0802a629d3413c913027b1b58b226ecbe318b2");
  }

  @Test
  void textOfNewerVersionsIsReadToo() {
    assertThat(run("0.18.0_init").id()).isEqualTo("f9efc53173");
    assertThat(run("0.19.1_init").id()).isEqualTo("b7f39cc481");
  }

  @Test
  void jsonOnlyFrom015() {
    InitRequest r = InitRequest.builder().build();
    assertThat(new InitCommand(r, ResticVersion.of(0, 14, 0)).json()).isFalse();
    assertThat(new InitCommand(r, ResticVersion.of(0, 15, 0)).json()).isTrue();
    assertThat(new InitCommand(r, ResticVersion.of(0, 18, 0)).arguments()).containsExactly("init");
  }
}
