package io.github.restic4j.testkit.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * An S3Proxy server (an S3-compatible endpoint that checks AWS v2/v4 signatures like MinIO does)
 * started for a test: {@code java -jar s3proxy.jar} with the filesystem provider in a temporary
 * folder, bound to {@code 127.0.0.1} on a free port. Close it to stop it (SIGTERM, then a forced
 * kill) and delete the folder.
 *
 * <pre>{@code
 * try (S3ProxyProcess s3 = S3ProxyProcess.start(installations.requireS3ProxyJar())) {
 *   ResticRepository repo = restic.repository(s3.repositoryLocation("bucket1"))
 *       .password(Secret.of("pw"))
 *       .environment("AWS_ACCESS_KEY_ID", Secret.of(s3.accessKey()))
 *       .environment("AWS_SECRET_ACCESS_KEY", Secret.of(s3.secretKey()))
 *       .build();
 *   repo.init();   // creates the bucket
 * }
 * }</pre>
 *
 * <p>It runs on the same {@code java} as the current JVM, with {@code -XX:TieredStopAtLevel=1
 * -XX:+UseSerialGC} for a faster start (about 0.6 s).
 */
public final class S3ProxyProcess implements AutoCloseable {

  private static final Pattern READY =
      Pattern.compile(
          "ServerConnector@\\S+\\{HTTP/1\\.1, \\(http/1\\.1\\)\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");

  private final ServerProcess process;
  private final Path dataDir;
  private final String accessKey;
  private final String secretKey;

  private S3ProxyProcess(ServerProcess process, Path dataDir, String accessKey, String secretKey) {
    this.process = process;
    this.dataDir = dataDir;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /**
   * Starts S3Proxy with random credentials.
   *
   * @param jar the {@code s3proxy-*-jar-with-dependencies.jar}
   * @return the ready server
   * @throws IllegalStateException if it does not start within the default timeout
   */
  public static S3ProxyProcess start(Path jar) {
    return builder(jar).start();
  }

  /**
   * Starts configuring S3Proxy.
   *
   * @param jar the {@code s3proxy-*-jar-with-dependencies.jar}
   * @return a builder
   */
  public static Builder builder(Path jar) {
    return new Builder(jar);
  }

  /**
   * The port S3Proxy listens on (on {@code 127.0.0.1}).
   *
   * @return the port
   */
  public int port() {
    return process.port();
  }

  /**
   * The S3 endpoint.
   *
   * @return for example {@code http://127.0.0.1:39395}
   */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * The restic location of a repository in a bucket; {@code restic init} creates the bucket.
   *
   * @param bucket a valid S3 bucket name (lower case letters, digits, dashes; 3 to 63 characters)
   * @return for example {@code s3:http://127.0.0.1:39395/bucket1}
   */
  public String repositoryLocation(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9._/-]+)?")) {
      throw new IllegalArgumentException("not a valid S3 bucket name: '" + bucket + "'");
    }
    return "s3:" + endpoint() + "/" + bucket;
  }

  /**
   * The access key id to give restic as {@code AWS_ACCESS_KEY_ID}.
   *
   * @return the access key id
   */
  public String accessKey() {
    return accessKey;
  }

  /**
   * The secret key to give restic as {@code AWS_SECRET_ACCESS_KEY}.
   *
   * @return the secret key
   */
  public String secretKey() {
    return secretKey;
  }

  /**
   * The folder holding the buckets.
   *
   * @return the data folder
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * The server's process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Tells whether the server still runs.
   *
   * @return true while running
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The last lines S3Proxy printed, for diagnostics.
   *
   * @return up to 200 lines
   */
  public String recentOutput() {
    return process.recentOutput();
  }

  /** Stops S3Proxy (SIGTERM, then a forced kill after five seconds) and deletes its folders. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "S3ProxyProcess[pid=" + process.pid() + ", " + endpoint() + "]";
  }

  /**
   * The {@code java} executable of the running JVM.
   *
   * @return its path
   */
  static String currentJava() {
    return ProcessHandle.current()
        .info()
        .command()
        .filter(c -> Files.isExecutable(Path.of(c)))
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Configures and starts an {@link S3ProxyProcess}. Not thread-safe. */
  public static final class Builder {
    private final Path jar;
    private String accessKey;
    private String secretKey;
    private Path dataDir;
    private String java;
    private final List<String> jvmOptions =
        new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    private Duration startupTimeout = Duration.ofSeconds(60);

    private Builder(Path jar) {
      this.jar = Objects.requireNonNull(jar, "jar");
    }

    /**
     * Sets the credentials S3Proxy accepts (default: random ones).
     *
     * @param accessKey the access key id
     * @param secretKey the secret key
     * @return this builder
     */
    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = nonBlank(accessKey, "accessKey");
      this.secretKey = nonBlank(secretKey, "secretKey");
      return this;
    }

    /**
     * Keeps the buckets in this folder; it is not deleted on close. By default a temporary folder
     * is used and deleted.
     *
     * @param dir the data folder
     * @return this builder
     */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /**
     * Runs S3Proxy on another {@code java} (default: the running JVM's).
     *
     * @param javaExecutable the java executable
     * @return this builder
     */
    public Builder java(Path javaExecutable) {
      this.java = Objects.requireNonNull(javaExecutable, "javaExecutable").toString();
      return this;
    }

    /**
     * Adds an option for S3Proxy's JVM (for example {@code -Xmx256m}).
     *
     * @param option the option
     * @return this builder
     */
    public Builder jvmOption(String option) {
      jvmOptions.add(nonBlank(option, "option"));
      return this;
    }

    /**
     * How long to wait for the readiness line (default 60 seconds).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder startupTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive");
      }
      this.startupTimeout = timeout;
      return this;
    }

    private static String nonBlank(String s, String what) {
      Objects.requireNonNull(s, what);
      if (s.isBlank() || s.contains("\n") || s.contains("\r")) {
        throw new IllegalArgumentException(what + " must be non-blank without line breaks");
      }
      return s;
    }

    /**
     * Starts S3Proxy and waits until it listens.
     *
     * @return the ready server
     * @throws IllegalStateException if it exits or does not get ready in time (nothing is left
     *     running or on disk then)
     * @throws UncheckedIOException if the temporary folder cannot be created
     */
    public S3ProxyProcess start() {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("S3Proxy jar not found: " + jar);
      }
      String id = accessKey != null ? accessKey : "restic4j-" + random(6);
      String secret = secretKey != null ? secretKey : random(20);
      Path scratch;
      try {
        scratch = Files.createTempDirectory("restic4j-s3proxy-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a folder for S3Proxy", e);
      }
      Path data = dataDir != null ? dataDir : scratch.resolve("data");
      Path config = scratch.resolve("s3proxy.properties");
      try {
        Files.createDirectories(data);
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:0");
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", id);
        p.setProperty("s3proxy.credential", secret);
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.filesystem.basedir", data.toAbsolutePath().toString());
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
          p.store(w, "restic4j test S3Proxy");
        }
      } catch (IOException e) {
        ServerProcess.deleteRecursively(scratch);
        throw new UncheckedIOException("cannot prepare S3Proxy's configuration", e);
      }
      List<String> command = new ArrayList<>();
      command.add(java != null ? java : currentJava());
      command.addAll(jvmOptions);
      command.add("-jar");
      command.add(jar.toString());
      command.add("--properties");
      command.add(config.toString());
      ServerProcess process =
          ServerProcess.start("s3proxy", command, Map.of(), READY, startupTimeout, scratch);
      return new S3ProxyProcess(process, data, id, secret);
    }

    private static String random(int bytes) {
      byte[] b = new byte[bytes];
      new SecureRandom().nextBytes(b);
      return HexFormat.of().formatHex(b);
    }
  }
}
