# lib.sh - shared by the black-box tests: a real daemon on 127.0.0.1 with a temp data dir,
# the real az pointed at it (offline), and small assertion helpers.
# usage (in a test): source "$(dirname "$0")/lib.sh" "$1"
set -uo pipefail

AKSEMU="$(realpath "${1:?usage: test.sh path/to/aksemu}")"
TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
T="$(mktemp -d /tmp/aksemu-test.XXXXXX)"
export HOME="$T/home"
mkdir -p "$HOME"
DATA="$T/data"
DAEMON_PID=""
SINK_PID=""
TEST_NAME="$(basename "$0" .sh)"
CHECKS=0

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

fail() {
  printf '\nFAIL (%s): %s\n' "$TEST_NAME" "$*" >&2
  if [ -n "${OUT_FILE:-}" ] && [ -f "$OUT_FILE" ]; then echo "--- last stdout:" >&2; tail -n 40 "$OUT_FILE" >&2; fi
  if [ -n "${ERR_FILE:-}" ] && [ -f "$ERR_FILE" ]; then echo "--- last stderr:" >&2; tail -n 40 "$ERR_FILE" >&2; fi
  if [ -f "$T/daemon.log" ]; then echo "--- daemon log (tail):" >&2; tail -n 40 "$T/daemon.log" >&2; fi
  exit 1
}

LISTEN="127.0.0.1:0"
# Starts the daemon; a restart reuses the port of the first start (az's config names it).
start_daemon() {
  "$AKSEMU" serve --listen "$LISTEN" --data "$DATA" --provision-ms "${PROVISION_MS:-300}" "$@" \
    >>"$T/daemon.log" 2>&1 &
  DAEMON_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$DATA/url" ] && break
    kill -0 "$DAEMON_PID" 2>/dev/null || fail "daemon exited at start"
    sleep 0.1
  done
  [ -s "$DATA/url" ] || fail "daemon did not start within 10s"
  URL="$(cat "$DATA/url")"
  LISTEN="127.0.0.1:${URL##*:}"
  export AKSEMU_URL="$URL" AKSEMU_DATA="$DATA"
}

# SIGTERM, wait, and insist on a clean exit (the sanitizer build reports leaks as a failure).
stop_daemon() {
  [ -n "$DAEMON_PID" ] || return 0
  kill -TERM "$DAEMON_PID" 2>/dev/null
  local rc=0
  wait "$DAEMON_PID" || rc=$?
  DAEMON_PID=""
  [ "$rc" -eq 0 ] || fail "daemon exited with status $rc on SIGTERM (see the log for sanitizer reports)"
}

kill9_daemon() {
  [ -n "$DAEMON_PID" ] || return 0
  kill -KILL "$DAEMON_PID" 2>/dev/null
  wait "$DAEMON_PID" 2>/dev/null
  DAEMON_PID=""
  rm -f "$DATA/url"
}

# The real az, configured by `aksemu az-env`, with every outbound attempt caught by a sinkhole.
setup_az() {
  command -v az >/dev/null || fail "the real az CLI is not installed (scripts/install-deps.sh test)"
  python3 "$TESTS_DIR/tools/sinkhole.py" "$T/sink.port" "$T/outbound.log" &
  SINK_PID=$!
  for _ in $(seq 1 50); do [ -s "$T/sink.port" ] && break; sleep 0.1; done
  local sp; sp="$(cat "$T/sink.port")"
  export HTTPS_PROXY="http://127.0.0.1:$sp" HTTP_PROXY="http://127.0.0.1:$sp"
  export https_proxy="$HTTPS_PROXY" http_proxy="$HTTP_PROXY"
  export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
  local env; env="$("$AKSEMU" az-env --data "$DATA")" || fail "aksemu az-env failed"
  eval "$env"
  # az-env's az() wrapper (the hybrid profile for `az vmss`) also in `bash -c` children
  if declare -F az >/dev/null; then export -f az; fi
}

assert_no_outbound() {
  if [ -s "$T/outbound.log" ]; then
    cat "$T/outbound.log" >&2
    fail "az attempted outbound connections (listed above)"
  fi
}

cleanup() {
  [ -n "$DAEMON_PID" ] && kill -KILL "$DAEMON_PID" 2>/dev/null
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
  for p in ${BG_PIDS:-}; do kill "$p" 2>/dev/null; done
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT

# run EXPECTED_RC cmd args...   -> $OUT, $ERR hold the output
run() {
  local want="$1"; shift
  OUT_FILE="$T/out.$CHECKS"; ERR_FILE="$T/err.$CHECKS"
  local rc=0
  "$@" >"$OUT_FILE" 2>"$ERR_FILE" || rc=$?
  OUT="$(cat "$OUT_FILE")"; ERR="$(cat "$ERR_FILE")"
  CHECKS=$((CHECKS + 1))
  [ "$rc" -eq "$want" ] || fail "expected exit $want, got $rc: $*"
}

assert_contains() { # haystack needle [what]
  case "$1" in *"$2"*) ;; *) fail "${3:-output} does not contain: $2" ;; esac
}
assert_not_contains() {
  case "$1" in *"$2"*) fail "${3:-output} unexpectedly contains: $2" ;; *) ;; esac
}
assert_eq() { # actual expected [what]
  [ "$1" = "$2" ] || fail "${3:-value}: expected '$2', got '$1'"
}
# json EXPR  -> evaluates a python expression on $OUT parsed as JSON (variable j)
json() {
  python3 -c 'import json,sys; j=json.loads(sys.stdin.read()); r=eval(sys.argv[1]); print(r if not isinstance(r,(dict,list)) else json.dumps(r,sort_keys=True))' "$1" <<<"$OUT"
}
# curl the daemon directly: api METHOD PATH [BODY] -> $OUT body, $STATUS
api() {
  local m="$1" p="$2" b="${3:-}"
  OUT_FILE="$T/out.$CHECKS"; ERR_FILE="$T/err.$CHECKS"; CHECKS=$((CHECKS + 1))
  if [ -n "$b" ]; then
    STATUS="$(curl -sS --noproxy '*' --cacert "$DATA/tls/ca.pem" -o "$OUT_FILE" -w '%{http_code}' \
      -X "$m" -H 'Content-Type: application/json' -H "Authorization: Bearer $(cat "$DATA/token")" --data "$b" "$URL$p" 2>"$ERR_FILE")"
  else
    STATUS="$(curl -sS --noproxy '*' --cacert "$DATA/tls/ca.pem" -o "$OUT_FILE" -w '%{http_code}' \
      -X "$m" -H "Authorization: Bearer $(cat "$DATA/token")" "$URL$p" 2>"$ERR_FILE")"
  fi
  OUT="$(cat "$OUT_FILE")"
}
pass() { printf 'PASS %s (%d checks)\n' "$TEST_NAME" "$CHECKS"; }

# kubectl against cluster RG/NAME of the daemon: writes $T/kubeconfig with the real az.
setup_kubectl() { # rg cluster
  run 0 az aks get-credentials -g "$1" -n "$2" --file "$T/kubeconfig"
  export KUBECONFIG="$T/kubeconfig"
  command -v kubectl >/dev/null || fail "kubectl is not installed"
}

# wait_for SECONDS description command... : retries the command until it succeeds
wait_for() {
  local secs="$1" what="$2"; shift 2
  local end=$((SECONDS + secs))
  while [ $SECONDS -lt $end ]; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.3
  done
  "$@" || true
  fail "timed out after ${secs}s waiting for: $what"
}
# header line of a kubectl table, whitespace collapsed
header() { head -1 <<<"$1" | tr -s ' ' | sed 's/ *$//'; }
