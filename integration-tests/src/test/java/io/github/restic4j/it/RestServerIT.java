package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.error.BackendException;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticCommandException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.RestServerProcess;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The main cycle against restic-rest-server, without authentication and with htpasswd
 * authentication (credentials in the URL, which every restic version supports), for every installed
 * restic version. Two servers serve all versions; each version gets its own repository.
 */
@EnabledIfResticAvailable(restServer = true)
@ExtendWith(Exercised.class)
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.Its#restics")
class RestServerIT {

  private static final String USER = "alice";
  private static final String HTTP_PASSWORD = "s3cret-" + Its.random(6);

  @Parameter ResticInstallation installation;

  private static Path work;
  private static Path source;
  private static RestServerProcess open;
  private static RestServerProcess authenticated;

  @BeforeAll
  static void startServers() {
    Path binary = ResticInstallations.get().requireRestServer();
    work = Its.tempDir("rest");
    source = Its.sampleData(work);
    open = RestServerProcess.start(binary);
    authenticated = RestServerProcess.builder(binary).user(USER, HTTP_PASSWORD).start();
  }

  @AfterAll
  static void stopServers() {
    if (open != null) {
      open.close();
      assertThat(open.isAlive()).isFalse();
      assertThat(open.dataDir()).doesNotExist();
    }
    if (authenticated != null) {
      authenticated.close();
    }
    Its.deleteRecursively(work);
  }

  private String version() {
    return installation.version().raw();
  }

  private String repoName(String kind) {
    return kind + "-" + version().replace('.', '-');
  }

  @Test
  void mainCycleWithoutAuthentication() {
    Restic restic = Its.restic(installation);
    String name = repoName("open");
    ResticRepository repo = Its.repository(restic, open.repositoryUrl(name), work).build();
    MainCycle.run(repo, source, version(), "rest");
    assertThat(open.dataDir().resolve(name).resolve("config")).isRegularFile();
  }

  @Test
  void mainCycleWithHtpasswdAuthenticationAndNoPasswordLeaks() {
    Restic restic = Its.restic(installation);
    String name = repoName("auth");
    String location = authenticated.repositoryUrl(name, USER, HTTP_PASSWORD);
    ResticRepository repo = Its.repository(restic, location, work).build();
    assertThat(repo.displayName()).doesNotContain(HTTP_PASSWORD).contains(USER);
    assertThat(repo.toString()).doesNotContain(HTTP_PASSWORD);

    MainCycle.run(repo, source, version(), "rest+auth");
    assertThat(authenticated.dataDir().resolve(name).resolve("config")).isRegularFile();

    // a wrong repository password: typed, and neither password appears in the message
    ResticRepository wrongPassword =
        restic
            .repository(location)
            .password(Secret.of("wrong-repo-password"))
            .cacheDir(Its.tempDir(work, "cache"))
            .build();
    WrongPasswordException wrong =
        catchThrowableOfType(WrongPasswordException.class, wrongPassword::snapshots);
    assertThat(wrong).as("wrong repository password").isNotNull();
    assertNoSecrets(wrong, "wrong-repo-password");

    // wrong HTTP credentials (401): refused access, not a missing repository; password hidden
    String badHttpPassword = "bad-http-" + Its.random(4);
    ResticRepository unauthorized =
        Its.repository(restic, authenticated.repositoryUrl(name, USER, badHttpPassword), work)
            .build();
    BackendException denied = catchThrowableOfType(BackendException.class, unauthorized::catConfig);
    assertThat(denied).as("401 from rest-server").isNotNull();
    assertThat(denied.isTransient()).isFalse();
    assertNoSecrets(denied, badHttpPassword);
    Exercised.record(version(), "rest+auth", "secrets redacted in errors");

    // the URL credentials are not on restic's command line while it runs
    EndlessInputStream stdin = new EndlessInputStream();
    try (ResticExecution<BackupSummary> running =
        repo.start(
            BackupRequest.builder()
                .stdin(() -> stdin, "endless.bin")
                .timeout(Duration.ofMinutes(2))
                .build(),
            ResticCallback.none())) {
      Path locks = authenticated.dataDir().resolve(name).resolve("locks");
      Its.waitUntil(
          "restic reads its stdin",
          Duration.ofSeconds(60),
          () -> stdin.resticIsReading() || running.isDone());
      assertThat(hasFiles(locks)).as("the running backup's lock").isTrue();
      String cmdline = Its.proc(running.pid(), "cmdline");
      assertThat(cmdline)
          .contains("backup")
          .doesNotContain(HTTP_PASSWORD)
          .doesNotContain(Its.PASSWORD);
      running.cancel();
      assertThat(catchThrowableOfType(ResticCancelledException.class, running::await)).isNotNull();
      assertThat(repo.listLocks()).isEmpty();
    } finally {
      stdin.end();
    }
    Exercised.record(version(), "rest+auth", "URL credentials not in cmdline");
    Exercised.record(version(), "rest+auth", "cancel");
  }

  @Test
  void appendOnlyServerKeepsDataButLetsUnlockRemoveAStaleLock() {
    Restic restic = Its.restic(installation);
    try (RestServerProcess appendOnly =
        RestServerProcess.builder(ResticInstallations.get().requireRestServer())
            .appendOnly()
            .start()) {
      assertThat(appendOnly.appendOnly()).isTrue();
      String location = appendOnly.repositoryUrl(repoName("append"));
      ResticRepository repo = Its.repository(restic, location, work).build();
      repo.init();
      assertThat(repo.backup(BackupRequest.of(source)).snapshotCreated()).isTrue();

      try (LockHolder holder = crashedHolder(repo, location)) {
        assertThat(
                catchThrowableOfType(
                    RepositoryLockedException.class, () -> repo.backup(BackupRequest.of(source))))
            .as("the stale lock blocks backups")
            .isNotNull();
        // rest-server allows deleting lock files even in append-only mode
        assertThat(repo.unlock(UnlockRequest.staleOnly()).removed())
            .containsExactly(holder.lockId());
      }
      assertThat(repo.backup(BackupRequest.of(source)).snapshotCreated()).isTrue();
      assertThat(repo.snapshots()).hasSize(2);
    }
    Exercised.record(version(), "rest+append-only", "backup, stale lock + unlock");
  }

  /**
   * A stale lock on a REST repository, with and without htpasswd: the lock files are listed over
   * HTTP by restic-core itself (the same ids as {@code restic list locks}), so LockManager's
   * recovery runs only {@code forget} (fails), {@code unlock}, {@code forget}.
   */
  @Test
  void staleLockRecoveryListsTheLocksOverHttpWithoutRestic() {
    for (boolean withAuth : new boolean[] {false, true}) {
      String name = repoName(withAuth ? "auth-locks" : "open-locks");
      String location =
          withAuth
              ? authenticated.repositoryUrl(name, USER, HTTP_PASSWORD)
              : open.repositoryUrl(name);
      Its.CountingRestic counting = Its.CountingRestic.create(installation, work);
      ResticRepository repo = Its.repository(counting.restic(), location, work).build();
      String id = repo.init().id();
      try (LockHolder holder = crashedHolder(repo, location)) {
        assertThat(repo.lockFileIds(Duration.ofSeconds(10)))
            .as("listed over HTTP")
            .contains(List.of(holder.lockId()));
        assertThat(repo.listLocks()).as("restic agrees").containsExactly(holder.lockId());

        counting.assertRecoveryRunsOnlyUnlock(repo, id, holder.lockId());
      }
      Exercised.record(
          version(),
          withAuth ? "rest+auth" : "rest",
          "LockManager: locks listed over HTTP, recovery = forget+unlock+forget");
    }
  }

  /** A restic that took the repository's lock and was SIGKILLed: its lock stays behind. */
  private LockHolder crashedHolder(ResticRepository repo, String location) {
    Map<String, String> env =
        Map.of("RESTIC_REPOSITORY", location, "RESTIC_PASSWORD", Its.PASSWORD);
    LockHolder holder =
        LockHolder.start(repo, installation.binary(), env, Its.tempDir(work, "holder-cache"), work);
    holder.kill9();
    return holder;
  }

  private static boolean hasFiles(Path dir) {
    try (var s = Files.list(dir)) {
      return s.findAny().isPresent();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void assertNoSecrets(ResticException e, String otherSecret) {
    String text = e.getMessage() + " " + e;
    if (e instanceof ResticCommandException rce) {
      text +=
          " " + rce.failure().stderrTail() + " " + String.join(" ", rce.failure().commandLine());
    }
    assertThat(text)
        .doesNotContain(HTTP_PASSWORD)
        .doesNotContain(Its.PASSWORD)
        .doesNotContain(otherSecret);
  }
}
