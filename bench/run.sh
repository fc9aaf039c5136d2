#!/usr/bin/env bash
# bench/run.sh - `make bench`: builds aksemu-bench if needed, starts a quiet daemon on a temp
# data dir and a free port on 127.0.0.1, runs the benchmark, prints the results, stops the
# daemon. Never part of pass/fail of the tests. docs/benchmarks.md explains the figures.
#
# usage: bash bench/run.sh [path/to/aksemu]
# env:   BENCH_SAMPLES (400 per write kind), BENCH_DURATION (3 s per GET run),
#        BENCH_CONNS (1,4,16), BENCH_PROVISION_MS (5), BENCH_SYNC (normal | full),
#        BENCH_ARGS (extra aksemu-bench flags)
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init run "${1:-}"

PROV="${BENCH_PROVISION_MS:-5}"
SYNC="${BENCH_SYNC:-normal}"
bench_daemon run --provision-ms "$PROV" --sync "$SYNC" --quiet
LABEL="$MACHINE; daemon: $("$AKSEMU" --version 2>/dev/null | head -n1 || echo aksemu) serve --quiet --provision-ms $PROV --sync $SYNC"

rc=0
# shellcheck disable=SC2086
AKSEMU_TOKEN="$(cat "$T/data/token")" timeout 150 "$BENCH" --url "$URL" --ca "$T/data/tls/ca.pem" \
  --samples "${BENCH_SAMPLES:-400}" --duration "${BENCH_DURATION:-3}" \
  --conns "${BENCH_CONNS:-1,4,16}" --label "$LABEL" ${BENCH_ARGS:-} || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "bench/run.sh: aksemu-bench exited with $rc; the daemon log ends with:" >&2
  tail -n 20 "$T/daemon.log" >&2
fi

# the daemon's own view: CPU time it used over the whole run
if [ -r "/proc/$DAEMON_PID/stat" ]; then
  read -r -a st <"/proc/$DAEMON_PID/stat"
  hz="$(getconf CLK_TCK)"
  echo "daemon CPU time: user $((st[13] * 1000 / hz)) ms, system $((st[14] * 1000 / hz)) ms; RSS $(( st[23] * $(getconf PAGESIZE) / 1024 )) KiB"
fi
kill -TERM "$DAEMON_PID" 2>/dev/null || true
drc=0
wait "$DAEMON_PID" || drc=$?
DAEMON_PID=""
[ "$drc" -eq 0 ] || { echo "bench/run.sh: the daemon exited with $drc" >&2; tail -n 20 "$T/daemon.log" >&2; rc=1; }
exit "$rc"
