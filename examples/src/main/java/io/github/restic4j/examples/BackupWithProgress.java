package io.github.restic4j.examples;

import io.github.restic4j.core.OutputLine;
import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticCallback;
import io.github.restic4j.core.ResticExecution;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.BackupEvent;
import io.github.restic4j.core.command.BackupFileError;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * Backup with progress: restic's {@code --json} status lines arrive as typed {@link
 * io.github.restic4j.core.command.BackupStatus} events and drive a terminal progress bar ({@link
 * ConsoleProgress}, built on the progressbar library; plain lines when output is not a terminal).
 *
 * <p>Shows {@link ResticRepository#start} (asynchronous run with a {@link ResticCallback}: start,
 * events, completion, failure), a timeout on the request (on expiry restic gets SIGINT so it
 * removes its own lock), and files restic could not read reported as {@link BackupFileError}
 * events.
 *
 * <p>Needs restic ({@code RESTIC_BINARY}, {@code PATH} or {@code bash scripts/install-restic}).
 *
 * <p>Run: {@code ./mvnw -q -Pdemo -pl examples -am package -Ddemo.main=BackupWithProgress}.
 */
public final class BackupWithProgress {

  private BackupWithProgress() {}

  /**
   * Backs up about 8 MB of generated files with a progress bar.
   *
   * @param args unused
   * @throws Exception if the backup fails
   */
  public static void main(String[] args) throws Exception {
    Restic restic = ExampleSupport.requireRestic();
    Path work = Files.createTempDirectory("restic4j-progress");
    try {
      Path data = work.resolve("data");
      Files.createDirectories(data);
      Random random = new Random(42);
      for (int i = 0; i < 32; i++) {
        byte[] bytes = new byte[256 * 1024];
        random.nextBytes(bytes); // incompressible, so restic has some work to do
        Files.write(data.resolve("file-" + i + ".bin"), bytes);
      }
      ResticRepository repo =
          restic
              .repository(work.resolve("repo").toString())
              .password(Secret.of("progress-demo"))
              .cacheDir(work.resolve("cache"))
              .build();
      repo.init();

      BackupRequest request =
          BackupRequest.builder()
              .path(data)
              .tag("progress")
              .timeout(Duration.ofMinutes(10))
              .build();
      BackupSummary summary;
      try (ConsoleProgress progress = ConsoleProgress.start("backup");
          ResticExecution<BackupSummary> execution = repo.start(request, callback(progress))) {
        // execution.cancel() would stop restic gracefully (SIGINT) from any thread
        summary = execution.await();
      }
      System.out.printf(
          "snapshot %s: %d files, %d KiB added in %.1f s%n",
          ExampleSupport.shortId(summary.snapshotId()),
          summary.totalFilesProcessed(),
          summary.dataAdded() / 1024,
          summary.totalDuration());
    } finally {
      ExampleSupport.deleteTree(work);
    }
  }

  private static ResticCallback<BackupEvent, BackupSummary> callback(ConsoleProgress progress) {
    return new ResticCallback<>() {
      @Override
      public void onEvent(BackupEvent event) {
        progress.accept(event); // BackupStatus moves the bar
        if (event instanceof BackupFileError error) {
          System.out.println("  cannot read " + error.item() + ": " + error.message());
        }
      }

      @Override
      public void onOutput(OutputLine line) {
        // every raw line (already redacted of secrets) arrives here too, for your logs
      }
    };
  }
}
