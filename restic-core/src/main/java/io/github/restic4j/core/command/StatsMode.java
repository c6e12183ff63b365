package io.github.restic4j.core.command;

/** What {@code restic stats --mode} counts. Every restic version. */
public enum StatsMode {
  /** Size of the files as restored (restic's default). */
  RESTORE_SIZE("restore-size"),
  /** Size of unique file contents. */
  FILES_BY_CONTENTS("files-by-contents"),
  /** Size of the blobs referenced by files, counted once. */
  BLOBS_PER_FILE("blobs-per-file"),
  /** Size of the referenced blobs as stored (compressed from 0.15 on). */
  RAW_DATA("raw-data");

  private final String flag;

  StatsMode(String flag) {
    this.flag = flag;
  }

  /**
   * The value for {@code --mode}.
   *
   * @return for example {@code raw-data}
   */
  public String flag() {
    return flag;
  }
}
