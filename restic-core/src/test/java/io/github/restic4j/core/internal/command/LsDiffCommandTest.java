package io.github.restic4j.core.internal.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.DiffChange;
import io.github.restic4j.core.command.DiffRequest;
import io.github.restic4j.core.command.DiffStatistics;
import io.github.restic4j.core.command.LsNode;
import io.github.restic4j.core.command.LsRequest;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.OutputParseException;
import io.github.restic4j.core.internal.CommandSpec;
import io.github.restic4j.core.internal.Json;
import io.github.restic4j.core.testing.CorpusFile;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LsDiffCommandTest {

  private static final CommandSpec.Completion OK = new CommandSpec.Completion(0, List.of(), null);

  private static <R, E> List<E> feed(CommandSpec<R, E> spec, String corpus) {
    List<E> events = new ArrayList<>();
    for (String line : CorpusFile.load(corpus).stdoutLines()) {
      spec.onStdout(line, events::add);
    }
    return events;
  }

  @Test
  void ls018UsesMessageTypeAndHasInodes() {
    LsCommand spec = new LsCommand(LsRequest.latest().build());
    List<LsNode> nodes = feed(spec, "0.18.0_ls_json_latest");
    Snapshot sn = spec.finish(OK);
    assertThat(spec.snapshot()).isCompletedWithValue(sn);
    assertThat(sn.id())
        .isEqualTo("e40ca84520255b1510a78ca7b46a72be04bf75b8208c47bfccf99944f44b3fff");
    assertThat(sn.hostname()).isEqualTo("hostB");
    assertThat(sn.paths()).containsExactly("/srv/restic-lab/jdata");

    assertThat(nodes)
        .extracting(LsNode::path)
        .containsExactly(
            "/jdata",
            "/jdata/docs",
            "/jdata/docs/a.txt",
            "/jdata/docs/b.txt",
            "/jdata/docs/d.txt",
            "/jdata/sub",
            "/jdata/sub/c.txt",
            "/jdata/sub/link");
    LsNode dir = nodes.get(0);
    assertThat(dir.isDirectory()).isTrue();
    assertThat(dir.mode()).isEqualTo(2147484141L);
    assertThat(dir.permissions()).isEqualTo("drwxr-xr-x");
    assertThat(dir.size()).isZero();
    assertThat(dir.inode()).isEqualTo(2187377L);
    LsNode a = nodes.get(2);
    assertThat(a.name()).isEqualTo("a.txt");
    assertThat(a.isFile()).isTrue();
    assertThat(a.size()).isEqualTo(7);
    assertThat(a.mode()).isEqualTo(420);
    assertThat(a.uid()).isZero();
    assertThat(a.gid()).isZero();
    assertThat(a.inode()).isEqualTo(2203754L);
    assertThat(a.mtime()).isEqualTo(OffsetDateTime.parse("2026-11-24T19:32:39.699601048Z"));
    assertThat(a.atime()).isNotNull();
    assertThat(a.ctime()).isNotNull();
    LsNode link = nodes.get(7);
    assertThat(link.isSymlink()).isTrue();
    assertThat(link.mode()).isEqualTo(134218239L);
    assertThat(link.linktarget()).isEmpty();
  }

  @Test
  void ls014UsesStructTypeOnlyAndHasNoInodes() {
    LsCommand spec = new LsCommand(LsRequest.latest().build());
    List<LsNode> nodes = feed(spec, "0.14.0_ls_json_latest");
    Snapshot sn = spec.finish(OK);
    assertThat(sn.shortId()).isEqualTo("f79146cc");
    assertThat(nodes).hasSize(8);
    assertThat(nodes).allSatisfy(n -> assertThat(n.inode()).isZero());
    assertThat(nodes.get(2).path()).isEqualTo("/jdata/docs/a.txt");
    assertThat(nodes.get(2).size()).isEqualTo(7);
  }

  @Test
  void nodeLinesOutsideThePlainShapeTakeTheTreePathWithItsConversions() {
    String plain = nodeLine("0.18.0_ls_json_latest", "a.txt");
    List<String> odd =
        List.of(
            plain.replace("\"uid\":0", "\"uid\":\"5\""), // number as a string
            plain.replace("\"name\":\"a.txt\"", "\"name\":null"),
            plain.replace("\"inode\":2203754", "\"inode\":2203754,\"extra\":{\"x\":[1,2]}"),
            plain.replace("\"size\":7", "\"size\":7.0"),
            plain.replace("\"mtime\":\"2026-11-24T19:32:39.699601048Z\"", "\"mtime\":null"),
            // Go's encoder escapes <, > and & in file names
            plain.replace("a.txt", "a\\u0026b\\u003c.txt"));
    LsCommand spec = new LsCommand(LsRequest.latest().build());
    List<LsNode> nodes = new ArrayList<>();
    for (String line : odd) {
      assertThat(spec.onStdoutBytes(line.getBytes(UTF_8), 0, line.length(), nodes::add)).isFalse();
      spec.onStdout(line, nodes::add);
    }
    assertThat(nodes).hasSize(6);
    assertThat(nodes.get(0).uid()).isEqualTo(5);
    assertThat(nodes.get(1).name()).isEmpty();
    assertThat(nodes.get(2).inode()).isEqualTo(2203754L);
    assertThat(nodes.get(3).size()).isEqualTo(7);
    assertThat(nodes.get(4).mtime()).isNull();
    assertThat(nodes.get(5).path()).isEqualTo("/jdata/docs/a&b<.txt");
    // a field given twice counts with its last value, as in data binding
    String twice = plain.replace("\"size\":7", "\"size\":7,\"size\":9");
    spec.onStdout(twice, nodes::add);
    assertThat(nodes.get(6).size()).isEqualTo(9);
    assertThat(LsCommand.parseNode(Json.tryParse(twice).orElseThrow()).size()).isEqualTo(9);
  }

  private static String nodeLine(String corpus, String name) {
    return CorpusFile.load(corpus).stdoutLine("\"name\":\"" + name + "\"");
  }

  @Test
  void lsSkipsTextLinesAndNeedsTheSnapshotLine() {
    LsCommand spec = new LsCommand(LsRequest.latest().build());
    List<LsNode> nodes = feed(spec, "0.18.0_ls_vs_live_exclusive");
    assertThat(nodes).isEmpty();
    assertThatThrownBy(() -> spec.finish(OK)).isInstanceOf(OutputParseException.class);
  }

  @Test
  void lsArgumentsAndLockMode() {
    LsRequest r =
        LsRequest.latest()
            .host("h1")
            .tag("a,b")
            .path("/srv")
            .recursive()
            .dir("/srv/x")
            .dir("/srv/y")
            .build();
    assertThat(new LsCommand(r).arguments())
        .containsExactly(
            "ls",
            "--host",
            "h1",
            "--tag",
            "a,b",
            "--path",
            "/srv",
            "--recursive",
            "--",
            "latest",
            "/srv/x",
            "/srv/y");
    assertThat(new LsCommand(LsRequest.builder("abcd1234").build()).arguments())
        .containsExactly("ls", "--", "abcd1234");
    assertThat(r.lockMode(ResticVersion.of(0, 14, 0))).isEqualTo(LockMode.NONE);
    assertThat(r.lockMode(ResticVersion.of(0, 16, 4))).isEqualTo(LockMode.NONE);
    assertThat(r.lockMode(ResticVersion.of(0, 17, 0))).isEqualTo(LockMode.SHARED);
    assertThatThrownBy(() -> LsRequest.builder("--no-lock"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> LsRequest.builder(" ")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void diff018WithChanges() {
    DiffCommand spec = new DiffCommand(DiffRequest.builder("c430416a", "e13a061e").build());
    List<DiffChange> changes = feed(spec, "0.18.0_diff_json_with_changes");
    assertThat(changes)
        .containsExactly(
            new DiffChange("/jdata/docs/a.txt", DiffChange.Modifier.MODIFIED, "M"),
            new DiffChange("/jdata/docs/d.txt", DiffChange.Modifier.REMOVED, "-"),
            new DiffChange("/jdata/docs/e.txt", DiffChange.Modifier.ADDED, "+"),
            new DiffChange("/jdata/sub/c.txt", DiffChange.Modifier.REMOVED, "-"));
    DiffStatistics s = spec.finish(OK);
    assertThat(s.sourceSnapshot()).isEqualTo("c430416a");
    assertThat(s.targetSnapshot()).isEqualTo("e13a061e");
    assertThat(s.changedFiles()).isEqualTo(1);
    assertThat(s.added().files()).isEqualTo(1);
    assertThat(s.added().dataBlobs()).isEqualTo(2);
    assertThat(s.added().treeBlobs()).isEqualTo(4);
    assertThat(s.added().bytes()).isEqualTo(2414);
    assertThat(s.removed().files()).isEqualTo(2);
    assertThat(s.removed().dataBlobs()).isEqualTo(3);
    assertThat(s.removed().bytes()).isEqualTo(2765);
  }

  @Test
  void diff014AndEmptyDiff() {
    DiffCommand old = new DiffCommand(DiffRequest.builder("34f55287", "81dd1333").build());
    assertThat(feed(old, "0.14.0_diff_json"))
        .extracting(DiffChange::modifier)
        .containsExactly(DiffChange.Modifier.MODIFIED, DiffChange.Modifier.REMOVED);
    assertThat(old.finish(OK).removed().bytes()).isEqualTo(2099);

    DiffCommand none = new DiffCommand(DiffRequest.builder("9b5419f4", "c16e7532").build());
    assertThat(feed(none, "0.18.0_diff_json")).isEmpty();
    assertThat(none.finish(OK).changedFiles()).isZero();

    DiffCommand failed = new DiffCommand(DiffRequest.builder("c430416a", "abc").build());
    assertThat(feed(failed, "0.18.0_diff_json_latest_not_supported")).isEmpty();
    assertThatThrownBy(() -> failed.finish(OK)).isInstanceOf(OutputParseException.class);
  }

  @Test
  void diffArgumentsRejectLatest() {
    assertThat(new DiffCommand(DiffRequest.builder("a1", "b2").metadata().build()).arguments())
        .containsExactly("diff", "--metadata", "--", "a1", "b2");
    assertThatThrownBy(() -> DiffRequest.builder("c430416a", "latest"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("latest");
    assertThatThrownBy(() -> DiffRequest.builder("latest:/sub", "c430416a"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(DiffRequest.builder("a", "b").build().lockMode(ResticVersion.of(0, 14, 0)))
        .isEqualTo(LockMode.SHARED);
  }

  @Test
  void modifierMapping() {
    assertThat(DiffChange.Modifier.of("TM")).isEqualTo(DiffChange.Modifier.TYPE_CHANGED);
    assertThat(DiffChange.Modifier.of("MU")).isEqualTo(DiffChange.Modifier.MODIFIED);
    assertThat(DiffChange.Modifier.of("U")).isEqualTo(DiffChange.Modifier.METADATA);
    assertThat(DiffChange.Modifier.of("?")).isEqualTo(DiffChange.Modifier.UNKNOWN);
  }
}
