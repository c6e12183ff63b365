package io.github.restic4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.restic4j.core.Restic;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CI matrix is complete: restic 0.14, 0.18 and 0.19, rest-server and S3Proxy. Under {@code
 * CI=true} anything missing fails here; locally this test is skipped with installation advice.
 */
@ExtendWith(Exercised.class)
class InstallationIT {

  @Test
  void everyBinaryOfTheMatrixIsInstalledAndAnswersWithItsVersion() {
    ResticInstallations installations = ResticInstallations.get().requireAll();
    for (String series : List.of("0.14", "0.18", "0.19")) {
      installations.requireRestic(series);
    }
    for (ResticInstallation i : installations.restics()) {
      // the recorded version is the one the binary reports
      Restic detected = Restic.builder().binary(i.binary()).build();
      assertThat(detected.version()).isEqualTo(i.version());
    }
    assertThat(installations.restServer()).isPresent();
    assertThat(installations.s3proxyJar()).isPresent();
  }
}
