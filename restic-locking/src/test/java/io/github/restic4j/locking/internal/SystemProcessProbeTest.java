package io.github.restic4j.locking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.locking.ProcessProbe;
import io.github.restic4j.locking.ProcessStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SystemProcessProbeTest {

  @Test
  void seesThisJvmAsARunningNonResticProcess() {
    ProcessStatus s = ProcessProbe.system().probe(ProcessHandle.current().pid());
    assertThat(s.alive()).isTrue();
    assertThat(s.signalable()).isTrue();
    assertThat(s.startedAt()).hasValueSatisfying(t -> assertThat(t).isBefore(Instant.now()));
    assertThat(s.command()).isPresent();
    assertThat(s.looksLikeRestic()).isFalse();
  }

  @Test
  void exitedProcessIsDead() throws Exception {
    Process p = new ProcessBuilder("true").start();
    long pid = p.pid();
    p.waitFor();
    assertThat(ProcessProbe.system().probe(pid).alive()).isFalse();
    assertThat(ProcessProbe.system().probe(0).alive()).isFalse();
  }

  @Test
  void hostnameIsReadable() {
    assertThat(Hostnames.local()).isNotNull();
  }
}
