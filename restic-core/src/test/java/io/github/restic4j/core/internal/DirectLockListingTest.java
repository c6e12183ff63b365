package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.internal.DirectLockListing.Connection;
import io.github.restic4j.core.internal.DirectLockListing.RestLocks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a repository's lock ids the way {@code restic list locks} prints them, without restic.
 */
class DirectLockListingTest {

  private static final String A = "a".repeat(63) + "1";
  private static final String B = "0123456789abcdef".repeat(4);

  @Nested
  class LocalFolder {

    @TempDir Path repo;

    Path locks() throws IOException {
      Files.writeString(repo.resolve("config"), "encrypted");
      return Files.createDirectories(repo.resolve("locks"));
    }

    @Test
    void listsTheIdsOfTheLockFilesSorted() throws Exception {
      Path locks = locks();
      Files.writeString(locks.resolve(B), "x");
      Files.writeString(locks.resolve(A), "x");
      assertThat(DirectLockListing.local(repo)).contains(List.of(B, A));
    }

    @Test
    void anEmptyLocksFolderMeansNoLocks() throws Exception {
      locks();
      assertThat(DirectLockListing.local(repo)).contains(List.of());
    }

    @Test
    void skipsWhatResticCouldNotParseAsAnId() throws Exception {
      Path locks = locks();
      Files.writeString(locks.resolve(A), "x");
      Files.writeString(
          locks.resolve(A + "-tmp-123456"), "being written by restic's local backend");
      Files.writeString(locks.resolve(A.substring(1)), "63 digits");
      Files.writeString(locks.resolve("g".repeat(64)), "not hex");
      assertThat(DirectLockListing.local(repo)).contains(List.of(A));
    }

    @Test
    void upperCaseNamesAreListedAsResticPrintsThem() throws Exception {
      Files.writeString(locks().resolve(B.toUpperCase()), "x");
      assertThat(DirectLockListing.local(repo)).contains(List.of(B));
    }

    @Test
    void withoutAConfigFileTheFolderIsNotTrustedAsARepository() throws Exception {
      Files.writeString(locks().resolve(A), "x");
      Files.delete(repo.resolve("config"));
      assertThat(DirectLockListing.local(repo)).isEmpty();
    }

    @Test
    void withoutALocksFolderResticIsAsked() throws Exception {
      Files.writeString(repo.resolve("config"), "encrypted");
      assertThat(DirectLockListing.local(repo)).isEmpty();
      Files.writeString(repo.resolve("locks"), "a file, not a folder");
      assertThat(DirectLockListing.local(repo)).isEmpty();
      assertThat(DirectLockListing.local(repo.resolve("missing"))).isEmpty();
    }
  }

  @Nested
  class RestEndpoint {

    private RestLocks of(String location) {
      return of(location, Map.of(), List.of());
    }

    private RestLocks of(String location, Map<String, String> env, List<String> global) {
      return RestLocks.of(new Connection(location, env, n -> true, Map.of(), global));
    }

    @Test
    void theLocksUrlHasNoCredentialsAndTheyBecomeBasicAuthentication() {
      RestLocks r = of("rest:https://alice:p%40ss:w+rd@backup.example:8000/team/repo");
      assertThat(r.locks()).isEqualTo(URI.create("https://backup.example:8000/team/repo/locks/"));
      String decoded =
          new String(
              Base64.getDecoder().decode(r.authorization().substring("Basic ".length())),
              StandardCharsets.UTF_8);
      assertThat(decoded).isEqualTo("alice:p@ss:w+rd");
      assertThat(r.toString()).doesNotContain("alice").doesNotContain("ss");
    }

    @Test
    void withoutCredentialsThereIsNoAuthorization() {
      RestLocks r = of("rest:http://127.0.0.1:8000/");
      assertThat(r.locks()).isEqualTo(URI.create("http://127.0.0.1:8000/locks/"));
      assertThat(r.authorization()).isNull();
    }

    @Test
    void otherBackendsAndSettingsThatChangeTheConnectionAreLeftToRestic() {
      assertThat(of("/srv/repo")).isNull();
      assertThat(of("s3:http://localhost:9000/bucket")).isNull();
      assertThat(of("rest:https://h:8000/", Map.of("RESTIC_CACERT", "/ca.pem"), List.of()))
          .isNull();
      // TLS trust settings do not matter for plain http
      assertThat(of("rest:http://h:8000/", Map.of("SSL_CERT_FILE", "/ca.pem"), List.of()))
          .isNotNull();
      assertThat(
              RestLocks.of(
                  new Connection(
                      "rest:https://h:8000/",
                      Map.of(),
                      n -> n.equals("SSL_CERT_FILE"),
                      Map.of("SSL_CERT_FILE", "/etc/ssl/certs/ca.pem"),
                      List.of())))
          .isNull();
      assertThat(of("rest:http://h:8000/", Map.of("RESTIC_REST_PASSWORD", "x"), List.of()))
          .isNull();
      assertThat(of("rest:http://h:8000/", Map.of(), List.of("-o", "rest.connections=2"))).isNull();
      assertThat(of("rest:http://h:8000/", Map.of(), List.of("--cacert", "/ca.pem"))).isNull();
      assertThat(
              RestLocks.of(
                  new Connection(
                      "rest:http://h:8000/",
                      Map.of(),
                      n -> n.equals("http_proxy"),
                      Map.of("http_proxy", "http://proxy:3128"),
                      List.of())))
          .isNull();
      // a proxy variable this JVM has but does not pass on does not matter
      assertThat(
              RestLocks.of(
                  new Connection(
                      "rest:http://h:8000/",
                      Map.of(),
                      n -> false,
                      Map.of("HTTP_PROXY", "http://proxy:3128"),
                      List.of())))
          .isNotNull();
    }
  }

  /**
   * A loopback HTTP server answering each request with the next scripted body (the last one
   * repeats), and recording the request lines and headers.
   */
  static final class Server implements AutoCloseable {
    final ServerSocket socket;
    final List<List<String>> requests = new CopyOnWriteArrayList<>();
    final Thread thread;

    Server(int status, String contentType, String body) throws IOException {
      this(status, contentType, List.of(body));
    }

    Server(int status, String contentType, List<String> bodies) throws IOException {
      socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket s = socket.accept()) {
                    BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    List<String> request = new ArrayList<>();
                    for (String line = in.readLine();
                        line != null && !line.isEmpty();
                        line = in.readLine()) {
                      request.add(line);
                    }
                    requests.add(request);
                    String body = bodies.get(Math.min(requests.size(), bodies.size()) - 1);
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = s.getOutputStream();
                    out.write(
                        ("HTTP/1.1 "
                                + status
                                + " X\r\nContent-Type: "
                                + contentType
                                + "\r\nContent-Length: "
                                + bytes.length
                                + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(bytes);
                    out.flush();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      thread.setDaemon(true);
      thread.start();
    }

    String url(String userInfo) {
      return "rest:http://" + userInfo + "127.0.0.1:" + socket.getLocalPort() + "/repo";
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private Server server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static RestLocks endpoint(String location) {
    return RestLocks.of(new Connection(location, Map.of(), n -> false, Map.of(), List.of()));
  }

  @Test
  void aRestServersV2ListingGivesTheIdsAndTheRequestIsRestics() throws Exception {
    server =
        new Server(
            200,
            "application/vnd.x.restic.rest.v2",
            "[{\"name\":\"" + B + "\",\"size\":155},{\"name\":\"" + A + "\",\"size\":155}]");
    assertThat(DirectLockListing.rest(endpoint(server.url("alice:s3cret@")), Duration.ofSeconds(5)))
        .contains(List.of(B, A));
    List<String> request = server.requests.get(0);
    assertThat(request.get(0)).startsWith("GET /repo/locks/ HTTP/1.1");
    assertThat(request)
        .anySatisfy(
            h -> assertThat(h).isEqualToIgnoringCase("Accept: application/vnd.x.restic.rest.v2"))
        .anySatisfy(
            h ->
                assertThat(h)
                    .isEqualToIgnoringCase(
                        "Authorization: Basic "
                            + Base64.getEncoder()
                                .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aV1NameListIsUnderstoodToo() throws Exception {
    server = new Server(200, "application/json", "[\"" + A + "\"]");
    assertThat(DirectLockListing.rest(endpoint(server.url("")), Duration.ofSeconds(5)))
        .contains(List.of(A));
  }

  @Test
  void anErrorStatusOrAnUnexpectedBodyLeavesItToRestic() throws Exception {
    server = new Server(401, "text/plain", "Unauthorized");
    assertThat(DirectLockListing.rest(endpoint(server.url("alice:wrong@")), Duration.ofSeconds(5)))
        .isEmpty();
    server.close();
    server = new Server(200, "application/json", "{\"not\":\"a list\"}");
    assertThat(DirectLockListing.rest(endpoint(server.url("")), Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void anUnreachableServerLeavesItToRestic() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(
            DirectLockListing.rest(
                endpoint("rest:http://127.0.0.1:" + port + "/repo"), Duration.ofSeconds(5)))
        .isEmpty();
  }
}
