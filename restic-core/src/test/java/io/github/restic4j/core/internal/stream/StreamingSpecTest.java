package io.github.restic4j.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.command.FindRequest;
import io.github.restic4j.core.internal.command.FindCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a stream's spec wrapper passes on around the spec it wraps. */
class StreamingSpecTest {

  @Test
  void flushingRawStdoutEndsAChunkSoARawParsersItemsReachTheReader() throws IOException {
    // find reads stdout as raw bytes; the pump's flush before it waits for restic must reach the
    // stream's queue there too, as the line splitter's flush does for the other streams
    StreamingSpec<?, ?> spec =
        new StreamingSpec<>(new FindCommand(FindRequest.builder("*.txt").build()));
    AtomicInteger chunkEnds = new AtomicInteger();
    spec.onChunkEnd(chunkEnds::incrementAndGet);
    OutputStream stdout = spec.rawStdout();
    assertThat(stdout).isNotNull();
    stdout.write("[".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(chunkEnds).hasValue(0);
    stdout.flush();
    assertThat(chunkEnds).hasValue(1);
  }
}
