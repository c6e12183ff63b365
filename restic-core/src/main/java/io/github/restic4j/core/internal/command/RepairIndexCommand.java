package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.RepairIndexRequest;
import io.github.restic4j.core.command.RepairIndexResult;
import io.github.restic4j.core.internal.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code restic repair index} (0.16.0+) or {@code restic rebuild-index} (0.14, 0.15; still a
 * deprecated alias up to 0.19). Text output on every version, in two shapes: 0.14 to 0.16 reuse
 * prune's index rebuild ({@code packs processed}, {@code files deleted}), 0.17.0+ print {@code
 * indexes processed} and {@code old indexes deleted} (restic source, tags v0.16.0 and v0.17.0).
 * {@code --json} is passed from 0.18.0 only, so that fatal errors arrive as {@code exit_error} JSON
 * there; 0.18 and 0.19 print the same text with it, while 0.14 to 0.16 would drop their deletion
 * counter.
 */
public final class RepairIndexCommand implements CommandSpec<RepairIndexResult, Void> {

  /**
   * A final progress status line on a non-terminal, e.g. {@code [0:00] 100.00% 2 / 2 packs} or
   * {@code [0:00] 0 old indexes deleted}.
   */
  private static final Pattern COUNTER =
      Pattern.compile(
          "^\\[[0-9:]+\\]\\s+(?:[0-9.]+%\\s+)?(\\d+)(?: / \\d+)? (packs|packs processed|indexes"
              + " processed|old indexes deleted|files deleted)$");

  private final boolean readAllPacks;
  private final boolean legacy;
  private final boolean jsonFlag;
  private boolean readPackFiles;
  private long packsRead;
  private long packsProcessed = -1;
  private long indexesProcessed = -1;
  private long oldIndexesDeleted = -1;

  /**
   * Creates the spec.
   *
   * @param request the request
   * @param version the restic version: before 0.16.0 the command is {@code rebuild-index}
   */
  public RepairIndexCommand(RepairIndexRequest request, ResticVersion version) {
    this.readAllPacks = request.readAllPacks();
    this.legacy = !version.isAtLeast(0, 16, 0);
    this.jsonFlag = version.isAtLeast(0, 18, 0);
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    if (legacy) {
      a.add("rebuild-index");
    } else {
      a.add("repair");
      a.add("index");
    }
    if (readAllPacks) {
      a.add("--read-all-packs");
    }
    return a;
  }

  @Override
  public boolean json() {
    return jsonFlag;
  }

  @Override
  public void onStdout(String raw, Consumer<Void> events) {
    String line = raw.strip();
    if (line.equals("reading pack files")) {
      readPackFiles = true;
      return;
    }
    Matcher m = COUNTER.matcher(line);
    if (!m.matches()) {
      return;
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return; // not restic's counter; ignore like any unknown line
    }
    switch (m.group(2)) {
      case "packs" -> packsRead = n;
      case "packs processed" -> packsProcessed = n;
      case "indexes processed" -> indexesProcessed = n;
      default -> oldIndexesDeleted = n;
    }
  }

  @Override
  public RepairIndexResult finish(Completion completion) {
    return new RepairIndexResult(
        readPackFiles, packsRead, packsProcessed, indexesProcessed, oldIndexesDeleted);
  }
}
