package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.PruneSummary;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads restic's text prune report line by line (restic 0.14 to 0.19 print no prune JSON). Used by
 * {@code prune} and {@code forget --prune}. Not thread-safe; one instance per run.
 */
public final class PruneReport {

  private static final Pattern FIGURE =
      Pattern.compile(
          "^(to repack|this removes|to delete|total prune|remaining):\\s+(\\d+) blobs / ([0-9.]+)"
              + " ([KMGTPE]?i?B)\\s*$");
  private static final Pattern UNUSED =
      Pattern.compile(
          "^unused size after prune:\\s+([0-9.]+) ([KMGTPE]?i?B) \\(([0-9.]+)% of remaining size\\)");
  private static final Pattern PROGRESS =
      Pattern.compile("^\\[[0-9:]+\\]\\s+[0-9.]+%\\s+(\\d+) / (\\d+) (.+?)\\s*$");
  private static final Pattern OLD_PACKS = Pattern.compile("^removing (\\d+) old packs");

  private final long[] f = new long[15];
  private double unusedPercent;
  private boolean dryRun;
  private boolean seen;
  private boolean inUnreferenced;

  /** Creates an empty report. */
  public PruneReport() {}

  /**
   * Feeds one stdout line; lines that are not part of the report are ignored.
   *
   * @param raw the line
   */
  public void accept(String raw) {
    try {
      read(raw.strip());
    } catch (NumberFormatException e) {
      // A figure too large for a long (or "1.2.3" for a size) is not restic's report: ignore the
      // line like any other unknown line instead of failing a prune that succeeded (found by
      // ParserFuzzTest).
    }
  }

  private void read(String line) {
    if (line.startsWith("Would have made the following changes")) {
      dryRun = true;
      seen = true;
      return;
    }
    Matcher m = FIGURE.matcher(line);
    if (m.matches()) {
      int i =
          switch (m.group(1)) {
            case "to repack" -> 0;
            case "this removes" -> 2;
            case "to delete" -> 4;
            case "total prune" -> 6;
            default -> 8;
          };
      f[i] = Long.parseLong(m.group(2));
      f[i + 1] = bytes(m.group(3), m.group(4));
      seen = true;
      return;
    }
    m = UNUSED.matcher(line);
    if (m.find()) {
      f[10] = bytes(m.group(1), m.group(2));
      unusedPercent = Double.parseDouble(m.group(3));
      seen = true;
      return;
    }
    if (line.startsWith("deleting unreferenced packs")) {
      inUnreferenced = true;
      return;
    }
    m = OLD_PACKS.matcher(line);
    if (m.find()) {
      f[12] = Long.parseLong(m.group(1));
      return;
    }
    m = PROGRESS.matcher(line);
    if (m.matches()) {
      if (m.group(3).equals("packs repacked")) {
        f[11] = Long.parseLong(m.group(1));
      } else if (m.group(3).equals("files deleted") && inUnreferenced) {
        f[13] = Long.parseLong(m.group(1));
        inUnreferenced = false;
      }
      return;
    }
    if (!line.isEmpty() && !line.startsWith("[")) {
      inUnreferenced = line.startsWith("deleting unreferenced");
    }
  }

  /**
   * Whether any report figure was seen.
   *
   * @return true once a figure line was read
   */
  public boolean seen() {
    return seen;
  }

  /**
   * The figures read so far.
   *
   * @return the summary (figures not seen are 0)
   */
  public PruneSummary summary() {
    return new PruneSummary(
        f[0],
        f[1],
        f[2],
        f[3],
        f[4],
        f[5],
        f[6],
        f[7],
        f[8],
        f[9],
        f[10],
        unusedPercent,
        f[11],
        f[12],
        f[13],
        dryRun);
  }

  /**
   * Converts restic's human-readable size ({@code ui.FormatBytes}: B, KiB, MiB, GiB, TiB).
   *
   * @param number the number, for example {@code 1.632}
   * @param unit the unit, for example {@code KiB}
   * @return bytes, rounded
   */
  static long bytes(String number, String unit) {
    double v = Double.parseDouble(number);
    int exp =
        switch (unit.toUpperCase(Locale.ROOT).charAt(0)) {
          case 'K' -> 1;
          case 'M' -> 2;
          case 'G' -> 3;
          case 'T' -> 4;
          case 'P' -> 5;
          case 'E' -> 6;
          default -> 0;
        };
    return Math.round(v * Math.pow(1024, exp));
  }
}
