#!/usr/bin/env bash
# bench/soak.sh - `make soak`: a bounded mixed load against a real daemon on 127.0.0.1 for
# SOAK_SECONDS (default 600): paced ARM and Kubernetes reads, agent pool writes with their
# operations, pod and ConfigMap writes and patches, watches (aksemu-bench --soak, see
# bench/ak_bench.c). Prints requests/s, errors, latency percentiles, the daemon's RSS slope
# over the second half and the largest -wal file; exits non-zero if any request failed or RSS
# grew faster than SOAK_MAX_SLOPE KiB/min. Never part of the tests. docs/reliability.md, "Soak".
#
# usage: bash bench/soak.sh [path/to/aksemu]    (a release build: make all)
# env:   SOAK_SECONDS (600), SOAK_RPS (2000 paced reads/s), SOAK_READERS (4),
#        SOAK_KUBE_WPS (200 Kubernetes writes/s), SOAK_MAX_SLOPE (256 KiB/min),
#        SOAK_PROVISION_MS (5), SOAK_SYNC (normal | full), SOAK_ARGS (extra serve flags)
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init soak "${1:-}"
SECS="${SOAK_SECONDS:-600}"

PROV="${SOAK_PROVISION_MS:-5}"
SYNC="${SOAK_SYNC:-normal}"
# shellcheck disable=SC2086
bench_daemon soak --provision-ms "$PROV" --sync "$SYNC" --node-ready-ms 50 --pod-start-ms 50 --quiet ${SOAK_ARGS:-}
LABEL="$MACHINE; daemon: $("$AKSEMU" --version 2>/dev/null | head -n1 || echo aksemu) serve --quiet --provision-ms $PROV --node-ready-ms 50 --pod-start-ms 50 --sync $SYNC ${SOAK_ARGS:-}"

rc=0
AKSEMU_TOKEN="$(cat "$T/data/token")" timeout $((SECS + 180)) "$BENCH" --soak "$SECS" \
  --url "$URL" --ca "$T/data/tls/ca.pem" --pid "$DAEMON_PID" --wal "$T/data/aksemu.db-wal" \
  --rps "${SOAK_RPS:-2000}" --readers "${SOAK_READERS:-4}" --kube-wps "${SOAK_KUBE_WPS:-200}" \
  --max-slope "${SOAK_MAX_SLOPE:-256}" --label "$LABEL" || rc=$?

if [ -r "/proc/$DAEMON_PID/stat" ]; then
  read -r -a st <"/proc/$DAEMON_PID/stat"
  hz="$(getconf CLK_TCK)"
  echo "daemon CPU time: user $((st[13] / hz)) s, system $((st[14] / hz)) s over the soak and its set-up"
fi
echo "data dir: $(du -sk "$T/data" | cut -f1) KiB ($(ls -s --block-size=K "$T/data" | grep aksemu.db | tr '\n' ' '))"
if [ "$rc" -ne 0 ]; then
  echo "bench/soak.sh: aksemu-bench exited with $rc; the daemon log ends with:" >&2
  tail -n 20 "$T/daemon.log" >&2
fi
kill -TERM "$DAEMON_PID" 2>/dev/null || true
drc=0
wait "$DAEMON_PID" || drc=$?
DAEMON_PID=""
[ "$drc" -eq 0 ] || { echo "bench/soak.sh: the daemon exited with $drc" >&2; tail -n 20 "$T/daemon.log" >&2; rc=1; }
exit "$rc"
