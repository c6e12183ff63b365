package io.github.restic4j.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A request for one restic command, with the type of its result and of the progress events it
 * emits. Requests are immutable and built with builders; run them with {@link
 * ResticRepository#run(ResticRequest)} or {@link ResticRepository#start(ResticRequest,
 * ResticCallback)}, or the typed shortcuts on {@link ResticRepository}.
 *
 * @param <R> the result type
 * @param <E> the progress event type ({@link Void} for commands without progress)
 */
public interface ResticRequest<R, E> {

  /**
   * The restic command name, for example {@code backup} or {@code key list}.
   *
   * @return the command name
   */
  String command();

  /**
   * How long the command may run before restic4j stops it; empty for the repository's default.
   *
   * @return the timeout, if set on this request
   */
  Optional<Duration> timeout();

  /**
   * Which lock restic takes for this request on the given version.
   *
   * @param version the restic version that will run it
   * @return the lock mode
   */
  LockMode lockMode(ResticVersion version);
}
