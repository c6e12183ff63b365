package io.github.restic4j.locking.internal;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the count plain {@code restic unlock} prints on stdout: {@code successfully removed N
 * locks} from restic 0.15.0 on (only when N ≥ 1; the count is what {@code RemoveStaleLocks}
 * returned: one per lock file it loaded, judged stale and deleted without error). restic 0.14
 * prints {@code successfully removed locks} without a count, even when it removed nothing; 0.19
 * prints nothing with {@code --json}. Those, no line, or more than one line give no count.
 */
public final class UnlockCount {

  private static final Pattern COUNT = Pattern.compile("successfully removed (\\d{1,9}) locks");

  private UnlockCount() {}

  /**
   * The number of locks restic says it removed.
   *
   * @param stdout the lines {@code unlock} wrote to stdout
   * @return the count, or empty if restic printed none (or something else)
   */
  public static OptionalInt of(List<String> stdout) {
    OptionalInt found = OptionalInt.empty();
    for (String line : stdout) {
      String s = line.strip();
      if (s.isEmpty()) {
        continue;
      }
      Matcher m = COUNT.matcher(s);
      if (!m.matches() || found.isPresent()) {
        return OptionalInt.empty();
      }
      found = OptionalInt.of(Integer.parseInt(m.group(1)));
    }
    return found;
  }
}
