package io.github.restic4j.core.command;

import io.github.restic4j.core.ResticStream;
import io.github.restic4j.core.error.ResticException;

/**
 * The changes between two snapshots, read while {@code restic diff} runs, plus the totals restic
 * prints at the end. Close it when done.
 */
public interface DiffStream extends ResticStream<DiffChange> {

  /**
   * The totals. restic prints them after the last change, so this reads and discards the changes
   * not read yet and waits until restic finished.
   *
   * @return the statistics
   * @throws ResticException restic's typed failure
   * @throws IllegalStateException if the stream was closed before its end
   */
  DiffStatistics statistics();
}
