#!/usr/bin/env bash
# bench/sim-month.sh - the simulator's speed: a month (30 days) of a 1,000-node, 30,000-pod
# cluster with the cluster autoscaler and spot evictions on, on one core. Prints the virtual-time
# speed-up (simulated seconds per real second) of the set-up and of the measured month, and the
# resident memory sampled every few seconds, so that a leak shows as a rising line. Never part
# of pass/fail. docs/benchmarks.md records the figures.
#
# usage: bash bench/sim-month.sh [path/to/aksemu]     (a RelWithDebInfo build, no sanitizers)
# env:   SIM_DAYS (30), SIM_DURATION (instead of SIM_DAYS: 2h, 90m), SIM_NODES (1000),
#        SIM_PODS_PER_NODE (30), SIM_SAMPLE (1h), SIM_KEEP (copy the scenario there),
#        SIM_EVICT_PER_HOUR (0.002 per spot node-hour), SIM_RSS_EVERY (5 s)
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AKSEMU="$(realpath "${1:-$SRC/build/aksemu}")"
[ -x "$AKSEMU" ] || { echo "bench/sim-month.sh: $AKSEMU is not an executable (make all)" >&2; exit 2; }
DAYS="${SIM_DAYS:-30}"
DUR="${SIM_DURATION:-${DAYS}d}"      # overrides SIM_DAYS: 2h, 90m, 3d
NODES="${SIM_NODES:-1000}"
PPN="${SIM_PODS_PER_NODE:-30}"
SAMPLE="${SIM_SAMPLE:-1h}"
EVICT="${SIM_EVICT_PER_HOUR:-0.002}"
RSS_EVERY="${SIM_RSS_EVERY:-5}"
T="$(mktemp -d /tmp/aksemu-simbench.XXXXXX)"
trap 'rm -rf "$T"' EXIT

# The layout: 3 system nodes, two regular pools and an autoscaled spot pool; the workloads are
# Deployments of 100 replicas (100m CPU, 256Mi each), spread over the three user pools in
# proportion to their nodes, so that they fill NODES nodes with PPN pods each.
python3 - "$DUR" "$NODES" "$PPN" "$SAMPLE" "$EVICT" > "$T/month.yaml" <<'EOF'
import sys
days, nodes, ppn, sample, evict = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
user = nodes - 3
reg = user * 2 // 5           # two regular pools of 40 % each, a spot pool of 20 %
spot = user - 2 * reg
def pool(name, count, extra=""):
    return f"""  - name: {name}
    properties: {{mode: User, count: {count}, vmSize: Standard_D8s_v5, maxPods: 110, nodeLabels: {{pool: {name}}}{extra}}}
"""
out = [f"""name: sim-month
duration: {days}
sampleEvery: {sample}
seed: 1
cluster:
  name: month
  properties: {{networkProfile: {{networkPlugin: azure, networkPluginMode: overlay}}}}
pools:
  - name: system
    properties: {{mode: System, count: 3, vmSize: Standard_D8s_v5}}
""", pool("rega", reg), pool("regb", reg),
     pool("spot", spot, ", scaleSetPriority: Spot, scaleSetEvictionPolicy: Delete, spotMaxPrice: -1, "
          f"enableAutoScaling: true, minCount: {max(1, spot // 2)}, maxCount: {spot + spot // 4}"),
     "workloads:\n"]
tol = "\n          tolerations: [{key: kubernetes.azure.com/scalesetpriority, operator: Equal, value: spot, effect: NoSchedule}]"
for name, count in (("rega", reg), ("regb", reg), ("spot", spot)):
    pods = count * ppn
    for k in range((pods + 99) // 100):
        n = min(100, pods - k * 100)
        out.append(f"""  - apiVersion: apps/v1
    kind: Deployment
    metadata: {{name: {name}-app{k}}}
    spec:
      replicas: {n}
      selector: {{matchLabels: {{app: {name}-app{k}}}}}
      template:
        metadata: {{labels: {{app: {name}-app{k}}}}}
        spec:
          nodeSelector: {{pool: {name}}}{tol if name == "spot" else ""}
          containers: [{{name: c, image: nginx, resources: {{requests: {{cpu: 100m, memory: 256Mi}}}}}}]
""")
out.append(f"""prices:
  Standard_D8s_v5: {{spot: 0.0768}}
faults:
  - {{type: eviction-rate, pool: spot, perHour: {evict}}}
""")
print("".join(out), end="")
EOF

[ -n "${SIM_KEEP:-}" ] && cp "$T/month.yaml" "$SIM_KEEP"   # the scenario, to profile it
echo "sim-month: $DUR, $NODES nodes, $((NODES - 3)) x $PPN pods + system pods, autoscaler on the spot pool, spot evictions $EVICT per node-hour"
start=$(date +%s.%N)
taskset -c 0 "$AKSEMU" sim run "$T/month.yaml" --out "$T/out" > "$T/stdout" 2> "$T/stderr" &
PID=$!
echo "  t(s)  RSS(MiB)"
# the sampler runs beside the simulation, so that the wall time is not rounded up to a period
( while kill -0 "$PID" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' /proc/$PID/status 2>/dev/null || true)
    [ -n "$rss" ] && printf '%6.0f  %8.1f\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$(echo "$rss / 1024" | bc -l)"
    sleep "$RSS_EVERY"
  done ) &
SAMPLER=$!
wait "$PID" || { cat "$T/stderr"; exit 1; }
end=$(date +%s.%N)
wait "$SAMPLER" 2>/dev/null || true
cat "$T/stdout"
python3 - "$T/out/report.json" "$start" "$end" "$DUR" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
d = sys.argv[4]
virt = float(d[:-1]) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[d[-1]]
nodes = {k: (min(v), max(v)) for k, v in r["series"]["nodes"].items()}
print(f"nodes per pool (min, max): {nodes}")
print(f"pending pod-minutes {r['pendingPodMinutes']}, spot evictions {r['events']['spotEvictions']}, "
      f"cost {r['cost']['total']:.0f} USD")
print(f"wall {wall:.1f} s for {d} (set-up included): speed-up {virt / wall:,.0f}x real time")
EOF
grep -v "^\[" "$T/stderr" | grep -v "^$" || true
