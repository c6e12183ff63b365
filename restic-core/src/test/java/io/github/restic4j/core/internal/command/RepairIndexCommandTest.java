package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.RepairIndexRequest;
import io.github.restic4j.core.command.RepairIndexResult;
import io.github.restic4j.core.error.InvalidUsageException;
import io.github.restic4j.core.internal.CommandFactory;
import io.github.restic4j.core.internal.ErrorClassifier;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Parses real captures from src/test/resources/corpus (see the README there). */
class RepairIndexCommandTest {

  private static final ResticVersion V14 = ResticVersion.of(0, 14, 0);
  private static final ResticVersion V16 = ResticVersion.of(0, 16, 0);
  private static final ResticVersion V18 = ResticVersion.of(0, 18, 0);
  private static final ResticVersion V19 = ResticVersion.of(0, 19, 1);

  private static RepairIndexResult parse(ResticVersion v, String capture) {
    var spec = new RepairIndexCommand(RepairIndexRequest.builder().build(), v);
    var r = CorpusRun.replayResource(spec, capture);
    assertThat(r.success()).isTrue();
    return r.finish();
  }

  @Test
  void commandDependsOnVersion() {
    RepairIndexRequest plain = RepairIndexRequest.builder().build();
    RepairIndexRequest all = RepairIndexRequest.builder().readAllPacks().build();
    assertThat(new RepairIndexCommand(plain, V14).arguments()).containsExactly("rebuild-index");
    assertThat(new RepairIndexCommand(plain, ResticVersion.of(0, 15, 1)).arguments())
        .containsExactly("rebuild-index");
    assertThat(new RepairIndexCommand(plain, V16).arguments()).containsExactly("repair", "index");
    assertThat(new RepairIndexCommand(all, V19).arguments())
        .containsExactly("repair", "index", "--read-all-packs");
    assertThat(new RepairIndexCommand(all, V14).arguments())
        .containsExactly("rebuild-index", "--read-all-packs");
    // 0.14 drops its deletion counter under --json; 0.18+ print the same text with it
    assertThat(new RepairIndexCommand(plain, V14).json()).isFalse();
    assertThat(new RepairIndexCommand(plain, V18).json()).isTrue();
    assertThat(CommandFactory.create(plain, V18)).isInstanceOf(RepairIndexCommand.class);
  }

  @Test
  void requestIsExclusiveOnEveryVersion() {
    RepairIndexRequest r = RepairIndexRequest.builder().build();
    for (ResticVersion v : new ResticVersion[] {V14, V16, V18, V19}) {
      assertThat(r.lockMode(v)).isEqualTo(LockMode.EXCLUSIVE);
    }
    assertThat(r.readAllPacks()).isFalse();
    assertThat(r.timeout()).isEmpty();
    assertThat(r.command()).isEqualTo("repair index");
  }

  @Test
  void captures014() {
    // missing index: packs read; healthy: nothing read, the one old index deleted
    assertThat(parse(V14, "0.14.0_repair_index_missing_index"))
        .isEqualTo(new RepairIndexResult(true, 2, 2, -1, 0));
    assertThat(parse(V14, "0.14.0_repair_index_healthy"))
        .isEqualTo(new RepairIndexResult(false, 0, 2, -1, 1));
    // with --json 0.14 omits the deletion counter
    assertThat(parse(V14, "0.14.0_repair_index_missing_index_json"))
        .isEqualTo(new RepairIndexResult(true, 2, 2, -1, -1));
    assertThat(parse(V14, "0.14.0_repair_index_read_all_packs"))
        .isEqualTo(new RepairIndexResult(true, 2, 2, -1, 1));
  }

  @Test
  void missingIndex018And019() {
    for (String v : new String[] {"0.18.0", "0.19.1"}) {
      ResticVersion ver = ResticVersion.parse(v);
      assertThat(parse(ver, v + "_repair_index_missing_index"))
          .isEqualTo(new RepairIndexResult(true, 2, -1, 0, 0));
      assertThat(parse(ver, v + "_repair_index_missing_index_json"))
          .isEqualTo(new RepairIndexResult(true, 2, -1, 0, 0));
      assertThat(parse(ver, v + "_repair_index_healthy"))
          .isEqualTo(new RepairIndexResult(false, 0, -1, 1, 1));
      assertThat(parse(ver, v + "_repair_index_read_all_packs"))
          .isEqualTo(new RepairIndexResult(true, 2, -1, 0, 1));
      // the deprecated alias still works and prints the new shape
      assertThat(parse(ver, v + "_rebuild_index_alias"))
          .isEqualTo(new RepairIndexResult(false, 0, -1, 1, 1));
    }
  }

  @Test
  void unknownCommandOn014IsAFailure() {
    var spec = new RepairIndexCommand(RepairIndexRequest.builder().build(), V14);
    var r = CorpusRun.replayResource(spec, "0.14.0_repair_index_unknown_command");
    assertThat(r.success()).isFalse();
    assertThat(ErrorClassifier.classify(r.completion().invocation(), null, Instant.now()))
        .isInstanceOf(InvalidUsageException.class);
  }
}
