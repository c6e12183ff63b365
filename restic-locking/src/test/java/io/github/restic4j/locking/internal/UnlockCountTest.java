package io.github.restic4j.locking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

public class UnlockCountTest {

  /**
   * The stdout lines of a captured real run in {@code ../shared/restic/corpus}.
   *
   * @param corpus the file name without {@code .txt}
   * @return the non-empty stdout lines
   * @throws IOException if the file cannot be read
   */
  public static List<String> stdout(String corpus) throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null
        && !Files.isDirectory(dir.resolveSibling("shared").resolve("restic/corpus"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("../shared/restic/corpus beside the checkout").isNotNull();
    String text =
        Files.readString(dir.resolveSibling("shared").resolve("restic/corpus/" + corpus + ".txt"));
    String out =
        text.substring(
            text.indexOf("----- STDOUT -----\n") + 19, text.indexOf("----- STDERR -----"));
    return Arrays.stream(out.split("\n")).filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void readsTheCountOfRestic018And019() throws IOException {
    assertThat(UnlockCount.of(stdout("0.18.0_unlock_after_kill9"))).isEqualTo(OptionalInt.of(1));
    assertThat(UnlockCount.of(stdout("0.19.1_unlock_after_kill9"))).isEqualTo(OptionalInt.of(1));
  }

  @Test
  void noCountWhenResticPrintsNoneOrSomethingElse() throws IOException {
    // 0.14 prints no count (even when nothing was removed)
    assertThat(UnlockCount.of(stdout("0.14.0_unlock_after_kill9"))).isEmpty();
    assertThat(UnlockCount.of(stdout("0.14.0_unlock_again_nothing_to_remove"))).isEmpty();
    // 0.15+ print nothing when nothing was removed; 0.19 prints nothing with --json
    assertThat(UnlockCount.of(stdout("0.18.0_unlock_again_nothing_to_remove"))).isEmpty();
    assertThat(UnlockCount.of(stdout("0.19.1_unlock_json_with_stale_lock"))).isEmpty();
    // two count lines, or a count among other text: not trusted
    List<String> one = stdout("0.18.0_unlock_after_kill9");
    assertThat(UnlockCount.of(List.of(one.get(0), one.get(0)))).isEmpty();
    assertThat(UnlockCount.of(List.of(one.get(0), "something else"))).isEmpty();
  }
}
