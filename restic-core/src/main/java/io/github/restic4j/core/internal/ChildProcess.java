package io.github.restic4j.core.internal;

import io.github.restic4j.core.error.ResticBinaryException;
import io.github.restic4j.core.error.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeroturnaround.exec.MessageLoggers;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.StartedProcess;
import org.zeroturnaround.exec.stream.PumpStreamHandler;

/**
 * One running child process (restic), started through zt-exec with separate stdout/stderr pumps
 * (both through an {@link OutputPump}), a controlled environment and no inherited stdin. Stopping
 * is graceful: SIGINT, a grace period, then a forced kill of the whole process tree.
 */
public final class ChildProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");

  private final StartedProcess started;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile Termination termination;

  private ChildProcess(StartedProcess started) {
    this.started = started;
    Thread waiter =
        new Thread(
            () -> {
              try {
                ProcessResult result = started.getFuture().get();
                exit.complete(result.getExitValue());
              } catch (ExecutionException e) {
                // zt-exec failed while waiting; fall back to the process's own exit value
                try {
                  exit.complete(started.getProcess().waitFor());
                } catch (InterruptedException ie) {
                  Thread.currentThread().interrupt();
                  exit.completeExceptionally(ie);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit.completeExceptionally(e);
              } catch (RuntimeException e) {
                exit.completeExceptionally(e);
              }
            },
            "restic4j-wait-" + started.getProcess().pid());
    waiter.setDaemon(true);
    waiter.start();
  }

  /**
   * Starts a process.
   *
   * @param command the binary and its arguments (no secrets)
   * @param environment variables to set for the child (may hold secrets; never logged)
   * @param inherit decides which of this JVM's variables the child inherits
   * @param workingDirectory working directory, or null for the JVM's
   * @param stdin what the child reads; null for an empty stream, so restic can never block on a
   *     password prompt
   * @param stdout receives stdout bytes
   * @param stderr receives stderr bytes
   * @return the running process
   * @throws ResticBinaryException if the binary cannot be started
   */
  public static ChildProcess start(
      List<String> command,
      Map<String, String> environment,
      Predicate<String> inherit,
      Path workingDirectory,
      InputStream stdin,
      OutputStream stdout,
      OutputStream stderr) {
    Map<String, String> env = new HashMap<>();
    for (String name : System.getenv().keySet()) {
      if (!inherit.test(name)) {
        env.put(name, null); // zt-exec removes variables mapped to null
      }
    }
    env.putAll(environment);
    ProcessExecutor executor =
        new ProcessExecutor()
            .command(command)
            .environment(env)
            .streams(
                new CoalescingPumps(
                    stdout, stderr, stdin == null ? InputStream.nullInputStream() : stdin))
            // zt-exec merges stderr into stdout unless told otherwise (redirectError() did)
            .redirectErrorStream(false)
            // zt-exec logs and puts the environment (our secrets) into messages; silence it
            .setMessageLogger(MessageLoggers.NOP)
            .closeTimeout(10, TimeUnit.SECONDS)
            .destroyOnExit();
    if (workingDirectory != null) {
      executor.directory(workingDirectory.toFile());
    }
    try {
      return new ChildProcess(executor.start());
    } catch (IOException e) {
      // never chain e: its message may carry the environment
      throw new ResticBinaryException(
          "cannot start '" + command.get(0) + "': " + firstLine(e.getMessage(), command.get(0)));
    }
  }

  /** zt-exec's pumps, with stdout and stderr read by {@link OutputPump}s. */
  private static final class CoalescingPumps extends PumpStreamHandler {
    CoalescingPumps(OutputStream out, OutputStream err, InputStream in) {
      super(out, err, in);
    }

    @Override
    protected void createProcessOutputPump(InputStream is, OutputStream os) {
      outputThread = newThread(new OutputPump(is, os));
    }

    @Override
    protected void createProcessErrorPump(InputStream is, OutputStream os) {
      // the same flushes as stdout, so a spec's chunk end comes alike from both streams
      errorThread = newThread(new OutputPump(is, os));
    }
  }

  private static String firstLine(String message, String binary) {
    if (message == null) {
      return "unknown error";
    }
    if (message.contains("error=2,")) {
      return "no such file";
    }
    if (message.contains("error=13,")) {
      return "permission denied (not executable?)";
    }
    if (message.contains("error=8,")) {
      return "not an executable format";
    }
    int cut = message.indexOf(" with environment");
    String s = cut >= 0 ? message.substring(0, cut) : message;
    return s.length() > 200 ? s.substring(0, 200) : s.replace(binary, "<binary>");
  }

  /**
   * The process id.
   *
   * @return the pid
   */
  public long pid() {
    return started.getProcess().pid();
  }

  /**
   * Completes with the exit code once the process has exited and its output was pumped.
   *
   * @return the exit future
   */
  public CompletableFuture<Integer> exit() {
    return exit;
  }

  /**
   * Tells whether the process is still running.
   *
   * @return true while running
   */
  public boolean isAlive() {
    return started.getProcess().isAlive();
  }

  /**
   * How the process was stopped by {@link #stop(Duration)}, or null if it never was.
   *
   * @return the termination or null
   */
  public Termination termination() {
    return termination;
  }

  /**
   * Stops the process: SIGINT (restic then removes its lock and exits), wait up to {@code grace},
   * then kill the process and its descendants. Idempotent; blocks until the process is gone.
   *
   * <p>Interrupts: a thread that is already interrupted when it calls this still sends SIGINT and
   * gives restic its grace period (its interrupt status is cleared meanwhile and restored on
   * return); an interrupt that arrives while waiting kills the process at once. Either way the
   * returned {@link Termination} says what happened: {@code forceKilled} with {@code waited}
   * shorter than {@code grace} means the kill came early because of an interrupt.
   *
   * @param grace how long restic may take to clean up
   * @return how the process was stopped
   */
  public synchronized Termination stop(Duration grace) {
    if (termination != null) {
      return termination;
    }
    boolean interrupted = Thread.interrupted(); // else `kill -INT` and the wait would not run
    try {
      Process process = started.getProcess();
      long start = System.nanoTime();
      boolean signalled = false;
      if (process.isAlive()) {
        signalled = interrupt(process);
        if (!signalled) {
          process.destroy();
        }
        // restic 0.18+ backing up stdin only notices SIGINT once its input ends
        closeQuietly(process.getOutputStream());
      }
      boolean forced = false;
      try {
        exit.get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        forced = true;
        LOG.warn("restic pid {} did not exit within {} after SIGINT; killing it", pid(), grace);
        interrupted |= kill(process);
      } catch (ExecutionException e) {
        LOG.debug("waiting for pid {} failed", pid(), e);
      } catch (InterruptedException e) {
        interrupted = true;
        forced = true;
        LOG.warn("interrupted while restic pid {} had its grace period; killing it", pid());
        kill(process);
      }
      termination =
          new Termination(pid(), signalled, forced, Duration.ofNanos(System.nanoTime() - start));
      return termination;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Kills the process tree and waits (bounded) for it; returns true if interrupted meanwhile. */
  private boolean kill(Process process) {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      exit.get(15, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("restic pid {} output pumps did not finish after kill", pid());
    } catch (InterruptedException e) {
      return true;
    }
    return false;
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("closing restic's stdin failed", e);
    }
  }

  private boolean interrupt(Process process) {
    if (WINDOWS) {
      return false;
    }
    try {
      // Java cannot send SIGINT; restic 0.14-0.16 die on SIGTERM without removing their lock.
      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      kill.getInputStream().readAllBytes();
      return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
