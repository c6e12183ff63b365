package io.github.restic4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scripted answer for one run of the fake binary, in the spirit of OkHttp's MockWebServer: the
 * fake prints the stdout lines (optionally spaced by a delay), then the stderr text, then exits
 * with the exit code, or waits for a signal first.
 *
 * <p>Signals while a response waits ({@link Builder#hangUntilSignalled()}) or prints: SIGINT ends
 * it with {@link Builder#exitCodeOnSignal(int)} (default 130) unless {@link
 * Builder#ignoreSigint()}; SIGTERM does the same unless {@link Builder#ignoreSigterm()} (keeps
 * running) or {@link Builder#dieOnSigterm()} (the process dies from the signal: exit 143).
 *
 * <pre>{@code
 * fake.enqueue(FakeResponse.builder().forCommand("prune").stderr("boom").exitCode(1).build());
 * }</pre>
 */
public final class FakeResponse {

  private final String command;
  private final List<String> stdout;
  private final String stderr;
  private final int exitCode;
  private final Duration delayBetweenLines;
  private final boolean hang;
  private final boolean ignoreSigint;
  private final boolean ignoreSigterm;
  private final boolean dieOnSigterm;
  private final int exitCodeOnSignal;
  private final boolean readStdin;

  private FakeResponse(Builder b) {
    this.command = b.command;
    this.stdout = List.copyOf(b.stdout);
    this.stderr = b.stderr;
    this.exitCode = b.exitCode;
    this.delayBetweenLines = b.delayBetweenLines;
    this.hang = b.hang;
    this.ignoreSigint = b.ignoreSigint;
    this.ignoreSigterm = b.ignoreSigterm;
    this.dieOnSigterm = b.dieOnSigterm;
    this.exitCodeOnSignal = b.exitCodeOnSignal;
    this.readStdin = b.readStdin;
  }

  /**
   * Starts a response.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A response that prints lines and exits 0.
   *
   * @param stdoutLines the lines
   * @return the response
   */
  public static FakeResponse ofStdout(String... stdoutLines) {
    return builder().stdout(stdoutLines).build();
  }

  /**
   * The command this response is reserved for.
   *
   * @return the command ({@code prune} or {@code key list}), or empty for "the next call"
   */
  public Optional<String> command() {
    return Optional.ofNullable(command);
  }

  /**
   * The stdout lines.
   *
   * @return the lines
   */
  public List<String> stdout() {
    return stdout;
  }

  /**
   * The stderr text.
   *
   * @return the text (may be empty)
   */
  public String stderr() {
    return stderr;
  }

  /**
   * The exit code.
   *
   * @return the code
   */
  public int exitCode() {
    return exitCode;
  }

  /**
   * The pause before each stdout line after the first.
   *
   * @return the delay
   */
  public Duration delayBetweenLines() {
    return delayBetweenLines;
  }

  /**
   * Whether the process waits for a signal after printing.
   *
   * @return true if it hangs
   */
  public boolean hangUntilSignalled() {
    return hang;
  }

  /**
   * Whether SIGINT is ignored.
   *
   * @return true if ignored
   */
  public boolean ignoresSigint() {
    return ignoreSigint;
  }

  /**
   * Whether SIGTERM is ignored.
   *
   * @return true if ignored
   */
  public boolean ignoresSigterm() {
    return ignoreSigterm;
  }

  /**
   * Whether SIGTERM kills the process (exit 143) without any output.
   *
   * @return true if it dies
   */
  public boolean diesOnSigterm() {
    return dieOnSigterm;
  }

  /**
   * The exit code used when a handled signal ends the response.
   *
   * @return the code
   */
  public int exitCodeOnSignal() {
    return exitCodeOnSignal;
  }

  /**
   * Whether the process reads (and the invocation records) stdin before answering.
   *
   * @return true if stdin is read
   */
  public boolean readsStdin() {
    return readStdin;
  }

  /** Builds a {@link FakeResponse}. */
  public static final class Builder {
    private String command;
    private final List<String> stdout = new ArrayList<>();
    private String stderr = "";
    private int exitCode;
    private Duration delayBetweenLines = Duration.ZERO;
    private boolean hang;
    private boolean ignoreSigint;
    private boolean ignoreSigterm;
    private boolean dieOnSigterm;
    private int exitCodeOnSignal = 130;
    private boolean readStdin;

    private Builder() {}

    /**
     * Reserves the response for a command: the first call of that command takes it, other calls
     * pass it by.
     *
     * @param command a command word such as {@code prune}, or command and subcommand such as {@code
     *     key list}
     * @return this builder
     */
    public Builder forCommand(String command) {
      this.command = Objects.requireNonNull(command, "command").trim();
      return this;
    }

    /**
     * Adds stdout lines.
     *
     * @param lines the lines (each printed with a trailing newline)
     * @return this builder
     */
    public Builder stdout(String... lines) {
      for (String l : lines) {
        stdout.addAll(List.of(l.split("\n", -1)));
      }
      return this;
    }

    /**
     * Adds stdout lines.
     *
     * @param lines the lines
     * @return this builder
     */
    public Builder stdout(List<String> lines) {
      return stdout(lines.toArray(new String[0]));
    }

    /**
     * Sets the stderr text (printed after stdout; a trailing newline is added).
     *
     * @param text the text
     * @return this builder
     */
    public Builder stderr(String text) {
      this.stderr = Objects.requireNonNull(text, "text");
      return this;
    }

    /**
     * Sets the exit code (default 0).
     *
     * @param code 0 to 255
     * @return this builder
     */
    public Builder exitCode(int code) {
      if (code < 0 || code > 255) {
        throw new IllegalArgumentException("exit code must be 0..255: " + code);
      }
      this.exitCode = code;
      return this;
    }

    /**
     * Pauses between stdout lines (to imitate progress).
     *
     * @param delay the pause
     * @return this builder
     */
    public Builder delayBetweenLines(Duration delay) {
      this.delayBetweenLines = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /**
     * Waits for a signal after printing instead of exiting.
     *
     * @return this builder
     */
    public Builder hangUntilSignalled() {
      this.hang = true;
      return this;
    }

    /**
     * Ignores SIGINT (only a kill ends the process then).
     *
     * @return this builder
     */
    public Builder ignoreSigint() {
      this.ignoreSigint = true;
      return this;
    }

    /**
     * Ignores SIGTERM.
     *
     * @return this builder
     */
    public Builder ignoreSigterm() {
      this.ignoreSigterm = true;
      this.dieOnSigterm = false;
      return this;
    }

    /**
     * Dies from SIGTERM (exit 143, no output), like restic 0.14 to 0.16.
     *
     * @return this builder
     */
    public Builder dieOnSigterm() {
      this.dieOnSigterm = true;
      this.ignoreSigterm = false;
      return this;
    }

    /**
     * Sets the exit code used when a handled signal ends the response (default 130).
     *
     * @param code 0 to 255
     * @return this builder
     */
    public Builder exitCodeOnSignal(int code) {
      this.exitCodeOnSignal = code;
      return this;
    }

    /**
     * Reads stdin to its end before answering, so the invocation records it.
     *
     * @return this builder
     */
    public Builder readStdin() {
      this.readStdin = true;
      return this;
    }

    /**
     * Builds the response.
     *
     * @return the response
     */
    public FakeResponse build() {
      return new FakeResponse(this);
    }
  }
}
