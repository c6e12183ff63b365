package io.github.restic4j.core.error;

import java.util.List;
import java.util.Objects;

/**
 * What is known about a restic invocation that failed: its redacted command line, exit code and the
 * tail of what it wrote to stderr.
 *
 * @param commandLine the arguments restic was started with (never containing secrets; the
 *     repository location and passwords travel through the environment)
 * @param exitCode the process exit code (for a process killed by a signal, 128 + the signal
 *     number), or -1 if it never exited
 * @param stderrTail the last lines restic wrote to stderr, bounded in size and redacted
 * @param resticVersion the version of the restic binary, for example {@code 0.18.0}
 */
public record CommandFailure(
    List<String> commandLine, int exitCode, String stderrTail, String resticVersion) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param commandLine the arguments restic was started with (never containing secrets; the
   *     repository location and passwords travel through the environment)
   * @param exitCode the process exit code (for a process killed by a signal, 128 + the signal
   *     number), or -1 if it never exited
   * @param stderrTail the last lines restic wrote to stderr, bounded in size and redacted
   * @param resticVersion the version of the restic binary, for example {@code 0.18.0}
   */
  public CommandFailure {
    commandLine = List.copyOf(commandLine);
    Objects.requireNonNull(stderrTail, "stderrTail");
    Objects.requireNonNull(resticVersion, "resticVersion");
  }

  /**
   * Renders a one-line summary used in exception messages.
   *
   * @return for example {@code "restic prune" exited with 11 (restic 0.18.0)}
   */
  public String describe() {
    return "'restic "
        + String.join(" ", commandLine)
        + "' exited with "
        + exitCode
        + " (restic "
        + resticVersion
        + ")";
  }
}
