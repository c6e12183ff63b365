package io.github.restic4j.core.internal.command;

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

  static void filters(List<String> a, List<String> hosts, List<String> tags, List<String> paths) {
    each(a, "--host", hosts);
    each(a, "--tag", tags);
    each(a, "--path", paths);
  }
}
