package io.github.restic4j.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.restic4j.core.OutputLine;
import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.core.error.ResticTimeoutException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.orchestration.BackupPlan;
import io.github.restic4j.orchestration.FailureReason;
import io.github.restic4j.orchestration.JobKind;
import io.github.restic4j.orchestration.Orchestrator;
import io.github.restic4j.orchestration.PlanHealth;
import io.github.restic4j.orchestration.RetryPolicy;
import io.github.restic4j.orchestration.RunEvent;
import io.github.restic4j.orchestration.RunJournal;
import io.github.restic4j.orchestration.RunOutcome;
import io.github.restic4j.orchestration.RunRecord;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.RestServerProcess;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import io.github.restic4j.testkit.real.S3ProxyProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secret audit (issue 9). Runs a representative set of operations: a REST server with htpasswd
 * credentials in the URL, S3Proxy with AWS keys, a wrong password, a lock conflict and a timeout.
 * Meanwhile a sampler reads {@code /proc/PID/cmdline} of every child process of this JVM every few
 * milliseconds. Afterwards it scans, for every secret: the sampled argv, every output line handed
 * to callbacks, every exception (message, {@code toString()}, causes), the repositories' {@code
 * toString()}, and the whole log of the integration-test JVM (slf4j-simple writes it to the file
 * named by {@code org.slf4j.simpleLogger.logFile}, set by the failsafe configuration, with restic4j
 * at DEBUG). The reliability tests run last (failsafe runOrder=alphabetical), so that log holds
 * every integration test of the run; it is also scanned for the passwords of the other test classes
 * by their patterns.
 *
 * <p>The run journal: an {@link Orchestrator} with a {@link RunJournal} runs plans on the same REST
 * server (credentials in the URL), on an unreachable REST URL with credentials, on a local
 * repository whose password holds quotes, a newline and {@code $(...)}, and on S3Proxy with a wrong
 * secret key: successful backups and checks, a wrong password, a lock conflict, a timeout. The
 * journal file, the records read back, every {@link RunEvent}'s {@code toString()} and every plan's
 * {@link PlanHealth} are scanned as well.
 *
 * <p>Each secret is searched for in the forms a leak would plausibly take: as is, JSON-escaped (the
 * journal is JSON lines, where a quote or newline would be escaped), URL-encoded (credentials in
 * URLs), Base64 (the form of an HTTP basic auth header, also searched for as {@code
 * user:password}), and each line of a multi-line secret on its own (a log line or a message cut at
 * the newline). Hashes (the htpasswd file holds SHA-1) are not searched for: they do not reveal the
 * secret.
 */
@EnabledIfResticAvailable(restServer = true)
class SecretAuditIT {

  private static final String TAG = Rel.random(4);
  private static final String REPO_PASSWORD = "audit-repo-pw-" + TAG + "-" + Rel.random(6);
  private static final String HTTP_PASSWORD = "audit-http-pw-" + TAG + "-" + Rel.random(6);
  private static final String WRONG_PASSWORD = "audit-wrong-pw-" + TAG + "-" + Rel.random(6);

  /** A password a shell or a JSON writer would mangle: quotes, a newline, substitutions. */
  private static final String WEIRD_PASSWORD =
      "audit-weird-pw-"
          + TAG
          + "-"
          + Rel.random(6)
          + "'\" \n$(touch audit-marker)`id`${HOME}-"
          + TAG
          + "-"
          + Rel.random(6);

  /** Passwords other integration tests use, by the patterns Its and RestServerIT generate. */
  private static final List<Pattern> SUITE_SECRETS =
      List.of(Pattern.compile("it-pw-[0-9a-f]{16}"), Pattern.compile("s3cret-[0-9a-f]{12}"));

  private static final Set<String> secrets = ConcurrentHashMap.newKeySet();

  /** Every form a secret is searched for in, to a label naming the form and the secret. */
  private static final Map<String, String> forms = new ConcurrentHashMap<>();

  private static final List<String> journalLines = Collections.synchronizedList(new ArrayList<>());
  private static final List<String> outputLines = Collections.synchronizedList(new ArrayList<>());
  private static final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
  private static final Set<String> argvSamples = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger resticSamples = new AtomicInteger();
  private static final AtomicBoolean sampling = new AtomicBoolean(true);
  private static Thread sampler;

  private static Path work;
  private static Path source;
  private static ResticInstallation installation;
  private static RestServerProcess rest;
  private static S3ProxyProcess s3;

  @BeforeAll
  static void start() throws IOException {
    installation = Rel.newestRestic();
    work = Rel.tempDir("secrets");
    source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "alpha\n");
    addSecret(REPO_PASSWORD);
    addSecret(HTTP_PASSWORD);
    addSecret(WRONG_PASSWORD);
    addSecret(WEIRD_PASSWORD);
    addForm(base64("auditor:" + HTTP_PASSWORD), "basic auth header", HTTP_PASSWORD);
    rest =
        RestServerProcess.builder(ResticInstallations.get().requireRestServer())
            .user("auditor", HTTP_PASSWORD)
            .start();
    sampler = new Thread(SecretAuditIT::sample, "argv-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private static void sample() {
    while (sampling.get()) {
      ProcessHandle.current()
          .descendants()
          .forEach(
              h -> {
                String argv = Rel.cmdline(h.pid());
                if (!argv.isEmpty()) {
                  argvSamples.add(argv);
                  if (argv.contains("restic ") || argv.contains("/restic")) {
                    resticSamples.incrementAndGet();
                  }
                }
              });
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    sampling.set(false);
    if (sampler != null) {
      sampler.join(2000);
    }
    if (rest != null) {
      rest.close();
    }
    if (s3 != null) {
      s3.close();
    }
    Rel.deleteRecursively(work);
  }

  private static ResticCallback<Object, Object> recording() {
    return new ResticCallback<>() {
      @Override
      public void onOutput(OutputLine line) {
        outputLines.add(line.text());
      }
    };
  }

  private static Restic restic(Duration timeout) {
    return installation
        .resticBuilder()
        .gracePeriod(Duration.ofSeconds(10))
        .defaultTimeout(timeout)
        .build();
  }

  @Test
  void noSecretInArgvLogsExceptionsOrOutput() throws Exception {
    Restic restic = restic(Duration.ofMinutes(2));

    // 1. REST server, htpasswd credentials in the URL
    String url = rest.repositoryUrl("audit", "auditor", HTTP_PASSWORD);
    ResticRepository repo =
        restic.repository(url).password(Secret.of(REPO_PASSWORD)).noCache().build();
    repo.run(io.github.restic4j.core.command.InitRequest.builder().build());
    BackupSummary first = repo.backup(BackupRequest.of(source), e -> {});
    assertThat(repo.snapshots()).hasSize(1);
    assertThat(repo.check(CheckRequest.builder().build()).ok()).isTrue();
    runRecorded(repo, BackupRequest.of(source));

    // 2. a wrong password
    ResticRepository wrong =
        restic.repository(url).password(Secret.of(WRONG_PASSWORD)).noCache().build();
    Throwable wrongPw = catchThrowable(wrong::snapshots);
    assertThat(wrongPw).isInstanceOf(WrongPasswordException.class);
    errors.add(wrongPw);

    // 3. a lock conflict (a running stdin backup holds a lock, prune needs an exclusive one)
    //    and 4. a timeout (that backup never ends and is stopped after its timeout)
    PacedInput input = new PacedInput();
    ResticExecution<BackupSummary> holder = holdLock(repo, input, Duration.ofSeconds(12));
    try {
      Throwable locked = catchThrowable(() -> repo.prune(PruneRequest.builder().build()));
      assertThat(locked).isInstanceOf(RepositoryLockedException.class);
      errors.add(locked);
      Throwable timeout = catchThrowable(() -> holder.await(Duration.ofSeconds(40)));
      assertThat(timeout).isInstanceOf(ResticTimeoutException.class);
      errors.add(timeout);
    } finally {
      input.end();
      holder.close();
    }
    errors.add(
        catchThrowable(
            () -> repo.run(io.github.restic4j.core.command.InitRequest.builder().build())));
    assertThat(repo.snapshots()).extracting(s -> s.id()).contains(first.snapshotId());
    secretsOf(repo);

    // 5. S3Proxy with AWS keys
    s3Cycle(restic);

    // 6. the orchestrator and its run journal
    orchestratorCycle(restic, url);

    auditEverything();
  }

  /**
   * Runs plans through an orchestrator with a journal: successes and failures whose restic messages
   * could echo a secret. Collects the journal, the events and the health for the audit.
   */
  private static void orchestratorCycle(Restic restic, String restUrl) throws Exception {
    Path local = work.resolve("local-weird");
    ResticRepository weird =
        restic.repository(local.toString()).password(Secret.of(WEIRD_PASSWORD)).noCache().build();
    weird.init();
    ResticRepository rest =
        restic.repository(restUrl).password(Secret.of(REPO_PASSWORD)).noCache().build();
    ResticRepository wrongPw =
        restic.repository(restUrl).password(Secret.of(WRONG_PASSWORD)).noCache().build();
    String downUrl =
        "rest:http://auditor:" + HTTP_PASSWORD + "@127.0.0.1:" + closedPort() + "/audit-down";
    // restic retries a refused connection for minutes: a short timeout ends the run
    ResticRepository down =
        restic(Duration.ofSeconds(6))
            .repository(downUrl)
            .password(Secret.of(REPO_PASSWORD))
            .noCache()
            .build();

    RunJournal journal = RunJournal.at(work.resolve("journal/runs.jsonl"));
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Orchestrator orchestrator =
        Orchestrator.builder().journal(journal).listener(events::add).build();
    orchestrator
        .add(plan("o-rest", rest).build())
        .add(plan("o-wrong-pw", wrongPw).build())
        .add(plan("o-down", down).build())
        .add(plan("o-weird", weird).lockPolicy(LockPolicy.failFast()).build());
    ResticRepository badKey = null;
    if (s3 != null) {
      badKey = badKeyRepository(Duration.ofSeconds(6));
      orchestrator.add(plan("o-s3-bad-key", badKey).build());
    }
    try {
      assertThat(run(orchestrator, "o-rest", JobKind.BACKUP))
          .isInstanceOf(RunEvent.Succeeded.class);
      assertThat(run(orchestrator, "o-rest", JobKind.CHECK)).isInstanceOf(RunEvent.Succeeded.class);
      assertThat(run(orchestrator, "o-weird", JobKind.BACKUP))
          .isInstanceOf(RunEvent.Succeeded.class);
      assertFailed(run(orchestrator, "o-wrong-pw", JobKind.BACKUP), FailureReason.WRONG_PASSWORD);
      assertFailed(
          run(orchestrator, "o-down", JobKind.BACKUP),
          FailureReason.TIMEOUT,
          FailureReason.BACKEND,
          FailureReason.TRANSIENT_BACKEND);
      if (badKey != null) {
        assertFailed(
            run(orchestrator, "o-s3-bad-key", JobKind.BACKUP),
            FailureReason.TIMEOUT,
            FailureReason.BACKEND,
            FailureReason.TRANSIENT_BACKEND);
      }
      // a lock conflict: a running stdin backup holds a lock, the plan's prune needs an exclusive
      PacedInput input = new PacedInput();
      ResticExecution<BackupSummary> holder = holdLock(weird, input, Duration.ofSeconds(60));
      try {
        assertFailed(
            run(orchestrator, "o-weird", JobKind.PRUNE),
            FailureReason.LOCK_NOT_ACQUIRED,
            FailureReason.LOCK_CONFLICT);
      } finally {
        input.end();
        holder.close();
      }
      for (PlanHealth h : orchestrator.health()) {
        outputLines.add(h.toString());
        h.lastFailureReason().ifPresent(r -> outputLines.add(r.toString()));
      }
    } finally {
      assertThat(orchestrator.stop(Duration.ofSeconds(30))).as("orchestrator stopped").isTrue();
    }
    for (RunEvent e : events) {
      outputLines.add(e.toString());
    }
    assertThat(events).anyMatch(RunEvent.LockObserved.class::isInstance);
    List<RunRecord> records = journal.read();
    assertThat(records)
        .extracting(RunRecord::outcome)
        .contains(RunOutcome.SUCCEEDED, RunOutcome.FAILED);
    assertThat(records).hasSize(badKey != null ? 7 : 6);
    for (RunRecord r : records) {
      journalLines.add(r.toString());
    }
    journalLines.addAll(Files.readAllLines(journal.file(), StandardCharsets.UTF_8));
    System.out.printf(
        "secret audit: journal of %d runs (%s)%n",
        records.size(),
        records.stream()
            .map(r -> r.planId() + " " + r.kind() + " " + r.outcome() + " " + r.failureReason())
            .toList());
  }

  /** Starts a stdin backup that holds a lock until {@code input} ends, once it reads. */
  private static ResticExecution<BackupSummary> holdLock(
      ResticRepository repo, PacedInput input, Duration timeout) {
    ResticExecution<BackupSummary> holder =
        repo.start(
            BackupRequest.builder().stdin(() -> input, "endless.bin").timeout(timeout).build(),
            ResticCallback.none());
    if (!Rel.poll(Duration.ofSeconds(10), input::reading)) {
      holder.close();
      throw new AssertionError("stdin backup did not start reading");
    }
    return holder;
  }

  private static BackupPlan.Builder plan(String id, ResticRepository repo) {
    return BackupPlan.builder(id)
        .repository(repo)
        .source(source)
        .tag("audit")
        .retryPolicy(RetryPolicy.none());
  }

  private static RunEvent run(Orchestrator o, String planId, JobKind kind) throws Exception {
    return o.runNow(planId, kind).get(2, TimeUnit.MINUTES);
  }

  private static void assertFailed(RunEvent e, FailureReason... reasons) {
    assertThat(e).isInstanceOf(RunEvent.Failed.class);
    assertThat(((RunEvent.Failed) e).reason()).as(e.toString()).isIn((Object[]) reasons);
  }

  /** A loopback port nothing listens on (bound, then released). */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void s3Cycle(Restic restic) {
    var jar = ResticInstallations.get().s3proxyJar();
    if (jar.isEmpty()) {
      System.out.println("secret audit: S3Proxy not installed, S3 part skipped");
      assertThat(ResticInstallations.isCi()).as("S3Proxy must be installed in CI").isFalse();
      return;
    }
    s3 = S3ProxyProcess.start(jar.get());
    addSecret(s3.accessKey());
    addSecret(s3.secretKey());
    ResticRepository repo =
        restic
            .repository(s3.repositoryLocation("audit-" + TAG))
            .password(Secret.of(REPO_PASSWORD))
            .environment("AWS_ACCESS_KEY_ID", Secret.of(s3.accessKey()))
            .environment("AWS_SECRET_ACCESS_KEY", Secret.of(s3.secretKey()))
            .noCache()
            .build();
    repo.init();
    repo.backup(BackupRequest.of(source));
    assertThat(repo.snapshots()).hasSize(1);
    // restic retries a refused S3 request for minutes: a short timeout ends it (typed as well)
    ResticRepository badKey = badKeyRepository(Duration.ofSeconds(8));
    addSecret("audit-bad-key-" + TAG);
    Throwable denied = catchThrowable(badKey::snapshots);
    assertThat(denied).isInstanceOf(ResticException.class);
    errors.add(denied);
    secretsOf(repo);
  }

  /** The S3 repository with a wrong secret key; restic retries, so the timeout ends it. */
  private static ResticRepository badKeyRepository(Duration timeout) {
    return restic(timeout)
        .repository(s3.repositoryLocation("audit-" + TAG))
        .password(Secret.of(REPO_PASSWORD))
        .environment("AWS_ACCESS_KEY_ID", Secret.of(s3.accessKey()))
        .environment("AWS_SECRET_ACCESS_KEY", Secret.of("audit-bad-key-" + TAG))
        .noCache()
        .build();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void runRecorded(ResticRepository repo, BackupRequest request) {
    ResticExecution<?> e = repo.start(request, (ResticCallback) recording());
    e.await(Duration.ofMinutes(1));
  }

  private static void secretsOf(ResticRepository repo) {
    outputLines.add(repo.toString());
    outputLines.add(repo.displayName());
    outputLines.add(repo.restic().toString());
  }

  private static void auditEverything() throws IOException {
    sampling.set(false);
    List<String> leaks = new ArrayList<>();

    assertThat(resticSamples.get()).as("the sampler saw restic processes").isPositive();
    for (String argv : argvSamples) {
      check(leaks, "argv", argv);
    }
    synchronized (outputLines) {
      for (String line : outputLines) {
        check(leaks, "output/toString", line);
      }
    }
    synchronized (errors) {
      for (Throwable t : errors) {
        for (Throwable c = t; c != null; c = c.getCause()) {
          check(leaks, "exception message", String.valueOf(c.getMessage()));
          check(leaks, "exception toString", c.toString());
        }
      }
    }

    assertThat(journalLines).as("the run journal was read").isNotEmpty();
    synchronized (journalLines) {
      for (String line : journalLines) {
        check(leaks, "run journal", line);
      }
    }

    String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
    assertThat(logFile)
        .as("failsafe must route slf4j-simple to a file (org.slf4j.simpleLogger.logFile)")
        .isNotBlank()
        .isNotEqualTo("System.err")
        .isNotEqualTo("System.out");
    List<String> log = Files.readAllLines(Path.of(logFile), StandardCharsets.UTF_8);
    assertThat(log)
        .as("restic4j logged at DEBUG while the audit ran")
        .anyMatch(l -> l.contains("running restic"));
    for (String line : log) {
      check(leaks, "log " + logFile, line);
      for (Pattern p : SUITE_SECRETS) {
        if (p.matcher(line).find()) {
          leaks.add("log " + logFile + ": another test's password: " + line);
        }
      }
    }
    System.out.printf(
        "secret audit: %d secrets, %d argv samples (%d of restic), %d output lines,"
            + " %d exceptions, %d journal lines, %d log lines scanned; %d leaks%n",
        secrets.size(),
        argvSamples.size(),
        resticSamples.get(),
        outputLines.size(),
        errors.size(),
        journalLines.size(),
        log.size(),
        leaks.size());
    assertThat(leaks).as("secrets leaked").isEmpty();
  }

  /** Registers a secret and the forms it is searched for in (see the class comment). */
  private static void addSecret(String secret) {
    secrets.add(secret);
    addForm(secret, "as is", secret);
    addForm(new String(JsonStringEncoder.getInstance().quoteAsString(secret)), "JSON", secret);
    addForm(URLEncoder.encode(secret, StandardCharsets.UTF_8), "URL-encoded", secret);
    addForm(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"), "URL", secret);
    addForm(base64(secret), "Base64", secret);
    for (String line : secret.split("[\\r\\n]+")) {
      if (line.length() >= 12) {
        addForm(line, "a line of", secret);
      }
    }
  }

  private static void addForm(String form, String how, String secret) {
    forms.putIfAbsent(form, how + " " + secret.substring(0, Math.min(8, secret.length())) + "...");
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void check(List<String> leaks, String where, String text) {
    Set<String> hit = new LinkedHashSet<>();
    String shown = text;
    for (Map.Entry<String, String> f : forms.entrySet()) {
      if (text.contains(f.getKey())) {
        hit.add(f.getValue());
        shown = shown.replace(f.getKey(), "<SECRET>"); // the report must not spread the secret
      }
    }
    if (!hit.isEmpty()) {
      leaks.add(where + " contains " + hit + ": " + shown);
    }
  }
}
