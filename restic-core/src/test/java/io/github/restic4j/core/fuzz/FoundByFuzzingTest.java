package io.github.restic4j.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.restic4j.core.command.TagRequest;
import io.github.restic4j.core.internal.LockMessages;
import io.github.restic4j.core.internal.command.PruneReport;
import io.github.restic4j.core.internal.command.TagCommand;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Regression tests for the bugs ParserFuzzTest found, as plain deterministic examples. */
class FoundByFuzzingTest {

  @Test
  void aHugeLockLineIsRejectedQuicklyInsteadOfBacktrackingForMinutes() {
    String line =
        "repository is already locked by PID 1 on h by "
            + "x by ".repeat(200_000)
            + "\nlock was created at 2026-11-24 10:00:00 (1s ago)\nstorage ID 0123abcd\n";
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> assertThat(LockMessages.parseConflict(line, Instant.EPOCH)).isEmpty());
    assertThat(LockMessages.isAlreadyLocked(line)).isTrue();
  }

  @Test
  void realLockMessagesStillParse() {
    String text =
        "repository is already locked exclusively by PID 4242 on my host by Jane Doe (UID 1000,"
            + " GID 1000)\nlock was created at 2026-11-24 10:00:00 (1m2.5s ago)\n"
            + "storage ID 0123abcd\n";
    var c = LockMessages.parseConflict(text, Instant.EPOCH).orElseThrow();
    assertThat(c.pid()).isEqualTo(4242);
    assertThat(c.hostname()).isEqualTo("my host");
    assertThat(c.username()).isEqualTo("Jane Doe");
  }

  @Test
  void aPruneFigureTooLargeForALongIsIgnoredNotThrown() {
    PruneReport r = new PruneReport();
    r.accept("to delete:        99999999999999999999999 blobs / 1.2.3 MiB");
    r.accept("remaining:        12 blobs / 1.5 KiB");
    assertThat(r.summary().remainingBlobs()).isEqualTo(12);
  }

  @Test
  void aTagCountTooLargeForALongIsIgnoredNotThrown() {
    TagCommand t = new TagCommand(TagRequest.builder().add("x").build());
    t.onStdout("modified tags on 99999999999999999999999 snapshots", e -> {});
  }
}
