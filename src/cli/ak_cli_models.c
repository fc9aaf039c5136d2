/* ak_cli_models.c - GENERATED: the Azure SDK for Python model schemas that az 2.45 uses to
 * deserialize responses (azure-mgmt-containerservice 21.1.0 api 2022-11-01,
 * azure-mgmt-resource 22.0.0 api 2021-04-01, azure-mgmt-compute 29.0.0 api 2022-08-01: the
 * newest compute models that SDK has, while the CLI requests api-version 2022-11-01).
 * Per model: the attributes in the order the SDK object holds them, each with the name az
 * prints (snake_case -> camelCase), the wire key (dots = flattened "properties.x"), and
 * the SDK type, and whether it is read-only. Regenerate with the script in docs/cli.md
 * (section "Model tables"); do not edit by hand. */
#include "ak_cli_models.h"

#include <stddef.h>
#include <string.h>

#include "../util/ak_banned.h"

static const struct ak_model_attr cs_ManagedCluster[] = {
    {"id", "id", "str", 1},
    {"name", "name", "str", 1},
    {"type", "type", "str", 1},
    {"systemData", "systemData", "cs.SystemData", 1},
    {"tags", "tags", "{str}", 0},
    {"location", "location", "str", 0},
    {"sku", "sku", "cs.ManagedClusterSKU", 0},
    {"extendedLocation", "extendedLocation", "cs.ExtendedLocation", 0},
    {"identity", "identity", "cs.ManagedClusterIdentity", 0},
    {"provisioningState", "properties.provisioningState", "str", 1},
    {"powerState", "properties.powerState", "cs.PowerState", 1},
    {"maxAgentPools", "properties.maxAgentPools", "int", 1},
    {"kubernetesVersion", "properties.kubernetesVersion", "str", 0},
    {"currentKubernetesVersion", "properties.currentKubernetesVersion", "str", 1},
    {"dnsPrefix", "properties.dnsPrefix", "str", 0},
    {"fqdnSubdomain", "properties.fqdnSubdomain", "str", 0},
    {"fqdn", "properties.fqdn", "str", 1},
    {"privateFqdn", "properties.privateFQDN", "str", 1},
    {"azurePortalFqdn", "properties.azurePortalFQDN", "str", 1},
    {"agentPoolProfiles", "properties.agentPoolProfiles", "[cs.ManagedClusterAgentPoolProfile]", 0},
    {"linuxProfile", "properties.linuxProfile", "cs.ContainerServiceLinuxProfile", 0},
    {"windowsProfile", "properties.windowsProfile", "cs.ManagedClusterWindowsProfile", 0},
    {"servicePrincipalProfile", "properties.servicePrincipalProfile", "cs.ManagedClusterServicePrincipalProfile", 0},
    {"addonProfiles", "properties.addonProfiles", "{cs.ManagedClusterAddonProfile}", 0},
    {"podIdentityProfile", "properties.podIdentityProfile", "cs.ManagedClusterPodIdentityProfile", 0},
    {"oidcIssuerProfile", "properties.oidcIssuerProfile", "cs.ManagedClusterOIDCIssuerProfile", 0},
    {"nodeResourceGroup", "properties.nodeResourceGroup", "str", 0},
    {"enableRbac", "properties.enableRBAC", "bool", 0},
    {"enablePodSecurityPolicy", "properties.enablePodSecurityPolicy", "bool", 0},
    {"networkProfile", "properties.networkProfile", "cs.ContainerServiceNetworkProfile", 0},
    {"aadProfile", "properties.aadProfile", "cs.ManagedClusterAADProfile", 0},
    {"autoUpgradeProfile", "properties.autoUpgradeProfile", "cs.ManagedClusterAutoUpgradeProfile", 0},
    {"autoScalerProfile", "properties.autoScalerProfile", "cs.ManagedClusterPropertiesAutoScalerProfile", 0},
    {"apiServerAccessProfile", "properties.apiServerAccessProfile", "cs.ManagedClusterAPIServerAccessProfile", 0},
    {"diskEncryptionSetId", "properties.diskEncryptionSetID", "str", 0},
    {"identityProfile", "properties.identityProfile", "{cs.UserAssignedIdentity}", 0},
    {"privateLinkResources", "properties.privateLinkResources", "[cs.PrivateLinkResource]", 0},
    {"disableLocalAccounts", "properties.disableLocalAccounts", "bool", 0},
    {"httpProxyConfig", "properties.httpProxyConfig", "cs.ManagedClusterHTTPProxyConfig", 0},
    {"securityProfile", "properties.securityProfile", "cs.ManagedClusterSecurityProfile", 0},
    {"storageProfile", "properties.storageProfile", "cs.ManagedClusterStorageProfile", 0},
    {"publicNetworkAccess", "properties.publicNetworkAccess", "str", 0},
    {"workloadAutoScalerProfile", "properties.workloadAutoScalerProfile", "cs.ManagedClusterWorkloadAutoScalerProfile", 0},
};
static const struct ak_model_attr cs_SystemData[] = {
    {"createdBy", "createdBy", "str", 0},
    {"createdByType", "createdByType", "str", 0},
    {"createdAt", "createdAt", "iso-8601", 0},
    {"lastModifiedBy", "lastModifiedBy", "str", 0},
    {"lastModifiedByType", "lastModifiedByType", "str", 0},
    {"lastModifiedAt", "lastModifiedAt", "iso-8601", 0},
};
static const struct ak_model_attr cs_ManagedClusterSKU[] = {
    {"name", "name", "str", 0},
    {"tier", "tier", "str", 0},
};
static const struct ak_model_attr cs_ExtendedLocation[] = {
    {"name", "name", "str", 0},
    {"type", "type", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterIdentity[] = {
    {"principalId", "principalId", "str", 1},
    {"tenantId", "tenantId", "str", 1},
    {"type", "type", "str", 0},
    {"userAssignedIdentities", "userAssignedIdentities", "{cs.ManagedServiceIdentityUserAssignedIdentitiesValue}", 0},
};
static const struct ak_model_attr cs_ManagedServiceIdentityUserAssignedIdentitiesValue[] = {
    {"principalId", "principalId", "str", 1},
    {"clientId", "clientId", "str", 1},
};
static const struct ak_model_attr cs_PowerState[] = {
    {"code", "code", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterAgentPoolProfile[] = {
    {"count", "count", "int", 0},
    {"vmSize", "vmSize", "str", 0},
    {"osDiskSizeGb", "osDiskSizeGB", "int", 0},
    {"osDiskType", "osDiskType", "str", 0},
    {"kubeletDiskType", "kubeletDiskType", "str", 0},
    {"workloadRuntime", "workloadRuntime", "str", 0},
    {"vnetSubnetId", "vnetSubnetID", "str", 0},
    {"podSubnetId", "podSubnetID", "str", 0},
    {"maxPods", "maxPods", "int", 0},
    {"osType", "osType", "str", 0},
    {"osSku", "osSKU", "str", 0},
    {"maxCount", "maxCount", "int", 0},
    {"minCount", "minCount", "int", 0},
    {"enableAutoScaling", "enableAutoScaling", "bool", 0},
    {"scaleDownMode", "scaleDownMode", "str", 0},
    {"type", "type", "str", 0},
    {"mode", "mode", "str", 0},
    {"orchestratorVersion", "orchestratorVersion", "str", 0},
    {"currentOrchestratorVersion", "currentOrchestratorVersion", "str", 1},
    {"nodeImageVersion", "nodeImageVersion", "str", 1},
    {"upgradeSettings", "upgradeSettings", "cs.AgentPoolUpgradeSettings", 0},
    {"provisioningState", "provisioningState", "str", 1},
    {"powerState", "powerState", "cs.PowerState", 0},
    {"availabilityZones", "availabilityZones", "[str]", 0},
    {"enableNodePublicIp", "enableNodePublicIP", "bool", 0},
    {"nodePublicIpPrefixId", "nodePublicIPPrefixID", "str", 0},
    {"scaleSetPriority", "scaleSetPriority", "str", 0},
    {"scaleSetEvictionPolicy", "scaleSetEvictionPolicy", "str", 0},
    {"spotMaxPrice", "spotMaxPrice", "float", 0},
    {"tags", "tags", "{str}", 0},
    {"nodeLabels", "nodeLabels", "{str}", 0},
    {"nodeTaints", "nodeTaints", "[str]", 0},
    {"proximityPlacementGroupId", "proximityPlacementGroupID", "str", 0},
    {"kubeletConfig", "kubeletConfig", "cs.KubeletConfig", 0},
    {"linuxOsConfig", "linuxOSConfig", "cs.LinuxOSConfig", 0},
    {"enableEncryptionAtHost", "enableEncryptionAtHost", "bool", 0},
    {"enableUltraSsd", "enableUltraSSD", "bool", 0},
    {"enableFips", "enableFIPS", "bool", 0},
    {"gpuInstanceProfile", "gpuInstanceProfile", "str", 0},
    {"creationData", "creationData", "cs.CreationData", 0},
    {"hostGroupId", "hostGroupID", "str", 0},
    {"name", "name", "str", 0},
};
static const struct ak_model_attr cs_AgentPoolUpgradeSettings[] = {
    {"maxSurge", "maxSurge", "str", 0},
};
static const struct ak_model_attr cs_KubeletConfig[] = {
    {"cpuManagerPolicy", "cpuManagerPolicy", "str", 0},
    {"cpuCfsQuota", "cpuCfsQuota", "bool", 0},
    {"cpuCfsQuotaPeriod", "cpuCfsQuotaPeriod", "str", 0},
    {"imageGcHighThreshold", "imageGcHighThreshold", "int", 0},
    {"imageGcLowThreshold", "imageGcLowThreshold", "int", 0},
    {"topologyManagerPolicy", "topologyManagerPolicy", "str", 0},
    {"allowedUnsafeSysctls", "allowedUnsafeSysctls", "[str]", 0},
    {"failSwapOn", "failSwapOn", "bool", 0},
    {"containerLogMaxSizeMb", "containerLogMaxSizeMB", "int", 0},
    {"containerLogMaxFiles", "containerLogMaxFiles", "int", 0},
    {"podMaxPids", "podMaxPids", "int", 0},
};
static const struct ak_model_attr cs_LinuxOSConfig[] = {
    {"sysctls", "sysctls", "cs.SysctlConfig", 0},
    {"transparentHugePageEnabled", "transparentHugePageEnabled", "str", 0},
    {"transparentHugePageDefrag", "transparentHugePageDefrag", "str", 0},
    {"swapFileSizeMb", "swapFileSizeMB", "int", 0},
};
static const struct ak_model_attr cs_SysctlConfig[] = {
    {"netCoreSomaxconn", "netCoreSomaxconn", "int", 0},
    {"netCoreNetdevMaxBacklog", "netCoreNetdevMaxBacklog", "int", 0},
    {"netCoreRmemDefault", "netCoreRmemDefault", "int", 0},
    {"netCoreRmemMax", "netCoreRmemMax", "int", 0},
    {"netCoreWmemDefault", "netCoreWmemDefault", "int", 0},
    {"netCoreWmemMax", "netCoreWmemMax", "int", 0},
    {"netCoreOptmemMax", "netCoreOptmemMax", "int", 0},
    {"netIpv4TcpMaxSynBacklog", "netIpv4TcpMaxSynBacklog", "int", 0},
    {"netIpv4TcpMaxTwBuckets", "netIpv4TcpMaxTwBuckets", "int", 0},
    {"netIpv4TcpFinTimeout", "netIpv4TcpFinTimeout", "int", 0},
    {"netIpv4TcpKeepaliveTime", "netIpv4TcpKeepaliveTime", "int", 0},
    {"netIpv4TcpKeepaliveProbes", "netIpv4TcpKeepaliveProbes", "int", 0},
    {"netIpv4TcpkeepaliveIntvl", "netIpv4TcpkeepaliveIntvl", "int", 0},
    {"netIpv4TcpTwReuse", "netIpv4TcpTwReuse", "bool", 0},
    {"netIpv4IpLocalPortRange", "netIpv4IpLocalPortRange", "str", 0},
    {"netIpv4NeighDefaultGcThresh1", "netIpv4NeighDefaultGcThresh1", "int", 0},
    {"netIpv4NeighDefaultGcThresh2", "netIpv4NeighDefaultGcThresh2", "int", 0},
    {"netIpv4NeighDefaultGcThresh3", "netIpv4NeighDefaultGcThresh3", "int", 0},
    {"netNetfilterNfConntrackMax", "netNetfilterNfConntrackMax", "int", 0},
    {"netNetfilterNfConntrackBuckets", "netNetfilterNfConntrackBuckets", "int", 0},
    {"fsInotifyMaxUserWatches", "fsInotifyMaxUserWatches", "int", 0},
    {"fsFileMax", "fsFileMax", "int", 0},
    {"fsAioMaxNr", "fsAioMaxNr", "int", 0},
    {"fsNrOpen", "fsNrOpen", "int", 0},
    {"kernelThreadsMax", "kernelThreadsMax", "int", 0},
    {"vmMaxMapCount", "vmMaxMapCount", "int", 0},
    {"vmSwappiness", "vmSwappiness", "int", 0},
    {"vmVfsCachePressure", "vmVfsCachePressure", "int", 0},
};
static const struct ak_model_attr cs_CreationData[] = {
    {"sourceResourceId", "sourceResourceId", "str", 0},
};
static const struct ak_model_attr cs_ContainerServiceLinuxProfile[] = {
    {"adminUsername", "adminUsername", "str", 0},
    {"ssh", "ssh", "cs.ContainerServiceSshConfiguration", 0},
};
static const struct ak_model_attr cs_ContainerServiceSshConfiguration[] = {
    {"publicKeys", "publicKeys", "[cs.ContainerServiceSshPublicKey]", 0},
};
static const struct ak_model_attr cs_ContainerServiceSshPublicKey[] = {
    {"keyData", "keyData", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterWindowsProfile[] = {
    {"adminUsername", "adminUsername", "str", 0},
    {"adminPassword", "adminPassword", "str", 0},
    {"licenseType", "licenseType", "str", 0},
    {"enableCsiProxy", "enableCSIProxy", "bool", 0},
    {"gmsaProfile", "gmsaProfile", "cs.WindowsGmsaProfile", 0},
};
static const struct ak_model_attr cs_WindowsGmsaProfile[] = {
    {"enabled", "enabled", "bool", 0},
    {"dnsServer", "dnsServer", "str", 0},
    {"rootDomainName", "rootDomainName", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterServicePrincipalProfile[] = {
    {"clientId", "clientId", "str", 0},
    {"secret", "secret", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterAddonProfile[] = {
    {"enabled", "enabled", "bool", 0},
    {"config", "config", "{str}", 0},
    {"identity", "identity", "cs.ManagedClusterAddonProfileIdentity", 1},
};
static const struct ak_model_attr cs_ManagedClusterAddonProfileIdentity[] = {
    {"resourceId", "resourceId", "str", 0},
    {"clientId", "clientId", "str", 0},
    {"objectId", "objectId", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterPodIdentityProfile[] = {
    {"enabled", "enabled", "bool", 0},
    {"allowNetworkPluginKubenet", "allowNetworkPluginKubenet", "bool", 0},
    {"userAssignedIdentities", "userAssignedIdentities", "[cs.ManagedClusterPodIdentity]", 0},
    {"userAssignedIdentityExceptions", "userAssignedIdentityExceptions", "[cs.ManagedClusterPodIdentityException]", 0},
};
static const struct ak_model_attr cs_ManagedClusterPodIdentity[] = {
    {"name", "name", "str", 0},
    {"namespace", "namespace", "str", 0},
    {"bindingSelector", "bindingSelector", "str", 0},
    {"identity", "identity", "cs.UserAssignedIdentity", 0},
    {"provisioningState", "provisioningState", "str", 1},
    {"provisioningInfo", "provisioningInfo", "cs.ManagedClusterPodIdentityProvisioningInfo", 1},
};
static const struct ak_model_attr cs_UserAssignedIdentity[] = {
    {"resourceId", "resourceId", "str", 0},
    {"clientId", "clientId", "str", 0},
    {"objectId", "objectId", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterPodIdentityProvisioningInfo[] = {
    {"error", "error", "cs.ManagedClusterPodIdentityProvisioningError", 0},
};
static const struct ak_model_attr cs_ManagedClusterPodIdentityProvisioningError[] = {
    {"error", "error", "cs.ManagedClusterPodIdentityProvisioningErrorBody", 0},
};
static const struct ak_model_attr cs_ManagedClusterPodIdentityProvisioningErrorBody[] = {
    {"code", "code", "str", 0},
    {"message", "message", "str", 0},
    {"target", "target", "str", 0},
    {"details", "details", "[cs.ManagedClusterPodIdentityProvisioningErrorBody]", 0},
};
static const struct ak_model_attr cs_ManagedClusterPodIdentityException[] = {
    {"name", "name", "str", 0},
    {"namespace", "namespace", "str", 0},
    {"podLabels", "podLabels", "{str}", 0},
};
static const struct ak_model_attr cs_ManagedClusterOIDCIssuerProfile[] = {
    {"issuerUrl", "issuerURL", "str", 1},
    {"enabled", "enabled", "bool", 0},
};
static const struct ak_model_attr cs_ContainerServiceNetworkProfile[] = {
    {"networkPlugin", "networkPlugin", "str", 0},
    {"networkPolicy", "networkPolicy", "str", 0},
    {"networkMode", "networkMode", "str", 0},
    {"podCidr", "podCidr", "str", 0},
    {"serviceCidr", "serviceCidr", "str", 0},
    {"dnsServiceIp", "dnsServiceIP", "str", 0},
    {"dockerBridgeCidr", "dockerBridgeCidr", "str", 0},
    {"outboundType", "outboundType", "str", 0},
    {"loadBalancerSku", "loadBalancerSku", "str", 0},
    {"loadBalancerProfile", "loadBalancerProfile", "cs.ManagedClusterLoadBalancerProfile", 0},
    {"natGatewayProfile", "natGatewayProfile", "cs.ManagedClusterNATGatewayProfile", 0},
    {"podCidrs", "podCidrs", "[str]", 0},
    {"serviceCidrs", "serviceCidrs", "[str]", 0},
    {"ipFamilies", "ipFamilies", "[str]", 0},
};
static const struct ak_model_attr cs_ManagedClusterLoadBalancerProfile[] = {
    {"managedOutboundIPs", "managedOutboundIPs", "cs.ManagedClusterLoadBalancerProfileManagedOutboundIPs", 0},
    {"outboundIpPrefixes", "outboundIPPrefixes", "cs.ManagedClusterLoadBalancerProfileOutboundIPPrefixes", 0},
    {"outboundIPs", "outboundIPs", "cs.ManagedClusterLoadBalancerProfileOutboundIPs", 0},
    {"effectiveOutboundIPs", "effectiveOutboundIPs", "[cs.ResourceReference]", 0},
    {"allocatedOutboundPorts", "allocatedOutboundPorts", "int", 0},
    {"idleTimeoutInMinutes", "idleTimeoutInMinutes", "int", 0},
    {"enableMultipleStandardLoadBalancers", "enableMultipleStandardLoadBalancers", "bool", 0},
};
static const struct ak_model_attr cs_ManagedClusterLoadBalancerProfileManagedOutboundIPs[] = {
    {"count", "count", "int", 0},
    {"countIpv6", "countIPv6", "int", 0},
};
static const struct ak_model_attr cs_ManagedClusterLoadBalancerProfileOutboundIPPrefixes[] = {
    {"publicIpPrefixes", "publicIPPrefixes", "[cs.ResourceReference]", 0},
};
static const struct ak_model_attr cs_ResourceReference[] = {
    {"id", "id", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterLoadBalancerProfileOutboundIPs[] = {
    {"publicIPs", "publicIPs", "[cs.ResourceReference]", 0},
};
static const struct ak_model_attr cs_ManagedClusterNATGatewayProfile[] = {
    {"managedOutboundIpProfile", "managedOutboundIPProfile", "cs.ManagedClusterManagedOutboundIPProfile", 0},
    {"effectiveOutboundIPs", "effectiveOutboundIPs", "[cs.ResourceReference]", 0},
    {"idleTimeoutInMinutes", "idleTimeoutInMinutes", "int", 0},
};
static const struct ak_model_attr cs_ManagedClusterManagedOutboundIPProfile[] = {
    {"count", "count", "int", 0},
};
static const struct ak_model_attr cs_ManagedClusterAADProfile[] = {
    {"managed", "managed", "bool", 0},
    {"enableAzureRbac", "enableAzureRBAC", "bool", 0},
    {"adminGroupObjectIDs", "adminGroupObjectIDs", "[str]", 0},
    {"clientAppId", "clientAppID", "str", 0},
    {"serverAppId", "serverAppID", "str", 0},
    {"serverAppSecret", "serverAppSecret", "str", 0},
    {"tenantId", "tenantID", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterAutoUpgradeProfile[] = {
    {"upgradeChannel", "upgradeChannel", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterPropertiesAutoScalerProfile[] = {
    {"balanceSimilarNodeGroups", "balance-similar-node-groups", "str", 0},
    {"expander", "expander", "str", 0},
    {"maxEmptyBulkDelete", "max-empty-bulk-delete", "str", 0},
    {"maxGracefulTerminationSec", "max-graceful-termination-sec", "str", 0},
    {"maxNodeProvisionTime", "max-node-provision-time", "str", 0},
    {"maxTotalUnreadyPercentage", "max-total-unready-percentage", "str", 0},
    {"newPodScaleUpDelay", "new-pod-scale-up-delay", "str", 0},
    {"okTotalUnreadyCount", "ok-total-unready-count", "str", 0},
    {"scanInterval", "scan-interval", "str", 0},
    {"scaleDownDelayAfterAdd", "scale-down-delay-after-add", "str", 0},
    {"scaleDownDelayAfterDelete", "scale-down-delay-after-delete", "str", 0},
    {"scaleDownDelayAfterFailure", "scale-down-delay-after-failure", "str", 0},
    {"scaleDownUnneededTime", "scale-down-unneeded-time", "str", 0},
    {"scaleDownUnreadyTime", "scale-down-unready-time", "str", 0},
    {"scaleDownUtilizationThreshold", "scale-down-utilization-threshold", "str", 0},
    {"skipNodesWithLocalStorage", "skip-nodes-with-local-storage", "str", 0},
    {"skipNodesWithSystemPods", "skip-nodes-with-system-pods", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterAPIServerAccessProfile[] = {
    {"authorizedIpRanges", "authorizedIPRanges", "[str]", 0},
    {"enablePrivateCluster", "enablePrivateCluster", "bool", 0},
    {"privateDnsZone", "privateDNSZone", "str", 0},
    {"enablePrivateClusterPublicFqdn", "enablePrivateClusterPublicFQDN", "bool", 0},
    {"disableRunCommand", "disableRunCommand", "bool", 0},
};
static const struct ak_model_attr cs_PrivateLinkResource[] = {
    {"id", "id", "str", 0},
    {"name", "name", "str", 0},
    {"type", "type", "str", 0},
    {"groupId", "groupId", "str", 0},
    {"requiredMembers", "requiredMembers", "[str]", 0},
    {"privateLinkServiceId", "privateLinkServiceID", "str", 1},
};
static const struct ak_model_attr cs_ManagedClusterHTTPProxyConfig[] = {
    {"httpProxy", "httpProxy", "str", 0},
    {"httpsProxy", "httpsProxy", "str", 0},
    {"noProxy", "noProxy", "[str]", 0},
    {"trustedCa", "trustedCa", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterSecurityProfile[] = {
    {"defender", "defender", "cs.ManagedClusterSecurityProfileDefender", 0},
    {"azureKeyVaultKms", "azureKeyVaultKms", "cs.AzureKeyVaultKms", 0},
};
static const struct ak_model_attr cs_ManagedClusterSecurityProfileDefender[] = {
    {"logAnalyticsWorkspaceResourceId", "logAnalyticsWorkspaceResourceId", "str", 0},
    {"securityMonitoring", "securityMonitoring", "cs.ManagedClusterSecurityProfileDefenderSecurityMonitoring", 0},
};
static const struct ak_model_attr cs_ManagedClusterSecurityProfileDefenderSecurityMonitoring[] = {
    {"enabled", "enabled", "bool", 0},
};
static const struct ak_model_attr cs_AzureKeyVaultKms[] = {
    {"enabled", "enabled", "bool", 0},
    {"keyId", "keyId", "str", 0},
    {"keyVaultNetworkAccess", "keyVaultNetworkAccess", "str", 0},
    {"keyVaultResourceId", "keyVaultResourceId", "str", 0},
};
static const struct ak_model_attr cs_ManagedClusterStorageProfile[] = {
    {"diskCsiDriver", "diskCSIDriver", "cs.ManagedClusterStorageProfileDiskCSIDriver", 0},
    {"fileCsiDriver", "fileCSIDriver", "cs.ManagedClusterStorageProfileFileCSIDriver", 0},
    {"snapshotController", "snapshotController", "cs.ManagedClusterStorageProfileSnapshotController", 0},
    {"blobCsiDriver", "blobCSIDriver", "cs.ManagedClusterStorageProfileBlobCSIDriver", 0},
};
static const struct ak_model_attr cs_ManagedClusterStorageProfileDiskCSIDriver[] = {
    {"enabled", "enabled", "bool", 0},
};
static const struct ak_model_attr cs_ManagedClusterStorageProfileFileCSIDriver[] = {
    {"enabled", "enabled", "bool", 0},
};
static const struct ak_model_attr cs_ManagedClusterStorageProfileSnapshotController[] = {
    {"enabled", "enabled", "bool", 0},
};
static const struct ak_model_attr cs_ManagedClusterStorageProfileBlobCSIDriver[] = {
    {"enabled", "enabled", "bool", 0},
};
static const struct ak_model_attr cs_ManagedClusterWorkloadAutoScalerProfile[] = {
    {"keda", "keda", "cs.ManagedClusterWorkloadAutoScalerProfileKeda", 0},
};
static const struct ak_model_attr cs_ManagedClusterWorkloadAutoScalerProfileKeda[] = {
    {"enabled", "enabled", "bool", 0},
};
static const struct ak_model_attr cs_AgentPool[] = {
    {"id", "id", "str", 1},
    {"name", "name", "str", 1},
    {"type", "type", "str", 1},
    {"count", "properties.count", "int", 0},
    {"vmSize", "properties.vmSize", "str", 0},
    {"osDiskSizeGb", "properties.osDiskSizeGB", "int", 0},
    {"osDiskType", "properties.osDiskType", "str", 0},
    {"kubeletDiskType", "properties.kubeletDiskType", "str", 0},
    {"workloadRuntime", "properties.workloadRuntime", "str", 0},
    {"vnetSubnetId", "properties.vnetSubnetID", "str", 0},
    {"podSubnetId", "properties.podSubnetID", "str", 0},
    {"maxPods", "properties.maxPods", "int", 0},
    {"osType", "properties.osType", "str", 0},
    {"osSku", "properties.osSKU", "str", 0},
    {"maxCount", "properties.maxCount", "int", 0},
    {"minCount", "properties.minCount", "int", 0},
    {"enableAutoScaling", "properties.enableAutoScaling", "bool", 0},
    {"scaleDownMode", "properties.scaleDownMode", "str", 0},
    {"typePropertiesType", "properties.type", "str", 0},
    {"mode", "properties.mode", "str", 0},
    {"orchestratorVersion", "properties.orchestratorVersion", "str", 0},
    {"currentOrchestratorVersion", "properties.currentOrchestratorVersion", "str", 1},
    {"nodeImageVersion", "properties.nodeImageVersion", "str", 1},
    {"upgradeSettings", "properties.upgradeSettings", "cs.AgentPoolUpgradeSettings", 0},
    {"provisioningState", "properties.provisioningState", "str", 1},
    {"powerState", "properties.powerState", "cs.PowerState", 0},
    {"availabilityZones", "properties.availabilityZones", "[str]", 0},
    {"enableNodePublicIp", "properties.enableNodePublicIP", "bool", 0},
    {"nodePublicIpPrefixId", "properties.nodePublicIPPrefixID", "str", 0},
    {"scaleSetPriority", "properties.scaleSetPriority", "str", 0},
    {"scaleSetEvictionPolicy", "properties.scaleSetEvictionPolicy", "str", 0},
    {"spotMaxPrice", "properties.spotMaxPrice", "float", 0},
    {"tags", "properties.tags", "{str}", 0},
    {"nodeLabels", "properties.nodeLabels", "{str}", 0},
    {"nodeTaints", "properties.nodeTaints", "[str]", 0},
    {"proximityPlacementGroupId", "properties.proximityPlacementGroupID", "str", 0},
    {"kubeletConfig", "properties.kubeletConfig", "cs.KubeletConfig", 0},
    {"linuxOsConfig", "properties.linuxOSConfig", "cs.LinuxOSConfig", 0},
    {"enableEncryptionAtHost", "properties.enableEncryptionAtHost", "bool", 0},
    {"enableUltraSsd", "properties.enableUltraSSD", "bool", 0},
    {"enableFips", "properties.enableFIPS", "bool", 0},
    {"gpuInstanceProfile", "properties.gpuInstanceProfile", "str", 0},
    {"creationData", "properties.creationData", "cs.CreationData", 0},
    {"hostGroupId", "properties.hostGroupID", "str", 0},
};
static const struct ak_model_attr cs_AgentPoolUpgradeProfile[] = {
    {"id", "id", "str", 1},
    {"name", "name", "str", 1},
    {"type", "type", "str", 1},
    {"kubernetesVersion", "properties.kubernetesVersion", "str", 0},
    {"osType", "properties.osType", "str", 0},
    {"upgrades", "properties.upgrades", "[cs.AgentPoolUpgradeProfilePropertiesUpgradesItem]", 0},
    {"latestNodeImageVersion", "properties.latestNodeImageVersion", "str", 0},
};
static const struct ak_model_attr cs_AgentPoolUpgradeProfilePropertiesUpgradesItem[] = {
    {"kubernetesVersion", "kubernetesVersion", "str", 0},
    {"isPreview", "isPreview", "bool", 0},
};
static const struct ak_model_attr rs_ResourceGroup[] = {
    {"id", "id", "str", 1},
    {"name", "name", "str", 1},
    {"type", "type", "str", 1},
    {"properties", "properties", "rs.ResourceGroupProperties", 0},
    {"location", "location", "str", 0},
    {"managedBy", "managedBy", "str", 0},
    {"tags", "tags", "{str}", 0},
};
static const struct ak_model_attr rs_ResourceGroupProperties[] = {
    {"provisioningState", "provisioningState", "str", 1},
};
static const struct ak_model_attr cp_VirtualMachineScaleSet[] = {
    {"id", "id", "str", 1},
    {"name", "name", "str", 1},
    {"type", "type", "str", 1},
    {"location", "location", "str", 0},
    {"tags", "tags", "{str}", 0},
    {"sku", "sku", "cp.Sku", 0},
    {"plan", "plan", "cp.Plan", 0},
    {"identity", "identity", "cp.VirtualMachineScaleSetIdentity", 0},
    {"zones", "zones", "[str]", 0},
    {"extendedLocation", "extendedLocation", "cp.ExtendedLocation", 0},
    {"upgradePolicy", "properties.upgradePolicy", "cp.UpgradePolicy", 0},
    {"automaticRepairsPolicy", "properties.automaticRepairsPolicy", "cp.AutomaticRepairsPolicy", 0},
    {"virtualMachineProfile", "properties.virtualMachineProfile", "cp.VirtualMachineScaleSetVMProfile", 0},
    {"provisioningState", "properties.provisioningState", "str", 1},
    {"overprovision", "properties.overprovision", "bool", 0},
    {"doNotRunExtensionsOnOverprovisionedVMs", "properties.doNotRunExtensionsOnOverprovisionedVMs", "bool", 0},
    {"uniqueId", "properties.uniqueId", "str", 1},
    {"singlePlacementGroup", "properties.singlePlacementGroup", "bool", 0},
    {"zoneBalance", "properties.zoneBalance", "bool", 0},
    {"platformFaultDomainCount", "properties.platformFaultDomainCount", "int", 0},
    {"proximityPlacementGroup", "properties.proximityPlacementGroup", "cp.SubResource", 0},
    {"hostGroup", "properties.hostGroup", "cp.SubResource", 0},
    {"additionalCapabilities", "properties.additionalCapabilities", "cp.AdditionalCapabilities", 0},
    {"scaleInPolicy", "properties.scaleInPolicy", "cp.ScaleInPolicy", 0},
    {"orchestrationMode", "properties.orchestrationMode", "str", 0},
    {"spotRestorePolicy", "properties.spotRestorePolicy", "cp.SpotRestorePolicy", 0},
    {"priorityMixPolicy", "properties.priorityMixPolicy", "cp.PriorityMixPolicy", 0},
    {"timeCreated", "properties.timeCreated", "iso-8601", 1},
};
static const struct ak_model_attr cp_Sku[] = {
    {"name", "name", "str", 0},
    {"tier", "tier", "str", 0},
    {"capacity", "capacity", "int", 0},
};
static const struct ak_model_attr cp_Plan[] = {
    {"name", "name", "str", 0},
    {"publisher", "publisher", "str", 0},
    {"product", "product", "str", 0},
    {"promotionCode", "promotionCode", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetIdentity[] = {
    {"principalId", "principalId", "str", 1},
    {"tenantId", "tenantId", "str", 1},
    {"type", "type", "str", 0},
    {"userAssignedIdentities", "userAssignedIdentities", "{cp.UserAssignedIdentitiesValue}", 0},
};
static const struct ak_model_attr cp_UserAssignedIdentitiesValue[] = {
    {"principalId", "principalId", "str", 1},
    {"clientId", "clientId", "str", 1},
};
static const struct ak_model_attr cp_ExtendedLocation[] = {
    {"name", "name", "str", 0},
    {"type", "type", "str", 0},
};
static const struct ak_model_attr cp_UpgradePolicy[] = {
    {"mode", "mode", "str", 0},
    {"rollingUpgradePolicy", "rollingUpgradePolicy", "cp.RollingUpgradePolicy", 0},
    {"automaticOsUpgradePolicy", "automaticOSUpgradePolicy", "cp.AutomaticOSUpgradePolicy", 0},
};
static const struct ak_model_attr cp_RollingUpgradePolicy[] = {
    {"maxBatchInstancePercent", "maxBatchInstancePercent", "int", 0},
    {"maxUnhealthyInstancePercent", "maxUnhealthyInstancePercent", "int", 0},
    {"maxUnhealthyUpgradedInstancePercent", "maxUnhealthyUpgradedInstancePercent", "int", 0},
    {"pauseTimeBetweenBatches", "pauseTimeBetweenBatches", "str", 0},
    {"enableCrossZoneUpgrade", "enableCrossZoneUpgrade", "bool", 0},
    {"prioritizeUnhealthyInstances", "prioritizeUnhealthyInstances", "bool", 0},
};
static const struct ak_model_attr cp_AutomaticOSUpgradePolicy[] = {
    {"enableAutomaticOsUpgrade", "enableAutomaticOSUpgrade", "bool", 0},
    {"disableAutomaticRollback", "disableAutomaticRollback", "bool", 0},
    {"useRollingUpgradePolicy", "useRollingUpgradePolicy", "bool", 0},
};
static const struct ak_model_attr cp_AutomaticRepairsPolicy[] = {
    {"enabled", "enabled", "bool", 0},
    {"gracePeriod", "gracePeriod", "str", 0},
    {"repairAction", "repairAction", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetVMProfile[] = {
    {"osProfile", "osProfile", "cp.VirtualMachineScaleSetOSProfile", 0},
    {"storageProfile", "storageProfile", "cp.VirtualMachineScaleSetStorageProfile", 0},
    {"networkProfile", "networkProfile", "cp.VirtualMachineScaleSetNetworkProfile", 0},
    {"securityProfile", "securityProfile", "cp.SecurityProfile", 0},
    {"diagnosticsProfile", "diagnosticsProfile", "cp.DiagnosticsProfile", 0},
    {"extensionProfile", "extensionProfile", "cp.VirtualMachineScaleSetExtensionProfile", 0},
    {"licenseType", "licenseType", "str", 0},
    {"priority", "priority", "str", 0},
    {"evictionPolicy", "evictionPolicy", "str", 0},
    {"billingProfile", "billingProfile", "cp.BillingProfile", 0},
    {"scheduledEventsProfile", "scheduledEventsProfile", "cp.ScheduledEventsProfile", 0},
    {"userData", "userData", "str", 0},
    {"capacityReservation", "capacityReservation", "cp.CapacityReservationProfile", 0},
    {"applicationProfile", "applicationProfile", "cp.ApplicationProfile", 0},
    {"hardwareProfile", "hardwareProfile", "cp.VirtualMachineScaleSetHardwareProfile", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetOSProfile[] = {
    {"computerNamePrefix", "computerNamePrefix", "str", 0},
    {"adminUsername", "adminUsername", "str", 0},
    {"adminPassword", "adminPassword", "str", 0},
    {"customData", "customData", "str", 0},
    {"windowsConfiguration", "windowsConfiguration", "cp.WindowsConfiguration", 0},
    {"linuxConfiguration", "linuxConfiguration", "cp.LinuxConfiguration", 0},
    {"secrets", "secrets", "[cp.VaultSecretGroup]", 0},
    {"allowExtensionOperations", "allowExtensionOperations", "bool", 0},
};
static const struct ak_model_attr cp_WindowsConfiguration[] = {
    {"provisionVmAgent", "provisionVMAgent", "bool", 0},
    {"enableAutomaticUpdates", "enableAutomaticUpdates", "bool", 0},
    {"timeZone", "timeZone", "str", 0},
    {"additionalUnattendContent", "additionalUnattendContent", "[cp.AdditionalUnattendContent]", 0},
    {"patchSettings", "patchSettings", "cp.PatchSettings", 0},
    {"winRm", "winRM", "cp.WinRMConfiguration", 0},
    {"enableVmAgentPlatformUpdates", "enableVMAgentPlatformUpdates", "bool", 0},
};
static const struct ak_model_attr cp_AdditionalUnattendContent[] = {
    {"passName", "passName", "str", 0},
    {"componentName", "componentName", "str", 0},
    {"settingName", "settingName", "str", 0},
    {"content", "content", "str", 0},
};
static const struct ak_model_attr cp_PatchSettings[] = {
    {"patchMode", "patchMode", "str", 0},
    {"enableHotpatching", "enableHotpatching", "bool", 0},
    {"assessmentMode", "assessmentMode", "str", 0},
    {"automaticByPlatformSettings", "automaticByPlatformSettings", "cp.WindowsVMGuestPatchAutomaticByPlatformSettings", 0},
};
static const struct ak_model_attr cp_WindowsVMGuestPatchAutomaticByPlatformSettings[] = {
    {"rebootSetting", "rebootSetting", "str", 0},
};
static const struct ak_model_attr cp_WinRMConfiguration[] = {
    {"listeners", "listeners", "[cp.WinRMListener]", 0},
};
static const struct ak_model_attr cp_WinRMListener[] = {
    {"protocol", "protocol", "str", 0},
    {"certificateUrl", "certificateUrl", "str", 0},
};
static const struct ak_model_attr cp_LinuxConfiguration[] = {
    {"disablePasswordAuthentication", "disablePasswordAuthentication", "bool", 0},
    {"ssh", "ssh", "cp.SshConfiguration", 0},
    {"provisionVmAgent", "provisionVMAgent", "bool", 0},
    {"patchSettings", "patchSettings", "cp.LinuxPatchSettings", 0},
    {"enableVmAgentPlatformUpdates", "enableVMAgentPlatformUpdates", "bool", 0},
};
static const struct ak_model_attr cp_SshConfiguration[] = {
    {"publicKeys", "publicKeys", "[cp.SshPublicKey]", 0},
};
static const struct ak_model_attr cp_SshPublicKey[] = {
    {"path", "path", "str", 0},
    {"keyData", "keyData", "str", 0},
};
static const struct ak_model_attr cp_LinuxPatchSettings[] = {
    {"patchMode", "patchMode", "str", 0},
    {"assessmentMode", "assessmentMode", "str", 0},
    {"automaticByPlatformSettings", "automaticByPlatformSettings", "cp.LinuxVMGuestPatchAutomaticByPlatformSettings", 0},
};
static const struct ak_model_attr cp_LinuxVMGuestPatchAutomaticByPlatformSettings[] = {
    {"rebootSetting", "rebootSetting", "str", 0},
};
static const struct ak_model_attr cp_VaultSecretGroup[] = {
    {"sourceVault", "sourceVault", "cp.SubResource", 0},
    {"vaultCertificates", "vaultCertificates", "[cp.VaultCertificate]", 0},
};
static const struct ak_model_attr cp_SubResource[] = {
    {"id", "id", "str", 0},
};
static const struct ak_model_attr cp_VaultCertificate[] = {
    {"certificateUrl", "certificateUrl", "str", 0},
    {"certificateStore", "certificateStore", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetStorageProfile[] = {
    {"imageReference", "imageReference", "cp.ImageReference", 0},
    {"osDisk", "osDisk", "cp.VirtualMachineScaleSetOSDisk", 0},
    {"dataDisks", "dataDisks", "[cp.VirtualMachineScaleSetDataDisk]", 0},
    {"diskControllerType", "diskControllerType", "str", 0},
};
static const struct ak_model_attr cp_ImageReference[] = {
    {"id", "id", "str", 0},
    {"publisher", "publisher", "str", 0},
    {"offer", "offer", "str", 0},
    {"sku", "sku", "str", 0},
    {"version", "version", "str", 0},
    {"exactVersion", "exactVersion", "str", 1},
    {"sharedGalleryImageId", "sharedGalleryImageId", "str", 0},
    {"communityGalleryImageId", "communityGalleryImageId", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetOSDisk[] = {
    {"name", "name", "str", 0},
    {"caching", "caching", "str", 0},
    {"writeAcceleratorEnabled", "writeAcceleratorEnabled", "bool", 0},
    {"createOption", "createOption", "str", 0},
    {"diffDiskSettings", "diffDiskSettings", "cp.DiffDiskSettings", 0},
    {"diskSizeGb", "diskSizeGB", "int", 0},
    {"osType", "osType", "str", 0},
    {"image", "image", "cp.VirtualHardDisk", 0},
    {"vhdContainers", "vhdContainers", "[str]", 0},
    {"managedDisk", "managedDisk", "cp.VirtualMachineScaleSetManagedDiskParameters", 0},
    {"deleteOption", "deleteOption", "str", 0},
};
static const struct ak_model_attr cp_DiffDiskSettings[] = {
    {"option", "option", "str", 0},
    {"placement", "placement", "str", 0},
};
static const struct ak_model_attr cp_VirtualHardDisk[] = {
    {"uri", "uri", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetManagedDiskParameters[] = {
    {"storageAccountType", "storageAccountType", "str", 0},
    {"diskEncryptionSet", "diskEncryptionSet", "cp.DiskEncryptionSetParameters", 0},
    {"securityProfile", "securityProfile", "cp.VMDiskSecurityProfile", 0},
};
static const struct ak_model_attr cp_DiskEncryptionSetParameters[] = {
    {"id", "id", "str", 0},
};
static const struct ak_model_attr cp_VMDiskSecurityProfile[] = {
    {"securityEncryptionType", "securityEncryptionType", "str", 0},
    {"diskEncryptionSet", "diskEncryptionSet", "cp.DiskEncryptionSetParameters", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetDataDisk[] = {
    {"name", "name", "str", 0},
    {"lun", "lun", "int", 0},
    {"caching", "caching", "str", 0},
    {"writeAcceleratorEnabled", "writeAcceleratorEnabled", "bool", 0},
    {"createOption", "createOption", "str", 0},
    {"diskSizeGb", "diskSizeGB", "int", 0},
    {"managedDisk", "managedDisk", "cp.VirtualMachineScaleSetManagedDiskParameters", 0},
    {"diskIopsReadWrite", "diskIOPSReadWrite", "int", 0},
    {"diskMBpsReadWrite", "diskMBpsReadWrite", "int", 0},
    {"deleteOption", "deleteOption", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetNetworkProfile[] = {
    {"healthProbe", "healthProbe", "cp.ApiEntityReference", 0},
    {"networkInterfaceConfigurations", "networkInterfaceConfigurations", "[cp.VirtualMachineScaleSetNetworkConfiguration]", 0},
    {"networkApiVersion", "networkApiVersion", "str", 0},
};
static const struct ak_model_attr cp_ApiEntityReference[] = {
    {"id", "id", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetNetworkConfiguration[] = {
    {"id", "id", "str", 0},
    {"name", "name", "str", 0},
    {"primary", "properties.primary", "bool", 0},
    {"enableAcceleratedNetworking", "properties.enableAcceleratedNetworking", "bool", 0},
    {"disableTcpStateTracking", "properties.disableTcpStateTracking", "bool", 0},
    {"enableFpga", "properties.enableFpga", "bool", 0},
    {"networkSecurityGroup", "properties.networkSecurityGroup", "cp.SubResource", 0},
    {"dnsSettings", "properties.dnsSettings", "cp.VirtualMachineScaleSetNetworkConfigurationDnsSettings", 0},
    {"ipConfigurations", "properties.ipConfigurations", "[cp.VirtualMachineScaleSetIPConfiguration]", 0},
    {"enableIpForwarding", "properties.enableIPForwarding", "bool", 0},
    {"deleteOption", "properties.deleteOption", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetNetworkConfigurationDnsSettings[] = {
    {"dnsServers", "dnsServers", "[str]", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetIPConfiguration[] = {
    {"id", "id", "str", 0},
    {"name", "name", "str", 0},
    {"subnet", "properties.subnet", "cp.ApiEntityReference", 0},
    {"primary", "properties.primary", "bool", 0},
    {"publicIpAddressConfiguration", "properties.publicIPAddressConfiguration", "cp.VirtualMachineScaleSetPublicIPAddressConfiguration", 0},
    {"privateIpAddressVersion", "properties.privateIPAddressVersion", "str", 0},
    {"applicationGatewayBackendAddressPools", "properties.applicationGatewayBackendAddressPools", "[cp.SubResource]", 0},
    {"applicationSecurityGroups", "properties.applicationSecurityGroups", "[cp.SubResource]", 0},
    {"loadBalancerBackendAddressPools", "properties.loadBalancerBackendAddressPools", "[cp.SubResource]", 0},
    {"loadBalancerInboundNatPools", "properties.loadBalancerInboundNatPools", "[cp.SubResource]", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetPublicIPAddressConfiguration[] = {
    {"name", "name", "str", 0},
    {"sku", "sku", "cp.PublicIPAddressSku", 0},
    {"idleTimeoutInMinutes", "properties.idleTimeoutInMinutes", "int", 0},
    {"dnsSettings", "properties.dnsSettings", "cp.VirtualMachineScaleSetPublicIPAddressConfigurationDnsSettings", 0},
    {"ipTags", "properties.ipTags", "[cp.VirtualMachineScaleSetIpTag]", 0},
    {"publicIpPrefix", "properties.publicIPPrefix", "cp.SubResource", 0},
    {"publicIpAddressVersion", "properties.publicIPAddressVersion", "str", 0},
    {"deleteOption", "properties.deleteOption", "str", 0},
};
static const struct ak_model_attr cp_PublicIPAddressSku[] = {
    {"name", "name", "str", 0},
    {"tier", "tier", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetPublicIPAddressConfigurationDnsSettings[] = {
    {"domainNameLabel", "domainNameLabel", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetIpTag[] = {
    {"ipTagType", "ipTagType", "str", 0},
    {"tag", "tag", "str", 0},
};
static const struct ak_model_attr cp_SecurityProfile[] = {
    {"uefiSettings", "uefiSettings", "cp.UefiSettings", 0},
    {"encryptionAtHost", "encryptionAtHost", "bool", 0},
    {"securityType", "securityType", "str", 0},
};
static const struct ak_model_attr cp_UefiSettings[] = {
    {"secureBootEnabled", "secureBootEnabled", "bool", 0},
    {"vTpmEnabled", "vTpmEnabled", "bool", 0},
};
static const struct ak_model_attr cp_DiagnosticsProfile[] = {
    {"bootDiagnostics", "bootDiagnostics", "cp.BootDiagnostics", 0},
};
static const struct ak_model_attr cp_BootDiagnostics[] = {
    {"enabled", "enabled", "bool", 0},
    {"storageUri", "storageUri", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetExtensionProfile[] = {
    {"extensions", "extensions", "[cp.VirtualMachineScaleSetExtension]", 0},
    {"extensionsTimeBudget", "extensionsTimeBudget", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetExtension[] = {
    {"id", "id", "str", 1},
    {"name", "name", "str", 0},
    {"type", "type", "str", 1},
    {"forceUpdateTag", "properties.forceUpdateTag", "str", 0},
    {"publisher", "properties.publisher", "str", 0},
    {"typePropertiesType", "properties.type", "str", 0},
    {"typeHandlerVersion", "properties.typeHandlerVersion", "str", 0},
    {"autoUpgradeMinorVersion", "properties.autoUpgradeMinorVersion", "bool", 0},
    {"enableAutomaticUpgrade", "properties.enableAutomaticUpgrade", "bool", 0},
    {"settings", "properties.settings", "object", 0},
    {"protectedSettings", "properties.protectedSettings", "object", 0},
    {"provisioningState", "properties.provisioningState", "str", 1},
    {"provisionAfterExtensions", "properties.provisionAfterExtensions", "[str]", 0},
    {"suppressFailures", "properties.suppressFailures", "bool", 0},
    {"protectedSettingsFromKeyVault", "properties.protectedSettingsFromKeyVault", "cp.KeyVaultSecretReference", 0},
};
static const struct ak_model_attr cp_KeyVaultSecretReference[] = {
    {"secretUrl", "secretUrl", "str", 0},
    {"sourceVault", "sourceVault", "cp.SubResource", 0},
};
static const struct ak_model_attr cp_BillingProfile[] = {
    {"maxPrice", "maxPrice", "float", 0},
};
static const struct ak_model_attr cp_ScheduledEventsProfile[] = {
    {"terminateNotificationProfile", "terminateNotificationProfile", "cp.TerminateNotificationProfile", 0},
};
static const struct ak_model_attr cp_TerminateNotificationProfile[] = {
    {"notBeforeTimeout", "notBeforeTimeout", "str", 0},
    {"enable", "enable", "bool", 0},
};
static const struct ak_model_attr cp_CapacityReservationProfile[] = {
    {"capacityReservationGroup", "capacityReservationGroup", "cp.SubResource", 0},
};
static const struct ak_model_attr cp_ApplicationProfile[] = {
    {"galleryApplications", "galleryApplications", "[cp.VMGalleryApplication]", 0},
};
static const struct ak_model_attr cp_VMGalleryApplication[] = {
    {"tags", "tags", "str", 0},
    {"order", "order", "int", 0},
    {"packageReferenceId", "packageReferenceId", "str", 0},
    {"configurationReference", "configurationReference", "str", 0},
    {"treatFailureAsDeploymentFailure", "treatFailureAsDeploymentFailure", "bool", 0},
    {"enableAutomaticUpgrade", "enableAutomaticUpgrade", "bool", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetHardwareProfile[] = {
    {"vmSizeProperties", "vmSizeProperties", "cp.VMSizeProperties", 0},
};
static const struct ak_model_attr cp_VMSizeProperties[] = {
    {"vCpusAvailable", "vCPUsAvailable", "int", 0},
    {"vCpusPerCore", "vCPUsPerCore", "int", 0},
};
static const struct ak_model_attr cp_AdditionalCapabilities[] = {
    {"ultraSsdEnabled", "ultraSSDEnabled", "bool", 0},
    {"hibernationEnabled", "hibernationEnabled", "bool", 0},
};
static const struct ak_model_attr cp_ScaleInPolicy[] = {
    {"rules", "rules", "[str]", 0},
    {"forceDeletion", "forceDeletion", "bool", 0},
};
static const struct ak_model_attr cp_SpotRestorePolicy[] = {
    {"enabled", "enabled", "bool", 0},
    {"restoreTimeout", "restoreTimeout", "str", 0},
};
static const struct ak_model_attr cp_PriorityMixPolicy[] = {
    {"baseRegularPriorityCount", "baseRegularPriorityCount", "int", 0},
    {"regularPriorityPercentageAboveBase", "regularPriorityPercentageAboveBase", "int", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetVM[] = {
    {"id", "id", "str", 1},
    {"name", "name", "str", 1},
    {"type", "type", "str", 1},
    {"location", "location", "str", 0},
    {"tags", "tags", "{str}", 0},
    {"instanceId", "instanceId", "str", 1},
    {"sku", "sku", "cp.Sku", 1},
    {"plan", "plan", "cp.Plan", 0},
    {"resources", "resources", "[cp.VirtualMachineExtension]", 1},
    {"zones", "zones", "[str]", 1},
    {"identity", "identity", "cp.VirtualMachineIdentity", 0},
    {"latestModelApplied", "properties.latestModelApplied", "bool", 1},
    {"vmId", "properties.vmId", "str", 1},
    {"instanceView", "properties.instanceView", "cp.VirtualMachineScaleSetVMInstanceView", 1},
    {"hardwareProfile", "properties.hardwareProfile", "cp.HardwareProfile", 0},
    {"storageProfile", "properties.storageProfile", "cp.StorageProfile", 0},
    {"additionalCapabilities", "properties.additionalCapabilities", "cp.AdditionalCapabilities", 0},
    {"osProfile", "properties.osProfile", "cp.OSProfile", 0},
    {"securityProfile", "properties.securityProfile", "cp.SecurityProfile", 0},
    {"networkProfile", "properties.networkProfile", "cp.NetworkProfile", 0},
    {"networkProfileConfiguration", "properties.networkProfileConfiguration", "cp.VirtualMachineScaleSetVMNetworkProfileConfiguration", 0},
    {"diagnosticsProfile", "properties.diagnosticsProfile", "cp.DiagnosticsProfile", 0},
    {"availabilitySet", "properties.availabilitySet", "cp.SubResource", 0},
    {"provisioningState", "properties.provisioningState", "str", 1},
    {"licenseType", "properties.licenseType", "str", 0},
    {"modelDefinitionApplied", "properties.modelDefinitionApplied", "str", 1},
    {"protectionPolicy", "properties.protectionPolicy", "cp.VirtualMachineScaleSetVMProtectionPolicy", 0},
    {"userData", "properties.userData", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineExtension[] = {
    {"location", "location", "str", 0},
    {"id", "id", "str", 1},
    {"name", "name", "str", 1},
    {"type", "type", "str", 1},
    {"tags", "tags", "{str}", 0},
    {"forceUpdateTag", "properties.forceUpdateTag", "str", 0},
    {"publisher", "properties.publisher", "str", 0},
    {"typePropertiesType", "properties.type", "str", 0},
    {"typeHandlerVersion", "properties.typeHandlerVersion", "str", 0},
    {"autoUpgradeMinorVersion", "properties.autoUpgradeMinorVersion", "bool", 0},
    {"enableAutomaticUpgrade", "properties.enableAutomaticUpgrade", "bool", 0},
    {"settings", "properties.settings", "object", 0},
    {"protectedSettings", "properties.protectedSettings", "object", 0},
    {"provisioningState", "properties.provisioningState", "str", 1},
    {"instanceView", "properties.instanceView", "cp.VirtualMachineExtensionInstanceView", 0},
    {"suppressFailures", "properties.suppressFailures", "bool", 0},
    {"protectedSettingsFromKeyVault", "properties.protectedSettingsFromKeyVault", "cp.KeyVaultSecretReference", 0},
};
static const struct ak_model_attr cp_VirtualMachineExtensionInstanceView[] = {
    {"name", "name", "str", 0},
    {"type", "type", "str", 0},
    {"typeHandlerVersion", "typeHandlerVersion", "str", 0},
    {"substatuses", "substatuses", "[cp.InstanceViewStatus]", 0},
    {"statuses", "statuses", "[cp.InstanceViewStatus]", 0},
};
static const struct ak_model_attr cp_InstanceViewStatus[] = {
    {"code", "code", "str", 0},
    {"level", "level", "str", 0},
    {"displayStatus", "displayStatus", "str", 0},
    {"message", "message", "str", 0},
    {"time", "time", "iso-8601", 0},
};
static const struct ak_model_attr cp_VirtualMachineIdentity[] = {
    {"principalId", "principalId", "str", 1},
    {"tenantId", "tenantId", "str", 1},
    {"type", "type", "str", 0},
    {"userAssignedIdentities", "userAssignedIdentities", "{cp.UserAssignedIdentitiesValue}", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetVMInstanceView[] = {
    {"platformUpdateDomain", "platformUpdateDomain", "int", 0},
    {"platformFaultDomain", "platformFaultDomain", "int", 0},
    {"rdpThumbPrint", "rdpThumbPrint", "str", 0},
    {"vmAgent", "vmAgent", "cp.VirtualMachineAgentInstanceView", 0},
    {"maintenanceRedeployStatus", "maintenanceRedeployStatus", "cp.MaintenanceRedeployStatus", 0},
    {"disks", "disks", "[cp.DiskInstanceView]", 0},
    {"extensions", "extensions", "[cp.VirtualMachineExtensionInstanceView]", 0},
    {"vmHealth", "vmHealth", "cp.VirtualMachineHealthStatus", 1},
    {"bootDiagnostics", "bootDiagnostics", "cp.BootDiagnosticsInstanceView", 0},
    {"statuses", "statuses", "[cp.InstanceViewStatus]", 0},
    {"assignedHost", "assignedHost", "str", 1},
    {"placementGroupId", "placementGroupId", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineAgentInstanceView[] = {
    {"vmAgentVersion", "vmAgentVersion", "str", 0},
    {"extensionHandlers", "extensionHandlers", "[cp.VirtualMachineExtensionHandlerInstanceView]", 0},
    {"statuses", "statuses", "[cp.InstanceViewStatus]", 0},
};
static const struct ak_model_attr cp_VirtualMachineExtensionHandlerInstanceView[] = {
    {"type", "type", "str", 0},
    {"typeHandlerVersion", "typeHandlerVersion", "str", 0},
    {"status", "status", "cp.InstanceViewStatus", 0},
};
static const struct ak_model_attr cp_MaintenanceRedeployStatus[] = {
    {"isCustomerInitiatedMaintenanceAllowed", "isCustomerInitiatedMaintenanceAllowed", "bool", 0},
    {"preMaintenanceWindowStartTime", "preMaintenanceWindowStartTime", "iso-8601", 0},
    {"preMaintenanceWindowEndTime", "preMaintenanceWindowEndTime", "iso-8601", 0},
    {"maintenanceWindowStartTime", "maintenanceWindowStartTime", "iso-8601", 0},
    {"maintenanceWindowEndTime", "maintenanceWindowEndTime", "iso-8601", 0},
    {"lastOperationResultCode", "lastOperationResultCode", "str", 0},
    {"lastOperationMessage", "lastOperationMessage", "str", 0},
};
static const struct ak_model_attr cp_DiskInstanceView[] = {
    {"name", "name", "str", 0},
    {"encryptionSettings", "encryptionSettings", "[cp.DiskEncryptionSettings]", 0},
    {"statuses", "statuses", "[cp.InstanceViewStatus]", 0},
};
static const struct ak_model_attr cp_DiskEncryptionSettings[] = {
    {"diskEncryptionKey", "diskEncryptionKey", "cp.KeyVaultSecretReference", 0},
    {"keyEncryptionKey", "keyEncryptionKey", "cp.KeyVaultKeyReference", 0},
    {"enabled", "enabled", "bool", 0},
};
static const struct ak_model_attr cp_KeyVaultKeyReference[] = {
    {"keyUrl", "keyUrl", "str", 0},
    {"sourceVault", "sourceVault", "cp.SubResource", 0},
};
static const struct ak_model_attr cp_VirtualMachineHealthStatus[] = {
    {"status", "status", "cp.InstanceViewStatus", 1},
};
static const struct ak_model_attr cp_BootDiagnosticsInstanceView[] = {
    {"consoleScreenshotBlobUri", "consoleScreenshotBlobUri", "str", 1},
    {"serialConsoleLogBlobUri", "serialConsoleLogBlobUri", "str", 1},
    {"status", "status", "cp.InstanceViewStatus", 1},
};
static const struct ak_model_attr cp_HardwareProfile[] = {
    {"vmSize", "vmSize", "str", 0},
    {"vmSizeProperties", "vmSizeProperties", "cp.VMSizeProperties", 0},
};
static const struct ak_model_attr cp_StorageProfile[] = {
    {"imageReference", "imageReference", "cp.ImageReference", 0},
    {"osDisk", "osDisk", "cp.OSDisk", 0},
    {"dataDisks", "dataDisks", "[cp.DataDisk]", 0},
    {"diskControllerType", "diskControllerType", "str", 0},
};
static const struct ak_model_attr cp_OSDisk[] = {
    {"osType", "osType", "str", 0},
    {"encryptionSettings", "encryptionSettings", "cp.DiskEncryptionSettings", 0},
    {"name", "name", "str", 0},
    {"vhd", "vhd", "cp.VirtualHardDisk", 0},
    {"image", "image", "cp.VirtualHardDisk", 0},
    {"caching", "caching", "str", 0},
    {"writeAcceleratorEnabled", "writeAcceleratorEnabled", "bool", 0},
    {"diffDiskSettings", "diffDiskSettings", "cp.DiffDiskSettings", 0},
    {"createOption", "createOption", "str", 0},
    {"diskSizeGb", "diskSizeGB", "int", 0},
    {"managedDisk", "managedDisk", "cp.ManagedDiskParameters", 0},
    {"deleteOption", "deleteOption", "str", 0},
};
static const struct ak_model_attr cp_ManagedDiskParameters[] = {
    {"id", "id", "str", 0},
    {"storageAccountType", "storageAccountType", "str", 0},
    {"diskEncryptionSet", "diskEncryptionSet", "cp.DiskEncryptionSetParameters", 0},
    {"securityProfile", "securityProfile", "cp.VMDiskSecurityProfile", 0},
};
static const struct ak_model_attr cp_DataDisk[] = {
    {"lun", "lun", "int", 0},
    {"name", "name", "str", 0},
    {"vhd", "vhd", "cp.VirtualHardDisk", 0},
    {"image", "image", "cp.VirtualHardDisk", 0},
    {"caching", "caching", "str", 0},
    {"writeAcceleratorEnabled", "writeAcceleratorEnabled", "bool", 0},
    {"createOption", "createOption", "str", 0},
    {"diskSizeGb", "diskSizeGB", "int", 0},
    {"managedDisk", "managedDisk", "cp.ManagedDiskParameters", 0},
    {"toBeDetached", "toBeDetached", "bool", 0},
    {"diskIopsReadWrite", "diskIOPSReadWrite", "int", 1},
    {"diskMBpsReadWrite", "diskMBpsReadWrite", "int", 1},
    {"detachOption", "detachOption", "str", 0},
    {"deleteOption", "deleteOption", "str", 0},
};
static const struct ak_model_attr cp_OSProfile[] = {
    {"computerName", "computerName", "str", 0},
    {"adminUsername", "adminUsername", "str", 0},
    {"adminPassword", "adminPassword", "str", 0},
    {"customData", "customData", "str", 0},
    {"windowsConfiguration", "windowsConfiguration", "cp.WindowsConfiguration", 0},
    {"linuxConfiguration", "linuxConfiguration", "cp.LinuxConfiguration", 0},
    {"secrets", "secrets", "[cp.VaultSecretGroup]", 0},
    {"allowExtensionOperations", "allowExtensionOperations", "bool", 0},
    {"requireGuestProvisionSignal", "requireGuestProvisionSignal", "bool", 0},
};
static const struct ak_model_attr cp_NetworkProfile[] = {
    {"networkInterfaces", "networkInterfaces", "[cp.NetworkInterfaceReference]", 0},
    {"networkApiVersion", "networkApiVersion", "str", 0},
    {"networkInterfaceConfigurations", "networkInterfaceConfigurations", "[cp.VirtualMachineNetworkInterfaceConfiguration]", 0},
};
static const struct ak_model_attr cp_NetworkInterfaceReference[] = {
    {"id", "id", "str", 0},
    {"primary", "properties.primary", "bool", 0},
    {"deleteOption", "properties.deleteOption", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineNetworkInterfaceConfiguration[] = {
    {"name", "name", "str", 0},
    {"primary", "properties.primary", "bool", 0},
    {"deleteOption", "properties.deleteOption", "str", 0},
    {"enableAcceleratedNetworking", "properties.enableAcceleratedNetworking", "bool", 0},
    {"disableTcpStateTracking", "properties.disableTcpStateTracking", "bool", 0},
    {"enableFpga", "properties.enableFpga", "bool", 0},
    {"enableIpForwarding", "properties.enableIPForwarding", "bool", 0},
    {"networkSecurityGroup", "properties.networkSecurityGroup", "cp.SubResource", 0},
    {"dnsSettings", "properties.dnsSettings", "cp.VirtualMachineNetworkInterfaceDnsSettingsConfiguration", 0},
    {"ipConfigurations", "properties.ipConfigurations", "[cp.VirtualMachineNetworkInterfaceIPConfiguration]", 0},
    {"dscpConfiguration", "properties.dscpConfiguration", "cp.SubResource", 0},
};
static const struct ak_model_attr cp_VirtualMachineNetworkInterfaceDnsSettingsConfiguration[] = {
    {"dnsServers", "dnsServers", "[str]", 0},
};
static const struct ak_model_attr cp_VirtualMachineNetworkInterfaceIPConfiguration[] = {
    {"name", "name", "str", 0},
    {"subnet", "properties.subnet", "cp.SubResource", 0},
    {"primary", "properties.primary", "bool", 0},
    {"publicIpAddressConfiguration", "properties.publicIPAddressConfiguration", "cp.VirtualMachinePublicIPAddressConfiguration", 0},
    {"privateIpAddressVersion", "properties.privateIPAddressVersion", "str", 0},
    {"applicationSecurityGroups", "properties.applicationSecurityGroups", "[cp.SubResource]", 0},
    {"applicationGatewayBackendAddressPools", "properties.applicationGatewayBackendAddressPools", "[cp.SubResource]", 0},
    {"loadBalancerBackendAddressPools", "properties.loadBalancerBackendAddressPools", "[cp.SubResource]", 0},
};
static const struct ak_model_attr cp_VirtualMachinePublicIPAddressConfiguration[] = {
    {"name", "name", "str", 0},
    {"sku", "sku", "cp.PublicIPAddressSku", 0},
    {"idleTimeoutInMinutes", "properties.idleTimeoutInMinutes", "int", 0},
    {"deleteOption", "properties.deleteOption", "str", 0},
    {"dnsSettings", "properties.dnsSettings", "cp.VirtualMachinePublicIPAddressDnsSettingsConfiguration", 0},
    {"ipTags", "properties.ipTags", "[cp.VirtualMachineIpTag]", 0},
    {"publicIpPrefix", "properties.publicIPPrefix", "cp.SubResource", 0},
    {"publicIpAddressVersion", "properties.publicIPAddressVersion", "str", 0},
    {"publicIpAllocationMethod", "properties.publicIPAllocationMethod", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachinePublicIPAddressDnsSettingsConfiguration[] = {
    {"domainNameLabel", "domainNameLabel", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineIpTag[] = {
    {"ipTagType", "ipTagType", "str", 0},
    {"tag", "tag", "str", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetVMNetworkProfileConfiguration[] = {
    {"networkInterfaceConfigurations", "networkInterfaceConfigurations", "[cp.VirtualMachineScaleSetNetworkConfiguration]", 0},
};
static const struct ak_model_attr cp_VirtualMachineScaleSetVMProtectionPolicy[] = {
    {"protectFromScaleIn", "protectFromScaleIn", "bool", 0},
    {"protectFromScaleSetActions", "protectFromScaleSetActions", "bool", 0},
};

static const struct ak_model models[] = {
    {"cp.AdditionalCapabilities", cp_AdditionalCapabilities, sizeof(cp_AdditionalCapabilities) / sizeof(cp_AdditionalCapabilities[0])},
    {"cp.AdditionalUnattendContent", cp_AdditionalUnattendContent, sizeof(cp_AdditionalUnattendContent) / sizeof(cp_AdditionalUnattendContent[0])},
    {"cp.ApiEntityReference", cp_ApiEntityReference, sizeof(cp_ApiEntityReference) / sizeof(cp_ApiEntityReference[0])},
    {"cp.ApplicationProfile", cp_ApplicationProfile, sizeof(cp_ApplicationProfile) / sizeof(cp_ApplicationProfile[0])},
    {"cp.AutomaticOSUpgradePolicy", cp_AutomaticOSUpgradePolicy, sizeof(cp_AutomaticOSUpgradePolicy) / sizeof(cp_AutomaticOSUpgradePolicy[0])},
    {"cp.AutomaticRepairsPolicy", cp_AutomaticRepairsPolicy, sizeof(cp_AutomaticRepairsPolicy) / sizeof(cp_AutomaticRepairsPolicy[0])},
    {"cp.BillingProfile", cp_BillingProfile, sizeof(cp_BillingProfile) / sizeof(cp_BillingProfile[0])},
    {"cp.BootDiagnostics", cp_BootDiagnostics, sizeof(cp_BootDiagnostics) / sizeof(cp_BootDiagnostics[0])},
    {"cp.BootDiagnosticsInstanceView", cp_BootDiagnosticsInstanceView, sizeof(cp_BootDiagnosticsInstanceView) / sizeof(cp_BootDiagnosticsInstanceView[0])},
    {"cp.CapacityReservationProfile", cp_CapacityReservationProfile, sizeof(cp_CapacityReservationProfile) / sizeof(cp_CapacityReservationProfile[0])},
    {"cp.DataDisk", cp_DataDisk, sizeof(cp_DataDisk) / sizeof(cp_DataDisk[0])},
    {"cp.DiagnosticsProfile", cp_DiagnosticsProfile, sizeof(cp_DiagnosticsProfile) / sizeof(cp_DiagnosticsProfile[0])},
    {"cp.DiffDiskSettings", cp_DiffDiskSettings, sizeof(cp_DiffDiskSettings) / sizeof(cp_DiffDiskSettings[0])},
    {"cp.DiskEncryptionSetParameters", cp_DiskEncryptionSetParameters, sizeof(cp_DiskEncryptionSetParameters) / sizeof(cp_DiskEncryptionSetParameters[0])},
    {"cp.DiskEncryptionSettings", cp_DiskEncryptionSettings, sizeof(cp_DiskEncryptionSettings) / sizeof(cp_DiskEncryptionSettings[0])},
    {"cp.DiskInstanceView", cp_DiskInstanceView, sizeof(cp_DiskInstanceView) / sizeof(cp_DiskInstanceView[0])},
    {"cp.ExtendedLocation", cp_ExtendedLocation, sizeof(cp_ExtendedLocation) / sizeof(cp_ExtendedLocation[0])},
    {"cp.HardwareProfile", cp_HardwareProfile, sizeof(cp_HardwareProfile) / sizeof(cp_HardwareProfile[0])},
    {"cp.ImageReference", cp_ImageReference, sizeof(cp_ImageReference) / sizeof(cp_ImageReference[0])},
    {"cp.InstanceViewStatus", cp_InstanceViewStatus, sizeof(cp_InstanceViewStatus) / sizeof(cp_InstanceViewStatus[0])},
    {"cp.KeyVaultKeyReference", cp_KeyVaultKeyReference, sizeof(cp_KeyVaultKeyReference) / sizeof(cp_KeyVaultKeyReference[0])},
    {"cp.KeyVaultSecretReference", cp_KeyVaultSecretReference, sizeof(cp_KeyVaultSecretReference) / sizeof(cp_KeyVaultSecretReference[0])},
    {"cp.LinuxConfiguration", cp_LinuxConfiguration, sizeof(cp_LinuxConfiguration) / sizeof(cp_LinuxConfiguration[0])},
    {"cp.LinuxPatchSettings", cp_LinuxPatchSettings, sizeof(cp_LinuxPatchSettings) / sizeof(cp_LinuxPatchSettings[0])},
    {"cp.LinuxVMGuestPatchAutomaticByPlatformSettings", cp_LinuxVMGuestPatchAutomaticByPlatformSettings, sizeof(cp_LinuxVMGuestPatchAutomaticByPlatformSettings) / sizeof(cp_LinuxVMGuestPatchAutomaticByPlatformSettings[0])},
    {"cp.MaintenanceRedeployStatus", cp_MaintenanceRedeployStatus, sizeof(cp_MaintenanceRedeployStatus) / sizeof(cp_MaintenanceRedeployStatus[0])},
    {"cp.ManagedDiskParameters", cp_ManagedDiskParameters, sizeof(cp_ManagedDiskParameters) / sizeof(cp_ManagedDiskParameters[0])},
    {"cp.NetworkInterfaceReference", cp_NetworkInterfaceReference, sizeof(cp_NetworkInterfaceReference) / sizeof(cp_NetworkInterfaceReference[0])},
    {"cp.NetworkProfile", cp_NetworkProfile, sizeof(cp_NetworkProfile) / sizeof(cp_NetworkProfile[0])},
    {"cp.OSDisk", cp_OSDisk, sizeof(cp_OSDisk) / sizeof(cp_OSDisk[0])},
    {"cp.OSProfile", cp_OSProfile, sizeof(cp_OSProfile) / sizeof(cp_OSProfile[0])},
    {"cp.PatchSettings", cp_PatchSettings, sizeof(cp_PatchSettings) / sizeof(cp_PatchSettings[0])},
    {"cp.Plan", cp_Plan, sizeof(cp_Plan) / sizeof(cp_Plan[0])},
    {"cp.PriorityMixPolicy", cp_PriorityMixPolicy, sizeof(cp_PriorityMixPolicy) / sizeof(cp_PriorityMixPolicy[0])},
    {"cp.PublicIPAddressSku", cp_PublicIPAddressSku, sizeof(cp_PublicIPAddressSku) / sizeof(cp_PublicIPAddressSku[0])},
    {"cp.RollingUpgradePolicy", cp_RollingUpgradePolicy, sizeof(cp_RollingUpgradePolicy) / sizeof(cp_RollingUpgradePolicy[0])},
    {"cp.ScaleInPolicy", cp_ScaleInPolicy, sizeof(cp_ScaleInPolicy) / sizeof(cp_ScaleInPolicy[0])},
    {"cp.ScheduledEventsProfile", cp_ScheduledEventsProfile, sizeof(cp_ScheduledEventsProfile) / sizeof(cp_ScheduledEventsProfile[0])},
    {"cp.SecurityProfile", cp_SecurityProfile, sizeof(cp_SecurityProfile) / sizeof(cp_SecurityProfile[0])},
    {"cp.Sku", cp_Sku, sizeof(cp_Sku) / sizeof(cp_Sku[0])},
    {"cp.SpotRestorePolicy", cp_SpotRestorePolicy, sizeof(cp_SpotRestorePolicy) / sizeof(cp_SpotRestorePolicy[0])},
    {"cp.SshConfiguration", cp_SshConfiguration, sizeof(cp_SshConfiguration) / sizeof(cp_SshConfiguration[0])},
    {"cp.SshPublicKey", cp_SshPublicKey, sizeof(cp_SshPublicKey) / sizeof(cp_SshPublicKey[0])},
    {"cp.StorageProfile", cp_StorageProfile, sizeof(cp_StorageProfile) / sizeof(cp_StorageProfile[0])},
    {"cp.SubResource", cp_SubResource, sizeof(cp_SubResource) / sizeof(cp_SubResource[0])},
    {"cp.TerminateNotificationProfile", cp_TerminateNotificationProfile, sizeof(cp_TerminateNotificationProfile) / sizeof(cp_TerminateNotificationProfile[0])},
    {"cp.UefiSettings", cp_UefiSettings, sizeof(cp_UefiSettings) / sizeof(cp_UefiSettings[0])},
    {"cp.UpgradePolicy", cp_UpgradePolicy, sizeof(cp_UpgradePolicy) / sizeof(cp_UpgradePolicy[0])},
    {"cp.UserAssignedIdentitiesValue", cp_UserAssignedIdentitiesValue, sizeof(cp_UserAssignedIdentitiesValue) / sizeof(cp_UserAssignedIdentitiesValue[0])},
    {"cp.VMDiskSecurityProfile", cp_VMDiskSecurityProfile, sizeof(cp_VMDiskSecurityProfile) / sizeof(cp_VMDiskSecurityProfile[0])},
    {"cp.VMGalleryApplication", cp_VMGalleryApplication, sizeof(cp_VMGalleryApplication) / sizeof(cp_VMGalleryApplication[0])},
    {"cp.VMSizeProperties", cp_VMSizeProperties, sizeof(cp_VMSizeProperties) / sizeof(cp_VMSizeProperties[0])},
    {"cp.VaultCertificate", cp_VaultCertificate, sizeof(cp_VaultCertificate) / sizeof(cp_VaultCertificate[0])},
    {"cp.VaultSecretGroup", cp_VaultSecretGroup, sizeof(cp_VaultSecretGroup) / sizeof(cp_VaultSecretGroup[0])},
    {"cp.VirtualHardDisk", cp_VirtualHardDisk, sizeof(cp_VirtualHardDisk) / sizeof(cp_VirtualHardDisk[0])},
    {"cp.VirtualMachineAgentInstanceView", cp_VirtualMachineAgentInstanceView, sizeof(cp_VirtualMachineAgentInstanceView) / sizeof(cp_VirtualMachineAgentInstanceView[0])},
    {"cp.VirtualMachineExtension", cp_VirtualMachineExtension, sizeof(cp_VirtualMachineExtension) / sizeof(cp_VirtualMachineExtension[0])},
    {"cp.VirtualMachineExtensionHandlerInstanceView", cp_VirtualMachineExtensionHandlerInstanceView, sizeof(cp_VirtualMachineExtensionHandlerInstanceView) / sizeof(cp_VirtualMachineExtensionHandlerInstanceView[0])},
    {"cp.VirtualMachineExtensionInstanceView", cp_VirtualMachineExtensionInstanceView, sizeof(cp_VirtualMachineExtensionInstanceView) / sizeof(cp_VirtualMachineExtensionInstanceView[0])},
    {"cp.VirtualMachineHealthStatus", cp_VirtualMachineHealthStatus, sizeof(cp_VirtualMachineHealthStatus) / sizeof(cp_VirtualMachineHealthStatus[0])},
    {"cp.VirtualMachineIdentity", cp_VirtualMachineIdentity, sizeof(cp_VirtualMachineIdentity) / sizeof(cp_VirtualMachineIdentity[0])},
    {"cp.VirtualMachineIpTag", cp_VirtualMachineIpTag, sizeof(cp_VirtualMachineIpTag) / sizeof(cp_VirtualMachineIpTag[0])},
    {"cp.VirtualMachineNetworkInterfaceConfiguration", cp_VirtualMachineNetworkInterfaceConfiguration, sizeof(cp_VirtualMachineNetworkInterfaceConfiguration) / sizeof(cp_VirtualMachineNetworkInterfaceConfiguration[0])},
    {"cp.VirtualMachineNetworkInterfaceDnsSettingsConfiguration", cp_VirtualMachineNetworkInterfaceDnsSettingsConfiguration, sizeof(cp_VirtualMachineNetworkInterfaceDnsSettingsConfiguration) / sizeof(cp_VirtualMachineNetworkInterfaceDnsSettingsConfiguration[0])},
    {"cp.VirtualMachineNetworkInterfaceIPConfiguration", cp_VirtualMachineNetworkInterfaceIPConfiguration, sizeof(cp_VirtualMachineNetworkInterfaceIPConfiguration) / sizeof(cp_VirtualMachineNetworkInterfaceIPConfiguration[0])},
    {"cp.VirtualMachinePublicIPAddressConfiguration", cp_VirtualMachinePublicIPAddressConfiguration, sizeof(cp_VirtualMachinePublicIPAddressConfiguration) / sizeof(cp_VirtualMachinePublicIPAddressConfiguration[0])},
    {"cp.VirtualMachinePublicIPAddressDnsSettingsConfiguration", cp_VirtualMachinePublicIPAddressDnsSettingsConfiguration, sizeof(cp_VirtualMachinePublicIPAddressDnsSettingsConfiguration) / sizeof(cp_VirtualMachinePublicIPAddressDnsSettingsConfiguration[0])},
    {"cp.VirtualMachineScaleSet", cp_VirtualMachineScaleSet, sizeof(cp_VirtualMachineScaleSet) / sizeof(cp_VirtualMachineScaleSet[0])},
    {"cp.VirtualMachineScaleSetDataDisk", cp_VirtualMachineScaleSetDataDisk, sizeof(cp_VirtualMachineScaleSetDataDisk) / sizeof(cp_VirtualMachineScaleSetDataDisk[0])},
    {"cp.VirtualMachineScaleSetExtension", cp_VirtualMachineScaleSetExtension, sizeof(cp_VirtualMachineScaleSetExtension) / sizeof(cp_VirtualMachineScaleSetExtension[0])},
    {"cp.VirtualMachineScaleSetExtensionProfile", cp_VirtualMachineScaleSetExtensionProfile, sizeof(cp_VirtualMachineScaleSetExtensionProfile) / sizeof(cp_VirtualMachineScaleSetExtensionProfile[0])},
    {"cp.VirtualMachineScaleSetHardwareProfile", cp_VirtualMachineScaleSetHardwareProfile, sizeof(cp_VirtualMachineScaleSetHardwareProfile) / sizeof(cp_VirtualMachineScaleSetHardwareProfile[0])},
    {"cp.VirtualMachineScaleSetIPConfiguration", cp_VirtualMachineScaleSetIPConfiguration, sizeof(cp_VirtualMachineScaleSetIPConfiguration) / sizeof(cp_VirtualMachineScaleSetIPConfiguration[0])},
    {"cp.VirtualMachineScaleSetIdentity", cp_VirtualMachineScaleSetIdentity, sizeof(cp_VirtualMachineScaleSetIdentity) / sizeof(cp_VirtualMachineScaleSetIdentity[0])},
    {"cp.VirtualMachineScaleSetIpTag", cp_VirtualMachineScaleSetIpTag, sizeof(cp_VirtualMachineScaleSetIpTag) / sizeof(cp_VirtualMachineScaleSetIpTag[0])},
    {"cp.VirtualMachineScaleSetManagedDiskParameters", cp_VirtualMachineScaleSetManagedDiskParameters, sizeof(cp_VirtualMachineScaleSetManagedDiskParameters) / sizeof(cp_VirtualMachineScaleSetManagedDiskParameters[0])},
    {"cp.VirtualMachineScaleSetNetworkConfiguration", cp_VirtualMachineScaleSetNetworkConfiguration, sizeof(cp_VirtualMachineScaleSetNetworkConfiguration) / sizeof(cp_VirtualMachineScaleSetNetworkConfiguration[0])},
    {"cp.VirtualMachineScaleSetNetworkConfigurationDnsSettings", cp_VirtualMachineScaleSetNetworkConfigurationDnsSettings, sizeof(cp_VirtualMachineScaleSetNetworkConfigurationDnsSettings) / sizeof(cp_VirtualMachineScaleSetNetworkConfigurationDnsSettings[0])},
    {"cp.VirtualMachineScaleSetNetworkProfile", cp_VirtualMachineScaleSetNetworkProfile, sizeof(cp_VirtualMachineScaleSetNetworkProfile) / sizeof(cp_VirtualMachineScaleSetNetworkProfile[0])},
    {"cp.VirtualMachineScaleSetOSDisk", cp_VirtualMachineScaleSetOSDisk, sizeof(cp_VirtualMachineScaleSetOSDisk) / sizeof(cp_VirtualMachineScaleSetOSDisk[0])},
    {"cp.VirtualMachineScaleSetOSProfile", cp_VirtualMachineScaleSetOSProfile, sizeof(cp_VirtualMachineScaleSetOSProfile) / sizeof(cp_VirtualMachineScaleSetOSProfile[0])},
    {"cp.VirtualMachineScaleSetPublicIPAddressConfiguration", cp_VirtualMachineScaleSetPublicIPAddressConfiguration, sizeof(cp_VirtualMachineScaleSetPublicIPAddressConfiguration) / sizeof(cp_VirtualMachineScaleSetPublicIPAddressConfiguration[0])},
    {"cp.VirtualMachineScaleSetPublicIPAddressConfigurationDnsSettings", cp_VirtualMachineScaleSetPublicIPAddressConfigurationDnsSettings, sizeof(cp_VirtualMachineScaleSetPublicIPAddressConfigurationDnsSettings) / sizeof(cp_VirtualMachineScaleSetPublicIPAddressConfigurationDnsSettings[0])},
    {"cp.VirtualMachineScaleSetStorageProfile", cp_VirtualMachineScaleSetStorageProfile, sizeof(cp_VirtualMachineScaleSetStorageProfile) / sizeof(cp_VirtualMachineScaleSetStorageProfile[0])},
    {"cp.VirtualMachineScaleSetVM", cp_VirtualMachineScaleSetVM, sizeof(cp_VirtualMachineScaleSetVM) / sizeof(cp_VirtualMachineScaleSetVM[0])},
    {"cp.VirtualMachineScaleSetVMInstanceView", cp_VirtualMachineScaleSetVMInstanceView, sizeof(cp_VirtualMachineScaleSetVMInstanceView) / sizeof(cp_VirtualMachineScaleSetVMInstanceView[0])},
    {"cp.VirtualMachineScaleSetVMNetworkProfileConfiguration", cp_VirtualMachineScaleSetVMNetworkProfileConfiguration, sizeof(cp_VirtualMachineScaleSetVMNetworkProfileConfiguration) / sizeof(cp_VirtualMachineScaleSetVMNetworkProfileConfiguration[0])},
    {"cp.VirtualMachineScaleSetVMProfile", cp_VirtualMachineScaleSetVMProfile, sizeof(cp_VirtualMachineScaleSetVMProfile) / sizeof(cp_VirtualMachineScaleSetVMProfile[0])},
    {"cp.VirtualMachineScaleSetVMProtectionPolicy", cp_VirtualMachineScaleSetVMProtectionPolicy, sizeof(cp_VirtualMachineScaleSetVMProtectionPolicy) / sizeof(cp_VirtualMachineScaleSetVMProtectionPolicy[0])},
    {"cp.WinRMConfiguration", cp_WinRMConfiguration, sizeof(cp_WinRMConfiguration) / sizeof(cp_WinRMConfiguration[0])},
    {"cp.WinRMListener", cp_WinRMListener, sizeof(cp_WinRMListener) / sizeof(cp_WinRMListener[0])},
    {"cp.WindowsConfiguration", cp_WindowsConfiguration, sizeof(cp_WindowsConfiguration) / sizeof(cp_WindowsConfiguration[0])},
    {"cp.WindowsVMGuestPatchAutomaticByPlatformSettings", cp_WindowsVMGuestPatchAutomaticByPlatformSettings, sizeof(cp_WindowsVMGuestPatchAutomaticByPlatformSettings) / sizeof(cp_WindowsVMGuestPatchAutomaticByPlatformSettings[0])},
    {"cs.AgentPool", cs_AgentPool, sizeof(cs_AgentPool) / sizeof(cs_AgentPool[0])},
    {"cs.AgentPoolUpgradeProfile", cs_AgentPoolUpgradeProfile, sizeof(cs_AgentPoolUpgradeProfile) / sizeof(cs_AgentPoolUpgradeProfile[0])},
    {"cs.AgentPoolUpgradeProfilePropertiesUpgradesItem", cs_AgentPoolUpgradeProfilePropertiesUpgradesItem, sizeof(cs_AgentPoolUpgradeProfilePropertiesUpgradesItem) / sizeof(cs_AgentPoolUpgradeProfilePropertiesUpgradesItem[0])},
    {"cs.AgentPoolUpgradeSettings", cs_AgentPoolUpgradeSettings, sizeof(cs_AgentPoolUpgradeSettings) / sizeof(cs_AgentPoolUpgradeSettings[0])},
    {"cs.AzureKeyVaultKms", cs_AzureKeyVaultKms, sizeof(cs_AzureKeyVaultKms) / sizeof(cs_AzureKeyVaultKms[0])},
    {"cs.ContainerServiceLinuxProfile", cs_ContainerServiceLinuxProfile, sizeof(cs_ContainerServiceLinuxProfile) / sizeof(cs_ContainerServiceLinuxProfile[0])},
    {"cs.ContainerServiceNetworkProfile", cs_ContainerServiceNetworkProfile, sizeof(cs_ContainerServiceNetworkProfile) / sizeof(cs_ContainerServiceNetworkProfile[0])},
    {"cs.ContainerServiceSshConfiguration", cs_ContainerServiceSshConfiguration, sizeof(cs_ContainerServiceSshConfiguration) / sizeof(cs_ContainerServiceSshConfiguration[0])},
    {"cs.ContainerServiceSshPublicKey", cs_ContainerServiceSshPublicKey, sizeof(cs_ContainerServiceSshPublicKey) / sizeof(cs_ContainerServiceSshPublicKey[0])},
    {"cs.CreationData", cs_CreationData, sizeof(cs_CreationData) / sizeof(cs_CreationData[0])},
    {"cs.ExtendedLocation", cs_ExtendedLocation, sizeof(cs_ExtendedLocation) / sizeof(cs_ExtendedLocation[0])},
    {"cs.KubeletConfig", cs_KubeletConfig, sizeof(cs_KubeletConfig) / sizeof(cs_KubeletConfig[0])},
    {"cs.LinuxOSConfig", cs_LinuxOSConfig, sizeof(cs_LinuxOSConfig) / sizeof(cs_LinuxOSConfig[0])},
    {"cs.ManagedCluster", cs_ManagedCluster, sizeof(cs_ManagedCluster) / sizeof(cs_ManagedCluster[0])},
    {"cs.ManagedClusterAADProfile", cs_ManagedClusterAADProfile, sizeof(cs_ManagedClusterAADProfile) / sizeof(cs_ManagedClusterAADProfile[0])},
    {"cs.ManagedClusterAPIServerAccessProfile", cs_ManagedClusterAPIServerAccessProfile, sizeof(cs_ManagedClusterAPIServerAccessProfile) / sizeof(cs_ManagedClusterAPIServerAccessProfile[0])},
    {"cs.ManagedClusterAddonProfile", cs_ManagedClusterAddonProfile, sizeof(cs_ManagedClusterAddonProfile) / sizeof(cs_ManagedClusterAddonProfile[0])},
    {"cs.ManagedClusterAddonProfileIdentity", cs_ManagedClusterAddonProfileIdentity, sizeof(cs_ManagedClusterAddonProfileIdentity) / sizeof(cs_ManagedClusterAddonProfileIdentity[0])},
    {"cs.ManagedClusterAgentPoolProfile", cs_ManagedClusterAgentPoolProfile, sizeof(cs_ManagedClusterAgentPoolProfile) / sizeof(cs_ManagedClusterAgentPoolProfile[0])},
    {"cs.ManagedClusterAutoUpgradeProfile", cs_ManagedClusterAutoUpgradeProfile, sizeof(cs_ManagedClusterAutoUpgradeProfile) / sizeof(cs_ManagedClusterAutoUpgradeProfile[0])},
    {"cs.ManagedClusterHTTPProxyConfig", cs_ManagedClusterHTTPProxyConfig, sizeof(cs_ManagedClusterHTTPProxyConfig) / sizeof(cs_ManagedClusterHTTPProxyConfig[0])},
    {"cs.ManagedClusterIdentity", cs_ManagedClusterIdentity, sizeof(cs_ManagedClusterIdentity) / sizeof(cs_ManagedClusterIdentity[0])},
    {"cs.ManagedClusterLoadBalancerProfile", cs_ManagedClusterLoadBalancerProfile, sizeof(cs_ManagedClusterLoadBalancerProfile) / sizeof(cs_ManagedClusterLoadBalancerProfile[0])},
    {"cs.ManagedClusterLoadBalancerProfileManagedOutboundIPs", cs_ManagedClusterLoadBalancerProfileManagedOutboundIPs, sizeof(cs_ManagedClusterLoadBalancerProfileManagedOutboundIPs) / sizeof(cs_ManagedClusterLoadBalancerProfileManagedOutboundIPs[0])},
    {"cs.ManagedClusterLoadBalancerProfileOutboundIPPrefixes", cs_ManagedClusterLoadBalancerProfileOutboundIPPrefixes, sizeof(cs_ManagedClusterLoadBalancerProfileOutboundIPPrefixes) / sizeof(cs_ManagedClusterLoadBalancerProfileOutboundIPPrefixes[0])},
    {"cs.ManagedClusterLoadBalancerProfileOutboundIPs", cs_ManagedClusterLoadBalancerProfileOutboundIPs, sizeof(cs_ManagedClusterLoadBalancerProfileOutboundIPs) / sizeof(cs_ManagedClusterLoadBalancerProfileOutboundIPs[0])},
    {"cs.ManagedClusterManagedOutboundIPProfile", cs_ManagedClusterManagedOutboundIPProfile, sizeof(cs_ManagedClusterManagedOutboundIPProfile) / sizeof(cs_ManagedClusterManagedOutboundIPProfile[0])},
    {"cs.ManagedClusterNATGatewayProfile", cs_ManagedClusterNATGatewayProfile, sizeof(cs_ManagedClusterNATGatewayProfile) / sizeof(cs_ManagedClusterNATGatewayProfile[0])},
    {"cs.ManagedClusterOIDCIssuerProfile", cs_ManagedClusterOIDCIssuerProfile, sizeof(cs_ManagedClusterOIDCIssuerProfile) / sizeof(cs_ManagedClusterOIDCIssuerProfile[0])},
    {"cs.ManagedClusterPodIdentity", cs_ManagedClusterPodIdentity, sizeof(cs_ManagedClusterPodIdentity) / sizeof(cs_ManagedClusterPodIdentity[0])},
    {"cs.ManagedClusterPodIdentityException", cs_ManagedClusterPodIdentityException, sizeof(cs_ManagedClusterPodIdentityException) / sizeof(cs_ManagedClusterPodIdentityException[0])},
    {"cs.ManagedClusterPodIdentityProfile", cs_ManagedClusterPodIdentityProfile, sizeof(cs_ManagedClusterPodIdentityProfile) / sizeof(cs_ManagedClusterPodIdentityProfile[0])},
    {"cs.ManagedClusterPodIdentityProvisioningError", cs_ManagedClusterPodIdentityProvisioningError, sizeof(cs_ManagedClusterPodIdentityProvisioningError) / sizeof(cs_ManagedClusterPodIdentityProvisioningError[0])},
    {"cs.ManagedClusterPodIdentityProvisioningErrorBody", cs_ManagedClusterPodIdentityProvisioningErrorBody, sizeof(cs_ManagedClusterPodIdentityProvisioningErrorBody) / sizeof(cs_ManagedClusterPodIdentityProvisioningErrorBody[0])},
    {"cs.ManagedClusterPodIdentityProvisioningInfo", cs_ManagedClusterPodIdentityProvisioningInfo, sizeof(cs_ManagedClusterPodIdentityProvisioningInfo) / sizeof(cs_ManagedClusterPodIdentityProvisioningInfo[0])},
    {"cs.ManagedClusterPropertiesAutoScalerProfile", cs_ManagedClusterPropertiesAutoScalerProfile, sizeof(cs_ManagedClusterPropertiesAutoScalerProfile) / sizeof(cs_ManagedClusterPropertiesAutoScalerProfile[0])},
    {"cs.ManagedClusterSKU", cs_ManagedClusterSKU, sizeof(cs_ManagedClusterSKU) / sizeof(cs_ManagedClusterSKU[0])},
    {"cs.ManagedClusterSecurityProfile", cs_ManagedClusterSecurityProfile, sizeof(cs_ManagedClusterSecurityProfile) / sizeof(cs_ManagedClusterSecurityProfile[0])},
    {"cs.ManagedClusterSecurityProfileDefender", cs_ManagedClusterSecurityProfileDefender, sizeof(cs_ManagedClusterSecurityProfileDefender) / sizeof(cs_ManagedClusterSecurityProfileDefender[0])},
    {"cs.ManagedClusterSecurityProfileDefenderSecurityMonitoring", cs_ManagedClusterSecurityProfileDefenderSecurityMonitoring, sizeof(cs_ManagedClusterSecurityProfileDefenderSecurityMonitoring) / sizeof(cs_ManagedClusterSecurityProfileDefenderSecurityMonitoring[0])},
    {"cs.ManagedClusterServicePrincipalProfile", cs_ManagedClusterServicePrincipalProfile, sizeof(cs_ManagedClusterServicePrincipalProfile) / sizeof(cs_ManagedClusterServicePrincipalProfile[0])},
    {"cs.ManagedClusterStorageProfile", cs_ManagedClusterStorageProfile, sizeof(cs_ManagedClusterStorageProfile) / sizeof(cs_ManagedClusterStorageProfile[0])},
    {"cs.ManagedClusterStorageProfileBlobCSIDriver", cs_ManagedClusterStorageProfileBlobCSIDriver, sizeof(cs_ManagedClusterStorageProfileBlobCSIDriver) / sizeof(cs_ManagedClusterStorageProfileBlobCSIDriver[0])},
    {"cs.ManagedClusterStorageProfileDiskCSIDriver", cs_ManagedClusterStorageProfileDiskCSIDriver, sizeof(cs_ManagedClusterStorageProfileDiskCSIDriver) / sizeof(cs_ManagedClusterStorageProfileDiskCSIDriver[0])},
    {"cs.ManagedClusterStorageProfileFileCSIDriver", cs_ManagedClusterStorageProfileFileCSIDriver, sizeof(cs_ManagedClusterStorageProfileFileCSIDriver) / sizeof(cs_ManagedClusterStorageProfileFileCSIDriver[0])},
    {"cs.ManagedClusterStorageProfileSnapshotController", cs_ManagedClusterStorageProfileSnapshotController, sizeof(cs_ManagedClusterStorageProfileSnapshotController) / sizeof(cs_ManagedClusterStorageProfileSnapshotController[0])},
    {"cs.ManagedClusterWindowsProfile", cs_ManagedClusterWindowsProfile, sizeof(cs_ManagedClusterWindowsProfile) / sizeof(cs_ManagedClusterWindowsProfile[0])},
    {"cs.ManagedClusterWorkloadAutoScalerProfile", cs_ManagedClusterWorkloadAutoScalerProfile, sizeof(cs_ManagedClusterWorkloadAutoScalerProfile) / sizeof(cs_ManagedClusterWorkloadAutoScalerProfile[0])},
    {"cs.ManagedClusterWorkloadAutoScalerProfileKeda", cs_ManagedClusterWorkloadAutoScalerProfileKeda, sizeof(cs_ManagedClusterWorkloadAutoScalerProfileKeda) / sizeof(cs_ManagedClusterWorkloadAutoScalerProfileKeda[0])},
    {"cs.ManagedServiceIdentityUserAssignedIdentitiesValue", cs_ManagedServiceIdentityUserAssignedIdentitiesValue, sizeof(cs_ManagedServiceIdentityUserAssignedIdentitiesValue) / sizeof(cs_ManagedServiceIdentityUserAssignedIdentitiesValue[0])},
    {"cs.PowerState", cs_PowerState, sizeof(cs_PowerState) / sizeof(cs_PowerState[0])},
    {"cs.PrivateLinkResource", cs_PrivateLinkResource, sizeof(cs_PrivateLinkResource) / sizeof(cs_PrivateLinkResource[0])},
    {"cs.ResourceReference", cs_ResourceReference, sizeof(cs_ResourceReference) / sizeof(cs_ResourceReference[0])},
    {"cs.SysctlConfig", cs_SysctlConfig, sizeof(cs_SysctlConfig) / sizeof(cs_SysctlConfig[0])},
    {"cs.SystemData", cs_SystemData, sizeof(cs_SystemData) / sizeof(cs_SystemData[0])},
    {"cs.UserAssignedIdentity", cs_UserAssignedIdentity, sizeof(cs_UserAssignedIdentity) / sizeof(cs_UserAssignedIdentity[0])},
    {"cs.WindowsGmsaProfile", cs_WindowsGmsaProfile, sizeof(cs_WindowsGmsaProfile) / sizeof(cs_WindowsGmsaProfile[0])},
    {"rs.ResourceGroup", rs_ResourceGroup, sizeof(rs_ResourceGroup) / sizeof(rs_ResourceGroup[0])},
    {"rs.ResourceGroupProperties", rs_ResourceGroupProperties, sizeof(rs_ResourceGroupProperties) / sizeof(rs_ResourceGroupProperties[0])},
};

const struct ak_model *ak_model_find(const char *name)
{
    size_t lo = 0, hi = sizeof(models) / sizeof(models[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, models[mid].name);
        if (c == 0)
            return &models[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
