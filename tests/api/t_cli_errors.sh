#!/usr/bin/env bash
# Error paths of the aksemu CLI, as az 2.45 shows them: client-side checks (refused before any
# request, exit 1), argument errors (exit 2), AKS's rules answered by the server and printed as
# az prints ARM errors ("ERROR: (Code) Message" / "Code:" / "Message:"), 404s (exit 3) and an
# unreachable daemon. After each refusal the server state is checked to be unchanged.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=100
start_daemon
A="$AKSEMU"
RG=errRG CL=errAKS
G=(-g $RG --cluster-name $CL)
SUB=00000000-0000-0000-0000-000000000001
POOLS="/subscriptions/$SUB/resourceGroups/$RG/providers/Microsoft.ContainerService/managedClusters/$CL/agentPools"

# requests the daemon has served so far (it logs one "info http:" line per request)
requests() { grep -c ' http: ' "$T/daemon.log"; }
# no_request CMD...: runs the command and checks the daemon saw nothing
pool_count() { api GET "$POOLS?api-version=2022-11-01"; json 'len(j["value"])'; }

run 0 "$A" group create -n $RG -l eastus -o none
run 0 "$A" aks create -g $RG -n $CL -c 1 --generate-ssh-keys -o none --only-show-errors
assert_eq "$ERR" "" "--only-show-errors hides the ssh-key warning"
run 0 "$A" aks nodepool add "${G[@]}" -n userpool -c 1 -o none
BEFORE="$(pool_count)"
assert_eq "$BEFORE" 2 "two pools to start with"

log "client-side checks: refused before any request (exit 1)"
check_local() { # expected-stderr cmd...
  local want="$1"; shift
  local n0; n0="$(requests)"
  run 1 "$A" "$@"
  assert_eq "$ERR" "$want" "stderr of: $*"
  assert_eq "$(requests)" "$n0" "no request sent for: $*"
}
check_local "ERROR: --nodepool-name can contain at most 12 characters" \
  aks nodepool add "${G[@]}" -n verylongpoolname1
check_local "ERROR: --nodepool-name should contain only alphanumeric characters" \
  aks nodepool add "${G[@]}" -n mem-pool
check_local "ERROR: Invalid node taint: bad_taint" \
  aks nodepool add "${G[@]}" -n tp --node-taints bad_taint
check_local "ERROR: Invalid node taint: NoEffect=x:Never" \
  aks nodepool add "${G[@]}" -n tp --taints a=b:NoSchedule,NoEffect=x:Never
check_local "ERROR: --spot_max_price can only be set when --priority is Spot" \
  aks nodepool add "${G[@]}" -n sp2 --spot-max-price 0.5
check_local "ERROR: --spot_max_price can only include up to 5 decimal places" \
  aks nodepool add "${G[@]}" -n sp2 --priority Spot --spot-max-price 0.123456
check_local "ERROR: --spot_max_price can only be any decimal value greater than zero, or -1 which indicates default price to be up-to on-demand" \
  aks nodepool add "${G[@]}" -n sp2 --priority spot --spot-max-price -2
check_local "ERROR: Invalid label: a=b=c. Label definition must be of format name=value." \
  aks nodepool add "${G[@]}" -n lp --labels a=b=c
check_local "ERROR: --min-count must be in the range [0,1000]" \
  aks nodepool add "${G[@]}" -n mp --min-count 2000
check_local "ERROR: --max-surge should be an int or percentage" \
  aks nodepool add "${G[@]}" -n ms --max-surge lots
run 1 "$A" group delete -n $RG
assert_eq "$ERR" "$(printf 'WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\nERROR: Operation cancelled.')" "group delete without --yes and without a terminal"
run 0 "$A" group exists -n $RG
assert_eq "$OUT" true "the group is still there"

log "checks against the pool list or the pool (one GET, no PUT)"
check_listed() { # expected-stderr cmd...
  local want="$1"; shift
  local puts0; puts0="$(grep -c ' http: PUT\| http: DELETE' "$T/daemon.log")"
  run 1 "$A" "$@"
  assert_eq "$ERR" "$want" "stderr of: $*"
  assert_eq "$(grep -c ' http: PUT\| http: DELETE' "$T/daemon.log")" "$puts0" "nothing changed by: $*"
}
check_listed "ERROR: Node pool userpool already exists, please try a different name, use 'aks nodepool list' to get current list of node pool" \
  aks nodepool add "${G[@]}" -n userpool
check_listed "ERROR: Node pool nosuch doesnt exist, use 'aks nodepool list' to get current node pool list" \
  aks nodepool delete "${G[@]}" -n nosuch
check_listed "ERROR: The new node count is the same as the current node count." \
  aks nodepool scale "${G[@]}" -n userpool --node-count 1
check_listed "ERROR: node-count is not in the range of min-count and max-count" \
  aks nodepool add "${G[@]}" -n asp -e --min-count 1 --max-count 2 --node-count 5
check_listed "ERROR: Please specify both min-count and max-count when --enable-cluster-autoscaler enabled" \
  aks nodepool update "${G[@]}" -n userpool --enable-cluster-autoscaler --min-count 1
assert_eq "$(pool_count)" "$BEFORE" "no pool added by the refused commands"

log "argument errors (exit 2), as argparse words them"
run 2 "$A" aks nodepool add "${G[@]}" -n x1 --bogus-flag 1
assert_eq "$ERR" "ERROR: unrecognized arguments: --bogus-flag 1" "unknown option"
run 2 "$A" aks nodepool add -n x1
assert_eq "$ERR" "ERROR: the following arguments are required: --resource-group/-g, --cluster-name" "required options"
run 2 "$A" aks nodepool add "${G[@]}" -n x1 --priority bogus
assert_eq "$ERR" "ERROR: az aks nodepool add: 'bogus' is not a valid value for '--priority'. Allowed values: Regular, Spot." "enum"
run 2 "$A" aks nodepool add "${G[@]}" -n x1 --node-count abc
assert_eq "$ERR" "ERROR: argument --node-count/-c: invalid int value: 'abc'" "int"
run 2 "$A" aks nodepool add "${G[@]}" -n x1 -c
assert_eq "$ERR" "ERROR: argument --node-count/-c: expected one argument" "missing value"
run 2 "$A" aks nodepool add "${G[@]}" -n x1 --node 3
assert_contains "$ERR" "ERROR: ambiguous option: --node could match --nodepool-name, --node-vm-size" "ambiguous prefix"
run 2 "$A" group show
assert_eq "$ERR" "ERROR: the following arguments are required: --name/-n/--resource-group/-g" "group show"
run 2 "$A" aks nodepool list "${G[@]}" -o xml
assert_contains "$ERR" "'xml' is not a valid value for '--output'" "output format"
run 2 "$A" aks nodepool run "${G[@]}" -n userpool
assert_contains "$ERR" "ERROR: the following arguments are required: --command/-c" "aksemu's nodepool run needs --command"
assert_eq "$(pool_count)" "$BEFORE" "still two pools"

log "AKS's rules, answered by the server and printed az-style (exit 1)"
server_rule() { # code message-part cmd...
  local code="$1" part="$2"; shift 2
  run 1 "$A" "$@"
  assert_eq "$(sed -n 1p <<<"$ERR" | cut -c1-$((9 + ${#code})))" "ERROR: ($code)" "first line of: $*"
  assert_contains "$ERR" "$part" "message of: $*"
  assert_eq "$(sed -n 2p <<<"$ERR")" "Code: $code" "Code line of: $*"
  assert_eq "$(sed -n 3p <<<"$ERR" | cut -c1-9)" "Message: " "Message line of: $*"
}
server_rule InvalidParameter "Agent Pool name 'MemPool' must start with a lowercase letter" \
  aks nodepool add "${G[@]}" -n MemPool -c 1
server_rule InvalidParameter "The VM size Standard_NC6 was retired" \
  aks nodepool add "${G[@]}" -n gpupool -c 1 --node-vm-size Standard_NC6
server_rule SystemPoolSkuTooLow "more than 2 cores and 4GB memory. Nodepool name: sys1" \
  aks nodepool add "${G[@]}" -n sys1 -c 1 --node-vm-size Standard_DS1_v2 --mode System
server_rule InvalidParameter "a Spot node pool must be a User pool" \
  aks nodepool add "${G[@]}" -n spotsys -c 1 --priority Spot --mode System
server_rule InvalidParameter "duplicate taint key 'k'" \
  aks nodepool add "${G[@]}" -n dupt -c 1 --node-taints k=a:NoSchedule,k=b:NoSchedule
server_rule InvalidParameter "uses a reserved prefix" \
  aks nodepool add "${G[@]}" -n resl -c 1 --labels kubernetes.azure.com/team=a
server_rule InvalidParameter "agentPoolProfile.count" \
  aks nodepool add "${G[@]}" -n bigpool --node-count 1001
assert_contains "$ERR" "Target: agentPoolProfile.count" "the error's target is printed"
server_rule OperationNotAllowed "only System pool" \
  aks nodepool delete "${G[@]}" -n nodepool1
assert_eq "$(pool_count)" "$BEFORE" "no pool added or removed by the refused requests"
api GET "$POOLS/nodepool1?api-version=2022-11-01"
assert_eq "$(json 'j["properties"]["provisioningState"]')" Succeeded "the last System pool is untouched"

run 1 "$A" group create -n "bad name!" -l eastus
assert_contains "$ERR" "ERROR: (InvalidResourceGroup) The provided resource group name 'bad name!'" "names are percent-encoded into the path, the server judges them"
run 1 "$A" group create -n okname -l nowhere
assert_contains "$ERR" "ERROR: (LocationNotAvailableForResourceGroup)" "unknown location"

log "not found: exit 3 (az's ResourceNotFound class)"
run 3 "$A" aks nodepool show "${G[@]}" -n nosuchpool
assert_eq "$ERR" "$(printf "ERROR: (NotFound) Agent Pool 'nosuchpool' not found\nCode: NotFound\nMessage: Agent Pool 'nosuchpool' not found")" "missing pool"
run 3 "$A" group show -n nosuchgroup
assert_eq "$(sed -n 1p <<<"$ERR")" "ERROR: (ResourceGroupNotFound) Resource group 'nosuchgroup' could not be found." "missing group"
run 3 "$A" aks show -g $RG -n nosuchcluster
assert_contains "$ERR" "(ResourceNotFound)" "missing cluster"
run 3 "$A" aks nodepool add -g $RG --cluster-name nosuchcluster -n p1
assert_contains "$ERR" "managedClusters/nosuchcluster" "add to a missing cluster fails on the pool list"

log "an unreachable daemon"
run 1 "$A" group list --url https://127.0.0.1:1
assert_contains "$ERR" "https://127.0.0.1:1" "names the URL"
assert_contains "$ERR" "cannot reach the aksemu daemon" "says what failed"
run 1 "$A" group list --url http://127.0.0.1:1
assert_contains "$ERR" "HTTPS only" "plain http refused"

log "aks create without a key"
run 1 "$A" aks create -g $RG -n nokey
assert_eq "$ERR" "ERROR: An RSA key file or key value must be supplied to SSH Key Value. You can use --generate-ssh-keys to let CLI generate one for you" "no ssh key"
run 1 "$A" aks create -g $RG -n "bad.name" --generate-ssh-keys
assert_contains "$ERR" "--name cannot exceed 63 characters" "cluster name check"
run 3 "$A" aks show -g $RG -n nokey
assert_contains "$ERR" "ResourceNotFound" "no cluster was created"

stop_daemon
pass
