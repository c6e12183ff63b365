package io.github.restic4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.CatConfigRequest;
import io.github.restic4j.core.command.CatLockRequest;
import io.github.restic4j.core.command.ListLocksRequest;
import io.github.restic4j.core.command.SnapshotsRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which timeout a run gets: the call's, the request's, the default; built-in reads are capped. */
class ResticRepositoryTimeoutTest {

  private static final Duration SHORT = Duration.ofSeconds(6);
  private static final Duration LONG = Duration.ofHours(6);
  private static final String LOCK = "a".repeat(64);

  @Test
  void builtInReadsNeverOutlastAShorterDefault() {
    CallOptions none = CallOptions.defaults();
    assertThat(ResticRepository.timeoutOf(new CatConfigRequest(), none, SHORT)).isEqualTo(SHORT);
    assertThat(ResticRepository.timeoutOf(new ListLocksRequest(), none, SHORT)).isEqualTo(SHORT);
    assertThat(ResticRepository.timeoutOf(new CatLockRequest(LOCK), none, SHORT)).isEqualTo(SHORT);
  }

  @Test
  void builtInReadsKeepTheirOwnBoundUnderALongDefault() {
    CallOptions none = CallOptions.defaults();
    assertThat(ResticRepository.timeoutOf(new CatConfigRequest(), none, LONG))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(ResticRepository.timeoutOf(new ListLocksRequest(), none, LONG))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(ResticRepository.timeoutOf(new CatLockRequest(LOCK), none, LONG))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theCallsTimeoutWinsOverEverything() {
    CallOptions call = CallOptions.defaults().withTimeout(Duration.ofMinutes(30));
    assertThat(ResticRepository.timeoutOf(new CatConfigRequest(), call, SHORT))
        .isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void aTimeoutTheCallerSetOnARequestIsNotCapped() {
    BackupRequest longBackup =
        BackupRequest.builder().path(Path.of("/data")).timeout(Duration.ofHours(12)).build();
    assertThat(ResticRepository.timeoutOf(longBackup, CallOptions.defaults(), LONG))
        .isEqualTo(Duration.ofHours(12));
    assertThat(
            ResticRepository.timeoutOf(
                SnapshotsRequest.builder().build(), CallOptions.defaults(), SHORT))
        .isEqualTo(SHORT);
  }
}
