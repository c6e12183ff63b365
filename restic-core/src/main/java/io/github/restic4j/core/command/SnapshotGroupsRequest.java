package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Lists snapshots grouped ({@code restic snapshots --json --group-by ...}), with the filters of a
 * {@link SnapshotsRequest}. Takes a shared lock. Every restic version.
 */
public final class SnapshotGroupsRequest implements ResticRequest<List<SnapshotGroup>, Void> {

  private final SnapshotsRequest snapshots;
  private final Set<SnapshotGrouping> groupBy;

  private SnapshotGroupsRequest(SnapshotsRequest snapshots, Set<SnapshotGrouping> groupBy) {
    this.snapshots = snapshots;
    this.groupBy = groupBy;
  }

  /**
   * Creates a request.
   *
   * @param snapshots filters, latest-N and timeout
   * @param groupBy at least one criterion
   * @return the request
   * @throws InvalidRequestException if no criterion is given
   */
  public static SnapshotGroupsRequest of(
      SnapshotsRequest snapshots, Set<SnapshotGrouping> groupBy) {
    Objects.requireNonNull(snapshots, "snapshots");
    Objects.requireNonNull(groupBy, "groupBy");
    if (groupBy.isEmpty()) {
      throw new InvalidRequestException("groupBy needs at least one of HOST, PATHS, TAGS");
    }
    return new SnapshotGroupsRequest(snapshots, Set.copyOf(EnumSet.copyOf(groupBy)));
  }

  /**
   * The filters.
   *
   * @return the snapshots request
   */
  public SnapshotsRequest snapshots() {
    return snapshots;
  }

  /**
   * The grouping criteria.
   *
   * @return criteria
   */
  public Set<SnapshotGrouping> groupBy() {
    return groupBy;
  }

  @Override
  public String command() {
    return "snapshots";
  }

  @Override
  public Optional<Duration> timeout() {
    return snapshots.timeout();
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }
}
