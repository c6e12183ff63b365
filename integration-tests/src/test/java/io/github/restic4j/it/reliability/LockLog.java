package io.github.restic4j.it.reliability;

import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.locking.LockAssessment;
import io.github.restic4j.locking.LockEvent;
import io.github.restic4j.locking.LockEventListener;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chaos soak's record of what one simulated host's {@code LockManager} did to locks: one line
 * per event, written with one {@code write} as it happens, so it survives a SIGKILL of the host's
 * JVM right after (a line torn by the kill is skipped by {@link #read(Path)} and counted). Each
 * unlock is logged before it runs ({@code ATTEMPT}, with every target's holder) and each removed
 * lock after ({@code REMOVED}, with its holder's PID, host and lock time and the time the unlock
 * started), so the soak can check the holders against the PIDs it saw alive in that interval.
 *
 * <p>Line format: tab-separated fields, the last one {@code END}.
 */
final class LockLog implements LockEventListener, AutoCloseable {

  private static final String END = "END";

  /** One lock a remover targeted or removed. */
  record Entry(
      String kind, // ATTEMPT (a target of an unlock about to run), REMOVED, SEEN, NOT_REMOVED, GONE
      String remover, // the host whose LockManager logged it
      int incarnation, // the remover's incarnation (0 for in-JVM hosts)
      Instant attemptAt, // when the unlock started (SEEN: when assessed)
      Instant at, // when the removal was reported (ATTEMPT, SEEN: attemptAt)
      String repository,
      String lockId,
      long pid,
      String holderHost,
      Instant lockTime, // may be null for unreadable locks
      String verdict,
      String reason) {}

  /** The entries of a log and how many lines were torn. */
  record Contents(List<Entry> entries, int tornLines) {}

  private final String host;
  private final int incarnation;
  private final FileOutputStream out;
  private final ThreadLocal<Instant> attemptAt = new ThreadLocal<>();

  private LockLog(Path file, String host, int incarnation) throws IOException {
    this.host = host;
    this.incarnation = incarnation;
    Files.createDirectories(file.getParent());
    boolean torn = !endsWithNewline(file);
    // a stream, not a FileChannel: an interrupt (a cancelled LockManager call) must not close it
    this.out = new FileOutputStream(file.toFile(), true);
    if (torn) {
      write("\n"); // the previous incarnation was killed mid-line
    }
  }

  /** Opens (appends to) the log of a host's incarnation. */
  static LockLog open(Path file, String host, int incarnation) {
    try {
      return new LockLog(file, host, incarnation);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean endsWithNewline(Path file) throws IOException {
    if (!Files.exists(file)) {
      return true;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long size = in.length();
      if (size == 0) {
        return true;
      }
      in.seek(size - 1);
      return in.read() == '\n';
    }
  }

  @Override
  public void onEvent(LockEvent event) {
    if (event instanceof LockEvent.UnlockAttempted a) {
      attemptAt.set(a.at());
      for (LockAssessment t : a.targets()) {
        line("ATTEMPT", a.at(), a.at(), a.repository(), t.lock(), t.verdict().name(), t.reason());
      }
    } else if (event instanceof LockEvent.LocksRemoved r) {
      Instant started = attemptAt.get() != null ? attemptAt.get() : r.at();
      for (int i = 0; i < r.locks().size(); i++) {
        line(
            "REMOVED",
            started,
            r.at(),
            r.repository(),
            r.locks().get(i),
            r.removeAll() ? "FORCE" : "PLAIN",
            i < r.reasons().size() ? r.reasons().get(i) : "");
      }
    } else if (event instanceof LockEvent.UnlockHadNoEffect n) {
      for (String id : n.notRemoved()) {
        line(
            "NOT_REMOVED", n.at(), n.at(), n.repository(), bare(id), "", "unlock left it in place");
      }
    } else if (event instanceof LockEvent.UnexpectedLocksGone g) {
      for (String id : g.ids()) {
        line(
            "GONE", g.at(), g.at(), g.repository(), bare(id), "", "gone during unlock, untargeted");
      }
    } else if (event instanceof LockEvent.LockAssessed s) {
      LockAssessment a = s.assessment();
      line("SEEN", s.at(), s.at(), s.repository(), a.lock(), a.verdict().name(), a.reason());
    }
  }

  private static LockInfo bare(String id) {
    return new LockInfo(id, null, false, "", "", 0, 0, 0);
  }

  private void line(
      String kind,
      Instant attempt,
      Instant at,
      String repository,
      LockInfo lock,
      String verdict,
      String reason) {
    String time = lock == null || lock.time() == null ? "-" : lock.time().toInstant().toString();
    write(
        String.join(
                "\t",
                kind,
                host,
                Integer.toString(incarnation),
                attempt.toString(),
                at.toString(),
                clean(repository),
                lock == null ? "" : lock.id(),
                lock == null ? "0" : Long.toString(lock.pid()),
                lock == null ? "" : clean(lock.hostname()),
                time,
                verdict,
                clean(reason),
                END)
            + "\n");
  }

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  private synchronized void write(String s) {
    try {
      out.write(s.getBytes(StandardCharsets.UTF_8)); // one write
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a log; lines torn by a kill (anywhere, not only the last) are skipped and counted. */
  static Contents read(Path file) {
    List<Entry> out = new ArrayList<>();
    int torn = 0;
    if (!Files.exists(file)) {
      return new Contents(out, 0);
    }
    List<String> lines;
    try {
      lines = Rel.lenientLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String l : lines) {
      if (l.isEmpty()) {
        continue;
      }
      Optional<Entry> e = parse(l);
      if (e.isPresent()) {
        out.add(e.get());
      } else {
        torn++;
      }
    }
    return new Contents(out, torn);
  }

  private static Optional<Entry> parse(String l) {
    String[] f = l.split("\t", -1);
    if (f.length != 13 || !f[12].equals(END)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Entry(
              f[0],
              f[1],
              Integer.parseInt(f[2]),
              Instant.parse(f[3]),
              Instant.parse(f[4]),
              f[5],
              f[6],
              Long.parseLong(f[7]),
              f[8],
              f[9].equals("-") ? null : Instant.parse(f[9]),
              f[10],
              f[11]));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
