package io.github.restic4j.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.restic4j.core.LockMode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RepositoryGateTest {

  static final Duration LIMIT = Duration.ofSeconds(10);
  final RepositoryGate gate = new RepositoryGate();
  final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  <T> T elsewhere(java.util.concurrent.Callable<T> c) throws Exception {
    return pool.submit(c).get(5, TimeUnit.SECONDS);
  }

  @Test
  void sharedHoldersRunTogether() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          CountDownLatch bothIn = new CountDownLatch(2);
          CountDownLatch release = new CountDownLatch(1);
          Runnable shared =
              () -> {
                try (RepositoryGate.Lease l =
                    gate.acquire("r", LockMode.SHARED, LIMIT).orElseThrow()) {
                  bothIn.countDown();
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              };
          Future<?> a = pool.submit(shared);
          Future<?> b = pool.submit(shared);
          assertThat(bothIn.await(5, TimeUnit.SECONDS)).isTrue();
          assertThat(gate.holders("r")).isEqualTo(2);
          assertThat(gate.isBusy("r", LockMode.EXCLUSIVE)).isTrue();
          assertThat(gate.isBusy("r", LockMode.SHARED)).isFalse();
          release.countDown();
          a.get();
          b.get();
          assertThat(gate.holders("r")).isZero();
        });
  }

  @Test
  void exclusiveWaitsForSharedAndBlocksNewShared() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          RepositoryGate.Lease shared = gate.tryAcquire("r", LockMode.SHARED).orElseThrow();
          CountDownLatch exclusiveIn = new CountDownLatch(1);
          CountDownLatch releaseExclusive = new CountDownLatch(1);
          Future<?> ex =
              pool.submit(
                  () -> {
                    try (RepositoryGate.Lease l =
                        gate.acquire("r", LockMode.EXCLUSIVE, LIMIT).orElseThrow()) {
                      exclusiveIn.countDown();
                      releaseExclusive.await();
                    }
                    return null;
                  });
          // the exclusive caller is waiting: new shared callers are held back (no starvation)
          while (!gate.isBusy("r", LockMode.SHARED)) {
            Thread.onSpinWait();
          }
          assertThat(exclusiveIn.getCount()).isEqualTo(1);
          assertThat(elsewhere(() -> gate.tryAcquire("r", LockMode.SHARED))).isEmpty();
          // the holder itself may re-enter shared (re-entrant, never deadlocks on itself)
          gate.tryAcquire("r", LockMode.SHARED).orElseThrow().close();
          shared.close();
          assertThat(exclusiveIn.await(5, TimeUnit.SECONDS)).isTrue();
          assertThat(gate.tryAcquire("r", LockMode.EXCLUSIVE)).isEmpty();
          releaseExclusive.countDown();
          ex.get();
          assertThat(gate.tryAcquire("r", LockMode.EXCLUSIVE)).isPresent();
        });
  }

  @Test
  void exclusivesNeverOverlap() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          AtomicInteger inside = new AtomicInteger();
          AtomicInteger maxInside = new AtomicInteger();
          CountDownLatch start = new CountDownLatch(1);
          Future<?>[] fs = new Future<?>[8];
          for (int i = 0; i < fs.length; i++) {
            fs[i] =
                pool.submit(
                    () -> {
                      start.await();
                      for (int k = 0; k < 50; k++) {
                        try (RepositoryGate.Lease l =
                            gate.acquire("r", LockMode.EXCLUSIVE, LIMIT).orElseThrow()) {
                          int n = inside.incrementAndGet();
                          maxInside.accumulateAndGet(n, Math::max);
                          inside.decrementAndGet();
                        }
                      }
                      return null;
                    });
          }
          start.countDown();
          for (Future<?> f : fs) {
            f.get();
          }
          assertThat(maxInside.get()).isEqualTo(1);
          assertThat(gate.holders("r")).isZero();
        });
  }

  @Test
  void timesOutWhenBusyAndOtherKeysAreIndependent() throws Exception {
    RepositoryGate.Lease ex = gate.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();
    assertThat(elsewhere(() -> gate.acquire("r", LockMode.SHARED, Duration.ofMillis(20))))
        .isEmpty();
    assertThat(elsewhere(() -> gate.tryAcquire("other", LockMode.EXCLUSIVE))).isPresent();
    ex.close();
    ex.close(); // idempotent
    assertThat(gate.tryAcquire("r", LockMode.SHARED)).isPresent();
  }

  @Test
  void reentrantForTheSameThread() {
    RepositoryGate.Lease outer = gate.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();
    Optional<RepositoryGate.Lease> inner = gate.tryAcquire("r", LockMode.SHARED);
    assertThat(inner).isPresent();
    inner.get().close();
    assertThat(gate.isBusy("r", LockMode.SHARED)).isTrue();
    outer.close();
    RepositoryGate.Lease shared = gate.tryAcquire("r", LockMode.SHARED).orElseThrow();
    assertThatThrownBy(() -> gate.tryAcquire("r", LockMode.EXCLUSIVE))
        .isInstanceOf(IllegalStateException.class);
    shared.close();
    assertThat(gate.holders("r")).isZero();
  }

  @Test
  void noneModeNeverWaits() {
    gate.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();
    assertThat(gate.tryAcquire("r", LockMode.NONE)).isPresent();
  }

  @Test
  void interruptedWaiterLeavesGateConsistent() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          RepositoryGate.Lease shared = gate.tryAcquire("r", LockMode.SHARED).orElseThrow();
          CountDownLatch started = new CountDownLatch(1);
          Thread t =
              new Thread(
                  () -> {
                    started.countDown();
                    try {
                      gate.acquire("r", LockMode.EXCLUSIVE, LIMIT);
                    } catch (InterruptedException e) {
                      // expected
                    }
                  });
          t.start();
          started.await();
          while (!gate.isBusy("r", LockMode.SHARED)) {
            Thread.onSpinWait();
          }
          t.interrupt();
          t.join();
          // the cancelled exclusive waiter no longer blocks shared callers
          assertThat(gate.tryAcquire("r", LockMode.SHARED)).isPresent();
          shared.close();
        });
  }
}
