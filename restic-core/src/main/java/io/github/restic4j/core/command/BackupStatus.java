package io.github.restic4j.core.command;

import java.util.List;

/**
 * Periodic backup progress ({@code "message_type":"status"}). restic sends about 60 per second in
 * 0.14-0.18 and 10 in 0.19 unless {@link io.github.restic4j.core.Restic.Builder#progressFps} sets a
 * rate.
 *
 * @param secondsElapsed seconds since the start
 * @param secondsRemaining estimated seconds left (0 if unknown)
 * @param percentDone fraction done, 0.0 to 1.0
 * @param totalFiles files found so far
 * @param filesDone files processed
 * @param totalBytes bytes found so far
 * @param bytesDone bytes processed
 * @param errorCount errors so far
 * @param currentFiles files being read now
 */
public record BackupStatus(
    long secondsElapsed,
    long secondsRemaining,
    double percentDone,
    long totalFiles,
    long filesDone,
    long totalBytes,
    long bytesDone,
    long errorCount,
    List<String> currentFiles)
    implements BackupEvent {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param secondsElapsed seconds since the start
   * @param secondsRemaining estimated seconds left (0 if unknown)
   * @param percentDone fraction done, 0.0 to 1.0
   * @param totalFiles files found so far
   * @param filesDone files processed
   * @param totalBytes bytes found so far
   * @param bytesDone bytes processed
   * @param errorCount errors so far
   * @param currentFiles files being read now
   */
  public BackupStatus {
    currentFiles = currentFiles == null ? List.of() : List.copyOf(currentFiles);
  }
}
