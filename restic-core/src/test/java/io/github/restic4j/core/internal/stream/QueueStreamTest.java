package io.github.restic4j.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.command.DiffChange;
import io.github.restic4j.core.command.DiffRequest;
import io.github.restic4j.core.command.DiffStatistics;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.Termination;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.command.DiffCommand;
import io.github.restic4j.core.internal.command.LsCommand;
import io.github.restic4j.core.testing.CorpusFile;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Drives the streaming machinery the way Invocation does: a feeder thread plays restic's stdout
 * pump (parsing lines through the real spec), a fake execution plays the process.
 */
class QueueStreamTest {

  private static final CommandSpec.Completion OK = new CommandSpec.Completion(0, List.of(), null);

  /** A real 0.18 ls node line; only the name and path change per synthetic node. */
  private static final String NODE_TEMPLATE =
      CorpusFile.load("0.18.0_ls_json_latest").stdoutLines().stream()
          .filter(l -> l.contains("\"name\":\"a.txt\""))
          .findFirst()
          .orElseThrow()
          .replace("\"name\":\"a.txt\"", "\"name\":\"NAME\"")
          .replace("\"path\":\"/jdata/docs/a.txt\"", "\"path\":\"/jdata/docs/NAME\"");

  private static final String SNAPSHOT_LINE =
      CorpusFile.load("0.18.0_ls_json_latest").stdoutLines().get(0);

  private static String node(long i) {
    return NODE_TEMPLATE.replace("NAME", "f" + i);
  }

  /** Plays the restic process: completion, cancellation, pid. */
  static final class FakeExecution<R> implements ResticExecution<R> {
    final CompletableFuture<R> future = new CompletableFuture<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    volatile ResticCallback<?, R> callback;
    volatile Thread feeder;

    @Override
    public long pid() {
      return 4242;
    }

    @Override
    public R await() {
      return future.join();
    }

    @Override
    public R await(Duration maxWait) {
      return future.join();
    }

    @Override
    public boolean isDone() {
      return future.isDone();
    }

    @Override
    public Termination cancel() {
      if (future.isDone()) {
        return null;
      }
      cancelled.set(true);
      Termination t = new Termination(4242, true, false, Duration.ofMillis(1));
      ResticCancelledException e = new ResticCancelledException("cancelled", t);
      if (future.completeExceptionally(e)) {
        callback.onError(e);
      }
      return t;
    }

    @Override
    public CompletableFuture<R> future() {
      return future;
    }

    @Override
    public void close() {
      cancel();
    }

    void succeed(CommandSpec<R, ?> spec) {
      R r = spec.finish(OK);
      if (future.complete(r)) {
        callback.onComplete(r);
      }
    }

    void fail(ResticException e) {
      if (future.completeExceptionally(e)) {
        callback.onError(e);
      }
    }
  }

  private static <R, T> FakeExecution<R> wire(QueueStream<T, R> stream) {
    FakeExecution<R> ex = new FakeExecution<>();
    ex.callback = stream.callback();
    stream.attach(ex);
    return ex;
  }

  @Test
  void millionNodesArriveInOrderWithBoundedQueue() {
    long total = 1_000_000;
    StreamingSpec<Snapshot, LsNode> spec =
        new StreamingSpec<>(new LsCommand(LsRequest.latest().build()));
    StreamLauncher.Ls stream =
        new StreamLauncher.Ls(
            spec, ItemQueue.DEFAULT_CAPACITY, ((LsCommand) spec.delegate()).snapshot());
    FakeExecution<Snapshot> ex = wire(stream);
    ResticCallback<LsNode, Snapshot> cb = stream.callback();
    AtomicLong produced = new AtomicLong();
    Thread feeder =
        new Thread(
            () -> {
              spec.onStdout(SNAPSHOT_LINE, cb::onEvent);
              for (long i = 0; i < total; i++) {
                spec.onStdout(node(i), cb::onEvent);
                produced.incrementAndGet();
              }
              ex.succeed(spec);
            },
            "fake-pump");
    assertTimeoutPreemptively(
        Duration.ofMinutes(3),
        () -> {
          feeder.start();
          assertThat(stream.snapshot().shortId()).isEqualTo("e40ca845");
          long consumed = 0;
          long maxLead = 0;
          while (stream.hasNext()) {
            LsNode n = stream.next();
            assertThat(n.name()).isEqualTo("f" + consumed);
            consumed++;
            // the pump can never be more than the queue (plus the item it is handing over) ahead
            maxLead = Math.max(maxLead, produced.get() - consumed);
            if (consumed == 10) {
              // reader pauses: the pump runs into the full queue and stays blocked there
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
              while (stream.queue().size() < ItemQueue.DEFAULT_CAPACITY
                  && System.nanoTime() < deadline) {
                Thread.sleep(5);
              }
              Thread.sleep(100);
              assertThat(stream.queue().size()).isEqualTo(ItemQueue.DEFAULT_CAPACITY);
              assertThat(produced.get()).isLessThanOrEqualTo(10 + ItemQueue.DEFAULT_CAPACITY + 1);
            }
          }
          assertThat(consumed).isEqualTo(total);
          assertThat(maxLead).isLessThanOrEqualTo(ItemQueue.DEFAULT_CAPACITY + 1);
          assertThat(stream.queue().maxSize()).isEqualTo(ItemQueue.DEFAULT_CAPACITY);
          assertThat(stream.queue().dropped()).isZero();
          assertThat(stream.isFinished()).isTrue();
          assertThat(stream.hasNext()).isFalse();
          assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
          feeder.join();
        });
  }

  @Test
  void closeMidwayStopsTheProducerWithoutThrowing() {
    StreamingSpec<Snapshot, LsNode> spec =
        new StreamingSpec<>(new LsCommand(LsRequest.latest().build()));
    QueueStream<LsNode, Snapshot> stream = new QueueStream<>(spec, 16, null);
    FakeExecution<Snapshot> ex = wire(stream);
    ResticCallback<LsNode, Snapshot> cb = stream.callback();
    AtomicLong produced = new AtomicLong();
    CountDownLatch feederDone = new CountDownLatch(1);
    Thread feeder =
        new Thread(
            () -> {
              spec.onStdout(SNAPSHOT_LINE, cb::onEvent);
              // like restic: keeps writing until it is stopped
              for (long i = 0; !ex.cancelled.get(); i++) {
                spec.onStdout(node(i), cb::onEvent);
                produced.incrementAndGet();
              }
              feederDone.countDown();
            },
            "fake-pump");
    feeder.setDaemon(true);
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          feeder.start();
          for (int i = 0; i < 100; i++) {
            assertThat(stream.next().name()).isEqualTo("f" + i);
          }
          Thread.sleep(100);
          assertThat(produced.get()).isLessThanOrEqualTo(100 + 16 + 1); // blocked on the queue
          stream.close(); // must not throw the cancellation
          assertThat(ex.cancelled).isTrue();
          assertThat(feederDone.await(10, TimeUnit.SECONDS)).isTrue();
          assertThat(stream.hasNext()).isFalse();
          assertThat(stream.isFinished()).isTrue();
          assertThatThrownBy(stream::drain).isInstanceOf(IllegalStateException.class);
          stream.close(); // idempotent
        });
  }

  @Test
  void streamCloseClosesAndFailureComesAfterTheItems() {
    StreamingSpec<Snapshot, LsNode> spec =
        new StreamingSpec<>(new LsCommand(LsRequest.latest().build()));
    QueueStream<LsNode, Snapshot> stream = new QueueStream<>(spec, 4, null);
    FakeExecution<Snapshot> ex = wire(stream);
    ResticCallback<LsNode, Snapshot> cb = stream.callback();
    RepositoryLockedException locked =
        new RepositoryLockedException(
            null,
            new io.github.restic4j.core.error.CommandFailure(
                List.of("ls"), 11, "locked", "0.18.0"));
    Thread feeder =
        new Thread(
            () -> {
              for (long i = 0; i < 50; i++) {
                spec.onStdout(node(i), cb::onEvent);
              }
              ex.fail(locked);
            });
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          feeder.start();
          List<String> names;
          try (Stream<LsNode> s = stream.stream()) {
            names = s.limit(50).map(LsNode::name).toList();
          }
          assertThat(names).hasSize(50).startsWith("f0", "f1").endsWith("f49");
          // the stream was exhausted of items but the end was not read yet: closing is fine
          assertThat(stream.isFinished()).isTrue();
        });

    StreamingSpec<Snapshot, LsNode> spec2 =
        new StreamingSpec<>(new LsCommand(LsRequest.latest().build()));
    QueueStream<LsNode, Snapshot> failing = new QueueStream<>(spec2, 4, null);
    FakeExecution<Snapshot> ex2 = wire(failing);
    ResticCallback<LsNode, Snapshot> cb2 = failing.callback();
    Thread feeder2 =
        new Thread(
            () -> {
              for (long i = 0; i < 20; i++) {
                spec2.onStdout(node(i), cb2::onEvent);
              }
              ex2.fail(locked);
            });
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          feeder2.start();
          int n = 0;
          try {
            while (failing.hasNext()) {
              failing.next();
              n++;
            }
            throw new AssertionError("expected the failure");
          } catch (RepositoryLockedException e) {
            assertThat(e).isSameAs(locked);
          }
          assertThat(n).isEqualTo(20);
          assertThatThrownBy(failing::hasNext).isSameAs(locked);
          failing.close();
        });
  }

  @Test
  void diffStatisticsAfterTheChangesEvenWhenThePumpLagsBehindTheExit() {
    List<String> lines = CorpusFile.load("0.18.0_diff_json_with_changes").stdoutLines();
    StreamingSpec<DiffStatistics, DiffChange> spec =
        new StreamingSpec<>(new DiffCommand(DiffRequest.builder("c430416a", "e13a061e").build()));
    StreamLauncher.Diff stream = new StreamLauncher.Diff(spec, 1);
    FakeExecution<DiffStatistics> ex = wire(stream);
    ResticCallback<DiffChange, DiffStatistics> cb = stream.callback();
    Thread pump =
        new Thread(
            () -> {
              for (String l : lines) {
                spec.onStdout(l, cb::onEvent);
              }
            },
            "fake-pump");
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          pump.start();
          Thread.sleep(100); // the pump is now blocked: queue of 1 full, reader idle
          // zt-exec gives up waiting for the pump and reports the exit: finish must wait for it
          Thread exit = new Thread(() -> ex.succeed(spec), "fake-exit");
          exit.start();
          assertThat(stream.next().path()).isEqualTo("/jdata/docs/a.txt");
          DiffStatistics s = stream.statistics(); // discards the other 3 changes
          assertThat(s.changedFiles()).isEqualTo(1);
          assertThat(s.added().bytes()).isEqualTo(2414);
          assertThat(stream.hasNext()).isFalse();
          exit.join();
        });
  }

  @Test
  void interruptedReaderStopsRestic() {
    StreamingSpec<Snapshot, LsNode> spec =
        new StreamingSpec<>(new LsCommand(LsRequest.latest().build()));
    QueueStream<LsNode, Snapshot> stream = new QueueStream<>(spec, 4, null);
    FakeExecution<Snapshot> ex = wire(stream);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          Thread.currentThread().interrupt();
          assertThatThrownBy(stream::hasNext).isInstanceOf(ResticCancelledException.class);
          assertThat(Thread.interrupted()).isTrue();
          assertThat(ex.cancelled).isTrue();
        });
  }
}
