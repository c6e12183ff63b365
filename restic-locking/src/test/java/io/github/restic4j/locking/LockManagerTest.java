package io.github.restic4j.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.github.restic4j.core.CallOptions;
import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.OutputLine;
import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.CatLockRequest;
import io.github.restic4j.core.command.ListLocksRequest;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.error.CommandFailure;
import io.github.restic4j.core.error.InvalidLockFileException;
import io.github.restic4j.core.error.LockConflict;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.ResticCommandException;
import io.github.restic4j.core.error.ResticTimeoutException;
import io.github.restic4j.core.error.Termination;
import io.github.restic4j.locking.internal.UnlockCountTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.ArgumentMatcher;
import org.mockito.stubbing.OngoingStubbing;

class LockManagerTest {

  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);
  static final String C = "c".repeat(64);

  /** A request whose lock mode the test chooses. */
  record TestRequest(String command, LockMode mode) implements ResticRequest<String, Void> {
    @Override
    public Optional<Duration> timeout() {
      return Optional.empty();
    }

    @Override
    public LockMode lockMode(ResticVersion version) {
      return mode;
    }
  }

  final MutableClock clock = new MutableClock(NOW);
  final Map<Long, ProcessStatus> processes = new HashMap<>();
  final List<LockEvent> events = Collections.synchronizedList(new ArrayList<>());
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  final ExecutorService pool = Executors.newCachedThreadPool();
  ResticRepository repo;
  Restic restic;
  LockManager manager;
  final TestRequest prune = new TestRequest("prune", LockMode.EXCLUSIVE);
  final TestRequest backup = new TestRequest("backup", LockMode.SHARED);

  /**
   * What {@code unlock} prints on stdout (empty: no count, as restic 0.14 or a restic that removed
   * nothing, so the manager lists the locks after the unlock).
   */
  final List<String> unlockOutput = new ArrayList<>();

  /** What {@code cat lock} returns per lock id: a LockInfo or an exception to throw. */
  final Map<String, Object> catLocks = new HashMap<>();

  @BeforeEach
  void setUp() {
    repo = mock(ResticRepository.class);
    restic = mock(Restic.class);
    when(repo.restic()).thenReturn(restic);
    when(restic.version()).thenReturn(ResticVersion.of(0, 18, 0));
    when(repo.displayName()).thenReturn("/srv/repo");
    when(repo.locationKey()).thenReturn("/srv/repo");
    manager = newManager(builder -> builder.keyByRepositoryId(false));
    // unlock runs through start(..) with an output callback: recorded as run(..) for the checks
    when(repo.start(any(UnlockRequest.class), any(), any(CallOptions.class)))
        .thenAnswer(
            inv -> {
              UnlockRequest request = inv.getArgument(0);
              ResticCallback<Void, Void> callback = inv.getArgument(1);
              repo.run(request, inv.<CallOptions>getArgument(2));
              for (String line : unlockOutput) {
                callback.onOutput(new OutputLine(OutputLine.Stream.STDOUT, line));
              }
              @SuppressWarnings("unchecked")
              ResticExecution<Void> done = mock(ResticExecution.class);
              return done;
            });
    when(repo.run(any(CatLockRequest.class), any(CallOptions.class)))
        .thenAnswer(
            inv -> {
              Object o = catLocks.get(((CatLockRequest) inv.getArgument(0)).lockId());
              if (o instanceof RuntimeException e) {
                throw e;
              }
              if (o == null) {
                throw new ResticCommandException(
                    "no such lock",
                    new CommandFailure(List.of("cat", "lock"), 1, "no such file", "0.18.0"));
              }
              return o;
            });
  }

  /** Stubs {@code list locks}: one listing per run, the last one repeated. */
  @SafeVarargs
  final void listings(List<String>... results) {
    OngoingStubbing<List<String>> s =
        when(repo.run(any(ListLocksRequest.class), any(CallOptions.class)));
    for (List<String> r : results) {
      s = s.thenReturn(r);
    }
  }

  /** Stubs {@code cat lock} of one id: a LockInfo to return or an exception to throw. */
  void catLock(String id, Object result) {
    catLocks.put(id, result);
  }

  static UnlockRequest unlockRequest(boolean removeAll) {
    return argThat(
        new ArgumentMatcher<UnlockRequest>() {
          @Override
          public boolean matches(UnlockRequest r) {
            return r != null && r.removeAll() == removeAll;
          }

          @Override
          public Class<?> type() {
            return UnlockRequest.class;
          }
        });
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  LockManager newManager(java.util.function.UnaryOperator<LockManager.Builder> extra) {
    return extra
        .apply(
            LockManager.builder()
                .clock(clock)
                .hostname("vm")
                .processProbe(pid -> processes.getOrDefault(pid, ProcessStatus.dead(pid)))
                .clockSkewMargin(Duration.ofMinutes(2))
                .listener(events::add)
                .sleeper(
                    d -> {
                      sleeps.add(d);
                      clock.advance(d);
                    })
                .random(() -> 0.5))
        .build();
  }

  static RepositoryLockedException locked(long pid, String host, boolean exclusive) {
    LockConflict c =
        new LockConflict(
            pid,
            host,
            "root",
            0,
            0,
            exclusive,
            LocalDateTime.ofInstant(NOW.minusSeconds(20), ZoneOffset.UTC),
            Duration.ofSeconds(20),
            "aaaaaaaa",
            NOW);
    return new RepositoryLockedException(
        c, new CommandFailure(List.of("prune"), 11, "repository is already locked", "0.18.0"));
  }

  static RepositoryLockedException locked(LockConflict c) {
    return new RepositoryLockedException(
        c, new CommandFailure(List.of("prune"), 11, "repository is already locked", "0.18.0"));
  }

  static CatLockRequest catOf(String id) {
    return argThat(
        new ArgumentMatcher<CatLockRequest>() {
          @Override
          public boolean matches(CatLockRequest r) {
            return r != null && r.lockId().equals(id);
          }

          @Override
          public Class<?> type() {
            return CatLockRequest.class;
          }
        });
  }

  static LockInfo info(String id, String host, long pid, Duration age, boolean exclusive) {
    return new LockInfo(
        id, NOW.minus(age).atOffset(ZoneOffset.UTC), exclusive, host, "root", pid, 0, 0);
  }

  List<Class<?>> kinds() {
    return events.stream().<Class<?>>map(Object::getClass).toList();
  }

  void ignoreAccessors() {
    verify(repo, atLeast(0)).start(any(UnlockRequest.class), any(), any(CallOptions.class));
    verify(repo, atLeast(0)).displayName();
    verify(repo, atLeast(0)).locationKey();
    verify(repo, atLeast(0)).lockFileIds(any(Duration.class));
    verify(repo, atLeast(0)).restic();
  }

  static LockPolicy waiting(Duration maxWait) {
    return LockPolicy.builder().removeStale().waitForLive(maxWait).jitter(0).build();
  }

  // ------------------------------------------------------------------ happy path

  @Test
  void happyPathRunsNothingButTheRequest() {
    when(repo.run(same(prune), any(CallOptions.class))).thenReturn("ok");

    assertThat(manager.run(repo, prune, LockPolicy.defaults())).isEqualTo("ok");

    verify(repo).run(prune, CallOptions.defaults());
    ignoreAccessors();
    verifyNoMoreInteractions(repo);
    assertThat(kinds()).containsExactly(LockEvent.OperationSucceeded.class);
    assertThat(((LockEvent.OperationSucceeded) events.get(0)).attempts()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void repositoryIdIsReadOncePerLocationThenCached() {
    manager = newManager(b -> b);
    when(repo.catConfig()).thenReturn(new RepositoryConfig(2, "f".repeat(64), ""));
    when(repo.run(same(prune), any(CallOptions.class))).thenReturn("ok");

    manager.run(repo, prune, LockPolicy.defaults());
    manager.run(repo, prune, LockPolicy.defaults());

    verify(repo, times(1)).catConfig();
    verify(repo, times(2)).run(prune, CallOptions.defaults());
    ignoreAccessors();
    verifyNoMoreInteractions(repo);
    assertThat(manager.repositoryKey(repo)).isEqualTo("id:" + "f".repeat(64));
  }

  @Test
  void registeredIdNeedsNoCatConfig() {
    manager = newManager(b -> b);
    manager.registerRepositoryId(repo, "1234");
    when(repo.run(same(prune), any(CallOptions.class))).thenReturn("ok");
    manager.run(repo, prune, LockPolicy.defaults());
    verify(repo, never()).catConfig();
  }

  // ------------------------------------------------------------------ stale recovery

  @Test
  void recoversStaleLockOfDeadHolderAndReportsEveryStep() {
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(9309, "vm", false))
        .thenReturn("pruned");
    listings(List.of(A), List.of());
    catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), false));

    assertThat(manager.run(repo, prune, LockPolicy.defaults())).isEqualTo("pruned");

    assertThat(kinds())
        .containsExactly(
            LockEvent.ConflictDetected.class,
            LockEvent.LockAssessed.class,
            LockEvent.UnlockAttempted.class,
            LockEvent.LocksRemoved.class,
            LockEvent.RetryScheduled.class,
            LockEvent.OperationSucceeded.class);
    LockEvent.LockAssessed assessed = (LockEvent.LockAssessed) events.get(1);
    assertThat(assessed.assessment().verdict()).isEqualTo(LockVerdict.STALE_HOLDER_DEAD);
    LockEvent.LocksRemoved removed = (LockEvent.LocksRemoved) events.get(3);
    assertThat(removed.ids()).containsExactly(A);
    assertThat(removed.locks().get(0).pid()).isEqualTo(9309);
    assertThat(removed.removeAll()).isFalse();
    verify(repo).run(unlockRequest(false), any(CallOptions.class));
    verify(repo, times(2)).run(prune, CallOptions.defaults());
    assertThat(manager.auditTrail().removals())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.lockId()).isEqualTo(A);
              assertThat(e.action()).isEqualTo(AuditEntry.Action.REMOVED);
              assertThat(e.reason()).contains("STALE_HOLDER_DEAD");
            });
    assertThat(manager.auditTrail().forLock("aaaaaaaa")).hasSize(2);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void resticsCountOfRemovedLocksReplacesTheListingAfterTheUnlock() throws Exception {
    // restic 0.15+ prints "successfully removed 1 locks": as many as were assessed stale
    unlockOutput.addAll(UnlockCountTest.stdout("0.18.0_unlock_after_kill9"));
    when(repo.run(same(backup), any(CallOptions.class)))
        .thenThrow(locked(9309, "vm", true))
        .thenReturn("backed up");
    // A: the dead holder's exclusive lock; B: a live restic's shared lock, which unlock keeps
    listings(List.of(A, B));
    processes.put(77L, ProcessStatus.running(77, NOW.minusSeconds(3600), "restic"));
    catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), true));
    catLock(B, info(B, "vm", 77, Duration.ofSeconds(20), false));

    assertThat(manager.run(repo, backup, LockPolicy.defaults())).isEqualTo("backed up");

    // [backup (fails), list, unlock, backup]: no listing after the unlock
    verify(repo, times(1)).run(any(ListLocksRequest.class), any(CallOptions.class));
    verify(repo, times(1)).run(unlockRequest(false), any(CallOptions.class));
    verify(repo, times(2)).run(same(backup), any(CallOptions.class));
    LockEvent.LocksRemoved removed =
        (LockEvent.LocksRemoved)
            events.stream().filter(e -> e instanceof LockEvent.LocksRemoved).findFirst().get();
    assertThat(removed.ids()).containsExactly(A);
    assertThat(events).noneMatch(e -> e instanceof LockEvent.UnexpectedLocksGone);
    assertThat(events).noneMatch(e -> e instanceof LockEvent.UnlockHadNoEffect);
  }

  /**
   * A local repository folder holding lock files with these ids, listed for the manager the way
   * restic-core lists a local repository's locks ({@code lockFileIds}: the file names).
   */
  Path localRepository(Path dir, String... lockIds) throws IOException {
    Path locks = Files.createDirectories(dir.resolve("locks"));
    for (String id : lockIds) {
      Files.writeString(locks.resolve(id), "encrypted");
    }
    when(repo.lockFileIds(any(Duration.class)))
        .thenAnswer(
            inv -> {
              try (Stream<Path> files = Files.list(locks)) {
                return Optional.of(files.map(f -> f.getFileName().toString()).sorted().toList());
              }
            });
    return locks;
  }

  /** Makes the plain unlock delete a lock file, as restic would for a stale lock. */
  void unlockDeletes(Path lockFile) {
    when(repo.run(unlockRequest(false), any(CallOptions.class)))
        .thenAnswer(
            inv -> {
              Files.delete(lockFile);
              return null;
            });
  }

  @Test
  void whereLocksAreListedDirectlyTheRecoveryRunsOnlyTheUnlock(@TempDir Path dir) throws Exception {
    Path locks = localRepository(dir, A);
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(9309, "vm", false))
        .thenReturn("pruned");
    unlockDeletes(locks.resolve(A)); // restic's plain unlock deletes the dead holder's lock

    assertThat(manager.run(repo, prune, LockPolicy.defaults())).isEqualTo("pruned");

    // [prune (fails), unlock, prune]: the locks folder is read before and after the unlock
    verify(repo, never()).run(any(ListLocksRequest.class), any(CallOptions.class));
    verify(repo, never()).run(any(CatLockRequest.class), any(CallOptions.class));
    verify(repo, times(1)).run(unlockRequest(false), any(CallOptions.class));
    verify(repo, times(2)).run(same(prune), any(CallOptions.class));
    LockEvent.LocksRemoved removed =
        (LockEvent.LocksRemoved)
            events.stream().filter(e -> e instanceof LockEvent.LocksRemoved).findFirst().get();
    assertThat(removed.ids()).containsExactly(A);
    assertThat(removed.locks()).singleElement().satisfies(l -> assertThat(l.pid()).isEqualTo(9309));
    assertThat(manager.auditTrail().removals()).extracting(AuditEntry::lockId).containsExactly(A);
  }

  @Test
  void whereLocksAreListedDirectlyTheListingNotResticsCountSaysWhatWasRemoved(@TempDir Path dir)
      throws Exception {
    localRepository(dir, A);
    // restic claims one removal, but the file is still there
    unlockOutput.addAll(UnlockCountTest.stdout("0.18.0_unlock_after_kill9"));
    when(repo.run(same(prune), any(CallOptions.class))).thenThrow(locked(9309, "vm", false));

    assertThatThrownBy(() -> manager.run(repo, prune, LockPolicy.defaults()))
        .isInstanceOf(StaleLockNotRemovedException.class)
        .satisfies(
            e -> assertThat(((StaleLockNotRemovedException) e).notRemoved()).containsExactly(A));
    assertThat(kinds()).contains(LockEvent.UnlockHadNoEffect.class);
    verify(repo, never()).run(any(ListLocksRequest.class), any(CallOptions.class));
  }

  @Test
  void whereLocksAreListedDirectlyAnotherLockIsReadWithCatLock(@TempDir Path dir) throws Exception {
    // the folder shows a second lock restic did not name: it is read and assessed as usual
    Path locks = localRepository(dir, A, B);
    when(repo.run(same(backup), any(CallOptions.class)))
        .thenThrow(locked(9309, "vm", true))
        .thenReturn("backed up");
    processes.put(77L, ProcessStatus.running(77, NOW.minusSeconds(3600), "restic"));
    catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), true));
    catLock(B, info(B, "vm", 77, Duration.ofSeconds(20), false));
    unlockDeletes(locks.resolve(A));

    assertThat(manager.run(repo, backup, LockPolicy.defaults())).isEqualTo("backed up");

    verify(repo, never()).run(any(ListLocksRequest.class), any(CallOptions.class));
    verify(repo, times(2)).run(any(CatLockRequest.class), any(CallOptions.class));
    LockEvent.LocksRemoved removed =
        (LockEvent.LocksRemoved)
            events.stream().filter(e -> e instanceof LockEvent.LocksRemoved).findFirst().get();
    assertThat(removed.ids()).containsExactly(A);
    assertThat(Files.exists(locks.resolve(B))).as("the live holder's lock stays").isTrue();
  }

  @Test
  void whenTheLocksCannotBeReadDirectlyListLocksRuns() {
    when(repo.lockFileIds(any(Duration.class))).thenReturn(Optional.empty());
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(9309, "vm", false))
        .thenReturn("pruned");
    listings(List.of(A), List.of());

    assertThat(manager.run(repo, prune, LockPolicy.defaults())).isEqualTo("pruned");

    verify(repo, times(2)).run(any(ListLocksRequest.class), any(CallOptions.class));
  }

  @Test
  void aCountOtherThanTheTargetsOrNoCountFallsBackToTheListing() throws Exception {
    // 0.18: "removed 1 locks" although two were targeted; 0.14: no count at all. The listing
    // after the unlock decides (here both are gone: the other one by someone else's unlock)
    for (String corpus : List.of("0.18.0_unlock_after_kill9", "0.14.0_unlock_after_kill9")) {
      setUp();
      events.clear();
      unlockOutput.clear();
      unlockOutput.addAll(UnlockCountTest.stdout(corpus));
      when(repo.run(same(prune), any(CallOptions.class)))
          .thenThrow(locked(9309, "vm", false))
          .thenReturn("pruned");
      listings(List.of(A, C), List.of());
      catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), false));
      catLock(C, info(C, "vm", 9310, Duration.ofSeconds(20), false));

      assertThat(manager.run(repo, prune, LockPolicy.defaults())).as(corpus).isEqualTo("pruned");

      verify(repo, times(2)).run(any(ListLocksRequest.class), any(CallOptions.class));
      verify(repo, times(1)).run(unlockRequest(false), any(CallOptions.class));
      LockEvent.LocksRemoved removed =
          (LockEvent.LocksRemoved)
              events.stream().filter(e -> e instanceof LockEvent.LocksRemoved).findFirst().get();
      assertThat(removed.ids()).as(corpus).containsExactlyInAnyOrder(A, C);
    }
  }

  @Test
  void commonCaseCostsListUnlockListWithinTheDeadline() {
    // one stale lock of a dead holder on this host, the one restic named: no `cat lock`, no
    // listing before the unlock beyond the inspection's own
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(9309, "vm", false))
        .thenReturn("pruned");
    listings(List.of(A), List.of());
    LockPolicy p = LockPolicy.defaults().toBuilder().deadline(Duration.ofSeconds(90)).build();

    assertThat(manager.run(repo, prune, p)).isEqualTo("pruned");

    verify(repo, times(2)).run(same(prune), any(CallOptions.class));
    ArgumentCaptor<CallOptions> listOptions = ArgumentCaptor.forClass(CallOptions.class);
    verify(repo, times(2)).run(any(ListLocksRequest.class), listOptions.capture());
    ArgumentCaptor<CallOptions> unlockOptions = ArgumentCaptor.forClass(CallOptions.class);
    verify(repo, times(1)).run(unlockRequest(false), unlockOptions.capture());
    verify(repo, never()).run(any(CatLockRequest.class), any(CallOptions.class));
    verify(repo, never()).unlock(any());
    verify(repo, never()).listLocks();
    ignoreAccessors();
    verifyNoMoreInteractions(repo);
    // the inspection and unlock runs get the deadline's remaining time, not their own defaults
    assertThat(listOptions.getAllValues())
        .extracting(CallOptions::timeout)
        .containsOnly(Optional.of(Duration.ofSeconds(90)));
    assertThat(unlockOptions.getValue().timeout()).contains(Duration.ofSeconds(90));
    LockAssessment a =
        ((LockEvent.LockAssessed)
                events.stream().filter(e -> e instanceof LockEvent.LockAssessed).findFirst().get())
            .assessment();
    assertThat(a.verdict()).isEqualTo(LockVerdict.STALE_HOLDER_DEAD);
    assertThat(a.lock())
        .isEqualTo(
            new LockInfo(
                A, NOW.minusSeconds(20).atOffset(ZoneOffset.UTC), false, "vm", "root", 9309, 0, 0));
    assertThat(kinds())
        .containsExactly(
            LockEvent.ConflictDetected.class,
            LockEvent.LockAssessed.class,
            LockEvent.UnlockAttempted.class,
            LockEvent.LocksRemoved.class,
            LockEvent.RetryScheduled.class,
            LockEvent.OperationSucceeded.class);
  }

  @Test
  void conflictTimeIsObservedAtMinusAgeNotTheZonelessWallTime() {
    // restic printed the holder's local wall time (UTC-2 here) without a zone; read as UTC it
    // would be over 2 h old and expired. The age says 20 s: a foreign lock of unknown status.
    LockConflict c =
        new LockConflict(
            5,
            "other",
            "root",
            0,
            0,
            true,
            LocalDateTime.ofInstant(NOW.minusSeconds(20), ZoneOffset.ofHours(-2)),
            Duration.ofSeconds(20),
            "aaaaaaaa",
            NOW);
    when(repo.run(same(prune), any(CallOptions.class))).thenThrow(locked(c));
    listings(List.of(A));

    assertThatThrownBy(() -> manager.run(repo, prune, LockPolicy.builder().removeStale().build()))
        .isInstanceOf(LockNotAcquiredException.class)
        .satisfies(
            e ->
                assertThat(((LockNotAcquiredException) e).assessments())
                    .singleElement()
                    .satisfies(
                        a -> {
                          assertThat(a.verdict()).isEqualTo(LockVerdict.UNKNOWN);
                          assertThat(a.lock().time().toInstant()).isEqualTo(NOW.minusSeconds(20));
                          assertThat(a.lock().exclusive()).isTrue();
                        }));
    verify(repo, never()).run(any(CatLockRequest.class), any(CallOptions.class));
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
  }

  @Test
  void severalLocksGetTheFullInspection() {
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(9309, "vm", false))
        .thenReturn("pruned");
    listings(List.of(A, C), List.of());
    catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), false));
    catLock(C, info(C, "vm", 9310, Duration.ofSeconds(25), false));

    assertThat(manager.run(repo, prune, LockPolicy.defaults())).isEqualTo("pruned");

    verify(repo).run(catOf(A), any(CallOptions.class));
    verify(repo).run(catOf(C), any(CallOptions.class));
    verify(repo, times(2)).run(any(ListLocksRequest.class), any(CallOptions.class));
    verify(repo).run(unlockRequest(false), any(CallOptions.class));
    assertThat(events)
        .filteredOn(e -> e instanceof LockEvent.LocksRemoved)
        .singleElement()
        .satisfies(e -> assertThat(((LockEvent.LocksRemoved) e).ids()).containsExactly(A, C));
    assertThat(kinds()).doesNotContain(LockEvent.UnexpectedLocksGone.class);
  }

  @Test
  void lockNotNamedByTheConflictIsReadWithCatLock() {
    // the only listed lock is not the one restic named (prefix aaaaaaaa): it was replaced, for
    // example by a refresh, so the message says nothing about it
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(9309, "vm", false))
        .thenReturn("pruned");
    listings(List.of(C), List.of());
    catLock(C, info(C, "vm", 9310, Duration.ofSeconds(20), false));

    assertThat(manager.run(repo, prune, LockPolicy.defaults())).isEqualTo("pruned");

    verify(repo).run(catOf(C), any(CallOptions.class));
    assertThat(events)
        .filteredOn(e -> e instanceof LockEvent.LocksRemoved)
        .singleElement()
        .satisfies(
            e -> assertThat(((LockEvent.LocksRemoved) e).locks().get(0).pid()).isEqualTo(9310));
  }

  @Test
  void unparsedConflictIsReadWithCatLock() {
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(
            new RepositoryLockedException(
                null,
                new CommandFailure(List.of("prune"), 11, "repository is already locked", "9.9")))
        .thenReturn("pruned");
    listings(List.of(A), List.of());
    catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), false));

    assertThat(manager.run(repo, prune, LockPolicy.defaults())).isEqualTo("pruned");

    verify(repo).run(catOf(A), any(CallOptions.class));
    verify(repo).run(unlockRequest(false), any(CallOptions.class));
  }

  @Test
  void unlockRemovingALockThatWasNotTargetedIsReported() {
    // A is the reported dead holder's lock; B (another host, young) vanished by the time of the
    // listing after the unlock: reported, never silently counted as ours
    when(repo.run(same(backup), any(CallOptions.class)))
        .thenThrow(locked(9309, "vm", true))
        .thenReturn("done");
    listings(List.of(A, B), List.of());
    catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), true));
    catLock(B, info(B, "other", 5, Duration.ofSeconds(20), false));

    assertThat(manager.run(repo, backup, LockPolicy.defaults())).isEqualTo("done");

    assertThat(events)
        .filteredOn(e -> e instanceof LockEvent.UnexpectedLocksGone)
        .singleElement()
        .satisfies(e -> assertThat(((LockEvent.UnexpectedLocksGone) e).ids()).containsExactly(B));
  }

  @Test
  void inspectionStoppedByTheDeadlineIsALockTimeout() {
    when(repo.run(same(prune), any(CallOptions.class))).thenThrow(locked(9309, "vm", false));
    when(repo.run(any(ListLocksRequest.class), any(CallOptions.class)))
        .thenAnswer(
            inv -> {
              clock.advance(Duration.ofSeconds(31));
              throw new ResticTimeoutException(
                  "timeout", new Termination(4711, true, false, Duration.ofSeconds(1)));
            });
    LockPolicy p = LockPolicy.defaults().toBuilder().deadline(Duration.ofSeconds(30)).build();

    assertThatThrownBy(() -> manager.run(repo, prune, p))
        .isInstanceOf(LockTimeoutException.class)
        .hasCauseInstanceOf(RepositoryLockedException.class);
    verify(repo)
        .run(
            any(ListLocksRequest.class),
            argThat(
                (CallOptions o) ->
                    o != null && o.timeout().equals(Optional.of(Duration.ofSeconds(30)))));
  }

  @Test
  void failFastInspectsButNeverUnlocks() {
    when(repo.run(same(prune), any(CallOptions.class))).thenThrow(locked(9309, "vm", false));
    listings(List.of(A));
    catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), false));

    assertThatThrownBy(() -> manager.run(repo, prune, LockPolicy.failFast()))
        .isInstanceOf(LockNotAcquiredException.class)
        .isNotInstanceOf(LockTimeoutException.class)
        .hasCauseInstanceOf(RepositoryLockedException.class)
        .satisfies(
            e ->
                assertThat(((LockNotAcquiredException) e).assessments())
                    .extracting(LockAssessment::verdict)
                    .containsExactly(LockVerdict.STALE_HOLDER_DEAD));
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
    assertThat(kinds()).endsWith(LockEvent.GaveUp.class);
  }

  @Test
  void unlockWithoutEffectThrowsStaleLockNotRemoved() {
    when(repo.run(same(prune), any(CallOptions.class))).thenThrow(locked(9309, "vm", false));
    listings(List.of(A));
    catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), false));

    assertThatThrownBy(() -> manager.run(repo, prune, LockPolicy.defaults()))
        .isInstanceOf(StaleLockNotRemovedException.class)
        .satisfies(
            e -> assertThat(((StaleLockNotRemovedException) e).notRemoved()).containsExactly(A));
    assertThat(kinds()).contains(LockEvent.UnlockHadNoEffect.class);
    verify(repo, times(1)).run(same(prune), any(CallOptions.class));
  }

  @Test
  void neverUnlocksWhenResticWouldAlsoRemoveALockNotAssessedStale() {
    // A: dead holder (stale); B: live restic of another user on this host: restic's unlock would
    // remove B too, so restic4j must not run plain unlock
    processes.put(
        77L,
        new ProcessStatus(
            77, true, Optional.of(NOW.minusSeconds(3600)), Optional.of("restic"), false));
    when(repo.run(same(backup), any(CallOptions.class))).thenThrow(locked(9309, "vm", true));
    listings(List.of(A, B));
    catLock(A, info(A, "vm", 9309, Duration.ofSeconds(20), true));
    catLock(B, info(B, "vm", 77, Duration.ofSeconds(20), false));

    assertThatThrownBy(() -> manager.run(repo, backup, LockPolicy.builder().removeStale().build()))
        .isInstanceOf(LockNotAcquiredException.class);
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
    assertThat(kinds()).contains(LockEvent.RemovalDeferred.class);
  }

  @Test
  void sharedCallIsNotBlockedByOtherSharedLocks() {
    // a live shared lock does not block a shared backup; the conflict came from a lock that has
    // vanished meanwhile: retry at once without unlocking
    processes.put(77L, ProcessStatus.running(77, NOW.minusSeconds(3600), "restic"));
    when(repo.run(same(backup), any(CallOptions.class)))
        .thenThrow(locked(5, "other", true))
        .thenReturn("done");
    listings(List.of(B));
    catLock(B, info(B, "vm", 77, Duration.ofSeconds(20), false));

    assertThat(manager.run(repo, backup, LockPolicy.failFast())).isEqualTo("done");
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
  }

  // ------------------------------------------------------------------ waiting

  @Test
  void waitsForLiveHolderWithRetryLockOnNewRestic() {
    processes.put(77L, ProcessStatus.running(77, NOW.minusSeconds(3600), "restic"));
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(77, "vm", false))
        .thenReturn("pruned");
    listings(List.of(B));
    catLock(B, info(B, "vm", 77, Duration.ofSeconds(20), false));

    assertThat(manager.run(repo, prune, waiting(Duration.ofMinutes(3)))).isEqualTo("pruned");

    verify(repo).run(prune, CallOptions.defaults());
    verify(repo).run(prune, CallOptions.defaults().withRetryLock(Duration.ofMinutes(3)));
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
    assertThat(sleeps).isEmpty();
    assertThat(kinds())
        .containsExactly(
            LockEvent.ConflictDetected.class,
            LockEvent.LockAssessed.class,
            LockEvent.Waiting.class,
            LockEvent.RetryScheduled.class,
            LockEvent.OperationSucceeded.class);
    assertThat(((LockEvent.Waiting) events.get(2)).viaRetryLock()).isTrue();
    assertThat(manager.auditTrail().query(e -> e.action() == AuditEntry.Action.WAITED_ON))
        .hasSize(1);
  }

  @Test
  void waitsWithOwnBackoffOnOldRestic() {
    when(restic.version()).thenReturn(ResticVersion.of(0, 14, 0));
    processes.put(77L, ProcessStatus.running(77, NOW.minusSeconds(3600), "restic"));
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(77, "vm", false))
        .thenThrow(locked(77, "vm", false))
        .thenReturn("pruned");
    listings(List.of(B));
    catLock(B, info(B, "vm", 77, Duration.ofSeconds(20), false));

    assertThat(manager.run(repo, prune, waiting(Duration.ofMinutes(3)))).isEqualTo("pruned");

    verify(repo, times(3)).run(prune, CallOptions.defaults());
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void unknownForeignHolderIsWaitedOnUntilTheDeadlineThenTimesOut() {
    when(repo.run(same(prune), any(CallOptions.class))).thenThrow(locked(5, "other", false));
    listings(List.of(C));
    catLock(C, info(C, "other", 5, Duration.ofMinutes(1), false));
    LockPolicy p =
        LockPolicy.builder()
            .removeStale()
            .waitForLive(Duration.ofMinutes(10))
            .deadline(Duration.ofSeconds(30))
            .jitter(0)
            .build();

    assertThatThrownBy(() -> manager.run(repo, prune, p))
        .isInstanceOf(LockTimeoutException.class)
        .satisfies(
            e ->
                assertThat(((LockTimeoutException) e).assessments())
                    .extracting(LockAssessment::verdict)
                    .containsExactly(LockVerdict.UNKNOWN));
    // 2 + 4 + 8 + 16 would exceed 30 s: the last delay is capped by the deadline
    assertThat(sleeps)
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16));
    assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(Duration.ofSeconds(30));
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
    // no --retry-lock for an unknown holder
    verify(repo, never())
        .run(same(prune), argThat((CallOptions o) -> o != null && o.retryLock().isPresent()));
  }

  @Test
  void foreignLockThatExpiresWhileWaitingIsRemoved() {
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(5, "other", false))
        .thenThrow(locked(5, "other", false))
        .thenReturn("pruned");
    listings(List.of(C), List.of(C), List.of());
    // 31m50s old: not expired with a 2-minute margin until 10 s later
    catLock(C, info(C, "other", 5, Duration.ofSeconds(31 * 60 + 50), false));
    LockPolicy p =
        LockPolicy.builder()
            .removeStale()
            .waitForLive(Duration.ofMinutes(5))
            .backoff(Duration.ofSeconds(15), Duration.ofSeconds(60))
            .jitter(0)
            .build();

    assertThat(manager.run(repo, prune, p)).isEqualTo("pruned");

    // first look: restic would already remove it but restic4j does not consider it stale yet
    assertThat(kinds()).contains(LockEvent.Waiting.class);
    assertThat(events)
        .filteredOn(e -> e instanceof LockEvent.LockAssessed)
        .extracting(e -> ((LockEvent.LockAssessed) e).assessment().verdict())
        .containsExactly(LockVerdict.UNKNOWN, LockVerdict.STALE_EXPIRED);
    verify(repo, times(1)).run(any(UnlockRequest.class), any(CallOptions.class));
  }

  // ------------------------------------------------------------------ force and invalid locks

  @Test
  void invalidLockFileIsTypedAndNotRemovedWithoutForce() {
    InvalidLockFileException invalid =
        new InvalidLockFileException(
            "invalid lock file",
            new CommandFailure(List.of("snapshots"), 1, "Fatal: invalid lock file", "0.18.0"));
    when(repo.run(same(backup), any(CallOptions.class))).thenThrow(invalid);
    listings(List.of(C));
    catLock(C, invalid);

    assertThatThrownBy(() -> manager.run(repo, backup, LockPolicy.defaults())).isSameAs(invalid);
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
    assertThat(kinds())
        .containsExactly(
            LockEvent.InvalidLockDetected.class,
            LockEvent.LockAssessed.class,
            LockEvent.GaveUp.class);
  }

  @Test
  void forceRemovesUnreadableLockAfterSecondLook() {
    InvalidLockFileException invalid =
        new InvalidLockFileException(
            "invalid lock file",
            new CommandFailure(List.of("snapshots"), 1, "Fatal: invalid lock file", "0.18.0"));
    when(repo.run(same(backup), any(CallOptions.class))).thenThrow(invalid).thenReturn("ok");
    listings(List.of(C), List.of(C), List.of(C), List.of(C), List.of());
    catLock(C, invalid);

    assertThat(manager.run(repo, backup, LockPolicy.builder().force().build())).isEqualTo("ok");

    // each look lists twice: once, and again because a lock could not be read (vanished?);
    // the unlock is verified by one more listing
    verify(repo, times(5)).run(any(ListLocksRequest.class), any(CallOptions.class));
    verify(repo).run(unlockRequest(true), any(CallOptions.class));
    assertThat(manager.auditTrail().removals())
        .singleElement()
        .satisfies(e -> assertThat(e.action()).isEqualTo(AuditEntry.Action.FORCE_REMOVED));
  }

  @Test
  void lockThatVanishesWhileBeingReadIsDroppedNotUnreadable() {
    // restic 0.14 even retries `cat lock` of a vanished lock for ~45 s; whatever the failure, a
    // lock that is no longer listed afterwards was released or refreshed, not corrupt
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(77, "vm", false))
        .thenReturn("ok");
    listings(List.of(C), List.of());
    catLock(
        C,
        new ResticCommandException(
            "no such file",
            new CommandFailure(
                List.of("cat", "lock"),
                1,
                "open locks/cccc: no such file or directory",
                "0.14.0")));

    assertThat(manager.run(repo, prune, LockPolicy.builder().force().build())).isEqualTo("ok");

    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
    assertThat(kinds())
        .containsExactly(
            LockEvent.ConflictDetected.class,
            LockEvent.RetryScheduled.class,
            LockEvent.OperationSucceeded.class);
    assertThat(manager.auditTrail().entries()).isEmpty();
    assertThat(sleeps).isEmpty();
  }

  @Test
  void unreadableLockStillListedStaysUnreadable() {
    listings(List.of(C));
    catLock(
        C,
        new ResticCommandException(
            "invalid data",
            new CommandFailure(List.of("cat", "lock"), 1, "invalid data returned", "0.18.0")));

    assertThat(manager.inspect(repo))
        .singleElement()
        .satisfies(a -> assertThat(a.verdict()).isEqualTo(LockVerdict.UNREADABLE));
    verify(repo, times(2)).run(any(ListLocksRequest.class), any(CallOptions.class));
  }

  @Test
  void forceIsWithheldWhenTheSecondLookFindsALiveLock() {
    processes.put(77L, ProcessStatus.running(77, NOW.minusSeconds(3600), "restic"));
    InvalidLockFileException invalid =
        new InvalidLockFileException(
            "invalid lock file",
            new CommandFailure(List.of("prune"), 1, "Fatal: invalid lock file", "0.18.0"));
    when(repo.run(same(prune), any(CallOptions.class))).thenThrow(invalid);
    listings(List.of(C), List.of(C, B));
    catLock(C, invalid);
    catLock(B, info(B, "vm", 77, Duration.ofSeconds(1), false));

    assertThatThrownBy(() -> manager.run(repo, prune, LockPolicy.builder().force().build()))
        .isInstanceOf(LockNotAcquiredException.class);
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
  }

  @Test
  void forceNeverRemovesLiveLocks() {
    processes.put(77L, ProcessStatus.running(77, NOW.minusSeconds(3600), "restic"));
    when(repo.run(same(prune), any(CallOptions.class))).thenThrow(locked(77, "vm", false));
    listings(List.of(B));
    catLock(B, info(B, "vm", 77, Duration.ofSeconds(1), false));

    assertThatThrownBy(() -> manager.run(repo, prune, LockPolicy.builder().force().build()))
        .isInstanceOf(LockNotAcquiredException.class);
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
  }

  // ------------------------------------------------------------------ killed processes

  @Test
  void lockOfAForceKilledResticIsRemovedAtOnceEvenIfItsPidWasReused() {
    Termination killed = new Termination(4242, true, true, Duration.ofSeconds(60));
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(new ResticTimeoutException("timeout", killed))
        .thenThrow(locked(4242, "vm", true))
        .thenReturn("ok");
    assertThatThrownBy(() -> manager.run(repo, prune, LockPolicy.defaults()))
        .isInstanceOf(ResticTimeoutException.class);
    assertThat(kinds()).contains(LockEvent.OwnProcessKilled.class);

    // the PID now belongs to a fresh restic; only restic4j's memory knows the lock is dead,
    // restic's own unlock would not remove it: force is needed, and allowed
    clock.advance(Duration.ofSeconds(5));
    processes.put(4242L, ProcessStatus.running(4242, clock.instant(), "restic"));
    listings(List.of(A), List.of(A), List.of());
    catLock(A, info(A, "vm", 4242, Duration.ofSeconds(30), true));

    assertThat(manager.run(repo, prune, LockPolicy.builder().force().build())).isEqualTo("ok");
    assertThat(events)
        .filteredOn(e -> e instanceof LockEvent.LockAssessed)
        .extracting(e -> ((LockEvent.LockAssessed) e).assessment().verdict())
        .containsOnly(LockVerdict.STALE_HOLDER_DEAD);
    verify(repo).run(unlockRequest(true), any(CallOptions.class));
  }

  // ------------------------------------------------------------------ gate

  @Test
  void skipAndFailIfBusy() throws Exception {
    RepositoryGate.Lease held =
        manager.gate().tryAcquire(manager.repositoryKey(repo), LockMode.EXCLUSIVE).orElseThrow();
    try {
      LockPolicy skip = LockPolicy.builder().gate(GateMode.SKIP_IF_BUSY).build();
      LockPolicy fail = LockPolicy.builder().gate(GateMode.FAIL_IF_BUSY).build();
      Future<Optional<String>> skipped = pool.submit(() -> manager.runIfIdle(repo, backup, skip));
      assertThat(skipped.get(5, TimeUnit.SECONDS)).isEmpty();
      Future<String> failed = pool.submit(() -> manager.run(repo, backup, fail));
      assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(RepositoryBusyException.class)
          .satisfies(e -> assertThat(((RepositoryBusyException) e.getCause()).skipped()).isFalse());
    } finally {
      held.close();
    }
    verify(repo, never()).run(any(), any());
    assertThat(kinds()).containsOnly(LockEvent.GateBusy.class);
  }

  @Test
  void twoThreadsRacingExclusiveOperationsBothSucceed() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          AtomicInteger inside = new AtomicInteger();
          AtomicInteger overlaps = new AtomicInteger();
          CountDownLatch firstIn = new CountDownLatch(1);
          CountDownLatch releaseFirst = new CountDownLatch(1);
          AtomicInteger calls = new AtomicInteger();
          when(repo.run(same(prune), any(CallOptions.class)))
              .thenAnswer(
                  inv -> {
                    if (inside.incrementAndGet() > 1) {
                      overlaps.incrementAndGet();
                      inside.decrementAndGet();
                      throw locked(1, "vm", true);
                    }
                    if (calls.incrementAndGet() == 1) {
                      firstIn.countDown();
                      releaseFirst.await();
                    }
                    inside.decrementAndGet();
                    return "ok";
                  });
          Future<String> a = pool.submit(() -> manager.run(repo, prune, LockPolicy.failFast()));
          assertThat(firstIn.await(5, TimeUnit.SECONDS)).isTrue();
          Future<String> b = pool.submit(() -> manager.run(repo, prune, LockPolicy.failFast()));
          while (events.stream().noneMatch(e -> e instanceof LockEvent.GateWaiting)) {
            Thread.onSpinWait();
          }
          releaseFirst.countDown();
          assertThat(a.get()).isEqualTo("ok");
          assertThat(b.get()).isEqualTo("ok");
          assertThat(overlaps.get()).isZero();
          assertThat(kinds()).contains(LockEvent.GateAcquired.class);
        });
  }

  @Test
  void hostFileGateSerialisesManagersLikeSeparateProcesses(@TempDir Path dir) {
    // two managers with their own in-JVM gates behave like two JVMs: only the file lock
    // stands between them (the JVM refuses overlapping file locks like another process would)
    LockManager first = newManager(b -> b.keyByRepositoryId(false).hostLockDirectory(dir));
    LockManager second = newManager(b -> b.keyByRepositoryId(false).hostLockDirectory(dir));
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          CountDownLatch in = new CountDownLatch(2);
          CountDownLatch release = new CountDownLatch(1);
          when(repo.run(same(backup), any(CallOptions.class)))
              .thenAnswer(
                  inv -> {
                    in.countDown();
                    release.await();
                    return "ok";
                  });
          when(repo.run(same(prune), any(CallOptions.class))).thenReturn("pruned");
          // shared operations of one manager share the file lock
          Future<String> a = pool.submit(() -> first.run(repo, backup, LockPolicy.failFast()));
          Future<String> b = pool.submit(() -> first.run(repo, backup, LockPolicy.failFast()));
          assertThat(in.await(5, TimeUnit.SECONDS)).isTrue();
          // the other "process" cannot take it exclusively meanwhile
          LockPolicy failIfBusy = LockPolicy.builder().gate(GateMode.FAIL_IF_BUSY).build();
          assertThatThrownBy(() -> second.run(repo, prune, failIfBusy))
              .isInstanceOf(RepositoryBusyException.class);
          release.countDown();
          assertThat(a.get()).isEqualTo("ok");
          assertThat(b.get()).isEqualTo("ok");
          // released: now it can
          assertThat(second.run(repo, prune, failIfBusy)).isEqualTo("pruned");
        });
    assertThat(dir.toFile().list()).hasSize(1);
  }

  @Test
  void conflictWhoseLockVanishedIsRetriedAtOnce() {
    when(repo.run(same(prune), any(CallOptions.class)))
        .thenThrow(locked(1, "other", false))
        .thenReturn("ok");
    listings(List.of());
    assertThat(manager.run(repo, prune, LockPolicy.failFast())).isEqualTo("ok");
    verify(repo, never()).run(any(UnlockRequest.class), any(CallOptions.class));
    assertThat(sleeps).isEmpty();
  }

  // ------------------------------------------------------------------ listeners, interrupts

  @Test
  void failingListenerDoesNotBreakTheCall() {
    manager.addListener(
        e -> {
          throw new IllegalStateException("boom");
        });
    when(repo.run(same(prune), any(CallOptions.class))).thenReturn("ok");
    assertThat(manager.run(repo, prune, LockPolicy.defaults())).isEqualTo("ok");
    assertThat(kinds()).containsExactly(LockEvent.OperationSucceeded.class);
  }

  @Test
  void interruptDuringBackoffEndsTheCall() {
    when(restic.version()).thenReturn(ResticVersion.of(0, 14, 0));
    processes.put(77L, ProcessStatus.running(77, NOW.minusSeconds(3600), "restic"));
    when(repo.run(same(prune), any(CallOptions.class))).thenThrow(locked(77, "vm", false));
    listings(List.of(B));
    catLock(B, info(B, "vm", 77, Duration.ofSeconds(20), false));
    LockManager m =
        newManager(
            b ->
                b.keyByRepositoryId(false)
                    .sleeper(
                        d -> {
                          throw new InterruptedException();
                        }));
    try {
      assertThatThrownBy(() -> m.run(repo, prune, waiting(Duration.ofMinutes(3))))
          .isInstanceOf(LockWaitInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    verify(repo, times(1)).run(same(prune), any(CallOptions.class));
  }

  @Test
  void interruptedThreadDoesNotStart() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> manager.run(repo, prune, LockPolicy.defaults()))
          .isInstanceOf(LockWaitInterruptedException.class);
    } finally {
      Thread.interrupted();
    }
    verify(repo, never()).run(any(), any());
  }

  @Test
  void policyDefaults() {
    LockPolicy d = LockPolicy.defaults();
    assertThat(d.removeStale()).isTrue();
    assertThat(d.force()).isFalse();
    assertThat(d.waits()).isTrue();
    assertThat(d.deadline()).isGreaterThanOrEqualTo(d.maxWait());
    assertThat(LockPolicy.failFast().waits()).isFalse();
    assertThat(LockPolicy.failFast().removeStale()).isFalse();
    assertThat(LockPolicy.builder().force().build().removeStale()).isTrue();
    assertThatThrownBy(() -> LockPolicy.builder().jitter(2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LockPolicy.builder().deadline(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LockPolicy.defaults().toBuilder().gate(GateMode.FAIL_IF_BUSY).build().gateMode())
        .isEqualTo(GateMode.FAIL_IF_BUSY);
  }
}
