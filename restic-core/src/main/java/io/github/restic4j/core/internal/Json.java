package io.github.restic4j.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.github.restic4j.core.error.OutputParseException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
          .addModule(
              new SimpleModule("restic4j-fast-time")
                  .addDeserializer(OffsetDateTime.class, new FastOffsetDateTime()))
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

  /**
   * restic's timestamps (Go RFC 3339 with up to 9 fraction digits, {@code Z} or {@code ±hh:mm})
   * read without {@code DateTimeFormatter}, which cost about 1 µs each: three per {@code ls} node.
   * The result equals {@code OffsetDateTime.parse(text)}; anything else goes to Jackson's own
   * deserializer.
   */
  static final class FastOffsetDateTime extends StdDeserializer<OffsetDateTime> {
    private static final long serialVersionUID = 1L;

    FastOffsetDateTime() {
      super(OffsetDateTime.class);
    }

    @Override
    public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        OffsetDateTime t = parseRfc3339(p.getText());
        if (t != null) {
          return t;
        }
      }
      return InstantDeserializer.OFFSET_DATE_TIME.deserialize(p, ctxt);
    }
  }

  /**
   * Parses {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±hh:mm)}.
   *
   * @param s the text
   * @return the time, or null if the text has another form or is not a valid time
   */
  public static OffsetDateTime parseRfc3339(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (s.charAt(i) == '.') {
      i++;
      int start = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        nano = nano * 10 + (s.charAt(i) - '0');
        i++;
      }
      int count = i - start;
      if (count < 1 || count > 9) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nano *= 10;
      }
    }
    ZoneOffset offset;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offset = ZoneOffset.UTC;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || om < 0) {
        return null;
      }
      int sign = s.charAt(i) == '-' ? -1 : 1;
      try {
        offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
      } catch (DateTimeException e) {
        return null;
      }
    } else {
      return null;
    }
    try {
      return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
