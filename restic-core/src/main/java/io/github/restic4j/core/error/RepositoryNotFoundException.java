package io.github.restic4j.core.error;

/**
 * There is no repository at the location (exit 10 on restic 0.17+, exit 1 with the text {@code Is
 * there a repository at the following location?} before). Not worth retrying.
 */
public class RepositoryNotFoundException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param failure the failed invocation
   */
  public RepositoryNotFoundException(String message, CommandFailure failure) {
    super(message, failure);
  }
}
