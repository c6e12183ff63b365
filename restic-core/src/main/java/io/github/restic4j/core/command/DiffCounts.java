package io.github.restic4j.core.command;

/**
 * What one side of a {@code restic diff} added or removed.
 *
 * @param files number of files
 * @param dirs number of directories
 * @param others number of other entries (symlinks, devices, ...)
 * @param dataBlobs number of data blobs
 * @param treeBlobs number of tree blobs
 * @param bytes size of those blobs in bytes
 */
public record DiffCounts(
    long files, long dirs, long others, long dataBlobs, long treeBlobs, long bytes) {

  /** No changes. */
  public static final DiffCounts NONE = new DiffCounts(0, 0, 0, 0, 0, 0);
}
