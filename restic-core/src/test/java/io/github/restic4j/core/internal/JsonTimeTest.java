package io.github.restic4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTimeTest {

  record Holder(OffsetDateTime time) {}

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-24T19:32:41.849664559Z",
        "2026-11-24T19:32:41.8496645Z",
        "2026-11-24T19:32:41.8Z",
        "2026-11-24T19:32:41Z",
        "2026-11-24T20:32:41.123456789+01:00",
        "2026-11-24T14:02:41.5-05:30",
        "2026-11-24T19:32:41-00:00",
        "0001-01-01T00:00:00Z",
        "2024-02-29T23:59:59.999999999+14:00"
      })
  void readsRfc3339LikeOffsetDateTimeParse(String text) throws Exception {
    assertThat(Json.parseRfc3339(text)).isEqualTo(OffsetDateTime.parse(text));
    JsonNode node = Json.MAPPER.readTree("{\"time\":\"" + text + "\"}");
    assertThat(Json.convert(node, Holder.class).time()).isEqualTo(OffsetDateTime.parse(text));
    assertThat(Json.parse("{\"time\":\"" + text + "\"}", Holder.class).time())
        .isEqualTo(OffsetDateTime.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-24T19:32:41.1234567891Z",
        "2026-11-24 19:32:41Z",
        "2026-13-24T19:32:41Z",
        "2026-02-30T19:32:41Z",
        "2026-11-24T19:32:41",
        "2026-11-24T19:32:41.Z",
        "2026-11-24T19:32:41+0100",
        "2026-11-24T19:32:41+19:00"
      })
  void leavesOtherFormsToJackson(String text) {
    assertThat(Json.parseRfc3339(text)).isNull();
  }
}
