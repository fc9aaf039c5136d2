/* ak_kctrl.c - the Kubernetes controllers of every emulated cluster (see ak_kctrl.h). One
 * reconcile pass per cluster runs on the loop when something changed (kick) or when a timed
 * transition is due (a pod's start-up, a job pod's end); each pass commits once. */
#include "ak_kctrl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kube/ak_kpod.h"
#include "../kube/ak_quantity.h"
#include "../kube/ak_selector.h"
#include "../sched/ak_sched.h"
#include "../state/ak_codec.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_time.h"
#include "../util/ak_yaml.h"
#include "../util/ak_banned.h"

extern const char ak_addons_yaml[]; /* generated from data/addons.yaml */

#define RUN_DURATION_ANN "aksemu.io/run-duration"
#define EXIT_CODE_ANN "aksemu.io/exit-code"
#define DEFAULT_JOB_RUN_MS 5000

struct kcs;

/* Scheduling view of one pod, built once from its spec. */
struct podsched {
    struct kcs *cs;
    uint64_t id;
    int32_t node;
    bool assigned;
    char *node_name;
    int ip_ord; /* -1: none (host network or not yet running) */
    struct ak_sched_pod sp;
    struct ak_kvs nodesel;
    struct ak_strs pool;
    struct ak_sched_toleration *tols;
    size_t ntols;
    struct ak_sched_nsel_term *terms;
    size_t nterms;
    struct ak_sched_nsel_req *reqs;
    size_t nreqs, capreqs;
    struct ak_sched_pref_term *prefs;
    size_t nprefs;
    const char **vals;
    size_t nvals, capvals;
    struct ak_sched_ext *ext;
    size_t next;
    bool host_network;
};

struct noexec {
    char key[320], value[64];
    int64_t since_ms;
};

struct nodeinfo {
    char *name;
    int32_t id;
    uint64_t rv;
    struct noexec *ne;
    size_t nne;
    unsigned char ip_used[256];
    int cidr_a, cidr_b, cidr_c; /* podCIDR a.b.c.0/24 */
    char ip[40];
    bool seen;
};

struct kcs {
    struct ak_kctrl *ctrl;
    struct ak_kcluster *kc;
    struct ak_sched *sched;
    struct ak_timer timer;
    uint64_t next_pod_id;
    struct nodeinfo *nodes;
    size_t nnodes, capnodes;
    bool addons_done;
};

struct ak_kctrl {
    struct ak_kworld *w;
    struct ak_loop *loop;
};

static struct kcs *cs_of(struct ak_kcluster *kc)
{
    return kc ? kc->ctrl : NULL;
}

static int64_t now_ms(struct kcs *cs)
{
    return ak_kstore_now(cs->kc->ks);
}

/* ------------------------------------------------------------------ pod scheduling views */

static void ps_free(void *p)
{
    struct podsched *ps = p;
    if (!ps)
        return;
    if (ps->cs && ps->assigned)
        ak_sched_unassign(ps->cs->sched, ps->node, ps->id);
    if (ps->cs && ps->ip_ord >= 0 && ps->node_name) {
        for (size_t i = 0; i < ps->cs->nnodes; i++)
            if (strcmp(ps->cs->nodes[i].name, ps->node_name) == 0)
                ps->cs->nodes[i].ip_used[ps->ip_ord] = 0;
    }
    free(ps->node_name);
    ak_kvs_release(&ps->nodesel);
    ak_strs_release(&ps->pool);
    free(ps->tols);
    free(ps->terms);
    free(ps->reqs);
    free(ps->prefs);
    free(ps->vals);
    free(ps->ext);
    free(ps);
}

static const char *keep(struct podsched *ps, const char *s)
{
    if (!s)
        return NULL;
    ak_strs_push(&ps->pool, s);
    return ps->pool.v[ps->pool.n - 1];
}

static void add_res(const json_t *res, int64_t *cpu, int64_t *mem, int64_t *eph,
                    struct podsched *ps, bool max_mode)
{
    json_t *req = json_object_get(res, "requests");
    json_t *lim = json_object_get(res, "limits");
    const char *k;
    json_t *v;
    /* a limit without a request defaults the request to the limit */
    json_t *eff = json_object();
    json_object_update(eff, lim);
    json_object_update(eff, req);
    json_object_foreach(eff, k, v)
    {
        const char *q = json_string_value(v);
        char num[32];
        if (json_is_integer(v)) {
            snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
            q = num;
        }
        if (!q)
            continue;
        int64_t val;
        if (strcmp(k, "cpu") == 0) {
            if (ak_quantity_milli(q, &val) == 0)
                *cpu = max_mode ? (val > *cpu ? val : *cpu) : *cpu + val;
        } else if (strcmp(k, "memory") == 0) {
            if (ak_quantity_value_ceil(q, &val) == 0)
                *mem = max_mode ? (val > *mem ? val : *mem) : *mem + val;
        } else if (strcmp(k, "ephemeral-storage") == 0) {
            if (ak_quantity_value_ceil(q, &val) == 0)
                *eph = max_mode ? (val > *eph ? val : *eph) : *eph + val;
        } else if (strchr(k, '/') || ak_starts_with(k, "hugepages-")) {
            if (ak_quantity_value_ceil(q, &val) != 0)
                continue;
            size_t i = 0;
            for (; i < ps->next; i++)
                if (strcmp(ps->ext[i].name, k) == 0)
                    break;
            if (i == ps->next) {
                ps->ext = ak_xreallocarray(ps->ext, ps->next + 1, sizeof(*ps->ext));
                ps->ext[i].name = keep(ps, k);
                ps->ext[i].qty = 0;
                ps->next++;
            }
            ps->ext[i].qty = max_mode ? (val > ps->ext[i].qty ? val : ps->ext[i].qty)
                                      : ps->ext[i].qty + val;
        }
    }
    json_decref(eff);
}

static void add_reqs(struct podsched *ps, const json_t *exprs, bool fields, size_t *first,
                     size_t *count)
{
    *first = ps->nreqs;
    *count = 0;
    size_t i;
    json_t *e;
    json_array_foreach(exprs, i, e)
    {
        AK_GROW(ps->reqs, ps->nreqs + 1, ps->capreqs);
        struct ak_sched_nsel_req *r = &ps->reqs[ps->nreqs++];
        r->key = keep(ps, ak_json_str(e, "key") ? ak_json_str(e, "key") : "");
        r->op = ak_nsel_op_parse(ak_json_str(e, "operator") ? ak_json_str(e, "operator") : "");
        json_t *vals = json_object_get(e, "values");
        r->n_values = json_array_size(vals);
        r->values = NULL;
        /* values are resolved to pointers after all strings are kept */
        size_t j;
        json_t *v;
        size_t vfirst = ps->nvals;
        json_array_foreach(vals, j, v)
        {
            AK_GROW(ps->vals, ps->nvals + 1, ps->capvals);
            ps->vals[ps->nvals++] = keep(ps, json_string_value(v) ? json_string_value(v) : "");
        }
        r->values = (const char *const *)(uintptr_t)vfirst; /* index, fixed up below */
        (*count)++;
    }
    (void)fields;
}

static struct podsched *podsched_build(struct kcs *cs, struct ak_kobj *pod)
{
    struct podsched *ps = ak_xcalloc(1, sizeof(*ps));
    ps->cs = cs;
    ps->id = ++cs->next_pod_id;
    ps->node = -1;
    ps->ip_ord = -1;
    json_t *j = ak_kobj_json(pod);
    json_t *spec = json_object_get(j, "spec");
    ps->host_network = json_is_true(json_object_get(spec, "hostNetwork"));
    int64_t cpu = 0, mem = 0, eph = 0, icpu = 0, imem = 0, ieph = 0;
    int64_t nzc = 0, nzm = 0;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(spec, "containers"), i, c)
    {
        int64_t c0 = cpu, m0 = mem;
        add_res(json_object_get(c, "resources"), &cpu, &mem, &eph, ps, false);
        nzc += cpu - c0 > 0 ? cpu - c0 : AK_SCHED_DEFAULT_MILLI_CPU;
        nzm += mem - m0 > 0 ? mem - m0 : AK_SCHED_DEFAULT_MEMORY;
    }
    json_array_foreach(json_object_get(spec, "initContainers"), i, c)
        add_res(json_object_get(c, "resources"), &icpu, &imem, &ieph, ps, true);
    ps->sp.req.cpu_m = cpu > icpu ? cpu : icpu;
    ps->sp.req.mem = mem > imem ? mem : imem;
    ps->sp.req.eph = eph > ieph ? eph : ieph;
    ps->sp.nz_cpu_m = nzc;
    ps->sp.nz_mem = nzm;
    ak_codec_kvs_decode(json_object_get(spec, "nodeSelector"), &ps->nodesel);
    ps->sp.node_selector = ps->nodesel.n ? &ps->nodesel : NULL;
    json_t *tols = json_object_get(spec, "tolerations");
    ps->ntols = json_array_size(tols);
    ps->tols = ak_xcalloc(ps->ntols ? ps->ntols : 1, sizeof(*ps->tols));
    json_t *t;
    json_array_foreach(tols, i, t)
    {
        struct ak_sched_toleration *x = &ps->tols[i];
        x->key = keep(ps, ak_json_str(t, "key"));
        x->op = ak_sched_tol_op_parse(ak_json_str(t, "operator") ? ak_json_str(t, "operator") : "");
        x->value = keep(ps, ak_json_str(t, "value"));
        x->effect = keep(ps, ak_json_str(t, "effect"));
        json_t *secs = json_object_get(t, "tolerationSeconds");
        x->has_seconds = json_is_integer(secs);
        x->seconds = x->has_seconds ? json_integer_value(secs) : 0;
    }
    ps->sp.tolerations = ps->tols;
    ps->sp.n_tolerations = ps->ntols;
    json_t *na = json_object_get(json_object_get(spec, "affinity"), "nodeAffinity");
    json_t *rq = json_object_get(json_object_get(na, "requiredDuringSchedulingIgnoredDuringExecution"),
                                 "nodeSelectorTerms");
    json_t *pf = json_object_get(na, "preferredDuringSchedulingIgnoredDuringExecution");
    size_t nterms = json_array_size(rq), npref = json_array_size(pf);
    ps->terms = ak_xcalloc(nterms + npref + 1, sizeof(*ps->terms));
    ps->prefs = ak_xcalloc(npref + 1, sizeof(*ps->prefs));
    size_t first[64][2], firstf[64][2];
    size_t pfirst[64][2], pfirstf[64][2];
    json_t *term;
    json_array_foreach(rq, i, term)
    {
        if (i >= 64)
            break;
        add_reqs(ps, json_object_get(term, "matchExpressions"), false, &first[i][0], &first[i][1]);
        add_reqs(ps, json_object_get(term, "matchFields"), true, &firstf[i][0], &firstf[i][1]);
    }
    json_array_foreach(pf, i, term)
    {
        if (i >= 64)
            break;
        json_t *pref = json_object_get(term, "preference");
        add_reqs(ps, json_object_get(pref, "matchExpressions"), false, &pfirst[i][0], &pfirst[i][1]);
        add_reqs(ps, json_object_get(pref, "matchFields"), true, &pfirstf[i][0], &pfirstf[i][1]);
        ps->prefs[i].weight = (int32_t)json_integer_value(json_object_get(term, "weight"));
    }
    /* fix up value pointers now that the arrays are final */
    for (size_t k = 0; k < ps->nreqs; k++)
        ps->reqs[k].values = ps->vals + (size_t)(uintptr_t)ps->reqs[k].values;
    for (i = 0; i < nterms && i < 64; i++) {
        ps->terms[i].exprs = ps->reqs + first[i][0];
        ps->terms[i].n_exprs = first[i][1];
        ps->terms[i].fields = ps->reqs + firstf[i][0];
        ps->terms[i].n_fields = firstf[i][1];
    }
    ps->nterms = nterms < 64 ? nterms : 64;
    for (i = 0; i < npref && i < 64; i++) {
        ps->prefs[i].pref.exprs = ps->reqs + pfirst[i][0];
        ps->prefs[i].pref.n_exprs = pfirst[i][1];
        ps->prefs[i].pref.fields = ps->reqs + pfirstf[i][0];
        ps->prefs[i].pref.n_fields = pfirstf[i][1];
    }
    ps->nprefs = npref < 64 ? npref : 64;
    ps->sp.required = ps->terms;
    ps->sp.n_required = ps->nterms;
    ps->sp.has_required = rq != NULL;
    ps->sp.preferred = ps->prefs;
    ps->sp.n_preferred = ps->nprefs;
    ps->sp.req.ext = ps->ext;
    ps->sp.req.n_ext = ps->next;
    json_t *prio = json_object_get(spec, "priority");
    ps->sp.priority = json_is_integer(prio) ? (int32_t)json_integer_value(prio) : 0;
    ps->sp.preempt_never = ak_streq(ak_json_str(spec, "preemptionPolicy"), "Never");
    ps->sp.start_time = pod->created_ms;
    ps->sp.daemonset = pod->owner_kind && strcmp(pod->owner_kind, "DaemonSet") == 0;
    ps->sp.id = ps->id;
    json_decref(j);
    return ps;
}

static struct podsched *ps_of(struct kcs *cs, struct ak_kobj *pod)
{
    struct ak_kpod *p = ak_kpod_of(pod);
    if (!p)
        return NULL;
    if (!p->sched) {
        p->sched = podsched_build(cs, pod);
        p->sched_free = ps_free;
    }
    struct podsched *ps = p->sched;
    ps->cs = cs;
    return ps;
}

/* ------------------------------------------------------------------ nodes in the scheduler */

static struct nodeinfo *node_info(struct kcs *cs, const char *name)
{
    for (size_t i = 0; i < cs->nnodes; i++)
        if (strcmp(cs->nodes[i].name, name) == 0)
            return &cs->nodes[i];
    return NULL;
}

static int64_t qty_milli(const json_t *v)
{
    int64_t m = 0;
    if (json_is_string(v))
        ak_quantity_milli(json_string_value(v), &m);
    return m;
}

static int64_t qty_units(const json_t *v)
{
    int64_t m = 0;
    if (json_is_string(v))
        ak_quantity_value_ceil(json_string_value(v), &m);
    return m;
}

static void sync_sched_nodes(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    for (size_t i = 0; i < cs->nnodes; i++)
        cs->nodes[i].seen = false;
    for (struct ak_kobj *o = ak_kstore_first(ks, AK_KIND_NODE); o; o = ak_kstore_next(o)) {
        struct nodeinfo *ni = node_info(cs, o->name);
        if (ni && ni->rv == o->rv) {
            ni->seen = true;
            continue;
        }
        json_t *j = ak_kobj_json(o);
        json_t *spec = json_object_get(j, "spec"), *st = json_object_get(j, "status");
        json_t *tj = json_object_get(spec, "taints");
        size_t nt = json_array_size(tj);
        struct ak_taint *taints = ak_xcalloc(nt ? nt : 1, sizeof(*taints));
        size_t k = 0;
        size_t idx;
        json_t *t;
        json_array_foreach(tj, idx, t)
        {
            snprintf(taints[k].key, sizeof(taints[k].key), "%s", ak_json_str(t, "key") ? ak_json_str(t, "key") : "");
            snprintf(taints[k].value, sizeof(taints[k].value), "%s", ak_json_str(t, "value") ? ak_json_str(t, "value") : "");
            snprintf(taints[k].effect, sizeof(taints[k].effect), "%s", ak_json_str(t, "effect") ? ak_json_str(t, "effect") : "");
            k++;
        }
        json_t *alloc = json_object_get(st, "allocatable");
        struct ak_sched_ext ext[8];
        size_t next = 0;
        const char *rk;
        json_t *rv;
        json_object_foreach(alloc, rk, rv)
        {
            if ((strchr(rk, '/') || ak_starts_with(rk, "hugepages-")) && next < 8) {
                ext[next].name = rk;
                ext[next].qty = qty_units(rv);
                next++;
            }
        }
        struct ak_sched_res a = {qty_milli(json_object_get(alloc, "cpu")),
                                 qty_units(json_object_get(alloc, "memory")),
                                 qty_units(json_object_get(alloc, "ephemeral-storage")),
                                 qty_units(json_object_get(alloc, "pods")), ext, next};
        const struct ak_knode *kn = ak_knode_of(o);
        /* NoExecute taints, with the time they appeared (timeAdded, else first seen) */
        struct noexec *ne = ak_xcalloc(k ? k : 1, sizeof(*ne));
        size_t nne = 0;
        for (size_t q = 0; q < k; q++) {
            if (strcmp(taints[q].effect, "NoExecute") != 0)
                continue;
            snprintf(ne[nne].key, sizeof(ne[nne].key), "%s", taints[q].key);
            snprintf(ne[nne].value, sizeof(ne[nne].value), "%s", taints[q].value);
            int64_t ta = 0;
            json_t *tt = json_object_get(json_array_get(tj, q), "timeAdded");
            if (!json_is_string(tt) || ak_parse_time(json_string_value(tt), &ta) != 0)
                ta = 0;
            for (size_t z = 0; ni && z < ni->nne && !ta; z++)
                if (strcmp(ni->ne[z].key, ne[nne].key) == 0)
                    ta = ni->ne[z].since_ms;
            ne[nne].since_ms = ta ? ta : now_ms(cs);
            nne++;
        }
        int32_t id = ak_sched_node_upsert(cs->sched, o->name, &o->labels, taints, k, &a,
                                          json_is_true(json_object_get(spec, "unschedulable")),
                                          kn && kn->ready);
        free(taints);
        if (!ni) {
            AK_GROW(cs->nodes, cs->nnodes + 1, cs->capnodes);
            ni = &cs->nodes[cs->nnodes++];
            memset(ni, 0, sizeof(*ni));
            ni->name = ak_xstrdup(o->name);
        }
        ni->id = id;
        ni->rv = o->rv;
        ni->seen = true;
        free(ni->ne);
        ni->ne = ne;
        ni->nne = nne;
        snprintf(ni->ip, sizeof(ni->ip), "%s", kn ? kn->internal_ip : "");
        const char *cidr = ak_json_str(spec, "podCIDR");
        if (!cidr || sscanf(cidr, "%d.%d.%d.", &ni->cidr_a, &ni->cidr_b, &ni->cidr_c) != 3) {
            ni->cidr_a = 10;
            ni->cidr_b = 244;
            ni->cidr_c = 0;
        }
        json_decref(j);
    }
    for (size_t i = 0; i < cs->nnodes;) {
        if (!cs->nodes[i].seen) {
            ak_sched_node_remove(cs->sched, cs->nodes[i].id);
            free(cs->nodes[i].name);
            free(cs->nodes[i].ne);
            cs->nodes[i] = cs->nodes[--cs->nnodes];
            continue;
        }
        i++;
    }
}

/* ------------------------------------------------------------------ helpers */

static void ev(struct kcs *cs, const struct ak_kobj *o, const char *type, const char *reason,
               const char *component, const char *host, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void ev(struct kcs *cs, const struct ak_kobj *o, const char *type, const char *reason,
               const char *component, const char *host, const char *fmt, ...)
{
    char msg[1100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (strlen(msg) > 1024)
        snprintf(msg + 1020, sizeof(msg) - 1020, " ...");
    ak_kworld_event(cs->kc, o, type, reason, msg, component, host);
}

static int64_t parse_duration_ms(const char *s, int64_t def)
{
    if (!s || !*s)
        return def;
    double v = 0;
    char unit[8] = "";
    if (sscanf(s, "%lf%7s", &v, unit) < 1 || v < 0)
        return def;
    if (strcmp(unit, "ms") == 0)
        return (int64_t)v;
    if (strcmp(unit, "") == 0 || strcmp(unit, "s") == 0)
        return (int64_t)(v * 1000);
    if (strcmp(unit, "m") == 0)
        return (int64_t)(v * 60000);
    if (strcmp(unit, "h") == 0)
        return (int64_t)(v * 3600000);
    return def;
}

static void owner_ref(json_t *meta, const struct ak_kobj *owner)
{
    const struct ak_kind_info *ki = ak_kind(owner->kind);
    json_object_set_new(meta, "ownerReferences",
                        json_pack("[{s:s,s:s,s:s,s:s,s:b,s:b}]", "apiVersion", ki->api_version, "kind",
                                  ki->name, "name", owner->name, "uid", owner->uid, "controller", 1,
                                  "blockOwnerDeletion", 1));
}

static bool owned_by(const struct ak_kobj *o, const struct ak_kobj *owner)
{
    return o->owner_uid[0] && strcmp(o->owner_uid, owner->uid) == 0;
}

static bool pod_terminal(const struct ak_kobj *pod)
{
    const struct ak_kpod *p = ak_kpod_of(pod);
    return p && (strcmp(p->phase, "Succeeded") == 0 || strcmp(p->phase, "Failed") == 0);
}

static bool pod_ready(const struct ak_kobj *pod)
{
    const struct ak_kpod *p = ak_kpod_of(pod);
    return p && strcmp(p->phase, "Running") == 0 && p->ready_ms && !pod->deleted_ms;
}

/* ------------------------------------------------------------------ replicasets */

static const char hash_chars[] = "bcdfghjklmnpqrstvwxz2456789";

static void template_hash(const json_t *tmpl, char out[11])
{
    char *s = json_dumps(tmpl, JSON_COMPACT | JSON_SORT_KEYS);
    uint64_t h = ak_hash64(s, (unsigned long)strlen(s));
    free(s);
    /* as the deployment controller: the decimal form of a 32-bit hash, each digit mapped
     * through rand.SafeEncodeString's alphabet (9-10 characters) */
    char dec[12];
    snprintf(dec, sizeof(dec), "%u", (unsigned)(uint32_t)(h ^ (h >> 32)));
    size_t n = strlen(dec);
    for (size_t i = 0; i < n; i++)
        out[i] = hash_chars[(unsigned char)dec[i] % (sizeof(hash_chars) - 1)];
    out[n] = '\0';
}

static int64_t replicas_of(const json_t *spec)
{
    json_t *r = json_object_get(spec, "replicas");
    return json_is_integer(r) ? json_integer_value(r) : 1;
}

static void set_status(struct kcs *cs, struct ak_kobj *o, json_t *j, json_t *status)
{
    json_t *old = json_object_get(j, "status");
    if (old && json_equal(old, status)) {
        json_decref(status);
        return;
    }
    json_object_set_new(j, "status", status);
    struct ak_err err;
    if (ak_kstore_update(cs->kc->ks, o, j, &err) != 0)
        ak_log(AK_LOG_ERROR, "kctrl", "%s %s/%s status: %s", ak_kind(o->kind)->name, o->ns, o->name,
               err.message);
}

static struct ak_kobj *create_pod(struct kcs *cs, const struct ak_kobj *owner, const json_t *tmpl,
                                  const char *prefix, json_t *extra_labels, json_t *affinity_node)
{
    json_t *meta = json_deep_copy(json_object_get(tmpl, "metadata"));
    if (!json_is_object(meta))
        meta = json_object();
    json_t *spec = json_deep_copy(json_object_get(tmpl, "spec"));
    if (!json_is_object(spec))
        spec = json_object();
    ak_json_set_str(meta, "generateName", prefix);
    json_object_del(meta, "name");
    ak_json_set_str(meta, "namespace", owner->ns);
    owner_ref(meta, owner);
    if (extra_labels) {
        json_t *labels = json_object_get(meta, "labels");
        if (!json_is_object(labels)) {
            labels = json_object();
            json_object_set_new(meta, "labels", labels);
        }
        json_object_update(labels, extra_labels);
    }
    /* the admission defaults a created pod gets */
    json_t *tols = json_object_get(spec, "tolerations");
    if (!json_is_array(tols)) {
        tols = json_array();
        json_object_set_new(spec, "tolerations", tols);
    }
    if (affinity_node) {
        /* DaemonSet pods: pinned to the node by affinity, tolerating what daemons tolerate */
        json_t *aff = json_object_get(spec, "affinity");
        if (!json_is_object(aff)) {
            aff = json_object();
            json_object_set_new(spec, "affinity", aff);
        }
        json_t *na = json_object_get(aff, "nodeAffinity");
        if (!json_is_object(na)) {
            na = json_object();
            json_object_set_new(aff, "nodeAffinity", na);
        }
        json_object_set_new(na, "requiredDuringSchedulingIgnoredDuringExecution",
                            json_pack("{s:[{s:[{s:s,s:s,s:[O]}]}]}", "nodeSelectorTerms", "matchFields",
                                      "key", "metadata.name", "operator", "In", "values", affinity_node));
        const char *dk[][2] = {{"node.kubernetes.io/not-ready", "NoExecute"},
                               {"node.kubernetes.io/unreachable", "NoExecute"},
                               {"node.kubernetes.io/disk-pressure", "NoSchedule"},
                               {"node.kubernetes.io/memory-pressure", "NoSchedule"},
                               {"node.kubernetes.io/pid-pressure", "NoSchedule"},
                               {"node.kubernetes.io/unschedulable", "NoSchedule"}};
        for (size_t i = 0; i < AK_ARRAY_LEN(dk); i++)
            json_array_append_new(tols, json_pack("{s:s,s:s,s:s}", "key", dk[i][0], "operator", "Exists",
                                                  "effect", dk[i][1]));
        if (json_is_true(json_object_get(spec, "hostNetwork")))
            json_array_append_new(tols, json_pack("{s:s,s:s,s:s}", "key", "node.kubernetes.io/network-unavailable",
                                                  "operator", "Exists", "effect", "NoSchedule"));
    } else {
        const char *keys[] = {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"};
        for (int k = 0; k < 2; k++) {
            bool have = false;
            size_t i;
            json_t *t;
            json_array_foreach(tols, i, t)
            {
                if (ak_streq(ak_json_str(t, "key"), keys[k]) ||
                    (!ak_json_str(t, "key") && ak_streq(ak_json_str(t, "operator"), "Exists")))
                    have = true;
            }
            if (!have)
                json_array_append_new(tols, json_pack("{s:s,s:s,s:s,s:i}", "key", keys[k], "operator",
                                                      "Exists", "effect", "NoExecute",
                                                      "tolerationSeconds", 300));
        }
    }
    if (!json_object_get(spec, "enableServiceLinks"))
        json_object_set_new(spec, "enableServiceLinks", json_true());
    const char *pc = ak_json_str(spec, "priorityClassName");
    int32_t prio = 0;
    if (pc && *pc)
        ak_kctrl_priority(cs->kc, pc, &prio);
    json_object_set_new(spec, "priority", json_integer(prio));
    if (!ak_json_str(spec, "preemptionPolicy"))
        ak_json_set_str(spec, "preemptionPolicy", "PreemptLowerPriority");
    json_t *pod = json_pack("{s:o,s:o}", "metadata", meta, "spec", spec);
    struct ak_kobj *o = NULL;
    struct ak_err err;
    if (ak_kstore_create(cs->kc->ks, AK_KIND_POD, pod, &o, &err) != 0)
        ak_log(AK_LOG_ERROR, "kctrl", "creating a pod for %s/%s: %s", owner->ns, owner->name, err.message);
    json_decref(pod);
    return o;
}

/* Rank for deletion on scale-down: unscheduled, pending, not ready, newest first. */
static int del_rank(const struct ak_kobj *pod)
{
    const struct ak_kpod *p = ak_kpod_of(pod);
    if (!p->node)
        return 0;
    if (strcmp(p->phase, "Pending") == 0)
        return 1;
    if (!pod_ready(pod))
        return 2;
    return 3;
}

static void reconcile_replicaset(struct kcs *cs, struct ak_kobj *rs)
{
    struct ak_kstore *ks = cs->kc->ks;
    json_t *j = ak_kobj_json(rs);
    json_t *spec = json_object_get(j, "spec");
    int64_t want = rs->deleted_ms ? 0 : replicas_of(spec);
    struct ak_kobj **pods = NULL;
    size_t n = 0, cap = 0;
    int ready = 0;
    for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_POD); p; p = ak_kstore_next(p)) {
        if (!owned_by(p, rs) || p->deleted_ms || pod_terminal(p))
            continue;
        AK_GROW(pods, n + 1, cap);
        pods[n++] = p;
        if (pod_ready(p))
            ready++;
    }
    if ((int64_t)n < want) {
        char prefix[300];
        snprintf(prefix, sizeof(prefix), "%s-", rs->name);
        for (int64_t i = (int64_t)n; i < want; i++) {
            struct ak_kobj *p = create_pod(cs, rs, json_object_get(spec, "template"), prefix, NULL, NULL);
            if (p)
                ev(cs, rs, "Normal", "SuccessfulCreate", "replicaset-controller", NULL, "Created pod: %s",
                   p->name);
        }
    } else if ((int64_t)n > want) {
        for (int64_t k = (int64_t)n - want; k > 0; k--) {
            size_t best = 0;
            for (size_t i = 1; i < n; i++) {
                int a = del_rank(pods[i]), b = del_rank(pods[best]);
                if (a < b || (a == b && pods[i]->created_ms > pods[best]->created_ms))
                    best = i;
            }
            ev(cs, rs, "Normal", "SuccessfulDelete", "replicaset-controller", NULL, "Deleted pod: %s",
               pods[best]->name);
            if (pod_ready(pods[best]))
                ready--;
            ak_kstore_delete(ks, pods[best]);
            pods[best] = pods[--n];
        }
    }
    free(pods);
    int64_t cur = (int64_t)n < want ? want : (int64_t)n;
    json_t *st = json_pack("{s:I,s:I,s:I,s:I,s:I}", "replicas", (json_int_t)cur,
                           "fullyLabeledReplicas", (json_int_t)cur, "readyReplicas", (json_int_t)ready,
                           "availableReplicas", (json_int_t)ready, "observedGeneration",
                           (json_int_t)rs->generation);
    if (cur == 0) {
        json_object_del(st, "readyReplicas");
        json_object_del(st, "availableReplicas");
        json_object_del(st, "fullyLabeledReplicas");
    }
    set_status(cs, rs, j, st);
    json_decref(j);
}

/* ------------------------------------------------------------------ deployments */

static void reconcile_deployment(struct kcs *cs, struct ak_kobj *d)
{
    struct ak_kstore *ks = cs->kc->ks;
    json_t *j = ak_kobj_json(d);
    json_t *spec = json_object_get(j, "spec");
    json_t *tmpl = json_object_get(spec, "template");
    char hash[11];
    template_hash(tmpl, hash);
    char rsname[300];
    snprintf(rsname, sizeof(rsname), "%s-%s", d->name, hash);
    int64_t want = replicas_of(spec);
    struct ak_kobj *cur = ak_kstore_get(ks, AK_KIND_REPLICASET, d->ns, rsname);
    if (cur && !owned_by(cur, d))
        cur = NULL;
    int64_t revision = 0;
    for (struct ak_kobj *rs = ak_kstore_first(ks, AK_KIND_REPLICASET); rs; rs = ak_kstore_next(rs)) {
        if (!owned_by(rs, d))
            continue;
        json_t *rj = ak_kobj_json(rs);
        const char *rev = ak_json_str(json_object_get(json_object_get(rj, "metadata"), "annotations"),
                                      "deployment.kubernetes.io/revision");
        int64_t r = 0;
        if (rev)
            ak_parse_i64(rev, 0, INT64_MAX, &r);
        if (r > revision)
            revision = r;
        json_decref(rj);
    }
    if (!cur) {
        json_t *rs_tmpl = json_deep_copy(tmpl);
        json_t *tmeta = json_object_get(rs_tmpl, "metadata");
        if (!json_is_object(tmeta)) {
            tmeta = json_object();
            json_object_set_new(rs_tmpl, "metadata", tmeta);
        }
        json_t *tl = json_object_get(tmeta, "labels");
        if (!json_is_object(tl)) {
            tl = json_object();
            json_object_set_new(tmeta, "labels", tl);
        }
        ak_json_set_str(tl, "pod-template-hash", hash);
        json_t *sel = json_deep_copy(json_object_get(spec, "selector"));
        if (!json_is_object(sel))
            sel = json_object();
        json_t *ml = json_object_get(sel, "matchLabels");
        if (!json_is_object(ml)) {
            ml = json_object();
            json_object_set_new(sel, "matchLabels", ml);
        }
        ak_json_set_str(ml, "pod-template-hash", hash);
        char revs[24];
        snprintf(revs, sizeof(revs), "%lld", (long long)revision + 1);
        char wantc[24];
        snprintf(wantc, sizeof(wantc), "%lld", (long long)want);
        json_t *meta = json_pack("{s:s,s:s,s:O,s:{s:s,s:s,s:s}}", "name", rsname, "namespace", d->ns,
                                 "labels", tl, "annotations", "deployment.kubernetes.io/desired-replicas",
                                 wantc, "deployment.kubernetes.io/max-replicas", wantc,
                                 "deployment.kubernetes.io/revision", revs);
        owner_ref(meta, d);
        json_t *rs = json_pack("{s:o,s:{s:I,s:o,s:o}}", "metadata", meta, "spec", "replicas",
                               (json_int_t)0, "selector", sel, "template", rs_tmpl);
        struct ak_err err;
        if (ak_kstore_create(ks, AK_KIND_REPLICASET, rs, &cur, &err) != 0)
            ak_log(AK_LOG_ERROR, "kctrl", "replicaset for %s/%s: %s", d->ns, d->name, err.message);
        json_decref(rs);
    }
    int64_t total = 0, updated = 0, ready = 0;
    for (struct ak_kobj *rs = ak_kstore_first(ks, AK_KIND_REPLICASET); rs; rs = ak_kstore_next(rs)) {
        if (!owned_by(rs, d))
            continue;
        json_t *rj = ak_kobj_json(rs);
        json_t *rspec = json_object_get(rj, "spec");
        int64_t have = replicas_of(rspec);
        int64_t target = rs == cur ? want : 0;
        if (have != target) {
            json_object_set_new(rspec, "replicas", json_integer(target));
            char wantc[24];
            snprintf(wantc, sizeof(wantc), "%lld", (long long)want);
            json_t *ann = json_object_get(json_object_get(rj, "metadata"), "annotations");
            if (json_is_object(ann)) {
                ak_json_set_str(ann, "deployment.kubernetes.io/desired-replicas", wantc);
                ak_json_set_str(ann, "deployment.kubernetes.io/max-replicas", wantc);
            }
            struct ak_err err;
            ak_kstore_update(ks, rs, rj, &err);
            ev(cs, d, "Normal", "ScalingReplicaSet", "deployment-controller", NULL,
               "Scaled %s replica set %s from %lld to %lld", target > have ? "up" : "down", rs->name,
               (long long)have, (long long)target);
            reconcile_replicaset(cs, rs);
        }
        json_decref(rj);
        rj = ak_kobj_json(rs);
        json_t *st = json_object_get(rj, "status");
        total += json_integer_value(json_object_get(st, "replicas"));
        ready += json_integer_value(json_object_get(st, "readyReplicas"));
        if (rs == cur)
            updated = json_integer_value(json_object_get(st, "replicas"));
        json_decref(rj);
    }
    char t[40];
    ak_k8s_time(now_ms(cs), t);
    json_t *old = json_object_get(j, "status");
    /* keep transition times while the condition holds */
    const char *avail_since = NULL, *prog_since = NULL;
    size_t i;
    json_t *c;
    bool available = ready >= want - (want + 3) / 4; /* maxUnavailable 25% rounded down */
    json_array_foreach(json_object_get(old, "conditions"), i, c)
    {
        if (ak_streq(ak_json_str(c, "type"), "Available") &&
            ak_streq(ak_json_str(c, "status"), available ? "True" : "False"))
            avail_since = ak_json_str(c, "lastTransitionTime");
        if (ak_streq(ak_json_str(c, "type"), "Progressing"))
            prog_since = ak_json_str(c, "lastTransitionTime");
    }
    char prog_msg[400];
    bool complete = updated == want && ready >= want;
    snprintf(prog_msg, sizeof(prog_msg), complete ? "ReplicaSet \"%s\" has successfully progressed."
                                                  : "ReplicaSet \"%s\" is progressing.",
             cur ? cur->name : rsname);
    json_t *conds = json_pack("[{s:s,s:s,s:s,s:s,s:s,s:s},{s:s,s:s,s:s,s:s,s:s,s:s}]", "type",
                              "Available", "status", available ? "True" : "False", "lastUpdateTime",
                              avail_since ? avail_since : t, "lastTransitionTime",
                              avail_since ? avail_since : t, "reason",
                              available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                              "message",
                              available ? "Deployment has minimum availability."
                                        : "Deployment does not have minimum availability.",
                              "type", "Progressing", "status", "True", "lastUpdateTime", t,
                              "lastTransitionTime", prog_since ? prog_since : t, "reason",
                              complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated", "message",
                              prog_msg);
    /* lastUpdateTime only moves with a change: reuse the old one when nothing else changed */
    json_t *st = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "observedGeneration",
                           (json_int_t)d->generation, "replicas", (json_int_t)total, "updatedReplicas",
                           (json_int_t)updated, "readyReplicas", (json_int_t)ready, "availableReplicas",
                           (json_int_t)ready, "unavailableReplicas",
                           (json_int_t)(total > ready ? total - ready : 0), "conditions", conds);
    if (total <= ready)
        json_object_del(st, "unavailableReplicas");
    if (ready == 0) {
        json_object_del(st, "readyReplicas");
        json_object_del(st, "availableReplicas");
    }
    /* compare without the volatile lastUpdateTime */
    json_t *a = json_deep_copy(old), *b = json_deep_copy(st);
    json_array_foreach(json_object_get(a, "conditions"), i, c)
        json_object_del(c, "lastUpdateTime");
    json_array_foreach(json_object_get(b, "conditions"), i, c)
        json_object_del(c, "lastUpdateTime");
    bool same = a && json_equal(a, b);
    json_decref(a);
    json_decref(b);
    if (same)
        json_decref(st);
    else
        set_status(cs, d, j, st);
    json_decref(j);
}

/* ------------------------------------------------------------------ daemonsets */

static bool expr_match(const json_t *e, const struct ak_kvs *labels)
{
    const char *key = ak_json_str(e, "key"), *op = ak_json_str(e, "operator");
    const char *v = key ? ak_kvs_get(labels, key) : NULL;
    if (!op)
        return false;
    if (strcmp(op, "Exists") == 0)
        return v != NULL;
    if (strcmp(op, "DoesNotExist") == 0)
        return v == NULL;
    bool in = false;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(e, "values"), i, x)
    {
        if (v && ak_streq(json_string_value(x), v))
            in = true;
    }
    if (strcmp(op, "In") == 0)
        return in;
    if (strcmp(op, "NotIn") == 0)
        return !in;
    return false;
}

static bool ds_should_run(struct kcs *cs, const json_t *podspec, struct ak_kobj *node)
{
    (void)cs;
    struct ak_kvs sel = {0};
    ak_codec_kvs_decode(json_object_get(podspec, "nodeSelector"), &sel);
    bool ok = true;
    for (size_t i = 0; i < sel.n && ok; i++)
        ok = ak_streq(ak_kvs_get(&node->labels, sel.v[i].key), sel.v[i].val);
    ak_kvs_release(&sel);
    if (!ok)
        return false;
    json_t *terms = json_object_get(
        json_object_get(json_object_get(json_object_get(podspec, "affinity"), "nodeAffinity"),
                        "requiredDuringSchedulingIgnoredDuringExecution"),
        "nodeSelectorTerms");
    if (json_array_size(terms)) {
        bool any = false;
        size_t i;
        json_t *t;
        json_array_foreach(terms, i, t)
        {
            bool all = true;
            size_t k;
            json_t *e;
            json_array_foreach(json_object_get(t, "matchExpressions"), k, e)
            {
                if (!expr_match(e, &node->labels))
                    all = false;
            }
            if (all)
                any = true;
        }
        if (!any)
            return false;
    }
    /* NoSchedule / NoExecute taints the daemon does not tolerate keep it off */
    json_t *nj = ak_kobj_json(node);
    json_t *taints = json_object_get(json_object_get(nj, "spec"), "taints");
    json_t *tols = json_object_get(podspec, "tolerations");
    bool tolerated = true;
    size_t i;
    json_t *t;
    json_array_foreach(taints, i, t)
    {
        const char *eff = ak_json_str(t, "effect"), *key = ak_json_str(t, "key");
        if (!eff || strcmp(eff, "PreferNoSchedule") == 0)
            continue;
        /* the not-ready / unschedulable / pressure taints are tolerated by every daemon pod */
        if (key && (ak_starts_with(key, "node.kubernetes.io/")))
            continue;
        bool ok2 = false;
        size_t k;
        json_t *tol;
        json_array_foreach(tols, k, tol)
        {
            const char *tk = ak_json_str(tol, "key"), *te = ak_json_str(tol, "effect");
            const char *op = ak_json_str(tol, "operator");
            bool exists = op && strcmp(op, "Exists") == 0;
            if (te && *te && !ak_streq(te, eff))
                continue;
            if (tk && *tk && !ak_streq(tk, key))
                continue;
            if ((!tk || !*tk) && !exists)
                continue;
            if (!exists && !ak_streq(ak_json_str(tol, "value") ? ak_json_str(tol, "value") : "",
                                     ak_json_str(t, "value") ? ak_json_str(t, "value") : ""))
                continue;
            ok2 = true;
        }
        if (!ok2)
            tolerated = false;
    }
    json_decref(nj);
    return tolerated;
}

static void reconcile_daemonset(struct kcs *cs, struct ak_kobj *ds)
{
    struct ak_kstore *ks = cs->kc->ks;
    json_t *j = ak_kobj_json(ds);
    json_t *spec = json_object_get(j, "spec");
    json_t *tmpl = json_object_get(spec, "template");
    json_t *podspec = json_object_get(tmpl, "spec");
    int64_t desired = 0, current = 0, ready = 0;
    char hash[11];
    template_hash(tmpl, hash);
    char gen[24];
    snprintf(gen, sizeof(gen), "%lld", (long long)ds->generation);
    for (struct ak_kobj *node = ak_kstore_first(ks, AK_KIND_NODE); node; node = ak_kstore_next(node)) {
        bool run = !ds->deleted_ms && ds_should_run(cs, podspec, node);
        struct ak_kobj *have = NULL;
        for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_POD); p; p = ak_kstore_next(p)) {
            if (!owned_by(p, ds) || p->deleted_ms)
                continue;
            json_t *pj = ak_kobj_json(p);
            json_t *vals = json_object_get(json_array_get(json_object_get(json_array_get(
                json_object_get(json_object_get(json_object_get(json_object_get(json_object_get(pj, "spec"),
                    "affinity"), "nodeAffinity"), "requiredDuringSchedulingIgnoredDuringExecution"),
                    "nodeSelectorTerms"), 0), "matchFields"), 0), "values");
            bool here = ak_streq(json_string_value(json_array_get(vals, 0)), node->name);
            json_decref(pj);
            if (here) {
                have = p;
                break;
            }
        }
        if (run) {
            desired++;
            if (!have) {
                char prefix[300];
                snprintf(prefix, sizeof(prefix), "%s-", ds->name);
                json_t *extra = json_pack("{s:s,s:s}", "controller-revision-hash", hash,
                                          "pod-template-generation", gen);
                json_t *nn = json_string(node->name);
                struct ak_kobj *p = create_pod(cs, ds, tmpl, prefix, extra, nn);
                json_decref(nn);
                json_decref(extra);
                if (p)
                    ev(cs, ds, "Normal", "SuccessfulCreate", "daemonset-controller", NULL,
                       "Created pod: %s", p->name);
            } else {
                current++;
                if (pod_ready(have))
                    ready++;
            }
        } else if (have) {
            ev(cs, ds, "Normal", "SuccessfulDelete", "daemonset-controller", NULL, "Deleted pod: %s",
               have->name);
            ak_kstore_delete(ks, have);
        }
    }
    /* daemon pods of nodes that are gone */
    for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_POD); p;) {
        struct ak_kobj *next = ak_kstore_next(p);
        const struct ak_kpod *kp = ak_kpod_of(p);
        if (owned_by(p, ds) && kp->node && !ak_kstore_get(ks, AK_KIND_NODE, "", kp->node))
            ak_kstore_delete(ks, p);
        p = next;
    }
    json_t *st = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "currentNumberScheduled", (json_int_t)current,
                           "numberMisscheduled", (json_int_t)0, "desiredNumberScheduled",
                           (json_int_t)desired, "numberReady", (json_int_t)ready, "observedGeneration",
                           (json_int_t)ds->generation, "updatedNumberScheduled", (json_int_t)current,
                           "numberAvailable", (json_int_t)ready);
    if (desired > ready)
        json_object_set_new(st, "numberUnavailable", json_integer(desired - ready));
    set_status(cs, ds, j, st);
    json_decref(j);
}

/* ------------------------------------------------------------------ jobs */

static void reconcile_job(struct kcs *cs, struct ak_kobj *job)
{
    struct ak_kstore *ks = cs->kc->ks;
    json_t *j = ak_kobj_json(job);
    json_t *spec = json_object_get(j, "spec"), *old = json_object_get(j, "status");
    int64_t completions = json_is_integer(json_object_get(spec, "completions"))
                              ? json_integer_value(json_object_get(spec, "completions"))
                              : 1;
    int64_t parallelism = json_is_integer(json_object_get(spec, "parallelism"))
                              ? json_integer_value(json_object_get(spec, "parallelism"))
                              : 1;
    int64_t backoff = json_is_integer(json_object_get(spec, "backoffLimit"))
                          ? json_integer_value(json_object_get(spec, "backoffLimit"))
                          : 6;
    bool suspended = json_is_true(json_object_get(spec, "suspend"));
    int64_t active = 0, succeeded = 0, failed = 0;
    int64_t last_finish = 0;
    for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_POD); p; p = ak_kstore_next(p)) {
        if (!owned_by(p, job))
            continue;
        const struct ak_kpod *kp = ak_kpod_of(p);
        if (strcmp(kp->phase, "Succeeded") == 0)
            succeeded++;
        else if (strcmp(kp->phase, "Failed") == 0)
            failed++;
        else if (!p->deleted_ms)
            active++;
        if (kp->finished_ms > last_finish)
            last_finish = kp->finished_ms;
    }
    bool complete = succeeded >= completions;
    bool failed_job = failed > backoff;
    bool was_complete = false, was_failed = false;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(old, "conditions"), i, c)
    {
        if (ak_streq(ak_json_str(c, "type"), "Complete") && ak_streq(ak_json_str(c, "status"), "True"))
            was_complete = true;
        if (ak_streq(ak_json_str(c, "type"), "Failed") && ak_streq(ak_json_str(c, "status"), "True"))
            was_failed = true;
    }
    if (!complete && !failed_job && !suspended && !job->deleted_ms) {
        int64_t need = completions - succeeded - active;
        int64_t room = parallelism - active;
        int64_t create = need < room ? need : room;
        json_t *tmpl = json_deep_copy(json_object_get(spec, "template"));
        json_t *tmeta = json_object_get(tmpl, "metadata");
        if (!json_is_object(tmeta)) {
            tmeta = json_object();
            json_object_set_new(tmpl, "metadata", tmeta);
        }
        json_t *labels = json_object_get(tmeta, "labels");
        if (!json_is_object(labels)) {
            labels = json_object();
            json_object_set_new(tmeta, "labels", labels);
        }
        ak_json_set_str(labels, "batch.kubernetes.io/controller-uid", job->uid);
        ak_json_set_str(labels, "batch.kubernetes.io/job-name", job->name);
        ak_json_set_str(labels, "controller-uid", job->uid);
        ak_json_set_str(labels, "job-name", job->name);
        char prefix[300];
        snprintf(prefix, sizeof(prefix), "%s-", job->name);
        for (int64_t k = 0; k < create; k++) {
            struct ak_kobj *p = create_pod(cs, job, tmpl, prefix, NULL, NULL);
            if (p) {
                ev(cs, job, "Normal", "SuccessfulCreate", "job-controller", NULL, "Created pod: %s", p->name);
                active++;
            }
        }
        json_decref(tmpl);
    }
    char t[40];
    ak_k8s_time(now_ms(cs), t);
    json_t *st = json_object();
    const char *start = ak_json_str(old, "startTime");
    ak_json_set_str(st, "startTime", start ? start : t);
    if (active)
        json_object_set_new(st, "active", json_integer(active));
    if (succeeded)
        json_object_set_new(st, "succeeded", json_integer(succeeded));
    if (failed)
        json_object_set_new(st, "failed", json_integer(failed));
    json_object_set_new(st, "ready", json_integer(0));
    json_object_set_new(st, "terminating", json_integer(0));
    json_t *conds = json_object_get(old, "conditions");
    if (complete) {
        char ft[40];
        ak_k8s_time(last_finish ? last_finish : now_ms(cs), ft);
        const char *ct = ak_json_str(old, "completionTime");
        ak_json_set_str(st, "completionTime", ct ? ct : ft);
        if (!was_complete) {
            conds = json_pack("[{s:s,s:s,s:s,s:s,s:s,s:s},{s:s,s:s,s:s,s:s,s:s,s:s}]", "type",
                              "SuccessCriteriaMet", "status", "True", "lastProbeTime", ft,
                              "lastTransitionTime", ft, "reason", "CompletionsReached", "message",
                              "Reached expected number of succeeded pods", "type", "Complete",
                              "status", "True", "lastProbeTime", ft, "lastTransitionTime", ft,
                              "reason", "CompletionsReached", "message",
                              "Reached expected number of succeeded pods");
            ev(cs, job, "Normal", "Completed", "job-controller", NULL, "Job completed");
            json_object_set_new(st, "conditions", conds);
        } else {
            json_object_set(st, "conditions", conds);
        }
    } else if (failed_job) {
        if (!was_failed) {
            conds = json_pack("[{s:s,s:s,s:s,s:s,s:s,s:s}]", "type", "Failed", "status", "True",
                              "lastProbeTime", t, "lastTransitionTime", t, "reason",
                              "BackoffLimitExceeded", "message", "Job has reached the specified backoff limit");
            ev(cs, job, "Warning", "BackoffLimitExceeded", "job-controller", NULL,
               "Job has reached the specified backoff limit");
            json_object_set_new(st, "conditions", conds);
        } else {
            json_object_set(st, "conditions", conds);
        }
    }
    set_status(cs, job, j, st);
    json_decref(j);
}

/* ------------------------------------------------------------------ PodDisruptionBudgets */

static int64_t scaled(const json_t *v, int64_t expected, bool round_up, bool *ok)
{
    *ok = true;
    if (json_is_integer(v))
        return json_integer_value(v);
    const char *s = json_string_value(v);
    if (!s) {
        *ok = false;
        return 0;
    }
    size_t l = strlen(s);
    if (l < 2 || s[l - 1] != '%') {
        int64_t n;
        if (ak_parse_i64(s, 0, INT32_MAX, &n) == 0)
            return n;
        *ok = false;
        return 0;
    }
    char num[32];
    snprintf(num, sizeof(num), "%.*s", (int)(l - 1), s);
    int64_t pct;
    if (ak_parse_i64(num, 0, 100, &pct) != 0) {
        *ok = false;
        return 0;
    }
    double x = (double)pct * (double)expected / 100.0;
    return round_up ? (int64_t)ceil(x) : (int64_t)floor(x);
}

struct pdbcalc {
    int64_t expected, desired, healthy, allowed;
    bool ok;
};

/* expectedPods counts the replicas of the pods' controllers (scaled owners), except for an
 * integer minAvailable, where it is the number of matching pods. */
static void pdb_compute(struct kcs *cs, struct ak_kobj *pdb, const json_t *spec, struct pdbcalc *out)
{
    struct ak_kstore *ks = cs->kc->ks;
    memset(out, 0, sizeof(*out));
    struct ak_lsel ls;
    struct ak_err err;
    if (ak_lsel_from_json(&ls, json_object_get(spec, "selector"), &err) != 0) {
        out->ok = false;
        return;
    }
    json_t *minA = json_object_get(spec, "minAvailable"), *maxU = json_object_get(spec, "maxUnavailable");
    bool int_min = minA && json_is_integer(minA);
    int64_t matching = 0;
    /* owners counted once */
    char **seen = NULL;
    size_t nseen = 0, capseen = 0;
    int64_t from_owners = 0;
    for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_POD); p; p = ak_kstore_next(p)) {
        if (strcmp(p->ns, pdb->ns) != 0 || ak_lsel_empty(&ls) || !ak_lsel_match(&ls, &p->labels))
            continue;
        if (pod_terminal(p))
            continue;
        matching++;
        if (pod_ready(p))
            out->healthy++;
        if (p->owner_uid[0]) {
            bool dup = false;
            for (size_t i = 0; i < nseen; i++)
                dup |= strcmp(seen[i], p->owner_uid) == 0;
            if (!dup) {
                AK_GROW(seen, nseen + 1, capseen);
                seen[nseen++] = p->owner_uid;
                enum ak_kkind ok = strcmp(p->owner_kind ? p->owner_kind : "", "ReplicaSet") == 0 ? AK_KIND_REPLICASET
                                   : strcmp(p->owner_kind ? p->owner_kind : "", "DaemonSet") == 0 ? AK_KIND_DAEMONSET
                                   : strcmp(p->owner_kind ? p->owner_kind : "", "Job") == 0 ? AK_KIND_JOB
                                                                                          : AK_KIND_COUNT;
                struct ak_kobj *own = ok == AK_KIND_COUNT ? NULL : ak_kstore_get(ks, ok, p->ns, p->owner_name);
                if (own && ok == AK_KIND_REPLICASET) {
                    json_t *oj = ak_kobj_json(own);
                    from_owners += replicas_of(json_object_get(oj, "spec"));
                    json_decref(oj);
                } else if (own && ok == AK_KIND_DAEMONSET) {
                    json_t *oj = ak_kobj_json(own);
                    from_owners += json_integer_value(json_object_get(json_object_get(oj, "status"), "desiredNumberScheduled"));
                    json_decref(oj);
                } else {
                    from_owners += 1;
                }
            }
        }
    }
    free(seen);
    ak_lsel_release(&ls);
    out->expected = int_min ? matching : from_owners;
    bool ok = true;
    if (minA) {
        out->desired = scaled(minA, out->expected, true, &ok);
    } else if (maxU) {
        int64_t mu = scaled(maxU, out->expected, true, &ok);
        out->desired = out->expected - mu;
        if (out->desired < 0)
            out->desired = 0;
    }
    out->ok = ok;
    out->allowed = out->healthy - out->desired;
    if (out->allowed < 0 || out->expected <= 0 || !ok)
        out->allowed = 0;
}

static void reconcile_pdb(struct kcs *cs, struct ak_kobj *pdb)
{
    json_t *j = ak_kobj_json(pdb);
    json_t *spec = json_object_get(j, "spec"), *old = json_object_get(j, "status");
    struct pdbcalc pc;
    pdb_compute(cs, pdb, spec, &pc);
    char t[40];
    ak_k8s_time(now_ms(cs), t);
    const char *since = NULL;
    bool allowed = pc.allowed > 0;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(old, "conditions"), i, c)
    {
        if (ak_streq(ak_json_str(c, "type"), "DisruptionAllowed") &&
            ak_streq(ak_json_str(c, "status"), allowed ? "True" : "False"))
            since = ak_json_str(c, "lastTransitionTime");
    }
    json_t *st = json_pack("{s:I,s:I,s:I,s:I,s:I,s:[{s:s,s:s,s:I,s:s,s:s,s:s}]}", "observedGeneration",
                           (json_int_t)pdb->generation, "disruptionsAllowed", (json_int_t)pc.allowed,
                           "currentHealthy", (json_int_t)pc.healthy, "desiredHealthy",
                           (json_int_t)pc.desired, "expectedPods", (json_int_t)pc.expected,
                           "conditions", "type", "DisruptionAllowed", "status",
                           allowed ? "True" : "False", "observedGeneration", (json_int_t)pdb->generation,
                           "lastTransitionTime", since ? since : t, "reason",
                           !pc.ok ? "SyncFailed" : allowed ? "SufficientPods" : "InsufficientPods",
                           "message", "");
    set_status(cs, pdb, j, st);
    json_decref(j);
}

int ak_kctrl_evict(struct ak_kcluster *kc, struct ak_kobj *pod, bool dry_run, struct ak_err *err,
                   char *cause, size_t causelen)
{
    struct kcs *cs = cs_of(kc);
    struct ak_kstore *ks = kc->ks;
    struct ak_kpod *kp = ak_kpod_of(pod);
    bool direct = pod->deleted_ms || !kp || strcmp(kp->phase, "Pending") == 0 || pod_terminal(pod);
    struct ak_kobj *match = NULL;
    int nmatch = 0;
    if (!direct) {
        for (struct ak_kobj *pdb = ak_kstore_first(ks, AK_KIND_PDB); pdb; pdb = ak_kstore_next(pdb)) {
            if (strcmp(pdb->ns, pod->ns) != 0)
                continue;
            json_t *j = ak_kobj_json(pdb);
            struct ak_lsel ls;
            struct ak_err e2;
            bool parsed = ak_lsel_from_json(&ls, json_object_get(json_object_get(j, "spec"), "selector"), &e2) == 0;
            bool m = parsed && !ak_lsel_empty(&ls) && ak_lsel_match(&ls, &pod->labels);
            if (parsed)
                ak_lsel_release(&ls);
            json_decref(j);
            if (m) {
                nmatch++;
                match = pdb;
            }
        }
    }
    if (nmatch > 1)
        return ak_err_set(err, 500, "InternalError",
                          "This pod has more than one PodDisruptionBudget, which the eviction "
                          "subresource does not support.");
    if (nmatch == 1) {
        json_t *j = ak_kobj_json(match);
        struct pdbcalc pc;
        pdb_compute(cs, match, json_object_get(j, "spec"), &pc);
        const char *policy = ak_json_str(json_object_get(j, "spec"), "unhealthyPodEvictionPolicy");
        bool ready = pod_ready(pod);
        bool unhealthy_ok = !ready && ((policy && strcmp(policy, "AlwaysAllow") == 0) ||
                                       (pc.healthy >= pc.desired && pc.desired > 0));
        if (!unhealthy_ok && pc.allowed <= 0) {
            snprintf(cause, causelen, "The disruption budget %s needs %lld healthy pods and has %lld currently",
                     match->name, (long long)pc.desired, (long long)pc.healthy);
            json_decref(j);
            return ak_err_set(err, 429, "TooManyRequests",
                              "Cannot evict pod as it would violate the pod's disruption budget.");
        }
        if (!dry_run && !unhealthy_ok) {
            /* the budget shrinks right away, as the eviction subresource records it */
            json_t *st = json_object_get(j, "status");
            if (json_is_object(st)) {
                json_object_set_new(st, "disruptionsAllowed", json_integer(pc.allowed - 1));
                json_t *dp = json_object_get(st, "disruptedPods");
                if (!json_is_object(dp)) {
                    dp = json_object();
                    json_object_set_new(st, "disruptedPods", dp);
                }
                char t[40];
                ak_k8s_time(ak_kstore_now(ks), t);
                ak_json_set_str(dp, pod->name, t);
                struct ak_err e3;
                ak_kstore_update(ks, match, j, &e3);
            }
        }
        json_decref(j);
    }
    if (dry_run)
        return 0;
    ev(cs, pod, "Normal", "Killing", "kubelet", kp && kp->node ? kp->node : NULL, "Stopping container %s",
       kp && kp->nc ? kp->c[0].name : pod->name);
    char ns[256], name[256], uid[37];
    snprintf(ns, sizeof(ns), "%s", pod->ns);
    snprintf(name, sizeof(name), "%s", pod->name);
    snprintf(uid, sizeof(uid), "%s", pod->uid);
    ak_kstore_delete(ks, pod);
    ak_kctrl_deleted(kc, AK_KIND_POD, ns, name, uid, "Background");
    return 0;
}

/* ------------------------------------------------------------------ scheduling and the kubelet */

static int alloc_ip(struct nodeinfo *ni)
{
    for (int i = 2; i < 255; i++)
        if (!ni->ip_used[i]) {
            ni->ip_used[i] = 1;
            return i;
        }
    return -1;
}

static void bind_pod(struct kcs *cs, struct ak_kobj *pod, struct podsched *ps, int32_t node)
{
    struct ak_kpod *kp = ak_kpod_of(pod);
    const char *nn = ak_sched_node_name(cs->sched, node);
    ak_sched_assign(cs->sched, node, &ps->sp);
    ps->assigned = true;
    ps->node = node;
    free(ps->node_name);
    ps->node_name = ak_xstrdup(nn);
    free(kp->node);
    kp->node = ak_xstrdup(nn);
    kp->scheduled_ms = now_ms(cs);
    kp->sched_failed = false;
    ak_free_ptr(&kp->sched_msg);
    ak_free_ptr(&kp->nominated);
    struct nodeinfo *ni = node_info(cs, nn);
    snprintf(kp->host_ip, sizeof(kp->host_ip), "%s", ni ? ni->ip : "");
    ak_kstore_touch(cs->kc->ks, pod);
    ev(cs, pod, "Normal", "Scheduled", "default-scheduler", NULL, "Successfully assigned %s/%s to %s",
       pod->ns, pod->name, nn);
}

static int cmp_prio(const void *a, const void *b)
{
    struct ak_kobj *x = *(struct ak_kobj *const *)a, *y = *(struct ak_kobj *const *)b;
    int32_t px = ak_kpod_of(x)->priority, py = ak_kpod_of(y)->priority;
    if (px != py)
        return px > py ? -1 : 1;
    return x->created_ms < y->created_ms ? -1 : x->created_ms > y->created_ms ? 1 : 0;
}

static int pdb_violation_cb(void *ud, const uint64_t *pods, size_t n, bool *violating)
{
    (void)ud;
    for (size_t i = 0; i < n; i++)
        violating[i] = false;
    return 0;
}

static void schedule_pending(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    struct ak_kobj **pend = NULL;
    size_t n = 0, cap = 0;
    for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_POD); p; p = ak_kstore_next(p)) {
        struct ak_kpod *kp = ak_kpod_of(p);
        struct podsched *ps = ps_of(cs, p);
        if (kp->node) {
            /* bound pods hold their resources; a pod created with spec.nodeName never met the
             * scheduler: the kubelet admits it or rejects it */
            if (!ps->assigned && !pod_terminal(p)) {
                int32_t id = ak_sched_node_find(cs->sched, kp->node);
                if (id >= 0 && !kp->scheduled_ms) {
                    struct ak_sched_result ar;
                    ak_sched_result_init(&ar);
                    ps->sp.node_name = kp->node;
                    ak_sched_schedule(cs->sched, &ps->sp, &ar);
                    ps->sp.node_name = NULL;
                    if (ar.status == AK_SCHED_REJECTED) {
                        snprintf(kp->phase, sizeof(kp->phase), "Failed");
                        free(kp->reason);
                        kp->reason = ak_xstrdup(ar.reason);
                        free(kp->message);
                        kp->message = ak_xstrdup(ak_buf_cstr(&ar.message));
                        kp->finished_ms = now_ms(cs);
                        ak_kstore_touch(ks, p);
                        ev(cs, p, "Warning", ar.reason, "kubelet", kp->node, "%s", ak_buf_cstr(&ar.message));
                        ak_sched_result_release(&ar);
                        continue;
                    }
                    ak_sched_result_release(&ar);
                    kp->scheduled_ms = now_ms(cs);
                    struct nodeinfo *ni = node_info(cs, kp->node);
                    snprintf(kp->host_ip, sizeof(kp->host_ip), "%s", ni ? ni->ip : "");
                    ak_kstore_touch(ks, p);
                }
                if (id >= 0) {
                    ak_sched_assign(cs->sched, id, &ps->sp);
                    ps->assigned = true;
                    ps->node = id;
                    free(ps->node_name);
                    ps->node_name = ak_xstrdup(kp->node);
                }
            }
            continue;
        }
        if (p->deleted_ms || pod_terminal(p))
            continue;
        AK_GROW(pend, n + 1, cap);
        pend[n++] = p;
    }
    if (n > 1)
        qsort(pend, n, sizeof(*pend), cmp_prio);
    struct ak_sched_result res;
    ak_sched_result_init(&res);
    for (size_t i = 0; i < n; i++) {
        struct ak_kobj *p = pend[i];
        struct ak_kpod *kp = ak_kpod_of(p);
        struct podsched *ps = ps_of(cs, p);
        ak_sched_result_release(&res);
        ak_sched_result_init(&res);
        ak_sched_schedule(cs->sched, &ps->sp, &res);
        if (res.status == AK_SCHED_FIT) {
            bind_pod(cs, p, ps, res.node);
            continue;
        }
        const char *msg = ak_buf_cstr(&res.message);
        if (res.status == AK_SCHED_NOMINATED) {
            const char *nn = ak_sched_node_name(cs->sched, res.node);
            for (size_t v = 0; v < res.n_victims; v++) {
                for (struct ak_kobj *q = ak_kstore_first(ks, AK_KIND_POD); q; q = ak_kstore_next(q)) {
                    struct ak_kpod *qp = ak_kpod_of(q);
                    struct podsched *qs = qp ? qp->sched : NULL;
                    if (qs && qs->id == res.victims[v].id) {
                        ev(cs, q, "Normal", "Preempted", "default-scheduler", NULL,
                           "Preempted by pod %s on node %s", p->uid, nn ? nn : "");
                        char ns[256], name[256], uid[37];
                        snprintf(ns, sizeof(ns), "%s", q->ns);
                        snprintf(name, sizeof(name), "%s", q->name);
                        snprintf(uid, sizeof(uid), "%s", q->uid);
                        ak_kstore_delete(ks, q);
                        ak_kctrl_deleted(cs->kc, AK_KIND_POD, ns, name, uid, "Background");
                        break;
                    }
                }
            }
            free(kp->nominated);
            kp->nominated = ak_xstrdup(nn);
            ak_kctrl_kick(cs->kc);
        }
        bool changed = !kp->sched_failed || !ak_streq(kp->sched_msg, msg);
        if (changed) {
            kp->sched_failed = true;
            kp->sched_failed_ms = now_ms(cs);
            free(kp->sched_msg);
            kp->sched_msg = ak_xstrdup(msg);
            ak_kstore_touch(ks, p);
        }
        if (changed || kp->sched_failed_ms + 60000 < now_ms(cs))
            ev(cs, p, "Warning", "FailedScheduling", "default-scheduler", NULL, "%s", msg);
    }
    ak_sched_result_release(&res);
    free(pend);
}

/* The kubelet: bound pods start after the start-up time; job pods finish after their run
 * time; pods of nodes that are gone are removed (pod GC). Returns the next due time. */
static int64_t kubelet(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    const struct ak_kworld_config *cfg = ak_kworld_config(cs->kc->world);
    int64_t now = now_ms(cs), due = INT64_MAX;
    for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_POD); p;) {
        struct ak_kobj *next = ak_kstore_next(p);
        struct ak_kpod *kp = ak_kpod_of(p);
        if (!kp->node) {
            p = next;
            continue;
        }
        struct nodeinfo *ni = node_info(cs, kp->node);
        if (!ni) {
            /* PodGC: the node is gone */
            char ns[256], name[256], uid[37];
            snprintf(ns, sizeof(ns), "%s", p->ns);
            snprintf(name, sizeof(name), "%s", p->name);
            snprintf(uid, sizeof(uid), "%s", p->uid);
            ak_kstore_delete(ks, p);
            ak_kctrl_deleted(cs->kc, AK_KIND_POD, ns, name, uid, "Background");
            p = next;
            continue;
        }
        if (strcmp(kp->phase, "Pending") == 0 && kp->scheduled_ms) {
            int64_t at = kp->scheduled_ms + cfg->pod_start_ms;
            if (now < at) {
                if (at < due)
                    due = at;
                p = next;
                continue;
            }
            struct podsched *ps = ps_of(cs, p);
            snprintf(kp->phase, sizeof(kp->phase), "Running");
            kp->started_ms = kp->scheduled_ms;
            kp->ready_ms = now;
            if (ps->host_network) {
                snprintf(kp->pod_ip, sizeof(kp->pod_ip), "%s", ni->ip);
            } else {
                int ord = alloc_ip(ni);
                ps->ip_ord = ord;
                if (ord >= 0)
                    snprintf(kp->pod_ip, sizeof(kp->pod_ip), "%d.%d.%d.%d", ni->cidr_a, ni->cidr_b,
                             ni->cidr_c, ord);
            }
            for (int c = 0; c < kp->nc; c++) {
                kp->c[c].ready = true;
                kp->c[c].started_ms = now;
                ak_free_ptr(&kp->c[c].reason);
            }
            ak_kstore_touch(ks, p);
            for (int c = 0; c < kp->nc && c < 4; c++) {
                ev(cs, p, "Normal", "Pulled", "kubelet", kp->node,
                   "Container image \"%s\" already present on machine", kp->c[c].image);
                ev(cs, p, "Normal", "Created", "kubelet", kp->node, "Created container: %s", kp->c[c].name);
                ev(cs, p, "Normal", "Started", "kubelet", kp->node, "Started container %s", kp->c[c].name);
            }
            ak_kctrl_kick(cs->kc);
        }
        if (strcmp(kp->phase, "Running") == 0 && p->owner_kind && strcmp(p->owner_kind, "Job") == 0) {
            json_t *j = ak_kobj_json(p);
            json_t *ann = json_object_get(json_object_get(j, "metadata"), "annotations");
            int64_t run = parse_duration_ms(ak_json_str(ann, RUN_DURATION_ANN), DEFAULT_JOB_RUN_MS);
            int64_t code = 0;
            if (ak_json_str(ann, EXIT_CODE_ANN))
                ak_parse_i64(ak_json_str(ann, EXIT_CODE_ANN), 0, 255, &code);
            json_decref(j);
            int64_t at = kp->started_ms + run;
            if (now >= at) {
                snprintf(kp->phase, sizeof(kp->phase), "%s", code ? "Failed" : "Succeeded");
                kp->finished_ms = now;
                for (int c = 0; c < kp->nc; c++) {
                    kp->c[c].ready = false;
                    kp->c[c].exit_code = (int)code;
                    free(kp->c[c].reason);
                    kp->c[c].reason = ak_xstrdup(code ? "Error" : "Completed");
                }
                struct podsched *ps = ps_of(cs, p);
                if (ps->assigned) {
                    ak_sched_unassign(cs->sched, ps->node, ps->id);
                    ps->assigned = false;
                }
                ak_kstore_touch(ks, p);
                ak_kctrl_kick(cs->kc);
            } else if (at < due) {
                due = at;
            }
        }
        p = next;
    }
    return due;
}

/* NoExecute taints evict the pods that do not tolerate them, after tolerationSeconds for the
 * ones that tolerate them for a while (the taint-eviction controller). Returns the next due
 * time. */
static int64_t taint_eviction(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    int64_t now = now_ms(cs), due = INT64_MAX;
    for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_POD); p;) {
        struct ak_kobj *next = ak_kstore_next(p);
        struct ak_kpod *kp = ak_kpod_of(p);
        struct nodeinfo *ni = kp->node ? node_info(cs, kp->node) : NULL;
        if (!ni || ni->nne == 0 || pod_terminal(p) || p->deleted_ms) {
            p = next;
            continue;
        }
        struct podsched *ps = ps_of(cs, p);
        int64_t evict_at = INT64_MAX;
        for (size_t t = 0; t < ni->nne; t++) {
            struct ak_taint taint;
            memset(&taint, 0, sizeof(taint));
            snprintf(taint.key, sizeof(taint.key), "%s", ni->ne[t].key);
            snprintf(taint.value, sizeof(taint.value), "%s", ni->ne[t].value);
            snprintf(taint.effect, sizeof(taint.effect), "NoExecute");
            bool tolerated = false, forever = false;
            int64_t secs = INT64_MAX;
            for (size_t k = 0; k < ps->ntols; k++) {
                if (!ak_sched_tolerates(&ps->tols[k], &taint))
                    continue;
                tolerated = true;
                if (!ps->tols[k].has_seconds)
                    forever = true;
                else if (ps->tols[k].seconds < secs)
                    secs = ps->tols[k].seconds < 0 ? 0 : ps->tols[k].seconds;
            }
            int64_t at = !tolerated ? now : forever ? INT64_MAX : ni->ne[t].since_ms + secs * 1000;
            if (at < evict_at)
                evict_at = at;
        }
        if (evict_at <= now) {
            ev(cs, p, "Normal", "TaintManagerEviction", "taint-eviction-controller", NULL,
               "Marking for deletion Pod %s/%s", p->ns, p->name);
            char ns[256], name[256], uid[37];
            snprintf(ns, sizeof(ns), "%s", p->ns);
            snprintf(name, sizeof(name), "%s", p->name);
            snprintf(uid, sizeof(uid), "%s", p->uid);
            ak_kstore_delete(ks, p);
            ak_kctrl_deleted(cs->kc, AK_KIND_POD, ns, name, uid, "Background");
        } else if (evict_at < due) {
            due = evict_at;
        }
        p = next;
    }
    return due;
}

/* ------------------------------------------------------------------ namespaces and GC */

static void namespaces(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    for (struct ak_kobj *nso = ak_kstore_first(ks, AK_KIND_NAMESPACE); nso;) {
        struct ak_kobj *next = ak_kstore_next(nso);
        if (!nso->deleted_ms) {
            nso = next;
            continue;
        }
        for (int k = 0; k < AK_KIND_COUNT; k++) {
            if (!ak_kind(k)->namespaced)
                continue;
            for (struct ak_kobj *o = ak_kstore_first(ks, k); o;) {
                struct ak_kobj *n2 = ak_kstore_next(o);
                if (strcmp(o->ns, nso->name) == 0)
                    ak_kstore_delete(ks, o);
                o = n2;
            }
        }
        ak_kstore_delete(ks, nso);
        nso = next;
    }
}

static enum ak_kkind kind_named(const char *k)
{
    for (int i = 0; i < AK_KIND_COUNT; i++)
        if (k && strcmp(ak_kind(i)->name, k) == 0)
            return i;
    return AK_KIND_COUNT;
}

static void gc(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    static const enum ak_kkind dependents[] = {AK_KIND_REPLICASET, AK_KIND_POD, AK_KIND_LEASE};
    for (size_t d = 0; d < AK_ARRAY_LEN(dependents); d++)
        for (struct ak_kobj *o = ak_kstore_first(ks, dependents[d]); o;) {
            struct ak_kobj *next = ak_kstore_next(o);
            if (o->owner_uid[0]) {
                enum ak_kkind ok = kind_named(o->owner_kind);
                struct ak_kobj *own = ok == AK_KIND_COUNT ? NULL
                                      : ak_kstore_get(ks, ok, ak_kind(ok)->namespaced ? o->ns : "", o->owner_name);
                if (ok != AK_KIND_COUNT && (!own || strcmp(own->uid, o->owner_uid) != 0))
                    ak_kstore_delete(ks, o);
            }
            o = next;
        }
}

void ak_kctrl_deleted(struct ak_kcluster *kc, enum ak_kkind kind, const char *ns, const char *name,
                      const char *uid, const char *propagation)
{
    (void)kind;
    (void)ns;
    (void)name;
    if (!propagation || strcmp(propagation, "Orphan") != 0)
        return; /* gc() removes the dependents on the next pass */
    struct ak_kstore *ks = kc->ks;
    for (int k = 0; k < AK_KIND_COUNT; k++)
        for (struct ak_kobj *o = ak_kstore_first(ks, k); o; o = ak_kstore_next(o)) {
            if (strcmp(o->owner_uid, uid) != 0)
                continue;
            json_t *j = ak_kobj_json(o);
            json_object_del(json_object_get(j, "metadata"), "ownerReferences");
            struct ak_err err;
            ak_kstore_update(ks, o, j, &err);
            json_decref(j);
        }
}

bool ak_kctrl_priority(struct ak_kcluster *kc, const char *pc, int32_t *out)
{
    struct ak_kobj *o = ak_kstore_get(kc->ks, AK_KIND_PRIORITYCLASS, "", pc);
    if (!o)
        return false;
    json_t *j = ak_kobj_json(o);
    *out = (int32_t)json_integer_value(json_object_get(j, "value"));
    json_decref(j);
    return true;
}

/* ------------------------------------------------------------------ add-ons */

static void addons(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    if (cs->addons_done)
        return;
    cs->addons_done = true;
    if (ak_kstore_get(ks, AK_KIND_DEPLOYMENT, "kube-system", "coredns"))
        return; /* loaded from the store */
    char err[512];
    json_t *docs = ak_yaml_parse_all(ak_addons_yaml, strlen(ak_addons_yaml), "data/addons.yaml", err, sizeof(err));
    if (!docs)
        ak_fatal("built-in add-ons: %s", err);
    static const char *const sas[] = {"coredns", "coredns-autoscaler", "metrics-server", "konnectivity-agent"};
    for (size_t i = 0; i < AK_ARRAY_LEN(sas); i++) {
        json_t *sa = json_pack("{s:{s:s,s:s}}", "metadata", "name", sas[i], "namespace", "kube-system");
        struct ak_err e;
        if (!ak_kstore_get(ks, AK_KIND_SERVICEACCOUNT, "kube-system", sas[i]))
            ak_kstore_create(ks, AK_KIND_SERVICEACCOUNT, sa, NULL, &e);
        json_decref(sa);
    }
    json_t *cm = json_pack("{s:{s:s,s:s},s:{s:s}}", "metadata", "name", "coredns-autoscaler", "namespace",
                           "kube-system", "data", "ladder",
                           "{\"coresToReplicas\":[[1,2],[512,3],[1024,4],[2048,5]],"
                           "\"nodesToReplicas\":[[1,2],[8,3],[16,4],[32,5]]}");
    struct ak_err e;
    ak_kstore_create(ks, AK_KIND_CONFIGMAP, cm, NULL, &e);
    json_decref(cm);
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d)
    {
        const struct ak_kind_info *ki = ak_kind_by_name(ak_json_str(d, "apiVersion"), ak_json_str(d, "kind"));
        if (!ki)
            continue;
        if (ki->kind == AK_KIND_DEPLOYMENT) {
            json_t *spec = json_object_get(d, "spec");
            json_object_set_new(spec, "strategy", json_pack("{s:s,s:{s:i,s:s}}", "type", "RollingUpdate",
                                                            "rollingUpdate", "maxUnavailable", 1, "maxSurge", "25%"));
            json_object_set_new(spec, "revisionHistoryLimit", json_integer(2));
            json_object_set_new(spec, "progressDeadlineSeconds", json_integer(600));
        }
        if (ak_kstore_create(ks, ki->kind, d, NULL, &e) != 0)
            ak_log(AK_LOG_ERROR, "kctrl", "add-on %s: %s", ak_json_str(json_object_get(d, "metadata"), "name"), e.message);
    }
    json_decref(docs);
}

/* cluster-proportional-autoscaler's ladder for CoreDNS */
static void coredns_autoscale(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    struct ak_kobj *cm = ak_kstore_get(ks, AK_KIND_CONFIGMAP, "kube-system", "coredns-autoscaler");
    struct ak_kobj *dep = ak_kstore_get(ks, AK_KIND_DEPLOYMENT, "kube-system", "coredns");
    if (!cm || !dep)
        return;
    json_t *cj = ak_kobj_json(cm);
    json_t *ladder = json_loads(ak_json_str(json_object_get(cj, "data"), "ladder") ? ak_json_str(json_object_get(cj, "data"), "ladder") : "{}", 0, NULL);
    json_decref(cj);
    int64_t nodes = (int64_t)ak_kstore_count(ks, AK_KIND_NODE), cores = 0;
    for (struct ak_kobj *n = ak_kstore_first(ks, AK_KIND_NODE); n; n = ak_kstore_next(n)) {
        const struct ak_knode *kn = ak_knode_of(n);
        int64_t c = 0;
        if (kn)
            ak_parse_i64(kn->cpu, 0, 100000, &c);
        cores += c;
    }
    int64_t want = 1;
    const char *keys[] = {"coresToReplicas", "nodesToReplicas"};
    int64_t vals[] = {cores, nodes};
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *step;
        json_array_foreach(json_object_get(ladder, keys[k]), i, step)
        {
            if (vals[k] >= json_integer_value(json_array_get(step, 0)) &&
                json_integer_value(json_array_get(step, 1)) > want)
                want = json_integer_value(json_array_get(step, 1));
        }
    }
    json_decref(ladder);
    json_t *dj = ak_kobj_json(dep);
    if (replicas_of(json_object_get(dj, "spec")) != want) {
        json_object_set_new(json_object_get(dj, "spec"), "replicas", json_integer(want));
        struct ak_err err;
        ak_kstore_update(ks, dep, dj, &err);
    }
    json_decref(dj);
}

/* ------------------------------------------------------------------ the pass */

static void reconcile(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    addons(cs);
    namespaces(cs);
    gc(cs);
    sync_sched_nodes(cs);
    coredns_autoscale(cs);
    for (struct ak_kobj *d = ak_kstore_first(ks, AK_KIND_DEPLOYMENT); d; d = ak_kstore_next(d))
        reconcile_deployment(cs, d);
    for (struct ak_kobj *rs = ak_kstore_first(ks, AK_KIND_REPLICASET); rs; rs = ak_kstore_next(rs))
        reconcile_replicaset(cs, rs);
    for (struct ak_kobj *ds = ak_kstore_first(ks, AK_KIND_DAEMONSET); ds; ds = ak_kstore_next(ds))
        reconcile_daemonset(cs, ds);
    for (struct ak_kobj *jb = ak_kstore_first(ks, AK_KIND_JOB); jb; jb = ak_kstore_next(jb))
        reconcile_job(cs, jb);
    int64_t tdue = taint_eviction(cs);
    schedule_pending(cs);
    int64_t due = kubelet(cs);
    if (tdue < due)
        due = tdue;
    for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_PDB); p; p = ak_kstore_next(p))
        reconcile_pdb(cs, p);
    /* deployments see the pods that just started */
    for (struct ak_kobj *rs = ak_kstore_first(ks, AK_KIND_REPLICASET); rs; rs = ak_kstore_next(rs))
        reconcile_replicaset(cs, rs);
    for (struct ak_kobj *d = ak_kstore_first(ks, AK_KIND_DEPLOYMENT); d; d = ak_kstore_next(d))
        reconcile_deployment(cs, d);
    struct ak_err err;
    if (ak_kworld_commit(cs->kc->world, &err) != 0) {
        ak_log(AK_LOG_ERROR, "kctrl", "could not store the controllers' changes: %s", err.message);
        return;
    }
    struct ak_loop *loop = cs->ctrl->loop;
    if (due != INT64_MAX && (!ak_timer_active(&cs->timer) || cs->timer.due_ms > due))
        ak_timer_start_at(loop, &cs->timer, due);
}

static void on_timer(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    (void)loop;
    (void)t;
    reconcile(ud);
}

void ak_kctrl_kick(struct ak_kcluster *kc)
{
    struct kcs *cs = cs_of(kc);
    if (!cs)
        return;
    struct ak_loop *loop = cs->ctrl->loop;
    int64_t now = ak_loop_now(loop);
    if (!ak_timer_active(&cs->timer) || cs->timer.due_ms > now)
        ak_timer_start_at(loop, &cs->timer, now);
}

/* ------------------------------------------------------------------ hooks */

static void cluster_added(void *ud, struct ak_kcluster *kc)
{
    struct ak_kctrl *c = ud;
    if (kc->ctrl)
        return;
    struct kcs *cs = ak_xcalloc(1, sizeof(*cs));
    cs->ctrl = c;
    cs->kc = kc;
    struct ak_sched_opts opts;
    ak_sched_opts_init(&opts);
    opts.pdb = pdb_violation_cb;
    opts.pdb_ud = cs;
    cs->sched = ak_sched_new(&opts);
    ak_timer_init(&cs->timer, on_timer, cs);
    kc->ctrl = cs;
    ak_kctrl_kick(kc);
}

static void cluster_removed(void *ud, struct ak_kcluster *kc)
{
    (void)ud;
    struct kcs *cs = cs_of(kc);
    if (!cs)
        return;
    /* pods outlive this state: detach their scheduling views first */
    for (struct ak_kobj *p = ak_kstore_first(kc->ks, AK_KIND_POD); p; p = ak_kstore_next(p)) {
        struct ak_kpod *kp = ak_kpod_of(p);
        if (kp && kp->sched)
            ((struct podsched *)kp->sched)->cs = NULL;
    }
    ak_timer_stop(cs->ctrl->loop, &cs->timer);
    ak_sched_free(cs->sched);
    for (size_t i = 0; i < cs->nnodes; i++) {
        free(cs->nodes[i].name);
        free(cs->nodes[i].ne);
    }
    free(cs->nodes);
    free(cs);
    kc->ctrl = NULL;
}

static void synced(void *ud, struct ak_kcluster *kc)
{
    (void)ud;
    ak_kctrl_kick(kc);
}

struct ak_kctrl *ak_kctrl_new(struct ak_kworld *w)
{
    struct ak_kctrl *c = ak_xcalloc(1, sizeof(*c));
    c->w = w;
    c->loop = ak_kworld_loop(w);
    struct ak_kworld_hooks h = {cluster_added, cluster_removed, synced, c};
    ak_kworld_add_hooks(w, &h);
    return c;
}

void ak_kctrl_free(struct ak_kctrl *c)
{
    free(c);
}
