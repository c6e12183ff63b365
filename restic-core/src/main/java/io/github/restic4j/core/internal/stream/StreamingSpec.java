package io.github.restic4j.core.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.internal.CommandSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Wraps a command spec for streaming: remembers restic's stdout pump thread and makes {@link
 * #finish} wait until that thread is done.
 *
 * <p>Why: while the reader of a stream falls behind, the pump is blocked in {@link ItemQueue#put}.
 * restic may meanwhile exit (its last output fits in the pipe), and zt-exec reports the exit once
 * its stream close timeout expires even though the pump still has output to deliver. Waiting for
 * the pump keeps the result (for example diff statistics, which are the last line) and the end of
 * the stream after every item.
 *
 * @param <R> result type
 * @param <E> item type
 */
public final class StreamingSpec<R, E> implements CommandSpec<R, E> {

  private final CommandSpec<R, E> delegate;
  private final OutputStream raw;
  private volatile Thread pump;
  private volatile Runnable chunkEnd = () -> {};

  /**
   * Wraps a spec.
   *
   * @param delegate the command's own spec
   */
  public StreamingSpec(CommandSpec<R, E> delegate) {
    this.delegate = delegate;
    OutputStream target = delegate.rawStdout();
    this.raw = target == null ? null : new Marking(target);
  }

  @Override
  public List<String> arguments() {
    return delegate.arguments();
  }

  @Override
  public boolean json() {
    return delegate.json();
  }

  @Override
  public boolean noLock() {
    return delegate.noLock();
  }

  @Override
  public InputStream stdin() {
    return delegate.stdin();
  }

  @Override
  public OutputStream rawStdout() {
    return raw;
  }

  @Override
  public void onStdout(String line, Consumer<E> events) {
    mark();
    delegate.onStdout(line, events);
  }

  @Override
  public boolean onStdoutBytes(byte[] bytes, int offset, int length, Consumer<E> events) {
    mark();
    return delegate.onStdoutBytes(bytes, offset, length, events);
  }

  /**
   * Passes the end of each output chunk on (to the stream's queue, which then wakes its reader for
   * items it has held back).
   */
  @Override
  public void onOutputChunkEnd() {
    delegate.onOutputChunkEnd();
    chunkEnd.run();
  }

  /**
   * Sets what runs at the end of each output chunk, after the wrapped spec's own hook.
   *
   * @param action the action (for example the queue's {@link ItemQueue#flush()})
   */
  public void onChunkEnd(Runnable action) {
    this.chunkEnd = action == null ? () -> {} : action;
  }

  @Override
  public void onStderrJson(JsonNode node, Consumer<E> events) {
    delegate.onStderrJson(node, events);
  }

  @Override
  public boolean isSuccess(int exitCode) {
    return delegate.isSuccess(exitCode);
  }

  @Override
  public R finish(Completion completion) {
    awaitPump();
    return delegate.finish(completion);
  }

  /**
   * The wrapped spec.
   *
   * @return the command's own spec
   */
  public CommandSpec<R, E> delegate() {
    return delegate;
  }

  /**
   * Runs an action once the stdout pump is done: at once if it is done (or never delivered
   * anything, or is the calling thread), else on a short-lived daemon thread. Never blocks.
   *
   * @param action what to run
   */
  public void afterPump(Runnable action) {
    Thread t = pump;
    if (t == null || t == Thread.currentThread() || !t.isAlive()) {
      action.run();
      return;
    }
    Thread waiter =
        new Thread(
            () -> {
              awaitPump();
              action.run();
            },
            "restic4j-stream-end");
    waiter.setDaemon(true);
    waiter.start();
  }

  /** Blocks until the stdout pump thread ended (unless called on that thread). */
  void awaitPump() {
    Thread t = pump;
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      while (t.isAlive()) {
        t.join(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void mark() {
    if (pump == null) {
      pump = Thread.currentThread();
    }
  }

  /** Passes raw stdout through, remembering the pump thread. */
  private final class Marking extends OutputStream {
    private final OutputStream target;

    Marking(OutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      mark();
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      mark();
      target.write(b, off, len);
    }

    /**
     * The pump flushes before it waits for restic: the items the raw parser ({@code find}) made so
     * far must reach the stream's reader now, as the line splitter's do.
     */
    @Override
    public void flush() throws IOException {
      target.flush();
      onOutputChunkEnd();
    }

    @Override
    public void close() throws IOException {
      target.close();
    }
  }
}
