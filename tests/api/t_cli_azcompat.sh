#!/usr/bin/env bash
# Side by side with the real az 2.45 (when installed): the same commands against the same daemon
# must give the same exit code, the same stdout and the same stderr, byte for byte.
source "$(dirname "$0")/lib.sh" "$1"
if ! command -v az >/dev/null; then
  echo "SKIP $TEST_NAME: the real az CLI is not installed" >&2
  exit 0
fi
PROVISION_MS=100
start_daemon
setup_az
A="$AKSEMU"
RG=cmpRG CL=cmpAKS NRG=MC_cmpRG_cmpAKS_eastus
G=(-g $RG --cluster-name $CL)

run 0 "$A" group create -n $RG -l eastus -o none
run 0 "$A" aks create -g $RG -n $CL -c 1 --generate-ssh-keys -o none --only-show-errors
run 0 "$A" aks nodepool add "${G[@]}" -n systempool -c 2 -s Standard_B2s --labels critical-addons=true \
  --node-taints CriticalAddonsOnly=true:NoSchedule --mode System -o none
run 0 "$A" aks nodepool add "${G[@]}" -n spotpool -c 1 --priority Spot --spot-max-price -1 -o none

same() { # exit-code args...: az and aksemu print the same
  local want="$1"; shift
  run "$want" az "$@"
  local aout="$OUT" aerr="$ERR"
  run "$want" "$A" "$@"
  [ "$OUT" = "$aout" ] || { diff <(echo "$aout") <(echo "$OUT") | head -20 >&2; fail "stdout differs from az's: $*"; }
  [ "$ERR" = "$aerr" ] || { diff <(echo "$aerr") <(echo "$ERR") | head -20 >&2; fail "stderr differs from az's: $*"; }
}

log "reads"
same 0 group show -n $RG
same 0 group list -o table
same 0 aks show -g $RG -n $CL
same 0 aks list -o table
same 0 aks nodepool list "${G[@]}" -o tsv
same 0 aks nodepool show "${G[@]}" -n spotpool
same 0 aks nodepool list "${G[@]}" --query "[?mode=='System'].{n:name, c:count, t:nodeTaints}" -o table
same 0 aks nodepool get-upgrades "${G[@]}" -n systempool -o yaml
same 0 aks get-credentials -g $RG -n $CL --file -
same 0 vmss list -g $NRG -o table

log "errors"
same 3 aks nodepool show "${G[@]}" -n nosuch
same 1 aks nodepool add "${G[@]}" -n verylongpoolname1
same 1 aks nodepool add "${G[@]}" -n MemPool -c 1
same 1 aks nodepool add "${G[@]}" -n systempool
same 2 aks nodepool add "${G[@]}" -n x1 --bogus-flag 1
same 1 aks nodepool scale "${G[@]}" -n systempool -c 2

assert_no_outbound
stop_daemon
pass
