package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.Secret;
import io.github.restic4j.core.command.DumpRequest;
import io.github.restic4j.core.command.KeyAddRequest;
import io.github.restic4j.core.command.KeyPasswdRequest;
import io.github.restic4j.core.command.KeyRemoveRequest;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.internal.CommandSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyCopyDumpCommandTest {

  private static final ResticVersion V18 = ResticVersion.of(0, 18, 0);

  @Test
  void keyAddPassesPasswordInPrivateTempFileNeverInArgv() throws Exception {
    KeyPasswordCommand spec =
        KeyPasswordCommand.add(
            KeyAddRequest.builder(Secret.of("n3w-s3cret")).user("backup").host("h").build());
    List<String> args = spec.arguments();
    assertThat(String.join(" ", args)).doesNotContain("n3w-s3cret");
    assertThat(args).startsWith("key", "add", "--new-password-file");
    assertThat(args).endsWith("--user", "backup", "--host", "h");
    Path file = Path.of(args.get(3));
    assertThat(file).isEqualTo(spec.passwordFile());
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("n3w-s3cret");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    spec.close();
    assertThat(file).doesNotExist();
    assertThat(spec.passwordFileExists()).isFalse();
    // asking for the arguments again (Invocation logs the command name) must not recreate it
    assertThat(spec.arguments()).isEqualTo(args);
    assertThat(file).doesNotExist();
  }

  @Test
  void keyPasswdAndRemove() {
    KeyPasswordCommand passwd = KeyPasswordCommand.passwd(KeyPasswdRequest.of(Secret.of("abcdef")));
    Path file = Path.of(passwd.arguments().get(3));
    assertThat(passwd.arguments()).startsWith("key", "passwd", "--new-password-file").hasSize(4);
    assertThat(file).exists();
    passwd.close();
    assertThat(file).doesNotExist();
    assertThat(KeyPasswdRequest.of(Secret.of("x")).lockMode(V18)).isEqualTo(LockMode.EXCLUSIVE);
    assertThatThrownBy(() -> KeyPasswdRequest.of(Secret.of("")))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(new KeyRemoveCommand(KeyRemoveRequest.of("bd5fadf5")).arguments())
        .containsExactly("key", "remove", "bd5fadf5");
    assertThatThrownBy(() -> KeyRemoveRequest.of("--all"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("--all");
  }

  @Test
  void dumpCountsRawBytes() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DumpCommand spec =
        new DumpCommand(DumpRequest.builder("latest", "/jdata/docs/a.txt").host("h").build(), out);
    assertThat(spec.json()).isFalse();
    assertThat(spec.arguments())
        .containsExactly("dump", "--host", "h", "--", "latest", "/jdata/docs/a.txt");
    spec.rawStdout().write("hello\n".getBytes(StandardCharsets.UTF_8));
    spec.rawStdout().write(0);
    spec.rawStdout().close();
    assertThat(spec.finish(new CommandSpec.Completion(0, List.of(), null))).isEqualTo(7L);
    assertThat(out.toByteArray()).hasSize(7);
    assertThatThrownBy(() -> DumpRequest.builder("latest", "relative/x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("relative/x");
    assertThatThrownBy(() -> DumpRequest.builder("latest", "/x").archive("rar"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("rar");
  }
}
