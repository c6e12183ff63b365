package io.github.restic4j.benchmarks;

/** The smallest possible Java program: the JVM-per-call baseline of the fake latency benchmark. */
public final class TinyMain {
  private TinyMain() {}

  /**
   * Prints one line, like {@code restic version}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("tiny 0.0.0");
  }
}
