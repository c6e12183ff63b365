package io.github.restic4j.core;

import java.util.Objects;

/**
 * One line restic wrote to stdout or stderr.
 *
 * @param stream the stream it came from
 * @param text the line without its terminator
 */
public record OutputLine(Stream stream, String text) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param stream the stream it came from
   * @param text the line without its terminator
   */
  public OutputLine {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(text, "text");
  }

  /** The stream a line came from. */
  public enum Stream {
    /** standard output */
    STDOUT,
    /** standard error */
    STDERR
  }
}
