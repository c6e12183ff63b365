package io.github.restic4j.core.error;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * The lock that made a restic command fail, as restic described it in its "repository is already
 * locked" message. Parsed identically for restic 0.14 to 0.19 (text, with or without {@code
 * Fatal:}, and the 0.18+ {@code exit_error} JSON).
 *
 * @param pid process id of the lock holder, on its own host
 * @param hostname host name of the lock holder (may be empty if restic could not determine it)
 * @param username user name of the lock holder (may be empty)
 * @param uid user id of the holder (0 for root and on Windows)
 * @param gid group id of the holder
 * @param exclusive true if the existing lock is exclusive
 * @param createdAt wall-clock time the lock was written or last refreshed, in the holder's zone
 *     (restic prints no zone)
 * @param age how old the lock was when restic checked it; negative under clock skew
 * @param storageIdPrefix the first 8 hex characters of the lock file's name (changes every 5
 *     minutes while the holder refreshes its lock)
 * @param observedAt when restic4j saw the message; {@code observedAt - age} estimates when the lock
 *     was written on this machine's clock
 */
public record LockConflict(
    long pid,
    String hostname,
    String username,
    long uid,
    long gid,
    boolean exclusive,
    LocalDateTime createdAt,
    Duration age,
    String storageIdPrefix,
    Instant observedAt) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param pid process id of the lock holder, on its own host
   * @param hostname host name of the lock holder (may be empty if restic could not determine it)
   * @param username user name of the lock holder (may be empty)
   * @param uid user id of the holder (0 for root and on Windows)
   * @param gid group id of the holder
   * @param exclusive true if the existing lock is exclusive
   * @param createdAt wall-clock time the lock was written or last refreshed, in the holder's zone
   *     (restic prints no zone)
   * @param age how old the lock was when restic checked it; negative under clock skew
   * @param storageIdPrefix the first 8 hex characters of the lock file's name (changes every 5
   *     minutes while the holder refreshes its lock)
   * @param observedAt when restic4j saw the message; {@code observedAt - age} estimates when the
   *     lock was written on this machine's clock
   */
  public LockConflict {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(age, "age");
    Objects.requireNonNull(storageIdPrefix, "storageIdPrefix");
    Objects.requireNonNull(observedAt, "observedAt");
  }

  /**
   * Estimates when the lock was written, on this machine's clock ({@code observedAt - age}).
   *
   * @return the estimated creation instant
   */
  public Instant estimatedCreation() {
    return observedAt.minus(age);
  }

  /**
   * A one-line human description.
   *
   * @return for example {@code exclusive lock of PID 12605 on vm by root, 3.0s old, storage ID
   *     f52f5274}
   */
  public String describe() {
    return (exclusive ? "exclusive" : "shared")
        + " lock of PID "
        + pid
        + " on '"
        + hostname
        + "' by '"
        + username
        + "', "
        + age
        + " old, storage ID "
        + storageIdPrefix;
  }
}
