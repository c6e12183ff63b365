package io.github.restic4j.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticStream;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.FindMatch;
import io.github.restic4j.core.command.FindRequest;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.RestoreRequest;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.error.ResticBinaryException;
import io.github.restic4j.core.error.ResticTimeoutException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad inputs, one row each: the row's action must end within its deadline with the expected typed
 * error (or succeed, for inputs restic4j must handle), and nothing may be lost (snapshots taken
 * before are still there and restore byte-identical; no child process is left behind).
 */
@EnabledIfResticAvailable
class BadInputIT {

  /** One bad input: what happens, how long it may take, and which typed error it must give. */
  record Row(String name, Duration within, Class<? extends Throwable> expected, Action action) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private static final String VERSION_18 =
      "if [ \"$1\" = version ]; then echo 'restic 0.18.0 compiled with go1.24.4 on linux/amd64';"
          + " exit 0; fi\n";

  private static Path work;
  private static ResticInstallation installation;
  private static Restic restic;
  private static Path source;
  private static final List<Long> scriptPids = new ArrayList<>();

  @BeforeAll
  static void setUp() throws IOException {
    installation = Rel.newestRestic();
    work = Rel.tempDir("bad-input");
    restic =
        installation
            .resticBuilder()
            .gracePeriod(Duration.ofSeconds(5))
            .defaultTimeout(Duration.ofMinutes(1))
            .build();
    source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "alpha " + Rel.random(8) + "\n");
    Files.createDirectories(source.resolve("sub"));
    Files.writeString(source.resolve("sub/b.txt"), "bravo\n");
  }

  @AfterAll
  static void tearDown() {
    for (long pid : scriptPids) {
      assertThat(Rel.alive(pid)).as("script process %s left running", pid).isFalse();
    }
    Rel.deleteRecursively(work);
  }

  static Stream<Row> rows() {
    Duration quick = Duration.ofSeconds(10);
    Duration real = Duration.ofSeconds(60);
    return Stream.of(
        new Row(
            "missing binary",
            quick,
            ResticBinaryException.class,
            () -> Restic.builder().binary(work.resolve("no-such-restic")).build()),
        new Row(
            "non-executable binary",
            quick,
            ResticBinaryException.class,
            () -> {
              Path f = work.resolve("not-executable");
              Files.copy(installation.binary(), f);
              f.toFile().setExecutable(false, false);
              Restic.builder().binary(f).build();
            }),
        new Row(
            "binary that is not restic (/bin/echo)",
            quick,
            ResticBinaryException.class,
            () -> Restic.builder().binary(Path.of("/bin/echo")).build()),
        new Row(
            "binary that is not restic (script)",
            quick,
            ResticBinaryException.class,
            () -> Restic.builder().binary(Rel.script(work, "hello", "echo hello world")).build()),
        new Row(
            "unsupported version 0.9.6",
            quick,
            ResticBinaryException.class,
            () -> {
              Path s =
                  Rel.script(
                      work,
                      "restic-096",
                      "echo 'restic 0.9.6 compiled with go1.13.4 on linux/amd64'");
              try {
                Restic.builder().binary(s).build();
              } catch (ResticBinaryException e) {
                assertThat(e.getMessage()).contains("0.9.6").contains("not supported");
                throw e;
              }
            }),
        new Row("repository path with spaces", real, null, () -> cycle("my repo with spaces")),
        new Row("repository path with unicode", real, null, () -> cycle("répo-日本語-🙂")),
        new Row(
            "repository path with a newline",
            quick,
            InvalidRequestException.class,
            () ->
                restic.repository(work.resolve("bad\nrepo").toString()).password(pw("x")).build()),
        new Row(
            "password with quotes, newline and $(...)",
            real,
            null,
            () -> {
              Path marker = work.resolve("pwned");
              String password =
                  "q\"u'o`te\nline2 $(touch " + marker + ") `touch " + marker + "` ${HOME}";
              cycleWith("pw-special", password);
              assertThat(marker).as("command substitution happened").doesNotExist();
            }),
        new Row(
            "wrong password loses nothing",
            real,
            WrongPasswordException.class,
            () -> {
              String right = "right-" + Rel.random(4);
              Path repoDir = cycleWith("wrong-pw", right);
              try {
                restic
                    .repository(repoDir.toString())
                    .password(pw("wrong"))
                    .noCache()
                    .build()
                    .snapshots();
              } finally {
                assertThat(
                        restic
                            .repository(repoDir.toString())
                            .password(pw(right))
                            .noCache()
                            .build()
                            .snapshots())
                    .as("the snapshot is still there")
                    .hasSize(1);
              }
            }),
        new Row("file names that are not valid UTF-8 in ls/find", real, null, BadInputIT::badNames),
        new Row(
            "restic that hangs forever",
            Duration.ofSeconds(20),
            ResticTimeoutException.class,
            () -> scripted("hang", "exec sleep 600", Duration.ofMillis(1500))),
        new Row(
            "output cut off mid-line",
            quick,
            OutputParseException.class,
            () ->
                scripted(
                    "cut",
                    "printf '[{\"time\":\"2026-11-24T10:00:00Z\",\"tree\":\"ab'; exit 0",
                    Duration.ofSeconds(5))),
        new Row(
            "stdout closed early, then exit 0",
            quick,
            OutputParseException.class,
            () -> scripted("closed-exit", "exec 1>&-; sleep 0.2; exit 0", Duration.ofSeconds(5))),
        new Row(
            "stdout closed early, keeps running",
            Duration.ofSeconds(20),
            ResticTimeoutException.class,
            () -> scripted("closed-run", "exec 1>&-; exec sleep 600", Duration.ofMillis(1500))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void badInputGivesATypedErrorInTimeAndLosesNothing(Row row) {
    Throwable thrown =
        assertTimeoutPreemptively(
            row.within(),
            () -> {
              try {
                row.action().run();
                return null;
              } catch (Throwable t) {
                return t;
              }
            },
            () -> row.name() + ": no answer within " + row.within());
    if (row.expected() == null) {
      assertThat(thrown).as(row.name()).isNull();
    } else {
      assertThat(thrown).as(row.name()).isInstanceOf(row.expected());
      assertThat(thrown.getMessage()).as(row.name()).isNotBlank();
    }
    System.out.printf(
        "bad input %-48s -> %s%n",
        row.name(),
        thrown == null ? "ok" : thrown.getClass().getSimpleName() + ": " + firstLine(thrown));
  }

  private static String firstLine(Throwable t) {
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl) + " ...";
  }

  private static Secret pw(String s) {
    return Secret.of(s);
  }

  private static void cycle(String dirName) throws IOException {
    cycleWith(dirName, "pw-" + Rel.random(6));
  }

  /** init + backup + snapshots + byte-identical restore in a repository folder named dirName. */
  private static Path cycleWith(String dirName, String password) throws IOException {
    Path repoDir = work.resolve(dirName).resolve("repo");
    Files.createDirectories(repoDir.getParent());
    ResticRepository repo =
        restic.repository(repoDir.toString()).password(pw(password)).noCache().build();
    repo.init();
    var summary = repo.backup(BackupRequest.of(source));
    List<Snapshot> snaps = repo.snapshots();
    assertThat(snaps).extracting(Snapshot::id).contains(summary.snapshotId());
    Path target = work.resolve(dirName).resolve("restored");
    repo.restore(RestoreRequest.builder(summary.snapshotId(), target).build());
    Path restored = target.resolve(source.toString().substring(1));
    assertThat(Files.readAllBytes(restored.resolve("a.txt")))
        .isEqualTo(Files.readAllBytes(source.resolve("a.txt")));
    return repoDir;
  }

  /** A file whose name is the bytes 'bad-' 0xFF 0xFE '.txt': ls and find must stream it. */
  private static void badNames() throws Exception {
    Path dir = Files.createDirectories(work.resolve("badnames/src"));
    Files.writeString(dir.resolve("good.txt"), "good\n");
    int rc =
        Rel.sh("cd '" + dir + "' && printf 'raw name\\n' > \"$(printf 'bad-\\377\\376.txt')\"");
    assertThat(rc).isZero();
    try (Stream<Path> list = Files.list(dir)) {
      assertThat(list.count()).as("the raw-byte file exists").isEqualTo(2);
    }
    Path repoDir = work.resolve("badnames/repo");
    ResticRepository repo =
        restic.repository(repoDir.toString()).password(pw("pw-bad")).noCache().build();
    repo.init();
    repo.backup(BackupRequest.of(dir));
    List<String> names = new ArrayList<>();
    try (var nodes = repo.ls(LsRequest.latest().recursive().build())) {
      nodes.stream().map(LsNode::name).forEach(names::add);
    }
    assertThat(names).contains("good.txt");
    assertThat(names).anyMatch(n -> n.startsWith("bad-") && n.endsWith(".txt"));
    List<String> found = new ArrayList<>();
    try (ResticStream<FindMatch> matches = repo.find(FindRequest.builder("bad-*").build())) {
      matches.stream().map(FindMatch::path).forEach(found::add);
    }
    assertThat(found).hasSize(1);
    assertThat(found.get(0)).contains("bad-");
  }

  /**
   * Runs {@code snapshots} against a fake restic that answers {@code version} like 0.18 and then
   * runs {@code body}; the script's pid must be gone afterwards.
   */
  private static void scripted(String name, String body, Duration timeout) throws Exception {
    Path pidFile = work.resolve(name + ".pid");
    Path s = Rel.script(work, name, VERSION_18 + "echo $$ > '" + pidFile + "'\n" + body);
    Restic fake =
        Restic.builder()
            .binary(s)
            .defaultTimeout(timeout)
            .gracePeriod(Duration.ofSeconds(2))
            .build();
    ResticRepository repo =
        fake.repository(work.resolve("nowhere").toString()).password(pw("x")).build();
    try {
      repo.snapshots();
    } finally {
      assertThat(Rel.poll(Duration.ofSeconds(5), () -> Files.exists(pidFile))).isTrue();
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
      scriptPids.add(pid);
      assertThat(Rel.poll(Duration.ofSeconds(5), () -> !Rel.alive(pid)))
          .as("%s: process %s still running", name, pid)
          .isTrue();
    }
  }
}
