package io.github.restic4j.testkit.contract;

import io.github.restic4j.testkit.ResticPersona;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract scenarios against every persona of the fake (fast: no real restic involved). */
@ParameterizedClass(name = "{0}")
@MethodSource("personas")
class ContractFakeTest extends ContractScenarios {

  ContractFakeTest(ResticUnderTest restic) {
    super(restic);
  }

  static Stream<ResticUnderTest> personas() {
    return Arrays.stream(ResticPersona.values()).map(FakeResticUnderTest::new);
  }
}
