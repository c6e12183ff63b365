#!/bin/bash
# Captures restic's repair index / rebuild-index output per version.
set -u
export OUT=${OUT:-"$(dirname "$0")"}; mkdir -p "$OUT"
W=/tmp/cap/w; rm -rf "$W"; mkdir -p "$W/data"; echo hello > "$W/data/a.txt"; echo world > "$W/data/b.txt"
for v in 0.14.0 0.18.0 0.19.1; do
  bin=~/.cache/restic4j/restic-$v/restic; r=$W/repo-$v
  RESTIC_PASSWORD=pw $bin -r $r init >/dev/null 2>&1
  RESTIC_PASSWORD=pw $bin -r $r backup $W/data >/dev/null 2>&1
  if [ $v = 0.14.0 ]; then cmd="rebuild-index"; else cmd="repair index"; fi
  # healthy repository
  "$(dirname "$0")"/capture-one.sh $v repair_index_healthy $r $cmd
  # broken index
  rm -f $r/index/*
  "$(dirname "$0")"/capture-one.sh $v repair_index_missing_index $r $cmd
  rm -f $r/index/*
  "$(dirname "$0")"/capture-one.sh $v repair_index_missing_index_json $r --json $cmd
  "$(dirname "$0")"/capture-one.sh $v repair_index_read_all_packs $r $cmd --read-all-packs
  if [ $v = 0.14.0 ]; then
    "$(dirname "$0")"/capture-one.sh $v repair_index_unknown_command $r repair index
  else
    "$(dirname "$0")"/capture-one.sh $v rebuild_index_alias $r rebuild-index
  fi
done
