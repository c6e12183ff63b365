/** restic-micrometer: Micrometer metrics for restic-orchestration runs and lock events. */
module io.github.restic4j.micrometer {
  requires transitive io.github.restic4j.orchestration;
  requires transitive micrometer.core;

  exports io.github.restic4j.micrometer;
}
