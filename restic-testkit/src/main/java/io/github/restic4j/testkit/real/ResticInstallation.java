package io.github.restic4j.testkit.real;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticVersion;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One real restic binary found by {@link ResticInstallations}: its version and its path.
 *
 * <p>{@link #toString()} is short ({@code restic 0.18.0}) so that it reads well as the display name
 * of a parameterized test.
 *
 * @param version the restic version (from the installer's record, or detected by running {@code
 *     restic version})
 * @param binary absolute path of the executable
 */
public record ResticInstallation(ResticVersion version, Path binary) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param version the restic version (from the installer's record, or detected by running {@code
   *     restic version})
   * @param binary absolute path of the executable
   */
  public ResticInstallation {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(binary, "binary");
  }

  /**
   * A {@link Restic} builder for this binary with its version already declared, so that building it
   * does not run {@code restic version} again.
   *
   * @return a builder to adjust (timeouts, grace period) and build
   */
  public Restic.Builder resticBuilder() {
    return Restic.builder().binary(binary).version(version);
  }

  /**
   * A {@link Restic} for this binary with default settings.
   *
   * @return the restic
   */
  public Restic restic() {
    return resticBuilder().build();
  }

  /**
   * Tells whether this is at least the given version.
   *
   * @param major major version
   * @param minor minor version
   * @param patch patch version
   * @return true if this binary's version is the same or newer
   */
  public boolean isAtLeast(int major, int minor, int patch) {
    return version.isAtLeast(major, minor, patch);
  }

  @Override
  public String toString() {
    return "restic " + version.raw();
  }
}
