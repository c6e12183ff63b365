package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.CatLockRequest;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code restic --no-lock cat lock <id>}: the decoded lock as pretty JSON (every version; {@code
 * uid}/{@code gid} omitted when 0).
 */
public final class CatLockCommand implements CommandSpec<LockInfo, Void> {

  private final String lockId;
  private final StringBuilder document = new StringBuilder();

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public CatLockCommand(CatLockRequest request) {
    this.lockId = request.lockId();
  }

  @Override
  public List<String> arguments() {
    return List.of("cat", "lock", lockId);
  }

  @Override
  public boolean json() {
    return false;
  }

  @Override
  public boolean noLock() {
    return true;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    if (document.length() < 1_000_000) {
      document.append(line).append('\n');
    }
  }

  @Override
  public LockInfo finish(Completion completion) {
    return Json.parse(document.toString(), LockInfo.class).withId(lockId);
  }
}
