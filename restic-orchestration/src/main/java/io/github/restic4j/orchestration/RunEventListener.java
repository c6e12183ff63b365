package io.github.restic4j.orchestration;

/**
 * Receives {@link RunEvent}s from an {@link Orchestrator}, synchronously on the thread where they
 * happen: keep it short. An exception thrown by a listener is logged and ignored. Independent of
 * the restic version.
 */
@FunctionalInterface
public interface RunEventListener {

  /**
   * Called for each event.
   *
   * @param event the event
   */
  void onEvent(RunEvent event);
}
