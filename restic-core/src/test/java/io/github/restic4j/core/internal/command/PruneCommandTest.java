package io.github.restic4j.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.command.PruneRequest;
import io.github.restic4j.core.command.PruneSummary;
import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.core.error.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

class PruneCommandTest {

  private static final ResticVersion V14 = ResticVersion.of(0, 14, 0);
  private static final ResticVersion V18 = ResticVersion.of(0, 18, 0);

  private static PruneSummary parse(String corpus) {
    var r = CorpusRun.replay(new PruneCommand(PruneRequest.builder().build(), V18), corpus);
    assertThat(r.success()).isTrue();
    return r.finish();
  }

  @Test
  void unreferencedPacks014() {
    PruneSummary s = parse("0.14.0_empty_lock_file_prune");
    assertThat(s.deleteBlobs()).isZero();
    assertThat(s.deleteBytes()).isEqualTo(Math.round(810.205 * 1024 * 1024));
    assertThat(s.totalPruneBytes()).isEqualTo(Math.round(810.205 * 1024 * 1024));
    assertThat(s.remainingBlobs()).isEqualTo(27);
    assertThat(s.remainingBytes()).isEqualTo(Math.round(3.018 * 1024));
    assertThat(s.unreferencedFilesDeleted()).isEqualTo(48);
    assertThat(s.unusedBytesAfterPrune()).isZero();
    assertThat(s.unusedPercentAfterPrune()).isZero();
    assertThat(s.dryRun()).isFalse();
  }

  @Test
  void unreferencedPacks018() {
    PruneSummary s = parse("0.18.0_prune_after_unlock");
    assertThat(s.deleteBytes()).isEqualTo(Math.round(116.011 * 1024 * 1024));
    assertThat(s.remainingBlobs()).isEqualTo(23);
    assertThat(s.unreferencedFilesDeleted()).isEqualTo(7);
  }

  @Test
  void nothingToDo018And019() {
    PruneSummary s18 = parse("0.18.0_prune_json");
    assertThat(s18.remainingBlobs()).isEqualTo(12);
    assertThat(s18.remainingBytes()).isEqualTo(Math.round(2.324 * 1024));
    assertThat(s18.totalPruneBlobs()).isZero();
    PruneSummary s19 = parse("0.19.1_prune_json");
    assertThat(s19.remainingBlobs()).isEqualTo(23);
    assertThat(s19.remainingBytes()).isEqualTo(Math.round(2.518 * 1024));
    PruneSummary s14 = parse("0.14.0_prune_json");
    assertThat(s14.remainingBytes()).isEqualTo(Math.round(2.294 * 1024));
  }

  @Test
  void dryRunMarker() {
    PruneSummary s = parse("0.18.0_after_kill9_prune_dryrun_nolock");
    assertThat(s.dryRun()).isTrue();
    assertThat(s.deleteBytes()).isEqualTo(Math.round(116.011 * 1024 * 1024));
    assertThat(s.unreferencedFilesDeleted()).isZero();
  }

  @Test
  void retryLockNoticeBeforeReportIsIgnored() {
    PruneSummary s = parse("0.18.0_retry_lock_2m_prune_succeeds_after_release");
    assertThat(s.remainingBlobs()).isEqualTo(26);
  }

  @Test
  void lockedIsNotSuccess() {
    var r =
        CorpusRun.replay(
            new PruneCommand(PruneRequest.builder().build(), V18),
            "0.18.0_after_kill9_prune_locked");
    assertThat(r.success()).isFalse();
  }

  @Test
  void argumentsAndGates() {
    PruneRequest req =
        PruneRequest.builder()
            .maxUnused("5%")
            .maxRepackSize("2G")
            .repackCacheableOnly()
            .repackSmall()
            .repackUncompressed()
            .dryRun()
            .build();
    assertThat(new PruneCommand(req, V18).arguments())
        .containsExactly(
            "prune",
            "--max-unused",
            "5%",
            "--max-repack-size",
            "2G",
            "--repack-cacheable-only",
            "--repack-small",
            "--repack-uncompressed",
            "--dry-run");
    assertThatThrownBy(() -> new PruneCommand(req, V14))
        .isInstanceOf(UnsupportedVersionException.class)
        .hasMessageContaining("0.15.0");
    assertThatThrownBy(() -> PruneRequest.builder().maxUnused("lots"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("lots");
    assertThatThrownBy(() -> PruneRequest.builder().maxRepackSize("2 GB"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("2 GB");
  }

  @Test
  void unitConversion() {
    assertThat(PruneReport.bytes("905", "B")).isEqualTo(905);
    assertThat(PruneReport.bytes("1.5", "GiB")).isEqualTo(1610612736L);
  }
}
