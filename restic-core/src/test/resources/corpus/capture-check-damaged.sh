#!/bin/bash
# Captures restic check on damaged repositories per version, with the flags restic4j passes
# (CheckCommand: plain "check" before 0.18, global "--json check" on 0.18+; text is captured on
# every version too).
set -u
export OUT=${OUT:-"$(dirname "$0")"}; mkdir -p "$OUT"
W=/tmp/cap-check/w; rm -rf "$W"; mkdir -p "$W/data"; echo hello > "$W/data/a.txt"; echo world > "$W/data/b.txt"
for v in 0.14.0 0.18.0 0.19.1; do
  bin=~/.cache/restic4j/restic-$v/restic
  # damage 1: all index files deleted after one backup
  r=$W/repo-$v
  RESTIC_PASSWORD=pw $bin -r $r init >/dev/null 2>&1
  RESTIC_PASSWORD=pw $bin -r $r backup $W/data >/dev/null 2>&1
  rm -f $r/index/*
  "$(dirname "$0")"/capture-one.sh $v check_missing_index $r check
  if [ $v != 0.14.0 ]; then
    "$(dirname "$0")"/capture-one.sh $v check_missing_index_json $r --json check
  fi
  # damage 2: one pack file under data/ deleted after one backup (index still lists it)
  r=$W/repo-pack-$v
  RESTIC_PASSWORD=pw $bin -r $r init >/dev/null 2>&1
  RESTIC_PASSWORD=pw $bin -r $r backup $W/data >/dev/null 2>&1
  rm -f "$(find $r/data -type f | sort | head -n 1)"
  "$(dirname "$0")"/capture-one.sh $v check_missing_pack $r check
  if [ $v != 0.14.0 ]; then
    "$(dirname "$0")"/capture-one.sh $v check_missing_pack_json $r --json check
  fi
done
