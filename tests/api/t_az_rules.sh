#!/usr/bin/env bash
# AKS's node-pool rules seen through the real az: each violation prints AKS's error the way az
# prints it (ERROR: (Code) Message / Code: / Message:) with az's exit code, and changes nothing.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon
setup_az

RG=rulesRG CL=rulesAKS
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 1 --generate-ssh-keys -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n userpool --node-count 1 -o none

# expect_error RC CODE MESSAGE-FRAGMENT az args...
expect_error() {
  local rc="$1" code="$2" frag="$3"; shift 3
  run "$rc" az "$@"
  if [ "$1" = rest ]; then
    # az rest prints the raw body: ERROR: Bad Request({"error":{"code":...}})
    assert_contains "$ERR" "\"code\":\"$code\"" "az rest error body"
  else
    assert_contains "$ERR" "ERROR: ($code)" "az error line"
    assert_contains "$ERR" "Code: $code" "az Code line"
  fi
  assert_contains "$ERR" "$frag" "az Message"
}

log "pool names"
expect_error 1 InvalidParameter "Agent Pool name 'MemPool' must start with a lowercase letter" \
  aks nodepool add -g $RG --cluster-name $CL -n MemPool --node-count 1
expect_error 1 InvalidParameter "agentPoolProfile.name is invalid" \
  aks nodepool add -g $RG --cluster-name $CL -n 1pool --node-count 1

log "VM sizes"
expect_error 1 InvalidParameter "Standard_NC6 was retired on 2023-09-06" \
  aks nodepool add -g $RG --cluster-name $CL -n gpupool --node-vm-size Standard_NC6 --node-count 1
assert_contains "$ERR" "Standard_NC4as_T4_v3" "retired size names current GPU sizes"
expect_error 1 InvalidParameter "The requested VM size Standard_Nope is not available" \
  aks nodepool add -g $RG --cluster-name $CL -n badpool --node-vm-size Standard_Nope
expect_error 1 SystemPoolSkuTooLow "System node pool must use VM sku with more than 2 cores and 4GB memory. Nodepool name: tinysys." \
  aks nodepool add -g $RG --cluster-name $CL -n tinysys --node-vm-size Standard_DS1_v2 --mode system --node-count 1
expect_error 1 BadRequest "does not have enough CPU/memory to run as an AKS node" \
  aks nodepool add -g $RG --cluster-name $CL -n b1s --node-vm-size Standard_B1s --node-count 1

log "modes and spot"
expect_error 1 InvalidParameter "a Spot node pool must be a User pool" \
  aks nodepool add -g $RG --cluster-name $CL -n spotsys --priority Spot --mode System --node-count 1
expect_error 1 InvalidParameter "B-series burstable VM sizes such as Standard_B2s cannot be used with Spot" \
  aks nodepool add -g $RG --cluster-name $CL -n spotb --priority Spot --node-vm-size Standard_B2s --node-count 1
run 1 az aks nodepool add -g $RG --cluster-name $CL -n spotprice --priority Spot --spot-max-price 0.123456 --node-count 1
assert_contains "$ERR" "can only include up to 5 decimal places" "az's client-side price check"
expect_error 1 InvalidParameter "with at most 5 decimal places" \
  rest --method put --url "/subscriptions/{subscriptionId}/resourceGroups/$RG/providers/Microsoft.ContainerService/managedClusters/$CL/agentPools/spotprice?api-version=2022-11-01" \
  --body '{"properties":{"count":1,"mode":"User","scaleSetPriority":"Spot","spotMaxPrice":0.123456}}'

log "counts, max pods, disks"
expect_error 1 InvalidParameter "count 1001 is out of range; it must be between 0 and 1000 for User pools" \
  aks nodepool scale -g $RG --cluster-name $CL -n userpool --node-count 1001
expect_error 1 InvalidParameter "at least 30 pods: count 2 x maxPods 10 = 20" \
  aks nodepool add -g $RG --cluster-name $CL -n mp10 --max-pods 10 --node-count 2
expect_error 1 InvalidParameter "maxPods 300 is out of range" \
  aks nodepool add -g $RG --cluster-name $CL -n mp300 --max-pods 300 --node-count 1
expect_error 1 InvalidParameter "osDiskSizeGB 4000 is out of range" \
  aks nodepool add -g $RG --cluster-name $CL -n osd --node-osdisk-size 4000 --node-count 1
expect_error 1 InvalidParameter "does not fit VM size Standard_DS2_v2" \
  aks nodepool add -g $RG --cluster-name $CL -n eph --node-osdisk-type Ephemeral --node-osdisk-size 128 --node-count 1

log "labels and taints"
expect_error 1 InvalidParameter "label key 'kubernetes.io/role' uses a reserved prefix" \
  aks nodepool add -g $RG --cluster-name $CL -n lbl --labels kubernetes.io/role=x --node-count 1
expect_error 1 InvalidParameter "duplicate taint key 'app' with effect NoSchedule" \
  aks nodepool add -g $RG --cluster-name $CL -n dup --node-taints app=a:NoSchedule,app=b:NoSchedule --node-count 1
expect_error 1 InvalidParameter "reserved for Spot node pools" \
  aks nodepool add -g $RG --cluster-name $CL -n fakespot --node-taints kubernetes.azure.com/scalesetpriority=spot:NoSchedule --node-count 1

log "System pools"
expect_error 1 OperationNotAllowed "There has to be at least one system agent pool" \
  aks nodepool delete -g $RG --cluster-name $CL -n nodepool1
expect_error 1 OperationNotAllowed "its mode cannot be changed to User" \
  aks nodepool update -g $RG --cluster-name $CL -n nodepool1 --mode User
expect_error 1 MustDefineAtLeastOneSystemPool "Must define at least one system pool." \
  rest --method put --url "/subscriptions/{subscriptionId}/resourceGroups/$RG/providers/Microsoft.ContainerService/managedClusters/nosys?api-version=2022-11-01" \
  --body '{"location":"eastus","properties":{"agentPoolProfiles":[{"name":"u","count":1,"mode":"User","vmSize":"Standard_DS2_v2"}]}}'

log "immutable fields and the autoscaler (raw PUTs through az rest)"
POOL_URL="/subscriptions/{subscriptionId}/resourceGroups/$RG/providers/Microsoft.ContainerService/managedClusters/$CL/agentPools/userpool?api-version=2022-11-01"
expect_error 1 PropertyChangeNotAllowed "Changing property 'agentPoolProfile.vmSize' is not allowed" \
  rest --method put --url "$POOL_URL" --body '{"properties":{"count":1,"vmSize":"Standard_D4s_v3","mode":"User"}}'
expect_error 1 PropertyChangeNotAllowed "Changing property 'agentPoolProfile.maxPods' is not allowed" \
  rest --method put --url "$POOL_URL" --body '{"properties":{"count":1,"maxPods":50,"mode":"User"}}'
run 0 az aks nodepool update -g $RG --cluster-name $CL -n userpool --enable-cluster-autoscaler --min-count 1 --max-count 3 -o none
expect_error 1 OperationNotAllowed "Cannot scale cluster autoscaler enabled node pool 'userpool'" \
  rest --method put --url "$POOL_URL" --body '{"properties":{"count":2,"mode":"User","enableAutoScaling":true,"minCount":1,"maxCount":3}}'
expect_error 1 InvalidParameter "minCount (4) must be less than or equal to maxCount (3)" \
  rest --method put --url "$POOL_URL" --body '{"properties":{"count":1,"mode":"User","enableAutoScaling":true,"minCount":4,"maxCount":3}}'

log "versions"
expect_error 1 K8sVersionNotSupported "Version 1.20.0 is not supported in this region" \
  aks create -g $RG -n oldaks --kubernetes-version 1.20.0 --node-count 1 --generate-ssh-keys

log "not found"
run 3 az aks nodepool show -g $RG --cluster-name $CL -n nosuchpool
assert_contains "$ERR" "(NotFound) Agent Pool 'nosuchpool' not found" "missing pool"
run 3 az aks show -g $RG -n nosuchaks
assert_contains "$ERR" "(ResourceNotFound)" "missing cluster"
run 3 az group show -n nosuchgroup
assert_contains "$ERR" "(ResourceGroupNotFound) Resource group 'nosuchgroup' could not be found." "missing group"

log "nothing was half-written"
run 0 az aks nodepool list -g $RG --cluster-name $CL --query '[].name' -o json
assert_eq "$(json 'sorted(j)')" '["nodepool1", "userpool"]' "only the valid pools exist"
run 0 az aks nodepool show -g $RG --cluster-name $CL -n userpool --query '[vmSize, maxPods, count]' -o json
assert_eq "$(json 'j')" '["Standard_DS2_v2", 110, 1]' "rejected PUTs changed nothing"
run 0 az vmss list -g MC_${RG}_${CL}_eastus --query 'length(@)'
assert_eq "$OUT" 2 "no scale set for rejected pools"

stop_daemon
assert_no_outbound
pass
