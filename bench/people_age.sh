#!/usr/bin/env bash
# The people search's age filter before and after migration 9, which keeps only the birth year in
# plain (the exact date is inside the sealed ID number, opened for a band's edge years), at the
# DESIGN §9 reference size. Both sides run in the same run on the same roster: the previous
# version's binary imports it, a copy of its data dir is migrated by this version's binary (the
# migration is timed), then each binary serves its own copy and answers the same age-filtered
# searches. The baseline of every figure is the previous version's. See docs/benchmarks.md.
#
#   JINGUO_BIN_BEFORE=/path/to/previous/jinguo bash bench/people_age.sh
#
# Knobs (env): JINGUO_BIN (this version; default target/release/jinguo, built unless
# BENCH_SKIP_BUILD=1), JINGUO_BIN_BEFORE (required), BENCH_PEOPLE (1000000), BENCH_SEED
# (20260308), BENCH_AGE_DURATION (20, seconds of load per side), BENCH_WORK (a directory to keep
# the CSV and both data dirs in; default: a temp dir removed at the end). Loopback only.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

AFTER=${JINGUO_BIN:-$ROOT/target/release/jinguo}
BEFORE=${JINGUO_BIN_BEFORE:?set JINGUO_BIN_BEFORE to a jinguo binary of the previous version}
N=${BENCH_PEOPLE:-1000000}
SEED=${BENCH_SEED:-20260308}
DURATION=${BENCH_AGE_DURATION:-20}
ADMIN_PASSWORD='Bench#2026pass'

scrub_env

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  section "build: cargo build --release -p jinguo"
  cargo build --release -p jinguo
fi
for bin in "$AFTER" "$BEFORE"; do [ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }; done
need curl python3 sqlite3

work_dir age
CSV=$WORK/people.csv
SERVER_PID=
cleanup() {
  stop_server
  [ "$KEEP_WORK" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT


# start_server BIN DATA_DIR : sets SERVER_PID, BASE, TOKEN
start_server() {
  local bin=$1 dir=$2 port log
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  BASE="http://127.0.0.1:${port}"
  log="$WORK/serve-$(basename "$dir").log"
  JINGUO_ADMIN_PASSWORD=$ADMIN_PASSWORD "$bin" serve --listen "127.0.0.1:${port}" --data-dir "$dir" \
    </dev/null >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 1200); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:"; tail -n 30 "$log"; exit 1; }
    sleep 0.1
  done
  TOKEN=$("$bin" token create --username admin --label bench --data-dir "$dir" </dev/null | tail -n 1)
  [ -n "$TOKEN" ] || { echo "jinguo token create printed no token" >&2; exit 1; }
}

section "machine"
echo "before:  $BEFORE ($("$BEFORE" --version 2>/dev/null || echo '?'))"
echo "after:   $AFTER ($("$AFTER" --version 2>/dev/null || echo '?')), bench scripts from $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "cpus:    $(nproc)   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "people:  $N (seed $SEED)   work dir: $WORK"

if [ ! -d "$WORK/data-before" ]; then
  section "the previous version imports the roster (untimed)"
  rm -rf "$WORK/gen"
  [ -f "$CSV" ] || "$AFTER" gen-data people --count "$N" --out "$CSV" --seed "$SEED" --data-dir "$WORK/gen" </dev/null
  rm -rf "$WORK/gen"
  "$BEFORE" migrate --data-dir "$WORK/data-before" </dev/null
  "$BEFORE" import people "$CSV" --data-dir "$WORK/data-before" </dev/null | tail -n 1
  # Migration 9 ends with VACUUM: the previous version's file is compacted the same way, so both
  # sides read a freshly written file and the figures compare the queries, not the file's layout.
  sqlite3 "$WORK/data-before/jinguo.db" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
fi

section "this version migrates a copy (migration 9: birth year, dropped dates, file rebuilt)"
rm -rf "$WORK/data-after"
cp -a "$WORK/data-before" "$WORK/data-after"
python3 "$ROOT/bench/timecmd.py" "$WORK/migrate.time" -- "$AFTER" migrate --data-dir "$WORK/data-after" </dev/null
echo "jinguo migrate: $(cat "$WORK/migrate.time")"
echo "database: before $(size_mb "$WORK"/data-before/jinguo.db*), after $(size_mb "$WORK"/data-after/jinguo.db*)"

# The searches: bands of every width, one age, the open ends, and bands combined with a surname,
# a street, a community and the sex; first pages and a later one.
STREET=$(sqlite3 -readonly "$WORK/data-before/jinguo.db" "SELECT MIN(code) FROM units WHERE level = 'street'")
COMMUNITY=$(sqlite3 -readonly "$WORK/data-before/jinguo.db" \
  "SELECT MIN(unit_code) FROM people WHERE unit_code > '${STREET:0:9}000' AND unit_code <= '${STREET:0:9}999'")
WANG=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("王"))')
: >"$WORK/age.labels"
: >"$WORK/age.paths"
while read -r label query; do
  printf 'age\t%s\n' "$label" >>"$WORK/age.labels"
  echo "/api/v1/people?${query}&per_page=20" >>"$WORK/age.paths"
done <<EOF
30-40 age_min=30&age_max=40
30-40,p10 age_min=30&age_max=40&page=10
18-35 age_min=18&age_max=35
45 age_min=45&age_max=45
60- age_min=60
-17 age_max=17
王,30-40 q=${WANG}&age_min=30&age_max=40
street,30-40 unit=${STREET}&age_min=30&age_max=40
community,30-40 unit=${COMMUNITY}&age_min=30&age_max=40
female,25-50 sex=female&age_min=25&age_max=50
EOF

for side in before after; do
  if [ "$side" = before ]; then bin=$BEFORE; else bin=$AFTER; fi
  section "$side: $bin on data-$side"
  start_server "$bin" "$WORK/data-$side"
  echo "-- each search alone (1 warm-up + 5 timed)"
  python3 "$ROOT/bench/people_queries.py" probe --base "$BASE" --token "$TOKEN" \
    --paths "$WORK/age.paths" --labels "$WORK/age.labels" --reps 5 | tee "$WORK/probe-$side.txt"
  echo "-- the set rotated on 1 connection for ${DURATION} s, every request's latency"
  python3 "$ROOT/bench/people_queries.py" load --base "$BASE" --token "$TOKEN" --paths "$WORK/age.paths" \
    --connections 1 --duration "$DURATION" --timeout 120 --out "$WORK/load-$side.txt"
  stop_server
done

section "results (baseline: the previous version, same roster, same run)"
python3 - "$WORK" <<'PY'
import re, sys
work = sys.argv[1]

def probe(side):
    rows = {}
    for line in open(f"{work}/probe-{side}.txt", encoding="utf-8"):
        m = re.match(r"\s+age (\S+)\s+(\S+)\s+([\d.]+)\s+([\d.]+)", line)
        if m:
            rows[m.group(1)] = (m.group(2), float(m.group(3)))
    return rows

def load(side):
    text = open(f"{work}/load-{side}.txt", encoding="utf-8").read()
    return {k: float(v) for k, v in re.findall(r"(p50_ms|p99_ms|rps)=([\d.]+)", text)}

before, after = probe("before"), probe("after")
print(f"  {'search':<18} {'hits before':>12} {'hits after':>11} {'before ms':>10} {'after ms':>9} {'after/before':>13}")
same = True
for label, (hits_b, ms_b) in before.items():
    hits_a, ms_a = after.get(label, ("?", float("nan")))
    same &= hits_a == hits_b
    print(f"  {label:<18} {hits_b:>12} {hits_a:>11} {ms_b:>10.1f} {ms_a:>9.1f} {ms_a / ms_b:>12.2f}x")
print(f"  the same hits on both sides: {'yes' if same else 'NO'}")
lb, la = load("before"), load("after")
for key, name in [("p50_ms", "p50"), ("p99_ms", "p99")]:
    goal = "   (goal p99 <= 20 ms: " + ("met" if la[key] <= 20 else "missed") + ")" if key == "p99_ms" else ""
    print(f"  load, 1 connection, {name}: before {lb[key]:.1f} ms, after {la[key]:.1f} ms, "
          f"after/before {la[key] / lb[key]:.2f}x{goal}")
print(f"  load requests/s: before {lb['rps']:.1f}, after {la['rps']:.1f}")
PY
echo "  migration 9 on $N people: $(field "$WORK/migrate.time" wall_s) s, peak RSS $(field "$WORK/migrate.time" maxrss_kb) kB"
