#!/usr/bin/env bash
# The one benchmark command (see benchmarks/README.md):
#   benchmarks/run.sh            full run, writes benchmarks/results/latest.md (~10 min on 2 cores)
#   benchmarks/run.sh --smoke    quick check of the harness (1-2 min), writes benchmarks/target/smoke.md
# Further options (--pairs=N, --ls-entries=N, --ls-pairs=N, --lock-pairs=N, --calls=N,
# --orch-seconds=N, --orch-plans=N, --orch-repos=N, --orch-fakes=N, --orch-tick-ms=N, --only=1,3)
# are passed through to io.github.restic4j.benchmarks.BenchMain.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
exec ./mvnw -q -B -Pbench -DskipTests -DskipITs -Dmaven.javadoc.skip=true \
  -Dspotless.check.skip=true -Djacoco.skip=true \
  -pl benchmarks -am package "-Dbench.args=$*"
