package io.github.restic4j.core.internal.stream;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between restic's stdout pump (producer) and the reader of a {@link
 * io.github.restic4j.core.ResticStream} (consumer). {@link #put} blocks while the queue is full, so
 * a slow reader pauses the pump and, through its full pipe, restic itself. After {@link #close()}
 * the producer never blocks again: items are dropped. {@link #finish} marks the end and never
 * blocks.
 *
 * <p>Wake-ups are batched: a thread that waits is woken once the other side has moved {@link
 * #wakeBatch()} items (half the capacity, at most {@value #MAX_WAKE_BATCH}: 512 for the default),
 * not for every item, because a wake-up (a futex call and a context switch) per item cost more than
 * the item itself ({@code ls} hands over one item per node), and even one per 64 items cost a
 * 500,000-node {@code ls} about 0.1 s of JVM CPU next to restic (benchmarks item 2). The producer
 * calls {@link #flush()} whenever it is about to wait for more output, so items held back below the
 * batch size never wait for restic; as a safety net a waiting reader also looks again every {@value
 * #READER_RECHECK_MS} ms. The bound is unchanged: never more than {@link #capacity()} items are
 * queued.
 *
 * @param <T> item type
 */
public final class ItemQueue<T> {

  /** Default number of parsed items held at most. */
  public static final int DEFAULT_CAPACITY = 1024;

  /** The most items one side moves before it wakes the other. */
  static final int MAX_WAKE_BATCH = 512;

  /** How often a waiting reader looks again without a wake-up (a safety net, see above). */
  static final long READER_RECHECK_MS = 50;

  /** What {@link #take()} returns at the end. */
  public static final Object END = new Object();

  private final int capacity;
  private final int wakeBatch;
  private final long readerRecheckMillis;
  private final ArrayDeque<T> items;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();
  private boolean closed;
  private boolean finished;
  private Throwable failure;
  private int maxSize;
  private long dropped;

  /**
   * Creates a queue.
   *
   * @param capacity the most items held at once, at least 1
   */
  public ItemQueue(int capacity) {
    this(capacity, READER_RECHECK_MS);
  }

  /**
   * Creates a queue whose waiting reader looks again after {@code readerRecheckMillis} without a
   * wake-up (tests set it long, so that only a wake-up can hand items over).
   */
  ItemQueue(int capacity, long readerRecheckMillis) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.readerRecheckMillis = readerRecheckMillis;
    this.capacity = capacity;
    this.wakeBatch = Math.max(1, Math.min(MAX_WAKE_BATCH, capacity / 2));
    this.items = new ArrayDeque<>(Math.min(capacity, 4096));
  }

  /**
   * Adds an item, waiting while the queue is full. Called by the producer.
   *
   * @param item the item
   * @return true if queued, false if dropped because the queue was closed (or the producer thread
   *     was interrupted)
   */
  public boolean put(T item) {
    lock.lock();
    try {
      while (!closed && items.size() >= capacity) {
        notFull.await(100, TimeUnit.MILLISECONDS);
      }
      if (closed) {
        dropped++;
        return false;
      }
      items.addLast(item);
      int size = items.size();
      if (size > maxSize) {
        maxSize = size;
      }
      if (size >= wakeBatch) {
        notEmpty.signal();
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dropped++;
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes a waiting reader for the items queued so far. Called when the output read so far should
   * reach the reader (see {@code CommandSpec.onOutputChunkEnd}): before the pump waits for restic,
   * and every few milliseconds while restic streams. Never blocks on a full queue.
   */
  public void flush() {
    lock.lock();
    try {
      if (!items.isEmpty()) {
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks the end: once the queued items were taken, {@link #take()} returns {@link #END}. Never
   * blocks. Only the first call counts.
   *
   * @param error restic's failure, or null for success
   */
  public void finish(Throwable error) {
    lock.lock();
    try {
      if (!finished) {
        finished = true;
        failure = error;
        notEmpty.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next item, waiting for it. Called by the consumer.
   *
   * @return the item, or {@link #END} when finished (or closed) and empty
   * @throws InterruptedException if the consumer is interrupted while waiting
   */
  public Object take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (items.isEmpty() && !finished && !closed) {
        notEmpty.await(readerRecheckMillis, TimeUnit.MILLISECONDS);
      }
      T item = items.pollFirst();
      if (item == null) {
        return END;
      }
      if (items.size() <= capacity - wakeBatch) {
        notFull.signal();
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** Discards the queued items and makes every later {@link #put} drop its item at once. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      dropped += items.size();
      items.clear();
      notFull.signalAll();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The failure passed to {@link #finish}, if any.
   *
   * @return the failure or null
   */
  public Throwable failure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Tells whether {@link #finish} was called.
   *
   * @return true when finished
   */
  public boolean isFinished() {
    lock.lock();
    try {
      return finished;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The capacity.
   *
   * @return the most items held at once
   */
  public int capacity() {
    return capacity;
  }

  /**
   * How many items one side moves before it wakes the other.
   *
   * @return at least 1, at most {@value #MAX_WAKE_BATCH}
   */
  public int wakeBatch() {
    return wakeBatch;
  }

  /**
   * The number of items queued right now.
   *
   * @return the size
   */
  public int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The largest number of items that were ever queued at once (never above {@link #capacity()}).
   *
   * @return the high-water mark
   */
  public int maxSize() {
    lock.lock();
    try {
      return maxSize;
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many items were dropped because the queue was closed.
   *
   * @return the count
   */
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }
}
