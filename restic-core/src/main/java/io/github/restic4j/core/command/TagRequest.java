package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds, removes or replaces snapshot tags ({@code restic tag}); each changed snapshot is rewritten
 * under a new id. Without snapshot ids and filters every snapshot is changed. Takes an exclusive
 * lock. Every restic version; the old and new ids are only reported from 0.18.0.
 */
public final class TagRequest extends TimedRequest<TagResult, Void> {

  private final List<String> add;
  private final List<String> remove;
  private final List<String> set;
  private final List<String> snapshots;
  private final SnapshotFilter filter;

  private TagRequest(Builder b) {
    super(b.timeoutValue());
    this.add = List.copyOf(b.add);
    this.remove = List.copyOf(b.remove);
    this.set = List.copyOf(b.set);
    this.snapshots = List.copyOf(b.snapshots);
    this.filter = b.filter.build();
  }

  /**
   * Starts a request.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tags to add ({@code --add}).
   *
   * @return tags
   */
  public List<String> add() {
    return add;
  }

  /**
   * Tags to remove ({@code --remove}).
   *
   * @return tags
   */
  public List<String> remove() {
    return remove;
  }

  /**
   * Tags that replace all existing ones ({@code --set}).
   *
   * @return tags
   */
  public List<String> set() {
    return set;
  }

  /**
   * Snapshots to change; empty for all matching the filters.
   *
   * @return ids
   */
  public List<String> snapshots() {
    return snapshots;
  }

  /**
   * Host, tag and path filters ({@code --host}, {@code --tag}, {@code --path}).
   *
   * @return the filters
   */
  public SnapshotFilter filter() {
    return filter;
  }

  @Override
  public String command() {
    return "tag";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.EXCLUSIVE;
  }

  /** Builds a {@link TagRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {
    private final List<String> add = new ArrayList<>();
    private final List<String> remove = new ArrayList<>();
    private final List<String> set = new ArrayList<>();
    private final List<String> snapshots = new ArrayList<>();
    private final SnapshotFilter.Collector filter = new SnapshotFilter.Collector();

    private Builder() {}

    private static String tagValue(String tag, String what) {
      Requests.nonBlank(tag, what);
      if (tag.contains(",")) {
        throw new InvalidRequestException(what + " must not contain ',': " + tag);
      }
      return tag;
    }

    /**
     * Adds a tag ({@code --add}).
     *
     * @param tag the tag (no commas)
     * @return this builder
     * @throws InvalidRequestException if the tag is blank or contains a comma
     */
    public Builder add(String tag) {
      add.add(tagValue(tag, "tag to add"));
      return this;
    }

    /**
     * Removes a tag ({@code --remove}).
     *
     * @param tag the tag (no commas)
     * @return this builder
     * @throws InvalidRequestException if the tag is blank or contains a comma
     */
    public Builder remove(String tag) {
      remove.add(tagValue(tag, "tag to remove"));
      return this;
    }

    /**
     * Replaces all tags ({@code --set}); call several times for several tags.
     *
     * @param tag the tag (no commas)
     * @return this builder
     * @throws InvalidRequestException if the tag is blank or contains a comma
     */
    public Builder set(String tag) {
      set.add(tagValue(tag, "tag to set"));
      return this;
    }

    /**
     * Limits the change to a snapshot.
     *
     * @param snapshot an id (at least 4 hex characters) or {@code latest}
     * @return this builder
     * @throws InvalidRequestException if it is neither
     */
    public Builder snapshot(String snapshot) {
      snapshots.add(Requests.snapshotId(snapshot));
      return this;
    }

    /**
     * Only changes snapshots of this host ({@code --host}).
     *
     * @param host the host
     * @return this builder
     */
    public Builder host(String host) {
      filter.host(host, "host");
      return this;
    }

    /**
     * Only changes snapshots that carry this tag ({@code --tag}).
     *
     * @param tag the tag, or comma-separated tags that must all be present
     * @return this builder
     */
    public Builder filterTag(String tag) {
      filter.tag(tag, "tag filter");
      return this;
    }

    /**
     * Only changes snapshots of this path ({@code --path}).
     *
     * @param path the backed-up path
     * @return this builder
     */
    public Builder path(String path) {
      filter.path(path, "path");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws InvalidRequestException if no change is given, or set is combined with add/remove
     */
    public TagRequest build() {
      if (add.isEmpty() && remove.isEmpty() && set.isEmpty()) {
        throw new InvalidRequestException("tag needs at least one tag to add, remove or set");
      }
      if (!set.isEmpty() && (!add.isEmpty() || !remove.isEmpty())) {
        throw new InvalidRequestException(
            "set " + set + " cannot be combined with add " + add + " or remove " + remove);
      }
      return new TagRequest(this);
    }
  }
}
