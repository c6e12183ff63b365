package io.github.restic4j.core.command;

import java.util.List;

/**
 * What {@code restic tag} changed.
 *
 * @param changedSnapshots how many snapshots were rewritten (JSON summary on 0.18.0+, text {@code
 *     modified tags on N snapshots} before)
 * @param changes old and new id of each rewritten snapshot (0.18.0+; empty before, restic does not
 *     print them)
 */
public record TagResult(long changedSnapshots, List<SnapshotIdChange> changes) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param changedSnapshots how many snapshots were rewritten (JSON summary on 0.18.0+, text {@code
   *     modified tags on N snapshots} before)
   * @param changes old and new id of each rewritten snapshot (0.18.0+; empty before, restic does
   *     not print them)
   */
  public TagResult {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
