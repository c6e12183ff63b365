package io.github.restic4j.it.contract;

import io.github.restic4j.it.Exercised;
import io.github.restic4j.testkit.contract.ContractScenarios;
import io.github.restic4j.testkit.contract.ResticUnderTest;
import io.github.restic4j.testkit.real.EnabledIfResticAvailable;
import io.github.restic4j.testkit.real.ResticInstallation;
import io.github.restic4j.testkit.real.ResticInstallations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract scenarios of restic-testkit (the same class {@code ContractFakeTest} runs against
 * every fake persona) against the real restic 0.14, 0.18 and 0.19. Under {@code CI=true} a missing
 * version fails the run; locally the missing versions are left out (all missing: skipped).
 */
@EnabledIfResticAvailable
@ExtendWith(Exercised.class)
@ParameterizedClass(name = "{0}")
@MethodSource("restics")
class ContractRealIT extends ContractScenarios {

  /** The release series the fake's personas are proven against. */
  static final List<String> SERIES = List.of("0.14", "0.18", "0.19");

  ContractRealIT(ResticUnderTest restic) {
    super(restic);
  }

  static Stream<ResticUnderTest> restics() {
    ResticInstallations installed = ResticInstallations.get();
    List<ResticInstallation> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String series : SERIES) {
      Optional<ResticInstallation> i = installed.restic(series);
      if (i.isPresent()) {
        found.add(i.get());
      } else {
        missing.add(series);
      }
    }
    if (found.isEmpty() || (ResticInstallations.isCi() && !missing.isEmpty())) {
      ResticInstallations.missing(
          "real restic " + missing + " not installed for the contract suite (" + installed + ")");
    }
    List<ResticUnderTest> targets =
        found.stream().map(i -> (ResticUnderTest) new RealResticUnderTest(i)).toList();
    // restic init costs seconds: later versions initialize while the first one runs
    targets.forEach(ResticUnderTest::prepareInBackground);
    return targets.stream();
  }
}
