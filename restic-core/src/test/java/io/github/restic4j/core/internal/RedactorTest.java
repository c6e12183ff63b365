package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private static final String M = Redactor.MASK;

  @Test
  void masksPasswordInText() {
    Redactor r = new Redactor(List.of("s3cr3t-pw"));
    assertThat(r.redact("Fatal: s3cr3t-pw is wrong; again s3cr3t-pw."))
        .isEqualTo("Fatal: " + M + " is wrong; again " + M + ".");
    assertThat(r.redact("nothing secret here")).isEqualTo("nothing secret here");
  }

  @Test
  void masksUrlCredentialsWithoutConfiguredSecrets() {
    Redactor r = new Redactor(List.of());
    assertThat(r.redact("rest:https://user:pass@host/"))
        .isEqualTo("rest:https://user:" + M + "@host/");
    assertThat(
            r.redact("Fatal: unable to open repository at rest:http://bob:pw@10.0.0.1:8000/repo"))
        .isEqualTo(
            "Fatal: unable to open repository at rest:http://bob:" + M + "@10.0.0.1:8000/repo");
    // no user, only a password
    assertThat(r.redact("rest:https://:topsecret@host/"))
        .isEqualTo("rest:https://:" + M + "@host/");
    // a port is not a password
    assertThat(r.redact("rest:http://host:8000/repo")).isEqualTo("rest:http://host:8000/repo");
    // sftp user@host has no password
    assertThat(r.redact("sftp:user@host:/srv/repo")).isEqualTo("sftp:user@host:/srv/repo");
  }

  @Test
  void passwordContainingAtSignIsMaskedCompletely() {
    Redactor r = new Redactor(List.of());
    assertThat(r.redact("rest:https://user:p@ss@host/repo"))
        .isEqualTo("rest:https://user:" + M + "@host/repo")
        .doesNotContain("ss@");
    assertThat(Redactor.urlPasswords("rest:https://user:p@ss@host/")).containsExactly("p@ss");
  }

  @Test
  void urlPasswordOfTheLocationIsMaskedElsewhereToo() {
    Redactor r = new Redactor(List.of("rest:https://user:longpass@host/"));
    assertThat(r.redact("auth failed for longpass")).isEqualTo("auth failed for " + M);
    assertThat(Redactor.urlPasswords("rest:https://user:longpass@host:8000/r"))
        .containsExactly("longpass");
    assertThat(Redactor.urlPasswords("s3:https://s3.amazonaws.com/bucket")).isEmpty();
  }

  @Test
  void shortSecretsAreNotSearched() {
    Redactor r = new Redactor(Arrays.asList("ab", "x", "", null));
    assertThat(r.redact("about ab x")).isEqualTo("about ab x");
    // but a short URL password is still masked by the URL rule
    assertThat(r.redact("rest:https://u:ab@h/")).isEqualTo("rest:https://u:" + M + "@h/");
    // a secret of exactly the minimum length is searched
    assertThat(new Redactor(List.of("abc")).redact("xabcx")).isEqualTo("x" + M + "x");
  }

  @Test
  void overlappingSecretsLeaveNothingBehind() {
    Redactor r = new Redactor(List.of("abcdef", "defghi"));
    assertThat(r.redact("xxabcdefghixx")).isEqualTo("xx" + M + "xx");
    // order of configuration does not matter
    assertThat(new Redactor(List.of("defghi", "abcdef")).redact("xxabcdefghixx"))
        .isEqualTo("xx" + M + "xx");
    // one secret inside another
    Redactor nested = new Redactor(List.of("secret", "mysecretpassword"));
    assertThat(nested.redact("pw=mysecretpassword; also secret"))
        .isEqualTo("pw=" + M + "; also " + M);
    // overlapping occurrences of the same secret
    assertThat(new Redactor(List.of("aba")).redact("ababa!")).isEqualTo(M + "!");
  }

  @Test
  void maskItselfIsNotRemasked() {
    Redactor r = new Redactor(List.of("***", "hunter2"));
    assertThat(r.redact("a hunter2 b")).isEqualTo("a " + M + " b");
  }

  @Test
  void nullEmptyAndLists() {
    Redactor r = new Redactor(List.of("hunter2"));
    assertThat(r.redact((String) null)).isNull();
    assertThat(r.redact("")).isEmpty();
    assertThat(r.redact(List.of("--password", "hunter2", "rest:https://a:b@c/")))
        .containsExactly("--password", M, "rest:https://a:" + M + "@c/");
  }
}
