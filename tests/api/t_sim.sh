#!/usr/bin/env bash
# aksemu sim run: hours of the spot-vs-regular example on a virtual clock, through the daemon's
# engine. The same (scenario, seed) gives a byte-identical report.json; the cost is VM-hours x
# price per pool plus the OS disks and the cluster tier; spot is cheaper than regular by the price
# ratio; the report's charts render in headless Chromium; load shapes and fault processes run;
# a terminal gets a progress bar; bad scenarios are refused with the file, the line and the
# reason. The examples' headline outcomes: t_sim_examples.sh.
source "$(dirname "$0")/lib.sh" "$1"
EX="$(cd "$(dirname "$0")/../.." && pwd)/examples/spot-vs-regular.yaml"
sed 's/^duration: .*/duration: 3h/' "$EX" > "$T/sc.yaml"

log "two runs, one seed: the same report"
run 0 "$AKSEMU" sim run "$T/sc.yaml" --seed 7 --out "$T/a"
assert_contains "$OUT" "simulated 3.0 h in virtual time" "the summary line"
run 0 "$AKSEMU" sim run "$T/sc.yaml" --seed 7 --out "$T/b"
cmp -s "$T/a/report.json" "$T/b/report.json" || fail "same scenario and seed, different report.json"
CHECKS=$((CHECKS + 1))

OUT="$(cat "$T/a/report.json")"
assert_eq "$(json 'j["hours"]')" 3.0 "the duration simulated"
assert_eq "$(json 'j["seed"]')" 7 "the seed recorded"
# cost = VM-hours x price + OS disk-hours x disk price, per pool; total = pools + cluster tier
assert_eq "$(json 'all(abs(p["vmCost"] - p["vmHours"] * p["pricePerNodeHour"]) < 0.01 for p in j["pools"].values())')" True \
  "each pool's VM cost is its VM-hours times its price"
assert_eq "$(json 'all(abs(p["cost"] - p["vmCost"] - p["osDisk"]["cost"]) < 0.001 for p in j["pools"].values())')" True \
  "each pool's cost is its VMs and its OS disks"
assert_eq "$(json '[p["osDisk"]["tier"] for p in j["pools"].values()]')" '["P10", "P10", "P10"]' \
  "Standard_D4s_v5 pools get managed 128 GB Premium SSD OS disks (P10)"
assert_eq "$(json 'abs(j["pools"]["regular"]["osDisk"]["cost"] - j["pools"]["regular"]["osDisk"]["diskHours"] * 19.71 / 730) < 0.001')" True \
  "a P10 disk costs 19.71 USD a month (730 h)"
assert_eq "$(json 'j["cost"]["clusterTier"]')" '{"cost": 0.0, "pricePerHour": 0.0, "tier": "Free"}' "the Free tier costs nothing"
assert_eq "$(json 'abs(sum(j["cost"]["byPool"].values()) + j["cost"]["clusterTier"]["cost"] - j["cost"]["total"]) < 0.01')" True "the total is the sum of the pools and the tier"
assert_eq "$(json 'abs(j["cost"]["vm"] + j["cost"]["osDisk"] - j["cost"]["total"]) < 0.01')" True "the total is VMs and disks"
assert_eq "$(json 'j["pools"]["regular"]["pricePerNodeHour"]')" 0.192 "Standard_D4s_v5 pay-as-you-go from the catalog"
assert_eq "$(json 'j["pools"]["spot"]["pricePerNodeHour"]')" 0.0384 "the scenario's spot price"
assert_eq "$(json 'j["pools"]["spot"]["priority"]')" Spot "the spot pool"
# the spot pool keeps its nodes (the autoscaler replaces evicted ones), so it costs about the price ratio
assert_eq "$(json '0.15 < j["pools"]["spot"]["vmCost"] / j["pools"]["regular"]["vmCost"] < 0.25')" True \
  "spot VMs cost about 20 % of regular ones"
assert_eq "$(json 'j["cost"]["byTag"]["Environment=batch"] == round(j["cost"]["byPool"]["spot"] + j["cost"]["byPool"]["regular"], 4)')" True \
  "cost by tag"
assert_eq "$(json 'len(j["series"]["t"]) == len(j["series"]["nodes"]["spot"]) == len(j["series"]["costUSD"]) == len(j["series"]["costByTag"]["Environment=batch"]) == len(j["series"]["availability"]["kube-system/coredns"]) == 19')" True \
  "series every 10 minutes"
assert_eq "$(json 'j["series"]["costByTag"]["Environment=batch"][-1] == j["cost"]["byTag"]["Environment=batch"]')" True \
  "the cost by tag accumulates to its total"
assert_eq "$(json 'sorted(j["availability"])')" '["default/workers-regular", "default/workers-spot", "kube-system/coredns"]' \
  "availability of each workload and of CoreDNS"
assert_eq "$(json 'j["events"]["spotEvictions"] == sum(j["series"]["spotEvictions"]) == j["pools"]["spot"]["spotEvictions"]')" True \
  "spot evictions: the series adds up to the count"
assert_eq "$(json '0 < j["disk"]["maxUsedPct"] < 30 and j["disk"]["fullestNode"].startswith("aks-")')" True "the fullest OS disk"
assert_eq "$(json 'j["series"]["nodes"]["regular"][-1]')" 5 "regular nodes at the end"

log "report.html in headless Chromium: renders, no console errors"
[ -s "$T/a/report.html" ] || fail "no report.html"
cmp -s "$T/a/report.html" "$T/b/report.html" || fail "same scenario and seed, different report.html"
HTML="$(cat "$T/a/report.html")"
assert_contains "$HTML" "<h2>Nodes per pool</h2>" "the nodes chart"
for c in "Cost accumulated by pool" "Cost accumulated by tag" "Pending pods" "Evictions and repairs (per sample)" \
  "Availability (ready / desired replicas)" "OS disk use of the fullest node"; do
  assert_contains "$HTML" "<h2>$c</h2>" "the chart $c"
done
assert_contains "$HTML" "<td>spot</td><td>Spot</td>" "the pool table"
CHROME="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$CHROME" ] || fail "chromium is not installed (scripts/install-deps.sh test installs it)"
ART="${AKSEMU_ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$ART"
run 0 timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$T/chrome" \
  --window-size=900,1400 --enable-logging=stderr --v=0 --screenshot="$ART/sim-report.png" "file://$T/a/report.html"
[ -s "$ART/sim-report.png" ] || fail "no screenshot"
[ "$(head -c 8 "$ART/sim-report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the screenshot is not a PNG"
grep -i "CONSOLE" <<<"$ERR" | grep -qi "error\|uncaught" && fail "console errors: $(grep -i CONSOLE <<<"$ERR")"
CHECKS=$((CHECKS + 1))

log "another seed, other evictions"
run 0 "$AKSEMU" sim run "$T/sc.yaml" --seed 8 --out "$T/c"
cmp -s "$T/a/report.json" "$T/c/report.json" && fail "seeds 7 and 8 gave the same report"
CHECKS=$((CHECKS + 1))

log "sim compare: two layouts on the same seeds"
sed 's/^duration: .*/duration: 2h/' "$EX" > "$T/ca.yaml"
sed 's/perHour: 0.02/perHour: 1/' "$T/ca.yaml" > "$T/cb.yaml"
run 0 "$AKSEMU" sim compare "$T/ca.yaml" "$T/cb.yaml" --seeds 1..2 --out "$T/cmp"
assert_contains "$OUT" "mean of 2 seeds" "means over the seeds"
OUT="$(cat "$T/cmp/compare.json")"
assert_eq "$(json 'j["seeds"]')" "[1, 2]" "the seeds"
assert_eq "$(json 'j["B"]["spotEvictions"]["mean"] > j["A"]["spotEvictions"]["mean"]')" True \
  "a 25 times higher eviction rate evicts more"
assert_eq "$(json 'j["A"]["costUSD"]["min"] <= j["A"]["costUSD"]["mean"] <= j["A"]["costUSD"]["max"]')" True "min <= mean <= max"
[ -s "$T/cmp/A-seed2/report.json" ] && [ -s "$T/cmp/B-seed1/report.html" ] || fail "each run keeps its reports"
CHECKS=$((CHECKS + 1))
run 2 "$AKSEMU" sim compare "$T/ca.yaml" "$T/cb.yaml" --seeds 5..1
assert_contains "$ERR" "--seeds" "a bad seed range"
log "load shapes and fault processes: a replica schedule, job arrivals, node failures, a tier"
cat > "$T/shapes.yaml" <<'YAML'
name: shapes
duration: 2h
sampleEvery: 5m
cluster:
  name: shapes
  sku: {name: Base, tier: Standard}
pools:
  - name: system
    properties: {mode: System, count: 2, vmSize: Standard_D4s_v5}
  - name: work
    properties: {mode: User, count: 2, vmSize: Standard_D4s_v3, osDiskType: Ephemeral, osDiskSizeGB: 30, nodeLabels: {w: "1"}}
workloads:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 1
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          nodeSelector: {w: "1"}
          containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m, memory: 128Mi}}}]
schedule:
  - {at: 30m, scale: {kind: Deployment, name: web, replicas: 4}}
arrivals:
  - every: 20m
    until: 90m
    template:
      apiVersion: batch/v1
      kind: Job
      metadata: {name: tick}
      spec:
        template:
          metadata: {annotations: {aksemu.io/run-duration: 2m}}
          spec:
            restartPolicy: Never
            nodeSelector: {w: "1"}
            containers: [{name: t, image: busybox}]
faults:
  - {type: node-failure-rate, pool: work, perHour: 2, fixedBy: reboot}
YAML
run 0 "$AKSEMU" sim run "$T/shapes.yaml" --out "$T/shapes"
OUT="$(cat "$T/shapes/report.json")"
assert_eq "$(json 'j["availability"]["default/web"]["desiredAtEnd"]')" 4 "the replica schedule scaled web from 1 to 4"
assert_eq "$(json 'j["events"]["jobsSubmitted"]')" 5 "a job every 20 minutes until 90 minutes: at 0, 20, 40, 60, 80"
assert_eq "$(json 'j["events"]["jobsCompleted"]')" 5 "and each completes"
assert_eq "$(json 'j["events"]["nodeNotReady"] > 0 and j["events"]["repairs"] > 0')" True \
  "nodes fail at 2 per node-hour and auto-repair reboots them"
assert_eq "$(json 'j["cost"]["clusterTier"]')" '{"cost": 0.2, "pricePerHour": 0.1, "tier": "Standard"}' \
  "the Standard tier: 0.10 USD per cluster-hour"
assert_eq "$(json 'j["pools"]["work"]["osDisk"]["tier"] + " " + str(j["pools"]["work"]["osDisk"]["cost"])')" "Ephemeral 0.0" \
  "ephemeral OS disks have no disk charge"

log "a terminal gets a progress bar on stderr; a pipe does not"
TERM=dumb script -qec "'$AKSEMU' sim run '$T/shapes.yaml' --out '$T/shapes-tty'" /dev/null > "$T/tty.out" 2>&1 || fail "sim run on a tty"
assert_contains "$(cat "$T/tty.out")" "of 2.0 h virtual" "the progress bar: virtual time reached"
assert_contains "$(cat "$T/tty.out")" "events/s" "the progress bar: events per second"
assert_not_contains "$(cat "$T/err.0" 2>/dev/null; cat "$T/shapes.err" 2>/dev/null)" "events/s" "no bar when stderr is not a terminal"
cmp -s "$T/shapes/report.json" "$T/shapes-tty/report.json" || fail "the progress bar changed the report"
CHECKS=$((CHECKS + 1))

log "bad scenarios"
printf 'duration: 1d\npools: [\n' > "$T/bad.yaml"
run 1 "$AKSEMU" sim run "$T/bad.yaml" --out "$T/x"
assert_contains "$ERR" "bad.yaml:" "a YAML error names the file and line"
printf 'name: x\nduration: soon\npools: [{name: a, properties: {mode: System}}]\n' > "$T/bad2.yaml"
run 1 "$AKSEMU" sim run "$T/bad2.yaml" --out "$T/x"
assert_contains "$ERR" "bad2.yaml:2: duration must be a duration" "a bad duration, with its line"
printf 'name: x\npools: [{name: a, properties: {mode: System}}]\nworkload: []\n' > "$T/bad4.yaml"
run 1 "$AKSEMU" sim run "$T/bad4.yaml" --out "$T/x"
assert_contains "$ERR" "bad4.yaml:3: unknown key 'workload'" "a misspelt key, with its line"
sed 's/^faults:/schedule:\n  - {at: 1h, scale: {name: workers-spot}}\nfaults:/' "$T/sc.yaml" > "$T/bad5.yaml"
run 1 "$AKSEMU" sim run "$T/bad5.yaml" --out "$T/x"
assert_contains "$ERR" "schedule[0]: scale needs name and replicas" "a bad schedule entry"
assert_contains "$ERR" "bad5.yaml:$(grep -n 'scale: {name' "$T/bad5.yaml" | cut -d: -f1):" "its line"
sed 's/Standard_D4s_v5}/Standard_Nope}/' "$T/sc.yaml" > "$T/bad3.yaml"
run 1 "$AKSEMU" sim run "$T/bad3.yaml" --out "$T/x"
assert_contains "$ERR" "Standard_Nope" "AKS's rules apply: an unknown VM size"
assert_contains "$ERR" "bad3.yaml:$(grep -n 'name: system' "$T/bad3.yaml" | head -1 | cut -d: -f1): pools[0] (system)" \
  "the refused pool's line"
run 2 "$AKSEMU" sim run
assert_contains "$ERR" "usage: aksemu sim run" "usage"
pass
