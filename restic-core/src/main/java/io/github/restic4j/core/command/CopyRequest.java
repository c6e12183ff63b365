package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Copies snapshots from another repository into this one ({@code restic copy}). The source's
 * location and password are passed through {@code RESTIC_FROM_REPOSITORY} and {@code
 * RESTIC_FROM_PASSWORD} (or {@code _FILE}/{@code _COMMAND}); run it with {@link
 * ResticRepository#copy(CopyRequest)}. Takes shared locks on both repositories. restic 0.14.0+.
 */
public final class CopyRequest extends TimedRequest<CopyResult, Void> {

  private final ResticRepository source;
  private final List<String> snapshots;
  private final SnapshotFilter filter;

  private CopyRequest(Builder b) {
    super(b.timeoutValue());
    this.source = b.source;
    this.snapshots = List.copyOf(b.snapshots);
    this.filter = b.filterValue();
  }

  /**
   * Starts a request.
   *
   * @param source the repository to copy from (its location, password and backend variables are
   *     used; its {@code -o} options and cache settings are not)
   * @return a builder
   */
  public static Builder builder(ResticRepository source) {
    return new Builder(source);
  }

  /**
   * The repository copied from.
   *
   * @return the source
   */
  public ResticRepository source() {
    return source;
  }

  /**
   * Snapshots to copy; empty for all matching the filters.
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
    return "copy";
  }

  /**
   * {@inheritDoc}
   *
   * <p>Shared, on the destination (and on the source).
   */
  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link CopyRequest}. */
  public static final class Builder extends FilteredRequestBuilder<Builder> {
    private final ResticRepository source;
    private final List<String> snapshots = new ArrayList<>();

    private Builder(ResticRepository source) {
      this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Copies this snapshot.
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
    public CopyRequest build() {
      return new CopyRequest(this);
    }
  }
}
