package io.github.restic4j.testkit;

import io.github.restic4j.core.ResticVersion;

/**
 * The restic release a {@link FakeRestic} imitates: version string, exit codes, which commands
 * print JSON, error format and signal behaviour.
 *
 * <table>
 *   <caption>What changes between personas</caption>
 *   <tr><th>Persona</th><th>lock conflict</th><th>missing repo / wrong password</th>
 *       <th>{@code exit_error} JSON</th><th>{@code --retry-lock}</th><th>SIGTERM</th></tr>
 *   <tr><td>0.14, 0.16</td><td>1</td><td>1 / 1</td><td>no</td><td>0.16 only</td>
 *       <td>dies, lock left</td></tr>
 *   <tr><td>0.17</td><td>11</td><td>10 / 12</td><td>no</td><td>yes</td><td>cleans up, exit 1</td></tr>
 *   <tr><td>0.18</td><td>11</td><td>10 / 12</td><td>yes</td><td>yes</td><td>cleans up, exit 1</td></tr>
 *   <tr><td>0.19</td><td>11</td><td>10 / 12</td><td>yes</td><td>yes</td><td>cleans up, exit 130</td></tr>
 * </table>
 */
public enum ResticPersona {
  /** restic 0.14.0 (Debian 12). */
  V0_14("0.14.0", "go1.19.8"),
  /** restic 0.16.5. */
  V0_16("0.16.5", "go1.22.5"),
  /** restic 0.17.3. */
  V0_17("0.17.3", "go1.23.3"),
  /** restic 0.18.0. */
  V0_18("0.18.0", "go1.24.4"),
  /** restic 0.19.1. */
  V0_19("0.19.1", "go1.26.4");

  private final String version;
  private final String goVersion;

  ResticPersona(String version, String goVersion) {
    this.version = version;
    this.goVersion = goVersion;
  }

  /**
   * The version this persona reports, such as {@code 0.18.0}.
   *
   * @return the version string
   */
  public String version() {
    return version;
  }

  /**
   * The Go version printed by {@code restic version}.
   *
   * @return for example {@code go1.24.4}
   */
  public String goVersion() {
    return goVersion;
  }

  /**
   * The version as restic-core's type.
   *
   * @return the version
   */
  public ResticVersion resticVersion() {
    return ResticVersion.parse(version);
  }

  /**
   * Whether this persona is the given release or newer.
   *
   * @param minor the minor version of 0.x
   * @param patch the patch version
   * @return true if at least 0.minor.patch
   */
  public boolean isAtLeast(int minor, int patch) {
    return resticVersion().isAtLeast(0, minor, patch);
  }

  /**
   * The persona for the newest release this testkit imitates.
   *
   * @return {@link #V0_18}, the default (the release restic4j is mostly tested against)
   */
  public static ResticPersona defaultPersona() {
    return V0_18;
  }
}
