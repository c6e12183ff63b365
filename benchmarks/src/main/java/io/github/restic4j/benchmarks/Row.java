package io.github.restic4j.benchmarks;

/**
 * One line of the results table.
 *
 * @param item the brief's item number
 * @param what what was measured
 * @param restic4j restic4j's figure
 * @param baseline the baseline's figure
 * @param ratio ratio of medians (or the derived figure compared with the target)
 * @param target the target
 * @param verdict met / MISSED / info / not measured
 */
record Row(
    String item,
    String what,
    String restic4j,
    String baseline,
    String ratio,
    String target,
    String verdict) {

  static String verdict(boolean met) {
    return met ? "met" : "**MISSED**";
  }

  String markdown() {
    return "| "
        + String.join(
            " | ", item, what, restic4j, baseline, ratio, target, verdict.replace("|", "\\|"))
        + " |";
  }
}
