package io.github.restic4j.core;

import io.github.restic4j.core.error.ResticBinaryException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A restic release number such as {@code 0.18.0}, as reported by {@code restic version}.
 *
 * <p>Versions compare by major, minor and patch; a pre-release suffix ({@code 0.19.1-dev}) is kept
 * in {@link #raw()} but ignored for ordering. Works for every restic version.
 *
 * @param major the major number
 * @param minor the minor number
 * @param patch the patch number
 * @param raw the version text as restic printed it, for example {@code 0.19.1-dev}
 */
public record ResticVersion(int major, int minor, int patch, String raw)
    implements Comparable<ResticVersion> {

  /** Oldest restic release this SDK supports. */
  public static final ResticVersion MINIMUM_SUPPORTED = of(0, 14, 0);

  private static final Pattern VERSION_LINE =
      Pattern.compile("restic (\\d+)\\.(\\d+)\\.(\\d+)(\\S*)(?: \\(.*?\\))?(?: compiled with .*)?");

  /** {@code restic --json version}: 0.17 (no message_type) and 0.18+ objects. */
  private static final Pattern JSON_VERSION =
      Pattern.compile("\\{.*\"version\"\\s*:\\s*\"v?(\\d+)\\.(\\d+)\\.(\\d+)([^\"\\s]*)\".*\\}");

  private static final Pattern PLAIN = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(\\S*)");

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param major the major number
   * @param minor the minor number
   * @param patch the patch number
   * @param raw the version text as restic printed it, for example {@code 0.19.1-dev}
   */
  public ResticVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers must not be negative");
    }
    Objects.requireNonNull(raw, "raw");
  }

  /**
   * Creates a version from its numbers.
   *
   * @param major major number
   * @param minor minor number
   * @param patch patch number
   * @return the version, with {@code raw} = {@code major.minor.patch}
   */
  public static ResticVersion of(int major, int minor, int patch) {
    return new ResticVersion(major, minor, patch, major + "." + minor + "." + patch);
  }

  /**
   * Parses a plain version number such as {@code 0.18}, {@code 0.18.0} or {@code v0.19.1-dev}.
   *
   * @param text the version text
   * @return the version
   * @throws IllegalArgumentException if the text is not a version number
   */
  public static ResticVersion parse(String text) {
    Matcher m = PLAIN.matcher(Objects.requireNonNull(text, "text").trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a restic version number: '" + text + "'");
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    String raw = m.group(1) + "." + m.group(2) + "." + patch + m.group(4);
    return new ResticVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, raw);
  }

  /**
   * Parses the first line printed by {@code restic version}, for example {@code restic 0.18.0
   * compiled with go1.24.4 on linux/amd64}, or the object printed by {@code restic --json version}
   * (0.17+).
   *
   * @param output what {@code restic version} printed
   * @return the version
   * @throws ResticBinaryException if the output is not restic's version line (the binary is not
   *     restic)
   */
  public static ResticVersion fromVersionOutput(String output) {
    if (output != null) {
      for (String line : output.split("\\R")) {
        Matcher m = VERSION_LINE.matcher(line.trim());
        if (!m.matches()) {
          m = JSON_VERSION.matcher(line.trim());
        }
        if (m.matches()) {
          String raw = m.group(1) + "." + m.group(2) + "." + m.group(3) + m.group(4);
          try {
            return new ResticVersion(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                raw);
          } catch (NumberFormatException e) {
            // a number too large for a real restic release: not restic's answer
          }
        }
      }
    }
    String shown = output == null ? "" : output.strip();
    if (shown.length() > 200) {
      shown = shown.substring(0, 200) + "...";
    }
    throw new ResticBinaryException(
        "the binary did not answer 'version' like restic does; it printed: '" + shown + "'");
  }

  /**
   * Tells whether this version is the given one or newer.
   *
   * @param major major number
   * @param minor minor number
   * @param patch patch number
   * @return true if {@code this >= major.minor.patch}
   */
  public boolean isAtLeast(int major, int minor, int patch) {
    return compareTo(of(major, minor, patch)) >= 0;
  }

  /**
   * Tells whether this version is the given one or newer.
   *
   * @param other the version to compare with
   * @return true if {@code this >= other}
   */
  public boolean isAtLeast(ResticVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(ResticVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, o.patch);
    }
    return c;
  }

  /**
   * Returns {@code major.minor.patch}.
   *
   * @return the short form
   */
  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
