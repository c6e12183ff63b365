package io.github.restic4j.testkit;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.testkit.internal.Args;
import io.github.restic4j.testkit.internal.Call;
import io.github.restic4j.testkit.internal.ClientScript;
import io.github.restic4j.testkit.internal.FakeServer;
import io.github.restic4j.testkit.internal.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fake {@code restic} executable for tests: a small bash script that forwards each run (argv,
 * environment, stdin, signals) over loopback to this object, which answers with scripted responses
 * or with a simulated repository that behaves like the chosen {@link ResticPersona}. A run takes a
 * few milliseconds; no JVM is started per run.
 *
 * <pre>{@code
 * try (FakeRestic fake = FakeRestic.start(ResticPersona.V0_18)) {
 *   ResticRepository repo = fake.initRepository("pw").repository("pw");
 *   repo.backup(BackupRequest.of(dir));
 *   assertThat(repo.snapshots()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Scripted responses ({@link #enqueue(FakeResponse)}) take precedence; calls without one go to
 * the simulated repository. Every run is recorded ({@link #takeInvocation()}). Needs bash with
 * {@code /dev/tcp} (Linux, macOS). Thread-safe.
 */
public final class FakeRestic implements AutoCloseable {

  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]+:)([^@/\\s]+)@");

  private final ResticPersona persona;
  private final String hostname;
  private final Path directory;
  private final boolean ownsDirectory;
  private final Path binary;
  private final FakeServer server;
  private final Simulator simulator;
  private final List<FakeResponse> responses = new ArrayList<>();
  private final BlockingQueue<FakeInvocation> pending = new LinkedBlockingQueue<>();
  private final List<FakeInvocation> recorded = new CopyOnWriteArrayList<>();
  private volatile Restic restic;

  private FakeRestic(Builder b) throws IOException {
    this.persona = b.persona;
    this.hostname = b.hostname != null ? b.hostname : localHostname();
    this.ownsDirectory = b.directory == null;
    this.directory =
        b.directory != null ? b.directory : Files.createTempDirectory("restic4j-fake-");
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    long[] ids = currentIds();
    this.simulator =
        new Simulator(
            persona,
            b.clock,
            hostname,
            b.username != null ? b.username : System.getProperty("user.name", "root"),
            ids[0],
            ids[1]);
    this.server = new FakeServer(token, this::answer);
    Path bin = directory.resolve("bin");
    Files.createDirectories(bin);
    this.binary = bin.resolve("restic");
    Files.writeString(binary, ClientScript.render(server.port(), token));
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
  }

  /**
   * Starts a fake with the default persona ({@link ResticPersona#defaultPersona()}).
   *
   * @return the running fake
   */
  public static FakeRestic start() {
    return builder().start();
  }

  /**
   * Starts a fake.
   *
   * @param persona the restic release to imitate
   * @return the running fake
   */
  public static FakeRestic start(ResticPersona persona) {
    return builder().persona(persona).start();
  }

  /**
   * Starts configuring a fake.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The executable to hand to the code under test.
   *
   * @return the path of the fake {@code restic}
   */
  public Path binary() {
    return binary;
  }

  /**
   * The fake's working folder (binary, default repository location).
   *
   * @return the folder
   */
  public Path directory() {
    return directory;
  }

  /**
   * The persona.
   *
   * @return the persona
   */
  public ResticPersona persona() {
    return persona;
  }

  /**
   * The host name the fake reports (snapshots, locks, stale-lock rule).
   *
   * @return the host name
   */
  public String hostname() {
    return hostname;
  }

  /**
   * The default repository location: {@code <directory>/repo}. Faults from {@link #faults()} and
   * {@link #initRepository(String)} apply to it.
   *
   * @return the location
   */
  public String location() {
    return directory.resolve("repo").toString();
  }

  /**
   * A restic-core {@link Restic} bound to this fake, with the persona's version declared (no
   * version probe).
   *
   * @return the restic
   */
  public Restic restic() {
    Restic r = restic;
    if (r == null) {
      r = Restic.builder().binary(binary).version(persona.resticVersion()).build();
      restic = r;
    }
    return r;
  }

  /**
   * A repository at {@link #location()} opened with a password.
   *
   * @param password the password
   * @return the repository (nothing is run)
   */
  public ResticRepository repository(String password) {
    return restic().repository(location()).password(Secret.of(password)).build();
  }

  /**
   * Initializes the simulated repository at {@link #location()} directly (no run is recorded).
   *
   * @param password its password
   * @return this fake
   */
  public FakeRestic initRepository(String password) {
    simulator.init(location(), password);
    return this;
  }

  /**
   * Whether a simulated repository exists at {@link #location()}.
   *
   * @return true if initialized
   */
  public boolean repositoryExists() {
    return simulator.repo(location()).isPresent();
  }

  /**
   * Lock IDs currently in the simulated repository at {@link #location()}.
   *
   * @return the IDs (empty if not initialized)
   */
  public List<String> locks() {
    return simulator.repo(location()).map(r -> r.lockIds()).orElse(List.of());
  }

  /**
   * Number of snapshots in the simulated repository at {@link #location()}.
   *
   * @return the count (0 if not initialized)
   */
  public int snapshotCount() {
    return simulator.repo(location()).map(r -> r.snapshotCount()).orElse(0);
  }

  /**
   * Faults for the repository at {@link #location()}.
   *
   * @return the faults
   */
  public FakeFaults faults() {
    return new FakeFaults(simulator, location());
  }

  /**
   * Faults for the repository at another location.
   *
   * @param location the repository location as given to restic (local paths are made absolute)
   * @return the faults
   */
  public FakeFaults faults(String location) {
    return new FakeFaults(simulator, Simulator.normalize(location, Path.of("").toAbsolutePath()));
  }

  /**
   * Queues a scripted response.
   *
   * @param response the response
   * @return this fake
   */
  public FakeRestic enqueue(FakeResponse response) {
    synchronized (responses) {
      responses.add(Objects.requireNonNull(response, "response"));
    }
    return this;
  }

  /**
   * Takes the oldest recorded run not taken yet, waiting up to 10 seconds.
   *
   * @return the invocation
   * @throws IllegalStateException if there was no run within 10 seconds
   */
  public FakeInvocation takeInvocation() {
    return pollInvocation(Duration.ofSeconds(10))
        .orElseThrow(() -> new IllegalStateException("restic was not run within 10 s"));
  }

  /**
   * Takes the oldest recorded run not taken yet.
   *
   * @param timeout how long to wait
   * @return the invocation, or empty
   */
  public Optional<FakeInvocation> pollInvocation(Duration timeout) {
    try {
      return Optional.ofNullable(pending.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Every recorded run, oldest first (taken or not).
   *
   * @return the invocations
   */
  public List<FakeInvocation> invocations() {
    return List.copyOf(recorded);
  }

  /**
   * Process ids of runs that are still being answered.
   *
   * @return the pids
   */
  public List<Long> runningPids() {
    List<Long> pids = new ArrayList<>();
    for (Call c : server.activeCalls()) {
      if (c.alive()) {
        pids.add(c.pid());
      }
    }
    return pids;
  }

  private void answer(Call call) {
    Args args = new Args(call.arguments());
    List<String> pos = args.positionals();
    String command = pos.isEmpty() ? "" : pos.get(0);
    String sub = pos.size() > 1 ? command + " " + pos.get(1) : command;
    FakeResponse response = null;
    synchronized (responses) {
      for (Iterator<FakeResponse> it = responses.iterator(); it.hasNext(); ) {
        FakeResponse r = it.next();
        if (r.command().isPresent()
            && (r.command().get().equals(command) || r.command().get().equals(sub))) {
          response = r;
          it.remove();
          break;
        }
      }
      if (response == null) {
        for (Iterator<FakeResponse> it = responses.iterator(); it.hasNext(); ) {
          FakeResponse r = it.next();
          if (r.command().isEmpty()) {
            response = r;
            it.remove();
            break;
          }
        }
      }
    }
    byte[] stdin = new byte[0];
    if ((response == null
            && args.positionals().contains("backup")
            && call.arguments().contains("--stdin"))
        || (response != null && response.readsStdin())) {
      stdin = call.readStdin(Duration.ofMinutes(10));
    }
    FakeInvocation inv = record(call, command, stdin);
    recorded.add(inv);
    pending.add(inv);
    if (response != null) {
      play(call, response);
    } else {
      simulator.handle(call);
    }
  }

  private FakeInvocation record(Call call, String command, byte[] stdin) {
    List<String> secrets = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : call.resticEnvironment().entrySet()) {
      String n = e.getKey();
      boolean secret =
          n.contains("PASSWORD")
              || n.contains("SECRET")
              || n.contains("TOKEN")
              || n.endsWith("_KEY");
      if (secret && !n.endsWith("_FILE") && !e.getValue().isEmpty()) {
        secrets.add(e.getValue());
        env.put(n, FakeInvocation.REDACTED);
      } else {
        env.put(n, redactUrl(e.getValue()));
      }
    }
    List<String> argv = new ArrayList<>();
    for (String a : call.arguments()) {
      String r = redactUrl(a);
      for (String s : secrets) {
        r = r.replace(s, FakeInvocation.REDACTED);
      }
      argv.add(r);
    }
    return new FakeInvocation(
        argv, command, call.environmentNames(), env, stdin, call.pid(), call.workingDirectory());
  }

  private static String redactUrl(String s) {
    return URL_PASSWORD.matcher(s).replaceAll("$1" + FakeInvocation.REDACTED + "@");
  }

  private static void play(Call call, FakeResponse r) {
    boolean first = true;
    for (String line : r.stdout()) {
      if (!first && !r.delayBetweenLines().isZero()) {
        if (waitFor(call, r, r.delayBetweenLines())) {
          return;
        }
      }
      first = false;
      call.out(line);
    }
    if (!r.stderr().isEmpty()) {
      call.err(
          r.stderr().endsWith("\n")
              ? r.stderr().substring(0, r.stderr().length() - 1)
              : r.stderr());
    }
    if (r.hangUntilSignalled()) {
      while (!waitFor(call, r, null)) {
        // keep waiting
      }
      return;
    }
    call.exit(r.exitCode());
  }

  /** Waits; returns true if a signal ended the call. */
  private static boolean waitFor(Call call, FakeResponse r, Duration d) {
    long end = d == null ? Long.MAX_VALUE : System.nanoTime() + d.toNanos();
    while (true) {
      Duration left = d == null ? null : Duration.ofNanos(Math.max(0, end - System.nanoTime()));
      Optional<String> sig = call.awaitSignal(left);
      if (sig.isEmpty()) {
        return false;
      }
      switch (sig.get()) {
        case Call.GONE -> {
          return true;
        }
        case "INT" -> {
          if (!r.ignoresSigint()) {
            call.exit(r.exitCodeOnSignal());
            return true;
          }
        }
        case "TERM" -> {
          if (r.diesOnSigterm()) {
            call.dieBySigterm();
            return true;
          }
          if (!r.ignoresSigterm()) {
            call.exit(r.exitCodeOnSignal());
            return true;
          }
        }
        default -> {
          // unknown message
        }
      }
    }
  }

  /**
   * Stops the fake: disconnects running clients (they exit 70; stragglers are killed), and deletes
   * the fake's folder if the fake created it.
   */
  @Override
  public void close() {
    List<Call> active = server.activeCalls();
    server.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (Call c : active) {
      Optional<ProcessHandle> h = ProcessHandle.of(c.pid());
      if (h.isPresent()) {
        try {
          h.get().onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
          h.get().destroyForcibly();
        }
      }
    }
    if (ownsDirectory) {
      deleteTree(directory);
    } else {
      try {
        Files.deleteIfExists(binary);
        Files.deleteIfExists(binary.getParent());
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  p.toFile().setWritable(true);
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static String localHostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException | RuntimeException e) {
      String h = System.getenv("HOSTNAME");
      return h != null && !h.isBlank() ? h : "localhost";
    }
  }

  private static long[] currentIds() {
    long[] ids = {0, 0};
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          ids[0] = Long.parseLong(line.split("\\s+")[1]);
        } else if (line.startsWith("Gid:")) {
          ids[1] = Long.parseLong(line.split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // keep 0
    }
    return ids;
  }

  @Override
  public String toString() {
    return "FakeRestic[" + persona.version() + ", " + binary + "]";
  }

  /** Configures a {@link FakeRestic}. */
  public static final class Builder {
    private ResticPersona persona = ResticPersona.defaultPersona();
    private Clock clock = Clock.systemUTC();
    private String hostname;
    private String username;
    private Path directory;

    private Builder() {}

    /**
     * Sets the persona (default {@link ResticPersona#defaultPersona()}).
     *
     * @param persona the persona
     * @return this builder
     */
    public Builder persona(ResticPersona persona) {
      this.persona = Objects.requireNonNull(persona, "persona");
      return this;
    }

    /**
     * Sets the clock for snapshot times and lock ages (default: system clock, UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the host name the fake reports (default: this machine's).
     *
     * @param hostname the host name
     * @return this builder
     */
    public Builder hostname(String hostname) {
      this.hostname = Objects.requireNonNull(hostname, "hostname");
      return this;
    }

    /**
     * Sets the user name the fake reports (default: {@code user.name}).
     *
     * @param username the user name
     * @return this builder
     */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username");
      return this;
    }

    /**
     * Puts the fake's files in an existing folder instead of a new temporary one (which is then not
     * deleted on close; only the binary is).
     *
     * @param directory the folder
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Starts the fake.
     *
     * @return the running fake
     * @throws UncheckedIOException if the socket or the script cannot be created
     */
    public FakeRestic start() {
      try {
        return new FakeRestic(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start FakeRestic", e);
      }
    }
  }
}
