package io.github.restic4j.testkit.real;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only if a real restic binary (and, when asked for, the
 * rest-server or S3Proxy) is available through {@link ResticInstallations}.
 *
 * <p>Locally a missing binary disables the test with a message that says how to install it. Under
 * CI ({@code CI=true}) it is a failure instead, so that a CI run cannot pass by skipping every
 * integration test.
 *
 * <pre>{@code
 * @EnabledIfResticAvailable(restServer = true)
 * class MyBackupIT { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ResticAvailableCondition.class)
public @interface EnabledIfResticAvailable {

  /**
   * Also requires {@code restic-rest-server}.
   *
   * @return true if the test needs the REST server
   */
  boolean restServer() default false;

  /**
   * Also requires the S3Proxy jar.
   *
   * @return true if the test needs S3Proxy
   */
  boolean s3Proxy() default false;

  /**
   * Requires a restic of each of these version series, for example {@code {"0.14", "0.18"}}. Empty
   * (the default) requires any one restic.
   *
   * @return version prefixes
   */
  String[] versions() default {};
}
