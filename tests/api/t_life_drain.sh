#!/usr/bin/env bash
# Scale-in drains the nodes it removes: the real az scales a user pool in while a PDB forbids
# every eviction, and the operation fails with AKS's drain error after the drain timeout (30 min
# on a clock running 600 times faster); the nodes stay, cordoned, with the drain events. With
# the PDB relaxed, the same scale-in drains the node (pods rescheduled) and the node goes.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 600
setup_az

RG=lifeRG CL=lifeAKS
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 1 --generate-ssh-keys -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n apps --node-count 3 --labels team=apps -o none
setup_kubectl $RG $CL
K() { run 0 kubectl "$@"; }
wait_for 30 "four Ready nodes" bash -c '[ "$(kubectl get nodes --no-headers | grep -c " Ready ")" = 4 ]'

cat >"$T/web.yaml" <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {team: apps}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}
      containers: [{name: web, image: "nginx:1.27", resources: {requests: {cpu: 100m, memory: 64Mi}}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-pdb, namespace: default}
spec:
  minAvailable: 3
  selector: {matchLabels: {app: web}}
Y
K apply -f "$T/web.yaml"
wait_for 30 "web ready" bash -c '[ "$(kubectl get deploy web -o jsonpath={.status.readyReplicas})" = 3 ]'
LAST="$(kubectl get nodes -l agentpool=apps -o name | sort | tail -1)"
LAST="${LAST#node/}"
K get pods -l app=web -o wide
assert_contains "$OUT" "$LAST" "one web pod on each apps node (preferred anti-affinity)"
VICTIM="$(kubectl get pods -l app=web --field-selector spec.nodeName="$LAST" -o jsonpath='{.items[0].metadata.name}')"

log "scale-in blocked by the PDB"
run 1 az aks nodepool scale -g $RG --cluster-name $CL -n apps --node-count 2 -o none
assert_contains "$ERR" "(UpgradeFailed) Drain node $LAST failed when evicting pod $VICTIM failed with Too Many Requests error." "AKS's drain failure"
assert_contains "$ERR" "This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See https://aka.ms/aks/debugdrainfailures." "drain failure advice"
assert_contains "$ERR" "PDB debug info: default/$VICTIM blocked by pdb web-pdb with 0 unready pods." "PDB debug info"
run 0 az aks nodepool show -g $RG --cluster-name $CL -n apps -o json
assert_eq "$(json 'j["provisioningState"]')" Failed "pool Failed after the drain failure"
assert_eq "$(json 'j["count"]')" 3 "the count stays at the nodes that are still there"
K get nodes -l agentpool=apps --no-headers
assert_eq "$(wc -l <<<"$OUT")" 3 "no node removed"
assert_contains "$(grep "$LAST" <<<"$OUT")" "Ready,SchedulingDisabled" "the drained node stays cordoned"
K get pods -l app=web -o wide
assert_contains "$OUT" "$VICTIM" "the protected pod still runs"
K get events --field-selector involvedObject.name="$LAST" -o json
EV="$(python3 -c 'import json,sys; print("\n".join(e["type"]+" "+e["reason"]+" "+e["message"] for e in json.load(sys.stdin)["items"]))' <<<"$OUT")"
assert_contains "$EV" "Normal Drain Draining node: $LAST" "drain event"
assert_contains "$EV" "Warning Drain Eviction blocked by Too Many Requests (usually a pdb): $VICTIM" "blocked eviction event"
NRG="MC_${RG}_${CL}_eastus"
VMSS="$(az vmss list -g "$NRG" --query "[?contains(name,'apps')].name" -o tsv)"
run 0 az vmss list-instances -g "$NRG" -n "$VMSS" -o json
assert_eq "$(json 'len(j)')" 3 "three instances in the scale set"
assert_eq "$(json 'sorted(set(i["provisioningState"] for i in j))')" '["Succeeded"]' "instances back to Succeeded"

log "PDB relaxed: the same scale-in drains the node and removes it"
K patch pdb web-pdb --type=merge -p '{"spec":{"minAvailable":2}}'
run 0 az aks nodepool scale -g $RG --cluster-name $CL -n apps --node-count 2 -o json
assert_eq "$(json 'j["provisioningState"]')" Succeeded "scale-in succeeded"
assert_eq "$(json 'j["count"]')" 2 "count 2"
K get nodes -l agentpool=apps -o name
assert_eq "$(wc -l <<<"$OUT")" 2 "two apps nodes"
assert_not_contains "$OUT" "$LAST" "the highest instance went"
wait_for 30 "web back to three ready pods" bash -c '[ "$(kubectl get deploy web -o jsonpath={.status.readyReplicas})" = 3 ]'
K get pods -l app=web -o wide
assert_not_contains "$OUT" "$VICTIM" "the evicted pod is gone"
assert_not_contains "$OUT" "$LAST" "no web pod on the removed node"
K get events -o json
EV="$(python3 -c 'import json,sys; print("\n".join(e["involvedObject"]["name"]+" "+e["reason"]+" "+e["message"] for e in json.load(sys.stdin)["items"]))' <<<"$OUT")"
assert_contains "$EV" "$VICTIM Killing Stopping container web" "evicted pod stopped"
assert_contains "$EV" "$LAST RemovingNode Node $LAST event: Removing Node $LAST from Controller" "node removed"

log "after a restart the pool and nodes are as left"
stop_daemon
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 600
run 0 az aks nodepool show -g $RG --cluster-name $CL -n apps --query "[count,provisioningState]" -o tsv
assert_eq "$(tr -s '\t\n' '  ' <<<"$OUT" | sed 's/ $//')" "2 Succeeded" "state survives restart"
assert_no_outbound
stop_daemon
pass
