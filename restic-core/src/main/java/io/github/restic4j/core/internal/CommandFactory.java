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
    } else if (request instanceof io.github.restic4j.core.command.LsRequest r) {
      spec = new io.github.restic4j.core.internal.command.LsCommand(r);
    } else if (request instanceof io.github.restic4j.core.command.FindRequest r) {
      spec = new io.github.restic4j.core.internal.command.FindCommand(r);
    } else if (request instanceof io.github.restic4j.core.command.DiffRequest r) {
      spec = new io.github.restic4j.core.internal.command.DiffCommand(r);
    } else if (request instanceof CatConfigRequest) {
      spec = new CatConfigCommand();
    } else if (request instanceof io.github.restic4j.core.command.ForgetRequest r) {
      spec = new io.github.restic4j.core.internal.command.ForgetCommand(r, version);
    } else if (request instanceof io.github.restic4j.core.command.PruneRequest r) {
      spec = new io.github.restic4j.core.internal.command.PruneCommand(r, version);
    } else if (request instanceof io.github.restic4j.core.command.RepairIndexRequest r) {
      spec = new io.github.restic4j.core.internal.command.RepairIndexCommand(r, version);
    } else if (request instanceof io.github.restic4j.core.command.CheckRequest r) {
      spec = new io.github.restic4j.core.internal.command.CheckCommand(r, version);
    } else if (request instanceof io.github.restic4j.core.command.RestoreRequest r) {
      spec = new io.github.restic4j.core.internal.command.RestoreCommand(r, version);
    } else if (request instanceof io.github.restic4j.core.command.StatsRequest r) {
      spec = new io.github.restic4j.core.internal.command.StatsCommand(r);
    } else if (request instanceof io.github.restic4j.core.command.TagRequest r) {
      spec = new io.github.restic4j.core.internal.command.TagCommand(r);
    } else if (request instanceof io.github.restic4j.core.command.KeyListRequest) {
      spec = new io.github.restic4j.core.internal.command.KeyListCommand();
    } else if (request instanceof io.github.restic4j.core.command.KeyAddRequest r) {
      spec = io.github.restic4j.core.internal.command.KeyPasswordCommand.add(r);
    } else if (request instanceof io.github.restic4j.core.command.KeyRemoveRequest r) {
      spec = new io.github.restic4j.core.internal.command.KeyRemoveCommand(r);
    } else if (request instanceof io.github.restic4j.core.command.KeyPasswdRequest r) {
      spec = io.github.restic4j.core.internal.command.KeyPasswordCommand.passwd(r);
    } else if (request instanceof io.github.restic4j.core.command.SnapshotGroupsRequest r) {
      spec = new io.github.restic4j.core.internal.command.SnapshotGroupsCommand(r);
    } else if (request instanceof io.github.restic4j.core.command.CopyRequest) {
      throw new InvalidRequestException(
          "run copy with ResticRepository.copy(CopyRequest), which passes the source"
              + " repository's location and password to restic");
    } else if (request instanceof io.github.restic4j.core.command.DumpRequest) {
      throw new InvalidRequestException(
          "run dump with ResticRepository.dump(DumpRequest, OutputStream), which supplies the"
              + " destination stream");
    } else {
      throw new InvalidRequestException(
          "unknown request type "
              + request.getClass().getName()
              + "; requests must be built with restic4j's request builders");
    }
    return (CommandSpec<R, E>) spec;
  }
}
