package io.github.restic4j.locking;

import io.github.restic4j.core.LockMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An in-application shared/exclusive gate per repository key, mirroring restic's lock modes so that
 * threads of one application never run into each other's restic locks: any number of {@link
 * LockMode#SHARED} holders together, an {@link LockMode#EXCLUSIVE} holder alone. Waiting exclusive
 * callers block new shared callers (no starvation). {@link LockMode#NONE} never waits.
 *
 * <p>Re-entrant per thread: a thread holding the gate may enter it again in shared mode, or in any
 * mode when it holds it exclusively; asking for exclusive while holding it shared is refused (it
 * could never be granted). Thread-safe. Independent of the restic version.
 */
public final class RepositoryGate {

  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** Creates an empty gate. */
  public RepositoryGate() {}

  private static final class State {
    int shared;
    boolean exclusive;
    int exclusiveWaiting;
    final Map<Thread, Integer> holders = new HashMap<>();
  }

  /**
   * Enters without waiting.
   *
   * @param key the repository key
   * @param mode the mode
   * @return the lease, or empty if the gate is busy
   * @throws IllegalStateException if this thread holds the gate shared and asks for exclusive
   */
  public Optional<Lease> tryAcquire(String key, LockMode mode) {
    try {
      return acquire(key, mode, Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Enters, waiting up to {@code maxWait}.
   *
   * @param key the repository key
   * @param mode the mode
   * @param maxWait the longest wait (zero: do not wait)
   * @return the lease, or empty if the gate stayed busy
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if this thread holds the gate shared and asks for exclusive
   */
  public Optional<Lease> acquire(String key, LockMode mode, Duration maxWait)
      throws InterruptedException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(mode, "mode");
    Thread me = Thread.currentThread();
    if (mode == LockMode.NONE) {
      return Optional.of(new Lease(key, mode, null, me, true));
    }
    State s = states.computeIfAbsent(key, k -> new State());
    long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
    synchronized (s) {
      Integer mine = s.holders.get(me);
      if (mine != null) {
        if (mode == LockMode.SHARED || s.exclusive) {
          s.holders.put(me, mine + 1);
          return Optional.of(new Lease(key, mode, s, me, true));
        }
        throw new IllegalStateException(
            "this thread holds the gate of " + key + " shared and cannot upgrade to exclusive");
      }
      boolean counted = false;
      try {
        while (!canEnter(s, mode)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return Optional.empty();
          }
          if (mode == LockMode.EXCLUSIVE && !counted) {
            s.exclusiveWaiting++;
            counted = true;
          }
          long ms = left / 1_000_000;
          s.wait(ms, (int) (left % 1_000_000));
        }
      } finally {
        if (counted) {
          s.exclusiveWaiting--;
          s.notifyAll();
        }
      }
      if (mode == LockMode.EXCLUSIVE) {
        s.exclusive = true;
      } else {
        s.shared++;
      }
      s.holders.put(me, 1);
      return Optional.of(new Lease(key, mode, s, me, false));
    }
  }

  private static boolean canEnter(State s, LockMode mode) {
    if (mode == LockMode.EXCLUSIVE) {
      return !s.exclusive && s.shared == 0;
    }
    return !s.exclusive && s.exclusiveWaiting == 0;
  }

  /**
   * Tells whether a call in this mode would have to wait now.
   *
   * @param key the repository key
   * @param mode the mode
   * @return true if busy
   */
  public boolean isBusy(String key, LockMode mode) {
    if (mode == LockMode.NONE) {
      return false;
    }
    State s = states.get(key);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return !canEnter(s, mode);
    }
  }

  /**
   * How many holders the gate has now (shared holders, or 1 for an exclusive holder).
   *
   * @param key the repository key
   * @return the number of holders, 0 if idle
   */
  public int holders(String key) {
    State s = states.get(key);
    if (s == null) {
      return 0;
    }
    synchronized (s) {
      return s.exclusive ? 1 : s.shared;
    }
  }

  /** A held gate; close it to release. Closing twice has no effect. */
  public static final class Lease implements AutoCloseable {
    private final String key;
    private final LockMode mode;
    private final State state;
    private final Thread owner;
    private final boolean reentrant;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(String key, LockMode mode, State state, Thread owner, boolean reentrant) {
      this.key = key;
      this.mode = mode;
      this.state = state;
      this.owner = owner;
      this.reentrant = reentrant;
    }

    /**
     * The repository key.
     *
     * @return the key
     */
    public String key() {
      return key;
    }

    /**
     * The mode held.
     *
     * @return the mode
     */
    public LockMode mode() {
      return mode;
    }

    /** Releases the gate. */
    @Override
    public void close() {
      if (state == null || !closed.compareAndSet(false, true)) {
        return;
      }
      synchronized (state) {
        Integer n = state.holders.get(owner);
        if (n != null) {
          if (n <= 1) {
            state.holders.remove(owner);
          } else {
            state.holders.put(owner, n - 1);
          }
        }
        if (!reentrant) {
          if (mode == LockMode.EXCLUSIVE) {
            state.exclusive = false;
          } else {
            state.shared--;
          }
        }
        state.notifyAll();
      }
    }
  }
}
