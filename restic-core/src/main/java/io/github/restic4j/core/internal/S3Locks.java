package io.github.restic4j.core.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the lock files of a repository on an S3-compatible server the way restic does, with one
 * signed {@code ListObjectsV2} request per 1,000 keys ({@code GET /<bucket>/?list-type=2&prefix=
 * <prefix>/locks/&delimiter=/}, path-style, AWS Signature Version 4), and keeps the names that are
 * ids, as {@code restic list locks} does.
 *
 * <p>Only the setting restic shares with a plain client is read: a location {@code
 * s3:http(s)://host[:port]/bucket[/prefix]} on a server that is not AWS, Google or Aliyun (for
 * those restic's S3 library addresses the bucket by host name and asks for its region first), with
 * the credentials restic takes first, {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}
 * (or {@code AWS_ACCESS_KEY} and {@code AWS_SECRET_KEY}) and {@code AWS_SESSION_TOKEN}, and the
 * region of {@code AWS_DEFAULT_REGION} or else {@code us-east-1}. Anything else gives null here and
 * restic is asked: other credential sources (profiles, MinIO variables, IAM roles, {@code
 * RESTIC_AWS_ASSUME_ROLE_ARN}), proxies, {@code -o} options (bucket lookup, region, V1 listing),
 * TLS settings for {@code https}. A server that refuses the request (for example one that expects
 * another region) also leaves the listing to restic, and so does a repository that does not use
 * restic's default layout (restic 0.14 to 0.16 also open the legacy S3 layout, with {@code lock/}
 * instead of {@code locks/}): before its first listing this class checks once that {@code keys/}
 * holds a key file.
 */
public final class S3Locks implements DirectLockListing.Remote {

  private static final Logger LOG = LoggerFactory.getLogger(S3Locks.class);

  /** Credential and role variables that make restic sign differently or elsewhere. */
  private static final Set<String> S3_BLOCKERS =
      Set.of("RESTIC_AWS_ASSUME_ROLE_ARN", "RESTIC_AWS_ASSUME_ROLE_REGION");

  /** Hosts restic's S3 library addresses by virtual host and asks for the bucket's region. */
  private static final Pattern VIRTUAL_HOST_SERVICES =
      Pattern.compile(
          "((^|\\.)(amazonaws\\.com|amazonaws\\.com\\.cn|googleapis\\.com)|aliyuncs\\.com)$");

  /** Bucket names every S3 server accepts in a path. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
  private static final Pattern COMMON_PREFIX =
      Pattern.compile("<CommonPrefixes>\\s*<Prefix>([^<]*)</Prefix>");
  private static final Pattern TRUNCATED = Pattern.compile("<IsTruncated>([^<]*)</IsTruncated>");
  private static final Pattern NEXT_TOKEN =
      Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");

  /** Enough pages for 100,000 lock files; more means something is wrong and restic is asked. */
  private static final int MAX_PAGES = 100;

  /** What may go into a header as restic's library sends it (and never into an error message). */
  private static final Pattern HEADER_SAFE = Pattern.compile("[\\x21-\\x7E]+");

  private final String endpoint;
  private final String bucket;
  private final String prefix;
  private final String region;
  private final String accessKey;
  private final String secretKey;
  private final String sessionToken;
  private volatile boolean defaultLayoutSeen;

  private S3Locks(
      String endpoint,
      String bucket,
      String prefix,
      String region,
      String accessKey,
      String secretKey,
      String sessionToken) {
    this.endpoint = endpoint;
    this.bucket = bucket;
    this.prefix = prefix;
    this.region = region;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.sessionToken = sessionToken;
  }

  /** {@code scheme://host[:port]}, the port only when it is not the scheme's default. */
  String endpoint() {
    return endpoint;
  }

  String bucket() {
    return bucket;
  }

  /** The key prefix of the lock files: {@code [prefix/]locks/}. */
  String keyPrefix() {
    return folder("locks");
  }

  String region() {
    return region;
  }

  String accessKey() {
    return accessKey;
  }

  String secretKey() {
    return secretKey;
  }

  String sessionToken() {
    return sessionToken;
  }

  /** A folder of the repository as a key prefix, as restic's layout joins it. */
  private String folder(String name) {
    return (prefix.isEmpty() ? "" : prefix + "/") + name + "/";
  }

  @Override
  public String toString() {
    return "S3Locks[" + endpoint + "/" + bucket + "/" + keyPrefix() + ", region " + region + "]";
  }

  /**
   * The listing for an {@code s3:http(s)://} location, or null if restic4j should not read it.
   *
   * @param connection how restic reaches the repository
   * @return the listing or null
   */
  public static S3Locks of(DirectLockListing.Connection connection) {
    String location = connection.location();
    boolean http = location.startsWith("s3:http://");
    if (!http && !location.startsWith("s3:https://")) {
      return null;
    }
    if (!connection.connectsLikeJdk(!http, S3_BLOCKERS)) {
      return null;
    }
    String keyId = connection.variable("AWS_ACCESS_KEY_ID");
    String secret = connection.variable("AWS_SECRET_ACCESS_KEY");
    if ((keyId == null) != (secret == null)) {
      return null; // restic 0.14 to 0.18 stop with an error when only one of them is set
    }
    String accessKey = keyId != null ? keyId : connection.variable("AWS_ACCESS_KEY");
    String secretKey = secret != null ? secret : connection.variable("AWS_SECRET_KEY");
    if (accessKey == null || secretKey == null) {
      return null; // restic goes on to other credential sources
    }
    String token = connection.variable("AWS_SESSION_TOKEN");
    String region = connection.variable("AWS_DEFAULT_REGION");
    if (!headerSafe(accessKey) || !headerSafe(token) || !headerSafe(region)) {
      return null; // the JDK would refuse the header and quote its value in the exception
    }
    try {
      URI uri = new URI(location.substring("s3:".length()));
      String host = uri.getHost();
      if (host == null
          || host.startsWith("[")
          || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || VIRTUAL_HOST_SERVICES.matcher(host.toLowerCase(Locale.ROOT)).find()) {
        return null;
      }
      String path = uri.getPath();
      if (path == null || !path.startsWith("/")) {
        return null;
      }
      String rest = path.substring(1);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String after = slash < 0 ? "" : rest.substring(slash + 1);
      if (after.startsWith("/")) {
        return null; // restic keeps a leading slash in the prefix (path.Clean("/a") is "/a")
      }
      String prefix = cleanPrefix(after);
      if (!BUCKET.matcher(bucket).matches() || prefix == null) {
        return null;
      }
      int port = uri.getPort();
      boolean defaultPort = port == -1 || port == (http ? 80 : 443);
      String endpoint = uri.getScheme() + "://" + host + (defaultPort ? "" : ":" + port);
      return new S3Locks(
          endpoint,
          bucket,
          prefix,
          region == null ? "us-east-1" : region,
          accessKey,
          secretKey,
          token);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean headerSafe(String value) {
    return value == null || HEADER_SAFE.matcher(value).matches();
  }

  /**
   * The prefix as restic joins it with {@code locks} ({@code path.Join}): empty and {@code .}
   * segments dropped; null for {@code ..}, which this class does not follow.
   */
  static String cleanPrefix(String prefix) {
    List<String> segments = new ArrayList<>();
    for (String segment : prefix.split("/")) {
      if (segment.equals("..")) {
        return null;
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    return String.join("/", segments);
  }

  @Override
  public Optional<List<String>> list(Duration timeout) {
    return list(timeout, Instant.now());
  }

  /**
   * Lists the lock ids, signing with a given time.
   *
   * @param timeout bounds each request
   * @param now the signing time
   * @return the ids, sorted, or empty if the server did not answer as S3 does
   */
  Optional<List<String>> list(Duration timeout, Instant now) {
    try {
      if (!defaultLayoutSeen) {
        // one key file under keys/ shows restic's default layout (the legacy one has key/)
        Optional<List<String>> keys = names(folder("keys"), 1, timeout, now);
        if (keys.isEmpty() || keys.get().isEmpty()) {
          LOG.debug("{}: no key file under keys/; asking restic instead", this);
          return Optional.empty();
        }
        defaultLayoutSeen = true;
      }
      return names(keyPrefix(), 0, timeout, now);
    } catch (IOException e) {
      LOG.debug("cannot list {}: {}; asking restic instead", this, e.toString());
      return Optional.empty();
    } catch (RuntimeException e) {
      // only the type: a header or URI error may quote what was sent
      LOG.debug("cannot list {}: {}; asking restic instead", this, e.getClass().getName());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The ids restic would list under a key prefix: every page, or only the first when {@code
   * maxKeys} is positive.
   */
  private Optional<List<String>> names(String keyPrefix, int maxKeys, Duration timeout, Instant now)
      throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      HttpResponse<String> response =
          DirectLockListing.Client.INSTANCE.send(
              request(keyPrefix, maxKeys, token, timeout, now),
              HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      if (response.statusCode() != 200 || !isPlainListing(body)) {
        // not the body: an S3 error quotes the access key and the string it expected signed
        LOG.debug("{} answered {}; asking restic instead", this, response.statusCode());
        return Optional.empty();
      }
      // restic's S3 library passes each common prefix on like a key, and restic takes its name
      for (Pattern p : List.of(KEY, COMMON_PREFIX)) {
        Matcher m = p.matcher(body);
        while (m.find()) {
          String name = baseName(keyPrefix, unescape(m.group(1)));
          if (name != null) {
            DirectLockListing.add(ids, name);
          }
        }
      }
      Boolean truncated = truncated(body);
      if (truncated == null) {
        return Optional.empty();
      }
      if (!truncated || maxKeys > 0) {
        ids.sort(null);
        return Optional.of(List.copyOf(ids));
      }
      Matcher next = NEXT_TOKEN.matcher(body);
      if (!next.find() || next.group(1).isEmpty()) {
        return Optional.empty();
      }
      token = unescape(next.group(1));
    }
    return Optional.empty();
  }

  /**
   * A listing this class reads with patterns: one {@code ListBucketResult} document without
   * comments, CDATA, a document type or an error, which real servers never send in a listing.
   */
  private static boolean isPlainListing(String body) {
    if (body == null) {
      return false;
    }
    String trimmed = body.strip();
    return trimmed.contains("<ListBucketResult")
        && trimmed.endsWith("</ListBucketResult>")
        && !trimmed.contains("<!--")
        && !trimmed.contains("<![CDATA[")
        && !trimmed.contains("<!DOCTYPE")
        && !trimmed.contains("<!ENTITY")
        && !trimmed.contains("<Error>");
  }

  /**
   * {@code IsTruncated} as Go reads a bool ({@code strconv.ParseBool} of the trimmed text), false
   * when absent, null when it is something else.
   */
  static Boolean truncated(String body) {
    Matcher m = TRUNCATED.matcher(body);
    if (!m.find()) {
      return Boolean.FALSE;
    }
    return switch (m.group(1).strip()) {
      case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
      default -> null;
    };
  }

  /** The signed {@code ListObjectsV2} request for one page. */
  HttpRequest request(
      String keyPrefix, int maxKeys, String continuationToken, Duration timeout, Instant now) {
    TreeMap<String, String> query = new TreeMap<>();
    if (continuationToken != null) {
      query.put("continuation-token", continuationToken);
    }
    query.put("delimiter", "/");
    query.put("list-type", "2");
    if (maxKeys > 0) {
      query.put("max-keys", Integer.toString(maxKeys));
    }
    query.put("prefix", keyPrefix);
    StringBuilder canonicalQuery = new StringBuilder();
    for (Map.Entry<String, String> p : query.entrySet()) {
      if (canonicalQuery.length() > 0) {
        canonicalQuery.append('&');
      }
      canonicalQuery
          .append(AwsSigV4.encode(p.getKey(), false))
          .append('=')
          .append(AwsSigV4.encode(p.getValue(), false));
    }
    String path = "/" + AwsSigV4.encode(bucket, true) + "/";
    TreeMap<String, String> headers = new TreeMap<>();
    headers.put("host", endpoint.substring(endpoint.indexOf("://") + 3));
    headers.put("x-amz-content-sha256", AwsSigV4.EMPTY_PAYLOAD_SHA256);
    headers.put("x-amz-date", AwsSigV4.amzDate(now));
    if (sessionToken != null) {
      headers.put("x-amz-security-token", sessionToken);
    }
    String authorization =
        AwsSigV4.authorization(
            "GET",
            path,
            canonicalQuery.toString(),
            headers,
            AwsSigV4.EMPTY_PAYLOAD_SHA256,
            accessKey,
            secretKey,
            region);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(endpoint + path + "?" + canonicalQuery))
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(timeout)
            .header("Authorization", authorization)
            .GET();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (!h.getKey().equals("host")) { // the client sends it from the URI, as signed
        b.header(h.getKey(), h.getValue());
      }
    }
    return b.build();
  }

  /**
   * The file name restic takes from a listed key ({@code path.Base} of what follows the prefix), or
   * null for the prefix itself.
   */
  private static String baseName(String keyPrefix, String key) {
    String rest = key.startsWith(keyPrefix) ? key.substring(keyPrefix.length()) : key;
    int end = rest.length();
    while (end > 0 && rest.charAt(end - 1) == '/') {
      end--;
    }
    if (end == 0) {
      return rest.isEmpty() ? null : "/";
    }
    return rest.substring(rest.lastIndexOf('/', end - 1) + 1, end);
  }

  /** A numeric character reference ({@code #65} or {@code #x41}) that XML allows. */
  private static int characterReference(String entity) {
    boolean hex = entity.startsWith("#x");
    String digits = entity.substring(hex ? 2 : 1);
    if (!entity.startsWith("#")
        || digits.isEmpty()
        || digits.length() > 6
        || !digits.chars().allMatch(c -> Character.digit(c, hex ? 16 : 10) >= 0)) {
      throw new IllegalArgumentException("not an XML character reference");
    }
    int code = Integer.parseInt(digits, hex ? 16 : 10);
    boolean allowed =
        code == 0x9
            || code == 0xA
            || code == 0xD
            || (code >= 0x20 && code <= 0xD7FF)
            || (code >= 0xE000 && code <= 0xFFFD)
            || (code >= 0x10000 && code <= 0x10FFFF);
    if (!allowed) {
      throw new IllegalArgumentException("not an XML character");
    }
    return code;
  }

  /** The five XML entities and numeric references, as in S3's listing. */
  static String unescape(String xml) {
    if (xml.indexOf('&') < 0) {
      return xml;
    }
    StringBuilder out = new StringBuilder(xml.length());
    int i = 0;
    while (i < xml.length()) {
      char c = xml.charAt(i);
      int semi = c == '&' ? xml.indexOf(';', i) : -1;
      if (semi < 0) {
        out.append(c);
        i++;
        continue;
      }
      String entity = xml.substring(i + 1, semi);
      switch (entity) {
        case "amp" -> out.append('&');
        case "lt" -> out.append('<');
        case "gt" -> out.append('>');
        case "quot" -> out.append('"');
        case "apos" -> out.append('\'');
        default -> {
          out.appendCodePoint(characterReference(entity));
        }
      }
      i = semi + 1;
    }
    return out.toString();
  }
}
