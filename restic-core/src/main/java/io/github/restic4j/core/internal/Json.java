package io.github.restic4j.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.restic4j.core.error.OutputParseException;
import java.util.Optional;

/** The one JSON mapper: snake_case restic fields onto records, unknown fields ignored. */
public final class Json {

  /** Shared, thread-safe mapper. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .addModule(new JavaTimeModule())
          .build();

  private Json() {}

  /**
   * Parses a line if it looks like a JSON object or array.
   *
   * @param line a line of restic output
   * @return the tree, or empty if the line is not JSON
   */
  public static Optional<JsonNode> tryParse(String line) {
    String s = line.strip();
    if (s.isEmpty() || (s.charAt(0) != '{' && s.charAt(0) != '[')) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readTree(s));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * Converts a tree to a record.
   *
   * @param node the tree
   * @param type the record type
   * @param <T> the type
   * @return the value
   * @throws OutputParseException if the tree does not fit the type
   */
  public static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new OutputParseException(
          "restic output does not match " + type.getSimpleName() + ": " + shorten(node.toString()),
          e);
    }
  }

  /**
   * Parses a whole document (single JSON value) into a type.
   *
   * @param text the document
   * @param type the type
   * @param <T> the type
   * @return the value
   * @throws OutputParseException if it is not valid JSON of that shape
   */
  public static <T> T parse(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new OutputParseException(
          "restic output is not the expected " + type.getSimpleName() + ": " + shorten(text), e);
    }
  }

  /**
   * The {@code message_type} of a restic JSON message.
   *
   * @param node the message
   * @return the type, or the empty string
   */
  public static String messageType(JsonNode node) {
    JsonNode t = node.get("message_type");
    if (t == null) {
      t = node.get("struct_type");
    }
    return t == null ? "" : t.asText();
  }

  /**
   * Shortens text for error messages.
   *
   * @param s text
   * @return at most 300 characters
   */
  public static String shorten(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
