package io.github.restic4j.core.command;

/**
 * A file or folder restic could not read during a backup ({@code "message_type":"error"} on
 * stderr). The backup continues and ends with exit code 3.
 *
 * @param item the path
 * @param during {@code scan} or {@code archival}
 * @param message restic's error text (on restic 0.17.0 and older restic wrote a Go error value;
 *     restic4j renders it as text)
 */
public record BackupFileError(String item, String during, String message) implements BackupEvent {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param item the path
   * @param during {@code scan} or {@code archival}
   * @param message restic's error text (on restic 0.17.0 and older restic wrote a Go error value;
   *     restic4j renders it as text)
   */
  public BackupFileError {
    item = item == null ? "" : item;
    during = during == null ? "" : during;
    message = message == null ? "" : message;
  }
}
