package io.github.restic4j.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.error.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every request carries the timeout its builder or factory was given, and none by default. */
class RequestTimeoutTest {

  private static final Duration T = Duration.ofMinutes(7);
  private static final Secret PW = Secret.of("new-password");

  private static final ResticRepository SOURCE =
      Restic.builder()
          .binary(Path.of("/bin/true")) // never run: the version is given
          .version(ResticVersion.of(0, 18, 0))
          .build()
          .repository("/tmp/source")
          .password(Secret.of("pw"))
          .build();

  /** Each request type, made with a given timeout (null: none set). */
  private static final List<Function<Duration, ResticRequest<?, ?>>> REQUESTS =
      List.of(
          t -> timed(BackupRequest.builder().path(Path.of("/data")), t).build(),
          t -> timed(CheckRequest.builder(), t).build(),
          t -> timed(CopyRequest.builder(SOURCE), t).build(),
          t -> timed(DiffRequest.builder("a", "b"), t).build(),
          t -> timed(DumpRequest.builder("latest", "/f"), t).build(),
          t -> timed(FindRequest.builder("*.txt"), t).build(),
          t -> timed(ForgetRequest.builder().keepLast(1), t).build(),
          t -> timed(InitRequest.builder(), t).build(),
          t -> timed(KeyAddRequest.builder(PW), t).build(),
          t -> t == null ? KeyListRequest.create() : KeyListRequest.withTimeout(t),
          t -> KeyPasswdRequest.of(PW, t),
          t -> KeyRemoveRequest.of("0123abcd", t),
          t -> timed(LsRequest.latest(), t).build(),
          t -> timed(PruneRequest.builder(), t).build(),
          t -> timed(RepairIndexRequest.builder(), t).build(),
          t -> timed(RestoreRequest.builder("latest", Path.of("/target")), t).build(),
          t -> timed(SnapshotsRequest.builder(), t).build(),
          t -> timed(StatsRequest.builder(), t).build(),
          t -> timed(TagRequest.builder().add("x"), t).build(),
          t -> timed(UnlockRequest.builder(), t).build());

  private static <B extends RequestBuilder<B>> B timed(B builder, Duration timeout) {
    return timeout == null ? builder : builder.timeout(timeout);
  }

  @Test
  void everyRequestKeepsItsTimeout() {
    for (Function<Duration, ResticRequest<?, ?>> make : REQUESTS) {
      ResticRequest<?, ?> withTimeout = make.apply(T);
      assertThat(withTimeout.timeout()).as(withTimeout.command()).contains(T);
      ResticRequest<?, ?> without = make.apply(null);
      assertThat(without.timeout()).as(without.command()).isEmpty();
    }
    assertThat(REQUESTS).hasSize(20);
  }

  @Test
  void aTimeoutMustBePositive() {
    assertThatThrownBy(() -> InitRequest.builder().timeout(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> KeyListRequest.withTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> KeyRemoveRequest.of("0123abcd", Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class);
  }
}
