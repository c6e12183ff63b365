package io.github.restic4j.core.command;

/**
 * Periodic restore progress ({@code message_type: status}; restic 0.16.0+). Fields restic omits are
 * 0; {@code filesSkipped}/{@code bytesSkipped} exist from 0.17.0, {@code filesDeleted} from 0.18.0.
 *
 * @param secondsElapsed seconds since the start
 * @param percentDone progress between 0 and 1
 * @param totalFiles files to restore
 * @param filesRestored files restored so far
 * @param filesSkipped files skipped (already present)
 * @param filesDeleted files deleted ({@code --delete})
 * @param totalBytes bytes to restore
 * @param bytesRestored bytes restored so far
 * @param bytesSkipped bytes skipped
 */
public record RestoreStatus(
    long secondsElapsed,
    double percentDone,
    long totalFiles,
    long filesRestored,
    long filesSkipped,
    long filesDeleted,
    long totalBytes,
    long bytesRestored,
    long bytesSkipped)
    implements RestoreEvent {}
