package io.github.restic4j.core.command;

import java.util.List;

/**
 * What {@code restic copy} reported. restic prints only text for copy, so this is what the text
 * names: the new snapshot ids ({@code snapshot <id> saved}) and the source snapshots skipped
 * because they had been copied before ({@code skipping source snapshot <id>}). Snapshots restic did
 * not mention are not counted.
 *
 * @param copiedSnapshotIds short ids of the snapshots created in the destination
 * @param skippedSnapshotIds short ids of source snapshots that were already present
 */
public record CopyResult(List<String> copiedSnapshotIds, List<String> skippedSnapshotIds) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param copiedSnapshotIds short ids of the snapshots created in the destination
   * @param skippedSnapshotIds short ids of source snapshots that were already present
   */
  public CopyResult {
    copiedSnapshotIds = copiedSnapshotIds == null ? List.of() : List.copyOf(copiedSnapshotIds);
    skippedSnapshotIds = skippedSnapshotIds == null ? List.of() : List.copyOf(skippedSnapshotIds);
  }

  /**
   * How many snapshots were copied.
   *
   * @return the count
   */
  public int copied() {
    return copiedSnapshotIds.size();
  }
}
