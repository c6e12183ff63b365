package io.github.restic4j.locking.internal;

import io.github.restic4j.core.command.LockInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one manager has seen of one repository's locks over time, per holder (host, PID, user,
 * mode): the last lock id and time, since when that id was seen, and whether a refresh (id change
 * with a later time) was observed. Thread-safe.
 */
public final class ObservationLog {

  /** How long an observation is kept after it was last seen. */
  static final Duration RETENTION = Duration.ofHours(2);

  /**
   * One observation.
   *
   * @param id the lock id last seen for the holder
   * @param lockTime that lock's time
   * @param firstSeen when this manager first saw that id
   * @param lastSeen when this manager last saw it
   * @param refreshed whether a refresh of this holder was observed
   */
  public record Observation(
      String id, OffsetDateTime lockTime, Instant firstSeen, Instant lastSeen, boolean refreshed) {}

  private final Map<String, Observation> byHolder = new HashMap<>();
  private final Map<Long, Instant> killed = new HashMap<>();

  /**
   * The key identifying a holder across refreshes.
   *
   * @param lock the lock
   * @return host, PID, user and mode
   */
  public static String holderKey(LockInfo lock) {
    return lock.hostname() + '\0' + lock.pid() + '\0' + lock.username() + '\0' + lock.exclusive();
  }

  /**
   * The previous observation of the lock's holder.
   *
   * @param lock the lock
   * @return the observation, if any
   */
  public synchronized Optional<Observation> previous(LockInfo lock) {
    return Optional.ofNullable(byHolder.get(holderKey(lock)));
  }

  /**
   * Stores an observation and forgets old ones.
   *
   * @param lock the lock seen
   * @param now the time
   * @param refreshed whether a refresh has been observed for this holder
   * @return the stored observation
   */
  public synchronized Observation record(LockInfo lock, Instant now, boolean refreshed) {
    byHolder.values().removeIf(o -> o.lastSeen().plus(RETENTION).isBefore(now));
    Observation prev = byHolder.get(holderKey(lock));
    Instant first = prev != null && prev.id().equals(lock.id()) ? prev.firstSeen() : now;
    Observation o = new Observation(lock.id(), lock.time(), first, now, refreshed);
    byHolder.put(holderKey(lock), o);
    return o;
  }

  /**
   * Remembers that restic4j force-killed a restic with this PID on this host.
   *
   * @param pid the PID
   * @param at when
   */
  public synchronized void killed(long pid, Instant at) {
    killed.put(pid, at);
  }

  /**
   * When restic4j force-killed this PID, if it did.
   *
   * @param pid the PID
   * @return the kill time
   */
  public synchronized Optional<Instant> killedAt(long pid) {
    return Optional.ofNullable(killed.get(pid));
  }

  /**
   * Forgets a killed PID once its lock is gone.
   *
   * @param pid the PID
   */
  public synchronized void forgetKilled(long pid) {
    killed.remove(pid);
  }
}
