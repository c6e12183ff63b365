package io.github.restic4j.testkit.real;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResticInstallationsTest {

  @TempDir Path dir;

  private Path fakeRestic(String name, String version) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(
        script, "#!/bin/sh\necho 'restic " + version + " compiled with go1.24.4 on linux/amd64'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private Path executable(String name) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private Path cache(String properties) throws IOException {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Files.writeString(cache.resolve(ResticInstallations.INSTALLED_FILE), properties);
    return cache;
  }

  @Test
  void theSystemPropertyListsBinariesWhoseVersionsAreDetectedAndSorted() throws IOException {
    Path newer = fakeRestic("restic-new", "0.19.1");
    Path older = fakeRestic("restic-old", "0.14.0");
    Map<String, String> sys = Map.of(ResticInstallations.BINARIES_PROPERTY, newer + " , " + older);
    Map<String, String> env = Map.of(ResticInstallations.BINARIES_ENV, "/ignored/restic");

    ResticInstallations found = ResticInstallations.discover(sys::get, env);

    assertThat(found.restics())
        .extracting(i -> i.version().raw(), ResticInstallation::binary)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("0.14.0", older),
            org.assertj.core.groups.Tuple.tuple("0.19.1", newer));
    assertThat(found.problems()).isEmpty();
    assertThat(found.source()).contains(ResticInstallations.BINARIES_PROPERTY);
    assertThat(found.restic("0.19")).map(ResticInstallation::binary).contains(newer);
    assertThat(found.restic("0.1")).isEmpty();
    assertThat(found.restics().get(0)).hasToString("restic 0.14.0");
  }

  @Test
  void theEnvironmentVariableIsUsedWhenThePropertyIsBlank() throws IOException {
    Path restic = fakeRestic("restic", "0.18.0");
    Map<String, String> sys = Map.of(ResticInstallations.BINARIES_PROPERTY, "  ");
    Map<String, String> env = Map.of(ResticInstallations.BINARIES_ENV, restic.toString());

    ResticInstallations found = ResticInstallations.discover(sys::get, env);

    assertThat(found.restics())
        .singleElement()
        .satisfies(i -> assertThat(i.binary()).isEqualTo(restic));
    assertThat(found.source()).contains(ResticInstallations.BINARIES_ENV);
  }

  @Test
  void listedBinariesThatAreMissingOrNotResticAreProblems() throws IOException {
    Path notRestic = executable("not-restic");
    Map<String, String> sys =
        Map.of(ResticInstallations.BINARIES_PROPERTY, dir.resolve("missing") + "," + notRestic);

    ResticInstallations found = ResticInstallations.discover(sys::get, Map.of());

    assertThat(found.restics()).isEmpty();
    assertThat(found.problems()).hasSize(2);
    assertThat(found.problems().get(0)).contains("missing").contains("not an executable file");
    assertThat(found.problems().get(1)).contains("not-restic").contains("not usable");
  }

  @Test
  void theInstallerCacheIsReadByDefault() throws IOException {
    Path r14 = executable("r14");
    Path r18 = executable("r18");
    Path rest = executable("rest-server");
    Path jar = Files.writeString(dir.resolve("s3proxy.jar"), "jar");
    Path cache =
        cache(
            "# comment\n"
                + "restic.0.18.0="
                + r18
                + "\nrestic.0.14.0="
                + r14
                + "\nrest-server="
                + rest
                + "\ns3proxy="
                + jar
                + "\n");
    Map<String, String> env = new HashMap<>();
    env.put(ResticInstallations.CACHE_ENV, cache.toString());

    ResticInstallations found = ResticInstallations.discover(k -> null, env);

    // versions come from the installer's record, the binaries are not run
    assertThat(found.restics())
        .extracting(i -> i.version().raw())
        .containsExactly("0.14.0", "0.18.0");
    assertThat(found.restServer()).contains(rest);
    assertThat(found.s3proxyJar()).contains(jar);
    assertThat(found.problems()).isEmpty();
    assertThat(found.cacheDir()).isEqualTo(cache);
    assertThat(found.requireAll()).isSameAs(found);
  }

  @Test
  void missingCacheEntriesAndAMissingInstalledFileAreProblems() throws IOException {
    Path cache = cache("restic.0.18.0=" + dir.resolve("gone") + "\nrest-server=/nope\n");
    ResticInstallations found =
        ResticInstallations.discover(
            k -> null, Map.of(ResticInstallations.CACHE_ENV, cache.toString()));
    assertThat(found.restics()).isEmpty();
    assertThat(found.restServer()).isEmpty();
    assertThat(found.s3proxyJar()).isEmpty();
    assertThat(found.problems()).hasSize(2);

    ResticInstallations nothing =
        ResticInstallations.discover(
            k -> null, Map.of(ResticInstallations.CACHE_ENV, dir.resolve("empty").toString()));
    assertThat(nothing.restics()).isEmpty();
    assertThat(nothing.problems())
        .singleElement()
        .asString()
        .contains(ResticInstallations.INSTALLED_FILE)
        .contains(ResticInstallations.BINARIES_PROPERTY);
  }

  @Test
  void htpasswdLinesUseTheShaSchemeRestServerAccepts() {
    assertThat(RestServerProcess.htpasswdLine("alice", "s3cret"))
        .isEqualTo("alice:{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg=");
  }

  @Test
  void urlCredentialsArePercentEncoded() {
    assertThat(RestServerProcess.percentEncode("a-b_c.d~e")).isEqualTo("a-b_c.d~e");
    assertThat(RestServerProcess.percentEncode("p@ss:w/rd %ü"))
        .isEqualTo("p%40ss%3Aw%2Frd%20%25%C3%BC");
  }
}
