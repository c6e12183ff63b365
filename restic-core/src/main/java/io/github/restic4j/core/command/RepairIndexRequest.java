package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;

/**
 * Rebuilds the repository index from the pack files ({@code restic repair index} on 0.16.0+, {@code
 * restic rebuild-index} on 0.14 and 0.15; restic4j picks the command by the detected version). What
 * {@link CheckResult#suggestRepairIndex()} asks for. restic prints no JSON for it, so the result is
 * read from the text output. Takes an exclusive lock. Every restic version.
 */
public final class RepairIndexRequest extends TimedRequest<RepairIndexResult, Void> {

  private final boolean readAllPacks;

  private RepairIndexRequest(Builder b) {
    super(b.timeoutValue());
    this.readAllPacks = b.readAllPacks;
  }

  /**
   * Starts a request; by default restic reads only the pack files missing from the index.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether every pack file is read instead of only those missing from the index ({@code
   * --read-all-packs}).
   *
   * @return true if so
   */
  public boolean readAllPacks() {
    return readAllPacks;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Always {@code repair index}; restic 0.14 and 0.15 run it as {@code rebuild-index}.
   */
  @Override
  public String command() {
    return "repair index";
  }

  /**
   * {@inheritDoc}
   *
   * <p>Always exclusive (restic4j does not pass {@code --no-lock}, reference section 1.5).
   */
  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.EXCLUSIVE;
  }

  /** Builds a {@link RepairIndexRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {
    private boolean readAllPacks;

    private Builder() {}

    /**
     * Reads every pack file, also those the index already lists ({@code --read-all-packs}); slow on
     * large repositories, for an index restic believes complete but that is wrong.
     *
     * @return this builder
     */
    public Builder readAllPacks() {
      this.readAllPacks = true;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public RepairIndexRequest build() {
      return new RepairIndexRequest(this);
    }
  }
}
