package io.github.restic4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a fresh {@link FakeRestic}: declare {@code FakeRestic} or {@code
 * ResticRepository} parameters. Equivalent to registering a {@link FakeResticExtension}.
 *
 * <p>The nearest annotation wins: on the test method, else on the test class (its superclasses and
 * annotations of your own that carry this one included), else on the class enclosing a
 * {@code @Nested} class. Do not combine it with a {@code @RegisterExtension} {@link
 * FakeResticExtension} in the same class: both would offer the parameters and JUnit rejects the
 * ambiguity. Works on JUnit 5.10+ and 6; the fake needs no restic installed.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(FakeResticExtension.class)
public @interface WithFakeRestic {

  /**
   * The persona.
   *
   * @return the persona (default 0.18)
   */
  ResticPersona persona() default ResticPersona.V0_18;

  /**
   * The password of the repository handed to tests.
   *
   * @return the password
   */
  String password() default FakeResticExtension.DEFAULT_PASSWORD;

  /**
   * Whether the simulated repository exists before the test.
   *
   * @return true to initialize it
   */
  boolean initialized() default true;
}
