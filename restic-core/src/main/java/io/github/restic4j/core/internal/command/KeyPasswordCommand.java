package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.KeyAddRequest;
import io.github.restic4j.core.command.KeyPasswdRequest;
import io.github.restic4j.core.internal.CommandSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code restic key add|passwd --new-password-file <tmp>}: the two key commands that take a new
 * password. It travels in a 0600 temporary file that {@link #close()} deletes (the invocation
 * closes specs that are {@link AutoCloseable}); {@code add} may also name the key's user and host.
 */
public final class KeyPasswordCommand implements CommandSpec<Void, Void>, AutoCloseable {

  /** Which key command. */
  public enum Mode {
    /** {@code key add}: a new key next to the existing ones. */
    ADD("add"),
    /** {@code key passwd}: replaces the key in use. */
    PASSWD("passwd");

    private final String subcommand;

    Mode(String subcommand) {
      this.subcommand = subcommand;
    }
  }

  private final Mode mode;
  private final NewPasswordFile file;
  private final Optional<String> user;
  private final Optional<String> host;
  private List<String> arguments;

  private KeyPasswordCommand(
      Mode mode, Secret newPassword, Optional<String> user, Optional<String> host) {
    this.mode = mode;
    this.file = new NewPasswordFile(newPassword);
    this.user = user;
    this.host = host;
  }

  /**
   * The spec of {@code key add}.
   *
   * @param request the request
   * @return the spec
   */
  public static KeyPasswordCommand add(KeyAddRequest request) {
    return new KeyPasswordCommand(Mode.ADD, request.newPassword(), request.user(), request.host());
  }

  /**
   * The spec of {@code key passwd}.
   *
   * @param request the request
   * @return the spec
   */
  public static KeyPasswordCommand passwd(KeyPasswdRequest request) {
    return new KeyPasswordCommand(
        Mode.PASSWD, request.newPassword(), Optional.empty(), Optional.empty());
  }

  @Override
  public boolean json() {
    return false;
  }

  @Override
  public synchronized List<String> arguments() {
    if (arguments != null) {
      return arguments;
    }
    List<String> a = new ArrayList<>();
    a.add("key");
    a.add(mode.subcommand);
    Flags.add(a, "--new-password-file", file.path().toString());
    user.ifPresent(u -> Flags.add(a, "--user", u));
    host.ifPresent(h -> Flags.add(a, "--host", h));
    arguments = List.copyOf(a);
    return arguments;
  }

  /**
   * The temporary password file (for tests).
   *
   * @return the path
   */
  Path passwordFile() {
    return file.path();
  }

  /**
   * Whether the temporary file exists (for tests).
   *
   * @return true while it exists
   */
  boolean passwordFileExists() {
    return file.exists();
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {}

  @Override
  public Void finish(Completion completion) {
    return null;
  }

  @Override
  public void close() {
    file.close();
  }
}
