package io.github.restic4j.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.restic4j.core.Restic;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.LsStream;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.it.Exercised;
import io.github.restic4j.it.Its;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A file name may contain the repository password. Through the real process layer (a shell script
 * answering like restic 0.18): the typed node reaches the caller unchanged (redaction is for logs
 * and messages, not data), and an unreadable node line — whose text the parse error quotes — never
 * puts the password into the exception.
 */
@ExtendWith(Exercised.class)
class ParseErrorSecretIT {

  private static final String PASSWORD = "hunter2-Ab9";
  private static final Duration LIMIT = Duration.ofSeconds(60);

  /**
   * The {@code ls} answer: the snapshot line, then one node. %1$s: the node's name; %2$s: its uid
   * value (a number, or something that is not one); %3$s, %4$s, %5$s: tree, id, short id.
   */
  private static final String LS =
      """
          ls)
            echo '{"time":"2026-11-24T19:32:41.849664559Z","tree":"%3$s","paths":["/d"],"hostname":"h","username":"u","id":"%4$s","short_id":"%5$s","message_type":"snapshot","struct_type":"snapshot"}'
            echo '{"name":"%1$s","type":"file","path":"/d/%1$s","uid":%2$s,"gid":0,"size":7,"mode":420,"permissions":"-rw-r--r--","mtime":"2026-11-24T19:32:39.699601048Z","atime":"2026-11-24T19:32:39.699601048Z","ctime":"2026-11-24T19:32:39.699601048Z","inode":2203754,"message_type":"node","struct_type":"node"}'
            exit 0 ;;
      """;

  private static Path work;

  @BeforeAll
  static void makeWork() {
    work = Its.tempDir("parse-secret");
  }

  @AfterAll
  static void deleteWork() {
    Its.deleteRecursively(work);
  }

  private static ResticRepository repository(String name, String uid) throws IOException {
    Path script = Files.createTempFile(work, "restic", "");
    String id = "ab".repeat(32);
    Files.writeString(
        script,
        Its.fakeRestic018(String.format(LS, name, uid, "cd".repeat(32), id, id.substring(0, 8))));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Restic restic = Restic.builder().binary(script).defaultTimeout(LIMIT).build();
    return restic.repository("/nonexistent/fake").password(Secret.of(PASSWORD)).build();
  }

  @Test
  void aFileNameHoldingThePasswordIsDataButNeverPartOfAParseError() throws IOException {
    String name = "notes-" + PASSWORD + ".txt";
    List<LsNode> nodes = new ArrayList<>();
    try (LsStream s = repository(name, "0").ls(LsRequest.latest().build())) {
      s.forEachRemaining(nodes::add);
    }
    assertThat(nodes).singleElement().extracting(LsNode::name).isEqualTo(name);

    OutputParseException e;
    try (LsStream s = repository(name, "{\"x\":1}").ls(LsRequest.latest().build())) {
      e = catchThrowableOfType(s::drain, OutputParseException.class);
    }
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("notes-******.txt").doesNotContain(PASSWORD);
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
    }
    Exercised.record("process layer", "fake sh", "password in a file name: data kept, error clean");
  }
}
