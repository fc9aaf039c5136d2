/* ak_cli_nodepool.c - `aksemu aks nodepool add|list|show|scale|update|delete|get-upgrades|
 * wait`, az 2.45's agent pool commands with their client-side checks and request bodies
 * (add builds the full property set; scale and update GET the pool and PUT it back). */
#include "ak_cli_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "ak_cli_py.h"
#include "ak_cli_view.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

#define AP_MODEL "cs.AgentPool"
#define AP_ROW                                                                                    \
    "{name: name, osType: osType, kubernetesVersion: orchestratorVersion, vmSize: vmSize, "       \
    "osDiskSizeGB: osDiskSizeGB, count: count, maxPods: maxPods, provisioningState: "             \
    "provisioningState, mode: mode}"

#define SPEC_RG                                                                                   \
    {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,              \
     "Name of resource group."}
#define SPEC_CLUSTER                                                                              \
    {"cluster_name", "--cluster-name", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "The cluster name."}
#define SPEC_NAME                                                                                 \
    {"nodepool_name", "--nodepool-name --name -n", AK_A_VAL, AK_AT_STR, NULL, true, NULL,         \
     "The node pool name."}
#define SPEC_NO_WAIT                                                                              \
    {"no_wait", "--no-wait", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,                             \
     "Do not wait for the long-running operation to finish."}
#define SPEC_HEADERS                                                                              \
    {"aks_custom_headers", "--aks-custom-headers", AK_A_VAL, AK_AT_STR, NULL, false, NULL,        \
     "Comma-separated key-value pairs to specify custom headers."}

static char *pools_path(const struct ak_rt *rt, const struct ak_args *a, const char *pool,
                        const char *suffix)
{
    char *p = ak_rt_path(rt, "/resourceGroups/%s/providers/Microsoft.ContainerService/managedClusters/%s/"
                             "agentPools",
                         ak_arg_str(a, "resource_group"), ak_arg_str(a, "cluster_name"));
    char *e = pool ? ak_rt_escape(pool) : NULL;
    char *full = ak_xasprintf("%s%s%s%s?api-version=" AK_API_CS, p, e ? "/" : "", e ? e : "",
                              suffix ? suffix : "");
    free(e);
    free(p);
    return full;
}

/* az's validate_nodepool_name, run for every nodepool command before any request. */
static int check_name(const struct ak_args *a)
{
    const char *m = ak_cli_nodepool_name_error(ak_arg_str(a, "nodepool_name"));
    return m ? ak_rt_fail("%s", m) : 0;
}

static int check_labels_taints_surge(const struct ak_args *a)
{
    char buf[1024];
    const struct ak_strs *labels = ak_arg_list(a, "labels");
    for (size_t i = 0; labels && i < labels->n; i++) {
        const char *m = ak_cli_label_error(labels->v[i], buf, sizeof(buf));
        if (m)
            return ak_rt_fail("%s", m);
    }
    const char *bad = ak_cli_bad_taint(ak_arg_str(a, "node_taints"), buf, sizeof(buf));
    if (bad)
        return ak_rt_fail("Invalid node taint: %s", bad);
    const char *m = ak_cli_max_surge_error(ak_arg_str(a, "max_surge"));
    return m ? ak_rt_fail("%s", m) : 0;
}

/* "a=b:NoSchedule,c=d:NoExecute" -> ["a=b:NoSchedule", "c=d:NoExecute"] (strip, "" -> []) */
static json_t *taint_list(const char *s)
{
    json_t *arr = json_array();
    if (!s || !*s)
        return arr;
    char *copy = ak_xstrdup(s);
    char *p = copy;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strlen(p);
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        json_array_append_new(arr, json_stringn(p, n));
        if (!comma)
            break;
        p = comma + 1;
    }
    free(copy);
    return arr;
}

static json_t *string_list(const struct ak_strs *l)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(arr, json_string(l->v[i]));
    return arr;
}

/* ------------------------------------------------------------------ add */

int ak_cmd_np_add(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        SPEC_RG,
        SPEC_CLUSTER,
        SPEC_NAME,
        {"kubernetes_version", "--kubernetes-version -k", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Version of Kubernetes to use for creating the cluster, such as \"1.16.9\"."},
        {"node_vm_size", "--node-vm-size -s", AK_A_VAL, AK_AT_STR, NULL, false, "Standard_DS2_v2",
         "Size of Virtual Machines to create as Kubernetes nodes."},
        {"os_type", "--os-type", AK_A_VAL, AK_AT_STR, NULL, false, NULL, "The OS Type. Linux or Windows."},
        {"os_sku", "--os-sku", AK_A_VAL, AK_AT_ENUM, "Ubuntu CBLMariner Mariner Windows2019 Windows2022",
         false, NULL, "The OS SKU of the agent node pool."},
        {"snapshot_id", "--snapshot-id", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "The source snapshot id used to create this nodepool."},
        {"vnet_subnet_id", "--vnet-subnet-id", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "The ID of a subnet in an existing VNet into which to deploy the cluster."},
        {"pod_subnet_id", "--pod-subnet-id", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "The ID of a subnet in an existing VNet into which to assign pods in the cluster."},
        {"enable_node_public_ip", "--enable-node-public-ip", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Enable VMSS node public IP."},
        {"node_public_ip_prefix_id", "--node-public-ip-prefix-id", AK_A_VAL, AK_AT_STR, NULL, false,
         NULL, "Public IP prefix ID used to assign public IPs to VMSS nodes."},
        {"enable_cluster_autoscaler", "--enable-cluster-autoscaler -e", AK_A_FLAG, AK_AT_STR, NULL,
         false, NULL, "Enable cluster autoscaler."},
        {"min_count", "--min-count", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "Minimum nodes count used for autoscaler, when \"--enable-cluster-autoscaler\" specified."},
        {"max_count", "--max-count", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "Maximum nodes count used for autoscaler, when \"--enable-cluster-autoscaler\" specified."},
        {"node_count", "--node-count -c", AK_A_VAL, AK_AT_INT, NULL, false, "3",
         "Number of nodes in the Kubernetes agent pool."},
        {"priority", "--priority", AK_A_VAL, AK_AT_ENUM, "Regular Spot", false, "Regular",
         "The priority of the node pool."},
        {"eviction_policy", "--eviction-policy", AK_A_VAL, AK_AT_ENUM, "Delete Deallocate", false,
         "Delete", "The eviction policy of the Spot node pool. It can only be set when --priority is Spot."},
        {"spot_max_price", "--spot-max-price", AK_A_VAL, AK_AT_FLOAT, NULL, false, NULL,
         "It can only be set when --priority is Spot. Specify the maximum price you are willing to "
         "pay in US Dollars. Possible values are any decimal value greater than zero or -1 which "
         "indicates default price to be up-to on-demand."},
        {"labels", "--labels", AK_A_LIST, AK_AT_STR, NULL, false, NULL,
         "The node labels for the node pool (space-separated key=value)."},
        {"tags", "--tags", AK_A_LIST, AK_AT_STR, NULL, false, NULL,
         "Space-separated tags: key[=value] [key[=value] ...]."},
        {"node_taints", "--node-taints ~--taints", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "The node taints for the node pool (comma-separated key=value:effect). aksemu also "
         "accepts --taints, which az 2.45 does not know."},
        {"node_osdisk_type", "--node-osdisk-type", AK_A_VAL, AK_AT_ENUM, "Managed Ephemeral", false,
         NULL, "OS disk type to be used for machines in a given agent pool."},
        {"node_osdisk_size", "--node-osdisk-size", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "Size in GB of the OS disk for each node in the agent pool. Minimum 30 GB."},
        {"max_surge", "--max-surge", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Extra nodes used to speed upgrade, eg. 5 or 33%."},
        {"mode", "--mode", AK_A_VAL, AK_AT_ENUM, "System User", false, "User",
         "The mode for a node pool which defines a node pool's primary function."},
        {"scale_down_mode", "--scale-down-mode", AK_A_VAL, AK_AT_ENUM, "Delete Deallocate", false,
         "Delete", "Describe how VMs are added to or removed from nodepools."},
        {"max_pods", "--max-pods -m", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "The maximum number of pods deployable to a node."},
        {"zones", "--zones -z", AK_A_LIST1, AK_AT_STR, NULL, false, NULL,
         "Space-separated list of availability zones where agent nodes will be placed."},
        {"ppg", "--ppg", AK_A_VAL, AK_AT_STR, NULL, false, NULL, "The ID of a PPG."},
        {"enable_encryption_at_host", "--enable-encryption-at-host", AK_A_FLAG, AK_AT_STR, NULL,
         false, NULL, "Enable EncryptionAtHost, default value is false."},
        {"enable_ultra_ssd", "--enable-ultra-ssd", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Enable UltraSSD, default value is false."},
        {"enable_fips_image", "--enable-fips-image", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Use FIPS-enabled OS on agent nodes."},
        SPEC_NO_WAIT,
        SPEC_HEADERS,
        {"host_group_id", "--host-group-id", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "The fully qualified dedicated host group id used to provision agent node pool."},
        {"gpu_instance_profile", "--gpu-instance-profile", AK_A_VAL, AK_AT_ENUM,
         "MIG1g MIG2g MIG3g MIG4g MIG7g", false, NULL,
         "GPU instance profile to partition multi-gpu Nvidia GPUs."},
    };
    struct ak_args a;
    struct ak_rt rt;
    json_t *pools = NULL, *view = NULL, *body = NULL, *result = NULL;
    char *path = NULL;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc)
        goto out;
    /* argument validators: no request has been sent yet */
    if ((rc = check_name(&a)) != 0)
        goto out;
    const char *m = ak_cli_nodes_count_error(&a);
    if (m) {
        rc = ak_rt_fail("%s", m);
        goto out;
    }
    const char *priority = ak_arg_str(&a, "priority") ? ak_arg_str(&a, "priority") : "Regular";
    bool spot = strcmp(priority, "Spot") == 0;
    double price = ak_arg_float(&a, "spot_max_price", NAN);
    if (!isnan(price)) {
        if (!spot) {
            rc = ak_rt_fail("--spot_max_price can only be set when --priority is Spot");
            goto out;
        }
        char repr[64];
        ak_py_float_repr(price, repr, sizeof(repr));
        const char *dot = strchr(repr, '.');
        if (dot && strlen(dot + 1) > 5) {
            rc = ak_rt_fail("--spot_max_price can only include up to 5 decimal places");
            goto out;
        }
        if (price <= 0 && fabs(price - -1.0) > 1e-06) {
            rc = ak_rt_fail("--spot_max_price can only be any decimal value greater than zero, or -1 "
                            "which indicates default price to be up-to on-demand");
            goto out;
        }
    }
    if ((rc = check_labels_taints_surge(&a)) != 0)
        goto out;
    char kver[64] = "";
    const char *kraw = ak_arg_str(&a, "kubernetes_version");
    if (kraw && *kraw && !ak_cli_k8s_version(kraw, kver, sizeof(kver))) {
        rc = ak_rt_fail("--kubernetes-version should be the full version number or major.minor "
                        "version number, such as \"1.7.12\" or \"1.7\"");
        goto out;
    }
    if ((rc = ak_rt_connect(&rt)) != 0)
        goto out;
    ak_cli_custom_headers(&rt, ak_arg_str(&a, "aks_custom_headers"));
    /* the name must be free: az lists the pools and compares case-sensitively */
    const char *name = ak_arg_str(&a, "nodepool_name");
    char *lpath = pools_path(&rt, &a, NULL, NULL);
    rc = ak_cli_list_all(&rt, lpath, &pools);
    free(lpath);
    if (rc)
        goto out;
    for (size_t i = 0; i < json_array_size(pools); i++) {
        const char *n = json_string_value(json_object_get(json_array_get(pools, i), "name"));
        if (n && strcmp(n, name) == 0) {
            rc = ak_rt_fail("Node pool %s already exists, please try a different name, use 'aks "
                            "nodepool list' to get current list of node pool",
                            name);
            goto out;
        }
    }
    const char *os_type = ak_arg_str(&a, "os_type") ? ak_arg_str(&a, "os_type") : "Linux";
    const char *os_sku = ak_arg_str(&a, "os_sku");
    if (strcmp(os_type, "Linux") == 0 && os_sku &&
        (strcmp(os_sku, "Windows2019") == 0 || strcmp(os_sku, "Windows2022") == 0)) {
        rc = ak_rt_fail("OS SKU is invalid for Linux OS Type. Please specify '--os-type Windows' for "
                        "Windows SKUs");
        goto out;
    }
    /* autoscaler counts (create mode) */
    const char *mode = ak_arg_str(&a, "mode") ? ak_arg_str(&a, "mode") : "User";
    long long count = ak_arg_int(&a, "node_count", 3);
    bool autoscale = ak_arg_flag(&a, "enable_cluster_autoscaler");
    bool has_min = ak_arg_set(&a, "min_count"), has_max = ak_arg_set(&a, "max_count");
    long long minc = ak_arg_int(&a, "min_count", 0), maxc = ak_arg_int(&a, "max_count", 0);
    if (autoscale) {
        if (!has_min || !has_max) {
            rc = ak_rt_fail("Please specify both min-count and max-count when "
                            "--enable-cluster-autoscaler enabled");
            goto out;
        }
        if (minc > maxc) {
            rc = ak_rt_fail("Value of min-count should be less than or equal to value of max-count");
            goto out;
        }
        if (count < minc || count > maxc) {
            rc = ak_rt_fail("node-count is not in the range of min-count and max-count");
            goto out;
        }
        if (strcmp(mode, "System") == 0 && minc < 1) {
            rc = ak_rt_fail("Value of min-count should be greater than or equal to 1 for System "
                            "node pools");
            goto out;
        }
    } else if (has_min || has_max) {
        rc = ak_rt_fail("min-count and max-count are required for --enable-cluster-autoscaler, "
                        "please use the flag");
        goto out;
    }
    /* the AgentPool az builds, attribute by attribute (the SDK serializes it in model order) */
    const char *windows_default = "Standard_D2s_v3";
    const char *vm = ak_arg_str(&a, "node_vm_size");
    if (!vm)
        vm = strcasecmp(os_type, "windows") == 0 ? windows_default : "Standard_DS2_v2";
    view = json_object();
    json_object_set_new(view, "count", json_integer(count));
    json_object_set_new(view, "vmSize", json_string(vm));
    json_object_set_new(view, "osDiskSizeGb", json_integer(ak_arg_int(&a, "node_osdisk_size", 0)));
    if (ak_arg_str(&a, "node_osdisk_type"))
        json_object_set_new(view, "osDiskType", json_string(ak_arg_str(&a, "node_osdisk_type")));
    if (ak_arg_str(&a, "vnet_subnet_id"))
        json_object_set_new(view, "vnetSubnetId", json_string(ak_arg_str(&a, "vnet_subnet_id")));
    if (ak_arg_str(&a, "pod_subnet_id"))
        json_object_set_new(view, "podSubnetId", json_string(ak_arg_str(&a, "pod_subnet_id")));
    if (ak_arg_int(&a, "max_pods", 0) != 0)
        json_object_set_new(view, "maxPods", json_integer(ak_arg_int(&a, "max_pods", 0)));
    json_object_set_new(view, "osType", json_string(os_type));
    if (os_sku)
        json_object_set_new(view, "osSku", json_string(os_sku));
    if (has_max)
        json_object_set_new(view, "maxCount", json_integer(maxc));
    if (has_min)
        json_object_set_new(view, "minCount", json_integer(minc));
    json_object_set_new(view, "enableAutoScaling", json_boolean(autoscale));
    json_object_set_new(view, "scaleDownMode", json_string(ak_arg_str(&a, "scale_down_mode")
                                                                ? ak_arg_str(&a, "scale_down_mode")
                                                                : "Delete"));
    json_object_set_new(view, "typePropertiesType", json_string("VirtualMachineScaleSets"));
    json_object_set_new(view, "mode", json_string(mode));
    if (kver[0])
        json_object_set_new(view, "orchestratorVersion", json_string(kver));
    json_t *us = json_object();
    if (ak_arg_str(&a, "max_surge") && *ak_arg_str(&a, "max_surge"))
        json_object_set_new(us, "maxSurge", json_string(ak_arg_str(&a, "max_surge")));
    json_object_set_new(view, "upgradeSettings", us);
    if (ak_arg_list(&a, "zones"))
        json_object_set_new(view, "availabilityZones", string_list(ak_arg_list(&a, "zones")));
    json_object_set_new(view, "enableNodePublicIp", json_boolean(ak_arg_flag(&a, "enable_node_public_ip")));
    if (ak_arg_str(&a, "node_public_ip_prefix_id"))
        json_object_set_new(view, "nodePublicIpPrefixId",
                            json_string(ak_arg_str(&a, "node_public_ip_prefix_id")));
    json_object_set_new(view, "scaleSetPriority", json_string(priority));
    /* Regular pools get the model's defaults back: Delete and -1 */
    json_object_set_new(view, "scaleSetEvictionPolicy",
                        json_string(spot && ak_arg_str(&a, "eviction_policy")
                                        ? ak_arg_str(&a, "eviction_policy")
                                        : "Delete"));
    json_object_set_new(view, "spotMaxPrice", json_real(spot && !isnan(price) ? price : -1.0));
    json_t *tags = ak_cli_tags(ak_arg_list(&a, "tags"));
    if (tags)
        json_object_set_new(view, "tags", tags);
    json_t *labels = ak_cli_tags(ak_arg_list(&a, "labels"));
    if (labels)
        json_object_set_new(view, "nodeLabels", labels);
    json_object_set_new(view, "nodeTaints", taint_list(ak_arg_str(&a, "node_taints")));
    if (ak_arg_str(&a, "ppg"))
        json_object_set_new(view, "proximityPlacementGroupId", json_string(ak_arg_str(&a, "ppg")));
    json_object_set_new(view, "enableEncryptionAtHost",
                        json_boolean(ak_arg_flag(&a, "enable_encryption_at_host")));
    json_object_set_new(view, "enableUltraSsd", json_boolean(ak_arg_flag(&a, "enable_ultra_ssd")));
    json_object_set_new(view, "enableFips", json_boolean(ak_arg_flag(&a, "enable_fips_image")));
    if (ak_arg_str(&a, "gpu_instance_profile"))
        json_object_set_new(view, "gpuInstanceProfile", json_string(ak_arg_str(&a, "gpu_instance_profile")));
    if (ak_arg_str(&a, "snapshot_id"))
        json_object_set_new(view, "creationData",
                            json_pack("{s:s}", "sourceResourceId", ak_arg_str(&a, "snapshot_id")));
    if (ak_arg_str(&a, "host_group_id"))
        json_object_set_new(view, "hostGroupId", json_string(ak_arg_str(&a, "host_group_id")));
    body = ak_view_body(AP_MODEL, view);
    path = pools_path(&rt, &a, name, NULL);
    rc = ak_rt_lro(&rt, AK_LRO_PUT, path, body, ak_arg_flag(&a, "no_wait"), &result);
    if (rc == 0 && result)
        rc = ak_rt_print(&rt, ak_view(AP_MODEL, result), NULL);
out:
    json_decref(result);
    json_decref(body);
    json_decref(view);
    json_decref(pools);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

/* ------------------------------------------------------------------ list / show */

int ak_cmd_np_list(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {SPEC_RG, SPEC_CLUSTER};
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = pools_path(&rt, &a, NULL, NULL);
    json_t *items;
    rc = ak_cli_list_all(&rt, path, &items);
    if (rc == 0) {
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(items); i++)
            json_array_append_new(out, ak_view(AP_MODEL, json_array_get(items, i)));
        rc = ak_rt_print(&rt, out, "[*]." AP_ROW);
    }
    json_decref(items);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_np_show(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {SPEC_RG, SPEC_CLUSTER, SPEC_NAME};
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = check_name(&a)) != 0 || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = pools_path(&rt, &a, ak_arg_str(&a, "nodepool_name"), NULL);
    json_t *wire;
    rc = ak_cli_get(&rt, path, &wire);
    if (rc == 0)
        rc = ak_rt_print(&rt, ak_view(AP_MODEL, wire), "[" AP_ROW "]");
    json_decref(wire);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

/* ------------------------------------------------------------------ scale / update */

/* PUT the pool (a view) back the way the SDK serializes it, and print the result. */
static int put_pool(struct ak_rt *rt, const struct ak_args *a, const json_t *view)
{
    json_t *body = ak_view_body(AP_MODEL, view);
    char *path = pools_path(rt, a, ak_arg_str(a, "nodepool_name"), NULL);
    json_t *result = NULL;
    int rc = ak_rt_lro(rt, AK_LRO_PUT, path, body, ak_arg_flag(a, "no_wait"), &result);
    if (rc == 0 && result)
        rc = ak_rt_print(rt, ak_view(AP_MODEL, result), NULL);
    json_decref(result);
    json_decref(body);
    free(path);
    return rc;
}

static int get_pool_view(struct ak_rt *rt, const struct ak_args *a, json_t **view)
{
    *view = NULL;
    char *path = pools_path(rt, a, ak_arg_str(a, "nodepool_name"), NULL);
    json_t *wire;
    int rc = ak_cli_get(rt, path, &wire);
    free(path);
    if (rc == 0)
        *view = ak_view(AP_MODEL, wire);
    json_decref(wire);
    return rc;
}

int ak_cmd_np_scale(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        SPEC_RG,
        SPEC_CLUSTER,
        SPEC_NAME,
        {"node_count", "--node-count -c", AK_A_VAL, AK_AT_INT, NULL, false, "3",
         "Number of nodes in the Kubernetes node pool."},
        SPEC_NO_WAIT,
    };
    struct ak_args a;
    struct ak_rt rt;
    json_t *view = NULL;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = check_name(&a)) != 0 || (rc = ak_rt_connect(&rt)) != 0 ||
        (rc = get_pool_view(&rt, &a, &view)) != 0)
        goto out;
    long long n = ak_arg_int(&a, "node_count", 3);
    if (json_is_true(json_object_get(view, "enableAutoScaling"))) {
        rc = ak_rt_fail("Cannot scale cluster autoscaler enabled node pool.");
        goto out;
    }
    json_t *cur = json_object_get(view, "count");
    if (json_is_integer(cur) && json_integer_value(cur) == n) {
        rc = ak_rt_fail("The new node count is the same as the current node count.");
        goto out;
    }
    json_object_set_new(view, "count", json_integer(n));
    rc = put_pool(&rt, &a, view);
out:
    json_decref(view);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_np_update(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        SPEC_RG,
        SPEC_CLUSTER,
        SPEC_NAME,
        {"enable_cluster_autoscaler", "--enable-cluster-autoscaler -e", AK_A_FLAG, AK_AT_STR, NULL,
         false, NULL, "Enable cluster autoscaler."},
        {"disable_cluster_autoscaler", "--disable-cluster-autoscaler -d", AK_A_FLAG, AK_AT_STR, NULL,
         false, NULL, "Disable cluster autoscaler."},
        {"update_cluster_autoscaler", "--update-cluster-autoscaler -u", AK_A_FLAG, AK_AT_STR, NULL,
         false, NULL, "Update min-count or max-count for cluster autoscaler."},
        {"min_count", "--min-count", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "Minimum nodes count used for autoscaler."},
        {"max_count", "--max-count", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "Maximum nodes count used for autoscaler."},
        {"labels", "--labels", AK_A_LIST, AK_AT_STR, NULL, false, NULL,
         "The node labels for the node pool (replace the existing ones)."},
        {"tags", "--tags", AK_A_LIST, AK_AT_STR, NULL, false, NULL,
         "Space-separated tags: key[=value] [key[=value] ...] (replace the existing ones)."},
        {"node_taints", "--node-taints ~--taints", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "The node taints for the node pool (replace the existing ones; \"\" removes all)."},
        {"max_surge", "--max-surge", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Extra nodes used to speed upgrade, eg. 5 or 33%."},
        {"mode", "--mode", AK_A_VAL, AK_AT_ENUM, "System User", false, NULL,
         "The mode for a node pool which defines a node pool's primary function."},
        {"scale_down_mode", "--scale-down-mode", AK_A_VAL, AK_AT_ENUM, "Delete Deallocate", false,
         NULL, "Describe how VMs are added to or removed from nodepools."},
        SPEC_NO_WAIT,
        SPEC_HEADERS,
    };
    struct ak_args a;
    struct ak_rt rt;
    json_t *view = NULL;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = check_name(&a)) != 0)
        goto out;
    const char *m = ak_cli_nodes_count_error(&a);
    if (m) {
        rc = ak_rt_fail("%s", m);
        goto out;
    }
    if ((rc = check_labels_taints_surge(&a)) != 0 || (rc = ak_rt_connect(&rt)) != 0)
        goto out;
    ak_cli_custom_headers(&rt, ak_arg_str(&a, "aks_custom_headers"));
    if ((rc = get_pool_view(&rt, &a, &view)) != 0)
        goto out;
    bool en = ak_arg_flag(&a, "enable_cluster_autoscaler");
    bool dis = ak_arg_flag(&a, "disable_cluster_autoscaler");
    bool upd = ak_arg_flag(&a, "update_cluster_autoscaler");
    if (en + dis + upd > 1) {
        rc = ak_rt_fail("Can only specify one of --enable-cluster-autoscaler, "
                        "--update-cluster-autoscaler and --disable-cluster-autoscaler");
        goto out;
    }
    bool has_min = ak_arg_set(&a, "min_count"), has_max = ak_arg_set(&a, "max_count");
    long long minc = ak_arg_int(&a, "min_count", 0), maxc = ak_arg_int(&a, "max_count", 0);
    const char *mode = ak_arg_str(&a, "mode");
    if (en || upd) {
        if (!has_min || !has_max) {
            rc = ak_rt_fail("Please specify both min-count and max-count when "
                            "--enable-cluster-autoscaler enabled");
            goto out;
        }
        if (minc > maxc) {
            rc = ak_rt_fail("Value of min-count should be less than or equal to value of max-count");
            goto out;
        }
        if (mode && strcmp(mode, "System") == 0 && minc < 1) {
            rc = ak_rt_fail("Value of min-count should be greater than or equal to 1 for System "
                            "node pools");
            goto out;
        }
    } else if (has_min || has_max) {
        rc = ak_rt_fail("min-count and max-count are required for --enable-cluster-autoscaler or "
                        "--update-cluster-autoscaler, please use the flag");
        goto out;
    }
    bool enabled = json_is_true(json_object_get(view, "enableAutoScaling"));
    if (en && enabled) {
        ak_rt_warn(&rt, "Cluster autoscaler is already enabled for this node pool.\nPlease run \"az "
                        "aks --update-cluster-autoscaler\" if you want to update min-count or "
                        "max-count.");
        goto out;
    }
    if (upd && !enabled) {
        rc = ak_rt_fail("Cluster autoscaler is not enabled for this node pool.\nRun \"az aks nodepool "
                        "update --enable-cluster-autoscaler\" to enable cluster with min-count and "
                        "max-count.");
        goto out;
    }
    if (dis && !enabled) {
        ak_rt_warn(&rt, "Cluster autoscaler is already disabled for this node pool.");
        goto out;
    }
    if (en || upd) {
        json_object_set_new(view, "enableAutoScaling", json_true());
        json_object_set_new(view, "minCount", json_integer(minc));
        json_object_set_new(view, "maxCount", json_integer(maxc));
    }
    if (dis) {
        json_object_set_new(view, "enableAutoScaling", json_false());
        json_object_set_new(view, "minCount", json_null());
        json_object_set_new(view, "maxCount", json_null());
    }
    /* --labels / --tags / --node-taints replace what the pool has */
    if (ak_arg_list(&a, "labels"))
        json_object_set_new(view, "nodeLabels", ak_cli_tags(ak_arg_list(&a, "labels")));
    if (ak_arg_list(&a, "tags"))
        json_object_set_new(view, "tags", ak_cli_tags(ak_arg_list(&a, "tags")));
    if (ak_arg_set(&a, "node_taints"))
        json_object_set_new(view, "nodeTaints", taint_list(ak_arg_str(&a, "node_taints")));
    const char *surge = ak_arg_str(&a, "max_surge");
    if (surge && *surge) {
        json_t *us = json_object_get(view, "upgradeSettings");
        if (!json_is_object(us)) {
            us = json_object();
            json_object_set_new(view, "upgradeSettings", us);
        }
        json_object_set_new(us, "maxSurge", json_string(surge));
    }
    if (ak_arg_str(&a, "scale_down_mode"))
        json_object_set_new(view, "scaleDownMode", json_string(ak_arg_str(&a, "scale_down_mode")));
    if (mode)
        json_object_set_new(view, "mode", json_string(mode));
    rc = put_pool(&rt, &a, view);
out:
    json_decref(view);
    return ak_cli_end(&a, &rt, rc);
}

/* ------------------------------------------------------------------ delete / get-upgrades */

int ak_cmd_np_delete(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {SPEC_RG, SPEC_CLUSTER, SPEC_NAME, SPEC_NO_WAIT};
    struct ak_args a;
    struct ak_rt rt;
    json_t *pools = NULL, *res = NULL;
    char *path = NULL;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = check_name(&a)) != 0 || (rc = ak_rt_connect(&rt)) != 0)
        goto out;
    const char *name = ak_arg_str(&a, "nodepool_name");
    char *lpath = pools_path(&rt, &a, NULL, NULL);
    rc = ak_cli_list_all(&rt, lpath, &pools);
    free(lpath);
    if (rc)
        goto out;
    bool exists = false;
    for (size_t i = 0; i < json_array_size(pools) && !exists; i++) {
        const char *n = json_string_value(json_object_get(json_array_get(pools, i), "name"));
        exists = n && strcasecmp(n, name) == 0;
    }
    if (!exists) {
        rc = ak_rt_fail("Node pool %s doesnt exist, use 'aks nodepool list' to get current node pool "
                        "list",
                        name);
        goto out;
    }
    path = pools_path(&rt, &a, name, NULL);
    rc = ak_rt_lro(&rt, AK_LRO_DELETE, path, NULL, ak_arg_flag(&a, "no_wait"), &res);
out:
    json_decref(res);
    json_decref(pools);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_np_get_upgrades(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {SPEC_RG, SPEC_CLUSTER, SPEC_NAME};
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = check_name(&a)) != 0 || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = pools_path(&rt, &a, ak_arg_str(&a, "nodepool_name"), "/upgradeProfiles/default");
    json_t *wire;
    rc = ak_cli_get(&rt, path, &wire);
    if (rc == 0)
        rc = ak_rt_print(&rt, ak_view("cs.AgentPoolUpgradeProfile", wire), NULL);
    json_decref(wire);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

/* ------------------------------------------------------------------ wait */

static void sleep_s(long long s)
{
    struct timespec ts = {(time_t)s, 0};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

int ak_cmd_np_wait(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        SPEC_RG,
        SPEC_CLUSTER,
        {"nodepool_name", "--nodepool-name --name -n ~--agent-pool-name", AK_A_VAL, AK_AT_STR, NULL,
         true, NULL, "The node pool name."},
        {"created", "--created", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Wait until created with 'provisioningState' at 'Succeeded'."},
        {"custom", "--custom", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Wait until the condition satisfies a custom JMESPath query."},
        {"deleted", "--deleted", AK_A_FLAG, AK_AT_STR, NULL, false, NULL, "Wait until deleted."},
        {"exists", "--exists", AK_A_FLAG, AK_AT_STR, NULL, false, NULL, "Wait until the resource exists."},
        {"interval", "--interval", AK_A_VAL, AK_AT_INT, NULL, false, "1",
         "Polling interval in seconds (az's default is 30; aksemu's operations are fast)."},
        {"timeout", "--timeout", AK_A_VAL, AK_AT_INT, NULL, false, "3600", "Maximum wait in seconds."},
        {"updated", "--updated", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Wait until updated with provisioningState at 'Succeeded'."},
    };
    struct ak_args a;
    struct ak_rt rt;
    struct ak_jmes *custom = NULL;
    char *path = NULL;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = check_name(&a)) != 0)
        goto out;
    bool created = ak_arg_flag(&a, "created"), updated = ak_arg_flag(&a, "updated");
    bool deleted = ak_arg_flag(&a, "deleted"), exists = ak_arg_flag(&a, "exists");
    const char *cq = ak_arg_str(&a, "custom");
    if (!created && !updated && !deleted && !exists && !cq) {
        rc = ak_rt_fail("incorrect usage: --created | --updated | --deleted | --exists | --custom "
                        "JMESPATH");
        goto out;
    }
    if (cq) {
        char err[600];
        custom = ak_jmes_compile(cq, err, sizeof(err));
        if (!custom) {
            rc = ak_rt_fail("invalid --custom JMESPath query: %s", err);
            goto out;
        }
    }
    if ((rc = ak_rt_connect(&rt)) != 0)
        goto out;
    long long interval = ak_arg_int(&a, "interval", 1), timeout = ak_arg_int(&a, "timeout", 3600);
    if (interval <= 0)
        interval = 1;
    path = pools_path(&rt, &a, ak_arg_str(&a, "nodepool_name"), NULL);
    for (long long t = 0; t < timeout; t += interval) {
        struct ak_resp r;
        if (ak_rt_call(&rt, "GET", path, NULL, &r) != 0) {
            rc = 1;
            goto out;
        }
        if (r.status == 404) {
            bool keep = created || exists || cq;
            if (deleted) {
                ak_resp_release(&r);
                goto out;
            }
            if (!keep) {
                rc = ak_rt_http_error(&rt, &r);
                ak_resp_release(&r);
                goto out;
            }
        } else if (r.status >= 400) {
            rc = ak_rt_http_error(&rt, &r);
            ak_resp_release(&r);
            goto out;
        } else {
            if (exists) {
                ak_resp_release(&r);
                goto out;
            }
            const char *ps = json_string_value(
                json_object_get(json_object_get(r.json, "properties"), "provisioningState"));
            if (ps && strcasecmp(ps, "failed") == 0) {
                ak_resp_release(&r);
                rc = ak_rt_fail("The operation failed");
                goto out;
            }
            bool done = (created || updated) && ps && strcasecmp(ps, "succeeded") == 0;
            if (!done && custom) {
                json_t *v = ak_view(AP_MODEL, r.json);
                ak_view_add_resource_group(v);
                char err[600];
                json_t *res = ak_jmes_search(custom, v, NULL, err, sizeof(err));
                done = res && !json_is_null(res) && !json_is_false(res) &&
                       !(json_is_string(res) && json_string_length(res) == 0) &&
                       !(json_is_array(res) && json_array_size(res) == 0) &&
                       !(json_is_object(res) && json_object_size(res) == 0);
                json_decref(res);
                json_decref(v);
            }
            if (done) {
                ak_resp_release(&r);
                goto out;
            }
        }
        ak_resp_release(&r);
        sleep_s(interval);
    }
    rc = ak_rt_fail("Wait operation timed-out after %lld seconds", timeout);
out:
    ak_jmes_free(custom);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}
