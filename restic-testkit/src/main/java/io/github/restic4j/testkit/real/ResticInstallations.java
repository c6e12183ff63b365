package io.github.restic4j.testkit.real;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.ResticException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real restic binaries and test servers to run integration tests against.
 *
 * <h2>The one mechanism</h2>
 *
 * <ol>
 *   <li>If the system property {@value #BINARIES_PROPERTY} or else the environment variable {@value
 *       #BINARIES_ENV} is set and not blank, it is a comma-separated list of restic executables.
 *       Each is run once ({@code restic version}) to learn its version.
 *   <li>Otherwise the installer's cache folder is read: {@value #CACHE_ENV} if set, else {@code
 *       ~/.cache/restic4j}. Its file {@value #INSTALLED_FILE}, written by {@code bash
 *       scripts/install-restic}, holds one line per binary: {@code restic.0.18.0=/abs/path/restic},
 *       {@code rest-server=/abs/path/restic-rest-server}, {@code s3proxy=/abs/path/s3proxy.jar}.
 * </ol>
 *
 * <p>The test servers (rest-server, S3Proxy) always come from the cache folder's {@value
 * #INSTALLED_FILE}, also when the restic binaries are listed explicitly.
 *
 * <h2>Missing binaries: skip locally, fail in CI</h2>
 *
 * <p>The {@code require...} methods return what was asked for or stop the test. When the
 * environment variable {@code CI} is {@code true} a missing binary or server is a test
 * <em>failure</em> ({@link AssertionError}), so a CI run can never pass by silently skipping
 * everything. Elsewhere the test is <em>skipped</em> (aborted through JUnit's {@link Assumptions})
 * with a message that says how to install: {@value #INSTALL_HINT}. These methods need JUnit Jupiter
 * on the class path; the lookup methods do not.
 *
 * <pre>{@code
 * static List<ResticInstallation> restics() {
 *   return ResticInstallations.get().requireRestics();
 * }
 *
 * @ParameterizedTest
 * @MethodSource("restics")
 * void backsUp(ResticInstallation installation) { ... installation.restic() ... }
 * }</pre>
 *
 * <p>Instances are immutable. {@link #get()} discovers once per JVM; {@link #discover()} looks
 * again.
 */
public final class ResticInstallations {

  /** System property with a comma-separated list of restic binaries. */
  public static final String BINARIES_PROPERTY = "restic4j.binaries";

  /** Environment variable with a comma-separated list of restic binaries. */
  public static final String BINARIES_ENV = "RESTIC4J_BINARIES";

  /**
   * Environment variable naming the installer's cache folder (default {@code ~/.cache/restic4j}).
   */
  public static final String CACHE_ENV = "RESTIC4J_CACHE";

  /** The installer's record of what it installed, inside the cache folder. */
  public static final String INSTALLED_FILE = "installed.properties";

  /** How to install everything, run from the root of the restic4j project. */
  public static final String INSTALL_HINT = "bash scripts/install-restic";

  private static final String RESTIC_KEY_PREFIX = "restic.";
  private static final String REST_SERVER_KEY = "rest-server";
  private static final String S3PROXY_KEY = "s3proxy";

  private static volatile ResticInstallations cached;

  private final List<ResticInstallation> restics;
  private final Path restServer;
  private final Path s3proxyJar;
  private final Path cacheDir;
  private final String source;
  private final List<String> problems;

  private ResticInstallations(
      List<ResticInstallation> restics,
      Path restServer,
      Path s3proxyJar,
      Path cacheDir,
      String source,
      List<String> problems) {
    List<ResticInstallation> sorted = new ArrayList<>(restics);
    sorted.sort(Comparator.comparing(ResticInstallation::version));
    this.restics = List.copyOf(sorted);
    this.restServer = restServer;
    this.s3proxyJar = s3proxyJar;
    this.cacheDir = cacheDir;
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /**
   * What this JVM's system properties and environment point at, discovered on the first call and
   * remembered.
   *
   * @return the installations
   */
  public static ResticInstallations get() {
    ResticInstallations c = cached;
    if (c == null) {
      synchronized (ResticInstallations.class) {
        c = cached;
        if (c == null) {
          c = discover();
          cached = c;
        }
      }
    }
    return c;
  }

  /**
   * Looks for installations now, from this JVM's system properties and environment.
   *
   * @return the installations
   */
  public static ResticInstallations discover() {
    return discover(System::getProperty, System.getenv());
  }

  /**
   * Looks for installations with the given sources of settings (for tests of this class).
   *
   * @param systemProperties looks up a system property, null if unset
   * @param environment the environment variables
   * @return the installations
   */
  static ResticInstallations discover(
      UnaryOperator<String> systemProperties, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    Path cacheDir = cacheDir(environment);
    Properties installed = new Properties();
    Path installedFile = cacheDir.resolve(INSTALLED_FILE);
    boolean haveInstalledFile = Files.isRegularFile(installedFile);
    if (haveInstalledFile) {
      try (Reader r = Files.newBufferedReader(installedFile, StandardCharsets.UTF_8)) {
        installed.load(r);
      } catch (IOException | IllegalArgumentException e) {
        problems.add("cannot read " + installedFile + ": " + e.getMessage());
      }
    }

    List<ResticInstallation> restics = new ArrayList<>();
    String source;
    String list = nonBlank(systemProperties.apply(BINARIES_PROPERTY));
    String listOrigin = "system property " + BINARIES_PROPERTY;
    if (list == null) {
      list = nonBlank(environment.get(BINARIES_ENV));
      listOrigin = "environment variable " + BINARIES_ENV;
    }
    if (list != null) {
      source = listOrigin + " (" + list + ")";
      for (String entry : list.split(",")) {
        String p = entry.strip();
        if (p.isEmpty()) {
          continue;
        }
        probe(Path.of(p).toAbsolutePath(), listOrigin, problems).ifPresent(restics::add);
      }
    } else {
      source = installedFile.toString();
      if (!haveInstalledFile) {
        problems.add(
            "no restic binaries found: "
                + installedFile
                + " does not exist and neither "
                + BINARIES_PROPERTY
                + " nor "
                + BINARIES_ENV
                + " is set");
      }
      for (String key : installed.stringPropertyNames()) {
        if (!key.startsWith(RESTIC_KEY_PREFIX)) {
          continue;
        }
        String value = installed.getProperty(key).strip();
        Path binary = Path.of(value);
        ResticVersion version;
        try {
          version = ResticVersion.parse(key.substring(RESTIC_KEY_PREFIX.length()));
        } catch (IllegalArgumentException e) {
          problems.add(installedFile + ": key '" + key + "' does not name a restic version");
          continue;
        }
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
          problems.add(
              installedFile + " lists " + key + "=" + value + " but it is not an executable file");
          continue;
        }
        restics.add(new ResticInstallation(version, binary));
      }
    }

    Path restServer = server(installed, REST_SERVER_KEY, installedFile, true, problems);
    Path s3proxy = server(installed, S3PROXY_KEY, installedFile, false, problems);
    return new ResticInstallations(restics, restServer, s3proxy, cacheDir, source, problems);
  }

  private static Path cacheDir(Map<String, String> environment) {
    String env = nonBlank(environment.get(CACHE_ENV));
    if (env != null) {
      return Path.of(env).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".cache", "restic4j");
  }

  private static Optional<ResticInstallation> probe(
      Path binary, String origin, List<String> problems) {
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      problems.add(origin + " lists " + binary + " but it is not an executable file");
      return Optional.empty();
    }
    try {
      Restic restic = Restic.builder().binary(binary).probeTimeout(Duration.ofSeconds(30)).build();
      return Optional.of(new ResticInstallation(restic.version(), binary));
    } catch (ResticException e) {
      problems.add(origin + " lists " + binary + " but it is not usable: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static Path server(
      Properties installed,
      String key,
      Path installedFile,
      boolean executable,
      List<String> problems) {
    String value = installed.getProperty(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    Path p = Path.of(value.strip());
    if (!Files.isRegularFile(p) || (executable && !Files.isExecutable(p))) {
      problems.add(installedFile + " lists " + key + "=" + value.strip() + " but it is missing");
      return null;
    }
    return p;
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  // ---------------------------------------------------------------- lookups

  /**
   * Every usable restic binary, oldest version first.
   *
   * @return the binaries, possibly empty
   */
  public List<ResticInstallation> restics() {
    return restics;
  }

  /**
   * The newest binary whose version starts with the given prefix.
   *
   * @param versionPrefix for example {@code "0.18"} or {@code "0.18.0"}
   * @return the binary, if one matches
   */
  public Optional<ResticInstallation> restic(String versionPrefix) {
    String dotted = versionPrefix.endsWith(".") ? versionPrefix : versionPrefix + ".";
    Optional<ResticInstallation> found = Optional.empty();
    for (ResticInstallation i : restics) {
      String v = i.version().raw();
      if (v.equals(versionPrefix) || v.startsWith(dotted)) {
        found = Optional.of(i);
      }
    }
    return found;
  }

  /**
   * The {@code restic-rest-server} executable, if installed.
   *
   * @return its path
   */
  public Optional<Path> restServer() {
    return Optional.ofNullable(restServer);
  }

  /**
   * The S3Proxy jar ({@code s3proxy-*-jar-with-dependencies.jar}), if installed.
   *
   * @return its path
   */
  public Optional<Path> s3proxyJar() {
    return Optional.ofNullable(s3proxyJar);
  }

  /**
   * The installer's cache folder that was consulted.
   *
   * @return the folder (it may not exist)
   */
  public Path cacheDir() {
    return cacheDir;
  }

  /**
   * Where the restic binaries came from, for messages.
   *
   * @return a description of the source
   */
  public String source() {
    return source;
  }

  /**
   * Everything that was configured or recorded but is not usable (a listed path that does not
   * exist, a binary that does not answer like restic, a missing {@value #INSTALLED_FILE}).
   *
   * @return the problems, empty when everything listed works
   */
  public List<String> problems() {
    return problems;
  }

  @Override
  public String toString() {
    return "ResticInstallations[restics="
        + restics
        + ", rest-server="
        + restServer
        + ", s3proxy="
        + s3proxyJar
        + ", source="
        + source
        + (problems.isEmpty() ? "" : ", problems=" + problems)
        + "]";
  }

  // ---------------------------------------------------------------- requirements

  /**
   * Tells whether this run is a CI run (environment variable {@code CI} is {@code true}), in which
   * missing binaries fail instead of skipping.
   *
   * @return true under CI
   */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Every usable restic binary, or the test stops: skipped locally, failed under CI. Also stops it
   * under CI when a configured binary is unusable.
   *
   * @return at least one binary, oldest first
   * @throws AssertionError under CI when none is usable
   */
  public List<ResticInstallation> requireRestics() {
    if (restics.isEmpty()) {
      missing("no real restic binary available (" + String.join("; ", problems) + ")");
    }
    List<String> resticProblems = new ArrayList<>(problems);
    resticProblems.removeIf(
        p -> p.contains(REST_SERVER_KEY + "=") || p.contains(S3PROXY_KEY + "="));
    if (isCi() && !resticProblems.isEmpty()) {
      missing("some restic binaries are not usable: " + String.join("; ", resticProblems));
    }
    return restics;
  }

  /**
   * The newest restic binary of a version series, or the test stops (skipped locally, failed under
   * CI).
   *
   * @param versionPrefix for example {@code "0.18"}
   * @return the binary
   * @throws AssertionError under CI when it is missing
   */
  public ResticInstallation requireRestic(String versionPrefix) {
    return restic(versionPrefix)
        .orElseGet(
            () ->
                missing(
                    "restic "
                        + versionPrefix
                        + ".x is not installed (found "
                        + restics
                        + " via "
                        + source
                        + ")"));
  }

  /**
   * The {@code restic-rest-server} executable, or the test stops (skipped locally, failed under
   * CI).
   *
   * @return its path
   * @throws AssertionError under CI when it is missing
   */
  public Path requireRestServer() {
    if (restServer == null) {
      return missing(
          "restic-rest-server is not installed (no '"
              + REST_SERVER_KEY
              + "' entry in "
              + cacheDir.resolve(INSTALLED_FILE)
              + ")");
    }
    return restServer;
  }

  /**
   * The S3Proxy jar, or the test stops (skipped locally, failed under CI).
   *
   * @return its path
   * @throws AssertionError under CI when it is missing
   */
  public Path requireS3ProxyJar() {
    if (s3proxyJar == null) {
      return missing(
          "S3Proxy is not installed (no '"
              + S3PROXY_KEY
              + "' entry in "
              + cacheDir.resolve(INSTALLED_FILE)
              + ")");
    }
    return s3proxyJar;
  }

  /**
   * Requires everything: at least one restic binary, the rest-server and S3Proxy, and no unusable
   * entry. Otherwise the test stops (skipped locally, failed under CI).
   *
   * @return this
   * @throws AssertionError under CI when anything is missing
   */
  public ResticInstallations requireAll() {
    List<String> missing = new ArrayList<>(problems);
    if (restics.isEmpty() && missing.isEmpty()) {
      missing.add("no restic binary found via " + source);
    }
    if (restServer == null) {
      missing.add("restic-rest-server is not installed");
    }
    if (s3proxyJar == null) {
      missing.add("S3Proxy is not installed");
    }
    if (!missing.isEmpty()) {
      missing(String.join("; ", missing));
    }
    return this;
  }

  /**
   * Stops the current test because something it needs is not installed: fails it under CI ({@code
   * CI=true}), skips it otherwise. The message says how to install.
   *
   * @param what what is missing
   * @param <T> any type, so that callers can {@code return missing(...)}
   * @return never returns normally
   * @throws AssertionError under CI
   */
  public static <T> T missing(String what) {
    String message =
        what
            + ". Install restic 0.14/0.18/0.19, rest-server and S3Proxy with '"
            + INSTALL_HINT
            + "' (into $"
            + CACHE_ENV
            + " or ~/.cache/restic4j), or list restic binaries in -D"
            + BINARIES_PROPERTY
            + "=/a/restic,/b/restic or $"
            + BINARIES_ENV;
    if (isCi()) {
      throw new AssertionError(message + " [CI=true: missing binaries fail the run]");
    }
    return Assumptions.abort(message);
  }
}
