package io.github.restic4j.locking;

import io.github.restic4j.core.command.LockInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A bounded in-memory record of every lock a {@link LockManager} saw, waited on or removed, and
 * why. The oldest entries are dropped once the capacity is reached. Thread-safe. Independent of the
 * restic version.
 *
 * <p>It is itself a {@link LockEventListener}: the manager feeds it; it can also be attached to
 * other managers.
 */
public final class AuditTrail implements LockEventListener {

  /** Default capacity. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final Deque<AuditEntry> entries = new ArrayDeque<>();

  /** Creates a trail with {@link #DEFAULT_CAPACITY}. */
  public AuditTrail() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * Creates a trail.
   *
   * @param capacity the most entries kept
   * @throws IllegalArgumentException if less than 1
   */
  public AuditTrail(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  @Override
  public void onEvent(LockEvent event) {
    if (event instanceof LockEvent.LockAssessed e) {
      add(e.at(), e.repository(), e.assessment(), AuditEntry.Action.SEEN, e.assessment().reason());
    } else if (event instanceof LockEvent.Waiting e) {
      for (LockAssessment a : e.blocking()) {
        add(
            e.at(),
            e.repository(),
            a,
            AuditEntry.Action.WAITED_ON,
            (e.viaRetryLock() ? "restic --retry-lock " : "waited ")
                + e.delay()
                + ": "
                + a.reason());
      }
    } else if (event instanceof LockEvent.LocksRemoved e) {
      for (int i = 0; i < e.locks().size(); i++) {
        LockInfo l = e.locks().get(i);
        append(
            new AuditEntry(
                e.at(),
                e.repository(),
                l.id(),
                e.removeAll() ? AuditEntry.Action.FORCE_REMOVED : AuditEntry.Action.REMOVED,
                Optional.empty(),
                holder(l),
                i < e.reasons().size() ? e.reasons().get(i) : ""));
      }
    } else if (event instanceof LockEvent.UnlockHadNoEffect e) {
      for (String id : e.notRemoved()) {
        append(
            new AuditEntry(
                e.at(),
                e.repository(),
                id,
                AuditEntry.Action.NOT_REMOVED,
                Optional.empty(),
                "",
                (e.removeAll() ? "unlock --remove-all" : "unlock") + " left it in place"));
      }
    }
  }

  private void add(
      java.time.Instant at,
      String repo,
      LockAssessment a,
      AuditEntry.Action action,
      String reason) {
    append(
        new AuditEntry(
            at,
            repo,
            a.lockId(),
            action,
            Optional.of(a.verdict()),
            a.verdict() == LockVerdict.UNREADABLE ? "" : holder(a.lock()),
            reason));
  }

  private static String holder(LockInfo l) {
    if (l.time() == null && l.hostname().isEmpty()) {
      return "";
    }
    return "PID " + l.pid() + "@" + l.hostname() + " (" + l.username() + ")";
  }

  private synchronized void append(AuditEntry e) {
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(e);
  }

  /**
   * Every entry kept, oldest first.
   *
   * @return a snapshot
   */
  public synchronized List<AuditEntry> entries() {
    return List.copyOf(entries);
  }

  /**
   * The entries matching a filter, oldest first.
   *
   * @param filter the filter
   * @return a snapshot
   */
  public synchronized List<AuditEntry> query(Predicate<? super AuditEntry> filter) {
    List<AuditEntry> out = new ArrayList<>();
    for (AuditEntry e : entries) {
      if (filter.test(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The entries of one repository.
   *
   * @param repository the display name
   * @return a snapshot
   */
  public List<AuditEntry> forRepository(String repository) {
    return query(e -> e.repository().equals(repository));
  }

  /**
   * The entries of one lock, by full id or its 8-character prefix.
   *
   * @param lockIdOrPrefix the id or prefix
   * @return a snapshot
   */
  public List<AuditEntry> forLock(String lockIdOrPrefix) {
    return query(e -> e.lockId().startsWith(lockIdOrPrefix));
  }

  /**
   * The removals (plain and forced).
   *
   * @return a snapshot
   */
  public List<AuditEntry> removals() {
    return query(
        e ->
            e.action() == AuditEntry.Action.REMOVED
                || e.action() == AuditEntry.Action.FORCE_REMOVED);
  }

  /**
   * The most entries kept.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  /** Removes every entry. */
  public synchronized void clear() {
    entries.clear();
  }
}
