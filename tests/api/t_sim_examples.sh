#!/usr/bin/env bash
# The examples of examples/, each on a short duration, each with the headline outcome of the
# question from reference/aks-node-pools-guide.txt that it answers (docs/simulation.md, "The
# examples"). Nothing here is hard-coded in the engine: the figures come from the runs.
source "$(dirname "$0")/lib.sh" "$1"
EX="$(cd "$(dirname "$0")/../.." && pwd)/examples"

# sim NAME DURATION: the example on a shorter duration, in the background (two at a time)
sim() {
  sed "s/^duration: .*/duration: $2/" "$EX/$1.yaml" > "$T/$1.yaml"
  "$AKSEMU" sim run "$T/$1.yaml" --out "$T/$1" > "$T/$1.out" 2> "$T/$1.err" &
}
# done NAME...: waits for the runs and checks they succeeded
finished() {
  wait
  for n in "$@"; do
    [ -s "$T/$n/report.json" ] || fail "sim run $n: no report: $(cat "$T/$n.err")"
    CHECKS=$((CHECKS + 1))
  done
}
# rep EXPR NAME...: EXPR evaluated with r[NAME] the report.json of each run
rep() {
  local e="$1"
  shift
  python3 - "$e" "$T" "$@" <<'EOF'
import json, sys
e, T = sys.argv[1], sys.argv[2]
r = {n: json.load(open(f"{T}/{n}/report.json")) for n in sys.argv[3:]}
print(eval(e))
EOF
}
check() { # what EXPR NAME...
  local what="$1"
  shift
  assert_eq "$(rep "$@")" True "$what"
  CHECKS=$((CHECKS + 1))
}

log "shared vs dedicated system pool under a memory-hungry app"
sim system-pool-shared 4h
sim system-pool-dedicated 4h
finished system-pool-shared system-pool-dedicated
S=system-pool-shared D=system-pool-dedicated
check "shared: CoreDNS's nodes go under MemoryPressure" 'r["'$S'"]["coreDNS"]["itsNodes"]["memoryPressureMinutes"] > 0' $S
check "shared: pods next to CoreDNS are evicted or OOM-killed" \
  'r["'$S'"]["coreDNS"]["itsNodes"]["kubeletEvictions"] + r["'$S'"]["coreDNS"]["itsNodes"]["oomKills"] > 0' $S
check "dedicated: no pressure, eviction or OOM kill on CoreDNS's nodes" \
  'all(v == 0 for v in r["'$D'"]["coreDNS"]["itsNodes"].values())' $D
check "the hog is evicted on both layouts (it is the one over its request)" \
  'r["'$S'"]["events"]["kubeletEvictions"] > 0 and r["'$D'"]["events"]["kubeletEvictions"] > 0' $S $D
check "CoreDNS itself is never evicted nor OOM-killed (system-cluster-critical), available throughout" \
  'all(r[n]["coreDNS"]["evictions"] == 0 and r[n]["coreDNS"]["oomKills"] == 0 and r[n]["coreDNS"]["minAvailability"] == 1 for n in r)' $S $D
check "the dedicated layout costs its system pool more" \
  'abs(r["'$D'"]["cost"]["total"] - r["'$S'"]["cost"]["total"] - r["'$D'"]["cost"]["byPool"]["systempool"]) < 0.02' $S $D

log "determinism: the same scenario and seed, the same report.json"
"$AKSEMU" sim run "$T/$S.yaml" --out "$T/again" > /dev/null 2>&1 || fail "second run of $S"
cmp -s "$T/$S/report.json" "$T/again/report.json" || fail "same scenario and seed, different report.json"
CHECKS=$((CHECKS + 1))

log "128 GB vs 256 GB OS disks under a log-heavy workload"
sim osdisk-128 4h
sim osdisk-256 4h
finished osdisk-128 osdisk-256
check "128 GB: the fullest disk passes the kubelet's 90 % (nodefs.available<10%)" 'r["osdisk-128"]["disk"]["maxUsedPct"] >= 90' osdisk-128
check "128 GB: the log writer is evicted (DiskPressure) and is down most of the time" \
  'r["osdisk-128"]["events"]["kubeletEvictions"] > 0 and r["osdisk-128"]["availability"]["default/chatty"]["mean"] < 0.8' osdisk-128
check "256 GB holds the 150 GiB of logs: no eviction, the app always up, the disk below 75 %" \
  'r["osdisk-256"]["events"]["kubeletEvictions"] == 0 and r["osdisk-256"]["availability"]["default/chatty"]["min"] == 1 and r["osdisk-256"]["disk"]["maxUsedPct"] < 75' osdisk-256
check "P10 vs P15 disks" 'r["osdisk-128"]["pools"]["logs"]["osDisk"]["tier"] == "P10" and r["osdisk-256"]["pools"]["logs"]["osDisk"]["tier"] == "P15"' osdisk-128 osdisk-256
check "256 GB costs the P15-P10 difference (38.02 - 19.71 USD a month) per disk-hour" \
  'abs(r["osdisk-256"]["pools"]["logs"]["osDisk"]["cost"] - r["osdisk-128"]["pools"]["logs"]["osDisk"]["cost"] - r["osdisk-256"]["pools"]["logs"]["osDisk"]["diskHours"] * (38.02 - 19.71) / 730) < 0.01' osdisk-128 osdisk-256

log "spot vs regular for a batch job queue, Delete vs Deallocate"
sim batch-regular 4h
sim batch-spot-delete 4h
finished batch-regular batch-spot-delete
sim batch-spot-deallocate 4h
R=batch-regular SD=batch-spot-delete SA=batch-spot-deallocate
check "the queue gets served on regular and on spot (jobs completed alike)" \
  'r["'$R'"]["events"]["jobsCompleted"] >= r["'$R'"]["events"]["jobsSubmitted"] - 2 and abs(r["'$R'"]["events"]["jobsCompleted"] - r["'$SD'"]["events"]["jobsCompleted"]) <= 1' $R $SD
check "spot nodes were evicted" 'r["'$SD'"]["pools"]["batch"]["spotEvictions"] > 0' $SD
check "each pool's VM cost is its VM-hours at its price" \
  'all(abs(p["vmCost"] - p["vmHours"] * p["pricePerNodeHour"]) < 0.01 for n in r for p in r[n]["pools"].values())' $R $SD
# the price ratio is 0.0384 / 0.192 = 0.2. An eviction costs VM-hours: the autoscaler replaces
# the node, and the evicted job pods start over on it (their work is lost; a node running a
# not-safe-to-evict job pod is not scaled in), so spot needs as many VM-hours as regular and up
# to about 40 % more with this rate of evictions; its VM cost is the price ratio times that
check "spot VM cost is the price ratio (0.2) of regular's times the extra VM-hours evictions cost" \
  '0.95 < (hr := r["'$SD'"]["pools"]["batch"]["vmHours"] / r["'$R'"]["pools"]["batch"]["vmHours"]) < 1.4 and abs(r["'$SD'"]["pools"]["batch"]["vmCost"] / r["'$R'"]["pools"]["batch"]["vmCost"] - 0.2 * hr) < 0.01' $R $SD
finished $SA
check "Deallocate keeps evicted nodes' disks, billed: deallocated disk-hours" \
  'r["'$SA'"]["pools"]["batch"]["osDisk"]["deallocatedDiskHours"] > 0 and r["'$SD'"]["pools"]["batch"]["osDisk"]["deallocatedDiskHours"] == 0' $SA $SD
check "disks are billed for every disk-hour, deallocated ones included" \
  'abs(r["'$SA'"]["pools"]["batch"]["osDisk"]["cost"] - r["'$SA'"]["pools"]["batch"]["osDisk"]["diskHours"] * 19.71 / 730) < 0.01 and r["'$SA'"]["pools"]["batch"]["osDisk"]["diskHours"] > r["'$SA'"]["pools"]["batch"]["vmHours"]' $SA

log "autoscaler profiles compared"
sim autoscaler-default 5h
sim autoscaler-aggressive 5h
finished autoscaler-default autoscaler-aggressive
A=autoscaler-default G=autoscaler-aggressive
check "both profiles scale up for the bursts (8 nodes) and back to minCount" \
  'all(max(r[n]["series"]["nodes"]["web"]) >= 8 and r[n]["series"]["nodes"]["web"][-1] == 1 for n in r)' $A $G
check "both serve the bursts (web mostly available)" 'all(r[n]["availability"]["default/web"]["mean"] > 0.9 for n in r)' $A $G
check "the aggressive profile releases nodes sooner: at least 1.5 fewer VM-hours over 3 bursts" \
  'r["'$A'"]["pools"]["web"]["vmHours"] - r["'$G'"]["pools"]["web"]["vmHours"] >= 1.5' $A $G
check "and so costs less" 'r["'$G'"]["cost"]["total"] < r["'$A'"]["cost"]["total"]' $A $G
pass
