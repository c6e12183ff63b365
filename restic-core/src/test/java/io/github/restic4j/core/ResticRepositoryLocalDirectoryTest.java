package io.github.restic4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
