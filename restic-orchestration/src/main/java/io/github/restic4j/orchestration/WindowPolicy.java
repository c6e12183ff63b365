package io.github.restic4j.orchestration;

/** What happens to a run that falls due outside its {@link TimeWindow}. Every restic version. */
public enum WindowPolicy {
  /** Wait and start it as soon as the window opens ({@link RunEvent.Deferred}). */
  DEFER,
  /** Do not run it ({@link RunEvent.Skipped} with {@link SkipReason#OUTSIDE_WINDOW}). */
  SKIP
}
