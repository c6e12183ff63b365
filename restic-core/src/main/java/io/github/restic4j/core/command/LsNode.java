package io.github.restic4j.core.command;

import java.time.OffsetDateTime;

/**
 * One file, directory or other entry of a snapshot as {@code restic ls --json} prints it (every
 * restic version; {@code inode} from 0.16.1).
 *
 * @param name the entry's name
 * @param type {@code file}, {@code dir}, {@code symlink}, {@code dev}, {@code chardev}, {@code
 *     fifo}, {@code socket} or {@code irregular}
 * @param path the entry's absolute path inside the snapshot
 * @param uid the owner's user id
 * @param gid the owner's group id
 * @param size the size in bytes for files, 0 for other types
 * @param mode the Go {@code os.FileMode} bits (for example 420 for {@code -rw-r--r--}, 2147484141
 *     for a directory {@code drwxr-xr-x})
 * @param permissions the mode as text, for example {@code -rw-r--r--}
 * @param mtime modification time (null if restic did not record one)
 * @param atime access time (null if restic did not record one)
 * @param ctime change time (null if restic did not record one)
 * @param inode the inode number (0 before restic 0.16.1)
 * @param linktarget the target of a symlink; empty because restic up to 0.19 does not print it in
 *     {@code ls} output
 */
public record LsNode(
    String name,
    String type,
    String path,
    long uid,
    long gid,
    long size,
    long mode,
    String permissions,
    OffsetDateTime mtime,
    OffsetDateTime atime,
    OffsetDateTime ctime,
    long inode,
    String linktarget) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param name the entry's name
   * @param type {@code file}, {@code dir}, {@code symlink}, {@code dev}, {@code chardev}, {@code
   *     fifo}, {@code socket} or {@code irregular}
   * @param path the entry's absolute path inside the snapshot
   * @param uid the owner's user id
   * @param gid the owner's group id
   * @param size the size in bytes for files, 0 for other types
   * @param mode the Go {@code os.FileMode} bits (for example 420 for {@code -rw-r--r--}, 2147484141
   *     for a directory {@code drwxr-xr-x})
   * @param permissions the mode as text, for example {@code -rw-r--r--}
   * @param mtime modification time (null if restic did not record one)
   * @param atime access time (null if restic did not record one)
   * @param ctime change time (null if restic did not record one)
   * @param inode the inode number (0 before restic 0.16.1)
   * @param linktarget the target of a symlink; empty because restic up to 0.19 does not print it in
   *     {@code ls} output
   */
  public LsNode {
    name = name == null ? "" : name;
    type = type == null ? "" : type;
    path = path == null ? "" : path;
    permissions = permissions == null ? "" : permissions;
    linktarget = linktarget == null ? "" : linktarget;
  }

  /**
   * Tells whether this is a directory.
   *
   * @return true for {@code dir}
   */
  public boolean isDirectory() {
    return "dir".equals(type);
  }

  /**
   * Tells whether this is a regular file.
   *
   * @return true for {@code file}
   */
  public boolean isFile() {
    return "file".equals(type);
  }

  /**
   * Tells whether this is a symbolic link.
   *
   * @return true for {@code symlink}
   */
  public boolean isSymlink() {
    return "symlink".equals(type);
  }
}
