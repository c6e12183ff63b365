package io.github.restic4j.core;

import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The items of a running restic command (for example the nodes of {@code restic ls}), delivered
 * while restic still runs. Memory stays constant however many items restic prints: restic4j holds
 * at most a small fixed number of parsed items; when the reader falls behind, restic is paused by
 * its full output pipe until the reader catches up.
 *
 * <p>Read it on one thread, with {@link #hasNext()}/{@link #next()} or {@link #stream()}, and
 * always close it (try-with-resources). Once all items were read, {@link #hasNext()} returns false
 * if restic succeeded, or throws the typed {@link ResticException} if it failed (also when it
 * failed after printing some items). {@link #close()} before the end stops restic gracefully
 * (SIGINT, so it removes its lock) and throws nothing.
 *
 * <p>The request's timeout covers the whole run, including the time the reader takes.
 *
 * @param <T> the item type
 */
public interface ResticStream<T> extends Iterator<T>, AutoCloseable {

  /**
   * Waits until the next item is available or restic finished.
   *
   * @return true if {@link #next()} will return an item; false once restic finished successfully
   *     and every item was read, or after {@link #close()}
   * @throws ResticException restic's typed failure, once every item printed before it was read
   *     (also {@link io.github.restic4j.core.error.ResticTimeoutException} when the request's
   *     timeout expired, and {@link ResticCancelledException} if the reading thread was
   *     interrupted)
   */
  @Override
  boolean hasNext();

  /**
   * Returns the next item, waiting for it if necessary.
   *
   * @return the item
   * @throws NoSuchElementException if there are no more items
   * @throws ResticException restic's typed failure, once every item printed before it was read
   */
  @Override
  T next();

  /**
   * The remaining items as a sequential stream. Closing the returned stream closes this one, so
   * {@code try (Stream<T> s = resticStream.stream())} is enough.
   *
   * @return a stream over the items not read yet
   */
  Stream<T> stream();

  /**
   * Reads and discards the items not read yet, then waits until restic finished.
   *
   * @return how many items were discarded
   * @throws ResticException restic's typed failure
   * @throws IllegalStateException if the stream was closed before its end
   */
  long drain();

  /**
   * The process id of restic.
   *
   * @return the pid
   */
  long pid();

  /**
   * Tells whether this stream reached its end: every item was read and restic finished, or it was
   * closed.
   *
   * @return true at the end
   */
  boolean isFinished();

  /**
   * Stops reading. If restic is still running it is stopped gracefully (SIGINT, grace period, then
   * kill) and this method waits until it is gone; items restic prints meanwhile are dropped.
   * Idempotent; never throws a cancellation exception.
   */
  @Override
  void close();
}
