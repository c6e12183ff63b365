package io.github.restic4j.core.command;

import java.util.List;

/**
 * What {@code restic unlock} did, established by listing the locks before and after (restic itself
 * only prints a count, and nothing at all in some versions).
 *
 * @param removed lock ids present before and gone after
 * @param remaining lock ids present before and still present after
 * @param appeared lock ids that appeared meanwhile (other restic processes taking locks)
 * @param removeAll true if {@code --remove-all} was used
 */
public record UnlockResult(
    List<String> removed, List<String> remaining, List<String> appeared, boolean removeAll) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param removed lock ids present before and gone after
   * @param remaining lock ids present before and still present after
   * @param appeared lock ids that appeared meanwhile (other restic processes taking locks)
   * @param removeAll true if {@code --remove-all} was used
   */
  public UnlockResult {
    removed = List.copyOf(removed);
    remaining = List.copyOf(remaining);
    appeared = List.copyOf(appeared);
  }
}
