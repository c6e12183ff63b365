package io.github.restic4j.locking;

/**
 * Receives {@link LockEvent}s from a {@link LockManager}, synchronously on the calling thread: keep
 * it short. An exception thrown by a listener is logged and ignored. Independent of the restic
 * version.
 */
@FunctionalInterface
public interface LockEventListener {

  /**
   * Called for each event.
   *
   * @param event the event
   */
  void onEvent(LockEvent event);
}
