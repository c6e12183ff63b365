package io.github.restic4j.core.command;

import java.time.OffsetDateTime;

/**
 * One entry that matched a {@code restic find --json} pattern, in one snapshot. Every restic
 * version; {@code inode} from 0.16.1.
 *
 * @param snapshotId the full 64-hex id of the snapshot it was found in
 * @param path the absolute path inside the snapshot
 * @param type {@code file}, {@code dir}, {@code symlink}, ...
 * @param size the size in bytes (0 for non-files)
 * @param mode the Go {@code os.FileMode} bits
 * @param permissions the mode as text, for example {@code -rw-r--r--}
 * @param mtime modification time (null if not recorded)
 * @param atime access time (null if not recorded)
 * @param ctime change time (null if not recorded)
 * @param uid the owner's user id
 * @param gid the owner's group id
 * @param user the owner's user name (empty if not recorded)
 * @param group the owner's group name (empty if not recorded)
 * @param inode the inode number (0 before restic 0.16.1)
 * @param deviceId the id of the device the entry was on
 * @param links the number of hard links
 * @param linktarget the target of a symlink (empty otherwise)
 */
public record FindMatch(
    String snapshotId,
    String path,
    String type,
    long size,
    long mode,
    String permissions,
    OffsetDateTime mtime,
    OffsetDateTime atime,
    OffsetDateTime ctime,
    long uid,
    long gid,
    String user,
    String group,
    long inode,
    long deviceId,
    long links,
    String linktarget) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param snapshotId the full 64-hex id of the snapshot it was found in
   * @param path the absolute path inside the snapshot
   * @param type {@code file}, {@code dir}, {@code symlink}, ...
   * @param size the size in bytes (0 for non-files)
   * @param mode the Go {@code os.FileMode} bits
   * @param permissions the mode as text, for example {@code -rw-r--r--}
   * @param mtime modification time (null if not recorded)
   * @param atime access time (null if not recorded)
   * @param ctime change time (null if not recorded)
   * @param uid the owner's user id
   * @param gid the owner's group id
   * @param user the owner's user name (empty if not recorded)
   * @param group the owner's group name (empty if not recorded)
   * @param inode the inode number (0 before restic 0.16.1)
   * @param deviceId the id of the device the entry was on
   * @param links the number of hard links
   * @param linktarget the target of a symlink (empty otherwise)
   */
  public FindMatch {
    snapshotId = snapshotId == null ? "" : snapshotId;
    path = path == null ? "" : path;
    type = type == null ? "" : type;
    permissions = permissions == null ? "" : permissions;
    user = user == null ? "" : user;
    group = group == null ? "" : group;
    linktarget = linktarget == null ? "" : linktarget;
  }
}
