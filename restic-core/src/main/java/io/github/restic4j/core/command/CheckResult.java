package io.github.restic4j.core.command;

import java.util.List;

/**
 * The outcome of {@code restic check}. Read from the JSON summary and error messages on restic
 * 0.18+, from the text output before.
 *
 * @param ok true when restic found no errors
 * @param errors the problems restic reported (JSON {@code error} messages on 0.18+, stderr lines
 *     before); empty when ok
 * @param suggestRepairIndex whether restic suggests {@code repair index} ({@code
 *     suggest_repair_index} on 0.18+; from the text hint before)
 * @param suggestPrune whether restic suggests {@code prune}, for example for unreferenced packs
 *     ({@code suggest_prune} on 0.18+; from the text hint before)
 */
public record CheckResult(
    boolean ok, List<String> errors, boolean suggestRepairIndex, boolean suggestPrune) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param ok true when restic found no errors
   * @param errors the problems restic reported (JSON {@code error} messages on 0.18+, stderr lines
   *     before); empty when ok
   * @param suggestRepairIndex whether restic suggests {@code repair index} ({@code
   *     suggest_repair_index} on 0.18+; from the text hint before)
   * @param suggestPrune whether restic suggests {@code prune}, for example for unreferenced packs
   *     ({@code suggest_prune} on 0.18+; from the text hint before)
   */
  public CheckResult {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
