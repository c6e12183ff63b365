package io.github.restic4j.orchestration;

/**
 * The lock anomalies counted for one repository since the orchestrator was created (or last reset).
 * Independent of the restic version.
 *
 * @param repository the repository's display name
 * @param conflicts lock conflicts restic reported
 * @param removals stale locks removed
 * @param giveUps calls that gave up on a lock
 */
public record LockAnomalyCounts(String repository, long conflicts, long removals, long giveUps) {

  /**
   * The count of one kind.
   *
   * @param anomaly the kind
   * @return the count
   */
  public long count(LockAnomaly anomaly) {
    return switch (anomaly) {
      case CONFLICT -> conflicts;
      case REMOVAL -> removals;
      case GIVE_UP -> giveUps;
    };
  }
}
