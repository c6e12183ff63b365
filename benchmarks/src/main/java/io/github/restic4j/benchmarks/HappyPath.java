package io.github.restic4j.benchmarks;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Item 1: restic4j backup/snapshots versus the same restic command run directly. */
final class HappyPath {
  private HappyPath() {}

  /** Small dataset: 200 files of 4 KiB in 10 folders (changed a little before every backup). */
  static Path createData(Path dir) throws Exception {
    Random r = new Random(42);
    byte[] buf = new byte[4096];
    for (int d = 0; d < 10; d++) {
      Path sub = Files.createDirectories(dir.resolve("d" + d));
      for (int f = 0; f < 20; f++) {
        r.nextBytes(buf);
        Files.write(sub.resolve("f" + f + ".bin"), buf);
      }
    }
    return dir;
  }

  static List<Row> run(Ctx ctx) throws Exception {
    Ctx.say("1. happy path: backup / snapshots, " + ctx.pairs + " A/B pairs");
    Path data = createData(ctx.dir("hp-data"));
    Path repoDir = ctx.work.resolve("hp-repo");
    Path cache = ctx.dir("hp-cache");
    Map<String, String> env = Raw.env(repoDir.toString(), Raw.PASSWORD);
    Raw.ok(Raw.cmd(ctx.binary(), List.of("--cache-dir", cache.toString(), "init")), env);

    Restic restic = ctx.restic();
    ResticRepository repo = Raw.repo(restic, repoDir, cache);
    Raw.Counter counter = new Raw.Counter(ctx.work.resolve("hp-counter"), ctx.binary());
    ResticRepository counted = Raw.repo(counter.restic(restic.version()), repoDir, cache);

    // the exact command lines restic4j runs, recorded by the counting wrapper
    counter.reset();
    counted.backup(BackupRequest.of(data));
    List<List<String>> backupCalls = counter.calls();
    counter.reset();
    counted.snapshots();
    List<List<String>> snapshotCalls = counter.calls();
    LockManager manager = LockManager.create();
    manager.run(counted, BackupRequest.of(data), LockPolicy.defaults()); // first: + cat config
    counter.reset();
    manager.run(counted, BackupRequest.of(data), LockPolicy.defaults());
    List<String> managed = counter.commands();
    List<String> backupArgs = backupCalls.get(0);
    List<String> snapshotArgs = snapshotCalls.get(0);
    ctx.note(
        "1. restic4j ran `restic "
            + String.join(" ", backupArgs)
            + "` and `restic "
            + String.join(" ", snapshotArgs)
            + "`; the raw side runs exactly these argument lists with stdout and stderr sent to"
            + " /dev/null.");

    List<String> blindArgs = new ArrayList<>(List.of("--cache-dir", cache.toString(), "unlock"));
    counter.reset();
    Raw.ok(Raw.cmd(counter.script, blindArgs), env);
    Raw.ok(Raw.cmd(counter.script, backupArgs), env);
    List<String> blind = counter.commands();

    List<Row> rows = new ArrayList<>();
    Random jitter = new Random(7);
    Path touched = data.resolve("d0").resolve("changing.txt");
    AB.Op touch = () -> Files.writeString(touched, Long.toString(jitter.nextLong()));
    AB backup =
        AB.run(
            2,
            ctx.pairs,
            () -> {
              touch.run();
              repo.backup(BackupRequest.of(data));
            },
            () -> {
              touch.run();
              Raw.ok(Raw.cmd(ctx.binary(), backupArgs), env);
            });
    rows.add(
        new Row(
            "1",
            "`backup` (200 files, 1 changed per run), restic4j vs ProcessBuilder",
            backup.a.describe(),
            backup.b.describe(),
            Stats.ratio(backup.a, backup.b),
            "≤ 1.05",
            Row.verdict(backup.ratio() <= 1.05)));
    AB piped =
        AB.run(
            1,
            ctx.pairs,
            () -> {
              touch.run();
              repo.backup(BackupRequest.of(data));
            },
            () -> {
              touch.run();
              Raw.okPiped(Raw.cmd(ctx.binary(), backupArgs), env);
            });
    rows.add(
        new Row(
            "1",
            "diagnostic: the same `backup` pairs, raw side reading restic's stdout through a pipe"
                + " (as restic4j must) instead of /dev/null",
            piped.a.describe(),
            piped.b.describe(),
            Stats.ratio(piped.a, piped.b),
            "–",
            "info"));
    AB snaps =
        AB.run(
            2, ctx.pairs, repo::snapshots, () -> Raw.ok(Raw.cmd(ctx.binary(), snapshotArgs), env));
    rows.add(
        new Row(
            "1",
            "`snapshots` (" + repo.snapshots().size() + " snapshots), restic4j vs ProcessBuilder",
            snaps.a.describe(),
            snaps.b.describe(),
            Stats.ratio(snaps.a, snaps.b),
            "≤ 1.05",
            Row.verdict(snaps.ratio() <= 1.05)));
    AB blindAb =
        AB.run(
            1,
            Math.max(2, ctx.pairs / 3),
            () -> {
              touch.run();
              Raw.ok(Raw.cmd(ctx.binary(), blindArgs), env);
              Raw.ok(Raw.cmd(ctx.binary(), backupArgs), env);
            },
            () -> {
              touch.run();
              Raw.ok(Raw.cmd(ctx.binary(), backupArgs), env);
            });
    rows.add(
        new Row(
            "1",
            "restic processes per `backup`: restic4j "
                + backupCalls.size()
                + " "
                + commands(backupCalls)
                + ", per `snapshots` "
                + snapshotCalls.size()
                + ", via LockManager.run "
                + managed.size()
                + " "
                + managed
                + "; blind unlock-first costs "
                + blind.size()
                + " "
                + blind
                + " and its time vs plain backup is the ratio",
            backupCalls.size() + " / " + snapshotCalls.size() + " / " + managed.size(),
            "blind: " + blind.size() + ", " + blindAb.a.describe(),
            Stats.ratio(blindAb.a, blindAb.b) + " (blind/plain)",
            "exactly 1",
            Row.verdict(
                backupCalls.size() == 1 && snapshotCalls.size() == 1 && managed.size() == 1)));
    return rows;
  }

  static List<String> commands(List<List<String>> calls) {
    List<String> out = new ArrayList<>();
    for (List<String> c : calls) {
      out.add(Raw.commandOf(c));
    }
    return out;
  }
}
