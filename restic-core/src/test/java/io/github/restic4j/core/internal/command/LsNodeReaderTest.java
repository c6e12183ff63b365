package io.github.restic4j.core.internal.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.internal.Json;
import io.github.restic4j.core.testing.CorpusFile;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LsNodeReader} against Jackson data binding ({@link LsCommand#parseNode}), the general path
 * it stands in for: equal on every node it reads, null for every line outside the plain shape.
 */
class LsNodeReaderTest {

  private static final String A_TXT = nodeLine("0.18.0_ls_json_latest", "a.txt");

  private final LsNodeReader reader = new LsNodeReader();

  private LsNode read(String line) {
    byte[] bytes = line.getBytes(UTF_8);
    return reader.read(bytes, 0, bytes.length);
  }

  private static LsNode bound(String line) {
    return LsCommand.parseNode(Json.tryParse(line).orElseThrow());
  }

  private static String nodeLine(String corpus, String name) {
    return CorpusFile.load(corpus).stdoutLine("\"name\":\"" + name + "\"");
  }

  @Test
  void readsEveryCorpusNodeLineLikeDataBindingAndNothingElse() {
    int nodes = 0;
    int others = 0;
    for (String corpus : List.of("0.14.0_ls_json_latest", "0.18.0_ls_json_latest")) {
      for (String line : CorpusFile.load(corpus).stdoutLines()) {
        JsonNode tree = Json.tryParse(line).orElse(null);
        if (tree != null && "node".equals(Json.messageType(tree))) {
          assertThat(read(line)).as(line).isNotNull().isEqualTo(LsCommand.parseNode(tree));
          nodes++;
        } else {
          assertThat(read(line)).as(line).isNull(); // the snapshot line, text lines
          others++;
        }
      }
    }
    assertThat(nodes).isEqualTo(16);
    assertThat(others).isPositive();
  }

  @Test
  void readsALineInTheMiddleOfABuffer() {
    byte[] line = A_TXT.getBytes(UTF_8);
    byte[] buffer = new byte[line.length + 20];
    Arrays.fill(buffer, (byte) '{');
    System.arraycopy(line, 0, buffer, 7, line.length);
    assertThat(reader.read(buffer, 7, line.length)).isEqualTo(bound(A_TXT));
    // the same bytes one short (no closing brace) are no node
    assertThat(reader.read(buffer, 7, line.length - 1)).isNull();
  }

  @Test
  void decodesNamesOutsideAsciiAsUtf8() {
    String line = A_TXT.replace("a.txt", "grüße-日本.txt");
    LsNode node = read(line);
    assertThat(node).isEqualTo(bound(line));
    assertThat(node.name()).isEqualTo("grüße-日本.txt");
    assertThat(node.path()).isEqualTo("/jdata/docs/grüße-日本.txt");
  }

  @Test
  void equalTimesAndRepeatedTextsAreSharedDifferentOnesAreNot() {
    String mixed =
        A_TXT.replace(
            "\"atime\":\"2026-11-24T19:32:39.699601048Z\"",
            "\"atime\":\"2026-11-24T20:40:00.5+01:00\"");
    LsNode node = read(mixed);
    assertThat(node).isEqualTo(bound(mixed));
    assertThat(node.atime()).isEqualTo(OffsetDateTime.parse("2026-11-24T20:40:00.5+01:00"));
    assertThat(node.ctime()).isEqualTo(node.mtime()).isNotEqualTo(node.atime());

    LsNode first = read(A_TXT);
    LsNode second = read(A_TXT.replace("a.txt", "b.txt"));
    assertThat(second.type()).isSameAs(first.type());
    assertThat(second.permissions()).isSameAs(first.permissions());
    assertThat(second.mtime()).isSameAs(first.mtime());
    LsNode dir =
        read(
            A_TXT
                .replace("\"type\":\"file\"", "\"type\":\"dir\"")
                .replace("-rw-r--r--", "drwxr-xr-x")
                .replace("19:32:39.699601048Z", "19:32:40Z"));
    assertThat(dir.type()).isEqualTo("dir");
    assertThat(dir.permissions()).isEqualTo("drwxr-xr-x");
    assertThat(dir.mtime()).isEqualTo(OffsetDateTime.parse("2026-11-24T19:32:40Z"));
  }

  @Test
  void aKeptTextOrTimeIsReusedOnlyForExactlyTheSameString() {
    // each line after A_TXT differs from the kept value by a prefix or an extension only
    List<String> lines =
        List.of(
            A_TXT.replace("\"type\":\"file\"", "\"type\":\"file2\""),
            A_TXT.replace("\"type\":\"file\"", "\"type\":\"fil\""),
            A_TXT.replace("\"type\":\"file\"", "\"type\":\"\""),
            // longer than the kept buffer starts with
            A_TXT.replace("\"type\":\"file\"", "\"type\":\"" + "file".repeat(30) + "\""),
            A_TXT.replace("-rw-r--r--", "-rw-r--r--x"),
            A_TXT.replace("-rw-r--r--", "-rw-r--r-"),
            A_TXT.replace("19:32:39.699601048Z", "19:32:39.69960104Z"),
            A_TXT.replace("19:32:39.699601048Z", "19:32:39.699601048+00:00"));
    for (String line : lines) {
      assertThat(read(A_TXT)).isEqualTo(bound(A_TXT)); // keeps A_TXT's values
      assertThat(read(line)).as(line).isNotNull().isEqualTo(bound(line));
    }
    String longType = A_TXT.replace("\"type\":\"file\"", "\"type\":\"" + "f".repeat(100) + "\"");
    LsNode kept = read(longType);
    assertThat(read(longType).type()).isSameAs(kept.type()).hasSize(100);
    assertThat(read(longType.replace("f".repeat(100), "f".repeat(99))).type()).hasSize(99);
    read(A_TXT);
    // the kept text followed by an escape is no plain string: left to the general path
    assertThat(read(A_TXT.replace("\"type\":\"file\"", "\"type\":\"file\\u0041\""))).isNull();
  }

  @Test
  void keysInAnotherOrderOrStartingLikeTheNextKeyAreReadLikeDataBinding() {
    List<String> lines =
        List.of(
            // restic's order reversed
            reversedFields(A_TXT),
            // before "name": a key that starts like it, and one that "name" starts like
            A_TXT.replace("{\"name\"", "{\"names\":\"x\",\"nam\":1,\"name\""),
            // a known key twice, out of order
            A_TXT.replace("\"uid\":0", "\"uid\":0,\"name\":\"again\",\"uid\":3"));
    for (String line : lines) {
      LsNode node = read(line);
      assertThat(node).as(line).isNotNull().isEqualTo(bound(line));
    }
    assertThat(lines.get(0)).startsWith("{\"struct_type\":\"node\",").endsWith("\"a.txt\"}");
    assertThat(read(lines.get(2)).name()).isEqualTo("again");
    assertThat(read(lines.get(2)).uid()).isEqualTo(3);
  }

  private static String reversedFields(String line) {
    List<String> fields =
        new java.util.ArrayList<>(List.of(line.substring(1, line.length() - 1).split(",(?=\")")));
    java.util.Collections.reverse(fields);
    return "{" + String.join(",", fields) + "}";
  }

  @Test
  void toleratesWhatDataBindingToleratesInThePlainShape() {
    List<String> lines =
        List.of(
            A_TXT.replace("\",\"", "\" ,\t\"").replace("\":", "\" : "), // blanks between tokens
            A_TXT.replace("}", "}  "), // trailing blanks
            A_TXT.replace("\"size\":7", "\"size\":7,\"size\":9"), // the last value counts
            A_TXT.replace("\"uid\":0", "\"uid\":-12"),
            A_TXT.replace("\"inode\":2203754", "\"inode\":123456789012345678"),
            // unknown fields with any scalar, strings with escapes included
            A_TXT.replace(
                "\"inode\":2203754",
                "\"inode\":2203754,\"a\":true,\"b\":false,\"c\":null,\"d\":-1.5e+3,\"e\":0,"
                    + "\"f\":\"x\\\"y\\\\u\""));
    for (String line : lines) {
      assertThat(read(line)).as(line).isNotNull().isEqualTo(bound(line));
    }
    assertThat(read(lines.get(2)).size()).isEqualTo(9);
    assertThat(read(lines.get(3)).uid()).isEqualTo(-12);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"name\":\"a.txt\"=>\"name\":\"a\\u0041.txt\"", // an escape in a value read here
        "\"name\":\"a.txt\"=>\"name\":null",
        "\"uid\":0=>\"uid\":\"5\"", // a number as a string
        "\"size\":7=>\"size\":7.0",
        "\"size\":7=>\"size\":7e0",
        "\"size\":7=>\"size\":07",
        "\"size\":7=>\"size\":1234567890123456789", // 19 digits: left to data binding
        "\"inode\":2203754=>\"inode\":2203754,\"extra\":{\"x\":[1,2]}",
        "\"inode\":2203754=>\"inode\":2203754,\"extra\":[]",
        "\"inode\":2203754=>\"inode\":2203754,\"extra\":1.2.3",
        "\"inode\":2203754=>\"inode\":2203754,\"extra\":-",
        "\"inode\":2203754=>\"inode\":2203754,\"extra\":truth",
        "\"mtime\":\"2026-11-24T19:32:39.699601048Z\"=>\"mtime\":null",
        "\"mtime\":\"2026-11-24T19:32:39.699601048Z\"=>\"mtime\":\"yesterday\"",
        ",\"message_type\":\"node\",\"struct_type\":\"node\"=>",
        // message_type decides where it is given, as in Json.messageType
        "\"message_type\":\"node\"=>\"message_type\":\"snapshot\"",
        "\"message_type\":\"node\"=>\"message_type\":null",
        // invalid escapes and over-long numbers or names, which Jackson rejects
        "\"inode\":2203754=>\"inode\":2203754,\"x\":\"\\q\"",
        "\"inode\":2203754=>\"inode\":2203754,\"x\":\"\\u12\"",
        "\"inode\":2203754=>\"inode\":2203754,\"x\":\"\\\u0001\"",
        "}=>} trailing",
        "}=>},",
        "{=> {",
        "\"a.txt\"=>\"a\u0001.txt\"", // a raw control character
        ":=>"
      })
  void linesOutsideThePlainShapeAreLeftToTheGeneralPath(String change) {
    String[] fromTo = change.split("=>", -1);
    String line = A_TXT.replaceFirst(Pattern.quote(fromTo[0]), Matcher.quoteReplacement(fromTo[1]));
    assertThat(line).isNotEqualTo(A_TXT);
    assertThat(read(line)).as(line).isNull();
  }

  @Test
  void jacksonsLengthLimitsAreKept() {
    String longNumber =
        A_TXT.replace("\"inode\":2203754", "\"inode\":2203754,\"x\":" + "1".repeat(1001));
    String longName =
        A_TXT.replace("\"inode\":2203754", "\"inode\":2203754,\"" + "k".repeat(50_001) + "\":1");
    assertThat(read(longNumber)).isNull();
    assertThat(read(longName)).isNull();
    String fine = A_TXT.replace("\"inode\":2203754", "\"inode\":2203754,\"x\":" + "1".repeat(999));
    assertThat(read(fine)).isEqualTo(bound(fine));
  }

  @Test
  void messageTypeDecidesWhereItIsGivenAsInJsonMessageType() {
    String line = A_TXT.replace(",\"struct_type\":\"node\"", "");
    assertThat(read(line)).isNotNull().isEqualTo(bound(line));
    String otherStructType =
        A_TXT.replace("\"struct_type\":\"node\"", "\"struct_type\":\"snapshot\"");
    assertThat(read(otherStructType)).isNotNull().isEqualTo(bound(otherStructType));
    String validEscapes =
        A_TXT.replace(
            "\"inode\":2203754", "\"inode\":2203754,\"x\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"");
    assertThat(read(validEscapes)).isNotNull().isEqualTo(bound(validEscapes));
  }

  @Test
  void noObjectIsNoNode() {
    for (String line : List.of("", "{}", "{ }", "[]", "{\"struct_type\":\"node\"", "not json")) {
      assertThat(read(line)).as(line).isNull();
    }
    assertThat(read("{\"struct_type\":\"node\"}")).isEqualTo(bound("{\"struct_type\":\"node\"}"));
  }
}
