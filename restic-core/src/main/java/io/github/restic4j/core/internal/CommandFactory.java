package io.github.restic4j.core.internal;

import io.github.restic4j.core.ResticRequest;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.CatConfigRequest;
import io.github.restic4j.core.command.CatLockRequest;
import io.github.restic4j.core.command.InitRequest;
import io.github.restic4j.core.command.ListLocksRequest;
import io.github.restic4j.core.command.SnapshotsRequest;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.internal.command.BackupCommand;
import io.github.restic4j.core.internal.command.CatConfigCommand;
import io.github.restic4j.core.internal.command.CatLockCommand;
import io.github.restic4j.core.internal.command.InitCommand;
import io.github.restic4j.core.internal.command.ListLocksCommand;
import io.github.restic4j.core.internal.command.SnapshotsCommand;
import io.github.restic4j.core.internal.command.UnlockCommand;

/** Maps each public request type to the spec that runs it. */
public final class CommandFactory {

  private CommandFactory() {}

  /**
   * Creates the spec for a request.
   *
   * @param request the request
   * @param version the restic version that will run it
   * @param <R> result type
   * @param <E> event type
   * @return a fresh spec for one run
   * @throws InvalidRequestException for a request type restic4j does not know
   */
  @SuppressWarnings("unchecked")
  public static <R, E> CommandSpec<R, E> create(
      ResticRequest<R, E> request, ResticVersion version) {
    Object spec;
    if (request instanceof BackupRequest r) {
      spec = new BackupCommand(r, version);
    } else if (request instanceof SnapshotsRequest r) {
      spec = new SnapshotsCommand(r);
    } else if (request instanceof InitRequest r) {
      spec = new InitCommand(r, version);
    } else if (request instanceof UnlockRequest r) {
      spec = new UnlockCommand(r);
    } else if (request instanceof ListLocksRequest) {
      spec = new ListLocksCommand();
    } else if (request instanceof CatLockRequest r) {
      spec = new CatLockCommand(r);
    } else if (request instanceof CatConfigRequest) {
      spec = new CatConfigCommand();
    } else {
      throw new InvalidRequestException(
          "unknown request type "
              + request.getClass().getName()
              + "; requests must be built with restic4j's request builders");
    }
    return (CommandSpec<R, E>) spec;
  }
}
