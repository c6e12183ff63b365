package io.github.restic4j.core.command;

/**
 * An item restic could not restore ({@code message_type: error} on stderr; restic 0.17.1+).
 *
 * @param item the path inside the snapshot
 * @param during the phase, for example {@code restore}
 * @param message restic's error message
 */
public record RestoreFileError(String item, String during, String message)
    implements RestoreEvent {}
