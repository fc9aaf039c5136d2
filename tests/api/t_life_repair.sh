#!/usr/bin/env bash
# Node auto-repair through `aksemu fault`, the real kubectl and the real az: a node whose kubelet
# stops posting goes NotReady after node-monitor-grace-period; after five minutes NotReady AKS
# reboots it, then reimages it (the fault heals by reimage), with AKS's events in order, the
# VMSS instance Updating while an action runs, its pod rescheduled elsewhere, and the node back
# Ready. A node nothing heals is left NotReady after the retries. Clock: 60 (then 600) times faster.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 60
setup_az

RG=repRG CL=repAKS
NRG="MC_${RG}_${CL}_eastus"
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 1 --generate-ssh-keys -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n apps --node-count 2 -o none
setup_kubectl $RG $CL
K() { run 0 kubectl "$@"; }
wait_for 30 "three Ready nodes" bash -c '[ "$(kubectl get nodes --no-headers | grep -c " Ready ")" = 3 ]'
VMSS="$(az vmss list -g "$NRG" --query "[?tags.\"aks-managed-poolName\"=='apps'].name" -o tsv)"
NODE="${VMSS%vmss}vmss000000"
OTHER="${VMSS%vmss}vmss000001"

run 0 kubectl run solo --image=nginx:1.27 --restart=Always --overrides="{\"spec\":{\"nodeName\":null,\"nodeSelector\":{\"kubernetes.io/hostname\":\"$NODE\"}}}"
K create deployment web --image=nginx:1.27 --replicas=1
K patch deployment web --type=merge -p "{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"agentpool\":\"apps\"},\"affinity\":{\"nodeAffinity\":{\"preferredDuringSchedulingIgnoredDuringExecution\":[{\"weight\":100,\"preference\":{\"matchExpressions\":[{\"key\":\"kubernetes.io/hostname\",\"operator\":\"In\",\"values\":[\"$NODE\"]}]}}]}}}}}}"
wait_for 30 "web on $NODE" bash -c "kubectl get pods -l app=web -o wide --no-headers | grep Running | grep -q $NODE"
WEBPOD="$(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')"

log "bad requests"
run 3 "$AKSEMU" fault node-unhealthy --node no-such-node
assert_contains "$ERR" "no-such-node" "unknown node named"
run 2 "$AKSEMU" fault node-unhealthy --node "$NODE" --fixed-by magic
assert_contains "$ERR" "magic" "bad --fixed-by named"
run 0 "$AKSEMU" fault list -o json
assert_eq "$(json 'len(j)')" 0 "no fault in effect"
api POST /aksemu/v1/faults '{"type":"meteor-strike"}'
assert_eq "$STATUS" 400 "unknown fault type refused"
assert_eq "$(json 'j["error"]["code"]')" InvalidParameter "ARM error code"
api POST /aksemu/v1/faults '{"type":'
assert_eq "$STATUS" 400 "malformed JSON refused"
assert_eq "$(json 'sorted(j["error"])')" '["code", "message"]' "an ARM error body"
api POST /aksemu/v1/faults '{"type":"eviction-rate","resourceGroup":"repRG","cluster":"repAKS","pool":"apps","perHour":2}'
assert_eq "$STATUS" 409 "eviction rate on a regular pool refused"
assert_contains "$(json 'j["error"]["message"]')" "not a spot pool" "why"
api DELETE /aksemu/v1/faults
assert_eq "$STATUS" 405 "wrong method"
run 0 "$AKSEMU" fault list -o json
assert_eq "$(json 'len(j)')" 0 "refused faults leave nothing behind"

log "a node made unhealthy (healed by reimage) is repaired: reboot, then reimage"
# the instance view, sampled every 0.2 s through the ARM API while the repair runs
IV="/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/$NRG/providers/Microsoft.Compute/virtualMachineScaleSets/$VMSS/virtualMachines/0/instanceView?api-version=2022-11-01"
( while :; do curl -sS --noproxy '*' --cacert "$DATA/tls/ca.pem" -H "Authorization: Bearer $(cat "$DATA/token")" "$URL$IV" \
    | python3 -c 'import json,sys; print(" ".join(s["code"] for s in json.load(sys.stdin)["statuses"]))' 2>/dev/null; sleep 0.2; done ) >"$T/iv.log" &
IV_PID=$!
BG_PIDS="$IV_PID"
run 0 "$AKSEMU" fault node-unhealthy --node "$NODE" --fixed-by reimage
run 0 "$AKSEMU" fault list -o json
assert_contains "$OUT" "$NODE" "the fault is listed"
wait_for 20 "node NotReady" bash -c "kubectl get node $NODE --no-headers | grep -q NotReady"
K get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].message}'
assert_eq "$OUT" "Kubelet stopped posting node status." "Ready Unknown with the node controller's text"
K get node "$NODE" -o jsonpath='{range .spec.taints[*]}{.key}:{.effect}{"\n"}{end}'
assert_contains "$OUT" "node.kubernetes.io/unreachable:NoExecute" "unreachable taint"
wait_for 30 "the reboot starts" bash -c \
  "kubectl get events --field-selector involvedObject.name=$NODE,reason=NodeRebootStart --no-headers | grep -q ."
wait_for 60 "node Ready again" bash -c "kubectl get node $NODE --no-headers | grep -q ' Ready '"
kill $IV_PID 2>/dev/null; wait $IV_PID 2>/dev/null
K get events --field-selector involvedObject.name="$NODE" --sort-by=.lastTimestamp -o json
EV="$(python3 -c 'import json,sys
items = json.load(sys.stdin)["items"]
items.sort(key=lambda e: (e["lastTimestamp"], int(e["metadata"]["resourceVersion"])))
print("\n".join(e["reason"]+"|"+e["source"].get("component","")+"|"+e["message"] for e in items))' <<<"$OUT")"
ORDER="$(awk -F'|' '$1 ~ /^(NodeNotReady|NodeReboot|NodeReimage|NodeRedeploy|NodeReady)/ {print $1}' <<<"$EV" | sed '1{/^NodeReady$/d}' | tr '\n' ' ' | sed 's/ $//')"
assert_eq "$ORDER" "NodeNotReady NodeRebootStart NodeRebootEnd NodeReimageStart NodeReimageEnd NodeReady" "repair events in order"
assert_contains "$EV" "NodeRebootStart|aks-auto-repair|Node auto-repair is initiating a reboot action due to NotReady status persisting for more than five minutes." "reboot start text"
assert_contains "$EV" "NodeRebootEnd|aks-auto-repair|Reboot action from node auto-repair is completed." "reboot end text"
assert_contains "$EV" "NodeReimageStart|aks-auto-repair|Node auto-repair is initiating a reimage action due to NotReady status persisting for more than five minutes." "reimage start text"
assert_contains "$EV" "NodeReimageEnd|aks-auto-repair|Reimage action from node auto-repair is completed." "reimage end text"
assert_contains "$EV" "NodeNotReady|node-controller|Node $NODE status is now: NodeNotReady" "NotReady event"
K get node "$NODE" -o jsonpath='{.spec.taints[*].key}'
assert_not_contains "$OUT" "unreachable" "unreachable taints gone"
run 0 "$AKSEMU" fault list -o json
assert_eq "$(json 'len(j)')" 0 "the repair cleared the fault"
run 0 az vmss get-instance-view -g "$NRG" -n "$VMSS" --instance-id 0 --query "statuses[].code" -o tsv
assert_contains "$OUT" "ProvisioningState/succeeded" "instance Succeeded after the repair"
SEEN="$(uniq "$T/iv.log" | tr '\n' ';')"
log "instance view during the repair: $SEEN"
assert_contains "$SEEN" "ProvisioningState/updating PowerState/starting" "the instance was Updating (starting) during the repair actions"
assert_contains "$SEEN" "ProvisioningState/succeeded PowerState/running" "and Succeeded between and after them"

log "pods on the unreachable node were rescheduled"
K get events --field-selector involvedObject.name="$WEBPOD" -o json
assert_contains "$OUT" "TaintManagerEviction" "taint manager evicted the web pod"
wait_for 30 "web running again" bash -c '[ "$(kubectl get deploy web -o jsonpath={.status.readyReplicas})" = 1 ]'
K get pods -l app=web -o name
assert_not_contains "$OUT" "$WEBPOD" "a new web pod replaced the evicted one"

log "a node nothing heals is left NotReady after the retries (clock 600x)"
stop_daemon
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 600
run 0 "$AKSEMU" fault node-unhealthy --node "$OTHER" --fixed-by none
wait_for 60 "the repair gives up" bash -c "grep -q 'node $OTHER: auto-repair gave up' '$T/daemon.log'"
K get events --field-selector involvedObject.name="$OTHER" -o json
EV="$(python3 -c 'import json,sys; print("\n".join(e["reason"] for e in json.load(sys.stdin)["items"]))' <<<"$OUT")"
assert_contains "$EV" "NodeRedeployStart" "the repair escalated to redeploy"
assert_contains "$EV" "NodeRedeployEnd" "the redeploy completed"
K get node "$OTHER" --no-headers
assert_contains "$OUT" "NotReady" "the node stays NotReady"
run 0 "$AKSEMU" fault node-healthy --node "$OTHER"
wait_for 30 "node Ready after node-healthy" bash -c "kubectl get node $OTHER --no-headers | grep -q ' Ready '"
assert_no_outbound
stop_daemon
pass
