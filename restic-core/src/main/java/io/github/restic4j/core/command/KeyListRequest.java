package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import java.time.Duration;
import java.util.List;

/**
 * Lists the repository's keys ({@code restic key list --json}). Takes a shared lock. Every restic
 * version.
 */
public final class KeyListRequest extends TimedRequest<List<KeyInfo>, Void> {

  private KeyListRequest(Duration timeout) {
    super(timeout);
  }

  /**
   * A request with the repository's default timeout.
   *
   * @return the request
   */
  public static KeyListRequest create() {
    return new KeyListRequest(null);
  }

  /**
   * A request with a timeout.
   *
   * @param timeout the timeout
   * @return the request
   */
  public static KeyListRequest withTimeout(Duration timeout) {
    return new KeyListRequest(Requests.positive(timeout, "timeout"));
  }

  @Override
  public String command() {
    return "key list";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }
}
