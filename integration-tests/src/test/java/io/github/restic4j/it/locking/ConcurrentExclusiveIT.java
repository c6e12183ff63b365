package io.github.restic4j.it.locking;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.it.Exercised;
import io.github.restic4j.it.locking.LockingIts.Managed;
import io.github.restic4j.it.locking.LockingIts.Repo;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockPolicy;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, test 7, on restic 0.14 and 0.18: two threads race exclusive operations on one repository
 * through one manager. restic itself would let both fail (each writes its lock, sleeps 200 ms, sees
 * the other's), so both succeeding with a fail-fast policy and without any lock conflict shows that
 * the manager's gate serialised them. The threads use two separate {@link ResticRepository} handles
 * of the same location, so the gate must match them by repository id.
 */
@EnabledIfResticAvailable
@ExtendWith({Exercised.class, LockingIts.Cleanup.class})
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.restic4j.it.locking.LockingIts#oldAndNew")
class ConcurrentExclusiveIT {

  private static final int ROUNDS = 2;

  @Parameter ResticInstallation installation;

  private Repo repo;

  @BeforeEach
  void setUp() {
    repo = LockingIts.repo(installation);
  }

  @Test
  void pruneAndForgetRacingThroughOneManagerBothSucceed() throws Exception {
    ResticRepository first = repo.repository();
    ResticRepository second = repo.secondHandle();
    Managed m = Managed.of(repo, b -> b);
    assertThat(m.manager().repositoryKey(second)).isEqualTo(m.manager().repositoryKey(first));
    // no waiting, no removal: a conflict would fail the call
    LockPolicy failFast = LockPolicy.failFast();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<?> prune =
            CompletableFuture.runAsync(
                () -> {
                  await(start);
                  m.manager().run(first, PruneRequest.builder().build(), failFast);
                },
                pool);
        CompletableFuture<?> forget =
            CompletableFuture.runAsync(
                () -> {
                  await(start);
                  m.manager().run(second, ForgetRequest.builder().keepLast(1).build(), failFast);
                },
                pool);
        CompletableFuture.allOf(prune, forget).get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    String events = m.describeEvents();
    assertThat(m.events(LockEvent.ConflictDetected.class)).as(events).isEmpty();
    assertThat(m.events(LockEvent.OperationSucceeded.class)).hasSize(2 * ROUNDS);
    // the race really happened: one of the two waited for the other at the gate
    assertThat(m.events(LockEvent.GateWaiting.class)).as(events).isNotEmpty();
    assertThat(m.events(LockEvent.GateAcquired.class))
        .hasSameSizeAs(m.events(LockEvent.GateWaiting.class));
    assertThat(repo.lockFiles()).isEmpty();
    Exercised.record(repo.version(), "local", "LockManager: racing prune+forget serialised");
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
