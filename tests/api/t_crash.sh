#!/usr/bin/env bash
# t_crash.sh - crash consistency of the daemon's store.
#
# 1. A data dir whose aksemu.db is not an aksemu database (random bytes, a corrupt SQLite file,
#    another program's SQLite database) makes `aksemu serve` refuse to start, naming the file,
#    and leaves the file untouched.
# 2. A first start on an empty data dir killed at a random moment starts normally afterwards.
# 3. The verifier's self-test: tests/tools/crashload.py verify must accept in-flight writes that
#    are fully present or fully absent and reject lost, unacknowledged or half-applied ones, ARM
#    and Kubernetes (a resourceVersion that moved without a write too).
# 4. Kill -9 cycles: crashload.py load drives a mixed stream of ARM writes (resource group
#    creates / re-tags / deletes, cluster creates and deletes, agent pool create / scale /
#    update / delete, writes that must be refused) and Kubernetes writes in a cluster made once
#    at the start (`crashload.py kube-setup`; its kubeconfig from listClusterAdminCredential):
#    ConfigMap create / PUT with resourceVersion / label merge patch / annotation JSON patch /
#    delete, pod create / label strategic merge patch / delete, from several workers, logging
#    every acknowledged write to a fsynced write-ahead log. At a seeded random moment the daemon is
#    killed with SIGKILL (in a quarter of the cycles a second time while it recovers),
#    restarted on the same data dir, and crashload.py verify checks that every acknowledged
#    write is there, that in-flight writes are all-or-nothing, that nothing is orphaned or half
#    built, and that every operation reaches a terminal state; on the Kubernetes side that
#    labels, annotations and data are exactly what the acknowledged writes imply, that a
#    ConfigMap nobody wrote keeps its resourceVersion, that resourceVersions never go back or
#    repeat across a restart, and that a watch from the last acknowledged resourceVersion
#    answers 410 Expired or newer events only. A clean stop and start at the end
#    (the sanitizer build checks for leaks) must keep the world intact too.
#
# env: CRASH_CYCLES (default 20, cut short after CRASH_BUDGET seconds of cycles - default 65 -
#      but never below 10; an explicit CRASH_CYCLES always runs them all: use 100+ for a soak),
#      CRASH_SEED (default: random, printed),
#      CRASH_WORKERS (default 6), CRASH_PROVISION_MS (default 80),
#      CRASH_SYNC (normal | full | mixed = each start picks one, a third of them full; default).
source "$(dirname "$0")/lib.sh" "$1"

CYCLES="${CRASH_CYCLES:-20}"
BUDGET="${CRASH_BUDGET:-65}"
[ -n "${CRASH_CYCLES:-}" ] && BUDGET=0 # explicit cycle count: no time budget
MIN_CYCLES=10
SEED="${CRASH_SEED:-$(( ($(date +%s%N) / 1000) % 1000000000 ))}"
WORKERS="${CRASH_WORKERS:-6}"
SYNC="${CRASH_SYNC:-mixed}"
export PROVISION_MS="${CRASH_PROVISION_MS:-80}"
LOAD="$TESTS_DIR/tools/crashload.py"
WAL="$T/crash.wal"
RANDOM="$SEED" # every random choice of this script follows from the seed
log "seed $SEED - reproduce with CRASH_SEED=$SEED CRASH_CYCLES=$CYCLES bash $0 $1"

# ------------------------------------------------------------------ refused databases

# refused DIR WHAT: `aksemu serve` on DIR must exit non-zero at once, name DIR/aksemu.db in its
# message, write no url, and leave the file as it was.
refused() {
  local dir="$1" what="$2" before after rc=0
  before="$(sha256sum "$dir/aksemu.db" | cut -d' ' -f1)"
  OUT_FILE="$T/out.$CHECKS"; ERR_FILE="$T/err.$CHECKS"; CHECKS=$((CHECKS + 1))
  timeout 30 "$AKSEMU" serve --listen 127.0.0.1:0 --data "$dir" --quiet \
    >"$OUT_FILE" 2>"$ERR_FILE" </dev/null || rc=$?
  ERR="$(cat "$ERR_FILE")"
  [ "$rc" -ne 124 ] || fail "$what: aksemu serve did not exit (it should refuse the database)"
  [ "$rc" -ne 0 ] || fail "$what: aksemu serve exited 0"
  assert_contains "$ERR" "$dir/aksemu.db" "$what: the error message"
  assert_contains "$ERR" "database" "$what: the error message"
  assert_not_contains "$ERR" "Sanitizer" "$what: stderr"
  [ ! -e "$dir/url" ] || fail "$what: the daemon wrote $dir/url although it refused to start"
  after="$(sha256sum "$dir/aksemu.db" | cut -d' ' -f1)"
  [ "$before" = "$after" ] || fail "$what: aksemu serve modified the file it refused"
  log "refused $what (exit $rc): $(head -n1 "$ERR_FILE")"
}

mkdir -p "$T/bad1" "$T/bad2" "$T/bad3" "$T/bad4" "$T/bad5"
python3 - "$T" "$SEED" <<'EOF'
import random, sqlite3, sys
t, seed = sys.argv[1], sys.argv[2]
rng = random.Random(seed)
def garbage(n):
    b = bytes(rng.getrandbits(8) for _ in range(n))
    return b if not b.startswith(b"SQLite format 3") else b"x" + b[1:]
open(t + "/bad1/aksemu.db", "wb").write(garbage(65536))             # random bytes
open(t + "/bad2/aksemu.db", "wb").write(garbage(100))               # short random bytes
open(t + "/bad3/aksemu.db", "wb").write(b"SQLite format 3\0" + garbage(8176))  # corrupt SQLite
db = sqlite3.connect(t + "/bad4/aksemu.db")                         # another program's database
db.executescript("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);"
                 "INSERT INTO users(name) VALUES ('alice'), ('bob');")
db.close()
db = sqlite3.connect(t + "/bad5/aksemu.db")                         # the same, in WAL mode
db.executescript("PRAGMA journal_mode=WAL; PRAGMA application_id=1234;"
                 "CREATE TABLE objects(kind TEXT, key TEXT, value BLOB);"
                 "INSERT INTO objects VALUES ('rg', 'x', 'y');")
db.close()
EOF
[ $? -eq 0 ] || fail "could not prepare the bad databases"
refused "$T/bad1" "a random 64 KiB file"
refused "$T/bad2" "a random 100-byte file"
refused "$T/bad3" "a corrupt SQLite file"
refused "$T/bad4" "another program's SQLite database"
refused "$T/bad5" "another program's SQLite database in WAL mode (with an objects table)"

# ------------------------------------------------------------------ kill -9 during the first start

# a fresh data dir (certificates and database being created) killed at a random moment must
# start normally afterwards and take writes
SUB=00000000-0000-0000-0000-000000000001
for i in 1 2 3 4; do
  DATA="$T/fresh$i"
  "$AKSEMU" serve --listen 127.0.0.1:0 --data "$DATA" --provision-ms "$PROVISION_MS" --quiet \
    >>"$T/daemon.log" 2>&1 &
  pid=$!
  d=$((RANDOM % 400))
  sleep "$(printf '0.%03d' "$d")"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rm -f "$DATA/url"
  start_daemon --quiet
  api PUT "/subscriptions/$SUB/resourcegroups/fresh?api-version=2021-04-01" '{"location":"eastus"}'
  assert_eq "$STATUS" 201 "resource group PUT after a kill ${d} ms into the first start"
  stop_daemon
  start_daemon --quiet
  api GET "/subscriptions/$SUB/resourcegroups/fresh?api-version=2021-04-01"
  assert_eq "$STATUS" 200 "resource group GET after a restart"
  stop_daemon
done
log "a first start killed at a random moment recovers (4 times)"

# ------------------------------------------------------------------ the checker checks

# verify must accept present and absent in-flight writes and reject lost or unacknowledged ones
DATA="$T/selftest"
start_daemon --quiet
OUT_FILE="$T/selftest.out"; ERR_FILE="$T/selftest.err"; CHECKS=$((CHECKS + 1))
python3 "$LOAD" selftest --data "$DATA" --wal "$T/selftest.wal" >"$OUT_FILE" 2>"$ERR_FILE" ||
  fail "the verifier's self-test failed"
stop_daemon
log "verifier self-test: $(grep -c 'selftest: verify' "$ERR_FILE") cases as expected"
DATA="$T/data"

# ------------------------------------------------------------------ kill -9 cycles

ms_sleep() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

verify() { # CYCLE
  OUT_FILE="$T/verify.$1.out"; ERR_FILE="$T/verify.$1.err"; CHECKS=$((CHECKS + 1))
  if ! python3 "$LOAD" verify --data "$DATA" --wal "$WAL" --cycle "$1" --settle-seconds 30 \
    >"$OUT_FILE" 2>"$ERR_FILE"; then
    cat "$ERR_FILE" >&2
    fail "cycle $1: crash consistency violated (seed $SEED; write-ahead log $WAL, KEEP_TMP=1 keeps it)"
  fi
}

sync_mode() { # the --sync mode of the next start
  if [ "$SYNC" = mixed ]; then
    if [ $((RANDOM % 3)) -eq 0 ]; then echo full; else echo normal; fi
  else
    echo "$SYNC"
  fi
}

START=$(date +%s)
mode="$(sync_mode)"
start_daemon --quiet --sync "$mode"
# the cluster that takes the Kubernetes writes (made once; workers never delete it)
OUT_FILE="$T/kube-setup.out"; ERR_FILE="$T/kube-setup.err"; CHECKS=$((CHECKS + 1))
python3 "$LOAD" kube-setup --data "$DATA" --wal "$WAL" >"$OUT_FILE" 2>"$ERR_FILE" ||
  fail "could not create the cluster of the Kubernetes writes"
recovery_kills=0
for ((c = 1; c <= CYCLES; c++)); do
  rm -f "$T/ready"
  load_mode="$mode"
  python3 "$LOAD" load --data "$DATA" --wal "$WAL" --seed "$SEED" --cycle "$c" \
    --workers "$WORKERS" --provision-ms "$PROVISION_MS" --ready "$T/ready" --max-seconds 30 \
    >"$T/load.$c.out" 2>"$T/load.$c.err" &
  LOAD_PID=$!
  for _ in $(seq 1 200); do
    [ -e "$T/ready" ] && break
    kill -0 "$LOAD_PID" 2>/dev/null || break
    sleep 0.05
  done
  [ -e "$T/ready" ] || { cat "$T/load.$c.err" >&2; fail "cycle $c: the load driver did not start"; }
  delay=$((RANDOM % 1200 + 10)) # ms of load before the kill
  ms_sleep "$delay"
  kill9_daemon
  lrc=0
  wait "$LOAD_PID" || lrc=$?
  [ "$lrc" -eq 0 ] || { cat "$T/load.$c.err" >&2; fail "cycle $c: the load driver failed ($lrc)"; }
  again=""
  if [ $((RANDOM % 4)) -eq 0 ]; then
    # crash again while the restarted daemon resumes the interrupted operations
    start_daemon --quiet --sync "$(sync_mode)"
    d2=$((RANDOM % 150))
    ms_sleep "$d2"
    kill9_daemon
    recovery_kills=$((recovery_kills + 1))
    again=", killed again ${d2} ms into recovery"
  fi
  mode="$(sync_mode)"
  start_daemon --quiet --sync "$mode"
  verify "$c"
  log "cycle $c/$CYCLES: --sync $load_mode, killed after ${delay} ms$again: $(tail -n1 "$T/load.$c.out"); $(tail -n1 "$T/verify.$c.out")"
  if [ "$BUDGET" -gt 0 ] && [ "$c" -ge "$MIN_CYCLES" ] && [ $(($(date +%s) - START)) -ge "$BUDGET" ]; then
    log "time budget of ${BUDGET} s used after $c cycles (CRASH_CYCLES=N runs exactly N)"
    CYCLES=$c
    break
  fi
done

# a clean stop (the sanitizer build checks for leaks), a clean start, and the world is intact
stop_daemon
start_daemon --quiet --sync "$(sync_mode)"
verify $((CYCLES + 1))
stop_daemon
acked=$(grep -c '"k":"a"' "$WAL")
present=$(grep -c '"present":true' "$WAL")
absent=$(grep -c '"present":false' "$WAL")
log "$CYCLES cycles ($recovery_kills with a second kill during recovery) in $(($(date +%s) - START)) s: $acked writes acknowledged and all there; $((present + absent)) in flight at a kill: $present fully present, $absent fully absent"
pass
