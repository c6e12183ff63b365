package io.github.restic4j.core.internal.command;

import io.github.restic4j.core.command.DumpRequest;
import io.github.restic4j.core.internal.CommandSpec;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code restic dump}: stdout is copied raw into the caller's stream (which is flushed, not
 * closed); the result is the number of bytes written.
 */
public final class DumpCommand implements CommandSpec<Long, Void> {

  private final DumpRequest request;
  private final AtomicLong count = new AtomicLong();
  private final OutputStream sink;

  /**
   * Creates the spec.
   *
   * @param request the request
   * @param out the destination
   */
  public DumpCommand(DumpRequest request, OutputStream out) {
    this.request = request;
    Objects.requireNonNull(out, "out");
    this.sink =
        new FilterOutputStream(out) {
          @Override
          public void write(int b) throws IOException {
            out.write(b);
            count.incrementAndGet();
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count.addAndGet(len);
          }

          /**
           * Nothing: the pump flushes whenever restic pauses, and the caller's stream is flushed
           * once, at the end, as it always was (a flush per pause could commit a response early or
           * write many small blocks).
           */
          @Override
          public void flush() {}

          @Override
          public void close() throws IOException {
            out.flush();
          }
        };
  }

  @Override
  public boolean json() {
    return false;
  }

  @Override
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add("dump");
    request.archive().ifPresent(f -> Flags.add(a, "--archive", f));
    Flags.filters(a, request.filter());
    a.add("--");
    a.add(request.snapshot());
    a.add(request.path());
    return a;
  }

  @Override
  public OutputStream rawStdout() {
    return sink;
  }

  @Override
  public void onStdout(String line, Consumer<Void> events) {}

  @Override
  public Long finish(Completion completion) {
    return count.get();
  }
}
