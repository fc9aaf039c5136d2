#!/usr/bin/env bash
# bench/ui-nodes.sh - the web view's node list at 5,000 nodes: builds the cluster through ARM
# (bench/ui_build.py), opens /ui/#view=nodes in the system's headless Chromium (Playwright,
# tests/ui) and prints the browser's performance timings: the first screen of the node list,
# the whole list loaded, the pods listed, the longest task. Not part of pass/fail.
# usage: bash bench/ui-nodes.sh [path/to/aksemu]    env: UI_NODES (5000), UI_POOLS (100)
set -euo pipefail
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AKSEMU="$(realpath "${1:-$SRC/build/aksemu}")"
T="$(mktemp -d /tmp/aksemu-uibench.XXXXXX)"
PID=""
cleanup() { [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
DEPS="${AKSEMU_UI_DEPS:-$(dirname "$AKSEMU")/ui-deps}"
if ! cmp -s "$SRC/tests/ui/package-lock.json" "$DEPS/package-lock.json" || [ ! -d "$DEPS/node_modules/playwright-core" ]; then
  mkdir -p "$DEPS"; cp "$SRC/tests/ui/package.json" "$SRC/tests/ui/package-lock.json" "$DEPS/"
  (cd "$DEPS" && npm_config_cache="$DEPS/.npm-cache" npm ci --ignore-scripts --no-audit --no-fund) >&2
fi
"$AKSEMU" serve --listen 127.0.0.1:0 --data "$T/data" --provision-ms 5 --node-ready-ms 100 --pod-start-ms 100 --quiet >"$T/daemon.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do [ -s "$T/data/url" ] && break; sleep 0.1; done
python3 "$SRC/bench/ui_build.py" "$T/data" "${UI_NODES:-5000}" "${UI_POOLS:-100}"
URL="$("$AKSEMU" ui --data "$T/data")"
NODE_PATH="$DEPS/node_modules" node "$SRC/bench/ui-nodes.cjs" "$URL&view=nodes" "${UI_NODES:-5000}"
kill -TERM "$PID"; wait "$PID" || true; PID=""
