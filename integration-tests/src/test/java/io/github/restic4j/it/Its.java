package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockManager;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Shared helpers of the integration tests (public for the scenario subpackages). */
public final class Its {

  /** A repository password that appears nowhere else, so that leaks are unambiguous. */
  public static final String PASSWORD = "it-pw-" + random(8);

  /** Every installed restic version (skips locally, fails under CI=true when none). */
  public static Stream<ResticInstallation> restics() {
    return ResticInstallations.get().requireRestics().stream();
  }

  private Its() {}

  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * A Restic for tests: a 30 s grace period (so that a forced kill in a test means restic really
   * hung), and a 3 minute default timeout so that a hanging restic cannot stall the whole suite.
   */
  public static Restic restic(ResticInstallation installation) {
    return installation
        .resticBuilder()
        .gracePeriod(Duration.ofSeconds(30))
        .defaultTimeout(Duration.ofMinutes(3))
        .build();
  }

  /** A repository with the test password and a fresh cache folder below {@code work}. */
  public static ResticRepository.Builder repository(Restic restic, String location, Path work) {
    return restic
        .repository(location)
        .password(Secret.of(PASSWORD))
        .cacheDir(tempDir(work, "cache"));
  }

  /**
   * A shell script that answers {@code version} like restic 0.18.0 and runs {@code cases} (more
   * {@code case} branches on an argument, each ending with {@code exit}); anything else fails.
   */
  public static String fakeRestic018(String cases) {
    return "#!/bin/sh\n"
        + "for a in \"$@\"; do\n"
        + "  case \"$a\" in\n"
        + "    version)\n"
        + "      echo \"restic 0.18.0 compiled with go1.24.4 on linux/amd64\"\n"
        + "      exit 0 ;;\n"
        + cases
        + "  esac\n"
        + "done\n"
        + "echo \"fake restic: unexpected arguments: $*\" >&2\n"
        + "exit 1\n";
  }

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory("restic4j-it-" + prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path tempDir(Path parent, String prefix) {
    try {
      return Files.createTempDirectory(parent, prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A small source tree: three files in two directories. */
  public static Path sampleData(Path parent) {
    try {
      Path src = Files.createDirectories(parent.resolve("src"));
      Files.writeString(src.resolve("a.txt"), "alpha\n");
      Files.writeString(src.resolve("b.txt"), "bravo bravo\n");
      Path sub = Files.createDirectories(src.resolve("sub"));
      Files.writeString(sub.resolve("c.txt"), "charlie " + random(16) + "\n");
      return src;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls a condition every 20 ms until it holds, failing the test after the deadline. */
  public static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + timeout + " waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting until " + what);
      }
    }
  }

  /** The lock files of a local repository, read directly from disk (instant, no restic run). */
  public static List<String> lockFiles(Path localRepo) {
    Path locks = localRepo.resolve("locks");
    if (!Files.isDirectory(locks)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(locks)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      // restic may be deleting a lock while we list
      return List.of("<unreadable: " + e + ">");
    }
  }

  /** The host name restic writes into its locks (Go's os.Hostname reads the kernel's). */
  public static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of /proc/PID with NUL separators turned into spaces (cmdline, environ). */
  public static String proc(long pid, String file) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), file));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file, e);
    }
  }

  /**
   * A freshly initialised local repository of one restic version, with sample data, below its own
   * temporary folder.
   *
   * @param work the folder holding everything (delete it with {@link #delete()})
   * @param source the sample data to back up
   * @param dir the repository folder
   * @param repository the repository, with the test password and its own cache
   */
  public record LocalRepository(Path work, Path source, Path dir, ResticRepository repository) {

    /**
     * Creates and initialises one.
     *
     * @param installation the restic to use
     * @param prefix names the temporary folder
     * @return the repository
     */
    public static LocalRepository create(ResticInstallation installation, String prefix) {
      Path work = tempDir(prefix + "-" + installation.version().raw());
      Path source = sampleData(work);
      Path dir = work.resolve("repo");
      ResticRepository repository =
          Its.repository(restic(installation), dir.toString(), work).build();
      repository.init();
      return new LocalRepository(work, source, dir, repository);
    }

    /** Deletes the folder with everything in it. */
    public void delete() {
      deleteRecursively(work);
    }
  }

  /**
   * A real restic behind a wrapper script that logs each run's arguments, to count the restic
   * processes a piece of code starts.
   *
   * @param restic the restic to hand to repositories (the wrapper)
   * @param log one line of arguments per run
   */
  public record CountingRestic(Restic restic, Path log) {

    /**
     * Writes the wrapper below {@code work}.
     *
     * @param installation the real restic
     * @param work a folder for the wrapper and its log
     * @return the wrapped restic
     */
    public static CountingRestic create(ResticInstallation installation, Path work) {
      long n = System.nanoTime();
      Path log = work.resolve("calls-" + n + ".log");
      Path wrapper = work.resolve("counting-restic-" + n);
      try {
        Files.writeString(
            wrapper,
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '"
                + log
                + "'\nexec '"
                + installation.binary()
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Restic restic =
          Restic.builder()
              .binary(wrapper)
              .version(installation.version())
              .gracePeriod(Duration.ofSeconds(30))
              .defaultTimeout(Duration.ofMinutes(3))
              .build();
      return new CountingRestic(restic, log);
    }

    /** Forgets the runs so far. */
    public void reset() {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The restic commands run since the last {@link #reset()}, in order.
     *
     * @return for example {@code [forget, unlock, forget]}
     */
    public List<String> commands() {
      try {
        return Files.exists(log)
            ? Files.readAllLines(log).stream().map(CountingRestic::command).toList()
            : List.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Runs {@code forget --keep-last 1000} on a repository blocked by one stale lock through a
     * LockManager that removes stale locks, and checks the recovery the direct lock listing allows:
     * exactly {@code forget} (fails), {@code unlock}, {@code forget}, with that lock removed and
     * none left.
     *
     * @param repo a repository run through this wrapper
     * @param repositoryId its id
     * @param staleLock the id of the lock that blocks it
     */
    public void assertRecoveryRunsOnlyUnlock(
        ResticRepository repo, String repositoryId, String staleLock) {
      List<LockEvent> events = new CopyOnWriteArrayList<>();
      LockManager manager = LockManager.builder().listener(events::add).build();
      manager.registerRepositoryId(repo, repositoryId);
      reset();
      manager.run(
          repo,
          ForgetRequest.builder().keepLast(1000).build(),
          LockPolicy.builder().removeStale().build());
      assertThat(commands()).as("%s", events).containsExactly("forget", "unlock", "forget");
      assertThat(events)
          .filteredOn(e -> e instanceof LockEvent.LocksRemoved)
          .singleElement()
          .satisfies(
              e -> assertThat(((LockEvent.LocksRemoved) e).ids()).containsExactly(staleLock));
      assertThat(repo.lockFileIds(Duration.ofSeconds(10))).contains(List.of());
    }

    /** The first word that is no flag or a flag's value (global flags come first). */
    private static String command(String arguments) {
      String[] words = arguments.split(" ");
      for (int i = 0; i < words.length; i++) {
        if (words[i].equals("--cache-dir") || words[i].equals("-o")) {
          i++;
        } else if (!words[i].startsWith("-")) {
          return words[i];
        }
      }
      return arguments;
    }
  }
}
