package io.github.restic4j.locking.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the lock files of a repository on a local file system by reading its {@code locks} folder,
 * which costs microseconds where {@code restic list locks} costs a process start and a repository
 * open (the key derivation alone takes about half a second).
 *
 * <p>It gives what {@code restic list locks} prints: restic's local backend (0.14 to 0.19) lists
 * the file names of {@code <repository>/locks}, and restic prints each that is a valid id (64 hex
 * digits, the SHA-256 of the file's content); a file still being written has a temporary name and
 * is skipped by both. Anything unexpected (no {@code config} file, so perhaps not a restic
 * repository; no readable {@code locks} folder; an I/O error) gives empty, and the caller falls
 * back to restic, which then reports the problem in its own words.
 */
public final class LocalLockFiles {

  private static final Logger LOG = LoggerFactory.getLogger(LocalLockFiles.class);
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{64}");

  private LocalLockFiles() {}

  /**
   * Lists the lock ids in a local repository folder.
   *
   * @param repository the repository's folder
   * @return the ids, sorted, or empty if the folder could not be read as a restic repository
   */
  public static Optional<List<String>> list(Path repository) {
    Path locks = repository.resolve("locks");
    if (!Files.isRegularFile(repository.resolve("config")) || !Files.isDirectory(locks)) {
      return Optional.empty();
    }
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(locks)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (ID.matcher(name).matches()) {
          ids.add(name.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot list {}; asking restic instead", locks, e);
      return Optional.empty();
    }
    ids.sort(null);
    return Optional.of(List.copyOf(ids));
  }
}
