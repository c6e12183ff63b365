package io.github.restic4j.core.internal.stream;

import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticStream;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.DiffChange;
import io.github.restic4j.core.command.DiffRequest;
import io.github.restic4j.core.command.DiffStatistics;
import io.github.restic4j.core.command.DiffStream;
import io.github.restic4j.core.command.FindMatch;
import io.github.restic4j.core.command.FindRequest;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.LsStream;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.Termination;
import io.github.restic4j.core.internal.CommandFactory;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.command.FindCommand;
import io.github.restic4j.core.internal.command.LsCommand;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts the streaming commands ({@code ls}, {@code find}, {@code diff}) as {@link QueueStream}s.
 */
public final class StreamLauncher {

  private StreamLauncher() {}

  /**
   * Starts a spec; the repository supplies its timeout, flags and environment.
   *
   * @param <R> result type
   * @param <E> event type
   */
  @FunctionalInterface
  public interface Starter<R, E> {
    /**
     * Starts one run.
     *
     * @param spec the spec to run
     * @param callback the callback to run it with
     * @return the running execution
     */
    ResticExecution<R> start(CommandSpec<R, E> spec, ResticCallback<E, R> callback);
  }

  /**
   * Starts {@code restic ls}.
   *
   * @param request the request
   * @param version the restic version
   * @param starter starts the process
   * @return the stream
   */
  public static LsStream ls(
      LsRequest request, ResticVersion version, Starter<Snapshot, LsNode> starter) {
    LsCommand command = (LsCommand) CommandFactory.create(request, version);
    StreamingSpec<Snapshot, LsNode> spec = new StreamingSpec<>(command);
    Ls stream = new Ls(spec, ItemQueue.DEFAULT_CAPACITY, command.snapshot());
    stream.attach(starter.start(spec, stream.callback()));
    return stream;
  }

  /**
   * Starts {@code restic diff}.
   *
   * @param request the request
   * @param version the restic version
   * @param starter starts the process
   * @return the stream
   */
  public static DiffStream diff(
      DiffRequest request, ResticVersion version, Starter<DiffStatistics, DiffChange> starter) {
    StreamingSpec<DiffStatistics, DiffChange> spec =
        new StreamingSpec<>(CommandFactory.create(request, version));
    Diff stream = new Diff(spec, ItemQueue.DEFAULT_CAPACITY);
    stream.attach(starter.start(spec, stream.callback()));
    return stream;
  }

  /**
   * Starts {@code restic find}.
   *
   * @param request the request
   * @param version the restic version
   * @param starter starts the process
   * @return the stream
   */
  public static ResticStream<FindMatch> find(
      FindRequest request, ResticVersion version, Starter<Long, FindMatch> starter) {
    FindCommand command = (FindCommand) CommandFactory.create(request, version);
    StreamingSpec<Long, FindMatch> spec = new StreamingSpec<>(command);
    QueueStream<FindMatch, Long> stream =
        new QueueStream<>(spec, ItemQueue.DEFAULT_CAPACITY, command::discard);
    command.emitTo(stream.sink());
    stream.attach(starter.start(spec, stream.callback()));
    return stream;
  }

  /** {@code ls}: the snapshot is available before the nodes. */
  static final class Ls extends QueueStream<LsNode, Snapshot> implements LsStream {
    private final CompletableFuture<Snapshot> snapshot;

    Ls(StreamingSpec<Snapshot, LsNode> spec, int capacity, CompletableFuture<Snapshot> snapshot) {
      super(spec, capacity, null);
      this.snapshot = snapshot;
    }

    @Override
    public Snapshot snapshot() {
      CompletableFuture<Snapshot> result = execution().future();
      try {
        CompletableFuture.anyOf(snapshot, result).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new ResticCancelledException(
            "interrupted while waiting for restic ls; restic was stopped",
            new Termination(pid(), false, false, Duration.ZERO));
      } catch (ExecutionException e) {
        // the run failed before the snapshot line; handled below
      }
      if (snapshot.isDone()) {
        return snapshot.join();
      }
      if (closedEarly()) {
        throw new IllegalStateException("the stream was closed before restic printed the snapshot");
      }
      return result();
    }
  }

  /** {@code diff}: the statistics come last. */
  static final class Diff extends QueueStream<DiffChange, DiffStatistics> implements DiffStream {
    Diff(StreamingSpec<DiffStatistics, DiffChange> spec, int capacity) {
      super(spec, capacity, null);
    }

    @Override
    public DiffStatistics statistics() {
      return result();
    }
  }
}
