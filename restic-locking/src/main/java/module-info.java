/**
 * restic-locking: turns "repository is already locked" into typed conflicts, tells live locks from
 * stale ones, recovers safely within one deadline, serialises operations per repository inside the
 * application, and reports every step as an event.
 */
module io.github.restic4j.locking {
  requires transitive io.github.restic4j.core;

  exports io.github.restic4j.locking;
}
