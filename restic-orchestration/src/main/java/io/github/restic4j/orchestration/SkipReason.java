package io.github.restic4j.orchestration;

/** Why a run did not take place. Every restic version. */
public enum SkipReason {
  /** The plan's previous run of the job was still going ({@link OverlapPolicy}). */
  OVERLAP,
  /** The run fell due outside its time window and the policy is {@link WindowPolicy#SKIP}. */
  OUTSIDE_WINDOW,
  /** The run was missed during downtime and the policy is {@link MissedRunPolicy#SKIP}. */
  MISSED,
  /** The in-application repository gate was busy and the lock policy said skip. */
  REPOSITORY_BUSY,
  /** The orchestrator was stopping or stopped. */
  SHUTTING_DOWN,
  /** The plan has no schedule for this job or the job does not apply (no retention, etc.). */
  NOT_CONFIGURED
}
