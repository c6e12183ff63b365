package io.github.restic4j.locking;

import java.util.List;

/**
 * {@code restic unlock} ran for locks assessed stale but left them in place: restic's own judgement
 * differs from restic4j's (for example the lock's PID answers signals again). Nothing else is
 * removed automatically; inspect {@link #notRemoved()} or use the force policy. Every restic
 * version.
 */
public class StaleLockNotRemovedException extends LockNotAcquiredException {

  private static final long serialVersionUID = 1L;

  /** The ids still present. */
  private final transient List<String> notRemoved;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param repository the repository's display name
   * @param assessments the assessments the unlock was based on
   * @param notRemoved the ids still present
   * @param cause restic's last lock failure, or null
   */
  public StaleLockNotRemovedException(
      String message,
      String repository,
      List<LockAssessment> assessments,
      List<String> notRemoved,
      Throwable cause) {
    super(message, repository, assessments, cause);
    this.notRemoved = List.copyOf(notRemoved);
  }

  /**
   * The lock ids that should have been removed and were not.
   *
   * @return the ids
   */
  public List<String> notRemoved() {
    return notRemoved == null ? List.of() : notRemoved;
  }
}
