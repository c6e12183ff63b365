/**
 * restic-orchestration: scheduled backup plans (backup with retention, prune, check) run without
 * overlaps, inside time windows, with retries, health, lock anomaly alerts and a JSON-lines run
 * journal.
 */
module io.github.restic4j.orchestration {
  requires transitive io.github.restic4j.locking;
  requires com.fasterxml.jackson.databind;
  requires com.cronutils;

  exports io.github.restic4j.orchestration;
}
