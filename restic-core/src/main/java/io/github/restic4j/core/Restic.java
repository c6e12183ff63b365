package io.github.restic4j.core;

import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.ResticBinaryException;
import io.github.restic4j.core.internal.VersionProbe;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Entry point: one restic binary, its detected version, and defaults for every command run through
 * it (timeout, grace period for stopping, progress rate). Immutable and thread-safe; create one per
 * binary and share it.
 *
 * <pre>{@code
 * Restic restic = Restic.locate();              // RESTIC_BINARY, then PATH
 * ResticRepository repo = restic.repository("/srv/backup")
 *     .password(Secret.of(System.getenv("BACKUP_PASSWORD")))
 *     .build();
 * }</pre>
 *
 * <p>Supports restic 0.14.0 and newer.
 */
public final class Restic {

  /** Environment variable naming the restic binary to use. */
  public static final String BINARY_ENV = "RESTIC_BINARY";

  private final Path binary;
  private final ResticVersion version;
  private final Duration defaultTimeout;
  private final Duration gracePeriod;
  private final Double progressFps;

  private Restic(Builder b, ResticVersion version) {
    this.binary = b.binary;
    this.version = version;
    this.defaultTimeout = b.defaultTimeout;
    this.gracePeriod = b.gracePeriod;
    this.progressFps = b.progressFps;
  }

  /**
   * Finds restic through {@value #BINARY_ENV}, then {@code PATH}, and detects its version.
   *
   * @return a Restic with default settings
   * @throws ResticBinaryException if no restic binary is found or it does not answer like restic
   */
  public static Restic locate() {
    return builder().binary(findBinary()).build();
  }

  /**
   * Finds a restic binary without running it: {@value #BINARY_ENV}, then {@code PATH}.
   *
   * @return the path
   * @throws ResticBinaryException if none is found
   */
  public static Path findBinary() {
    String env = System.getenv(BINARY_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return findOnPath("restic")
        .orElseThrow(
            () ->
                new ResticBinaryException(
                    "no restic binary found: set "
                        + BINARY_ENV
                        + " or put restic on PATH (Debian: apt-get install restic; "
                        + "restic4j's scripts/install-restic installs 0.14, 0.18 and 0.19)"));
  }

  private static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts configuring a Restic.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts configuring a repository served by this restic.
   *
   * @param location restic's repository location ({@code /srv/repo}, {@code s3:http://host/bucket},
   *     {@code rest:https://user:pass@host/repo}, {@code sftp:user@host:/path}); treated as a
   *     secret because it may carry credentials
   * @return a repository builder
   * @throws InvalidRequestException if the location is blank
   */
  public ResticRepository.Builder repository(String location) {
    return new ResticRepository.Builder(this, location);
  }

  /**
   * The restic binary.
   *
   * @return its path
   */
  public Path binary() {
    return binary;
  }

  /**
   * The version reported by the binary.
   *
   * @return the version
   */
  public ResticVersion version() {
    return version;
  }

  /**
   * Timeout for commands that set none themselves.
   *
   * @return the default timeout
   */
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /**
   * How long a stopped restic may take to remove its lock and exit before it is killed.
   *
   * @return the grace period
   */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  /**
   * Progress updates per second requested from restic ({@code RESTIC_PROGRESS_FPS}), if set.
   *
   * @return the rate, empty for restic's default
   */
  public Optional<Double> progressFps() {
    return Optional.ofNullable(progressFps);
  }

  @Override
  public String toString() {
    return "Restic[" + binary + ", " + version + "]";
  }

  /** Builds a {@link Restic}. Not thread-safe. */
  public static final class Builder {
    private Path binary;
    private ResticVersion version;
    private Duration defaultTimeout = Duration.ofHours(6);
    private Duration gracePeriod = Duration.ofSeconds(60);
    private Double progressFps;
    private Duration probeTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Sets the restic binary.
     *
     * @param binary path of the restic executable
     * @return this builder
     */
    public Builder binary(Path binary) {
      this.binary = Objects.requireNonNull(binary, "binary");
      return this;
    }

    /**
     * Declares the binary's version instead of running {@code restic version} to detect it.
     *
     * @param version the version
     * @return this builder
     */
    public Builder version(ResticVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Sets the timeout for commands that set none (default 6 hours).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws InvalidRequestException if not positive
     */
    public Builder defaultTimeout(Duration timeout) {
      this.defaultTimeout = positive(timeout, "defaultTimeout");
      return this;
    }

    /**
     * Sets how long a stopped restic may take to clean up before it is killed (default 60 s; restic
     * 0.17+ bounds its own lock removal to one minute).
     *
     * @param grace a positive duration
     * @return this builder
     * @throws InvalidRequestException if not positive
     */
    public Builder gracePeriod(Duration grace) {
      this.gracePeriod = positive(grace, "gracePeriod");
      return this;
    }

    /**
     * Sets the progress rate restic reports at ({@code RESTIC_PROGRESS_FPS}).
     *
     * @param fps updates per second, greater than 0 and at most 60
     * @return this builder
     * @throws InvalidRequestException if out of range
     */
    public Builder progressFps(double fps) {
      if (!(fps > 0 && fps <= 60)) {
        throw new InvalidRequestException("progressFps must be in (0, 60], was " + fps);
      }
      this.progressFps = fps;
      return this;
    }

    /**
     * Sets how long version detection may take (default 30 s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder probeTimeout(Duration timeout) {
      this.probeTimeout = positive(timeout, "probeTimeout");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new InvalidRequestException(what + " must be positive, was " + d);
      }
      return d;
    }

    /**
     * Checks the binary and detects its version (one {@code restic version} run unless the version
     * was declared).
     *
     * @return the Restic
     * @throws ResticBinaryException if the binary is missing, not executable, not restic, or older
     *     than {@link ResticVersion#MINIMUM_SUPPORTED}
     */
    public Restic build() {
      if (binary == null) {
        binary = findBinary();
      }
      if (!Files.exists(binary)) {
        throw new ResticBinaryException("restic binary not found: " + binary);
      }
      if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
        throw new ResticBinaryException("restic binary is not an executable file: " + binary);
      }
      ResticVersion v = version != null ? version : VersionProbe.detect(binary, probeTimeout);
      if (!v.isAtLeast(ResticVersion.MINIMUM_SUPPORTED)) {
        throw new ResticBinaryException(
            "restic "
                + v
                + " at "
                + binary
                + " is not supported; restic4j needs "
                + ResticVersion.MINIMUM_SUPPORTED
                + " or newer");
      }
      return new Restic(this, v);
    }
  }
}
