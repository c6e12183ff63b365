package io.github.restic4j.benchmarks;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.LsStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of the streaming {@code ls} benchmark (started with {@code -Xmx64m}): alternates
 * restic4j's stream and raw {@code restic ls --json > /dev/null}, prints {@code A <nanos>} / {@code
 * B <nanos>} lines; then, as a diagnostic, the stream against raw {@code restic ls --json} whose
 * stdout this JVM reads through a pipe and discards ({@code PA} / {@code PB} lines).
 */
public final class LsChild {
  private LsChild() {}

  /**
   * Runs the pairs.
   *
   * @param args binary, version, repository, cache folder, snapshot id, pairs
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path binary = Path.of(args[0]);
    ResticVersion version = ResticVersion.parse(args[1]);
    Path repoDir = Path.of(args[2]);
    Path cache = Path.of(args[3]);
    String snapshot = args[4];
    int pairs = Integer.parseInt(args[5]);
    Restic restic =
        Restic.builder()
            .binary(binary)
            .version(version)
            .defaultTimeout(Duration.ofHours(1))
            .build();
    // GOMAXPROCS in this JVM's environment (the one-core diagnostic) goes to restic on both sides
    String goMaxProcs = System.getenv("GOMAXPROCS");
    ResticRepository repo =
        goMaxProcs == null
            ? Raw.repo(restic, repoDir, cache)
            : restic
                .repository(repoDir.toString())
                .password(Secret.of(Raw.PASSWORD))
                .cacheDir(cache)
                .inheritEnvironment("GOMAXPROCS")
                .build();
    Map<String, String> env = Raw.env(repoDir.toString(), Raw.PASSWORD);
    if (goMaxProcs != null) {
      env.put("GOMAXPROCS", goMaxProcs);
    }
    List<String> raw =
        Raw.cmd(binary, List.of("--cache-dir", cache.toString(), "--json", "ls", "--", snapshot));
    long[] count = new long[1];
    AB.Op stream =
        () -> {
          try (LsStream s = repo.ls(LsRequest.builder(snapshot).build())) {
            count[0] = s.drain();
          }
        };
    AB ab = AB.run(1, pairs, stream, () -> Raw.ok(raw, env));
    print(ab, "A", "B");
    if (goMaxProcs == null) {
      // diagnostic: the raw side reads restic's stdout through a pipe (as any Java caller must)
      AB piped = AB.run(0, pairs, stream, () -> Raw.okPiped(raw, env));
      print(piped, "PA", "PB");
    }
    System.out.println("entries " + count[0]);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println(
        "heap peak "
            + peak / (1024 * 1024)
            + " MiB summed over pools (max heap "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MiB)");
  }

  private static void print(AB ab, String a, String b) {
    for (long n : ab.a.raw()) {
      System.out.println(a + " " + n);
    }
    for (long n : ab.b.raw()) {
      System.out.println(b + " " + n);
    }
  }
}
