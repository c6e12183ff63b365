package io.github.restic4j.examples;

import io.github.restic4j.core.command.BackupEvent;
import io.github.restic4j.core.command.BackupStatus;
import java.io.PrintStream;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows restic's backup progress ({@link BackupStatus} events) as a terminal progress bar drawn by
 * the <a href="https://github.com/ctongfei/progressbar">progressbar</a> library. When standard
 * output is not a terminal (CI logs, pipes) it does not redraw: it prints at most one line per
 * quarter of the work instead.
 *
 * <pre>{@code
 * try (ConsoleProgress progress = ConsoleProgress.start("backup")) {
 *   repo.backup(BackupRequest.of(data), progress);
 * }
 * }</pre>
 *
 * <p>restic-core delivers events on its output thread; this class is safe to use from it.
 */
public final class ConsoleProgress implements Consumer<BackupEvent>, AutoCloseable {

  private static final int WIDTH = 72;

  private final String task;
  private final PrintStream out;
  private final ProgressBar bar;
  private int printedQuarter;
  private boolean closed;
  private long files;
  private long totalFiles;

  private ConsoleProgress(String task, PrintStream out, boolean terminal) {
    this.task = task;
    this.out = out;
    this.bar =
        terminal
            ? new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(100)
                .setUnit("%", 1)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(100)
                .setConsumer(new ConsoleProgressBarConsumer(out, WIDTH))
                .build()
            : null;
  }

  /**
   * Starts showing progress on {@link System#out}: a bar on a terminal, a few lines otherwise.
   *
   * @param task the label, for example {@code "backup"}
   * @return the progress display; close it when the backup ends
   */
  public static ConsoleProgress start(String task) {
    return new ConsoleProgress(task, System.out, ExampleSupport.stdoutIsTerminal());
  }

  /**
   * Starts showing progress as plain lines (never redraws), for logs.
   *
   * @param task the label
   * @param out where to print
   * @return the progress display
   */
  public static ConsoleProgress plain(String task, PrintStream out) {
    return new ConsoleProgress(task, out, false);
  }

  /**
   * Takes one backup event; only {@link BackupStatus} moves the display.
   *
   * @param event the event
   */
  @Override
  public synchronized void accept(BackupEvent event) {
    if (closed || !(event instanceof BackupStatus status)) {
      return;
    }
    files = status.filesDone();
    totalFiles = status.totalFiles();
    int percent = (int) Math.round(Math.min(1.0, status.percentDone()) * 100);
    if (bar != null) {
      bar.stepTo(percent);
      bar.setExtraMessage(files + "/" + totalFiles + " files");
      return;
    }
    int quarter = percent / 25;
    if (quarter > printedQuarter && quarter < 4) {
      printedQuarter = quarter;
      out.println("  " + task + " " + quarter * 25 + "% (" + files + "/" + totalFiles + " files)");
    }
  }

  /** Ends the display at 100 % (once; later calls do nothing). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (bar != null) {
      bar.stepTo(100);
      bar.close();
    } else {
      out.println("  " + task + " 100%");
    }
  }
}
