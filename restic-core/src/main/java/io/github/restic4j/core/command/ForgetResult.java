package io.github.restic4j.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code restic forget} decided, one entry per snapshot group. Every restic version.
 *
 * @param groups the groups; empty when no snapshot matched the filters (restic then prints nothing)
 * @param prune the prune report when {@code --prune} was given and restic printed one (0.14 to 0.18
 *     print it as text after the JSON; 0.19 suppresses it in JSON mode, then this is null)
 */
public record ForgetResult(List<ForgetGroup> groups, PruneSummary prune) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param groups the groups; empty when no snapshot matched the filters (restic then prints
   *     nothing)
   * @param prune the prune report when {@code --prune} was given and restic printed one (0.14 to
   *     0.18 print it as text after the JSON; 0.19 suppresses it in JSON mode, then this is null)
   */
  public ForgetResult {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /**
   * All snapshots removed (or, for a dry run, that would be removed), over all groups.
   *
   * @return the snapshots
   */
  public List<Snapshot> removed() {
    List<Snapshot> out = new ArrayList<>();
    groups.forEach(g -> out.addAll(g.remove()));
    return List.copyOf(out);
  }

  /**
   * All snapshots kept, over all groups.
   *
   * @return the snapshots
   */
  public List<Snapshot> kept() {
    List<Snapshot> out = new ArrayList<>();
    groups.forEach(g -> out.addAll(g.keep()));
    return List.copyOf(out);
  }

  /**
   * The prune report, if there is one.
   *
   * @return the report
   */
  public Optional<PruneSummary> pruneIfPresent() {
    return Optional.ofNullable(prune);
  }
}
