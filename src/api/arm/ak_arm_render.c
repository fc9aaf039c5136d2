/* ak_arm_render.c - the ARM JSON shapes of the emulated resources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_arm_int.h"
#include "../../core/ak_caprofile.h"
#include "../../core/ak_catalog.h"
#include "../../core/ak_node.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_base64.h"
#include "../../util/ak_buf.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_time.h"
#include "../../util/ak_banned.h"

json_t *arm_render_rg(const struct ak_rg *rg)
{
    json_t *o = json_object();
    ak_json_set_str(o, "id", rg->id);
    ak_json_set_str(o, "name", rg->name);
    ak_json_set_str(o, "type", "Microsoft.Resources/resourceGroups");
    ak_json_set_str(o, "location", rg->location);
    if (rg->managed_by)
        ak_json_set_str(o, "managedBy", rg->managed_by);
    if (rg->tags)
        json_object_set(o, "tags", rg->tags);
    json_t *p = json_object();
    ak_json_set_str(p, "provisioningState", rg->prov_state[0] ? rg->prov_state : "Succeeded");
    json_object_set_new(o, "properties", p);
    return o;
}

static json_t *pool_properties(const struct ak_pool *p)
{
    json_t *props = ak_codec_pool_spec_encode(&p->spec, p->extra);
    ak_json_set_str(props, "currentOrchestratorVersion", p->spec.orchestrator_version);
    ak_json_set_str(props, "nodeImageVersion", ak_node_image_version());
    ak_json_set_str(props, "provisioningState", p->prov_state);
    return props;
}

json_t *arm_render_pool(const struct ak_pool *p, bool as_profile)
{
    json_t *props = pool_properties(p);
    if (as_profile) {
        ak_json_set_str(props, "name", p->name);
        return props;
    }
    json_t *o = json_object();
    ak_json_set_str(o, "id", p->id);
    ak_json_set_str(o, "name", p->name);
    ak_json_set_str(o, "type", "Microsoft.ContainerService/managedClusters/agentPools");
    json_object_set_new(o, "properties", props);
    return o;
}

/* AKS's defaults, overlaid with what the cluster set (AKS returns the whole profile) */
static json_t *autoscaler_profile(const json_t *set)
{
    json_t *o = json_object();
    for (int i = 0; i < ak_ca_profile_nkeys; i++) {
        const char *v = ak_json_str(set, ak_ca_profile_keys[i][0]);
        ak_json_set_str(o, ak_ca_profile_keys[i][0], v ? v : ak_ca_profile_keys[i][1]);
    }
    return o;
}

json_t *arm_render_cluster(struct ak_state *st, const struct ak_cluster *cl)
{
    const struct ak_state_config *cfg = ak_state_config(st);
    json_t *o = json_object();
    ak_json_set_str(o, "id", cl->id);
    ak_json_set_str(o, "location", cl->location);
    ak_json_set_str(o, "name", cl->name);
    ak_json_set_str(o, "type", "Microsoft.ContainerService/ManagedClusters");
    json_object_set(o, "tags", cl->tags ? cl->tags : json_null());
    if (cl->sku)
        json_object_set(o, "sku", cl->sku);
    else
        json_object_set_new(o, "sku", json_pack("{s:s,s:s}", "name", "Basic", "tier", "Free"));
    json_t *ident = cl->identity ? json_deep_copy(cl->identity) : json_object();
    if (!ak_json_str(ident, "type"))
        ak_json_set_str(ident, "type", "SystemAssigned");
    if (ak_strieq(ak_json_str(ident, "type"), "SystemAssigned")) {
        ak_json_set_str(ident, "principalId", cl->principal_id);
        ak_json_set_str(ident, "tenantId", cfg->tenant_id);
    }
    json_object_set_new(o, "identity", ident);

    json_t *p = json_object();
    ak_json_set_str(p, "provisioningState", cl->prov_state);
    json_object_set_new(p, "powerState", json_pack("{s:s}", "code", cl->power));
    ak_json_set_str(p, "kubernetesVersion", cl->k8s_version);
    ak_json_set_str(p, "currentKubernetesVersion", cl->k8s_version);
    ak_json_set_str(p, "dnsPrefix", cl->dns_prefix);
    ak_json_set_str(p, "fqdn", cl->fqdn);
    ak_json_set_str(p, "azurePortalFQDN", cl->portal_fqdn);
    json_t *pools = json_array();
    bool any_autoscale = false;
    for (size_t i = 0; i < cl->npools; i++) {
        json_array_append_new(pools, arm_render_pool(cl->pools[i], true));
        any_autoscale |= cl->pools[i]->spec.enable_auto_scaling;
    }
    json_object_set_new(p, "agentPoolProfiles", pools);
    if (cl->props) {
        const char *k;
        json_t *v;
        json_object_foreach(cl->props, k, v)
        {
            if (!json_object_get(p, k))
                json_object_set(p, k, v);
        }
    }
    if (!json_object_get(p, "servicePrincipalProfile"))
        json_object_set_new(p, "servicePrincipalProfile", json_pack("{s:s}", "clientId", "msi"));
    ak_json_set_str(p, "nodeResourceGroup", cl->node_rg);
    if (!json_object_get(p, "enableRBAC"))
        json_object_set_new(p, "enableRBAC", json_true());
    json_object_set_new(p, "maxAgentPools", json_integer(AK_MAX_POOLS_PER_CLUSTER));
    json_t *asp = json_object_get(p, "autoScalerProfile");
    if (any_autoscale || json_is_object(asp))
        json_object_set_new(p, "autoScalerProfile", autoscaler_profile(asp));
    char *rid = ak_xasprintf("/subscriptions/%s/resourcegroups/%s/providers/"
                             "Microsoft.ManagedIdentity/userAssignedIdentities/%s-agentpool",
                             cl->rg->sub, cl->node_rg, cl->name);
    json_t *ki = json_pack("{s:s,s:s,s:s}", "resourceId", rid, "clientId", cl->kubelet_client_id,
                           "objectId", cl->kubelet_object_id);
    free(rid);
    json_object_set_new(p, "identityProfile", json_pack("{s:o}", "kubeletidentity", ki));
    json_object_set_new(o, "properties", p);
    return o;
}

static const char *vmss_prov_state(const struct ak_pool *p)
{
    if (strcmp(p->prov_state, "Creating") == 0)
        return "Creating";
    if (strcmp(p->prov_state, "Deleting") == 0)
        return "Deleting";
    if (strcmp(p->prov_state, "Succeeded") == 0 || strcmp(p->prov_state, "Failed") == 0)
        return p->prov_state;
    return "Updating";
}

static json_t *vmss_tags(const struct ak_pool *p)
{
    json_t *t = json_object();
    for (size_t i = 0; i < p->spec.tags.n; i++)
        ak_json_set_str(t, p->spec.tags.v[i].key, p->spec.tags.v[i].val);
    char buf[160];
    ak_json_set_str(t, "aks-managed-poolName", p->name);
    ak_json_set_str(t, "aks-managed-createOperationID", p->create_op_id);
    snprintf(buf, sizeof(buf), "Kubernetes:%s", p->spec.orchestrator_version);
    ak_json_set_str(t, "aks-managed-orchestrator", buf);
    ak_json_set_str(t, "aks-managed-kubeletIdentityClientID", p->cluster->kubelet_client_id);
    char suffix[9];
    ak_pool_suffix(p->cluster->id, "", suffix);
    ak_json_set_str(t, "aks-managed-resourceNameSuffix", suffix);
    snprintf(buf, sizeof(buf), "vmssclient-%s", p->vmss_name);
    ak_json_set_str(t, "aks-managed-creationSource", buf);
    ak_json_set_str(t, "aks-managed-coordination", "true");
    ak_json_set_str(t, "aks-managed-ssh-access", "LocalUser");
    return t;
}

static char *vmss_id(const struct ak_pool *p)
{
    return ak_xasprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/"
                        "virtualMachineScaleSets/%s",
                        p->cluster->rg->sub, p->cluster->node_rg, p->vmss_name);
}

static json_t *os_disk(const struct ak_pool *p, const char *name)
{
    json_t *d = json_object();
    if (name)
        ak_json_set_str(d, "name", name);
    ak_json_set_str(d, "createOption", "FromImage");
    ak_json_set_str(d, "caching", "ReadOnly");
    const struct ak_vm_size *z = ak_catalog_find(p->spec.vm_size);
    if (ak_streq(p->spec.os_disk_type, "Ephemeral")) {
        json_object_set_new(d, "diffDiskSettings",
                            json_pack("{s:s,s:s}", "option", "Local", "placement",
                                      z && z->cache_gib > 0 ? "CacheDisk" : "ResourceDisk"));
        json_object_set_new(d, "managedDisk", json_pack("{s:s}", "storageAccountType",
                                                        "Standard_LRS"));
    } else {
        json_object_set_new(d, "managedDisk",
                            json_pack("{s:s}", "storageAccountType",
                                      z && !z->premium ? "Standard_LRS" : "Premium_LRS"));
    }
    json_object_set_new(d, "diskSizeGB", json_integer(p->spec.os_disk_size_gb));
    ak_json_set_str(d, "osType", ak_streq(p->spec.os_type, "Windows") ? "Windows" : "Linux");
    return d;
}

static const char *image_id(const struct ak_pool *p)
{
    (void)p;
    return "/subscriptions/109a5e88-712a-48ae-9078-9ca8b3c81345/resourceGroups/AKS-Ubuntu/"
           "providers/Microsoft.Compute/galleries/AKSUbuntu/images/2204gen2containerd/versions/"
           "202608.20.0";
}

json_t *arm_render_vmss(const struct ak_pool *p)
{
    json_t *o = json_object();
    char *id = vmss_id(p);
    ak_json_set_str(o, "id", id);
    free(id);
    ak_json_set_str(o, "name", p->vmss_name);
    ak_json_set_str(o, "type", "Microsoft.Compute/virtualMachineScaleSets");
    ak_json_set_str(o, "location", p->cluster->location);
    json_object_set_new(o, "tags", vmss_tags(p));
    json_object_set_new(o, "sku", json_pack("{s:s,s:s,s:I}", "name", p->spec.vm_size, "tier",
                                            "Standard", "capacity",
                                            (json_int_t)(p->spec.count + ak_state_pool_parked_instances(p))));
    if (p->spec.zones.n)
        json_object_set_new(o, "zones", ak_codec_strs_encode(&p->spec.zones));
    json_t *pr = json_object();
    json_object_set_new(pr, "singlePlacementGroup", json_false());
    ak_json_set_str(pr, "orchestrationMode", "Uniform");
    json_object_set_new(pr, "upgradePolicy", json_pack("{s:s}", "mode", "Manual"));
    json_t *vmp = json_object();
    json_t *osp = json_object();
    ak_json_set_str(osp, "computerNamePrefix", p->vmss_name);
    ak_json_set_str(osp, "adminUsername", "azureuser");
    json_object_set_new(osp, "linuxConfiguration",
                        json_pack("{s:b,s:b}", "disablePasswordAuthentication", 1,
                                  "provisionVMAgent", 1));
    json_object_set_new(vmp, "osProfile", osp);
    json_t *sp = json_object();
    json_object_set_new(sp, "osDisk", os_disk(p, NULL));
    json_object_set_new(sp, "imageReference", json_pack("{s:s}", "id", image_id(p)));
    json_object_set_new(vmp, "storageProfile", sp);
    if (ak_pool_is_spot(&p->spec)) {
        ak_json_set_str(vmp, "priority", "Spot");
        ak_json_set_str(vmp, "evictionPolicy", p->spec.eviction_policy);
        json_object_set_new(vmp, "billingProfile",
                            json_pack("{s:f}", "maxPrice", p->spec.spot_max_price));
    } else {
        ak_json_set_str(vmp, "priority", "Regular");
    }
    json_object_set_new(pr, "virtualMachineProfile", vmp);
    ak_json_set_str(pr, "provisioningState", vmss_prov_state(p));
    json_object_set_new(pr, "overprovision", json_false());
    json_object_set_new(pr, "doNotRunExtensionsOnOverprovisionedVMs", json_false());
    ak_json_set_str(pr, "uniqueId", p->vmss_unique_id);
    json_object_set_new(pr, "platformFaultDomainCount", json_integer(1));
    char t[40];
    ak_fmt_time(p->created_ms, 1, t);
    ak_json_set_str(pr, "timeCreated", t);
    json_object_set_new(o, "properties", pr);
    return o;
}

static json_t *status(const char *code, const char *level, const char *display, int64_t ms)
{
    json_t *s = json_object();
    ak_json_set_str(s, "code", code);
    ak_json_set_str(s, "level", level);
    ak_json_set_str(s, "displayStatus", display);
    if (ms) {
        char t[40];
        ak_fmt_time(ms, 1, t);
        ak_json_set_str(s, "time", t);
    }
    return s;
}

static const char *power_display(const char *power)
{
    if (strcmp(power, "running") == 0)
        return "VM running";
    if (strcmp(power, "starting") == 0)
        return "VM starting";
    if (strcmp(power, "deallocated") == 0)
        return "VM deallocated";
    if (strcmp(power, "deallocating") == 0)
        return "VM deallocating";
    if (strcmp(power, "stopped") == 0)
        return "VM stopped";
    return "VM state unknown";
}

json_t *arm_render_vm_instance_view(const struct ak_instance *in)
{
    const struct ak_pool *p = in->pool;
    char node[128];
    ak_node_name(p->vmss_name, in->id, node, sizeof(node));
    json_t *iv = json_object();
    json_object_set_new(iv, "platformUpdateDomain", json_integer(in->id % 5));
    json_object_set_new(iv, "platformFaultDomain", json_integer(in->fault_domain));
    ak_json_set_str(iv, "computerName", node);
    ak_json_set_str(iv, "osName", ak_streq(p->spec.os_type, "Windows") ? "Windows" : "ubuntu");
    ak_json_set_str(iv, "osVersion", ak_streq(p->spec.os_type, "Windows") ? "10.0.20348" : "22.04");
    bool ready = strcmp(in->prov_state, "Succeeded") == 0 && strcmp(in->power, "running") == 0;
    json_t *agent = json_object();
    ak_json_set_str(agent, "vmAgentVersion", ready ? "2.13.1.1" : "Unknown");
    json_t *as = json_array();
    json_array_append_new(as, ready ? status("ProvisioningState/succeeded", "Info", "Ready",
                                             in->created_ms)
                                    : status("ProvisioningState/Unavailable", "Warning",
                                             "Not Ready", 0));
    json_object_set_new(agent, "statuses", as);
    json_object_set_new(iv, "vmAgent", agent);
    json_t *disks = json_array();
    char dname[200];
    snprintf(dname, sizeof(dname), "%s_OsDisk_1_%.32s", node, in->vm_id);
    json_t *d = json_object();
    ak_json_set_str(d, "name", dname);
    json_t *ds = json_array();
    json_array_append_new(ds, status("ProvisioningState/succeeded", "Info",
                                     "Provisioning succeeded", in->created_ms));
    json_object_set_new(d, "statuses", ds);
    json_array_append_new(disks, d);
    json_object_set_new(iv, "disks", disks);
    ak_json_set_str(iv, "hyperVGeneration", "V2");
    json_t *st = json_array();
    char code[64];
    char lower[24];
    snprintf(lower, sizeof(lower), "%s", in->prov_state);
    ak_lower_inplace(lower);
    snprintf(code, sizeof(code), "ProvisioningState/%s", lower);
    char disp[64];
    snprintf(disp, sizeof(disp), "Provisioning %s", lower);
    json_array_append_new(st, status(code, "Info", disp, in->created_ms));
    snprintf(code, sizeof(code), "PowerState/%s", in->power);
    json_array_append_new(st, status(code, "Info", power_display(in->power), 0));
    if (in->status_code[0]) {
        json_t *x = status(in->status_code, "Error", in->status_msg, 0);
        ak_json_set_str(x, "message", in->status_msg);
        json_array_append_new(st, x);
    }
    json_object_set_new(iv, "statuses", st);
    return iv;
}

json_t *arm_render_vm(const struct ak_instance *in, bool instance_view)
{
    const struct ak_pool *p = in->pool;
    json_t *o = json_object();
    char *vid = vmss_id(p);
    char *id = ak_xasprintf("%s/virtualMachines/%lld", vid, (long long)in->id);
    ak_json_set_str(o, "id", id);
    char name[128], node[128];
    ak_instance_vm_name(p->vmss_name, in->id, name, sizeof(name));
    ak_node_name(p->vmss_name, in->id, node, sizeof(node));
    ak_json_set_str(o, "name", name);
    ak_json_set_str(o, "type", "Microsoft.Compute/virtualMachineScaleSets/virtualMachines");
    ak_json_set_str(o, "location", p->cluster->location);
    char iid[24];
    snprintf(iid, sizeof(iid), "%lld", (long long)in->id);
    ak_json_set_str(o, "instanceId", iid);
    json_object_set_new(o, "tags", vmss_tags(p));
    json_object_set_new(o, "sku", json_pack("{s:s,s:s}", "name", p->spec.vm_size, "tier",
                                            "Standard"));
    if (in->zone[0])
        json_object_set_new(o, "zones", json_pack("[s]", in->zone));
    json_t *pr = json_object();
    json_object_set_new(pr, "latestModelApplied", json_true());
    ak_json_set_str(pr, "vmId", in->vm_id);
    if (instance_view)
        json_object_set_new(pr, "instanceView", arm_render_vm_instance_view(in));
    json_object_set_new(pr, "hardwareProfile", json_pack("{s:s}", "vmSize", p->spec.vm_size));
    json_t *sp = json_object();
    json_object_set_new(sp, "imageReference", json_pack("{s:s}", "id", image_id(p)));
    char dname[200];
    snprintf(dname, sizeof(dname), "%s_OsDisk_1_%.32s", node, in->vm_id);
    json_object_set_new(sp, "osDisk", os_disk(p, dname));
    json_object_set_new(sp, "dataDisks", json_array());
    json_object_set_new(pr, "storageProfile", sp);
    json_t *osp = json_object();
    ak_json_set_str(osp, "computerName", node);
    ak_json_set_str(osp, "adminUsername", "azureuser");
    json_object_set_new(osp, "linuxConfiguration",
                        json_pack("{s:b,s:b}", "disablePasswordAuthentication", 1,
                                  "provisionVMAgent", 1));
    json_object_set_new(pr, "osProfile", osp);
    char *nic = ak_xasprintf("%s/virtualMachines/%lld/networkInterfaces/%s", vid,
                             (long long)in->id, p->vmss_name);
    json_object_set_new(pr, "networkProfile",
                        json_pack("{s:[{s:s,s:{s:b}}]}", "networkInterfaces", "id", nic,
                                  "properties", "primary", 1));
    free(nic);
    ak_json_set_str(pr, "provisioningState", in->prov_state);
    char t[40];
    ak_fmt_time(in->created_ms, 1, t);
    ak_json_set_str(pr, "timeCreated", t);
    json_object_set_new(o, "properties", pr);
    free(vid);
    free(id);
    return o;
}

json_t *arm_render_vmss_instance_view(const struct ak_pool *p)
{
    json_t *iv = json_object();
    /* statusesSummary counts instances by their provisioning state code */
    struct {
        char code[48];
        int n;
    } counts[8];
    int nc = 0;
    for (size_t i = 0; i < p->ninst; i++) {
        char code[48], lower[24];
        snprintf(lower, sizeof(lower), "%s", p->inst[i]->prov_state);
        ak_lower_inplace(lower);
        snprintf(code, sizeof(code), "ProvisioningState/%s", lower);
        int j = 0;
        for (; j < nc; j++)
            if (strcmp(counts[j].code, code) == 0)
                break;
        if (j == nc && nc < 8) {
            snprintf(counts[nc].code, sizeof(counts[nc].code), "%s", code);
            counts[nc++].n = 0;
        }
        if (j < nc)
            counts[j].n++;
    }
    json_t *sum = json_array();
    for (int j = 0; j < nc; j++)
        json_array_append_new(sum, json_pack("{s:s,s:i}", "code", counts[j].code, "count",
                                             counts[j].n));
    json_object_set_new(iv, "virtualMachine", json_pack("{s:o}", "statusesSummary", sum));
    json_t *st = json_array();
    json_array_append_new(st, status(strcmp(p->prov_state, "Succeeded") == 0
                                         ? "ProvisioningState/succeeded"
                                         : "ProvisioningState/updating",
                                     "Info",
                                     strcmp(p->prov_state, "Succeeded") == 0
                                         ? "Provisioning succeeded"
                                         : "Provisioning updating",
                                     p->created_ms));
    json_object_set_new(iv, "statuses", st);
    json_object_set_new(iv, "orchestrationServices", json_array());
    return iv;
}

json_t *arm_render_op(const struct ak_op *op, const char *sub, const char *provider)
{
    json_t *o = json_object();
    char *id = ak_xasprintf("/subscriptions/%s/providers/%s/locations/%s/operations/%s", sub,
                            provider, op->location, op->id);
    ak_json_set_str(o, "id", id);
    free(id);
    ak_json_set_str(o, "name", op->id);
    ak_json_set_str(o, "status", op->status);
    char t[40];
    ak_fmt_time(op->start_ms, 1, t);
    ak_json_set_str(o, "startTime", t);
    if (strcmp(op->status, "InProgress") != 0) {
        ak_fmt_time(op->end_ms, 1, t);
        ak_json_set_str(o, "endTime", t);
        json_object_set_new(o, "percentComplete", json_real(100.0));
    }
    if (op->err_code)
        json_object_set_new(o, "error", json_pack("{s:s,s:s}", "code", op->err_code, "message",
                                                  op->err_msg ? op->err_msg : ""));
    return o;
}

char *arm_kubeconfig(struct arm_ctx *c, const struct ak_cluster *cl, bool admin)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    char *ca = ak_base64_encode(c->arm->ca_pem, strlen(c->arm->ca_pem));
    char user[300];
    snprintf(user, sizeof(user), "%s_%s_%s", admin ? "clusterAdmin" : "clusterUser",
             cl->rg->name, cl->name);
    ak_buf_printf(&b,
                  "apiVersion: v1\n"
                  "clusters:\n"
                  "- cluster:\n"
                  "    certificate-authority-data: %s\n"
                  "    server: %s/k8s/%s\n"
                  "  name: %s\n"
                  "contexts:\n"
                  "- context:\n"
                  "    cluster: %s\n"
                  "    user: %s\n"
                  "  name: %s\n"
                  "current-context: %s\n"
                  "kind: Config\n"
                  "preferences: {}\n"
                  "users:\n"
                  "- name: %s\n"
                  "  user:\n"
                  "    token: %s\n",
                  ca, c->base, cl->kube_id, cl->name, cl->name, user, cl->name, cl->name, user,
                  admin ? cl->admin_token : cl->user_token);
    free(ca);
    return ak_buf_detach(&b, NULL);
}
