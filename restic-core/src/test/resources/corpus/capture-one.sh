#!/bin/bash
# usage: capture-one.sh <version> <name> <repo> <args...>   -> writes <version>_<name>.txt in $OUT
v=$1; name=$2; repo=$3; shift 3
bin=~/.cache/restic4j/restic-$v/restic
out=$OUT/${v}_${name}.txt
RESTIC_PASSWORD=pw "$bin" -r "$repo" "$@" </dev/null >"$OUT"/.so 2>"$OUT"/.se; rc=$?
{ echo "# restic $v"; echo "# command: restic -r $(basename $repo) $*"; echo "# env: RESTIC_REPOSITORY= RESTIC_PASSWORD=<set> (stdin=/dev/null, stdout/stderr redirected to files, not a TTY)"; echo "# exit code: $rc"; echo "----- STDOUT -----"; cat "$OUT"/.so; echo "----- STDERR -----"; cat "$OUT"/.se; echo "----- END -----"; } > "$out"
