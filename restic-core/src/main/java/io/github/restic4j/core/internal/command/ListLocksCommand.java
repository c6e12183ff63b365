package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.internal.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** {@code restic list locks}: one 64-hex id per line; never locks, never JSON (every version). */
public final class ListLocksCommand implements CommandSpec<List<String>, Void> {

  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  private final List<String> ids = new ArrayList<>();

  @Override
  public List<String> arguments() {
    return List.of("list", "locks");
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
    String s = line.strip();
    if (ID.matcher(s).matches()) {
      ids.add(s);
    }
  }

  @Override
  public List<String> finish(Completion completion) {
    return List.copyOf(ids);
  }
}
