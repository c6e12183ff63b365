package io.github.restic4j.benchmarks;

import io.github.restic4j.core.ResticRepository;
import io.github.restic4j.testkit.FakeRestic;
import io.github.restic4j.testkit.ResticPersona;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Item 5: one fake restic invocation versus real {@code restic snapshots} and versus starting a JVM
 * per call. The variants run round-robin so noise spreads over all of them.
 */
final class FakeLatency {
  private FakeLatency() {}

  static List<Row> run(Ctx ctx) throws Exception {
    Ctx.say("5. fake restic latency, " + ctx.calls + " calls per variant");
    Path data = HappyPath.createData(ctx.dir("fl-data"));
    Path repoDir = ctx.work.resolve("fl-repo");
    Path cache = ctx.dir("fl-cache");
    Map<String, String> realEnv = Raw.env(repoDir.toString(), Raw.PASSWORD);
    String c = cache.toString();
    Raw.ok(Raw.cmd(ctx.binary(), List.of("--cache-dir", c, "init")), realEnv);
    Raw.ok(Raw.cmd(ctx.binary(), List.of("--cache-dir", c, "backup", data.toString())), realEnv);
    List<String> realSnapshots =
        Raw.cmd(ctx.binary(), List.of("--cache-dir", c, "--json", "snapshots"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> tiny =
        List.of(java, "-cp", System.getProperty("java.class.path"), TinyMain.class.getName());

    try (FakeRestic fake = FakeRestic.start(ResticPersona.V0_18)) {
      fake.initRepository(Raw.PASSWORD);
      Map<String, String> fakeEnv = Raw.env(fake.location(), Raw.PASSWORD);
      List<String> fakeVersion = List.of(fake.binary().toString(), "version");
      List<String> fakeSnapshots = List.of(fake.binary().toString(), "--json", "snapshots");
      ResticRepository sdkFake = fake.repository(Raw.PASSWORD);
      Raw.ok(List.of(fake.binary().toString(), "backup", data.toString()), fakeEnv);

      Stats version = new Stats();
      Stats snapshots = new Stats();
      Stats sdk = new Stats();
      Stats real = new Stats();
      Stats jvm = new Stats();
      int warmup = 3;
      for (int i = 0; i < warmup + ctx.calls; i++) {
        boolean keep = i >= warmup;
        long a = AB.time(() -> Raw.ok(fakeVersion, fakeEnv));
        long b = AB.time(() -> Raw.ok(fakeSnapshots, fakeEnv));
        long s = AB.time(sdkFake::snapshots);
        long r = AB.time(() -> Raw.ok(realSnapshots, realEnv));
        long j = AB.time(() -> Raw.ok(tiny, realEnv));
        if (keep) {
          version.add(a);
          snapshots.add(b);
          sdk.add(s);
          real.add(r);
          jvm.add(j);
        }
      }
      double worst = Math.max(version.medianMs(), snapshots.medianMs());
      String baseline =
          "real `restic snapshots`: "
              + real.describe()
              + "; JVM per call (`java -cp … TinyMain`): "
              + jvm.describe();
      return List.of(
          new Row(
              "5",
              "fake restic, one invocation via ProcessBuilder: `version`",
              version.describe(),
              baseline,
              String.format(
                  Locale.ROOT,
                  "%.2f× real, %.2f× JVM",
                  version.medianMs() / real.medianMs(),
                  version.medianMs() / jvm.medianMs()),
              "≤ 25 ms median",
              Row.verdict(version.medianMs() <= 25)),
          new Row(
              "5",
              "fake restic, one invocation via ProcessBuilder: `--json snapshots`",
              snapshots.describe(),
              baseline,
              String.format(
                  Locale.ROOT,
                  "%.2f× real, %.2f× JVM",
                  snapshots.medianMs() / real.medianMs(),
                  snapshots.medianMs() / jvm.medianMs()),
              "≤ 25 ms median",
              Row.verdict(snapshots.medianMs() <= 25)),
          new Row(
              "5",
              "fake restic through restic4j: `repo.snapshots()` (parse included)",
              sdk.describe(),
              baseline,
              String.format(Locale.ROOT, "%.2f× real", sdk.medianMs() / real.medianMs()),
              "≤ 25 ms median",
              Row.verdict(sdk.medianMs() <= 25 && worst <= 25)));
    }
  }
}
