package io.github.restic4j.micrometer;

import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.orchestration.Orchestrator;
import io.github.restic4j.orchestration.RunEvent;
import io.github.restic4j.orchestration.RunEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes an {@link Orchestrator}'s {@link RunEvent}s as Micrometer meters. Bind it to a registry
 * ({@link #bindTo(MeterRegistry)}), then register it as a listener ({@link #attach(Orchestrator)}
 * or {@code Orchestrator.Builder.listener(metrics)}):
 *
 * <ul>
 *   <li>{@value #RUN_DURATION} (timer; tags {@code plan}, {@code kind}, {@code outcome}): run
 *       durations, retries included;
 *   <li>{@value #BYTES_ADDED}, {@value #FILES_ADDED} (counters; tag {@code plan}): what backups
 *       added;
 *   <li>{@value #LAST_SUCCESS} (gauge; tags {@code plan}, {@code kind}): epoch seconds of the last
 *       successful run, for "no backup since" alerts;
 *   <li>{@value #FAILURES} (counter; tags {@code plan}, {@code kind}, {@code reason}): failures by
 *       reason; {@value #SKIPS} and {@value #RETRIES} likewise;
 *   <li>{@value #LOCK_WAITS}, {@value #LOCK_CONFLICTS}, {@value #LOCK_UNLOCKS}, {@value
 *       #LOCK_GIVE_UPS}, {@value #ALERTS} (counters; tag {@code repository}, the display name with
 *       credentials masked): lock waits (gate and repository), conflicts restic reported, stale
 *       locks removed, calls that gave up, anomaly alerts.
 * </ul>
 *
 * <p>Thread-safe. Events that arrive before {@link #bindTo(MeterRegistry)} are ignored. Independent
 * of the restic version.
 */
public final class ResticMetrics implements MeterBinder, RunEventListener {

  /** Timer of run durations. */
  public static final String RUN_DURATION = "restic.run.duration";

  /** Counter of bytes added by backups. */
  public static final String BYTES_ADDED = "restic.backup.bytes.added";

  /** Counter of files (new and changed) added by backups. */
  public static final String FILES_ADDED = "restic.backup.files.added";

  /** Gauge of the last success, in epoch seconds. */
  public static final String LAST_SUCCESS = "restic.run.last.success";

  /** Counter of failed runs. */
  public static final String FAILURES = "restic.run.failures";

  /** Counter of skipped runs. */
  public static final String SKIPS = "restic.run.skips";

  /** Counter of scheduled retries. */
  public static final String RETRIES = "restic.run.retries";

  /** Counter of lock waits (in-application gate and repository locks). */
  public static final String LOCK_WAITS = "restic.lock.waits";

  /** Counter of lock conflicts restic reported. */
  public static final String LOCK_CONFLICTS = "restic.lock.conflicts";

  /** Counter of stale locks removed. */
  public static final String LOCK_UNLOCKS = "restic.lock.unlocks";

  /** Counter of lock calls that gave up. */
  public static final String LOCK_GIVE_UPS = "restic.lock.giveups";

  /** Counter of lock anomaly alerts. */
  public static final String ALERTS = "restic.lock.alerts";

  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  /** Creates an unbound binder. */
  public ResticMetrics() {}

  /**
   * Registers the meters' home.
   *
   * @param registry the registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Adds this as a listener of an orchestrator.
   *
   * @param orchestrator the orchestrator
   * @return this
   */
  public ResticMetrics attach(Orchestrator orchestrator) {
    orchestrator.addListener(this);
    return this;
  }

  @Override
  public void onEvent(RunEvent event) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    if (event instanceof RunEvent.Succeeded s) {
      Timer.builder(RUN_DURATION)
          .description("restic4j run durations, retries included")
          .tags("plan", s.planId(), "kind", s.kind().name(), "outcome", "success")
          .register(r)
          .record(s.duration());
      Counter.builder(BYTES_ADDED)
          .baseUnit("bytes")
          .tag("plan", s.planId())
          .register(r)
          .increment(s.summary().bytesAdded());
      Counter.builder(FILES_ADDED)
          .tag("plan", s.planId())
          .register(r)
          .increment(s.summary().filesAdded());
      lastSuccessGauge(r, s.planId(), s.kind().name()).set(s.at().getEpochSecond());
    } else if (event instanceof RunEvent.Failed f) {
      Timer.builder(RUN_DURATION)
          .tags("plan", f.planId(), "kind", f.kind().name(), "outcome", "failure")
          .register(r)
          .record(f.duration());
      Counter.builder(FAILURES)
          .tags("plan", f.planId(), "kind", f.kind().name(), "reason", f.reason().name())
          .register(r)
          .increment();
    } else if (event instanceof RunEvent.Skipped s) {
      Counter.builder(SKIPS)
          .tags("plan", s.planId(), "kind", s.kind().name(), "reason", s.reason().name())
          .register(r)
          .increment();
    } else if (event instanceof RunEvent.RetryScheduled s) {
      Counter.builder(RETRIES)
          .tags("plan", s.planId(), "kind", s.kind().name(), "reason", s.reason().name())
          .register(r)
          .increment();
    } else if (event instanceof RunEvent.AlertRaised a) {
      Counter.builder(ALERTS)
          .tags("repository", a.repository(), "anomaly", a.anomaly().name())
          .register(r)
          .increment();
    } else if (event instanceof RunEvent.LockObserved l) {
      onLockEvent(r, l.event());
    }
  }

  private void onLockEvent(MeterRegistry r, LockEvent e) {
    Tags repo = Tags.of("repository", e.repository());
    if (e instanceof LockEvent.Waiting || e instanceof LockEvent.GateWaiting) {
      Counter.builder(LOCK_WAITS)
          .tags(repo.and("where", e instanceof LockEvent.Waiting ? "repository" : "gate"))
          .register(r)
          .increment();
    } else if (e instanceof LockEvent.ConflictDetected) {
      Counter.builder(LOCK_CONFLICTS).tags(repo).register(r).increment();
    } else if (e instanceof LockEvent.LocksRemoved removed) {
      Counter.builder(LOCK_UNLOCKS).tags(repo).register(r).increment(removed.locks().size());
    } else if (e instanceof LockEvent.GaveUp) {
      Counter.builder(LOCK_GIVE_UPS).tags(repo).register(r).increment();
    }
  }

  private AtomicLong lastSuccessGauge(MeterRegistry r, String plan, String kind) {
    return lastSuccess.computeIfAbsent(
        plan + "\u0000" + kind,
        k -> {
          AtomicLong v = new AtomicLong();
          Gauge.builder(LAST_SUCCESS, v, AtomicLong::doubleValue)
              .description("epoch seconds of the last successful run")
              .baseUnit("seconds")
              .tags("plan", plan, "kind", kind)
              .register(r);
          return v;
        });
  }
}
