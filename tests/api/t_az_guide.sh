#!/usr/bin/env bash
# The real az (Debian azure-cli 2.45) against a real daemon: the commands of
# reference/aks-node-pools-guide.txt, the rest of the node-pool life cycle, credentials and the
# node resource group's scale sets. Zero outbound attempts.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=300
start_daemon
setup_az

RG=myResourceGroup CL=myAKSCluster NRG=MC_myResourceGroup_myAKSCluster_eastus

log "group and cluster"
run 0 az group create -n $RG -l eastus
assert_eq "$(json 'j["properties"]["provisioningState"]')" Succeeded "group provisioningState"
run 0 az group show -n $RG --query location -o tsv
assert_eq "$OUT" eastus "group location"
run 0 az aks create -g $RG -n $CL --node-count 3 --generate-ssh-keys -o json
assert_eq "$(json 'j["provisioningState"]')" Succeeded "cluster provisioningState"
assert_eq "$(json 'j["nodeResourceGroup"]')" $NRG "node resource group"
assert_eq "$(json 'j["agentPoolProfiles"][0]["name"]')" nodepool1 "first pool"
assert_eq "$(json 'j["agentPoolProfiles"][0]["mode"]')" System "first pool mode"
assert_eq "$(json 'j["agentPoolProfiles"][0]["osDiskSizeGb"]')" 128 "server default OS disk"
assert_eq "$(json 'j["agentPoolProfiles"][0]["maxPods"]')" 110 "kubenet default maxPods"
assert_eq "$(json 'j["servicePrincipalProfile"]["clientId"]')" msi "MSI cluster"
assert_contains "$(json 'j["kubernetesVersion"]')" "1." "kubernetesVersion filled by the server"
run 0 az aks show -g $RG -n $CL -o table
assert_contains "$OUT" "Succeeded" "aks show table"
assert_contains "$OUT" "$CL" "aks show table"
run 0 az group show -n $NRG --query managedBy -o tsv
assert_contains "$OUT" "/managedClusters/$CL" "node resource group managedBy"

log "the guide's three pools"
run 0 az aks nodepool add --resource-group $RG --cluster-name $CL --name systempool \
  --node-count 2 --node-vm-size Standard_B2s --labels critical-addons=true \
  --node-taints CriticalAddonsOnly=true:NoSchedule --mode system -o json
assert_eq "$(json 'j["mode"]')" System "systempool mode"
assert_eq "$(json 'j["count"]')" 2 "systempool count"
assert_eq "$(json 'j["nodeTaints"]')" '["CriticalAddonsOnly=true:NoSchedule"]' "systempool taints"
assert_eq "$(json 'j["nodeLabels"]["critical-addons"]')" true "systempool label"
assert_eq "$(json 'j["provisioningState"]')" Succeeded "systempool provisioningState"

run 0 az aks nodepool add --resource-group $RG --cluster-name $CL --name mempool \
  --node-count 3 --node-vm-size Standard_E4s_v3 --labels workload=memory-intensive \
  --tags Environment=Production -o json
assert_eq "$(json 'j["vmSize"]')" Standard_E4s_v3 "mempool size"
assert_eq "$(json 'j["tags"]["Environment"]')" Production "mempool tags"
assert_eq "$(json 'j["mode"]')" User "mempool mode"

run 0 az aks nodepool add --resource-group $RG --cluster-name $CL --name spotpool \
  --priority Spot --eviction-policy Delete --spot-max-price -1 \
  --node-vm-size Standard_DS2_v2 --labels workload=interruptible -o json
assert_eq "$(json 'j["scaleSetPriority"]')" Spot "spot priority"
assert_eq "$(json 'j["scaleSetEvictionPolicy"]')" Delete "spot eviction policy"
assert_eq "$(json 'j["spotMaxPrice"]')" -1.0 "spot max price"
assert_eq "$(json 'j["count"]')" 3 "az's default count"
assert_eq "$(json 'j["nodeLabels"]["kubernetes.azure.com/scalesetpriority"]')" spot "spot label added by AKS"
assert_contains "$(json 'j["nodeTaints"]')" "kubernetes.azure.com/scalesetpriority=spot:NoSchedule" "spot taint added by AKS"

run 0 az aks nodepool add --resource-group $RG --cluster-name $CL --name diskpool \
  --node-count 1 --node-osdisk-size 256 -o json
assert_eq "$(json 'j["osDiskSizeGb"]')" 256 "--node-osdisk-size 256"
assert_eq "$(json 'j["osDiskType"]')" Managed "DS2_v2 cache (86 GB) cannot hold 256 GB: Managed"

run 0 az aks nodepool list --resource-group $RG --cluster-name $CL -o table
assert_contains "$OUT" "Name        OsType    KubernetesVersion    VmSize           Count    MaxPods    ProvisioningState    Mode" "list table header"
for p in nodepool1 systempool mempool spotpool diskpool; do assert_contains "$OUT" "$p" "list table"; done
assert_eq "$(grep -c Succeeded <<<"$OUT")" 5 "five pools Succeeded"

run 0 az aks nodepool show --resource-group $RG --cluster-name $CL --name mempool --query nodeLabels -o json
assert_eq "$(json 'j')" '{"workload": "memory-intensive"}' "mempool labels"

log "scale, update, autoscaler, tags"
run 0 az aks nodepool scale --resource-group $RG --cluster-name $CL --name mempool --node-count 5 --query count -o tsv
assert_eq "$OUT" 5 "scaled count"
run 0 az aks nodepool update --resource-group $RG --cluster-name $CL --name mempool \
  --labels workload=memory-intensive tier=gold --node-taints dedicated=mem:NoSchedule -o json
assert_eq "$(json 'j["nodeLabels"]')" '{"tier": "gold", "workload": "memory-intensive"}' "labels replaced"
assert_eq "$(json 'j["nodeTaints"]')" '["dedicated=mem:NoSchedule"]' "taints replaced"
assert_eq "$(json 'j["tags"]["Environment"]')" Production "tags kept by the read-modify-write"
run 0 az aks nodepool update --resource-group $RG --cluster-name $CL --name mempool \
  --enable-cluster-autoscaler --min-count 1 --max-count 5 -o json
assert_eq "$(json '[j["enableAutoScaling"], j["minCount"], j["maxCount"], j["count"]]')" '[true, 1, 5, 5]' "autoscaler on"
run 0 az aks show -g $RG -n $CL --query 'autoScalerProfile.scanInterval' -o tsv
assert_eq "$OUT" 10s "cluster autoscaler profile defaults"
run 0 az aks nodepool update --resource-group $RG --cluster-name $CL --name mempool --tags Environment=Staging --query tags -o json
assert_eq "$(json 'j')" '{"Environment": "Staging"}' "tags replaced"
run 1 az aks nodepool scale --resource-group $RG --cluster-name $CL --name mempool --node-count 2
assert_contains "$ERR" "Cannot scale cluster autoscaler enabled node pool" "az's own refusal"
run 0 az aks nodepool update --resource-group $RG --cluster-name $CL --name mempool --disable-cluster-autoscaler --query '[enableAutoScaling, minCount]' -o json
assert_eq "$(json 'j')" '[false, null]' "autoscaler off"
run 0 az aks nodepool get-upgrades --resource-group $RG --cluster-name $CL --nodepool-name mempool --query name -o tsv
assert_eq "$OUT" default "upgrade profile"

log "the node resource group's scale sets"
run 0 az vmss list -g $NRG -o table
assert_contains "$OUT" "Capacity" "vmss table"
for p in nodepool1 systempool mempool spotpool diskpool; do assert_contains "$OUT" "aks-$p-" "vmss list"; done
run 0 az vmss list -g $NRG --query "[?tags.\"aks-managed-poolName\"=='mempool'].{n:name,c:sku.capacity,t:tags.Environment}" -o json
assert_eq "$(json 'j[0]["c"]')" 5 "mempool VMSS capacity"
assert_eq "$(json 'j[0]["t"]')" Staging "pool tags land on the VMSS"
VMSS="$(json 'j[0]["n"]')"
[[ "$VMSS" =~ ^aks-mempool-[0-9]{8}-vmss$ ]] || fail "VMSS name $VMSS does not look like aks-mempool-<8 digits>-vmss"
run 0 az vmss list-instances -g $NRG -n "$VMSS" -o json
assert_eq "$(json 'len(j)')" 5 "five instances"
assert_eq "$(json '[i["instanceId"] for i in j]')" '["0", "1", "2", "3", "4"]' "instance ids"
assert_eq "$(json 'j[4]["osProfile"]["computerName"]')" "${VMSS}000004" "node name = prefix + 6 base-36 digits"
assert_eq "$(json 'j[0]["tags"]["Environment"]')" Staging "pool tags land on the instances"
assert_eq "$(json 'j[0]["name"]')" "${VMSS}_0" "instance resource name"
run 0 az vmss list-instances -g $NRG -n "$VMSS" -o table
assert_contains "$OUT" "InstanceId    LatestModelApplied" "list-instances table"

log "scale in removes the highest instance ids"
run 0 az aks nodepool scale --resource-group $RG --cluster-name $CL --name mempool --node-count 2 -o none
run 0 az vmss list-instances -g $NRG -n "$VMSS" --query '[].instanceId' -o json
assert_eq "$(json 'j')" '["0", "1"]' "VMSS default scale-in policy"
run 0 az aks nodepool scale --resource-group $RG --cluster-name $CL --name mempool --node-count 3 -o none
run 0 az vmss list-instances -g $NRG -n "$VMSS" --query '[].instanceId' -o json
assert_eq "$(json 'j')" '["0", "1", "5"]' "scale out takes the next instance id"

log "delete"
run 0 az aks nodepool delete --resource-group $RG --cluster-name $CL --name diskpool
run 0 az aks nodepool list --resource-group $RG --cluster-name $CL --query '[].name' -o json
assert_not_contains "$OUT" diskpool "deleted pool"
run 0 az vmss list -g $NRG --query '[].name' -o json
assert_not_contains "$OUT" "aks-diskpool-" "deleted pool's VMSS"

log "credentials"
run 0 az aks get-credentials -g $RG -n $CL --file "$T/kubeconfig"
assert_contains "$ERR" "Merged \"$CL\" as current context" "merge message"
grep -q "server: $URL/k8s/" "$T/kubeconfig" || fail "kubeconfig server is not the cluster's Kubernetes API path"
CA_B64="$(base64 -w0 "$DATA/tls/ca.pem")"
grep -q "certificate-authority-data: $CA_B64" "$T/kubeconfig" || fail "kubeconfig does not carry the daemon's CA"
grep -q "token: " "$T/kubeconfig" || fail "kubeconfig has no token"
run 0 az aks get-credentials -g $RG -n $CL --admin --file "$T/kubeconfig"
assert_contains "$ERR" "$CL-admin" "admin context"
grep -q "clusterAdmin_${RG}_${CL}" "$T/kubeconfig" || fail "admin user missing"
run 0 az aks get-credentials -g $RG -n $CL --file -
assert_contains "$OUT" "current-context: $CL" "kubeconfig to stdout"

log "cluster list and delete; group delete"
run 0 az group create -n rg2 -l westeurope -o none
run 0 az aks create -g rg2 -n second --node-count 1 --generate-ssh-keys -o none
run 0 az aks list -o table
assert_contains "$OUT" "second" "aks list"
assert_contains "$OUT" "$CL" "aks list"
run 0 az aks list -g rg2 --query '[].location' -o tsv
assert_eq "$OUT" westeurope "aks list -g"
run 0 az aks delete -g rg2 -n second --yes
run 3 az aks show -g rg2 -n second
assert_contains "$ERR" "ResourceNotFound" "deleted cluster"
run 3 az group show -n MC_rg2_second_westeurope
assert_contains "$ERR" "ResourceGroupNotFound" "node resource group deleted with the cluster"
run 0 az group delete -n rg2 --yes
run 0 az group exists -n rg2
assert_eq "$OUT" false "group gone"

stop_daemon
assert_no_outbound
pass
