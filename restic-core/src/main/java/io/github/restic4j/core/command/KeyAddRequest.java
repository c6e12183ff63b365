package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds a key (password) to the repository ({@code restic key add}). The new password reaches restic
 * through a temporary file readable only by the current user ({@code --new-password-file}), deleted
 * when restic exits; never through the command line. Takes a shared lock. Every restic version.
 */
public final class KeyAddRequest extends TimedRequest<Void, Void> {

  private final Secret newPassword;
  private final String user;
  private final String host;

  private KeyAddRequest(Builder b) {
    super(b.timeoutValue());
    this.newPassword = b.newPassword;
    this.user = b.user;
    this.host = b.host;
  }

  /**
   * Starts a request.
   *
   * @param newPassword the password of the new key (not empty)
   * @return a builder
   * @throws InvalidRequestException if the password is empty
   */
  public static Builder builder(Secret newPassword) {
    return new Builder(newPassword);
  }

  /**
   * The new key's password.
   *
   * @return the secret
   */
  public Secret newPassword() {
    return newPassword;
  }

  /**
   * User name recorded in the key ({@code --user}).
   *
   * @return the user, if set
   */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /**
   * Host name recorded in the key ({@code --host}).
   *
   * @return the host, if set
   */
  public Optional<String> host() {
    return Optional.ofNullable(host);
  }

  @Override
  public String command() {
    return "key add";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.SHARED;
  }

  /** Builds a {@link KeyAddRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {
    private final Secret newPassword;
    private String user;
    private String host;

    private Builder(Secret newPassword) {
      this.newPassword = Objects.requireNonNull(newPassword, "newPassword");
      if (newPassword.isEmpty()) {
        throw new InvalidRequestException("the new password must not be empty");
      }
    }

    /**
     * Records a user name in the key ({@code --user}).
     *
     * @param user the user
     * @return this builder
     */
    public Builder user(String user) {
      this.user = Requests.nonBlank(user, "user");
      return this;
    }

    /**
     * Records a host name in the key ({@code --host}).
     *
     * @param host the host
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Requests.nonBlank(host, "host");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public KeyAddRequest build() {
      return new KeyAddRequest(this);
    }
  }
}
