package io.github.restic4j.core.error;

import java.util.List;

/**
 * {@code restic forget} decided which snapshots to remove but could not delete some of them, for
 * example because the repository is served append-only ({@code rest-server --append-only}). restic
 * 0.14 to 0.18 still exit with 0 and only warn on stderr ({@code unable to remove ...}); 0.19.0+
 * exits with 3. {@link #snapshotIds()} names the snapshots that are still in the repository, as far
 * as restic's messages name them.
 */
public class SnapshotRemovalFailedException extends ResticCommandException {

  private static final long serialVersionUID = 1L;

  /** Ids of the snapshots that were not removed. */
  private final List<String> snapshotIds;

  /**
   * Creates the exception.
   *
   * @param snapshotIds the ids (full or shortened, as restic printed them) of snapshots not
   *     removed; empty if restic did not name them
   * @param failure the invocation
   */
  public SnapshotRemovalFailedException(List<String> snapshotIds, CommandFailure failure) {
    super(
        "restic could not remove "
            + (snapshotIds.isEmpty()
                ? "some snapshots"
                : snapshotIds.size() + " snapshot(s): " + String.join(", ", snapshotIds)),
        failure);
    this.snapshotIds = List.copyOf(snapshotIds);
  }

  /**
   * The snapshots restic failed to remove.
   *
   * @return snapshot ids as restic printed them (possibly shortened), empty if not named
   */
  public List<String> snapshotIds() {
    return snapshotIds;
  }
}
