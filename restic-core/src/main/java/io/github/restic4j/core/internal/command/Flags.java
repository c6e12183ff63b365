package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.SnapshotFilter;
import java.util.List;

/** Small helpers for building restic argument lists. */
final class Flags {

  private Flags() {}

  static void add(List<String> a, String flag, String value) {
    a.add(flag);
    a.add(value);
  }

  static void each(List<String> a, String flag, List<String> values) {
    for (String v : values) {
      add(a, flag, v);
    }
  }

  /** Appends {@code --host}, {@code --tag} and {@code --path}, in that order, once per value. */
  static void filters(List<String> a, SnapshotFilter filter) {
    each(a, "--host", filter.hosts());
    each(a, "--tag", filter.tags());
    each(a, "--path", filter.paths());
  }

  /**
   * Appends snapshot ids after {@code --}, so an id can never be read as an option; nothing when
   * there are none (restic then takes all snapshots).
   */
  static void snapshots(List<String> a, List<String> ids) {
    if (!ids.isEmpty()) {
      a.add("--");
      a.addAll(ids);
    }
  }
}
