package io.github.restic4j.testkit.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code restic-rest-server} started for a test, bound to {@code 127.0.0.1} on a free port, with
 * its repositories in a temporary folder. Close it to stop the server (SIGTERM, then a forced kill)
 * and delete the folder.
 *
 * <pre>{@code
 * try (RestServerProcess server = RestServerProcess.builder(installations.requireRestServer())
 *         .user("alice", "s3cret")
 *         .start()) {
 *   String location = server.repositoryUrl("repo1", "alice", "s3cret");
 *   // rest:http://alice:s3cret@127.0.0.1:41234/repo1
 * }
 * }</pre>
 *
 * <p>Without users the server runs with {@code --no-auth}. With users it checks HTTP basic auth
 * against an htpasswd file written as {@code user:{SHA}base64(sha1(password))}. restic 0.14 only
 * takes REST credentials from the URL, so put them there ({@link #repositoryUrl(String, String,
 * String)}).
 */
public final class RestServerProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("start server on 127\\.0\\.0\\.1:(\\d+)");

  private final ServerProcess process;
  private final Path dataDir;
  private final boolean appendOnly;
  private final List<String> users;

  private RestServerProcess(
      ServerProcess process, Path dataDir, boolean appendOnly, List<String> users) {
    this.process = process;
    this.dataDir = dataDir;
    this.appendOnly = appendOnly;
    this.users = users;
  }

  /**
   * Starts a server without authentication and without append-only mode.
   *
   * @param binary the {@code restic-rest-server} executable
   * @return the ready server
   * @throws IllegalStateException if it does not start within ten seconds
   */
  public static RestServerProcess start(Path binary) {
    return builder(binary).start();
  }

  /**
   * Starts configuring a server.
   *
   * @param binary the {@code restic-rest-server} executable
   * @return a builder
   */
  public static Builder builder(Path binary) {
    return new Builder(binary);
  }

  /**
   * The port the server listens on (on {@code 127.0.0.1}).
   *
   * @return the port
   */
  public int port() {
    return process.port();
  }

  /**
   * The HTTP base address.
   *
   * @return for example {@code http://127.0.0.1:41234/}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /**
   * The restic location of a repository on this server, without credentials. The repository is
   * created by {@code restic init}.
   *
   * @param name the repository name (a path below the server's data folder)
   * @return for example {@code rest:http://127.0.0.1:41234/repo1}
   */
  public String repositoryUrl(String name) {
    return "rest:" + baseUrl() + repoName(name);
  }

  /**
   * The restic location of a repository with HTTP basic credentials in the URL (works with every
   * restic version; restic4j masks the password in messages).
   *
   * @param name the repository name
   * @param user the user name
   * @param password the password
   * @return for example {@code rest:http://alice:s3cret@127.0.0.1:41234/repo1}
   */
  public String repositoryUrl(String name, String user, String password) {
    return "rest:http://"
        + percentEncode(user)
        + ":"
        + percentEncode(password)
        + "@127.0.0.1:"
        + port()
        + "/"
        + repoName(name);
  }

  private static String repoName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.startsWith("/") || name.contains("..")) {
      throw new IllegalArgumentException("not a repository name: '" + name + "'");
    }
    return name;
  }

  /**
   * The folder holding the repositories ({@code --path}).
   *
   * @return the data folder
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Tells whether the server runs with {@code --append-only}.
   *
   * @return true in append-only mode
   */
  public boolean appendOnly() {
    return appendOnly;
  }

  /**
   * The users that can log in; empty when the server runs with {@code --no-auth}.
   *
   * @return the user names
   */
  public List<String> users() {
    return users;
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
   * The last lines the server printed, for diagnostics.
   *
   * @return up to 200 lines
   */
  public String recentOutput() {
    return process.recentOutput();
  }

  /** Stops the server (SIGTERM, then a forced kill after five seconds) and deletes its folders. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "RestServerProcess[pid="
        + process.pid()
        + ", "
        + baseUrl()
        + (users.isEmpty() ? ", no-auth" : ", users=" + users)
        + (appendOnly ? ", append-only" : "")
        + "]";
  }

  /**
   * An htpasswd line in the {@code {SHA}} scheme that rest-server accepts.
   *
   * @param user the user name
   * @param password the password
   * @return {@code user:{SHA}base64(sha1(password))}
   */
  static String htpasswdLine(String user, String password) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
      return user + ":{SHA}" + Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  /**
   * Percent-encodes everything but RFC 3986 unreserved characters, for the user info of a URL.
   *
   * @param s the text
   * @return the encoded text
   */
  static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Configures and starts a {@link RestServerProcess}. Not thread-safe. */
  public static final class Builder {
    private final Path binary;
    private final Map<String, String> users = new LinkedHashMap<>();
    private Path dataDir;
    private boolean appendOnly;
    private Duration startupTimeout = Duration.ofSeconds(10);

    private Builder(Path binary) {
      this.binary = Objects.requireNonNull(binary, "binary");
    }

    /**
     * Adds a user and turns authentication on (an htpasswd file is written for the server).
     *
     * @param name the user name (no {@code :}, no line breaks)
     * @param password the password (no line breaks)
     * @return this builder
     * @throws IllegalArgumentException for an unusable name or password
     */
    public Builder user(String name, String password) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(password, "password");
      if (name.isEmpty() || name.contains(":") || name.contains("\n") || name.contains("\r")) {
        throw new IllegalArgumentException("not a usable htpasswd user name: '" + name + "'");
      }
      if (password.contains("\n") || password.contains("\r")) {
        throw new IllegalArgumentException("a password must not contain line breaks");
      }
      users.put(name, password);
      return this;
    }

    /**
     * Starts the server with {@code --append-only}: nothing can be deleted except lock files.
     *
     * @return this builder
     */
    public Builder appendOnly() {
      this.appendOnly = true;
      return this;
    }

    /**
     * Keeps the repositories in this folder ({@code --path}); it is not deleted on close. By
     * default a temporary folder is used and deleted.
     *
     * @param dir the data folder
     * @return this builder
     */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /**
     * How long to wait for the readiness line (default ten seconds).
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

    /**
     * Starts the server and waits until it listens.
     *
     * @return the ready server
     * @throws IllegalStateException if it exits or does not get ready in time (nothing is left
     *     running or on disk then)
     * @throws UncheckedIOException if the temporary folders cannot be created
     */
    public RestServerProcess start() {
      Path scratch;
      try {
        scratch = Files.createTempDirectory("restic4j-rest-server-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a folder for rest-server", e);
      }
      Path data = dataDir != null ? dataDir : scratch.resolve("data");
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.add("--listen");
      command.add("127.0.0.1:0");
      command.add("--path");
      command.add(data.toString());
      try {
        Files.createDirectories(data);
        if (users.isEmpty()) {
          command.add("--no-auth");
        } else {
          Path htpasswd = scratch.resolve("htpasswd");
          StringBuilder sb = new StringBuilder();
          users.forEach((u, p) -> sb.append(htpasswdLine(u, p)).append('\n'));
          Files.writeString(htpasswd, sb.toString(), StandardCharsets.UTF_8);
          command.add("--htpasswd-file");
          command.add(htpasswd.toString());
        }
      } catch (IOException e) {
        ServerProcess.deleteRecursively(scratch);
        throw new UncheckedIOException("cannot prepare rest-server folders", e);
      }
      if (appendOnly) {
        command.add("--append-only");
      }
      ServerProcess process =
          ServerProcess.start("rest-server", command, Map.of(), READY, startupTimeout, scratch);
      return new RestServerProcess(process, data, appendOnly, List.copyOf(users.keySet()));
    }
  }
}
