/* test_ktable.c - Table rows of pods and nodes printed from their typed state
 * (ak_ktable_row_typed) against the JSON printer (ak_ktable_cells, the port of kubectl's
 * printPod / printNode): the same cells for every pod life-cycle state and node state, and
 * the cells kubectl users see (READY, STATUS, RESTARTS, ROLES, ...). Also the object store's
 * key order and continue arithmetic (ak_kstore_iter, ak_kstore_count_after), which LIST pages
 * rely on. */
#include "unit_helpers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "kube/ak_kpod.h"
#include "kube/ak_kstore.h"
#include "kube/ak_ktable.h"
#include "util/ak_buf.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"
#include "util/ak_rand.h"

#define T0 1796000000000LL /* 2026-11-30T... */

static int64_t clock_ms = T0;
static int64_t now_fn(void *ud)
{
    (void)ud;
    return clock_ms;
}

struct fx {
    struct ak_rand rng;
    struct ak_kstore *ks;
};

static int setup(void **state)
{
    struct fx *f = ak_xcalloc(1, sizeof(*f));
    ak_kpod_register();
    ak_rand_seed(&f->rng, 7);
    f->ks = ak_kstore_new("0123456789abcdef", "/subscriptions/x/cluster", &f->rng, now_fn, NULL);
    clock_ms = T0;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    ak_kstore_free(f->ks);
    free(f);
    return 0;
}

static json_t *J(const char *text)
{
    char *s = ak_xstrdup(text);
    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    if (!v)
        fail_msg("bad test JSON (%s): %s", e.text, s);
    free(s);
    return v;
}

static struct ak_kobj *create(struct fx *f, enum ak_kkind kind, const char *text)
{
    json_t *j = J(text);
    struct ak_kobj *o = NULL;
    struct ak_err err;
    if (ak_kstore_create(f->ks, kind, j, &o, &err) != 0)
        fail_msg("create: %s", err.message);
    json_decref(j);
    return o;
}

/* The typed row's cells, checked equal to the JSON printer's (cells and conditions);
 * returns the cells as one "|"-joined string. */
static char *row(struct ak_kobj *o)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_putc(&b, '{');
    assert_true(ak_ktable_row_typed(o, clock_ms, &b));
    ak_buf_putc(&b, '}');
    json_t *typed = json_loadb(b.data, b.len, 0, NULL);
    if (!typed)
        fail_msg("typed row is not JSON: %s", ak_buf_cstr(&b));
    json_t *obj = ak_kobj_json(o);
    json_t *ref = json_pack("{s:o}", "cells", ak_ktable_cells(o->kind, obj, clock_ms));
    json_t *conds = ak_ktable_row_conditions(o->kind, obj);
    if (conds)
        json_object_set_new(ref, "conditions", conds);
    if (!json_equal(typed, ref)) {
        char *a = json_dumps(ref, JSON_COMPACT);
        fail_msg("typed row %s differs from the JSON printer's %s", ak_buf_cstr(&b), a);
    }
    struct ak_buf out = AK_BUF_INIT(AK_BUF_UNLIMITED);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(typed, "cells"), i, c)
        ak_buf_printf(&out, "%s%s", i ? "|" : "", json_string_value(c));
    json_decref(typed);
    json_decref(ref);
    json_decref(obj);
    ak_buf_release(&b);
    char *s = ak_xstrdup(ak_buf_cstr(&out));
    ak_buf_release(&out);
    return s;
}

#define ASSERT_ROW(o, want)                                                                   \
    do {                                                                                      \
        char *got_ = row(o);                                                                  \
        assert_string_equal(got_, want);                                                      \
        free(got_);                                                                           \
    } while (0)

static const char POD[] = "{'metadata':{'name':'web','namespace':'default'},'spec':{'containers':"
                          "[{'name':'a','image':'nginx:1'},{'name':'b','image':'busybox:1'}]}}";

static void test_pod_life_cycle(void **state)
{
    struct fx *f = *state;
    struct ak_kobj *o = create(f, AK_KIND_POD, POD);
    clock_ms += 5000;
    ASSERT_ROW(o, "web|0/2|Pending|0|5s|<none>|<none>|<none>|<none>");
    struct ak_kpod *p = ak_kpod_of(o);
    /* unschedulable */
    p->sched_failed = true;
    p->sched_failed_ms = clock_ms;
    p->sched_msg = ak_xstrdup("0/3 nodes are available: 3 Insufficient cpu.");
    ak_kstore_touch(f->ks, o);
    ASSERT_ROW(o, "web|0/2|Pending|0|5s|<none>|<none>|<none>|<none>");
    /* bound, containers being created */
    p->node = ak_xstrdup("aks-nodepool1-1-vmss000000");
    p->scheduled_ms = clock_ms;
    p->nominated = ak_xstrdup("aks-nodepool1-1-vmss000001");
    ak_kstore_touch(f->ks, o);
    ASSERT_ROW(o, "web|0/2|ContainerCreating|0|5s|<none>|aks-nodepool1-1-vmss000000|aks-nodepool1-1-vmss000001|<none>");
    ak_free_ptr(&p->nominated);
    /* running, one container ready, restarts */
    clock_ms += 60000;
    snprintf(p->phase, sizeof(p->phase), "Running");
    snprintf(p->pod_ip, sizeof(p->pod_ip), "10.244.0.7");
    p->started_ms = clock_ms;
    p->ready_ms = clock_ms;
    p->c[0].ready = true;
    p->c[0].started_ms = clock_ms;
    p->c[1].started_ms = clock_ms;
    p->c[1].restarts = 3;
    ak_kstore_touch(f->ks, o);
    ASSERT_ROW(o, "web|1/2|Running|3|65s|10.244.0.7|aks-nodepool1-1-vmss000000|<none>|<none>");
    p->c[1].ready = true;
    ak_kstore_touch(f->ks, o);
    ASSERT_ROW(o, "web|2/2|Running|3|65s|10.244.0.7|aks-nodepool1-1-vmss000000|<none>|<none>");
    /* a container still waiting while the other runs */
    p->c[1].started_ms = 0;
    p->c[1].reason = ak_xstrdup("CrashLoopBackOff");
    ak_kstore_touch(f->ks, o);
    ASSERT_ROW(o, "web|1/2|CrashLoopBackOff|3|65s|10.244.0.7|aks-nodepool1-1-vmss000000|<none>|<none>");
    /* succeeded */
    ak_free_ptr(&p->c[1].reason);
    snprintf(p->phase, sizeof(p->phase), "Succeeded");
    p->finished_ms = clock_ms;
    for (int i = 0; i < 2; i++) {
        p->c[i].ready = false;
        p->c[i].reason = ak_xstrdup("Completed");
    }
    ak_kstore_touch(f->ks, o);
    clock_ms += 3600 * 1000;
    ASSERT_ROW(o, "web|0/2|Completed|3|61m|10.244.0.7|aks-nodepool1-1-vmss000000|<none>|<none>");
}

static void test_pod_failed_and_terminating(void **state)
{
    struct fx *f = *state;
    struct ak_kobj *o = create(f, AK_KIND_POD,
                               "{'metadata':{'name':'job-x','namespace':'ns1'},'spec':{'containers':"
                               "[{'name':'c','image':'busybox'}],'readinessGates':[{'conditionType':'x'}]}}");
    struct ak_kpod *p = ak_kpod_of(o);
    p->node = ak_xstrdup("n1");
    p->scheduled_ms = clock_ms;
    snprintf(p->phase, sizeof(p->phase), "Failed");
    p->finished_ms = clock_ms;
    p->c[0].exit_code = 2;
    ak_kstore_touch(f->ks, o);
    ASSERT_ROW(o, "job-x|0/1|Error|0|0s|<none>|n1|<none>|0/1");
    /* the kubelet rejected it: the pod's own reason */
    p->reason = ak_xstrdup("OutOfcpu");
    p->c[0].reason = ak_xstrdup("");
    ak_kstore_touch(f->ks, o);
    ASSERT_ROW(o, "job-x|0/1|ExitCode:2|0|0s|<none>|n1|<none>|0/1");

    struct ak_kobj *t = create(f, AK_KIND_POD,
                               "{'metadata':{'name':'old','namespace':'ns1','deletionTimestamp':"
                               "'2026-11-30T10:00:00Z'},'spec':{'containers':[{'name':'c','image':'i'}]}}");
    ASSERT_ROW(t, "old|0/1|Terminating|0|0s|<none>|<none>|<none>|<none>");
}

static void test_nodes(void **state)
{
    struct fx *f = *state;
    struct ak_kobj *n = create(
        f, AK_KIND_NODE,
        "{'metadata':{'name':'aks-sys-1-vmss000000','labels':{'kubernetes.azure.com/mode':'system',"
        "'node-role.kubernetes.io/agent':'','kubernetes.io/role':'agent','node-role.kubernetes.io/"
        "control':'x'}},'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status':"
        "'True'}],'addresses':[{'type':'InternalIP','address':'10.224.0.4'}],'nodeInfo':{"
        "'kubeletVersion':'v1.32.6','osImage':'Ubuntu 22.04.5 LTS','kernelVersion':'5.15.0-1089-azure',"
        "'containerRuntimeVersion':'containerd://1.7.27-1'}}}");
    clock_ms += 3 * 24 * 3600 * 1000LL;
    ASSERT_ROW(n, "aks-sys-1-vmss000000|Ready,SchedulingDisabled|agent,control|3d|v1.32.6|10.224.0.4|"
                  "<none>|Ubuntu 22.04.5 LTS|5.15.0-1089-azure|containerd://1.7.27-1");
    struct ak_kobj *m = create(f, AK_KIND_NODE,
                               "{'metadata':{'name':'bare'},'status':{'conditions':[{'type':'Ready',"
                               "'status':'False'}]}}");
    ASSERT_ROW(m, "bare|NotReady|<none>|0s||<none>|<none>|<unknown>|<unknown>|<unknown>");
}

/* ---- key order and pages ---- */

static void test_key_order(void **state)
{
    struct fx *f = *state;
    /* etcd orders "ns/name": "a-b/x" sorts before "a/x" ('-' < '/') */
    const char *keys[][2] = {{"a", "x"}, {"a-b", "x"}, {"a", "a"}, {"b", "m"}, {"a", "zz"}, {"b", "c"}};
    for (size_t i = 0; i < AK_ARRAY_LEN(keys); i++) {
        char text[256];
        snprintf(text, sizeof(text), "{'metadata':{'name':'%s','namespace':'%s'},'data':{}}", keys[i][1],
                 keys[i][0]);
        create(f, AK_KIND_CONFIGMAP, text);
    }
    struct ak_kiter it;
    ak_kstore_iter(f->ks, AK_KIND_CONFIGMAP, NULL, NULL, &it);
    struct ak_buf b = AK_BUF_INIT(4096);
    struct ak_kobj *o;
    while ((o = ak_kiter_next(&it)) != NULL)
        ak_buf_printf(&b, "%s/%s ", o->ns, o->name);
    assert_string_equal(ak_buf_cstr(&b), "a-b/x a/a a/x a/zz b/c b/m ");
    /* after a key; within a namespace */
    ak_buf_reset(&b);
    ak_kstore_iter(f->ks, AK_KIND_CONFIGMAP, "a", "a", &it);
    while ((o = ak_kiter_next(&it)) != NULL)
        ak_buf_printf(&b, "%s/%s ", o->ns, o->name);
    assert_string_equal(ak_buf_cstr(&b), "a/x a/zz b/c b/m ");
    assert_int_equal(ak_kstore_count_after(f->ks, AK_KIND_CONFIGMAP, "a", "a", false), 4);
    assert_int_equal(ak_kstore_count_after(f->ks, AK_KIND_CONFIGMAP, "a", "a", true), 2);
    assert_int_equal(ak_kstore_count_after(f->ks, AK_KIND_CONFIGMAP, "a", "", true), 3);
    assert_int_equal(ak_kstore_count_after(f->ks, AK_KIND_CONFIGMAP, NULL, NULL, false), 6);
    /* deletions keep the order and the counts */
    ak_kstore_delete(f->ks, ak_kstore_get(f->ks, AK_KIND_CONFIGMAP, "a", "x"));
    ak_buf_reset(&b);
    ak_kstore_iter(f->ks, AK_KIND_CONFIGMAP, "a", "", &it);
    while ((o = ak_kiter_next(&it)) != NULL && strcmp(o->ns, "a") == 0)
        ak_buf_printf(&b, "%s ", o->name);
    assert_string_equal(ak_buf_cstr(&b), "a zz ");
    assert_int_equal(ak_kstore_count_after(f->ks, AK_KIND_CONFIGMAP, "a", "", true), 2);
    ak_buf_release(&b);
}

static void test_many_keys(void **state)
{
    struct fx *f = *state;
    /* 3,000 objects in random order come back sorted, pages of 7 add up to all of them */
    char text[256];
    for (int i = 0; i < 3000; i++) {
        int k = (int)((i * 7919) % 3000);
        snprintf(text, sizeof(text), "{'metadata':{'name':'p%05d','namespace':'ns%d'},'data':{}}", k, k % 3);
        create(f, AK_KIND_CONFIGMAP, text);
    }
    char last_ns[32] = "", last_name[32] = "";
    int seen = 0;
    bool started = false;
    for (;;) {
        struct ak_kiter it;
        ak_kstore_iter(f->ks, AK_KIND_CONFIGMAP, started ? last_ns : NULL, started ? last_name : NULL, &it);
        int n = 0;
        struct ak_kobj *o;
        while (n < 7 && (o = ak_kiter_next(&it)) != NULL) {
            char key[80], prev[80];
            snprintf(key, sizeof(key), "%s/%s", o->ns, o->name);
            snprintf(prev, sizeof(prev), "%s/%s", last_ns, last_name);
            if (started)
                assert_true(strcmp(prev, key) < 0);
            snprintf(last_ns, sizeof(last_ns), "%s", o->ns);
            snprintf(last_name, sizeof(last_name), "%s", o->name);
            started = true;
            n++;
            seen++;
        }
        assert_int_equal(ak_kstore_count_after(f->ks, AK_KIND_CONFIGMAP, last_ns, last_name, false),
                         3000 - seen);
        if (n < 7)
            break;
    }
    assert_int_equal(seen, 3000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pod_life_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pod_failed_and_terminating, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nodes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_keys, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
