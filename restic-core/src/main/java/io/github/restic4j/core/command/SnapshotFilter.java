package io.github.restic4j.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The snapshot filters a command takes ({@code --host}, {@code --tag}, {@code --path}): which
 * snapshots it acts on or, for {@code latest}, which snapshot it picks. A snapshot matches when it
 * matches one of the hosts (if any), one of the tag entries (if any) and one of the paths (if any).
 *
 * @param hosts host names ({@code --host})
 * @param tags tag filters ({@code --tag}); each entry may be a comma-separated set that must all be
 *     present
 * @param paths backed-up paths ({@code --path})
 */
public record SnapshotFilter(List<String> hosts, List<String> tags, List<String> paths) {

  private static final SnapshotFilter NONE = new SnapshotFilter(List.of(), List.of(), List.of());

  /**
   * Creates a filter; the lists are copied.
   *
   * @param hosts host names
   * @param tags tag filters
   * @param paths backed-up paths
   * @throws NullPointerException if a list or one of its entries is null
   */
  public SnapshotFilter {
    hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
    tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
    paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
  }

  /**
   * The filter that matches every snapshot.
   *
   * @return an empty filter
   */
  public static SnapshotFilter none() {
    return NONE;
  }

  /**
   * Whether no filter is set.
   *
   * @return true if hosts, tags and paths are all empty
   */
  public boolean isEmpty() {
    return hosts.isEmpty() && tags.isEmpty() && paths.isEmpty();
  }

  /** Collects filter values for a builder, validating each as it arrives. */
  static final class Collector {
    private final List<String> hosts = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();

    void host(String host, String what) {
      hosts.add(Requests.nonBlank(host, what));
    }

    void tag(String tag, String what) {
      tags.add(Requests.nonBlank(tag, what));
    }

    void path(String path, String what) {
      paths.add(Requests.nonBlank(path, what));
    }

    SnapshotFilter build() {
      return new SnapshotFilter(hosts, tags, paths);
    }
  }
}
