package io.github.restic4j.orchestration;

import io.github.restic4j.orchestration.internal.JournalCodec;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A structured run journal: one JSON object per line and per run, with the run's lock records, so
 * an operator can review which locks each run saw, waited on or removed. Each line is appended with
 * one write. A line torn by a crash while writing (cut anywhere, even inside a character) is
 * skipped when reading, and the next append starts a new line, so the records a restarted
 * application writes are kept. Holds no secret: see {@link RunRecord}. Thread-safe within one
 * process. Independent of the restic version.
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
      // after a crash mid-line, start a new line: appended to the torn one, this record would be
      // lost with it. Stream I/O, not a FileChannel: Orchestrator.stop interrupts runs waiting for
      // a lock, and an interruptible channel would refuse to write their records.
      byte[] bytes = ((endsWithNewline(file) ? "" : "\n") + line).getBytes(StandardCharsets.UTF_8);
      try (OutputStream out =
          Files.newOutputStream(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE)) {
        out.write(bytes); // one write
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write run journal " + file, e);
    }
  }

  /** True if the file is missing, empty or ends with a newline. */
  private static boolean endsWithNewline(Path file) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long size = in.length();
      if (size == 0) {
        return true;
      }
      in.seek(size - 1);
      return in.read() == '\n';
    } catch (FileNotFoundException e) {
      return true;
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
   * Reads every run of a journal file, oldest first. Lines that are not valid records (a line torn
   * by a crash, also one cut inside a multi-byte character) are skipped.
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
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          parse(line, out);
          line.reset();
        } else {
          line.write(b);
        }
      }
      parse(line, out);
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run journal " + file, e);
    }
    return out;
  }

  /** Decodes one line strictly; a line that is not UTF-8 or not a record is skipped. */
  private static void parse(ByteArrayOutputStream bytes, List<RunRecord> out) {
    if (bytes.size() == 0) {
      return;
    }
    String line;
    try {
      line =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return; // torn inside a character
    }
    if (!line.isBlank()) {
      JournalCodec.read(line).ifPresent(out::add);
    }
  }

  @Override
  public String toString() {
    return "RunJournal[" + file + "]";
  }
}
