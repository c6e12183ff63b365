package io.github.restic4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Never rot: runs every example's {@code main} end to end in a child JVM, against the newest real
 * restic the installer put in {@code ~/.cache/restic4j} (or {@code restic4j.binaries}), and checks
 * its output for the expected outcome. A missing restic skips locally and fails under {@code
 * CI=true}. The examples run concurrently (they wait on restic more than they compute), which keeps
 * the whole class around one minute.
 */
@Execution(ExecutionMode.CONCURRENT)
class ExamplesIT {

  private static final long TIMEOUT_SECONDS = 150;

  @Test
  void lockRecoveryDemo() throws Exception {
    Output out = run("LockRecoveryDemo", env -> env.put("RESTIC_BINARY", newestRestic()));
    assertThat(out.firstLine()).startsWith("restic ");
    assertThat(out.stdout())
        .contains("repository is already locked")
        .contains("STALE_HOLDER_DEAD")
        .contains("prune succeeded; locks now: 0")
        .contains("REMOVED")
        .contains("files restored byte-identical. Done.");
  }

  @Test
  void lockRecoveryDemoWithoutResticRunsTheStoryOnTheFake(@TempDir Path emptyCache)
      throws Exception {
    Output out =
        run(
            "LockRecoveryDemo",
            env -> {
              env.remove("RESTIC_BINARY");
              env.remove(ResticInstallations.BINARIES_ENV);
              env.put(ResticInstallations.CACHE_ENV, emptyCache.toString());
              env.put("PATH", pathWithoutRestic(env.get("PATH")));
            });
    assertThat(out.firstLine())
        .startsWith("No restic binary found")
        .contains("bash scripts/install-restic");
    assertThat(out.stdout())
        .contains("fake restic 0.18.0")
        .contains("STALE_HOLDER_DEAD")
        .contains("files restored byte-identical. Done.");
  }

  @Test
  void scheduledPlans() throws Exception {
    Output out = run("ScheduledPlansExample", env -> env.put("RESTIC_BINARY", newestRestic()));
    assertThat(out.stdout())
        .contains("next prune (off-peak): ")
        .containsPattern("(?s)(BACKUP succeeded in \\d+ ms.*){2,}")
        .contains("PRUNE succeeded")
        .contains("CHECK succeeded")
        .contains("health: healthy")
        .containsPattern("journal: \\d+ runs recorded")
        // a backup that falls due just as the demo stops is cancelled; nothing else may fail
        .doesNotContainPattern("failed: (?!CANCELLED)");
  }

  @Test
  void quickstart() throws Exception {
    Output out = run("Quickstart", env -> env.put("RESTIC_BINARY", newestRestic()));
    assertThat(out.stdout())
        .containsPattern("init: repository [0-9a-f]{8}")
        .containsPattern("backup: [0-9a-f]{8} \\(4 new files\\), then [0-9a-f]{8} \\(1 new file\\)")
        .contains("restore: 5 files identical")
        .contains("forget: kept 1, removed 1; snapshots now 1");
  }

  @Test
  void backupWithProgress() throws Exception {
    Output out = run("BackupWithProgress", env -> env.put("RESTIC_BINARY", newestRestic()));
    // not a terminal: a few plain lines, no redrawing
    assertThat(out.stdout()).doesNotContain("\r").contains("  backup 100%");
    assertThat(out.stdout().lines().count()).isLessThanOrEqualTo(6);
    assertThat(out.stdout()).containsPattern("snapshot [0-9a-f]{8}: 32 files, \\d+ KiB added");
  }

  @Test
  void lockRecoveryPolicies() throws Exception {
    ResticInstallation newest = newest();
    Output out =
        run("LockRecoveryPolicies", env -> env.put("RESTIC_BINARY", newest.binary().toString()));
    assertThat(out.stdout())
        .contains("-> LockNotAcquiredException; verdicts [LIVE]")
        .contains("[GaveUp]")
        .contains("[Waiting]")
        .contains("-> prune succeeded after waiting")
        .contains("STALE_HOLDER_DEAD")
        .contains("[LocksRemoved]")
        .contains("-> prune succeeded; locks left: 0");
    if (newest.isAtLeast(0, 15, 1)) {
      assertThat(out.stdout())
          .contains("UNREADABLE")
          .contains("unlock --remove-all")
          .containsPattern("-> force removed [0-9a-f]{8}; prune succeeded; locks left: 0")
          .contains("audit: 2 lock(s) removed");
    }
  }

  @Test
  void backendConfiguration() throws Exception {
    // under CI the servers must be installed; locally a missing one is skipped by the example
    if (ResticInstallations.isCi()) {
      ResticInstallations.get().requireS3ProxyJar();
      ResticInstallations.get().requireRestServer();
    }
    Output out =
        run("BackendConfigurationExample", env -> env.put("RESTIC_BINARY", newestRestic()));
    if (ResticInstallations.get().s3proxyJar().isPresent()) {
      assertThat(out.stdout()).contains("S3: init + backup ok, 1 snapshot (s3:http://127.0.0.1:");
    }
    if (ResticInstallations.get().restServer().isPresent()) {
      assertThat(out.stdout())
          .contains("REST: init + backup ok, 1 snapshot (rest:http://backup:")
          .doesNotContain("rest-secret");
    }
    assertThat(out.stdout())
        .contains("SFTP: configured sftp:backup@nas.example.com:/srv/restic/app")
        .contains("local instead of SFTP: init + backup ok, 1 snapshot");
  }

  @Test
  void springScheduled() throws Exception {
    Output out = run("SpringScheduledExample", env -> env.put("RESTIC_BINARY", newestRestic()));
    assertThat(out.stdout())
        .containsPattern("nightly backup: snapshot [0-9a-f]{8}")
        .contains("weekly maintenance: kept 2, removed 0, check ok");
  }

  @Test
  void quartz() throws Exception {
    Output out = run("QuartzExample", env -> env.put("RESTIC_BINARY", newestRestic()));
    assertThat(out.stdout())
        .containsPattern("quartz job: snapshot [0-9a-f]{8}, 3 new files")
        .contains("outcome: DONE")
        .contains("quartz job: wrong password, unscheduling")
        .contains("outcome: NEEDS_AN_OPERATOR");
  }

  // ------------------------------------------------------------------------------------------

  /** stdout and stderr of one example run. */
  private record Output(String stdout, String stderr) {
    String firstLine() {
      return stdout.lines().findFirst().orElse("");
    }
  }

  private static ResticInstallation newest() {
    List<ResticInstallation> all = ResticInstallations.get().requireRestics();
    return all.get(all.size() - 1);
  }

  private static String newestRestic() {
    return newest().binary().toString();
  }

  private static String pathWithoutRestic(String path) {
    return Arrays.stream(path == null ? new String[0] : path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty() && !Files.isExecutable(Path.of(dir, "restic")))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Runs an example's main in a child JVM; asserts exit 0 and no stack trace. */
  private static Output run(String example, Consumer<Map<String, String>> environment)
      throws IOException, InterruptedException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath);
    command.add("io.github.restic4j.examples." + example);
    Path dir = Files.createTempDirectory("restic4j-example-run");
    try {
      Path stdout = dir.resolve("stdout");
      Path stderr = dir.resolve("stderr");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      environment.accept(pb.environment());
      long start = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(example + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      Output out = new Output(Files.readString(stdout), Files.readString(stderr));
      System.out.printf(
          "%s: exit %d in %.1f s%n", example, p.exitValue(), (System.nanoTime() - start) / 1e9);
      assertThat(p.exitValue())
          .as("%s exit code; stdout:%n%s%nstderr:%n%s", example, out.stdout(), out.stderr())
          .isZero();
      assertThat(out.stderr())
          .as("%s stderr", example)
          .doesNotContain("Exception")
          .doesNotContain("ERROR");
      return out;
    } finally {
      ExampleSupport.deleteTree(dir);
    }
  }
}
