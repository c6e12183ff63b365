package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one lock file ({@code restic --no-lock cat lock <id>}); without {@code --no-lock}, {@code
 * cat} would itself need a lock and fail against an exclusive holder. Every restic version.
 *
 * <p>Times out after one minute (or the {@code Restic}'s default timeout when that is shorter)
 * unless the call says otherwise: reading one small file never takes that long, but restic 0.14
 * retries a lock that vanished meanwhile for about 45 seconds.
 */
public final class CatLockRequest implements ResticRequest<LockInfo, Void> {

  private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");

  private final String lockId;

  /**
   * Creates the request.
   *
   * @param lockId the full 64-hex lock id (restic rejects the 8-character short form)
   * @throws InvalidRequestException if the id is not 64 lowercase hex characters
   */
  public CatLockRequest(String lockId) {
    if (lockId == null || !FULL_ID.matcher(lockId).matches()) {
      throw new InvalidRequestException(
          "lock id must be the full 64 hex characters (as listed by 'list locks'), was: " + lockId);
    }
    this.lockId = lockId;
  }

  /**
   * The lock id.
   *
   * @return 64 hex characters
   */
  public String lockId() {
    return lockId;
  }

  @Override
  public String command() {
    return "cat lock";
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.of(Duration.ofMinutes(1));
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.NONE;
  }
}
