package io.github.restic4j.core;

import java.util.Objects;

/**
 * A secret value (a repository password, a cloud key, a URL with credentials) that never shows up
 * in {@code toString()}, logs or exception messages.
 *
 * <p>The value is only handed to the restic child process through its environment. Works with every
 * restic version.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret value.
   *
   * @param value the secret, not null
   * @return the wrapper
   * @throws NullPointerException if value is null
   */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "secret value"));
  }

  /**
   * Returns the secret itself. Call it only to hand the value to restic.
   *
   * @return the secret
   */
  public String reveal() {
    return value;
  }

  /**
   * Tells whether the secret is the empty string.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /**
   * Returns a fixed mask, never the value.
   *
   * @return {@code "******"}
   */
  @Override
  public String toString() {
    return "******";
  }
}
