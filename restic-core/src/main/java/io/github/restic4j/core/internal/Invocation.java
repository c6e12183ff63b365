package io.github.restic4j.core.internal;

import io.github.restic4j.core.OutputLine;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.ResticTimeoutException;
import io.github.restic4j.core.error.Termination;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run of restic: builds the command line, starts the process, routes output to the command's
 * parser and the caller's callback, enforces the timeout, and turns the outcome into a result or a
 * typed exception.
 *
 * @param <R> result type
 * @param <E> event type
 */
public final class Invocation<R, E> implements ResticExecution<R> {

  private static final Logger LOG = LoggerFactory.getLogger(Invocation.class);
  private static final int STDERR_TAIL_CHARS = 16 * 1024;
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "restic4j-timeouts");
            t.setDaemon(true);
            return t;
          });

  private enum StopReason {
    TIMEOUT,
    CANCEL
  }

  private final RunContext context;
  private final CommandSpec<R, E> spec;
  private final Duration timeout;
  private final ResticCallback<E, R> callback;
  private final List<String> arguments;
  private final StderrReader stderr;
  private final CompletableFuture<R> result = new CompletableFuture<>();
  private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
  private final Consumer<E> events;
  private final boolean observesOutput;
  private volatile RuntimeException parseError;
  private ChildProcess process;
  private ScheduledFuture<?> timer;

  /**
   * Prepares a run.
   *
   * @param context the repository's contribution
   * @param spec the command
   * @param globalFlags extra global flags for this call (for example {@code --retry-lock 30s})
   * @param timeout how long it may run
   * @param callback the caller's callback
   */
  public Invocation(
      RunContext context,
      CommandSpec<R, E> spec,
      List<String> globalFlags,
      Duration timeout,
      ResticCallback<E, R> callback) {
    this.context = context;
    this.spec = spec;
    this.timeout = timeout;
    this.callback = callback;
    List<String> args = new ArrayList<>(context.globalArguments());
    args.addAll(globalFlags);
    if (spec.json()) {
      args.add("--json");
    }
    if (spec.noLock()) {
      args.add("--no-lock");
    }
    args.addAll(spec.arguments());
    this.arguments = List.copyOf(args);
    this.events = this::emitEvent;
    this.observesOutput = observesOutput(callback);
    this.stderr = new StderrReader(context.redactor(), STDERR_TAIL_CHARS);
  }

  /**
   * The arguments passed to restic after the binary (no secrets).
   *
   * @return the arguments
   */
  public List<String> arguments() {
    return arguments;
  }

  /**
   * Starts restic.
   *
   * @return this execution
   */
  public Invocation<R, E> start() {
    List<String> command = new ArrayList<>();
    command.add(context.binary().toString());
    command.addAll(arguments);
    String shown = context.redactor().redact(String.join(" ", arguments));
    String previousRepo = MDC.get("restic.repository");
    String previousCommand = MDC.get("restic.command");
    MDC.put("restic.repository", context.displayName());
    MDC.put("restic.command", shown);
    try {
      LOG.debug("running restic {} on {}", shown, context.displayName());
      OutputStream stdout =
          spec.rawStdout() != null
              ? spec.rawStdout()
              : new LineSplitter(
                  this::onStdoutLine,
                  LineSplitter.DEFAULT_MAX_LINE_BYTES,
                  spec::onOutputChunkEnd,
                  observesOutput ? null : this::onStdoutBytes);
      process =
          ChildProcess.start(
              command,
              context.environment(),
              context.inherit(),
              null,
              spec.stdin(),
              stdout,
              new LineSplitter(
                  this::onStderrLine, LineSplitter.DEFAULT_MAX_LINE_BYTES, spec::onOutputChunkEnd));
    } catch (RuntimeException e) {
      closeSpec();
      throw e;
    } finally {
      restore("restic.repository", previousRepo);
      restore("restic.command", previousCommand);
    }
    timer =
        TIMER.schedule(
            () -> stopFor(StopReason.TIMEOUT, context.gracePeriod()),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    process.exit().whenComplete((code, error) -> onExit(code, error));
    safe(() -> callback.onStart(this));
    return this;
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }

  /**
   * Tells whether a callback overrides {@link ResticCallback#onOutput}. The streams' own callbacks
   * do not, and redacting every stdout line only to hand it to the empty default method costs a
   * search per secret per line ({@code ls} prints one line per node).
   */
  private static boolean observesOutput(ResticCallback<?, ?> callback) {
    try {
      return callback.getClass().getMethod("onOutput", OutputLine.class).getDeclaringClass()
          != ResticCallback.class;
    } catch (NoSuchMethodException | SecurityException e) {
      return true;
    }
  }

  /** The bytes of a stdout line nobody observes raw: the spec may read them without a string. */
  private boolean onStdoutBytes(byte[] bytes, int offset, int length) {
    if (parseError != null) {
      return true; // keep draining so restic never blocks; the first error is reported at the end
    }
    try {
      return spec.onStdoutBytes(bytes, offset, length, events);
    } catch (RuntimeException e) {
      parseError = withoutSecrets(e);
      return true;
    }
  }

  private void onStdoutLine(String line) {
    if (observesOutput) {
      // the raw line goes to the caller's observer, so like a log it is redacted; the typed data
      // below is parsed from the line as restic printed it (a file name may contain the password)
      String redacted = context.redactor().redact(line);
      safe(() -> callback.onOutput(new OutputLine(OutputLine.Stream.STDOUT, redacted)));
    }
    if (parseError != null) {
      return; // keep draining so restic never blocks; the first error is reported at the end
    }
    try {
      spec.onStdout(line, events);
    } catch (RuntimeException e) {
      parseError = withoutSecrets(e);
    }
  }

  /**
   * A parse error quotes the output it could not read (for example a node line, whose file name may
   * contain the password); it ends up in an exception and a log line, so a message that names a
   * secret is replaced by a redacted {@link OutputParseException} without the cause (whose message
   * quotes the same text; its stack trace is kept). Errors without secrets stay as they are.
   */
  private RuntimeException withoutSecrets(RuntimeException e) {
    if (e instanceof ResticException && !(e instanceof OutputParseException)) {
      return e; // typed failures are built from stderr, which is redacted already
    }
    Redactor redactor = context.redactor();
    boolean names = false;
    for (Throwable t = e; t != null && !names; t = t.getCause()) {
      String m = t.getMessage();
      names = m != null && !m.equals(redactor.redact(m));
    }
    if (!names) {
      return e;
    }
    OutputParseException clean =
        new OutputParseException(redactor.redact(String.valueOf(e.getMessage())));
    clean.setStackTrace(e.getStackTrace());
    return clean;
  }

  private void onStderrLine(String raw) {
    StderrReader.Line line = stderr.accept(raw);
    safe(() -> callback.onOutput(new OutputLine(OutputLine.Stream.STDERR, line.text())));
    if (line.json() != null) {
      try {
        spec.onStderrJson(line.json(), events);
      } catch (RuntimeException e) {
        LOG.debug("ignoring unreadable stderr JSON from restic: {}", Json.shorten(line.text()));
      }
    }
  }

  private void emitEvent(E event) {
    safe(() -> callback.onEvent(event));
  }

  private void safe(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("restic4j callback threw; ignored so restic keeps running", e);
    }
  }

  private void onExit(Integer code, Throwable error) {
    if (timer != null) {
      timer.cancel(false);
    }
    closeSpec();
    if (stopReason.get() != null) {
      return; // the stopping thread completes the result with the termination details
    }
    if (error != null) {
      fail(new ResticException("waiting for restic failed: " + error.getMessage()));
      return;
    }
    CommandFailure failure = failure(code);
    if (parseError != null) {
      fail(
          parseError instanceof ResticException re
              ? re
              : new OutputParseException(
                  "cannot read restic's output: " + parseError.getMessage(), parseError));
      return;
    }
    if (spec.isSuccess(code)) {
      try {
        R r = spec.finish(new CommandSpec.Completion(code, stderr.lines(), failure));
        if (result.complete(r)) {
          LOG.debug("restic {} finished with exit code {}", spec.arguments().get(0), code);
          safe(() -> callback.onComplete(r));
        }
      } catch (ResticException e) {
        fail((ResticException) withoutSecrets(e));
      } catch (RuntimeException e) {
        RuntimeException clean = withoutSecrets(e);
        fail(new OutputParseException("cannot read restic's output: " + clean.getMessage(), clean));
      }
      return;
    }
    fail(stderr.classify(failure, Instant.now()));
  }

  /** Releases what a spec holds for one run (for example a temporary password file). */
  private void closeSpec() {
    if (spec instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("could not clean up after restic {}", spec.arguments().get(0), e);
      }
    }
  }

  private CommandFailure failure(int code) {
    return stderr.failure(context.redactor().redact(arguments), code, context.version().toString());
  }

  private void fail(ResticException e) {
    if (result.completeExceptionally(e)) {
      LOG.debug("restic {} failed: {}", spec.arguments().get(0), e.getMessage());
      safe(() -> callback.onError(e));
    }
  }

  private Termination stopFor(StopReason reason, Duration grace) {
    if (result.isDone() || !stopReason.compareAndSet(null, reason)) {
      return process.termination();
    }
    Termination t = process.stop(grace);
    String what = "restic " + spec.arguments().get(0) + " (pid " + t.pid() + ")";
    String how = how(t, grace);
    if (reason == StopReason.TIMEOUT) {
      LOG.warn("{} exceeded its timeout of {}{}", what, timeout, how);
      fail(new ResticTimeoutException(what + " exceeded its timeout of " + timeout + how, t));
    } else {
      fail(new ResticCancelledException(what + " was cancelled" + how, t));
    }
    return t;
  }

  /** What happened to the process, in words that match what really happened. */
  static String how(Termination t, Duration grace) {
    if (!t.forceKilled()) {
      return t.signalledGracefully()
          ? "; it exited after SIGINT and removed its own lock"
          : "; SIGINT could not be sent; it exited when terminated, so its lock may remain in the"
              + " repository";
    }
    String lock = ", so its lock may remain in the repository";
    if (t.waited().compareTo(grace) >= 0) {
      return (t.signalledGracefully()
              ? "; it did not exit within " + grace + " after SIGINT and was killed"
              : "; SIGINT could not be sent; it did not exit within " + grace + " and was killed")
          + lock;
    }
    return "; it was killed after "
        + t.waited()
        + ", before its grace period of "
        + grace
        + " ran out, because the stopping thread was interrupted"
        + lock;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public R await() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      throw interrupted();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  @Override
  public R await(Duration maxWait) {
    try {
      return result.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      stopFor(StopReason.TIMEOUT, context.gracePeriod());
      return await();
    } catch (InterruptedException e) {
      throw interrupted();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  /** The waiting thread was interrupted: stops restic, keeps the interrupt status. */
  private ResticCancelledException interrupted() {
    Thread.currentThread().interrupt();
    cancel();
    return new ResticCancelledException(
        "interrupted while waiting for restic; it was stopped", process.termination());
  }

  private static ResticException unwrap(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (c instanceof ResticException re) {
      return re;
    }
    return new ResticException("restic run failed: " + c, c);
  }

  @Override
  public boolean isDone() {
    return result.isDone();
  }

  @Override
  public Termination cancel() {
    return cancel(context.gracePeriod());
  }

  @Override
  public Termination cancel(Duration grace) {
    if (grace.isZero() || grace.isNegative()) {
      throw new IllegalArgumentException("grace must be positive: " + grace);
    }
    if (result.isDone()) {
      return null;
    }
    return stopFor(StopReason.CANCEL, grace);
  }

  @Override
  public CompletableFuture<R> future() {
    return result;
  }

  @Override
  public void close() {
    cancel();
  }
}
