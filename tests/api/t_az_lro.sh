#!/usr/bin/env bash
# Long-running operations through the real az: Creating / Scaling / Deleting are observable
# with --no-wait, concurrent operations are refused as AKS refuses them, `wait` works, and an
# operation in flight when the daemon is killed -9 completes after the restart.
source "$(dirname "$0")/lib.sh" "$1"
# Provisioning long enough that the az calls below (2 - 5 s each on a loaded 2-core CI machine;
# CI runs saw four of them take 12.3 s, and more than 20 s under load) land while the pool is still Creating.
PROVISION_MS=30000
start_daemon
setup_az

RG=lroRG CL=lroAKS
run 0 az group create -n $RG -l eastus -o none

log "cluster create --no-wait"
run 0 az aks create -g $RG -n $CL --node-count 1 --generate-ssh-keys --no-wait
run 0 az aks show -g $RG -n $CL --query provisioningState -o tsv
assert_eq "$OUT" Creating "cluster while creating"
run 1 az aks nodepool add -g $RG --cluster-name $CL -n early --node-count 1
assert_contains "$ERR" "(OperationNotAllowed) Operation is not allowed because there's an in progress create managed cluster operation" "pool add during cluster create"
run 0 az aks wait -g $RG -n $CL --created --interval 1
run 0 az aks show -g $RG -n $CL --query provisioningState -o tsv
assert_eq "$OUT" Succeeded "cluster after wait"

log "pool create --no-wait, concurrent operation"
run 0 az aks nodepool add -g $RG --cluster-name $CL -n slowpool --node-count 2 --no-wait
run 0 az vmss list-instances -g MC_${RG}_${CL}_eastus -n "$(az vmss list -g MC_${RG}_${CL}_eastus --query "[?tags.\"aks-managed-poolName\"=='slowpool'].name" -o tsv)" --query '[].provisioningState' -o json
assert_eq "$(json 'j')" '["Creating", "Creating"]' "instances while creating"
run 1 az aks nodepool update -g $RG --cluster-name $CL -n slowpool --labels a=b
assert_contains "$ERR" "(OperationNotAllowed) Operation is not allowed: Another agentpool operation (Creating) is in progress" "update during create"
run 0 az aks nodepool show -g $RG --cluster-name $CL -n slowpool --query provisioningState -o tsv
assert_eq "$OUT" Creating "pool while creating"
run 0 az aks nodepool wait -g $RG --cluster-name $CL -n slowpool --created --interval 1
run 0 az aks nodepool show -g $RG --cluster-name $CL -n slowpool --query provisioningState -o tsv
assert_eq "$OUT" Succeeded "pool after wait"

log "scale --no-wait shows Scaling"
run 0 az aks nodepool scale -g $RG --cluster-name $CL -n slowpool --node-count 4 --no-wait
run 0 az aks nodepool show -g $RG --cluster-name $CL -n slowpool --query '[provisioningState, count]' -o json
assert_eq "$(json 'j')" '["Scaling", 4]' "pool while scaling"

log "kill -9 during the scale; the operation completes after the restart"
kill9_daemon
start_daemon
run 0 az aks nodepool show -g $RG --cluster-name $CL -n slowpool --query '[provisioningState, count]' -o json
assert_eq "$(json 'j[1]')" 4 "acknowledged scale survived kill -9"
run 0 az aks nodepool wait -g $RG --cluster-name $CL -n slowpool --updated --interval 1
run 0 az aks nodepool show -g $RG --cluster-name $CL -n slowpool --query provisioningState -o tsv
assert_eq "$OUT" Succeeded "scale completed after restart"
run 0 az vmss list-instances -g MC_${RG}_${CL}_eastus -n "$(az vmss list -g MC_${RG}_${CL}_eastus --query "[?tags.\"aks-managed-poolName\"=='slowpool'].name" -o tsv)" --query 'length(@)'
assert_eq "$OUT" 4 "four instances after the resumed scale"

log "delete --no-wait shows Deleting, then refuses other operations"
run 0 az aks nodepool delete -g $RG --cluster-name $CL -n slowpool --no-wait
run 0 az aks nodepool show -g $RG --cluster-name $CL -n slowpool --query provisioningState -o tsv
assert_eq "$OUT" Deleting "pool while deleting"
run 1 az aks nodepool update -g $RG --cluster-name $CL -n slowpool --labels a=b
assert_contains "$ERR" "since deletion was issued on 'slowpool'" "update during delete"
run 0 az aks nodepool wait -g $RG --cluster-name $CL -n slowpool --deleted --interval 1
run 3 az aks nodepool show -g $RG --cluster-name $CL -n slowpool

stop_daemon
assert_no_outbound
pass
