package io.github.restic4j.core.internal;

import java.util.Locale;
import java.util.Set;

/** Which variables of this JVM's environment a restic child inherits. */
public final class Environments {

  /**
   * Inherited by default: what restic needs to run as the current user (paths, locale, time zone,
   * temp and cache folders, proxies, TLS trust, ssh agent). Everything else, in particular {@code
   * RESTIC_*} and cloud credentials, is only passed when the repository asks for it.
   */
  private static final Set<String> DEFAULT_INHERITED =
      Set.of(
          "PATH",
          "HOME",
          "USER",
          "LOGNAME",
          "LANG",
          "LANGUAGE",
          "TZ",
          "TMPDIR",
          "TEMP",
          "TMP",
          "XDG_CACHE_HOME",
          "SSL_CERT_FILE",
          "SSL_CERT_DIR",
          "SSH_AUTH_SOCK",
          "HTTP_PROXY",
          "HTTPS_PROXY",
          "NO_PROXY",
          "SYSTEMROOT",
          "USERPROFILE",
          "LOCALAPPDATA",
          "APPDATA",
          "COMSPEC",
          "PATHEXT",
          "WINDIR");

  private Environments() {}

  /**
   * The default inheritance rule.
   *
   * @param name a variable name of this JVM's environment
   * @return true if the child inherits it
   */
  public static boolean inheritByDefault(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return DEFAULT_INHERITED.contains(upper) || upper.startsWith("LC_");
  }
}
