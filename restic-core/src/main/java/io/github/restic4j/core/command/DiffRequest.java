package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;

/**
 * Compares two snapshots ({@code restic diff --json <first> <second>}). Run it with {@link
 * io.github.restic4j.core.ResticRepository#diff(DiffRequest)} to read the changes as a stream; with
 * {@code start(request, callback)} every {@link DiffChange} arrives as an event and the result is
 * the {@link DiffStatistics}.
 *
 * <p>Both snapshots must be ids (full or unique prefix; restic 0.17.0+ also accepts {@code
 * id:subfolder}). restic's {@code diff} does not accept {@code latest} in any version (0.14 to
 * 0.19: {@code no matching ID found for prefix "latest"}), so the builder rejects it; resolve it
 * first with {@link io.github.restic4j.core.ResticRepository#snapshots(SnapshotsRequest)}.
 *
 * <p>Takes a shared lock. Every restic version.
 */
public final class DiffRequest extends TimedRequest<DiffStatistics, DiffChange> {

  private final String first;
  private final String second;
  private final boolean metadata;

  private DiffRequest(Builder b) {
    super(b.timeoutValue());
    this.first = b.first;
    this.second = b.second;
    this.metadata = b.metadata;
  }

  /**
   * Starts a request comparing two snapshots.
   *
   * @param first the older snapshot's id
   * @param second the newer snapshot's id
   * @return a builder
   * @throws InvalidRequestException if an id is blank, starts with {@code -} or is {@code latest}
   */
  public static Builder builder(String first, String second) {
    return new Builder(first, second);
  }

  /**
   * The first (source) snapshot.
   *
   * @return its id as given
   */
  public String first() {
    return first;
  }

  /**
   * The second (target) snapshot.
   *
   * @return its id as given
   */
  public String second() {
    return second;
  }

  /**
   * Whether metadata-only changes are reported too ({@code --metadata}).
   *
   * @return true to report them
   */
  public boolean metadata() {
    return metadata;
  }

  @Override
  public String command() {
    return "diff";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link DiffRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {
    private final String first;
    private final String second;
    private boolean metadata;

    private Builder(String first, String second) {
      this.first = snapshotId(first, "first");
      this.second = snapshotId(second, "second");
    }

    private static String snapshotId(String id, String what) {
      Requests.nonBlank(id, what);
      if (id.startsWith("-")) {
        throw new InvalidRequestException(what + " snapshot must not start with '-': " + id);
      }
      if (id.equals("latest") || id.startsWith("latest:")) {
        throw new InvalidRequestException(
            "restic diff does not accept 'latest' ("
                + what
                + " snapshot); pass a snapshot id, for example from snapshots()");
      }
      return id;
    }

    /**
     * Also reports entries whose metadata (mode, owner, times) changed ({@code --metadata}).
     *
     * @return this builder
     */
    public Builder metadata() {
      this.metadata = true;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public DiffRequest build() {
      return new DiffRequest(this);
    }
  }
}
