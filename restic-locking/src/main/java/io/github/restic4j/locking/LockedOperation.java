package io.github.restic4j.locking;

import io.github.restic4j.core.CallOptions;

/**
 * An arbitrary restic operation run by {@link LockManager#call}, for example a typed shortcut of
 * {@link io.github.restic4j.core.ResticRepository} or several commands in a row. It may be run
 * several times; it must pass {@code options} on to restic so the manager can use {@code
 * --retry-lock} (restic 0.16.0+).
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface LockedOperation<T> {

  /**
   * Runs the operation once.
   *
   * @param options call options to pass to {@link
   *     io.github.restic4j.core.ResticRepository#run(io.github.restic4j.core.ResticRequest,
   *     CallOptions)} or {@code start(...)}
   * @return the result
   * @throws io.github.restic4j.core.error.ResticException the typed failure; {@link
   *     io.github.restic4j.core.error.RepositoryLockedException} triggers the lock handling
   */
  T run(CallOptions options);
}
