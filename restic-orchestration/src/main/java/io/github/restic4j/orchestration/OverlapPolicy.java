package io.github.restic4j.orchestration;

/**
 * What happens when a plan's job is triggered while its previous run is still going (a run is never
 * started twice at once). Every restic version.
 */
public enum OverlapPolicy {
  /** Do not run; a {@link RunEvent.Skipped} with {@link SkipReason#OVERLAP} is emitted. */
  SKIP,
  /** Keep one pending run to start right after the current one; further triggers are skipped. */
  QUEUE_ONE,
  /** Queue every trigger; they run one after the other. */
  WAIT
}
