package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.KeyAddRequest;
import io.github.restic4j.core.internal.CommandSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code restic key add --new-password-file <tmp>}: the new password travels in a 0600 temporary
 * file that {@link #close()} deletes (the invocation closes specs that are {@link AutoCloseable}).
 */
public final class KeyAddCommand implements CommandSpec<Void, Void>, AutoCloseable {

  private final KeyAddRequest request;
  private final NewPasswordFile file;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public KeyAddCommand(KeyAddRequest request) {
    this.request = request;
    this.file = new NewPasswordFile(request.newPassword());
  }

  @Override
  public boolean json() {
    return false;
  }

  private List<String> arguments;

  @Override
  public synchronized List<String> arguments() {
    if (arguments != null) {
      return arguments;
    }
    List<String> a = new ArrayList<>();
    a.add("key");
    a.add("add");
    Flags.add(a, "--new-password-file", file.path().toString());
    request.user().ifPresent(u -> Flags.add(a, "--user", u));
    request.host().ifPresent(h -> Flags.add(a, "--host", h));
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
