package io.github.restic4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's code in step with compiled, tested code: every {@code <!-- snippet: path -->}
 * marker in README.md must be followed by a code block equal to the lines between {@code //
 * snippet:start} and {@code // snippet:end} in that file.
 */
class ReadmeSnippetTest {

  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: (\\S+) -->\\s*\\n```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void readmeSnippetsEqualTheMarkedRegionsOfTheirSourceFiles() throws IOException {
    Path root = projectRoot();
    String readme = Files.readString(root.resolve("README.md"));
    Matcher m = SNIPPET.matcher(readme);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      String file = m.group(1);
      assertThat(m.group(2))
          .as("README.md snippet of %s (copy the region between the snippet markers)", file)
          .isEqualTo(markedRegion(root.resolve(file)));
      checked.add(file);
    }
    assertThat(checked)
        .as("README.md snippets")
        .contains(
            "examples/src/main/java/io/github/restic4j/examples/AppBackupService.java",
            "examples/src/test/java/io/github/restic4j/examples/AppBackupServiceTest.java");
  }

  private static String markedRegion(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    int start = lines.indexOf("// snippet:start");
    int end = lines.indexOf("// snippet:end");
    assertThat(start).as("// snippet:start in %s", file).isNotNegative();
    assertThat(end).as("// snippet:end in %s", file).isGreaterThan(start);
    return String.join("\n", lines.subList(start + 1, end)) + "\n";
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("README.md above the working directory").isNotNull();
    return dir;
  }
}
