#!/usr/bin/env bash
# jinguo people benchmarks at the DESIGN §9 reference size (1,000,000 people), each figure beside a
# baseline measured in the same run: import beside the sqlite3 shell's `.import`; search and list
# latency beside GET /healthz under the same load; the server's RSS beside a server on the empty
# demo database. See docs/benchmarks.md. Loopback (127.0.0.1) only; every load is bounded in time.
#
#   bash bench/people.sh                        build release, then measure (about 15-25 minutes)
#   BENCH_SKIP_BUILD=1 bash bench/people.sh     use the existing target/release/jinguo
#
# Knobs (env): JINGUO_BIN (default target/release/jinguo), BENCH_PEOPLE (1000000), BENCH_SEED
# (20260308), BENCH_SEARCH_DURATION (20s), BENCH_LIST_DURATION (30s), BENCH_LIST_CONNECTIONS (32),
# BENCH_THREADS (2, for the list load), BENCH_BASELINE_REPEAT (3),
# BENCH_WORK (a directory to work in and keep; default: a temp dir removed at the end),
# BENCH_STEPS (default "import search list rss explain"; without "import", BENCH_WORK must hold
# people.csv and data/ from an earlier run).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

BIN=${JINGUO_BIN:-$ROOT/target/release/jinguo}
N=${BENCH_PEOPLE:-1000000}
SEED=${BENCH_SEED:-20260308}
SEARCH_DURATION=${BENCH_SEARCH_DURATION:-20s}
LIST_DURATION=${BENCH_LIST_DURATION:-30s}
LIST_CONNECTIONS=${BENCH_LIST_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
BASELINE_REPEAT=${BENCH_BASELINE_REPEAT:-3}
STEPS=" ${BENCH_STEPS:-import search list rss explain} "
ADMIN_PASSWORD='Bench#2026pass'
# wrk drops a request slower than its timeout from the latency figures: keep it far above them.
WRK_TIMEOUT=60s

scrub_env


build_release "$BIN"

need_wrk
need curl python3 sqlite3

work_dir people
CSV=$WORK/people.csv
DATA=$WORK/data
SERVER_PID=
cleanup() {
  stop_server
  rm -f "$WORK/baseline.db" "$WORK/baseline.db-journal"
  rm -rf "$WORK/demo"
  [ "$KEEP_WORK" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo '?'; }

# start_server DATA_DIR [--demo] : sets SERVER_PID, PORT, BASE, TOKEN
start_server() {
  local dir=$1
  shift
  PORT=$(free_port)
  BASE="http://127.0.0.1:${PORT}"
  SERVE_LOG="$WORK/serve-$(basename "$dir").log"
  JINGUO_ADMIN_PASSWORD=$ADMIN_PASSWORD "$BIN" serve --listen "127.0.0.1:${PORT}" --data-dir "$dir" "$@" \
    </dev/null >"$SERVE_LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 1200); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:"; tail -n 30 "$SERVE_LOG"; exit 1; }
    sleep 0.1
  done
  curl -fsS -o /dev/null "$BASE/healthz" || { echo "server not ready:"; tail -n 30 "$SERVE_LOG"; exit 1; }
  TOKEN=$("$BIN" token create --username admin --label bench --data-dir "$dir" </dev/null | tail -n 1)
  [ -n "$TOKEN" ] || { echo "jinguo token create printed no token" >&2; exit 1; }
  local me
  me=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me")
  [ "$me" = 200 ] || { echo "GET /api/v1/me with the token answered $me" >&2; exit 1; }
}

# wait_idle : after a load, the server may still work through requests whose clients left; wait
# (at most 180 s) until an authenticated call answers within 200 ms again.
wait_idle() {
  local t
  for _ in $(seq 1 180); do
    t=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' --max-time 30 \
      -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me" 2>/dev/null || echo "000 99")
    awk -v t="$t" 'BEGIN { split(t, a, " "); exit !(a[1] == 200 && a[2] < 0.2) }' && return 0
    sleep 1
  done
  echo "the server did not become idle within 180 s" >&2
}

# run_load NAME PATHS CONNECTIONS SECONDS : every request's own latency (people_queries.py load),
# kept in $WORK/NAME.load as key=value pairs
run_load() {
  python3 "$ROOT/bench/people_queries.py" load --base "$BASE" --token "$TOKEN" --paths "$2" \
    --connections "$3" --duration "$4" --timeout 60 --out "$WORK/$1.load"
}
lfield() { field "$WORK/$1.load" "$2" 2>/dev/null; }

# run_wrk NAME URL WRK-ARGS... : prints wrk's output, keeps it in $WORK/NAME.wrk
run_wrk() {
  local name=$1 url=$2
  shift 2
  case "$url" in http://127.0.0.1:*) ;; *) echo "refusing to load $url" >&2; exit 1 ;; esac
  wrk --latency --timeout "$WRK_TIMEOUT" "$@" "$url" | tee "$WORK/$name.wrk"
  # Not fatal: an overloaded server answering 500 (e.g. no free database connection within the
  # pool's 10 s acquire timeout) is itself a finding. The results flag the figure.
  if grep -q 'Non-2xx or 3xx responses' "$WORK/$name.wrk"; then
    echo "$name: some responses were not 2xx/3xx: the latency figures mix in error answers" >&2
  fi
  if grep -q 'timeout [1-9]' "$WORK/$name.wrk"; then
    echo "$name: some requests timed out after $WRK_TIMEOUT: the percentiles leave them out" >&2
  fi
}
rps() { awk '/^Requests\/sec:/ {print $2}' "$WORK/$1.wrk" 2>/dev/null; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$WORK/$1.wrk" 2>/dev/null; }
reqs() { awk '/requests in/ {print $1}' "$WORK/$1.wrk" 2>/dev/null; }
errors() { # non-2xx answers and socket errors (timeouts) of a wrk run, or nothing
  awk '/Non-2xx/ {printf "%s non-2xx ", $NF} /Socket errors/ {printf "socket errors:%s", substr($0, index($0, ":") + 1)}' \
    "$WORK/$1.wrk" 2>/dev/null
}
# to_ms 12.34ms|1.2s|800us -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.0f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.0f", v * 1000 }
    else print "?" }'
}
verdict() { # verdict VALUE GOAL -> met / missed (xN.N)
  awk -v v="$1" -v g="$2" 'BEGIN { if (v == "?" || v == "") print "?"; else if (v + 0 <= g + 0) print "met"; else printf "missed (%.1fx the goal)\n", v / g }'
}

section "machine"
echo "binary:  $BIN ($("$BIN" --version 2>/dev/null || echo '?'))"
# The commit of the tree the binary was built in (JINGUO_BIN may live in another worktree).
echo "git:     $(git -C "$(dirname "$BIN")" rev-parse --short HEAD 2>/dev/null || echo '?') (binary's tree), bench scripts from $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "cpus:    $(nproc)   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory:  $(awk '/^MemTotal:/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
echo "sqlite3: $(sqlite3 --version | cut -d' ' -f1)"
echo "wrk:     $(wrk --version 2>&1 | head -n 1 || true)"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "people:  $N (seed $SEED)   work dir: $WORK"

# --------------------------------------------------------------------------------------------
if has_step import; then
  section "generate: jinguo gen-data people --count $N --seed $SEED"
  rm -rf "$DATA" "$WORK/gen"
  python3 "$ROOT/bench/timecmd.py" "$WORK/gen.time" -- \
    "$BIN" gen-data people --count "$N" --out "$CSV" --seed "$SEED" --data-dir "$WORK/gen" </dev/null
  rm -rf "$WORK/gen"
  echo "gen-data: $(cat "$WORK/gen.time"); $(size_mb "$CSV"), $(($(wc -l <"$CSV") - 1)) data lines"

  section "baseline: sqlite3 .import --csv --skip 1 into a bare 11-column table ($BASELINE_REPEAT runs, fresh database each)"
  : >"$WORK/baseline.samples"
  for r in $(seq 1 "$BASELINE_REPEAT"); do
    rm -f "$WORK/baseline.db"
    sqlite3 "$WORK/baseline.db" "CREATE TABLE roster (name TEXT, id_number TEXT, sex TEXT, phone TEXT,
      street TEXT, community TEXT, tags TEXT, ethnicity TEXT, education TEXT, address TEXT, notes TEXT)"
    python3 "$ROOT/bench/timecmd.py" "$WORK/baseline.time" -- \
      sqlite3 "$WORK/baseline.db" ".import --csv --skip 1 $CSV roster"
    rows=$(sqlite3 "$WORK/baseline.db" "SELECT COUNT(*) FROM roster")
    [ "$rows" = "$N" ] || { echo "sqlite3 imported $rows rows, not $N" >&2; exit 1; }
    echo "run $r: $(cat "$WORK/baseline.time"), $rows rows"
    field "$WORK/baseline.time" wall_s >>"$WORK/baseline.samples"
  done
  BASELINE_DB_SIZE=$(size_mb "$WORK/baseline.db")
  rm -f "$WORK/baseline.db"
  SQLITE_S=$(sort -n "$WORK/baseline.samples" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  SQLITE_RSS=$(field "$WORK/baseline.time" maxrss_kb)
  echo "sqlite3 .import median: ${SQLITE_S} s"

  section "jinguo import people (fresh data dir, initialized by 'jinguo migrate' first, untimed)"
  "$BIN" migrate --data-dir "$DATA" </dev/null
  python3 "$ROOT/bench/timecmd.py" "$WORK/import.time" -- \
    "$BIN" import people "$CSV" --data-dir "$DATA" </dev/null | tee "$WORK/import.out"
  echo "jinguo import: $(cat "$WORK/import.time")"
  SUMMARY=$(tail -n 1 "$WORK/import.out")
  IMPORTED=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["imported"])' "$SUMMARY")
  [ "$IMPORTED" = "$N" ] || echo "WARNING: jinguo imported $IMPORTED of $N rows: $SUMMARY" >&2
  JINGUO_S=$(field "$WORK/import.time" wall_s)
  JINGUO_RSS=$(field "$WORK/import.time" maxrss_kb)
  JINGUO_DB_SIZE=$(size_mb "$DATA"/jinguo.db*)
  IMPORT_RATIO=$(awk -v j="$JINGUO_S" -v s="$SQLITE_S" 'BEGIN { printf "%.1f", j / s }')
  {
    echo "SQLITE_S=$SQLITE_S"; echo "SQLITE_RSS=$SQLITE_RSS"; echo "JINGUO_S=$JINGUO_S"
    echo "JINGUO_RSS=$JINGUO_RSS"; echo "IMPORT_RATIO=$IMPORT_RATIO"
    echo "BASELINE_DB_SIZE='$BASELINE_DB_SIZE'"; echo "JINGUO_DB_SIZE='$JINGUO_DB_SIZE'"
    echo "SUMMARY='$SUMMARY'"
  } >"$WORK/import.env"
fi
[ -f "$CSV" ] && [ -d "$DATA" ] || { echo "no $CSV or $DATA: run the import step first" >&2; exit 1; }

# --------------------------------------------------------------------------------------------
if has_step search || has_step list || has_step rss; then
  section "serve on the imported data dir"
  start_server "$DATA"
  RSS_START=$(status_kb "$SERVER_PID" VmRSS)
  echo "ready at $BASE; VmRSS after start: $(mb "$RSS_START")"
fi

if has_step search; then
  section "search: the query set, probed one by one (per_page=20; 1 warm-up + 3 timed each)"
  python3 "$ROOT/bench/people_queries.py" pick --csv "$CSV" --seed "$SEED" --out "$WORK/queries.tsv"
  python3 "$ROOT/bench/people_queries.py" paths --queries "$WORK/queries.tsv" --per-page 20 --out "$WORK/search.paths"
  python3 "$ROOT/bench/people_queries.py" lua --paths "$WORK/search.paths" --out "$WORK/search.lua"
  python3 "$ROOT/bench/people_queries.py" probe --base "$BASE" --token "$TOKEN" \
    --paths "$WORK/search.paths" --labels "$WORK/queries.tsv" --reps 3

  echo /healthz >"$WORK/healthz.paths"
  section "search: 1 connection, ${SEARCH_DURATION%s} s, rotating through $(wc -l <"$WORK/search.paths") queries, beside /healthz: every request's latency"
  run_load search_healthz "$WORK/healthz.paths" 1 "${SEARCH_DURATION%s}"
  run_load search "$WORK/search.paths" 1 "${SEARCH_DURATION%s}"
  wait_idle

  section "search: the same with wrk -t1 -c1 -d$SEARCH_DURATION (its percentiles add coordinated-omission samples)"
  run_wrk search_healthz "$BASE/healthz" -t1 -c1 -d"$SEARCH_DURATION"
  run_wrk search "$BASE/" -t1 -c1 -d"$SEARCH_DURATION" -s "$WORK/search.lua" -H "Authorization: Bearer $TOKEN"
  wait_idle
fi

if has_step list; then
  STREET=$(sqlite3 -readonly "$DATA/jinguo.db" \
    "SELECT code FROM units WHERE code = '350503001000' UNION ALL
     SELECT MIN(code) FROM units WHERE level = 'street' LIMIT 1")
  COMMUNITY=$(sqlite3 -readonly "$DATA/jinguo.db" \
    "SELECT MIN(unit_code) FROM people WHERE unit_code > '${STREET:0:9}000' AND unit_code <= '${STREET:0:9}999'")
  : >"$WORK/list.paths"
  for unit in "" "$STREET" "$COMMUNITY"; do
    for page in 1 2 3 10 100; do
      echo "/api/v1/people?page=$page&per_page=50${unit:+&unit=$unit}" >>"$WORK/list.paths"
    done
  done
  python3 "$ROOT/bench/people_queries.py" lua --paths "$WORK/list.paths" --out "$WORK/list.lua"
  section "list: the pages, probed one by one (per_page=50; 1 warm-up + 1 timed each)"
  python3 "$ROOT/bench/people_queries.py" probe --base "$BASE" --token "$TOKEN" --paths "$WORK/list.paths" --reps 1

  echo /healthz >"$WORK/healthz.paths"
  section "list: $LIST_CONNECTIONS connections, ${LIST_DURATION%s} s, pages 1,2,3,10,100 x (all, unit=$STREET, unit=$COMMUNITY), beside /healthz: every request's latency"
  run_load list_healthz "$WORK/healthz.paths" "$LIST_CONNECTIONS" "${LIST_DURATION%s}"
  run_load list "$WORK/list.paths" "$LIST_CONNECTIONS" "${LIST_DURATION%s}"
  wait_idle

  section "list: the same with wrk -t$THREADS -c$LIST_CONNECTIONS -d$LIST_DURATION (its percentiles add coordinated-omission samples)"
  run_wrk list_healthz "$BASE/healthz" -t"$THREADS" -c"$LIST_CONNECTIONS" -d"$LIST_DURATION"
  run_wrk list "$BASE/" -t"$THREADS" -c"$LIST_CONNECTIONS" -d"$LIST_DURATION" -s "$WORK/list.lua" \
    -H "Authorization: Bearer $TOKEN"
  wait_idle
  if grep -q 'pool timed out' "$SERVE_LOG"; then
    echo "the server log has $(grep -c 'pool timed out' "$SERVE_LOG") 'pool timed out while waiting for an open connection' errors (HTTP 500)"
  fi
fi

if has_step rss; then
  section "RSS of serve holding $N people, after the loads above"
  RSS_HWM=$(status_kb "$SERVER_PID" VmHWM)
  RSS_NOW=$(status_kb "$SERVER_PID" VmRSS)
  echo "VmHWM $(mb "$RSS_HWM"), VmRSS $(mb "$RSS_NOW")"
  # The first write of a person builds the pinyin lexicon (search terms) in memory: a server
  # that only searched and listed has not paid for it yet. Create one person, then delete it.
  NEW_ID=$(python3 -c '
import random
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
first17 = "350503199001%02d9%02d" % (random.randint(1, 28), random.randint(0, 99))
print(first17 + "10X98765432"[sum(int(c) * k for c, k in zip(first17, w)) % 11])')
  WRITE=$(curl -sS -o "$WORK/write.json" -w '%{http_code} %{time_total}' -X POST \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data "{\"name\":\"测试写入\",\"id_number\":\"$NEW_ID\",\"unit_code\":\"350503001000\"}" \
    "$BASE/api/v1/people")
  WRITE_S=${WRITE#* }
  if [ "${WRITE%% *}" = 201 ] || [ "${WRITE%% *}" = 200 ]; then
    PID_NEW=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/write.json")
    curl -sS -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/people/$PID_NEW"
  else
    echo "POST /api/v1/people answered ${WRITE%% *}: $(head -c 300 "$WORK/write.json")" >&2
  fi
  RSS_W_HWM=$(status_kb "$SERVER_PID" VmHWM)
  RSS_W_NOW=$(status_kb "$SERVER_PID" VmRSS)
  echo "after one POST /api/v1/people (${WRITE_S} s) and its DELETE: VmHWM $(mb "$RSS_W_HWM"), VmRSS $(mb "$RSS_W_NOW")"
fi
stop_server

if has_step rss; then
  section "baseline: serve --demo on an empty data dir, after the same loads (5 s each)"
  start_server "$WORK/demo" --demo
  DEMO_PEOPLE=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/people?per_page=1" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
  DEMO_START=$(status_kb "$SERVER_PID" VmRSS)
  [ -f "$WORK/search.lua" ] && wrk --timeout "$WRK_TIMEOUT" -t1 -c1 -d5s -s "$WORK/search.lua" \
    -H "Authorization: Bearer $TOKEN" "$BASE/" >/dev/null
  [ -f "$WORK/list.lua" ] && wrk --timeout "$WRK_TIMEOUT" -t"$THREADS" -c"$LIST_CONNECTIONS" -d5s \
    -s "$WORK/list.lua" -H "Authorization: Bearer $TOKEN" "$BASE/" >/dev/null
  DEMO_HWM=$(status_kb "$SERVER_PID" VmHWM)
  DEMO_NOW=$(status_kb "$SERVER_PID" VmRSS)
  echo "demo ($DEMO_PEOPLE people): VmRSS after start $(mb "$DEMO_START"), after the loads VmHWM $(mb "$DEMO_HWM"), VmRSS $(mb "$DEMO_NOW")"
  stop_server
  rm -rf "$WORK/demo"
fi

# --------------------------------------------------------------------------------------------
if has_step explain; then
  section "where the time goes: the list/search SQL on the imported file (sqlite3 shell, .timer on)"
  # The statements `jinguo_db::people::list` builds (admin scope = the whole district), with
  # their literals inlined. Each is timed once, after one untimed run.
  RANGE="p.unit_code BETWEEN '350503000000' AND '350503999999' AND p.deleted_at IS NULL"
  COLS="p.id, p.name, p.sex, p.birth_year, p.unit_code, p.id_cipher, p.id_masked, p.id_index,
    p.phone_cipher, p.phone_masked, p.phone_index, p.address_cipher, p.notes_cipher, p.ethnicity,
    p.education, p.marital_status, p.created_at, p.updated_at, p.deleted_at, p.merged_into"
  explain() { # explain LABEL SQL
    echo "-- $1"
    echo "   $2" | tr -s ' \n' ' ' | cut -c1-220
    sqlite3 -readonly "$DATA/jinguo.db" "EXPLAIN QUERY PLAN $2" | sed 's/^/   /'
    printf '%s;\n.timer on\n%s;\n' "$2" "$2" | sqlite3 -readonly "$DATA/jinguo.db" |
      { grep '^Run Time' || true; } | sed 's/^/   /'
  }
  explain "list page 1 (all)" "SELECT $COLS FROM people AS p WHERE $RANGE ORDER BY p.id DESC LIMIT 50 OFFSET 0"
  explain "list count (all)" "SELECT COUNT(*) FROM people AS p WHERE $RANGE"
  explain "list page 1 (street)" "SELECT $COLS FROM people AS p WHERE $RANGE AND p.unit_code BETWEEN '350503001000' AND '350503001999' ORDER BY p.id DESC LIMIT 50 OFFSET 0"
  explain "list count (street)" "SELECT COUNT(*) FROM people AS p WHERE $RANGE AND p.unit_code BETWEEN '350503001000' AND '350503001999'"
  explain "search q=王 page" "SELECT $COLS FROM people AS p WHERE $RANGE AND p.id IN (SELECT person_id FROM person_terms WHERE term IN ('s:王')) ORDER BY CASE WHEN p.name = '王' THEN 0 ELSE 1 END ASC, p.id DESC LIMIT 20 OFFSET 0"
  explain "search q=王 count" "SELECT COUNT(*) FROM people AS p WHERE $RANGE AND p.id IN (SELECT person_id FROM person_terms WHERE term IN ('s:王'))"
  explain "search q=wangfang page" "SELECT $COLS FROM people AS p WHERE $RANGE AND p.id IN (SELECT person_id FROM person_terms WHERE term IN ('p:wangfang', 'i:wangfang', 's:wangfang')) ORDER BY p.id DESC LIMIT 20 OFFSET 0"
  explain "search terms: rows per kind" "SELECT substr(term, 1, 2) AS kind, COUNT(*) FROM person_terms GROUP BY kind"
  explain "search term s:王 rows" "SELECT COUNT(*) FROM person_terms WHERE term = 's:王'"
fi

# --------------------------------------------------------------------------------------------
section "results"
row() { printf '  %-58s %-22s %s\n' "$1" "$2" "$3"; }
row "figure" "value" "baseline (same run) / goal"
if [ -f "$WORK/import.env" ]; then
  # shellcheck disable=SC1091
  . "$WORK/import.env"
  row "import $N people: jinguo import people" "$JINGUO_S s" "sqlite3 .import: $SQLITE_S s"
  row "  ratio jinguo : sqlite3" "${IMPORT_RATIO}x" "goal <= 2x: $(verdict "$IMPORT_RATIO" 2)"
  row "  peak RSS of the importing process" "$(mb "$JINGUO_RSS")" "sqlite3: $(mb "$SQLITE_RSS")"
  row "  database size" "$JINGUO_DB_SIZE" "sqlite3: $BASELINE_DB_SIZE; CSV: $(size_mb "$CSV")"
  row "  summary" "$SUMMARY" ""
fi
# load_rows NAME LABEL GOAL_MS
load_rows() {
  local n=$1 label=$2 goal=$3 p99
  p99=$(lfield "$n" p99_ms)
  row "$label: p50 / p99 (every request)" "$(lfield "$n" p50_ms) / ${p99} ms" \
    "/healthz: $(lfield "${n}_healthz" p50_ms) / $(lfield "${n}_healthz" p99_ms) ms"
  row "  requests (req/s), non-200 answers" "$(lfield "$n" requests) ($(lfield "$n" rps)), $(lfield "$n" non200)" \
    "/healthz: $(lfield "${n}_healthz" requests) ($(lfield "${n}_healthz" rps)), $(lfield "${n}_healthz" non200)"
  row "  wrk p50 / p99 (with CO correction)" "$(pct "$n" 50%) / $(pct "$n" 99%)" \
    "/healthz: $(pct "${n}_healthz" 50%) / $(pct "${n}_healthz" 99%)"
  row "  wrk requests (req/s)" "$(reqs "$n") ($(rps "$n"))" "/healthz: $(reqs "${n}_healthz") ($(rps "${n}_healthz"))"
  [ -z "$(errors "$n")" ] || row "  wrk errors" "$(errors "$n")" ""
  row "  p99 goal <= $goal ms" "${p99} ms" "$(verdict "$p99" "$goal")"
}
if [ -f "$WORK/search.load" ]; then load_rows search "search, 1 connection" 20; fi
if [ -f "$WORK/list.load" ]; then load_rows list "list, $LIST_CONNECTIONS connections" 50; fi
if [ -n "${RSS_HWM:-}" ]; then
  row "serve RSS holding $N people: VmHWM / VmRSS" "$(mb "$RSS_HWM") / $(mb "$RSS_NOW")" \
    "demo ($DEMO_PEOPLE people): $(mb "$DEMO_HWM") / $(mb "$DEMO_NOW")"
  row "  VmRSS just after start" "$(mb "$RSS_START")" "demo: $(mb "$DEMO_START")"
  row "  after one person written (pinyin lexicon loaded)" "$(mb "$RSS_W_HWM") / $(mb "$RSS_W_NOW")" "that POST took ${WRITE_S} s"
  row "  VmHWM goal <= 300 MB" "$(mb "$RSS_W_HWM")" "$(verdict "$((RSS_W_HWM / 1024))" 300)"
fi
