package io.github.restic4j.benchmarks;

import io.github.restic4j.core.Restic;
import io.github.restic4j.testkit.real.ResticInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Settings of one run and what the sections report besides their rows. */
final class Ctx {
  boolean smoke;
  int pairs = 15;
  int lsEntries = 500_000;
  int lsPairs = 7;
  int lockPairs = 7;
  int calls = 40;
  int orchSeconds = 30;
  int orchPlans = 1_000;
  int orchRepos = 100;
  int orchFakes = 10;
  int orchTickMs = 100;
  int orchPrestart = 1_001;
  Path cacheRoot;
  Path work;
  ResticInstallation installation;
  final List<String> notes = new ArrayList<>();

  Restic restic() {
    return installation.resticBuilder().build();
  }

  Path binary() {
    return installation.binary();
  }

  void applySmoke() {
    smoke = true;
    pairs = 3;
    lsEntries = 5_000;
    lsPairs = 1;
    lockPairs = 2;
    calls = 5;
    orchSeconds = 5;
  }

  Path dir(String name) throws java.io.IOException {
    return Files.createDirectories(work.resolve(name));
  }

  void note(String s) {
    notes.add(s);
    System.err.println("  note: " + s);
  }

  static void say(String s) {
    System.err.println("[bench] " + s);
  }
}
