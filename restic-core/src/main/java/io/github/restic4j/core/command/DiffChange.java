package io.github.restic4j.core.command;

import java.util.Objects;

/**
 * One changed path between two snapshots ({@code restic diff --json}, message type {@code change}).
 * Every restic version.
 *
 * @param path the absolute path inside the snapshots
 * @param modifier what changed
 * @param symbol restic's modifier character as printed ({@code + - U M T ?})
 */
public record DiffChange(String path, Modifier modifier, String symbol) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param path the absolute path inside the snapshots
   * @param modifier what changed
   * @param symbol restic's modifier character as printed ({@code + - U M T ?})
   */
  public DiffChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(modifier, "modifier");
    Objects.requireNonNull(symbol, "symbol");
  }

  /** restic's change modifiers. */
  public enum Modifier {
    /** {@code +}: present only in the second snapshot. */
    ADDED("+"),
    /** {@code -}: present only in the first snapshot. */
    REMOVED("-"),
    /** {@code M}: the file's content changed. */
    MODIFIED("M"),
    /** {@code U}: only metadata changed (reported with {@code --metadata}). */
    METADATA("U"),
    /** {@code T}: the type changed (for example file to symlink). */
    TYPE_CHANGED("T"),
    /** {@code ?} or anything restic4j does not know. */
    UNKNOWN("?");

    private final String symbol;

    Modifier(String symbol) {
      this.symbol = symbol;
    }

    /**
     * restic's character for this modifier.
     *
     * @return for example {@code +}
     */
    public String symbol() {
      return symbol;
    }

    /**
     * Maps restic's modifier text, which may combine characters (for example {@code MU}), to the
     * most significant modifier: type change, then added/removed, then content, then metadata.
     *
     * @param text the modifier text
     * @return the modifier, {@link #UNKNOWN} if none matches
     */
    public static Modifier of(String text) {
      if (text == null) {
        return UNKNOWN;
      }
      if (text.contains("T")) {
        return TYPE_CHANGED;
      }
      if (text.contains("+")) {
        return ADDED;
      }
      if (text.contains("-")) {
        return REMOVED;
      }
      if (text.contains("M")) {
        return MODIFIED;
      }
      if (text.contains("U")) {
        return METADATA;
      }
      return UNKNOWN;
    }
  }
}
