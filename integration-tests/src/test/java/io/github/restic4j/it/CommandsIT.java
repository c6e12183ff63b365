package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticStream;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.CheckResult;
import io.github.restic4j.core.command.CopyRequest;
import io.github.restic4j.core.command.CopyResult;
import io.github.restic4j.core.command.DiffChange;
import io.github.restic4j.core.command.DiffRequest;
import io.github.restic4j.core.command.DiffStatistics;
import io.github.restic4j.core.command.DiffStream;
import io.github.restic4j.core.command.DumpRequest;
import io.github.restic4j.core.command.FindMatch;
import io.github.restic4j.core.command.FindRequest;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.KeyAddRequest;
import io.github.restic4j.core.command.KeyInfo;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.LsStream;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.command.PruneSummary;
import io.github.restic4j.core.command.RepairIndexResult;
import io.github.restic4j.core.command.RepositoryStats;
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.RestoreSummary;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.StatsMode;
import io.github.restic4j.core.command.StatsRequest;
import io.github.restic4j.core.command.TagRequest;
import io.github.restic4j.core.command.TagResult;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
 * Every command an orchestrator needs, against a local repository, once per installed restic
 * version: the typed results must hold what restic really did (files restored byte-identical,
 * snapshots really removed, keys really changed).
 */
@EnabledIfResticAvailable
@ExtendWith(Exercised.class)
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.Its#restics")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandsIT {

  @Parameter ResticInstallation installation;

  private static Path work;
  private static Path source;
  private static Restic restic;
  private static ResticRepository repo;
  private static List<Snapshot> snapshots;

  @BeforeParameterizedClassInvocation
  static void createRepositoryWithThreeSnapshots(ResticInstallation installation)
      throws IOException {
    work = Its.tempDir("commands-" + installation.version().raw());
    source = Its.sampleData(work);
    restic = Its.restic(installation);
    repo = Its.repository(restic, work.resolve("repo").toString(), work).build();
    repo.init();
    repo.backup(BackupRequest.builder().path(source).tag("daily").build());
    Files.writeString(source.resolve("added.txt"), "delta\n");
    repo.backup(BackupRequest.builder().path(source).tag("daily").build());
    Files.writeString(source.resolve("a.txt"), "alpha changed\n");
    repo.backup(BackupRequest.builder().path(source).tag("weekly").build());
    snapshots = repo.snapshots();
  }

  @AfterParameterizedClassInvocation
  static void deleteRepository() {
    Its.deleteRecursively(work);
    snapshots = null;
  }

  private void exercised(String step) {
    Exercised.record(installation.version().raw(), "local", step);
  }

  @Test
  @Order(1)
  void lsStreamsTheSnapshotsNodes() {
    List<String> paths = new ArrayList<>();
    try (LsStream ls = repo.ls(LsRequest.builder(snapshots.get(2).id()).build())) {
      assertThat(ls.snapshot().id()).isEqualTo(snapshots.get(2).id());
      ls.stream().map(LsNode::path).forEach(paths::add);
    }
    String root = source.toString();
    assertThat(paths)
        .contains(root + "/a.txt", root + "/added.txt", root + "/sub", root + "/sub/c.txt");
    exercised("ls");
  }

  @Test
  @Order(2)
  void findLocatesAFileInEverySnapshotThatHasIt() {
    List<FindMatch> matches;
    try (ResticStream<FindMatch> find = repo.find(FindRequest.builder("added.txt").build())) {
      matches = find.stream().toList();
    }
    assertThat(matches).hasSize(2);
    assertThat(matches)
        .extracting(FindMatch::snapshotId)
        .containsExactlyInAnyOrder(snapshots.get(1).id(), snapshots.get(2).id());
    assertThat(matches).allSatisfy(m -> assertThat(m.path()).endsWith("/added.txt"));
    exercised("find");
  }

  @Test
  @Order(3)
  void diffReportsTheModifiedFile() {
    List<DiffChange> changes;
    DiffStatistics statistics;
    try (DiffStream diff =
        repo.diff(DiffRequest.builder(snapshots.get(1).id(), snapshots.get(2).id()).build())) {
      changes = diff.stream().toList();
      statistics = diff.statistics();
    }
    assertThat(changes)
        .anySatisfy(
            c -> {
              assertThat(c.path()).endsWith("/a.txt");
              assertThat(c.modifier()).isEqualTo(DiffChange.Modifier.MODIFIED);
            });
    assertThat(statistics.changedFiles()).isEqualTo(1);
    exercised("diff");
  }

  @Test
  @Order(4)
  void statsInEveryMode() {
    RepositoryStats restoreSize = repo.stats(StatsRequest.builder().snapshot("latest").build());
    // restic counts the directories on the path too, and gives them no size
    assertThat(restoreSize.totalFileCount()).isGreaterThan(4);
    assertThat(restoreSize.totalSize()).isEqualTo(directorySize(source));
    RepositoryStats raw = repo.stats(StatsRequest.builder().mode(StatsMode.RAW_DATA).build());
    assertThat(raw.totalBlobCount()).isPositive();
    assertThat(raw.snapshotsCount()).isEqualTo(3);
    RepositoryStats blobs =
        repo.stats(StatsRequest.builder().mode(StatsMode.BLOBS_PER_FILE).build());
    assertThat(blobs.totalBlobCount()).isPositive();
    RepositoryStats contents =
        repo.stats(StatsRequest.builder().mode(StatsMode.FILES_BY_CONTENTS).build());
    assertThat(contents.totalFileCount()).isPositive();
    exercised("stats");
  }

  @Test
  @Order(5)
  void dumpWritesTheFileContent() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long written =
        repo.dump(
            DumpRequest.builder(snapshots.get(2).id(), source.resolve("a.txt").toString()).build(),
            out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("alpha changed\n");
    assertThat(written).isEqualTo(out.size());
    exercised("dump");
  }

  @Test
  @Order(6)
  void restoreWritesByteIdenticalFiles() throws IOException {
    Path target = work.resolve("restored");
    RestoreSummary summary =
        repo.restore(RestoreRequest.builder(snapshots.get(2).id(), target).build());
    Path restored = target.resolve(source.getRoot().relativize(source));
    for (String file : List.of("a.txt", "b.txt", "added.txt", "sub/c.txt")) {
      assertThat(Files.mismatch(source.resolve(file), restored.resolve(file))).isEqualTo(-1);
    }
    if (summary.countsReported()) {
      // directories, including the parents of the backed-up path, count as restored files
      assertThat(summary.filesRestored()).isGreaterThan(4);
      assertThat(summary.bytesRestored()).isEqualTo(directorySize(source));
    }
    exercised("restore");
  }

  @Test
  @Order(7)
  void tagAddsRemovesAndRewritesSnapshots() {
    TagResult added =
        repo.tag(TagRequest.builder().add("keep").snapshot(snapshots.get(0).id()).build());
    assertThat(added.changedSnapshots()).isEqualTo(1);
    List<Snapshot> tagged = repo.snapshots();
    assertThat(tagged).filteredOn(s -> s.tags().contains("keep")).hasSize(1);
    Snapshot keep = tagged.stream().filter(s -> s.tags().contains("keep")).findFirst().get();
    TagResult removed = repo.tag(TagRequest.builder().remove("keep").snapshot(keep.id()).build());
    assertThat(removed.changedSnapshots()).isEqualTo(1);
    assertThat(repo.snapshots()).noneMatch(s -> s.tags().contains("keep"));
    snapshots = repo.snapshots();
    exercised("tag");
  }

  @Test
  @Order(8)
  void forgetDryRunRemovesNothingAndForgetRemovesWhatItReports() {
    ForgetResult dry = repo.forget(ForgetRequest.builder().keepLast(1).dryRun().build());
    assertThat(dry.removed()).hasSize(2);
    assertThat(repo.snapshots()).hasSize(3);

    ForgetResult forget = repo.forget(ForgetRequest.builder().keepLast(2).build());
    assertThat(forget.removed()).hasSize(1);
    assertThat(forget.kept()).hasSize(2);
    List<Snapshot> after = repo.snapshots();
    assertThat(after).extracting(Snapshot::id).doesNotContain(forget.removed().get(0).id());
    assertThat(after).hasSize(2);
    exercised("forget");
  }

  @Test
  @Order(9)
  void pruneRemovesUnreferencedDataAndCheckFindsNoErrors() {
    PruneSummary prune = repo.prune(PruneRequest.builder().build());
    assertThat(prune.dryRun()).isFalse();
    CheckResult check = repo.check(CheckRequest.builder().readDataSubset("50%").build());
    assertThat(check.ok()).isTrue();
    assertThat(check.errors()).isEmpty();
    exercised("prune");
    exercised("check");
  }

  @Test
  @Order(10)
  void repairIndexRebuildsADeletedIndexAndRefusesWhileLocked() throws IOException {
    Path repoDir = work.resolve("repo");
    try (Stream<Path> index = Files.list(repoDir.resolve("index"))) {
      for (Path f : index.toList()) {
        Files.delete(f);
      }
    }
    CheckResult broken = repo.check(CheckRequest.builder().build());
    assertThat(broken.ok() && !broken.suggestRepairIndex())
        .as("check sees the lost index")
        .isFalse();

    // a live exclusive lock: the repair (exclusive itself) fails typed, the repository untouched
    Map<String, String> env =
        Map.of("RESTIC_REPOSITORY", repoDir.toString(), "RESTIC_PASSWORD", Its.PASSWORD);
    try (LockHolder holder =
        LockHolder.start(
            repo, installation.binary(), env, Its.tempDir(work, "holder-cache"), work)) {
      RepositoryLockedException e =
          catchThrowableOfType(RepositoryLockedException.class, () -> repo.repairIndex());
      assertThat(e).as("repair must fail because of the lock").isNotNull();
      assertThat(e.conflict()).hasValueSatisfying(c -> assertThat(c.pid()).isEqualTo(holder.pid()));
      holder.release();
    }
    assertThat(repo.listLocks()).isEmpty();

    RepairIndexResult repaired = repo.repairIndex();
    assertThat(repaired.readPackFiles()).isTrue();
    assertThat(repaired.packsRead()).isPositive();
    assertThat(repo.check(CheckRequest.builder().build()).ok()).isTrue();

    Path target = work.resolve("restored-after-repair");
    repo.restore(RestoreRequest.builder("latest", target).build());
    Path restored = target.resolve(source.getRoot().relativize(source));
    for (String file : List.of("a.txt", "added.txt", "sub/c.txt")) {
      assertThat(Files.mismatch(source.resolve(file), restored.resolve(file))).isEqualTo(-1);
    }
    exercised("repair index");
  }

  @Test
  @Order(11)
  void keysCanBeAddedListedRemovedAndThePasswordChanged() {
    List<KeyInfo> before = repo.keys();
    assertThat(before).hasSize(1);
    assertThat(before.get(0).current()).isTrue();

    Secret second = Secret.of("second-" + Its.random(6));
    repo.addKey(KeyAddRequest.builder(second).build());
    List<KeyInfo> two = repo.keys();
    assertThat(two).hasSize(2);
    ResticRepository viaSecond =
        Its.repository(restic, work.resolve("repo").toString(), work).password(second).build();
    assertThat(viaSecond.snapshots()).hasSize(2);

    KeyInfo other = two.stream().filter(k -> !k.current()).findFirst().orElseThrow();
    repo.removeKey(other.id());
    assertThat(repo.keys()).hasSize(1);
    assertThatThrownBy(viaSecond::snapshots).isInstanceOf(WrongPasswordException.class);
    exercised("key list");
    exercised("key add");
    exercised("key remove");
  }

  @Test
  @Order(12)
  void copyTransfersSnapshotsToAnotherRepository() {
    ResticRepository target =
        Its.repository(restic, work.resolve("copy-target").toString(), work)
            .password(Secret.of("target-" + Its.random(6)))
            .build();
    target.init();
    CopyResult copied = target.copy(CopyRequest.builder(repo).build());
    assertThat(target.snapshots()).hasSize(repo.snapshots().size());
    assertThat(copied.copied()).isIn(0, repo.snapshots().size());
    exercised("copy");
  }

  @Test
  @Order(13)
  void changePasswordKeepsTheRepositoryReadable() {
    Secret changed = Secret.of("changed-" + Its.random(6));
    repo.changePassword(changed);
    ResticRepository reopened =
        Its.repository(restic, work.resolve("repo").toString(), work).password(changed).build();
    assertThat(reopened.snapshots()).hasSize(2);
    assertThatThrownBy(repo::snapshots).isInstanceOf(WrongPasswordException.class);
    repo = reopened;
    exercised("key passwd");
  }

  private static long directorySize(Path dir) {
    try (var files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sum();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
