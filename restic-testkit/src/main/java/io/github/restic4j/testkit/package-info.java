/**
 * A fast, scriptable fake {@code restic} executable and a JUnit 5 extension for testing backup code
 * without restic. Start with {@link io.github.restic4j.testkit.FakeRestic} or {@link
 * io.github.restic4j.testkit.FakeResticExtension}.
 */
package io.github.restic4j.testkit;
