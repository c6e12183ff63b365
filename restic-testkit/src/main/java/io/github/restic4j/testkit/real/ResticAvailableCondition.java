package io.github.restic4j.testkit.real;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit condition behind {@link EnabledIfResticAvailable}: enabled when everything the
 * annotation asks for is installed; otherwise disabled locally and failed under CI ({@code
 * CI=true}).
 */
public final class ResticAvailableCondition implements ExecutionCondition {

  /** Creates the condition; JUnit does this. */
  public ResticAvailableCondition() {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    EnabledIfResticAvailable annotation =
        context
            .getElement()
            .flatMap(e -> AnnotationSupport.findAnnotation(e, EnabledIfResticAvailable.class))
            .orElse(null);
    if (annotation == null) {
      return ConditionEvaluationResult.enabled("@EnabledIfResticAvailable not present");
    }
    ResticInstallations installations = ResticInstallations.get();
    List<String> missing = missing(annotation, installations);
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("real restic available: " + installations.restics());
    }
    String message =
        String.join("; ", missing)
            + ". Install with '"
            + ResticInstallations.INSTALL_HINT
            + "' or set -D"
            + ResticInstallations.BINARIES_PROPERTY
            + " / $"
            + ResticInstallations.BINARIES_ENV;
    if (ResticInstallations.isCi()) {
      throw new AssertionError(message + " [CI=true: missing binaries fail the run]");
    }
    return ConditionEvaluationResult.disabled(message);
  }

  static List<String> missing(
      EnabledIfResticAvailable annotation, ResticInstallations installations) {
    List<String> missing = new ArrayList<>();
    if (installations.restics().isEmpty()) {
      missing.add(
          "no real restic binary available via "
              + installations.source()
              + (installations.problems().isEmpty()
                  ? ""
                  : " (" + String.join("; ", installations.problems()) + ")"));
    }
    for (String v : annotation.versions()) {
      if (installations.restic(v).isEmpty()) {
        missing.add("restic " + v + ".x is not installed");
      }
    }
    if (annotation.restServer() && installations.restServer().isEmpty()) {
      missing.add("restic-rest-server is not installed");
    }
    if (annotation.s3Proxy() && installations.s3proxyJar().isEmpty()) {
      missing.add("S3Proxy is not installed");
    }
    return missing;
  }
}
