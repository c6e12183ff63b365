package io.github.restic4j.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One recorded run of the fake binary. Secrets (passwords, password commands, URL passwords, values
 * of secret variables) are replaced by {@value #REDACTED}.
 *
 * @param arguments the arguments after the program name, redacted
 * @param command the command word ({@code backup}, {@code key}, ...), or empty if none was given
 * @param environmentNames names of every environment variable the process had
 * @param resticEnvironment values of its {@code RESTIC_*} variables, secrets redacted
 * @param stdin what the process read on stdin (only for {@code backup --stdin} or a scripted
 *     response that asked for it; otherwise empty)
 * @param pid the process id of the fake binary's run
 * @param workingDirectory its working directory
 */
public record FakeInvocation(
    List<String> arguments,
    String command,
    Set<String> environmentNames,
    Map<String, String> resticEnvironment,
    byte[] stdin,
    long pid,
    Path workingDirectory) {

  /** The replacement text for secrets. */
  public static final String REDACTED = "***";

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param arguments the arguments after the program name, redacted
   * @param command the command word ({@code backup}, {@code key}, ...), or empty if none was given
   * @param environmentNames names of every environment variable the process had
   * @param resticEnvironment values of its {@code RESTIC_*} variables, secrets redacted
   * @param stdin what the process read on stdin (only for {@code backup --stdin} or a scripted
   *     response that asked for it; otherwise empty)
   * @param pid the process id of the fake binary's run
   * @param workingDirectory its working directory
   */
  public FakeInvocation {
    arguments = List.copyOf(arguments);
    Objects.requireNonNull(command, "command");
    environmentNames = Set.copyOf(environmentNames);
    resticEnvironment = Map.copyOf(resticEnvironment);
    stdin = stdin.clone();
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  /**
   * A copy of what the process read on stdin.
   *
   * @return the bytes
   */
  @Override
  public byte[] stdin() {
    return stdin.clone();
  }

  /**
   * Stdin as UTF-8 text.
   *
   * @return the text
   */
  public String stdinText() {
    return new String(stdin, StandardCharsets.UTF_8);
  }

  /**
   * Whether an argument is present.
   *
   * @param argument for example {@code --json}
   * @return true if present
   */
  public boolean hasArgument(String argument) {
    return arguments.contains(argument);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FakeInvocation other
        && arguments.equals(other.arguments)
        && command.equals(other.command)
        && environmentNames.equals(other.environmentNames)
        && resticEnvironment.equals(other.resticEnvironment)
        && Arrays.equals(stdin, other.stdin)
        && pid == other.pid
        && workingDirectory.equals(other.workingDirectory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(arguments, command, pid);
  }

  @Override
  public String toString() {
    return "FakeInvocation[restic " + String.join(" ", arguments) + ", pid " + pid + "]";
  }
}
