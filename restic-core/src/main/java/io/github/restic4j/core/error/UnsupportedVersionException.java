package io.github.restic4j.core.error;

/**
 * The request needs a newer restic than the one configured; raised before restic runs. The message
 * names the feature and the minimum version.
 */
public class UnsupportedVersionException extends ResticException {

  private static final long serialVersionUID = 1L;

  /** The minimum restic version. */
  private final String required;

  /** The configured restic version. */
  private final String actual;

  /**
   * Creates the exception.
   *
   * @param feature what the request asked for, for example {@code --retry-lock}
   * @param required the minimum restic version, for example {@code 0.16.0}
   * @param actual the configured restic version
   */
  public UnsupportedVersionException(String feature, String required, String actual) {
    super(
        feature
            + " needs restic "
            + required
            + " or newer, but the configured restic is "
            + actual);
    this.required = required;
    this.actual = actual;
  }

  /**
   * The minimum restic version for the feature.
   *
   * @return for example {@code 0.16.0}
   */
  public String required() {
    return required;
  }

  /**
   * The configured restic version.
   *
   * @return for example {@code 0.14.0}
   */
  public String actual() {
    return actual;
  }
}
