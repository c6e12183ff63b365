package io.github.restic4j.testkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A restic command line, parsed the way cobra does for the flags the fake knows. */
public final class Args {

  private static final Map<String, String> ALIAS = new HashMap<>();
  private static final Set<String> VALUE = new HashSet<>();
  private static final Set<String> BOOL = new HashSet<>();

  static {
    String[][] aliases = {
      {"-r", "--repo"},
      {"--repository", "--repo"},
      {"-p", "--password-file"},
      {"-o", "--option"},
      {"-H", "--host"},
      {"--hostname", "--host"},
      {"-t", "--target"},
      {"-e", "--exclude"},
      {"-l", "--keep-last"},
      {"-H", "--host"},
      {"-d", "--keep-daily"},
      {"-w", "--keep-weekly"},
      {"-m", "--keep-monthly"},
      {"-y", "--keep-yearly"},
      {"-n", "--dry-run"},
      {"-q", "--quiet"},
      {"-v", "--verbose"},
      {"-x", "--one-file-system"},
      {"-g", "--group-by"},
      {"-s", "--snapshot"},
      {"-c", "--compact"}
    };
    for (String[] a : aliases) {
      ALIAS.put(a[0], a[1]);
    }
    VALUE.addAll(
        List.of(
            "--repo",
            "--repository-file",
            "--password-file",
            "--password-command",
            "--cache-dir",
            "--option",
            "--retry-lock",
            "--key-hint",
            "--limit-upload",
            "--limit-download",
            "--pack-size",
            "--compression",
            "--tls-client-cert",
            "--cacert",
            "--host",
            "--tag",
            "--path",
            "--exclude",
            "--iexclude",
            "--exclude-file",
            "--iexclude-file",
            "--parent",
            "--stdin-filename",
            "--read-concurrency",
            "--target",
            "--include",
            "--iinclude",
            "--keep-last",
            "--keep-hourly",
            "--keep-daily",
            "--keep-weekly",
            "--keep-monthly",
            "--keep-yearly",
            "--keep-within",
            "--keep-within-hourly",
            "--keep-within-daily",
            "--keep-within-weekly",
            "--keep-within-monthly",
            "--keep-within-yearly",
            "--keep-tag",
            "--group-by",
            "--max-unused",
            "--max-repack-size",
            "--read-data-subset",
            "--mode",
            "--add",
            "--set",
            "--remove",
            "--new-password-file",
            "--user",
            "--latest",
            "--snapshot",
            "--oldest",
            "--newest",
            "--time",
            "--files-from",
            "--archive",
            "--exclude-larger-than",
            "--from-repo",
            "--from-password-file",
            "--stuck-request-timeout",
            "--sort"));
    BOOL.addAll(
        List.of(
            "--json",
            "--no-lock",
            "--quiet",
            "--no-cache",
            "--insecure-no-password",
            "--dry-run",
            "--prune",
            "--stdin",
            "--skip-if-unchanged",
            "--one-file-system",
            "--remove-all",
            "--read-data",
            "--read-all-packs",
            "--verify",
            "--delete",
            "--recursive",
            "--ignore-case",
            "--force",
            "--verbose",
            "--long",
            "--compact",
            "--metadata",
            "--cleanup-cache",
            "--no-scan",
            "--with-atime",
            "--exclude-caches",
            "--human-readable",
            "--blob",
            "--tree",
            "--pack",
            "--show-pack-id",
            "--unsafe-allow-remove-all",
            "--repack-small",
            "--repack-uncompressed",
            "--repack-cacheable-only",
            "--no-extra-verify",
            "--help"));
  }

  private final List<String> positionals = new ArrayList<>();
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private String unknownFlag;

  /**
   * Parses.
   *
   * @param argv the arguments after the program name
   */
  public Args(List<String> argv) {
    boolean rest = false;
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (rest || a.equals("-") || !a.startsWith("-")) {
        positionals.add(a);
        continue;
      }
      if (a.equals("--")) {
        rest = true;
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      name = ALIAS.getOrDefault(name, name);
      if (VALUE.contains(name)) {
        if (value == null && i + 1 < argv.size()) {
          value = argv.get(++i);
        }
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value == null ? "" : value);
      } else if (BOOL.contains(name)) {
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value == null ? "true" : value);
      } else if (unknownFlag == null) {
        unknownFlag = name;
      }
    }
  }

  /**
   * Positional arguments (command first).
   *
   * @return the positionals
   */
  public List<String> positionals() {
    return positionals;
  }

  /**
   * The first flag the fake did not know, if any.
   *
   * @return the flag or null
   */
  public String unknownFlag() {
    return unknownFlag;
  }

  boolean has(String flag) {
    List<String> v = values.get(flag);
    return v != null && !v.isEmpty() && !v.get(v.size() - 1).equals("false");
  }

  String value(String flag) {
    List<String> v = values.get(flag);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  List<String> all(String flag) {
    return values.getOrDefault(flag, List.of());
  }

  /** Values, each split at commas (restic's StringSlice flags). */
  List<String> split(String flag) {
    List<String> out = new ArrayList<>();
    for (String v : all(flag)) {
      for (String p : v.split(",")) {
        if (!p.isEmpty()) {
          out.add(p);
        }
      }
    }
    return out;
  }

  int intValue(String flag, int dflt) {
    String v = value(flag);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static final Pattern GO_DUR = Pattern.compile("([0-9.]+)(h|ms|m|s|us|µs|ns)");

  /** A Go duration such as {@code 5m}, {@code 1h30m}, {@code 90s}. */
  static Duration goDuration(String text) {
    if (text == null || text.isBlank() || text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = GO_DUR.matcher(text.trim());
    double nanos = 0;
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      switch (m.group(2)) {
        case "h" -> nanos += n * 3.6e12;
        case "m" -> nanos += n * 6e10;
        case "s" -> nanos += n * 1e9;
        case "ms" -> nanos += n * 1e6;
        case "us", "µs" -> nanos += n * 1e3;
        default -> nanos += n;
      }
    }
    return Duration.ofNanos((long) nanos);
  }
}
