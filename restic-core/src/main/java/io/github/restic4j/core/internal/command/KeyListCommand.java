package io.github.restic4j.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.KeyInfo;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code restic key list --json}: one array with camelCase keys ({@code userName}, {@code
 * hostName}) and {@code created} as local {@code yyyy-MM-dd HH:mm:ss}.
 */
public final class KeyListCommand implements CommandSpec<List<KeyInfo>, Void> {

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private JsonNode array;

  /** Creates the spec. */
  public KeyListCommand() {}

  @Override
  public List<String> arguments() {
    return List.of("key", "list");
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {
    Json.tryParse(line).filter(JsonNode::isArray).ifPresent(n -> array = n);
  }

  @Override
  public List<KeyInfo> finish(Completion completion) {
    if (array == null) {
      throw new OutputParseException("restic key list printed no JSON array");
    }
    return parse(array);
  }

  /**
   * Converts the key list array.
   *
   * @param array the array
   * @return the keys
   * @throws OutputParseException if a creation time cannot be read
   */
  public static List<KeyInfo> parse(JsonNode array) {
    List<KeyInfo> out = new ArrayList<>();
    for (JsonNode k : array) {
      String created = k.path("created").asText("");
      LocalDateTime time;
      try {
        time = created.isEmpty() ? null : LocalDateTime.parse(created, CREATED);
      } catch (DateTimeParseException e) {
        throw new OutputParseException("unexpected key creation time: " + created, e);
      }
      out.add(
          new KeyInfo(
              k.path("current").asBoolean(false),
              k.path("id").asText(""),
              k.path("userName").asText(""),
              k.path("hostName").asText(""),
              time));
    }
    return List.copyOf(out);
  }
}
