package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.KeyPasswdRequest;
import io.github.restic4j.core.internal.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code restic key passwd --new-password-file <tmp>}: the new password travels in a 0600 temporary
 * file that {@link #close()} deletes.
 */
public final class KeyPasswdCommand implements CommandSpec<Void, Void>, AutoCloseable {

  private final NewPasswordFile file;

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public KeyPasswdCommand(KeyPasswdRequest request) {
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
    a.add("passwd");
    Flags.add(a, "--new-password-file", file.path().toString());
    arguments = List.copyOf(a);
    return arguments;
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
