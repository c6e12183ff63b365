package io.github.restic4j.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ItemQueueTest {

  @Test
  void wakeBatchScalesWithCapacity() {
    assertThat(new ItemQueue<String>(1).wakeBatch()).isEqualTo(1);
    assertThat(new ItemQueue<String>(4).wakeBatch()).isEqualTo(2);
    assertThat(new ItemQueue<String>(100).wakeBatch()).isEqualTo(50);
    assertThat(new ItemQueue<String>(ItemQueue.DEFAULT_CAPACITY).wakeBatch()).isEqualTo(512);
    assertThat(new ItemQueue<String>(100_000).wakeBatch()).isEqualTo(ItemQueue.MAX_WAKE_BATCH);
  }

  @Test
  void itemsBelowTheWakeBatchReachAWaitingReaderWithoutTheEnd() {
    // a reader that never looks again on its own: only the flush can hand the items over
    ItemQueue<String> queue =
        new ItemQueue<>(ItemQueue.DEFAULT_CAPACITY, TimeUnit.HOURS.toMillis(1));
    List<Object> taken = new ArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    Thread reader =
        new Thread(
            () -> {
              try {
                while (true) {
                  Object o = queue.take();
                  if (o == ItemQueue.END) {
                    return;
                  }
                  synchronized (taken) {
                    taken.add(o);
                  }
                  three.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          reader.start();
          while (reader.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait(); // the reader waits for items before any arrive
          }
          // like the pump: a few items, then the end of the chunk, then it waits for restic
          assertThat(queue.put("a")).isTrue();
          assertThat(queue.put("b")).isTrue();
          assertThat(queue.put("c")).isTrue();
          queue.flush();
          assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
          assertThat(queue.isFinished()).isFalse();
          synchronized (taken) {
            assertThat(taken).containsExactly("a", "b", "c");
          }
          queue.finish(null);
          reader.join();
        });
  }

  @Test
  void aFullQueueHoldsTheProducerUntilTheReaderMadeRoom() {
    ItemQueue<Integer> queue = new ItemQueue<>(8);
    CountDownLatch done = new CountDownLatch(1);
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < 100; i++) {
                queue.put(i);
              }
              done.countDown();
            });
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          producer.start();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (queue.size() < 8 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          assertThat(queue.size()).isEqualTo(8);
          assertThat(done.getCount()).isEqualTo(1);
          for (int i = 0; i < 100; i++) {
            assertThat(queue.take()).isEqualTo(i);
          }
          assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
          assertThat(queue.maxSize()).isEqualTo(8);
        });
  }
}
