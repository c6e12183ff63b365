package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.CatLockRequest;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.internal.Json;
import java.util.List;

/**
 * {@code restic --no-lock cat lock <id>}: the decoded lock as pretty JSON (every version; {@code
 * uid}/{@code gid} omitted when 0).
 */
public final class CatLockCommand extends CatDocumentCommand<LockInfo> {

  private final String lockId;

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
  public LockInfo finish(Completion completion) {
    return Json.parse(document(), LockInfo.class).withId(lockId);
  }
}
