package io.github.restic4j.core.internal;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.ResticBinaryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs {@code restic version} once to learn which restic a binary is. */
public final class VersionProbe {

  private VersionProbe() {}

  /**
   * Detects the version of a binary.
   *
   * @param binary the restic executable
   * @param timeout how long it may take
   * @return the version
   * @throws ResticBinaryException if it cannot run, hangs, or does not answer like restic
   */
  public static ResticVersion detect(Path binary, Duration timeout) {
    StringBuilder out = new StringBuilder();
    BoundedTail err = new BoundedTail(2000);
    ChildProcess p =
        ChildProcess.start(
            List.of(binary.toString(), "version"),
            Map.of(),
            Environments::inheritByDefault,
            null,
            null,
            new LineSplitter(line -> appendBounded(out, line), 64 * 1024),
            new LineSplitter(err::add, 64 * 1024));
    int code;
    try {
      code = p.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      p.stop(Duration.ofSeconds(2));
      throw new ResticBinaryException(
          "'" + binary + " version' did not answer within " + timeout + "; is it restic?");
    } catch (ExecutionException e) {
      throw new ResticBinaryException("'" + binary + " version' failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.stop(Duration.ofSeconds(2));
      throw new ResticBinaryException("interrupted while detecting the restic version");
    }
    if (code != 0) {
      throw new ResticBinaryException(
          "'" + binary + " version' exited with " + code + ": " + err.text());
    }
    return ResticVersion.fromVersionOutput(out.toString());
  }

  private static synchronized void appendBounded(StringBuilder sb, String line) {
    if (sb.length() < 16 * 1024) {
      sb.append(line).append('\n');
    }
  }
}
