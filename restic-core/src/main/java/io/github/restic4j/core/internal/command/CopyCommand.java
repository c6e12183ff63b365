package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.CopyRequest;
import io.github.restic4j.core.command.CopyResult;
import io.github.restic4j.core.internal.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code restic copy}: text only. The source repository reaches restic through {@code
 * RESTIC_FROM_*} variables that the repository adds to this run's environment.
 */
public final class CopyCommand implements CommandSpec<CopyResult, Void> {

  private static final Pattern SAVED = Pattern.compile("^snapshot ([0-9a-f]{8,64}) saved");
  private static final Pattern SKIPPED =
      Pattern.compile("skipping (?:source )?snapshot ([0-9a-f]{8,64})");

  private final CopyRequest request;
  private final List<String> copied = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  /**
   * Creates the spec.
   *
   * @param request the request
   */
  public CopyCommand(CopyRequest request) {
    this.request = request;
  }

  @Override
  public boolean json() {
    return false;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("copy");
    Flags.filters(a, request.filter());
    Flags.snapshots(a, request.snapshots());
    return a;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    String s = line.strip();
    Matcher m = SAVED.matcher(s);
    if (m.find()) {
      copied.add(m.group(1));
      return;
    }
    m = SKIPPED.matcher(s);
    if (m.find()) {
      skipped.add(m.group(1));
    }
  }

  @Override
  public CopyResult finish(Completion completion) {
    return new CopyResult(copied, skipped);
  }
}
