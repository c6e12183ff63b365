package io.github.restic4j.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.RestServerProcess;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import io.github.restic4j.testkit.real.S3ProxyProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Not covered: the run journal, because the orchestration module that writes it is not merged
 * yet.
 */
@EnabledIfResticAvailable(restServer = true)
class SecretAuditIT {

  private static final String TAG = Rel.random(4);
  private static final String REPO_PASSWORD = "audit-repo-pw-" + TAG + "-" + Rel.random(6);
  private static final String HTTP_PASSWORD = "audit-http-pw-" + TAG + "-" + Rel.random(6);
  private static final String WRONG_PASSWORD = "audit-wrong-pw-" + TAG + "-" + Rel.random(6);

  /** Passwords other integration tests use, by the patterns Its and RestServerIT generate. */
  private static final List<Pattern> SUITE_SECRETS =
      List.of(Pattern.compile("it-pw-[0-9a-f]{16}"), Pattern.compile("s3cret-[0-9a-f]{12}"));

  private static final Set<String> secrets = ConcurrentHashMap.newKeySet();
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
    secrets.add(REPO_PASSWORD);
    secrets.add(HTTP_PASSWORD);
    secrets.add(WRONG_PASSWORD);
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
    ResticExecution<BackupSummary> holder =
        repo.start(
            BackupRequest.builder()
                .stdin(() -> input, "endless.bin")
                .timeout(Duration.ofSeconds(12))
                .build(),
            ResticCallback.none());
    try {
      assertThat(Rel.poll(Duration.ofSeconds(10), input::reading))
          .as("stdin backup started reading")
          .isTrue();
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

    auditEverything();
  }

  private static void s3Cycle(Restic restic) {
    var jar = ResticInstallations.get().s3proxyJar();
    if (jar.isEmpty()) {
      System.out.println("secret audit: S3Proxy not installed, S3 part skipped");
      assertThat(ResticInstallations.isCi()).as("S3Proxy must be installed in CI").isFalse();
      return;
    }
    s3 = S3ProxyProcess.start(jar.get());
    secrets.add(s3.accessKey());
    secrets.add(s3.secretKey());
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
    ResticRepository badKey =
        restic(Duration.ofSeconds(8))
            .repository(s3.repositoryLocation("audit-" + TAG))
            .password(Secret.of(REPO_PASSWORD))
            .environment("AWS_ACCESS_KEY_ID", Secret.of(s3.accessKey()))
            .environment("AWS_SECRET_ACCESS_KEY", Secret.of("audit-bad-key-" + TAG))
            .noCache()
            .build();
    secrets.add("audit-bad-key-" + TAG);
    Throwable denied = catchThrowable(badKey::snapshots);
    assertThat(denied).isInstanceOf(ResticException.class);
    errors.add(denied);
    secretsOf(repo);
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
            + " %d exceptions, %d log lines scanned; %d leaks%n",
        secrets.size(),
        argvSamples.size(),
        resticSamples.get(),
        outputLines.size(),
        errors.size(),
        log.size(),
        leaks.size());
    assertThat(leaks).as("secrets leaked").isEmpty();
  }

  private static void check(List<String> leaks, String where, String text) {
    Set<String> hit = new LinkedHashSet<>();
    String shown = text;
    for (String s : secrets) {
      if (text.contains(s)) {
        hit.add(s.substring(0, Math.min(8, s.length())) + "...");
        shown = shown.replace(s, "<SECRET>"); // the report itself must not spread the secret
      }
    }
    if (!hit.isEmpty()) {
      leaks.add(where + " contains " + hit + ": " + shown);
    }
  }
}
