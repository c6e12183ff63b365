package io.github.restic4j.core.internal.stream;

import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticStream;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.Termination;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The {@link ResticStream} implementation: items arrive through {@link #callback} (on restic's
 * stdout pump thread) into a bounded {@link ItemQueue}; the reader takes them from there.
 *
 * <p>Use: create it, pass {@link #callback} to the run, then {@link #attach} the started execution.
 *
 * @param <T> item type
 * @param <R> the run's result type
 */
public class QueueStream<T, R> implements ResticStream<T> {

  private final ItemQueue<T> queue;
  private final StreamingSpec<R, ?> spec;
  private final Runnable cleanup;
  private volatile ResticExecution<R> execution;
  private volatile boolean closed;
  private volatile Termination termination;
  private boolean ended;
  private ResticException failure;
  private T next;

  /**
   * Creates a stream for one run of a spec.
   *
   * @param spec the wrapped spec the run uses
   * @param capacity the most parsed items held at once
   * @param cleanup runs once restic and its stdout pump are done (may be null)
   */
  public QueueStream(StreamingSpec<R, ?> spec, int capacity, Runnable cleanup) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.queue = new ItemQueue<>(capacity);
    spec.onChunkEnd(queue::flush);
    this.cleanup = cleanup == null ? () -> {} : cleanup;
  }

  /**
   * Where the spec puts items when it does not emit them as events: blocks while the queue is full,
   * drops items after {@link #close()}.
   *
   * @return the sink
   */
  public Consumer<T> sink() {
    return queue::put;
  }

  /**
   * The callback to run the spec with: items go into the queue, completion ends it.
   *
   * @return the callback
   */
  public ResticCallback<T, R> callback() {
    return new ResticCallback<>() {
      @Override
      public void onEvent(T item) {
        queue.put(item);
      }

      @Override
      public void onComplete(R result) {
        spec.afterPump(() -> end(null));
      }

      @Override
      public void onError(ResticException error) {
        spec.afterPump(() -> end(error));
      }
    };
  }

  private void end(ResticException error) {
    try {
      cleanup.run();
    } finally {
      queue.finish(error);
    }
  }

  /**
   * Connects the started execution (for {@link #close()}, {@link #pid()} and the result).
   *
   * @param execution the running execution
   * @return this stream
   */
  public QueueStream<T, R> attach(ResticExecution<R> execution) {
    this.execution = Objects.requireNonNull(execution, "execution");
    return this;
  }

  /**
   * The queue between pump and reader (for tests and diagnostics).
   *
   * @return the queue
   */
  public ItemQueue<T> queue() {
    return queue;
  }

  /**
   * The execution.
   *
   * @return the attached execution
   */
  protected ResticExecution<R> execution() {
    return execution;
  }

  /**
   * Tells whether {@link #close()} was called before the end.
   *
   * @return true if closed early
   */
  protected boolean closedEarly() {
    return closed && !ended;
  }

  @Override
  public synchronized boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      if (failure != null) {
        throw failure;
      }
      return false;
    }
    if (closed) {
      return false;
    }
    Object o;
    try {
      o = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      Termination t = termination;
      if (t == null) {
        t = new Termination(execution == null ? -1 : execution.pid(), false, false, Duration.ZERO);
      }
      throw new ResticCancelledException(
          "interrupted while reading restic's output; restic was stopped", t);
    }
    if (o == ItemQueue.END) {
      if (closed) {
        return false;
      }
      ended = true;
      queue.close(); // anything the pump still delivers now is dropped, never blocks
      Throwable error = queue.failure();
      if (error != null) {
        failure =
            error instanceof ResticException re
                ? re
                : new ResticException("restic run failed: " + error, error);
        throw failure;
      }
      return false;
    }
    @SuppressWarnings("unchecked")
    T item = (T) o;
    next = item;
    return true;
  }

  @Override
  public synchronized T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more items from restic");
    }
    T item = next;
    next = null;
    return item;
  }

  @Override
  public Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  @Override
  public long drain() {
    if (closedEarly()) {
      throw new IllegalStateException("the stream was closed before its end");
    }
    long n = 0;
    while (hasNext()) {
      next();
      n++;
    }
    if (closedEarly()) {
      throw new IllegalStateException("the stream was closed before its end");
    }
    return n;
  }

  /**
   * Drains the stream and returns the run's result.
   *
   * @return the result
   * @throws ResticException restic's typed failure
   * @throws IllegalStateException if the stream was closed before its end
   */
  protected R result() {
    drain();
    CompletableFuture<R> f = execution.future();
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      throw c instanceof ResticException re ? re : new ResticException("restic run failed", c);
    }
  }

  @Override
  public long pid() {
    return execution.pid();
  }

  @Override
  public boolean isFinished() {
    return closed || ended;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.close();
    ResticExecution<R> e = execution;
    if (e != null && !e.isDone()) {
      try {
        termination = e.cancel();
      } catch (RuntimeException ignored) {
        // close never throws; the execution reports its own problems through its callback
      }
    }
    queue.finish(null);
  }
}
