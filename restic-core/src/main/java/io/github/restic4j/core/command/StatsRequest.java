package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Repository or snapshot statistics ({@code restic stats --json}). Takes a shared lock. Every
 * restic version.
 */
public final class StatsRequest extends TimedRequest<RepositoryStats, Void> {

  private final StatsMode mode;
  private final List<String> snapshots;
  private final SnapshotFilter filter;

  private StatsRequest(Builder b) {
    super(b.timeoutValue());
    this.mode = b.mode;
    this.snapshots = List.copyOf(b.snapshots);
    this.filter = b.filterValue();
  }

  /**
   * Starts a request (all snapshots, restic's default mode).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The counting mode ({@code --mode}).
   *
   * @return the mode, if set
   */
  public Optional<StatsMode> mode() {
    return Optional.ofNullable(mode);
  }

  /**
   * Snapshot ids (or {@code latest}) to count; empty for all.
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
    return "stats";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link StatsRequest}. */
  public static final class Builder extends FilteredRequestBuilder<Builder> {
    private StatsMode mode;
    private final List<String> snapshots = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the counting mode ({@code --mode}).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(StatsMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Adds a snapshot to count.
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
     * Builds the request.
     *
     * @return the request
     */
    public StatsRequest build() {
      return new StatsRequest(this);
    }
  }
}
