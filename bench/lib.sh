# Shared parts of the benchmark scripts (sourced, not run): a clean environment, the release
# build, the tools a script needs, a work directory, the server's stop, and the small helpers
# that read and format figures. Each script keeps only what it measures.
#
# A script sets STEPS (" gen load … ") before calling has_step, SERVER_PID before stop_server.

# Nothing from the caller's environment may point jinguo at another data dir or database.
scrub_env() {
  local v
  for v in $(compgen -e | grep '^JINGUO_' || true); do
    [ "$v" = JINGUO_BIN ] || [ "$v" = JINGUO_BIN_BEFORE ] || unset "$v"
  done
}

section() { printf '\n== %s\n' "$*"; }
has_step() { [[ "$STEPS" == *" $1 "* ]]; }

# build_release BIN : the release binary, unless BENCH_SKIP_BUILD=1; BIN must then exist.
build_release() {
  if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    section "build: cargo build --release -p jinguo"
    cargo build --release -p jinguo
  fi
  [ -x "$1" ] || { echo "no binary at $1" >&2; exit 1; }
}

# need TOOL... : stops with a message when one is missing.
need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is needed" >&2; exit 1; }
  done
}

# need_wrk : wrk, installed from the distribution when missing.
need_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    section "installing wrk"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
  fi
}

# work_dir NAME : sets WORK (BENCH_WORK, kept, or a temp dir removed at the end) and KEEP_WORK.
work_dir() {
  if [ -n "${BENCH_WORK:-}" ]; then
    WORK=$BENCH_WORK
    KEEP_WORK=1
    mkdir -p "$WORK"
  else
    WORK=$(mktemp -d "/tmp/jinguo-$1-bench.XXXXXX")
    KEEP_WORK=0
  fi
}

# stop_server : stops the server started in SERVER_PID, if it runs.
stop_server() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# field FILE NAME : the value of NAME=… in FILE.
field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" "$1"; }
size_mb() { du -cm "$@" 2>/dev/null | awk 'END {print $1 " MB"}'; }
mb() { awk -v k="$1" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%.0f MB", k / 1024; else print "?" }'; }
