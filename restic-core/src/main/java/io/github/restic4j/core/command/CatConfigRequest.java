package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the repository config ({@code restic --no-lock cat config}). Every restic version.
 *
 * <p>Times out after five minutes, or after the {@code Restic}'s default timeout when that is
 * shorter, unless the call says otherwise.
 */
public final class CatConfigRequest implements ResticRequest<RepositoryConfig, Void> {

  /** Creates the request. */
  public CatConfigRequest() {}

  @Override
  public String command() {
    return "cat config";
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.of(Duration.ofMinutes(5));
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.NONE;
  }
}
