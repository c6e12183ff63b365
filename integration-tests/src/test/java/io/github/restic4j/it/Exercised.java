package io.github.restic4j.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records which restic versions, backends and scenarios the integration tests really exercised (a
 * test records after its assertions passed) and prints that once at the end of the run. It is also
 * written to {@code target/restic-exercised.txt}, which {@code .ci/run} shows.
 */
public final class Exercised implements BeforeAllCallback {

  private static final Map<String, Map<String, Set<String>>> RECORDED = new TreeMap<>();

  /**
   * Notes a passed scenario.
   *
   * @param what the restic version ({@code 0.18.0}) or another subject
   * @param backend local, rest, rest+auth, s3, ...
   * @param scenario what was shown to work
   */
  public static synchronized void record(String what, String backend, String scenario) {
    RECORDED
        .computeIfAbsent(what, k -> new TreeMap<>())
        .computeIfAbsent(backend, k -> new TreeSet<>())
        .add(scenario);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // stored in the root context: closed once, after every test class has run
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Summary.class, k -> new Summary(), Summary.class);
  }

  static synchronized String summary() {
    StringBuilder sb = new StringBuilder("restic4j integration tests exercised:\n");
    if (RECORDED.isEmpty()) {
      sb.append("  nothing (no real restic binary was available)\n");
    }
    RECORDED.forEach(
        (what, backends) -> {
          sb.append("  ").append(what).append(":\n");
          backends.forEach(
              (backend, scenarios) ->
                  sb.append("    ")
                      .append(String.format("%-17s", backend))
                      .append(' ')
                      .append(String.join(", ", scenarios))
                      .append('\n'));
        });
    return sb.toString();
  }

  /** Prints and writes the summary when the root context closes. */
  static final class Summary implements AutoCloseable {
    @Override
    public void close() {
      String text = summary();
      System.out.println();
      System.out.print(text);
      try {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
          Files.writeString(target.resolve("restic-exercised.txt"), text, StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        System.out.println("(could not write target/restic-exercised.txt: " + e + ")");
      }
    }
  }
}
