#!/usr/bin/env bash
# jinguo import memory and speed (issue #10, point 5; DESIGN §9: memory ≤ 300 MB RSS). For each
# size N, `jinguo import people` of a generated N-row roster, a dry run and then a commit, each
# into a fresh data dir, with the peak RSS of the importing process beside the baseline of an
# empty import (the same binary, a header-only file, same mode) and its rows/s beside the raw CSV
# parse rate of the same file (python3's csv module, measured in the same run). See
# docs/benchmarks.md.
#
#   bash bench/import.sh                                  build release, then 100k and 1M rows
#   BENCH_SKIP_BUILD=1 BENCH_ROWS=100000 bash bench/import.sh
#
# Knobs (env): JINGUO_BIN (default target/release/jinguo), BENCH_ROWS ("100000 1000000"),
# BENCH_SEED (20260308), BENCH_STEPS ("dry commit"), BENCH_WORK (a directory to work in and
# keep; default: a temp dir removed at the end). A 1M-row commit takes minutes and ~4 GB of disk.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

BIN=${JINGUO_BIN:-$ROOT/target/release/jinguo}
ROWS=${BENCH_ROWS:-100000 1000000}
SEED=${BENCH_SEED:-20260308}
STEPS=" ${BENCH_STEPS:-dry commit} "
GOAL_MB=300

scrub_env


build_release "$BIN"
need python3

work_dir import
cleanup() { [ "$KEEP_WORK" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f rows/s", n / s; else print "?" }'; }
verdict() { awk -v k="$1" -v g="$GOAL_MB" 'BEGIN { if (k !~ /^[0-9]+$/) print "?"; else if (k / 1024 <= g) print "met"; else printf "missed (%.0f MB over)\n", k / 1024 - g }'; }

# run_import NAME FILE [ARGS...] : a fresh data dir, timed; the summary line kept in NAME.out
run_import() {
  local name=$1 file=$2
  shift 2
  rm -rf "$WORK/data-$name"
  python3 "$ROOT/bench/timecmd.py" "$WORK/$name.time" -- \
    "$BIN" import people "$file" --data-dir "$WORK/data-$name" "$@" </dev/null \
    >"$WORK/$name.out" 2>"$WORK/$name.err" || {
    echo "$name failed:" >&2
    tail -n 20 "$WORK/$name.err" >&2
    exit 1
  }
  echo "$name: $(cat "$WORK/$name.time"); $(tail -n 1 "$WORK/$name.out")"
  rm -rf "$WORK/data-$name"
}

section "machine"
echo "binary:  $BIN ($("$BIN" --version 2>/dev/null || echo '?'))"
echo "git:     $(git -C "$(dirname "$BIN")" rev-parse --short HEAD 2>/dev/null || echo '?') (binary's tree), bench scripts from $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "cpus:    $(nproc)   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory:  $(awk '/^MemTotal:/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"

RESULTS=$WORK/results.txt
: >"$RESULTS"
for N in $ROWS; do
  CSV=$WORK/people-$N.csv
  section "generate: jinguo gen-data people --count $N --seed $SEED"
  rm -rf "$WORK/gen"
  "$BIN" gen-data people --count "$N" --out "$CSV" --seed "$SEED" --data-dir "$WORK/gen" </dev/null >/dev/null
  rm -rf "$WORK/gen"
  head -n 1 "$CSV" >"$WORK/empty.csv"
  echo "$(du -m "$CSV" | cut -f1) MB, $(($(wc -l <"$CSV") - 1)) data lines"

  section "baseline: the raw CSV parse of the same file (python3 csv)"
  python3 "$ROOT/bench/timecmd.py" "$WORK/parse-$N.time" -- python3 -c '
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    print(sum(1 for _ in csv.reader(f)) - 1)' "$CSV"
  PARSE_S=$(field "$WORK/parse-$N.time" wall_s)

  for mode in dry commit; do
    has_step "$mode" || continue
    args=()
    [ "$mode" = dry ] && args=(--dry-run)
    section "$mode: jinguo import people ${args[*]:-} ($N rows, then the header alone)"
    run_import "$mode-$N" "$CSV" "${args[@]}"
    run_import "$mode-empty-$N" "$WORK/empty.csv" "${args[@]}"
    WALL=$(field "$WORK/$mode-$N.time" wall_s)
    RSS=$(field "$WORK/$mode-$N.time" maxrss_kb)
    EMPTY_RSS=$(field "$WORK/$mode-empty-$N.time" maxrss_kb)
    EMPTY_WALL=$(field "$WORK/$mode-empty-$N.time" wall_s)
    {
      printf '  %-44s %-24s %s\n' "import $N rows, $mode: peak RSS" "$(mb "$RSS")" "empty import: $(mb "$EMPTY_RSS"); goal <= $GOAL_MB MB: $(verdict "$RSS")"
      printf '  %-44s %-24s %s\n' "  wall time" "${WALL} s" "empty import: ${EMPTY_WALL} s"
      printf '  %-44s %-24s %s\n' "  rows/s" "$(rate "$N" "$WALL")" "raw CSV parse (python3 csv): $(rate "$N" "$PARSE_S")"
      printf '  %-44s %s\n' "  summary" "$(tail -n 1 "$WORK/$mode-$N.out")"
    } >>"$RESULTS"
  done
done

section "results"
printf '  %-44s %-24s %s\n' "figure" "value" "baseline (same run) / goal"
cat "$RESULTS"
