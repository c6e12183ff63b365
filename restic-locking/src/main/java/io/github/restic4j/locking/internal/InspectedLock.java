package io.github.restic4j.locking.internal;

import io.github.restic4j.core.command.LockInfo;
import java.util.Objects;

/**
 * One lock id from {@code list locks} with its decoded content, or the reason it could not be read.
 *
 * @param id the full lock id
 * @param info the decoded lock, or null if unreadable
 * @param error why it could not be read, or null
 */
public record InspectedLock(String id, LockInfo info, String error) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param id the full lock id
   * @param info the decoded lock, or null if unreadable
   * @param error why it could not be read, or null
   */
  public InspectedLock {
    Objects.requireNonNull(id, "id");
  }

  /**
   * A readable lock.
   *
   * @param info the decoded lock (its id is used)
   * @return the inspected lock
   */
  public static InspectedLock of(LockInfo info) {
    return new InspectedLock(info.id(), info, null);
  }

  /**
   * An unreadable lock.
   *
   * @param id the id
   * @param error why
   * @return the inspected lock
   */
  public static InspectedLock unreadable(String id, String error) {
    return new InspectedLock(id, null, error == null ? "unreadable" : error);
  }
}
