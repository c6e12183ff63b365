package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("0", Duration.ZERO),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of("-0", Duration.ZERO),
        Arguments.of("45ns", Duration.ofNanos(45)),
        Arguments.of("1.5ns", Duration.ofNanos(1)),
        Arguments.of("7us", Duration.ofNanos(7_000)),
        Arguments.of("512.3µs", Duration.ofNanos(512_300)),
        Arguments.of("512.3\u03bcs", Duration.ofNanos(512_300)),
        Arguments.of("720.254544ms", Duration.ofNanos(720_254_544)),
        Arguments.of("3.0083s", Duration.ofNanos(3_008_300_000L)),
        Arguments.of("10.263404503s", Duration.ofNanos(10_263_404_503L)),
        Arguments.of(".5s", Duration.ofMillis(500)),
        Arguments.of("5.s", Duration.ofSeconds(5)),
        Arguments.of("1m0s", Duration.ofMinutes(1)),
        Arguments.of("1m4.748258159s", Duration.ofNanos(64_748_258_159L)),
        Arguments.of("1h2m3.5s", Duration.ofMillis(3_723_500)),
        Arguments.of("2h45m", Duration.ofMinutes(165)),
        Arguments.of(
            "1295h59m38.012342811s",
            Duration.ofHours(1295).plusMinutes(59).plusSeconds(38).plusNanos(12_342_811)),
        Arguments.of("-3.2s", Duration.ofMillis(-3_200)),
        Arguments.of("-1h30m", Duration.ofMinutes(-90)),
        Arguments.of("+5s", Duration.ofSeconds(5)),
        Arguments.of("1s500ms", Duration.ofMillis(1_500)),
        Arguments.of(" 30s ", Duration.ofSeconds(30)),
        // Go's largest duration
        Arguments.of("2562047h47m16.854775807s", Duration.ofNanos(Long.MAX_VALUE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parses(String text, Duration expected) {
    assertThat(GoDuration.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "",
        " ",
        "-",
        "+",
        "s",
        "5",
        "1.5",
        "ms",
        "abc",
        "1d",
        "1w",
        "5 s",
        "1h 2m",
        "1..2s",
        "1.2.3s",
        "--1s",
        "1s-2s",
        "1S",
        "1H",
        "1sec",
        "0x10s",
        "1e3s",
        "∞s",
        // beyond int64 nanoseconds (Go: "invalid duration"); must not wrap around
        "2562048h",
        "9999999999999h",
        "2562047h47m16.854775808s"
      })
  void rejectsGarbage(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> GoDuration.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsWholeSecondsRoundedUpAtLeastOne() {
    assertThat(GoDuration.formatSeconds(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(GoDuration.formatSeconds(Duration.ofMillis(1_001))).isEqualTo("2s");
    assertThat(GoDuration.formatSeconds(Duration.ofMillis(1))).isEqualTo("1s");
    assertThat(GoDuration.formatSeconds(Duration.ZERO)).isEqualTo("1s");
    assertThat(GoDuration.parse(GoDuration.formatSeconds(Duration.ofMinutes(7))))
        .isEqualTo(Duration.ofMinutes(7));
  }
}
