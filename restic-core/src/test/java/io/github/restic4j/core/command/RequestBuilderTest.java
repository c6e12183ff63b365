package io.github.restic4j.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.error.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBuilderTest {

  @Test
  void filteredBuilderCollectsFiltersInOrderAndChains() {
    SnapshotsRequest r =
        SnapshotsRequest.builder()
            .host("a")
            .tag("x,y")
            .host("b")
            .path("/srv")
            .timeout(Duration.ofSeconds(5))
            .latest(1)
            .build();
    assertThat(r.filter())
        .isEqualTo(new SnapshotFilter(List.of("a", "b"), List.of("x,y"), List.of("/srv")));
    assertThat(r.timeout()).contains(Duration.ofSeconds(5));
  }

  @Test
  void withoutFiltersTheFilterIsNone() {
    SnapshotFilter f = LsRequest.latest().build().filter();
    assertThat(f).isEqualTo(SnapshotFilter.none());
    assertThat(f.isEmpty()).isTrue();
    assertThat(InitRequest.builder().build().timeout()).isEmpty();
  }

  @Test
  void validationMessagesStayTheSame() {
    assertThatThrownBy(() -> SnapshotsRequest.builder().host(" "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("host must not be blank");
    assertThatThrownBy(() -> StatsRequest.builder().tag("a\nb"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("tag must not contain line breaks");
    assertThatThrownBy(() -> DumpRequest.builder("latest", "/f").filterPath(""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("path filter must not be blank");
    assertThatThrownBy(() -> TagRequest.builder().filterTag(""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("tag filter must not be blank");
    assertThatThrownBy(() -> BackupRequest.builder().timeout(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> StatsRequest.builder().snapshot("xyz"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("snapshot must be a hex snapshot id or 'latest', was xyz");
  }

  @Test
  void snapshotFilterCopiesItsLists() {
    List<String> hosts = new ArrayList<>(List.of("a"));
    SnapshotFilter f = new SnapshotFilter(hosts, List.of(), List.of());
    hosts.add("b");
    assertThat(f.hosts()).containsExactly("a");
    assertThat(f.isEmpty()).isFalse();
    assertThatThrownBy(() -> f.tags().add("t")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void restoreRejectsFiltersWithAnExplicitSnapshot() {
    assertThatThrownBy(
            () -> RestoreRequest.builder("abcd1234", Path.of("/tmp/t")).host("a").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("only apply to 'latest'");
  }
}
