package io.github.restic4j.it.reliability;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.orchestration.BackupPlan;
import io.github.restic4j.orchestration.Orchestrator;
import io.github.restic4j.orchestration.RetentionPolicy;
import io.github.restic4j.orchestration.RetryPolicy;
import io.github.restic4j.orchestration.RunJournal;
import io.github.restic4j.orchestration.Schedule;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One simulated host of the chaos soak as a JVM of its own ({@link ChaosSoakIT} starts it as {@code
 * unshare --uts sh -c 'hostname simhost-jvm-N && exec java ... ChaosHost DIR INCARNATION'}, and
 * SIGKILLs and restarts it). It runs a real {@link Orchestrator} with, per repository, a {@code
 * keep-<backend>} plan (backup, prune and check schedules, no retention) and a {@code
 * churn-<backend>} plan (backup followed by forget {@code --keep-last 2}), while a generator writes
 * new files into the backed-up folder.
 *
 * <p>Everything the soak verifies afterwards is in files that survive a SIGKILL: the {@link
 * RunJournal} ({@code journal.jsonl}), the {@link LockLog} of its {@link LockManager} ({@code
 * locks.log}) and the generator's {@code created.log} (one line {@code NAME EPOCH_MILLIS} per file,
 * written after the file was renamed into place). Files are written once and never changed, and
 * their content is {@link #content(String) a function of their name}, so every restored file of
 * every snapshot can be checked.
 *
 * <p>The host stops gracefully ({@link Orchestrator#stop(Duration)}) on a line {@code stop} or end
 * of its standard input, and exits 0 if every run ended within the stop timeout, 2 if not.
 */
public final class ChaosHost {

  /** Names of the generated files: {@code f-<incarnation>-<sequence>.bin}. */
  static final Pattern FILE_NAME = Pattern.compile("f-\\d+-\\d+\\.bin");

  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private ChaosHost() {}

  /** The bytes of a generated file: a function of its name only (512 B to 16 KiB). */
  static byte[] content(String name) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long seed = 0;
    for (int i = 0; i < 8; i++) {
      seed = (seed << 8) | (digest[i] & 0xff);
    }
    Random r = new Random(seed);
    byte[] b = new byte[512 + r.nextInt(16 * 1024)];
    r.nextBytes(b);
    return b;
  }

  /** The settings the soak writes to {@code DIR/host.properties}. */
  static final class Settings {
    static final String HOST = "host";
    static final String SOAK = "soak";
    static final String UTS = "uts";
    static final String RESTIC = "restic";
    static final String VERSION = "version";
    static final String PASSWORD = "password";
    static final String BACKENDS = "backends"; // name=location,name=location
    static final String S3_ACCESS = "s3.access";
    static final String S3_SECRET = "s3.secret";
    static final String LOCK_DEADLINE = "lock.deadline";
    static final String TIMEOUT = "timeout";
    static final String GRACE = "grace";
    static final String RETRY_ATTEMPTS = "retry.attempts";
    static final String RETRY_BACKOFF = "retry.backoff";
    static final String KEEP_EVERY = "keep.every";
    static final String CHURN_EVERY = "churn.every";
    static final String PRUNE_EVERY = "prune.every";
    static final String CHECK_EVERY = "check.every";
    static final String FILE_EVERY = "file.every";
    static final String MAX_JOBS = "max.jobs";

    private Settings() {}
  }

  /**
   * Runs a host until told to stop.
   *
   * @param args the host's folder and its incarnation (1 for the first start)
   * @throws Exception on any setup failure (the soak then sees an unexpected exit)
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int incarnation = Integer.parseInt(args[1]);
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("host.properties"))) {
      p.load(r);
    }
    String host = p.getProperty(Settings.HOST);
    String seen = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    if (Boolean.parseBoolean(p.getProperty(Settings.UTS)) && !seen.equals(host)) {
      System.err.println("chaos host: host name is '" + seen + "', expected '" + host + "'");
      System.exit(3);
    }
    Duration grace = Duration.parse(p.getProperty(Settings.GRACE));
    Duration timeout = Duration.parse(p.getProperty(Settings.TIMEOUT));
    Duration lockDeadline = Duration.parse(p.getProperty(Settings.LOCK_DEADLINE));
    Duration backoff = Duration.parse(p.getProperty(Settings.RETRY_BACKOFF));

    // restic runs in this JVM's UTS namespace; the wrapper only marks it for the soak's sampler
    Path wrapper =
        script(
            dir.resolve("restic-" + incarnation),
            "export CHAOS_SOAK='"
                + p.getProperty(Settings.SOAK)
                + "' CHAOS_HOST='"
                + seen
                + "' CHAOS_INCARNATION='"
                + incarnation
                + "'\nexec '"
                + p.getProperty(Settings.RESTIC)
                + "' \"$@\"");
    Restic restic =
        Restic.builder()
            .binary(wrapper)
            .version(ResticVersion.parse(p.getProperty(Settings.VERSION)))
            .gracePeriod(grace)
            .defaultTimeout(timeout)
            .build();

    LockLog lockLog = LockLog.open(dir.resolve("locks.log"), host, incarnation);
    // the host name comes from /proc/sys/kernel/hostname: the restarted host is the same host
    LockManager locks = LockManager.builder().listener(lockLog).build();
    if (!locks.hostname().equals(seen)) {
      System.err.println("chaos host: LockManager sees host '" + locks.hostname() + "'");
      System.exit(3);
    }
    Orchestrator orchestrator =
        Orchestrator.builder()
            .lockManager(locks)
            .journal(RunJournal.at(dir.resolve("journal.jsonl")))
            .tickInterval(Duration.ofMillis(200))
            .maxConcurrentJobs(Integer.parseInt(p.getProperty(Settings.MAX_JOBS)))
            .build();
    LockPolicy lockPolicy =
        LockPolicy.builder()
            .removeStale()
            .waitForLive(lockDeadline.minusSeconds(3))
            .deadline(lockDeadline)
            .build();
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(Integer.parseInt(p.getProperty(Settings.RETRY_ATTEMPTS)))
            .backoff(backoff.dividedBy(2), backoff, 2)
            .build();
    Path source = dir.resolve("src");
    Files.createDirectories(source);
    for (Map.Entry<String, String> b : backends(p).entrySet()) {
      ResticRepository.Builder rb =
          restic
              .repository(b.getValue())
              .password(Secret.of(p.getProperty(Settings.PASSWORD)))
              .noCache();
      if (b.getValue().startsWith("s3:")) {
        rb.environment("AWS_ACCESS_KEY_ID", Secret.of(p.getProperty(Settings.S3_ACCESS)))
            .environment("AWS_SECRET_ACCESS_KEY", Secret.of(p.getProperty(Settings.S3_SECRET)));
      }
      ResticRepository repo = rb.build();
      orchestrator.add(
          BackupPlan.builder("keep-" + b.getKey())
              .repository(repo)
              .source(source)
              .tag("keep")
              .host(host)
              .schedule(Schedule.every(Duration.parse(p.getProperty(Settings.KEEP_EVERY))))
              .pruneSchedule(Schedule.every(Duration.parse(p.getProperty(Settings.PRUNE_EVERY))))
              .checkSchedule(
                  Schedule.every(Duration.parse(p.getProperty(Settings.CHECK_EVERY))), "2%")
              .lockPolicy(lockPolicy)
              .retryPolicy(retry)
              .build());
      orchestrator.add(
          BackupPlan.builder("churn-" + b.getKey())
              .repository(repo)
              .source(source)
              .tag("churn")
              .host(host)
              .schedule(Schedule.every(Duration.parse(p.getProperty(Settings.CHURN_EVERY))))
              .retention(RetentionPolicy.builder().keepLast(2).build())
              .lockPolicy(lockPolicy)
              .retryPolicy(retry)
              .build());
    }

    AtomicBoolean generating = new AtomicBoolean(true);
    Thread generator =
        new Thread(
            () ->
                generate(
                    dir,
                    source,
                    incarnation,
                    Duration.parse(p.getProperty(Settings.FILE_EVERY)),
                    generating),
            "generator");
    generator.setDaemon(true);
    generator.start();
    orchestrator.start();
    System.out.println("chaos host " + host + " #" + incarnation + " started at " + Instant.now());

    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.strip().equals("stop")) {
        // wait
      }
    }
    generating.set(false);
    generator.join(5000);
    Instant t0 = Instant.now();
    boolean stopped = orchestrator.stop(STOP_TIMEOUT);
    System.out.println(
        "chaos host "
            + host
            + " #"
            + incarnation
            + (stopped ? " stopped in " : " did NOT stop within " + STOP_TIMEOUT + ", after ")
            + Duration.between(t0, Instant.now()));
    lockLog.close();
    System.exit(stopped ? 0 : 2);
  }

  static Map<String, String> backends(Properties p) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : p.getProperty(Settings.BACKENDS).split(",")) {
      int eq = kv.indexOf('=');
      out.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return out;
  }

  /** Writes files named f-INCARNATION-N.bin into the source, each renamed into place complete. */
  private static void generate(
      Path dir, Path source, int incarnation, Duration every, AtomicBoolean going) {
    Path staging = dir.resolve("staging");
    Path log = dir.resolve("created.log");
    try {
      Files.createDirectories(staging);
      boolean torn = !LockLog.endsWithNewline(log);
      FileOutputStream out = new FileOutputStream(log.toFile(), true);
      if (torn) {
        write(out, "\n"); // the previous incarnation was killed mid-line
      }
      for (int n = 1; going.get(); n++) {
        String name = "f-" + incarnation + "-" + n + ".bin";
        Path tmp = staging.resolve(name);
        Files.write(tmp, content(name));
        Files.move(tmp, source.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        write(out, name + " " + System.currentTimeMillis() + "\n");
        Thread.sleep(every.toMillis());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(FileOutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8)); // one write
  }

  private static Path script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
