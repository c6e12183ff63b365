package io.github.restic4j.locking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a local repository's lock ids the way {@code restic list locks} prints them. */
class LocalLockFilesTest {

  private static final String A = "a".repeat(63) + "1";
  private static final String B = "0123456789abcdef".repeat(4);

  @TempDir Path repo;

  @BeforeEach
  void aRepository() throws Exception {
    Files.writeString(repo.resolve("config"), "encrypted");
    Files.createDirectories(repo.resolve("locks"));
  }

  @Test
  void listsTheIdsOfTheLockFiles() throws Exception {
    Files.writeString(repo.resolve("locks").resolve(B), "x");
    Files.writeString(repo.resolve("locks").resolve(A), "x");
    assertThat(LocalLockFiles.list(repo))
        .hasValueSatisfying(ids -> assertThat(ids).containsExactly(B, A));
  }

  @Test
  void anEmptyLocksFolderMeansNoLocks() {
    assertThat(LocalLockFiles.list(repo)).hasValueSatisfying(ids -> assertThat(ids).isEmpty());
  }

  @Test
  void skipsWhatRestiCouldNotParseAsAnId() throws Exception {
    Path locks = repo.resolve("locks");
    Files.writeString(locks.resolve(A), "x");
    Files.writeString(locks.resolve(A + "-tmp-123456"), "being written by restic's local backend");
    Files.writeString(locks.resolve(A.substring(1)), "63 digits");
    Files.writeString(locks.resolve("g".repeat(64)), "not hex");
    Files.writeString(locks.resolve(".hidden"), "x");
    assertThat(LocalLockFiles.list(repo))
        .hasValueSatisfying(ids -> assertThat(ids).containsExactly(A));
  }

  @Test
  void upperCaseNamesAreListedAsResticPrintsThem() throws Exception {
    Files.writeString(repo.resolve("locks").resolve(B.toUpperCase()), "x");
    assertThat(LocalLockFiles.list(repo))
        .hasValueSatisfying(ids -> assertThat(ids).containsExactly(B));
  }

  @Test
  void withoutAConfigFileTheFolderIsNotTrustedAsARepository() throws Exception {
    Files.delete(repo.resolve("config"));
    Files.writeString(repo.resolve("locks").resolve(A), "x");
    assertThat(LocalLockFiles.list(repo)).isEmpty();
  }

  @Test
  void withoutALocksFolderResticIsAsked() throws Exception {
    Files.delete(repo.resolve("locks"));
    assertThat(LocalLockFiles.list(repo)).isEmpty();
    Files.writeString(repo.resolve("locks"), "a file, not a folder");
    assertThat(LocalLockFiles.list(repo)).isEmpty();
  }

  @Test
  void aMissingRepositoryFolderIsAskedOfRestic() {
    assertThat(LocalLockFiles.list(repo.resolve("missing"))).isEmpty();
  }
}
