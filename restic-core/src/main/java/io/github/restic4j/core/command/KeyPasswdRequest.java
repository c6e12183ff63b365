package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.error.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/**
 * Changes the password of the key the repository is opened with ({@code restic key passwd}): restic
 * adds a key with the new password and removes the current one. The new password reaches restic
 * through a temporary file readable only by the current user ({@code --new-password-file}), deleted
 * when restic exits. Afterwards this {@link io.github.restic4j.core.ResticRepository} still holds
 * the old password: build a new one. Takes an exclusive lock. Every restic version.
 */
public final class KeyPasswdRequest extends TimedRequest<Void, Void> {

  private final Secret newPassword;

  private KeyPasswdRequest(Secret newPassword, Duration timeout) {
    super(timeout);
    this.newPassword = newPassword;
  }

  /**
   * Creates a request.
   *
   * @param newPassword the new password (not empty)
   * @return the request
   * @throws InvalidRequestException if the password is empty
   */
  public static KeyPasswdRequest of(Secret newPassword) {
    return of(newPassword, null);
  }

  /**
   * Creates a request with a timeout.
   *
   * @param newPassword the new password (not empty)
   * @param timeout the timeout, or null for the repository's default
   * @return the request
   * @throws InvalidRequestException if the password is empty
   */
  public static KeyPasswdRequest of(Secret newPassword, Duration timeout) {
    Objects.requireNonNull(newPassword, "newPassword");
    if (newPassword.isEmpty()) {
      throw new InvalidRequestException("the new password must not be empty");
    }
    return new KeyPasswdRequest(
        newPassword, timeout == null ? null : Requests.positive(timeout, "timeout"));
  }

  /**
   * The new password.
   *
   * @return the secret
   */
  public Secret newPassword() {
    return newPassword;
  }

  @Override
  public String command() {
    return "key passwd";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.EXCLUSIVE;
  }
}
