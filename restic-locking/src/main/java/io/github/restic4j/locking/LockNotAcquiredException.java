package io.github.restic4j.locking;

import io.github.restic4j.core.error.ResticException;
import java.util.List;

/**
 * The command could not run because the repository stayed locked and the {@link LockPolicy} did not
 * allow waiting longer or removing the blocking locks. {@link #assessments()} says what held it;
 * the cause is restic's last {@link io.github.restic4j.core.error.RepositoryLockedException} (or
 * {@link io.github.restic4j.core.error.InvalidLockFileException}). Every restic version.
 */
public class LockNotAcquiredException extends ResticException {

  private static final long serialVersionUID = 1L;

  /** The repository's display name. */
  private final String repository;

  private final transient List<LockAssessment> assessments;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param repository the repository's display name
   * @param assessments the last assessments (may be empty)
   * @param cause restic's last lock failure, or null
   */
  public LockNotAcquiredException(
      String message, String repository, List<LockAssessment> assessments, Throwable cause) {
    super(message, cause);
    this.repository = repository;
    this.assessments = List.copyOf(assessments);
  }

  /**
   * The repository's display name (credentials masked).
   *
   * @return the name
   */
  public String repository() {
    return repository;
  }

  /**
   * The locks found at the last inspection, with verdicts and reasons.
   *
   * @return the assessments, empty if none could be made
   */
  public List<LockAssessment> assessments() {
    return assessments == null ? List.of() : assessments;
  }
}
