package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Removes a key from the repository ({@code restic key remove <id>}); restic refuses to remove the
 * key in use. Takes an exclusive lock. Every restic version.
 */
public final class KeyRemoveRequest extends TimedRequest<Void, Void> {

  private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{4,64}");

  private final String keyId;

  private KeyRemoveRequest(String keyId, Duration timeout) {
    super(timeout);
    this.keyId = keyId;
  }

  /**
   * Creates a request.
   *
   * @param keyId the key id or a unique prefix (at least 4 hex characters)
   * @return the request
   * @throws InvalidRequestException if the id is not hex
   */
  public static KeyRemoveRequest of(String keyId) {
    return of(keyId, null);
  }

  /**
   * Creates a request with a timeout.
   *
   * @param keyId the key id or a unique prefix (at least 4 hex characters)
   * @param timeout the timeout, or null for the repository's default
   * @return the request
   * @throws InvalidRequestException if the id is not hex
   */
  public static KeyRemoveRequest of(String keyId, Duration timeout) {
    Requests.nonBlank(keyId, "key id");
    if (!ID.matcher(keyId).matches()) {
      throw new InvalidRequestException("key id must be 4 to 64 hex characters, was " + keyId);
    }
    return new KeyRemoveRequest(
        keyId, timeout == null ? null : Requests.positive(timeout, "timeout"));
  }

  /**
   * The key to remove.
   *
   * @return the id
   */
  public String keyId() {
    return keyId;
  }

  @Override
  public String command() {
    return "key remove";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.EXCLUSIVE;
  }
}
