package io.github.restic4j.core.error;

/** {@code init} found an existing repository (config file already exists). Every restic version. */
public class RepositoryAlreadyExistsException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param failure the failed invocation
   */
  public RepositoryAlreadyExistsException(String message, CommandFailure failure) {
    super(message, failure);
  }
}
