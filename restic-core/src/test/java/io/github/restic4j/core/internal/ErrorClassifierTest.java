package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.error.InvalidLockFileException;
import io.github.restic4j.core.error.InvalidUsageException;
import io.github.restic4j.core.error.LockConflict;
import io.github.restic4j.core.error.LockRefreshFailedException;
import io.github.restic4j.core.error.PasswordUnavailableException;
import io.github.restic4j.core.error.RepositoryAlreadyExistsException;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.RepositoryNotFoundException;
import io.github.restic4j.core.error.ResticCommandException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.core.internal.command.BackupCommand;
import io.github.restic4j.core.testing.CorpusFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Classifies every failed run in shared/restic/corpus through the production path (LineSplitter,
 * StderrReader, ErrorClassifier) and compares with hand-made expectations keyed by file name.
 */
class ErrorClassifierTest {

  /** What a failed corpus run must become. */
  record Expect(Pattern name, Class<? extends ResticCommandException> type, String messagePart) {
    Expect(String regex, Class<? extends ResticCommandException> type, String messagePart) {
      this(Pattern.compile(regex), type, messagePart);
    }
  }

  /** Marker: exit 3 of backup is a (partial) success, not a failure to classify. */
  static final class PartialBackup extends ResticCommandException {
    private static final long serialVersionUID = 1L;

    private PartialBackup() {
      super("", null);
    }
  }

  /** First match wins; more specific patterns first. */
  static final List<Expect> EXPECTATIONS =
      List.of(
          // 0.18 rejects --no-lock for prune before it ever looks at locks; 0.14 ignores it
          new Expect(
              "^0\\.18\\.0_nolock_prune_vs_live_exclusive$", InvalidUsageException.class, null),
          new Expect("_nolock_.*without_dryrun$", InvalidUsageException.class, null),
          new Expect("_retry_lock_unknown_flag$", InvalidUsageException.class, null),
          new Expect("_insecure_no_password_unknown_flag$", InvalidUsageException.class, null),
          new Expect("_insecure_no_password_with_password$", InvalidUsageException.class, null),
          new Expect("_snapshots_no_repo_specified$", InvalidUsageException.class, null),
          new Expect("_insecure_no_password_wrong_repo$", WrongPasswordException.class, null),
          new Expect("_wrong_password(_json)?$", WrongPasswordException.class, null),
          new Expect(
              "_repo_not_exist(_json)?$|_empty_dir_repo$", RepositoryNotFoundException.class, null),
          new Expect("_init_already_exists(_json)?$", RepositoryAlreadyExistsException.class, null),
          new Expect(
              "_no_password(_json)?$|_password_file_missing$|_password_command_fails$"
                  + "|_password_file_and_command_exclusive$",
              PasswordUnavailableException.class,
              null),
          new Expect(
              "_corrupt_lock_file_", InvalidLockFileException.class, "invalid data returned"),
          new Expect(
              "_sig(INT|TERM)_while_waiting_retry_lock$",
              ResticCommandException.class,
              "interrupted by a signal"),
          new Expect("_backup_(json|text)_unreadable_file_exit3$", PartialBackup.class, null),
          new Expect("_backup_json_all_missing$", ResticCommandException.class, "restic failed"),
          new Expect(
              "_diff_json_latest_not_supported$", ResticCommandException.class, "restic failed"),
          new Expect("_after_kill9_.*_locked(_json)?$", RepositoryLockedException.class, null),
          new Expect(
              "_after_kill9_exclusive_(backup|snapshots)$", RepositoryLockedException.class, null),
          // tag ignores --no-lock since 0.17
          new Expect("_after_kill9_tag_nolock$", RepositoryLockedException.class, null),
          new Expect(
              "_after_kill9_prune_retry_lock_7s(_json)?$", RepositoryLockedException.class, null),
          new Expect("_live_exclusive_", RepositoryLockedException.class, null),
          new Expect("_live_shared_lock_prune", RepositoryLockedException.class, null),
          new Expect("_vs_live_exclusive$", RepositoryLockedException.class, null),
          new Expect("_nonroot_user_lock_prune_error$", RepositoryLockedException.class, null),
          new Expect("_otherhost_dead_lock_snapshots$", RepositoryLockedException.class, null));

  /** The lock holder each conflict file reports (values copied from the files). */
  record Holder(
      String file,
      long pid,
      String host,
      String user,
      long uid,
      long gid,
      boolean exclusive,
      String created,
      String age,
      String sid) {}

  static Holder holder(
      String file,
      long pid,
      String host,
      String user,
      long uid,
      long gid,
      boolean exclusive,
      String created,
      String age,
      String sid) {
    return new Holder(file, pid, host, user, uid, gid, exclusive, created, age, sid);
  }

  static final Map<String, Holder> HOLDERS = new LinkedHashMap<>();

  static {
    for (Holder h :
        List.of(
            holder(
                "0.14.0_after_kill9_check_locked",
                8772,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:24:53",
                "PT10.263404503S",
                "71d7baf7"),
            holder(
                "0.14.0_after_kill9_exclusive_backup",
                11130,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:26:43",
                "PT6.500774499S",
                "7d35e1c5"),
            holder(
                "0.14.0_after_kill9_exclusive_snapshots",
                11130,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:26:43",
                "PT6.000774524S",
                "7d35e1c5"),
            holder(
                "0.14.0_after_kill9_forget_locked",
                8772,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:24:53",
                "PT8.669935434S",
                "71d7baf7"),
            holder(
                "0.14.0_after_kill9_prune_locked",
                8772,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:24:53",
                "PT8.163995003S",
                "71d7baf7"),
            holder(
                "0.14.0_after_kill9_prune_locked_json",
                8772,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:24:53",
                "PT12.7810836S",
                "71d7baf7"),
            holder(
                "0.14.0_after_kill9_tag_locked",
                8772,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:24:53",
                "PT13.370876097S",
                "71d7baf7"),
            holder(
                "0.14.0_key_list_vs_live_exclusive",
                18690,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:36:13",
                "PT6.751243885S",
                "613502f7"),
            holder(
                "0.14.0_live_exclusive_cat_lock",
                11130,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:26:43",
                "PT5.475886204S",
                "7d35e1c5"),
            holder(
                "0.14.0_live_exclusive_lock_backup",
                11130,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:26:43",
                "PT3.718851256S",
                "7d35e1c5"),
            holder(
                "0.14.0_live_exclusive_lock_prune",
                11130,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:26:43",
                "PT4.347393296S",
                "7d35e1c5"),
            holder(
                "0.14.0_live_exclusive_lock_snapshots",
                11130,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:26:43",
                "PT3.163032746S",
                "7d35e1c5"),
            holder(
                "0.14.0_live_shared_lock_prune",
                10978,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:26:38",
                "PT3.008019118S",
                "641ba125"),
            holder(
                "0.14.0_nolock_ignored_backup_vs_live_exclusive",
                18690,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:36:13",
                "PT3.072991089S",
                "613502f7"),
            holder(
                "0.14.0_nolock_prune_vs_live_exclusive",
                18690,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:36:13",
                "PT3.599551875S",
                "613502f7"),
            holder(
                "0.14.0_nonroot_user_lock_prune_error",
                14167,
                "vm",
                "nobody",
                65534,
                65534,
                false,
                "2026-11-24T19:30:13",
                "PT3.725285827S",
                "97ed44b3"),
            holder(
                "0.14.0_otherhost_dead_lock_snapshots",
                13965,
                "otherhost",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:29:54",
                "PT2.987654789S",
                "a2e40659"),
            holder(
                "0.18.0_after_kill9_check_locked",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT6.659813003S",
                "203dbafa"),
            holder(
                "0.18.0_after_kill9_check_locked_json",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT7.173158075S",
                "203dbafa"),
            holder(
                "0.18.0_after_kill9_exclusive_backup",
                12605,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:28:02",
                "PT6.928688968S",
                "f52f5274"),
            holder(
                "0.18.0_after_kill9_exclusive_snapshots",
                12605,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:28:02",
                "PT6.431435688S",
                "f52f5274"),
            holder(
                "0.18.0_after_kill9_forget_locked",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT5.123180147S",
                "203dbafa"),
            holder(
                "0.18.0_after_kill9_forget_locked_json",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT5.63623587S",
                "203dbafa"),
            holder(
                "0.18.0_after_kill9_prune_locked",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT3.5863431S",
                "203dbafa"),
            holder(
                "0.18.0_after_kill9_prune_locked_json",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT4.103574603S",
                "203dbafa"),
            holder(
                "0.18.0_after_kill9_prune_retry_lock_7s",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT25.371167161S",
                "203dbafa"),
            holder(
                "0.18.0_after_kill9_prune_retry_lock_7s_json",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT32.89454492S",
                "203dbafa"),
            holder(
                "0.18.0_after_kill9_tag_locked",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT9.629900461S",
                "203dbafa"),
            holder(
                "0.18.0_after_kill9_tag_nolock",
                9309,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:25:14",
                "PT10.123012627S",
                "203dbafa"),
            holder(
                "0.18.0_key_list_vs_live_exclusive",
                18865,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:36:21",
                "PT6.085381048S",
                "141471bc"),
            holder(
                "0.18.0_live_exclusive_cat_lock",
                12605,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:28:02",
                "PT5.9319406S",
                "f52f5274"),
            holder(
                "0.18.0_live_exclusive_lock_backup",
                12605,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:28:02",
                "PT3.516091931S",
                "f52f5274"),
            holder(
                "0.18.0_live_exclusive_lock_backup_json",
                12605,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:28:02",
                "PT4.991557043S",
                "f52f5274"),
            holder(
                "0.18.0_live_exclusive_lock_prune",
                12605,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:28:02",
                "PT4.012415202S",
                "f52f5274"),
            holder(
                "0.18.0_live_exclusive_lock_snapshots",
                12605,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:28:02",
                "PT3.022206541S",
                "f52f5274"),
            holder(
                "0.18.0_live_exclusive_lock_snapshots_json",
                12605,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:28:02",
                "PT4.500861013S",
                "f52f5274"),
            holder(
                "0.18.0_live_shared_lock_prune",
                11656,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:26:56",
                "PT3.010302792S",
                "29becfcd"),
            holder(
                "0.18.0_live_shared_lock_prune_retry_lock_60s_timeout",
                11656,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:26:56",
                "PT1M4.748258159S",
                "29becfcd"),
            holder(
                "0.18.0_ls_vs_live_exclusive",
                18865,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:36:21",
                "PT5.065687678S",
                "141471bc"),
            holder(
                "0.18.0_nolock_ignored_backup_vs_live_exclusive",
                18865,
                "vm",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:36:21",
                "PT3.030499673S",
                "141471bc"),
            holder(
                "0.18.0_nonroot_user_lock_prune_error",
                14220,
                "vm",
                "nobody",
                65534,
                65534,
                false,
                "2026-11-24T19:30:20",
                "PT3.70989054S",
                "5efedda8"),
            holder(
                "0.18.0_otherhost_dead_lock_snapshots",
                14028,
                "otherhost",
                "root",
                0,
                0,
                true,
                "2026-11-24T19:29:59",
                "PT3.032811473S",
                "ea4a6aa9"),
            holder(
                "0.19.1_after_kill9_prune_locked",
                17658,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:34:50",
                "PT2.042926615S",
                "60d4e78d"),
            holder(
                "0.19.1_after_kill9_prune_locked_json",
                17658,
                "vm",
                "root",
                0,
                0,
                false,
                "2026-11-24T19:34:50",
                "PT2.540057614S",
                "60d4e78d"),
            holder("end-of-list", 0, "", "", 0, 0, false, "", "", ""))) {
      HOLDERS.put(h.file(), h);
    }
    HOLDERS.remove("end-of-list");
  }

  static Stream<CorpusFile> failedCorpusFiles() {
    return CorpusFile.all().stream().filter(f -> f.exitCode() != 0);
  }

  static Optional<Expect> expectationFor(String name) {
    return EXPECTATIONS.stream().filter(e -> e.name().matcher(name).find()).findFirst();
  }

  @Test
  void everyFailedCorpusFileHasAnExpectation() {
    List<String> missing = new ArrayList<>();
    List<CorpusFile> failed = failedCorpusFiles().toList();
    for (CorpusFile f : failed) {
      if (expectationFor(f.name()).isEmpty()) {
        missing.add(f.name() + " (exit " + f.exitCode() + ")");
      }
    }
    assertThat(missing)
        .as(
            "corpus files with a nonzero exit code but no expectation in ErrorClassifierTest;"
                + " add one to EXPECTATIONS")
        .isEmpty();
    // the corpus really holds failures of every kind we expect (guards against a broken loader)
    assertThat(failed.size()).isGreaterThanOrEqualTo(85);
  }

  @Test
  void everyLockConflictFileHasAHolderAndViceVersa() {
    List<String> lockedFiles =
        failedCorpusFiles()
            .map(CorpusFile::name)
            .filter(
                n ->
                    expectationFor(n)
                        .map(e -> e.type() == RepositoryLockedException.class)
                        .orElse(false))
            .toList();
    assertThat(lockedFiles).containsExactlyInAnyOrderElementsOf(HOLDERS.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failedCorpusFiles")
  void classifiesFailedCorpusRun(CorpusFile f) {
    Expect expect =
        expectationFor(f.name())
            .orElseThrow(() -> new AssertionError("no expectation for " + f.name()));
    ResticCommandException e = CorpusReplay.classify(f);

    assertThat(e.exitCode()).isEqualTo(f.exitCode());
    assertThat(e.failure().resticVersion()).isEqualTo(f.version());
    if (expect.type() == PartialBackup.class) {
      // production never classifies these: exit 3 is a success for backup ...
      assertThat(
              new BackupCommand(BackupRequest.of(Path.of("x")), ResticVersion.parse(f.version()))
                  .isSuccess(f.exitCode()))
          .isTrue();
      // ... and if someone did, it is nothing more specific than a generic failure
      assertThat(e).isExactlyInstanceOf(ResticCommandException.class);
      return;
    }
    assertThat(e).as(f.name()).isExactlyInstanceOf(expect.type());
    if (expect.messagePart() != null) {
      assertThat(e.getMessage()).contains(expect.messagePart());
    }
    if (e instanceof RepositoryLockedException locked) {
      Holder h = HOLDERS.get(f.name());
      assertThat(h).as("holder expectation for " + f.name()).isNotNull();
      LockConflict c = locked.conflict().orElseThrow(() -> new AssertionError("no holder parsed"));
      assertThat(c.pid()).isEqualTo(h.pid());
      assertThat(c.hostname()).isEqualTo(h.host());
      assertThat(c.username()).isEqualTo(h.user());
      assertThat(c.uid()).isEqualTo(h.uid());
      assertThat(c.gid()).isEqualTo(h.gid());
      assertThat(c.exclusive()).isEqualTo(h.exclusive());
      assertThat(c.createdAt()).isEqualTo(LocalDateTime.parse(h.created()));
      assertThat(c.age()).isEqualTo(Duration.parse(h.age()));
      assertThat(c.storageIdPrefix()).isEqualTo(h.sid());
      assertThat(c.observedAt()).isEqualTo(CorpusReplay.OBSERVED);
      assertThat(e.getMessage()).contains("PID " + h.pid()).contains(h.sid());
    }
  }

  @Test
  void corruptLockCauseIsDecodedFromTextAndJson() {
    assertThat(CorpusReplay.classify(CorpusFile.load("0.18.0_corrupt_lock_file_snapshots")))
        .hasMessageContaining("(LoadRaw(<lock/223954f38c>): invalid data returned)");
    // JSON escapes < and > as \u003c / \u003e; the classifier must see the decoded text
    assertThat(CorpusReplay.classify(CorpusFile.load("0.18.0_corrupt_lock_file_snapshots_json")))
        .hasMessageContaining("(LoadRaw(<lock/8538ecd982>): invalid data returned)");
  }

  @Test
  void exitErrorJsonIsNotKeptAsRawStderrLine() {
    StderrReader r =
        CorpusReplay.readStderr(CorpusFile.load("0.18.0_snapshots_repo_not_exist_json").stderr());
    assertThat(r.lines()).isEmpty();
    assertThat(r.exitErrorMessage())
        .isEqualTo(
            "Fatal: repository does not exist: unable to open config file: stat"
                + " /srv/restic-lab/nonexistent/config: no such file or directory\n"
                + "Is there a repository at the following location?\n"
                + "/srv/restic-lab/nonexistent");
    assertThat(r.tailText()).isEqualTo(r.exitErrorMessage());
  }

  // ---- experiments that CorpusFile.all() skips: signals and refresh failure ----

  static final Map<String, Expect> EXPERIMENTS = new LinkedHashMap<>();

  static {
    EXPERIMENTS.put(
        "0.14.0_sigINT_during_backup",
        new Expect(".", ResticCommandException.class, "interrupted by a signal"));
    EXPERIMENTS.put(
        "0.14.0_sigINT_during_backup_json",
        new Expect(".", ResticCommandException.class, "interrupted by a signal"));
    // 0.14 does not handle SIGTERM: the JVM sees 143 and restic printed nothing
    EXPERIMENTS.put(
        "0.14.0_sigTERM_during_backup",
        new Expect(".", ResticCommandException.class, "killed by signal 15; its lock may remain"));
    // 0.18 exits 1 after SIGINT/SIGTERM; only the stderr line tells it was a signal
    EXPERIMENTS.put(
        "0.18.0_sigINT_during_backup",
        new Expect(".", ResticCommandException.class, "interrupted by a signal"));
    EXPERIMENTS.put(
        "0.18.0_sigINT_during_backup_json",
        new Expect(".", ResticCommandException.class, "interrupted by a signal"));
    EXPERIMENTS.put(
        "0.18.0_sigTERM_during_backup",
        new Expect(".", ResticCommandException.class, "interrupted by a signal"));
    EXPERIMENTS.put(
        "0.18.0_sigTERM_during_backup_json",
        new Expect(".", ResticCommandException.class, "interrupted by a signal"));
    EXPERIMENTS.put(
        "0.18.0_sigTERM_blocked_process_lock_removed_but_process_hangs",
        new Expect(".", ResticCommandException.class, "killed by signal 9; its lock may remain"));
    EXPERIMENTS.put(
        "0.19.1_sigINT_during_backup",
        new Expect(".", ResticCommandException.class, "interrupted by a signal"));
    EXPERIMENTS.put(
        "0.19.1_sigINT_during_backup_json",
        new Expect(".", ResticCommandException.class, "interrupted by a signal"));
    EXPERIMENTS.put(
        "0.19.1_sigTERM_during_backup",
        new Expect(".", ResticCommandException.class, "interrupted by a signal"));
    EXPERIMENTS.put(
        "0.19.1_sigTERM_blocked_process_lock_removed_but_process_hangs",
        new Expect(".", ResticCommandException.class, "killed by signal 9; its lock may remain"));
    EXPERIMENTS.put(
        "0.18.0_lock_refresh_failure_experiment",
        new Expect(".", LockRefreshFailedException.class, "could not refresh"));
  }

  static Stream<CorpusReplay.Experiment> failedExperiments() {
    List<String> standard = CorpusFile.all().stream().map(CorpusFile::name).toList();
    return CorpusReplay.experiments("_sig|_lock_refresh_failure_experiment$").stream()
        .filter(x -> x.exitCode() != 0 && !standard.contains(x.name()));
  }

  @Test
  void everyFailedExperimentHasAnExpectation() {
    List<String> names = failedExperiments().map(CorpusReplay.Experiment::name).toList();
    assertThat(names).containsExactlyInAnyOrderElementsOf(EXPERIMENTS.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failedExperiments")
  void classifiesSignalAndRefreshExperiments(CorpusReplay.Experiment x) {
    Expect expect = EXPERIMENTS.get(x.name());
    assertThat(expect).as("expectation for " + x.name()).isNotNull();
    ResticCommandException e = CorpusReplay.classify(x.version(), x.exitCode(), x.stderr());
    assertThat(e).isExactlyInstanceOf(expect.type());
    assertThat(e.getMessage()).contains(expect.messagePart());
  }

  // ---- negative cases: words in file names are not restic's verdict ----

  /** Real 0.18 per-file error output with the unreadable file renamed to {@code name}. */
  private static String backupErrorsWithFileName(String corpus, String name) {
    String stderr = CorpusFile.load(corpus).stderr();
    String renamed = stderr.replace("unreadable.txt", name);
    assertThat(renamed).isNotEqualTo(stderr);
    return renamed;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "repository is already locked",
        "unable to create lock in backend: repository is already locked exclusively by PID 1 on"
            + " vm by root (UID 0, GID 0)",
        "Fatal: invalid lock file: x",
        "wrong password or no key found",
        "signal interrupt received, cleaning up"
      })
  void fileNamesInBackupErrorsDoNotDecideTheClass(String words) {
    for (String corpus :
        List.of(
            "0.14.0_backup_text_unreadable_file_exit3",
            "0.18.0_backup_text_unreadable_file_exit3",
            "0.18.0_backup_json_unreadable_file_exit3",
            "0.14.0_backup_json_unreadable_file_exit3")) {
      String stderr = backupErrorsWithFileName(corpus, words + ".txt");
      // the backup then failed for a reason of its own (exit 1, text of a real 0.18 failure)
      String failed =
          stderr
              .replace(
                  "{\"message_type\":\"exit_error\",\"code\":3,"
                      + "\"message\":\"Warning: at least one source file could not be read\"}",
                  "{\"message_type\":\"exit_error\",\"code\":1,"
                      + "\"message\":\"Fatal: unable to save snapshot: context canceled\"}")
              .replace(
                  "Warning: at least one source file could not be read",
                  "Fatal: unable to save snapshot: context canceled");
      assertThat(failed).isNotEqualTo(stderr);
      ResticCommandException e = CorpusReplay.classify("0.18.0", 1, failed);
      assertThat(e).as(corpus).isExactlyInstanceOf(ResticCommandException.class);
      assertThat(e.getMessage()).contains("restic failed");
    }
  }

  @Test
  void truncatedLockMessagesNeverCrashAndDegradeGracefully() {
    String full = CorpusFile.load("0.14.0_live_exclusive_lock_backup").stderr();
    String prefix = "unable to create lock in backend: repository is already locked ";
    int sidEnd = full.indexOf("storage ID 7d35e1c5") + "storage ID 7d35e1c5".length();
    for (int len = 0; len <= full.length(); len++) {
      String cut = full.substring(0, len);
      ResticCommandException e = CorpusReplay.classify("0.14.0", 1, cut);
      if (len >= prefix.length()) {
        assertThat(e).as("cut at " + len).isExactlyInstanceOf(RepositoryLockedException.class);
        Optional<LockConflict> c = ((RepositoryLockedException) e).conflict();
        assertThat(c.isPresent()).as("holder parsed when cut at " + len).isEqualTo(len >= sidEnd);
      } else {
        assertThat(e).as("cut at " + len).isExactlyInstanceOf(ResticCommandException.class);
      }
    }
  }

  @Test
  void exitCodesAloneClassifyOnNewerVersions() {
    ResticCommandException locked = CorpusReplay.classify("0.18.0", 11, "");
    assertThat(locked).isExactlyInstanceOf(RepositoryLockedException.class);
    assertThat(((RepositoryLockedException) locked).conflict()).isEmpty();
    assertThat(CorpusReplay.classify("0.18.0", 12, "")).isInstanceOf(WrongPasswordException.class);
    assertThat(CorpusReplay.classify("0.18.0", 10, ""))
        .isInstanceOf(RepositoryNotFoundException.class);
    assertThat(CorpusReplay.classify("0.18.0", 2, ""))
        .isExactlyInstanceOf(ResticCommandException.class);
  }
}
