/**
 * Lock handling for restic repositories: {@link io.github.restic4j.locking.LockManager} runs restic
 * commands behind a per-repository gate, turns "repository is already locked" into an assessment of
 * every lock ({@link io.github.restic4j.locking.LockVerdict}), recovers according to a {@link
 * io.github.restic4j.locking.LockPolicy} within one deadline, and reports each step as a {@link
 * io.github.restic4j.locking.LockEvent}.
 *
 * <p>Works with restic 0.14 to 0.19; {@code --retry-lock} is used only on 0.16.0+.
 */
package io.github.restic4j.locking;
