package io.github.restic4j.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.restic4j.core.CallOptions;
import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.command.BackupSummary;
import io.github.restic4j.core.command.CheckRequest;
import io.github.restic4j.core.command.CheckResult;
import io.github.restic4j.core.command.ForgetRequest;
import io.github.restic4j.core.command.ForgetResult;
import io.github.restic4j.core.command.LockInfo;
import io.github.restic4j.core.command.RepairIndexResult;
import io.github.restic4j.core.command.RepositoryConfig;
import io.github.restic4j.core.command.Snapshot;
import io.github.restic4j.core.command.SnapshotsRequest;
import io.github.restic4j.core.command.UnlockRequest;
import io.github.restic4j.core.command.UnlockResult;
import io.github.restic4j.core.error.LockConflict;
import io.github.restic4j.core.error.RepositoryAlreadyExistsException;
import io.github.restic4j.core.error.RepositoryLockedException;
import io.github.restic4j.core.error.RepositoryNotFoundException;
import io.github.restic4j.core.error.UnsupportedVersionException;
import io.github.restic4j.core.error.WrongPasswordException;
import io.github.restic4j.testkit.contract.ResticUnderTest.LockHolder;
import io.github.restic4j.testkit.contract.ResticUnderTest.RawResult;
import io.github.restic4j.testkit.contract.ResticUnderTest.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;

/**
 * The contract between the fake and real restic, written once: every scenario runs against each
 * fake persona ({@code ContractFakeTest}) and each installed real restic ({@code ContractRealIT})
 * with the same assertions. A scenario asserts what restic prints (raw runs: exit codes, JSON field
 * names and types, messages) and what restic4j makes of it (typed results and exceptions).
 *
 * <p>Not asserted, because the fake differs on purpose (restic-testkit/README.md, "Deliberate
 * differences"): content-derived IDs and byte counts, text output of data commands, and anything
 * that needs a repository on disk.
 *
 * <p>Two repositories per target, shared by the scenarios ({@code restic init} costs seconds on
 * real restic): one for data scenarios, one for lock scenarios. Each scenario uses its own source
 * folder and filters by path, and every lock scenario removes its locks, so the scenarios do not
 * depend on their order.
 */
public abstract class ContractScenarios {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEX64 = "[0-9a-f]{64}";
  private static final String HEX8 = "[0-9a-f]{8}";
  private static final String RFC3339 =
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})";

  /** The target of this invocation. */
  protected final ResticUnderTest restic;

  /**
   * Creates the scenarios for one target.
   *
   * @param restic the target
   */
  protected ContractScenarios(ResticUnderTest restic) {
    this.restic = restic;
  }

  @AfterParameterizedClassInvocation
  static void closeTarget(ResticUnderTest restic) {
    restic.close();
  }

  // ---------------------------------------------------------------- init, version, config

  @Test
  void initPrintsTheRepositoryIdAndRefusesASecondInit() {
    // raw init of the lock repository: JSON on 0.15+, text with a 10-hex id on 0.14
    RawResult init = restic.lockRepoInit();
    assertThat(init.exitCode()).as("init exit code: %s", init).isZero();
    String location = restic.lockRepo().location();
    if (restic.atLeast(15, 0)) {
      JsonNode o = json(lastLine(init));
      assertThat(names(o)).containsExactlyInAnyOrder("message_type", "id", "repository");
      assertThat(o.get("message_type").asText()).isEqualTo("initialized");
      assertHex64(o.get("id"));
      assertThat(o.get("repository").isTextual()).isTrue();
      assertThat(o.get("repository").asText()).isEqualTo(location);
    } else {
      assertThat(init.stdout()).containsPattern("created restic repository [0-9a-f]{10} at ");
    }

    // restic4j's init (of the data repository) reads the config back: the full id on every version
    Repo repo = restic.dataRepo();
    ResticRepository api = restic.open(repo);
    RepositoryConfig created = restic.dataRepoInit();
    RepositoryConfig config = api.catConfig();
    assertThat(config.id()).matches(HEX64);
    assertThat(config.version()).isEqualTo(2);
    assertThat(created).isEqualTo(config);

    RawResult cat = restic.run(repo, "cat", "config");
    assertThat(cat.exitCode()).isZero();
    JsonNode c = json(cat.stdout());
    assertThat(names(c)).containsExactlyInAnyOrder("version", "id", "chunker_polynomial");
    assertThat(c.get("version").isInt()).isTrue();
    assertThat(c.get("id").asText()).isEqualTo(config.id());
    assertThat(c.get("chunker_polynomial").asText()).matches("[0-9a-f]+");

    // a second init fails: exit 1 on every version, typed by restic4j
    RawResult again = restic.run(repo, "init");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).contains("config file already exists");
    assertThat(catchThrowableOfType(RepositoryAlreadyExistsException.class, api::init))
        .as("second init through restic4j")
        .isNotNull();
    restic.passed("init");
  }

  @Test
  void versionReportsTheVersion() {
    RawResult v = restic.run(restic.newLocation("none"), "version", "--json");
    assertThat(v.exitCode()).isZero();
    String version = restic.version().raw();
    if (restic.atLeast(17, 0)) {
      JsonNode o = json(lastLine(v));
      Set<String> expected =
          new LinkedHashSet<>(List.of("version", "go_version", "go_os", "go_arch"));
      if (restic.atLeast(18, 0)) {
        expected.add("message_type");
        assertThat(o.get("message_type").asText()).isEqualTo("version");
      }
      assertThat(names(o)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(o.get("version").asText()).isEqualTo(version);
      assertThat(o.get("go_version").asText()).startsWith("go1.");
    } else {
      assertThat(v.stdout()).startsWith("restic " + version + " compiled with go1.");
    }
    restic.passed("version");
  }

  // ---------------------------------------------------------------- backup and snapshots

  @Test
  void backupSummaryHasTheVersionsFieldsWithTheirTypes() {
    Repo repo = restic.dataRepo();
    Path src = restic.sourceTree("backup-src");
    RawResult raw = restic.run(repo, "backup", "--json", "--quiet", src.toString());
    assertThat(raw.exitCode()).as("backup: %s", raw).isZero();
    JsonNode s = json(lastLine(raw));
    Set<String> expected =
        new LinkedHashSet<>(
            List.of(
                "message_type",
                "files_new",
                "files_changed",
                "files_unmodified",
                "dirs_new",
                "dirs_changed",
                "dirs_unmodified",
                "data_blobs",
                "tree_blobs",
                "data_added",
                "total_files_processed",
                "total_bytes_processed",
                "total_duration",
                "snapshot_id"));
    if (restic.atLeast(17, 0)) {
      expected.add("data_added_packed");
    }
    if (restic.atLeast(18, 0)) {
      expected.add("backup_start");
      expected.add("backup_end");
    }
    assertThat(names(s)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(s.get("message_type").asText()).isEqualTo("summary");
    for (String n : expected) {
      if (n.startsWith("files_")
          || n.startsWith("dirs_")
          || n.endsWith("_blobs")
          || n.startsWith("data_added")
          || n.startsWith("total_") && !n.equals("total_duration")) {
        assertThat(s.get(n).isIntegralNumber()).as("%s is an integer: %s", n, s).isTrue();
      }
    }
    assertThat(s.get("total_duration").isNumber()).isTrue();
    assertThat(s.get("files_new").asLong()).isEqualTo(3);
    // the absolute source keeps its parent directories in the tree: they are new directories too
    assertThat(s.get("dirs_new").asLong()).isEqualTo(src.getNameCount() + 1);
    assertThat(s.get("total_files_processed").asLong()).isEqualTo(3);
    assertThat(s.get("total_bytes_processed").asLong()).isEqualTo(6 + 12 + 41);
    assertThat(s.get("snapshot_id").asText()).matches(restic.atLeast(15, 0) ? HEX64 : HEX8);
    if (restic.atLeast(18, 0)) {
      assertThat(s.get("backup_start").asText()).matches(RFC3339);
      assertThat(s.get("backup_end").asText()).matches(RFC3339);
    }

    // the tree keeps the absolute source path with its parents, depth first
    RawResult ls = restic.run(repo, "ls", "--json", s.get("snapshot_id").asText());
    assertThat(ls.exitCode()).as("ls: %s", ls).isZero();
    List<String> expectedPaths = new ArrayList<>();
    for (int i = 1; i <= src.getNameCount(); i++) {
      expectedPaths.add(src.getRoot().resolve(src.subpath(0, i)).toString());
    }
    for (String f : List.of("a.txt", "b.txt", "sub", "sub/c.txt")) {
      expectedPaths.add(src.resolve(f).toString());
    }
    List<String> paths = new ArrayList<>();
    for (String line : ls.stdoutLines()) {
      JsonNode n = json(line);
      if ("node".equals(n.path("struct_type").asText())) {
        assertThat(names(n)).contains("name", "type", "path", "mtime");
        assertThat(n.get("type").asText()).isIn("dir", "file");
        if (n.get("type").asText().equals("file")) {
          assertThat(n.get("size").isIntegralNumber()).isTrue();
        }
        paths.add(n.get("path").asText());
      } else {
        assertThat(n.path("struct_type").asText()).isEqualTo("snapshot");
        assertThat(n.get("id").asText()).startsWith(s.get("snapshot_id").asText());
      }
    }
    assertThat(paths).containsExactlyElementsOf(expectedPaths);

    // restic4j over the same source: the parent is found, nothing is new
    BackupSummary again = restic.open(repo).backup(BackupRequest.of(src));
    assertThat(again.snapshotCreated()).isTrue();
    assertThat(again.isComplete()).isTrue();
    assertThat(again.filesNew()).isZero();
    assertThat(again.filesUnmodified()).isEqualTo(3);
    assertThat(again.totalFilesProcessed()).isEqualTo(3);
    assertThat(again.snapshotId()).matches(restic.atLeast(15, 0) ? HEX64 : HEX8);
    assertThat(again.backupStart() != null).isEqualTo(restic.atLeast(18, 0));
    restic.passed("backup summary");
  }

  @Test
  void snapshotsJsonHasTheVersionsFieldsWithTheirTypes() {
    Repo repo = restic.dataRepo();
    ResticRepository api = restic.open(repo);
    Path src = restic.sourceTree("snapshots-src");
    BackupSummary first = api.backup(BackupRequest.of(src));
    BackupSummary second = api.backup(BackupRequest.builder().path(src).tag("contract").build());

    RawResult raw = restic.run(repo, "snapshots", "--json", "--path", src.toString());
    assertThat(raw.exitCode()).as("snapshots: %s", raw).isZero();
    JsonNode arr = json(raw.stdout());
    assertThat(arr.isArray()).isTrue();
    assertThat(arr).hasSize(2);
    JsonNode older = arr.get(0);
    JsonNode newer = arr.get(1);
    for (JsonNode s : arr) {
      Set<String> required =
          new LinkedHashSet<>(
              List.of("time", "tree", "paths", "hostname", "username", "id", "short_id"));
      if (restic.atLeast(16, 0)) {
        required.add("program_version");
      }
      if (restic.atLeast(17, 0)) {
        required.add("summary");
      }
      if (s == newer) {
        required.add("tags");
        required.add("parent");
      }
      Set<String> allowed = new LinkedHashSet<>(required);
      allowed.addAll(List.of("uid", "gid")); // omitted when 0 (root)
      assertThat(names(s)).containsAll(required);
      assertThat(allowed).containsAll(names(s));
      assertHex64(s.get("id"));
      assertHex64(s.get("tree"));
      assertThat(s.get("short_id").asText()).matches(HEX8);
      assertThat(s.get("id").asText()).startsWith(s.get("short_id").asText());
      assertThat(s.get("time").asText()).matches(RFC3339);
      assertThat(s.get("paths").isArray()).isTrue();
      assertThat(s.get("paths")).hasSize(1);
      assertThat(s.get("paths").get(0).asText()).isEqualTo(src.toString());
      assertThat(s.get("hostname").asText()).isEqualTo(restic.hostname());
      assertThat(s.get("username").isTextual()).isTrue();
      for (String id : List.of("uid", "gid")) {
        if (s.has(id)) {
          assertThat(s.get(id).isIntegralNumber()).isTrue();
        }
      }
      if (restic.atLeast(16, 0)) {
        assertThat(s.get("program_version").asText()).isEqualTo("restic " + restic.version().raw());
      }
      if (restic.atLeast(17, 0)) {
        JsonNode sum = s.get("summary");
        assertThat(names(sum))
            .containsExactlyInAnyOrder(
                "backup_start",
                "backup_end",
                "files_new",
                "files_changed",
                "files_unmodified",
                "dirs_new",
                "dirs_changed",
                "dirs_unmodified",
                "data_blobs",
                "tree_blobs",
                "data_added",
                "data_added_packed",
                "total_files_processed",
                "total_bytes_processed");
        assertThat(sum.get("backup_start").asText()).matches(RFC3339);
        assertThat(sum.get("total_files_processed").isIntegralNumber()).isTrue();
        assertThat(sum.get("total_files_processed").asLong()).isEqualTo(3);
      }
    }
    assertThat(newer.get("parent").asText()).isEqualTo(older.get("id").asText());
    assertThat(newer.get("tags").isArray()).isTrue();
    assertThat(newer.get("tags").get(0).asText()).isEqualTo("contract");
    assertThat(older.get("id").asText()).startsWith(first.snapshotId());
    assertThat(newer.get("id").asText()).startsWith(second.snapshotId());

    // restic4j reads the same
    List<Snapshot> typed = api.snapshots(SnapshotsRequest.builder().path(src.toString()).build());
    assertThat(typed)
        .extracting(Snapshot::id)
        .containsExactly(older.get("id").asText(), newer.get("id").asText());
    Snapshot t = typed.get(1);
    assertThat(t.hostname()).isEqualTo(restic.hostname());
    assertThat(t.paths()).containsExactly(src.toString());
    assertThat(t.tags()).containsExactly("contract");
    assertThat(t.parent()).isEqualTo(older.get("id").asText());
    assertThat(t.time()).isEqualTo(OffsetDateTime.parse(newer.get("time").asText()));
    assertThat(t.summary() != null).isEqualTo(restic.atLeast(17, 0));
    restic.passed("snapshots JSON");
  }

  @Test
  void forgetKeepLastKeepsTheNewestAndRemovesTheRest() {
    Repo repo = restic.dataRepo();
    ResticRepository api = restic.open(repo);
    Path src = restic.sourceTree("forget-src");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      api.backup(BackupRequest.of(src));
    }
    api.snapshots(SnapshotsRequest.builder().path(src.toString()).build())
        .forEach(s -> ids.add(s.id()));
    assertThat(ids).hasSize(2);

    // the raw shape, with --dry-run so that restic4j can do the real forget afterwards
    RawResult raw =
        restic.run(
            repo, "forget", "--json", "--dry-run", "--keep-last", "1", "--path", src.toString());
    assertThat(raw.exitCode()).as("forget: %s", raw).isZero();
    JsonNode groups = json(lastLine(raw));
    assertThat(groups.isArray()).isTrue();
    assertThat(groups).hasSize(1);
    JsonNode g = groups.get(0);
    assertThat(names(g))
        .containsExactlyInAnyOrder("tags", "host", "paths", "keep", "remove", "reasons");
    assertThat(g.get("tags").isNull()).isTrue();
    assertThat(g.get("host").asText()).isEqualTo(restic.hostname());
    assertThat(g.get("paths").get(0).asText()).isEqualTo(src.toString());
    assertThat(ids(g.get("keep"))).containsExactly(ids.get(1));
    assertThat(ids(g.get("remove"))).containsExactly(ids.get(0));
    JsonNode reasons = g.get("reasons");
    assertThat(reasons).hasSize(1);
    JsonNode reason = reasons.get(0);
    if (restic.atLeast(17, 0)) {
      assertThat(names(reason)).containsExactlyInAnyOrder("snapshot", "matches");
      assertThat(reason.get("snapshot").get("id").asText()).isEqualTo(ids.get(1));
    } else {
      assertThat(names(reason)).containsExactlyInAnyOrder("snapshot", "matches", "counters");
      assertThat(reason.get("snapshot").has("id")).isFalse();
    }
    assertThat(reason.get("matches").get(0).asText()).isEqualTo("last snapshot");
    assertThat(reason.get("matches")).hasSize(1);

    // restic4j: the same decision, carried out
    ForgetResult result =
        api.forget(ForgetRequest.builder().keepLast(1).path(src.toString()).build());
    assertThat(result.groups()).hasSize(1);
    assertThat(result.kept()).extracting(Snapshot::id).containsExactly(ids.get(1));
    assertThat(result.removed()).extracting(Snapshot::id).containsExactly(ids.get(0));
    assertThat(result.groups().get(0).reasons()).hasSize(1);
    assertThat(api.snapshots(SnapshotsRequest.builder().path(src.toString()).build()))
        .extracting(Snapshot::id)
        .containsExactly(ids.get(1));
    restic.passed("forget --keep-last");
  }

  @Test
  void checkOfAHealthyRepositoryIsOk() {
    Repo repo = restic.dataRepo();
    CheckResult typed = restic.open(repo).check(CheckRequest.builder().build());
    assertThat(typed.ok()).isTrue();
    assertThat(typed.errors()).isEmpty();
    assertThat(typed.suggestRepairIndex()).isFalse();
    assertThat(typed.suggestPrune()).isFalse();

    RawResult raw = restic.run(repo, "check", "--json");
    assertThat(raw.exitCode()).as("check: %s", raw).isZero();
    if (restic.atLeast(18, 0)) {
      JsonNode s = json(lastLine(raw));
      assertThat(names(s))
          .containsExactlyInAnyOrder(
              "message_type",
              "num_errors",
              "broken_packs",
              "suggest_repair_index",
              "suggest_prune");
      assertThat(s.get("message_type").asText()).isEqualTo("summary");
      assertThat(s.get("num_errors").isIntegralNumber()).isTrue();
      assertThat(s.get("num_errors").asLong()).isZero();
      assertThat(s.get("suggest_repair_index").isBoolean()).isTrue();
      assertThat(s.get("suggest_prune").isBoolean()).isTrue();
    } else {
      assertThat(raw.stdout()).contains("no errors were found");
    }
    restic.passed("check");
  }

  @Test
  void checkOfARepositoryWithoutIndexFailsUntilRepairIndex() {
    Repo repo = restic.newLocation("damaged");
    ResticRepository api = restic.open(repo);
    api.init();
    api.backup(BackupRequest.of(restic.sourceTree("damaged-src")));
    restic.damageIndex(repo);

    // restic4j: a result, not an exception; the tree is missing and restic hints prune
    CheckResult typed = api.check(CheckRequest.builder().build());
    assertThat(typed.ok()).isFalse();
    assertThat(typed.errors()).anyMatch(e -> e.startsWith("error for tree "));
    assertThat(typed.errors()).anyMatch(e -> e.matches("id [0-9a-f]{64} not found in repository"));
    assertThat(typed.suggestPrune()).isTrue();
    assertThat(typed.suggestRepairIndex()).isFalse();

    // raw: exit 1 and the version's shape
    RawResult text = restic.run(repo, "check");
    assertThat(text.exitCode()).as("check: %s", text).isEqualTo(1);
    assertThat(text.stdout()).contains("you can run `restic prune` to correct this.");
    assertThat(text.stdout().contains("not referenced in any index"))
        .as("per-pack lines: %s", text)
        .isEqualTo(!restic.atLeast(15, 0));
    assertThat(text.stderr())
        .startsWith("error for tree ")
        .endsWith("Fatal: repository contains errors\n");
    assertThat(text.stderr().contains("The repository is damaged and must be repaired."))
        .as("troubleshooting hint: %s", text)
        .isEqualTo(restic.atLeast(15, 0));
    if (restic.atLeast(18, 0)) {
      RawResult raw = restic.run(repo, "--json", "check");
      assertThat(raw.exitCode()).isEqualTo(1);
      JsonNode s = json(lastLine(raw));
      assertThat(s.get("message_type").asText()).isEqualTo("summary");
      assertThat(s.get("num_errors").asLong()).isEqualTo(1);
      assertThat(s.get("suggest_prune").asBoolean()).isTrue();
      assertThat(s.get("suggest_repair_index").asBoolean()).isFalse();
      List<String> errs = raw.stderr().lines().toList();
      assertThat(errs).hasSize(4);
      assertThat(json(errs.get(0)).get("message").asText()).startsWith("error for tree ");
      assertThat(json(errs.get(3)).get("message_type").asText()).isEqualTo("exit_error");
      assertThat(json(errs.get(3)).get("code").asInt()).isEqualTo(1);
    }

    // repair index rebuilds the index; check is clean again
    api.repairIndex();
    assertThat(api.check(CheckRequest.builder().build()).ok()).isTrue();
    restic.passed("check of a repository without index, repair index");
  }

  @Test
  void repairIndexUsesTheVersionsCommandAndOutputShape() {
    Repo repo = restic.dataRepo();
    ResticRepository api = restic.open(repo);
    api.backup(BackupRequest.of(restic.sourceTree("repair-src")));
    // the repository is healthy: restic takes the existing index files over and reads no pack
    RepairIndexResult typed = api.repairIndex();
    assertThat(typed.readPackFiles()).isFalse();
    assertThat(typed.packsRead()).isZero();
    assertThat(typed.oldIndexesDeleted()).isNotNegative();
    if (restic.atLeast(17, 0)) {
      assertThat(typed.indexesProcessed()).isNotNegative();
      assertThat(typed.packsProcessed()).isEqualTo(-1);
    } else {
      assertThat(typed.packsProcessed()).isNotNegative();
      assertThat(typed.indexesProcessed()).isEqualTo(-1);
    }

    // raw: --read-all-packs reads the pack files; the last lines are the version's shape
    String[] command =
        restic.atLeast(16, 0)
            ? new String[] {"repair", "index", "--read-all-packs"}
            : new String[] {"rebuild-index", "--read-all-packs"};
    RawResult raw = restic.run(repo, command);
    assertThat(raw.exitCode()).as("repair: %s", raw).isZero();
    assertThat(raw.stdout())
        .startsWith("getting pack files to read...\nreading pack files\n")
        .containsPattern("(?m)^\\[0:00\\] 100\\.00%  (\\d+) / \\1 packs$")
        .endsWith("done\n");
    if (restic.atLeast(17, 0)) {
      assertThat(raw.stdout())
          .containsPattern("(?m)^rebuilding index\n\\[0:00\\] .* indexes processed\n")
          .containsPattern("(?m)^\\[0:00\\] .* old indexes deleted\ndone\n$");
    } else {
      assertThat(raw.stdout())
          .containsPattern("(?m)^rebuilding index\n\\[0:00\\] .* packs processed\n\n")
          .containsPattern(
              "(?m)^deleting obsolete index files\n\\[0:00\\] .* files deleted\n\ndone\n$");
    }

    // the other name: unknown before 0.16, a deprecated alias from 0.16 on
    if (restic.atLeast(16, 0)) {
      RawResult alias = restic.run(repo, "rebuild-index");
      assertThat(alias.exitCode()).as("rebuild-index: %s", alias).isZero();
      assertThat(alias.stderr())
          .startsWith("Command \"rebuild-index\" is deprecated, Use \"repair index\" instead");
      assertThat(alias.stdout()).startsWith("loading indexes...\n").endsWith("done\n");
    } else {
      RawResult unknown = restic.run(repo, "repair", "index");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.stdout()).isEmpty();
      assertThat(unknown.stderr()).startsWith("unknown command \"repair\" for \"restic\"");
    }
    restic.passed("repair index");
  }

  // ---------------------------------------------------------------- failures

  @Test
  void wrongPasswordExitsWith12From0171And1Before() {
    Repo repo = restic.dataRepo();
    int code = restic.atLeast(17, 1) ? 12 : 1;
    WrongPasswordException e =
        catchThrowableOfType(
            WrongPasswordException.class,
            () -> restic.open(repo, "not-" + repo.password()).snapshots());
    assertThat(e).as("WrongPasswordException").isNotNull();
    assertThat(e.exitCode()).isEqualTo(code);

    RawResult raw =
        restic.run(new Repo(repo.location(), "not-" + repo.password()), "snapshots", "--json");
    assertThat(raw.exitCode()).isEqualTo(code);
    assertThat(raw.stdout()).isEmpty();
    assertFatal(raw, code, "Fatal: wrong password or no key found");
    restic.passed("wrong password");
  }

  @Test
  void missingRepositoryExitsWith10From017And1Before() {
    Repo missing = restic.newLocation("missing");
    int code = restic.atLeast(17, 0) ? 10 : 1;
    RepositoryNotFoundException e =
        catchThrowableOfType(
            RepositoryNotFoundException.class, () -> restic.open(missing).snapshots());
    assertThat(e).as("RepositoryNotFoundException").isNotNull();
    assertThat(e.exitCode()).isEqualTo(code);

    RawResult raw = restic.run(missing, "snapshots", "--json");
    assertThat(raw.exitCode()).isEqualTo(code);
    assertThat(raw.stdout()).isEmpty();
    assertFatal(
        raw,
        code,
        (restic.atLeast(17, 0) ? "Fatal: repository does not exist: " : "Fatal: ")
            + "unable to open config file: stat "
            + missing.location()
            + "/config: no such file or directory\nIs there a repository at the following"
            + " location?\n"
            + missing.location());
    restic.passed("missing repository");
  }

  // ---------------------------------------------------------------- locks

  @Test
  void liveExclusiveLockBlocksWithTheHoldersDetailsAndOnlyRemoveAllRemovesIt() {
    Repo repo = restic.lockRepo();
    ResticRepository api = restic.open(repo);
    Path src = restic.sourceTree("lock-src");
    int code = restic.atLeast(17, 0) ? 11 : 1;
    boolean passed = false;
    try (LockHolder holder = restic.liveExclusiveLock(repo)) {
      try {
        assertThat(holder.lockId()).matches(HEX64);
        List<String> locks = api.listLocks();
        assertThat(locks).containsExactly(holder.lockId());

        RepositoryLockedException e =
            catchThrowableOfType(
                RepositoryLockedException.class, () -> api.backup(BackupRequest.of(src)));
        assertThat(e).as("backup must fail because of the lock").isNotNull();
        assertThat(e.exitCode()).isEqualTo(code);
        LockConflict c = e.conflict().orElseThrow();
        assertThat(c.pid()).isEqualTo(holder.pid());
        assertThat(c.hostname()).isEqualTo(restic.hostname());
        assertThat(c.exclusive()).isTrue();
        assertThat(c.storageIdPrefix()).matches(HEX8);
        assertThat(locks).anySatisfy(id -> assertThat(id).startsWith(c.storageIdPrefix()));
        assertThat(c.age().isNegative()).isFalse();

        LockInfo info = api.catLock(holder.lockId());
        assertThat(info.exclusive()).isTrue();
        assertThat(info.pid()).isEqualTo(holder.pid());
        assertThat(info.hostname()).isEqualTo(restic.hostname());

        // raw: the exit code, and the exit_error JSON on 0.18+
        RawResult raw = restic.run(repo, "snapshots", "--json");
        assertThat(raw.exitCode()).as("locked snapshots: %s", raw).isEqualTo(code);
        String expected =
            "repository is already locked exclusively by PID "
                + holder.pid()
                + " on "
                + restic.hostname()
                + " by ";
        if (restic.atLeast(18, 0)) {
          JsonNode err = json(lastLine(raw.stderr()));
          assertThat(err.get("message_type").asText()).isEqualTo("exit_error");
          assertThat(err.get("code").asInt()).isEqualTo(code);
          assertThat(err.get("message").asText()).contains(expected);
        } else {
          assertThat(raw.stderr()).contains(expected);
        }

        // --retry-lock (0.16+): restic waits for the lock, then fails just the same
        if (restic.atLeast(16, 0)) {
          CallOptions retry = CallOptions.defaults().withRetryLock(Duration.ofSeconds(1));
          long start = System.nanoTime();
          RepositoryLockedException waited =
              catchThrowableOfType(
                  RepositoryLockedException.class,
                  () -> api.run(SnapshotsRequest.builder().build(), retry));
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          assertThat(waited).as("still locked after --retry-lock 1s").isNotNull();
          assertThat(waited.exitCode()).isEqualTo(code);
          assertThat(waited.conflict().orElseThrow().pid()).isEqualTo(holder.pid());
          assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
          restic.passed("--retry-lock waits");
        }

        // repair index takes an exclusive lock: refused, typed, with the holder's details
        RepositoryLockedException repair =
            catchThrowableOfType(RepositoryLockedException.class, api::repairIndex);
        assertThat(repair).as("repair index must fail because of the lock").isNotNull();
        assertThat(repair.exitCode()).isEqualTo(code);
        assertThat(repair.conflict().orElseThrow().pid()).isEqualTo(holder.pid());

        // plain unlock leaves a live lock alone
        UnlockResult stale = api.unlock(UnlockRequest.staleOnly());
        assertThat(stale.removed()).isEmpty();
        assertThat(stale.remaining()).containsExactly(holder.lockId());
        assertThat(holder.alive()).isTrue();

        // --remove-all removes it although its holder runs
        UnlockResult all = api.unlock(UnlockRequest.builder().removeAll().build());
        assertThat(all.removed()).containsExactly(holder.lockId());
        assertThat(all.remaining()).isEmpty();
        passed = true;
      } finally {
        if (!passed) {
          removeAllLocks(repo);
        }
      }
    }
    restic.passed("live exclusive lock");
    restic.passed("unlock vs unlock --remove-all");
  }

  @Test
  void staleLockOfADeadHolderBlocksUntilPlainUnlockRemovesIt() {
    Repo repo = restic.lockRepo();
    ResticRepository api = restic.open(repo);
    Path src = restic.sourceTree("stale-src");
    int code = restic.atLeast(17, 0) ? 11 : 1;
    boolean passed = false;
    try (LockHolder holder = restic.deadExclusiveLock(repo)) {
      try {
        assertThat(holder.alive()).isFalse();

        RepositoryLockedException e =
            catchThrowableOfType(
                RepositoryLockedException.class, () -> api.backup(BackupRequest.of(src)));
        assertThat(e).as("backup must fail because of the stale lock").isNotNull();
        assertThat(e.exitCode()).isEqualTo(code);
        LockConflict c = e.conflict().orElseThrow();
        assertThat(c.pid()).isEqualTo(holder.pid());
        assertThat(c.hostname()).isEqualTo(restic.hostname());
        assertThat(c.exclusive()).isTrue();
        assertThat(holder.lockId()).startsWith(c.storageIdPrefix());

        UnlockResult unlocked = api.unlock(UnlockRequest.staleOnly());
        assertThat(unlocked.removed()).containsExactly(holder.lockId());
        assertThat(unlocked.remaining()).isEmpty();
        assertThat(unlocked.appeared()).isEmpty();
        assertThat(api.backup(BackupRequest.of(src)).snapshotCreated()).isTrue();
        passed = true;
      } finally {
        if (!passed) {
          removeAllLocks(repo);
        }
      }
    }
    restic.passed("stale lock + unlock");
  }

  @Test
  void retryLockIsAnUnknownFlagBefore016AndAcceptedFrom016() {
    Repo repo = restic.lockRepo();
    ResticRepository api = restic.open(repo);
    CallOptions retry = CallOptions.defaults().withRetryLock(Duration.ofSeconds(1));
    SnapshotsRequest snapshots = SnapshotsRequest.builder().build();
    if (!restic.atLeast(16, 0)) {
      UnsupportedVersionException e =
          catchThrowableOfType(UnsupportedVersionException.class, () -> api.run(snapshots, retry));
      assertThat(e).as("restic4j refuses --retry-lock before running restic").isNotNull();
      assertThat(e.required()).isEqualTo("0.16.0");

      RawResult raw = restic.run(repo, "--retry-lock", "1s", "snapshots", "--json");
      assertThat(raw.exitCode()).isEqualTo(1);
      assertThat(raw.stdout()).isEmpty();
      assertThat(raw.stderr()).startsWith("unknown flag: --retry-lock");
      restic.passed("--retry-lock unknown");
      return;
    }
    // accepted from 0.16 (waiting for a held lock is part of the live-lock scenario)
    RawResult raw = restic.run(repo, "--retry-lock", "1s", "snapshots", "--json");
    assertThat(raw.exitCode()).as("snapshots --retry-lock: %s", raw).isZero();
    assertThat(json(lastLine(raw)).isArray()).isTrue();
    restic.passed("--retry-lock accepted");
  }

  // ---------------------------------------------------------------- helpers

  /** Cleans up after a failed lock scenario, so that the next one starts without locks. */
  private void removeAllLocks(Repo repo) {
    RawResult r = restic.run(repo, "unlock", "--remove-all");
    assertThat(r.exitCode()).as("unlock --remove-all: %s", r).isZero();
  }

  /** A fatal error of a {@code --json} run: {@code exit_error} JSON on 0.18+, text before. */
  private void assertFatal(RawResult raw, int code, String message) {
    if (restic.atLeast(18, 0)) {
      JsonNode err = json(lastLine(raw.stderr()));
      assertThat(names(err)).containsExactlyInAnyOrder("message_type", "code", "message");
      assertThat(err.get("message_type").asText()).isEqualTo("exit_error");
      assertThat(err.get("code").isInt()).isTrue();
      assertThat(err.get("code").asInt()).isEqualTo(code);
      assertThat(err.get("message").asText()).isEqualTo(message);
    } else {
      assertThat(raw.stderr().strip()).isEqualTo(message);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  static String lastLine(RawResult r) {
    List<String> lines = r.stdoutLines();
    assertThat(lines).as("stdout of %s", r).isNotEmpty();
    return lines.get(lines.size() - 1);
  }

  static String lastLine(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as("lines of %s", text).isNotEmpty();
    return lines.get(lines.size() - 1);
  }

  static Set<String> names(JsonNode o) {
    assertThat(o.isObject()).as("a JSON object: %s", o).isTrue();
    Set<String> names = new LinkedHashSet<>();
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  static List<String> ids(JsonNode snapshots) {
    assertThat(snapshots.isArray()).as("an array: %s", snapshots).isTrue();
    List<String> out = new ArrayList<>();
    snapshots.forEach(s -> out.add(s.get("id").asText()));
    return out;
  }

  static void assertHex64(JsonNode n) {
    assertThat(n).isNotNull();
    assertThat(n.isTextual()).as("a string: %s", n).isTrue();
    assertThat(n.asText()).matches(HEX64);
  }
}
