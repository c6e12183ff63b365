package io.github.restic4j.core.command;

import java.util.List;

/**
 * One group of {@code restic snapshots --group-by} output.
 *
 * @param hostname the group's host (empty unless grouped by host)
 * @param paths the group's paths (empty unless grouped by paths)
 * @param tags the group's tags (empty unless grouped by tags)
 * @param snapshots the snapshots in the group, oldest first
 */
public record SnapshotGroup(
    String hostname, List<String> paths, List<String> tags, List<Snapshot> snapshots) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param hostname the group's host (empty unless grouped by host)
   * @param paths the group's paths (empty unless grouped by paths)
   * @param tags the group's tags (empty unless grouped by tags)
   * @param snapshots the snapshots in the group, oldest first
   */
  public SnapshotGroup {
    hostname = hostname == null ? "" : hostname;
    paths = paths == null ? List.of() : List.copyOf(paths);
    tags = tags == null ? List.of() : List.copyOf(tags);
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
  }
}
