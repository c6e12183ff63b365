package io.github.restic4j.core.command;

/**
 * What {@code restic repair index} (0.16.0+) or {@code restic rebuild-index} (0.14, 0.15) reported.
 * restic prints text only, and the counters differ by version: a figure the running version did not
 * print is {@code -1}.
 *
 * @param readPackFiles true if restic read pack files to rebuild the index (pack files missing from
 *     the index, or every pack with {@code --read-all-packs}); false if the existing index files
 *     were enough. Every version.
 * @param packsRead how many pack files restic read (0 if it read none). Every version.
 * @param packsProcessed pack files written to the new index; printed by restic 0.14 to 0.16 (the
 *     index rebuild of {@code prune}), -1 on 0.17.0+, which print {@link #indexesProcessed} instead
 * @param indexesProcessed old index files taken over into the new index; printed by restic 0.17.0+
 *     (the rewritten repair), -1 before
 * @param oldIndexesDeleted obsolete index files deleted; printed by every version, except that 0.14
 *     to 0.16 omit the counter under {@code --json} (restic4j does not pass it there; -1 when
 *     missing)
 */
public record RepairIndexResult(
    boolean readPackFiles,
    long packsRead,
    long packsProcessed,
    long indexesProcessed,
    long oldIndexesDeleted) {}
