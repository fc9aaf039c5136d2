#!/usr/bin/env bash
# What the aksemu CLI prints, checked byte for byte against what az 2.45 prints for the same
# resources: the SDK object flattened (properties pulled up, camelCase names, nulls for absent
# attributes, resourceGroup from the id), json/yaml/table/tsv/none, and --query (JMESPath).
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=100
start_daemon
A="$AKSEMU"
RG=outRG CL=outAKS
G=(-g $RG --cluster-name $CL)
SUB=00000000-0000-0000-0000-000000000001

log "json: az's shape"
run 0 "$A" group create -n $RG -l eastus
assert_eq "$OUT" '{
  "id": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/outRG",
  "location": "eastus",
  "managedBy": null,
  "name": "outRG",
  "properties": {
    "provisioningState": "Succeeded"
  },
  "tags": null,
  "type": "Microsoft.Resources/resourceGroups"
}' "group create output, byte for byte as az prints it"
run 0 "$A" aks create -g $RG -n $CL -c 1 --generate-ssh-keys --only-show-errors
assert_eq "$(json 'j["tags"]')" None "aks create prints tags: null"
assert_eq "$(json 'j["servicePrincipalProfile"]')" '{"clientId": "msi", "secret": null}' "aks create keeps secret: null"
assert_eq "$(json 'sorted(j["networkProfile"])')" '["dnsServiceIp", "dockerBridgeCidr", "ipFamilies", "loadBalancerProfile", "loadBalancerSku", "natGatewayProfile", "networkMode", "networkPlugin", "networkPolicy", "outboundType", "podCidr", "podCidrs", "serviceCidr", "serviceCidrs"]' "nested models get their null attributes"
run 0 "$A" aks show -g $RG -n $CL
assert_eq "$(json '" ".join(sorted(j))')" "aadProfile addonProfiles agentPoolProfiles apiServerAccessProfile autoScalerProfile autoUpgradeProfile azurePortalFqdn currentKubernetesVersion disableLocalAccounts diskEncryptionSetId dnsPrefix enablePodSecurityPolicy enableRbac extendedLocation fqdn fqdnSubdomain httpProxyConfig id identity identityProfile kubernetesVersion linuxProfile location maxAgentPools name networkProfile nodeResourceGroup oidcIssuerProfile podIdentityProfile powerState privateFqdn privateLinkResources provisioningState publicNetworkAccess resourceGroup securityProfile servicePrincipalProfile sku storageProfile systemData type windowsProfile workloadAutoScalerProfile" "aks show keys (az drops null tags)"
assert_eq "$(json 'j["servicePrincipalProfile"]')" '{"clientId": "msi"}' "aks show drops secret: null"
assert_eq "$(json '"vnetSubnetId" in j["agentPoolProfiles"][0]')" False "aks show drops null vnetSubnetId of profiles"
assert_eq "$(json 'j["resourceGroup"]')" $RG "resourceGroup from the id"
run 0 "$A" aks nodepool add "${G[@]}" -n userpool -c 1 --labels team=a
assert_eq "$(json '" ".join(sorted(j))')" "availabilityZones count creationData currentOrchestratorVersion enableAutoScaling enableEncryptionAtHost enableFips enableNodePublicIp enableUltraSsd gpuInstanceProfile hostGroupId id kubeletConfig kubeletDiskType linuxOsConfig maxCount maxPods minCount mode name nodeImageVersion nodeLabels nodePublicIpPrefixId nodeTaints orchestratorVersion osDiskSizeGb osDiskType osSku osType podSubnetId powerState provisioningState proximityPlacementGroupId resourceGroup scaleDownMode scaleSetEvictionPolicy scaleSetPriority spotMaxPrice tags type typePropertiesType upgradeSettings vmSize vnetSubnetId workloadRuntime" "agent pool keys, az's names"
assert_eq "$(sed -n 1,5p "$OUT_FILE")" '{
  "availabilityZones": null,
  "count": 1,
  "creationData": null,
  "currentOrchestratorVersion": "'"$(json 'j["orchestratorVersion"]')"'",' "sorted keys, two-space indent"
assert_eq "$(json 'j["upgradeSettings"]')" '{"maxSurge": null}' "empty nested model printed with its attributes"
run 0 "$A" aks nodepool list "${G[@]}" -o jsonc
assert_eq "$(head -c1 "$OUT_FILE")" "[" "jsonc without a terminal is plain json"
grep -q $'\x1b' "$OUT_FILE" && fail "no colours when stdout is not a terminal"
run 0 "$A" aks nodepool list "${G[@]}" -o none
assert_eq "$OUT" "" "-o none"

log "yaml"
run 0 "$A" group show -n $RG -o yaml
assert_eq "$OUT" "id: /subscriptions/$SUB/resourceGroups/outRG
location: eastus
managedBy: null
name: outRG
properties:
  provisioningState: Succeeded
tags: null
type: Microsoft.Resources/resourceGroups" "group show -o yaml"
run 0 "$A" aks nodepool show "${G[@]}" -n userpool -o yaml --query "{taints: nodeTaints, labels: nodeLabels, count: count, price: spotMaxPrice}"
assert_eq "$OUT" "count: 1
labels:
  team: a
price: null
taints: []" "yaml of a query result"

log "table"
run 0 "$A" group list -o table
assert_eq "$OUT" "Name                    Location    Status
----------------------  ----------  ---------
outRG                   eastus      Succeeded
MC_outRG_outAKS_eastus  eastus      Succeeded" "group list table"
run 0 "$A" aks list -o table
assert_eq "$(sed -n 1p <<<"$OUT")" "Name    Location    ResourceGroup    KubernetesVersion    CurrentKubernetesVersion    ProvisioningState    Fqdn" "aks list table"
run 0 "$A" group show -n $RG -o table
assert_eq "$OUT" "Location    Name
----------  ------
eastus      outRG" "automatic table: sorted scalar columns, no id/type"
run 0 "$A" aks nodepool list "${G[@]}" --query "[].{Pool: name, Nodes: count, Taints: nodeTaints}" -o table
assert_eq "$OUT" "Pool       Nodes
---------  -------
nodepool1  1
userpool   1" "table of a query: the query's column order, lists left out"
run 0 "$A" aks nodepool list "${G[@]}" --query "[].name" -o table
assert_eq "$OUT" "Result
---------
nodepool1
userpool" "table of scalars"

log "tsv"
run 0 "$A" group show -n $RG -o tsv
assert_eq "$OUT" "$(printf '/subscriptions/%s/resourceGroups/outRG\teastus\tNone\toutRG\t\tNone\tMicrosoft.Resources/resourceGroups' $SUB)" "tsv: sorted values, None, empty for objects"
run 0 "$A" aks nodepool list "${G[@]}" --query "[].{n: name, c: count, t: nodeTaints, l: nodeLabels}" -o tsv
assert_eq "$OUT" "$(printf 'nodepool1\t1\t0\tNone\nuserpool\t1\t0\t')" "tsv of a query: its key order, list lengths"
run 0 "$A" group exists -n $RG -o tsv
assert_eq "$OUT" true "tsv of a boolean"
run 0 "$A" aks nodepool show "${G[@]}" -n userpool --query "[enableAutoScaling, spotMaxPrice, osDiskSizeGb]" -o tsv
assert_eq "$OUT" "$(printf 'false\nNone\n128')" "tsv: one row per element, a boolean row in lower case"
run 0 "$A" aks nodepool show "${G[@]}" -n userpool --query "[[enableAutoScaling, spotMaxPrice, osDiskSizeGb]]" -o tsv
assert_eq "$OUT" "$(printf 'False\tNone\t128')" "tsv values inside a row: Python's str()"

log "--query"
# json prints strings bare, other values as JSON with sorted keys
q() { run 0 "$A" aks nodepool list "${G[@]}" --query "$1" -o json; assert_eq "$(json 'j')" "$2" "query $1"; }
q "[0].name" 'nodepool1'
q "[1].nodeLabels.team" 'a'
q "[-1].name" 'userpool'
q "[*].name" '["nodepool1", "userpool"]'
q "[?mode=='System'].name" '["nodepool1"]'
q "[?mode!='System' && count > \`0\`].name" '["userpool"]'
q "[?contains(name, 'user')].{n: name, m: mode}" '[{"m": "User", "n": "userpool"}]'
q "[].[name, count]" '[["nodepool1", 1], ["userpool", 1]]'
q "[].powerState.code" '["Running", "Running"]'
q "length(@)" '2'
q "[].name | sort(@) | reverse(@) | join(', ', @)" 'userpool, nodepool1'
q "max_by(@, &name).name" 'userpool'
q "[*].nodeTaints[]" '[]'
q "[0].{a: 'raw', b: \`[1, 2.5]\`, c: @.count}" '{"a": "raw", "b": [1, 2.5], "c": 1}'
q "[::-1] | [0].name" 'userpool'
q "[::-1][0].name" '[]'   # a slice is a projection: [0] applies to each element
q "[0].powerState.*" '["Running"]'
run 0 "$A" aks nodepool list "${G[@]}" --query "[0].nosuchfield"
assert_eq "$OUT" "" "a null result prints nothing, as az"
run 2 "$A" aks nodepool list "${G[@]}" --query "[?name=='x'"
assert_contains "$ERR" "ERROR: argument --query: invalid jmespath_type value: \"[?name=='x'\"" "invalid query: exit 2"
assert_contains "$ERR" "not valid JMESPath" "says why"
run 1 "$A" aks nodepool list "${G[@]}" --query "length(nosuchfield)"
assert_contains "$ERR" "ERROR: Invalid jmespath query supplied for \`--query\`: In function length(), invalid type for value: None" "runtime error: exit 1"
run 1 "$A" aks nodepool list "${G[@]}" --query "nosuch(@)"
assert_contains "$ERR" "Unknown function: nosuch()" "unknown function"

log "global arguments and help"
run 0 "$A" aks nodepool add -h
assert_contains "$(grep -- '--nodepool-name --name -n' <<<"$OUT")" "[Required]" "help lists the options"
assert_contains "$(tr -s ' \n' '  ' <<<"$OUT")" "Allowed values: Regular, Spot." "help lists enum values"
assert_contains "$OUT" "Global Arguments" "help lists the global arguments"
run 0 "$A" aks nodepool list "${G[@]}" --subscription $SUB --only-show-errors --query "[0].name" -o tsv
assert_eq "$OUT" nodepool1 "--subscription and --only-show-errors accepted"
run 0 "$A" group show -n $RG --url "$URL" --data "$DATA" --query name -o tsv
assert_eq "$OUT" $RG "--url and --data"
run 0 env -u AKSEMU_URL "$A" group show -n $RG --query name -o tsv
assert_eq "$OUT" $RG "URL from DATA/url when AKSEMU_URL is unset"

stop_daemon
pass
