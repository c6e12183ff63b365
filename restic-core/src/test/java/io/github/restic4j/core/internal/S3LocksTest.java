package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.internal.DirectLockListing.Connection;
import io.github.restic4j.core.internal.DirectLockListingTest.Server;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class S3LocksTest {

  private static final String A = "a".repeat(64);
  private static final String B = "0123456789abcdef".repeat(4);
  private static final String C = "c".repeat(64);
  private static final Map<String, String> KEYS =
      Map.of("AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", "s3cret-key");
  private static final Instant NOW = Instant.parse("2026-11-25T05:06:07Z");

  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static S3Locks of(String location) {
    return of(location, KEYS, List.of());
  }

  private static S3Locks of(String location, Map<String, String> env, List<String> args) {
    return S3Locks.of(new Connection(location, env, n -> false, Map.of(), args));
  }

  private static Map<String, String> keysAnd(String name, String value) {
    Map<String, String> env = new HashMap<>(KEYS);
    env.put(name, value);
    return env;
  }

  @Test
  void readsEndpointBucketAndPrefixLikeRestic() {
    S3Locks s = of("s3:http://127.0.0.1:9000/bucket/some/prefix");
    assertThat(s.endpoint()).isEqualTo("http://127.0.0.1:9000");
    assertThat(s.bucket()).isEqualTo("bucket");
    assertThat(s.keyPrefix()).isEqualTo("some/prefix/locks/");
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.accessKey()).isEqualTo("AKIDTEST");
    assertThat(s.sessionToken()).isNull();

    assertThat(of("s3:https://minio.example:443/bucket").endpoint())
        .isEqualTo("https://minio.example");
    assertThat(of("s3:http://minio.example:80/bucket/").keyPrefix()).isEqualTo("locks/");
    // restic cleans the prefix before it joins "locks" to it
    assertThat(of("s3:http://h:9000/bucket/a//./b/").keyPrefix()).isEqualTo("a/b/locks/");
    assertThat(of("s3:http://h:9000/bucket/.").keyPrefix()).isEqualTo("locks/");
    assertThat(of("s3:http://h:9000/bucket/a/../b")).isNull();
    // but keeps a leading slash ("/a/locks/"), which servers treat differently: left to restic
    assertThat(of("s3:http://h:9000/bucket//a")).isNull();
    assertThat(of("s3:http://h:9000/bucket//")).isNull();
  }

  @Test
  void takesTheCredentialsAndRegionResticTakesFirst() {
    Map<String, String> alternative =
        Map.of("AWS_ACCESS_KEY", "AKIDALT", "AWS_SECRET_KEY", "alt-secret");
    S3Locks alt = of("s3:http://h:9000/bucket", alternative, List.of());
    assertThat(alt.accessKey()).isEqualTo("AKIDALT");
    assertThat(alt.secretKey()).isEqualTo("alt-secret");

    S3Locks temporary =
        of("s3:http://h:9000/bucket", keysAnd("AWS_SESSION_TOKEN", "tok"), List.of());
    assertThat(temporary.sessionToken()).isEqualTo("tok");
    assertThat(
            of("s3:http://h:9000/bucket", keysAnd("AWS_DEFAULT_REGION", "eu-west-3"), List.of())
                .region())
        .isEqualTo("eu-west-3");

    // variables of this JVM count only when the repository passes them on
    Predicate<String> inheritsKeys = n -> n.startsWith("AWS_");
    assertThat(
            S3Locks.of(
                new Connection("s3:http://h:9000/bucket", Map.of(), inheritsKeys, KEYS, List.of())))
        .isNotNull();
    assertThat(
            S3Locks.of(
                new Connection("s3:http://h:9000/bucket", Map.of(), n -> false, KEYS, List.of())))
        .isNull();
  }

  @Test
  void leavesOtherSetupsToRestic() {
    assertThat(of("s3:s3.amazonaws.com/bucket")).isNull(); // no URL: restic's own host rules
    assertThat(of("s3:https://s3.eu-west-1.amazonaws.com/bucket")).isNull();
    assertThat(of("s3:https://storage.googleapis.com/bucket")).isNull();
    assertThat(of("s3:https://oss-cn-hangzhou.aliyuncs.com/bucket")).isNull();
    assertThat(of("s3:https://myaliyuncs.com/bucket")).isNull(); // the same suffix rule as restic's
    assertThat(of("s3:http://h:9000/")).isNull();
    assertThat(of("s3:http://h:9000/Bad_Bucket")).isNull();
    assertThat(of("s3:http://user:pw@h:9000/bucket")).isNull();
    assertThat(of("rest:http://h:8000/")).isNull();
    assertThat(of("s3:http://h:9000/bucket", Map.of(), List.of())).as("no keys").isNull();
    assertThat(
            of(
                "s3:http://h:9000/bucket",
                Map.of("AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", ""),
                List.of()))
        .as("an empty secret counts as none")
        .isNull();
    assertThat(of("s3:http://h:9000/bucket", KEYS, List.of("-o", "s3.bucket-lookup=dns"))).isNull();
    // restic 0.14 to 0.18 stop when only one of the two main variables is set
    assertThat(
            of(
                "s3:http://h:9000/bucket",
                Map.of("AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_KEY", "s3cret-key"),
                List.of()))
        .isNull();
    // values the JDK would refuse in a header (and quote in its exception) are left to restic
    assertThat(of("s3:http://h:9000/bucket", keysAnd("AWS_SESSION_TOKEN", "tok\n"), List.of()))
        .isNull();
    assertThat(
            of(
                "s3:http://h:9000/bucket",
                Map.of("AWS_ACCESS_KEY_ID", "AKIDTÉST", "AWS_SECRET_ACCESS_KEY", "s3cret-key"),
                List.of()))
        .isNull();
    assertThat(
            of("s3:http://h:9000/bucket", keysAnd("RESTIC_AWS_ASSUME_ROLE_ARN", "arn"), List.of()))
        .isNull();
    assertThat(of("s3:http://h:9000/bucket", keysAnd("http_proxy", "http://p:3128"), List.of()))
        .isNull();
    assertThat(of("s3:https://h:9000/bucket", keysAnd("SSL_CERT_FILE", "/ca.pem"), List.of()))
        .isNull();
    assertThat(of("s3:http://h:9000/bucket", keysAnd("SSL_CERT_FILE", "/ca.pem"), List.of()))
        .isNotNull();
  }

  @Test
  void theRemoteListingIsChosenByLocation() {
    assertThat(
            DirectLockListing.remote(
                new Connection("rest:http://h:8000/", KEYS, n -> false, Map.of(), List.of())))
        .isInstanceOf(DirectLockListing.RestLocks.class);
    assertThat(
            DirectLockListing.remote(
                new Connection("s3:http://h:9000/bucket", KEYS, n -> false, Map.of(), List.of())))
        .isInstanceOf(S3Locks.class);
    assertThat(
            DirectLockListing.remote(
                new Connection("/srv/repo", KEYS, n -> false, Map.of(), List.of())))
        .isNull();
    assertThat(
            DirectLockListing.remote(
                new Connection("sftp:h:/repo", KEYS, n -> false, Map.of(), List.of())))
        .isNull();
  }

  @Test
  void neverPrintsTheSecret() {
    S3Locks s =
        of("s3:http://h:9000/bucket/p", keysAnd("AWS_SESSION_TOKEN", "session-tok"), List.of());
    assertThat(s.toString())
        .contains("http://h:9000", "bucket", "p/locks/")
        .doesNotContain("s3cret-key", "session-tok", "AKIDTEST");
  }

  private static String page(String prefix, boolean truncated, String token, String... keys) {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Name>bucket</Name><Prefix>"
                + prefix
                + "</Prefix><KeyCount>"
                + keys.length
                + "</KeyCount><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter>"
                + "<IsTruncated>"
                + truncated
                + "</IsTruncated>");
    for (String key : keys) {
      xml.append("<Contents><Key>")
          .append(key)
          .append("</Key><Size>155</Size><StorageClass>STANDARD</StorageClass></Contents>");
    }
    xml.append("<CommonPrefixes><Prefix>").append(prefix).append("sub/</Prefix></CommonPrefixes>");
    if (token != null) {
      xml.append("<NextContinuationToken>").append(token).append("</NextContinuationToken>");
    }
    return xml.append("</ListBucketResult>").toString();
  }

  private S3Locks served(String prefix) {
    return of("s3:http://127.0.0.1:" + server.socket.getLocalPort() + "/bucket" + prefix);
  }

  /** The answer to the one-time check for a key file under {@code keys/}. */
  private static String keysPage(String prefix) {
    return page(prefix + "keys/", true, "more", prefix + "keys/" + C);
  }

  @Test
  void checksTheLayoutOnceThenListsTheIdsOnEveryPageAndSignsEachRequest() throws Exception {
    server =
        new Server(
            200,
            "application/xml",
            List.of(
                keysPage("p/"),
                page("p/locks/", true, "tok&amp;1", "p/locks/" + B, "p/locks/not-an-id"),
                page("p/locks/", false, null, "p/locks/" + A.toUpperCase(), "p/locks/" + C)));
    S3Locks s3 = served("/p");

    assertThat(s3.list(Duration.ofSeconds(5), NOW)).contains(List.of(B, A, C));

    assertThat(server.requests).hasSize(3);
    assertThat(server.requests.get(0).get(0))
        .isEqualTo("GET /bucket/?delimiter=%2F&list-type=2&max-keys=1&prefix=p%2Fkeys%2F HTTP/1.1");
    List<String> first = server.requests.get(1);
    assertThat(first.get(0))
        .isEqualTo("GET /bucket/?delimiter=%2F&list-type=2&prefix=p%2Flocks%2F HTTP/1.1");
    assertThat(first)
        .anySatisfy(h -> assertThat(h).isEqualToIgnoringCase("Host: 127.0.0.1:" + port()))
        .anySatisfy(h -> assertThat(h).isEqualToIgnoringCase("x-amz-date: 20261125T050607Z"))
        .anySatisfy(
            h ->
                assertThat(h)
                    .startsWith(
                        "Authorization: AWS4-HMAC-SHA256 Credential=AKIDTEST/20261125/us-east-1/"
                            + "s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                            + "Signature="));
    // the second page continues where the first ended (the token unescaped, then encoded)
    assertThat(server.requests.get(2).get(0))
        .isEqualTo(
            "GET /bucket/?continuation-token=tok%261&delimiter=%2F&list-type=2"
                + "&prefix=p%2Flocks%2F HTTP/1.1");

    // the layout is checked once per repository
    assertThat(s3.list(Duration.ofSeconds(5), NOW)).contains(List.of(A, C));
    assertThat(server.requests).hasSize(4);
    assertThat(server.requests.get(3).get(0)).contains("prefix=p%2Flocks%2F");
  }

  private int port() {
    return server.socket.getLocalPort();
  }

  @Test
  void aRepositoryWithoutKeysInTheDefaultLayoutIsLeftToRestic() throws Exception {
    // restic 0.14 to 0.16 also open the legacy layout (key/, lock/): nothing under keys/
    server = new Server(200, "application/xml", page("keys/", false, null));
    S3Locks s3 = served("");
    assertThat(s3.list(Duration.ofSeconds(5), NOW)).isEmpty();
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void commonPrefixesCountAsResticsLibraryPassesThemOn() throws Exception {
    String idFolder =
        page("locks/", false, null, "locks/" + A)
            .replace(
                "</ListBucketResult>",
                "<CommonPrefixes><Prefix>locks/"
                    + B
                    + "/</Prefix></CommonPrefixes></ListBucketResult>");
    server = new Server(200, "application/xml", List.of(keysPage(""), idFolder));
    assertThat(served("").list(Duration.ofSeconds(5), NOW)).contains(List.of(B, A)); // sorted
  }

  @Test
  void isTruncatedIsReadAsGoReadsABool() {
    assertThat(S3Locks.truncated("<IsTruncated>true</IsTruncated>")).isTrue();
    assertThat(S3Locks.truncated("<IsTruncated> 1 </IsTruncated>")).isTrue();
    assertThat(S3Locks.truncated("<IsTruncated>True</IsTruncated>")).isTrue();
    assertThat(S3Locks.truncated("<IsTruncated>false</IsTruncated>")).isFalse();
    assertThat(S3Locks.truncated("<IsTruncated>0</IsTruncated>")).isFalse();
    assertThat(S3Locks.truncated("<Name>b</Name>")).isFalse();
    assertThat(S3Locks.truncated("<IsTruncated>yes</IsTruncated>")).isNull();
  }

  @Test
  void aRefusalOrAnotherBodyLeavesItToRestic() throws Exception {
    server =
        new Server(
            403,
            "application/xml",
            "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code></Error>");
    assertThat(served("").list(Duration.ofSeconds(5), NOW)).isEmpty();
    String fine = page("locks/", false, null, "locks/" + A);
    for (String odd :
        List.of(
            "<html>a captive portal</html>",
            fine.replace("</ListBucketResult>", ""), // cut short
            fine.replace("<Contents>", "<!-- <Key>locks/" + B + "</Key> --><Contents>"),
            fine.replace("locks/" + A, "<![CDATA[locks/" + A + "]]>"),
            fine.replace("<Name>", "<Error><Code>SlowDown</Code></Error><Name>"),
            fine.replace("<IsTruncated>false</IsTruncated>", "<IsTruncated>yes</IsTruncated>"),
            fine.replace("locks/" + A, "locks/&#+97;"),
            // truncated without a token to continue from
            page("locks/", true, null, "locks/" + A))) {
      server.close();
      server = new Server(200, "application/xml", List.of(keysPage(""), odd));
      assertThat(served("").list(Duration.ofSeconds(5), NOW)).as(odd).isEmpty();
    }
  }

  @Test
  void unescapesXmlEntities() {
    assertThat(S3Locks.unescape("a&amp;b&lt;&gt;&quot;&apos;&#65;&#x42;")).isEqualTo("a&b<>\"'AB");
    assertThat(S3Locks.unescape("plain")).isEqualTo("plain");
    for (String bad : List.of("&#+97;", "&#0;", "&#x;", "&#X41;", "&nbsp;", "&#1114112;")) {
      assertThatThrownBy(() -> S3Locks.unescape(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aConnectionNamesItsBackendButNoSecret() {
    Connection c =
        new Connection(
            "rest:https://alice:hunter2@h:8000/repo",
            java.util.Map.of("RESTIC_PASSWORD", "pw-secret", "AWS_SECRET_ACCESS_KEY", "s3-secret"),
            n -> true,
            java.util.Map.of("HOME", "/root"),
            List.of());
    assertThat(c.toString())
        .isEqualTo("Connection[rest repository]")
        .doesNotContain("hunter2", "pw-secret", "s3-secret");
    assertThat(new Connection("/srv/repo", KEYS, n -> false, Map.of(), List.of()).toString())
        .isEqualTo("Connection[local repository]");
  }
}
