package io.github.restic4j.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed while appending leaves a torn last line; the journal must still be readable and
 * keep every record written after a restart (found by the chaos soak's host-JVM kills).
 */
class RunJournalTest {

  @TempDir Path tmp;

  private static RunRecord record(String id, String message) {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    return new RunRecord(
        id,
        "docs",
        JobKind.BACKUP,
        "/srv/répo-日本語",
        at,
        at.plusSeconds(3),
        RunOutcome.SUCCEEDED,
        1,
        "",
        "",
        message,
        new RunSummary("0123abcd", 2, 300, 0, "snapshot 0123abcd"),
        List.of(new LockRecord(at, "beef", "SEEN", "LIVE", "PID 7@h (u)", "läuft noch")));
  }

  /** Bytes of the journal cut off after {@code keep} bytes of the last line. */
  private static byte[] tornAfter(byte[] complete, int lastLineStart, int keep) {
    return Arrays.copyOf(complete, lastLineStart + keep);
  }

  @Test
  void aLastLineTornInsideAMultiByteCharacterIsSkipped() throws Exception {
    RunJournal journal = RunJournal.at(tmp.resolve("runs.jsonl"));
    journal.append(record("r1", "first"));
    int start = (int) Files.size(journal.file());
    journal.append(record("r2", "second ✓"));
    byte[] all = Files.readAllBytes(journal.file());
    String last = new String(all, start, all.length - start, StandardCharsets.UTF_8);
    // cut right after the first byte of the three-byte '日' of the repository name
    int cut = last.substring(0, last.indexOf('日')).getBytes(StandardCharsets.UTF_8).length + 1;
    Files.write(journal.file(), tornAfter(all, start, cut));

    assertThat(RunJournal.read(journal.file())).extracting(RunRecord::runId).containsExactly("r1");
    assertThat(journal.lastRun("docs", JobKind.BACKUP)).map(RunRecord::runId).contains("r1");
  }

  @Test
  void everyTornPrefixOfTheLastLineIsSkipped() throws Exception {
    RunJournal journal = RunJournal.at(tmp.resolve("runs.jsonl"));
    journal.append(record("r1", "first"));
    int start = (int) Files.size(journal.file());
    journal.append(record("r2", "zweite Zeile – ✓"));
    byte[] all = Files.readAllBytes(journal.file());
    for (int keep = 0; keep < all.length - start - 1; keep++) {
      Files.write(journal.file(), tornAfter(all, start, keep));
      assertThat(RunJournal.read(journal.file()))
          .as("torn after %d bytes of the last line", keep)
          .extracting(RunRecord::runId)
          .containsExactly("r1");
    }
  }

  @Test
  void aRecordAppendedAfterATornLineIsKept() throws Exception {
    Path file = tmp.resolve("runs.jsonl");
    RunJournal before = RunJournal.at(file);
    before.append(record("r1", "first"));
    int start = (int) Files.size(file);
    before.append(record("r2", "second"));
    byte[] all = Files.readAllBytes(file);
    byte[] complete = Arrays.copyOf(all, all.length - 1); // only the newline is missing
    for (byte[] torn : List.of(tornAfter(all, start, 40), complete)) {
      Files.write(file, torn);
      // the restarted application appends to the same file
      RunJournal after = RunJournal.at(file);
      after.append(record("r3", "after the restart"));
      after.append(record("r4", "and one more"));

      List<String> ids = RunJournal.read(file).stream().map(RunRecord::runId).toList();
      assertThat(ids).as("torn line of %d bytes", torn.length - start).contains("r1", "r3", "r4");
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(Files.readString(file).lines())
          .as("every record on a line of its own")
          .filteredOn(l -> l.contains("\"r3\"") || l.contains("\"r4\""))
          .allSatisfy(l -> assertThat(l).startsWith("{\"run_id\":\"r"));
    }
  }

  @Test
  void aThreadInterruptedByShutdownStillWritesAndReadsItsRecord() throws Exception {
    // Orchestrator.stop interrupts a run waiting for a lock; that run's record is written on the
    // interrupted thread
    RunJournal journal = RunJournal.at(tmp.resolve("runs.jsonl"));
    journal.append(record("r1", "first"));
    Thread.currentThread().interrupt();
    try {
      journal.append(record("r2", "cancelled while waiting"));
      assertThat(RunJournal.read(journal.file()))
          .extracting(RunRecord::runId)
          .containsExactly("r1", "r2");
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void linesThatAreNotRecordsAreSkippedAnywhere() throws Exception {
    Path file = tmp.resolve("runs.jsonl");
    RunJournal journal = RunJournal.at(file);
    journal.append(record("r1", "first"));
    Files.write(
        file, new byte[] {'{', '"', (byte) 0xE6, (byte) 0x97, '\n'}, StandardOpenOption.APPEND);
    journal.append(record("r2", "second"));
    assertThat(RunJournal.read(file)).extracting(RunRecord::runId).containsExactly("r1", "r2");
  }
}
