package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.restic4j.core.error.LockConflict;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.ResticCommandException;
import io.github.restic4j.core.testing.CorpusFile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "already locked" parser on variants generated from real corpus messages, and the other lock
 * messages of reference.md section 2.
 */
class LockMessagesTest {

  private static final Instant NOW = Instant.parse("2026-11-24T19:40:00Z");

  /** Real 0.18.0 message, exclusive holder. */
  private static final String EXCLUSIVE =
      CorpusFile.load("0.18.0_live_exclusive_lock_snapshots").stderr();

  /** Real 0.14.0 message, shared holder. */
  private static final String SHARED = CorpusFile.load("0.14.0_live_shared_lock_prune").stderr();

  /** What a variant must parse to. */
  record Expected(
      long pid,
      String host,
      String user,
      long uid,
      long gid,
      boolean exclusive,
      LocalDateTime created,
      Duration age,
      String sid) {

    Expected withHost(String h) {
      return new Expected(pid, h, user, uid, gid, exclusive, created, age, sid);
    }

    Expected withUser(String u) {
      return new Expected(pid, host, u, uid, gid, exclusive, created, age, sid);
    }

    Expected withAge(Duration a) {
      return new Expected(pid, host, user, uid, gid, exclusive, created, a, sid);
    }
  }

  // values as printed in the two corpus files
  private static final Expected EXCLUSIVE_HOLDER =
      new Expected(
          12605,
          "vm",
          "root",
          0,
          0,
          true,
          LocalDateTime.parse("2026-11-24T19:28:02"),
          Duration.parse("PT3.022206541S"),
          "f52f5274");
  private static final Expected SHARED_HOLDER =
      new Expected(
          10978,
          "vm",
          "root",
          0,
          0,
          false,
          LocalDateTime.parse("2026-11-24T19:26:38"),
          Duration.parse("PT3.008019118S"),
          "641ba125");

  record Variant(String name, String stderr, Expected expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Applies an edit to a real message and checks that the edit really changed it. */
  private static String edit(String text, UnaryOperator<String> op) {
    String out = op.apply(text);
    assertThat(out).as("variant must differ from the corpus text").isNotEqualTo(text);
    return out;
  }

  private static String replaceAge(String text, String goAge) {
    return text.replaceFirst("\\(([0-9.]+)s ago\\)", "(" + goAge + " ago)");
  }

  static Stream<Variant> variants() {
    List<Variant> v = new ArrayList<>();
    for (boolean exclusive : new boolean[] {true, false}) {
      String base = exclusive ? EXCLUSIVE : SHARED;
      Expected e = exclusive ? EXCLUSIVE_HOLDER : SHARED_HOLDER;
      String k = exclusive ? "exclusive " : "shared ";
      v.add(new Variant(k + "as captured", base, e));
      v.add(new Variant(k + "Fatal: prefix", edit(base, t -> "Fatal: " + t), e));
      v.add(new Variant(k + "CRLF", edit(base, t -> t.replace("\n", "\r\n")), e));
      v.add(new Variant(k + "ESC[2K prefix", edit(base, t -> "\u001B[2K" + t), e));
      v.add(new Variant(k + "CR prefix", edit(base, t -> "\r" + t), e));
      v.add(
          new Variant(
              k + "progress line before",
              edit(base, t -> "[0:01] 10.00%  1 / 10 files\r\u001B[2K" + t),
              e));
      v.add(
          new Variant(
              k + "backend retry lines before",
              edit(
                  base,
                  t ->
                      "Load(<lock/04804cba82>, 0, 0) returned error, retrying after 720.254544ms:"
                          + " EOF\n"
                          + t),
              e));
      v.add(
          new Variant(
              k + "empty user",
              edit(base, t -> t.replace(" by root (UID", " by  (UID")),
              e.withUser("")));
      v.add(
          new Variant(
              k + "empty host",
              edit(base, t -> t.replace(" on vm by ", " on  by ")),
              e.withHost("")));
      v.add(
          new Variant(
              k + "empty host and user",
              edit(base, t -> t.replace(" on vm by root (UID", " on  by  (UID")),
              e.withHost("").withUser("")));
      v.add(
          new Variant(
              k + "dotted host",
              edit(base, t -> t.replace(" on vm by ", " on build-01.ci.example.com by ")),
              e.withHost("build-01.ci.example.com")));
      v.add(
          new Variant(
              k + "host with spaces",
              edit(base, t -> t.replace(" on vm by ", " on Johns MacBook Pro by ")),
              e.withHost("Johns MacBook Pro")));
      v.add(
          new Variant(
              k + "user with spaces and dots",
              edit(base, t -> t.replace(" by root (UID", " by John Q. Doe (UID")),
              e.withUser("John Q. Doe")));
      v.add(
          new Variant(
              k + "windows domain user",
              edit(base, t -> t.replace(" by root (UID", " by CORP\\j.doe (UID")),
              e.withUser("CORP\\j.doe")));
      v.add(
          new Variant(
              k + "age 512.3µs",
              edit(base, t -> replaceAge(t, "512.3µs")),
              e.withAge(Duration.ofNanos(512_300))));
      v.add(
          new Variant(
              k + "age 512.3μs (greek mu)",
              edit(base, t -> replaceAge(t, "512.3\u03bcs")),
              e.withAge(Duration.ofNanos(512_300))));
      v.add(
          new Variant(
              k + "age 1h2m3.5s",
              edit(base, t -> replaceAge(t, "1h2m3.5s")),
              e.withAge(Duration.parse("PT1H2M3.5S"))));
      v.add(
          new Variant(
              k + "age -3.2s (clock skew)",
              edit(base, t -> replaceAge(t, "-3.2s")),
              e.withAge(Duration.parse("PT-3.2S"))));
      v.add(
          new Variant(
              k + "age 1295h59m38.012342811s",
              edit(base, t -> replaceAge(t, "1295h59m38.012342811s")),
              e.withAge(Duration.parse("PT1295H59M38.012342811S"))));
      v.add(
          new Variant(
              k + "age 0s", edit(base, t -> replaceAge(t, "0s")), e.withAge(Duration.ZERO)));
      v.add(
          new Variant(
              k + "age 45ns",
              edit(base, t -> replaceAge(t, "45ns")),
              e.withAge(Duration.ofNanos(45))));
    }
    // the other holder mode, made from the same message
    v.add(
        new Variant(
            "exclusive message made shared",
            edit(EXCLUSIVE, t -> t.replace("locked exclusively by", "locked by")),
            new Expected(
                12605,
                "vm",
                "root",
                0,
                0,
                false,
                EXCLUSIVE_HOLDER.created(),
                EXCLUSIVE_HOLDER.age(),
                "f52f5274")));
    v.add(
        new Variant(
            "shared message made exclusive",
            edit(SHARED, t -> t.replace("locked by", "locked exclusively by")),
            new Expected(
                10978,
                "vm",
                "root",
                0,
                0,
                true,
                SHARED_HOLDER.created(),
                SHARED_HOLDER.age(),
                "641ba125")));
    return v.stream();
  }

  private static void assertHolder(Optional<LockConflict> parsed, Expected e) {
    assertThat(parsed).isPresent();
    LockConflict c = parsed.get();
    assertThat(c.pid()).isEqualTo(e.pid());
    assertThat(c.hostname()).isEqualTo(e.host());
    assertThat(c.username()).isEqualTo(e.user());
    assertThat(c.uid()).isEqualTo(e.uid());
    assertThat(c.gid()).isEqualTo(e.gid());
    assertThat(c.exclusive()).isEqualTo(e.exclusive());
    assertThat(c.createdAt()).isEqualTo(e.created());
    assertThat(c.age()).isEqualTo(e.age());
    assertThat(c.storageIdPrefix()).isEqualTo(e.sid());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void parsesVariantDirectly(Variant v) {
    Optional<LockConflict> c = LockMessages.parseConflict(v.stderr(), NOW);
    assertHolder(c, v.expected());
    assertThat(c.get().observedAt()).isEqualTo(NOW);
    assertThat(c.get().estimatedCreation()).isEqualTo(NOW.minus(v.expected().age()));
    assertThat(LockMessages.isAlreadyLocked(v.stderr())).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void classifiesVariantOnStderr(Variant v) {
    for (String version : List.of("0.14.0", "0.18.0")) {
      int code = version.equals("0.14.0") ? 1 : 11;
      ResticCommandException e = CorpusReplay.classify(version, code, v.stderr());
      assertThat(e).isExactlyInstanceOf(RepositoryLockedException.class);
      assertHolder(((RepositoryLockedException) e).conflict(), v.expected());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void classifiesVariantInsideExitErrorJson(Variant v) {
    // restic 0.18+ --json: the message (without the trailing newline) inside one exit_error line
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("message_type", "exit_error");
    node.put("code", 11);
    node.put("message", v.stderr().stripTrailing());
    String line = node.toString();
    assertThat(line).doesNotContain("\n");

    StderrReader reader = CorpusReplay.readStderr(line + "\n");
    assertThat(reader.exitErrorMessage()).isEqualTo(v.stderr().stripTrailing());
    assertThat(reader.lines()).isEmpty();
    ResticCommandException e =
        reader.classify(reader.failure(List.of("snapshots"), 11, "0.18.0"), NOW);
    assertThat(e).isExactlyInstanceOf(RepositoryLockedException.class);
    assertHolder(((RepositoryLockedException) e).conflict(), v.expected());
  }

  @Test
  void realExitErrorLineIsDecodedAndParsed() {
    CorpusFile f = CorpusFile.load("0.18.0_live_exclusive_lock_snapshots_json");
    StderrReader reader = CorpusReplay.readStderr(f.stderr());
    assertThat(reader.exitErrorMessage())
        .startsWith(
            "unable to create lock in backend: repository is already locked exclusively by PID"
                + " 12605 on vm by root (UID 0, GID 0)\nlock was created at 2026-11-24 19:28:02"
                + " (4.500861013s ago)\nstorage ID f52f5274\n");
    assertHolder(
        LockMessages.parseConflict(reader.exitErrorMessage(), NOW),
        EXCLUSIVE_HOLDER.withAge(Duration.parse("PT4.500861013S")));
  }

  @Test
  void truncatedMessagesDoNotCrash() {
    for (String base : List.of(EXCLUSIVE, SHARED)) {
      int sidEnd = base.indexOf("storage ID ") + "storage ID ".length() + 8;
      for (int len = 0; len <= base.length(); len++) {
        String cut = base.substring(0, len);
        Optional<LockConflict> c = LockMessages.parseConflict(cut, NOW);
        assertThat(c.isPresent()).as("cut at %d", len).isEqualTo(len >= sidEnd);
        // the tail cut off instead of the head
        String tail = base.substring(len);
        LockMessages.parseConflict(tail, NOW);
        LockMessages.isAlreadyLocked(tail);
        LockMessages.invalidLockCause(tail);
      }
    }
    assertThat(LockMessages.parseConflict("", NOW)).isEmpty();
    assertThat(LockMessages.parseConflict(null, NOW)).isEmpty();
    assertThat(LockMessages.isAlreadyLocked(null)).isFalse();
  }

  @Test
  void malformedNumbersGiveNoHolder() {
    // a pid beyond long range and an age that is not a Go duration
    String hugePid = edit(EXCLUSIVE, t -> t.replace("PID 12605", "PID 99999999999999999999"));
    assertThat(LockMessages.parseConflict(hugePid, NOW)).isEmpty();
    String badAge = edit(EXCLUSIVE, t -> replaceAge(t, "1..2s"));
    assertThat(LockMessages.parseConflict(badAge, NOW)).isEmpty();
    // still recognisably a conflict
    assertThat(LockMessages.isAlreadyLocked(hugePid)).isTrue();
    assertThat(CorpusReplay.classify("0.14.0", 1, badAge))
        .isExactlyInstanceOf(RepositoryLockedException.class);
  }

  @Test
  void wordsInsideOtherLinesAreNotAConflict() {
    String path =
        "error: open /data/repository is already locked by PID 1 on vm by root (UID 0, GID 0).txt:"
            + " permission denied";
    assertThat(LockMessages.isAlreadyLocked(path)).isFalse();
    String json =
        "{\"message_type\":\"error\",\"error\":{\"message\":\"/x/unable to create lock in backend:"
            + " repository is already locked by PID 1\"},\"during\":\"archival\",\"item\":\"/x\"}";
    assertThat(LockMessages.isAlreadyLocked(json)).isFalse();
    // a forged full message behind a prefix on the same line is not restic's either
    String forged = "error: " + EXCLUSIVE;
    assertThat(LockMessages.parseConflict(forged, NOW)).isEmpty();
    assertThat(LockMessages.invalidLockCause("error: open /x/invalid lock file: y: denied"))
        .isEmpty();
  }

  @Test
  void invalidLockCauseFromTextAndDecodedJson() {
    assertThat(
            LockMessages.invalidLockCause(
                CorpusFile.load("0.18.0_corrupt_lock_file_snapshots").stderr()))
        .contains("LoadRaw(<lock/223954f38c>): invalid data returned");
    StderrReader r =
        CorpusReplay.readStderr(
            CorpusFile.load("0.18.0_corrupt_lock_file_snapshots_json").stderr());
    assertThat(LockMessages.invalidLockCause(r.exitErrorMessage()))
        .contains("LoadRaw(<lock/8538ecd982>): invalid data returned");
    assertThat(LockMessages.parseConflict(r.exitErrorMessage(), NOW)).isEmpty();
  }

  @Test
  void refreshFailureAndCircuitBreaker() {
    assertThat(
            LockMessages.isRefreshFailure(
                "failed to refresh stale lock: lock file was removed in the meantime"))
        .isTrue();
    assertThat(LockMessages.isRefreshFailure("\u001B[2KFatal: failed to refresh lock in time\r\n"))
        .isTrue();
    // a single failed refresh is only a warning
    assertThat(LockMessages.isRefreshFailure("unable to refresh lock: connection refused"))
        .isFalse();
    assertThat(
            LockMessages.isCircuitBreaker(
                "unable to create lock in backend: circuit breaker open for file <lock/0f1628521d>"))
        .isTrue();
    assertThat(
            LockMessages.isCircuitBreaker(
                "error: /x/unable to create lock in backend: circuit breaker open for file"
                    + " <lock/0f1628521d>"))
        .isFalse();
  }

  @Test
  void cleanRemovesEscapesAndCarriageReturns() {
    assertThat(LockMessages.clean("\u001B[2Ka\r\nb\rc\u001B[?25l")).isEqualTo("a\nb\nc");
    assertThat(LockMessages.clean(null)).isEmpty();
  }

  @Test
  void undecryptableLockFileIsAnInvalidLock() {
    // restic 0.18.0, a 150-byte random lock file named by its own SHA-256 (observed after ~35 s)
    String stderr = "unable to create lock in backend: ciphertext verification failed\n";
    assertThat(LockMessages.invalidLockCause(stderr)).contains("ciphertext verification failed");
    assertThat(
            LockMessages.invalidLockCause("unable to create lock in backend: connection refused"))
        .isEmpty();
    assertThat(
            LockMessages.invalidLockCause(
                "error: read /data/unable to create lock in backend: ciphertext verification"
                    + " failed.txt: denied"))
        .isEmpty();
  }
}
