package io.github.restic4j.it.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.it.Exercised;
import io.github.restic4j.it.LockHolder;
import io.github.restic4j.it.locking.LockingIts.Managed;
import io.github.restic4j.it.locking.LockingIts.Repo;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockNotAcquiredException;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.locking.LockVerdict;
import io.github.restic4j.locking.ProcessProbe;
import io.github.restic4j.locking.ProcessStatus;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, test 6, on restic 0.14 and 0.18: a lock whose PID now belongs to an unrelated process.
 *
 * <p>Waiting until the kernel really hands the dead holder's PID to a new process is not
 * deterministic, so the PID reuse is staged: the holder's lock is real (a SIGKILLed {@code restic
 * key passwd}), the unrelated process is real ({@code sleep}, started after the lock was written),
 * and an injected {@link ProcessProbe} answers for the lock's PID with what the system probe reads
 * about that {@code sleep} from {@code /proc}. Everything else is the real manager against the real
 * restic.
 */
@EnabledIfResticAvailable
@ExtendWith({Exercised.class, LockingIts.Cleanup.class})
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.locking.LockingIts#oldAndNew")
class PidReuseIT {

  @Parameter ResticInstallation installation;

  private Repo repo;

  @BeforeEach
  void setUp() {
    repo = LockingIts.repo(installation);
  }

  @Test
  void lockWhosePidRunsAnUnrelatedProcessIsSuspectAndKept() throws IOException {
    LockHolder holder =
        LockHolder.start(
            repo.repository(),
            repo.installation().binary(),
            repo.env(),
            repo.cacheDir("holder-cache"),
            repo.work());
    String lockId = holder.lockId();
    long lockPid = holder.pid();
    try {
      holder.kill9();
    } finally {
      holder.close();
    }
    Process unrelated = new ProcessBuilder("sleep", "300").start();
    try {
      ProcessStatus real = ProcessProbe.system().probe(unrelated.pid());
      // the system probe reads the real process: running, started after the lock, not restic
      assertThat(real.alive()).isTrue();
      assertThat(real.command()).hasValueSatisfying(c -> assertThat(c).contains("sleep"));
      assertThat(real.looksLikeRestic()).isFalse();
      ProcessProbe reused =
          pid -> {
            if (pid != lockPid) {
              return ProcessProbe.system().probe(pid);
            }
            ProcessStatus s = ProcessProbe.system().probe(unrelated.pid());
            return new ProcessStatus(pid, s.alive(), s.startedAt(), s.command(), s.signalable());
          };
      Managed m = Managed.of(repo, b -> b.processProbe(reused));

      // an exclusive prune with remove-stale does not remove it
      LockNotAcquiredException e =
          catchThrowableOfType(
              LockNotAcquiredException.class,
              () ->
                  m.manager()
                      .run(
                          repo.repository(),
                          PruneRequest.builder().build(),
                          LockPolicy.builder().removeStale().build()));
      String events = m.describeEvents();
      assertThat(e).as("prune must not get the lock: %s", events).isNotNull();
      assertThat(e.assessments())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.lockId()).isEqualTo(lockId);
                assertThat(a.lock().pid()).isEqualTo(lockPid);
                assertThat(a.verdict()).isEqualTo(LockVerdict.SUSPECT_PID_REUSED);
                assertThat(a.reason()).contains("PID " + lockPid);
                assertThat(a.removableByUnlock()).isFalse();
                assertThat(real.startedAt())
                    .hasValueSatisfying(
                        s ->
                            // /proc start times are relative to a boot time in whole seconds
                            assertThat(s)
                                .isAfterOrEqualTo(a.lock().time().toInstant().minusSeconds(1)));
              });
      assertThat(m.events(LockEvent.LockAssessed.class)).hasSize(1);
      assertThat(m.events(LockEvent.UnlockAttempted.class)).as(events).isEmpty();
      assertThat(m.audit().removals()).isEmpty();
      // restic's own plain unlock would remove it here (the PID is really dead), but after a real
      // PID reuse restic's SIGHUP probe reaches the unrelated process and keeps the lock too
      assertThat(repo.lockFiles()).containsExactly(lockId);
    } finally {
      unrelated.destroyForcibly();
      repo.deleteLeftoverLocks();
    }
    Exercised.record(repo.version(), "local", "LockManager: PID reuse suspect, kept");
  }
}
