package io.github.restic4j.core.command;

/**
 * One file's outcome ({@code "message_type":"verbose_status"}, with {@link
 * BackupRequest.Builder#verbose()}). On restic 0.14/0.15 the {@code scan_finished} line is
 * mislabelled as status by restic; restic4j still reports it here.
 *
 * @param action {@code new}, {@code unchanged}, {@code modified} or {@code scan_finished}
 * @param item the path
 * @param duration seconds spent on it
 * @param dataSize bytes of content
 * @param dataSizeInRepo bytes added to the repository
 * @param metadataSize bytes of metadata
 * @param metadataSizeInRepo metadata bytes added
 * @param totalFiles with {@code scan_finished}: files found
 * @param totalBytes with {@code scan_finished}: bytes found
 */
public record BackupVerboseStatus(
    String action,
    String item,
    double duration,
    long dataSize,
    long dataSizeInRepo,
    long metadataSize,
    long metadataSizeInRepo,
    long totalFiles,
    long totalBytes)
    implements BackupEvent {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param action {@code new}, {@code unchanged}, {@code modified} or {@code scan_finished}
   * @param item the path
   * @param duration seconds spent on it
   * @param dataSize bytes of content
   * @param dataSizeInRepo bytes added to the repository
   * @param metadataSize bytes of metadata
   * @param metadataSizeInRepo metadata bytes added
   * @param totalFiles with {@code scan_finished}: files found
   * @param totalBytes with {@code scan_finished}: bytes found
   */
  public BackupVerboseStatus {
    action = action == null ? "" : action;
    item = item == null ? "" : item;
  }
}
