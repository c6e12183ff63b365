package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.BackupEvent;
import io.github.restic4j.core.command.BackupFileError;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupStatus;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.BackupVerboseStatus;
import io.github.restic4j.core.error.IncompleteBackupException;
import io.github.restic4j.core.internal.CorpusReplay;
import io.github.restic4j.core.testing.CorpusFile;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackupCommandTest {

  /** Events expected per file: status lines, verbose lines (incl. 0.14's scan_finished status). */
  record Counts(int status, int verbose, int errors) {}

  private static final Map<String, Counts> COUNTS =
      Map.ofEntries(
          Map.entry("0.14.0_backup_json_dry_run", new Counts(1, 0, 0)),
          Map.entry("0.14.0_backup_json_first", new Counts(1, 0, 0)),
          Map.entry("0.14.0_backup_json_missing_source", new Counts(1, 0, 0)),
          Map.entry("0.14.0_backup_json_unreadable_file_exit3", new Counts(1, 0, 1)),
          Map.entry("0.14.0_backup_json_verbose", new Counts(1, 8, 0)),
          Map.entry("0.14.0_backup_json_vv", new Counts(1, 8, 0)),
          Map.entry("0.14.0_backup_small_json", new Counts(1, 0, 0)),
          Map.entry("0.18.0_backup_json_dry_run", new Counts(0, 0, 0)),
          Map.entry("0.18.0_backup_json_first", new Counts(0, 0, 0)),
          Map.entry("0.18.0_backup_json_missing_source", new Counts(0, 0, 0)),
          Map.entry("0.18.0_backup_json_unreadable_file_exit3", new Counts(0, 0, 1)),
          Map.entry("0.18.0_backup_json_verbose", new Counts(0, 8, 0)),
          Map.entry("0.18.0_backup_json_vv", new Counts(0, 8, 0)),
          Map.entry("0.18.0_backup_small_json", new Counts(0, 0, 0)),
          Map.entry("0.19.1_backup_json_unreadable_file_exit3", new Counts(0, 0, 1)));

  static Stream<CorpusFile> successfulJsonBackups() {
    return CorpusFile.all().stream()
        .filter(f -> f.name().matches(".*_backup(_small)?_json.*"))
        .filter(f -> f.exitCode() == 0 || f.exitCode() == 3);
  }

  private static BackupCommand spec(CorpusFile f, boolean failOnUnreadable) {
    BackupRequest.Builder b = BackupRequest.builder().path(Path.of("data"));
    if (failOnUnreadable) {
      b.failOnUnreadable();
    }
    return new BackupCommand(b.build(), ResticVersion.parse(f.version()));
  }

  @Test
  void everyJsonBackupFileHasCounts() {
    assertThat(successfulJsonBackups().map(CorpusFile::name).toList())
        .containsExactlyInAnyOrderElementsOf(COUNTS.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("successfulJsonBackups")
  void readsEventsAndSummary(CorpusFile f) {
    List<BackupEvent> events = new ArrayList<>();
    BackupSummary s = CorpusReplay.run(spec(f, false), f, events::add);
    Counts c = COUNTS.get(f.name());
    assertThat(events.stream().filter(e -> e instanceof BackupStatus).count())
        .isEqualTo(c.status());
    assertThat(events.stream().filter(e -> e instanceof BackupVerboseStatus).count())
        .isEqualTo(c.verbose());
    assertThat(events.stream().filter(e -> e instanceof BackupFileError).count())
        .isEqualTo(c.errors());
    assertThat(s.snapshotId()).isNotEmpty();
    assertThat(s.isComplete()).isEqualTo(f.exitCode() == 0);
    assertThat(s.unreadable()).hasSize(c.errors());
    assertThat(s.dryRun()).isEqualTo(f.name().contains("dry_run"));
    assertThat(s.snapshotCreated()).isEqualTo(!f.name().contains("dry_run"));
  }

  @Test
  void summaryValues014() {
    CorpusFile f = CorpusFile.load("0.14.0_backup_json_first");
    BackupSummary s = CorpusReplay.run(spec(f, false), f, e -> {});
    assertThat(s.snapshotId()).isEqualTo("81dd1333");
    assertThat(s.filesNew()).isEqualTo(3);
    assertThat(s.filesChanged()).isZero();
    assertThat(s.dirsNew()).isEqualTo(3);
    assertThat(s.dataBlobs()).isEqualTo(3);
    assertThat(s.treeBlobs()).isEqualTo(4);
    assertThat(s.dataAdded()).isEqualTo(2426);
    assertThat(s.dataAddedPacked()).isZero(); // not reported before 0.17
    assertThat(s.totalFilesProcessed()).isEqualTo(3);
    assertThat(s.totalBytesProcessed()).isEqualTo(22);
    assertThat(s.totalDuration()).isEqualTo(0.21185995);
    assertThat(s.backupStart()).isNull();
    assertThat(s.backupEnd()).isNull();
  }

  @Test
  void summaryValues018() {
    CorpusFile f = CorpusFile.load("0.18.0_backup_json_verbose");
    List<BackupEvent> events = new ArrayList<>();
    BackupSummary s = CorpusReplay.run(spec(f, false), f, events::add);
    assertThat(s.snapshotId()).hasSize(64).startsWith("c16e7532");
    assertThat(s.filesNew()).isEqualTo(1);
    assertThat(s.filesChanged()).isEqualTo(1);
    assertThat(s.filesUnmodified()).isEqualTo(2);
    assertThat(s.dirsChanged()).isEqualTo(2);
    assertThat(s.dirsUnmodified()).isEqualTo(1);
    assertThat(s.dataAdded()).isEqualTo(2099);
    assertThat(s.dataAddedPacked()).isEqualTo(1241);
    assertThat(s.totalBytesProcessed()).isEqualTo(29);
    assertThat(s.backupStart()).isEqualTo(OffsetDateTime.parse("2026-11-24T19:32:39.713457187Z"));
    BackupVerboseStatus first = (BackupVerboseStatus) events.get(0);
    assertThat(first.action()).isEqualTo("scan_finished");
    assertThat(first.dataSize()).isEqualTo(29);
    assertThat(first.totalFiles()).isEqualTo(4);
    assertThat(events)
        .filteredOn(e -> e instanceof BackupVerboseStatus v && v.action().equals("new"))
        .singleElement()
        .extracting(e -> ((BackupVerboseStatus) e).item())
        .isEqualTo("/jdata/docs/d.txt");
  }

  @Test
  void scanFinishedLabelledStatusOn014IsVerbose() {
    CorpusFile f = CorpusFile.load("0.14.0_backup_json_verbose");
    List<BackupEvent> events = new ArrayList<>();
    CorpusReplay.run(spec(f, false), f, events::add);
    assertThat(events.get(0)).isInstanceOf(BackupStatus.class);
    assertThat(((BackupStatus) events.get(0)).totalBytes()).isEqualTo(7);
    assertThat(events.get(1)).isInstanceOf(BackupVerboseStatus.class);
    assertThat(((BackupVerboseStatus) events.get(1)).action()).isEqualTo("scan_finished");
  }

  @Test
  void dryRun014StillReportsAnIdButNoSnapshot() {
    CorpusFile f = CorpusFile.load("0.14.0_backup_json_dry_run");
    BackupSummary s = CorpusReplay.run(spec(f, false), f, e -> {});
    assertThat(s.snapshotId()).isEqualTo("6d0aef33");
    assertThat(s.dryRun()).isTrue();
    assertThat(s.snapshotCreated()).isFalse();
  }

  @Test
  void unreadableFileGoErrorShapeUpTo017() {
    CorpusFile f = CorpusFile.load("0.14.0_backup_json_unreadable_file_exit3");
    BackupSummary s = CorpusReplay.run(spec(f, false), f, e -> {});
    assertThat(s.snapshotId()).isEqualTo("1f993117");
    assertThat(s.unreadable())
        .containsExactly(
            new BackupFileError(
                "/srv/restic-lab/nb/src/unreadable.txt",
                "archival",
                "open nb/src/unreadable.txt: permission denied"));
  }

  @Test
  void unreadableFileMessageShape() {
    for (String name :
        List.of(
            "0.18.0_backup_json_unreadable_file_exit3",
            "0.19.1_backup_json_unreadable_file_exit3")) {
      CorpusFile f = CorpusFile.load(name);
      BackupSummary s = CorpusReplay.run(spec(f, false), f, e -> {});
      assertThat(s.unreadable())
          .containsExactly(
              new BackupFileError(
                  "/srv/restic-lab/nb/src/unreadable.txt",
                  "archival",
                  "/srv/restic-lab/nb/src/unreadable.txt: open nb/src/unreadable.txt: permission"
                      + " denied"));
      assertThat(s.filesUnmodified()).isEqualTo(1);
    }
  }

  @Test
  void failOnUnreadableThrowsWithSummary() {
    CorpusFile f = CorpusFile.load("0.18.0_backup_json_unreadable_file_exit3");
    assertThatThrownBy(() -> CorpusReplay.run(spec(f, true), f, e -> {}))
        .isInstanceOfSatisfying(
            IncompleteBackupException.class,
            e -> {
              assertThat(e.summary().unreadable()).hasSize(1);
              assertThat(e.summary().snapshotId()).startsWith("325e9311");
              assertThat(e.exitCode()).isEqualTo(3);
              assertThat(e.failure().stderrTail())
                  .contains("Warning: at least one source file could not be read");
            });
  }

  @Test
  void exit3WithoutJsonErrorsUsesTextLinesButNotTheWarning() {
    // 0.14 text-mode stderr for an unreadable file, replayed into the JSON spec
    CorpusFile text = CorpusFile.load("0.14.0_backup_text_unreadable_file_exit3");
    CorpusFile json = CorpusFile.load("0.14.0_backup_json_unreadable_file_exit3");
    CorpusFile mixed = new CorpusFile("mixed", "0.14.0", "", 3, json.stdout(), text.stderr());
    BackupSummary s = CorpusReplay.run(spec(mixed, false), mixed, e -> {});
    assertThat(s.unreadable())
        .extracting(BackupFileError::message)
        .containsExactly("error: open nb/src/unreadable.txt: permission denied");
  }

  @Test
  void failedBackupsAreNotSuccesses() {
    BackupCommand spec = spec(CorpusFile.load("0.18.0_backup_json_all_missing"), false);
    assertThat(spec.isSuccess(1)).isFalse();
    assertThat(spec.isSuccess(11)).isFalse();
    assertThat(spec.isSuccess(3)).isTrue();
    assertThat(spec.isSuccess(0)).isTrue();
  }

  @Test
  void statusWithRestic014sUnknownRemainingTimeIsReadAsZero() {
    // captured from restic 0.14.0 'backup --stdin --json' while it could not estimate the rest
    String line =
        "{\"message_type\":\"status\",\"seconds_elapsed\":1,\"seconds_remaining\":9223372036854775808,"
            + "\"percent_done\":0,\"total_files\":1,\"current_files\":[\"/stdin\"]}";
    BackupCommand spec =
        new BackupCommand(
            BackupRequest.builder().stdin(java.io.InputStream::nullInputStream, "x").build(),
            ResticVersion.of(0, 14, 0));
    List<BackupEvent> events = new ArrayList<>();
    spec.onStdout(line, events::add);
    assertThat(events).hasSize(1);
    BackupStatus status = (BackupStatus) events.get(0);
    assertThat(status.secondsRemaining()).isZero();
    assertThat(status.secondsElapsed()).isEqualTo(1);
    assertThat(status.currentFiles()).containsExactly("/stdin");
  }
}
