#!/usr/bin/env bash
# Node pressure through the real az and the real kubectl: a log-heavy pod (writing its log files
# through a hostPath volume) fills a 30 GB OS disk: DiskPressure (condition, taint, events), the
# kubelet reclaims the VHD's cached images, evicts the pods in its order (the writer's higher
# priority keeps it), and the full disk takes the node NotReady; the same workload on a 256 GB
# disk survives. A memory hog on a shared pool drives MemoryPressure: the kubelet evicts the pod
# using the most above its request, never CoreDNS (system-cluster-critical); new pods are
# refused on the node while it lasts. `aksemu fault disk-fill`. Clock: 60 times faster.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 60
setup_az

RG=prRG CL=prAKS
NRG="MC_${RG}_${CL}_eastus"
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 1 --generate-ssh-keys -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n small --node-count 1 --node-osdisk-size 30 -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n big --node-count 1 --node-osdisk-size 256 -o none
run 0 az aks nodepool show -g $RG --cluster-name $CL -n small --query osDiskSizeGb -o tsv
assert_eq "$OUT" 30 "a 30 GB OS disk"
setup_kubectl $RG $CL
K() { run 0 kubectl "$@"; }
wait_for 30 "three Ready nodes" bash -c '[ "$(kubectl get nodes --no-headers | grep -c " Ready ")" = 3 ]'
SMALL="$(kubectl get nodes -l agentpool=small -o jsonpath='{.items[0].metadata.name}')"
BIG="$(kubectl get nodes -l agentpool=big -o jsonpath='{.items[0].metadata.name}')"
K get node "$SMALL" -o jsonpath='{.status.capacity.ephemeral-storage}'
assert_eq "$OUT" 30812160Ki "the kubelet's view of the 30 GB disk"

log "workloads: a log writer (priority 1000000) and five web pods on each pool"
cat >"$T/prio.yaml" <<'EOF'
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: business-high}
value: 1000000
EOF
K apply -f "$T/prio.yaml"
workload() { # pool
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: logger-$1}
spec:
  replicas: 1
  selector: {matchLabels: {app: logger-$1}}
  template:
    metadata:
      labels: {app: logger-$1}
      annotations: {aksemu.io/host-write-rate: 4Gi/m, aksemu.io/disk-write-limit: 24Gi, aksemu.io/log-rate: 5Mi/m}
    spec:
      priorityClassName: business-high
      nodeSelector: {agentpool: $1}
      containers:
      - {name: logger, image: nginx:1.27, volumeMounts: [{name: logs, mountPath: /var/log/app}]}
      volumes:
      - {name: logs, hostPath: {path: /var/log/app}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-$1}
spec:
  replicas: 5
  selector: {matchLabels: {app: web-$1}}
  template:
    metadata:
      labels: {app: web-$1}
      annotations: {aksemu.io/disk-write-rate: 20Mi/m}
    spec:
      nodeSelector: {agentpool: $1}
      containers:
      - {name: web, image: nginx:1.27}
EOF
}
{ workload small; echo ---; workload big; } >"$T/disk.yaml"
K apply -f "$T/disk.yaml"

log "the 30 GB disk: DiskPressure, image reclaim, evictions, then NotReady"
wait_for 60 "DiskPressure on $SMALL" bash -c "kubectl get node $SMALL -o jsonpath='{.status.conditions[?(@.type==\"DiskPressure\")].status}' | grep -qx True"
K get node "$SMALL" -o jsonpath='{.spec.taints}'
assert_contains "$OUT" '"key":"node.kubernetes.io/disk-pressure"' "disk-pressure taint"
K get events --field-selector involvedObject.name="$SMALL" -o json
assert_contains "$OUT" "Node $SMALL status is now: NodeHasDiskPressure" "NodeHasDiskPressure event"
assert_contains "$OUT" "Attempting to reclaim ephemeral-storage" "EvictionThresholdMet event"
wait_for 60 "a web pod evicted on $SMALL" bash -c "kubectl get pods -l app=web-small -o jsonpath='{.items[*].status.reason}' | grep -q Evicted"
K get pods -l app=web-small -o json
EV="$(json '[p["status"]["message"] for p in j["items"] if p["status"].get("reason")=="Evicted"][0]')"
assert_contains "$EV" "The node was low on resource: ephemeral-storage. Threshold quantity: 3009Mi, available: " "eviction message"
assert_contains "$EV" "Container web was using " "the container named"
assert_contains "$EV" ", request is 0, has larger consumption of ephemeral-storage. " "request and resource"
K get pods -l app=logger-small --no-headers
assert_contains "$OUT" Running "the writer (higher priority) is not evicted before the web pods"
wait_for 60 "$SMALL NotReady" bash -c "kubectl get node $SMALL --no-headers | grep -q NotReady"
K get events --field-selector involvedObject.name="$SMALL",reason=FreeDiskSpaceFailed -o json
assert_contains "$OUT" "Failed to garbage collect required amount of images" "FreeDiskSpaceFailed event"
grep -q "node $SMALL: OS disk full" "$T/daemon.log" || fail "the daemon log names the full disk"
CHECKS=$((CHECKS + 1))

log "the 256 GB disk: the same workload survives"
# the writer reaches its 24Gi limit after 6 emulated minutes (6 s here): look after 8 s
START="$(kubectl get pods -l app=logger-big -o jsonpath='{.items[0].status.startTime}')"
while [ "$(date +%s)" -lt $(( $(date -d "$START" +%s) + 8 )) ]; do sleep 0.5; done
K get node "$BIG" -o jsonpath='{.status.conditions[?(@.type=="DiskPressure")].status}'
assert_eq "$OUT" False "no DiskPressure on $BIG"
K get pods -l 'app in (web-big,logger-big)' --no-headers
assert_eq "$(grep -c Running <<<"$OUT")" 6 "all six pods Running on $BIG"
assert_not_contains "$OUT" Evicted "nothing evicted on $BIG"

log "the kubelet's summary API shows the disk"
K get --raw "/api/v1/nodes/$BIG/proxy/stats/summary"
assert_eq "$(json 'j["node"]["fs"]["capacityBytes"]')" 274217304064 "the 256 GB disk's capacity"
assert_eq "$(json 'j["node"]["fs"]["usedBytes"] > 44 * 2**30')" True "OS, VHD images and 24Gi of logs in use"
assert_eq "$(json '[p["ephemeral-storage"]["usedBytes"] > 0 for p in j["pods"] if p["podRef"]["name"].startswith("web-big")]')" \
  "[true, true, true, true, true]" "each web pod's own ephemeral storage"
run 1 kubectl get --raw "/api/v1/nodes/$SMALL/proxy/stats/summary"
assert_contains "$ERR" "ServiceUnavailable" "the full node's kubelet does not answer"

log "new pods are refused on a node under pressure (admission)"
K delete deployment logger-small web-small logger-big web-big

log "aksemu fault disk-fill"
run 2 "$AKSEMU" fault disk-fill --node "$BIG"
assert_contains "$ERR" "--size-gb" "size required"
run 3 "$AKSEMU" fault disk-fill --node nosuch --size-gb 1
run 0 "$AKSEMU" fault disk-fill --node "$BIG" --size-gb 200
wait_for 30 "DiskPressure on $BIG" bash -c "kubectl get node $BIG -o jsonpath='{.status.conditions[?(@.type==\"DiskPressure\")].status}' | grep -qx True"
run 0 "$AKSEMU" fault list -o json
assert_contains "$OUT" '"type": "disk-fill"' "the fill is listed"
kill9_daemon
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 60
run 0 "$AKSEMU" fault list -o json
assert_contains "$OUT" '"sizeGB": 200' "the fill survives kill -9"
K get node "$BIG" -o jsonpath='{.status.conditions[?(@.type=="DiskPressure")].status}'
assert_eq "$OUT" True "DiskPressure after the restart"
cat >"$T/late.yaml" <<EOF
apiVersion: v1
kind: Pod
metadata: {name: late}
spec:
  nodeName: $BIG
  containers: [{name: c, image: nginx:1.27}]
EOF
K apply -f "$T/late.yaml"
wait_for 30 "late rejected" bash -c "kubectl get pod late -o jsonpath='{.status.reason}' | grep -qx Evicted"
K get pod late -o jsonpath='{.status.message}'
assert_eq "$OUT" "The node had condition: [DiskPressure]. " "admission message"
run 0 "$AKSEMU" fault disk-fill --node "$BIG" --size-gb 0
K get node "$BIG" -o jsonpath='{.status.conditions[?(@.type=="DiskPressure")].status}'
assert_eq "$OUT" True "the condition holds for the transition period"
wait_for 60 "DiskPressure False on $BIG after 5 min" bash -c "kubectl get node $BIG -o jsonpath='{.status.conditions[?(@.type==\"DiskPressure\")].status}' | grep -qx False"
K get node "$BIG" -o jsonpath='{.spec.taints}'
assert_not_contains "$OUT" disk-pressure "taint removed"

log "memory: a leaking app on the shared system pool, next to CoreDNS"
SYS="$(kubectl get nodes -l agentpool=nodepool1 -o jsonpath='{.items[0].metadata.name}')"
K -n kube-system get pods -l k8s-app=kube-dns -o jsonpath='{range .items[*]}{.spec.nodeName} {.status.containerStatuses[0].restartCount}{"\n"}{end}'
assert_contains "$OUT" "$SYS 0" "CoreDNS runs on the shared system pool"
hog() { # name pool annotations
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: $1}
spec:
  replicas: 1
  selector: {matchLabels: {app: $1}}
  template:
    metadata:
      labels: {app: $1}
      annotations: {$3}
    spec:
      nodeSelector: {agentpool: $2}
      containers:
      - {name: hog, image: nginx:1.27, resources: {requests: {memory: 256Mi}}}
EOF
}
hog leaky nodepool1 "aksemu.io/memory-usage: 6Gi, aksemu.io/memory-growth: 300Mi/m" >"$T/leaky.yaml"
K apply -f "$T/leaky.yaml"
wait_for 60 "MemoryPressure on $SYS" bash -c "kubectl get node $SYS -o jsonpath='{.status.conditions[?(@.type==\"MemoryPressure\")].status}' | grep -qx True"
wait_for 30 "the leaking pod evicted" bash -c "kubectl get pods -l app=leaky -o jsonpath='{.items[*].status.reason}' | grep -q Evicted"
K get pods -l app=leaky -o json
EV="$(json '[p["status"]["message"] for p in j["items"] if p["status"].get("reason")=="Evicted"][0]')"
assert_contains "$EV" "The node was low on resource: memory. Threshold quantity: 100Mi, available: " "memory eviction message"
assert_contains "$EV" ", request is 256Mi, has larger consumption of memory. " "the request named"
K get node "$SYS" -o jsonpath='{.spec.taints}'
assert_contains "$OUT" '"key":"node.kubernetes.io/memory-pressure"' "memory-pressure taint"
K get events --field-selector involvedObject.name="$SYS" -o json
assert_contains "$OUT" "Node $SYS status is now: NodeHasInsufficientMemory" "NodeHasInsufficientMemory event"
assert_contains "$OUT" "Attempting to reclaim memory" "EvictionThresholdMet (memory)"
K -n kube-system get pods -l k8s-app=kube-dns -o jsonpath='{range .items[*]}{.status.phase} {.status.containerStatuses[0].restartCount} {.status.reason}{"\n"}{end}'
assert_not_contains "$OUT" Evicted "CoreDNS (system-cluster-critical) is never evicted by the kubelet"
assert_eq "$(grep -c '^Running 0 $' <<<"$OUT")" 2 "both CoreDNS pods Running, never restarted"
K delete deployment leaky

log "memory: an app that takes 6Gi at once: the kernel's OOM killer picks it, not CoreDNS"
hog greedy nodepool1 "aksemu.io/memory-usage: 6Gi" >"$T/greedy.yaml"
K apply -f "$T/greedy.yaml"
wait_for 60 "greedy OOMKilled" bash -c "kubectl get pods -l app=greedy -o jsonpath='{.items[*].status.containerStatuses[0].lastState.terminated.reason}' | grep -q OOMKilled"
wait_for 30 "greedy in CrashLoopBackOff" bash -c "kubectl get pods -l app=greedy --no-headers | grep -q CrashLoopBackOff"
K get events --field-selector involvedObject.name="$SYS",reason=SystemOOM -o json
assert_contains "$OUT" "System OOM encountered, victim process: hog" "SystemOOM event"
K -n kube-system get pods -l k8s-app=kube-dns -o jsonpath='{range .items[*]}{.status.phase} {.status.containerStatuses[0].restartCount}{"\n"}{end}'
assert_eq "$(grep -c '^Running 0$' <<<"$OUT")" 2 "CoreDNS untouched by the OOM killer"
K delete deployment greedy

log "memory: the same leak on a user pool leaves CoreDNS's node alone"
hog leaky2 big "aksemu.io/memory-usage: 6Gi, aksemu.io/memory-growth: 300Mi/m" >"$T/leaky2.yaml"
K apply -f "$T/leaky2.yaml"
wait_for 60 "the leak evicted on $BIG" bash -c "kubectl get pods -l app=leaky2 -o jsonpath='{.items[*].status.reason}' | grep -q Evicted"
K get events --field-selector involvedObject.name="$SYS",reason=NodeHasInsufficientMemory -o json
assert_eq "$(json 'len(j["items"])')" 1 "no new memory pressure on the system pool's node"
K delete deployment leaky2

assert_no_outbound
stop_daemon
pass
