/* ak_cli_aks.c - `aksemu aks create|show|list|delete|get-credentials`, az 2.45's managed
 * cluster commands (Microsoft.ContainerService 2022-11-01). */
#include "ak_cli_int.h"

#include <errno.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ak_cli_view.h"
#include "ak_cli_yaml.h"
#include "../api/ak_tls.h"
#include "../util/ak_base64.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

#define MC_MODEL "cs.ManagedCluster"
#define MC_TABLE                                                                                  \
    "{name: name, location: location, resourceGroup: resourceGroup, kubernetesVersion: "          \
    "kubernetesVersion, currentKubernetesVersion: currentKubernetesVersion, provisioningState: "  \
    "provisioningState, fqdn: fqdn || privateFqdn}"

static const char *home_dir(void)
{
    const char *h = getenv("HOME");
    return h && *h ? h : ".";
}

static char *cluster_path(const struct ak_rt *rt, const char *rg, const char *name, const char *suffix)
{
    char *p = ak_rt_path(rt, "/resourceGroups/%s/providers/Microsoft.ContainerService/managedClusters/%s",
                         rg, name);
    char *full = ak_xasprintf("%s%s?api-version=" AK_API_CS, p, suffix ? suffix : "");
    free(p);
    return full;
}

/* ------------------------------------------------------------------ ssh keys */

/* msrestazure-style check: "ssh-rsa <base64 blob whose first field is 'ssh-rsa'> [comment]" */
static bool valid_ssh_rsa(const char *key)
{
    while (*key == ' ' || *key == '\t' || *key == '\n')
        key++;
    if (strncmp(key, "ssh-rsa ", 8) != 0)
        return false;
    const char *b = key + 8;
    size_t n = strcspn(b, " \t\r\n");
    size_t len = 0;
    char *raw = ak_base64_decode(b, n, &len);
    bool ok = raw && len > 11 && raw[0] == 0 && raw[1] == 0 && raw[2] == 0 && raw[3] == 7 &&
              memcmp(raw + 4, "ssh-rsa", 7) == 0;
    free(raw);
    return ok;
}

/* A well-formed RSA public key that belongs to no private key (e = 65537, a fixed 2048-bit
 * modulus): what aksemu sends for --generate-ssh-keys when no key exists. */
static char *placeholder_key(void)
{
    unsigned char blob[4 + 7 + 4 + 3 + 4 + 257];
    size_t o = 0;
    const unsigned char hdr[] = {0, 0, 0, 7, 's', 's', 'h', '-', 'r', 's', 'a', 0, 0, 0, 3, 1, 0, 1,
                                 0, 0, 1, 1, 0};
    memcpy(blob, hdr, sizeof(hdr));
    o = sizeof(hdr);
    uint32_t x = 0x2545F491u;
    for (int i = 0; i < 256; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        blob[o++] = (unsigned char)(i == 0 ? (x | 0x80) : x);
    }
    char *b64 = ak_base64_encode(blob, o);
    char *key = ak_xasprintf("ssh-rsa %s aksemu-placeholder-key", b64);
    free(b64);
    return key;
}

static char *trim_dup(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return ak_xstrndup(s, n);
}

/* az's validate_ssh_key + the decorator's check. Returns 0 with *key set, or an exit code. */
static int resolve_ssh_key(const struct ak_rt *rt, const struct ak_args *a, char **key)
{
    *key = NULL;
    const char *given = ak_arg_str(a, "ssh_key_value");
    char defpath[4096];
    snprintf(defpath, sizeof(defpath), "%s/.ssh/id_rsa.pub", home_dir());
    const char *src = given ? given : defpath;
    struct stat sb;
    if (stat(src, &sb) == 0) {
        char *text = ak_read_file(src, NULL);
        if (!text)
            return ak_rt_fail("cannot read the SSH public key file %s: %s", src, strerror(errno));
        *key = trim_dup(text);
        free(text);
    } else if (valid_ssh_rsa(src)) {
        *key = trim_dup(src);
        return 0;
    } else if (ak_arg_flag(a, "generate_ssh_keys")) {
        *key = placeholder_key();
        ak_rt_warn(rt,
                   "No SSH public key at '%s': aksemu does not generate key pairs, it sent a "
                   "placeholder RSA public key (emulated nodes take no SSH logins). Pass "
                   "--ssh-key-value to send your own key.",
                   src);
        return 0;
    } else {
        return ak_rt_fail("An RSA key file or key value must be supplied to SSH Key Value. You can "
                          "use --generate-ssh-keys to let CLI generate one for you");
    }
    if (!valid_ssh_rsa(*key)) {
        char shown[24];
        snprintf(shown, sizeof(shown), "%.20s", *key);
        free(*key);
        *key = NULL;
        return ak_rt_fail("Provided ssh key (%s...) is invalid or non-existent", shown);
    }
    return 0;
}

/* ------------------------------------------------------------------ create */

static bool linux_host_name_ok(const char *n)
{
    regex_t re;
    regcomp(&re, "^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$", REG_EXTENDED | REG_NOSUB);
    bool ok = regexec(&re, n, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* name[:10]-rg[:16]-sub[:6] after dropping characters other than [A-Za-z0-9-] */
static void default_dns_prefix(const char *name, const char *rg, const char *sub, char *out, size_t n)
{
    char np[16] = "", rp[20] = "";
    size_t w = 0;
    for (const char *p = name; *p && w < 10; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-')
            np[w++] = *p;
    np[w] = '\0';
    if (!(np[0] >= 'a' && np[0] <= 'z') && !(np[0] >= 'A' && np[0] <= 'Z')) {
        char t[16];
        snprintf(t, sizeof(t), "a%.9s", np);
        snprintf(np, sizeof(np), "%s", t);
    }
    w = 0;
    for (const char *p = rg; *p && w < 16; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-')
            rp[w++] = *p;
    rp[w] = '\0';
    snprintf(out, n, "%s-%s-%.6s", np, rp, sub);
}

int ak_cmd_aks_create(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "Name of resource group."},
        {"name", "--name -n", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "Name of the managed cluster."},
        {"location", "--location -l", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Location. Default: the resource group's location."},
        {"admin_username", "--admin-username -u", AK_A_VAL, AK_AT_STR, NULL, false, "azureuser",
         "User account to create on node VMs for SSH access."},
        {"dns_name_prefix", "--dns-name-prefix -p", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Prefix for hostnames that are created. Default: name[:10]-rg[:16]-subscription[:6]."},
        {"generate_ssh_keys", "--generate-ssh-keys", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Generate SSH public and private key files if missing (aksemu sends a placeholder "
         "public key instead of writing files)."},
        {"ssh_key_value", "--ssh-key-value", AK_A_VAL, AK_AT_STR, NULL, false, "~/.ssh/id_rsa.pub",
         "Public key path or key contents to install on node VMs for SSH access."},
        {"no_ssh_key", "--no-ssh-key -x", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Do not use or create a local SSH key."},
        {"kubernetes_version", "--kubernetes-version -k", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Version of Kubernetes to use for creating the cluster, such as \"1.16.9\"."},
        {"node_count", "--node-count -c", AK_A_VAL, AK_AT_INT, NULL, false, "3",
         "Number of nodes in the Kubernetes node pool."},
        {"node_vm_size", "--node-vm-size -s", AK_A_VAL, AK_AT_STR, NULL, false, "Standard_DS2_v2",
         "Size of Virtual Machines to create as Kubernetes nodes."},
        {"nodepool_name", "--nodepool-name", AK_A_VAL, AK_AT_STR, NULL, false, "nodepool1",
         "Node pool name, up to 12 alphanumeric characters."},
        {"node_osdisk_type", "--node-osdisk-type", AK_A_VAL, AK_AT_ENUM, "Managed Ephemeral", false, NULL,
         "OS disk type to be used for machines in a given agent pool."},
        {"node_osdisk_size", "--node-osdisk-size", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "Size in GiB of the OS disk for each node in the node pool. Minimum 30 GiB."},
        {"max_pods", "--max-pods -m", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "The maximum number of pods deployable to a node."},
        {"os_sku", "--os-sku", AK_A_VAL, AK_AT_ENUM, "Ubuntu CBLMariner Mariner", false, NULL,
         "The OS SKU of the agent node pool."},
        {"zones", "--zones -z", AK_A_LIST1, AK_AT_STR, NULL, false, NULL,
         "Space-separated list of availability zones where agent nodes will be placed."},
        {"enable_cluster_autoscaler", "--enable-cluster-autoscaler", AK_A_FLAG, AK_AT_STR, NULL, false,
         NULL, "Enable cluster autoscaler, default value is false."},
        {"min_count", "--min-count", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "Minimum nodes count used for autoscaler, when \"--enable-cluster-autoscaler\" specified."},
        {"max_count", "--max-count", AK_A_VAL, AK_AT_INT, NULL, false, NULL,
         "Maximum nodes count used for autoscaler, when \"--enable-cluster-autoscaler\" specified."},
        {"nodepool_tags", "--nodepool-tags", AK_A_LIST, AK_AT_STR, NULL, false, NULL,
         "Space-separated tags: key[=value] [key[=value] ...]."},
        {"nodepool_labels", "--nodepool-labels", AK_A_LIST, AK_AT_STR, NULL, false, NULL,
         "Space-separated labels: key[=value] [key[=value] ...]."},
        {"network_plugin", "--network-plugin", AK_A_VAL, AK_AT_ENUM, "kubenet azure none", false, NULL,
         "The Kubernetes network plugin to use."},
        {"tags", "--tags", AK_A_LIST, AK_AT_STR, NULL, false, NULL,
         "Space-separated tags: key[=value] [key[=value] ...]."},
        {"no_wait", "--no-wait", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Do not wait for the long-running operation to finish."},
        {"yes", "--yes -y", AK_A_FLAG, AK_AT_STR, NULL, false, NULL, "Do not prompt for confirmation."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    char *key = NULL, *path = NULL;
    json_t *view = NULL, *body = NULL, *result = NULL, *profile = NULL, *rgwire = NULL;
    if (rc)
        goto out;
    /* argument validators, as az runs them before any request */
    const char *name = ak_arg_str(&a, "name");
    const char *rg = ak_arg_str(&a, "resource_group");
    if (!*name) {
        rc = ak_rt_fail("--name has no value");
        goto out;
    }
    if (!linux_host_name_ok(name)) {
        rc = ak_rt_fail("--name cannot exceed 63 characters and can only contain letters, numbers, "
                        "underscores (_) or dashes (-).");
        goto out;
    }
    const char *dns = ak_arg_str(&a, "dns_name_prefix");
    if (dns && !*dns) {
        rc = ak_rt_fail("--dns-prefix has no value");
        goto out;
    }
    char kver[64] = "";
    const char *kraw = ak_arg_str(&a, "kubernetes_version");
    if (kraw && *kraw && !ak_cli_k8s_version(kraw, kver, sizeof(kver))) {
        rc = ak_rt_fail("--kubernetes-version should be the full version number or major.minor "
                        "version number, such as \"1.7.12\" or \"1.7\"");
        goto out;
    }
    const char *npname = ak_arg_str(&a, "nodepool_name") ? ak_arg_str(&a, "nodepool_name") : "nodepool1";
    const char *m = ak_cli_nodepool_name_error(npname);
    if (!m)
        m = ak_cli_nodes_count_error(&a);
    if (m) {
        rc = ak_rt_fail("%s", m);
        goto out;
    }
    const struct ak_strs *labels = ak_arg_list(&a, "nodepool_labels");
    for (size_t i = 0; labels && i < labels->n; i++) {
        char buf[1024];
        if ((m = ak_cli_label_error(labels->v[i], buf, sizeof(buf))) != NULL) {
            rc = ak_rt_fail("%s", m);
            goto out;
        }
    }
    if (!ak_arg_flag(&a, "no_ssh_key") && (rc = resolve_ssh_key(&rt, &a, &key)) != 0)
        goto out;
    /* autoscaler counts (the decorator's checks) */
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
        if (minc < 1) {
            rc = ak_rt_fail("Value of min-count should be greater than or equal to 1 for System "
                            "node pools");
            goto out;
        }
    } else if (has_min || has_max) {
        rc = ak_rt_fail("min-count and max-count are required for --enable-cluster-autoscaler, "
                        "please use the flag");
        goto out;
    }
    if ((rc = ak_rt_connect(&rt)) != 0)
        goto out;
    /* location: az GETs the resource group when -l is not given */
    const char *loc = ak_arg_str(&a, "location");
    if (!loc) {
        char *rgpath = ak_rt_path(&rt, "/resourcegroups/%s?api-version=" AK_API_RG, rg);
        rc = ak_cli_get(&rt, rgpath, &rgwire);
        free(rgpath);
        if (rc)
            goto out;
        loc = json_string_value(json_object_get(rgwire, "location"));
        if (!loc) {
            rc = ak_rt_fail("the resource group '%s' has no location", rg);
            goto out;
        }
    }
    char dnsbuf[64];
    if (!dns) {
        default_dns_prefix(name, rg, rt.sub, dnsbuf, sizeof(dnsbuf));
        dns = dnsbuf;
    }
    /* the agent pool profile, in ManagedClusterAgentPoolProfile terms */
    profile = json_object();
    json_object_set_new(profile, "count", json_integer(count));
    json_object_set_new(profile, "vmSize", json_string(ak_arg_str(&a, "node_vm_size")
                                                           ? ak_arg_str(&a, "node_vm_size")
                                                           : "Standard_DS2_v2"));
    json_object_set_new(profile, "osDiskSizeGb", json_integer(ak_arg_int(&a, "node_osdisk_size", 0)));
    if (ak_arg_str(&a, "node_osdisk_type"))
        json_object_set_new(profile, "osDiskType", json_string(ak_arg_str(&a, "node_osdisk_type")));
    if (ak_arg_int(&a, "max_pods", 0) != 0)
        json_object_set_new(profile, "maxPods", json_integer(ak_arg_int(&a, "max_pods", 0)));
    json_object_set_new(profile, "osType", json_string("Linux"));
    if (ak_arg_str(&a, "os_sku"))
        json_object_set_new(profile, "osSku", json_string(ak_arg_str(&a, "os_sku")));
    if (autoscale) {
        json_object_set_new(profile, "maxCount", json_integer(maxc));
        json_object_set_new(profile, "minCount", json_integer(minc));
    }
    json_object_set_new(profile, "enableAutoScaling", json_boolean(autoscale));
    json_object_set_new(profile, "type", json_string("VirtualMachineScaleSets"));
    json_object_set_new(profile, "mode", json_string("System"));
    json_object_set_new(profile, "orchestratorVersion", json_string(kver));
    json_object_set_new(profile, "upgradeSettings", json_object());
    const struct ak_strs *zones = ak_arg_list(&a, "zones");
    if (zones) {
        json_t *z = json_array();
        for (size_t i = 0; i < zones->n; i++)
            json_array_append_new(z, json_string(zones->v[i]));
        json_object_set_new(profile, "availabilityZones", z);
    }
    json_object_set_new(profile, "enableNodePublicIp", json_false());
    json_object_set_new(profile, "scaleSetPriority", json_string("Regular"));
    json_object_set_new(profile, "scaleSetEvictionPolicy", json_string("Delete"));
    json_object_set_new(profile, "spotMaxPrice", json_real(-1.0));
    json_t *nptags = ak_cli_tags(ak_arg_list(&a, "nodepool_tags"));
    if (nptags)
        json_object_set_new(profile, "tags", nptags);
    if (labels)
        json_object_set_new(profile, "nodeLabels", ak_cli_tags(labels));
    json_object_set_new(profile, "nodeTaints", json_array());
    json_object_set_new(profile, "enableEncryptionAtHost", json_false());
    json_object_set_new(profile, "enableUltraSsd", json_false());
    json_object_set_new(profile, "enableFips", json_false());
    json_object_set_new(profile, "name", json_string(npname));

    view = json_object();
    json_t *tags = ak_cli_tags(ak_arg_list(&a, "tags"));
    if (tags)
        json_object_set_new(view, "tags", tags);
    json_object_set_new(view, "location", json_string(loc));
    json_object_set_new(view, "identity", json_pack("{s:s}", "type", "SystemAssigned"));
    json_object_set_new(view, "kubernetesVersion", json_string(kver));
    json_object_set_new(view, "dnsPrefix", json_string(dns));
    json_object_set_new(view, "agentPoolProfiles", json_pack("[O]", profile));
    if (key) {
        const char *user = ak_arg_str(&a, "admin_username") ? ak_arg_str(&a, "admin_username")
                                                             : "azureuser";
        json_object_set_new(view, "linuxProfile",
                            json_pack("{s:s,s:{s:[{s:s}]}}", "adminUsername", user, "ssh",
                                      "publicKeys", "keyData", key));
    }
    json_object_set_new(view, "addonProfiles", json_object());
    json_object_set_new(view, "enableRbac", json_true());
    const char *plugin = ak_arg_str(&a, "network_plugin");
    json_t *np = json_object();
    json_object_set_new(np, "networkPlugin", json_string(plugin ? plugin : "kubenet"));
    if (!plugin) {
        /* the SDK's defaults, sent when az builds the kubenet profile itself */
        json_object_set_new(np, "podCidr", json_string("10.244.0.0/16"));
        json_object_set_new(np, "serviceCidr", json_string("10.0.0.0/16"));
        json_object_set_new(np, "dnsServiceIp", json_string("10.0.0.10"));
        json_object_set_new(np, "dockerBridgeCidr", json_string("172.17.0.1/16"));
    }
    json_object_set_new(np, "outboundType", json_string("loadBalancer"));
    json_object_set_new(np, "loadBalancerSku", json_string("standard"));
    json_object_set_new(view, "networkProfile", np);
    json_object_set_new(view, "disableLocalAccounts", json_false());
    json_object_set_new(view, "storageProfile", json_object());
    body = ak_view_body(MC_MODEL, view);

    path = cluster_path(&rt, rg, name, NULL);
    rc = ak_rt_lro(&rt, AK_LRO_PUT, path, body, ak_arg_flag(&a, "no_wait"), &result);
    if (rc == 0 && result) {
        rc = ak_rt_print(&rt, ak_view(MC_MODEL, result), NULL);
    }
out:
    json_decref(result);
    json_decref(body);
    json_decref(view);
    json_decref(profile);
    json_decref(rgwire);
    free(path);
    free(key);
    return ak_cli_end(&a, &rt, rc);
}

/* ------------------------------------------------------------------ show / list / delete */

static const struct ak_argspec rg_name_spec[] = {
    {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
     "Name of resource group."},
    {"name", "--name -n", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "Name of the managed cluster."},
};

int ak_cmd_aks_show(const char *prog, const char *summary, int argc, char **argv)
{
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, rg_name_spec, AK_ARRAY_LEN(rg_name_spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = cluster_path(&rt, ak_arg_str(&a, "resource_group"), ak_arg_str(&a, "name"), NULL);
    json_t *wire;
    rc = ak_cli_get(&rt, path, &wire);
    if (rc == 0) {
        json_t *v = ak_view(MC_MODEL, wire);
        ak_view_aks_remove_nulls(v);
        rc = ak_rt_print(&rt, v, "[" MC_TABLE "]");
    }
    json_decref(wire);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_aks_list(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Name of resource group."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    const char *rg = ak_arg_str(&a, "resource_group");
    char *path = rg ? ak_rt_path(&rt,
                                 "/resourceGroups/%s/providers/Microsoft.ContainerService/"
                                 "managedClusters?api-version=" AK_API_CS,
                                 rg)
                    : ak_rt_path(&rt, "/providers/Microsoft.ContainerService/managedClusters"
                                      "?api-version=" AK_API_CS);
    json_t *items;
    rc = ak_cli_list_all(&rt, path, &items);
    if (rc == 0) {
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(items); i++) {
            json_t *v = ak_view(MC_MODEL, json_array_get(items, i));
            ak_view_aks_remove_nulls(v);
            json_array_append_new(out, v);
        }
        rc = ak_rt_print(&rt, out, "[*]." MC_TABLE);
    }
    json_decref(items);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_aks_delete(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "Name of resource group."},
        {"name", "--name -n", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "Name of the managed cluster."},
        {"no_wait", "--no-wait", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Do not wait for the long-running operation to finish."},
        {"yes", "--yes -y", AK_A_FLAG, AK_AT_STR, NULL, false, NULL, "Do not prompt for confirmation."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_cli_confirm(&rt, ak_arg_flag(&a, "yes"))) != 0 ||
        (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = cluster_path(&rt, ak_arg_str(&a, "resource_group"), ak_arg_str(&a, "name"), NULL);
    json_t *res = NULL;
    rc = ak_rt_lro(&rt, AK_LRO_DELETE, path, NULL, ak_arg_flag(&a, "no_wait"), &res);
    json_decref(res);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

/* ------------------------------------------------------------------ get-credentials */

static bool json_deep_eq(const json_t *a, const json_t *b)
{
    return json_equal((json_t *)a, (json_t *)b) != 0;
}

/* az's _handle_merge: objects of `key` from addition replace same-named ones in existing
 * when replace is set or they are identical; a different one with the same name is an
 * error (az would ask on a terminal). Returns 0 or an exit code. */
static int handle_merge(json_t *existing, json_t *addition, const char *key, bool replace)
{
    json_t *add = json_object_get(addition, key);
    if (!add || json_is_null(add) || (json_is_array(add) && json_array_size(add) == 0) ||
        json_is_false(add))
        return 0;
    json_t *ex = json_object_get(existing, key);
    if (!ex)
        return ak_rt_fail("No such key '%s' in existing config, please confirm whether it is a valid "
                          "config file. May back up this config file, delete it and retry the "
                          "command.",
                          key);
    if (json_is_null(ex) || (json_is_array(ex) && json_array_size(ex) == 0)) {
        json_object_set(existing, key, add);
        return 0;
    }
    if (!json_is_array(ex) || !json_is_array(add))
        return ak_rt_fail("'%s' in the kubeconfig is not a list", key);
    for (size_t i = 0; i < json_array_size(add); i++) {
        json_t *item = json_array_get(add, i);
        const char *iname = json_string_value(json_object_get(item, "name"));
        for (size_t j = 0; iname && j < json_array_size(ex); j++) {
            json_t *old = json_array_get(ex, j);
            const char *oname = json_string_value(json_object_get(old, "name"));
            if (!oname || strcmp(oname, iname) != 0)
                continue;
            if (replace || json_deep_eq(item, old)) {
                json_array_remove(ex, j);
                j--;
            } else {
                return ak_rt_fail("A different object named %s already exists in %s in your "
                                  "kubeconfig file.",
                                  iname, key);
            }
        }
        json_array_append(ex, item);
    }
    return 0;
}

static int mkdir_p(const char *dir)
{
    char *d = ak_xstrdup(dir);
    for (char *p = d + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(d, 0755) != 0 && errno != EEXIST) {
            free(d);
            return -1;
        }
        *p = '/';
    }
    int rc = mkdir(d, 0755) != 0 && errno != EEXIST ? -1 : 0;
    free(d);
    return rc;
}

static int merge_kubeconfig(const struct ak_rt *rt, const char *path, const char *kubeconfig,
                            bool overwrite, const char *context)
{
    char err[600];
    int rc = 0;
    json_t *existing = NULL, *addition = NULL;
    /* ensure the directory and an (empty) file exist, as az does */
    char *dir = ak_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdir_p(dir) != 0) {
            rc = ak_rt_fail("cannot create the directory %s: %s", dir, strerror(errno));
            free(dir);
            return rc;
        }
    }
    free(dir);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        FILE *f = fopen(path, "w");
        if (!f)
            return ak_rt_fail("cannot create %s: %s", path, strerror(errno));
        fclose(f);
        chmod(path, 0600);
    }
    size_t len = 0;
    char *text = ak_read_file(path, &len);
    if (!text)
        return ak_rt_fail("cannot read %s: %s", path, strerror(errno));
    existing = ak_cli_yaml_parse(text, len, err, sizeof(err));
    free(text);
    if (!existing) {
        rc = ak_rt_fail("Error parsing %s (%s)", path, err);
        goto out;
    }
    addition = ak_cli_yaml_parse(kubeconfig, strlen(kubeconfig), err, sizeof(err));
    if (!addition || !json_is_object(addition)) {
        rc = ak_rt_fail("failed to load additional configuration from the daemon's kubeconfig (%s)",
                        addition ? "not a mapping" : err);
        goto out;
    }
    if (context) {
        json_t *ctx0 = json_array_get(json_object_get(addition, "contexts"), 0);
        json_t *cl0 = json_array_get(json_object_get(addition, "clusters"), 0);
        if (ctx0) {
            json_object_set_new(ctx0, "name", json_string(context));
            json_t *inner = json_object_get(ctx0, "context");
            if (json_is_object(inner))
                json_object_set_new(inner, "cluster", json_string(context));
        }
        if (cl0)
            json_object_set_new(cl0, "name", json_string(context));
        json_object_set_new(addition, "current-context", json_string(context));
    }
    /* rename the admin context so it does not overwrite the user context */
    json_t *ctxs = json_object_get(addition, "contexts");
    for (size_t i = 0; json_is_array(ctxs) && i < json_array_size(ctxs); i++) {
        json_t *c = json_array_get(ctxs, i);
        const char *user = json_string_value(json_object_get(json_object_get(c, "context"), "user"));
        const char *cname = json_string_value(json_object_get(c, "name"));
        if (user && cname && strncmp(user, "clusterAdmin", 12) == 0) {
            char *admin = ak_xasprintf("%s-admin", cname);
            json_object_set_new(c, "name", json_string(admin));
            json_object_set_new(addition, "current-context", json_string(admin));
            free(admin);
            break;
        }
    }
    if (json_is_null(existing)) {
        json_decref(existing);
        existing = json_incref(addition);
    } else {
        if (!json_is_object(existing)) {
            rc = ak_rt_fail("%s is not a kubeconfig (its top level is not a mapping)", path);
            goto out;
        }
        if ((rc = handle_merge(existing, addition, "clusters", overwrite)) != 0 ||
            (rc = handle_merge(existing, addition, "users", overwrite)) != 0 ||
            (rc = handle_merge(existing, addition, "contexts", overwrite)) != 0)
            goto out;
        json_t *cc = json_object_get(addition, "current-context");
        json_object_set(existing, "current-context", cc ? cc : json_null());
    }
    struct stat lsb;
    if (lstat(path, &lsb) == 0 && !S_ISLNK(lsb.st_mode)) {
        char perms[8];
        snprintf(perms, sizeof(perms), "%o", (unsigned)(lsb.st_mode & 07777));
        size_t pl = strlen(perms);
        if (pl < 3 || strcmp(perms + pl - 3, "600") != 0)
            ak_rt_warn(rt, "%s has permissions \"%s\".\nIt should be readable and writable only by "
                           "its owner.",
                       path, perms);
    }
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_cli_yaml_dump(existing, false, &b);
    FILE *f = fopen(path, "w");
    if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0) {
        rc = ak_rt_fail("cannot write %s: %s", path, strerror(errno));
        ak_buf_release(&b);
        goto out;
    }
    ak_buf_release(&b);
    const char *cur = json_string_value(json_object_get(addition, "current-context"));
    ak_rt_warn(rt, "Merged \"%s\" as current context in %s", cur ? cur : "UNKNOWN", path);
out:
    json_decref(existing);
    json_decref(addition);
    return rc;
}

int ak_cmd_aks_get_credentials(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "Name of resource group."},
        {"name", "--name -n", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "Name of the managed cluster."},
        {"admin", "--admin -a", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Get cluster administrator credentials. Default: cluster user credentials."},
        {"path", "--file -f", AK_A_VAL, AK_AT_STR, NULL, false, "~/.kube/config",
         "Kubernetes configuration file to update. Use \"-\" to print YAML to stdout instead."},
        {"overwrite_existing", "--overwrite-existing", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Overwrite any existing cluster entry with the same name."},
        {"context_name", "--context", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "If specified, overwrite the default context name. The `--admin` parameter takes "
         "precedence over `--context`."},
        {"public_fqdn", "--public-fqdn", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Get private cluster credential with server address to be public fqdn."},
        {"credential_format", "--format", AK_A_VAL, AK_AT_ENUM, "azure exec", false, NULL,
         "Specify the format of the returned credential."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc)
        return ak_cli_end(&a, &rt, rc);
    bool admin = ak_arg_flag(&a, "admin");
    const char *fmt = ak_arg_str(&a, "credential_format");
    if (fmt && admin) {
        rc = ak_rt_fail("--format can only be specified when requesting clusterUser credential.");
        return ak_cli_end(&a, &rt, rc);
    }
    if ((rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    /* the same path rules as az: --file, else $KUBECONFIG's first entry, else ~/.kube/config */
    char defpath[4096];
    snprintf(defpath, sizeof(defpath), "%s/.kube/config", home_dir());
    const char *path = ak_arg_str(&a, "path") ? ak_arg_str(&a, "path") : defpath;
    char kcpath[4096];
    const char *env = getenv("KUBECONFIG");
    if (env && strcmp(path, defpath) == 0) {
        size_t n = strcspn(env, ":");
        if (n) {
            snprintf(kcpath, sizeof(kcpath), "%.*s", (int)n, env);
            path = kcpath;
        } else {
            ak_rt_warn(&rt, "Invalid path '' defined in KUBECONFIG.");
        }
    }
    struct ak_buf q = AK_BUF_INIT(1024);
    if (ak_arg_flag(&a, "public_fqdn"))
        ak_buf_puts(&q, "&server-fqdn=public");
    if (fmt)
        ak_buf_printf(&q, "&format=%s", fmt);
    char suffix[64];
    snprintf(suffix, sizeof(suffix), "/%s", admin ? "listClusterAdminCredential" : "listClusterUserCredential");
    char *p = cluster_path(&rt, ak_arg_str(&a, "resource_group"), ak_arg_str(&a, "name"), suffix);
    char *full = ak_xasprintf("%s%s", p, ak_buf_cstr(&q));
    free(p);
    ak_buf_release(&q);
    struct ak_resp r;
    if (ak_rt_call(&rt, "POST", full, NULL, &r) != 0) {
        rc = 1;
    } else if (r.status >= 400) {
        rc = ak_rt_http_error(&rt, &r);
    } else {
        json_t *kcs = json_object_get(r.json, "kubeconfigs");
        json_t *first = json_array_get(kcs, 0);
        const char *b64 = json_string_value(json_object_get(first, "value"));
        size_t len = 0;
        char *kc = b64 ? ak_base64_decode(b64, strlen(b64), &len) : NULL;
        if (!json_is_array(kcs) && !r.json) {
            rc = ak_rt_fail("No Kubernetes credentials found.");
        } else if (!kc) {
            rc = ak_rt_fail("Fail to find kubeconfig file.");
        } else {
            char *text = ak_xstrndup(kc, len);
            if (strcmp(path, "-") == 0) {
                fputs(text, stdout);
                fputc('\n', stdout);
            } else {
                rc = merge_kubeconfig(&rt, path, text, ak_arg_flag(&a, "overwrite_existing"),
                                      ak_arg_str(&a, "context_name"));
            }
            free(text);
        }
        free(kc);
    }
    ak_resp_release(&r);
    free(full);
    return ak_cli_end(&a, &rt, rc);
}
