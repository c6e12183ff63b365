package io.github.restic4j.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Keeps the last lines of a stream within a character budget (for stderr in error messages). */
public final class BoundedTail {

  private final int maxChars;
  private final Deque<String> lines = new ArrayDeque<>();
  private int chars;
  private long dropped;

  /**
   * Creates a tail buffer.
   *
   * @param maxChars characters kept at most
   */
  public BoundedTail(int maxChars) {
    this.maxChars = maxChars;
  }

  /**
   * Appends a line, dropping the oldest lines beyond the budget.
   *
   * @param line the line
   */
  public synchronized void add(String line) {
    String l = line == null ? "" : line;
    if (l.length() > maxChars) {
      int end = Math.max(0, maxChars);
      if (end > 0 && Character.isHighSurrogate(l.charAt(end - 1))) {
        end--; // do not keep half of a surrogate pair
      }
      l = l.substring(0, end);
    }
    lines.addLast(l);
    chars += l.length() + 1;
    // chars counts a separator per line; the joined text is one shorter
    while (chars - 1 > maxChars && lines.size() > 1) {
      chars -= lines.removeFirst().length() + 1;
      dropped++;
    }
  }

  /**
   * The kept lines, oldest first.
   *
   * @return a copy of the lines
   */
  public synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  /**
   * The kept lines joined by newlines, with a note if earlier lines were dropped.
   *
   * @return the text
   */
  public synchronized String text() {
    String body = String.join("\n", lines);
    return dropped == 0 ? body : "[" + dropped + " earlier lines omitted]\n" + body;
  }
}
