package io.github.restic4j.core;

import io.github.restic4j.core.error.ResticException;

/**
 * Receives what happens during one restic run: start, progress events, raw output lines, completion
 * or failure. One callback shape for streaming, completion and cancellation. All methods have empty
 * defaults.
 *
 * <p>Methods run on restic4j's output threads: keep them short. An exception thrown by a callback
 * is logged and otherwise ignored, so it can never stall restic.
 *
 * @param <E> the progress event type
 * @param <R> the result type
 */
public interface ResticCallback<E, R> {

  /**
   * Called once restic has started.
   *
   * @param execution the running execution, for example to cancel it
   */
  default void onStart(ResticExecution<R> execution) {}

  /**
   * Called for each typed progress event (backup and restore status, errors for single files).
   *
   * @param event the event
   */
  default void onEvent(E event) {}

  /**
   * Called for each raw line restic wrote, already redacted of the repository's secrets.
   *
   * @param line the line and its stream
   */
  default void onOutput(OutputLine line) {}

  /**
   * Called once when restic finished successfully.
   *
   * @param result the typed result
   */
  default void onComplete(R result) {}

  /**
   * Called once when the run failed, timed out or was cancelled.
   *
   * @param error the typed failure
   */
  default void onError(ResticException error) {}

  /**
   * A callback that ignores everything.
   *
   * @param <E> event type
   * @param <R> result type
   * @return a no-op callback
   */
  static <E, R> ResticCallback<E, R> none() {
    return new ResticCallback<>() {};
  }

  /**
   * A callback that only forwards progress events.
   *
   * @param listener receives each event
   * @param <E> event type
   * @param <R> result type
   * @return the callback
   */
  static <E, R> ResticCallback<E, R> onEvents(java.util.function.Consumer<? super E> listener) {
    return new ResticCallback<>() {
      @Override
      public void onEvent(E event) {
        listener.accept(event);
      }
    };
  }
}
