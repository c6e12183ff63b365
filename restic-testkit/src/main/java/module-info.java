/**
 * restic-testkit: a fake {@code restic} executable driven from the test JVM, a JUnit 5 extension,
 * and helpers to run real restic binaries and test servers.
 */
module io.github.restic4j.testkit {
  requires transitive io.github.restic4j.core;
  requires static org.junit.jupiter.api;
  requires com.fasterxml.jackson.databind;

  exports io.github.restic4j.testkit;
  exports io.github.restic4j.testkit.real;
}
