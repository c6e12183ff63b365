package io.github.restic4j.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a repository's lock files by reading its backend directly, which costs milliseconds where
 * {@code restic list locks} costs a process start and a repository open (the key derivation alone
 * takes about half a second).
 *
 * <p>It gives what {@code restic list locks} prints: restic 0.14 to 0.19 list the file names of the
 * {@code locks} folder and print each that is a valid id (64 hex digits, the SHA-256 of the file's
 * content); a file still being written has a temporary name and is skipped by both. Two backends
 * are read:
 *
 * <ul>
 *   <li>a local folder: the names in {@code <repository>/locks};
 *   <li>a REST server ({@code rest:http://...} or {@code rest:https://...}): {@code GET
 *       <url>/locks/} with restic's v2 media type (v1 name lists are understood too), with the
 *       credentials of the URL as restic sends them (HTTP basic authentication);
 *   <li>an S3-compatible server given by URL ({@code s3:http://...} or {@code s3:https://...}), see
 *       {@link S3Locks}.
 * </ul>
 *
 * <p>Anything this class cannot reproduce exactly gives empty, and the caller runs restic instead,
 * which then also reports any problem in its own words: a folder without {@code config} or {@code
 * locks}, an I/O or HTTP error, a status other than 200, an unexpected body, and for a server any
 * setting that changes how restic connects (proxies, {@code -o} options, REST credentials from the
 * environment, and for {@code https} any TLS trust or client certificate setting, including {@code
 * SSL_CERT_FILE} and {@code SSL_CERT_DIR}).
 */
public final class DirectLockListing {

  private static final Logger LOG = LoggerFactory.getLogger(DirectLockListing.class);
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{64}");
  private static final String V2 = "application/vnd.x.restic.rest.v2";

  /** Variables that make restic connect differently from a plain JDK HTTP client. */
  private static final Set<String> HTTP_BLOCKERS = Set.of("HTTP_PROXY", "ALL_PROXY");

  /** REST credentials restic takes from the environment instead of the URL. */
  private static final Set<String> REST_BLOCKERS =
      Set.of("RESTIC_REST_USERNAME", "RESTIC_REST_PASSWORD");

  /** With {@code https}, also the variables that change restic's TLS trust or identity. */
  private static final Set<String> HTTPS_BLOCKERS =
      Set.of(
          "RESTIC_CACERT",
          "RESTIC_TLS_CLIENT_CERT",
          "SSL_CERT_FILE",
          "SSL_CERT_DIR",
          "HTTPS_PROXY");

  private DirectLockListing() {}

  /** A repository on a server whose lock files this class can list over HTTP. */
  public sealed interface Remote permits RestLocks, S3Locks {
    /**
     * Lists the lock ids.
     *
     * @param timeout bounds each HTTP request of the listing
     * @return the ids, sorted, or empty if restic has to be asked
     */
    Optional<List<String>> list(Duration timeout);
  }

  /**
   * How restic reaches a repository, as far as a direct listing must reproduce it.
   *
   * @param location the repository location as given to restic
   * @param environment the variables the repository passes to restic
   * @param inherited tells whether a variable of this JVM reaches restic
   * @param jvmEnvironment this JVM's environment
   * @param globalArguments restic's global arguments for the repository
   */
  public record Connection(
      String location,
      Map<String, String> environment,
      Predicate<String> inherited,
      Map<String, String> jvmEnvironment,
      List<String> globalArguments) {

    /**
     * Names the backend only: the environment holds the repository's secrets, and a location may
     * hold credentials.
     *
     * @return a text without secrets
     */
    @Override
    public String toString() {
      int colon = location.indexOf(':');
      return "Connection[" + (colon > 0 ? location.substring(0, colon) : "local") + " repository]";
    }

    /**
     * A variable as restic sees it: the repository's own, else this JVM's if inherited; null if
     * unset or empty (restic and its libraries treat an empty value as unset).
     *
     * @param name the variable's name
     * @return its value or null
     */
    String variable(String name) {
      String value =
          environment.containsKey(name)
              ? environment.get(name)
              : inherited.test(name) ? jvmEnvironment.get(name) : null;
      return value == null || value.isEmpty() ? null : value;
    }

    /**
     * Whether restic connects to a server as a plain JDK client would: no proxy, no {@code -o}
     * option, no TLS setting for {@code https}, and none of {@code more} set.
     *
     * @param https whether the server is reached over TLS
     * @param more further variables that change how restic connects to this backend
     * @return true if a JDK client reaches the server as restic does
     */
    boolean connectsLikeJdk(boolean https, Set<String> more) {
      Set<String> blockers = new HashSet<>(HTTP_BLOCKERS);
      blockers.addAll(more);
      if (https) {
        blockers.addAll(HTTPS_BLOCKERS);
      }
      for (String name : blockers) {
        for (String variant : List.of(name, name.toLowerCase(Locale.ROOT))) {
          if (variable(variant) != null) {
            return false;
          }
        }
      }
      for (String a : globalArguments) {
        if (a.equals("-o") || a.startsWith("--cacert") || a.startsWith("--tls-client-cert")) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The server listing for a repository, or null if it is a local folder, another backend, or
   * connected in a way this class does not reproduce.
   *
   * @param connection how restic reaches the repository
   * @return the listing or null
   */
  public static Remote remote(Connection connection) {
    RestLocks rest = RestLocks.of(connection);
    return rest != null ? rest : S3Locks.of(connection);
  }

  /** One client for all listings, created on first use (it owns a selector thread). */
  static final class Client {
    static final HttpClient INSTANCE =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            // restic sees no JVM proxy settings, and proxy variables make the caller ask restic
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
  }

  /**
   * Lists the lock ids in a local repository folder.
   *
   * @param repository the repository's folder
   * @return the ids, sorted, or empty if the folder could not be read as a restic repository
   */
  public static Optional<List<String>> local(Path repository) {
    Path locks = repository.resolve("locks");
    if (!Files.isRegularFile(repository.resolve("config")) || !Files.isDirectory(locks)) {
      return Optional.empty();
    }
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(locks)) {
      for (Path file : files) {
        add(ids, file.getFileName().toString());
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot list {}; asking restic instead", locks, e);
      return Optional.empty();
    }
    ids.sort(null);
    return Optional.of(List.copyOf(ids));
  }

  static void add(List<String> ids, String name) {
    if (ID.matcher(name).matches()) {
      ids.add(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Where and how to list a REST repository's locks; built only when restic would connect the same
   * way a plain JDK client does.
   *
   * @param locks the {@code locks/} URL, without credentials
   * @param authorization the {@code Authorization} header value, or null
   */
  public record RestLocks(URI locks, String authorization) implements Remote {

    @Override
    public String toString() {
      return "RestLocks[" + locks + (authorization == null ? "" : ", with credentials") + "]";
    }

    /**
     * The endpoint of a {@code rest:} location, or null if this class should not read it.
     *
     * @param connection how restic reaches the repository
     * @return the endpoint or null
     */
    public static RestLocks of(Connection connection) {
      String location = connection.location();
      if (!location.startsWith("rest:http://") && !location.startsWith("rest:https://")) {
        return null;
      }
      if (!connection.connectsLikeJdk(location.startsWith("rest:https://"), REST_BLOCKERS)) {
        return null;
      }
      try {
        URI uri = new URI(location.substring("rest:".length()));
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
          return null;
        }
        String authorization = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
          int colon = userInfo.indexOf(':');
          String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
          String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
          authorization =
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.endsWith("/")) {
          path = path + "/";
        }
        URI locks = new URI(uri.getScheme() + "://" + hostPort(uri) + path + "locks/");
        return new RestLocks(locks, authorization);
      } catch (URISyntaxException | IllegalArgumentException e) {
        return null; // never log e: its message quotes the location with its credentials
      }
    }

    @Override
    public Optional<List<String>> list(Duration timeout) {
      return rest(this, timeout);
    }

    private static String hostPort(URI uri) {
      return uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
    }

    private static String decode(String s) {
      // userinfo is percent-encoded; '+' is a literal plus there, not a space
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
  }

  /**
   * Lists the lock ids of a REST repository.
   *
   * @param endpoint where to ask
   * @param timeout bounds the whole request
   * @return the ids, sorted, or empty if the server did not answer as rest-server does
   */
  public static Optional<List<String>> rest(RestLocks endpoint, Duration timeout) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(endpoint.locks()).timeout(timeout).header("Accept", V2).GET();
      if (endpoint.authorization() != null) {
        request.header("Authorization", endpoint.authorization());
      }
      HttpResponse<byte[]> response =
          Client.INSTANCE.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        LOG.debug("{} answered {}; asking restic instead", endpoint.locks(), response.statusCode());
        return Optional.empty();
      }
      JsonNode body = Json.MAPPER.readTree(response.body());
      if (body == null || !body.isArray()) {
        return Optional.empty();
      }
      List<String> ids = new ArrayList<>();
      for (JsonNode entry : body) {
        JsonNode name = entry.isTextual() ? entry : entry.get("name");
        if (name == null || !name.isTextual()) {
          return Optional.empty();
        }
        add(ids, name.asText());
      }
      ids.sort(null);
      return Optional.of(List.copyOf(ids));
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot list {}: {}; asking restic instead", endpoint.locks(), e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
