package io.github.restic4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.core.command.BackupRequest;
import io.github.restic4j.core.error.RepositoryNotFoundException;
import io.github.restic4j.core.error.WrongPasswordException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension's life cycle and configuration, run through the real JUnit engine: the sample
 * classes below are not run by surefire (nested classes are excluded), only by {@link #run}.
 */
class FakeResticExtensionTest {

  /** What the sample tests saw, by test name. */
  static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();

  /** What one sample test saw of its fake. */
  record Seen(FakeRestic fake, Path directory, ResticPersona persona, boolean initialized) {}

  private static void see(String test, FakeRestic fake) {
    SEEN.put(test, new Seen(fake, fake.directory(), fake.persona(), fake.repositoryExists()));
  }

  private static Events run(Class<?> sample) {
    SEEN.clear();
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(sample))
        .execute()
        .testEvents()
        .debug()
        .assertStatistics(stats -> stats.failed(0).aborted(0));
  }

  @Test
  void annotationOnTheClassConfiguresEveryTestAndTheMethodOverridesIt() {
    run(AnnotatedSample.class).assertStatistics(stats -> stats.succeeded(2));

    Seen fromClass = SEEN.get("classConfiguration");
    assertThat(fromClass.persona()).isEqualTo(ResticPersona.V0_14);
    assertThat(fromClass.initialized()).isTrue();
    Seen fromMethod = SEEN.get("methodConfiguration");
    assertThat(fromMethod.persona()).isEqualTo(ResticPersona.V0_19);
    assertThat(fromMethod.initialized()).isFalse();
  }

  @Test
  void eachTestGetsItsOwnFakeAndItIsGoneAfterTheTest() {
    run(AnnotatedSample.class);

    assertThat(SEEN.get("classConfiguration").fake())
        .isNotSameAs(SEEN.get("methodConfiguration").fake());
    for (Seen seen : SEEN.values()) {
      assertThat(seen.fake().runningPids()).isEmpty();
      assertThat(Files.exists(seen.directory()))
          .as("fake folder %s removed after the test", seen.directory())
          .isFalse();
    }
  }

  @Test
  void nestedClassesAndMetaAnnotationsAreConfiguredToo() {
    run(OuterSample.class).assertStatistics(stats -> stats.succeeded(2));

    assertThat(SEEN.get("outer").persona()).isEqualTo(ResticPersona.V0_17);
    assertThat(SEEN.get("nested").persona())
        .as("a @Nested class inherits the enclosing class's @WithFakeRestic")
        .isEqualTo(ResticPersona.V0_17);

    run(MetaAnnotatedSample.class).assertStatistics(stats -> stats.succeeded(1));
    assertThat(SEEN.get("meta").persona()).isEqualTo(ResticPersona.V0_16);
  }

  @Test
  void registeredExtensionUsesItsOwnConfiguration() {
    run(RegisteredSample.class).assertStatistics(stats -> stats.succeeded(1));

    Seen seen = SEEN.get("registered");
    assertThat(seen.persona()).isEqualTo(ResticPersona.V0_17);
    assertThat(seen.initialized()).isFalse();
  }

  // ---- sample test classes, run only through the engine ----------------------------------

  @WithFakeRestic(persona = ResticPersona.V0_14, password = "class-secret")
  static class AnnotatedSample {

    @Test
    void classConfiguration(FakeRestic fake, ResticRepository repo) {
      see("classConfiguration", fake);
      // the repository handed over opens with the configured password, not the default one
      assertThat(repo.snapshots()).isEmpty();
      assertThatThrownBy(() -> fake.repository(FakeResticExtension.DEFAULT_PASSWORD).snapshots())
          .isInstanceOf(WrongPasswordException.class);
    }

    @Test
    @WithFakeRestic(persona = ResticPersona.V0_19, initialized = false)
    void methodConfiguration(FakeRestic fake, ResticRepository repo) {
      see("methodConfiguration", fake);
      assertThatThrownBy(repo::snapshots).isInstanceOf(RepositoryNotFoundException.class);
    }
  }

  @WithFakeRestic(persona = ResticPersona.V0_17)
  static class OuterSample {

    @Test
    void outer(FakeRestic fake) {
      see("outer", fake);
    }

    @Nested
    class Inner {
      @Test
      void nested(FakeRestic fake, ResticRepository repo) {
        see("nested", fake);
        assertThat(repo.snapshots()).isEmpty();
      }
    }
  }

  /** A user's own annotation that carries the configuration. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @WithFakeRestic(persona = ResticPersona.V0_16)
  @interface OldResticTest {}

  @OldResticTest
  static class MetaAnnotatedSample {

    @Test
    void meta(FakeRestic fake, ResticRepository repo, @TempDir Path data) throws Exception {
      see("meta", fake);
      Files.writeString(data.resolve("a.txt"), "a");
      repo.backup(BackupRequest.of(data));
      assertThat(fake.snapshotCount()).isEqualTo(1);
    }
  }

  static class RegisteredSample {

    @RegisterExtension
    static FakeResticExtension restic =
        FakeResticExtension.persona(ResticPersona.V0_17).withPassword("pw").uninitialized();

    @Test
    void registered(FakeRestic fake) {
      see("registered", fake);
      assertThat(fake.repositoryExists()).isFalse();
    }
  }
}
