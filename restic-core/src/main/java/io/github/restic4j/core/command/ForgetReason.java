package io.github.restic4j.core.command;

import java.util.List;

/**
 * Why {@code restic forget} keeps a snapshot.
 *
 * @param snapshot the kept snapshot; on restic 0.14 to 0.16 restic omits its id, restic4j fills it
 *     in from the keep list (matched by time and tree; empty if no match)
 * @param matches the matching rules as restic words them, for example {@code last snapshot} or
 *     {@code daily snapshot}
 */
public record ForgetReason(Snapshot snapshot, List<String> matches) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param snapshot the kept snapshot; on restic 0.14 to 0.16 restic omits its id, restic4j fills
   *     it in from the keep list (matched by time and tree; empty if no match)
   * @param matches the matching rules as restic words them, for example {@code last snapshot} or
   *     {@code daily snapshot}
   */
  public ForgetReason {
    matches = matches == null ? List.of() : List.copyOf(matches);
  }
}
