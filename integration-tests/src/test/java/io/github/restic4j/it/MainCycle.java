package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.command.UnlockResult;
import java.nio.file.Path;
import java.util.List;

/**
 * The main cycle on a remote backend: init, backup twice, snapshots, unlock, list locks.
 *
 * <p>forget, prune, check and restore are not part of it yet: {@code ResticRepository} has no typed
 * methods for them so far.
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

    UnlockResult unlock = repo.unlock(UnlockRequest.staleOnly());
    assertThat(unlock.removed()).isEmpty();
    assertThat(repo.listLocks()).isEmpty();

    for (String step :
        List.of("init", "cat config", "backup", "snapshots", "unlock", "list locks")) {
      Exercised.record(version, backend, step);
    }
    return config;
  }
}
