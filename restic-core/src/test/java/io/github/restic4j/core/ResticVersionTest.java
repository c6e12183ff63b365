package io.github.restic4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.error.ResticBinaryException;
import io.github.restic4j.core.testing.CorpusFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResticVersionTest {

  /** The version each captured {@code version} output must yield. */
  private static final Map<String, ResticVersion> EXPECTED =
      Map.of(
          "0.14.0_version_text", ResticVersion.of(0, 14, 0),
          "0.14.0_version_json", ResticVersion.of(0, 14, 0), // 0.14 ignores --json here
          "0.18.0_version_text", ResticVersion.of(0, 18, 0),
          "0.18.0_version_json", ResticVersion.of(0, 18, 0),
          "0.19.1_version_json", ResticVersion.of(0, 19, 1));

  static Stream<CorpusFile> versionFiles() {
    return CorpusFile.all().stream().filter(f -> f.name().contains("_version_"));
  }

  @Test
  void everyVersionFileHasAnExpectation() {
    assertThat(versionFiles().map(CorpusFile::name).toList())
        .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versionFiles")
  void readsRealVersionOutput(CorpusFile f) {
    ResticVersion v = ResticVersion.fromVersionOutput(f.stdout());
    assertThat(v).isEqualTo(EXPECTED.get(f.name()));
    assertThat(v.raw()).isEqualTo(EXPECTED.get(f.name()).raw());
  }

  @Test
  void readsDevBuildsAndOtherShapes() {
    ResticVersion dev =
        ResticVersion.fromVersionOutput(
            "restic 0.16.4-dev (compiled manually) compiled with go1.22.1 on linux/amd64\n");
    assertThat(dev.major()).isZero();
    assertThat(dev.minor()).isEqualTo(16);
    assertThat(dev.patch()).isEqualTo(4);
    assertThat(dev.raw()).isEqualTo("0.16.4-dev");
    assertThat(dev.toString()).isEqualTo("0.16.4");
    // 0.17 --json has no message_type yet
    assertThat(
            ResticVersion.fromVersionOutput(
                "{\"version\":\"0.17.3\",\"go_version\":\"go1.23.1\",\"go_os\":\"linux\","
                    + "\"go_arch\":\"amd64\"}"))
        .isEqualTo(ResticVersion.of(0, 17, 3));
    // a warning line before the version line
    assertThat(
            ResticVersion.fromVersionOutput(
                "some warning\r\nrestic 0.17.1 compiled with go1.22.5 on darwin/arm64\r\n"))
        .isEqualTo(ResticVersion.of(0, 17, 1));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "",
        "bash: restic: command not found",
        "rustic 0.5.0",
        "restic",
        "restic version",
        "restic x.y.z compiled with go1.22",
        "myrestic 0.18.0 compiled with go1.24.4 on linux/amd64",
        "restic 99999999999.0.0 compiled with go1.24.4 on linux/amd64",
        "{\"message_type\":\"version\",\"go_version\":\"go1.24.4\"}",
        "Usage:\n  restic [command]\n"
      })
  void garbageIsNotRestic(String output) {
    assertThatThrownBy(() -> ResticVersion.fromVersionOutput(output))
        .isInstanceOf(ResticBinaryException.class);
  }

  @Test
  void nullIsNotRestic() {
    assertThatThrownBy(() -> ResticVersion.fromVersionOutput(null))
        .isInstanceOf(ResticBinaryException.class);
  }

  @Test
  void ordersNumericallyNotLexically() {
    List<ResticVersion> sorted =
        new ArrayList<>(
            List.of(
                ResticVersion.parse("1.0.0"),
                ResticVersion.parse("0.10.0"),
                ResticVersion.parse("0.9.6"),
                ResticVersion.parse("0.18.0"),
                ResticVersion.parse("0.17.1"),
                ResticVersion.parse("0.17.0"),
                ResticVersion.parse("0.14.0"),
                ResticVersion.parse("0.19.1")));
    Collections.shuffle(sorted, new java.util.Random(42));
    Collections.sort(sorted);
    assertThat(sorted.stream().map(ResticVersion::toString))
        .containsExactly(
            "0.9.6", "0.10.0", "0.14.0", "0.17.0", "0.17.1", "0.18.0", "0.19.1", "1.0.0");
  }

  @Test
  void featureGates() {
    ResticVersion v = ResticVersion.of(0, 17, 0);
    assertThat(v.isAtLeast(0, 17, 0)).isTrue();
    assertThat(v.isAtLeast(0, 17, 1)).isFalse();
    assertThat(v.isAtLeast(0, 16, 9)).isTrue();
    assertThat(v.isAtLeast(ResticVersion.MINIMUM_SUPPORTED)).isTrue();
    assertThat(ResticVersion.of(0, 9, 6).isAtLeast(ResticVersion.MINIMUM_SUPPORTED)).isFalse();
    // a suffix does not change the ordering
    assertThat(ResticVersion.parse("v0.19.1-dev").compareTo(ResticVersion.of(0, 19, 1))).isZero();
    assertThat(ResticVersion.parse("v0.19.1-dev").raw()).isEqualTo("0.19.1-dev");
    assertThat(ResticVersion.parse("0.18")).isEqualTo(ResticVersion.of(0, 18, 0));
  }

  @Test
  void parseRejectsGarbage() {
    assertThatThrownBy(() -> ResticVersion.parse("latest"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResticVersion(0, -1, 0, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
