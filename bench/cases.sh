#!/usr/bin/env bash
# jinguo casework benchmarks at the DESIGN §9 reference size (200,000 cases), each figure beside
# baselines measured in the same run: the filtered case list and the overdue count beside the
# primary-key lookup of a case (GET /api/v1/cases/{id}) and GET /healthz, under the same load
# (32 clients, then 1). See docs/benchmarks.md. Loopback (127.0.0.1) only; every load is bounded
# in time.
#
#   bash bench/cases.sh                        build release, then measure (about 10 minutes)
#   BENCH_SKIP_BUILD=1 bash bench/cases.sh     use the existing target/release/jinguo
#   BENCH_WORK=/tmp/cb BENCH_STEPS="load explain" bash bench/cases.sh   reuse a generated data dir
#
# Knobs (env): JINGUO_BIN (default target/release/jinguo), BENCH_CASES (200000), BENCH_SEED
# (20261129), BENCH_DURATION (seconds per load, 20), BENCH_CONNECTIONS (32), BENCH_STREET
# (350503001000: the street officer's street), BENCH_WORK (a directory to work in and keep;
# default: a temp dir removed at the end), BENCH_STEPS (default "gen load explain"; without
# "gen", BENCH_WORK must hold data/ from an earlier run).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

BIN=${JINGUO_BIN:-$ROOT/target/release/jinguo}
N=${BENCH_CASES:-200000}
SEED=${BENCH_SEED:-20261129}
DURATION=${BENCH_DURATION:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
STREET=${BENCH_STREET:-350503001000}
STEPS=" ${BENCH_STEPS:-gen load explain} "
ADMIN_PASSWORD='Bench#2026pass'
USER_PASSWORD='Bench#2026user'

scrub_env


build_release "$BIN"
need curl python3 sqlite3

work_dir cases
DATA=$WORK/data
SERVER_PID=
cleanup() {
  stop_server
  [ "$KEEP_WORK" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT


section "machine"
echo "binary:  $BIN ($("$BIN" --version 2>/dev/null || echo '?'))"
echo "git:     $(git -C "$(dirname "$BIN")" rev-parse --short HEAD 2>/dev/null || echo '?') (binary's tree), bench scripts from $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "cpus:    $(nproc)   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory:  $(awk '/^MemTotal:/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
echo "sqlite3: $(sqlite3 --version | cut -d' ' -f1)"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cases:   $N (seed $SEED)   work dir: $WORK"

# --------------------------------------------------------------------------------------------
if has_step gen; then
  section "generate: jinguo gen-data cases --count $N --seed $SEED (fresh data dir, 'jinguo migrate' first, untimed)"
  rm -rf "$DATA"
  "$BIN" migrate --data-dir "$DATA" </dev/null
  python3 "$ROOT/bench/timecmd.py" "$WORK/gen.time" -- \
    "$BIN" gen-data cases --count "$N" --seed "$SEED" --data-dir "$DATA" </dev/null | tee "$WORK/gen.out"
  echo "gen-data cases: $(cat "$WORK/gen.time"); database $(size_mb "$DATA"/jinguo.db*)"
  # The district's federation officer and a street officer, who read the cases below.
  JINGUO_PASSWORD=$USER_PASSWORD "$BIN" user add --username bench-federation --role federation \
    --unit 350503000000 --name 区妇联干部 --data-dir "$DATA" </dev/null
  JINGUO_PASSWORD=$USER_PASSWORD "$BIN" user add --username bench-street --role street \
    --unit "$STREET" --name 街道妇联主席 --data-dir "$DATA" </dev/null
fi
[ -f "$DATA/jinguo.db" ] || { echo "no $DATA/jinguo.db: run the gen step first" >&2; exit 1; }

# --------------------------------------------------------------------------------------------
if has_step load; then
  section "request sets (bench/cases_queries.py paths)"
  python3 "$ROOT/bench/cases_queries.py" paths --db "$DATA/jinguo.db" --street "$STREET" \
    --seed "$SEED" --out-dir "$WORK" | tee "$WORK/paths.env"

  section "serve on the generated data dir"
  PORT=$(free_port)
  BASE="http://127.0.0.1:${PORT}"
  case "$BASE" in http://127.0.0.1:*) ;; *) echo "refusing to load $BASE" >&2; exit 1 ;; esac
  SERVE_LOG="$WORK/serve.log"
  JINGUO_ADMIN_PASSWORD=$ADMIN_PASSWORD "$BIN" serve --listen "127.0.0.1:${PORT}" --data-dir "$DATA" \
    </dev/null >"$SERVE_LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:"; tail -n 30 "$SERVE_LOG"; exit 1; }
    sleep 0.1
  done
  FED_TOKEN=$("$BIN" token create --username bench-federation --label bench --data-dir "$DATA" </dev/null | tail -n 1)
  STREET_TOKEN=$("$BIN" token create --username bench-street --label bench --data-dir "$DATA" </dev/null | tail -n 1)
  for t in "$FED_TOKEN" "$STREET_TOKEN"; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $t" "$BASE/api/v1/cases/overdue/count")
    [ "$code" = 200 ] || { echo "GET /api/v1/cases/overdue/count with a token answered $code" >&2; exit 1; }
  done
  for who in FED STREET; do
    tok=${who}_TOKEN
    echo "overdue count as $who: $(curl -sS -H "Authorization: Bearer ${!tok}" "$BASE/api/v1/cases/overdue/count");" \
      "visible cases: $(curl -sS -H "Authorization: Bearer ${!tok}" "$BASE/api/v1/cases?per_page=1" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')"
  done

  # wait_idle : after a load the server may still work through requests whose clients left;
  # wait (at most 180 s) until an authenticated call answers within 200 ms again.
  wait_idle() {
    local t
    for _ in $(seq 1 180); do
      t=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' --max-time 30 \
        -H "Authorization: Bearer $FED_TOKEN" "$BASE/api/v1/me" 2>/dev/null || echo "000 99")
      awk -v t="$t" 'BEGIN { split(t, a, " "); exit !(a[1] == 200 && a[2] < 0.2) }' && return 0
      sleep 1
    done
    echo "the server did not become idle within 180 s" >&2
  }
  # run_load NAME PATHS TOKEN CONNECTIONS : every request's own latency (people_queries.py load)
  run_load() {
    printf '  %-22s %3s conns: ' "$1" "$4"
    python3 "$ROOT/bench/people_queries.py" load --base "$BASE" --token "$3" --paths "$WORK/$2" \
      --connections "$4" --duration "$DURATION" --timeout 60 --out "$WORK/$1.c$4.load"
    wait_idle
  }

  section "the list paths as federation staff, probed one by one (1 warm-up + 1 timed each)"
  python3 "$ROOT/bench/people_queries.py" probe --base "$BASE" --token "$FED_TOKEN" \
    --paths "$WORK/list_fed.paths" --reps 1 | tee "$WORK/probe_fed.txt" || true
  section "the list paths as the street officer, probed one by one"
  python3 "$ROOT/bench/people_queries.py" probe --base "$BASE" --token "$STREET_TOKEN" \
    --paths "$WORK/list_street.paths" --reps 1 | tee "$WORK/probe_street.txt" || true

  # A warm-up of every path set (not counted).
  for set in list_fed pk_fed overdue; do
    python3 "$ROOT/bench/people_queries.py" load --base "$BASE" --token "$FED_TOKEN" \
      --paths "$WORK/$set.paths" --connections 4 --duration 3 >/dev/null
  done
  wait_idle

  for c in "$CONNECTIONS" 1; do
    section "loads: $c connection(s), $DURATION s each, every request's latency"
    run_load healthz healthz.paths "$FED_TOKEN" "$c"
    run_load pk_fed pk_fed.paths "$FED_TOKEN" "$c"
    run_load list_fed list_fed.paths "$FED_TOKEN" "$c"
    run_load list_street list_street.paths "$STREET_TOKEN" "$c"
    run_load overdue_fed overdue.paths "$FED_TOKEN" "$c"
    run_load overdue_street overdue.paths "$STREET_TOKEN" "$c"
  done
  if grep -q 'pool timed out' "$SERVE_LOG"; then
    echo "the server log has $(grep -c 'pool timed out' "$SERVE_LOG") 'pool timed out' errors (HTTP 500)"
  fi
  echo "server VmHWM after the loads: $(awk '/^VmHWM:/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER_PID/status")"
  stop_server
fi

# --------------------------------------------------------------------------------------------
if has_step explain; then
  section "where the time goes: the case-list SQL on the generated file (sqlite3 shell, .timer on)"
  # The statements `jinguo_db::cases::list` and `count_overdue` build (and the alternatives
  # `list` chooses between), literals inlined.
  DB=$DATA/jinguo.db
  NOW=$(($(date +%s) * 1000))
  LO=${STREET:0:9}000
  HI=${STREET:0:9}999
  STREET_UID=$(sqlite3 -readonly "$DB" "SELECT id FROM users WHERE username = 'bench-street'")
  [ -n "$STREET_UID" ] || STREET_UID=0
  COMMUNITY=$(sqlite3 -readonly "$DB" "SELECT unit_code FROM cases WHERE unit_code > '$LO' AND unit_code <= '$HI' GROUP BY unit_code ORDER BY COUNT(*) DESC, unit_code LIMIT 1")
  FED="c.unit_code BETWEEN '350503000000' AND '350503999999'"
  STR="c.unit_code BETWEEN '$LO' AND '$HI' AND (c.restricted = 0 OR c.handler_id = $STREET_UID)"
  HAS_COUNTS=$(sqlite3 -readonly "$DB" "SELECT COUNT(*) FROM sqlite_master WHERE name = 'case_counts'")
  run_sql() { # run_sql LABEL SQL : the plan, then the shell's time of a second run
    echo "   $1"
    sqlite3 -readonly "$DB" "EXPLAIN QUERY PLAN $2" | grep -v '^QUERY PLAN' | sed 's/^/       /'
    printf '%s;\n.timer on\n%s;\n' "$2" "$2" | sqlite3 -readonly "$DB" |
      { grep '^Run Time' || true; } | sed 's/^/       /'
  }
  explain() { # explain LABEL WHERE [CASE_COUNTS_WHERE]
    echo "-- $1: WHERE $2" | cut -c1-220
    run_sql "count in the table" "SELECT COUNT(*) FROM cases AS c WHERE $2"
    if [ -n "${3:-}" ] && [ "$HAS_COUNTS" = 1 ]; then
      run_sql "total from case_counts" "SELECT SUM(c.n) FROM case_counts AS c WHERE $3"
    fi
    run_sql "page 1 ids through the planner's index" "SELECT c.id FROM cases AS c WHERE $2 ORDER BY c.id DESC LIMIT 50 OFFSET 0"
    run_sql "page 1 ids walking the table newest first" "SELECT c.id FROM cases AS c NOT INDEXED WHERE $2 ORDER BY c.id DESC LIMIT 50 OFFSET 0"
    run_sql "page 20 ids walking the table newest first" "SELECT c.id FROM cases AS c NOT INDEXED WHERE $2 ORDER BY c.id DESC LIMIT 50 OFFSET 950"
  }
  D="c.unit_code = '350503000000'"
  explain "federation, no filter" "$FED" "$D"
  explain "federation, status=closed" "$FED AND c.status = 'closed'" "$D AND c.status = 'closed'"
  explain "federation, status=in_progress" "$FED AND c.status = 'in_progress'" "$D AND c.status = 'in_progress'"
  explain "federation, category=domestic_violence" "$FED AND c.category = 'domestic_violence'" "$D AND c.category = 'domestic_violence'"
  explain "federation, kind=enterprise" "$FED AND c.kind = 'enterprise'" "$D AND c.kind = 'enterprise'"
  explain "federation, channel=walk_in" "$FED AND c.channel = 'walk_in'" "$D AND c.channel = 'walk_in'"
  explain "federation, overdue (also the overdue count)" "$FED AND c.due_at < $NOW"
  explain "federation, unit=street" "$FED AND c.unit_code BETWEEN '$LO' AND '$HI'" "c.unit_code = '$STREET'"
  explain "federation, unit=community" "$FED AND c.unit_code BETWEEN '$COMMUNITY' AND '$COMMUNITY'" "c.unit_code = '$COMMUNITY'"
  explain "federation, period=a month" "$FED AND c.opened_on >= '2026-10-01' AND c.opened_on <= '2026-10-31'"
  explain "federation, period=a year" "$FED AND c.opened_on >= '2025-01-01' AND c.opened_on <= '2025-12-31'"
  explain "street, no filter" "$STR" "c.unit_code = '$STREET' AND c.restricted = 0"
  explain "street, status=closed" "$STR AND c.status = 'closed'" "c.unit_code = '$STREET' AND c.restricted = 0 AND c.status = 'closed'"
  explain "street, overdue (also the overdue count)" "$STR AND c.due_at < $NOW"
fi

# --------------------------------------------------------------------------------------------
section "results"
lf() { field "$WORK/$1.load" "$2" 2>/dev/null; }
verdict() { # verdict VALUE GOAL -> met / missed (xN.N)
  awk -v v="$1" -v g="$2" 'BEGIN { if (v == "?" || v == "") print "?"; else if (v + 0 <= g + 0) print "met"; else printf "missed (%.1fx the goal)\n", v / g }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.1fx", a / b; else print "?" }'; }
if [ -f "$WORK/gen.time" ]; then
  printf '  %-40s %s\n' "gen-data cases --count $N" "$(cat "$WORK/gen.time"); $(tail -n 1 "$WORK/gen.out")"
fi
if [ -f "$WORK/list_fed.c$CONNECTIONS.load" ]; then
  printf '  %-34s %-7s %-20s %-22s %-12s %-18s %s\n' figure conns "p50 / p99 ms" "pk lookup p50 / p99" "p99 : pk" "/healthz p50 / p99" "goal"
  for c in "$CONNECTIONS" 1; do
    PK50=$(lf "pk_fed.c$c" p50_ms); PK99=$(lf "pk_fed.c$c" p99_ms)
    H50=$(lf "healthz.c$c" p50_ms); H99=$(lf "healthz.c$c" p99_ms)
    for f in list_fed list_street overdue_fed overdue_street pk_fed; do
      n="$f.c$c"
      [ -f "$WORK/$n.load" ] || continue
      p50=$(lf "$n" p50_ms); p99=$(lf "$n" p99_ms)
      case $f in
        list_*) goal="p99 <= 50 ms: $(verdict "$p99" 50)" ;;
        overdue_*) goal="p99 <= 20 ms: $(verdict "$p99" 20)" ;;
        *) goal="(baseline)" ;;
      esac
      [ "$c" = "$CONNECTIONS" ] || goal="($goal at 1 client)"
      printf '  %-34s %-7s %-20s %-22s %-12s %-18s %s\n' "$f" "$c" "$p50 / $p99" "$PK50 / $PK99" \
        "$(ratio "$p99" "$PK99")" "$H50 / $H99" "$goal"
      printf '  %-34s %-7s %s\n' "" "" "requests $(lf "$n" requests) ($(lf "$n" rps)/s), non-200: $(lf "$n" non200)"
    done
  done
fi
