#!/usr/bin/env bash
# jinguo matching benchmark (issue #5): the top 10 jobs of every one of 100,000 seekers over
# 10,000 open jobs in the demo district, by the job index (`JobIndex`) beside scoring every pair
# (`top_jobs_brute_force`) in the same run, on one thread and on every core. Every seeker's two
# lists are compared: a difference fails the run. Timings are printed against the goals (the
# index <= 2 s and >= 10x faster than brute force), never asserted. See docs/benchmarks.md.
# No server, no network: a std-only bench target of jinguo-domain (crates/domain/benches/matching.rs).
#
#   bash bench/matching.sh                  build (release) and run, about a minute
#   bash bench/matching.sh 42               another seed
#
# Knobs (env): BENCH_SEED (20261129; an argument wins), BENCH_JOBS (10000), BENCH_SEEKERS
# (100000), BENCH_TOP (10), BENCH_THREADS (all cores), BENCH_OUT (a file to keep the output in;
# default: a temp file, its path printed at the end).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"


OUT=${BENCH_OUT:-$(mktemp /tmp/jinguo-matching-bench.XXXXXX)}

section "machine"
echo "git:     $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
echo "cpus:    $(nproc)   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory:  $(awk '/^MemTotal:/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min: other work on the machine slows both sides)"
echo "rustc:   $(rustc --version)"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# `cargo bench` builds with the release profile (the bench profile inherits it).
section "cargo bench -p jinguo-domain --bench matching -- $*"
status=0
cargo bench -p jinguo-domain --bench matching -- "$@" 2>&1 | tee "$OUT" || status=$?

section "results"
grep -E '^(data|brute force|index|pairs scored|lists|identical results|goal)' "$OUT" | sed 's/^/  /' || true
echo "  (full output: $OUT)"
exit "$status"
