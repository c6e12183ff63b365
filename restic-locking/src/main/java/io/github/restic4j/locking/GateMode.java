package io.github.restic4j.locking;

/**
 * What a call does when the in-application repository gate is held by conflicting operations (any
 * operation for an exclusive call; an exclusive one for a shared call). Every restic version.
 */
public enum GateMode {
  /** Wait for the gate, within the policy's deadline. */
  WAIT,
  /** Do not run; throw {@link RepositoryBusyException} with {@code skipped() == true}. */
  SKIP_IF_BUSY,
  /** Do not run; throw {@link RepositoryBusyException} with {@code skipped() == false}. */
  FAIL_IF_BUSY
}
