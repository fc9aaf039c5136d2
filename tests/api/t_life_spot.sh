#!/usr/bin/env bash
# Spot eviction through the real az and kubectl: `az vmss simulate-eviction` publishes a Preempt
# scheduled event with 30 s notice (6 s on a clock running 5 times faster) - the node shows the
# VMEventScheduled condition and events, is cordoned and drained - and then the Delete policy
# removes instance, node and count, while the Deallocate policy keeps the instance deallocated
# (its node NotReady with the shutdown taint) and restarts it on the next scale-out.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 5
setup_az

RG=spotRG CL=spotAKS
NRG="MC_${RG}_${CL}_eastus"
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 1 --generate-ssh-keys -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n spotdel --priority Spot --eviction-policy Delete \
  --spot-max-price -1 --node-count 2 -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n spotdea --priority Spot --eviction-policy Deallocate \
  --spot-max-price -1 --node-count 1 -o none
setup_kubectl $RG $CL
K() { run 0 kubectl "$@"; }
wait_for 30 "four Ready nodes" bash -c '[ "$(kubectl get nodes --no-headers | grep -c " Ready ")" = 4 ]'

cat >"$T/batch.yaml" <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata: {name: batch, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: batch}}
  template:
    metadata: {labels: {app: batch}}
    spec:
      nodeSelector: {kubernetes.azure.com/scalesetpriority: spot, agentpool: spotdel}
      tolerations: [{key: kubernetes.azure.com/scalesetpriority, operator: Equal, value: spot, effect: NoSchedule}]
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: batch}}}
      containers: [{name: batch, image: "busybox:1.36", resources: {requests: {cpu: 100m, memory: 64Mi}}}]
Y
K apply -f "$T/batch.yaml"
wait_for 30 "batch ready" bash -c '[ "$(kubectl get deploy batch -o jsonpath={.status.readyReplicas})" = 2 ]'

VMSS_DEL="$(az vmss list -g "$NRG" --query "[?tags.\"aks-managed-poolName\"=='spotdel'].name" -o tsv)"
VMSS_DEA="$(az vmss list -g "$NRG" --query "[?tags.\"aks-managed-poolName\"=='spotdea'].name" -o tsv)"
NODE0="${VMSS_DEL%vmss}vmss000000"
VICTIM="$(kubectl get pods -l app=batch --field-selector spec.nodeName="$NODE0" -o jsonpath='{.items[0].metadata.name}')"
[ -n "$VICTIM" ] || fail "no batch pod on $NODE0"

log "bad requests"
run 3 az vmss simulate-eviction -g "$NRG" -n "$VMSS_DEL" --instance-id 7
assert_contains "$ERR" "NotFound" "unknown instance"
VMSS_SYS="$(az vmss list -g "$NRG" --query "[?tags.\"aks-managed-poolName\"=='nodepool1'].name" -o tsv)"
run 1 az vmss simulate-eviction -g "$NRG" -n "$VMSS_SYS" --instance-id 0
assert_contains "$ERR" "OperationNotAllowed" "a regular VM cannot be evicted"

log "Delete policy: 30 s notice (6 s at --speed 5), then instance, node and count go"
run 0 az vmss simulate-eviction -g "$NRG" -n "$VMSS_DEL" --instance-id 0
T0=$(date +%s.%N)
wait_for 10 "the Preempt event on the node" bash -c \
  "kubectl get node $NODE0 -o jsonpath='{.status.conditions[?(@.type==\"VMEventScheduled\")].status}' | grep -qx True"
K get node "$NODE0" -o jsonpath='{.status.conditions[?(@.type=="VMEventScheduled")].message}'
assert_contains "$OUT" "Preempt Scheduled: " "condition message"
assert_contains "$OUT" " GMT. DurationInSeconds: -1.  For more information, see https://aka.ms/aks/scheduledevents." "condition text as AKS writes it"
K get node "$NODE0"
assert_contains "$OUT" "SchedulingDisabled" "the node is cordoned during the notice"
run 0 az vmss get-instance-view -g "$NRG" -n "$VMSS_DEL" --instance-id 0 --query "statuses[].code" -o json
assert_contains "$OUT" "PowerState/running" "the instance runs during the notice"
wait_for 20 "instance 0 deleted" bash -c \
  "[ \"\$(az vmss list-instances -g $NRG -n $VMSS_DEL --query 'length(@)' -o tsv)\" = 1 ]"
T1=$(date +%s.%N)
NOTICE=$(python3 -c "print(round($T1 - $T0, 1))")
log "notice observed: ${NOTICE} s (30 s / speed 5 = 6 s)"
python3 -c "import sys; sys.exit(0 if $T1 - $T0 >= 5.5 else 1)" || fail "eviction came after ${NOTICE} s, before the 6 s notice"
run 0 az vmss list-instances -g "$NRG" -n "$VMSS_DEL" --query '[].instanceId' -o tsv
assert_eq "$OUT" 1 "instance 1 remains"
run 0 az aks nodepool show -g $RG --cluster-name $CL -n spotdel --query "[count,provisioningState]" -o tsv
assert_eq "$(tr -s '\t\n' '  ' <<<"$OUT" | sed 's/ $//')" "1 Succeeded" "the pool count drops to 1"
wait_for 30 "node $NODE0 deleted" bash -c "! kubectl get node $NODE0 >/dev/null 2>&1"
K get events -o json
EV="$(python3 -c 'import json,sys; print("\n".join(e["involvedObject"]["name"]+" "+e["type"]+" "+e["reason"]+" "+e["source"].get("component","")+" "+e["message"] for e in json.load(sys.stdin)["items"]))' <<<"$OUT")"
assert_contains "$EV" "$NODE0 Warning VMEventScheduled custom-scheduledevents-consolidated-condition-plugin-monitor Node condition VMEventScheduled is now: True, reason: VMEventScheduled, message: \"Preempt Scheduled: " "VMEventScheduled event"
assert_contains "$EV" "$NODE0 Warning PreemptScheduled" "PreemptScheduled event"
assert_contains "$EV" "$NODE0 Normal Drain upgrader Draining node: $NODE0" "drain event"
assert_contains "$EV" "$VICTIM Normal Killing kubelet Stopping container batch" "the pod on the evicted node was stopped"
assert_contains "$EV" "$NODE0 Normal DeletingNode cloud-node-lifecycle-controller Deleting node $NODE0 because it does not exist in the cloud provider" "cloud node lifecycle deletes the node"
K get pods -l app=batch -o wide
assert_not_contains "$OUT" "$VICTIM" "the evicted pod is gone"
assert_not_contains "$OUT" "$NODE0" "no batch pod on the gone node"

log "Deallocate policy: the instance stays deallocated, its node NotReady and shut down"
DNODE="${VMSS_DEA%vmss}vmss000000"
run 0 az vmss simulate-eviction -g "$NRG" -n "$VMSS_DEA" --instance-id 0
wait_for 20 "instance deallocated" bash -c \
  "az vmss get-instance-view -g $NRG -n $VMSS_DEA --instance-id 0 --query 'statuses[].code' -o tsv | grep -qx PowerState/deallocated"
run 0 az vmss list-instances -g "$NRG" -n "$VMSS_DEA" --query 'length(@)' -o tsv
assert_eq "$OUT" 1 "the deallocated instance stays in the scale set"
run 0 az aks nodepool show -g $RG --cluster-name $CL -n spotdea --query count -o tsv
assert_eq "$OUT" 0 "the pool counts no running node"
wait_for 30 "node NotReady" bash -c "kubectl get node $DNODE --no-headers | grep -q NotReady"
K get node "$DNODE" -o jsonpath='{range .spec.taints[*]}{.key}:{.effect}{"\n"}{end}'
assert_contains "$OUT" "node.cloudprovider.kubernetes.io/shutdown:NoSchedule" "shutdown taint"
assert_contains "$OUT" "node.kubernetes.io/unreachable:NoExecute" "unreachable taint"
K get node "$DNODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}'
assert_eq "$OUT" NodeStatusUnknown "Ready condition Unknown"

log "scale-out restarts the deallocated instance"
run 0 az aks nodepool scale -g $RG --cluster-name $CL -n spotdea --node-count 1 -o none
run 0 az vmss list-instances -g "$NRG" -n "$VMSS_DEA" --query '[].instanceId' -o tsv
assert_eq "$OUT" 0 "the same instance, not a new one"
wait_for 30 "node Ready again" bash -c "kubectl get node $DNODE --no-headers | grep -q ' Ready '"
K get node "$DNODE" -o jsonpath='{.spec.taints[*].key}'
assert_not_contains "$OUT" "shutdown" "shutdown taint gone"

log "after a restart the pools are as left"
stop_daemon
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 5
run 0 az aks nodepool list -g $RG --cluster-name $CL --query "[].[name,count]" -o tsv
assert_contains "$(tr -s '\t' ' ' <<<"$OUT")" "spotdel 1" "Delete pool count survives"
assert_contains "$(tr -s '\t' ' ' <<<"$OUT")" "spotdea 1" "Deallocate pool count survives"
assert_no_outbound
stop_daemon
pass
