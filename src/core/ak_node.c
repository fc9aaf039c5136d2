#include "ak_node.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/ak_rand.h"
#include "../util/ak_banned.h"

void ak_vmss_name(const char *pool, const char *suffix8, char *out, size_t outlen)
{
    snprintf(out, outlen, "aks-%s-%s-vmss", pool, suffix8);
}

void ak_pool_suffix(const char *cluster_id, const char *pool, char out[9])
{
    char key[1024];
    int n = snprintf(key, sizeof(key), "%s/%s", cluster_id, pool);
    for (int i = 0; i < n && i < (int)sizeof(key); i++)
        if (key[i] >= 'A' && key[i] <= 'Z')
            key[i] = (char)(key[i] - 'A' + 'a');
    uint64_t h = ak_hash64(key, (unsigned long)(n < (int)sizeof(key) ? n : (int)sizeof(key) - 1));
    /* 10000000..99999999: AKS's numbers never start with 0 in the samples we have */
    snprintf(out, 9, "%08llu", (unsigned long long)(10000000ull + h % 90000000ull));
}

void ak_node_name(const char *vmss_name, int64_t id, char *out, size_t outlen)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char b36[7];
    uint64_t v = (uint64_t)id;
    for (int i = 5; i >= 0; i--) {
        b36[i] = digits[v % 36];
        v /= 36;
    }
    b36[6] = '\0';
    snprintf(out, outlen, "%s%s", vmss_name, b36);
}

void ak_instance_vm_name(const char *vmss_name, int64_t id, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s_%lld", vmss_name, (long long)id);
}

static void lower_copy(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++)
        dst[i] = (char)((src[i] >= 'A' && src[i] <= 'Z') ? src[i] - 'A' + 'a' : src[i]);
    dst[i] = '\0';
}

void ak_node_labels(const struct ak_pool_spec *p, const struct ak_vm_size *z,
                    const struct ak_node_ctx *c, struct ak_kvs *out)
{
    char buf[128];
    bool windows = ak_streq(p->os_type, "Windows");
    const char *os = windows ? "windows" : "linux";
    const char *storage = ak_streq(p->os_disk_type, "Ephemeral") ? "ephemeral" : "managed";
    const char *tier = z->premium ? "Premium_LRS" : "Standard_LRS";
    char zone[80];
    if (c->zone && *c->zone)
        snprintf(zone, sizeof(zone), "%s-%s", c->location, c->zone);
    else
        snprintf(zone, sizeof(zone), "%d", c->fault_domain);

    ak_kvs_set(out, "agentpool", p->name);
    ak_kvs_set(out, "beta.kubernetes.io/arch", "amd64");
    ak_kvs_set(out, "beta.kubernetes.io/instance-type", z->name);
    ak_kvs_set(out, "beta.kubernetes.io/os", os);
    ak_kvs_set(out, "failure-domain.beta.kubernetes.io/region", c->location);
    ak_kvs_set(out, "failure-domain.beta.kubernetes.io/zone", zone);
    ak_kvs_set(out, "kubernetes.azure.com/agentpool", p->name);
    if (z->gpus > 0) {
        ak_kvs_set(out, "accelerator", "nvidia");
        ak_kvs_set(out, "kubernetes.azure.com/accelerator", "nvidia");
    }
    ak_kvs_set(out, "kubernetes.azure.com/cluster", c->node_rg);
    ak_kvs_set(out, "kubernetes.azure.com/consolidated-additional-properties", "");
    if (p->enable_fips)
        ak_kvs_set(out, "kubernetes.azure.com/fips_enabled", "true");
    ak_kvs_set(out, "kubernetes.azure.com/kubelet-identity-client-id", "");
    lower_copy(buf, sizeof(buf), p->mode ? p->mode : "User");
    ak_kvs_set(out, "kubernetes.azure.com/mode", buf);
    snprintf(buf, sizeof(buf), "%s", ak_node_image_version());
    ak_kvs_set(out, "kubernetes.azure.com/node-image-version", buf);
    ak_kvs_set(out, "kubernetes.azure.com/nodepool-type", "VirtualMachineScaleSets");
    const char *sku = p->os_sku ? p->os_sku : "Ubuntu";
    ak_kvs_set(out, "kubernetes.azure.com/os-sku", sku);
    ak_kvs_set(out, "kubernetes.azure.com/os-sku-effective",
               strcmp(sku, "Ubuntu") == 0 ? "Ubuntu2204" : sku);
    ak_kvs_set(out, "kubernetes.azure.com/os-sku-requested", sku);
    ak_kvs_set(out, "kubernetes.azure.com/priority", ak_pool_is_spot(p) ? "spot" : "regular");
    ak_kvs_set(out, "kubernetes.azure.com/role", "agent");
    if (ak_pool_is_spot(p))
        ak_kvs_set(out, "kubernetes.azure.com/scalesetpriority", "spot");
    snprintf(buf, sizeof(buf), "%d", z->vcpu);
    ak_kvs_set(out, "kubernetes.azure.com/sku-cpu", buf);
    snprintf(buf, sizeof(buf), "%lld", (long long)llround(z->memory_gib * 1024.0));
    ak_kvs_set(out, "kubernetes.azure.com/sku-memory", buf);
    ak_kvs_set(out, "kubernetes.azure.com/storageprofile", storage);
    ak_kvs_set(out, "kubernetes.azure.com/storagetier", tier);
    ak_kvs_set(out, "kubernetes.io/arch", "amd64");
    ak_kvs_set(out, "kubernetes.io/hostname", c->node_name);
    ak_kvs_set(out, "kubernetes.io/os", os);
    ak_kvs_set(out, "kubernetes.io/role", "agent");
    ak_kvs_set(out, "node-role.kubernetes.io/agent", "");
    ak_kvs_set(out, "node.kubernetes.io/instance-type", z->name);
    ak_kvs_set(out, "storageprofile", storage);
    ak_kvs_set(out, "storagetier", tier);
    ak_kvs_set(out, "topology.disk.csi.azure.com/zone", c->zone && *c->zone ? zone : "");
    ak_kvs_set(out, "topology.kubernetes.io/region", c->location);
    ak_kvs_set(out, "topology.kubernetes.io/zone", zone);
    for (size_t i = 0; i < p->labels.n; i++)
        ak_kvs_set(out, p->labels.v[i].key, p->labels.v[i].val);
}

void ak_node_taints(const struct ak_pool_spec *p, struct ak_strs *out)
{
    ak_strs_copy(out, &p->taints);
}

int64_t ak_kube_reserved_cpu_milli(int vcpu)
{
    /* 6% of the first core, 4% of the second, 2% of cores 3-4, 1% above 4 */
    double m = 0;
    for (int c = 1; c <= vcpu; c++)
        m += c == 1 ? 60 : c == 2 ? 40 : c <= 4 ? 20 : 10;
    return (int64_t)m;
}

int64_t ak_kube_reserved_memory_mi(double gib, int max_pods, int k8s_minor)
{
    double mi = gib * 1024.0;
    if (k8s_minor >= 29) {
        double a = 20.0 * max_pods + 50.0, b = 0.25 * mi;
        return (int64_t)(a < b ? a : b);
    }
    /* regressive: 25% of first 4 GiB, 20% of next 4, 10% of next 8, 6% of next 112, 2% above */
    double r = 0, left = gib;
    const double band[][2] = {{4, .25}, {4, .20}, {8, .10}, {112, .06}, {1e9, .02}};
    for (size_t i = 0; i < sizeof(band) / sizeof(band[0]) && left > 0; i++) {
        double take = left < band[i][0] ? left : band[i][0];
        r += take * band[i][1];
        left -= take;
    }
    return (int64_t)(r * 1024.0);
}

void ak_node_resources(const struct ak_vm_size *z, int max_pods, int os_disk_gb, int k8s_minor,
                       struct ak_node_resources *o)
{
    memset(o, 0, sizeof(*o));
    o->cpu_milli = (int64_t)z->vcpu * 1000;
    /* kubelet capacity sits below the nominal size (kernel, firmware): observed 3.5 GiB ->
     * 3500452Ki, 4 GiB -> 4025836Ki, 7 GiB -> 7116264Ki; modelled as max(164 MiB, 3%). */
    int64_t nominal_ki = (int64_t)llround(z->memory_gib * 1024.0 * 1024.0);
    int64_t overhead_ki = (int64_t)(nominal_ki * 0.03);
    if (overhead_ki < 164 * 1024)
        overhead_ki = 164 * 1024;
    o->memory_ki = nominal_ki - overhead_ki;
    o->pods = max_pods;
    o->gpus = z->gpus;
    /* the root filesystem is the OS disk minus the boot and EFI partitions (~0.6 GiB) */
    o->ephemeral_ki = (int64_t)os_disk_gb * 1024 * 1024 - 630 * 1024;
    o->kube_reserved_cpu_milli = ak_kube_reserved_cpu_milli(z->vcpu);
    o->kube_reserved_memory_mi = ak_kube_reserved_memory_mi(z->memory_gib, max_pods, k8s_minor);
    o->eviction_hard_memory_mi = k8s_minor >= 29 ? 100 : 750;
    o->alloc_cpu_milli = o->cpu_milli - o->kube_reserved_cpu_milli;
    o->alloc_memory_ki =
        o->memory_ki - (o->kube_reserved_memory_mi + o->eviction_hard_memory_mi) * 1024;
    /* nodefs.available<10% hard eviction */
    o->alloc_ephemeral_ki = o->ephemeral_ki - o->ephemeral_ki / 10;
}
