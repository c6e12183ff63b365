package io.github.restic4j.examples;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.testkit.real.RestServerProcess;
import io.github.restic4j.testkit.real.ResticInstallations;
import io.github.restic4j.testkit.real.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Repository configuration for the usual backends: S3 (MinIO, AWS, any S3-compatible store), a
 * restic rest-server, and SFTP. Whatever the backend, the location, the password and the backend
 * credentials reach restic through its environment only, never its command line.
 *
 * <ul>
 *   <li><b>S3 / MinIO</b>: {@code s3:http://host:9000/bucket} plus {@code AWS_ACCESS_KEY_ID} and
 *       {@code AWS_SECRET_ACCESS_KEY}. Run against S3Proxy on loopback (the stand-in for MinIO that
 *       {@code bash scripts/install-restic} installs); skipped with a message when it is missing.
 *   <li><b>rest-server</b>: {@code rest:http://user:password@host:8000/repo} (restic4j masks the
 *       URL password in every message and log). Run against restic-rest-server on loopback with one
 *       user; skipped with a message when it is missing.
 *   <li><b>SFTP</b>: {@code sftp:user@host:/path}, with key-based ssh (restic4j never gives restic
 *       a terminal, so ssh cannot ask for a password) and optionally {@code sftp.command} to choose
 *       the key and options. Configuration only: it needs an SSH server, so the same code runs
 *       against a local folder instead.
 * </ul>
 *
 * <p>Needs restic ({@code RESTIC_BINARY}, {@code PATH} or {@code bash scripts/install-restic}).
 *
 * <p>Run: {@code ./mvnw -q -Pdemo -pl examples -am package
 * -Ddemo.main=BackendConfigurationExample}.
 */
public final class BackendConfigurationExample {

  private BackendConfigurationExample() {}

  /**
   * Initializes a repository on each backend available here and backs up a small folder into it.
   *
   * @param args unused
   * @throws Exception if a backend that is available fails
   */
  public static void main(String[] args) throws Exception {
    Restic restic = ExampleSupport.requireRestic();
    Path work = Files.createTempDirectory("restic4j-backends");
    try {
      Path data = ExampleSupport.createData(work.resolve("data"), 2);
      ResticInstallations installed = ResticInstallations.discover();

      // ---- S3 / MinIO -------------------------------------------------------------------
      Optional<Path> s3proxyJar = installed.s3proxyJar();
      if (s3proxyJar.isEmpty()) {
        System.out.println("S3: skipped, S3Proxy is not installed (bash scripts/install-restic)");
      } else {
        try (S3ProxyProcess minio = S3ProxyProcess.start(s3proxyJar.get())) {
          ResticRepository s3 =
              restic
                  .repository(minio.repositoryLocation("backups")) // s3:http://host:port/backups
                  .password(Secret.of("s3-repo-password"))
                  .environment("AWS_ACCESS_KEY_ID", Secret.of(minio.accessKey()))
                  .environment("AWS_SECRET_ACCESS_KEY", Secret.of(minio.secretKey()))
                  // .option("s3.region", "eu-central-1")  for AWS; options are not secret
                  .cacheDir(work.resolve("cache"))
                  .build();
          System.out.println("S3: " + exercise(s3, data) + " (" + s3.displayName() + ")");
        }
      }

      // ---- rest-server ------------------------------------------------------------------
      Optional<Path> restServer = installed.restServer();
      if (restServer.isEmpty()) {
        System.out.println(
            "REST: skipped, rest-server is not installed (bash scripts/install-restic)");
      } else {
        try (RestServerProcess server =
            RestServerProcess.builder(restServer.get()).user("backup", "rest-secret").start()) {
          ResticRepository rest =
              restic
                  .repository(server.repositoryUrl("backup", "backup", "rest-secret"))
                  .password(Secret.of("rest-repo-password"))
                  .cacheDir(work.resolve("cache"))
                  .build();
          System.out.println("REST: " + exercise(rest, data) + " (" + rest.displayName() + ")");
        }
      }

      // ---- SFTP (configuration only) -----------------------------------------------------
      ResticRepository.Builder sftp =
          restic
              .repository("sftp:backup@nas.example.com:/srv/restic/app")
              .password(Secret.of("sftp-repo-password"))
              // optional: which key and ssh options; must not prompt (no terminal is given)
              .option(
                  "sftp.command",
                  "ssh backup@nas.example.com -i /etc/restic/id_ed25519 -o BatchMode=yes -s sftp");
      System.out.println(
          "SFTP: configured " + sftp.build().displayName() + " (needs an SSH server; not run)");
      ResticRepository local =
          restic
              .repository(work.resolve("local-repo").toString())
              .password(Secret.of("local-repo-password"))
              .cacheDir(work.resolve("cache"))
              .build();
      System.out.println("local instead of SFTP: " + exercise(local, data));
    } finally {
      ExampleSupport.deleteTree(work);
    }
  }

  /** The same code for every backend: init, back up, count snapshots. */
  private static String exercise(ResticRepository repo, Path data) {
    repo.init();
    repo.backup(BackupRequest.builder().path(data).tag("backend-demo").build());
    return "init + backup ok, " + repo.snapshots().size() + " snapshot";
  }
}
