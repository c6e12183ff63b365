package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.SnapshotsRequest;
import io.github.restic4j.core.error.ResticCommandException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A million lines through the real process layer (zt-exec pumps, line splitting, JSON parsing,
 * stderr tail): restic4j runs a small shell script that answers {@code version} like restic 0.18
 * and floods stdout and stderr at the same time for {@code snapshots}. Nothing may deadlock on a
 * full pipe, and memory must not grow with the output.
 */
@ExtendWith(Exercised.class)
class BigOutputIT {

  private static final int LINES = 1_000_000;
  private static final long MAX_RETAINED_BYTES = 64L * 1024 * 1024;
  private static final Duration LIMIT = Duration.ofSeconds(120);

  private static final String SCRIPT =
      """
      #!/bin/sh
      # answers like restic 0.18.0; floods stdout and stderr concurrently for 'snapshots'
      for a in "$@"; do
        case "$a" in
          version)
            echo "restic 0.18.0 compiled with go1.24.4 on linux/amd64"
            exit 0 ;;
          snapshots)
            yes 'progress noise on stderr, as restic may print when a terminal is assumed' \\
              | head -n %1$d >&2 &
            yes '{"message_type":"verbose_status","action":"unchanged","item":"/data/file"}' \\
              | head -n %1$d
            wait
            if [ -n "$FAIL_AFTER_FLOOD" ]; then
              echo "Fatal: simulated failure after the flood" >&2
              exit 1
            fi
            echo '[{"time":"2024-05-01T10:00:00.123456789+02:00","tree":"%2$s","paths":["/data"],"hostname":"fake","username":"fake","id":"%3$s","short_id":"%4$s"}]'
            exit 0 ;;
        esac
      done
      echo "fake restic: unexpected arguments: $*" >&2
      exit 1
      """;

  private static Path work;
  private static Path script;

  @BeforeAll
  static void writeScript() throws IOException {
    work = Its.tempDir("big-output");
    script = work.resolve("restic");
    String id = "ab".repeat(32);
    Files.writeString(
        script, String.format(SCRIPT, LINES, "cd".repeat(32), id, id.substring(0, 8)));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterAll
  static void deleteScript() {
    Its.deleteRecursively(work);
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  private static ResticRepository repository(boolean failAfterFlood) {
    Restic restic = Restic.builder().binary(script).defaultTimeout(LIMIT).build();
    assertThat(restic.version().raw()).isEqualTo("0.18.0");
    ResticRepository.Builder b = restic.repository("/nonexistent/fake").password(Secret.of("x"));
    if (failAfterFlood) {
      b.environment("FAIL_AFTER_FLOOD", Secret.of("1"));
    }
    return b.build();
  }

  @Test
  void aMillionLinesOnEachStreamAreConsumedWithBoundedMemory() {
    ResticRepository repo = repository(false);
    long before = usedHeapAfterGc();
    long start = System.nanoTime();

    List<Snapshot> snapshots = repo.snapshots(SnapshotsRequest.builder().timeout(LIMIT).build());

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    long after = usedHeapAfterGc();
    assertThat(snapshots)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo("ab".repeat(32));
              assertThat(s.hostname()).isEqualTo("fake");
            });
    assertThat(took).isLessThan(LIMIT);
    // the result is still referenced here: nothing of the 2 x 1M lines may be retained with it
    assertThat(after - before).as("heap retained after the run").isLessThan(MAX_RETAINED_BYTES);
    Exercised.record("process layer", "fake sh", "1M lines stdout+stderr, bounded memory");
  }

  @Test
  void aFailureAfterAMillionStderrLinesKeepsOnlyABoundedTail() {
    ResticRepository repo = repository(true);
    long before = usedHeapAfterGc();

    ResticCommandException e =
        catchThrowableOfType(
            ResticCommandException.class,
            () -> repo.snapshots(SnapshotsRequest.builder().timeout(LIMIT).build()));

    long after = usedHeapAfterGc();
    assertThat(e).as("exit 1 must fail").isNotNull();
    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e.failure().stderrTail())
        .contains("simulated failure after the flood")
        .hasSizeLessThan(256 * 1024);
    assertThat(e.getMessage()).hasSizeLessThan(256 * 1024);
    assertThat(after - before).as("heap retained after the run").isLessThan(MAX_RETAINED_BYTES);
    Exercised.record("process layer", "fake sh", "1M stderr lines then failure, bounded tail");
  }
}
