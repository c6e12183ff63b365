package io.github.restic4j.testkit.contract;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.RepositoryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The restic the contract scenarios run against: a fake persona or a real binary. Everything the
 * scenarios need that differs between the two lives here (how to hold a lock, what the host is);
 * everything else (running the binary raw, opening repositories) is shared so that both sides are
 * driven exactly alike.
 *
 * <p>One instance serves one parameterized-class invocation: it owns a work folder and two shared
 * repositories (created on first use, because {@code restic init} costs seconds on real restic).
 */
public abstract class ResticUnderTest implements AutoCloseable {

  /** Password of every repository the scenarios create. */
  public static final String PASSWORD = "contract-pw-" + random(6);

  private final Path work;
  private Repo dataRepo;
  private RepositoryConfig dataRepoInit;
  private Repo lockRepo;
  private RawResult lockRepoInit;

  /**
   * Creates the target with a fresh work folder.
   *
   * @param label part of the folder name
   */
  protected ResticUnderTest(String label) {
    try {
      this.work = Files.createTempDirectory("restic4j-contract-" + label + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A repository location and its password. */
  public record Repo(String location, String password) {}

  /** What a raw run of the binary printed and how it exited. */
  public record RawResult(int exitCode, String stdout, String stderr) {
    /** Lines of stdout without blank ones. */
    public List<String> stdoutLines() {
      return stdout.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** A process (or a planted lock) that holds an exclusive lock on a repository. */
  public interface LockHolder extends AutoCloseable {
    /** The holder's process id, as restic writes it into the lock. */
    long pid();

    /** The lock's 64-hex storage id. */
    String lockId();

    /** Whether the holder process still runs. */
    boolean alive();

    @Override
    void close();
  }

  /** The binary to run. */
  public abstract Path binary();

  /** The restic version the binary reports. */
  public abstract ResticVersion version();

  /** The restic4j entry point bound to the binary (version declared, no probe). */
  public abstract Restic restic();

  /** The host name restic writes into locks and snapshots. */
  public abstract String hostname();

  /** Whether this is the fake. */
  public abstract boolean isFake();

  /**
   * Starts a holder of an exclusive lock whose process runs on this host: real restic blocked in
   * {@code key passwd}; the fake plants a live lock.
   */
  public abstract LockHolder liveExclusiveLock(Repo repo);

  /**
   * Leaves an exclusive lock whose process is dead, on this host: real restic {@code key passwd}
   * killed with SIGKILL; the fake plants a dead lock.
   */
  public abstract LockHolder deadExclusiveLock(Repo repo);

  /**
   * Deletes the repository's index files, as {@code rm repo/index/*}: real restic loses them on
   * disk; the fake gets {@code FakeFaults.damagedIndex()}.
   */
  public abstract void damageIndex(Repo repo);

  /**
   * Notes that a scenario passed (the real runner records it for the integration-test summary).
   *
   * @param scenario what was shown
   */
  public void passed(String scenario) {}

  /** The work folder (deleted by {@link #close()}). */
  public Path work() {
    return work;
  }

  /** Whether the version is at least 0.minor.patch. */
  public boolean atLeast(int minor, int patch) {
    return version().isAtLeast(0, minor, patch);
  }

  /** A location below the work folder where no repository exists. */
  public Repo newLocation(String name) {
    return new Repo(work.resolve(name + "-" + random(4)).toString(), PASSWORD);
  }

  /** Opens a repository through restic4j with its own cache folder. */
  public ResticRepository open(Repo repo) {
    return restic()
        .repository(repo.location())
        .password(Secret.of(repo.password()))
        .cacheDir(work.resolve("cache"))
        .build();
  }

  /** Opens a repository with another password. */
  public ResticRepository open(Repo repo, String password) {
    return open(new Repo(repo.location(), password));
  }

  /** The shared repository for data scenarios, initialized through restic4j. */
  public synchronized Repo dataRepo() {
    if (dataRepo == null) {
      Repo r = newLocation("data");
      dataRepoInit = open(r).init();
      dataRepo = r;
    }
    return dataRepo;
  }

  /**
   * Creates both shared repositories on a background thread, so that targets whose scenarios run
   * later are initialized meanwhile ({@code restic init} costs seconds). A failure there is
   * repeated, and reported, by the scenario that needs the repository.
   */
  public void prepareInBackground() {
    Thread t =
        new Thread(
            () -> {
              try {
                dataRepo();
                lockRepo();
              } catch (RuntimeException e) {
                // the scenario's own call tries again and fails visibly
              }
            },
            "contract-init-" + version().raw());
    t.setDaemon(true);
    t.start();
  }

  /** What restic4j's {@code init()} of {@link #dataRepo()} returned. */
  public synchronized RepositoryConfig dataRepoInit() {
    dataRepo();
    return dataRepoInit;
  }

  /** The shared repository for lock scenarios, initialized by a raw {@code init --json}. */
  public synchronized Repo lockRepo() {
    if (lockRepo == null) {
      Repo r = newLocation("locks");
      lockRepoInit = run(r, "init", "--json");
      lockRepo = r;
    }
    return lockRepo;
  }

  /** What the raw {@code init --json} of {@link #lockRepo()} printed. */
  public synchronized RawResult lockRepoInit() {
    lockRepo();
    return lockRepoInit;
  }

  /**
   * Runs the binary with the repository and password in the environment ({@code RESTIC_REPOSITORY},
   * {@code RESTIC_PASSWORD}) and a cache folder; no other {@code RESTIC_*} variable leaks in.
   */
  public RawResult run(Repo repo, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary().toString());
    cmd.add("--cache-dir");
    cmd.add(work.resolve("cache").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("RESTIC_"));
    pb.environment().put("RESTIC_REPOSITORY", repo.location());
    pb.environment().put("RESTIC_PASSWORD", repo.password());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<byte[]> out = readAsync(p.getInputStream());
      CompletableFuture<byte[]> err = readAsync(p.getErrorStream());
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("restic " + cmd + " did not exit within 2 minutes");
      }
      return new RawResult(
          p.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads a stream to its end on a thread of its own (not the common pool: it may block). */
  private static CompletableFuture<byte[]> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        r -> {
          Thread t = new Thread(r, "contract-raw-reader");
          t.setDaemon(true);
          t.start();
        });
  }

  /** A source tree below the work folder: three files in two directories, 6 + 12 + 41 bytes. */
  public Path sourceTree(String name) {
    try {
      Path src = Files.createDirectories(work.resolve(name));
      Files.writeString(src.resolve("a.txt"), "alpha\n");
      Files.writeString(src.resolve("b.txt"), "bravo bravo\n");
      Path sub = Files.createDirectories(src.resolve("sub"));
      Files.writeString(sub.resolve("c.txt"), "charlie " + random(16) + "\n");
      return src;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(work)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a temp folder
    }
  }

  /** Random hex. */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The kernel's host name, as Go's os.Hostname reads it. */
  public static String kernelHostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return (isFake() ? "fake " : "restic ") + version().raw();
  }
}
