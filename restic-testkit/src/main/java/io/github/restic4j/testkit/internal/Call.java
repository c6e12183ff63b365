package io.github.restic4j.testkit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One run of the fake binary as seen from the JVM: what the client sent, and the channel to answer
 * it. Output methods never throw: if the client is gone, they do nothing.
 */
public final class Call {

  /** Signal name delivered when the client process vanished (killed, connection lost). */
  public static final String GONE = "GONE";

  private final long id;
  private final long pid;
  private final Path workingDirectory;
  private final List<String> arguments;
  private final Map<String, String> resticEnvironment;
  private final Set<String> environmentNames;
  private final Socket socket;
  private final OutputStream out;
  private final FakeServer server;
  private final BlockingQueue<String> signals = new LinkedBlockingQueue<>();
  private volatile boolean finished;
  private volatile boolean gone;
  private byte[] stdinData;

  Call(
      long id,
      long pid,
      Path workingDirectory,
      List<String> arguments,
      Map<String, String> resticEnvironment,
      Set<String> environmentNames,
      Socket socket,
      OutputStream out,
      FakeServer server) {
    this.id = id;
    this.pid = pid;
    this.workingDirectory = workingDirectory;
    this.arguments = List.copyOf(arguments);
    this.resticEnvironment = Map.copyOf(resticEnvironment);
    this.environmentNames = Set.copyOf(environmentNames);
    this.socket = socket;
    this.out = out;
    this.server = server;
  }

  /**
   * The client's process id.
   *
   * @return the pid
   */
  public long pid() {
    return pid;
  }

  /**
   * The client's working directory.
   *
   * @return the directory
   */
  public Path workingDirectory() {
    return workingDirectory;
  }

  /**
   * The arguments after the program name.
   *
   * @return the arguments
   */
  public List<String> arguments() {
    return arguments;
  }

  /**
   * Values of the {@code RESTIC_*} variables (unredacted).
   *
   * @return name to value
   */
  public Map<String, String> resticEnvironment() {
    return resticEnvironment;
  }

  /**
   * Names of all environment variables.
   *
   * @return the names
   */
  public Set<String> environmentNames() {
    return environmentNames;
  }

  /**
   * Whether the client process is (as far as known) still running.
   *
   * @return true while running
   */
  public boolean alive() {
    return !gone && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Whether this call has been answered with an exit (or the client vanished).
   *
   * @return true once finished
   */
  public boolean finished() {
    return finished || gone;
  }

  private void send(char kind, String payload) {
    synchronized (out) {
      sendLocked(kind, payload);
    }
  }

  private void sendLocked(char kind, String payload) {
    if (gone) {
      return;
    }
    try {
      out.write(kind);
      out.write(payload.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      markGone();
    }
  }

  /**
   * Prints text on stdout; every line (split at line breaks) ends with a newline.
   *
   * @param text the text
   */
  public void out(String text) {
    for (String line : text.split("\n", -1)) {
      send('o', line);
    }
  }

  /**
   * Prints text on stderr; every line (split at line breaks) ends with a newline.
   *
   * @param text the text
   */
  public void err(String text) {
    for (String line : text.split("\n", -1)) {
      send('e', line);
    }
  }

  /**
   * Writes raw bytes to stdout.
   *
   * @param bytes the bytes
   */
  public void outRaw(byte[] bytes) {
    send('b', Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * Writes raw bytes to stderr.
   *
   * @param bytes the bytes
   */
  public void errRaw(byte[] bytes) {
    send('B', Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * Ends the client with an exit code.
   *
   * @param code 0 to 255
   */
  public void exit(int code) {
    send('x', Integer.toString(code & 0xff));
    finished = true;
  }

  /** Makes the client die from SIGTERM (the parent sees 143), like restic 0.14 to 0.16. */
  public void dieBySigterm() {
    send('t', "");
    finished = true;
  }

  /** Makes the client kill itself with SIGKILL (the parent sees 137), like a crash. */
  public void crash() {
    send('k', "");
    finished = true;
  }

  /**
   * Reads the client's stdin to its end.
   *
   * @param timeout how long to wait
   * @return the bytes (empty if the client could not forward it)
   */
  public synchronized byte[] readStdin(Duration timeout) {
    if (stdinData != null) {
      return stdinData.clone();
    }
    stdinData = fetchStdin(timeout);
    return stdinData.clone();
  }

  private byte[] fetchStdin(Duration timeout) {
    CompletableFuture<byte[]> f = server.expectStdin(id);
    send('i', Long.toString(id));
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return new byte[0];
    } finally {
      server.forgetStdin(id);
    }
  }

  /**
   * Waits for a signal forwarded by the client.
   *
   * @param timeout how long to wait; null waits forever
   * @return {@code INT}, {@code TERM}, {@link #GONE}, or empty on timeout
   */
  public Optional<String> awaitSignal(Duration timeout) {
    try {
      String s =
          timeout == null
              ? signals.take()
              : signals.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
      if (GONE.equals(s)) {
        signals.offer(GONE);
      }
      return Optional.ofNullable(s);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(GONE);
    }
  }

  void signal(String name) {
    signals.offer(name);
  }

  void markGone() {
    gone = true;
    signals.offer(GONE);
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Closes the channel to the client; the client then exits 70 if it had no answer. */
  public void close() {
    markGone();
  }
}
