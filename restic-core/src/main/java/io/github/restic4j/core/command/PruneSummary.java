package io.github.restic4j.core.command;

/**
 * The figures of restic's prune report ({@code prune}, {@code forget --prune}). restic 0.14 to 0.19
 * print it only as text; restic4j reads the lines {@code to repack}, {@code this removes}, {@code
 * to delete}, {@code total prune}, {@code remaining}, {@code unused size after prune}, the packs
 * repacked ({@code N / N packs repacked}), {@code removing N old packs} and the unreferenced pack
 * files deleted ({@code N / N files deleted} after {@code deleting unreferenced packs}). A figure
 * restic did not print (for example because there was nothing to do, or a future wording) is 0.
 * Sizes are converted from restic's rounded units (KiB, MiB, ...), so they are approximate.
 *
 * @param repackBlobs blobs in packs to repack ({@code to repack})
 * @param repackBytes bytes in packs to repack
 * @param removeBlobs unused blobs dropped by repacking ({@code this removes})
 * @param removeBytes bytes dropped by repacking
 * @param deleteBlobs blobs in packs deleted whole ({@code to delete})
 * @param deleteBytes bytes in packs deleted whole (includes unreferenced packs)
 * @param totalPruneBlobs blobs removed in total ({@code total prune})
 * @param totalPruneBytes bytes removed in total
 * @param remainingBlobs blobs left ({@code remaining})
 * @param remainingBytes bytes left
 * @param unusedBytesAfterPrune unused bytes left ({@code unused size after prune})
 * @param unusedPercentAfterPrune that as a percentage of the remaining size
 * @param packsRepacked packs repacked ({@code N / N packs repacked}; 0 if not printed)
 * @param oldPacksRemoved packs removed after repacking ({@code removing N old packs})
 * @param unreferencedFilesDeleted unreferenced pack files deleted ({@code N / N files deleted}
 *     after {@code deleting unreferenced packs})
 * @param dryRun whether restic only reported what it would do ({@code Would have made the following
 *     changes})
 */
public record PruneSummary(
    long repackBlobs,
    long repackBytes,
    long removeBlobs,
    long removeBytes,
    long deleteBlobs,
    long deleteBytes,
    long totalPruneBlobs,
    long totalPruneBytes,
    long remainingBlobs,
    long remainingBytes,
    long unusedBytesAfterPrune,
    double unusedPercentAfterPrune,
    long packsRepacked,
    long oldPacksRemoved,
    long unreferencedFilesDeleted,
    boolean dryRun) {}
