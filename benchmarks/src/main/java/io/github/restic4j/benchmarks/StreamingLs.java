package io.github.restic4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Item 2: streaming {@code ls} of a large snapshot, restic4j in a child JVM with {@code -Xmx64m}
 * versus {@code restic ls --json > /dev/null}. The tree (empty files, 1,000 per folder) and a
 * repository holding its snapshot are built once into the cache folder and reused.
 */
final class StreamingLs {
  private StreamingLs() {}

  static final int FILES_PER_DIR = 1000;

  static List<Row> run(Ctx ctx) throws Exception {
    Ctx.say("2. streaming ls: " + ctx.lsEntries + " entries, " + ctx.lsPairs + " A/B pairs");
    String tag = ctx.lsEntries + "-" + ctx.installation.version();
    Path tree = ctx.cacheRoot.resolve("tree-" + ctx.lsEntries);
    Path repo = ctx.cacheRoot.resolve("repo-" + tag);
    Path cache = ctx.cacheRoot.resolve("cache-" + tag);
    ensureTree(tree, ctx.lsEntries);
    String snapshot = ensureRepo(ctx, tree, repo, cache);

    Child main = child(ctx, repo, cache, snapshot, false);
    // diagnostic: the same pairs with restic's Go runtime kept to one core on both sides
    Child oneCore = child(ctx, repo, cache, snapshot, true);
    Stats a = main.a;
    Stats b = main.b;
    long entries = main.entries;
    String heap = main.heap;
    double ratio = a.medianMs() / b.medianMs();
    ctx.note(
        "2. restic4j side: `repo.ls(LsRequest.builder(id).build())` drained in a child JVM started"
            + " with -Xmx64m (JVM start-up not timed; the same JVM alternates with the raw run, one"
            + " discarded warm-up pair); "
            + entries
            + " nodes streamed; heap after the runs: "
            + heap
            + ". Tree and repository cached in "
            + ctx.cacheRoot
            + ".");
    return List.of(
        new Row(
            "2",
            String.format(
                Locale.ROOT,
                "streaming `ls` of a %,d-node snapshot, restic4j (-Xmx64m) vs `restic ls --json >"
                    + " /dev/null`",
                entries),
            a.describe(),
            b.describe(),
            Stats.ratio(a, b),
            "≤ 1.10",
            Row.verdict(ratio <= 1.10 && entries >= Math.min(ctx.lsEntries, 500_000))),
        new Row(
            "2",
            "diagnostic: the same stream vs raw `restic ls --json` read through a pipe by the same"
                + " JVM and discarded (the pipe alone: restic writes one line per syscall, and a"
                + " pipe reader, unlike /dev/null, must be woken for it)",
            main.pipedA.describe(),
            main.pipedB.describe(),
            Stats.ratio(main.pipedA, main.pipedB),
            "–",
            "info"),
        new Row(
            "2",
            "diagnostic: the same A/B pairs with `GOMAXPROCS=1` for restic on both sides (its Go"
                + " runtime then uses one core and leaves the other to the consuming JVM)",
            oneCore.a.describe(),
            oneCore.b.describe(),
            Stats.ratio(oneCore.a, oneCore.b),
            "–",
            "info"));
  }

  /** What one child JVM measured. */
  private record Child(Stats a, Stats b, Stats pipedA, Stats pipedB, long entries, String heap) {}

  /**
   * Runs {@link LsChild} in a JVM with {@code -Xmx64m}; with {@code oneCore}, restic runs with
   * {@code GOMAXPROCS=1} on both sides and the piped diagnostic is skipped.
   */
  private static Child child(Ctx ctx, Path repo, Path cache, String snapshot, boolean oneCore)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx64m");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LsChild.class.getName());
    cmd.add(ctx.binary().toString());
    cmd.add(ctx.installation.version().toString());
    cmd.add(repo.toString());
    cmd.add(cache.toString());
    cmd.add(snapshot);
    cmd.add(Integer.toString(ctx.lsPairs));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    if (oneCore) {
      pb.environment().put("GOMAXPROCS", "1");
    } else {
      pb.environment().remove("GOMAXPROCS");
    }
    Process p = pb.start();
    Stats a = new Stats();
    Stats b = new Stats();
    Stats pipedA = new Stats();
    Stats pipedB = new Stats();
    long entries = -1;
    String heap = "?";
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ", 2);
        switch (f[0]) {
          case "A" -> a.add(Long.parseLong(f[1]));
          case "B" -> b.add(Long.parseLong(f[1]));
          case "PA" -> pipedA.add(Long.parseLong(f[1]));
          case "PB" -> pipedB.add(Long.parseLong(f[1]));
          case "entries" -> entries = Long.parseLong(f[1]);
          case "heap" -> heap = f[1];
          default -> System.err.println("  ls child: " + line);
        }
      }
    }
    int code = p.waitFor();
    if (code != 0) {
      throw new IllegalStateException("ls child JVM exited with " + code);
    }
    return new Child(a, b, pipedA, pipedB, entries, heap);
  }

  /** Creates {@code entries} empty files in folders of 1,000 (once; a marker says it is done). */
  static void ensureTree(Path tree, int entries) throws IOException {
    Path done = tree.resolveSibling(tree.getFileName() + ".complete");
    if (Files.exists(done)) {
      return;
    }
    Ctx.say("   generating " + entries + " empty files in " + tree + " (once)");
    BenchMain.deleteTree(tree);
    int dirs = (entries + FILES_PER_DIR - 1) / FILES_PER_DIR;
    IntStream.range(0, dirs)
        .parallel()
        .forEach(
            d -> {
              try {
                Path dir =
                    Files.createDirectories(
                        tree.resolve(String.format("g%02d", d / 100)).resolve("d" + d));
                int n = Math.min(FILES_PER_DIR, entries - d * FILES_PER_DIR);
                for (int f = 0; f < n; f++) {
                  Files.createFile(dir.resolve("file-" + f));
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    Files.writeString(done, "ok\n");
  }

  /** A repository with one snapshot of the tree (once); returns the snapshot id. */
  static String ensureRepo(Ctx ctx, Path tree, Path repo, Path cache) throws Exception {
    Path idFile = repo.resolveSibling(repo.getFileName() + ".snapshot");
    if (Files.exists(idFile)) {
      return Files.readString(idFile).trim();
    }
    Ctx.say("   backing up the tree into " + repo + " (once)");
    BenchMain.deleteTree(repo);
    Map<String, String> env = Raw.env(repo.toString(), Raw.PASSWORD);
    Raw.ok(Raw.cmd(ctx.binary(), List.of("--cache-dir", cache.toString(), "init")), env);
    var r = Raw.repo(ctx.restic(), repo, cache);
    String id =
        r.backup(
                io.github.restic4j.core.command.BackupRequest.builder()
                    .path(tree)
                    .timeout(java.time.Duration.ofHours(1))
                    .build())
            .snapshotId();
    Files.writeString(idFile, id + "\n");
    return id;
  }
}
