package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.Secret;
import io.github.restic4j.core.error.ResticException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A temporary file holding a new key password for {@code --new-password-file}: created on first use
 * with permissions 0600 (owner only), deleted by {@link #close()}.
 */
final class NewPasswordFile implements AutoCloseable {

  private final Secret password;
  private Path file;
  private boolean closed;

  NewPasswordFile(Secret password) {
    this.password = password;
  }

  /**
   * The file, created on the first call.
   *
   * @return the path
   * @throws ResticException if the file cannot be written
   */
  synchronized Path path() {
    if (closed) {
      throw new IllegalStateException("the temporary new-password file was already deleted");
    }
    if (file == null) {
      try {
        Path f;
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          f =
              Files.createTempFile(
                  "restic4j-newpw-",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")));
        } else {
          f = Files.createTempFile("restic4j-newpw-", ".tmp");
          f.toFile().setReadable(false, false);
          f.toFile().setReadable(true, true);
          f.toFile().setWritable(false, false);
          f.toFile().setWritable(true, true);
        }
        file = f;
        Files.write(f, password.reveal().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        close();
        throw new ResticException("cannot write the temporary new-password file: " + e, e);
      }
    }
    return file;
  }

  /**
   * Whether the file currently exists (for tests).
   *
   * @return true while it exists
   */
  synchronized boolean exists() {
    return file != null && Files.exists(file);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        file.toFile().deleteOnExit();
      }
    }
  }
}
