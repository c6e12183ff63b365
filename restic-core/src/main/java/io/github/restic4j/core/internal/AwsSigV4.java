package io.github.restic4j.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one S3 request in the {@code Authorization} header, as S3-compatible
 * servers (MinIO, Ceph, S3Proxy, AWS) check it. Only what restic4j sends is covered: requests
 * without a body, headers given with their final values.
 */
final class AwsSigV4 {

  /** SHA-256 of an empty body, the {@code x-amz-content-sha256} of a GET. */
  static final String EMPTY_PAYLOAD_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private AwsSigV4() {}

  /**
   * The {@code x-amz-date} value of an instant.
   *
   * @param instant the signing time
   * @return {@code yyyyMMddTHHmmssZ} in UTC
   */
  static String amzDate(Instant instant) {
    return AMZ_DATE.format(instant);
  }

  /**
   * The {@code Authorization} header value for a request.
   *
   * @param method the HTTP method
   * @param canonicalUri the request path, encoded with {@link #encode(String, boolean)} keeping
   *     slashes, exactly as sent
   * @param canonicalQuery the query, parameters sorted by name, names and values encoded, exactly
   *     as sent (empty for none)
   * @param headers the signed headers by lower-case name, with their values as sent; must hold
   *     {@code host} and {@code x-amz-date}
   * @param payloadSha256 the hex SHA-256 of the body (also sent as {@code x-amz-content-sha256})
   * @param accessKey the access key id
   * @param secretKey the secret access key
   * @param region the region the server expects
   * @return the header value
   */
  static String authorization(
      String method,
      String canonicalUri,
      String canonicalQuery,
      SortedMap<String, String> headers,
      String payloadSha256,
      String accessKey,
      String secretKey,
      String region) {
    String amzDate = headers.get("x-amz-date");
    String day = amzDate.substring(0, 8);
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append('\n');
    canonical.append(canonicalUri).append('\n');
    canonical.append(canonicalQuery).append('\n');
    for (Map.Entry<String, String> h : headers.entrySet()) {
      canonical.append(h.getKey()).append(':').append(h.getValue().trim()).append('\n');
    }
    canonical.append('\n');
    String signedHeaders = String.join(";", headers.keySet());
    canonical.append(signedHeaders).append('\n');
    canonical.append(payloadSha256);

    String scope = day + "/" + region + "/s3/aws4_request";
    String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical);
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    String signature = HEX.formatHex(hmac(key, toSign));
    return ALGORITHM
        + " Credential="
        + accessKey
        + "/"
        + scope
        + ",SignedHeaders="
        + signedHeaders
        + ",Signature="
        + signature;
  }

  /**
   * Percent-encodes as SigV4 wants: unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) stay, every
   * other UTF-8 byte becomes {@code %XX} in upper case.
   *
   * @param s the text
   * @param keepSlash whether {@code /} stays (paths) or is encoded (query values)
   * @return the encoded text
   */
  static String encode(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      boolean unreserved =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved || (keepSlash && c == '/')) {
        out.append(c);
      } else {
        out.append('%').append(HEX.withUpperCase().toHexDigits((byte) c));
      }
    }
    return out.toString();
  }

  private static String sha256Hex(CharSequence text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HEX.formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
