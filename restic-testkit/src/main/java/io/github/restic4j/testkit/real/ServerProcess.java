package io.github.restic4j.testkit.real;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A test server started as a child process: both output streams drained on daemon threads (a
 * bounded tail is kept for error messages), readiness detected by a line pattern that captures the
 * port, stopped with SIGTERM and then killed, and its scratch folder deleted.
 */
final class ServerProcess implements AutoCloseable {

  private static final int TAIL_LINES = 200;
  private static final Duration TERM_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final Path scratch;
  private final Deque<String> tail = new ArrayDeque<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final Thread shutdownHook;
  private volatile boolean closed;

  private ServerProcess(String name, Process process, Path scratch) {
    this.name = name;
    this.process = process;
    this.scratch = scratch;
    this.shutdownHook = new Thread(this::kill, "restic4j-stop-" + name);
  }

  /**
   * Starts a server and waits until it printed its readiness line.
   *
   * @param name short name for messages and thread names
   * @param command the command line (must not contain secrets: it is shown in errors)
   * @param environment variables to add to the inherited environment
   * @param ready pattern of the readiness line; group 1 is the port
   * @param timeout how long to wait for readiness
   * @param scratch folder to delete after the server stopped, or null
   * @return the ready server
   * @throws IllegalStateException if it exits or is not ready in time (it is then stopped and the
   *     scratch folder deleted)
   */
  static ServerProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Pattern ready,
      Duration timeout,
      Path scratch) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(environment);
    pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      deleteRecursively(scratch);
      throw new IllegalStateException("cannot start " + name + " " + command + ": " + e, e);
    }
    ServerProcess server = new ServerProcess(name, process, scratch);
    try {
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      server.close();
      throw shuttingDown;
    }
    server.drain(process.getInputStream(), "out", ready);
    server.drain(process.getErrorStream(), "err", ready);
    process
        .onExit()
        .thenRun(
            () ->
                server.port.completeExceptionally(
                    new IllegalStateException(
                        name
                            + " exited with code "
                            + process.exitValue()
                            + " before it was ready")));
    try {
      server.port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return server;
    } catch (TimeoutException e) {
      server.close();
      throw new IllegalStateException(
          name
              + " did not print its readiness line within "
              + timeout
              + " ("
              + command
              + "); last output:\n"
              + server.recentOutput(),
          e);
    } catch (ExecutionException e) {
      server.close();
      throw new IllegalStateException(
          e.getCause().getMessage() + " (" + command + "); last output:\n" + server.recentOutput(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")
            ? "NUL"
            : "/dev/null");
  }

  private void drain(InputStream stream, String which, Pattern ready) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  remember(line);
                  if (!port.isDone()) {
                    Matcher m = ready.matcher(line);
                    if (m.find()) {
                      port.complete(Integer.parseInt(m.group(1)));
                    }
                  }
                }
              } catch (IOException | RuntimeException e) {
                // the process went away; nothing more to read
              }
            },
            "restic4j-" + name + "-" + which + "-" + process.pid());
    t.setDaemon(true);
    t.start();
  }

  private void remember(String line) {
    synchronized (tail) {
      if (tail.size() == TAIL_LINES) {
        tail.removeFirst();
      }
      tail.addLast(line);
    }
  }

  /**
   * The port from the readiness line.
   *
   * @return the port
   */
  int port() {
    return port.join();
  }

  /**
   * The process id.
   *
   * @return the pid
   */
  long pid() {
    return process.pid();
  }

  /**
   * Tells whether the server still runs.
   *
   * @return true while running
   */
  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The last lines the server printed (stdout and stderr interleaved).
   *
   * @return up to 200 lines
   */
  String recentOutput() {
    synchronized (tail) {
      return String.join("\n", new ArrayList<>(tail));
    }
  }

  private void kill() {
    if (process.isAlive()) {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** SIGTERM, up to five seconds, then a forced kill; then deletes the scratch folder. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(TERM_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(TERM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    deleteRecursively(scratch);
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
