/**
 * Helpers for integration tests against <em>real</em> restic binaries and test servers.
 *
 * <ul>
 *   <li>{@link io.github.restic4j.testkit.real.ResticInstallations} finds the restic binaries
 *       (system property {@code restic4j.binaries}, environment variable {@code RESTIC4J_BINARIES},
 *       or the installer's cache folder) and the servers.
 *   <li>{@link io.github.restic4j.testkit.real.EnabledIfResticAvailable} runs a test only where
 *       restic is installed: skipped locally, failed under {@code CI=true}.
 *   <li>{@link io.github.restic4j.testkit.real.RestServerProcess} and {@link
 *       io.github.restic4j.testkit.real.S3ProxyProcess} start a REST server or an S3-compatible
 *       server on a free loopback port and stop it again.
 * </ul>
 */
package io.github.restic4j.testkit.real;
