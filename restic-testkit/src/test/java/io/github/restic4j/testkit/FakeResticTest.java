package io.github.restic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.RepositoryNotFoundException;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.WrongPasswordException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FakeResticTest {

  @RegisterExtension static FakeResticExtension restic = new FakeResticExtension();

  @TempDir Path tmp;

  private Path data() throws Exception {
    Path d = tmp.resolve("data");
    Files.createDirectories(d.resolve("docs"));
    Files.writeString(d.resolve("docs/a.txt"), "alpha");
    Files.writeString(d.resolve("b.txt"), "bravo bravo");
    return d;
  }

  @Test
  void scriptedResponsesAndRecordedInvocations(FakeRestic fake, ResticRepository repo) {
    fake.enqueue(
        FakeResponse.builder()
            .forCommand("snapshots")
            .stdout(
                "[{\"time\":\"2026-01-01T00:00:00Z\",\"tree\":\"ab\",\"paths\":[\"/x\"],"
                    + "\"hostname\":\"h\",\"username\":\"u\",\"id\":\""
                    + "a".repeat(64)
                    + "\",\"short_id\":\"aaaaaaaa\"}]")
            .build());
    List<Snapshot> snaps = repo.snapshots();
    assertThat(snaps).hasSize(1);
    assertThat(snaps.get(0).hostname()).isEqualTo("h");
    FakeInvocation inv = fake.takeInvocation();
    assertThat(inv.command()).isEqualTo("snapshots");
    assertThat(inv.arguments()).contains("--json", "snapshots");
    assertThat(inv.environmentNames()).contains("RESTIC_PASSWORD", "RESTIC_REPOSITORY");
    assertThat(inv.resticEnvironment().get("RESTIC_PASSWORD")).isEqualTo(FakeInvocation.REDACTED);
    assertThat(inv.toString()).doesNotContain(FakeResticExtension.DEFAULT_PASSWORD);

    fake.enqueue(FakeResponse.builder().stderr("Fatal: boom").exitCode(1).build());
    assertThatThrownBy(repo::snapshots).isInstanceOf(ResticException.class);
  }

  @Test
  void argumentsWithSpacesAndNewlinesArriveIntact(FakeRestic fake) throws Exception {
    fake.enqueue(FakeResponse.ofStdout("ok"));
    Process p =
        new ProcessBuilder(fake.binary().toString(), "a b", "line1\nline2", "", "ü")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo("ok\n");
    assertThat(fake.takeInvocation().arguments()).containsExactly("a b", "line1\nline2", "", "ü");
  }

  @Test
  void stdinIsForwardedForBackupStdin(FakeRestic fake, ResticRepository repo) {
    byte[] payload = "database dump\n".getBytes(StandardCharsets.UTF_8);
    BackupSummary s =
        repo.backup(
            BackupRequest.builder()
                .stdin(() -> new java.io.ByteArrayInputStream(payload), "dump.sql")
                .build());
    assertThat(s.snapshotId()).hasSize(64);
    assertThat(fake.takeInvocation().stdin()).isEqualTo(payload);
  }

  @Test
  void statefulBackupSnapshotsForget(FakeRestic fake, ResticRepository repo) throws Exception {
    Path d = data();
    repo.backup(BackupRequest.builder().path(d).tag("daily").build());
    repo.backup(BackupRequest.builder().path(d).tag("weekly").build());
    List<Snapshot> snaps = repo.snapshots();
    assertThat(snaps).hasSize(2);
    assertThat(snaps.get(0).id()).matches("[0-9a-f]{64}");
    assertThat(snaps.get(1).tags()).containsExactly("weekly");
    assertThat(snaps.get(1).paths()).containsExactly(d.toString());
    ForgetResult f = repo.forget(ForgetRequest.builder().keepLast(1).build());
    assertThat(f.removed()).extracting(Snapshot::id).containsExactly(snaps.get(0).id());
    assertThat(repo.snapshots()).hasSize(1);
    assertThat(fake.snapshotCount()).isEqualTo(1);
  }

  @Test
  void restoreWritesTheFiles(ResticRepository repo) throws Exception {
    Path d = data();
    repo.backup(BackupRequest.of(d));
    Path target = tmp.resolve("restore");
    repo.restore(io.github.restic4j.core.command.RestoreRequest.builder("latest", target).build());
    // like restic: an absolute source keeps its whole path below the target
    Path restored = target.resolve(d.getRoot().relativize(d));
    assertThat(restored.resolve("docs/a.txt")).hasContent("alpha");
    assertThat(target.resolve("data")).doesNotExist();
  }

  @Test
  void liveExclusiveLockMakesBackupFailWithHolderDetails(FakeRestic fake, ResticRepository repo)
      throws Exception {
    fake.faults().lockHeldBy(LockLiveness.LIVE, "otherhost", 4242, true, Duration.ofSeconds(3));
    assertThatThrownBy(() -> repo.backup(BackupRequest.of(data())))
        .isInstanceOfSatisfying(
            RepositoryLockedException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(11);
              assertThat(e.conflict())
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.pid()).isEqualTo(4242);
                        assertThat(c.hostname()).isEqualTo("otherhost");
                        assertThat(c.exclusive()).isTrue();
                      });
            });
  }

  @Test
  void wrongPassword(FakeRestic fake) {
    assertThatThrownBy(() -> fake.repository("not-the-password").snapshots())
        .isInstanceOf(WrongPasswordException.class)
        .satisfies(e -> assertThat(((WrongPasswordException) e).exitCode()).isEqualTo(12));
  }

  @Test
  void missingRepository(FakeRestic fake, ResticRepository repo) {
    fake.faults().missingRepository();
    assertThatThrownBy(repo::snapshots).isInstanceOf(RepositoryNotFoundException.class);
  }

  @Test
  void crashLeavesDeadLockThatUnlockRemovesWhileLiveLockStays(
      FakeRestic fake, ResticRepository repo) throws Exception {
    String live =
        fake.faults()
            .lockHeldBy(LockLiveness.LIVE, fake.hostname(), 1, false, Duration.ofSeconds(1));
    fake.faults().crashDuringNextBackup();
    assertThatThrownBy(() -> repo.backup(BackupRequest.of(data())))
        .isInstanceOf(ResticException.class);
    assertThat(fake.locks()).hasSize(2);
    assertThatThrownBy(() -> repo.forget(ForgetRequest.builder().keepLast(1).build()))
        .isInstanceOf(RepositoryLockedException.class);
    repo.unlock(UnlockRequest.staleOnly());
    assertThat(fake.locks()).containsExactly(live);
    repo.unlock(UnlockRequest.builder().removeAll().build());
    assertThat(fake.locks()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ResticPersona.class)
  void lockExitCodePerPersona(ResticPersona persona) throws Exception {
    try (FakeRestic fake = FakeRestic.start(persona)) {
      fake.initRepository("pw");
      fake.faults().lockHeldBy(LockLiveness.LIVE, "h", 7, true, Duration.ofMinutes(1));
      Process p =
          new ProcessBuilder(fake.binary().toString(), "-r", fake.location(), "snapshots")
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      ProcessBuilder.class.getName();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      assertThat(code).isEqualTo(1); // no password: exit 1 everywhere
      assertThat(out).isNotNull();
      ResticRepository repo = fake.repository("pw");
      assertThatThrownBy(repo::snapshots)
          .isInstanceOfSatisfying(
              RepositoryLockedException.class,
              e -> assertThat(e.exitCode()).isEqualTo(persona.isAtLeast(17, 0) ? 11 : 1));
      assertThat(fake.takeInvocation().command()).isEqualTo("snapshots");
    }
  }

  @Test
  void retryLockIsUnknownBefore016() throws Exception {
    try (FakeRestic fake = FakeRestic.start(ResticPersona.V0_14)) {
      Process p =
          new ProcessBuilder(fake.binary().toString(), "--retry-lock", "7s", "prune").start();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(err).isEqualTo("unknown flag: --retry-lock\n");
    }
  }

  @Test
  void cancellationWithSigintEndsCleanlyAndRemovesTheLock(FakeRestic fake, ResticRepository repo)
      throws Exception {
    fake.faults().hang("backup");
    ResticExecution<BackupSummary> ex = repo.start(BackupRequest.of(data()), ResticCallback.none());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (fake.locks().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(fake.locks()).hasSize(1);
    ex.cancel();
    assertThatThrownBy(ex::await).isInstanceOf(ResticCancelledException.class);
    assertThat(fake.locks()).isEmpty();
    assertThat(fake.runningPids()).isEmpty();
  }

  @Test
  void sigtermKillsOld016PersonaAndLeavesTheLock() throws Exception {
    try (FakeRestic fake = FakeRestic.start(ResticPersona.V0_16)) {
      fake.initRepository("pw");
      fake.faults().hang("backup");
      Path d = data();
      ProcessBuilder pb = new ProcessBuilder(fake.binary().toString(), "backup", d.toString());
      pb.environment().put("RESTIC_REPOSITORY", fake.location());
      pb.environment().put("RESTIC_PASSWORD", "pw");
      Process p = pb.start();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (fake.locks().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      p.destroy(); // SIGTERM
      assertThat(p.waitFor()).isEqualTo(143);
      assertThat(fake.locks()).hasSize(1);
    }
  }

  @Test
  void scriptedHangIgnoresSigtermUntilSigint(FakeRestic fake) throws Exception {
    fake.enqueue(
        FakeResponse.builder()
            .stdout("working")
            .hangUntilSignalled()
            .ignoreSigterm()
            .exitCodeOnSignal(130)
            .build());
    Process p = new ProcessBuilder(fake.binary().toString(), "backup").start();
    assertThat(new String(p.getInputStream().readNBytes(8), StandardCharsets.UTF_8))
        .isEqualTo("working\n");
    p.destroy();
    Thread.sleep(100);
    assertThat(p.isAlive()).isTrue();
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor()).isEqualTo(130);
  }

  @Test
  void latencyIsLow(FakeRestic fake) throws Exception {
    long[] t = new long[40];
    for (int i = 0; i < t.length; i++) {
      long s = System.nanoTime();
      Process p = new ProcessBuilder(fake.binary().toString(), "version").start();
      p.getInputStream().readAllBytes();
      p.waitFor();
      t[i] = System.nanoTime() - s;
    }
    Arrays.sort(t);
    double medianMs = t[t.length / 2] / 1e6;
    System.out.printf(
        "FakeRestic latency: median %.2f ms, max %.2f ms%n", medianMs, t[t.length - 1] / 1e6);
    assertThat(medianMs).isLessThan(250); // generous: not a benchmark
  }

  @Test
  void noLeftovers() throws Exception {
    Path dir;
    List<Long> pids = new ArrayList<>();
    try (FakeRestic fake = FakeRestic.start()) {
      dir = fake.directory();
      fake.enqueue(
          FakeResponse.builder().hangUntilSignalled().ignoreSigint().ignoreSigterm().build());
      Process p = new ProcessBuilder(fake.binary().toString(), "backup").start();
      pids.add(p.pid());
      fake.takeInvocation();
    }
    assertThat(Files.exists(dir)).isFalse();
    Thread.sleep(200);
    assertThat(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    new ByteArrayOutputStream().close();
  }

  @Test
  void relativeSourcesKeepTheirRelativePathInTheTreeLikeRestic(FakeRestic fake) throws Exception {
    Path d = data();
    assertThat(treePaths(fake, tmp, "data"))
        .containsExactly("/data", "/data/b.txt", "/data/docs", "/data/docs/a.txt");
    assertThat(treePaths(fake, d, ".")).containsExactly("/b.txt", "/docs", "/docs/a.txt");
  }

  /** Backs up {@code source} from {@code cwd} with the raw binary, returns the paths ls lists. */
  private static List<String> treePaths(FakeRestic fake, Path cwd, String source) throws Exception {
    List<String> paths = new ArrayList<>();
    for (List<String> args : List.of(List.of("backup", "-q", source), List.of("ls", "latest"))) {
      List<String> cmd = new ArrayList<>(List.of(fake.binary().toString()));
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
      pb.environment().put("RESTIC_REPOSITORY", fake.location());
      pb.environment().put("RESTIC_PASSWORD", FakeResticExtension.DEFAULT_PASSWORD);
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as("%s: %s", args, out).isZero();
      if (args.get(0).equals("ls")) {
        out.lines().filter(l -> l.startsWith("/")).forEach(paths::add);
      }
    }
    return paths;
  }
}
