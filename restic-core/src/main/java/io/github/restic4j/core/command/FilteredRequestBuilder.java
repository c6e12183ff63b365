package io.github.restic4j.core.command;

import io.github.restic4j.core.error.InvalidRequestException;

/**
 * A request builder with snapshot filters ({@code --host}, {@code --tag}, {@code --path}); each may
 * be given several times. What a filter selects depends on the command: the snapshots it acts on
 * or, when the snapshot is {@code latest} (or none is named), which snapshots it considers.
 *
 * @param <B> the concrete builder type, returned by every setter so that calls chain
 */
public abstract class FilteredRequestBuilder<B extends FilteredRequestBuilder<B>>
    extends RequestBuilder<B> {

  private final SnapshotFilter.Collector filter = new SnapshotFilter.Collector();

  FilteredRequestBuilder() {}

  /**
   * Only considers snapshots of this host ({@code --host}).
   *
   * @param host the host name
   * @return this builder
   * @throws InvalidRequestException if the host is blank or contains a line break
   */
  public B host(String host) {
    filter.host(host, "host");
    return self();
  }

  /**
   * Only considers snapshots with this tag ({@code --tag}).
   *
   * @param tag a tag, or comma-separated tags that must all be present
   * @return this builder
   * @throws InvalidRequestException if the tag is blank or contains a line break
   */
  public B tag(String tag) {
    filter.tag(tag, "tag");
    return self();
  }

  /**
   * Only considers snapshots of this backed-up path ({@code --path}).
   *
   * @param path an absolute backed-up path
   * @return this builder
   * @throws InvalidRequestException if the path is blank or contains a line break
   */
  public B path(String path) {
    filter.path(path, "path");
    return self();
  }

  /** The filters collected so far. */
  SnapshotFilter filterValue() {
    return filter.build();
  }
}
