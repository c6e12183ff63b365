package io.github.restic4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which locations count as a local folder (restic-locking reads their lock files directly). */
class ResticRepositoryLocalDirectoryTest {

  @TempDir Path dir;

  private Restic restic() throws Exception {
    Path binary = dir.resolve("restic");
    if (!Files.exists(binary)) {
      Files.writeString(binary, "#!/bin/sh\nexit 1\n");
      binary.toFile().setExecutable(true);
    }
    return Restic.builder().binary(binary).version(ResticVersion.parse("0.18.0")).build();
  }

  private ResticRepository repository(String location) throws Exception {
    return restic().repository(location).password(Secret.of("pw")).build();
  }

  @Test
  void anAbsolutePathIsLocal() throws Exception {
    assertThat(repository("/srv/backup/repo").localDirectory())
        .contains(Path.of("/srv/backup/repo"));
  }

  @Test
  void theLocalPrefixIsStripped() throws Exception {
    assertThat(repository("local:/srv/backup/repo").localDirectory())
        .contains(Path.of("/srv/backup/repo"));
  }

  @Test
  void aRelativePathResolvesAgainstTheWorkingFolderLikeRestic() throws Exception {
    assertThat(repository("backups/repo").localDirectory())
        .contains(Path.of("backups/repo").toAbsolutePath());
    assertThat(repository("local:backups/repo").localDirectory())
        .contains(Path.of("backups/repo").toAbsolutePath());
  }

  @Test
  void remoteBackendsAreNotLocal() throws Exception {
    assertThat(repository("rest:http://user:secret@localhost:8000/repo").localDirectory())
        .isEmpty();
    assertThat(repository("s3:http://localhost:9000/bucket").localDirectory()).isEmpty();
    assertThat(repository("sftp:user@host:/srv/repo").localDirectory()).isEmpty();
    assertThat(repository("rclone:remote:repo").localDirectory()).isEmpty();
  }

  @Test
  void aPathWithAColonButNoPrefixIsNotGuessed() throws Exception {
    assertThat(repository("/srv/odd:name").localDirectory()).isEmpty();
    assertThat(repository("C:\\backup").localDirectory()).isEmpty();
  }

  @Test
  void anEmptyLocalPrefixIsNotAFolder() throws Exception {
    assertThat(repository("local:").localDirectory()).isEmpty();
  }

  @Test
  void aRepositoryWithExtraGlobalFlagsKeepsTheFolder() throws Exception {
    ResticRepository repo = restic().repository("/srv/backup/repo").insecureNoPassword().build();
    assertThat(repo.localDirectory()).contains(Path.of("/srv/backup/repo"));
  }

  @Test
  void lockFileIdsOfALocalRepositoryAreItsLockFileNames() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("config"), "encrypted");
    String id = "c".repeat(64);
    Files.createDirectories(repo.resolve("locks"));
    Files.writeString(repo.resolve("locks").resolve(id), "encrypted");
    assertThat(repository(repo.toString()).lockFileIds(Duration.ofSeconds(1)))
        .contains(List.of(id));
  }
}
