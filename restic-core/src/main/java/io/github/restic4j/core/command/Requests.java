package io.github.restic4j.core.command;

import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/** Validation shared by request builders. */
final class Requests {

  private Requests() {}

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
