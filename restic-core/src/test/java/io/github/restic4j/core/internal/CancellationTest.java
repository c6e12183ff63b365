package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.CatConfigRequest;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.error.ResticCancelledException;
import io.github.restic4j.core.error.Termination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a running restic is stopped: SIGINT, the grace period, then kill, and what the exception
 * says. A shell script stands in for restic (its version is declared, so nothing probes it).
 */
class CancellationTest {

  @TempDir Path tmp;

  /** A "restic" that notes each SIGINT in a file and keeps running; SIGTERM ends it. */
  private Path stubbornRestic() throws IOException {
    return script(
        "trap 'echo int >> \"$0.signals\"' INT\n"
            + "touch \"$0.ready\"\n"
            + "while :; do sleep 0.05; done\n");
  }

  /** A "restic" that exits on SIGINT like restic does after removing its lock. */
  private Path politeRestic() throws IOException {
    return script("trap 'exit 130' INT\ntouch \"$0.ready\"\nwhile :; do sleep 0.05; done\n");
  }

  private Path script(String body) throws IOException {
    Path p = tmp.resolve("restic");
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private ResticExecution<RepositoryConfig> start(Path binary, Duration grace) {
    Restic restic =
        Restic.builder()
            .binary(binary)
            .version(ResticVersion.of(0, 18, 0))
            .gracePeriod(grace)
            .build();
    ResticRepository repo =
        restic.repository(tmp.resolve("repo").toString()).password(Secret.of("pw")).build();
    ResticExecution<RepositoryConfig> ex =
        repo.start(new CatConfigRequest(), ResticCallback.none());
    poll("the script set its trap", () -> Files.exists(Path.of(binary + ".ready")));
    return ex;
  }

  private static void poll(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void aGivenGracePeriodIsTheOneUsedAndNamedInTheMessage() throws Exception {
    Path binary = stubbornRestic();
    ResticExecution<RepositoryConfig> ex = start(binary, Duration.ofMinutes(1));

    Termination t = ex.cancel(Duration.ofMillis(300));

    assertThat(t.signalledGracefully()).isTrue();
    assertThat(t.forceKilled()).isTrue();
    assertThat(alive(t.pid())).isFalse();
    assertThat(Files.readString(Path.of(binary + ".signals"))).contains("int");
    Throwable e = catchThrowable(ex::await);
    assertThat(e)
        .isInstanceOf(ResticCancelledException.class)
        .hasMessageContaining("did not exit within PT0.3S after SIGINT and was killed")
        .hasMessageNotContaining("PT1M");
  }

  @Test
  void anAlreadyInterruptedCallerStillSendsSigintAndLetsResticExit() throws Exception {
    ResticExecution<RepositoryConfig> ex = start(politeRestic(), Duration.ofSeconds(30));

    Thread.currentThread().interrupt();
    Termination t;
    try {
      t = ex.cancel();
    } finally {
      assertThat(Thread.interrupted()).as("interrupt status restored").isTrue();
    }

    assertThat(t.signalledGracefully()).isTrue();
    assertThat(t.forceKilled()).isFalse();
    assertThat(alive(t.pid())).isFalse();
    assertThatThrownBy(ex::await)
        .isInstanceOf(ResticCancelledException.class)
        .hasMessageContaining("exited after SIGINT and removed its own lock");
  }

  @Test
  void anInterruptDuringTheGracePeriodKillsAtOnceAndSaysSo() throws Exception {
    Path binary = stubbornRestic();
    ResticExecution<RepositoryConfig> ex = start(binary, Duration.ofMinutes(5));
    AtomicReference<Termination> result = new AtomicReference<>();
    Thread canceller = new Thread(() -> result.set(ex.cancel()));
    canceller.start();
    poll("SIGINT delivered", () -> Files.exists(Path.of(binary + ".signals")));

    canceller.interrupt();
    canceller.join(30_000);

    assertThat(canceller.isAlive()).isFalse();
    Termination t = result.get();
    assertThat(t.forceKilled()).isTrue();
    assertThat(t.waited()).isLessThan(Duration.ofMinutes(5));
    assertThat(alive(t.pid())).isFalse();
    assertThatThrownBy(ex::await)
        .isInstanceOf(ResticCancelledException.class)
        .hasMessageContaining("was killed after")
        .hasMessageContaining("before its grace period of PT5M ran out")
        .hasMessageNotContaining("did not exit within");
  }

  @Test
  void aGracePeriodMustBePositive() throws Exception {
    ResticExecution<RepositoryConfig> ex = start(politeRestic(), Duration.ofSeconds(30));
    try {
      assertThatThrownBy(() -> ex.cancel(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      ex.cancel();
    }
  }
}
