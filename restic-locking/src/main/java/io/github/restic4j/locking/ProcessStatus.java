package io.github.restic4j.locking;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ProcessProbe} found out about one process id on this host.
 *
 * @param pid the process id
 * @param alive true if a process with this id exists
 * @param startedAt when that process started, if known
 * @param command the process's name or executable (for example {@code restic} or {@code
 *     /usr/bin/restic}), if known
 * @param signalable true if a process running as this JVM's user could send it a signal (same user
 *     or root); restic's {@code unlock} treats a process it may not signal as dead
 */
public record ProcessStatus(
    long pid,
    boolean alive,
    Optional<Instant> startedAt,
    Optional<String> command,
    boolean signalable) {

  /**
   * Checks for nulls.
   *
   * @param pid the process id
   * @param alive true if a process with this id exists
   * @param startedAt when that process started, if known
   * @param command the process's name or executable (for example {@code restic} or {@code
   *     /usr/bin/restic}), if known
   * @param signalable true if a process running as this JVM's user could send it a signal (same
   *     user or root); restic's {@code unlock} treats a process it may not signal as dead
   */
  public ProcessStatus {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(command, "command");
  }

  /**
   * A process that does not exist.
   *
   * @param pid the process id
   * @return the status
   */
  public static ProcessStatus dead(long pid) {
    return new ProcessStatus(pid, false, Optional.empty(), Optional.empty(), true);
  }

  /**
   * A running process.
   *
   * @param pid the process id
   * @param startedAt its start time, or null if unknown
   * @param command its name, or null if unknown
   * @return the status
   */
  public static ProcessStatus running(long pid, Instant startedAt, String command) {
    return new ProcessStatus(
        pid, true, Optional.ofNullable(startedAt), Optional.ofNullable(command), true);
  }

  /**
   * Tells whether the process looks like restic: its name contains {@code restic}. Unknown names
   * count as restic (benefit of the doubt: the lock is then treated as live).
   *
   * @return false only if the name is known and does not contain {@code restic}
   */
  public boolean looksLikeRestic() {
    return command.map(c -> c.toLowerCase(Locale.ROOT).contains("restic")).orElse(true);
  }
}
