package io.github.restic4j.orchestration;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.CheckResult;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.locking.AuditEntry;
import io.github.restic4j.locking.AuditTrail;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockEventListener;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.locking.RepositoryBusyException;
import io.github.restic4j.orchestration.internal.Failures;
import io.github.restic4j.orchestration.internal.ScheduleState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link BackupPlan}s: on their {@link Schedule}s once {@link #start() started}, or on demand
 * with {@link #runNow(String, JobKind)} for applications that schedule with Spring, Quartz or cron.
 *
 * <ul>
 *   <li>A plan's job never runs twice at once; a trigger during a run follows the plan's {@link
 *       OverlapPolicy} and a skipped run is a {@link RunEvent.Skipped} with its reason.
 *   <li>Every restic command goes through the {@link LockManager}, whose gate serialises
 *       conflicting commands per repository (a prune never races a backup of the same application)
 *       and whose policy recovers stale locks.
 *   <li>Failed runs are retried by the job's {@link RetryPolicy}: only lock conflicts and transient
 *       backend errors.
 *   <li>{@link #stop(Duration)} stops scheduling and stops running restic gracefully (SIGINT), so
 *       restic removes its own lock.
 *   <li>Every run is reported as {@link RunEvent}s, written to the {@link RunJournal} with its lock
 *       records, and reflected in {@link #health(String)}; lock anomalies are counted per
 *       repository and raise {@link RunEvent.AlertRaised} at thresholds.
 * </ul>
 *
 * <p>All time comes from the builder's {@link Clock}. Thread-safe. Works with every restic version
 * restic-core supports (0.14 to 0.19).
 */
public final class Orchestrator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

  /** Default {@link Builder#tickInterval(Duration)}. */
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);

  /**
   * The default of {@link Builder#maxConcurrentJobs(int)}: {@code max(2, 2 * available processors)}
   * (restic is mostly waiting on I/O, yet every running job costs a process and a few threads).
   */
  public static final int DEFAULT_MAX_CONCURRENT_JOBS =
      Math.max(2, 2 * Runtime.getRuntime().availableProcessors());

  /** How long {@link #stop(Duration)} waits for killed runs to end after its deadline. */
  static final long KILL_WAIT_SECONDS = 10;

  private static final Duration MIN_GRACE = Duration.ofMillis(1);

  private enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final Clock clock;
  private final LockManager lockManager;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final boolean ownsExecutors;
  private final Duration tickInterval;
  private final boolean autoTick;
  private final List<RunEventListener> listeners;
  private final RunJournal journal;
  private final Map<LockAnomaly, Long> thresholds;
  private final DoubleSupplier random;
  private final Map<String, PlanState> plans = new ConcurrentHashMap<>();
  private final Map<String, Counters> anomalies = new ConcurrentHashMap<>();
  private final ThreadLocal<RunContext> current = new ThreadLocal<>();
  private final LockEventListener lockListener = this::onLockEvent;
  private final Object monitor = new Object();
  private volatile State state = State.NEW;
  private volatile Instant stopDeadline;
  private ScheduledFuture<?> ticker;
  private final int maxConcurrentJobs;
  private final int maxPerRepository;
  // the dispatcher: runs (and retries) waiting for a slot, in the order they became due
  private final Object gate = new Object();
  private final Deque<RunContext> ready = new ArrayDeque<>();
  private final Map<String, Integer> runningPerRepository = new HashMap<>();
  private int runningJobs;

  private Orchestrator(Builder b) {
    this.clock = b.clock;
    this.lockManager = b.lockManager != null ? b.lockManager : LockManager.create();
    if (b.executor != null) {
      this.timer = b.executor;
      this.workers = b.executor;
      this.ownsExecutors = false;
    } else {
      this.timer = Executors.newSingleThreadScheduledExecutor(threads("restic4j-orchestrator"));
      // a fixed pool started up front: handing a run over never creates a thread on the ticker
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              b.maxConcurrentJobs,
              b.maxConcurrentJobs,
              0,
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(),
              threads("restic4j-run"));
      pool.prestartAllCoreThreads();
      this.workers = pool;
      this.ownsExecutors = true;
    }
    this.tickInterval = b.tickInterval;
    this.maxConcurrentJobs = b.maxConcurrentJobs;
    this.maxPerRepository = b.maxPerRepository;
    this.autoTick = b.autoTick;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.journal = b.journal;
    this.thresholds = Map.copyOf(b.thresholds);
    this.random = b.random;
    lockManager.addListener(lockListener);
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Starts an orchestrator.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ plans

  /**
   * Adds a plan. Its schedules start counting when the orchestrator starts (or now, if it already
   * runs), or from the plan's last run in the journal, so runs missed while the application was
   * down are handled by the schedule's {@link MissedRunPolicy}.
   *
   * @param plan the plan
   * @return this orchestrator
   * @throws IllegalArgumentException if a plan with this id exists
   * @throws IllegalStateException if the orchestrator is stopping or stopped
   */
  public Orchestrator add(BackupPlan plan) {
    Objects.requireNonNull(plan, "plan");
    synchronized (monitor) {
      if (state == State.STOPPING || state == State.STOPPED) {
        throw new IllegalStateException("orchestrator is stopped");
      }
      PlanState ps = new PlanState(plan, clock.instant());
      if (plans.putIfAbsent(plan.id(), ps) != null) {
        throw new IllegalArgumentException("duplicate plan id " + plan.id());
      }
      if (state == State.RUNNING) {
        ps.startSchedules(clock.instant());
      }
    }
    return this;
  }

  /**
   * The plans, in no particular order.
   *
   * @return a snapshot
   */
  public List<BackupPlan> plans() {
    return plans.values().stream().map(p -> p.plan).toList();
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Starts scheduling: every tick interval, due jobs are started. Plans can be added and run on
   * demand before.
   *
   * @return this orchestrator
   * @throws IllegalStateException if already stopped
   */
  public Orchestrator start() {
    synchronized (monitor) {
      if (state != State.NEW) {
        if (state == State.RUNNING) {
          return this;
        }
        throw new IllegalStateException("orchestrator is stopped");
      }
      state = State.RUNNING;
      Instant now = clock.instant();
      for (PlanState p : plans.values()) {
        p.startSchedules(now);
      }
      if (autoTick) {
        long ms = Math.max(1, tickInterval.toMillis());
        ticker = timer.scheduleWithFixedDelay(this::safeTick, ms, ms, TimeUnit.MILLISECONDS);
      }
    }
    return this;
  }

  /**
   * Tells whether the orchestrator schedules runs.
   *
   * @return true between {@link #start()} and {@link #stop(Duration)}
   */
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  /**
   * Stops, within {@code timeout} plus at most 10 seconds:
   *
   * <ol>
   *   <li>no new run starts; queued runs and pending retries are dropped (reported as skipped or
   *       cancelled);
   *   <li>every running restic process gets SIGINT at once, so that it removes its own lock, and
   *       has until the earlier of {@code timeout} and its {@code Restic}'s grace period to exit; a
   *       run busy in the {@link LockManager} (waiting for a lock, inspecting one) is interrupted;
   *   <li>the call waits up to {@code timeout} for every run to end (a cancelled run ends as {@link
   *       RunEvent.Failed} with {@link FailureReason#CANCELLED});
   *   <li>if runs are still going at the deadline, their restic processes are killed (their locks
   *       may then remain, as after a crash, for the lock policy of a later run to recover) and the
   *       call waits up to 10 more seconds for them to be gone.
   * </ol>
   *
   * <p>So when this returns, no restic process started by a run of this orchestrator is still
   * running, unless killing one took longer than 10 seconds (logged, and the result is false). An
   * executor the orchestrator created is shut down; a supplied one is not. Calling it again after
   * it returned does nothing and returns true.
   *
   * @param timeout how long running restic processes may take to exit after SIGINT; zero kills them
   *     at once
   * @return true if every run ended within {@code timeout}; false if a restic process had to be
   *     killed at the deadline or a run did not end
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    // real time on purpose: a test clock that does not move must not make shutdown wait forever
    Instant deadline = Instant.now().plus(timeout);
    List<RunContext> active = new ArrayList<>();
    synchronized (monitor) {
      if (state == State.STOPPED) {
        return true;
      }
      stopDeadline = deadline;
      state = State.STOPPING;
      if (ticker != null) {
        ticker.cancel(false);
      }
    }
    List<RunContext> waiting;
    synchronized (gate) {
      waiting = new ArrayList<>(ready);
      ready.clear();
    }
    for (RunContext ctx : waiting) {
      dropWaiting(ctx);
    }
    for (PlanState p : plans.values()) {
      for (JobSlot slot : p.slots.values()) {
        List<CompletableFuture<RunEvent>> dropped;
        synchronized (slot) {
          dropped = new ArrayList<>(slot.pending);
          slot.pending.clear();
          if (slot.active != null) {
            active.add(slot.active);
          }
        }
        for (CompletableFuture<RunEvent> f : dropped) {
          f.complete(skip(slot, SkipReason.SHUTTING_DOWN, "queued run dropped at shutdown"));
        }
      }
    }
    List<Thread> cancellers = new ArrayList<>();
    for (RunContext ctx : active) {
      ctx.cancelled = true;
      ScheduledFuture<?> retry = ctx.retry;
      if (retry != null && retry.cancel(false)) {
        finish(ctx, ctx.failed(FailureReason.CANCELLED, "retry dropped at shutdown"));
        continue;
      }
      // one thread per run: every restic gets SIGINT now, not after the previous one has exited
      Thread canceller = new Thread(ctx::cancel, "restic4j-stop-" + ctx.runId);
      canceller.setDaemon(true);
      canceller.start();
      cancellers.add(canceller);
    }
    boolean done = awaitIdle(deadline);
    Instant killDeadline = Instant.now().plusSeconds(KILL_WAIT_SECONDS);
    if (!done) {
      // the cancellers' grace ended with the deadline: they kill what ignored SIGINT, and those
      // runs then end by themselves; a run busy elsewhere (a LockManager's own restic waiting out
      // its full grace period) is interrupted, and an interrupt during a grace period kills
      joinAll(cancellers, killDeadline);
      Instant shortly = Instant.now().plusSeconds(1);
      if (!awaitIdle(shortly.isBefore(killDeadline) ? shortly : killDeadline)) {
        for (RunContext ctx : active) {
          ctx.interrupt();
        }
        if (!awaitIdle(killDeadline)) {
          LOG.warn("runs still active {} s after the stop deadline", KILL_WAIT_SECONDS);
        }
      }
    }
    if (!joinAll(cancellers, killDeadline)) {
      done = false;
    }
    lockManager.removeListener(lockListener);
    if (ownsExecutors) {
      timer.shutdownNow();
      workers.shutdown();
      try {
        long left = Math.max(0, Duration.between(Instant.now(), killDeadline).toMillis());
        if (!workers.awaitTermination(left, TimeUnit.MILLISECONDS)) {
          workers.shutdownNow();
          done = false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        workers.shutdownNow();
        done = false;
      }
    }
    synchronized (monitor) {
      state = State.STOPPED;
    }
    return done;
  }

  /** Waits for threads until a deadline; true if all ended. */
  private static boolean joinAll(List<Thread> threads, Instant until) {
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, Duration.between(Instant.now(), until).toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** The grace period a restic of this repository gets now: its own, cut at the stop deadline. */
  private Duration graceNow(ResticRepository repo) {
    Duration grace;
    try {
      grace = repo.restic().gracePeriod();
    } catch (RuntimeException e) {
      grace = Duration.ofMinutes(1);
    }
    Instant deadline = stopDeadline;
    if (deadline != null) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.compareTo(grace) < 0) {
        grace = left;
      }
    }
    return grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace;
  }

  private boolean awaitIdle(Instant deadline) {
    synchronized (monitor) {
      while (anyActive()) {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          return false;
        }
        try {
          monitor.wait(Math.min(left, 100));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private boolean anyActive() {
    for (PlanState p : plans.values()) {
      for (JobSlot s : p.slots.values()) {
        synchronized (s) {
          if (s.active != null) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Stops with a timeout of one minute ({@link #stop(Duration)}); returns within about a minute and
   * 10 seconds.
   */
  @Override
  public void close() {
    stop(Duration.ofMinutes(1));
  }

  // ------------------------------------------------------------------ running

  /**
   * Triggers a plan's job now, as if its schedule fell due (time windows do not apply: the caller
   * decides when). The overlap policy applies: if the job is running, the returned future completes
   * with a {@link RunEvent.Skipped}, or when the queued run ends.
   *
   * @param planId the plan
   * @param kind the job
   * @return completes with the run's last event: {@link RunEvent.Succeeded}, {@link
   *     RunEvent.Failed} or {@link RunEvent.Skipped}
   * @throws IllegalArgumentException if there is no such plan
   */
  public CompletableFuture<RunEvent> runNow(String planId, JobKind kind) {
    PlanState p = plans.get(planId);
    if (p == null) {
      throw new IllegalArgumentException("no plan " + planId);
    }
    return trigger(p.slots.get(Objects.requireNonNull(kind, "kind")), "on demand");
  }

  /** Checks every schedule against the clock; package-private so tests can drive time. */
  void tick() {
    if (state != State.RUNNING) {
      return;
    }
    Instant now = clock.instant();
    for (PlanState p : plans.values()) {
      for (JobSlot slot : p.slots.values()) {
        ScheduleState ss = slot.schedule;
        if (ss == null) {
          continue;
        }
        ScheduleState.Decision d = ss.poll(now);
        switch (d.action()) {
          case RUN -> trigger(slot, d.detail().isEmpty() ? "scheduled" : d.detail());
          case SKIP -> skip(slot, d.skipReason(), d.detail());
          case DEFER -> emit(new RunEvent.Deferred(now, p.plan.id(), slot.kind, d.until()));
          default -> {}
        }
      }
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("orchestrator tick failed", e);
    }
  }

  /**
   * The next time a plan's job falls due by its schedule.
   *
   * @param planId the plan
   * @param kind the job
   * @return the time, empty if not scheduled or not started
   * @throws IllegalArgumentException if there is no such plan
   */
  public Optional<Instant> nextRun(String planId, JobKind kind) {
    PlanState p = plans.get(planId);
    if (p == null) {
      throw new IllegalArgumentException("no plan " + planId);
    }
    ScheduleState s = p.slots.get(kind).schedule;
    return s == null ? Optional.empty() : s.nextDue();
  }

  private CompletableFuture<RunEvent> trigger(JobSlot slot, String why) {
    CompletableFuture<RunEvent> f = new CompletableFuture<>();
    if (state == State.STOPPING || state == State.STOPPED) {
      f.complete(skip(slot, SkipReason.SHUTTING_DOWN, "orchestrator is stopping"));
      return f;
    }
    RunContext start = null;
    String skipDetail = null;
    boolean stopping = false;
    synchronized (slot) {
      // checked again under the slot's lock: stop() sets the state first, then visits every slot
      // under its lock, so a run started here is either seen (and cancelled) by stop() or refused
      if (state == State.STOPPING || state == State.STOPPED) {
        stopping = true;
      } else if (slot.active == null) {
        start = new RunContext(slot, f);
        slot.active = start;
      } else {
        OverlapPolicy policy = slot.plan.overlapPolicy();
        if (policy == OverlapPolicy.WAIT
            || (policy == OverlapPolicy.QUEUE_ONE && slot.pending.isEmpty())) {
          slot.pending.add(f);
        } else {
          skipDetail =
              "run "
                  + slot.active.runId
                  + " is still going"
                  + (policy == OverlapPolicy.QUEUE_ONE ? " and one run is queued" : "")
                  + " ("
                  + why
                  + ")";
        }
      }
    }
    if (stopping) {
      f.complete(skip(slot, SkipReason.SHUTTING_DOWN, "orchestrator is stopping"));
    } else if (start != null) {
      launch(start);
    } else if (skipDetail != null) {
      f.complete(skip(slot, SkipReason.OVERLAP, skipDetail));
    }
    return f;
  }

  private RunEvent.Skipped skip(JobSlot slot, SkipReason reason, String detail) {
    Instant now = clock.instant();
    RunEvent.Skipped e = new RunEvent.Skipped(now, slot.plan.id(), slot.kind, reason, detail);
    write(
        new RunRecord(
            UUID.randomUUID().toString(),
            slot.plan.id(),
            slot.kind,
            slot.plan.repository().displayName(),
            now,
            now,
            RunOutcome.SKIPPED,
            0,
            "",
            reason.name(),
            detail,
            null,
            List.of()));
    emit(e);
    return e;
  }

  /**
   * Puts a run (or a retry) at the end of the ready queue and starts what the limits allow. Never
   * blocks: the scheduling thread only enqueues.
   */
  private void launch(RunContext ctx) {
    boolean refused;
    synchronized (gate) {
      // checked under the gate: stop() sets the state first, then empties the queue under the gate
      refused = state == State.STOPPING || state == State.STOPPED;
      if (!refused) {
        ready.addLast(ctx);
      }
    }
    if (refused) {
      dropWaiting(ctx);
      return;
    }
    dispatch();
  }

  /** Ends a run that waited for a slot and never started (shutdown). */
  private void dropWaiting(RunContext ctx) {
    ctx.cancelled = true;
    if (ctx.attempt == 0) {
      finish(ctx, skip(ctx.slot, SkipReason.SHUTTING_DOWN, "queued run dropped at shutdown"));
    } else {
      finish(ctx, ctx.failed(FailureReason.CANCELLED, "retry dropped at shutdown"));
    }
  }

  /** Hands waiting runs to the workers while a slot is free, oldest first. */
  private void dispatch() {
    while (true) {
      RunContext next = null;
      synchronized (gate) {
        if (runningJobs >= maxConcurrentJobs) {
          return;
        }
        for (Iterator<RunContext> it = ready.iterator(); it.hasNext(); ) {
          RunContext c = it.next();
          if (runningPerRepository.getOrDefault(c.repositoryKey, 0) < maxPerRepository) {
            it.remove();
            next = c;
            break;
          }
        }
        if (next == null) {
          return;
        }
        runningJobs++;
        runningPerRepository.merge(next.repositoryKey, 1, Integer::sum);
      }
      RunContext ctx = next;
      try {
        ctx.task =
            workers.submit(
                () -> {
                  ctx.began = true;
                  try {
                    attempt(ctx);
                  } finally {
                    release(ctx);
                  }
                });
      } catch (RuntimeException e) {
        release(ctx);
        finish(ctx, ctx.failed(FailureReason.CANCELLED, "executor refused the run: " + e));
      }
    }
  }

  /** Frees the slot of an attempt that ended (or was refused) and starts the next waiting run. */
  private void release(RunContext ctx) {
    synchronized (gate) {
      runningJobs--;
      runningPerRepository.computeIfPresent(ctx.repositoryKey, (k, n) -> n <= 1 ? null : n - 1);
    }
    dispatch();
  }

  private void attempt(RunContext ctx) {
    ctx.retry = null;
    ctx.attempt++;
    if (ctx.attempt == 1) {
      ctx.startedAt = clock.instant();
    }
    emit(
        new RunEvent.Started(
            clock.instant(), ctx.slot.plan.id(), ctx.slot.kind, ctx.runId, ctx.attempt));
    current.set(ctx);
    RunEvent end;
    try {
      if (ctx.cancelled) {
        throw new Failures.StoppedException();
      }
      RunSummary summary = execute(ctx);
      end =
          new RunEvent.Succeeded(
              clock.instant(),
              ctx.slot.plan.id(),
              ctx.slot.kind,
              ctx.runId,
              ctx.attempt,
              ctx.elapsed(),
              summary);
    } catch (RepositoryBusyException e) {
      if (e.skipped()) {
        current.remove();
        finish(ctx, skip(ctx.slot, SkipReason.REPOSITORY_BUSY, redact(ctx, e.getMessage())));
        return;
      }
      end = failure(ctx, e);
    } catch (Throwable e) {
      end = failure(ctx, e);
    } finally {
      current.remove();
    }
    if (end != null) {
      finish(ctx, end);
    }
  }

  /** Returns the final failure event, or null if a retry was scheduled. */
  private RunEvent failure(RunContext ctx, Throwable e) {
    FailureReason reason = ctx.cancelled ? FailureReason.CANCELLED : Failures.classify(e);
    String message = redact(ctx, String.valueOf(e.getMessage()));
    if (reason == FailureReason.INTERNAL) {
      LOG.warn("run {} of plan {} failed unexpectedly", ctx.runId, ctx.slot.plan.id(), e);
    }
    RetryPolicy retry = ctx.slot.plan.retryPolicy(ctx.slot.kind);
    if (!ctx.cancelled && retry.shouldRetry(reason, ctx.attempt)) {
      Duration delay = retry.backoff(ctx.attempt, random.getAsDouble());
      emit(
          new RunEvent.RetryScheduled(
              clock.instant(),
              ctx.slot.plan.id(),
              ctx.slot.kind,
              ctx.runId,
              ctx.attempt,
              delay,
              reason,
              message));
      synchronized (ctx) {
        if (!ctx.cancelled) {
          try {
            ctx.retry =
                timer.schedule(
                    () -> launchRetry(ctx), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return null;
          } catch (RuntimeException rejected) {
            return ctx.failed(FailureReason.CANCELLED, "retry refused: " + rejected);
          }
        }
      }
      return ctx.failed(FailureReason.CANCELLED, message);
    }
    return ctx.failed(reason, message);
  }

  private void launchRetry(RunContext ctx) {
    if (ctx.cancelled) {
      finish(ctx, ctx.failed(FailureReason.CANCELLED, "stopped before retry"));
      return;
    }
    // a retry waits for a slot like any run; its backoff held none
    launch(ctx);
  }

  private String redact(RunContext ctx, String message) {
    try {
      return ctx.slot.plan.repository().redact(message);
    } catch (RuntimeException e) {
      return "(message withheld)";
    }
  }

  private RunSummary execute(RunContext ctx) {
    BackupPlan plan = ctx.slot.plan;
    ResticRepository repo = plan.repository();
    LockPolicy policy = plan.lockPolicy(ctx.slot.kind);
    switch (ctx.slot.kind) {
      case BACKUP -> {
        if (ctx.backup == null) {
          BackupRequest.Builder b = BackupRequest.builder();
          plan.sources().forEach(b::path);
          plan.excludes().forEach(b::exclude);
          plan.tags().forEach(b::tag);
          plan.host().ifPresent(b::host);
          ctx.backup = runLocked(ctx, repo, b.build(), policy);
        }
        int removed = 0;
        if (plan.retention().isPresent()) {
          ForgetResult f =
              runLocked(
                  ctx,
                  repo,
                  plan.retention().get().toForgetRequest(plan.host().orElse(null), plan.tags()),
                  policy);
          removed = f.removed().size();
        }
        BackupSummary s = ctx.backup;
        String id = s.snapshotId() == null ? "" : s.snapshotId();
        return new RunSummary(
            id,
            s.filesNew() + s.filesChanged(),
            s.dataAdded(),
            removed,
            "snapshot " + (id.isEmpty() ? "(none)" : id) + ", forgot " + removed);
      }
      case PRUNE -> {
        runLocked(ctx, repo, PruneRequest.builder().build(), policy);
        return new RunSummary("", 0, 0, 0, "pruned");
      }
      case CHECK -> {
        CheckRequest.Builder b = CheckRequest.builder();
        plan.checkReadDataSubset().ifPresent(b::readDataSubset);
        CheckResult r = runLocked(ctx, repo, b.build(), policy);
        if (!r.ok()) {
          throw new Failures.CheckFailedException(checkFailureMessage(r));
        }
        return new RunSummary(
            "",
            0,
            0,
            0,
            "check ok" + plan.checkReadDataSubset().map(x -> ", read " + x).orElse(""));
      }
      default -> throw new IllegalStateException(ctx.slot.kind.name());
    }
  }

  /**
   * The failure message of a check that found errors: restic's errors, then the next step restic
   * suggests ({@code restic suggests: repair index} / {@code prune}), if any.
   */
  static String checkFailureMessage(CheckResult r) {
    StringBuilder m = new StringBuilder(String.join("; ", r.errors()));
    List<String> next = new ArrayList<>();
    if (r.suggestRepairIndex()) {
      next.add("repair index");
    }
    if (r.suggestPrune()) {
      next.add("prune");
    }
    if (!next.isEmpty()) {
      m.append(m.length() == 0 ? "" : "; ")
          .append("restic suggests: ")
          .append(String.join(", ", next));
    }
    return m.toString();
  }

  private <R> R runLocked(
      RunContext ctx, ResticRepository repo, ResticRequest<R, ?> request, LockPolicy policy) {
    LockMode mode;
    try {
      mode = request.lockMode(repo.restic().version());
    } catch (RuntimeException e) {
      mode = LockMode.EXCLUSIVE;
    }
    return lockManager.call(
        repo,
        request.command(),
        mode == null ? LockMode.EXCLUSIVE : mode,
        policy,
        options -> {
          if (ctx.cancelled) {
            throw new Failures.StoppedException();
          }
          ResticExecution<R> ex = repo.start(request, ResticCallback.none(), options);
          ctx.execution = ex;
          try {
            if (ctx.cancelled) {
              ex.cancel(graceNow(repo));
            }
            return ex.await();
          } finally {
            ctx.execution = null;
          }
        });
  }

  private void finish(RunContext ctx, RunEvent end) {
    if (!ctx.finished.compareAndSet(0, 1)) {
      return;
    }
    JobSlot slot = ctx.slot;
    PlanState p = plans.get(slot.plan.id());
    if (end instanceof RunEvent.Succeeded s && slot.kind == JobKind.BACKUP && p != null) {
      p.backupSucceeded(s.at());
    } else if (end instanceof RunEvent.Succeeded && slot.kind == JobKind.CHECK && p != null) {
      p.checkSucceeded();
    } else if (end instanceof RunEvent.Failed f && p != null) {
      p.failed(f.at(), f.reason(), slot.kind);
    }
    if (!(end instanceof RunEvent.Skipped)) {
      write(ctx.record(end));
      emit(end);
    }
    RunContext next = null;
    synchronized (slot) {
      slot.active = null;
      CompletableFuture<RunEvent> f = slot.pending.poll();
      if (f != null) {
        if (state == State.STOPPING || state == State.STOPPED) {
          f.complete(skip(slot, SkipReason.SHUTTING_DOWN, "queued run dropped at shutdown"));
        } else {
          next = new RunContext(slot, f);
          slot.active = next;
        }
      }
    }
    synchronized (monitor) {
      monitor.notifyAll();
    }
    // completed after the slot is free, so a caller reacting to it can start the next run at once
    ctx.result.complete(end);
    if (next != null) {
      launch(next);
    }
  }

  private void write(RunRecord record) {
    if (journal == null) {
      return;
    }
    try {
      journal.append(record);
    } catch (RuntimeException e) {
      LOG.warn("cannot write the run journal {}", journal.file(), e);
    }
  }

  private void emit(RunEvent event) {
    for (RunEventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("run event listener {} failed on {}", l, event.getClass().getSimpleName(), e);
      }
    }
  }

  // ------------------------------------------------------------------ lock events

  private void onLockEvent(LockEvent e) {
    RunContext ctx = current.get();
    if (ctx != null) {
      ctx.trail.onEvent(e);
    }
    emit(
        new RunEvent.LockObserved(
            e.at(), ctx == null ? "" : ctx.slot.plan.id(), ctx == null ? "" : ctx.runId, e));
    if (e instanceof LockEvent.ConflictDetected) {
      count(e, LockAnomaly.CONFLICT, 1);
    } else if (e instanceof LockEvent.LocksRemoved r) {
      count(e, LockAnomaly.REMOVAL, r.locks().size());
    } else if (e instanceof LockEvent.GaveUp) {
      count(e, LockAnomaly.GIVE_UP, 1);
    }
  }

  private void count(LockEvent e, LockAnomaly kind, long n) {
    if (n <= 0) {
      return;
    }
    Counters c = anomalies.computeIfAbsent(e.repository(), k -> new Counters());
    AtomicLong counter = c.get(kind);
    long now = counter.addAndGet(n);
    long before = now - n;
    long threshold = thresholds.getOrDefault(kind, 0L);
    if (threshold > 0 && before / threshold < now / threshold) {
      emit(new RunEvent.AlertRaised(clock.instant(), "", e.repository(), kind, now, threshold));
    }
  }

  /**
   * The lock anomalies counted for each repository (by display name) since creation or the last
   * {@link #resetAnomalies()}.
   *
   * @return a snapshot, one entry per repository that had any
   */
  public List<LockAnomalyCounts> lockAnomalies() {
    List<LockAnomalyCounts> out = new ArrayList<>();
    anomalies.forEach(
        (repo, c) ->
            out.add(
                new LockAnomalyCounts(repo, c.conflicts.get(), c.removals.get(), c.giveUps.get())));
    return out;
  }

  /** Sets every lock anomaly count back to zero. */
  public void resetAnomalies() {
    anomalies.clear();
  }

  // ------------------------------------------------------------------ health

  /**
   * The health of a plan now (the orchestrator's clock).
   *
   * @param planId the plan
   * @return the health
   * @throws IllegalArgumentException if there is no such plan
   */
  public PlanHealth health(String planId) {
    PlanState p = plans.get(planId);
    if (p == null) {
      throw new IllegalArgumentException("no plan " + planId);
    }
    return p.health(clock.instant());
  }

  /**
   * The health of every plan now.
   *
   * @return one per plan
   */
  public List<PlanHealth> health() {
    Instant now = clock.instant();
    return plans.values().stream().map(p -> p.health(now)).toList();
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(RunEventListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(RunEventListener listener) {
    listeners.remove(listener);
  }

  /**
   * The lock manager every restic command runs through.
   *
   * @return the manager
   */
  public LockManager lockManager() {
    return lockManager;
  }

  /**
   * The journal runs are written to.
   *
   * @return the journal, empty if none was configured
   */
  public Optional<RunJournal> journal() {
    return Optional.ofNullable(journal);
  }

  /**
   * Tells whether any run is going (including one waiting for a retry).
   *
   * @return true if a run is active
   */
  public boolean hasActiveRuns() {
    return anyActive();
  }

  // ------------------------------------------------------------------ state

  private static final class Counters {
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong removals = new AtomicLong();
    final AtomicLong giveUps = new AtomicLong();

    AtomicLong get(LockAnomaly a) {
      return switch (a) {
        case CONFLICT -> conflicts;
        case REMOVAL -> removals;
        case GIVE_UP -> giveUps;
      };
    }
  }

  private final class PlanState {
    final BackupPlan plan;
    final Instant added;
    final Map<JobKind, JobSlot> slots = new EnumMap<>(JobKind.class);
    private Instant lastSuccess;
    private Instant lastFailure;
    private FailureReason lastFailureReason;
    private int consecutiveFailures;
    // the last check found errors: the plan stays unhealthy until a check passes again
    private boolean repositoryDamaged;

    PlanState(BackupPlan plan, Instant added) {
      this.plan = plan;
      this.added = added;
      for (JobKind k : JobKind.values()) {
        slots.put(k, new JobSlot(plan, k));
      }
      if (journal != null) {
        for (RunRecord r : journal.read()) {
          if (r.planId().equals(plan.id())
              && r.kind() == JobKind.BACKUP
              && r.outcome() == RunOutcome.SUCCEEDED) {
            lastSuccess = r.endedAt();
          }
          if (r.planId().equals(plan.id()) && r.kind() == JobKind.CHECK) {
            if (r.outcome() == RunOutcome.SUCCEEDED) {
              repositoryDamaged = false;
            } else if (FailureReason.CHECK_FAILED.name().equals(r.failureReason())) {
              repositoryDamaged = true;
            }
          }
        }
      }
    }

    void startSchedules(Instant now) {
      for (JobSlot s : slots.values()) {
        Optional<Schedule> schedule = plan.schedule(s.kind);
        if (schedule.isPresent() && s.schedule == null) {
          Optional<Instant> last =
              journal == null
                  ? Optional.empty()
                  : journal
                      .lastRun(plan.id(), s.kind)
                      .filter(r -> r.outcome() != RunOutcome.SKIPPED)
                      .map(RunRecord::startedAt);
          s.schedule = new ScheduleState(schedule.get(), now, last);
        }
      }
    }

    synchronized void backupSucceeded(Instant at) {
      lastSuccess = at;
      consecutiveFailures = 0;
    }

    synchronized void failed(Instant at, FailureReason reason, JobKind kind) {
      lastFailure = at;
      lastFailureReason = reason;
      if (kind == JobKind.BACKUP) {
        consecutiveFailures++;
      }
      if (kind == JobKind.CHECK && reason == FailureReason.CHECK_FAILED) {
        repositoryDamaged = true;
      }
    }

    synchronized void checkSucceeded() {
      repositoryDamaged = false;
    }

    synchronized PlanHealth health(Instant now) {
      Instant reference = lastSuccess != null ? lastSuccess : added;
      boolean healthy =
          !repositoryDamaged
              && Duration.between(reference, now).compareTo(plan.healthThreshold()) <= 0;
      return new PlanHealth(
          plan.id(),
          Optional.ofNullable(lastSuccess),
          Optional.ofNullable(lastFailure),
          Optional.ofNullable(lastFailureReason),
          consecutiveFailures,
          plan.healthThreshold(),
          healthy,
          now);
    }
  }

  private static final class JobSlot {
    final BackupPlan plan;
    final JobKind kind;
    volatile ScheduleState schedule;
    RunContext active;
    final Deque<CompletableFuture<RunEvent>> pending = new ArrayDeque<>();

    JobSlot(BackupPlan plan, JobKind kind) {
      this.plan = plan;
      this.kind = kind;
    }
  }

  private final class RunContext {
    final JobSlot slot;
    final CompletableFuture<RunEvent> result;
    final String runId = UUID.randomUUID().toString();
    final AuditTrail trail = new AuditTrail(1000);
    final AtomicInteger finished = new AtomicInteger();
    volatile Instant startedAt;
    volatile int attempt;
    volatile boolean cancelled;
    volatile ResticExecution<?> execution;
    volatile Future<?> task;
    volatile boolean began;
    final String repositoryKey;
    volatile ScheduledFuture<?> retry;
    volatile BackupSummary backup;

    RunContext(JobSlot slot, CompletableFuture<RunEvent> result) {
      this.slot = slot;
      this.result = result;
      this.startedAt = clock.instant();
      this.repositoryKey = repositoryKeyOf(slot.plan);
    }

    Duration elapsed() {
      return Duration.between(startedAt, clock.instant());
    }

    RunEvent.Failed failed(FailureReason reason, String message) {
      return new RunEvent.Failed(
          clock.instant(), slot.plan.id(), slot.kind, runId, attempt, elapsed(), reason, message);
    }

    void cancel() {
      ResticExecution<?> ex = execution;
      if (ex != null) {
        try {
          ex.cancel(graceNow(slot.plan.repository()));
        } catch (RuntimeException e) {
          LOG.warn("cannot cancel restic of run {}", runId, e);
        }
      } else if (began) {
        // a run still waiting for a worker is not interrupted: it sees the flag when it starts
        Future<?> t = task;
        if (t != null) {
          t.cancel(true);
        }
      }
    }

    /** Interrupts the run's thread: a restic it waits for is killed, a lock wait ends. */
    void interrupt() {
      Future<?> t = task;
      if (t != null && began) {
        t.cancel(true);
      }
    }

    RunRecord record(RunEvent end) {
      RunOutcome outcome;
      String failure = "";
      String message = "";
      RunSummary summary = null;
      if (end instanceof RunEvent.Succeeded s) {
        outcome = RunOutcome.SUCCEEDED;
        summary = s.summary();
      } else if (end instanceof RunEvent.Failed f) {
        outcome = RunOutcome.FAILED;
        failure = f.reason().name();
        message = f.message();
      } else {
        outcome = RunOutcome.SKIPPED;
      }
      return new RunRecord(
          runId,
          slot.plan.id(),
          slot.kind,
          slot.plan.repository().displayName(),
          startedAt,
          end.at(),
          outcome,
          attempt,
          failure,
          "",
          message,
          summary,
          lockRecords(trail.entries()));
    }
  }

  private static String repositoryKeyOf(BackupPlan plan) {
    try {
      return plan.repository().locationKey();
    } catch (RuntimeException e) {
      return plan.repository().displayName();
    }
  }

  private static List<LockRecord> lockRecords(Collection<AuditEntry> entries) {
    List<LockRecord> out = new ArrayList<>();
    for (AuditEntry e : entries) {
      out.add(
          new LockRecord(
              e.at(),
              e.lockId(),
              e.action().name(),
              e.verdict().map(Enum::name).orElse(""),
              e.holder(),
              e.reason()));
    }
    return out;
  }

  // ------------------------------------------------------------------ builder

  /** Builds an {@link Orchestrator}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private LockManager lockManager;
    private ScheduledExecutorService executor;
    private int maxConcurrentJobs = DEFAULT_MAX_CONCURRENT_JOBS;
    private int maxPerRepository = Integer.MAX_VALUE;
    private Duration tickInterval = DEFAULT_TICK_INTERVAL;
    private boolean autoTick = true;
    private final List<RunEventListener> listeners = new ArrayList<>();
    private RunJournal journal;
    private final Map<LockAnomaly, Long> thresholds = new EnumMap<>(LockAnomaly.class);
    private DoubleSupplier random = Math::random;

    private Builder() {}

    /**
     * The clock all times come from (system UTC by default).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The lock manager all restic commands run through ({@link LockManager#create()} by default).
     * Share the application's manager so its gate serialises the orchestrator's commands with the
     * application's own.
     *
     * @param lockManager the manager
     * @return this builder
     */
    public Builder lockManager(LockManager lockManager) {
      this.lockManager = Objects.requireNonNull(lockManager, "lockManager");
      return this;
    }

    /**
     * An executor for ticks, runs and retry delays, owned by the caller (not shut down by {@link
     * #stop(Duration)}). It needs {@linkplain #maxConcurrentJobs(int) one thread per concurrently
     * running job} plus one. By default the orchestrator creates and owns its own daemon threads:
     * one scheduling thread and a fixed pool of {@link #maxConcurrentJobs(int)} workers, started up
     * front.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ScheduledExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * How often schedules are checked against the clock ({@link #DEFAULT_TICK_INTERVAL}).
     *
     * @param interval positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder tickInterval(Duration interval) {
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("tick interval must be positive");
      }
      this.tickInterval = interval;
      return this;
    }

    /**
     * The most jobs (backup, prune, check runs, each with its restic process) running at once
     * across all plans; default {@link Orchestrator#DEFAULT_MAX_CONCURRENT_JOBS} ({@code max(2, 2 *
     * available processors)}). A run that becomes due while all slots are taken waits in a FIFO
     * ready queue and starts as soon as a slot frees; it already counts as the plan's current run
     * for the {@link OverlapPolicy} (as a run handed to an executor always did), so a plan is in
     * the queue at most once per job kind. A retry waits for a slot again; its backoff holds none.
     * {@link Orchestrator#stop(Duration)} drops the queue (queued runs end as {@link
     * RunEvent.Skipped} with {@link SkipReason#SHUTTING_DOWN}).
     *
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxConcurrentJobs(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentJobs must be at least 1");
      }
      this.maxConcurrentJobs = max;
      return this;
    }

    /**
     * The most jobs running at once on one repository (keyed by its location); unlimited by default
     * (only {@link #maxConcurrentJobs(int)} applies), because the {@link LockManager}'s gate
     * already serialises exclusive jobs of a repository while shared ones (backups) may run
     * together. A waiting run of a busy repository does not hold up the runs of other repositories
     * queued after it.
     *
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxConcurrentJobsPerRepository(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentJobsPerRepository must be at least 1");
      }
      this.maxPerRepository = max;
      return this;
    }

    /** Tests drive {@link Orchestrator#tick()} themselves. */
    Builder manualTicks() {
      this.autoTick = false;
      return this;
    }

    /** Tests fix the jitter. */
    Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(RunEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The journal every run is written to (none by default). Its last runs also seed the schedules
     * (missed runs) and health after a restart.
     *
     * @param journal the journal
     * @return this builder
     */
    public Builder journal(RunJournal journal) {
      this.journal = Objects.requireNonNull(journal, "journal");
      return this;
    }

    /**
     * Raises {@link RunEvent.AlertRaised} each time a repository's count of an anomaly reaches a
     * multiple of {@code threshold} (off by default).
     *
     * @param anomaly the kind
     * @param threshold at least 1, or 0 to turn the alert off
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder alertThreshold(LockAnomaly anomaly, long threshold) {
      if (threshold < 0) {
        throw new IllegalArgumentException("threshold must not be negative");
      }
      thresholds.put(Objects.requireNonNull(anomaly, "anomaly"), threshold);
      return this;
    }

    /**
     * Builds the orchestrator (not started).
     *
     * @return the orchestrator
     */
    public Orchestrator build() {
      return new Orchestrator(this);
    }
  }
}
