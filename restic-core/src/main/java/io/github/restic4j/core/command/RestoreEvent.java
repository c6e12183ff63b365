package io.github.restic4j.core.command;

/**
 * A progress event of {@code restic restore} (JSON output, restic 0.16.0+): {@link RestoreStatus},
 * {@link RestoreVerboseStatus} (0.17.0+) or {@link RestoreFileError} (0.17.1+).
 */
public sealed interface RestoreEvent
    permits RestoreStatus, RestoreVerboseStatus, RestoreFileError {}
