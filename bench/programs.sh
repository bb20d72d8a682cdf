#!/usr/bin/env bash
# Issue #13: a care program's roll is drawn in one statement-level pass. On a generated registry
# (about 100,000 people match the rule), each round times the roll's generation
# (POST /api/v1/programs/{id}/cycles: a new cycle, its roll written by one INSERT … SELECT) beside
# a plain count of the same rule (GET /api/v1/programs/{id}/eligible: SELECT COUNT(*) with the
# same WHERE) in the same run, alternating. Both go through the same HTTP stack, scope and age
# step (a band's two edge years are checked against the exact birth date in the sealed ID
# number before the statement runs), so the ratio is what writing the roll costs over counting
# it. Goal: the generation within 5x the count. See docs/benchmarks.md. Loopback only.
#
#   bash bench/programs.sh                      build release, then measure
#   BENCH_SKIP_BUILD=1 bash bench/programs.sh   use the existing target/release/jinguo
#
# Knobs (env): JINGUO_BIN (default target/release/jinguo), BENCH_PEOPLE (230000: the synthetic
# roster is ~88% adult women aged 18-71, so ~100,000 match the rule), BENCH_SEED (20261203),
# BENCH_REPEAT (5 rounds), BENCH_WORK (a directory to keep; default a temp dir removed at the end).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

BIN=${JINGUO_BIN:-$ROOT/target/release/jinguo}
N=${BENCH_PEOPLE:-230000}
SEED=${BENCH_SEED:-20261203}
REPEAT=${BENCH_REPEAT:-5}
ADMIN_PASSWORD='Bench#2026pass'
USER_PASSWORD='Bench#2026user'
REFERENCE_DATE=2026-09-01

# Nothing from the caller's environment may point the server at another data dir or database.
for v in $(compgen -e | grep '^JINGUO_' || true); do
  [ "$v" = JINGUO_BIN ] || unset "$v"
done

section() { printf '\n== %s\n' "$*"; }

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  section "build: cargo build --release -p jinguo"
  cargo build --release -p jinguo
fi
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 1; }
for tool in curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is needed" >&2; exit 1; }
done

if [ -n "${BENCH_WORK:-}" ]; then
  WORK=$BENCH_WORK
  KEEP_WORK=1
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d /tmp/jinguo-programs-bench.XXXXXX)
  KEEP_WORK=0
fi
DATA=$WORK/data
CSV=$WORK/people.csv
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
cleanup() {
  stop_server
  [ "$KEEP_WORK" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

section "machine"
echo "binary:  $BIN ($("$BIN" --version 2>/dev/null || echo '?'))"
echo "git:     $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "cpus:    $(nproc)   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "people:  $N (seed $SEED)   work dir: $WORK"

if [ ! -f "$DATA/jinguo.db" ]; then
  section "generate and import the registry (untimed)"
  rm -rf "$WORK/gen" "$DATA"
  "$BIN" gen-data people --count "$N" --out "$CSV" --seed "$SEED" --data-dir "$WORK/gen" </dev/null
  rm -rf "$WORK/gen"
  "$BIN" migrate --data-dir "$DATA" </dev/null
  "$BIN" import people "$CSV" --data-dir "$DATA" </dev/null | tail -n 1
  JINGUO_PASSWORD=$USER_PASSWORD "$BIN" user add --username bench-federation --role federation \
    --unit 350503000000 --name 区妇联干部 --data-dir "$DATA" </dev/null
fi

section "serve"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:${PORT}"
case "$BASE" in http://127.0.0.1:*) ;; *) echo "refusing to load $BASE" >&2; exit 1 ;; esac
JINGUO_ADMIN_PASSWORD=$ADMIN_PASSWORD "$BIN" serve --listen "127.0.0.1:${PORT}" --data-dir "$DATA" \
  </dev/null >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:"; tail -n 30 "$WORK/serve.log"; exit 1; }
  sleep 0.1
done
TOKEN=$("$BIN" token create --username bench-federation --label bench --data-dir "$DATA" </dev/null | tail -n 1)
AUTH="Authorization: Bearer $TOKEN"

# The 低保 screening's shape on the synthetic roster: women 35-64 on the reference date, not
# disabled (a tag condition: NOT EXISTS on the person's tags).
PROGRAM=$(curl -fsS -H "$AUTH" -H 'Content-Type: application/json' -X POST "$BASE/api/v1/programs" \
  -d '{"name":"bench screening","kind":"screening","unit_code":"350503000000",
       "rule":{"sex":"female","age_min":35,"age_max":64,"tags_none":["disabled"]}}')
PROGRAM_ID=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$PROGRAM")
echo "program $PROGRAM_ID: $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["rule_text"])' "$PROGRAM")"

count() {
  curl -fsS -o "$WORK/count.json" -w '%{time_total}' -H "$AUTH" \
    "$BASE/api/v1/programs/$PROGRAM_ID/eligible?on=$REFERENCE_DATE"
}
generate() {
  curl -fsS -o "$WORK/cycle.json" -w '%{time_total}' -H "$AUTH" -H 'Content-Type: application/json' \
    -X POST "$BASE/api/v1/programs/$PROGRAM_ID/cycles" \
    -d "{\"title\":\"round $1\",\"starts_on\":\"$REFERENCE_DATE\",\"ends_on\":\"2026-12-31\"}"
}

section "warm-up (not counted)"
count >/dev/null
echo "eligible: $(cat "$WORK/count.json")"

section "rounds: count, then generate a new cycle's roll"
: >"$WORK/count.times"
: >"$WORK/generate.times"
for round in $(seq 1 "$REPEAT"); do
  c=$(count)
  g=$(generate "$round")
  echo "$c" >>"$WORK/count.times"
  echo "$g" >>"$WORK/generate.times"
  echo "round $round: count ${c}s ($(cat "$WORK/count.json")), roll ${g}s ($(cat "$WORK/cycle.json"))"
done

section "results"
python3 - "$WORK/count.times" "$WORK/generate.times" "$WORK/count.json" <<'PY'
import json, statistics, sys
count = [float(x) for x in open(sys.argv[1])]
gen = [float(x) for x in open(sys.argv[2])]
eligible = json.load(open(sys.argv[3]))["eligible"]
c, g = statistics.median(count), statistics.median(gen)
print(f"eligible people:                 {eligible:,}")
print(f"count of the rule (median):      {c * 1000:.0f} ms   samples {', '.join(f'{x * 1000:.0f}' for x in count)}")
print(f"roll generation (median):        {g * 1000:.0f} ms   samples {', '.join(f'{x * 1000:.0f}' for x in gen)}")
print(f"ratio generation : count:        {g / c:.2f}x   goal <= 5x: {'met' if g / c <= 5 else 'NOT met'}")
PY
stop_server
