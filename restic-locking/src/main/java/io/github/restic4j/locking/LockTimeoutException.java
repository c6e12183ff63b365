package io.github.restic4j.locking;

import java.util.List;

/**
 * The policy's deadline (or its maximum wait, or its maximum number of attempts) passed while the
 * repository was still locked. {@link #assessments()} are the last ones made. Every restic version.
 */
public class LockTimeoutException extends LockNotAcquiredException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param repository the repository's display name
   * @param assessments the last assessments
   * @param cause restic's last lock failure, or null
   */
  public LockTimeoutException(
      String message, String repository, List<LockAssessment> assessments, Throwable cause) {
    super(message, repository, assessments, cause);
  }
}
