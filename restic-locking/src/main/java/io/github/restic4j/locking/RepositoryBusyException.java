package io.github.restic4j.locking;

import io.github.restic4j.core.error.ResticException;

/**
 * The in-application gate for the repository was held by conflicting operations and the policy's
 * {@link GateMode} said skip or fail (or the deadline passed while waiting for it). restic was not
 * run. Every restic version.
 */
public class RepositoryBusyException extends ResticException {

  private static final long serialVersionUID = 1L;

  /** The repository's display name. */
  private final String repository;

  /** Whether the call was skipped on purpose. */
  private final boolean skipped;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param repository the repository's display name
   * @param skipped true if the call was skipped by {@link GateMode#SKIP_IF_BUSY}
   */
  public RepositoryBusyException(String message, String repository, boolean skipped) {
    super(message);
    this.repository = repository;
    this.skipped = skipped;
  }

  /**
   * The repository's display name.
   *
   * @return the name
   */
  public String repository() {
    return repository;
  }

  /**
   * Whether the call was skipped on purpose ({@link GateMode#SKIP_IF_BUSY}) rather than failed.
   *
   * @return true when skipped
   */
  public boolean skipped() {
    return skipped;
  }
}
