/**
 * restic-core: a typed Java API over the restic backup program (restic 0.14 to 0.19).
 *
 * <p>Start with {@link io.github.restic4j.core.Restic}, then open a {@link
 * io.github.restic4j.core.ResticRepository}.
 */
module io.github.restic4j.core {
  requires transitive org.slf4j;
  requires org.zeroturnaround.exec;
  // the JDK's HTTP client, to list a REST repository's lock files without starting restic
  requires java.net.http;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;

  exports io.github.restic4j.core;
  exports io.github.restic4j.core.command;
  exports io.github.restic4j.core.error;
  exports io.github.restic4j.core.internal to
      io.github.restic4j.locking,
      io.github.restic4j.testkit;

  opens io.github.restic4j.core.command to
      com.fasterxml.jackson.databind;
  opens io.github.restic4j.core.internal to
      com.fasterxml.jackson.databind;
}
