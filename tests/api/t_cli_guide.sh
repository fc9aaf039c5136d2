#!/usr/bin/env bash
# The aksemu CLI (az 2.45's flags) against a real daemon: the commands of
# reference/aks-node-pools-guide.txt with the guide's own spellings (--taints, the pasted spot
# command with its "\ # comment" lines, --node-osdisk-size 256), the rest of the node-pool life
# cycle, and the node resource group's scale sets. Every step checks what the user sees and,
# through a second command or the raw API, what the server now holds.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=100
start_daemon
A="$AKSEMU"
RG=myResourceGroup CL=myAKSCluster NRG=MC_myResourceGroup_myAKSCluster_eastus
SUB=00000000-0000-0000-0000-000000000001
POOLS="/subscriptions/$SUB/resourceGroups/$RG/providers/Microsoft.ContainerService/managedClusters/$CL/agentPools"

log "group and cluster"
run 0 "$A" group create -n $RG -l eastus
assert_eq "$(json 'j["properties"]["provisioningState"]')" Succeeded "group provisioningState"
assert_eq "$(json 'j["managedBy"]')" None "az prints null managedBy"
run 0 "$A" aks create -g $RG -n $CL --node-count 3 --generate-ssh-keys
assert_eq "$(json 'j["provisioningState"]')" Succeeded "cluster provisioningState"
assert_eq "$(json 'j["dnsPrefix"]')" "myAKSClust-myResourceGroup-000000" "dnsPrefix name[:10]-rg[:16]-sub[:6]"
assert_eq "$(json 'j["agentPoolProfiles"][0]["name"]')" nodepool1 "first pool"
assert_eq "$(json 'j["agentPoolProfiles"][0]["osDiskSizeGb"]')" 128 "server default OS disk, az's key name"
assert_eq "$(json 'j["location"]')" eastus "location taken from the resource group"
assert_contains "$ERR" "placeholder RSA public key" "--generate-ssh-keys without a key says what it sent"
[ ! -e "$HOME/.ssh/id_rsa" ] || fail "aksemu must not write key files"
run 0 "$A" aks show -g $RG -n $CL -o table
assert_eq "$(sed -n 1p <<<"$OUT")" "Name          Location    ResourceGroup    KubernetesVersion    CurrentKubernetesVersion    ProvisioningState    Fqdn" "aks show table header"
assert_contains "$(sed -n 3p <<<"$OUT")" "myAKSCluster  eastus      myResourceGroup" "aks show table row"

log "the guide's system pool, spelled as the guide spells it (--taints, --mode system)"
run 0 "$A" aks nodepool add \
    --resource-group $RG \
    --cluster-name $CL \
    --name systempool \
    --node-count 2 \
    --node-vm-size Standard_B2s \
    --labels critical-addons=true \
    --taints CriticalAddonsOnly=true:NoSchedule \
    --mode system
assert_eq "$(json 'j["mode"]')" System "--mode system sent capitalised"
assert_eq "$(json 'j["nodeTaints"]')" '["CriticalAddonsOnly=true:NoSchedule"]' "--taints is --node-taints"
assert_eq "$(json 'j["nodeLabels"]')" '{"critical-addons": "true"}' "labels"
assert_eq "$(json 'j["resourceGroup"]')" $RG "resourceGroup parsed from the id"
api GET "$POOLS/systempool?api-version=2022-11-01"
assert_eq "$(json 'j["properties"]["count"]')" 2 "server holds 2 nodes"
assert_eq "$(json 'j["properties"]["mode"]')" System "server holds a System pool"

log "the guide's memory pool"
run 0 "$A" aks nodepool add \
    --resource-group $RG \
    --cluster-name $CL \
    --name mempool \
    --node-count 3 \
    --node-vm-size Standard_E4s_v3 \
    --labels workload=memory-intensive \
    --tags Environment=Production
assert_eq "$(json 'j["tags"]')" '{"Environment": "Production"}' "pool tags"
assert_eq "$(json 'j["mode"]')" User "default mode User"

log "the guide's spot command pasted from the web page: refused before anything is sent"
# this is what bash passes for:  --eviction-policy Delete \ # This is what you want...
run 2 "$A" aks nodepool add \
    --resource-group $RG \
    --cluster-name $CL \
    --name spotpool \
    --priority Spot \
    --eviction-policy Delete " "
assert_contains "$ERR" "is only whitespace" "names the lone-space argument"
assert_contains "$ERR" "right after '--eviction-policy Delete'" "says where it is"
assert_contains "$ERR" "backslash" "explains the backslash"
assert_contains "$ERR" "comment" "explains the comment"
assert_contains "$ERR" "NOT part of this command" "says the next lines were not part of it"
assert_contains "$ERR" "own lines above the command" "says how to fix it"
api GET "$POOLS/spotpool?api-version=2022-11-01"
assert_eq "$STATUS" 404 "no spot pool was created"

log "the spot command as fixed (comments above, bare backslashes)"
# Deallocate would just stop the VM and still charge you for the disks.
# -1 sets the max price to the current spot price.
run 0 "$A" aks nodepool add \
    --resource-group $RG \
    --cluster-name $CL \
    --name spotpool \
    --priority Spot \
    --eviction-policy Delete \
    --spot-max-price -1 \
    --node-vm-size Standard_DS2_v2 \
    --labels workload=interruptible
assert_eq "$(json 'j["scaleSetPriority"]')" Spot "spot priority"
assert_eq "$(json 'j["spotMaxPrice"]')" -1.0 "spot max price printed as Python prints -1.0"
assert_eq "$(json 'j["count"]')" 3 "az's default count 3"
assert_contains "$(json 'j["nodeTaints"]')" "kubernetes.azure.com/scalesetpriority=spot:NoSchedule" "AKS's spot taint"
grep -q '"spotMaxPrice": -1.0,' "$OUT_FILE" || fail "JSON must print -1.0, not -1"

log "OS disk: --node-osdisk-size 256"
run 0 "$A" aks nodepool add -g $RG --cluster-name $CL -n diskpool -c 1 --node-osdisk-size 256 --query osDiskSizeGb -o tsv
assert_eq "$OUT" 256 "osDiskSizeGb"
api GET "$POOLS/diskpool?api-version=2022-11-01"
assert_eq "$(json 'j["properties"]["osDiskSizeGB"]')" 256 "server holds osDiskSizeGB 256"

log "list and show"
run 0 "$A" aks nodepool list --resource-group $RG --cluster-name $CL -o table
assert_eq "$(sed -n 1p <<<"$OUT")" "Name        OsType    KubernetesVersion    VmSize           Count    MaxPods    ProvisioningState    Mode" "nodepool list table header"
assert_eq "$(sed -n 2p <<<"$OUT")" "----------  --------  -------------------  ---------------  -------  ---------  -------------------  ------" "table rule"
assert_contains "$OUT" "systempool  Linux" "systempool row"
assert_contains "$OUT" "Standard_E4s_v3  3        110        Succeeded            User" "mempool row"
assert_eq "$(wc -l <<<"$OUT")" 7 "header, rule, five pools"
run 0 "$A" aks nodepool list -g $RG --cluster-name $CL --query "[].name" -o tsv
assert_eq "$(tr '\n' ' ' <<<"$OUT")" "nodepool1 systempool mempool spotpool diskpool " "pools in order"
run 0 "$A" aks nodepool show -g $RG --cluster-name $CL -n mempool
assert_eq "$(json 'j["nodeLabels"]')" '{"workload": "memory-intensive"}' "mempool labels"
assert_eq "$(json 'j["typePropertiesType"]')" VirtualMachineScaleSets "properties.type as az names it"
assert_eq "$(json 'j["type"]')" "Microsoft.ContainerService/managedClusters/agentPools" "resource type"

log "scale (GET + full PUT)"
run 0 "$A" aks nodepool scale --resource-group $RG --cluster-name $CL --name mempool --node-count 5 -o tsv --query count
assert_eq "$OUT" 5 "scaled"
api GET "$POOLS/mempool?api-version=2022-11-01"
assert_eq "$(json 'j["properties"]["count"]')" 5 "server count 5"
assert_eq "$(json 'j["properties"]["tags"]')" '{"Environment": "Production"}' "tags survive the read-modify-write"

log "update: labels, taints and tags replace"
run 0 "$A" aks nodepool update --resource-group $RG --cluster-name $CL --name mempool \
    --labels workload=memory-intensive tier=gold --node-taints dedicated=mem:NoSchedule
assert_eq "$(json 'j["nodeLabels"]')" '{"tier": "gold", "workload": "memory-intensive"}' "labels replaced"
assert_eq "$(json 'j["nodeTaints"]')" '["dedicated=mem:NoSchedule"]' "taints replaced"
run 0 "$A" aks nodepool update -g $RG --cluster-name $CL -n mempool --tags Environment=Staging
api GET "$POOLS/mempool?api-version=2022-11-01"
assert_eq "$(json 'j["properties"]["tags"]')" '{"Environment": "Staging"}' "tags replaced on the server"
assert_eq "$(json 'j["properties"]["nodeLabels"]')" '{"tier": "gold", "workload": "memory-intensive"}' "labels kept"
run 0 "$A" aks nodepool update -g $RG --cluster-name $CL -n mempool --enable-cluster-autoscaler --min-count 1 --max-count 5
assert_eq "$(json '[j["enableAutoScaling"], j["minCount"], j["maxCount"]]')" '[true, 1, 5]' "autoscaler on"
run 1 "$A" aks nodepool scale -g $RG --cluster-name $CL -n mempool -c 2
assert_eq "$ERR" "ERROR: Cannot scale cluster autoscaler enabled node pool." "scale refused"
run 0 "$A" aks nodepool update -g $RG --cluster-name $CL -n mempool --disable-cluster-autoscaler --query "[enableAutoScaling, minCount]" -o json
assert_eq "$(json 'j')" '[false, null]' "autoscaler off"

log "get-upgrades"
run 0 "$A" aks nodepool get-upgrades -g $RG --cluster-name $CL --nodepool-name mempool
assert_eq "$(json 'j["name"]')" default "upgrade profile"
assert_contains "$(json 'j["kubernetesVersion"]')" "1." "pool version"

log "delete"
run 0 "$A" aks nodepool delete --resource-group $RG --cluster-name $CL --name diskpool
assert_eq "$OUT" "" "delete prints nothing"
api GET "$POOLS/diskpool?api-version=2022-11-01"
assert_eq "$STATUS" 404 "diskpool gone"

log "the node resource group's scale sets"
run 0 "$A" vmss list -g $NRG -o table
assert_eq "$(sed -n 1p <<<"$OUT")" "Name                          ResourceGroup                           Location    Zones    Capacity    Overprovision    UpgradePolicy" "vmss list table header"
assert_contains "$OUT" "$NRG  eastus               5           False            Manual" "mempool scale set row"
assert_eq "$(wc -l <<<"$OUT")" 6 "four scale sets"
VMSS="$(grep -o 'aks-mempool-[0-9]*-vmss' <<<"$OUT")"
[ -n "$VMSS" ] || fail "mempool scale set not listed"
run 0 "$A" vmss list-instances -g $NRG -n "$VMSS" -o table
assert_eq "$(awk 'NR==1{print $1,$2,$3,$4,$5,$6,$7}' <<<"$OUT")" "InstanceId LatestModelApplied Location Name ProvisioningState ResourceGroup VmId" "list-instances columns"
assert_eq "$(wc -l <<<"$OUT")" 7 "five instances"
assert_contains "$OUT" "True                  eastus      ${VMSS}_0" "instance 0 row"
run 0 "$A" vmss list-instances -g $NRG -n "$VMSS" --query "[].instanceId" -o tsv
assert_eq "$(tr '\n' ' ' <<<"$OUT")" "0 1 2 3 4 " "instance ids"

stop_daemon
pass
