package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AwsSigV4Test {

  /**
   * The worked example of AWS's S3 documentation ("Signature Calculations for the Authorization
   * Header: Transferring Payload in a Single Chunk", GET Object): its published signature.
   */
  @Test
  void signsAwsDocumentedExample() {
    TreeMap<String, String> headers = new TreeMap<>();
    headers.put("host", "examplebucket.s3.amazonaws.com");
    headers.put("range", "bytes=0-9");
    headers.put("x-amz-content-sha256", AwsSigV4.EMPTY_PAYLOAD_SHA256);
    headers.put("x-amz-date", "20130524T000000Z");
    String authorization =
        AwsSigV4.authorization(
            "GET",
            "/test.txt",
            "",
            headers,
            AwsSigV4.EMPTY_PAYLOAD_SHA256,
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "us-east-1");
    assertThat(authorization)
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  void encodesAllButUnreservedCharacters() {
    assertThat(AwsSigV4.encode("AZaz09-._~", false)).isEqualTo("AZaz09-._~");
    assertThat(AwsSigV4.encode("p/locks/", false)).isEqualTo("p%2Flocks%2F");
    assertThat(AwsSigV4.encode("p/locks/", true)).isEqualTo("p/locks/");
    assertThat(AwsSigV4.encode("a b+c=ü*", false)).isEqualTo("a%20b%2Bc%3D%C3%BC%2A");
  }

  @Test
  void amzDateIsUtcSecondsWithoutSeparators() {
    assertThat(AwsSigV4.amzDate(Instant.parse("2026-11-25T05:06:07.890Z")))
        .isEqualTo("20261125T050607Z");
  }
}
