package io.github.restic4j.core.command;

import java.time.OffsetDateTime;

/**
 * A decoded lock file ({@code restic --no-lock cat lock <id>}). Same fields in restic 0.14 to 0.19;
 * {@code uid}/{@code gid} are omitted by restic when 0.
 *
 * @param id the lock file's full 64-hex id (its storage id); restic prints the first 8 characters
 * @param time when the lock was written or last refreshed, in the writer's zone
 * @param exclusive true for an exclusive lock
 * @param hostname the holder's host name (may be empty)
 * @param username the holder's user name (may be empty)
 * @param pid the holder's process id on its host
 * @param uid the holder's user id (0 for root)
 * @param gid the holder's group id
 */
public record LockInfo(
    String id,
    OffsetDateTime time,
    boolean exclusive,
    String hostname,
    String username,
    long pid,
    long uid,
    long gid) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param id the lock file's full 64-hex id (its storage id); restic prints the first 8 characters
   * @param time when the lock was written or last refreshed, in the writer's zone
   * @param exclusive true for an exclusive lock
   * @param hostname the holder's host name (may be empty)
   * @param username the holder's user name (may be empty)
   * @param pid the holder's process id on its host
   * @param uid the holder's user id (0 for root)
   * @param gid the holder's group id
   */
  public LockInfo {
    id = id == null ? "" : id;
    hostname = hostname == null ? "" : hostname;
    username = username == null ? "" : username;
  }

  /**
   * The first 8 characters of the id, as restic prints it in messages.
   *
   * @return the short id
   */
  public String shortId() {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }

  /**
   * Returns a copy carrying the given id.
   *
   * @param lockId the full id
   * @return the copy
   */
  public LockInfo withId(String lockId) {
    return new LockInfo(lockId, time, exclusive, hostname, username, pid, uid, gid);
  }
}
