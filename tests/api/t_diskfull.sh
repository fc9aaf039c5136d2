#!/usr/bin/env bash
# t_diskfull.sh - a full disk gives clean errors, never corruption.
#
# The data dir is a small tmpfs (mounted here; root needed - without it the test fails, it
# does not skip). After a resource group, a cluster and a first round of writes, a ballast file
# fills the file system. tests/tools/diskfull.py then issues ARM writes (resource group creates
# and re-tags, an agent pool update) and Kubernetes writes (ConfigMap create / PUT with
# resourceVersion / merge patch / JSON patch / delete, pod create / strategic merge patch /
# delete) until both APIs have refused several:
#   * each write answers (no hang, no crash) either 2xx - and the object then reads back as
#     written - or a 5xx in its API's error shape (ARM {"error":{"code","message"}}, Kubernetes
#     Status), after which the object reads back exactly as before;
#   * reads and LISTs keep answering 200.
# Then the ballast is removed and every write must succeed again, with no restart; the daemon is
# killed with SIGKILL and restarted: everything acknowledged (also while the disk was full) is
# there, and PRAGMA integrity_check on a copy of the database (with its WAL) says ok. A clean
# stop at the end (the sanitizer build checks for leaks).
#
# env: DISKFULL_MB (tmpfs size, default 24)
source "$(dirname "$0")/lib.sh" "$1"

SIZE_MB="${DISKFULL_MB:-24}"
DRIVER="$TESTS_DIR/tools/diskfull.py"
STATE="$T/model.json"
export PROVISION_MS=1500 # the pool update's operation outlives the filling of the disk
MOUNTED=""

umount_data() {
  if [ -n "$MOUNTED" ]; then
    [ -n "$DAEMON_PID" ] && kill -KILL "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" 2>/dev/null
    DAEMON_PID=""
    umount "$MOUNTED" || umount -l "$MOUNTED"
    MOUNTED=""
  fi
}
trap 'umount_data; cleanup' EXIT

mkdir -p "$DATA"
if ! mount -t tmpfs -o "size=${SIZE_MB}m,mode=0700" tmpfs "$DATA" 2>"$T/mount.err"; then
  fail "cannot mount a ${SIZE_MB} MiB tmpfs on $DATA for the disk-full test (needs root or CAP_SYS_ADMIN): $(cat "$T/mount.err")"
fi
MOUNTED="$DATA"
log "data dir on a ${SIZE_MB} MiB tmpfs: $DATA"

driver() { # PHASE [args...]
  local phase="$1"; shift
  OUT_FILE="$T/$phase.out"; ERR_FILE="$T/$phase.err"; CHECKS=$((CHECKS + 1))
  timeout 120 python3 "$DRIVER" "$phase" --data "$DATA" --state "$STATE" "$@" \
    >"$OUT_FILE" 2>"$ERR_FILE" || fail "disk full, phase $phase: $(tail -n 3 "$ERR_FILE")"
  kill -0 "$DAEMON_PID" 2>/dev/null || fail "disk full, phase $phase: the daemon died"
  log "$phase: $(tail -n 1 "$OUT_FILE")"
}

free_kib() { df -k --output=avail "$DATA" | tail -n 1 | tr -d ' '; }

start_daemon --quiet
driver setup

# ------------------------------------------------------------------ fill the disk

# an agent pool update whose operation completes (a commit) when the disk is full
driver pool_update
# dd stops at ENOSPC; whatever the daemon has preallocated (WAL pages it reuses after a
# checkpoint) lets a few more writes through, then they must fail cleanly
dd if=/dev/zero of="$DATA/ballast" bs=64k status=none 2>/dev/null
log "ballast $(($(stat -c %s "$DATA/ballast") / 1024)) KiB, $(free_kib) KiB left"
[ "$(free_kib)" -lt 256 ] || fail "the ballast did not fill the tmpfs ($(free_kib) KiB left)"

driver full --min-failures 6 --max-rounds 60

# the daemon does not spin while its background work (that operation, the controllers) cannot
# be stored: each failed commit reloads the whole state, so retrying at once would burn a core
cpu_ticks() { awk '{print $14 + $15}' "/proc/$DAEMON_PID/stat"; }
sleep 2 # the operation is due by now
c0="$(cpu_ticks)"; sleep 3; c1="$(cpu_ticks)"
busy=$(( (c1 - c0) * 100 / $(getconf CLK_TCK) / 3 ))
log "idle on a full disk with an operation due: the daemon used ${busy}% of a core"
[ "$busy" -lt 30 ] || fail "the daemon uses ${busy}% of a core while the disk is full and nothing is asked of it (it retries failed commits without pause)"
assert_contains "$(cat "$T/daemon.log")" "could not store operation results" "the daemon log (the operation must have met the full disk)"
assert_not_contains "$(cat "$T/daemon.log")" "Sanitizer" "the daemon log while the disk is full"
assert_not_contains "$(cat "$T/daemon.log")" "fatal" "the daemon log while the disk is full"

# ------------------------------------------------------------------ free it again

rm -f "$DATA/ballast"
log "ballast removed, $(free_kib) KiB free"
driver freed --rounds 3

# ------------------------------------------------------------------ kill -9, restart

kill9_daemon
start_daemon --quiet
driver verify

# the database on disk is sound: a copy of it (with its WAL) passes SQLite's integrity check
mkdir -p "$T/dbcopy"
cp "$DATA"/aksemu.db* "$T/dbcopy/"
OUT_FILE="$T/integrity.out"; ERR_FILE="$T/integrity.err"; CHECKS=$((CHECKS + 1))
python3 - "$T/dbcopy/aksemu.db" >"$OUT_FILE" 2>"$ERR_FILE" <<'EOF' || fail "integrity check of the copied database failed"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
n = db.execute("SELECT count(*) FROM objects").fetchone()[0]
print("integrity_check: %s; %d objects" % (", ".join(rows), n))
sys.exit(0 if rows == ["ok"] else 1)
EOF
log "$(cat "$OUT_FILE")"
stop_daemon
umount_data
pass
