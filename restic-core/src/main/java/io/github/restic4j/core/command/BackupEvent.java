package io.github.restic4j.core.command;

/**
 * A progress event of a running backup: {@link BackupStatus}, {@link BackupVerboseStatus} or {@link
 * BackupFileError}. Every restic version (verbose events need {@link
 * BackupRequest.Builder#verbose()}).
 */
public sealed interface BackupEvent permits BackupStatus, BackupVerboseStatus, BackupFileError {}
