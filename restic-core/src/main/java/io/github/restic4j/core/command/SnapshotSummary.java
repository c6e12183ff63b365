package io.github.restic4j.core.command;

import java.time.OffsetDateTime;

/**
 * Backup statistics stored in a snapshot (restic 0.17.0+; absent in older snapshots).
 *
 * @param backupStart when the backup started
 * @param backupEnd when it ended
 * @param filesNew new files
 * @param filesChanged changed files
 * @param filesUnmodified unchanged files
 * @param dirsNew new directories
 * @param dirsChanged changed directories
 * @param dirsUnmodified unchanged directories
 * @param dataBlobs data blobs added
 * @param treeBlobs tree blobs added
 * @param dataAdded bytes added (uncompressed)
 * @param dataAddedPacked bytes added after compression
 * @param totalFilesProcessed files processed
 * @param totalBytesProcessed bytes processed
 */
public record SnapshotSummary(
    OffsetDateTime backupStart,
    OffsetDateTime backupEnd,
    long filesNew,
    long filesChanged,
    long filesUnmodified,
    long dirsNew,
    long dirsChanged,
    long dirsUnmodified,
    long dataBlobs,
    long treeBlobs,
    long dataAdded,
    long dataAddedPacked,
    long totalFilesProcessed,
    long totalBytesProcessed) {}
