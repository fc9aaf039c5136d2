/* sched_bench.c - scheduler throughput on an AKS-shaped cluster (not a test).
 *
 * Builds 5,000 nodes in 100 node pools with the labels AKS puts on VMSS nodes
 * (reference/aks-facts.md §2.1) - 2 system pools (CriticalAddonsOnly=true:NoSchedule),
 * 20 spot pools (kubernetes.azure.com/scalesetpriority=spot:NoSchedule), 5 GPU pools
 * (sku=gpu:NoSchedule, nvidia.com/gpu), 10 dedicated team pools (dedicated=team-N:NoSchedule),
 * 63 plain user pools in three workload classes, three zones - then schedules 150,000 pods
 * one after the other, binding each one that fits (ak_sched_assign), and prints pods/s per
 * pod class, the outcome counts and the memory of the scheduler's tables.
 *
 * Usage: aksemu-sched-bench [--nodes N] [--pools P] [--pods N] [--seed S]
 *                           [--mode all|adaptive] [--quiet]
 * The pods are generated before the clock starts; the clock covers ak_sched_schedule +
 * ak_sched_assign only. Build it RelWithDebInfo without sanitizers to measure. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ak_labels.h"
#include "sched/ak_sched.h"
#include "util/ak_mem.h"
#include "util/ak_rand.h"
#include "util/ak_str.h"

#define GI (1LL << 30)
#define MI (1LL << 20)

enum pool_kind { PK_SYSTEM, PK_SPOT, PK_GPU, PK_DEDICATED, PK_USER };
static const char *const kind_name[] = {"system", "spot", "gpu", "dedicated", "user"};

struct vmsize {
    const char *name;
    int vcpu;
    int mem_gib;
    int64_t alloc_cpu_m, alloc_mem; /* after kube-reserved and eviction threshold */
};

static const struct vmsize sizes[] = {
    {"Standard_D4s_v5", 4, 16, 3860, 12 * GI + 800 * MI},
    {"Standard_D8s_v5", 8, 32, 7820, 27 * GI + 400 * MI},
    {"Standard_D16s_v5", 16, 64, 15740, 57 * GI + 900 * MI},
    {"Standard_E8s_v5", 8, 64, 7820, 57 * GI + 900 * MI},
    {"Standard_NC24ads_A100_v4", 24, 220, 23660, 200 * GI},
};

struct pool {
    char name[32];
    enum pool_kind kind;
    const struct vmsize *size;
    int max_pods;
    int workload; /* user pools: class 0..2 */
    struct ak_kvs sel; /* agentpool=<name> */
    struct ak_sched_toleration tol;
    char taint_value[24];
};

/* pod classes */
enum pod_class { C_POOL, C_CLASS, C_SPOT, C_GPU, C_SYSTEM, C_DEDICATED, C_ANY, C_N };
static const char *const class_name[C_N] = {
    "nodeSelector agentpool", "nodeSelector workload", "spot (toleration)", "gpu (extended res)",
    "system (CriticalAddonsOnly)", "dedicated team pool", "no selector"};
static const int class_pct[C_N] = {56, 15, 10, 1, 2, 6, 10};

struct bpod {
    struct ak_sched_pod p;
    enum pod_class cls;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void set_node_labels(struct ak_kvs *l, const struct pool *p, const char *node, int zone)
{
    char buf[64];
    ak_kvs_set(l, "agentpool", p->name);
    ak_kvs_set(l, "kubernetes.azure.com/agentpool", p->name);
    ak_kvs_set(l, "kubernetes.azure.com/mode", p->kind == PK_SYSTEM ? "system" : "user");
    ak_kvs_set(l, "kubernetes.azure.com/role", "agent");
    ak_kvs_set(l, "kubernetes.azure.com/cluster", "MC_rg_bench_eastus");
    ak_kvs_set(l, "kubernetes.azure.com/nodepool-type", "VirtualMachineScaleSets");
    ak_kvs_set(l, "kubernetes.azure.com/os-sku", "Ubuntu");
    ak_kvs_set(l, "kubernetes.azure.com/os-sku-effective", "Ubuntu2204");
    ak_kvs_set(l, "kubernetes.azure.com/node-image-version", "AKSUbuntu-2204gen2containerd-202409.30.0");
    ak_kvs_set(l, "kubernetes.azure.com/storageprofile", "managed");
    ak_kvs_set(l, "storageprofile", "managed");
    ak_kvs_set(l, "kubernetes.azure.com/storagetier", "Premium_LRS");
    ak_kvs_set(l, "storagetier", "Premium_LRS");
    snprintf(buf, sizeof(buf), "%d", p->size->vcpu);
    ak_kvs_set(l, "kubernetes.azure.com/sku-cpu", buf);
    snprintf(buf, sizeof(buf), "%d", p->size->mem_gib * 1024);
    ak_kvs_set(l, "kubernetes.azure.com/sku-memory", buf);
    ak_kvs_set(l, "kubernetes.azure.com/kubelet-identity-client-id", "8a3f0e21-4b6c-4d1e-9f7a-2c5b8e9d0a11");
    ak_kvs_set(l, "kubernetes.azure.com/podnetwork-type", "overlay");
    ak_kvs_set(l, "kubernetes.azure.com/azure-cni-overlay", "true");
    ak_kvs_set(l, "kubernetes.azure.com/priority", p->kind == PK_SPOT ? "spot" : "regular");
    if (p->kind == PK_SPOT)
        ak_kvs_set(l, "kubernetes.azure.com/scalesetpriority", "spot");
    if (p->kind == PK_GPU) {
        ak_kvs_set(l, "kubernetes.azure.com/accelerator", "nvidia");
        ak_kvs_set(l, "accelerator", "nvidia");
    }
    if (p->kind == PK_USER) {
        static const char *const wl[] = {"web", "batch", "data"};
        ak_kvs_set(l, "workload", wl[p->workload]);
    }
    if (p->kind == PK_DEDICATED)
        ak_kvs_set(l, "team", p->taint_value);
    ak_kvs_set(l, "kubernetes.io/os", "linux");
    ak_kvs_set(l, "beta.kubernetes.io/os", "linux");
    ak_kvs_set(l, "kubernetes.io/arch", "amd64");
    ak_kvs_set(l, "beta.kubernetes.io/arch", "amd64");
    ak_kvs_set(l, "node.kubernetes.io/instance-type", p->size->name);
    ak_kvs_set(l, "beta.kubernetes.io/instance-type", p->size->name);
    ak_kvs_set(l, "topology.kubernetes.io/region", "eastus");
    ak_kvs_set(l, "failure-domain.beta.kubernetes.io/region", "eastus");
    snprintf(buf, sizeof(buf), "eastus-%d", zone);
    ak_kvs_set(l, "topology.kubernetes.io/zone", buf);
    ak_kvs_set(l, "failure-domain.beta.kubernetes.io/zone", buf);
    ak_kvs_set(l, "topology.disk.csi.azure.com/zone", buf);
    ak_kvs_set(l, "kubernetes.io/hostname", node);
}

int main(int argc, char **argv)
{
    int n_nodes = 5000, n_pools = 100, n_pods = 150000;
    uint64_t seed = 1;
    bool quiet = false;
    enum ak_sched_nodes_to_score mode = AK_SCHED_SCORE_ALL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--nodes") == 0 && i + 1 < argc)
            n_nodes = (int)strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--pools") == 0 && i + 1 < argc)
            n_pools = (int)strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--pods") == 0 && i + 1 < argc)
            n_pods = (int)strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc)
            mode = strcmp(argv[++i], "adaptive") == 0 ? AK_SCHED_SCORE_ADAPTIVE : AK_SCHED_SCORE_ALL;
        else if (strcmp(argv[i], "--quiet") == 0)
            quiet = true;
        else {
            fprintf(stderr, "usage: %s [--nodes N] [--pools P] [--pods N] [--seed S] [--mode all|adaptive] [--quiet]\n", argv[0]);
            return 2;
        }
    }
    if (n_pools < 40 || n_nodes < n_pools || n_pods < 1) {
        fprintf(stderr, "need >= 40 pools, >= 1 node per pool, >= 1 pod\n");
        return 2;
    }
    struct ak_rand rng;
    ak_rand_seed(&rng, seed);

    /* ---- pools ---- */
    struct pool *pools = ak_xcalloc((size_t)n_pools, sizeof(*pools));
    int n_spot = n_pools / 5, n_gpu = n_pools / 20, n_ded = n_pools / 10;
    int first_user = 2 + n_spot + n_gpu + n_ded;
    for (int i = 0; i < n_pools; i++) {
        struct pool *p = &pools[i];
        if (i < 2) {
            p->kind = PK_SYSTEM, p->size = &sizes[2], p->max_pods = 110;
        } else if (i < 2 + n_spot) {
            p->kind = PK_SPOT, p->size = &sizes[2], p->max_pods = 110;
        } else if (i < 2 + n_spot + n_gpu) {
            p->kind = PK_GPU, p->size = &sizes[4], p->max_pods = 30;
        } else if (i < first_user) {
            p->kind = PK_DEDICATED, p->size = &sizes[3], p->max_pods = 110;
            snprintf(p->taint_value, sizeof(p->taint_value), "team-%d", i - (2 + n_spot + n_gpu));
            p->tol = (struct ak_sched_toleration){"dedicated", AK_TOL_EQUAL, p->taint_value, "NoSchedule", false, 0};
        } else {
            p->kind = PK_USER, p->size = &sizes[(i % 3 == 0) ? 1 : 2], p->max_pods = (i % 4 == 0) ? 250 : 110;
            p->workload = i % 3;
        }
        snprintf(p->name, sizeof(p->name), "%s%d", p->kind == PK_SYSTEM ? "system" : kind_name[p->kind], i);
        ak_kvs_set(&p->sel, "agentpool", p->name);
    }

    /* ---- nodes ---- */
    struct ak_sched_opts opts;
    ak_sched_opts_init(&opts);
    opts.seed = seed;
    opts.nodes_to_score = mode;
    struct ak_sched *s = ak_sched_new(&opts);
    double t0 = now_s();
    struct ak_sched_ext gpu = {"nvidia.com/gpu", 4};
    for (int i = 0; i < n_nodes; i++) {
        const struct pool *p = &pools[i % n_pools];
        int idx = i / n_pools;
        char name[64];
        snprintf(name, sizeof(name), "aks-%s-%08d-vmss%06x", p->name, 10000000 + (i % n_pools) * 7919, idx);
        struct ak_kvs l = {0};
        set_node_labels(&l, p, name, 1 + idx % 3);
        struct ak_taint t[2];
        size_t nt = 0;
        const char *spec = NULL;
        char tbuf[96];
        switch (p->kind) {
        case PK_SYSTEM: spec = "CriticalAddonsOnly=true:NoSchedule"; break;
        case PK_SPOT: spec = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"; break;
        case PK_GPU: spec = "sku=gpu:NoSchedule"; break;
        case PK_DEDICATED:
            snprintf(tbuf, sizeof(tbuf), "dedicated=%s:NoSchedule", p->taint_value);
            spec = tbuf;
            break;
        default: break;
        }
        if (spec && ak_taint_parse(spec, &t[nt]) == 0)
            nt++;
        struct ak_sched_res a = {p->size->alloc_cpu_m, p->size->alloc_mem, 100 * GI, p->max_pods,
                                 p->kind == PK_GPU ? &gpu : NULL, p->kind == PK_GPU ? 1 : 0};
        if (ak_sched_node_upsert(s, name, &l, t, nt, &a, false, true) < 0) {
            fprintf(stderr, "node upsert failed\n");
            return 1;
        }
        ak_kvs_release(&l);
    }
    double t_nodes = now_s() - t0;
    size_t mem_nodes = ak_sched_mem_bytes(s);

    /* ---- pods ---- */
    static struct ak_kvs class_sel[3], spot_sel, gpu_sel, sys_sel;
    static const char *const wl[] = {"web", "batch", "data"};
    for (int i = 0; i < 3; i++)
        ak_kvs_set(&class_sel[i], "workload", wl[i]);
    ak_kvs_set(&spot_sel, "kubernetes.azure.com/scalesetpriority", "spot");
    ak_kvs_set(&gpu_sel, "kubernetes.azure.com/accelerator", "nvidia");
    ak_kvs_set(&sys_sel, "kubernetes.azure.com/mode", "system");
    static const struct ak_sched_toleration spot_tol[] = {
        {"kubernetes.azure.com/scalesetpriority", AK_TOL_EQUAL, "spot", "NoSchedule", false, 0},
        {"node.kubernetes.io/not-ready", AK_TOL_EXISTS, NULL, "NoExecute", true, 300},
        {"node.kubernetes.io/unreachable", AK_TOL_EXISTS, NULL, "NoExecute", true, 300}};
    static const struct ak_sched_toleration gpu_tol[] = {
        {"sku", AK_TOL_EQUAL, "gpu", "NoSchedule", false, 0},
        {"node.kubernetes.io/not-ready", AK_TOL_EXISTS, NULL, "NoExecute", true, 300},
        {"node.kubernetes.io/unreachable", AK_TOL_EXISTS, NULL, "NoExecute", true, 300}};
    static const struct ak_sched_toleration sys_tol[] = {
        {"CriticalAddonsOnly", AK_TOL_EXISTS, NULL, NULL, false, 0},
        {"node.kubernetes.io/not-ready", AK_TOL_EXISTS, NULL, "NoExecute", true, 300},
        {"node.kubernetes.io/unreachable", AK_TOL_EXISTS, NULL, "NoExecute", true, 300}};
    static const struct ak_sched_toleration default_tol[] = {
        {"node.kubernetes.io/not-ready", AK_TOL_EXISTS, NULL, "NoExecute", true, 300},
        {"node.kubernetes.io/unreachable", AK_TOL_EXISTS, NULL, "NoExecute", true, 300}};
    struct ak_sched_toleration *ded_tol = ak_xcalloc((size_t)n_ded * 3, sizeof(*ded_tol));
    for (int i = 0; i < n_ded; i++) {
        ded_tol[3 * i] = pools[2 + n_spot + n_gpu + i].tol;
        ded_tol[3 * i + 1] = default_tol[0];
        ded_tol[3 * i + 2] = default_tol[1];
    }
    static const int64_t cpus[] = {50, 100, 100, 100, 250, 250, 250, 500, 1000};
    static const int64_t mems[] = {64 * MI, 128 * MI, 256 * MI, 256 * MI, 512 * MI, GI, 2 * GI, 4 * GI};
    struct ak_sched_ext *gpu_req = ak_xcalloc(1, sizeof(*gpu_req));
    gpu_req->name = "nvidia.com/gpu";
    gpu_req->qty = 1;
    struct bpod *pods = ak_xcalloc((size_t)n_pods, sizeof(*pods));
    int n_user = n_pools - first_user;
    for (int i = 0; i < n_pods; i++) {
        struct bpod *b = &pods[i];
        int r = (int)ak_rand_below(&rng, 100), acc = 0;
        b->cls = C_ANY;
        for (int c = 0; c < C_N; c++) {
            acc += class_pct[c];
            if (r < acc) {
                b->cls = (enum pod_class)c;
                break;
            }
        }
        struct ak_sched_pod *p = &b->p;
        p->id = (uint64_t)i + 1;
        p->start_time = i;
        if (ak_rand_below(&rng, 20) != 0) { /* 5 % best-effort */
            p->req.cpu_m = cpus[ak_rand_below(&rng, AK_ARRAY_LEN(cpus))];
            p->req.mem = mems[ak_rand_below(&rng, AK_ARRAY_LEN(mems))];
        }
        p->tolerations = default_tol;
        p->n_tolerations = 2;
        switch (b->cls) {
        case C_POOL: {
            /* skewed: one in eight goes to the first eight user pools (they fill up) */
            int u = ak_rand_below(&rng, 8) == 0 ? (int)ak_rand_below(&rng, 8) : (int)ak_rand_below(&rng, (uint64_t)n_user);
            p->node_selector = &pools[first_user + u].sel;
            if (ak_rand_below(&rng, 20) == 0)
                p->priority = 1000; /* may preempt when its pool is full */
            break;
        }
        case C_CLASS: p->node_selector = &class_sel[ak_rand_below(&rng, 3)]; break;
        case C_SPOT:
            p->node_selector = &spot_sel;
            p->tolerations = spot_tol;
            p->n_tolerations = 3;
            break;
        case C_GPU:
            p->node_selector = &gpu_sel;
            p->tolerations = gpu_tol;
            p->n_tolerations = 3;
            p->req.ext = gpu_req;
            p->req.n_ext = 1;
            break;
        case C_SYSTEM:
            p->node_selector = &sys_sel;
            p->tolerations = sys_tol;
            p->n_tolerations = 3;
            p->priority = 2000000000; /* system-cluster-critical */
            break;
        case C_DEDICATED: {
            int d = (int)ak_rand_below(&rng, (uint64_t)n_ded);
            p->node_selector = &pools[2 + n_spot + n_gpu + d].sel;
            p->tolerations = &ded_tol[3 * d];
            p->n_tolerations = 3;
            break;
        }
        default: break;
        }
    }

    /* ---- schedule ---- */
    struct ak_sched_result res;
    ak_sched_result_init(&res);
    long outcome[6] = {0};
    long cls_n[C_N] = {0}, cls_fit[C_N] = {0};
    double cls_t[C_N] = {0};
    uint64_t evaluated = 0, feasible = 0, evicted = 0, preemptions = 0;
    double t1 = now_s(), c1 = cpu_s();
    for (int i = 0; i < n_pods; i++) {
        struct bpod *b = &pods[i];
        double ta = now_s();
        if (ak_sched_schedule(s, &b->p, &res) != 0) {
            fprintf(stderr, "schedule failed\n");
            return 1;
        }
        if (res.status == AK_SCHED_NOMINATED) {
            /* what the caller does: evict the victims, retry the pod */
            preemptions++;
            for (size_t v = 0; v < res.n_victims; v++)
                ak_sched_unassign(s, res.node, res.victims[v].id);
            evicted += res.n_victims;
            if (ak_sched_schedule(s, &b->p, &res) != 0)
                return 1;
        }
        if (res.status == AK_SCHED_FIT)
            ak_sched_assign(s, res.node, &b->p);
        cls_t[b->cls] += now_s() - ta;
        cls_n[b->cls]++;
        cls_fit[b->cls] += res.status == AK_SCHED_FIT;
        outcome[res.status]++;
        evaluated += res.n_evaluated;
        feasible += res.n_feasible;
        if (!quiet && res.status == AK_SCHED_UNSCHEDULABLE && outcome[res.status] == 1)
            printf("first FailedScheduling (pod %d, %s): %s\n", i, class_name[b->cls], ak_buf_cstr(&res.message));
    }
    double t_pods = now_s() - t1, c_pods = cpu_s() - c1;

    size_t mem = ak_sched_mem_bytes(s);
    printf("scheduler bench: %d nodes in %d pools, %d pods, mode %s, seed %" PRIu64 "\n", n_nodes,
           n_pools, n_pods, mode == AK_SCHED_SCORE_ALL ? "all nodes" : "adaptive percentageOfNodesToScore", seed);
    printf("  nodes inserted in %.3f s (%.0f nodes/s)\n", t_nodes, n_nodes / t_nodes);
    printf("  pods scheduled in %.3f s: %.0f pods/s (%.2f us/pod); CPU time %.3f s: %.0f pods/s "
           "per core\n",
           t_pods, n_pods / t_pods, t_pods * 1e6 / n_pods, c_pods, n_pods / c_pods);
    printf("  outcome: %ld scheduled, %ld unschedulable; %" PRIu64 " preemptions evicted %" PRIu64
           " lower-priority pods\n",
           outcome[AK_SCHED_FIT], outcome[AK_SCHED_UNSCHEDULABLE], preemptions, evicted);
    printf("  per pod: %.1f nodes filtered, %.1f feasible nodes scored on average\n",
           (double)evaluated / n_pods, (double)feasible / n_pods);
    printf("  %-30s %8s %8s %10s %9s\n", "class", "pods", "fit", "pods/s", "us/pod");
    for (int c = 0; c < C_N; c++)
        if (cls_n[c])
            printf("  %-30s %8ld %8ld %10.0f %9.2f\n", class_name[c], cls_n[c], cls_fit[c],
                   cls_n[c] / cls_t[c], cls_t[c] * 1e6 / cls_n[c]);
    printf("  scheduler tables: %.2f MiB in all; %.0f bytes/node with no pods, then %.0f bytes per "
           "bound pod (records, scratch)\n",
           (double)mem / MI, (double)mem_nodes / n_nodes,
           outcome[AK_SCHED_FIT] ? (double)(mem - mem_nodes) / (double)outcome[AK_SCHED_FIT] : 0.0);
    if (ak_sched_validate(s) != 0) {
        fprintf(stderr, "validate failed\n");
        return 1;
    }

    ak_sched_result_release(&res);
    ak_sched_free(s);
    for (int i = 0; i < n_pools; i++)
        ak_kvs_release(&pools[i].sel);
    for (int i = 0; i < 3; i++)
        ak_kvs_release(&class_sel[i]);
    ak_kvs_release(&spot_sel);
    ak_kvs_release(&gpu_sel);
    ak_kvs_release(&sys_sel);
    free(ded_tol);
    free(gpu_req);
    free(pods);
    free(pools);
    return 0;
}
