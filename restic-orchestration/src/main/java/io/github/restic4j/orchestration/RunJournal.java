package io.github.restic4j.orchestration;

import io.github.restic4j.orchestration.internal.JournalCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A structured run journal: one JSON object per line and per run, with the run's lock records, so
 * an operator can review which locks each run saw, waited on or removed. Lines are appended and
 * flushed one at a time; a torn last line (a crash while writing) is ignored when reading. Holds no
 * secret: see {@link RunRecord}. Thread-safe. Independent of the restic version.
 */
public final class RunJournal {

  private final Path file;

  private RunJournal(Path file) {
    this.file = file;
  }

  /**
   * A journal in a file, created (with its folders) on the first append.
   *
   * @param file the file
   * @return the journal
   */
  public static RunJournal at(Path file) {
    return new RunJournal(Objects.requireNonNull(file, "file").toAbsolutePath());
  }

  /**
   * The file.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /**
   * Appends one run.
   *
   * @param record the run
   * @throws UncheckedIOException if the file cannot be written
   */
  public synchronized void append(RunRecord record) {
    String line = JournalCodec.write(record) + "\n";
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(
          file,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write run journal " + file, e);
    }
  }

  /**
   * Reads every run, oldest first.
   *
   * @return the runs; empty if the file does not exist
   * @throws UncheckedIOException if the file cannot be read
   */
  public synchronized List<RunRecord> read() {
    return read(file);
  }

  /**
   * The last run of a plan's job in the journal.
   *
   * @param planId the plan
   * @param kind the job
   * @return the run, empty if none
   * @throws UncheckedIOException if the file cannot be read
   */
  public Optional<RunRecord> lastRun(String planId, JobKind kind) {
    List<RunRecord> all = read();
    for (int i = all.size() - 1; i >= 0; i--) {
      RunRecord r = all.get(i);
      if (r.planId().equals(planId) && r.kind() == kind) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads every run of a journal file, oldest first. Lines that are not valid records (a torn last
   * line) are skipped.
   *
   * @param file the file
   * @return the runs; empty if the file does not exist
   * @throws UncheckedIOException if the file cannot be read
   */
  public static List<RunRecord> read(Path file) {
    List<RunRecord> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          JournalCodec.read(line).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run journal " + file, e);
    }
    return out;
  }

  @Override
  public String toString() {
    return "RunJournal[" + file + "]";
  }
}
