package io.github.restic4j.locking;

import io.github.restic4j.core.CallOptions;
import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.OutputLine;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.CatLockRequest;
import io.github.restic4j.core.command.ListLocksRequest;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.command.UnlockResult;
import io.github.restic4j.core.error.InvalidLockFileException;
import io.github.restic4j.core.error.LockConflict;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.ResticTimeoutException;
import io.github.restic4j.core.error.Termination;
import io.github.restic4j.locking.internal.Backoff;
import io.github.restic4j.locking.internal.Deadline;
import io.github.restic4j.locking.internal.HostFileGate;
import io.github.restic4j.locking.internal.Hostnames;
import io.github.restic4j.locking.internal.InspectedLock;
import io.github.restic4j.locking.internal.LockAssessor;
import io.github.restic4j.locking.internal.ObservationLog;
import io.github.restic4j.locking.internal.Sleeper;
import io.github.restic4j.locking.internal.UnlockCount;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs restic commands so that lock conflicts are prevented inside the application, recognised when
 * they come from elsewhere, and resolved safely.
 *
 * <p>Each call goes through these steps, all within the {@link LockPolicy}'s deadline:
 *
 * <ol>
 *   <li><b>gate</b>: a per-repository shared/exclusive {@link RepositoryGate} (keyed by the
 *       repository id from {@code restic cat config}, read once per location and cached, falling
 *       back to {@link ResticRepository#locationKey()}), optionally followed by an OS file lock for
 *       other JVMs on this host;
 *   <li><b>attempt</b>: the command runs as is; nothing else runs when it succeeds;
 *   <li>on {@link RepositoryLockedException}: <b>inspect</b> ({@code list locks}, {@code --no-lock
 *       cat lock} for each), <b>assess</b> every lock ({@link LockVerdict}), <b>decide</b> by the
 *       policy (fail, remove stale locks with plain {@code unlock} and verify with one more {@code
 *       list locks} or, on restic 0.15.0+, with the count {@code unlock} prints, force, or wait
 *       with backoff or {@code --retry-lock}), then <b>retry</b>.
 * </ol>
 *
 * <p>When {@code list locks} finds exactly the one lock restic named in the failure (its id starts
 * with the reported storage id), that lock is assessed from restic's message, which carries every
 * field of the lock file, and no {@code cat lock} runs: lock files are content-addressed, so the
 * same id means the same content. Recovering from one stale lock then costs {@code list locks},
 * {@code unlock} and {@code list locks}; with restic 0.15.0+, whose plain {@code unlock} prints how
 * many locks it removed, the listing after the unlock is skipped when that count equals the number
 * of locks assessed stale (the reasoning, and its one residual case, which the retry itself
 * catches, are documented on the unlock step), so the common case costs {@code list locks} and
 * {@code unlock} besides the failed and the successful attempt. Where restic-core can read the
 * backend itself ({@link ResticRepository#lockFileIds(Duration)}: a local folder, or a REST server
 * without special TLS or proxy settings) the lock files are listed that way instead, which gives
 * the same ids without starting restic; there the common case costs only the {@code unlock}, and
 * the listing after it always runs, since it is cheap and exact. Inspection and unlocking run
 * within the remaining time of the call's deadline.
 *
 * <p>Every step is a {@link LockEvent} for the listeners and the {@link AuditTrail}. A restic that
 * restic-core had to force-kill ({@link Termination#forceKilled()}) is remembered, so its lock is
 * judged stale at once. Thread-safe; share one manager per application.
 *
 * <p>Works with restic 0.14 to 0.19. {@code --retry-lock} is used only on restic 0.16.0+; corrupt
 * lock files are reported by restic 0.15.1+ only (0.14 ignores them).
 */
public final class LockManager {

  private static final Logger LOG = LoggerFactory.getLogger(LockManager.class);

  /** Longest {@code --retry-lock} handed to restic at once; the locks are re-inspected after it. */
  static final Duration RETRY_LOCK_CHUNK = Duration.ofMinutes(5);

  private static final Duration FILE_GATE_POLL = Duration.ofMillis(250);

  private final Clock clock;
  private final LockAssessor assessor;
  private final List<LockEventListener> listeners;
  private final AuditTrail audit;
  private final LockPolicy defaultPolicy;
  private final RepositoryGate gate;
  private final HostFileGate fileGate;
  private final boolean keyById;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Map<String, CompletableFuture<String>> keys = new ConcurrentHashMap<>();
  private final Map<String, ObservationLog> logs = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> recoveryLocks = new ConcurrentHashMap<>();

  private LockManager(Builder b) {
    this.clock = b.clock;
    this.assessor =
        new LockAssessor(
            b.clock, b.hostname != null ? b.hostname : Hostnames.local(), b.probe, b.skewMargin);
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.audit = b.audit != null ? b.audit : new AuditTrail();
    this.defaultPolicy = b.defaultPolicy;
    this.gate = b.gate != null ? b.gate : new RepositoryGate();
    this.fileGate = b.hostLockDirectory != null ? new HostFileGate(b.hostLockDirectory) : null;
    this.keyById = b.keyById;
    this.sleeper = b.sleeper;
    this.random = b.random;
  }

  /**
   * A manager with default settings: system clock, this host's name, the system process probe,
   * {@link LockPolicy#defaults()}, no cross-process gate.
   *
   * @return the manager
   */
  public static LockManager create() {
    return builder().build();
  }

  /**
   * Starts a manager.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ running

  /**
   * Runs a request with the default policy.
   *
   * @param repository the repository
   * @param request the request
   * @param <R> the result type
   * @return the result
   * @throws LockNotAcquiredException if the repository stayed locked (see subclasses {@link
   *     LockTimeoutException} and {@link StaleLockNotRemovedException})
   * @throws RepositoryBusyException if the in-application gate was busy and the policy said skip or
   *     fail
   * @throws LockWaitInterruptedException if the thread was interrupted while waiting
   * @throws InvalidLockFileException if a corrupt lock file blocks the repository and the policy is
   *     not force (restic 0.15.1+)
   * @throws ResticException any other typed failure of the command
   */
  public <R> R run(ResticRepository repository, ResticRequest<R, ?> request) {
    return run(repository, request, defaultPolicy);
  }

  /**
   * Runs a request under a lock policy. The happy path runs exactly the request and nothing else
   * (apart from one {@code restic cat config} the first time a location is seen, to key the gate by
   * the repository id).
   *
   * @param repository the repository
   * @param request the request; its {@link ResticRequest#lockMode(ResticVersion)} selects the gate
   *     mode
   * @param policy what to do on a lock conflict
   * @param <R> the result type
   * @return the result
   * @throws LockNotAcquiredException if the repository stayed locked (see subclasses {@link
   *     LockTimeoutException} and {@link StaleLockNotRemovedException})
   * @throws RepositoryBusyException if the in-application gate was busy and the policy said skip or
   *     fail
   * @throws LockWaitInterruptedException if the thread was interrupted while waiting
   * @throws InvalidLockFileException if a corrupt lock file blocks the repository and the policy is
   *     not force (restic 0.15.1+)
   * @throws ResticException any other typed failure of the command
   */
  public <R> R run(ResticRepository repository, ResticRequest<R, ?> request, LockPolicy policy) {
    Objects.requireNonNull(request, "request");
    return call(
        repository,
        request.command(),
        lockMode(repository, request),
        policy,
        options -> repository.run(request, options));
  }

  /**
   * Runs a request with progress and output delivered to a callback. The callback sees every run: a
   * run that fails with a lock conflict and is retried reports {@code onError} before the next
   * run's {@code onStart}.
   *
   * @param repository the repository
   * @param request the request
   * @param callback receives progress, output and completion of each run
   * @param policy what to do on a lock conflict
   * @param <R> the result type
   * @param <E> the progress event type
   * @return the result
   * @throws LockNotAcquiredException if the repository stayed locked
   * @throws RepositoryBusyException if the in-application gate was busy and the policy said skip or
   *     fail
   * @throws LockWaitInterruptedException if the thread was interrupted while waiting
   * @throws InvalidLockFileException if a corrupt lock file blocks the repository and the policy is
   *     not force (restic 0.15.1+)
   * @throws ResticException any other typed failure of the command
   */
  public <R, E> R run(
      ResticRepository repository,
      ResticRequest<R, E> request,
      ResticCallback<E, R> callback,
      LockPolicy policy) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(callback, "callback");
    return call(
        repository,
        request.command(),
        lockMode(repository, request),
        policy,
        options -> repository.start(request, callback, options).await());
  }

  /**
   * Runs a request unless the in-application gate is busy ({@link GateMode#SKIP_IF_BUSY} regardless
   * of the policy's gate mode).
   *
   * @param repository the repository
   * @param request the request
   * @param policy what to do on a lock conflict
   * @param <R> the result type
   * @return the result, or empty if the call was skipped because the gate was busy
   * @throws LockNotAcquiredException if the repository stayed locked
   * @throws LockWaitInterruptedException if the thread was interrupted while waiting
   * @throws ResticException any other typed failure of the command
   */
  public <R> Optional<R> runIfIdle(
      ResticRepository repository, ResticRequest<R, ?> request, LockPolicy policy) {
    try {
      return Optional.ofNullable(
          run(repository, request, policy.toBuilder().gate(GateMode.SKIP_IF_BUSY).build()));
    } catch (RepositoryBusyException e) {
      if (e.skipped()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Runs an arbitrary operation (for example a typed shortcut, or several commands that must not be
   * interleaved with others) under the gate in an explicit mode, with the same conflict handling.
   * The operation may run several times and should pass the given {@link CallOptions} to restic.
   *
   * @param repository the repository
   * @param operation a name for events and logs
   * @param mode the gate mode: the strongest lock the operation's commands take ({@link
   *     LockMode#NONE} skips the gate)
   * @param policy what to do on a lock conflict
   * @param action the operation
   * @param <T> the result type
   * @return the result
   * @throws LockNotAcquiredException if the repository stayed locked
   * @throws RepositoryBusyException if the in-application gate was busy and the policy said skip or
   *     fail
   * @throws LockWaitInterruptedException if the thread was interrupted while waiting
   * @throws InvalidLockFileException if a corrupt lock file blocks the repository and the policy is
   *     not force (restic 0.15.1+)
   * @throws ResticException any other typed failure of the operation
   */
  public <T> T call(
      ResticRepository repository,
      String operation,
      LockMode mode,
      LockPolicy policy,
      LockedOperation<T> action) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(action, "action");
    return new Call<T>(repository, operation, mode, policy, action).execute();
  }

  // ------------------------------------------------------------------ inspection

  /**
   * Lists and assesses every lock in the repository now ({@code restic list locks} plus one {@code
   * restic --no-lock cat lock} per lock; takes no lock). Emits a {@link LockEvent.LockAssessed} per
   * lock. Repeated calls let foreign holders be recognised as live by their refreshes.
   *
   * @param repository the repository
   * @return one assessment per lock file, empty if the repository is not locked
   * @throws ResticException if the locks cannot be listed
   */
  public List<LockAssessment> inspect(ResticRepository repository) {
    Objects.requireNonNull(repository, "repository");
    return inspect(repository, repositoryKey(repository));
  }

  private List<LockAssessment> inspect(ResticRepository repository, String key) {
    return inspect(repository, key, null, null).assessments();
  }

  /** What one look at the locks found: the ids {@code list locks} printed and their assessments. */
  private record Inspection(List<String> listed, List<LockAssessment> assessments) {}

  /**
   * Lists and assesses the locks.
   *
   * @param deadline bounds every restic run, or null for the requests' own timeouts
   * @param conflict the lock restic reported, or null; used instead of {@code cat lock} when it is
   *     the only lock listed
   */
  private Inspection inspect(
      ResticRepository repository, String key, Deadline deadline, LockConflict conflict) {
    List<String> listed = listLocks(repository, deadline);
    List<InspectedLock> locks = new ArrayList<>(listed.size());
    boolean someUnreadable = false;
    if (conflict != null && listed.size() == 1 && isReported(listed.get(0), conflict)) {
      // the only lock is the one restic just named, and its message carries every field of the
      // lock file (content-addressed: same id, same content), so no `cat lock` is needed
      locks.add(InspectedLock.of(fromConflict(listed.get(0), conflict)));
    } else {
      for (String id : listed) {
        checkInterrupted("inspecting locks");
        try {
          CatLockRequest cat = new CatLockRequest(id);
          locks.add(InspectedLock.of(repository.run(cat, options(deadline, cat)).withId(id)));
        } catch (ResticCancelledException e) {
          throw e;
        } catch (ResticTimeoutException e) {
          if (deadline != null && deadline.expired()) {
            throw e;
          }
          locks.add(InspectedLock.unreadable(id, e.getMessage()));
          someUnreadable = true;
        } catch (ResticException e) {
          locks.add(InspectedLock.unreadable(id, e.getMessage()));
          someUnreadable = true;
        }
      }
    }
    if (someUnreadable) {
      // A lock that vanished between `list locks` and `cat lock` (its holder finished or
      // refreshed it) is not corrupt: it no longer blocks anyone, and calling it UNREADABLE would
      // make the call wait for it, or offer it to the force policy. One more listing tells.
      Set<String> still = new HashSet<>(listLocks(repository, deadline));
      List<InspectedLock> present =
          locks.stream().filter(l -> l.info() != null || still.contains(l.id())).toList();
      if (present.size() < locks.size()) {
        LOG.debug(
            "locks of {} vanished while being read: {}",
            repository.displayName(),
            locks.stream().filter(l -> !present.contains(l)).map(InspectedLock::id).toList());
      }
      locks = present;
    }
    List<LockAssessment> out = assessor.assess(locks, log(key));
    for (LockAssessment a : out) {
      emit(new LockEvent.LockAssessed(clock.instant(), repository.displayName(), a));
    }
    return new Inspection(listed, out);
  }

  /** Longest wait for a direct listing of a remote backend's lock files. */
  private static final Duration DIRECT_LISTING_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The ids of the repository's lock files: read from the backend directly where restic-core can
   * ({@link ResticRepository#lockFileIds(Duration)}: a local folder or a REST server), which starts
   * no process; otherwise, or if that fails, from {@code restic list locks}.
   */
  private static List<String> listLocks(ResticRepository repository, Deadline deadline) {
    Optional<List<String>> direct = directListing(repository, deadline);
    if (direct.isPresent()) {
      return direct.get();
    }
    ListLocksRequest list = new ListLocksRequest();
    return repository.run(list, options(deadline, list));
  }

  /** The lock ids read without restic, or empty if restic-core cannot read this backend. */
  private static Optional<List<String>> directListing(
      ResticRepository repository, Deadline deadline) {
    Duration timeout =
        deadline == null
            ? DIRECT_LISTING_TIMEOUT
            : min(DIRECT_LISTING_TIMEOUT, deadline.remaining());
    Optional<List<String>> ids = repository.lockFileIds(timeout);
    return ids == null ? Optional.empty() : ids;
  }

  /** Tells whether a listed lock id is the lock restic reported in its failure message. */
  static boolean isReported(String lockId, LockConflict conflict) {
    String prefix = conflict.storageIdPrefix();
    return !prefix.isEmpty() && lockId.startsWith(prefix);
  }

  /**
   * The lock file restic described in its message. restic prints the creation time in the holder's
   * zone without saying which, plus the lock's age; the time used is {@code observedAt - age}, in
   * UTC, on this machine's clock, as {@code cat lock} and restic's own rule would measure the age.
   */
  static LockInfo fromConflict(String lockId, LockConflict conflict) {
    return new LockInfo(
        lockId,
        conflict.estimatedCreation().atOffset(ZoneOffset.UTC),
        conflict.exclusive(),
        conflict.hostname(),
        conflict.username(),
        conflict.pid(),
        conflict.uid(),
        conflict.gid());
  }

  /**
   * Options for an inspection or unlock run: the remaining time of the call's deadline (or the
   * request's own timeout, if shorter), so that one deadline covers every restic the call runs; the
   * request's own timeout when there is no deadline.
   *
   * @throws DeadlinePassed if no time is left
   */
  private static CallOptions options(Deadline deadline, ResticRequest<?, ?> request) {
    if (deadline == null) {
      return CallOptions.defaults();
    }
    Duration left = deadline.remaining();
    if (left.isZero()) {
      throw new DeadlinePassed();
    }
    Duration own = request.timeout().orElse(left);
    return CallOptions.defaults().withTimeout(min(own, left));
  }

  /** The call's deadline passed before an inspection or unlock run could start. */
  private static final class DeadlinePassed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeadlinePassed() {
      super("deadline passed", null, false, false);
    }
  }

  /**
   * Tells the manager that restic-core stopped a restic of this repository; if it was force-killed,
   * its lock is treated as stale at once. The manager does this itself for commands it runs; call
   * it for commands run outside the manager.
   *
   * @param repository the repository
   * @param termination how restic was stopped (from {@link ResticTimeoutException#termination()} or
   *     {@link ResticCancelledException#termination()})
   */
  public void recordTermination(ResticRepository repository, Termination termination) {
    Objects.requireNonNull(repository, "repository");
    if (termination != null && termination.forceKilled()) {
      log(repositoryKey(repository)).killed(termination.pid(), clock.instant());
      emit(
          new LockEvent.OwnProcessKilled(
              clock.instant(), repository.displayName(), termination.pid()));
    }
  }

  /**
   * The key the gate uses for a repository: {@code id:<repository id>} (read once per location with
   * {@code restic cat config}, then cached), or {@code location:<normalised location>} when the id
   * cannot be read or keying by id is off.
   *
   * @param repository the repository
   * @return the key
   * @throws LockWaitInterruptedException if interrupted while reading the id
   */
  public String repositoryKey(ResticRepository repository) {
    String location = repository.locationKey();
    if (!keyById) {
      return "location:" + location;
    }
    CompletableFuture<String> mine = new CompletableFuture<>();
    CompletableFuture<String> f = keys.putIfAbsent(location, mine);
    if (f == null) {
      f = mine;
      try {
        String id = repository.catConfig().id();
        mine.complete(id == null || id.isBlank() ? "location:" + location : "id:" + id);
      } catch (ResticCancelledException e) {
        keys.remove(location, mine);
        mine.completeExceptionally(e);
        throw e;
      } catch (RuntimeException e) {
        LOG.debug("cannot read the id of {}, keying by location: {}", location, e.getMessage());
        mine.complete("location:" + location);
      }
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LockWaitInterruptedException("interrupted while reading the repository id");
    } catch (java.util.concurrent.ExecutionException e) {
      return repositoryKey(repository);
    }
  }

  /**
   * Declares a repository's id so the gate needs no {@code restic cat config} run for it.
   *
   * @param repository the repository
   * @param repositoryId its id (from {@code init} or {@code cat config})
   */
  public void registerRepositoryId(ResticRepository repository, String repositoryId) {
    Objects.requireNonNull(repositoryId, "repositoryId");
    keys.put(repository.locationKey(), CompletableFuture.completedFuture("id:" + repositoryId));
  }

  // ------------------------------------------------------------------ accessors

  /**
   * The audit trail this manager writes to.
   *
   * @return the trail
   */
  public AuditTrail auditTrail() {
    return audit;
  }

  /**
   * The in-application gate (share it with another manager through {@link Builder#gate}).
   *
   * @return the gate
   */
  public RepositoryGate gate() {
    return gate;
  }

  /**
   * The host name locks are compared with.
   *
   * @return the host name, empty if unknown
   */
  public String hostname() {
    return assessor.hostname();
  }

  /**
   * The policy used by {@link #run(ResticRepository, ResticRequest)}.
   *
   * @return the default policy
   */
  public LockPolicy defaultPolicy() {
    return defaultPolicy;
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(LockEventListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(LockEventListener listener) {
    listeners.remove(listener);
  }

  // ------------------------------------------------------------------ internals

  private ObservationLog log(String key) {
    return logs.computeIfAbsent(key, k -> new ObservationLog());
  }

  private static ResticVersion version(ResticRepository repository) {
    try {
      return repository.restic() == null ? null : repository.restic().version();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static LockMode lockMode(ResticRepository repository, ResticRequest<?, ?> request) {
    ResticVersion v = version(repository);
    if (v == null) {
      return LockMode.EXCLUSIVE;
    }
    LockMode m = request.lockMode(v);
    return m == null ? LockMode.EXCLUSIVE : m;
  }

  private void emit(LockEvent event) {
    try {
      audit.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("audit trail failed on {}", event, e);
    }
    for (LockEventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("lock event listener {} failed on {}", l, event.getClass().getSimpleName(), e);
      }
    }
  }

  private static void checkInterrupted(String step) {
    if (Thread.currentThread().isInterrupted()) {
      throw new LockWaitInterruptedException("interrupted while " + step);
    }
  }

  /** One call: its deadline, attempts and waiting so far. */
  private final class Call<T> {
    private final ResticRepository repo;
    private final String display;
    private final String operation;
    private final LockMode mode;
    private final LockPolicy policy;
    private final LockedOperation<T> action;
    private final Deadline deadline;
    private String key;
    private int attempt;
    private int backoffStep;
    private int vanished;
    private Duration waited = Duration.ZERO;
    private List<LockAssessment> last = List.of();
    private List<String> lastListed = List.of();

    Call(
        ResticRepository repo,
        String operation,
        LockMode mode,
        LockPolicy policy,
        LockedOperation<T> action) {
      this.repo = repo;
      this.display = repo.displayName();
      this.operation = operation;
      this.mode = mode;
      this.policy = policy;
      this.action = action;
      this.deadline = Deadline.after(clock, policy.deadline());
    }

    T execute() {
      checkInterrupted("starting " + operation);
      key = repositoryKey(repo);
      RepositoryGate.Lease lease = enterGate();
      Runnable fileRelease = () -> {};
      try {
        fileRelease = enterFileGate();
        return attempts();
      } finally {
        fileRelease.run();
        lease.close();
      }
    }

    // ---------------------------------------------------------------- gates

    private RepositoryGate.Lease enterGate() {
      Optional<RepositoryGate.Lease> lease;
      try {
        lease = gate.tryAcquire(key, mode);
      } catch (IllegalStateException e) {
        throw busy(false, e.getMessage());
      }
      if (lease.isPresent()) {
        return lease.get();
      }
      if (policy.gateMode() != GateMode.WAIT) {
        boolean skip = policy.gateMode() == GateMode.SKIP_IF_BUSY;
        throw busy(skip, "another " + operationKind() + " of this application runs on it");
      }
      emit(new LockEvent.GateWaiting(clock.instant(), display, operation, mode));
      long t0 = System.nanoTime();
      try {
        lease = gate.acquire(key, mode, deadline.remaining());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LockWaitInterruptedException(
            "interrupted while waiting for the gate of " + display);
      }
      if (lease.isEmpty()) {
        throw busy(false, "deadline of " + policy.deadline() + " passed waiting for the gate");
      }
      emit(
          new LockEvent.GateAcquired(
              clock.instant(), display, operation, mode, Duration.ofNanos(System.nanoTime() - t0)));
      return lease.get();
    }

    private String operationKind() {
      return mode == LockMode.EXCLUSIVE ? "operation" : "exclusive operation";
    }

    private RepositoryBusyException busy(boolean skipped, String why) {
      emit(new LockEvent.GateBusy(clock.instant(), display, operation, skipped, why));
      return new RepositoryBusyException(
          (skipped ? "skipped " : "did not run ") + operation + " on " + display + ": " + why,
          display,
          skipped);
    }

    private Runnable enterFileGate() {
      if (fileGate == null || mode == LockMode.NONE) {
        return () -> {};
      }
      boolean announced = false;
      long t0 = System.nanoTime();
      while (true) {
        Optional<Runnable> r = fileGate.tryAcquire(key, mode);
        if (r.isPresent()) {
          if (announced) {
            emit(
                new LockEvent.GateAcquired(
                    clock.instant(),
                    display,
                    operation,
                    mode,
                    Duration.ofNanos(System.nanoTime() - t0)));
          }
          return r.get();
        }
        if (policy.gateMode() != GateMode.WAIT) {
          boolean skip = policy.gateMode() == GateMode.SKIP_IF_BUSY;
          throw busy(skip, "another process on this host holds its file gate");
        }
        if (deadline.expired()) {
          throw busy(false, "deadline passed waiting for the file gate of another process");
        }
        if (!announced) {
          emit(new LockEvent.GateWaiting(clock.instant(), display, operation, mode));
          announced = true;
        }
        sleep(deadline.cap(FILE_GATE_POLL), "waiting for the file gate");
      }
    }

    // ---------------------------------------------------------------- attempts

    private T attempts() {
      CallOptions options = CallOptions.defaults();
      while (true) {
        checkInterrupted("about to run " + operation);
        attempt++;
        try {
          T result = action.run(options);
          emit(
              new LockEvent.OperationSucceeded(
                  clock.instant(), display, operation, attempt, deadline.elapsed()));
          return result;
        } catch (RepositoryLockedException e) {
          emit(
              new LockEvent.ConflictDetected(
                  clock.instant(), display, operation, attempt, e.conflict()));
          options = recover(e, false);
        } catch (InvalidLockFileException e) {
          emit(
              new LockEvent.InvalidLockDetected(
                  clock.instant(), display, operation, e.getMessage()));
          options = recover(e, true);
        } catch (ResticTimeoutException e) {
          noteTermination(e.termination());
          throw e;
        } catch (ResticCancelledException e) {
          noteTermination(e.termination());
          throw e;
        }
      }
    }

    private void noteTermination(Termination t) {
      if (t != null && t.forceKilled()) {
        log(key).killed(t.pid(), clock.instant());
        emit(new LockEvent.OwnProcessKilled(clock.instant(), display, t.pid()));
      }
    }

    /** Handles one lock failure; returns the options for the next run or throws. */
    private CallOptions recover(ResticException failure, boolean invalidLock) {
      if (attempt >= policy.maxAttempts()) {
        throw giveUp(
            failure, true, "gave up after " + attempt + " attempts (policy's maximum)", last);
      }
      ReentrantLock lock = recoveryLocks.computeIfAbsent(key, k -> new ReentrantLock());
      try {
        lock.lockInterruptibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LockWaitInterruptedException("interrupted while waiting to inspect locks");
      }
      try {
        return decide(failure, invalidLock);
      } catch (DeadlinePassed e) {
        throw giveUp(failure, true, "deadline of " + policy.deadline() + " passed", last);
      } catch (ResticTimeoutException e) {
        // an inspection or unlock run stopped by the remaining time of the deadline
        if (deadline.expired()) {
          LockNotAcquiredException timeout =
              giveUp(failure, true, "deadline of " + policy.deadline() + " passed", last);
          timeout.addSuppressed(e);
          throw timeout;
        }
        throw e;
      } finally {
        lock.unlock();
      }
    }

    /** Lists and assesses the locks within the deadline, remembering what was listed. */
    private List<LockAssessment> look(ResticException failure) {
      LockConflict conflict =
          failure instanceof RepositoryLockedException locked
              ? locked.conflict().orElse(null)
              : null;
      Inspection i = inspect(repo, key, deadline, conflict);
      lastListed = i.listed();
      return i.assessments();
    }

    private CallOptions decide(ResticException failure, boolean invalidLock) {
      if (deadline.expired()) {
        throw giveUp(failure, true, "deadline of " + policy.deadline() + " passed", last);
      }
      List<LockAssessment> all = look(failure);
      last = all;
      if (invalidLock && !policy.force()) {
        emit(
            new LockEvent.GaveUp(
                clock.instant(),
                display,
                operation,
                "a lock file is invalid; only the force policy removes it",
                all));
        throw (InvalidLockFileException) failure;
      }
      List<LockAssessment> blocking = blocking(all, invalidLock);
      if (blocking.isEmpty()) {
        // the blocking lock is gone already (released or refreshed meanwhile): retry at once,
        // but back off if that keeps happening
        if (++vanished <= 2) {
          return retryNow(Optional.empty());
        }
        return waitFor(blocking, failure, invalidLock);
      }

      // 1. plain unlock for locks restic itself considers stale
      if (policy.removeStale() && all.stream().anyMatch(a -> a.verdict().isStale())) {
        List<LockAssessment> targets =
            all.stream().filter(a -> a.verdict().isStale() && a.removableByUnlock()).toList();
        List<LockAssessment> unsafe =
            all.stream().filter(a -> a.removableByUnlock() && !a.verdict().isStale()).toList();
        if (!targets.isEmpty() && unsafe.isEmpty()) {
          Set<String> gone = plainUnlock(targets);
          if (gone.isEmpty() && !policy.force()) {
            List<String> kept = targets.stream().map(LockAssessment::lockId).toList();
            emit(
                new LockEvent.GaveUp(
                    clock.instant(),
                    display,
                    operation,
                    "restic unlock left the stale locks in place",
                    all));
            throw new StaleLockNotRemovedException(
                "restic unlock did not remove the locks assessed stale on "
                    + display
                    + ": "
                    + describe(targets),
                display,
                all,
                kept,
                failure);
          }
          all = without(all, gone);
          blocking = without(blocking, gone);
          last = all;
          if (blocking.isEmpty()) {
            return retryNow(Optional.empty());
          }
        } else if (!unsafe.isEmpty()) {
          emit(
              new LockEvent.RemovalDeferred(
                  clock.instant(),
                  display,
                  "restic's plain unlock would also remove locks not assessed stale: "
                      + describe(unsafe)));
        } else {
          emit(
              new LockEvent.RemovalDeferred(
                  clock.instant(),
                  display,
                  "restic's plain unlock would not remove the stale locks "
                      + describe(all.stream().filter(a -> a.verdict().isStale()).toList())
                      + (policy.force() ? "" : "; only the force policy can")));
        }
      }

      // 2. force: every remaining lock stale or unreadable, confirmed by a second look
      if (policy.force() && all.stream().allMatch(a -> a.verdict().isRemovableByForce())) {
        Optional<CallOptions> forced = forceUnlock(failure);
        if (forced.isPresent()) {
          return forced.get();
        }
        all = last;
        blocking = blocking(all, invalidLock);
        if (blocking.isEmpty()) {
          return retryNow(Optional.empty());
        }
      }

      // 3. wait
      return waitFor(blocking, failure, invalidLock);
    }

    private List<LockAssessment> blocking(List<LockAssessment> all, boolean invalidLock) {
      return all.stream()
          .filter(
              a ->
                  a.verdict() == LockVerdict.UNREADABLE
                      || mode != LockMode.SHARED
                      || a.lock().exclusive())
          .toList();
    }

    private Set<String> plainUnlock(List<LockAssessment> targets) {
      emit(new LockEvent.UnlockAttempted(clock.instant(), display, false, targets));
      LOG.info("removing stale locks of {}: {}", display, describe(targets));
      UnlockResult r = unlock(UnlockRequest.staleOnly(), targets);
      checkInterrupted("unlocking");
      return verify(targets, r, false);
    }

    /**
     * Runs {@code unlock} and establishes what it removed. The listing before is the one the
     * decision was made on (the latest inspection), so {@link ResticRepository#unlock}'s own
     * listing before would only repeat it. Afterwards the locks are listed once more — unless
     * restic's own count settles it (plain {@code unlock} only, restic 0.15.0+, see below).
     *
     * <p><b>When the count is enough.</b> restic's plain {@code unlock} lists the lock files
     * itself, loads each, and deletes those its rule calls stale ({@code Stale()}: older than 30
     * minutes, or made on this host by a process that no longer exists); it prints {@code
     * successfully removed N locks} with N = the files it deleted without error (a failed delete
     * fails the command). The decision that led here guarantees that every lock of the listing
     * before that restic's rule removes is a target ({@code unsafe} was empty) and that every
     * target is one restic's rule removes. Let R be what restic removed and T the targets. If N
     * equals |T|, then R = T unless restic removed some lock X outside T while leaving a target t
     * in place. X outside T means, within the second or so between the listing and the unlock,
     * either a listed non-target turned stale for restic (its holder on this host died, or it
     * crossed the 30 minutes without refresh: then it was stale anyway) or a new lock appeared that
     * restic already judged stale (its holder on this host died at once, or its host's clock runs
     * 30 minutes behind). A target t left in place while counted out means restic could not load it
     * (a transient read error: restic skips unreadable locks) or did not judge it stale (a recycled
     * PID on this host). Only both at once make the count lie, and then by one lock that we report
     * removed while it is present. That is the one thing the listing after would have caught; it
     * would not have caught more: a lock X that appeared and was removed between two listings is
     * invisible to both, and a target removed by someone else's unlock looks removed in both. The
     * shortcut changes nothing that restic removes, only how we learn it, and the retry that
     * follows checks again: restic takes its lock only when no conflicting lock exists, so a
     * blocking target left in place fails the retry with a lock conflict, and the next round lists
     * afresh (a non-blocking stale shared lock left in place would only be misreported in the
     * {@link LockEvent.LocksRemoved} event). When the count is missing (restic 0.14, {@code
     * --quiet}, nothing removed, an unexpected line) or differs from |T|, the listing runs as
     * before. Where the lock files can be listed without restic (a local folder, a REST server),
     * the listing always runs and the count is not used.
     *
     * @param request the unlock to run
     * @param targets the locks assessed stale that a plain unlock is expected to remove, or null
     *     for {@code --remove-all} (always verified by listing)
     */
    private UnlockResult unlock(UnlockRequest request, List<LockAssessment> targets) {
      List<String> before = lastListed;
      List<String> stdout = new CopyOnWriteArrayList<>();
      ResticCallback<Void, Void> output =
          new ResticCallback<>() {
            @Override
            public void onOutput(OutputLine line) {
              if (line.stream() == OutputLine.Stream.STDOUT) {
                stdout.add(line.text());
              }
            }
          };
      repo.start(request, output, options(deadline, request)).await();
      Optional<List<String>> direct = directListing(repo, deadline);
      if (direct.isPresent()) {
        // free and exact: better than restic's count
        return compare(before, direct.get(), request.removeAll());
      }
      OptionalInt count = UnlockCount.of(stdout);
      if (targets != null
          && !request.removeAll()
          && count.isPresent()
          && count.getAsInt() == targets.size()) {
        List<String> removed = targets.stream().map(LockAssessment::lockId).toList();
        List<String> remaining = new ArrayList<>(before);
        remaining.removeAll(removed);
        if (remaining.size() + removed.size() == before.size()) {
          LOG.debug(
              "restic unlock on {} removed {} locks, as many as were targeted; not listing again",
              display,
              count.getAsInt());
          lastListed = List.copyOf(remaining);
          return new UnlockResult(removed, remaining, List.of(), false);
        }
      }
      ListLocksRequest list = new ListLocksRequest();
      return compare(before, repo.run(list, options(deadline, list)), request.removeAll());
    }

    /** What an unlock did, from the listings before and after it. */
    private UnlockResult compare(List<String> before, List<String> after, boolean removeAll) {
      lastListed = after;
      List<String> removed = new ArrayList<>(before);
      removed.removeAll(after);
      List<String> remaining = new ArrayList<>(before);
      remaining.retainAll(after);
      List<String> appeared = new ArrayList<>(after);
      appeared.removeAll(before);
      return new UnlockResult(removed, remaining, appeared, removeAll);
    }

    /** Compares an unlock's outcome with its targets; emits events; returns the ids now gone. */
    private Set<String> verify(List<LockAssessment> targets, UnlockResult r, boolean removeAll) {
      Set<String> removed = new HashSet<>(r.removed());
      Set<String> present = new HashSet<>(r.remaining());
      present.addAll(r.appeared());
      List<LockInfo> byUs = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      List<String> stillThere = new ArrayList<>();
      Set<String> gone = new HashSet<>();
      Set<String> targetIds = new HashSet<>();
      for (LockAssessment a : targets) {
        targetIds.add(a.lockId());
        if (present.contains(a.lockId())) {
          stillThere.add(a.lockId());
          continue;
        }
        gone.add(a.lockId());
        if (removed.contains(a.lockId())) {
          byUs.add(a.lock());
          reasons.add(a.verdict() + ": " + a.reason());
        }
        if (a.verdict() == LockVerdict.STALE_HOLDER_DEAD) {
          log(key).forgetKilled(a.lock().pid());
        }
      }
      if (!byUs.isEmpty()) {
        emit(new LockEvent.LocksRemoved(clock.instant(), display, removeAll, byUs, reasons));
      }
      List<String> unexpected = r.removed().stream().filter(id -> !targetIds.contains(id)).toList();
      if (!unexpected.isEmpty()) {
        LOG.warn(
            "unlock on {} also made locks disappear that were not targeted: {}",
            display,
            unexpected);
        emit(new LockEvent.UnexpectedLocksGone(clock.instant(), display, unexpected));
      }
      if (!stillThere.isEmpty()) {
        emit(new LockEvent.UnlockHadNoEffect(clock.instant(), display, removeAll, stillThere));
      }
      return gone;
    }

    private Optional<CallOptions> forceUnlock(ResticException failure) {
      checkInterrupted("about to force-unlock");
      Set<String> firstIds = last.stream().map(LockAssessment::lockId).collect(Collectors.toSet());
      List<LockAssessment> second = look(failure);
      last = second;
      if (second.isEmpty()) {
        return Optional.of(retryNow(Optional.empty()));
      }
      List<LockAssessment> notRemovable =
          second.stream().filter(a -> !a.verdict().isRemovableByForce()).toList();
      List<LockAssessment> newcomers =
          second.stream().filter(a -> !firstIds.contains(a.lockId())).toList();
      if (!notRemovable.isEmpty()) {
        emit(
            new LockEvent.RemovalDeferred(
                clock.instant(),
                display,
                "force withheld: second look found locks that are not stale: "
                    + describe(notRemovable)));
        return Optional.empty();
      }
      LOG.warn(
          "FORCE: removing every lock of {} with unlock --remove-all: {}{}",
          display,
          describe(second),
          newcomers.isEmpty() ? "" : " (new since the first look: " + describe(newcomers) + ")");
      emit(new LockEvent.UnlockAttempted(clock.instant(), display, true, second));
      UnlockResult r = unlock(UnlockRequest.builder().removeAll().build(), null);
      checkInterrupted("force-unlocking");
      Set<String> gone = verify(second, r, true);
      if (gone.isEmpty()) {
        List<String> kept = second.stream().map(LockAssessment::lockId).toList();
        emit(
            new LockEvent.GaveUp(
                clock.instant(),
                display,
                operation,
                "restic unlock --remove-all left the locks in place",
                second));
        throw new StaleLockNotRemovedException(
            "restic unlock --remove-all did not remove the locks of " + display,
            display,
            second,
            kept,
            failure);
      }
      last = without(second, gone);
      return Optional.of(retryNow(Optional.empty()));
    }

    private CallOptions waitFor(
        List<LockAssessment> blocking, ResticException failure, boolean invalidLock) {
      if (!policy.waits()) {
        throw giveUp(failure, false, "the policy does not wait", blocking);
      }
      Duration waitLeft = policy.maxWait().minus(waited);
      Duration budget = deadline.cap(waitLeft);
      if (budget.isZero() || budget.isNegative()) {
        String why =
            waitLeft.isNegative() || waitLeft.isZero()
                ? "waited the policy's maximum of " + policy.maxWait()
                : "deadline of " + policy.deadline() + " passed";
        throw giveUp(failure, true, why, blocking);
      }
      ResticVersion v = version(repo);
      boolean retryLock =
          policy.useRetryLock()
              && !invalidLock
              && v != null
              && v.isAtLeast(0, 16, 0)
              && !blocking.isEmpty()
              && blocking.stream().allMatch(a -> a.verdict() == LockVerdict.LIVE)
              && budget.compareTo(Duration.ofSeconds(1)) >= 0;
      if (retryLock) {
        Duration d =
            Duration.ofSeconds(
                Math.max(
                    1,
                    (budget.compareTo(RETRY_LOCK_CHUNK) < 0 ? budget : RETRY_LOCK_CHUNK)
                        .getSeconds()));
        emit(new LockEvent.Waiting(clock.instant(), display, d, true, blocking));
        waited = waited.plus(d);
        return retryNow(Optional.of(d));
      }
      backoffStep++;
      Duration delay =
          deadline.cap(
              min(
                  Backoff.delay(
                      backoffStep,
                      policy.initialBackoff(),
                      policy.maxBackoff(),
                      policy.jitter(),
                      random),
                  budget));
      emit(new LockEvent.Waiting(clock.instant(), display, delay, false, blocking));
      sleep(delay, "waiting for the lock holders of " + display);
      waited = waited.plus(delay);
      return retryNow(Optional.empty());
    }

    private CallOptions retryNow(Optional<Duration> retryLock) {
      emit(new LockEvent.RetryScheduled(clock.instant(), display, attempt + 1, retryLock));
      return retryLock
          .map(d -> CallOptions.defaults().withRetryLock(d))
          .orElse(CallOptions.defaults());
    }

    private LockNotAcquiredException giveUp(
        ResticException failure, boolean timeout, String why, List<LockAssessment> blocking) {
      emit(new LockEvent.GaveUp(clock.instant(), display, operation, why, last));
      String msg =
          operation
              + " on "
              + display
              + " could not lock the repository: "
              + why
              + (blocking.isEmpty() ? "" : "; held by " + describe(blocking));
      return timeout
          ? new LockTimeoutException(msg, display, last, failure)
          : new LockNotAcquiredException(msg, display, last, failure);
    }

    private void sleep(Duration d, String step) {
      checkInterrupted(step);
      try {
        sleeper.sleep(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LockWaitInterruptedException("interrupted while " + step);
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static List<LockAssessment> without(List<LockAssessment> list, Set<String> ids) {
    return list.stream().filter(a -> !ids.contains(a.lockId())).toList();
  }

  private static String describe(List<LockAssessment> as) {
    return as.stream().map(LockAssessment::describe).collect(Collectors.joining("; "));
  }

  // ------------------------------------------------------------------ builder

  /** Builds a {@link LockManager}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String hostname;
    private ProcessProbe probe = ProcessProbe.system();
    private final List<LockEventListener> listeners = new ArrayList<>();
    private AuditTrail audit;
    private Duration skewMargin = Duration.ofMinutes(2);
    private LockPolicy defaultPolicy = LockPolicy.defaults();
    private RepositoryGate gate;
    private Path hostLockDirectory;
    private boolean keyById = true;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder() {}

    /**
     * Sets the clock for lock ages, deadlines and event times (default UTC system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets this host's name as restic sees it (default: {@code /proc/sys/kernel/hostname} on Linux,
     * as Go's {@code os.Hostname()}; then {@code HOSTNAME}; then {@link java.net.InetAddress}).
     * Locks with exactly this host name are judged by their PID.
     *
     * @param hostname the host name; empty means unknown (no lock counts as local)
     * @return this builder
     */
    public Builder hostname(String hostname) {
      this.hostname = Objects.requireNonNull(hostname, "hostname");
      return this;
    }

    /**
     * Sets how local PIDs are looked up (default {@link ProcessProbe#system()}).
     *
     * @param probe the probe
     * @return this builder
     */
    public Builder processProbe(ProcessProbe probe) {
      this.probe = Objects.requireNonNull(probe, "probe");
      return this;
    }

    /**
     * Adds an event listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(LockEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets the audit trail (default: a new one with {@link AuditTrail#DEFAULT_CAPACITY}).
     *
     * @param trail the trail
     * @return this builder
     */
    public Builder auditTrail(AuditTrail trail) {
      this.audit = Objects.requireNonNull(trail, "trail");
      return this;
    }

    /**
     * Sets the margin added to restic's 30-minute rule before a lock counts as expired, against
     * clock skew between hosts (default 2 minutes).
     *
     * @param margin a non-negative duration
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder clockSkewMargin(Duration margin) {
      Objects.requireNonNull(margin, "margin");
      if (margin.isNegative()) {
        throw new IllegalArgumentException("margin must not be negative");
      }
      this.skewMargin = margin;
      return this;
    }

    /**
     * Sets the policy used when a call names none (default {@link LockPolicy#defaults()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder defaultPolicy(LockPolicy policy) {
      this.defaultPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Shares an in-application gate with other managers (default: a gate of its own).
     *
     * @param gate the gate
     * @return this builder
     */
    public Builder gate(RepositoryGate gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /**
     * Enables the cross-process gate: an OS file lock per repository in this folder, so several
     * JVMs on this host serialise like threads of one JVM (shared operations share the file lock,
     * exclusive ones take it alone). The folder must be local and the same for every JVM.
     *
     * @param directory the folder (created when first needed)
     * @return this builder
     */
    public Builder hostLockDirectory(Path directory) {
      this.hostLockDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Whether the gate is keyed by the repository id (one {@code restic cat config} per location,
     * cached; the default) or by the normalised location only (no extra restic run at all).
     *
     * @param byId true to key by repository id
     * @return this builder
     */
    public Builder keyByRepositoryId(boolean byId) {
      this.keyById = byId;
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the manager. Reads the host name if none was set.
     *
     * @return the manager
     */
    public LockManager build() {
      return new LockManager(this);
    }
  }
}
