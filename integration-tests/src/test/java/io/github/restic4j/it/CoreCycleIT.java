package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.SnapshotsRequest;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.command.UnlockResult;
import io.github.restic4j.core.error.IncompleteBackupException;
import io.github.restic4j.core.error.RepositoryAlreadyExistsException;
import io.github.restic4j.core.error.RepositoryNotFoundException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The basic commands against a local repository, once per installed restic version. One repository
 * per version (init costs about 3 s of scrypt), used by the ordered tests in turn.
 */
@EnabledIfResticAvailable
@ExtendWith(Exercised.class)
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.Its#restics")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoreCycleIT {

  @Parameter ResticInstallation installation;

  private static Path work;
  private static Path source;
  private static Path repoDir;
  private static Restic restic;
  private static ResticRepository repo;
  private static RepositoryConfig initialized;
  private static BackupSummary firstBackup;

  @BeforeParameterizedClassInvocation
  static void createRepository(ResticInstallation installation) {
    work = Its.tempDir("core-" + installation.version().raw());
    source = Its.sampleData(work);
    repoDir = work.resolve("repo");
    restic = Its.restic(installation);
    repo = Its.repository(restic, repoDir.toString(), work).build();
    initialized = repo.init();
  }

  @AfterParameterizedClassInvocation
  static void deleteRepository() {
    Its.deleteRecursively(work);
    initialized = null;
    firstBackup = null;
  }

  private String version() {
    return installation.version().raw();
  }

  @Test
  @Order(1)
  void initReturnsTheRepositoryIdThatCatConfigReads() {
    assertThat(initialized.id()).matches("[0-9a-f]{64}");
    assertThat(repoDir.resolve("config")).isRegularFile();
    RepositoryConfig config = repo.catConfig();
    assertThat(config.id()).isEqualTo(initialized.id());
    assertThat(config.version()).isIn(1, 2);
    Exercised.record(version(), "local", "init");
    Exercised.record(version(), "local", "cat config");
  }

  @Test
  @Order(2)
  void backupOfASmallFolderReportsCountsAndTheSnapshot() {
    firstBackup = repo.backup(BackupRequest.of(source));

    assertThat(firstBackup.snapshotCreated()).isTrue();
    assertThat(firstBackup.filesNew()).isEqualTo(3);
    assertThat(firstBackup.filesChanged()).isZero();
    assertThat(firstBackup.totalFilesProcessed()).isEqualTo(3);
    assertThat(firstBackup.dirsNew()).isGreaterThanOrEqualTo(2);
    assertThat(firstBackup.isComplete()).isTrue();

    List<Snapshot> snapshots = repo.snapshots();
    assertThat(snapshots).hasSize(1);
    Snapshot s = snapshots.get(0);
    // restic 0.14 reports the short id in its backup summary, newer versions the full one
    assertThat(s.id()).matches("[0-9a-f]{64}").startsWith(firstBackup.snapshotId());
    assertThat(s.paths()).containsExactly(source.toString());
    assertThat(s.hostname()).isEqualTo(Its.hostname());
    Exercised.record(version(), "local", "backup");
    Exercised.record(version(), "local", "snapshots");
  }

  @Test
  @Order(3)
  void tagsAndHostAreStoredAndFilterSnapshots() {
    BackupSummary tagged =
        repo.backup(BackupRequest.builder().path(source).tag("it-tag").host("it-host").build());
    assertThat(tagged.snapshotCreated()).isTrue();
    assertThat(tagged.totalFilesProcessed()).isEqualTo(3);

    List<Snapshot> byTag = repo.snapshots(SnapshotsRequest.builder().tag("it-tag").build());
    assertThat(byTag)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).startsWith(tagged.snapshotId());
              assertThat(s.tags()).containsExactly("it-tag");
              assertThat(s.hostname()).isEqualTo("it-host");
            });
    List<Snapshot> byHost = repo.snapshots(SnapshotsRequest.builder().host(Its.hostname()).build());
    assertThat(byHost).singleElement().satisfies(s -> assertThat(s.tags()).isEmpty());
    assertThat(repo.snapshots(SnapshotsRequest.builder().tag("no-such-tag").build())).isEmpty();
    Exercised.record(version(), "local", "backup --tag --host");
    Exercised.record(version(), "local", "snapshots filters");
  }

  @Test
  @Order(4)
  void unlockOnACleanRepositoryRemovesNothing() {
    // unlock lists the locks before and after: both listings are empty
    UnlockResult result = repo.unlock(UnlockRequest.staleOnly());
    assertThat(result.removed()).isEmpty();
    assertThat(result.remaining()).isEmpty();
    assertThat(result.appeared()).isEmpty();
    assertThat(Its.lockFiles(repoDir)).isEmpty();
    Exercised.record(version(), "local", "unlock");
    Exercised.record(version(), "local", "list locks");
  }

  @Test
  @Order(5)
  void wrongPasswordIsTyped() {
    ResticRepository wrong =
        restic
            .repository(repoDir.toString())
            .password(Secret.of("not-the-password"))
            .cacheDir(Its.tempDir(work, "cache"))
            .build();
    assertThatThrownBy(wrong::catConfig)
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageNotContaining("not-the-password");
    Exercised.record(version(), "local", "wrong password");
  }

  @Test
  @Order(6)
  void missingRepositoryIsTyped() {
    ResticRepository missing =
        Its.repository(restic, work.resolve("no-such-repo").toString(), work).build();
    assertThatThrownBy(missing::catConfig).isInstanceOf(RepositoryNotFoundException.class);
    assertThatThrownBy(missing::snapshots).isInstanceOf(RepositoryNotFoundException.class);
    Exercised.record(version(), "local", "missing repository");
  }

  @Test
  @Order(7)
  void initTwiceIsTyped() {
    assertThatThrownBy(repo::init).isInstanceOf(RepositoryAlreadyExistsException.class);
    // still the same repository (the exact init id is checked by the first test)
    assertThat(repo.catConfig().id()).startsWith(initialized.id());
    Exercised.record(version(), "local", "init twice");
  }

  /**
   * Exit code 3. chmod 000 does not work when the tests run as root (root reads everything), so the
   * unreadable file is /proc/self/mem: a regular file of size 0 whose read fails with EIO for every
   * user, root included.
   */
  @Test
  @Order(8)
  void unreadableFileGivesAnIncompleteButSavedSnapshot() {
    Path unreadable = Path.of("/proc/self/mem");
    BackupSummary summary =
        repo.backup(BackupRequest.builder().path(source).path(unreadable).build());

    assertThat(summary.snapshotCreated()).isTrue();
    assertThat(summary.isComplete()).isFalse();
    assertThat(summary.unreadable())
        .anySatisfy(e -> assertThat(e.item()).contains("/proc/self/mem"));
    assertThat(repo.snapshots())
        .anySatisfy(s -> assertThat(s.id()).startsWith(summary.snapshotId()));

    assertThatThrownBy(
            () ->
                repo.backup(
                    BackupRequest.builder()
                        .path(source)
                        .path(unreadable)
                        .failOnUnreadable()
                        .build()))
        .isInstanceOfSatisfying(
            IncompleteBackupException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(3);
              assertThat(e.summary().snapshotCreated()).isTrue();
              assertThat(e.summary().unreadable()).isNotEmpty();
            });
    Exercised.record(version(), "local", "backup exit 3");
  }
}
