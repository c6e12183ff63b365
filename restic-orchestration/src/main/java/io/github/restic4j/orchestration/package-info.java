/**
 * Scheduled restic backup plans. A {@link io.github.restic4j.orchestration.BackupPlan} says what to
 * back up, when, and how long to keep it; an {@link io.github.restic4j.orchestration.Orchestrator}
 * runs plans on their {@link io.github.restic4j.orchestration.Schedule}s (or on demand), never
 * overlapping a plan's job with itself, serialised per repository by restic-locking's gate, retried
 * by {@link io.github.restic4j.orchestration.RetryPolicy}, and reported as {@link
 * io.github.restic4j.orchestration.RunEvent}s, {@link io.github.restic4j.orchestration.PlanHealth}
 * and a {@link io.github.restic4j.orchestration.RunJournal}.
 *
 * <p>Works with every restic version restic-core supports (0.14 to 0.19); options that need a newer
 * restic say so.
 */
package io.github.restic4j.orchestration;
