package io.github.restic4j.testkit;

import io.github.restic4j.core.ResticRepository;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension: a fresh {@link FakeRestic} per test, closed after it (no process or file
 * left), and parameter resolution of {@link FakeRestic} and a ready {@link ResticRepository}
 * (initialized, password set, location in the fake's temporary folder). Works on JUnit 5.10+ and 6.
 *
 * <pre>{@code
 * @RegisterExtension
 * static FakeResticExtension restic = FakeResticExtension.persona(ResticPersona.V0_17);
 *
 * @Test
 * void backsUp(FakeRestic fake, ResticRepository repo) { ... }
 * }</pre>
 */
public final class FakeResticExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** Password of the repository handed to tests unless configured otherwise. */
  public static final String DEFAULT_PASSWORD = "restic4j-test-password";

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(FakeResticExtension.class);

  private final ResticPersona persona;
  private final String password;
  private final boolean initialized;
  private final boolean fromAnnotation;

  /** Creates the extension with the default persona, or as configured by {@link WithFakeRestic}. */
  public FakeResticExtension() {
    this(ResticPersona.defaultPersona(), DEFAULT_PASSWORD, true, true);
  }

  private FakeResticExtension(
      ResticPersona persona, String password, boolean initialized, boolean fromAnnotation) {
    this.persona = Objects.requireNonNull(persona, "persona");
    this.password = Objects.requireNonNull(password, "password");
    this.initialized = initialized;
    this.fromAnnotation = fromAnnotation;
  }

  /**
   * An extension for a persona.
   *
   * @param persona the persona
   * @return the extension
   */
  public static FakeResticExtension persona(ResticPersona persona) {
    return new FakeResticExtension(persona, DEFAULT_PASSWORD, true, false);
  }

  /**
   * A copy that uses another repository password.
   *
   * @param password the password
   * @return the extension
   */
  public FakeResticExtension withPassword(String password) {
    return new FakeResticExtension(persona, password, initialized, false);
  }

  /**
   * A copy that does not initialize the repository before each test.
   *
   * @return the extension
   */
  public FakeResticExtension uninitialized() {
    return new FakeResticExtension(persona, password, false, false);
  }

  /**
   * The fake of the running test.
   *
   * @param context the test's context
   * @return the fake
   * @throws IllegalStateException outside a test
   */
  public FakeRestic fake(ExtensionContext context) {
    FakeRestic f = context.getStore(NS).get(FakeRestic.class, FakeRestic.class);
    if (f == null) {
      throw new IllegalStateException("no FakeRestic: not inside a test");
    }
    return f;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ResticPersona p = persona;
    String pw = password;
    boolean init = initialized;
    if (fromAnnotation) {
      Optional<WithFakeRestic> a = configuration(context);
      if (a.isPresent()) {
        p = a.get().persona();
        pw = a.get().password();
        init = a.get().initialized();
      }
    }
    FakeRestic fake = FakeRestic.start(p);
    if (init) {
      fake.initRepository(pw);
    }
    ExtensionContext.Store store = context.getStore(NS);
    store.put(FakeRestic.class, fake);
    store.put(String.class, pw);
  }

  /**
   * The nearest {@link WithFakeRestic}: on the test method, else on its class (superclasses and
   * meta-annotations included), else on the enclosing classes of a {@code @Nested} class.
   */
  private static Optional<WithFakeRestic> configuration(ExtensionContext context) {
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      Optional<WithFakeRestic> found =
          c.get()
              .getElement()
              .flatMap(e -> AnnotationSupport.findAnnotation(e, WithFakeRestic.class));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FakeRestic fake = context.getStore(NS).remove(FakeRestic.class, FakeRestic.class);
    if (fake != null) {
      fake.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> t = parameter.getParameter().getType();
    return t == FakeRestic.class || t == ResticRepository.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    FakeRestic fake = fake(context);
    if (parameter.getParameter().getType() == FakeRestic.class) {
      return fake;
    }
    String pw = context.getStore(NS).get(String.class, String.class);
    return fake.repository(pw);
  }
}
