/* test_node.c - VMSS / node / instance names, node labels, kube-reserved and allocatable
 * (reference/aks-facts.md sections 2 and 3). */
#include "unit_helpers.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/ak_catalog.h"
#include "core/ak_node.h"
#include "core/ak_pool.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"
#include "util/ak_str.h"

/* ---------------------------------------------------------------- names */

static void test_vmss_name(void **state)
{
    (void)state;
    char out[128];
    ak_vmss_name("nodepool1", "16061838", out, sizeof(out));
    assert_string_equal(out, "aks-nodepool1-16061838-vmss");
    char small[10];
    ak_vmss_name("nodepool1", "16061838", small, sizeof(small));
    assert_string_equal(small, "aks-nodep"); /* truncated, still terminated */
}

static void test_node_name_base36(void **state)
{
    (void)state;
    const char *vmss = "aks-nodepool1-12345678-vmss";
    struct {
        int64_t id;
        const char *suffix;
    } cases[] = {
        {0, "000000"},  {1, "000001"},   {9, "000009"},          {10, "00000a"},
        {35, "00000z"}, {36, "000010"},  {85, "00002d"},         {1295, "0000zz"},
        {1296, "000100"}, {46655, "000zzz"}, {2176782335LL, "zzzzzz"}, /* 36^6 - 1 */
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(cases); i++) {
        char out[128], want[128];
        ak_node_name(vmss, cases[i].id, out, sizeof(out));
        snprintf(want, sizeof(want), "%s%s", vmss, cases[i].suffix);
        assert_string_equal(out, want);
        /* always exactly six lower-case base-36 digits */
        const char *sfx = out + strlen(vmss);
        assert_int_equal(strlen(sfx), 6);
        for (int k = 0; k < 6; k++)
            assert_true(isdigit((unsigned char)sfx[k]) || islower((unsigned char)sfx[k]));
    }
}

static void test_instance_vm_name(void **state)
{
    (void)state;
    char out[128];
    ak_instance_vm_name("aks-nodepool1-16061838-vmss", 0, out, sizeof(out));
    assert_string_equal(out, "aks-nodepool1-16061838-vmss_0");
    ak_instance_vm_name("aks-nodepool1-16061838-vmss", 85, out, sizeof(out));
    assert_string_equal(out, "aks-nodepool1-16061838-vmss_85"); /* decimal, not base 36 */
}

static void test_pool_suffix(void **state)
{
    (void)state;
    const char *cid = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/"
                      "managedClusters/c1";
    char a[9], b[9], c[9], d[9];
    ak_pool_suffix(cid, "nodepool1", a);
    assert_int_equal(strlen(a), 8);
    for (int i = 0; i < 8; i++)
        assert_true(isdigit((unsigned char)a[i]));
    assert_true(a[0] != '0');
    /* stable */
    ak_pool_suffix(cid, "nodepool1", b);
    assert_string_equal(a, b);
    /* ARM ids are case-insensitive */
    char *upper = ak_xstrdup(cid);
    for (char *p = upper; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    ak_pool_suffix(upper, "NODEPOOL1", c);
    assert_string_equal(a, c);
    free(upper);
    /* differs per pool and per cluster */
    ak_pool_suffix(cid, "userpool", d);
    assert_string_not_equal(a, d);
    ak_pool_suffix("/subscriptions/0000/resourceGroups/rg/providers/"
                   "Microsoft.ContainerService/managedClusters/c2",
                   "nodepool1", d);
    assert_string_not_equal(a, d);
    /* many pools: always 8 digits, first digit non-zero */
    for (int i = 0; i < 2000; i++) {
        char pool[16], s[9];
        snprintf(pool, sizeof(pool), "p%d", i);
        ak_pool_suffix(cid, pool, s);
        assert_int_equal(strlen(s), 8);
        assert_true(s[0] >= '1' && s[0] <= '9');
    }
}

/* ---------------------------------------------------------------- labels */

struct pool_fx {
    struct ak_pool_spec req, eff;
};

static void make_pool(struct pool_fx *p, const char *name, const char *vm, const char *mode,
                      const char *priority, const char *os, int os_disk_gb)
{
    ak_pool_spec_init(&p->req);
    ak_pool_spec_init(&p->eff);
    p->req.name = ak_xstrdup(name);
    p->req.vm_size = ak_xstrdup(vm);
    p->req.mode = ak_xstrdup(mode);
    p->req.priority = ak_xstrdup(priority);
    p->req.os_type = ak_xstrdup(os);
    p->req.os_disk_size_gb = os_disk_gb;
    struct ak_pool_ctx ctx = {.cluster_version = "1.32.6", .other_pools = 1,
                              .other_system_pools = 1, .default_max_pods = 110};
    struct ak_err err;
    if (ak_pool_validate(&p->req, NULL, &ctx, &p->eff, &err) != 0)
        fail_msg("pool: %s %s", err.code, err.message);
}

static void release_pool(struct pool_fx *p)
{
    ak_pool_spec_release(&p->req);
    ak_pool_spec_release(&p->eff);
}

#define LABEL(kvs, k, v) ASSERT_STR(ak_kvs_get((kvs), (k)), (v))

static void test_node_labels_regular(void **state)
{
    (void)state;
    struct pool_fx p;
    make_pool(&p, "nodepool1", "Standard_DS2_v2", "System", "Regular", "Linux", 0);
    ak_kvs_set(&p.eff.labels, "team", "blue"); /* the pool's own nodeLabels */
    const struct ak_vm_size *z = ak_catalog_find("Standard_DS2_v2");
    struct ak_node_ctx c = {.node_rg = "MC_rg_c1_eastus", .location = "eastus", .zone = NULL,
                            .fault_domain = 0, .node_name = "aks-nodepool1-12345678-vmss000000",
                            .k8s_version = "1.32.6"};
    struct ak_kvs l = {0};
    ak_node_labels(&p.eff, z, &c, &l);

    LABEL(&l, "agentpool", "nodepool1");
    LABEL(&l, "kubernetes.azure.com/agentpool", "nodepool1");
    LABEL(&l, "kubernetes.azure.com/mode", "system");
    LABEL(&l, "kubernetes.azure.com/role", "agent");
    LABEL(&l, "kubernetes.azure.com/cluster", "MC_rg_c1_eastus");
    LABEL(&l, "kubernetes.azure.com/nodepool-type", "VirtualMachineScaleSets");
    LABEL(&l, "kubernetes.azure.com/os-sku", "Ubuntu");
    LABEL(&l, "kubernetes.azure.com/os-sku-effective", "Ubuntu2204");
    LABEL(&l, "kubernetes.azure.com/os-sku-requested", "Ubuntu");
    LABEL(&l, "kubernetes.azure.com/node-image-version", ak_node_image_version());
    LABEL(&l, "kubernetes.azure.com/storageprofile", "managed");
    LABEL(&l, "storageprofile", "managed");
    LABEL(&l, "kubernetes.azure.com/storagetier", "Premium_LRS");
    LABEL(&l, "storagetier", "Premium_LRS");
    LABEL(&l, "kubernetes.azure.com/sku-cpu", "2");
    LABEL(&l, "kubernetes.azure.com/sku-memory", "7168"); /* MiB */
    LABEL(&l, "kubernetes.azure.com/priority", "regular");
    assert_null(ak_kvs_get(&l, "kubernetes.azure.com/scalesetpriority")); /* spot only */
    assert_null(ak_kvs_get(&l, "kubernetes.azure.com/accelerator"));
    assert_null(ak_kvs_get(&l, "accelerator"));
    assert_null(ak_kvs_get(&l, "kubernetes.azure.com/fips_enabled"));
    LABEL(&l, "kubernetes.io/os", "linux");
    LABEL(&l, "beta.kubernetes.io/os", "linux");
    LABEL(&l, "kubernetes.io/arch", "amd64");
    LABEL(&l, "beta.kubernetes.io/arch", "amd64");
    LABEL(&l, "node.kubernetes.io/instance-type", "Standard_DS2_v2");
    LABEL(&l, "beta.kubernetes.io/instance-type", "Standard_DS2_v2");
    LABEL(&l, "topology.kubernetes.io/region", "eastus");
    LABEL(&l, "failure-domain.beta.kubernetes.io/region", "eastus");
    /* non-zonal: the fault domain */
    LABEL(&l, "topology.kubernetes.io/zone", "0");
    LABEL(&l, "failure-domain.beta.kubernetes.io/zone", "0");
    LABEL(&l, "topology.disk.csi.azure.com/zone", "");
    LABEL(&l, "kubernetes.io/hostname", "aks-nodepool1-12345678-vmss000000");
    LABEL(&l, "kubernetes.io/role", "agent");
    LABEL(&l, "node-role.kubernetes.io/agent", "");
    LABEL(&l, "team", "blue");
    /* user labels come last */
    assert_string_equal(l.v[l.n - 1].key, "team");
    ak_kvs_release(&l);

    /* another fault domain, a user pool */
    ak_pool_spec_release(&p.eff);
    release_pool(&p);
    make_pool(&p, "user1", "Standard_D4s_v3", "User", "Regular", "Linux", 60);
    c.fault_domain = 2;
    ak_node_labels(&p.eff, ak_catalog_find("Standard_D4s_v3"), &c, &l);
    LABEL(&l, "kubernetes.azure.com/mode", "user");
    LABEL(&l, "topology.kubernetes.io/zone", "2");
    LABEL(&l, "failure-domain.beta.kubernetes.io/zone", "2");
    LABEL(&l, "kubernetes.azure.com/sku-cpu", "4");
    LABEL(&l, "kubernetes.azure.com/sku-memory", "16384");
    LABEL(&l, "kubernetes.azure.com/storageprofile", "ephemeral"); /* 60 GB fits the cache */
    LABEL(&l, "storageprofile", "ephemeral");
    ak_kvs_release(&l);
    release_pool(&p);
}

static void test_node_labels_spot_gpu_zonal(void **state)
{
    (void)state;
    struct pool_fx p;
    make_pool(&p, "gpu", "Standard_NC6s_v3", "User", "Spot", "Linux", 0);
    struct ak_node_ctx c = {.node_rg = "MC_rg_c1_centralus", .location = "centralus",
                            .zone = "2", .fault_domain = 0,
                            .node_name = "aks-gpu-12345678-vmss00002d", .k8s_version = "1.32.6"};
    struct ak_kvs l = {0};
    ak_node_labels(&p.eff, ak_catalog_find("Standard_NC6s_v3"), &c, &l);
    LABEL(&l, "kubernetes.azure.com/scalesetpriority", "spot");
    LABEL(&l, "kubernetes.azure.com/priority", "spot");
    LABEL(&l, "kubernetes.azure.com/accelerator", "nvidia");
    LABEL(&l, "accelerator", "nvidia");
    LABEL(&l, "topology.kubernetes.io/zone", "centralus-2");
    LABEL(&l, "failure-domain.beta.kubernetes.io/zone", "centralus-2");
    LABEL(&l, "topology.disk.csi.azure.com/zone", "centralus-2");
    LABEL(&l, "topology.kubernetes.io/region", "centralus");
    LABEL(&l, "kubernetes.azure.com/sku-memory", "114688");
    LABEL(&l, "kubernetes.azure.com/storageprofile", "ephemeral");
    ak_kvs_release(&l);

    struct ak_strs taints = {0};
    ak_node_taints(&p.eff, &taints);
    assert_int_equal(taints.n, 1);
    assert_string_equal(taints.v[0], AK_SPOT_TAINT);
    ak_strs_release(&taints);

    /* an empty zone string is non-zonal */
    c.zone = "";
    c.fault_domain = 1;
    ak_node_labels(&p.eff, ak_catalog_find("Standard_NC6s_v3"), &c, &l);
    LABEL(&l, "topology.kubernetes.io/zone", "1");
    LABEL(&l, "topology.disk.csi.azure.com/zone", "");
    ak_kvs_release(&l);
    release_pool(&p);
}

static void test_node_labels_windows_fips_premium(void **state)
{
    (void)state;
    struct pool_fx p;
    make_pool(&p, "win1", "Standard_D4s_v3", "User", "Regular", "Windows", 0);
    p.eff.enable_fips = true;
    struct ak_node_ctx c = {.node_rg = "MC_x", .location = "westeurope", .node_name = "n",
                            .k8s_version = "1.32.6"};
    struct ak_kvs l = {0};
    ak_node_labels(&p.eff, ak_catalog_find("Standard_D4s_v3"), &c, &l);
    LABEL(&l, "kubernetes.io/os", "windows");
    LABEL(&l, "beta.kubernetes.io/os", "windows");
    LABEL(&l, "kubernetes.azure.com/os-sku", "Windows2022");
    LABEL(&l, "kubernetes.azure.com/os-sku-effective", "Windows2022");
    LABEL(&l, "kubernetes.azure.com/fips_enabled", "true");
    ak_kvs_release(&l);
    release_pool(&p);

    /* a non-premium size gets Standard_LRS; DS1_v2 memory 3.5 GiB = 3584 MiB */
    struct ak_vm_size z = *ak_catalog_find("Standard_DS1_v2");
    z.premium = false;
    make_pool(&p, "small", "Standard_DS1_v2", "User", "Regular", "Linux", 0);
    ak_node_labels(&p.eff, &z, &c, &l);
    LABEL(&l, "kubernetes.azure.com/storagetier", "Standard_LRS");
    LABEL(&l, "storagetier", "Standard_LRS");
    LABEL(&l, "kubernetes.azure.com/sku-memory", "3584");
    LABEL(&l, "kubernetes.azure.com/sku-cpu", "1");
    ak_kvs_release(&l);
    release_pool(&p);
}

/* ---------------------------------------------------------------- reservations */

static void test_kube_reserved_cpu(void **state)
{
    (void)state;
    const int vcpu[] = {1, 2, 4, 8, 16, 32, 64, 6, 3};
    const int64_t milli[] = {60, 100, 140, 180, 260, 420, 740, 160, 120};
    for (size_t i = 0; i < AK_ARRAY_LEN(vcpu); i++)
        if (ak_kube_reserved_cpu_milli(vcpu[i]) != milli[i])
            fail_msg("%d vCPU: %lld m, want %lld m", vcpu[i],
                     (long long)ak_kube_reserved_cpu_milli(vcpu[i]), (long long)milli[i]);
}

/* aks-facts.md 3.4 worked examples. The table rounds the Mi values to the nearest integer;
 * the code truncates, as karpenter-provider-azure's KubeReservedResources does
 * (int64(1024 * tax)). We assert the truncated value and that it is within 1 Mi of the
 * table. */
struct mem_case {
    const char *size;
    double gib;
    int64_t old_table;  /* < 1.29 kube-reserved (table) */
    int64_t old_code;   /* < 1.29 kube-reserved, truncated */
    int64_t new30, new110, new250; /* >= 1.29 kube-reserved (without the 100Mi eviction) */
};

static const struct mem_case mem_cases[] = {
    {"Standard_B2s", 4, 1024, 1024, 650, 1024, 1024},
    {"Standard_B2ms", 8, 1843, 1843, 650, 2048, 2048},
    {"Standard_B4ms", 16, 2662, 2662, 650, 2250, 4096},
    {"Standard_D2s_v3", 8, 1843, 1843, 650, 2048, 2048},
    {"Standard_D4s_v3", 16, 2662, 2662, 650, 2250, 4096},
    {"Standard_D8s_v3", 32, 3645, 3645, 650, 2250, 5050},
    {"Standard_DS2_v2", 7, 1638, 1638, 650, 1792, 1792},
    {"Standard_DS3_v2", 14, 2458, 2457, 650, 2250, 3584},
    {"Standard_E2s_v3", 16, 2662, 2662, 650, 2250, 4096},
    {"Standard_E4s_v3", 32, 3645, 3645, 650, 2250, 5050},
    {"Standard_E8s_v3", 64, 5612, 5611, 650, 2250, 5050},
    {"Standard_F4s_v2", 8, 1843, 1843, 650, 2048, 2048},
    {"Standard_NC6s_v3", 112, 8561, 8560, 650, 2250, 5050},
    {"Standard_NC4as_T4_v3", 28, 3400, 3399, 650, 2250, 5050},
};

static void test_kube_reserved_memory_old(void **state)
{
    (void)state;
    for (size_t i = 0; i < AK_ARRAY_LEN(mem_cases); i++) {
        const struct mem_case *m = &mem_cases[i];
        const struct ak_vm_size *z = ak_catalog_find(m->size);
        assert_non_null(z);
        assert_true(z->memory_gib == m->gib);
        int64_t got = ak_kube_reserved_memory_mi(z->memory_gib, 110, 28);
        if (got != m->old_code)
            fail_msg("%s <1.29: %lld Mi, want %lld", m->size, (long long)got,
                     (long long)m->old_code);
        assert_true(llabs(got - m->old_table) <= 1);
        /* the old formula does not depend on maxPods */
        assert_int_equal(ak_kube_reserved_memory_mi(z->memory_gib, 30, 28), got);
        assert_int_equal(ak_kube_reserved_memory_mi(z->memory_gib, 250, 0), got);
    }
    /* the bands above 128 GiB: 2% */
    assert_int_equal(ak_kube_reserved_memory_mi(256, 110, 28),
                     (int64_t)((4 * .25 + 4 * .2 + 8 * .1 + 112 * .06 + 128 * .02) * 1024));
    /* observed DS1_v2 (3.5 GiB): 896 Mi */
    assert_int_equal(ak_kube_reserved_memory_mi(3.5, 110, 28), 896);
}

static void test_kube_reserved_memory_new(void **state)
{
    (void)state;
    for (size_t i = 0; i < AK_ARRAY_LEN(mem_cases); i++) {
        const struct mem_case *m = &mem_cases[i];
        assert_int_equal(ak_kube_reserved_memory_mi(m->gib, 30, 29), m->new30);
        assert_int_equal(ak_kube_reserved_memory_mi(m->gib, 110, 29), m->new110);
        assert_int_equal(ak_kube_reserved_memory_mi(m->gib, 250, 29), m->new250);
        assert_int_equal(ak_kube_reserved_memory_mi(m->gib, 250, 33), m->new250);
    }
    /* doc examples: 8 GB / 30 pods -> 650; 4 GB / 70 pods -> 25% = 1024 < 1450 */
    assert_int_equal(ak_kube_reserved_memory_mi(8, 30, 29), 650);
    assert_int_equal(ak_kube_reserved_memory_mi(4, 70, 29), 1024);
}

static void test_node_resources(void **state)
{
    (void)state;
    struct {
        const char *size;
        int max_pods, disk, minor;
        int64_t cpu_res, mem_res, evict;
    } cases[] = {
        {"Standard_DS2_v2", 110, 128, 28, 100, 1638, 750},
        {"Standard_DS2_v2", 110, 128, 29, 100, 1792, 100},
        {"Standard_D8s_v5", 250, 256, 32, 180, 5050, 100},
        {"Standard_B2s", 30, 128, 30, 100, 650, 100},
        {"Standard_NC6s_v3", 110, 128, 27, 160, 8560, 750},
        {"Standard_DS1_v2", 30, 128, 28, 60, 896, 750},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(cases); i++) {
        const struct ak_vm_size *z = ak_catalog_find(cases[i].size);
        struct ak_node_resources r;
        ak_node_resources(z, cases[i].max_pods, cases[i].disk, cases[i].minor, &r);
        assert_int_equal(r.cpu_milli, z->vcpu * 1000);
        assert_int_equal(r.pods, cases[i].max_pods);
        assert_int_equal(r.gpus, z->gpus);
        assert_int_equal(r.kube_reserved_cpu_milli, cases[i].cpu_res);
        assert_int_equal(r.kube_reserved_memory_mi, cases[i].mem_res);
        assert_int_equal(r.eviction_hard_memory_mi, cases[i].evict);
        /* allocatable = capacity - kube-reserved - hard eviction */
        assert_int_equal(r.alloc_cpu_milli, r.cpu_milli - r.kube_reserved_cpu_milli);
        assert_int_equal(r.alloc_memory_ki,
                         r.memory_ki - (r.kube_reserved_memory_mi + r.eviction_hard_memory_mi) *
                                           1024);
        /* kubelet capacity sits a little under the nominal size: max(164 MiB, 3%) */
        int64_t nominal = (int64_t)llround(z->memory_gib * 1024 * 1024);
        int64_t over = nominal - r.memory_ki;
        assert_true(over >= 164 * 1024);
        assert_true(over == 164 * 1024 || over == (int64_t)(nominal * 0.03));
        assert_true(r.memory_ki < nominal);
        /* ephemeral storage: OS disk less ~630 MiB of partitions, 10% nodefs eviction */
        assert_int_equal(r.ephemeral_ki, (int64_t)cases[i].disk * 1024 * 1024 - 630 * 1024);
        assert_int_equal(r.alloc_ephemeral_ki, r.ephemeral_ki - r.ephemeral_ki / 10);
        assert_true(r.alloc_memory_ki > 0 && r.alloc_cpu_milli > 0);
    }
    /* DS2_v2 close to the observed node: capacity 7116264Ki, allocatable 4670952Ki */
    struct ak_node_resources r;
    ak_node_resources(ak_catalog_find("Standard_DS2_v2"), 110, 128, 28, &r);
    assert_true(llabs(r.memory_ki - 7116264) < 8 * 1024);
    assert_true(llabs(r.alloc_memory_ki - 4670952) < 8 * 1024);
    assert_int_equal(r.memory_ki - r.alloc_memory_ki, 2388 * 1024); /* 1638 + 750 Mi */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vmss_name),
        cmocka_unit_test(test_node_name_base36),
        cmocka_unit_test(test_instance_vm_name),
        cmocka_unit_test(test_pool_suffix),
        cmocka_unit_test(test_node_labels_regular),
        cmocka_unit_test(test_node_labels_spot_gpu_zonal),
        cmocka_unit_test(test_node_labels_windows_fips_premium),
        cmocka_unit_test(test_kube_reserved_cpu),
        cmocka_unit_test(test_kube_reserved_memory_old),
        cmocka_unit_test(test_kube_reserved_memory_new),
        cmocka_unit_test(test_node_resources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
