package io.github.restic4j.core;

import io.github.restic4j.core.command.BackupEvent;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.CatConfigRequest;
import io.github.restic4j.core.command.CatLockRequest;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.CheckResult;
import io.github.restic4j.core.command.CopyRequest;
import io.github.restic4j.core.command.CopyResult;
import io.github.restic4j.core.command.DiffRequest;
import io.github.restic4j.core.command.DiffStream;
import io.github.restic4j.core.command.DumpRequest;
import io.github.restic4j.core.command.FindMatch;
import io.github.restic4j.core.command.FindRequest;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.InitRequest;
import io.github.restic4j.core.command.KeyAddRequest;
import io.github.restic4j.core.command.KeyInfo;
import io.github.restic4j.core.command.KeyListRequest;
import io.github.restic4j.core.command.KeyPasswdRequest;
import io.github.restic4j.core.command.KeyRemoveRequest;
import io.github.restic4j.core.command.ListLocksRequest;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.LsStream;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.command.PruneSummary;
import io.github.restic4j.core.command.RepairIndexRequest;
import io.github.restic4j.core.command.RepairIndexResult;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.command.RepositoryStats;
import io.github.restic4j.core.command.RestoreEvent;
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.RestoreSummary;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.SnapshotGroup;
import io.github.restic4j.core.command.SnapshotGrouping;
import io.github.restic4j.core.command.SnapshotGroupsRequest;
import io.github.restic4j.core.command.SnapshotsRequest;
import io.github.restic4j.core.command.StatsRequest;
import io.github.restic4j.core.command.TagRequest;
import io.github.restic4j.core.command.TagResult;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.command.UnlockResult;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.error.RepositoryAlreadyExistsException;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.RepositoryNotFoundException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.SnapshotRemovalFailedException;
import io.github.restic4j.core.error.UnsupportedVersionException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.core.internal.CommandFactory;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.DirectLockListing;
import io.github.restic4j.core.internal.Environments;
import io.github.restic4j.core.internal.GoDuration;
import io.github.restic4j.core.internal.Invocation;
import io.github.restic4j.core.internal.Redactor;
import io.github.restic4j.core.internal.RunContext;
import io.github.restic4j.core.internal.command.CopyCommand;
import io.github.restic4j.core.internal.command.DumpCommand;
import io.github.restic4j.core.internal.stream.StreamLauncher;
import java.io.OutputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One restic repository: location, credentials, backend environment and {@code -o} options, bound
 * to a {@link Restic} binary. Immutable and thread-safe; every method starts one restic process.
 *
 * <p>Secrets (password, location with credentials, backend keys) reach restic only through its
 * environment, never its command line, and are masked in logs, exceptions and output lines.
 *
 * <p>Each command has a typed method ({@link #backup(BackupRequest)}, {@link #snapshots()}, ...)
 * that runs synchronously within the request's timeout; {@link #start(ResticRequest,
 * ResticCallback)} runs any request asynchronously with progress and cancellation.
 */
public final class ResticRepository {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Restic restic;
  private final Map<String, String> environment;
  private final RunContext context;
  private final String displayName;
  private final Path localDirectory;
  private final DirectLockListing.Remote remoteLocks;

  private ResticRepository(Builder b) {
    this.restic = b.restic;
    this.localDirectory = localDirectoryOf(b.location);
    this.environment = Map.copyOf(b.environment());
    List<String> secrets = new ArrayList<>(b.secretValues);
    secrets.addAll(Redactor.urlPasswords(b.location));
    Redactor redactor = new Redactor(secrets);
    this.displayName = redactor.redact(b.location);
    Set<String> inherited = Set.copyOf(b.inherited);
    Predicate<String> inherit = n -> Environments.inheritByDefault(n) || inherited.contains(n);
    List<String> global = new ArrayList<>();
    if (b.noCache) {
      global.add("--no-cache");
    } else if (b.cacheDir != null) {
      global.add("--cache-dir");
      global.add(b.cacheDir.toString());
    }
    for (Map.Entry<String, String> o : b.options.entrySet()) {
      global.add("-o");
      global.add(o.getKey() + "=" + o.getValue());
    }
    this.context =
        new RunContext(
            restic.binary(),
            restic.version(),
            List.copyOf(global),
            environment,
            inherit,
            redactor,
            restic.defaultTimeout(),
            restic.gracePeriod(),
            displayName);
    this.remoteLocks =
        DirectLockListing.remote(
            new DirectLockListing.Connection(
                b.location, environment, inherit, System.getenv(), context.globalArguments()));
  }

  /**
   * The restic this repository runs with.
   *
   * @return the restic
   */
  public Restic restic() {
    return restic;
  }

  /**
   * The location with any credentials masked, safe to log.
   *
   * @return for example {@code rest:https://user:******@host/repo}
   */
  public String displayName() {
    return displayName;
  }

  /**
   * A key identifying the location within this application (trailing slashes removed, credentials
   * masked). restic-locking uses it when the repository id is not known.
   *
   * @return the normalised location
   */
  public String locationKey() {
    String s = displayName.strip();
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /**
   * The repository's folder when restic reaches it through its local backend, so that callers can
   * look at its files (restic-locking lists {@code locks/} this way instead of starting {@code
   * restic list locks}). A location counts as local when it is {@code local:<path>} or a path
   * without any colon; a relative path is resolved against this JVM's working folder, as restic,
   * started from it, resolves it. Every other location, including a path with a colon but without
   * the {@code local:} prefix (which restic would treat as local too), gives empty, so nothing is
   * assumed about a location restic4j cannot classify with certainty. Works with every restic
   * version; the folder need not exist.
   *
   * @return the absolute folder, or empty for a remote backend or an unclear location
   */
  public Optional<Path> localDirectory() {
    return Optional.ofNullable(localDirectory);
  }

  /**
   * Lists the ids of this repository's lock files without starting restic, where restic4j can read
   * the backend itself with the same result as {@code restic list locks}:
   *
   * <ul>
   *   <li>a repository on a local file system ({@link #localDirectory()}): the names in its {@code
   *       locks} folder;
   *   <li>a REST server over HTTP or HTTPS ({@code rest:http(s)://[user:password@]host/path}): one
   *       {@code GET} of {@code locks/}, with the URL's credentials;
   *   <li>an S3-compatible server given by URL ({@code s3:http(s)://host[:port]/bucket[/prefix]},
   *       such as MinIO, Ceph or S3Proxy, not AWS, Google or Aliyun), with the credentials in
   *       {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (and {@code
   *       AWS_SESSION_TOKEN}, {@code AWS_DEFAULT_REGION}) set with {@link
   *       Builder#environment(String, Secret)} or inherited: a signed S3 {@code ListObjectsV2}
   *       request per 1,000 keys.
   * </ul>
   *
   * <p>Returns empty whenever it cannot do so exactly: other backends, a folder that is not a
   * restic repository, an HTTP error or refusal, and settings that change how restic connects (TLS
   * trust or client certificates, proxies, any {@code -o} option, REST credentials in the
   * environment, S3 credentials from profiles, IAM or an assumed role). The caller then runs {@link
   * #listLocks()}. restic-locking uses this to save a restic start-up per lock inspection. Works
   * with every restic version (0.14 to 0.19 share the default repository layout and these
   * protocols; an S3 repository in the legacy layout, which 0.14 to 0.16 still open, is detected by
   * its missing {@code keys/} and left to restic).
   *
   * @param timeout bounds each HTTP request (the local listing takes microseconds)
   * @return the lock ids, sorted, or empty if restic has to be asked
   */
  public Optional<List<String>> lockFileIds(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (localDirectory != null) {
      return DirectLockListing.local(localDirectory);
    }
    if (remoteLocks != null && !timeout.isNegative() && !timeout.isZero()) {
      return remoteLocks.list(timeout);
    }
    return Optional.empty();
  }

  static Path localDirectoryOf(String location) {
    String path;
    if (location.startsWith("local:")) {
      path = location.substring("local:".length());
    } else if (location.indexOf(':') < 0) {
      path = location;
    } else {
      return null;
    }
    if (path.isBlank()) {
      return null;
    }
    try {
      return Path.of(path).toAbsolutePath();
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * Masks this repository's secrets in a text (for example before logging restic output).
   *
   * @param text any text
   * @return the text with secrets replaced by {@code ******}
   */
  public String redact(String text) {
    return context.redactor().redact(text);
  }

  // ---------------------------------------------------------------- generic execution

  /**
   * Runs a request and waits for its result within its timeout.
   *
   * @param request the request
   * @param <R> result type
   * @param <E> event type
   * @return the result
   * @throws ResticException the typed failure
   */
  public <R, E> R run(ResticRequest<R, E> request) {
    return start(request, ResticCallback.none(), CallOptions.defaults()).await();
  }

  /**
   * Runs a request with per-call options and waits for its result.
   *
   * @param request the request
   * @param options timeout override and {@code --retry-lock}
   * @param <R> result type
   * @param <E> event type
   * @return the result
   * @throws ResticException the typed failure
   */
  public <R, E> R run(ResticRequest<R, E> request, CallOptions options) {
    return start(request, ResticCallback.none(), options).await();
  }

  /**
   * Starts a request and returns at once.
   *
   * @param request the request
   * @param callback receives progress, output and completion
   * @param <R> result type
   * @param <E> event type
   * @return the running execution
   * @throws ResticException if restic cannot be started or the request needs a newer restic
   */
  public <R, E> ResticExecution<R> start(
      ResticRequest<R, E> request, ResticCallback<E, R> callback) {
    return start(request, callback, CallOptions.defaults());
  }

  /**
   * Starts a request with per-call options and returns at once.
   *
   * @param request the request
   * @param callback receives progress, output and completion
   * @param options timeout override and {@code --retry-lock}
   * @param <R> result type
   * @param <E> event type
   * @return the running execution
   * @throws ResticException if restic cannot be started or the request needs a newer restic
   */
  public <R, E> ResticExecution<R> start(
      ResticRequest<R, E> request, ResticCallback<E, R> callback, CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(callback, "callback");
    Objects.requireNonNull(options, "options");
    CommandSpec<R, E> spec = CommandFactory.create(request, restic.version());
    return execute(spec, request, callback, options);
  }

  private <R, E> ResticExecution<R> execute(
      CommandSpec<R, E> spec,
      ResticRequest<?, ?> request,
      ResticCallback<E, R> callback,
      CallOptions options) {
    List<String> flags = new ArrayList<>();
    if (options.retryLock().isPresent()) {
      if (!restic.version().isAtLeast(0, 16, 0)) {
        throw new UnsupportedVersionException(
            "--retry-lock", "0.16.0", restic.version().toString());
      }
      flags.add("--retry-lock");
      flags.add(GoDuration.formatSeconds(options.retryLock().get()));
    }
    Duration timeout = timeoutOf(request, options, restic.defaultTimeout());
    return new Invocation<>(context, spec, flags, timeout, callback).start();
  }

  /**
   * The timeout of one run: the call's, else the request's, else the default. The fixed timeouts of
   * the short reads restic4j itself issues ({@code cat config}, {@code list locks}, {@code cat
   * lock}) are caps, not extensions: a shorter default timeout wins, so an unreachable backend does
   * not hold a caller who asked for seconds for five minutes.
   */
  static Duration timeoutOf(
      ResticRequest<?, ?> request, CallOptions options, Duration defaultTimeout) {
    if (options.timeout().isPresent()) {
      return options.timeout().get();
    }
    Optional<Duration> own = request.timeout();
    if (own.isEmpty()) {
      return defaultTimeout;
    }
    boolean cap =
        request instanceof CatConfigRequest
            || request instanceof ListLocksRequest
            || request instanceof CatLockRequest;
    return cap && defaultTimeout.compareTo(own.get()) < 0 ? defaultTimeout : own.get();
  }

  // ---------------------------------------------------------------- typed commands

  /**
   * Creates the repository ({@code restic init}), then reads its config back (one extra {@code cat
   * config} run, because restic 0.14 prints only a short id and no version prints the format).
   *
   * @return the new repository's config (full 64-hex id, format version, chunker polynomial)
   * @throws RepositoryAlreadyExistsException if one exists there
   * @throws ResticException another typed failure
   */
  public RepositoryConfig init() {
    return init(InitRequest.builder().build());
  }

  /**
   * Creates the repository with options ({@code restic init}), then reads its config back.
   *
   * @param request the init options
   * @return the new repository's config (its id)
   * @throws RepositoryAlreadyExistsException if one exists there
   * @throws ResticException another typed failure
   */
  public RepositoryConfig init(InitRequest request) {
    RepositoryConfig created = run(request);
    // init prints only the short id on 0.14 and never the format version: read the config back
    RepositoryConfig config = catConfig();
    if (!created.id().isEmpty() && !config.id().startsWith(created.id())) {
      throw new OutputParseException(
          "init reported repository " + created.id() + " but the config holds " + config.id());
    }
    return config;
  }

  /**
   * Backs up ({@code restic backup}) and waits for the summary.
   *
   * @param request what to back up
   * @return the summary, including files that could not be read (exit code 3)
   * @throws ResticException the typed failure
   */
  public BackupSummary backup(BackupRequest request) {
    return run(request);
  }

  /**
   * Backs up and reports progress to a listener.
   *
   * @param request what to back up
   * @param progress receives status, verbose and per-file error events
   * @return the summary
   * @throws ResticException the typed failure
   */
  public BackupSummary backup(BackupRequest request, Consumer<? super BackupEvent> progress) {
    return start(request, ResticCallback.<BackupEvent, BackupSummary>onEvents(progress)).await();
  }

  /**
   * Lists all snapshots ({@code restic snapshots}).
   *
   * @return the snapshots, oldest first
   * @throws ResticException the typed failure
   */
  public List<Snapshot> snapshots() {
    return run(SnapshotsRequest.builder().build());
  }

  /**
   * Lists snapshots matching filters ({@code restic snapshots}).
   *
   * @param request filters
   * @return the snapshots, oldest first
   * @throws ResticException the typed failure
   */
  public List<Snapshot> snapshots(SnapshotsRequest request) {
    return run(request);
  }

  /**
   * Removes stale locks ({@code restic unlock}) or, with {@link UnlockRequest.Builder#removeAll},
   * every lock. The result compares the lock listing before and after, because restic itself does
   * not report what it removed.
   *
   * @param request what to remove
   * @return the lock ids removed and left
   * @throws ResticException the typed failure
   */
  public UnlockResult unlock(UnlockRequest request) {
    Objects.requireNonNull(request, "request");
    List<String> before = listLocks();
    run(request);
    List<String> after = listLocks();
    List<String> removed = new ArrayList<>(before);
    removed.removeAll(after);
    List<String> appeared = new ArrayList<>(after);
    appeared.removeAll(before);
    List<String> remaining = new ArrayList<>(after);
    remaining.removeAll(appeared);
    return new UnlockResult(removed, remaining, appeared, request.removeAll());
  }

  /**
   * Lists the ids of the lock files in the repository ({@code restic list locks}; takes no lock).
   *
   * @return full 64-hex lock ids (including empty or corrupt lock files)
   * @throws ResticException the typed failure
   */
  public List<String> listLocks() {
    return run(new ListLocksRequest());
  }

  /**
   * Reads one lock file ({@code restic --no-lock cat lock <id>}), without taking a lock, so it
   * works while an exclusive lock is held.
   *
   * @param lockId the full 64-hex lock id
   * @return the decoded lock
   * @throws InvalidRequestException if the id is not 64 hex characters
   * @throws ResticException the typed failure (for example when the lock vanished meanwhile)
   */
  public LockInfo catLock(String lockId) {
    return run(new CatLockRequest(lockId));
  }

  /**
   * Reads the repository config ({@code restic cat config}); also the cheapest way to check that
   * the repository exists and the password is right.
   *
   * @return the config with the repository id
   * @throws RepositoryNotFoundException if there is none
   * @throws WrongPasswordException if the password is wrong
   */
  public RepositoryConfig catConfig() {
    return run(new CatConfigRequest());
  }

  @Override
  public String toString() {
    return "ResticRepository[" + displayName + ", restic " + restic.version() + "]";
  }

  // ---- commands added: forget..dump

  /**
   * Applies a retention policy ({@code restic forget --json}, optionally {@code --prune}). Takes an
   * exclusive lock. Every restic version (0.14+).
   *
   * @param request the policy, filters and grouping
   * @return the groups with kept and removed snapshots (empty if no snapshot matched), and the
   *     prune report when {@code --prune} was given on restic 0.14 to 0.18
   * @throws SnapshotRemovalFailedException if restic could not delete some snapshots (append-only
   *     repository: a stderr warning on 0.14 to 0.18, exit 3 on 0.19+)
   * @throws RepositoryLockedException if another process holds a lock
   * @throws ResticException another typed failure
   */
  public ForgetResult forget(ForgetRequest request) {
    return run(request);
  }

  /**
   * Removes unreferenced data ({@code restic prune}). Takes an exclusive lock. Every restic
   * version; repack-small/uncompressed need 0.15.0+. restic prints no prune JSON up to 0.19, so the
   * figures are read from its text report (see {@link PruneSummary}).
   *
   * @param request the prune options
   * @return the figures of the report
   * @throws UnsupportedVersionException if an option needs a newer restic (before running)
   * @throws RepositoryLockedException if another process holds a lock
   * @throws ResticException another typed failure
   */
  public PruneSummary prune(PruneRequest request) {
    return run(request);
  }

  /**
   * Checks the repository ({@code restic check}). Takes an exclusive lock. Every restic version;
   * JSON on 0.18.0+, text before. A repository with errors is a result with {@code ok=false}, not
   * an exception.
   *
   * @param request what to read
   * @return whether the repository is healthy, the errors and restic's suggestions
   * @throws RepositoryLockedException if another process holds a lock (never reported as a damaged
   *     repository)
   * @throws ResticException another typed failure
   */
  public CheckResult check(CheckRequest request) {
    return run(request);
  }

  /**
   * Rebuilds the repository index from the pack files, what {@link
   * CheckResult#suggestRepairIndex()} asks for. Runs {@code restic repair index} on 0.16.0+ and
   * {@code restic rebuild-index} on 0.14 and 0.15 (chosen by the detected version). Takes an
   * exclusive lock. Every restic version; the figures differ by version (see {@link
   * RepairIndexResult}).
   *
   * @param request the options
   * @return what restic reported
   * @throws RepositoryLockedException if another process holds a lock
   * @throws ResticException another typed failure (for example a wrong password)
   */
  public RepairIndexResult repairIndex(RepairIndexRequest request) {
    return run(request);
  }

  /**
   * Rebuilds the repository index, reading only the pack files missing from it (see {@link
   * #repairIndex(RepairIndexRequest)}). Takes an exclusive lock. Every restic version.
   *
   * @return what restic reported
   * @throws RepositoryLockedException if another process holds a lock
   * @throws ResticException another typed failure
   */
  public RepairIndexResult repairIndex() {
    return run(RepairIndexRequest.builder().build());
  }

  /**
   * Restores a snapshot ({@code restic restore}). Takes a shared lock. Every restic version; the
   * figures need 0.16.0+ (before, only the snapshot id is known), delete and dry-run 0.17.0+.
   *
   * @param request snapshot, target and filters
   * @return the restore summary
   * @throws UnsupportedVersionException if an option needs a newer restic (before running)
   * @throws ResticException another typed failure
   */
  public RestoreSummary restore(RestoreRequest request) {
    return run(request);
  }

  /**
   * Restores a snapshot and reports progress ({@code restic restore}; events on 0.16.0+, per-item
   * errors on 0.17.1+).
   *
   * @param request snapshot, target and filters
   * @param progress receives status, verbose and per-item error events
   * @return the restore summary
   * @throws UnsupportedVersionException if an option needs a newer restic (before running)
   * @throws ResticException another typed failure
   */
  public RestoreSummary restore(RestoreRequest request, Consumer<? super RestoreEvent> progress) {
    return start(request, ResticCallback.<RestoreEvent, RestoreSummary>onEvents(progress)).await();
  }

  /**
   * Repository statistics ({@code restic stats --json}). Takes a shared lock. Every restic version;
   * compression figures from 0.15.0.
   *
   * @param request mode, snapshots and filters
   * @return the statistics
   * @throws ResticException the typed failure
   */
  public RepositoryStats stats(StatsRequest request) {
    return run(request);
  }

  /**
   * Changes snapshot tags ({@code restic tag}); changed snapshots get new ids. Takes an exclusive
   * lock. Every restic version; the old/new id pairs are reported from 0.18.0 only.
   *
   * @param request the change and which snapshots
   * @return how many snapshots changed (and their new ids on 0.18.0+)
   * @throws RepositoryLockedException if another process holds a lock
   * @throws ResticException another typed failure
   */
  public TagResult tag(TagRequest request) {
    return run(request);
  }

  /**
   * Lists the repository's keys ({@code restic key list --json}). Takes a shared lock. Every restic
   * version (ids are 8 characters before 0.17.0).
   *
   * @return the keys
   * @throws ResticException the typed failure
   */
  public List<KeyInfo> keys() {
    return run(KeyListRequest.create());
  }

  /**
   * Adds a key with another password ({@code restic key add}). The password is handed over in a
   * temporary file readable only by this user, deleted when restic exits. Takes a shared lock.
   * Every restic version.
   *
   * @param request the new password and its user/host labels
   * @throws ResticException the typed failure (for example if the temporary file cannot be written)
   */
  public void addKey(KeyAddRequest request) {
    run(request);
  }

  /**
   * Removes a key ({@code restic key remove}); restic refuses to remove the key in use. Takes an
   * exclusive lock. Every restic version.
   *
   * @param keyId the key id or a unique prefix
   * @throws InvalidRequestException if the id is not hex
   * @throws ResticException the typed failure
   */
  public void removeKey(String keyId) {
    run(KeyRemoveRequest.of(keyId));
  }

  /**
   * Changes the password of the key in use ({@code restic key passwd}). The new password is handed
   * over in a temporary file readable only by this user, deleted when restic exits. This object
   * keeps the old password: build a new repository afterwards. Takes an exclusive lock. Every
   * restic version.
   *
   * @param newPassword the new password
   * @throws InvalidRequestException if the password is empty
   * @throws ResticException the typed failure
   */
  public void changePassword(Secret newPassword) {
    run(KeyPasswdRequest.of(newPassword));
  }

  /**
   * Lists snapshots grouped ({@code restic snapshots --json --group-by}). Takes a shared lock.
   * Every restic version.
   *
   * @param request filters
   * @param groupBy at least one criterion
   * @return the groups
   * @throws InvalidRequestException if no criterion is given
   * @throws ResticException the typed failure
   */
  public List<SnapshotGroup> snapshotGroups(
      SnapshotsRequest request, Set<SnapshotGrouping> groupBy) {
    return run(SnapshotGroupsRequest.of(request, groupBy));
  }

  /**
   * Writes a file (or a folder as tar/zip) from a snapshot into a stream ({@code restic dump}). The
   * stream is flushed, not closed. Takes a shared lock. Every restic version.
   *
   * @param request snapshot and path
   * @param out the destination
   * @return the number of bytes written
   * @throws ResticException the typed failure (bytes already written stay in the stream)
   */
  public long dump(DumpRequest request, OutputStream out) {
    Objects.requireNonNull(request, "request");
    CommandSpec<Long, Void> spec = new DumpCommand(request, out);
    return execute(spec, request, ResticCallback.none(), CallOptions.defaults()).await();
  }

  /**
   * Copies snapshots from another repository into this one ({@code restic copy}). The source's
   * location, password (or password file/command) and backend variables reach restic only through
   * its environment ({@code RESTIC_FROM_REPOSITORY}, {@code RESTIC_FROM_PASSWORD}, ...) and are
   * masked in logs like this repository's secrets. Takes shared locks. restic 0.14.0+ ({@code
   * --from-insecure-no-password} for a source without password needs 0.17.0+).
   *
   * @param request the source and which snapshots
   * @return the snapshots restic reported as copied or skipped
   * @throws InvalidRequestException if both repositories need different values for the same backend
   *     variable (restic takes one value per variable)
   * @throws ResticException the typed failure
   */
  public CopyResult copy(CopyRequest request) {
    Objects.requireNonNull(request, "request");
    ResticRepository source = request.source();
    Map<String, String> env = new LinkedHashMap<>(environment);
    for (Map.Entry<String, String> e : source.environment.entrySet()) {
      String name =
          switch (e.getKey()) {
            case "RESTIC_REPOSITORY" -> "RESTIC_FROM_REPOSITORY";
            case "RESTIC_PASSWORD" -> "RESTIC_FROM_PASSWORD";
            case "RESTIC_PASSWORD_FILE" -> "RESTIC_FROM_PASSWORD_FILE";
            case "RESTIC_PASSWORD_COMMAND" -> "RESTIC_FROM_PASSWORD_COMMAND";
            case "RESTIC_PROGRESS_FPS" -> null;
            default -> e.getKey();
          };
      if (name == null) {
        continue;
      }
      String existing = env.get(name);
      if (existing != null && !existing.equals(e.getValue())) {
        throw new InvalidRequestException(
            "source and destination repository need different values for "
                + name
                + "; restic copy accepts one value per backend variable");
      }
      env.put(name, e.getValue());
    }
    List<String> secrets = new ArrayList<>();
    for (Map<String, String> m : List.of(environment, source.environment)) {
      for (Map.Entry<String, String> e : m.entrySet()) {
        switch (e.getKey()) {
          case "RESTIC_REPOSITORY" -> secrets.addAll(Redactor.urlPasswords(e.getValue()));
          case "RESTIC_PASSWORD_FILE", "RESTIC_PROGRESS_FPS" -> {
            // not secret
          }
          default -> secrets.add(e.getValue());
        }
      }
    }
    List<String> global = new ArrayList<>(context.globalArguments());
    if (source.context.globalArguments().contains("--insecure-no-password")) {
      if (!restic.version().isAtLeast(0, 17, 0)) {
        throw new UnsupportedVersionException(
            "copy --from-insecure-no-password", "0.17.0", restic.version().toString());
      }
      global.add("--from-insecure-no-password");
    }
    RunContext c = context;
    RunContext copyContext =
        new RunContext(
            c.binary(),
            c.version(),
            List.copyOf(global),
            Map.copyOf(env),
            c.inherit(),
            new Redactor(secrets),
            c.defaultTimeout(),
            c.gracePeriod(),
            c.displayName());
    CommandSpec<CopyResult, Void> spec = new CopyCommand(request);
    Duration timeout = request.timeout().orElse(restic.defaultTimeout());
    return new Invocation<>(copyContext, spec, List.of(), timeout, ResticCallback.none())
        .start()
        .await();
  }

  // ---- streaming commands: ls, find, diff

  /**
   * Lists the entries of a snapshot ({@code restic ls --json}) as a stream that is read while
   * restic runs; memory stays constant however many entries the snapshot has. The snapshot itself
   * is available at once through {@link LsStream#snapshot()}. Every restic version (inode numbers
   * from 0.16.1); no lock before 0.17.0, a shared lock from 0.17.0 on.
   *
   * <pre>{@code
   * try (LsStream nodes = repo.ls(LsRequest.latest().host("web1").build())) {
   *   nodes.stream().filter(LsNode::isFile).forEach(n -> System.out.println(n.path()));
   * }
   * }</pre>
   *
   * @param request the snapshot and what to list
   * @return the running stream; close it
   * @throws ResticException if restic cannot be started; restic's own failures (for example {@link
   *     RepositoryLockedException} or an unknown snapshot) are thrown by the stream's {@code
   *     hasNext()}/{@code next()} once the entries before them were read
   */
  public LsStream ls(LsRequest request) {
    Objects.requireNonNull(request, "request");
    return StreamLauncher.ls(
        request,
        restic.version(),
        (spec, callback) -> execute(spec, request, callback, CallOptions.defaults()));
  }

  /**
   * Searches snapshots for entries matching name patterns ({@code restic find --json}) as a stream
   * of matches, each with the id of its snapshot. restic's single JSON array is parsed piece by
   * piece while restic writes it. restic names a snapshot only after its last match, so each
   * snapshot's matches are delivered together once that snapshot is done (held in memory up to
   * 1024, beyond that in a temporary file). Every restic version; takes a shared lock.
   *
   * @param request the patterns and which snapshots to search
   * @return the running stream; close it
   * @throws ResticException if restic cannot be started; restic's own failures are thrown by the
   *     stream's {@code hasNext()}/{@code next()} once the matches before them were read
   */
  public ResticStream<FindMatch> find(FindRequest request) {
    Objects.requireNonNull(request, "request");
    return StreamLauncher.find(
        request,
        restic.version(),
        (spec, callback) -> execute(spec, request, callback, CallOptions.defaults()));
  }

  /**
   * Compares two snapshots ({@code restic diff --json}) as a stream of changed paths; the totals
   * follow through {@link DiffStream#statistics()}. Both snapshots must be ids: restic's diff does
   * not accept {@code latest} (the request builder rejects it). Every restic version; takes a
   * shared lock.
   *
   * @param request the two snapshots
   * @return the running stream; close it
   * @throws ResticException if restic cannot be started; restic's own failures (for example an
   *     unknown snapshot id) are thrown by the stream's {@code hasNext()}/{@code next()} and by
   *     {@code statistics()}
   */
  public DiffStream diff(DiffRequest request) {
    Objects.requireNonNull(request, "request");
    return StreamLauncher.diff(
        request,
        restic.version(),
        (spec, callback) -> execute(spec, request, callback, CallOptions.defaults()));
  }

  // ---------------------------------------------------------------- builder

  /** Builds a {@link ResticRepository}; obtain one from {@link Restic#repository(String)}. */
  public static final class Builder {
    private final Restic restic;
    private final String location;
    private Secret password;
    private Path passwordFile;
    private String passwordCommand;
    private boolean insecureNoPassword;
    private final Map<String, Secret> backendEnv = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Set<String> inherited = new HashSet<>();
    private final List<String> secretValues = new ArrayList<>();
    private Path cacheDir;
    private boolean noCache;

    Builder(Restic restic, String location) {
      this.restic = Objects.requireNonNull(restic, "restic");
      if (location == null || location.isBlank()) {
        throw new InvalidRequestException("repository location must not be blank");
      }
      if (location.contains("\n") || location.contains("\0")) {
        throw new InvalidRequestException("repository location must not contain line breaks");
      }
      this.location = location;
    }

    /**
     * Sets the repository password (passed as {@code RESTIC_PASSWORD}).
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(Secret password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Reads the password from a file (passed as {@code RESTIC_PASSWORD_FILE}).
     *
     * @param file the password file
     * @return this builder
     */
    public Builder passwordFile(Path file) {
      this.passwordFile = Objects.requireNonNull(file, "passwordFile");
      return this;
    }

    /**
     * Obtains the password from a command (passed as {@code RESTIC_PASSWORD_COMMAND}; restic splits
     * it shell-like without a shell).
     *
     * @param command the command line
     * @return this builder
     */
    public Builder passwordCommand(String command) {
      this.passwordCommand = Objects.requireNonNull(command, "passwordCommand");
      return this;
    }

    /**
     * Opens a repository that has no password ({@code --insecure-no-password}, restic 0.17.0+).
     *
     * @return this builder
     */
    public Builder insecureNoPassword() {
      this.insecureNoPassword = true;
      return this;
    }

    /**
     * Sets a backend variable such as {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
     * {@code B2_ACCOUNT_KEY} or {@code RESTIC_REST_PASSWORD}; its value is treated as a secret.
     *
     * @param name the variable name
     * @param value the value
     * @return this builder
     * @throws InvalidRequestException if the name is not a valid variable name
     */
    public Builder environment(String name, Secret value) {
      requireEnvName(name);
      backendEnv.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Lets restic inherit a variable from this JVM's environment (by default only {@code PATH},
     * {@code HOME}, locale, temp, proxy and TLS variables are inherited; {@code RESTIC_*} and cloud
     * credentials are not).
     *
     * @param name the variable name
     * @return this builder
     */
    public Builder inheritEnvironment(String name) {
      requireEnvName(name);
      inherited.add(name);
      return this;
    }

    /**
     * Adds an extended option {@code -o key=value} (for example {@code s3.region=eu-west-1}).
     * Options appear on restic's command line: never put secrets here.
     *
     * @param key the option key
     * @param value the value
     * @return this builder
     * @throws InvalidRequestException if the key is blank or contains {@code =}
     */
    public Builder option(String key, String value) {
      if (key == null || key.isBlank() || key.contains("=")) {
        throw new InvalidRequestException("option key must be non-blank without '=': " + key);
      }
      options.put(key, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Uses a cache folder ({@code --cache-dir}).
     *
     * @param dir the folder
     * @return this builder
     */
    public Builder cacheDir(Path dir) {
      this.cacheDir = Objects.requireNonNull(dir, "cacheDir");
      this.noCache = false;
      return this;
    }

    /**
     * Disables restic's local cache ({@code --no-cache}).
     *
     * @return this builder
     */
    public Builder noCache() {
      this.noCache = true;
      return this;
    }

    private static void requireEnvName(String name) {
      if (name == null || !ENV_NAME.matcher(name).matches()) {
        throw new InvalidRequestException("not a valid environment variable name: " + name);
      }
    }

    Map<String, String> environment() {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("RESTIC_REPOSITORY", location);
      if (password != null) {
        env.put("RESTIC_PASSWORD", password.reveal());
      }
      if (passwordFile != null) {
        env.put("RESTIC_PASSWORD_FILE", passwordFile.toString());
      }
      if (passwordCommand != null) {
        env.put("RESTIC_PASSWORD_COMMAND", passwordCommand);
      }
      if (restic.progressFps().isPresent()) {
        env.put("RESTIC_PROGRESS_FPS", restic.progressFps().get().toString());
      }
      for (Map.Entry<String, Secret> e : backendEnv.entrySet()) {
        env.put(e.getKey(), e.getValue().reveal());
      }
      return env;
    }

    /**
     * Builds the repository. Runs nothing.
     *
     * @return the repository
     * @throws InvalidRequestException if no password source is configured, or more than one
     * @throws UnsupportedVersionException if {@link #insecureNoPassword()} is used before restic
     *     0.17.0
     */
    public ResticRepository build() {
      int sources =
          (password != null ? 1 : 0)
              + (passwordFile != null ? 1 : 0)
              + (passwordCommand != null ? 1 : 0)
              + (insecureNoPassword ? 1 : 0);
      if (sources == 0) {
        throw new InvalidRequestException(
            "no password configured: use password(), passwordFile(), passwordCommand() or"
                + " insecureNoPassword()");
      }
      if (sources > 1) {
        throw new InvalidRequestException(
            "configure exactly one of password(), passwordFile(), passwordCommand(),"
                + " insecureNoPassword()");
      }
      if (insecureNoPassword) {
        if (!restic.version().isAtLeast(0, 17, 0)) {
          throw new UnsupportedVersionException(
              "--insecure-no-password", "0.17.0", restic.version().toString());
        }
      }
      if (password != null) {
        secretValues.add(password.reveal());
      }
      if (passwordCommand != null) {
        secretValues.add(passwordCommand);
      }
      backendEnv.values().forEach(s -> secretValues.add(s.reveal()));
      ResticRepository repo = new ResticRepository(this);
      return insecureNoPassword ? repo.withGlobalFlag("--insecure-no-password") : repo;
    }
  }

  private ResticRepository withGlobalFlag(String flag) {
    List<String> global = new ArrayList<>(context.globalArguments());
    global.add(flag);
    return new ResticRepository(this, global);
  }

  private ResticRepository(ResticRepository base, List<String> globalArguments) {
    this.restic = base.restic;
    this.environment = base.environment;
    this.displayName = base.displayName;
    this.localDirectory = base.localDirectory;
    this.remoteLocks = null; // extra global flags (--insecure-no-password): leave it to restic
    RunContext c = base.context;
    this.context =
        new RunContext(
            c.binary(),
            c.version(),
            List.copyOf(globalArguments),
            c.environment(),
            c.inherit(),
            c.redactor(),
            c.defaultTimeout(),
            c.gracePeriod(),
            c.displayName());
  }
}
