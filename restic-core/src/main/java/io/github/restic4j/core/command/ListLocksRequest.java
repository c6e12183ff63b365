package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Lists lock file ids ({@code restic list locks}); takes no lock, so it works while the repository
 * is locked exclusively. Every restic version.
 *
 * <p>Times out after five minutes, or after the {@code Restic}'s default timeout when that is
 * shorter, unless the call says otherwise.
 */
public final class ListLocksRequest implements ResticRequest<List<String>, Void> {

  /** Creates the request. */
  public ListLocksRequest() {}

  @Override
  public String command() {
    return "list locks";
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
