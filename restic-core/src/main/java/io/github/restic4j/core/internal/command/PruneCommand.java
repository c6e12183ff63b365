package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.command.PruneSummary;
import io.github.restic4j.core.error.UnsupportedVersionException;
import io.github.restic4j.core.internal.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code restic prune}: text report on stdout in every released version (even with {@code --json},
 * which is still passed so that 0.18+ report fatal errors as {@code exit_error} JSON).
 */
public final class PruneCommand implements CommandSpec<PruneSummary, Void> {

  private final PruneRequest request;
  private final PruneReport report = new PruneReport();

  /**
   * Creates the spec.
   *
   * @param request the request
   * @param version the restic version
   * @throws UnsupportedVersionException if an option needs a newer restic
   */
  public PruneCommand(PruneRequest request, ResticVersion version) {
    if (request.repackSmall() && !version.isAtLeast(0, 15, 0)) {
      throw new UnsupportedVersionException("prune --repack-small", "0.15.0", version.toString());
    }
    if (request.repackUncompressed() && !version.isAtLeast(0, 15, 0)) {
      throw new UnsupportedVersionException(
          "prune --repack-uncompressed", "0.15.0", version.toString());
    }
    this.request = request;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("prune");
    request.maxUnused().ifPresent(v -> Flags.add(a, "--max-unused", v));
    request.maxRepackSize().ifPresent(v -> Flags.add(a, "--max-repack-size", v));
    if (request.repackCacheableOnly()) {
      a.add("--repack-cacheable-only");
    }
    if (request.repackSmall()) {
      a.add("--repack-small");
    }
    if (request.repackUncompressed()) {
      a.add("--repack-uncompressed");
    }
    if (request.dryRun()) {
      a.add("--dry-run");
    }
    return a;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    report.accept(line);
  }

  @Override
  public PruneSummary finish(Completion completion) {
    PruneSummary s = report.summary();
    if (request.dryRun() && !s.dryRun()) {
      // restic prints the marker only when there is something to report; a dry run stays one
      return new PruneSummary(
          s.repackBlobs(),
          s.repackBytes(),
          s.removeBlobs(),
          s.removeBytes(),
          s.deleteBlobs(),
          s.deleteBytes(),
          s.totalPruneBlobs(),
          s.totalPruneBytes(),
          s.remainingBlobs(),
          s.remainingBytes(),
          s.unusedBytesAfterPrune(),
          s.unusedPercentAfterPrune(),
          s.packsRepacked(),
          s.oldPacksRemoved(),
          s.unreferencedFilesDeleted(),
          true);
    }
    return s;
  }
}
