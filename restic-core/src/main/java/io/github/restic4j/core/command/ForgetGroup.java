package io.github.restic4j.core.command;

import java.util.List;

/**
 * One snapshot group of a {@code restic forget} run and the policy's decision for it.
 *
 * @param tags the group's tags (empty unless grouped by tags)
 * @param host the group's host (empty unless grouped by host)
 * @param paths the group's paths (empty unless grouped by paths)
 * @param keep snapshots kept
 * @param remove snapshots removed (empty when none)
 * @param reasons why each kept snapshot is kept
 */
public record ForgetGroup(
    List<String> tags,
    String host,
    List<String> paths,
    List<Snapshot> keep,
    List<Snapshot> remove,
    List<ForgetReason> reasons) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param tags the group's tags (empty unless grouped by tags)
   * @param host the group's host (empty unless grouped by host)
   * @param paths the group's paths (empty unless grouped by paths)
   * @param keep snapshots kept
   * @param remove snapshots removed (empty when none)
   * @param reasons why each kept snapshot is kept
   */
  public ForgetGroup {
    tags = tags == null ? List.of() : List.copyOf(tags);
    host = host == null ? "" : host;
    paths = paths == null ? List.of() : List.copyOf(paths);
    keep = keep == null ? List.of() : List.copyOf(keep);
    remove = remove == null ? List.of() : List.copyOf(remove);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }
}
