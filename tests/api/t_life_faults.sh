#!/usr/bin/env bash
# The provisioning and spot faults of `aksemu fault`, seen through the real az and kubectl: the
# next instance failing its CSE (operation error, pool Failed, the reason in the instance view,
# no node) and slow provisioning (the operation stays in progress). Clock 600 times faster.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 600
setup_az

RG=fltRG CL=fltAKS
NRG="MC_${RG}_${CL}_eastus"
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 1 --generate-ssh-keys -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n apps --node-count 1 -o none
setup_kubectl $RG $CL
K() { run 0 kubectl "$@"; }
vmss_of() { az vmss list -g "$NRG" --query "[?tags.\"aks-managed-poolName\"=='$1'].name" -o tsv; }

log "provisioning failure of the next instance"
run 3 "$AKSEMU" fault provision-failure -g $RG --cluster-name $CL -n nosuchpool --count 1
assert_contains "$ERR" "nosuchpool" "unknown pool named"
run 0 "$AKSEMU" fault provision-failure -g $RG --cluster-name $CL -n apps --count 1
run 1 az aks nodepool scale -g $RG --cluster-name $CL -n apps --node-count 2 -o none
assert_contains "$ERR" "(VMExtensionProvisioningError)" "the operation fails with AKS's code"
assert_contains "$ERR" "vmssCSE exit status=50" "the CSE exit status in the message"
run 0 az aks nodepool show -g $RG --cluster-name $CL -n apps --query provisioningState -o tsv
assert_eq "$OUT" Failed "pool Failed"
VMSS="$(vmss_of apps)"
run 0 az vmss get-instance-view -g "$NRG" -n "$VMSS" --instance-id 1 -o json
assert_contains "$(json '[s["code"] for s in j["statuses"]]')" "ProvisioningState/failed" "the instance failed"
assert_contains "$(json '" ".join(s.get("message") or "" for s in j["statuses"])')" "command terminated with exit status=50" "the reason in the instance view"
assert_contains "$(json '[s["code"] for s in j["statuses"]]')" "ProvisioningState/failed/VMExtensionProvisioningError" "the extension error status"
run 0 az vmss get-instance-view -g "$NRG" -n "$VMSS" --instance-id 0 --query "statuses[].code" -o tsv
assert_contains "$OUT" "ProvisioningState/succeeded" "the old instance is untouched"
sleep 1
K get nodes -l agentpool=apps -o name
assert_eq "$(wc -l <<<"$OUT")" 1 "the failed instance never registers a node"
run 0 "$AKSEMU" fault list -o json
assert_eq "$(json 'len([f for f in j if f.get("type")=="provision-failure"])')" 0 "the fault is used up"

log "slow provisioning"
run 0 "$AKSEMU" fault slow-provisioning -g $RG --cluster-name $CL -n apps --seconds 6
run 0 az aks nodepool scale -g $RG --cluster-name $CL -n apps --node-count 3 --no-wait
sleep 2
run 0 az aks nodepool show -g $RG --cluster-name $CL -n apps --query provisioningState -o tsv
assert_eq "$OUT" Scaling "still Scaling after 2 s (200 ms without the fault)"
run 0 az aks nodepool wait -g $RG --cluster-name $CL -n apps --updated --interval 1 --timeout 60
run 0 az aks nodepool show -g $RG --cluster-name $CL -n apps --query "[provisioningState,count]" -o tsv
assert_eq "$(tr -s '\t\n' '  ' <<<"$OUT" | sed 's/ $//')" "Succeeded 3" "the slow scale completes"

log "spot price series crossing spotMaxPrice"
run 0 az aks nodepool add -g $RG --cluster-name $CL -n spotp --priority Spot --eviction-policy Delete \
  --spot-max-price 0.1 --node-count 2 -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n spotr --priority Spot --eviction-policy Delete \
  --spot-max-price -1 --node-count 2 -o none
run 2 "$AKSEMU" fault spot-price -g $RG --cluster-name $CL -n spotp --prices 0.05,cheap
assert_contains "$ERR" "invalid price: 'cheap'" "a bad price is named"
run 1 "$AKSEMU" fault eviction-rate -g $RG --cluster-name $CL -n apps --per-hour 10
assert_contains "$ERR" "not a spot pool" "a regular pool has no eviction rate"
# -1 never evicts for price: the same series on spotr leaves it alone
run 0 "$AKSEMU" fault spot-price -g $RG --cluster-name $CL -n spotr --prices 0.05,0.5 --step-seconds 60
run 0 "$AKSEMU" fault spot-price -g $RG --cluster-name $CL -n spotp --prices 0.05,0.5 --step-seconds 60
run 0 "$AKSEMU" fault list -o json
assert_eq "$(json '[f["stepSeconds"] for f in j if f.get("pool")=="spotp" and "stepSeconds" in f][0]')" 60.0 "the series' step is listed in emulated seconds"
# 60 emulated seconds at 0.05 (100 ms), then 0.5 > 0.1: both nodes get their notice and go
wait_for 30 "spotp evicted to zero" bash -c \
  '[ "$(az aks nodepool show -g '$RG' --cluster-name '$CL' -n spotp --query count -o tsv)" = 0 ]'
grep -q "evicted by the spot price (price 0.5000, max 0.1000)" "$T/daemon.log" || fail "the price crossing is logged"
CHECKS=$((CHECKS + 1))
K get nodes -l agentpool=spotp -o name
assert_eq "$OUT" "" "the evicted nodes are gone"
run 0 az aks nodepool show -g $RG --cluster-name $CL -n spotr --query count -o tsv
assert_eq "$OUT" 2 "a max price of -1 is never exceeded"

log "eviction rate"
run 0 "$AKSEMU" fault eviction-rate -g $RG --cluster-name $CL -n spotr --per-hour 600
wait_for 30 "spotr evicted to zero" bash -c \
  '[ "$(az aks nodepool show -g '$RG' --cluster-name '$CL' -n spotr --query count -o tsv)" = 0 ]'
K get events -A --field-selector reason=PreemptScheduled -o name
assert_contains "$OUT" "event" "the evictions' PreemptScheduled events"
grep -q "pool spotr: instance [0-9]* evicted by the eviction rate" "$T/daemon.log" || fail "the rate eviction is logged"
CHECKS=$((CHECKS + 1))

assert_no_outbound
stop_daemon
pass
