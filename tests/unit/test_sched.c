/* test_sched.c - the scheduler core against kube-scheduler's documented behaviour
 * (reference/lifecycle-facts.md §1): toleration rules, each filter plugin and its reason text,
 * the FailedScheduling message (order, counts, taint format, preemption suffix), the score
 * plugins' numbers, host selection, percentageOfNodesToScore, kubelet admission for pods
 * with spec.nodeName, and preemption victim choice. A randomized test checks the indexed
 * fast path against a naive reference filter. */
#include "unit_helpers.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/ak_labels.h"
#include "sched/ak_sched.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"
#include "util/ak_rand.h"
#include "util/ak_str.h"

#define GI (1LL << 30)
#define MI (1LL << 20)

/* ---- helpers ---- */

static struct ak_kvs kvs(const char *spec)
{
    struct ak_kvs m = {0};
    if (!spec)
        return m;
    char *dup = strdup(spec), *save = NULL;
    for (char *p = strtok_r(dup, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(p, '=');
        if (eq)
            *eq = '\0';
        ak_kvs_set(&m, p, eq ? eq + 1 : "");
    }
    free(dup);
    return m;
}

static size_t taints(const char *spec, struct ak_taint *out, size_t max)
{
    size_t n = 0;
    if (!spec)
        return 0;
    char *dup = strdup(spec), *save = NULL;
    for (char *p = strtok_r(dup, ",", &save); p && n < max; p = strtok_r(NULL, ",", &save))
        assert_int_equal(ak_taint_parse(p, &out[n++]), 0);
    free(dup);
    return n;
}

static int32_t node_ex(struct ak_sched *s, const char *name, const char *labels, const char *tnt,
                       int64_t cpu, int64_t mem, int64_t pods, bool unsched,
                       const struct ak_sched_ext *ext, size_t n_ext)
{
    struct ak_kvs l = kvs(labels);
    struct ak_taint t[8];
    size_t nt = taints(tnt, t, 8);
    struct ak_sched_res a = {cpu, mem, 100 * GI, pods, ext, n_ext};
    int32_t id = ak_sched_node_upsert(s, name, &l, t, nt, &a, unsched, true);
    ak_kvs_release(&l);
    assert_true(id >= 0);
    return id;
}

static int32_t node(struct ak_sched *s, const char *name, const char *labels, const char *tnt,
                    int64_t cpu, int64_t mem, int64_t pods)
{
    return node_ex(s, name, labels, tnt, cpu, mem, pods, false, NULL, 0);
}

static uint64_t next_id = 1000;

/* a running pod on a node */
static void run(struct ak_sched *s, int32_t n, int64_t cpu, int64_t mem, int32_t prio,
                int64_t start)
{
    struct ak_sched_pod p = {.id = next_id++, .req = {cpu, mem, 0, 0, NULL, 0},
                             .priority = prio, .start_time = start};
    assert_int_equal(ak_sched_assign(s, n, &p), 0);
}

static struct ak_sched_pod pod(int64_t cpu, int64_t mem)
{
    struct ak_sched_pod p = {.id = next_id++, .req = {cpu, mem, 0, 0, NULL, 0}};
    return p;
}

static void expect_msg(struct ak_sched *s, const struct ak_sched_pod *p, const char *msg)
{
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    assert_int_equal(ak_sched_schedule(s, p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_UNSCHEDULABLE);
    if (strcmp(ak_buf_cstr(&r.message), msg) != 0)
        fail_msg("\n got  %s\n want %s", ak_buf_cstr(&r.message), msg);
    ASSERT_STR(r.reason, "Unschedulable");
    uint32_t total = 0;
    for (size_t i = 0; i < r.n_counts; i++)
        total += r.counts[i].count;
    assert_true(total >= r.n_all); /* NodeResourcesFit may give one node several reasons */
    ak_sched_result_release(&r);
}

static int32_t expect_fit(struct ak_sched *s, const struct ak_sched_pod *p, int64_t *score)
{
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    assert_int_equal(ak_sched_schedule(s, p, &r), 0);
    if (r.status != AK_SCHED_FIT)
        fail_msg("expected a fit, got %d: %s", r.status, ak_buf_cstr(&r.message));
    int32_t n = r.node;
    if (score)
        *score = r.score;
    ak_sched_result_release(&r);
    return n;
}

/* ---- tolerations ---- */

static struct ak_taint taint1(const char *spec)
{
    struct ak_taint t;
    assert_int_equal(ak_taint_parse(spec, &t), 0);
    return t;
}

static void test_toleration_rules(void **state)
{
    (void)state;
    struct ak_taint t = taint1("CriticalAddonsOnly=true:NoSchedule");
    struct ak_sched_toleration all = {"", AK_TOL_EXISTS, NULL, "", false, 0};
    struct ak_sched_toleration key_exists = {"CriticalAddonsOnly", AK_TOL_EXISTS, NULL, NULL, false, 0};
    struct ak_sched_toleration eq = {"CriticalAddonsOnly", AK_TOL_EQUAL, "true", "NoSchedule", false, 0};
    struct ak_sched_toleration eq_noeffect = {"CriticalAddonsOnly", AK_TOL_EQUAL, "true", "", false, 0};
    struct ak_sched_toleration eq_other_val = {"CriticalAddonsOnly", AK_TOL_EQUAL, "false", NULL, false, 0};
    struct ak_sched_toleration eq_other_eff = {"CriticalAddonsOnly", AK_TOL_EQUAL, "true", "NoExecute", false, 0};
    struct ak_sched_toleration other_key = {"spot", AK_TOL_EXISTS, NULL, NULL, false, 0};
    struct ak_sched_toleration bad_op = {"CriticalAddonsOnly", AK_TOL_INVALID, "true", NULL, false, 0};
    struct ak_sched_toleration empty_key_eq = {"", AK_TOL_EQUAL, "true", NULL, false, 0};
    struct ak_sched_toleration exists_noexec = {"", AK_TOL_EXISTS, NULL, "NoExecute", false, 0};
    assert_true(ak_sched_tolerates(&all, &t));            /* empty key + Exists: everything */
    assert_true(ak_sched_tolerates(&key_exists, &t));     /* Exists: any value, empty effect: all */
    assert_true(ak_sched_tolerates(&eq, &t));
    assert_true(ak_sched_tolerates(&eq_noeffect, &t));    /* empty effect matches every effect */
    assert_false(ak_sched_tolerates(&eq_other_val, &t));
    assert_false(ak_sched_tolerates(&eq_other_eff, &t));
    assert_false(ak_sched_tolerates(&other_key, &t));
    assert_false(ak_sched_tolerates(&bad_op, &t));
    assert_true(ak_sched_tolerates(&empty_key_eq, &t));   /* ToleratesTaint: empty key skips the key check */
    assert_false(ak_sched_tolerates(&exists_noexec, &t));
    struct ak_taint novalue = taint1("node-role.kubernetes.io/control-plane:NoSchedule");
    struct ak_sched_toleration eq_empty = {"node-role.kubernetes.io/control-plane", AK_TOL_EQUAL, NULL, NULL, false, 0};
    assert_true(ak_sched_tolerates(&eq_empty, &novalue)); /* Equal with "" value */
    assert_int_equal(ak_sched_tol_op_parse(""), AK_TOL_EQUAL);
    assert_int_equal(ak_sched_tol_op_parse("Equal"), AK_TOL_EQUAL);
    assert_int_equal(ak_sched_tol_op_parse("Exists"), AK_TOL_EXISTS);
    assert_int_equal(ak_sched_tol_op_parse("exists"), AK_TOL_INVALID);

    struct ak_taint list[3] = {taint1("a=1:PreferNoSchedule"), taint1("b=2:NoExecute"),
                               taint1("c=3:NoSchedule")};
    const struct ak_taint *u = ak_sched_untolerated_taint(list, 3, NULL, 0,
                                                          AK_SCHED_EFFECT_NO_SCHEDULE | AK_SCHED_EFFECT_NO_EXECUTE);
    assert_non_null(u);
    ASSERT_STR(u->key, "b"); /* first in node order, PreferNoSchedule not considered */
    struct ak_sched_toleration tb = {"b", AK_TOL_EXISTS, NULL, NULL, false, 0};
    u = ak_sched_untolerated_taint(list, 3, &tb, 1, AK_SCHED_EFFECT_NO_SCHEDULE | AK_SCHED_EFFECT_NO_EXECUTE);
    ASSERT_STR(u->key, "c");
    assert_null(ak_sched_untolerated_taint(list, 3, &all, 1, 7));
    assert_int_equal(ak_nsel_op_parse("DoesNotExist"), AK_NSEL_DOES_NOT_EXIST);
    assert_int_equal(ak_nsel_op_parse("in"), AK_NSEL_INVALID);
}

/* ---- FailedScheduling messages ---- */

static void test_msg_system_and_spot_taints(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    /* the only free nodes are a system pool (CriticalAddonsOnly) and a spot pool */
    node(s, "aks-system-1", "agentpool=system", "CriticalAddonsOnly=true:NoSchedule", 4000, 16 * GI, 30);
    node(s, "aks-system-2", "agentpool=system", "CriticalAddonsOnly=true:NoSchedule", 4000, 16 * GI, 30);
    node(s, "aks-spot-1", "agentpool=spot", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule", 4000, 16 * GI, 30);
    node(s, "aks-spot-2", "agentpool=spot", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule", 4000, 16 * GI, 30);
    int32_t user = node(s, "aks-user-1", "agentpool=user", NULL, 4000, 16 * GI, 30);
    run(s, user, 1000, 15 * GI, 0, 1);
    struct ak_sched_pod p = pod(500, 2 * GI);
    expect_msg(s, &p,
               "0/5 nodes are available: 1 Insufficient memory, "
               "2 node(s) had untolerated taint {CriticalAddonsOnly: true}, "
               "2 node(s) had untolerated taint {kubernetes.azure.com/scalesetpriority: spot}. "
               "preemption: 0/5 nodes are available: 1 No preemption victims found for incoming pod, "
               "4 Preemption is not helpful for scheduling.");
    /* with a toleration for spot it lands there */
    struct ak_sched_toleration tol = {"kubernetes.azure.com/scalesetpriority", AK_TOL_EQUAL, "spot", "NoSchedule", false, 0};
    p.tolerations = &tol;
    p.n_tolerations = 1;
    int32_t n = expect_fit(s, &p, NULL);
    assert_true(ak_starts_with(ak_sched_node_name(s, n), "aks-spot-"));
    ak_sched_free(s);
}

static void test_msg_brief_example(void **state)
{
    (void)state;
    /* "2 taints, 3 Insufficient memory" with a request above the nodes' allocatable: with
     * Kubernetes 1.34's fit rule (kubernetes#131345) such nodes are not preemption candidates */
    struct ak_sched_opts o;
    ak_sched_opts_init(&o);
    o.fit_unresolvable = true;
    struct ak_sched *s = ak_sched_new(&o);
    node(s, "sys-1", NULL, "CriticalAddonsOnly=true:NoSchedule", 2000, 8 * GI, 30);
    node(s, "sys-2", NULL, "CriticalAddonsOnly=true:NoSchedule", 2000, 8 * GI, 30);
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof(name), "user-%d", i);
        node(s, name, NULL, NULL, 2000, 8 * GI, 30);
    }
    struct ak_sched_pod p = pod(100, 32 * GI);
    expect_msg(s, &p,
               "0/5 nodes are available: 2 node(s) had untolerated taint {CriticalAddonsOnly: true}, "
               "3 Insufficient memory. preemption: 0/5 nodes are available: 5 Preemption is not "
               "helpful for scheduling.");
    ak_sched_free(s);
    /* default (1.32): the memory-short nodes are tried and have no victims */
    s = ak_sched_new(NULL);
    node(s, "sys-1", NULL, "CriticalAddonsOnly=true:NoSchedule", 2000, 8 * GI, 30);
    node(s, "sys-2", NULL, "CriticalAddonsOnly=true:NoSchedule", 2000, 8 * GI, 30);
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof(name), "user-%d", i);
        node(s, name, NULL, NULL, 2000, 8 * GI, 30);
    }
    expect_msg(s, &p,
               "0/5 nodes are available: 2 node(s) had untolerated taint {CriticalAddonsOnly: true}, "
               "3 Insufficient memory. preemption: 0/5 nodes are available: 2 Preemption is not helpful "
               "for scheduling, 3 No preemption victims found for incoming pod.");
    ak_sched_free(s);
}

static void test_msg_simple_reasons(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    int32_t a = node(s, "n1", "agentpool=np1", NULL, 4000, 8 * GI, 110);
    struct ak_sched_pod p = pod(100, 16 * GI);
    expect_msg(s, &p, "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are "
                      "available: 1 No preemption victims found for incoming pod.");
    /* both cpu and memory short on one node: two reasons, one node */
    p = pod(8000, 16 * GI);
    expect_msg(s, &p, "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. "
                      "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    /* nodeSelector mismatch */
    struct ak_kvs sel = kvs("agentpool=gpu");
    p = pod(100, GI);
    p.node_selector = &sel;
    node(s, "n2", "agentpool=np1", NULL, 4000, 8 * GI, 110);
    node(s, "n3", "agentpool=np2", NULL, 4000, 8 * GI, 110);
    expect_msg(s, &p, "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
                      "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    ak_kvs_release(&sel);
    /* a known key with another value, and two requirements */
    sel = kvs("agentpool=np2,kubernetes.io/os=linux");
    p.node_selector = &sel;
    expect_msg(s, &p, "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
                      "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    ak_kvs_release(&sel);
    sel = kvs("agentpool=np2");
    p.node_selector = &sel;
    assert_int_equal(expect_fit(s, &p, NULL), ak_sched_node_find(s, "n3"));
    ak_kvs_release(&sel);
    /* too many pods */
    ak_sched_free(s);
    s = ak_sched_new(NULL);
    a = node(s, "small", NULL, NULL, 4000, 8 * GI, 2);
    run(s, a, 0, 0, 0, 1);
    run(s, a, 0, 0, 0, 2);
    p = pod(0, 0);
    expect_msg(s, &p, "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are "
                      "available: 1 No preemption victims found for incoming pod.");
    ak_sched_free(s);
}

static void test_msg_unschedulable_nodes(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    /* cordoned nodes also carry the unschedulable taint: NodeUnschedulable runs first */
    node_ex(s, "c1", NULL, "node.kubernetes.io/unschedulable:NoSchedule", 4000, 8 * GI, 110, true, NULL, 0);
    node_ex(s, "c2", NULL, NULL, 4000, 8 * GI, 110, true, NULL, 0);
    node(s, "t1", NULL, "node-role.kubernetes.io/control-plane:NoSchedule", 4000, 8 * GI, 110);
    struct ak_sched_pod p = pod(100, GI);
    expect_msg(s, &p, "0/3 nodes are available: 1 node(s) had untolerated taint "
                      "{node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. "
                      "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    /* tolerating node.kubernetes.io/unschedulable:NoSchedule tolerates spec.unschedulable */
    struct ak_sched_toleration tol = {"node.kubernetes.io/unschedulable", AK_TOL_EXISTS, NULL, "NoSchedule", false, 0};
    p.tolerations = &tol;
    p.n_tolerations = 1;
    int32_t n = expect_fit(s, &p, NULL);
    assert_true(n == ak_sched_node_find(s, "c1") || n == ak_sched_node_find(s, "c2"));
    /* a DaemonSet pod gets that toleration implicitly */
    struct ak_sched_pod ds = pod(100, GI);
    ds.daemonset = true;
    n = expect_fit(s, &ds, NULL);
    assert_true(n == ak_sched_node_find(s, "c1") || n == ak_sched_node_find(s, "c2"));
    /* NotReady node: the caller passes the lifecycle controller's taints */
    node(s, "nr", NULL, "node.kubernetes.io/not-ready:NoSchedule,node.kubernetes.io/not-ready:NoExecute", 4000, 8 * GI, 110);
    p = pod(100, GI);
    expect_msg(s, &p, "0/4 nodes are available: 1 node(s) had untolerated taint "
                      "{node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint "
                      "{node.kubernetes.io/not-ready: }, 2 node(s) were unschedulable. preemption: 0/4 "
                      "nodes are available: 4 Preemption is not helpful for scheduling.");
    ak_sched_free(s);
}

static void test_msg_sorting_and_versions(void **state)
{
    (void)state;
    struct ak_sched_opts o;
    ak_sched_opts_init(&o);
    o.taint_msg_generic = true;
    o.preempt_double_period = true;
    struct ak_sched *s = ak_sched_new(&o);
    char name[32];
    for (int i = 0; i < 10; i++) {
        snprintf(name, sizeof(name), "cpu-%d", i);
        node(s, name, NULL, NULL, 1000, 64 * GI, 110);
    }
    for (int i = 0; i < 2; i++) {
        snprintf(name, sizeof(name), "mem-%d", i);
        node(s, name, NULL, NULL, 64000, GI, 110);
    }
    node(s, "t", NULL, "sku=gpu:NoExecute", 64000, 64 * GI, 110);
    node(s, "p", NULL, "soft=yes:PreferNoSchedule", 100, 64 * GI, 110); /* soft taint: fit decides */
    struct ak_sched_pod p = pod(2000, 2 * GI);
    /* Go's sort.Strings on "count reason": "10 ..." sorts before "2 ..." */
    expect_msg(s, &p, "0/14 nodes are available: 1 node(s) had untolerated taint(s), "
                      "11 Insufficient cpu, 2 Insufficient memory. preemption: 0/14 nodes are available: "
                      "1 Preemption is not helpful for scheduling, 13 No preemption victims found for incoming pod..");
    ak_sched_free(s);
}

static void test_msg_extended_and_no_nodes(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    struct ak_sched_pod p = pod(100, GI);
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_NO_NODES);
    ASSERT_STR(ak_buf_cstr(&r.message), "no nodes available to schedule pods");
    struct ak_sched_ext gpu1 = {"nvidia.com/gpu", 1};
    int32_t g = node_ex(s, "gpu-1", "accelerator=nvidia", "sku=gpu:NoSchedule", 6000, 56 * GI, 30, false, &gpu1, 1);
    node(s, "cpu-1", NULL, NULL, 4000, 16 * GI, 110);
    struct ak_sched_ext want = {"nvidia.com/gpu", 1};
    struct ak_sched_toleration tol = {"sku", AK_TOL_EQUAL, "gpu", "NoSchedule", false, 0};
    p.req.ext = &want;
    p.req.n_ext = 1;
    p.tolerations = &tol;
    p.n_tolerations = 1;
    assert_int_equal(expect_fit(s, &p, NULL), g);
    assert_int_equal(ak_sched_assign(s, g, &p), 0);
    int64_t alloc, req;
    assert_int_equal(ak_sched_node_ext(s, g, "nvidia.com/gpu", &alloc, &req), 0);
    assert_int_equal(alloc, 1);
    assert_int_equal(req, 1);
    p.id = next_id++;
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    ASSERT_STR(ak_buf_cstr(&r.message),
               "0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: "
               "2 No preemption victims found for incoming pod.");
    assert_int_equal(r.n_counts, 1);
    assert_int_equal(r.counts[0].code, AK_SCHED_R_EXTENDED);
    ASSERT_STR(r.counts[0].text, "Insufficient nvidia.com/gpu");
    assert_int_equal(r.counts[0].count, 2);
    ak_sched_result_release(&r);
    assert_int_equal(ak_sched_validate(s), 0);
    ak_sched_free(s);
}

static void test_msg_daemonset_prefilter(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    int32_t full = node(s, "aks-np-0", NULL, NULL, 4000, 8 * GI, 1);
    node(s, "aks-np-1", NULL, NULL, 4000, 8 * GI, 110);
    node(s, "aks-np-2", NULL, NULL, 4000, 8 * GI, 110);
    run(s, full, 0, 0, 0, 1);
    /* the DaemonSet controller's affinity for node aks-np-0 */
    const char *target[] = {"aks-np-0"};
    struct ak_sched_nsel_req f = {"metadata.name", AK_NSEL_IN, target, 1};
    struct ak_sched_nsel_term term = {NULL, 0, &f, 1};
    struct ak_sched_pod p = pod(10, 10 * MI);
    p.required = &term;
    p.n_required = 1;
    p.daemonset = true;
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    ASSERT_STR(ak_buf_cstr(&r.message),
               "0/3 nodes are available: 1 Too many pods, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
               "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, "
               "2 Preemption is not helpful for scheduling.");
    assert_int_equal(r.n_evaluated, 1); /* only the pinned node went through the filters */
    /* fits on its node */
    target[0] = "aks-np-2";
    assert_int_equal(expect_fit(s, &p, NULL), ak_sched_node_find(s, "aks-np-2"));
    /* a node that does not exist (deleted): every node is outside the pre-filter result */
    target[0] = "aks-np-9";
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    ASSERT_STR(ak_buf_cstr(&r.message),
               "0/3 nodes are available: 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
               "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    /* two terms pinning disjoint names within each term: conflict at PreFilter */
    const char *a[] = {"aks-np-1"}, *b[] = {"aks-np-2"};
    struct ak_sched_nsel_req fs[2] = {{"metadata.name", AK_NSEL_IN, a, 1}, {"metadata.name", AK_NSEL_IN, b, 1}};
    struct ak_sched_nsel_term t2 = {NULL, 0, fs, 2};
    p.required = &t2;
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    ASSERT_STR(ak_buf_cstr(&r.message),
               "0/3 nodes are available: pod affinity terms conflict. "
               "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    ak_sched_result_release(&r);
    ak_sched_free(s);
}

/* ---- node affinity ---- */

static void test_required_affinity(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    int32_t n1 = node(s, "n1", "zone=1,gen=3,ssd=", NULL, 4000, 8 * GI, 110);
    int32_t n2 = node(s, "n2", "zone=2,gen=5", NULL, 4000, 8 * GI, 110);
    int32_t n3 = node(s, "n3", "zone=3", NULL, 4000, 8 * GI, 110);
    struct ak_sched_pod p = pod(100, GI);
    const char *z12[] = {"1", "2"}, *z2[] = {"2"}, *four[] = {"4"}, *bad[] = {"x"}, *nm[] = {"n3"};
    struct {
        struct ak_sched_nsel_req req;
        int32_t only; /* the single node that must match, -1 = none, -2 = several */
    } cases[] = {
        {{"zone", AK_NSEL_IN, z2, 1}, 1},
        {{"zone", AK_NSEL_NOTIN, z12, 2}, 2},
        {{"ssd", AK_NSEL_EXISTS, NULL, 0}, 0},
        {{"gen", AK_NSEL_DOES_NOT_EXIST, NULL, 0}, 2},
        {{"gen", AK_NSEL_GT, four, 1}, 1},
        {{"gen", AK_NSEL_LT, four, 1}, 0},
        {{"gen", AK_NSEL_GT, bad, 1}, -1},        /* invalid term: ignored, nothing matches */
        {{"zone", AK_NSEL_IN, NULL, 0}, -1},      /* In without values is invalid */
        {{"zone", AK_NSEL_EXISTS, z2, 1}, -1},    /* Exists with values is invalid */
        {{"nokey", AK_NSEL_NOTIN, z2, 1}, -2},    /* a missing key satisfies NotIn */
        {{"zone", AK_NSEL_IN, four, 1}, -1},      /* no node carries that value */
    };
    int32_t ids[3] = {n1, n2, n3};
    for (size_t i = 0; i < AK_ARRAY_LEN(cases); i++) {
        struct ak_sched_nsel_term t = {&cases[i].req, 1, NULL, 0};
        p.required = &t;
        p.n_required = 1;
        struct ak_sched_result r;
        ak_sched_result_init(&r);
        assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
        if (cases[i].only == -1) {
            if (r.status != AK_SCHED_UNSCHEDULABLE)
                fail_msg("case %zu: expected unschedulable", i);
            ASSERT_CONTAINS(ak_buf_cstr(&r.message), "3 node(s) didn't match Pod's node affinity/selector.");
        } else if (cases[i].only == -2) {
            assert_int_equal(r.status, AK_SCHED_FIT);
            assert_int_equal(r.n_feasible, 3);
        } else {
            if (r.status != AK_SCHED_FIT || r.node != ids[cases[i].only])
                fail_msg("case %zu: got status %d node %d", i, r.status, r.node);
            assert_int_equal(r.n_feasible, 1);
        }
        ak_sched_result_release(&r);
    }
    /* terms are OR'ed, expressions in a term AND'ed, matchFields by name */
    struct ak_sched_nsel_req e1[2] = {{"zone", AK_NSEL_IN, z12, 2}, {"gen", AK_NSEL_GT, four, 1}};
    struct ak_sched_nsel_req f3 = {"metadata.name", AK_NSEL_IN, nm, 1};
    struct ak_sched_nsel_term terms[2] = {{e1, 2, NULL, 0}, {NULL, 0, &f3, 1}};
    p.required = terms;
    p.n_required = 2;
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_FIT);
    assert_int_equal(r.n_feasible, 2); /* n2 (zone 2, gen 5) and n3 (by name) */
    assert_true(r.node == n2 || r.node == n3);
    /* an empty term selects nothing; present-but-empty required selects nothing */
    struct ak_sched_nsel_term empty = {NULL, 0, NULL, 0};
    p.required = &empty;
    p.n_required = 1;
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_UNSCHEDULABLE);
    p.required = NULL;
    p.n_required = 0;
    p.has_required = true;
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_UNSCHEDULABLE);
    /* matchFields NotIn, and nodeSelector AND affinity */
    p.has_required = false;
    struct ak_sched_nsel_req fn = {"metadata.name", AK_NSEL_NOTIN, nm, 1};
    struct ak_sched_nsel_term tn = {NULL, 0, &fn, 1};
    struct ak_kvs sel = kvs("zone=3");
    p.required = &tn;
    p.n_required = 1;
    p.node_selector = &sel;
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_UNSCHEDULABLE);
    ak_kvs_release(&sel);
    ak_sched_result_release(&r);
    ak_sched_free(s);
}

/* ---- scores ---- */

static void test_score_least_and_balanced(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    /* A: 1000m / 2Gi requested of 4000m / 8Gi; B: 3000m / 1Gi. Pod: 1000m, 1Gi.
     * A: LeastAllocated (50 + 62) / 2 = 56, Balanced |0.5 - 0.375| / 2 -> 93; +300 taints = 449
     * B: LeastAllocated (0 + 75) / 2 = 37, Balanced |1.0 - 0.25| / 2 -> 62; +300 = 399 */
    int32_t a = node(s, "a", NULL, NULL, 4000, 8 * GI, 110);
    int32_t b = node(s, "b", NULL, NULL, 4000, 8 * GI, 110);
    run(s, a, 1000, 2 * GI, 0, 1);
    run(s, b, 3000, 1 * GI, 0, 1);
    struct ak_sched_pod p = pod(1000, GI);
    int64_t score;
    assert_int_equal(expect_fit(s, &p, &score), a);
    assert_int_equal(score, 449);
    ak_sched_free(s);

    /* float exactness: fractions 0.06 and 0.9 give (1 - 0.42) * 100 = 57.99999999999999 -> 57 */
    s = ak_sched_new(NULL);
    a = node(s, "a", NULL, NULL, 1000, 1000000, 110);
    b = node(s, "b", NULL, NULL, 1000, 1000000, 110);
    run(s, a, 40, 800000, 0, 1);
    run(s, b, 40, 800000, 0, 1);
    p = pod(20, 100000);
    expect_fit(s, &p, &score);
    assert_int_equal(score, 52 + 57 + 300); /* LeastAllocated (94 + 10) / 2 = 52 */
    ak_sched_free(s);

    /* best-effort pod: non-zero defaults 100m / 200Mi for LeastAllocated; BalancedAllocation
     * skipped (1.33+) or 100 on empty nodes (older) */
    s = ak_sched_new(NULL);
    node(s, "a", NULL, NULL, 1000, 1000 * MI, 110);
    node(s, "b", NULL, NULL, 1000, 1000 * MI, 110);
    p = pod(0, 0);
    expect_fit(s, &p, &score);
    assert_int_equal(score, 85 + 300); /* (90 + 80) / 2 */
    ak_sched_free(s);
    struct ak_sched_opts o;
    ak_sched_opts_init(&o);
    o.balanced_skip_best_effort = false;
    s = ak_sched_new(&o);
    node(s, "a", NULL, NULL, 1000, 1000 * MI, 110);
    node(s, "b", NULL, NULL, 1000, 1000 * MI, 110);
    expect_fit(s, &p, &score);
    assert_int_equal(score, 85 + 100 + 300);
    ak_sched_free(s);

    /* non-zero requests accumulate on the node: two best-effort pods count 200m / 400Mi */
    s = ak_sched_new(NULL);
    a = node(s, "a", NULL, NULL, 1000, 1000 * MI, 110);
    b = node(s, "b", NULL, NULL, 1000, 1000 * MI, 110);
    run(s, a, 0, 0, 0, 1);
    assert_int_equal(expect_fit(s, &p, &score), b);
    assert_int_equal(score, 385);
    struct ak_sched_node_usage u;
    assert_int_equal(ak_sched_node_usage(s, a, &u), 0);
    assert_int_equal(u.nz_cpu_m, 100);
    assert_int_equal(u.nz_mem, 200 * MI);
    assert_int_equal(u.req_cpu_m, 0);
    assert_int_equal(u.pods, 1);
    /* a single feasible node is taken without scoring */
    ak_sched_node_remove(s, b);
    assert_int_equal(expect_fit(s, &p, &score), a);
    assert_int_equal(score, -1);
    ak_sched_free(s);
}

static void test_score_taints_and_preferred(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    int32_t soft = node(s, "soft", "disk=ssd", "spot=true:PreferNoSchedule", 4000, 8 * GI, 110);
    int32_t plain = node(s, "plain", "disk=hdd", NULL, 4000, 8 * GI, 110);
    struct ak_sched_pod p = pod(1000, 2 * GI);
    int64_t score;
    /* TaintToleration: soft has 1 intolerable PreferNoSchedule taint, plain 0 -> 0 vs 100 (x3) */
    assert_int_equal(expect_fit(s, &p, &score), plain);
    int64_t base = 75 + 100; /* LeastAllocated (75 + 75) / 2, Balanced 100 */
    assert_int_equal(score, base + 300);
    /* tolerating it (empty effect) makes both equal */
    struct ak_sched_toleration tol = {"spot", AK_TOL_EXISTS, NULL, NULL, false, 0};
    p.tolerations = &tol;
    p.n_tolerations = 1;
    expect_fit(s, &p, &score);
    assert_int_equal(score, base + 300);
    /* preferred affinity: ssd weight 80, hdd weight 20 -> 100 vs 25 (x2) */
    p.tolerations = NULL;
    p.n_tolerations = 0;
    const char *ssd[] = {"ssd"}, *hdd[] = {"hdd"};
    struct ak_sched_nsel_req rs = {"disk", AK_NSEL_IN, ssd, 1}, rh = {"disk", AK_NSEL_IN, hdd, 1};
    struct ak_sched_pref_term pref[2] = {{80, {&rs, 1, NULL, 0}}, {20, {&rh, 1, NULL, 0}}};
    p.preferred = pref;
    p.n_preferred = 2;
    /* soft: 0*3 + 100*2 = 200 ; plain: 100*3 + 25*2 = 350 */
    assert_int_equal(expect_fit(s, &p, &score), plain);
    assert_int_equal(score, base + 350);
    pref[1].weight = 0; /* ignored term */
    /* soft: 0 + 200 = 200 ; plain: 300 + 0 = 300 */
    assert_int_equal(expect_fit(s, &p, &score), plain);
    assert_int_equal(score, base + 300);
    p.tolerations = &tol;
    p.n_tolerations = 1;
    /* soft: 300 + 200 ; plain: 300 + 0 */
    assert_int_equal(expect_fit(s, &p, &score), soft);
    assert_int_equal(score, base + 500);
    ak_sched_free(s);
}

static void test_tie_break_reproducible(void **state)
{
    (void)state;
    int32_t seq1[200], seq2[200];
    int hits[10] = {0};
    for (int round = 0; round < 2; round++) {
        struct ak_sched_opts o;
        ak_sched_opts_init(&o);
        o.seed = 42;
        struct ak_sched *s = ak_sched_new(&o);
        for (int i = 0; i < 10; i++) {
            char name[8];
            snprintf(name, sizeof(name), "n%d", i);
            node(s, name, NULL, NULL, 4000, 8 * GI, 110);
        }
        struct ak_sched_pod p = pod(100, GI);
        for (int k = 0; k < 200; k++) {
            int32_t n = expect_fit(s, &p, NULL);
            (round ? seq2 : seq1)[k] = n;
            if (round == 0)
                hits[n]++;
        }
        ak_sched_free(s);
    }
    assert_memory_equal(seq1, seq2, sizeof(seq1));
    for (int i = 0; i < 10; i++)
        assert_true(hits[i] > 5); /* uniform among equal scores: ~20 each */
    /* the highest score wins without randomness */
    struct ak_sched *s = ak_sched_new(NULL);
    int32_t a = node(s, "a", NULL, NULL, 4000, 8 * GI, 110);
    node(s, "b", NULL, NULL, 4000, 8 * GI, 110);
    node(s, "c", NULL, NULL, 4000, 8 * GI, 110);
    int32_t b = ak_sched_node_find(s, "b"), c = ak_sched_node_find(s, "c");
    run(s, b, 2000, 4 * GI, 0, 1);
    run(s, c, 2000, 4 * GI, 0, 1);
    struct ak_sched_pod p = pod(100, GI);
    for (int k = 0; k < 20; k++)
        assert_int_equal(expect_fit(s, &p, NULL), a);
    ak_sched_free(s);
}

static void test_percentage_of_nodes(void **state)
{
    (void)state;
    struct ak_sched_opts o;
    ak_sched_opts_init(&o);
    o.nodes_to_score = AK_SCHED_SCORE_ADAPTIVE;
    struct ak_sched *s = ak_sched_new(&o);
    for (int i = 0; i < 300; i++) {
        char name[16];
        snprintf(name, sizeof(name), "n%03d", i);
        node(s, name, NULL, NULL, 4000, 8 * GI, 110);
    }
    struct ak_sched_pod p = pod(100, GI);
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    /* 300 nodes: 50 - 300/125 = 48 % -> 144 feasible nodes, then stop */
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.n_feasible, 144);
    assert_int_equal(r.n_evaluated, 144);
    int32_t first = r.node;
    assert_true(first >= 0 && first < 144);
    /* the next cycle continues where this one stopped */
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.n_feasible, 144);
    assert_true(r.node >= 144 && r.node < 288);
    ak_sched_free(s);
    /* fixed percentage, floored at 100 nodes; below 100 nodes everything is scored */
    o.nodes_to_score = AK_SCHED_SCORE_PERCENT;
    o.percentage = 10;
    s = ak_sched_new(&o);
    for (int i = 0; i < 300; i++) {
        char name[16];
        snprintf(name, sizeof(name), "n%03d", i);
        node(s, name, NULL, NULL, 4000, 8 * GI, 110);
    }
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.n_feasible, 100);
    ak_sched_free(s);
    s = ak_sched_new(&o);
    for (int i = 0; i < 60; i++) {
        char name[16];
        snprintf(name, sizeof(name), "n%03d", i);
        node(s, name, NULL, NULL, 4000, 8 * GI, 110);
    }
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.n_feasible, 60);
    ak_sched_free(s);
    /* default: every node */
    s = ak_sched_new(NULL);
    for (int i = 0; i < 300; i++) {
        char name[16];
        snprintf(name, sizeof(name), "n%03d", i);
        node(s, name, NULL, NULL, 4000, 8 * GI, 110);
    }
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.n_feasible, 300);
    assert_int_equal(r.n_evaluated, 300);
    ak_sched_result_release(&r);
    ak_sched_free(s);
}

/* ---- spec.nodeName: kubelet admission ---- */

static void test_node_name_admission(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    int32_t n = node(s, "aks-np-0", "agentpool=np", "sku=gpu:NoSchedule", 4000, 8 * GI, 3);
    node_ex(s, "cordoned", NULL, NULL, 4000, 8 * GI, 110, true, NULL, 0);
    run(s, n, 3000, GI, 0, 1);
    struct ak_sched_pod p = pod(500, GI);
    p.node_name = "aks-np-0";
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    /* NoSchedule taints do not matter to the kubelet */
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_FIT);
    assert_int_equal(r.node, n);
    p.req.cpu_m = 2000;
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_REJECTED);
    ASSERT_STR(r.reason, "OutOfcpu");
    ASSERT_STR(ak_buf_cstr(&r.message), "Node didn't have enough resource: cpu, requested: 2000, used: 3000, capacity: 4000");
    run(s, n, 0, 0, 0, 2);
    run(s, n, 0, 0, 0, 3);
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    ASSERT_STR(r.reason, "OutOfpods");
    ASSERT_STR(ak_buf_cstr(&r.message), "Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3");
    /* unschedulable does not matter either; node affinity and NoExecute taints do */
    struct ak_kvs sel = kvs("agentpool=other");
    p = pod(100, GI);
    p.node_name = "cordoned";
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_FIT);
    p.node_selector = &sel;
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_REJECTED);
    ASSERT_STR(r.reason, "NodeAffinity");
    ASSERT_STR(ak_buf_cstr(&r.message), "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector");
    ak_kvs_release(&sel);
    node(s, "dying", NULL, "node.kubernetes.io/unreachable:NoExecute", 4000, 8 * GI, 110);
    p = pod(100, GI);
    p.node_name = "dying";
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_REJECTED);
    ASSERT_STR(r.reason, "TaintToleration");
    ASSERT_STR(ak_buf_cstr(&r.message), "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate");
    p.daemonset = true; /* daemon pods tolerate unreachable:NoExecute */
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_FIT);
    p.node_name = "nope";
    assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
    assert_int_equal(r.status, AK_SCHED_NO_SUCH_NODE);
    ak_sched_result_release(&r);
    ak_sched_free(s);
}

/* ---- preemption ---- */

static int32_t expect_nominated(struct ak_sched *s, const struct ak_sched_pod *p,
                                struct ak_sched_result *r)
{
    assert_int_equal(ak_sched_schedule(s, p, r), 0);
    if (r->status != AK_SCHED_NOMINATED)
        fail_msg("expected preemption, got %d: %s", r->status, ak_buf_cstr(&r->message));
    return r->node;
}

static void test_preemption_choice(void **state)
{
    (void)state;
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    /* lowest "highest victim priority" wins */
    struct ak_sched *s = ak_sched_new(NULL);
    int32_t n1 = node(s, "n1", NULL, NULL, 4000, 4 * GI, 110);
    int32_t n2 = node(s, "n2", NULL, NULL, 4000, 4 * GI, 110);
    run(s, n1, 0, 4 * GI, 10, 1);
    run(s, n2, 0, 4 * GI, 5, 1);
    struct ak_sched_pod p = pod(100, 2 * GI);
    p.priority = 100;
    assert_int_equal(expect_nominated(s, &p, &r), n2);
    assert_int_equal(r.n_victims, 1);
    assert_int_equal(r.victims[0].priority, 5);
    ASSERT_STR(ak_buf_cstr(&r.message), "0/2 nodes are available: 2 Insufficient memory.");
    ASSERT_STR(r.reason, "Unschedulable");
    ak_sched_free(s);

    /* smallest sum of priorities, then fewest victims, then latest start */
    s = ak_sched_new(NULL);
    n1 = node(s, "n1", NULL, NULL, 4000, 4 * GI, 110);
    n2 = node(s, "n2", NULL, NULL, 4000, 4 * GI, 110);
    run(s, n1, 0, 2 * GI, 5, 1);
    run(s, n1, 0, 2 * GI, 5, 2); /* needs both evicted: sum higher */
    run(s, n2, 0, 3 * GI, 5, 3);
    run(s, n2, 0, 1 * GI, 9, 4); /* higher priority, reprieved */
    p = pod(100, 3 * GI);
    p.priority = 10;
    assert_int_equal(expect_nominated(s, &p, &r), n2);
    /* n2: remove both (5 and 9), put back the 9 (1Gi): 3Gi free, fits -> victim only the 5 */
    assert_int_equal(r.n_victims, 1);
    assert_int_equal(r.victims[0].priority, 5);
    ak_sched_free(s);

    s = ak_sched_new(NULL);
    n1 = node(s, "n1", NULL, NULL, 4000, 4 * GI, 110);
    n2 = node(s, "n2", NULL, NULL, 4000, 4 * GI, 110);
    run(s, n1, 0, 4 * GI, 5, 100); /* earliest start 100 */
    run(s, n2, 0, 4 * GI, 5, 200); /* later start: preferred */
    p = pod(100, 3 * GI);
    p.priority = 10;
    assert_int_equal(expect_nominated(s, &p, &r), n2);
    ak_sched_free(s);

    /* reprieve order: the most important victims are put back first */
    s = ak_sched_new(NULL);
    n1 = node(s, "n1", NULL, NULL, 4000, 4 * GI, 110);
    uint64_t big = next_id;
    run(s, n1, 0, 3 * GI, 2, 1);
    run(s, n1, 0, 1 * GI, 1, 2);
    p = pod(100, 3 * GI);
    p.priority = 10;
    assert_int_equal(expect_nominated(s, &p, &r), n1);
    assert_int_equal(r.n_victims, 1);
    assert_int_equal(r.victims[0].id, big); /* putting back the 3Gi pod does not fit: it goes */
    ak_sched_free(s);

    /* nothing to preempt: equal priorities, preemptionPolicy Never, too big anyway */
    s = ak_sched_new(NULL);
    n1 = node(s, "n1", NULL, NULL, 4000, 4 * GI, 110);
    run(s, n1, 0, 4 * GI, 10, 1);
    p = pod(100, 2 * GI);
    p.priority = 10;
    expect_msg(s, &p, "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are "
                      "available: 1 No preemption victims found for incoming pod.");
    p.priority = 100;
    p.preempt_never = true;
    expect_msg(s, &p, "0/1 nodes are available: 1 Insufficient memory. preemption: not eligible "
                      "due to preemptionPolicy=Never.");
    p = pod(100, 8 * GI);
    p.priority = 100;
    expect_msg(s, &p, "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are "
                      "available: 1 Insufficient memory.");
    ak_sched_result_release(&r);
    ak_sched_free(s);
}

/* PDB callback: pods with odd ids are protected by a budget with 0 disruptions allowed */
static int odd_protected(void *ud, const uint64_t *pods, size_t n, bool *violating)
{
    int *calls = ud;
    (*calls)++;
    for (size_t i = 0; i < n; i++)
        violating[i] = pods[i] % 2 == 1;
    return 0;
}

static void test_preemption_pdb(void **state)
{
    (void)state;
    int calls = 0;
    struct ak_sched_opts o;
    ak_sched_opts_init(&o);
    o.pdb = odd_protected;
    o.pdb_ud = &calls;
    struct ak_sched *s = ak_sched_new(&o);
    int32_t n1 = node(s, "n1", NULL, NULL, 4000, 4 * GI, 110);
    int32_t n2 = node(s, "n2", NULL, NULL, 4000, 4 * GI, 110);
    /* n1's victim has lower priority but is protected; n2's is not */
    if (next_id % 2 == 0)
        next_id++;
    run(s, n1, 0, 4 * GI, 1, 1); /* odd id: protected */
    run(s, n2, 0, 4 * GI, 5, 1); /* even id */
    struct ak_sched_pod p = pod(100, 2 * GI);
    p.priority = 100;
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    assert_int_equal(expect_nominated(s, &p, &r), n2);
    assert_int_equal(r.pdb_violations, 0);
    assert_true(calls >= 2);
    /* only a protected victim left: it is evicted anyway, counted as a violation */
    ak_sched_node_remove(s, n2);
    assert_int_equal(expect_nominated(s, &p, &r), n1);
    assert_int_equal(r.pdb_violations, 1);
    ak_sched_result_release(&r);
    ak_sched_free(s);
}

/* ---- accounting ---- */

static void test_accounting(void **state)
{
    (void)state;
    struct ak_sched *s = ak_sched_new(NULL);
    int32_t a = node(s, "a", "x=1", "t=1:NoSchedule", 4000, 8 * GI, 110);
    struct ak_sched_pod p = pod(500, GI);
    assert_int_equal(ak_sched_assign(s, a, &p), 0);
    assert_int_equal(ak_sched_assign(s, a, &p), AK_EEXIST);
    assert_int_equal(ak_sched_assign(s, 99, &p), AK_ENOENT);
    struct ak_sched_pod neg = pod(-1, 0);
    assert_int_equal(ak_sched_assign(s, a, &neg), AK_EINVAL);
    struct ak_sched_result r;
    ak_sched_result_init(&r);
    assert_int_equal(ak_sched_schedule(s, &neg, &r), AK_EINVAL);
    struct ak_sched_node_usage u;
    assert_int_equal(ak_sched_node_usage(s, a, &u), 0);
    assert_int_equal(u.req_cpu_m, 500);
    assert_int_equal(u.req_mem, GI);
    assert_int_equal(u.pods, 1);
    assert_int_equal(ak_sched_validate(s), 0);
    /* an update keeps the sums */
    struct ak_kvs l = kvs("x=2,y=3");
    struct ak_sched_res alloc = {8000, 16 * GI, 0, 110, NULL, 0};
    assert_int_equal(ak_sched_node_upsert(s, "a", &l, NULL, 0, &alloc, false, true), a);
    ak_kvs_release(&l);
    assert_int_equal(ak_sched_node_usage(s, a, &u), 0);
    assert_int_equal(u.alloc_cpu_m, 8000);
    assert_int_equal(u.req_cpu_m, 500);
    assert_int_equal(ak_sched_validate(s), 0);
    /* the new labels are used; the old taint is gone */
    struct ak_kvs sel = kvs("x=2");
    struct ak_sched_pod q = pod(100, GI);
    q.node_selector = &sel;
    assert_int_equal(expect_fit(s, &q, NULL), a);
    ak_kvs_release(&sel);
    assert_int_equal(ak_sched_unassign(s, a, p.id), 0);
    assert_int_equal(ak_sched_unassign(s, a, p.id), AK_ENOENT);
    assert_int_equal(ak_sched_node_usage(s, a, &u), 0);
    assert_int_equal(u.req_cpu_m, 0);
    assert_int_equal(u.pods, 0);
    /* removal frees the slot for the next node; names resolve */
    int32_t b = node(s, "b", NULL, NULL, 1000, GI, 10);
    assert_int_equal(ak_sched_node_find(s, "b"), b);
    assert_int_equal(ak_sched_node_count(s), 2);
    assert_int_equal(ak_sched_node_remove(s, a), 0);
    assert_int_equal(ak_sched_node_remove(s, a), AK_ENOENT);
    assert_int_equal(ak_sched_node_find(s, "a"), AK_ENOENT);
    assert_null(ak_sched_node_name(s, a));
    int32_t c = node(s, "c", NULL, NULL, 1000, GI, 10);
    assert_int_equal(c, a);
    assert_int_equal(ak_sched_node_count(s), 2);
    assert_int_equal(ak_sched_validate(s), 0);
    struct ak_taint bad = {"k", "v", "Sometimes"};
    assert_int_equal(ak_sched_node_upsert(s, "d", NULL, &bad, 1, &alloc, false, true), AK_EINVAL);
    assert_int_equal(ak_sched_node_upsert(s, "", NULL, NULL, 0, &alloc, false, true), AK_EINVAL);
    assert_true(ak_sched_mem_bytes(s) > 0);
    ak_sched_result_release(&r);
    ak_sched_free(s);
}

/* ---- randomized: the indexed fast path against a naive reference ---- */

struct rnode {
    char name[32];
    struct ak_kvs labels;
    struct ak_taint taints[3];
    size_t nt;
    int64_t cpu, mem, pods;
    int64_t ucpu, umem, upods;
    bool unsched;
    int32_t id;
};

static bool ref_feasible(const struct rnode *n, const struct ak_sched_pod *p)
{
    struct ak_taint us = {"node.kubernetes.io/unschedulable", "", "NoSchedule"};
    if (n->unsched && !ak_sched_tolerations_tolerate(p->tolerations, p->n_tolerations, &us))
        return false;
    if (ak_sched_untolerated_taint(n->taints, n->nt, p->tolerations, p->n_tolerations,
                                   AK_SCHED_EFFECT_NO_SCHEDULE | AK_SCHED_EFFECT_NO_EXECUTE))
        return false;
    for (size_t i = 0; p->node_selector && i < p->node_selector->n; i++)
        if (!ak_streq(ak_kvs_get(&n->labels, p->node_selector->v[i].key), p->node_selector->v[i].val))
            return false;
    if (p->n_required) {
        bool any = false;
        for (size_t t = 0; t < p->n_required && !any; t++) {
            bool all = p->required[t].n_exprs > 0;
            for (size_t e = 0; e < p->required[t].n_exprs && all; e++) {
                const struct ak_sched_nsel_req *r = &p->required[t].exprs[e];
                const char *v = ak_kvs_get(&n->labels, r->key);
                bool in = false;
                for (size_t k = 0; v && k < r->n_values; k++)
                    in |= strcmp(v, r->values[k]) == 0;
                switch (r->op) {
                case AK_NSEL_IN: all = v && in; break;
                case AK_NSEL_NOTIN: all = !v || !in; break;
                case AK_NSEL_EXISTS: all = v != NULL; break;
                case AK_NSEL_DOES_NOT_EXIST: all = v == NULL; break;
                default: all = false;
                }
            }
            any = all;
        }
        if (!any)
            return false;
    }
    if (n->upods + 1 > n->pods)
        return false;
    if (p->req.cpu_m && p->req.cpu_m > n->cpu - n->ucpu)
        return false;
    if (p->req.mem && p->req.mem > n->mem - n->umem)
        return false;
    return true;
}

static void test_randomized_against_reference(void **state)
{
    (void)state;
    struct ak_rand rng;
    ak_rand_seed(&rng, 7);
    static const char *pools[] = {"system", "np1", "np2", "spot", "gpu"};
    static const char *taint_specs[] = {"CriticalAddonsOnly=true:NoSchedule",
                                        "kubernetes.azure.com/scalesetpriority=spot:NoSchedule",
                                        "sku=gpu:NoSchedule", "soft=1:PreferNoSchedule",
                                        "node.kubernetes.io/not-ready:NoExecute"};
    for (int round = 0; round < 20; round++) {
        struct ak_sched *s = ak_sched_new(NULL);
        struct rnode nodes[40];
        size_t nn = 10 + ak_rand_below(&rng, 30);
        for (size_t i = 0; i < nn; i++) {
            struct rnode *n = &nodes[i];
            memset(n, 0, sizeof(*n));
            snprintf(n->name, sizeof(n->name), "node-%zu", i);
            const char *pool = pools[ak_rand_below(&rng, 5)];
            ak_kvs_set(&n->labels, "agentpool", pool);
            ak_kvs_set(&n->labels, "zone", ak_rand_below(&rng, 2) ? "1" : "2");
            if (ak_rand_below(&rng, 3) == 0)
                ak_kvs_set(&n->labels, "ssd", "true");
            n->nt = ak_rand_below(&rng, 3);
            for (size_t t = 0; t < n->nt; t++)
                assert_int_equal(ak_taint_parse(taint_specs[ak_rand_below(&rng, 5)], &n->taints[t]), 0);
            if (n->nt == 2 && strcmp(n->taints[0].key, n->taints[1].key) == 0 &&
                strcmp(n->taints[0].effect, n->taints[1].effect) == 0)
                n->nt = 1;
            n->cpu = 1000 * (1 + ak_rand_below(&rng, 8));
            n->mem = GI * (1 + ak_rand_below(&rng, 16));
            n->pods = 1 + ak_rand_below(&rng, 10);
            n->unsched = ak_rand_below(&rng, 8) == 0;
            struct ak_sched_res a = {n->cpu, n->mem, 0, n->pods, NULL, 0};
            n->id = ak_sched_node_upsert(s, n->name, &n->labels, n->taints, n->nt, &a, n->unsched, true);
            assert_true(n->id >= 0);
        }
        for (int k = 0; k < 300; k++) {
            struct ak_sched_pod p = pod(100 * ak_rand_below(&rng, 20), MI * 256 * ak_rand_below(&rng, 16));
            struct ak_kvs sel = {0};
            if (ak_rand_below(&rng, 2))
                ak_kvs_set(&sel, "agentpool", pools[ak_rand_below(&rng, 5)]);
            if (ak_rand_below(&rng, 4) == 0)
                ak_kvs_set(&sel, "zone", "1");
            p.node_selector = &sel;
            struct ak_sched_toleration tols[3];
            size_t ntol = 0;
            if (ak_rand_below(&rng, 2))
                tols[ntol++] = (struct ak_sched_toleration){"CriticalAddonsOnly", AK_TOL_EXISTS, NULL, NULL, false, 0};
            if (ak_rand_below(&rng, 2))
                tols[ntol++] = (struct ak_sched_toleration){"kubernetes.azure.com/scalesetpriority", AK_TOL_EQUAL, "spot", "NoSchedule", false, 0};
            if (ak_rand_below(&rng, 5) == 0)
                tols[ntol++] = (struct ak_sched_toleration){"", AK_TOL_EXISTS, NULL, NULL, false, 0};
            p.tolerations = tols;
            p.n_tolerations = ntol;
            const char *ssd[] = {"true"}, *z[] = {"2"};
            struct ak_sched_nsel_req ex[2] = {{"ssd", AK_NSEL_IN, ssd, 1}, {"zone", AK_NSEL_NOTIN, z, 1}};
            struct ak_sched_nsel_term terms[2] = {{&ex[0], 1, NULL, 0}, {&ex[1], 1, NULL, 0}};
            if (ak_rand_below(&rng, 3) == 0) {
                p.required = terms;
                p.n_required = 1 + ak_rand_below(&rng, 2);
            }
            size_t feasible = 0;
            for (size_t i = 0; i < nn; i++)
                feasible += ref_feasible(&nodes[i], &p);
            struct ak_sched_result r;
            ak_sched_result_init(&r);
            assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
            if (feasible == 0) {
                if (r.status != AK_SCHED_UNSCHEDULABLE && r.status != AK_SCHED_NOMINATED)
                    fail_msg("round %d pod %d: reference finds no node, scheduler chose %d", round, k, r.node);
                uint32_t total = 0;
                for (size_t i = 0; i < r.n_counts; i++)
                    total += r.counts[i].count;
                assert_true(total >= nn);
            } else {
                if (r.status != AK_SCHED_FIT)
                    fail_msg("round %d pod %d: reference finds %zu nodes, scheduler: %s", round, k, feasible,
                             ak_buf_cstr(&r.message));
                assert_int_equal(r.n_feasible, feasible);
                struct rnode *n = NULL;
                for (size_t i = 0; i < nn; i++)
                    if (nodes[i].id == r.node)
                        n = &nodes[i];
                assert_non_null(n);
                assert_true(ref_feasible(n, &p));
                if (ak_rand_below(&rng, 2)) {
                    assert_int_equal(ak_sched_assign(s, r.node, &p), 0);
                    n->ucpu += p.req.cpu_m;
                    n->umem += p.req.mem;
                    n->upods++;
                }
            }
            ak_sched_result_release(&r);
            ak_kvs_release(&sel);
        }
        assert_int_equal(ak_sched_validate(s), 0);
        for (size_t i = 0; i < nn; i++)
            ak_kvs_release(&nodes[i].labels);
        ak_sched_free(s);
    }
}


/* ---- randomized: scores against the formulas, churn, preemption ---- */

static int64_t ref_la(int64_t alloc, int64_t req)
{
    return req > alloc ? 0 : (alloc - req) * 100 / alloc;
}

static int64_t ref_ba(int64_t rc, int64_t ac, int64_t rm, int64_t am)
{
    double fc = (double)rc / (double)ac, fm = (double)rm / (double)am;
    fc = fc > 1 ? 1 : fc;
    fm = fm > 1 ? 1 : fm;
    double sd = (fc - fm) / 2;
    sd = sd < 0 ? -sd : sd;
    return (int64_t)((1 - sd) * 100);
}

static void test_score_randomized(void **state)
{
    (void)state;
    struct ak_rand rng;
    ak_rand_seed(&rng, 99);
    for (int k = 0; k < 3000; k++) {
        struct ak_sched *s = ak_sched_new(NULL);
        /* round numbers make exact-integer and near-integer results frequent */
        int64_t ac = (int64_t)(ak_rand_below(&rng, 2) ? 1000 * (1 + ak_rand_below(&rng, 64))
                                                      : 1 + ak_rand_below(&rng, 100000));
        int64_t am = (int64_t)(ak_rand_below(&rng, 2) ? GI * (int64_t)(1 + ak_rand_below(&rng, 512))
                                                      : 1 + (int64_t)ak_rand_below(&rng, 1LL << 40));
        if (k % 10 == 0) /* beyond 2^46 the integer path is used */
            am = (1LL << 46) + (int64_t)ak_rand_below(&rng, 1LL << 52);
        int32_t a = node(s, "a", NULL, NULL, ac, am, 110);
        node(s, "b", NULL, NULL, ac, am, 110);
        int32_t b = ak_sched_node_find(s, "b");
        int64_t uc = (int64_t)ak_rand_below(&rng, (uint64_t)ac + 1), um = (int64_t)ak_rand_below(&rng, (uint64_t)am + 1);
        run(s, a, uc, um, 0, 1);
        run(s, b, uc, um, 0, 1);
        int64_t pc = (int64_t)ak_rand_below(&rng, (uint64_t)(ac - uc) + 1);
        int64_t pm = (int64_t)ak_rand_below(&rng, (uint64_t)(am - um) + 1);
        if (ak_rand_below(&rng, 4) == 0)
            pc = (ac - uc) / 2, pm = (am - um) / 2;
        struct ak_sched_pod p = pod(pc, pm);
        int64_t score;
        expect_fit(s, &p, &score);
        int64_t nzu_c = uc ? uc : 100, nzu_m = um ? um : 200 * MI;
        int64_t nzp_c = pc ? pc : 100, nzp_m = pm ? pm : 200 * MI;
        int64_t want = (ref_la(ac, nzu_c + nzp_c) + ref_la(am, nzu_m + nzp_m)) / 2 + 300;
        if (pc || pm)
            want += ref_ba(uc + pc, ac, um + pm, am);
        if (score != want)
            fail_msg("alloc %" PRId64 "/%" PRId64 " used %" PRId64 "/%" PRId64 " pod %" PRId64 "/%" PRId64
                     ": score %" PRId64 ", want %" PRId64, ac, am, uc, um, pc, pm, score, want);
        ak_sched_free(s);
    }
}

struct rpod {
    uint64_t id;
    int32_t prio;
    int64_t cpu, mem;
    int node; /* index into nodes, -1 gone */
};

static void test_randomized_churn_and_preemption(void **state)
{
    (void)state;
    struct ak_rand rng;
    ak_rand_seed(&rng, 2024);
    static const char *pools[] = {"np1", "np2", "np3"};
    enum { NN = 24, NP = 2000 };
    struct rnode nodes[NN];
    struct rpod *pods = calloc(NP, sizeof(*pods));
    size_t npods = 0;
    struct ak_sched *s = ak_sched_new(NULL);
    bool present[NN] = {0};
    for (int i = 0; i < NN; i++) {
        memset(&nodes[i], 0, sizeof(nodes[i]));
        snprintf(nodes[i].name, sizeof(nodes[i].name), "n%02d", i);
    }
    int nominated = 0, refit = 0;
    for (int step = 0; step < 4000; step++) {
        int what = (int)ak_rand_below(&rng, 10);
        int i = (int)ak_rand_below(&rng, NN);
        struct rnode *n = &nodes[i];
        if (what == 0 || !present[i]) {
            /* add or update a node (labels, taint, allocatable) */
            ak_kvs_release(&n->labels);
            ak_kvs_set(&n->labels, "agentpool", pools[ak_rand_below(&rng, 3)]);
            if (ak_rand_below(&rng, 2))
                ak_kvs_set(&n->labels, "ssd", "true");
            n->nt = ak_rand_below(&rng, 4) == 0;
            if (n->nt)
                assert_int_equal(ak_taint_parse("dedicated=x:NoSchedule", &n->taints[0]), 0);
            n->cpu = 1000 * (2 + ak_rand_below(&rng, 4));
            n->mem = GI * (2 + ak_rand_below(&rng, 6));
            n->pods = 5 + ak_rand_below(&rng, 10);
            n->unsched = ak_rand_below(&rng, 10) == 0;
            struct ak_sched_res a = {n->cpu, n->mem, 0, n->pods, NULL, 0};
            int32_t id = ak_sched_node_upsert(s, n->name, &n->labels, n->taints, n->nt, &a, n->unsched, true);
            assert_true(id >= 0);
            if (!present[i]) {
                n->id = id;
                n->ucpu = n->umem = n->upods = 0;
            }
            assert_int_equal(n->id, id);
            present[i] = true;
        } else if (what == 1) {
            /* remove a node: its pods are gone too */
            assert_int_equal(ak_sched_node_remove(s, n->id), 0);
            present[i] = false;
            for (size_t k = 0; k < npods; k++)
                if (pods[k].node == i)
                    pods[k].node = -1;
        } else if (what == 2 && npods) {
            /* a pod finishes */
            struct rpod *rp = &pods[ak_rand_below(&rng, npods)];
            if (rp->node >= 0) {
                struct rnode *rn = &nodes[rp->node];
                assert_int_equal(ak_sched_unassign(s, rn->id, rp->id), 0);
                rn->ucpu -= rp->cpu, rn->umem -= rp->mem, rn->upods--;
                rp->node = -1;
            }
        } else if (npods < NP) {
            /* schedule a pod */
            struct ak_sched_pod p = pod(250 * (int64_t)ak_rand_below(&rng, 8), 256 * MI * (int64_t)ak_rand_below(&rng, 12));
            p.priority = (int32_t)ak_rand_below(&rng, 4) * 100;
            p.start_time = step;
            struct ak_kvs sel = {0};
            if (ak_rand_below(&rng, 2))
                ak_kvs_set(&sel, "agentpool", pools[ak_rand_below(&rng, 3)]);
            p.node_selector = &sel;
            struct ak_sched_result r;
            ak_sched_result_init(&r);
            assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
            size_t feasible = 0;
            for (int j = 0; j < NN; j++)
                feasible += present[j] && ref_feasible(&nodes[j], &p);
            if (r.status == AK_SCHED_NOMINATED) {
                assert_int_equal(feasible, 0);
                nominated++;
                int j = -1;
                for (int q = 0; q < NN; q++)
                    if (present[q] && nodes[q].id == r.node)
                        j = q;
                assert_true(j >= 0);
                assert_true(r.n_victims > 0);
                for (size_t v = 0; v < r.n_victims; v++) {
                    assert_true(r.victims[v].priority < p.priority);
                    if (v)
                        assert_true(r.victims[v - 1].priority >= r.victims[v].priority);
                    struct rpod *rp = NULL;
                    for (size_t k = 0; k < npods; k++)
                        if (pods[k].id == r.victims[v].id)
                            rp = &pods[k];
                    assert_non_null(rp);
                    assert_int_equal(rp->node, j);
                    assert_int_equal(ak_sched_unassign(s, nodes[j].id, rp->id), 0);
                    nodes[j].ucpu -= rp->cpu, nodes[j].umem -= rp->mem, nodes[j].upods--;
                    rp->node = -1;
                }
                /* with the victims gone the pod fits on the nominated node */
                assert_true(ref_feasible(&nodes[j], &p));
                assert_int_equal(ak_sched_schedule(s, &p, &r), 0);
                assert_int_equal(r.status, AK_SCHED_FIT);
                refit++;
            }
            if (r.status == AK_SCHED_FIT) {
                int j = -1;
                for (int q = 0; q < NN; q++)
                    if (present[q] && nodes[q].id == r.node)
                        j = q;
                assert_true(j >= 0);
                assert_true(ref_feasible(&nodes[j], &p));
                assert_int_equal(ak_sched_assign(s, r.node, &p), 0);
                nodes[j].ucpu += p.req.cpu_m, nodes[j].umem += p.req.mem, nodes[j].upods++;
                pods[npods++] = (struct rpod){p.id, p.priority, p.req.cpu_m, p.req.mem, j};
            } else {
                assert_int_equal(r.status, AK_SCHED_UNSCHEDULABLE);
                assert_int_equal(feasible, 0);
            }
            ak_sched_result_release(&r);
            ak_kvs_release(&sel);
        }
        if (step % 100 == 0)
            assert_int_equal(ak_sched_validate(s), 0);
    }
    assert_int_equal(ak_sched_validate(s), 0);
    assert_true(nominated > 0);
    assert_int_equal(nominated, refit);
    for (int i = 0; i < NN; i++)
        ak_kvs_release(&nodes[i].labels);
    free(pods);
    ak_sched_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toleration_rules),
        cmocka_unit_test(test_msg_system_and_spot_taints),
        cmocka_unit_test(test_msg_brief_example),
        cmocka_unit_test(test_msg_simple_reasons),
        cmocka_unit_test(test_msg_unschedulable_nodes),
        cmocka_unit_test(test_msg_sorting_and_versions),
        cmocka_unit_test(test_msg_extended_and_no_nodes),
        cmocka_unit_test(test_msg_daemonset_prefilter),
        cmocka_unit_test(test_required_affinity),
        cmocka_unit_test(test_score_least_and_balanced),
        cmocka_unit_test(test_score_taints_and_preferred),
        cmocka_unit_test(test_tie_break_reproducible),
        cmocka_unit_test(test_percentage_of_nodes),
        cmocka_unit_test(test_node_name_admission),
        cmocka_unit_test(test_preemption_choice),
        cmocka_unit_test(test_preemption_pdb),
        cmocka_unit_test(test_accounting),
        cmocka_unit_test(test_randomized_against_reference),
        cmocka_unit_test(test_score_randomized),
        cmocka_unit_test(test_randomized_churn_and_preemption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
