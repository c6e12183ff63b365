package io.github.restic4j.core.command;

import io.github.restic4j.core.ResticStream;
import io.github.restic4j.core.error.ResticException;

/**
 * The entries of one snapshot, read while {@code restic ls} runs, plus the snapshot itself (restic
 * prints it first). Close it when done.
 */
public interface LsStream extends ResticStream<LsNode> {

  /**
   * The snapshot being listed (useful when it was chosen as {@code latest}). Waits until restic
   * printed it; does not consume any entries.
   *
   * @return the snapshot
   * @throws ResticException restic's typed failure if it failed before printing the snapshot
   * @throws IllegalStateException if the stream was closed before the snapshot arrived
   */
  Snapshot snapshot();
}
