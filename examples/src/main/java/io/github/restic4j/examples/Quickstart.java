package io.github.restic4j.examples;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Quickstart: the whole life of a repository in one page.
 *
 * <ol>
 *   <li>{@code init} a repository (a local folder here; see {@link BackendConfigurationExample} for
 *       S3, rest-server and SFTP),
 *   <li>{@code backup} a folder twice (the second run only adds what changed),
 *   <li>list the {@code snapshots},
 *   <li>{@code restore} the latest snapshot and compare it with the original,
 *   <li>{@code forget} old snapshots with a retention policy (here: keep the last one) and prune
 *       the data nobody references any more.
 * </ol>
 *
 * <p>Run: {@code ./mvnw -q -Pdemo -pl examples -am package -Ddemo.main=Quickstart}, or from your
 * IDE. Needs restic ({@code RESTIC_BINARY}, {@code PATH} or {@code bash scripts/install-restic}).
 */
public final class Quickstart {

  private Quickstart() {}

  /**
   * Runs the quickstart in a temporary folder.
   *
   * @param args unused
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    Restic restic = ExampleSupport.requireRestic();
    Path work = Files.createTempDirectory("restic4j-quickstart");
    try {
      Path data = ExampleSupport.createData(work.resolve("data"), 3);

      // 1. a repository: location + password (never on the command line, never logged)
      ResticRepository repo =
          restic
              .repository(work.resolve("repo").toString())
              .password(Secret.of("correct horse battery staple"))
              .cacheDir(work.resolve("cache"))
              .build();
      System.out.println("init: repository " + repo.init().id().substring(0, 8));

      // 2. back up twice; the second backup finds the first as its parent
      BackupSummary first = repo.backup(BackupRequest.builder().path(data).tag("app").build());
      Files.writeString(data.resolve("docs/report-4.txt"), "a new report\n");
      BackupSummary second = repo.backup(BackupRequest.builder().path(data).tag("app").build());
      System.out.println(
          "backup: "
              + ExampleSupport.shortId(first.snapshotId())
              + " ("
              + first.filesNew()
              + " new files), then "
              + ExampleSupport.shortId(second.snapshotId())
              + " ("
              + second.filesNew()
              + " new file)");

      // 3. list snapshots
      List<Snapshot> snapshots = repo.snapshots();
      for (Snapshot s : snapshots) {
        System.out.println(
            "snapshot "
                + s.shortId()
                + " "
                + s.time().toLocalDateTime().withNano(0)
                + " tags "
                + s.tags());
      }

      // 4. restore the latest snapshot and check it
      Path target = work.resolve("restore");
      repo.restore(RestoreRequest.builder(second.snapshotId(), target).build());
      System.out.println(
          "restore: " + ExampleSupport.verifyRestore(data, target) + " files identical");

      // 5. retention. A production policy is rather keepDaily(7).keepWeekly(4).keepMonthly(12);
      // restic 0.17+ then also keeps the oldest snapshot while fewer days exist than asked for.
      ForgetResult forgotten = repo.forget(ForgetRequest.builder().keepLast(1).prune().build());
      System.out.println(
          "forget: kept "
              + forgotten.kept().size()
              + ", removed "
              + forgotten.removed().size()
              + "; snapshots now "
              + repo.snapshots().size());
    } finally {
      ExampleSupport.deleteTree(work);
    }
  }
}
