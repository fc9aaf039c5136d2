#!/usr/bin/env bash
# bench/scale.sh - `make bench-scale`: the whole daemon at AKS's size limits (bench/kube_scale.py)
# plus the scheduler alone (aksemu-sched-bench). Starts a quiet daemon on a temporary data dir
# and a free port on 127.0.0.1, prints the figures, stops it. Not part of pass/fail.
#
# usage: bash bench/scale.sh [path/to/aksemu]
# env:   SCALE_NODES (5000), SCALE_POOLS (100), SCALE_PODS (150000), SCALE_TIMEOUT (1800 s)
set -euo pipefail
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AKSEMU="$(realpath "${1:-$SRC/build/aksemu}")"
[ -x "$AKSEMU" ] || { echo "bench/scale.sh: $AKSEMU is not an executable (make all)" >&2; exit 2; }
BUILD_DIR="$(dirname "$AKSEMU")"
T="$(mktemp -d /tmp/aksemu-scale.XXXXXX)"
DAEMON_PID=""
cleanup() {
  if [ -n "$DAEMON_PID" ]; then kill -KILL "$DAEMON_PID" 2>/dev/null || true; fi
  rm -rf "$T"
}
trap cleanup EXIT

NODES="${SCALE_NODES:-5000}" POOLS="${SCALE_POOLS:-100}" PODS="${SCALE_PODS:-150000}"
if [ -x "$BUILD_DIR/aksemu-sched-bench" ] || { [ -f "$BUILD_DIR/CMakeCache.txt" ] &&
    cmake --build "$BUILD_DIR" --target aksemu-sched-bench >"$T/build.log" 2>&1; }; then
  echo "== the scheduler alone (aksemu-sched-bench --nodes $NODES --pools $POOLS --pods $PODS)"
  timeout 600 "$BUILD_DIR/aksemu-sched-bench" --nodes "$NODES" --pools "$POOLS" --pods "$PODS" || true
  echo
fi

"$AKSEMU" serve --listen 127.0.0.1:0 --data "$T/data" --provision-ms 5 --node-ready-ms 100 \
  --pod-start-ms 100 --quiet >"$T/daemon.log" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 1 100); do
  [ -s "$T/data/url" ] && break
  kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$T/daemon.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$T/data/url" ] || { echo "bench/scale.sh: the daemon did not start" >&2; exit 1; }
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
LABEL="machine: $(nproc) CPUs ($CPU), Linux $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ); daemon: $("$AKSEMU" --version 2>/dev/null | head -n1) serve --quiet --provision-ms 5 --node-ready-ms 100 --pod-start-ms 100"
echo "== the whole daemon (bench/kube_scale.py)"
rc=0
timeout "${SCALE_TIMEOUT:-1800}" python3 "$SRC/bench/kube_scale.py" --data "$T/data" --pid "$DAEMON_PID" \
  --nodes "$NODES" --pools "$POOLS" --pods "$PODS" --label "$LABEL" || rc=$?
if [ -r "/proc/$DAEMON_PID/stat" ]; then
  read -r -a st <"/proc/$DAEMON_PID/stat"
  hz="$(getconf CLK_TCK)"
  echo "daemon CPU time: user $((st[13] * 1000 / hz)) ms, system $((st[14] * 1000 / hz)) ms"
fi
kill -TERM "$DAEMON_PID" 2>/dev/null || true
drc=0
wait "$DAEMON_PID" || drc=$?
DAEMON_PID=""
[ "$drc" -eq 0 ] || { echo "bench/scale.sh: the daemon exited with $drc" >&2; tail -n 20 "$T/daemon.log" >&2; rc=1; }
exit "$rc"
