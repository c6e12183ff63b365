package io.github.restic4j.locking;

import io.github.restic4j.locking.internal.SystemProcessProbe;

/**
 * Looks up a process on this host: does the PID run, is it restic, when did it start. Used to judge
 * locks written on this host. Implementations must be thread-safe and must never signal the
 * process. Independent of the restic version.
 */
@FunctionalInterface
public interface ProcessProbe {

  /**
   * Looks up one process id.
   *
   * @param pid the process id from a lock
   * @return what is known about it; {@link ProcessStatus#dead(long)} if no such process exists
   */
  ProcessStatus probe(long pid);

  /**
   * The probe for this operating system: {@link ProcessHandle} plus, on Linux, {@code
   * /proc/<pid>/stat}, {@code /proc/<pid>/comm}, {@code /proc/<pid>/cmdline} and the owner of
   * {@code /proc/<pid>}. Sends no signal (restic itself probes with SIGHUP).
   *
   * @return the system probe
   */
  static ProcessProbe system() {
    return SystemProcessProbe.INSTANCE;
  }
}
