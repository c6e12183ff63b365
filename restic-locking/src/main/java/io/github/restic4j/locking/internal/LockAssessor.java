package io.github.restic4j.locking.internal;

import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.locking.LockAssessment;
import io.github.restic4j.locking.LockVerdict;
import io.github.restic4j.locking.ProcessProbe;
import io.github.restic4j.locking.ProcessStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies the assessment rules to inspected locks. Mirrors restic's {@code Lock.Stale()} for what
 * restic would remove, and adds evidence restic does not use (process start time and name,
 * refreshes observed over time, locks of processes restic4j killed).
 */
public final class LockAssessor {

  /** restic's stale timeout ({@code StaleLockTimeout}), every version. */
  public static final Duration STALE_TIMEOUT = Duration.ofMinutes(30);

  /** restic's refresh interval, every version. */
  public static final Duration REFRESH_INTERVAL = Duration.ofMinutes(5);

  /** A refreshing holder's lock is never older than this (refresh interval plus slack). */
  static final Duration REFRESH_WINDOW = Duration.ofSeconds(450);

  /** Tolerance between a process start time and the time in its lock (start-time precision). */
  static final Duration START_TOLERANCE = Duration.ofSeconds(2);

  private final Clock clock;
  private final String hostname;
  private final ProcessProbe probe;
  private final Duration skewMargin;

  /**
   * Creates an assessor.
   *
   * @param clock the clock ages are measured with
   * @param hostname this host's name as restic sees it; empty if unknown (then no lock counts as
   *     local)
   * @param probe looks up local processes
   * @param skewMargin added to the 30-minute rule before a lock counts as expired
   */
  public LockAssessor(Clock clock, String hostname, ProcessProbe probe, Duration skewMargin) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hostname = Objects.requireNonNull(hostname, "hostname");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.skewMargin = Objects.requireNonNull(skewMargin, "skewMargin");
  }

  /**
   * This host's name.
   *
   * @return the name
   */
  public String hostname() {
    return hostname;
  }

  /**
   * Assesses every lock and records the observations.
   *
   * @param locks the locks as inspected
   * @param log this repository's observations (updated)
   * @return one assessment per lock, in the same order
   */
  public List<LockAssessment> assess(List<InspectedLock> locks, ObservationLog log) {
    Instant now = clock.instant();
    List<LockAssessment> out = new ArrayList<>(locks.size());
    for (InspectedLock l : locks) {
      out.add(assessOne(l, log, now));
    }
    return out;
  }

  private LockAssessment assessOne(InspectedLock inspected, ObservationLog log, Instant now) {
    LockInfo lock = inspected.info();
    if (lock == null || lock.time() == null) {
      LockInfo bare =
          lock != null
              ? lock.withId(inspected.id())
              : new LockInfo(inspected.id(), null, false, "", "", 0, 0, 0);
      return new LockAssessment(
          bare,
          LockVerdict.UNREADABLE,
          "cannot be read: " + (inspected.error() == null ? "no content" : inspected.error()),
          false);
    }
    lock = lock.withId(inspected.id());
    Instant written = lock.time().toInstant();
    Duration age = Duration.between(written, now);
    boolean resticExpired = age.compareTo(STALE_TIMEOUT) > 0;
    boolean expired = age.compareTo(STALE_TIMEOUT.plus(skewMargin)) > 0;
    String ageText = "written " + fmt(age) + " ago at " + lock.time();
    if (age.isNegative()) {
      ageText =
          "written at "
              + lock.time()
              + ", "
              + fmt(age.negated())
              + " in the future (clock skew between hosts)";
    }
    boolean sameHost = !hostname.isEmpty() && hostname.equals(lock.hostname());

    if (sameHost) {
      ProcessStatus st = probe.probe(lock.pid());
      boolean resticRemoves = resticExpired || !st.alive() || !st.signalable();
      Optional<Instant> killedAt = log.killedAt(lock.pid());
      if (!st.alive()) {
        String why =
            killedAt.isPresent()
                ? "restic4j force-killed PID " + lock.pid() + " at " + killedAt.get()
                : "PID " + lock.pid() + " is not running on this host ('" + hostname + "')";
        return new LockAssessment(
            lock, LockVerdict.STALE_HOLDER_DEAD, why + "; " + ageText, resticRemoves);
      }
      if (killedAt.isPresent()
          && st.startedAt().map(s -> !s.isBefore(killedAt.get())).orElse(true)) {
        return new LockAssessment(
            lock,
            LockVerdict.STALE_HOLDER_DEAD,
            "restic4j force-killed PID "
                + lock.pid()
                + " at "
                + killedAt.get()
                + "; the PID now belongs to another process"
                + st.command().map(c -> " ('" + c + "')").orElse("")
                + "; "
                + ageText,
            resticRemoves);
      }
      String suspect = null;
      if (st.startedAt().isPresent()
          && st.startedAt().get().isAfter(written.plus(START_TOLERANCE))) {
        suspect =
            "PID "
                + lock.pid()
                + " runs a process started at "
                + st.startedAt().get()
                + ", after the lock was written at "
                + lock.time();
      } else if (!st.looksLikeRestic()) {
        suspect = "PID " + lock.pid() + " runs '" + st.command().orElse("?") + "', not restic";
      }
      if (suspect != null) {
        if (expired) {
          return new LockAssessment(
              lock,
              LockVerdict.STALE_EXPIRED,
              "older than 30m plus margin " + fmt(skewMargin) + " (" + ageText + "); " + suspect,
              resticRemoves);
        }
        return new LockAssessment(
            lock,
            LockVerdict.SUSPECT_PID_REUSED,
            suspect
                + "; restic's unlock would not remove it"
                + (st.signalable() ? "" : " (unless the process belongs to another user)")
                + "; "
                + ageText,
            resticRemoves);
      }
      String live =
          "restic PID "
              + lock.pid()
              + " is running on this host"
              + st.startedAt().map(s -> " (started " + s + ")").orElse("")
              + "; "
              + ageText;
      if (expired) {
        live += "; older than 30m, its lock refresh may be failing";
      }
      if (!st.signalable()) {
        live +=
            "; it belongs to another user, so restic's plain unlock would wrongly consider it"
                + " dead";
      }
      return new LockAssessment(lock, LockVerdict.LIVE, live, resticRemoves);
    }

    // another host (or this host's name is unknown): only the age and observed refreshes count
    Optional<ObservationLog.Observation> prev = log.previous(lock);
    if (expired) {
      log.record(lock, now, false);
      return new LockAssessment(
          lock,
          LockVerdict.STALE_EXPIRED,
          "older than 30m plus margin " + fmt(skewMargin) + ": " + ageText + otherHost(lock),
          resticExpired);
    }
    if (prev.isPresent()
        && !prev.get().id().equals(lock.id())
        && prev.get().lockTime() != null
        && lock.time().toInstant().isAfter(prev.get().lockTime().toInstant())) {
      log.record(lock, now, true);
      return new LockAssessment(
          lock,
          LockVerdict.LIVE,
          "refreshed while observed: lock id changed from "
              + shortId(prev.get().id())
              + " to "
              + lock.shortId()
              + " and its time advanced from "
              + prev.get().lockTime()
              + " to "
              + lock.time()
              + otherHost(lock),
          resticExpired);
    }
    if (prev.isPresent()
        && prev.get().id().equals(lock.id())
        && prev.get().refreshed()
        && age.compareTo(REFRESH_WINDOW) <= 0) {
      log.record(lock, now, true);
      return new LockAssessment(
          lock,
          LockVerdict.LIVE,
          "seen refreshed before and refreshed again within restic's 5m interval; "
              + ageText
              + otherHost(lock),
          resticExpired);
    }
    ObservationLog.Observation o = log.record(lock, now, false);
    Duration observed = Duration.between(o.firstSeen(), now);
    String reason =
        ageText
            + otherHost(lock)
            + "; restic removes it only after 30m, at "
            + written.plus(STALE_TIMEOUT);
    if (observed.compareTo(REFRESH_WINDOW) > 0) {
      reason += "; not refreshed during " + fmt(observed) + " of observation, holder probably gone";
    } else {
      reason += "; observed for " + fmt(observed) + ", a live holder refreshes every 5m";
    }
    return new LockAssessment(lock, LockVerdict.UNKNOWN, reason, resticExpired);
  }

  private String otherHost(LockInfo lock) {
    return hostname.isEmpty()
        ? " (this host's name is unknown)"
        : " (host '" + lock.hostname() + "', this host is '" + hostname + "')";
  }

  private static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }

  /**
   * Formats a duration compactly, like {@code 1h2m3s}.
   *
   * @param d the duration
   * @return the text
   */
  public static String fmt(Duration d) {
    if (d.isNegative()) {
      return "-" + fmt(d.negated());
    }
    long s = d.getSeconds();
    if (s < 60) {
      long ms = d.toMillis();
      return ms % 1000 == 0 ? s + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    StringBuilder b = new StringBuilder();
    if (s >= 3600) {
      b.append(s / 3600).append('h');
    }
    if (s >= 60) {
      b.append((s % 3600) / 60).append('m');
    }
    b.append(s % 60).append('s');
    return b.toString();
  }
}
