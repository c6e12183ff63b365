package io.github.restic4j.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.CheckResult;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.error.ResticException;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.orchestration.FailureReason;
import io.github.restic4j.orchestration.JobKind;
import io.github.restic4j.orchestration.RunJournal;
import io.github.restic4j.orchestration.RunOutcome;
import io.github.restic4j.orchestration.RunRecord;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.RestServerProcess;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import io.github.restic4j.testkit.real.S3ProxyProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Chaos soak (issue 9): simulated hosts, each its own host name, run scheduled backups, forgets,
 * prunes and checks against one repository on local disk, one on rest-server and one on S3Proxy,
 * while a killer SIGKILLs random restic processes and, now and then, a whole simulated host's JVM.
 *
 * <ul>
 *   <li><b>In-JVM hosts</b> ({@code simhost-N}): application threads of the test JVM, one per
 *       repository, run jobs back to back through one {@link LockManager} per host; restic runs in
 *       a wrapper {@code unshare --uts sh -c 'hostname simhost-N && exec restic "$@"'}.
 *   <li><b>Host JVMs</b> ({@code simhost-jvm-N}): {@link ChaosHost}, a JVM of its own started as
 *       {@code unshare --uts sh -c 'hostname simhost-jvm-N && exec java ... ChaosHost'}, running a
 *       real {@code Orchestrator} with scheduled plans. The killer SIGKILLs such a JVM (preferably
 *       while it runs restic, whose children then live on as orphans until they write to the dead
 *       pipe, or are killed too) and the test restarts it after a short pause with the same host
 *       name, so the restarted host's {@code LockManager} meets the locks its previous incarnation
 *       left. What the verification needs survives the kill in files: the run journal, a {@link
 *       LockLog} and the list of created files.
 * </ul>
 *
 * <p>A sampler records every few milliseconds which of the soak's restic processes are alive (found
 * by an environment marker, orphans included; PID and start time identify a process). Afterwards:
 * every backup reported successful (by restic4j in-JVM, by the journals for host JVMs) exists if it
 * was not subject to a forget, and every one still present restores byte-identical (host JVMs:
 * every restored file equals {@link ChaosHost#content(String)} and every file created before the
 * run started is in it); {@code check --read-data} is clean; no lock removed by any host's {@code
 * LockManager} (and no unlock target) belonged to a holder that was alive between the start of the
 * unlock and its report; every failed job has a typed reason; no job outlived its deadline; no host
 * JVM ended other than by the killer or its graceful stop, and each stopped within its timeout; no
 * restic process and no host JVM is left running. Figures are printed per repository and per kind
 * of fault.
 *
 * <p>When {@code unshare --uts} is not permitted (or with {@code -Dchaos.noUnshare=true}) the test
 * says so and falls back to one in-JVM host and one host JVM, both with the machine's host name;
 * under {@code CI=true} that is a failure.
 *
 * <p>Bounded: {@code -Dchaos.duration} (ISO-8601, default PT40S) of chaos; about two minutes
 * including setup and verification (95 to 130 s on a 2-CPU machine shared with other builds). Run
 * longer locally with {@code -Dchaos.duration=PT30M}; {@code -Dchaos.hosts} and {@code
 * -Dchaos.jvmHosts} change the number of simulated hosts (default 2 and 2); {@code
 * -Dchaos.keep=true} keeps the work folder (journals, lock logs, host logs).
 */
@EnabledIfResticAvailable(restServer = true, s3Proxy = true)
class ChaosSoakIT {

  // in-JVM hosts
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(25);
  private static final Duration LOCK_DEADLINE = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(5);

  /** A job may take its lock deadline, then its restic timeout plus the grace to stop restic. */
  private static final Duration JOB_DEADLINE = LOCK_DEADLINE.plus(GRACE).plusSeconds(10);

  // host JVMs: their plans and policies (see ChaosHost)
  private static final Duration JVM_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration JVM_LOCK_DEADLINE = Duration.ofSeconds(20);
  private static final Duration JVM_GRACE = Duration.ofSeconds(3);
  private static final int JVM_RETRY_ATTEMPTS = 2;
  private static final Duration JVM_RETRY_BACKOFF = Duration.ofSeconds(2);

  /**
   * One restic call of a host JVM's run: its lock deadline (gate, waiting, unlocking, retrying),
   * then the command's timeout and the grace to stop it.
   */
  private static final Duration JVM_CALL_BOUND =
      JVM_LOCK_DEADLINE.plus(JVM_TIMEOUT).plus(JVM_GRACE);

  private static final String PASSWORD = "chaos-" + Rel.random(6);

  /** A repository of the soak. */
  record Backend(String name, String location, Map<String, String> env) {}

  /** A backup that restic4j reported successful to an in-JVM host. */
  record Backup(
      String repo, String snapshotId, Path source, Map<String, byte[]> files, boolean keep) {}

  /** An in-JVM job outcome. */
  record Job(String host, String repo, String kind, Duration took, Throwable failure) {}

  /** When a restic process was seen alive (first and last sample). */
  static final class Life {
    final ChaosProcs.Proc proc;
    final Instant first;
    volatile Instant last;

    Life(ChaosProcs.Proc proc, Instant now) {
      this.proc = proc;
      this.first = now;
      this.last = now;
    }
  }

  private final String soakId = Rel.random(8);
  private final ChaosProcs procs = new ChaosProcs(soakId);
  private final Map<ChaosProcs.Key, Life> lives = new ConcurrentHashMap<>();
  private final List<Backup> backups = Collections.synchronizedList(new ArrayList<>());
  private final List<Job> jobs = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> resticKills = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hostKills = new ConcurrentHashMap<>();
  private final AtomicInteger orphans = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean chaos = new AtomicBoolean(true);

  private Path work;
  private boolean uts;
  private ResticInstallation installation;

  @Test
  void chaosSoakLosesNothing() throws Exception {
    Duration duration = Duration.parse(System.getProperty("chaos.duration", "PT40S"));
    installation = Rel.newestRestic();
    work = Rel.tempDir("chaos");
    uts = !Boolean.getBoolean("chaos.noUnshare") && Rel.sh("unshare --uts true") == 0;
    if (!uts) {
      System.out.println(
          "chaos soak: 'unshare --uts' is NOT permitted here: falling back to ONE in-JVM host and"
              + " ONE host JVM, both with this machine's host name");
      assertThat(ResticInstallations.isCi()).as("unshare --uts must work in CI (root)").isFalse();
    }
    int hosts = uts ? Integer.getInteger("chaos.hosts", 2) : 1;
    int jvmHosts = uts ? Integer.getInteger("chaos.jvmHosts", 2) : 1;
    Instant t0 = Instant.now();
    Thread sampler = daemon("pid-sampler", this::sample);
    sampler.start();
    List<HostJvm> jvms = new ArrayList<>();
    try (RestServerProcess rest =
            RestServerProcess.start(ResticInstallations.get().requireRestServer());
        S3ProxyProcess s3 = S3ProxyProcess.start(ResticInstallations.get().requireS3ProxyJar())) {
      Map<String, Backend> backends = new LinkedHashMap<>();
      backends.put("local", new Backend("local", work.resolve("repo-local").toString(), Map.of()));
      backends.put("rest", new Backend("rest", rest.repositoryUrl("chaos"), Map.of()));
      backends.put(
          "s3",
          new Backend(
              "s3",
              s3.repositoryLocation("chaos"),
              Map.of(
                  "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey())));

      // one Restic (a wrapper in its own UTS namespace) and one LockManager per in-JVM host
      List<String> names = new ArrayList<>();
      Map<String, Restic> restics = new TreeMap<>();
      Map<String, LockManager> managers = new TreeMap<>();
      List<LockLog> lockLogs = new ArrayList<>();
      for (int h = 1; h <= hosts; h++) {
        String name = uts ? "simhost-" + h : hostname();
        names.add(name);
        restics.put(name, restic(name, JOB_TIMEOUT));
        LockLog log = LockLog.open(hostDir(name).resolve("locks.log"), name, 0);
        lockLogs.add(log);
        managers.put(name, LockManager.builder().hostname(name).listener(log).build());
      }
      Restic first = restics.get(names.get(0));
      for (Backend b : backends.values()) {
        repo(first, b).init();
      }

      // host JVMs
      for (int h = 1; h <= jvmHosts; h++) {
        String name = uts ? "simhost-jvm-" + h : hostname();
        HostJvm jvm = new HostJvm(name, hostDir(uts ? name : "jvm-" + h));
        jvm.configure(backends.values(), s3);
        jvms.add(jvm);
      }
      jvms.forEach(HostJvm::begin);
      Instant chaosStart = Instant.now();

      // application threads of the in-JVM hosts: one per (host, repository)
      List<Thread> threads = new ArrayList<>();
      Instant end = Instant.now().plus(duration);
      for (String host : names) {
        for (Backend b : backends.values()) {
          ResticRepository repo = repo(restics.get(host), b);
          LockManager lm = managers.get(host);
          threads.add(
              daemon("app-" + host + "-" + b.name(), () -> appLoop(host, b.name(), repo, lm, end)));
        }
      }
      Thread killer = daemon("killer", () -> killLoop(end, duration, jvms));
      threads.forEach(Thread::start);
      killer.start();
      for (Thread t : threads) {
        t.join(duration.plus(JOB_DEADLINE).plusSeconds(30).toMillis());
        assertThat(t.isAlive()).as("%s still running", t.getName()).isFalse();
      }
      chaos.set(false);
      killer.join(5000);
      Instant drained = Instant.now();

      // host JVMs stop gracefully (Orchestrator.stop) and nothing of the soak is left running
      jvms.forEach(HostJvm::requestStop);
      for (HostJvm j : jvms) {
        j.awaitStop(ChaosHost.STOP_TIMEOUT.plusSeconds(20));
      }
      assertThat(Rel.poll(Duration.ofSeconds(20), () -> procs.restics().isEmpty()))
          .as("restic processes left running: %s", procs.restics())
          .isTrue();
      assertThat(procs.hostJvms()).as("host JVMs left running").isEmpty();
      running.set(false);
      sampler.join(2000);
      lockLogs.forEach(LockLog::close);
      Instant stopped = Instant.now();

      // stale locks of killed processes: each host's restic removes its own dead pids' locks
      Map<String, Integer> locksLeft = new TreeMap<>();
      for (Backend b : backends.values()) {
        locksLeft.put(b.name(), repo(first, b).listLocks().size());
      }
      List<String> allHosts = new ArrayList<>(names);
      jvms.forEach(j -> allHosts.add(j.name));
      for (String host : new java.util.LinkedHashSet<>(allHosts)) {
        Restic r = restics.containsKey(host) ? restics.get(host) : restic(host, JOB_TIMEOUT);
        for (Backend b : backends.values()) {
          repo(r, b).unlock(UnlockRequest.staleOnly());
        }
      }

      // per repository, in parallel: check --read-data, then restore every successful backup
      Map<String, BackendCheck> checks = new LinkedHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(backends.size());
      try {
        Map<String, Future<BackendCheck>> futures = new LinkedHashMap<>();
        for (Backend b : backends.values()) {
          futures.put(b.name(), pool.submit(() -> verify(repo(first, b), b.name(), jvms)));
        }
        for (Map.Entry<String, Future<BackendCheck>> f : futures.entrySet()) {
          checks.put(f.getKey(), f.getValue().get());
        }
      } finally {
        pool.shutdownNow();
      }

      // locks: nothing removed (or targeted) while its holder was alive
      List<LockLog.Entry> lockEntries = new ArrayList<>();
      int tornLockLines = 0;
      for (String host : names) {
        lockEntries.addAll(LockLog.read(hostDir(host).resolve("locks.log")).entries());
      }
      for (HostJvm j : jvms) {
        LockLog.Contents c = LockLog.read(j.dir.resolve("locks.log"));
        lockEntries.addAll(c.entries());
        tornLockLines += c.tornLines();
      }
      List<LockLog.Entry> removed =
          lockEntries.stream().filter(e -> e.kind().equals("REMOVED")).toList();
      List<String> liveRemoved = new ArrayList<>();
      List<String> liveTargeted = new ArrayList<>();
      for (LockLog.Entry e : lockEntries) {
        if (!e.kind().equals("ATTEMPT") && !e.kind().equals("REMOVED")) {
          continue;
        }
        Optional<Life> alive = holderAliveIn(e, e.attemptAt(), e.at());
        if (alive.isPresent()) {
          String what =
              e
                  + " (holder "
                  + alive.get().proc
                  + " seen alive "
                  + alive.get().first
                  + " .. "
                  + alive.get().last
                  + ")";
          (e.kind().equals("REMOVED") ? liveRemoved : liveTargeted).add(what);
        }
      }
      // locks of a killed host JVM's incarnation that its restart met and removed
      Map<String, Long> metOld = new TreeMap<>();
      for (String kind : List.of("SEEN", "ATTEMPT", "REMOVED")) {
        metOld.put(
            kind,
            lockEntries.stream()
                .filter(e -> e.kind().equals(kind) && e.incarnation() > 0)
                .filter(e -> e.holderHost().equals(e.remover()))
                .filter(
                    e -> holder(e).map(l -> l.proc.incarnation() < e.incarnation()).orElse(false))
                .map(LockLog.Entry::lockId)
                .distinct()
                .count());
      }

      // in-JVM jobs: every failure typed, every job within its deadline
      List<Job> all = List.copyOf(jobs);
      List<Job> untyped =
          all.stream()
              .filter(j -> j.failure() != null && !(j.failure() instanceof ResticException))
              .toList();
      List<Job> late = all.stream().filter(j -> j.took().compareTo(JOB_DEADLINE) > 0).toList();

      // host JVMs' journals: every failure typed, every run within its deadline
      Map<String, List<RunRecord>> journals = new LinkedHashMap<>();
      int tornJournalLines = 0;
      for (HostJvm j : jvms) {
        Path file = j.dir.resolve("journal.jsonl");
        journals.put(j.name, RunJournal.read(file));
        if (Files.exists(file)) {
          tornJournalLines +=
              (int) Rel.lenientLines(file).stream().filter(l -> !l.isBlank()).count()
                  - journals.get(j.name).size();
        }
      }
      List<String> jvmUntyped = new ArrayList<>();
      List<String> jvmCheckErrors = new ArrayList<>();
      List<String> jvmLate = new ArrayList<>();
      Map<JobKind, Duration> longest = new EnumMap<>(JobKind.class);
      Set<String> typed =
          EnumSet.allOf(FailureReason.class).stream()
              .filter(r -> r != FailureReason.INTERNAL)
              .map(Enum::name)
              .collect(Collectors.toSet());
      for (Map.Entry<String, List<RunRecord>> e : journals.entrySet()) {
        for (RunRecord r : e.getValue()) {
          if (r.outcome() == RunOutcome.FAILED && !typed.contains(r.failureReason())) {
            jvmUntyped.add(e.getKey() + ": " + r);
          }
          if (r.failureReason().equals(FailureReason.CHECK_FAILED.name())) {
            jvmCheckErrors.add(e.getKey() + ": " + r);
          }
          Duration took = Duration.between(r.startedAt(), r.endedAt());
          longest.merge(r.kind(), took, (a, b) -> a.compareTo(b) >= 0 ? a : b);
          if (took.compareTo(jvmDeadline(r)) > 0) {
            jvmLate.add(e.getKey() + ": took " + took + " > " + jvmDeadline(r) + ": " + r);
          }
        }
      }

      printFigures(
          duration,
          String.format(
              "setup %ds, chaos and last jobs %ds, stop %ds, unlock and verification %ds",
              Duration.between(t0, chaosStart).toSeconds(),
              Duration.between(chaosStart, drained).toSeconds(),
              Duration.between(drained, stopped).toSeconds(),
              Duration.between(stopped, Instant.now()).toSeconds()),
          names,
          jvms,
          backends.keySet(),
          all,
          journals,
          checks,
          removed,
          liveRemoved.size(),
          lockEntries.stream()
              .collect(
                  Collectors.groupingBy(LockLog.Entry::kind, TreeMap::new, Collectors.counting())),
          locksLeft,
          metOld,
          tornLockLines,
          tornJournalLines,
          longest);

      List<String> problems =
          checks.values().stream().flatMap(c -> c.problems.stream()).collect(Collectors.toList());
      assertThat(problems).as("lost or corrupted data").isEmpty();
      assertThat(checks.values())
          .as("check --read-data clean")
          .allSatisfy(c -> assertThat(c.checkOk).as(c.checkDetail).isTrue());
      assertThat(liveRemoved).as("locks of live holders removed").isEmpty();
      assertThat(liveTargeted).as("unlocks that targeted a live holder's lock").isEmpty();
      assertThat(untyped).as("failed in-JVM jobs without a typed reason").isEmpty();
      assertThat(late).as("in-JVM jobs that outlived their deadline of %s", JOB_DEADLINE).isEmpty();
      assertThat(jvmUntyped).as("failed host-JVM runs without a typed reason").isEmpty();
      assertThat(jvmCheckErrors).as("host-JVM checks that found errors during the soak").isEmpty();
      assertThat(jvmLate).as("host-JVM runs that outlived their deadline").isEmpty();
      for (HostJvm j : jvms) {
        assertThat(j.problems).as("host JVM %s", j.name).isEmpty();
      }
      assertThat(all.stream().filter(j -> j.failure() == null).count())
          .as("some in-JVM jobs succeeded")
          .isPositive();
      for (Map.Entry<String, List<RunRecord>> e : journals.entrySet()) {
        assertThat(e.getValue())
            .as("host JVM %s ran backups", e.getKey())
            .anyMatch(r -> r.kind() == JobKind.BACKUP && r.outcome() == RunOutcome.SUCCEEDED);
      }
      assertThat(hostKills.values().stream().mapToInt(AtomicInteger::get).sum())
          .as("host JVMs SIGKILLed")
          .isPositive();
      assertThat(jvms)
          .as("every killed host JVM was restarted")
          .allSatisfy(j -> assertThat(j.restarts.get()).isGreaterThanOrEqualTo(j.kills.get() - 1));
    } finally {
      chaos.set(false);
      running.set(false);
      for (HostJvm j : jvms) {
        j.destroy();
      }
      for (ChaosProcs.Proc p : procs.scan()) {
        kill(p);
      }
      if (!Boolean.getBoolean("chaos.keep")) {
        Rel.deleteRecursively(work);
      } else {
        System.out.println("chaos soak: work folder kept: " + work);
      }
    }
  }

  // ---------------------------------------------------------------- setup

  private static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private Path hostDir(String name) {
    Path d = work.resolve("hosts").resolve(name);
    try {
      return Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Restic restic(String host, Duration timeout) {
    return Restic.builder()
        .binary(wrapper(installation.binary(), host))
        .version(installation.version())
        .gracePeriod(GRACE)
        .defaultTimeout(timeout)
        .build();
  }

  private static ResticRepository repo(Restic restic, Backend b) {
    ResticRepository.Builder r = restic.repository(b.location()).password(Secret.of(PASSWORD));
    b.env().forEach((k, v) -> r.environment(k, Secret.of(v)));
    return r.noCache().build();
  }

  /**
   * A restic wrapper that marks restic for the sampler and runs it with the host's name, in a new
   * UTS namespace (when permitted).
   */
  private Path wrapper(Path restic, String host) {
    String mark = "export CHAOS_SOAK='" + soakId + "' CHAOS_HOST='" + host + "'\n";
    if (!uts) {
      return Rel.script(hostDir(host), "restic", mark + "exec '" + restic + "' \"$@\"");
    }
    return Rel.script(
        hostDir(host),
        "restic",
        mark
            + "exec unshare --uts sh -c 'hostname "
            + host
            + " && exec \"$0\" \"$@\"' '"
            + restic
            + "' \"$@\"");
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  // ---------------------------------------------------------------- in-JVM hosts

  private void appLoop(
      String host, String repoName, ResticRepository repo, LockManager lm, Instant end) {
    Random random = new Random();
    int n = 0;
    while (Instant.now().isBefore(end)) {
      int dice = random.nextInt(100);
      String kind = dice < 60 ? "backup" : dice < 72 ? "forget" : dice < 80 ? "prune" : "check";
      Instant start = Instant.now();
      Throwable failure = null;
      try {
        switch (kind) {
          case "backup" -> backup(host, repoName, repo, lm, n++, random);
          case "forget" ->
              run(
                  lm,
                  repo,
                  ForgetRequest.builder()
                      .tag("churn")
                      .keepLast(2)
                      .groupBy()
                      .timeout(JOB_TIMEOUT)
                      .build());
          case "prune" -> run(lm, repo, PruneRequest.builder().timeout(JOB_TIMEOUT).build());
          default -> {
            CheckResult r = run(lm, repo, CheckRequest.builder().timeout(JOB_TIMEOUT).build());
            if (!r.ok()) {
              failure = new AssertionError("check found errors during the soak: " + r);
            }
          }
        }
      } catch (Throwable t) {
        failure = t;
      }
      jobs.add(new Job(host, repoName, kind, Duration.between(start, Instant.now()), failure));
    }
  }

  private <R> R run(LockManager lm, ResticRepository repo, ResticRequest<R, ?> request) {
    LockPolicy policy =
        LockPolicy.builder()
            .removeStale()
            .waitForLive(LOCK_DEADLINE.minusSeconds(5))
            .deadline(LOCK_DEADLINE)
            .build();
    return lm.run(repo, request, policy);
  }

  private void backup(
      String host, String repoName, ResticRepository repo, LockManager lm, int n, Random random) {
    Path dir = work.resolve("src").resolve(host + "-" + repoName + "-" + n);
    Map<String, byte[]> files = new TreeMap<>();
    try {
      Files.createDirectories(dir.resolve("sub"));
      for (String f : List.of("a.bin", "b.txt", "sub/c.bin")) {
        byte[] data = new byte[1024 + random.nextInt(64 * 1024)];
        random.nextBytes(data);
        Files.write(dir.resolve(f), data);
        files.put(f, data);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean keep = random.nextInt(4) != 0;
    BackupSummary s =
        run(
            lm,
            repo,
            BackupRequest.builder()
                .path(dir)
                .tag(keep ? "keep" : "churn")
                .timeout(JOB_TIMEOUT)
                .build());
    backups.add(new Backup(repoName, s.snapshotId(), dir, files, keep));
  }

  // ---------------------------------------------------------------- host JVMs

  /** A simulated host running {@link ChaosHost} in a JVM of its own, restarted after kills. */
  final class HostJvm {
    final String name;
    final Path dir;
    final AtomicInteger kills = new AtomicInteger();
    final AtomicInteger restarts = new AtomicInteger();
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private int incarnation;
    private Process process;
    private Instant startedAt;
    private boolean killedByUs;
    private boolean stopping;
    private Thread supervisor;

    HostJvm(String name, Path dir) {
      this.name = name;
      this.dir = dir;
    }

    void configure(java.util.Collection<Backend> backends, S3ProxyProcess s3) throws IOException {
      Properties p = new Properties();
      p.setProperty(ChaosHost.Settings.HOST, name);
      p.setProperty(ChaosHost.Settings.SOAK, soakId);
      p.setProperty(ChaosHost.Settings.UTS, Boolean.toString(uts));
      p.setProperty(ChaosHost.Settings.RESTIC, installation.binary().toString());
      p.setProperty(ChaosHost.Settings.VERSION, installation.version().toString());
      p.setProperty(ChaosHost.Settings.PASSWORD, PASSWORD);
      p.setProperty(
          ChaosHost.Settings.BACKENDS,
          backends.stream()
              .map(b -> b.name() + "=" + b.location())
              .collect(Collectors.joining(",")));
      p.setProperty(ChaosHost.Settings.S3_ACCESS, s3.accessKey());
      p.setProperty(ChaosHost.Settings.S3_SECRET, s3.secretKey());
      p.setProperty(ChaosHost.Settings.LOCK_DEADLINE, JVM_LOCK_DEADLINE.toString());
      p.setProperty(ChaosHost.Settings.TIMEOUT, JVM_TIMEOUT.toString());
      p.setProperty(ChaosHost.Settings.GRACE, JVM_GRACE.toString());
      p.setProperty(ChaosHost.Settings.RETRY_ATTEMPTS, Integer.toString(JVM_RETRY_ATTEMPTS));
      p.setProperty(ChaosHost.Settings.RETRY_BACKOFF, JVM_RETRY_BACKOFF.toString());
      p.setProperty(ChaosHost.Settings.KEEP_EVERY, "PT5S");
      p.setProperty(ChaosHost.Settings.CHURN_EVERY, "PT7S");
      p.setProperty(ChaosHost.Settings.PRUNE_EVERY, "PT20S");
      p.setProperty(ChaosHost.Settings.CHECK_EVERY, "PT15S");
      p.setProperty(ChaosHost.Settings.FILE_EVERY, "PT0.5S");
      p.setProperty(ChaosHost.Settings.MAX_JOBS, "3");
      Path file = dir.resolve("host.properties");
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        p.store(w, "chaos soak host " + name);
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    void begin() {
      supervisor = daemon("supervisor-" + name, this::supervise);
      supervisor.start();
    }

    private void supervise() {
      while (true) {
        Process p;
        synchronized (this) {
          if (stopping) {
            return;
          }
          try {
            p = launch();
          } catch (IOException e) {
            problems.add("cannot start incarnation " + incarnation + ": " + e);
            return;
          }
        }
        int code;
        try {
          code = p.waitFor();
        } catch (InterruptedException e) {
          return;
        }
        boolean killed;
        synchronized (this) {
          killed = killedByUs;
          killedByUs = false;
          if (!killed) {
            if (!stopping) {
              problems.add(
                  "incarnation " + incarnation + " exited by itself with " + code + tail());
            } else if (code != 0) {
              problems.add(
                  "incarnation "
                      + incarnation
                      + " did not stop gracefully within "
                      + ChaosHost.STOP_TIMEOUT
                      + " (exit "
                      + code
                      + ")"
                      + tail());
            }
            return;
          }
        }
        // SIGKILLed by the killer: the host comes back after a short pause, same host name
        try {
          Thread.sleep(ThreadLocalRandom.current().nextLong(1000, 3000));
        } catch (InterruptedException e) {
          return;
        }
        restarts.incrementAndGet();
      }
    }

    private Process launch() throws IOException {
      incarnation++;
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      List<String> cmd = new ArrayList<>();
      if (uts) {
        cmd.addAll(List.of("unshare", "--uts", "sh", "-c", "hostname \"$0\" && exec \"$@\"", name));
      }
      cmd.addAll(
          List.of(
              java,
              "-Xmx192m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
              "-cp",
              System.getProperty("java.class.path"),
              ChaosHost.class.getName(),
              dir.toString(),
              Integer.toString(incarnation)));
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("host.log").toFile()));
      pb.environment().put("CHAOS_SOAK", soakId);
      pb.environment().put("CHAOS_ROLE", "host-jvm");
      pb.environment().put("CHAOS_HOST", name);
      pb.environment().put("CHAOS_INCARNATION", Integer.toString(incarnation));
      process = pb.start();
      startedAt = Instant.now();
      return process;
    }

    /** SIGKILLs the host's JVM if it runs; the supervisor restarts it. */
    synchronized boolean kill() {
      if (stopping || process == null || !process.isAlive()) {
        return false;
      }
      killedByUs = true;
      process.destroyForcibly();
      kills.incrementAndGet();
      return true;
    }

    synchronized boolean up(Duration atLeast) {
      return !stopping
          && process != null
          && process.isAlive()
          && startedAt.plus(atLeast).isBefore(Instant.now());
    }

    /** Asks the running incarnation to stop gracefully (line "stop" on its stdin). */
    void requestStop() {
      Process p;
      synchronized (this) {
        stopping = true;
        p = process;
      }
      if (p != null && p.isAlive()) {
        try (OutputStream in = p.getOutputStream()) {
          in.write("stop\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // it died meanwhile; the supervisor reports it
        }
      }
    }

    void awaitStop(Duration timeout) throws InterruptedException {
      supervisor.join(timeout.toMillis());
      if (supervisor.isAlive()) {
        problems.add("incarnation " + incarnation + " still running " + timeout + " after stop");
        destroy();
        supervisor.join(10_000);
      }
    }

    void destroy() {
      Process p;
      synchronized (this) {
        stopping = true;
        p = process;
      }
      if (p != null) {
        p.destroyForcibly();
      }
    }

    private String tail() {
      try {
        List<String> lines = Rel.lenientLines(dir.resolve("host.log"));
        return "; host.log ends:\n  "
            + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
      } catch (IOException e) {
        return "";
      }
    }
  }

  /**
   * The longest a host JVM's run may take: each attempt makes one restic call (a backup of a plan
   * with retention two: backup and forget), each bounded by {@link #JVM_CALL_BOUND}, plus the
   * backoff between attempts, plus 10 s of slack for a loaded machine.
   */
  private static Duration jvmDeadline(RunRecord r) {
    int calls = r.kind() == JobKind.BACKUP && r.planId().startsWith("churn-") ? 2 : 1;
    return JVM_CALL_BOUND
        .multipliedBy((long) calls * JVM_RETRY_ATTEMPTS)
        .plus(JVM_RETRY_BACKOFF.multipliedBy(JVM_RETRY_ATTEMPTS - 1))
        .plusSeconds(10);
  }

  // ---------------------------------------------------------------- faults

  private void killLoop(Instant end, Duration duration, List<HostJvm> jvms) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // the first host kill after 6 to 10 s (sooner in a short soak), then every 8 to 14 s
    Instant nextHostKill =
        Instant.now().plusMillis(Math.min(random.nextLong(6000, 10_000), duration.toMillis() / 3));
    while (chaos.get() && Instant.now().isBefore(end)) {
      try {
        Thread.sleep(random.nextLong(500, 2500));
      } catch (InterruptedException e) {
        return;
      }
      if (!jvms.isEmpty() && Instant.now().isAfter(nextHostKill)) {
        Optional<HostJvm> victim = pickHost(jvms);
        if (victim.isPresent()) {
          List<ChaosProcs.Proc> children =
              procs.restics().stream().filter(p -> p.host().equals(victim.get().name)).toList();
          if (victim.get().kill()) {
            hostKills
                .computeIfAbsent(victim.get().name, k -> new AtomicInteger())
                .incrementAndGet();
            orphans.addAndGet(children.size());
            nextHostKill = Instant.now().plusMillis(random.nextLong(8000, 14_000));
            continue;
          }
        }
      }
      List<ChaosProcs.Proc> live = procs.restics();
      if (!live.isEmpty()) {
        ChaosProcs.Proc p = live.get(random.nextInt(live.size()));
        if (kill(p)) {
          resticKills.computeIfAbsent(p.backend(), k -> new AtomicInteger()).incrementAndGet();
        }
      }
    }
  }

  /**
   * A host JVM to kill: one of those killed least often (so each host gets time to run between its
   * kills), preferably one whose restic has run for a while (and so holds a lock).
   */
  private Optional<HostJvm> pickHost(List<HostJvm> jvms) {
    List<HostJvm> running = jvms.stream().filter(j -> j.up(Duration.ofSeconds(3))).toList();
    int fewest = running.stream().mapToInt(j -> j.kills.get()).min().orElse(0);
    List<HostJvm> up = running.stream().filter(j -> j.kills.get() == fewest).toList();
    if (up.isEmpty()) {
      return Optional.empty();
    }
    Instant busySince = Instant.now().minusMillis(300);
    List<HostJvm> busy =
        up.stream()
            .filter(
                j ->
                    lives.values().stream()
                        .anyMatch(
                            l ->
                                l.proc.host().equals(j.name)
                                    && l.first.isBefore(busySince)
                                    && l.last.isAfter(Instant.now().minusMillis(50))))
            .toList();
    List<HostJvm> from = busy.isEmpty() ? up : busy;
    return Optional.of(from.get(ThreadLocalRandom.current().nextInt(from.size())));
  }

  /** SIGKILLs a process of the soak if the PID still belongs to it. */
  private boolean kill(ChaosProcs.Proc p) {
    Optional<ProcessHandle> h = ProcessHandle.of(p.pid());
    if (h.isEmpty()) {
      return false;
    }
    // the handle carries the start time; re-check that the PID was not reused meanwhile
    boolean same =
        procs.scan().stream().anyMatch(q -> q.pid() == p.pid() && q.startTicks() == p.startTicks());
    return same && h.get().destroyForcibly();
  }

  /** Samples which restic processes of the soak are alive (not zombies) every few milliseconds. */
  private void sample() {
    while (running.get()) {
      Instant now = Instant.now();
      for (ChaosProcs.Proc p : procs.restics()) {
        lives.computeIfAbsent(new ChaosProcs.Key(p.pid(), p.startTicks()), k -> new Life(p, now))
                .last =
            now;
      }
      try {
        Thread.sleep(3);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * The holder of a logged lock among the sampled restic processes: same PID and host name, and
   * first seen no later than 5 s after it wrote the lock (a later process with the same PID is
   * another process).
   */
  private Optional<Life> holder(LockLog.Entry e) {
    return lives.values().stream()
        .filter(l -> l.proc.pid() == e.pid() && l.proc.host().equals(e.holderHost()))
        .filter(l -> e.lockTime() == null || !l.first.isAfter(e.lockTime().plusSeconds(5)))
        .findFirst();
  }

  /** The holder, if it was seen alive at some moment in [from, to]. */
  private Optional<Life> holderAliveIn(LockLog.Entry e, Instant from, Instant to) {
    return holder(e).filter(l -> !l.first.isAfter(to) && !l.last.isBefore(from));
  }

  // ---------------------------------------------------------------- verification

  /** What the verification of one repository found. */
  static final class BackendCheck {
    final List<String> problems = new ArrayList<>();
    boolean checkOk;
    String checkDetail = "";
    int verified;
    int missingChurn;
    int jvmBackups;
    int jvmVerified;
  }

  private BackendCheck verify(ResticRepository repo, String backend, List<HostJvm> jvms)
      throws IOException {
    BackendCheck c = new BackendCheck();
    CheckResult check =
        repo.check(CheckRequest.builder().readData().timeout(Duration.ofMinutes(3)).build());
    c.checkOk = check.ok();
    c.checkDetail = "check --read-data of " + backend + ": " + check;
    List<String> present = repo.snapshots().stream().map(Snapshot::id).toList();

    // in-JVM hosts: restic4j's BackupSummary, files kept in memory
    for (Backup b : backups.stream().filter(b -> b.repo().equals(backend)).toList()) {
      if (!isPresent(present, b.snapshotId())) {
        if (b.keep()) {
          c.problems.add(backend + ": kept snapshot " + b.snapshotId() + " is missing");
        } else {
          c.missingChurn++; // removed by a forget
        }
        continue;
      }
      Path target = work.resolve("restore").resolve(backend + "-" + b.snapshotId());
      repo.restore(RestoreRequest.builder(b.snapshotId(), target).build());
      Path root = target.resolve(b.source().toString().substring(1));
      for (Map.Entry<String, byte[]> f : b.files().entrySet()) {
        Path file = root.resolve(f.getKey());
        if (!Files.exists(file)
            || !java.util.Arrays.equals(Files.readAllBytes(file), f.getValue())) {
          c.problems.add(
              backend + ": " + f.getKey() + " of snapshot " + b.snapshotId() + " differs");
        }
      }
      Rel.deleteRecursively(target);
      c.verified++;
    }

    // host JVMs: the journals' successful backups, files checked against their names
    for (HostJvm j : jvms) {
      Path source = j.dir.resolve("src");
      Map<String, Long> created = created(j.dir.resolve("created.log"));
      for (RunRecord r : RunJournal.read(j.dir.resolve("journal.jsonl"))) {
        if (r.kind() != JobKind.BACKUP
            || r.outcome() != RunOutcome.SUCCEEDED
            || !r.planId().endsWith("-" + backend)) {
          continue;
        }
        String id = r.summary() == null ? "" : r.summary().snapshotId();
        if (id.isEmpty()) {
          c.problems.add(j.name + " " + backend + ": successful backup without snapshot: " + r);
          continue;
        }
        c.jvmBackups++;
        if (!isPresent(present, id)) {
          if (r.planId().startsWith("keep-")) {
            c.problems.add(j.name + " " + backend + ": kept snapshot " + id + " is missing");
          } else {
            c.missingChurn++;
          }
          continue;
        }
        Path target = work.resolve("restore").resolve(backend + "-" + id);
        repo.restore(RestoreRequest.builder(id, target).build());
        Path root = target.resolve(source.toString().substring(1));
        Set<String> restored;
        try (Stream<Path> files = Files.list(root)) {
          restored = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
        for (String name : restored) {
          Path f = root.resolve(name);
          if (!ChaosHost.FILE_NAME.matcher(name).matches() || !Files.isRegularFile(f)) {
            c.problems.add(j.name + " " + backend + ": snapshot " + id + " holds " + name);
          } else if (!java.util.Arrays.equals(Files.readAllBytes(f), ChaosHost.content(name))) {
            c.problems.add(j.name + " " + backend + ": " + name + " of " + id + " differs");
          }
        }
        long before = r.startedAt().toEpochMilli();
        created.forEach(
            (name, at) -> {
              if (at < before && !restored.contains(name)) {
                c.problems.add(
                    j.name
                        + " "
                        + backend
                        + ": "
                        + name
                        + " (created "
                        + Instant.ofEpochMilli(at)
                        + ") is missing from snapshot "
                        + id
                        + " (run started "
                        + r.startedAt()
                        + ")");
              }
            });
        Rel.deleteRecursively(target);
        c.jvmVerified++;
      }
    }
    return c;
  }

  private static boolean isPresent(List<String> present, String id) {
    return present.stream().anyMatch(p -> p.startsWith(id) || id.startsWith(p));
  }

  /** The generator's log: file name to creation time (torn lines skipped). */
  private static Map<String, Long> created(Path log) throws IOException {
    Map<String, Long> out = new HashMap<>();
    if (!Files.exists(log)) {
      return out;
    }
    for (String l : Rel.lenientLines(log)) {
      String[] f = l.split(" ");
      if (f.length == 2 && ChaosHost.FILE_NAME.matcher(f[0]).matches() && f[1].matches("\\d+")) {
        out.put(f[0], Long.parseLong(f[1]));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- figures

  private void printFigures(
      Duration duration,
      String phases,
      List<String> names,
      List<HostJvm> jvms,
      Set<String> backends,
      List<Job> all,
      Map<String, List<RunRecord>> journals,
      Map<String, BackendCheck> checks,
      List<LockLog.Entry> removed,
      int liveRemoved,
      Map<String, Long> lockEvents,
      Map<String, Integer> locksLeft,
      Map<String, Long> metOld,
      int tornLockLines,
      int tornJournalLines,
      Map<JobKind, Duration> longest) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "chaos soak figures: %s of chaos (%s), restic %s, %s%n"
                + "  in-JVM hosts %s, host JVMs %s%n",
            duration,
            phases,
            installation.version(),
            uts ? "each host its own name (unshare --uts)" : "NO unshare: one host name",
            names,
            jvms.stream().map(j -> j.name).toList()));
    List<RunRecord> records = journals.values().stream().flatMap(List::stream).toList();
    for (String b : backends) {
      List<Job> mine = all.stream().filter(j -> j.repo().equals(b)).toList();
      Map<String, Integer> failures = new TreeMap<>();
      mine.stream()
          .filter(j -> j.failure() != null)
          .forEach(j -> failures.merge(j.failure().getClass().getSimpleName(), 1, Integer::sum));
      List<RunRecord> runs = records.stream().filter(r -> r.planId().endsWith("-" + b)).toList();
      Map<String, Long> jvmOutcomes =
          runs.stream()
              .collect(
                  Collectors.groupingBy(
                      r ->
                          r.outcome() == RunOutcome.FAILED
                              ? r.failureReason()
                              : r.outcome() == RunOutcome.SKIPPED
                                  ? "SKIPPED:" + r.skipReason()
                                  : r.kind() + ":SUCCEEDED",
                      TreeMap::new,
                      Collectors.counting()));
      BackendCheck c = checks.get(b);
      long removedHere =
          removed.stream().filter(e -> ChaosProcs.backendOf(e.repository()).equals(b)).count();
      out.append(
          String.format(
              "  [%s] in-JVM jobs %d (succeeded %d, failed %d %s), backups reported %d;"
                  + " host-JVM runs %d %s, backups reported %d;"
                  + " restic SIGKILLs %d; locks removed %d;"
                  + " snapshots verified %d in-JVM + %d host-JVM (restored byte-identical),"
                  + " churn snapshots forgotten %d; check --read-data %s%n",
              b,
              mine.size(),
              mine.stream().filter(j -> j.failure() == null).count(),
              mine.stream().filter(j -> j.failure() != null).count(),
              failures,
              backups.stream().filter(x -> x.repo().equals(b)).count(),
              runs.size(),
              jvmOutcomes,
              c.jvmBackups,
              resticKills.getOrDefault(b, new AtomicInteger()).get(),
              removedHere,
              c.verified,
              c.jvmVerified,
              c.missingChurn,
              c.checkOk ? "clean" : "NOT CLEAN"));
    }
    out.append(
        String.format(
            "  faults: restic SIGKILLs %d %s (also LockManager's own list/cat/unlock runs),"
                + " host-JVM SIGKILLs %d %s (their restic children at that moment: %d),"
                + " restarts %d%n"
                + "  locks removed %d, of live holders %d (lock-log entries %s); stale locks left at the"
                + " end, removed by each host's unlock: %s%n"
                + "  locks of a killed incarnation that its"
                + " restart met (seen, unlock attempted, removed): %d, %d, %d%n"
                + "  lines torn by kills and skipped: lock logs %d, journals %d%n"
                + "  longest host-JVM run per job: %s%n",
            resticKills.values().stream().mapToInt(AtomicInteger::get).sum(),
            new TreeMap<>(
                resticKills.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))),
            hostKills.values().stream().mapToInt(AtomicInteger::get).sum(),
            new TreeMap<>(
                hostKills.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))),
            orphans.get(),
            jvms.stream().mapToInt(j -> j.restarts.get()).sum(),
            removed.size(),
            liveRemoved,
            lockEvents,
            locksLeft,
            metOld.get("SEEN"),
            metOld.get("ATTEMPT"),
            metOld.get("REMOVED"),
            tornLockLines,
            tornJournalLines,
            longest));
    System.out.print(out);
  }
}
