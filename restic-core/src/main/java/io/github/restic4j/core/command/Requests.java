package io.github.restic4j.core.command;

import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** Validation shared by request builders. */
final class Requests {

  private static final Pattern SNAPSHOT = Pattern.compile("latest|[0-9a-fA-F]{4,64}");

  private Requests() {}

  /** A snapshot id (at least 4 hex characters) or {@code latest}, else InvalidRequestException. */
  static String snapshotId(String snapshot) {
    nonBlank(snapshot, "snapshot");
    if (!SNAPSHOT.matcher(snapshot).matches()) {
      throw new InvalidRequestException(
          "snapshot must be a hex snapshot id or 'latest', was " + snapshot);
    }
    return snapshot;
  }

  static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidRequestException(what + " must be positive, was " + d);
    }
    return d;
  }

  static String noLineBreak(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
      throw new InvalidRequestException(what + " must not contain line breaks or NUL: " + value);
    }
    return value;
  }

  static String nonBlank(String value, String what) {
    noLineBreak(value, what);
    if (value.isBlank()) {
      throw new InvalidRequestException(what + " must not be blank");
    }
    return value;
  }
}
