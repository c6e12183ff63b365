package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.command.UnlockResult;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.ResticCommandException;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import io.github.restic4j.testkit.real.S3ProxyProcess;
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
 * The field scenario: restic on an S3-compatible store (S3Proxy checks AWS signatures like MinIO)
 * and a stale lock that blocks backups until it is removed. One S3Proxy serves every installed
 * restic version; each version uses its own bucket.
 */
@EnabledIfResticAvailable(s3Proxy = true)
@ExtendWith(Exercised.class)
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.Its#restics")
class S3ProxyIT {

  @Parameter ResticInstallation installation;

  private static Path work;
  private static Path source;
  private static S3ProxyProcess s3;

  @BeforeAll
  static void startS3Proxy() {
    Path jar = ResticInstallations.get().requireS3ProxyJar();
    work = Its.tempDir("s3");
    source = Its.sampleData(work);
    s3 = S3ProxyProcess.start(jar);
  }

  @AfterAll
  static void stopS3Proxy() {
    if (s3 != null) {
      s3.close();
      assertThat(s3.isAlive()).isFalse();
    }
    Its.deleteRecursively(work);
  }

  private String version() {
    return installation.version().raw();
  }

  private ResticRepository.Builder repository(String location, String secretKey) {
    Restic restic = Its.restic(installation);
    return Its.repository(restic, location, work)
        .environment("AWS_ACCESS_KEY_ID", Secret.of(s3.accessKey()))
        .environment("AWS_SECRET_ACCESS_KEY", Secret.of(secretKey));
  }

  @Test
  void mainCycleThenAStaleLockIsFoundAndRemoved() {
    String bucket = "restic4j-" + version().replace('.', '-');
    String location = s3.repositoryLocation(bucket);
    ResticRepository repo = repository(location, s3.secretKey()).build();
    assertThat(repo.toString()).doesNotContain(s3.secretKey());

    MainCycle.run(repo, source, version(), "s3");
    assertThat(s3.dataDir().resolve(bucket)).isDirectory();

    Map<String, String> env = holderEnvironment(location);
    try (LockHolder holder =
        LockHolder.start(
            repo, installation.binary(), env, Its.tempDir(work, "holder-cache"), work)) {
      holder.kill9();
      RepositoryLockedException locked =
          catchThrowableOfType(
              RepositoryLockedException.class, () -> repo.backup(BackupRequest.of(source)));
      assertThat(locked).as("backup refused because of the stale lock").isNotNull();
      assertThat(locked.conflict())
          .hasValueSatisfying(
              c -> {
                assertThat(c.pid()).isEqualTo(holder.pid());
                assertThat(c.exclusive()).isTrue();
                assertThat(holder.lockId()).startsWith(c.storageIdPrefix());
              });
      assertNoSecret(locked);

      UnlockResult unlocked = repo.unlock(UnlockRequest.staleOnly());
      assertThat(unlocked.removed()).containsExactly(holder.lockId());
      assertThat(repo.backup(BackupRequest.of(source)).snapshotCreated()).isTrue();
      assertThat(repo.listLocks()).isEmpty();
    }
    Exercised.record(version(), "s3", "stale lock + unlock");
  }

  /**
   * A stale lock on S3: restic-core lists the lock files itself with a signed S3 request (S3Proxy
   * checks the signature as MinIO does), the same ids as {@code restic list locks}, so
   * LockManager's recovery runs only {@code forget} (fails), {@code unlock}, {@code forget}. The
   * repository lies under a prefix, and a wrong secret makes the listing fall back instead of
   * failing.
   */
  @Test
  void staleLockRecoveryListsTheLocksOverS3WithoutRestic() {
    String location =
        s3.repositoryLocation("restic4j-locks-" + version().replace('.', '-')) + "/team/repo";
    Its.CountingRestic counting = Its.CountingRestic.create(installation, work);
    ResticRepository repo =
        Its.repository(counting.restic(), location, work)
            .environment("AWS_ACCESS_KEY_ID", Secret.of(s3.accessKey()))
            .environment("AWS_SECRET_ACCESS_KEY", Secret.of(s3.secretKey()))
            .build();
    String id = repo.init().id();
    Map<String, String> env = holderEnvironment(location);
    try (LockHolder holder =
        LockHolder.start(
            repo, installation.binary(), env, Its.tempDir(work, "holder-cache"), work)) {
      holder.kill9();
      assertThat(repo.lockFileIds(Duration.ofSeconds(10)))
          .as("listed with a signed S3 request")
          .contains(List.of(holder.lockId()));
      assertThat(repo.listLocks()).as("restic agrees").containsExactly(holder.lockId());
      ResticRepository wrongSecret =
          Its.repository(Its.restic(installation), location, work)
              .environment("AWS_ACCESS_KEY_ID", Secret.of(s3.accessKey()))
              .environment("AWS_SECRET_ACCESS_KEY", Secret.of("not-the-secret"))
              .build();
      assertThat(wrongSecret.lockFileIds(Duration.ofSeconds(10)))
          .as("refused by the server: left to restic")
          .isEmpty();

      counting.assertRecoveryRunsOnlyUnlock(repo, id, holder.lockId());
    }
    Exercised.record(
        version(), "s3", "LockManager: locks listed over S3, recovery = forget+unlock+forget");
  }

  /** What a raw restic run needs to open the repository on S3Proxy. */
  private static Map<String, String> holderEnvironment(String location) {
    return Map.of(
        "RESTIC_REPOSITORY",
        location,
        "RESTIC_PASSWORD",
        Its.PASSWORD,
        "AWS_ACCESS_KEY_ID",
        s3.accessKey(),
        "AWS_SECRET_ACCESS_KEY",
        s3.secretKey());
  }

  private void assertNoSecret(ResticCommandException e) {
    assertThat(e.getMessage() + e.failure().stderrTail())
        .doesNotContain(s3.secretKey())
        .doesNotContain(Its.PASSWORD);
  }
}
