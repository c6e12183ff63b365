package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.CheckResult;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.command.UnlockResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The main cycle on a remote backend: init, backup twice, snapshots, forget with prune, check,
 * restore, unlock, list locks.
 */
final class MainCycle {

  private MainCycle() {}

  static RepositoryConfig run(ResticRepository repo, Path source, String version, String backend) {
    RepositoryConfig created = repo.init();
    RepositoryConfig config = repo.catConfig();
    assertThat(config.id()).matches("[0-9a-f]{64}");
    // the full id from init is checked by CoreCycleIT; here only that it is the same repository
    assertThat(config.id()).startsWith(created.id());
    assertThat(created.id()).isNotEmpty();

    BackupSummary first = repo.backup(BackupRequest.of(source));
    assertThat(first.snapshotCreated()).isTrue();
    assertThat(first.filesNew()).isEqualTo(3);

    BackupSummary second = repo.backup(BackupRequest.of(source));
    assertThat(second.snapshotCreated()).isTrue();
    assertThat(second.filesNew()).isZero();
    assertThat(second.filesUnmodified()).isEqualTo(3);

    List<Snapshot> snapshots = repo.snapshots();
    assertThat(snapshots).hasSize(2);
    assertThat(snapshots.get(0).id()).startsWith(first.snapshotId());
    assertThat(snapshots.get(1).id()).startsWith(second.snapshotId());
    assertThat(snapshots.get(1).parent()).isEqualTo(snapshots.get(0).id());

    ForgetResult forget = repo.forget(ForgetRequest.builder().keepLast(1).prune().build());
    assertThat(forget.removed()).extracting(Snapshot::id).containsExactly(snapshots.get(0).id());
    assertThat(repo.snapshots()).extracting(Snapshot::id).containsExactly(snapshots.get(1).id());
    CheckResult check = repo.check(CheckRequest.builder().readData().build());
    assertThat(check.ok()).isTrue();

    Path target = Its.tempDir("restore-" + backend);
    try {
      repo.restore(RestoreRequest.builder("latest", target).build());
      Path restored = target.resolve(source.getRoot().relativize(source));
      for (String file : List.of("a.txt", "b.txt", "sub/c.txt")) {
        assertThat(Files.mismatch(source.resolve(file), restored.resolve(file))).isEqualTo(-1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Its.deleteRecursively(target);
    }

    UnlockResult unlock = repo.unlock(UnlockRequest.staleOnly());
    assertThat(unlock.removed()).isEmpty();
    assertThat(repo.listLocks()).isEmpty();

    for (String step :
        List.of(
            "init",
            "cat config",
            "backup",
            "snapshots",
            "forget --prune",
            "check --read-data",
            "restore",
            "unlock",
            "list locks")) {
      Exercised.record(version, backend, step);
    }
    return config;
  }
}
