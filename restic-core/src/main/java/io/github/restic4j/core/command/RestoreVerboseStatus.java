package io.github.restic4j.core.command;

/**
 * One restored item ({@code message_type: verbose_status}; restic 0.17.0+ with {@link
 * RestoreRequest.Builder#verbose()}).
 *
 * @param action {@code restored}, {@code updated}, {@code unchanged} or {@code deleted}
 * @param item the path inside the snapshot
 * @param size the item's size in bytes
 */
public record RestoreVerboseStatus(String action, String item, long size) implements RestoreEvent {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param action {@code restored}, {@code updated}, {@code unchanged} or {@code deleted}
   * @param item the path inside the snapshot
   * @param size the item's size in bytes
   */
  public RestoreVerboseStatus {
    action = action == null ? "" : action;
    item = item == null ? "" : item;
  }
}
