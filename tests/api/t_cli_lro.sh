#!/usr/bin/env bash
# Long-running operations with the aksemu CLI against a real daemon: waiting follows the
# operation to its end (Retry-After: 1 s polls, not az's 30 s), --no-wait returns at once and
# `aks nodepool wait --created` picks up from there, deletions of pools, clusters and groups
# (with az's confirmation rules), and the " - Running .." indicator only on a terminal.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=1500
start_daemon
A="$AKSEMU"
RG=lroRG CL=lroAKS
G=(-g $RG --cluster-name $CL)
SUB=00000000-0000-0000-0000-000000000001
POOLS="/subscriptions/$SUB/resourceGroups/$RG/providers/Microsoft.ContainerService/managedClusters/$CL/agentPools"
now_ms() { date +%s%3N; }

run 0 "$A" group create -n $RG -l eastus -o none
log "waiting: the command returns when the operation has finished"
t0=$(now_ms)
run 0 "$A" aks create -g $RG -n $CL -c 1 --generate-ssh-keys --only-show-errors --query provisioningState -o tsv
t1=$(now_ms)
assert_eq "$OUT" Succeeded "the printed cluster is the final GET after the operation"
[ $((t1 - t0)) -ge 1400 ] || fail "aks create returned after $((t1 - t0)) ms, before the 1.5 s operation ended"
[ $((t1 - t0)) -lt 8000 ] || fail "aks create took $((t1 - t0)) ms: polls must follow Retry-After (1 s)"

log "--no-wait, then nodepool wait --created"
t0=$(now_ms)
run 0 "$A" aks nodepool add "${G[@]}" -n nowaitpool -c 1 --no-wait
t1=$(now_ms)
assert_eq "$OUT" "" "--no-wait prints nothing"
[ $((t1 - t0)) -lt 1000 ] || fail "--no-wait took $((t1 - t0)) ms"
api GET "$POOLS/nowaitpool?api-version=2022-11-01"
assert_eq "$(json 'j["properties"]["provisioningState"]')" Creating "the pool is still being created"
run 0 "$A" aks nodepool wait "${G[@]}" -n nowaitpool --created
assert_eq "$OUT" "" "wait prints nothing"
api GET "$POOLS/nowaitpool?api-version=2022-11-01"
assert_eq "$(json 'j["properties"]["provisioningState"]')" Succeeded "created when wait returned"
run 1 "$A" aks nodepool wait "${G[@]}" -n nowaitpool
assert_eq "$ERR" "ERROR: incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH" "wait needs a condition"

log "scale --no-wait, then wait --updated / --custom"
run 0 "$A" aks nodepool scale "${G[@]}" -n nowaitpool -c 2 --no-wait
api GET "$POOLS/nowaitpool?api-version=2022-11-01"
assert_eq "$(json 'j["properties"]["provisioningState"]')" Scaling "scaling in progress"
run 0 "$A" aks nodepool wait "${G[@]}" -n nowaitpool --custom "provisioningState=='Succeeded' && count==\`2\`"
api GET "$POOLS/nowaitpool?api-version=2022-11-01"
assert_eq "$(json '[j["properties"]["provisioningState"], j["properties"]["count"]]')" '["Succeeded", 2]' "--custom condition met"

log "delete --no-wait, then wait --deleted"
run 0 "$A" aks nodepool delete "${G[@]}" -n nowaitpool --no-wait
api GET "$POOLS/nowaitpool?api-version=2022-11-01"
assert_eq "$(json 'j["properties"]["provisioningState"]')" Deleting "deleting"
run 0 "$A" aks nodepool wait "${G[@]}" -n nowaitpool --deleted --interval 1
api GET "$POOLS/nowaitpool?api-version=2022-11-01"
assert_eq "$STATUS" 404 "gone when wait returned"

log "the progress indicator: on a terminal only"
run 0 "$A" aks nodepool add "${G[@]}" -n quiet -c 1 -o none
assert_eq "$ERR" "" "no progress output when stderr is not a terminal"
if command -v script >/dev/null; then
  run 0 script -qec "$A aks nodepool add -g $RG --cluster-name $CL -n tty -c 1 -o none" /dev/null
  assert_contains "$OUT" " - Running .." "progress indicator on a terminal"
  run 0 "$A" aks nodepool show "${G[@]}" -n tty --query provisioningState -o tsv
  assert_eq "$OUT" Succeeded "the terminal run completed the operation"
fi

log "group delete waits for the Location poll to finish"
run 0 "$A" group create -n emptyRG -l westus -o none
run 0 "$A" group delete -n emptyRG --yes
assert_eq "$OUT" "" "group delete prints nothing"
run 0 "$A" group exists -n emptyRG
assert_eq "$OUT" false "group gone when the command returned"
run 0 "$A" group create -n emptyRG2 -l westus -o none
run 0 "$A" group delete -n emptyRG2 --yes --no-wait
run 0 "$A" group show -n emptyRG2 --query properties.provisioningState -o tsv
assert_eq "$OUT" Deleting "--no-wait left the group deleting"

log "aks delete asks for confirmation like az"
run 1 "$A" aks delete -g $RG -n $CL
assert_eq "$ERR" "$(printf 'WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\nERROR: Operation cancelled.')" "no tty, no --yes"
run 0 "$A" aks show -g $RG -n $CL --query provisioningState -o tsv
assert_eq "$OUT" Succeeded "the cluster is untouched"
if command -v script >/dev/null; then
  run 1 bash -c "echo n | script -qec '$A aks delete -g $RG -n $CL' /dev/null"
  assert_contains "$OUT" "Are you sure you want to perform this operation? (y/n): " "the prompt on a terminal"
  assert_contains "$OUT" "Operation cancelled." "answered n"
  run 0 "$A" aks show -g $RG -n $CL --query provisioningState -o tsv
  assert_eq "$OUT" Succeeded "still untouched after answering n"
fi
# --no-wait: the daemon of this commit never finishes deleting a managed cluster (see the CLI
# engineer's report), so the test checks what the CLI controls: the DELETE was accepted.
run 0 "$A" aks delete -g $RG -n $CL --yes --no-wait
assert_eq "$OUT" "" "delete prints nothing"
run 0 "$A" aks show -g $RG -n $CL --query provisioningState -o tsv
assert_eq "$OUT" Deleting "the cluster is being deleted"

stop_daemon
pass
