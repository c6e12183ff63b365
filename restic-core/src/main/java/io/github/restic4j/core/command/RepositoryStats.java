package io.github.restic4j.core.command;

/**
 * Output of {@code restic stats --json}. Which figures are filled depends on the {@link StatsMode};
 * figures restic omits are 0. The compression figures exist from restic 0.15.0 in raw-data mode.
 *
 * @param totalSize bytes counted by the mode
 * @param totalFileCount files counted (0 in raw-data mode)
 * @param totalBlobCount blobs counted (blobs-per-file and raw-data modes)
 * @param snapshotsCount snapshots considered
 * @param totalUncompressedSize uncompressed size (raw-data mode, 0.15.0+)
 * @param compressionRatio uncompressed divided by compressed size (raw-data mode, 0.15.0+)
 * @param compressionProgress percentage of data that is compressed (raw-data mode, 0.15.0+)
 * @param compressionSpaceSaving percentage of space saved (raw-data mode, 0.15.0+)
 */
public record RepositoryStats(
    long totalSize,
    long totalFileCount,
    long totalBlobCount,
    long snapshotsCount,
    long totalUncompressedSize,
    double compressionRatio,
    double compressionProgress,
    double compressionSpaceSaving) {}
