package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedTailTest {

  @Test
  void keepsLastLinesWithinBudget() {
    BoundedTail t = new BoundedTail(21);
    for (int i = 1; i <= 10; i++) {
      t.add("line-" + i);
    }
    // "line-8\nline-9\nline-10" is exactly 21 characters
    assertThat(t.lines()).containsExactly("line-8", "line-9", "line-10");
    assertThat(t.text()).isEqualTo("[7 earlier lines omitted]\nline-8\nline-9\nline-10");
  }

  @Test
  void oneCharacterOverBudgetDropsTheOldest() {
    BoundedTail t = new BoundedTail(20);
    for (int i = 1; i <= 10; i++) {
      t.add("line-" + i);
    }
    assertThat(t.lines()).containsExactly("line-9", "line-10");
  }

  @Test
  void nothingDroppedNoNote() {
    BoundedTail t = new BoundedTail(100);
    t.add("a");
    t.add("b");
    assertThat(t.text()).isEqualTo("a\nb");
  }

  @Test
  void longLineIsCutAndNewestLineAlwaysKept() {
    BoundedTail t = new BoundedTail(10);
    t.add("short");
    t.add("x".repeat(50));
    assertThat(t.lines()).containsExactly("x".repeat(10));
    t.add("y");
    assertThat(t.lines()).containsExactly("y");
  }

  @Test
  void cutDoesNotSplitSurrogatePair() {
    BoundedTail t = new BoundedTail(3);
    t.add("ab😀c");
    assertThat(t.lines()).containsExactly("ab");
  }

  @Test
  void randomisedBudgetHolds() {
    Random rnd = new Random(7);
    for (int round = 0; round < 200; round++) {
      int max = 1 + rnd.nextInt(200);
      BoundedTail t = new BoundedTail(max);
      List<String> added = new ArrayList<>();
      int n = rnd.nextInt(60);
      for (int i = 0; i < n; i++) {
        String line = "L" + i + "-" + "z".repeat(rnd.nextInt(40));
        added.add(line.length() > max ? line.substring(0, max) : line);
        t.add(line);
      }
      List<String> kept = t.lines();
      assertThat(String.join("\n", kept).length()).isLessThanOrEqualTo(max);
      // kept lines are the newest ones, in order
      assertThat(kept).isEqualTo(added.subList(added.size() - kept.size(), added.size()));
      if (n > 0) {
        assertThat(kept).isNotEmpty();
      }
      // and as many as fit: one more older line would exceed the budget
      if (kept.size() < added.size()) {
        String older = added.get(added.size() - kept.size() - 1);
        assertThat(String.join("\n", kept).length() + 1 + older.length()).isGreaterThan(max);
        assertThat(t.text()).startsWith("[" + (added.size() - kept.size()) + " earlier lines");
      }
    }
  }
}
