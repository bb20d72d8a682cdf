#!/usr/bin/env bash
# jinguo benchmarks: HTTP throughput of an authenticated API call beside the bare /healthz, and
# cold start beside its baselines. Every figure is printed beside a baseline measured in the same
# run. See docs/benchmarks.md. Loopback (127.0.0.1) only; every load is bounded in time.
#
#   bash bench/run.sh                      build release, then measure
#   BENCH_SKIP_BUILD=1 bash bench/run.sh   use the existing target/release/jinguo
#
# Knobs (env): JINGUO_BIN (default target/release/jinguo), BENCH_DURATION (10s),
# BENCH_THREADS (2), BENCH_CONNECTIONS (16), BENCH_REPEAT (5).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

BIN=${JINGUO_BIN:-$ROOT/target/release/jinguo}
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
REPEAT=${BENCH_REPEAT:-5}
ADMIN_PASSWORD='Bench#2026pass'

scrub_env


build_release "$BIN"

need_wrk
need curl python3

WORK=$(mktemp -d /tmp/jinguo-bench.XXXXXX)
SERVER_PID=
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT


section "machine"
echo "binary:  $BIN ($("$BIN" --version 2>/dev/null || echo '?'))"
# The commit of the tree the binary was built in (JINGUO_BIN may live in another worktree).
echo "git:     $(git -C "$(dirname "$BIN")" rev-parse --short HEAD 2>/dev/null || echo '?') (binary's tree), bench scripts from $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "cpus:    $(nproc)   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "wrk:     $(wrk --version 2>&1 | head -n 1 || true)"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# --------------------------------------------------------------------------------------------
section "throughput: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, SQLite, one server"
PORT=$(free_port)
BASE="http://127.0.0.1:${PORT}"
DATA="$WORK/load"
JINGUO_ADMIN_PASSWORD=$ADMIN_PASSWORD "$BIN" serve --listen "127.0.0.1:${PORT}" --data-dir "$DATA" \
  </dev/null >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:"; tail -n 30 "$WORK/serve.log"; exit 1; }
  sleep 0.1
done
curl -fsS -o /dev/null "$BASE/healthz" || { echo "server not ready:"; tail -n 30 "$WORK/serve.log"; exit 1; }

# The CLI runs beside the serving server, on the same data dir.
TOKEN=$("$BIN" token create --username admin --label bench --data-dir "$DATA" </dev/null | tail -n 1)
[ -n "$TOKEN" ] || { echo "jinguo token create printed no token" >&2; exit 1; }
ME=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me")
if [ "$(tail -n 1 <<<"$ME")" != 200 ]; then
  echo "GET /api/v1/me with the token did not answer 200:" >&2
  echo "$ME" >&2
  exit 1
fi
echo "GET /api/v1/me -> $(head -n 1 <<<"$ME")"

# run_wrk NAME URL [HEADER] : prints wrk's output, keeps it in $WORK/NAME.wrk
run_wrk() {
  local name=$1 url=$2
  shift 2
  case "$url" in http://127.0.0.1:*) ;; *) echo "refusing to load $url" >&2; exit 1 ;; esac
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" | tee "$WORK/$name.wrk"
  if grep -q 'Non-2xx or 3xx responses' "$WORK/$name.wrk"; then
    echo "$name: some responses were not 2xx/3xx: the figure is not valid" >&2
    exit 1
  fi
}
rps() { awk '/^Requests\/sec:/ {print $2}' "$WORK/$1.wrk"; }
p99() { awk '$1 == "99%" {print $2}' "$WORK/$1.wrk"; }

# A short warm-up of both paths (not counted).
wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$BASE/healthz" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me" >/dev/null

run_wrk healthz "$BASE/healthz"
run_wrk me "$BASE/api/v1/me" -H "Authorization: Bearer $TOKEN"

RSS_PEAK=$(awk '/^VmHWM:/ {print $2 " " $3}' "/proc/$SERVER_PID/status" 2>/dev/null || echo '?')
kill -TERM "$SERVER_PID"
SERVE_RC=0
wait "$SERVER_PID" || SERVE_RC=$?
SERVER_PID=

H=$(rps healthz)
M=$(rps me)
RATIO=$(awk -v m="$M" -v h="$H" 'BEGIN { if (h > 0) printf "%.3f", m / h; else print "?" }')

# --------------------------------------------------------------------------------------------
section "cold start: $REPEAT runs each, SQLite"
python3 "$ROOT/bench/coldstart.py" --bin "$BIN" --repeat "$REPEAT" --work "$WORK" | tee "$WORK/coldstart.txt"

# --------------------------------------------------------------------------------------------
section "results"
printf '  %-44s %12s   %s\n' "GET /healthz (baseline)" "$H req/s" "p99 $(p99 healthz)"
printf '  %-44s %12s   %s\n' "GET /api/v1/me (Bearer token)" "$M req/s" "p99 $(p99 me)"
printf '  %-44s %12s\n' "ratio /api/v1/me : /healthz" "$RATIO"
printf '  %-44s %12s\n' "server peak RSS after the load (VmHWM)" "$RSS_PEAK"
printf '  %-44s %12s\n' "server exit code on SIGTERM" "$SERVE_RC"
sed -n '2,$p' "$WORK/coldstart.txt"
