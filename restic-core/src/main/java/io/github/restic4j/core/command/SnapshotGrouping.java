package io.github.restic4j.core.command;

/**
 * A criterion for restic's {@code --group-by} ({@code forget}, {@code snapshots}). Every restic
 * version.
 */
public enum SnapshotGrouping {
  /** Group by host name ({@code host}). */
  HOST("host"),
  /** Group by the set of backed-up paths ({@code paths}). */
  PATHS("paths"),
  /** Group by the set of tags ({@code tags}). */
  TAGS("tags");

  private final String flag;

  SnapshotGrouping(String flag) {
    this.flag = flag;
  }

  /**
   * The word restic expects in {@code --group-by}.
   *
   * @return {@code host}, {@code paths} or {@code tags}
   */
  public String flag() {
    return flag;
  }
}
