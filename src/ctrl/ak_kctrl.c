/* ak_kctrl.c - the Kubernetes controllers of every emulated cluster (see ak_kctrl.h).
 *
 * Change-driven, as informers drive kube-controller-manager: the object store calls
 * on_change() for every write (the API's and the controllers' own), which queues only what the
 * change concerns - the object's controller (a pod's ReplicaSet, DaemonSet or Job; a
 * ReplicaSet's Deployment), the budgets of its namespace, the pod itself for the scheduler or
 * the kubelet, every DaemonSet when a node changes. A pass (a loop timer armed by the first
 * change) works through the queues under a time budget and commits once, so the cost of a pass
 * is proportional to what changed, not to the size of the cluster, and requests are served
 * between passes. Per cluster:
 *   wq      controllers to reconcile (Deployments, ReplicaSets, DaemonSets, Jobs, PDBs), FIFO;
 *   nodeq   nodes to (re)load into the scheduler; gone: nodes deleted since the last pass;
 *   active  pods to schedule (or, with spec.nodeName, to admit), a heap by priority then age,
 *           as kube-scheduler's activeQ; unsched: pods that did not fit, retried when a node
 *           or a pod changes and every minute (its unschedulableQ);
 *   timers  pods whose next kubelet step is due at a time (start-up, a job pod's end), a heap;
 *   nodes   per node: its pods, its NoExecute taints, its pod IP allocation. */
#include "ak_kctrl_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kube/ak_kpod.h"
#include "../kube/ak_quantity.h"
#include "../kube/ak_selector.h"
#include "../sched/ak_sched.h"
#include "../state/ak_codec.h"
#include "../state/ak_state.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_time.h"
#include "../util/ak_yaml.h"
#include "../util/ak_banned.h"

extern const char ak_addons_yaml[]; /* generated from data/addons.yaml */

#define RUN_DURATION_ANN "aksemu.io/run-duration"
#define EXIT_CODE_ANN "aksemu.io/exit-code"
#define STOP_DURATION_ANN "aksemu.io/stop-duration"
#define DEFAULT_JOB_RUN_MS 5000
#define BURST_REPLICAS 500      /* replicaset/job controllers: pods created per sync */
#define PASS_BUDGET_NS 2000000 /* a pass yields to the loop after ~2 ms of work (and its
                                * commit): requests wait at most about that long */
#define UNSCHED_FLUSH_MS 60000  /* unschedulable pods are retried at least this often */

static struct kcs *cs_of(struct ak_kcluster *kc)
{
    return kc ? kc->ctrl : NULL;
}

static int64_t now_ms(struct kcs *cs)
{
    return ak_kstore_now(cs->kc->ks);
}

/* The daemon splits long passes to stay responsive; in virtual time (the simulator) nothing
 * waits for a pass and a run must not depend on how fast the machine is: no budget. */
static bool over_budget(struct kcs *cs)
{
    if (ak_loop_is_virtual(cs->ctrl->loop))
        return false;
    return ak_mono_ns() - cs->pass_start_ns > PASS_BUDGET_NS;
}

/* ------------------------------------------------------------------ work queues */

static struct ak_kobj **q_head(struct kcs *cs, bool nodes)
{
    return nodes ? &cs->nq_head : &cs->wq_head;
}

static void q_push(struct kcs *cs, struct ak_kobj *o)
{
    if (o->wq_in || o->removed)
        return;
    bool nodes = o->kind == AK_KIND_NODE;
    struct ak_kobj **head = q_head(cs, nodes), **tail = nodes ? &cs->nq_tail : &cs->wq_tail;
    o->wq_in = true;
    o->wq_next = NULL;
    o->wq_prev = *tail;
    if (*tail)
        (*tail)->wq_next = o;
    else
        *head = o;
    *tail = o;
}

static void q_remove(struct kcs *cs, struct ak_kobj *o)
{
    if (!o->wq_in)
        return;
    bool nodes = o->kind == AK_KIND_NODE;
    struct ak_kobj **head = q_head(cs, nodes), **tail = nodes ? &cs->nq_tail : &cs->wq_tail;
    if (o->wq_prev)
        o->wq_prev->wq_next = o->wq_next;
    else
        *head = o->wq_next;
    if (o->wq_next)
        o->wq_next->wq_prev = o->wq_prev;
    else
        *tail = o->wq_prev;
    o->wq_in = false;
    o->wq_next = o->wq_prev = NULL;
}

static struct ak_kobj *q_pop(struct kcs *cs, bool nodes)
{
    struct ak_kobj *o = *q_head(cs, nodes);
    if (o)
        q_remove(cs, o);
    return o;
}

/* ---- pod heaps: `active` by priority (higher first), then creation, then id; `timers` by
 * due time ---- */

static bool aq_less(const struct podsched *a, const struct podsched *b)
{
    if (a->v->sp.priority != b->v->sp.priority)
        return a->v->sp.priority > b->v->sp.priority;
    if (a->pod->created_ms != b->pod->created_ms)
        return a->pod->created_ms < b->pod->created_ms;
    return a->id < b->id;
}

static bool tq_less(const struct podsched *a, const struct podsched *b)
{
    return a->due < b->due;
}

static int32_t *heap_idx(struct kcs *cs, struct pheap *h, struct podsched *ps)
{
    return h == &cs->active ? &ps->aq : &ps->tq;
}

static bool heap_less(struct kcs *cs, struct pheap *h, size_t a, size_t b)
{
    return h == &cs->active ? aq_less(h->v[a], h->v[b]) : tq_less(h->v[a], h->v[b]);
}

static void heap_swap(struct kcs *cs, struct pheap *h, size_t a, size_t b)
{
    struct podsched *t = h->v[a];
    h->v[a] = h->v[b];
    h->v[b] = t;
    *heap_idx(cs, h, h->v[a]) = (int32_t)a;
    *heap_idx(cs, h, h->v[b]) = (int32_t)b;
}

static void heap_up(struct kcs *cs, struct pheap *h, size_t i)
{
    while (i > 0 && heap_less(cs, h, i, (i - 1) / 2)) {
        heap_swap(cs, h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static void heap_down(struct kcs *cs, struct pheap *h, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && heap_less(cs, h, l, m))
            m = l;
        if (r < h->n && heap_less(cs, h, r, m))
            m = r;
        if (m == i)
            return;
        heap_swap(cs, h, i, m);
        i = m;
    }
}

static void heap_push(struct kcs *cs, struct pheap *h, struct podsched *ps)
{
    if (*heap_idx(cs, h, ps) >= 0) {
        size_t i = (size_t)*heap_idx(cs, h, ps);
        heap_up(cs, h, i);
        heap_down(cs, h, (size_t)*heap_idx(cs, h, ps));
        return;
    }
    AK_GROW(h->v, h->n + 1, h->cap);
    h->v[h->n] = ps;
    *heap_idx(cs, h, ps) = (int32_t)h->n;
    h->n++;
    heap_up(cs, h, h->n - 1);
}

static void heap_remove(struct kcs *cs, struct pheap *h, struct podsched *ps)
{
    int32_t i = *heap_idx(cs, h, ps);
    if (i < 0)
        return;
    size_t last = h->n - 1;
    if ((size_t)i != last) {
        heap_swap(cs, h, (size_t)i, last);
        h->n--;
        heap_up(cs, h, (size_t)i);
        if ((size_t)i < h->n)
            heap_down(cs, h, (size_t)i);
    } else {
        h->n--;
    }
    *heap_idx(cs, h, ps) = -1;
}

static struct podsched *heap_top(struct pheap *h)
{
    return h->n ? h->v[0] : NULL;
}

/* ---- the unschedulable list ---- */

static void unsched_add(struct kcs *cs, struct podsched *ps)
{
    if (ps->unsched)
        return;
    if (!cs->unsched)
        cs->unsched_flush_ms = now_ms(cs) + UNSCHED_FLUSH_MS;
    ps->unsched = true;
    ps->un_prev = NULL;
    ps->un_next = cs->unsched;
    if (cs->unsched)
        cs->unsched->un_prev = ps;
    cs->unsched = ps;
    cs->nunsched++;
}

static void unsched_del(struct kcs *cs, struct podsched *ps)
{
    if (!ps->unsched)
        return;
    if (ps->un_prev)
        ps->un_prev->un_next = ps->un_next;
    else
        cs->unsched = ps->un_next;
    if (ps->un_next)
        ps->un_next->un_prev = ps->un_prev;
    ps->un_next = ps->un_prev = NULL;
    ps->unsched = false;
    cs->nunsched--;
}

/* kube-scheduler's MoveAllToActiveOrBackoffQueue */
static void unsched_retry_all(struct kcs *cs)
{
    while (cs->unsched) {
        struct podsched *ps = cs->unsched;
        unsched_del(cs, ps);
        heap_push(cs, &cs->active, ps);
    }
}

/* ---- pods on nodes ---- */

static void node_list_add(struct nodeinfo *ni, struct podsched *ps)
{
    if (ps->ni == ni)
        return;
    ps->ni = ni;
    ni->press_dirty = true;
    ni->change_seq = ++ps->cs->change_ctr;
    ps->nd_prev = NULL;
    ps->nd_next = ni->pods;
    if (ni->pods)
        ni->pods->nd_prev = ps;
    ni->pods = ps;
    ni->npods++;
}

static void node_list_del(struct podsched *ps)
{
    struct nodeinfo *ni = ps->ni;
    if (!ni)
        return;
    ni->press_dirty = true;
    ni->change_seq = ++ps->cs->change_ctr;
    if (ps->ip_ord >= 0) {
        ni->ip_used[ps->ip_ord] = 0;
        ps->ip_ord = -1;
    }
    if (ps->nd_prev)
        ps->nd_prev->nd_next = ps->nd_next;
    else
        ni->pods = ps->nd_next;
    if (ps->nd_next)
        ps->nd_next->nd_prev = ps->nd_prev;
    ps->nd_next = ps->nd_prev = NULL;
    ps->ni = NULL;
    ni->npods--;
}

/* Releases the pod's place in the scheduler. */
static void ps_unassign(struct podsched *ps)
{
    if (ps->cs && ps->assigned)
        ak_sched_unassign(ps->cs->sched, ps->node, ps->id);
    ps->assigned = false;
}

/* Takes the pod out of every controller structure (it is being deleted). */
static void ps_detach(struct podsched *ps)
{
    struct kcs *cs = ps->cs;
    if (!cs)
        return;
    ps_unassign(ps);
    heap_remove(cs, &cs->active, ps);
    heap_remove(cs, &cs->timers, ps);
    unsched_del(cs, ps);
    node_list_del(ps);
}

/* ------------------------------------------------------------------ pod scheduling views */

static void view_unref(struct kcs *cs, struct psview *ps)
{
    if (!ps || --ps->refs)
        return;
    if (cs && ps->spec) {
        for (struct psview **pp = &cs->views[ps->key & 1023]; *pp; pp = &(*pp)->hnext)
            if (*pp == ps) {
                *pp = ps->hnext;
                break;
            }
    }
    free(ps->spec);
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

static void ps_free(void *p)
{
    struct podsched *ps = p;
    if (!ps)
        return;
    ps_detach(ps);
    view_unref(ps->cs, ps->v);
    free(ps->ds_node);
    kpress_pod_free(ps);
    free(ps);
}

/* The pod as the scheduler sees it. A DaemonSet pod's affinity term names its own node
 * (scratch storage: valid until the next call). */
static struct ak_sched_pod pod_sp(const struct podsched *ps)
{
    static struct ak_sched_nsel_term term;
    static struct ak_sched_nsel_req field;
    static const char *value[1];
    struct ak_sched_pod sp = ps->v->sp;
    sp.id = ps->id;
    sp.start_time = ps->pod->created_ms;
    if (ps->v->per_node && ps->ds_node) {
        term = ps->v->terms[0];
        field = ps->v->terms[0].fields[0];
        value[0] = ps->ds_node;
        field.values = value;
        field.n_values = 1;
        term.fields = &field;
        sp.required = &term;
    }
    return sp;
}

static const char *keep(struct psview *ps, const char *s)
{
    if (!s)
        return NULL;
    ak_strs_push(&ps->pool, s);
    return ps->pool.v[ps->pool.n - 1];
}

static void add_res(const json_t *res, int64_t *cpu, int64_t *mem, int64_t *eph,
                    struct psview *ps, bool max_mode)
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

static void add_reqs(struct psview *ps, const json_t *exprs, bool fields, size_t *first,
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

static struct psview *view_build(const struct ak_kobj *pod, const json_t *spec)
{
    struct psview *ps = ak_xcalloc(1, sizeof(*ps));
    ps->refs = 1;
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
    ps->sp.daemonset = pod->owner_kind && strcmp(pod->owner_kind, "DaemonSet") == 0;
    return ps;
}

static struct podsched *podsched_build(struct kcs *cs, struct ak_kobj *pod)
{
    struct podsched *ps = ak_xcalloc(1, sizeof(*ps));
    ps->cs = cs;
    ps->pod = pod;
    ps->aq = ps->tq = -1;
    ps->id = ++cs->next_pod_id;
    ps->node = -1;
    ps->ip_ord = -1;
    /* pods with the same spec share one view; DaemonSet pods' specs differ only in the node
     * of their affinity term (matchFields metadata.name In [node]), which is left out of the
     * comparison and kept per pod */
    bool ds = pod->owner_kind && strcmp(pod->owner_kind, "DaemonSet") == 0;
    size_t slen = 0;
    const char *stext = ak_kobj_spec_text(pod, &slen);
    char *copy = NULL;
    if (stext) {
        copy = ak_xmalloc(slen + 1);
        memcpy(copy, stext, slen);
        copy[slen] = '\0';
    }
    if (copy && ds) {
        static const char pin[] = "\"matchFields\":[{\"key\":\"metadata.name\",\"operator\":\"In\",\"values\":[\"";
        char *at = strstr(copy, pin);
        char *end = at ? strchr(at + sizeof(pin) - 1, '"') : NULL;
        if (at && end && end[1] == ']' && end[2] == '}' && end[3] == ']') {
            char *val = at + sizeof(pin) - 1;
            ps->ds_node = ak_xstrndup(val, (size_t)(end - val));
            memmove(val, end, strlen(end) + 1);
            slen = strlen(copy);
        } else {
            free(copy); /* another shape: a view of its own */
            copy = NULL;
        }
    }
    uint64_t key = copy ? ak_hash64(copy, (unsigned long)slen) : 0;
    if (copy)
        for (struct psview *v = cs->views[key & 1023]; v; v = v->hnext)
            if (v->key == key && v->spec_len == slen && memcmp(v->spec, copy, slen) == 0) {
                v->refs++;
                ps->v = v;
                free(copy);
                return ps;
            }
    json_t *j = ak_kobj_json(pod);
    ps->v = view_build(pod, json_object_get(j, "spec"));
    json_decref(j);
    if (ds && !ps->ds_node && ps->v->nterms > 0 && ps->v->terms[0].n_fields > 0 &&
        ps->v->terms[0].fields[0].n_values > 0 && strcmp(ps->v->terms[0].fields[0].key, "metadata.name") == 0)
        ps->ds_node = ak_xstrdup(ps->v->terms[0].fields[0].values[0]);
    if (ps->ds_node && copy) {
        struct psview *v = ps->v;
        if (v->nterms == 1 && v->terms[0].n_fields == 1 && v->terms[0].fields[0].n_values == 1 &&
            strcmp(v->terms[0].fields[0].key, "metadata.name") == 0) {
            v->per_node = true;
        } else {
            free(copy);
            copy = NULL;
        }
    }
    if (copy) {
        ps->v->spec = copy;
        ps->v->spec_len = slen;
        ps->v->key = key;
        ps->v->hnext = cs->views[key & 1023];
        cs->views[key & 1023] = ps->v;
    }
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
    int32_t id = name ? ak_sched_node_find(cs->sched, name) : -1;
    return id >= 0 && (size_t)id < cs->cap_id ? cs->by_id[id] : NULL;
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

static void ni_free(struct nodeinfo *ni)
{
    free(ni->name);
    free(ni->taints);
    free(ni->ne);
    free(ni);
}

/* A node was added or changed: (re)load it into the scheduler. */
static void node_sync(struct kcs *cs, struct ak_kobj *o)
{
    struct nodeinfo *ni = node_info(cs, o->name);
    if (ni && ni->rv == o->rv)
        return;
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
    if (id < 0) {
        ak_log(AK_LOG_WARN, "kctrl", "node %s: not schedulable (%d)", o->name, id);
        free(taints);
        free(ne);
        json_decref(j);
        return;
    }
    if (!ni) {
        if ((size_t)id >= cs->cap_id) {
            size_t ncap = cs->cap_id ? cs->cap_id : 64;
            while (ncap <= (size_t)id)
                ncap *= 2;
            cs->by_id = ak_xreallocarray(cs->by_id, ncap, sizeof(*cs->by_id));
            memset(cs->by_id + cs->cap_id, 0, (ncap - cs->cap_id) * sizeof(*cs->by_id));
            cs->cap_id = ncap;
        }
        ni = ak_xcalloc(1, sizeof(*ni));
        ni->press_dirty = true;
        ni->name = ak_xstrdup(o->name);
        cs->by_id[id] = ni;
    }
    ni->id = id;
    ni->rv = o->rv;
    ni->obj = o;
    free(ni->taints);
    ni->taints = taints;
    ni->ntaints = k;
    free(ni->ne);
    ni->ne = ne;
    ni->nne = nne;
    snprintf(ni->ip, sizeof(ni->ip), "%.15s", kn ? kn->internal_ip : "");
    const char *cidr = ak_json_str(spec, "podCIDR");
    if (!cidr || sscanf(cidr, "%d.%d.%d.", &ni->cidr_a, &ni->cidr_b, &ni->cidr_c) != 3) {
        ni->cidr_a = 10;
        ni->cidr_b = 244;
        ni->cidr_c = 0;
    }
    json_decref(j);
}

/* A node was deleted (from the store hook): it leaves the scheduler now; its pods are
 * collected by the next pass. */
static void node_gone(struct kcs *cs, const char *name)
{
    struct nodeinfo *ni = node_info(cs, name);
    if (!ni)
        return;
    for (struct podsched *ps = ni->pods; ps; ps = ps->nd_next)
        ps->assigned = false; /* the scheduler drops them with the node */
    ak_sched_node_remove(cs->sched, ni->id);
    klife_node_gone(cs, name);
    cs->by_id[ni->id] = NULL;
    ni->obj = NULL;
    ni->gone_next = cs->gone;
    cs->gone = ni;
}

/* ------------------------------------------------------------------ helpers */

#define ev kc_ev /* events, everywhere in the controllers through one helper */

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

/* ---- for ak_klife.c ---- */

int64_t kc_now(struct kcs *cs)
{
    return now_ms(cs);
}

struct nodeinfo *kc_node_info(struct kcs *cs, const char *name)
{
    return node_info(cs, name);
}

struct podsched *kc_ps_of(struct kcs *cs, struct ak_kobj *pod)
{
    return ps_of(cs, pod);
}

bool kc_pod_terminal(const struct ak_kobj *pod)
{
    return pod_terminal(pod);
}

bool kc_pod_ready(const struct ak_kobj *pod)
{
    return pod_ready(pod);
}

void kc_ev(struct kcs *cs, const struct ak_kobj *o, const char *type, const char *reason,
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

void kc_kick(struct kcs *cs)
{
    ak_kctrl_kick(cs->kc);
}

bool kc_pod_critical(const struct podsched *ps)
{
    /* kubelettypes.IsCriticalPod: static and mirror pods (none here) and priority >=
     * scheduling.SystemCriticalPriority (system-cluster-critical, system-node-critical) */
    return ps->v && ps->v->sp.priority >= 2000000000;
}

void kc_kubelet_evict(struct kcs *cs, struct podsched *ps, const char *message)
{
    struct ak_kobj *p = ps->pod;
    struct ak_kpod *kp = ak_kpod_of(p);
    if (!kp || pod_terminal(p))
        return;
    snprintf(kp->phase, sizeof(kp->phase), "Failed");
    free(kp->reason);
    kp->reason = ak_xstrdup("Evicted");
    free(kp->message);
    kp->message = ak_xstrdup(message);
    kp->finished_ms = now_ms(cs);
    for (int c = 0; c < kp->nc; c++) {
        kp->c[c].ready = false;
        kp->c[c].exit_code = 137;
        free(kp->c[c].reason);
        kp->c[c].reason = ak_xstrdup("Error");
    }
    heap_remove(cs, &cs->timers, ps);
    ps_unassign(ps);
    ak_kstore_touch(cs->kc->ks, p);
    ev(cs, p, "Warning", "Evicted", "kubelet", kp->node, "%s", message);
    cs->retry_unsched = true;
}

void kc_node_taint(struct kcs *cs, struct ak_kobj *node, const char *key, const char *value,
                   const char *effect, bool on)
{
    json_t *j = ak_kobj_json(node);
    json_t *spec = json_object_get(j, "spec");
    if (!json_is_object(spec)) {
        spec = json_object();
        json_object_set_new(j, "spec", spec);
    }
    json_t *taints = json_object_get(spec, "taints");
    if (!json_is_array(taints)) {
        taints = json_array();
        json_object_set_new(spec, "taints", taints);
    }
    bool changed = false, found = false;
    for (size_t i = 0; i < json_array_size(taints);) {
        json_t *t = json_array_get(taints, i);
        if (ak_streq(ak_json_str(t, "key"), key) && ak_streq(ak_json_str(t, "effect"), effect)) {
            found = true;
            if (!on) {
                json_array_remove(taints, i);
                changed = true;
                continue;
            }
        }
        i++;
    }
    if (on && !found) {
        json_t *t = json_pack("{s:s,s:s}", "key", key, "effect", effect);
        if (value)
            ak_json_set_str(t, "value", value);
        json_array_append_new(taints, t);
        changed = true;
    }
    if (json_array_size(taints) == 0)
        json_object_del(spec, "taints");
    if (changed) {
        struct ak_err err;
        if (ak_kstore_update(cs->kc->ks, node, j, &err) != 0)
            ak_log(AK_LOG_WARN, "kctrl", "node %s: taint %s: %s", node->name, key, err.message);
    }
    json_decref(j);
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

static int cmp_newest_first(const void *a, const void *b)
{
    const struct ak_kobj *x = *(struct ak_kobj *const *)a, *y = *(struct ak_kobj *const *)b;
    if (x->created_ms != y->created_ms)
        return x->created_ms > y->created_ms ? -1 : 1;
    return strcmp(y->name, x->name);
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
    for (struct ak_kobj *p = ak_kobj_kids(rs); p; p = p->sib_next) {
        if (p->kind != AK_KIND_POD || p->deleted_ms || pod_terminal(p))
            continue;
        AK_GROW(pods, n + 1, cap);
        pods[n++] = p;
        if (pod_ready(p))
            ready++;
    }
    if ((int64_t)n < want) {
        char prefix[300];
        snprintf(prefix, sizeof(prefix), "%s-", rs->name);
        int64_t create = want - (int64_t)n;
        if (create > BURST_REPLICAS) {
            create = BURST_REPLICAS; /* the rest on the next sync, as burstReplicas */
            q_push(cs, rs);
            cs->memo_skip = true; /* not done: no memo */
        }
        for (int64_t i = 0; i < create; i++) {
            struct ak_kobj *p = create_pod(cs, rs, json_object_get(spec, "template"), prefix, NULL, NULL);
            if (p)
                ev(cs, rs, "Normal", "SuccessfulCreate", "replicaset-controller", NULL, "Created pod: %s",
                   p->name);
        }
    } else if ((int64_t)n > want) {
        /* the pods to go first: unscheduled, pending, not ready, then the newest */
        int64_t k = (int64_t)n - want;
        for (int rank = 0; rank <= 3 && k > 0; rank++) {
            struct ak_kobj **in_rank = NULL;
            size_t m = 0, capm = 0;
            for (size_t i = 0; i < n; i++)
                if (pods[i] && del_rank(pods[i]) == rank) {
                    AK_GROW(in_rank, m + 1, capm);
                    in_rank[m++] = pods[i];
                }
            if (m > 1)
                qsort(in_rank, m, sizeof(*in_rank), cmp_newest_first);
            for (size_t i = 0; i < m && k > 0; i++, k--) {
                ev(cs, rs, "Normal", "SuccessfulDelete", "replicaset-controller", NULL, "Deleted pod: %s",
                   in_rank[i]->name);
                if (pod_ready(in_rank[i]))
                    ready--;
                ak_kstore_delete(ks, in_rank[i]);
            }
            free(in_rank);
        }
        n = (size_t)want;
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
    for (struct ak_kobj *rs = ak_kobj_kids(d); rs; rs = rs->sib_next) {
        if (rs->kind != AK_KIND_REPLICASET)
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
    for (struct ak_kobj *rs = ak_kobj_kids(d); rs; rs = rs->sib_next) {
        if (rs->kind != AK_KIND_REPLICASET)
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

/* What the DaemonSet controller checks per node (NodeShouldRunDaemonPod): the template's
 * nodeSelector and required node affinity, and its taints against the template's tolerations
 * plus the ones the controller adds to every daemon pod. */
struct dsview {
    struct ak_kvs sel;
    const json_t *terms; /* nodeSelectorTerms, borrowed */
    struct ak_sched_toleration *tols;
    size_t ntols;
};

static const char *const ds_default_tols[][2] = {
    {"node.kubernetes.io/not-ready", "NoExecute"},   {"node.kubernetes.io/unreachable", "NoExecute"},
    {"node.kubernetes.io/disk-pressure", "NoSchedule"}, {"node.kubernetes.io/memory-pressure", "NoSchedule"},
    {"node.kubernetes.io/pid-pressure", "NoSchedule"},  {"node.kubernetes.io/unschedulable", "NoSchedule"},
    {"node.kubernetes.io/network-unavailable", "NoSchedule"}};

static void dsview_build(struct dsview *v, const json_t *podspec)
{
    memset(v, 0, sizeof(*v));
    ak_codec_kvs_decode(json_object_get(podspec, "nodeSelector"), &v->sel);
    v->terms = json_object_get(
        json_object_get(json_object_get(json_object_get(podspec, "affinity"), "nodeAffinity"),
                        "requiredDuringSchedulingIgnoredDuringExecution"),
        "nodeSelectorTerms");
    const json_t *tols = json_object_get(podspec, "tolerations");
    bool host_net = json_is_true(json_object_get(podspec, "hostNetwork"));
    size_t nd = AK_ARRAY_LEN(ds_default_tols) - (host_net ? 0 : 1);
    v->tols = ak_xcalloc(json_array_size(tols) + nd + 1, sizeof(*v->tols));
    size_t i;
    json_t *t;
    json_array_foreach(tols, i, t)
    {
        struct ak_sched_toleration *x = &v->tols[v->ntols++];
        x->key = ak_json_str(t, "key");
        x->op = ak_sched_tol_op_parse(ak_json_str(t, "operator") ? ak_json_str(t, "operator") : "");
        x->value = ak_json_str(t, "value");
        x->effect = ak_json_str(t, "effect");
    }
    for (i = 0; i < nd; i++) {
        struct ak_sched_toleration *x = &v->tols[v->ntols++];
        x->key = ds_default_tols[i][0];
        x->op = AK_TOL_EXISTS;
        x->effect = ds_default_tols[i][1];
    }
}

static void dsview_release(struct dsview *v)
{
    ak_kvs_release(&v->sel);
    free(v->tols);
}

static bool ds_runs_on(const struct dsview *v, const struct ak_kvs *labels, const struct ak_taint *taints,
                       size_t ntaints)
{
    for (size_t i = 0; i < v->sel.n; i++)
        if (!ak_streq(ak_kvs_get(labels, v->sel.v[i].key), v->sel.v[i].val))
            return false;
    if (json_array_size(v->terms)) {
        bool any = false;
        size_t i;
        json_t *t;
        json_array_foreach(v->terms, i, t)
        {
            bool all = true;
            size_t k;
            json_t *e;
            json_array_foreach(json_object_get(t, "matchExpressions"), k, e)
            {
                if (!expr_match(e, labels))
                    all = false;
            }
            if (all)
                any = true;
        }
        if (!any)
            return false;
    }
    return !ak_sched_untolerated_taint(taints, ntaints, v->tols, v->ntols,
                                       AK_SCHED_EFFECT_NO_SCHEDULE | AK_SCHED_EFFECT_NO_EXECUTE);
}

static bool ds_should_run(const struct dsview *v, const struct nodeinfo *ni)
{
    return ds_runs_on(v, &ni->obj->labels, ni->taints, ni->ntaints);
}

void kc_ds_requests(struct kcs *cs, const struct ak_kvs *labels, const struct ak_taint *taints, size_t ntaints,
                    struct ak_sched_res *sum, int *npods)
{
    for (struct ak_kobj *ds = ak_kstore_first(cs->kc->ks, AK_KIND_DAEMONSET); ds; ds = ak_kstore_next(ds)) {
        if (ds->deleted_ms)
            continue;
        struct ak_kobj *pod = NULL;
        for (struct ak_kobj *p = ak_kobj_kids(ds); p && !pod; p = p->sib_next)
            if (p->kind == AK_KIND_POD && !p->deleted_ms)
                pod = p;
        if (!pod)
            continue; /* no pod to learn its requests from: it runs nowhere yet */
        json_t *j = ak_kobj_json(ds);
        struct dsview v;
        dsview_build(&v, json_object_get(json_object_get(json_object_get(j, "spec"), "template"), "spec"));
        bool runs = ds_runs_on(&v, labels, taints, ntaints);
        dsview_release(&v);
        json_decref(j);
        if (!runs)
            continue;
        const struct ak_sched_res *r = &ps_of(cs, pod)->v->sp.req;
        sum->cpu_m += r->cpu_m;
        sum->mem += r->mem;
        sum->eph += r->eph;
        (*npods)++;
    }
}

struct ak_sched_pod kc_pod_sp(const struct podsched *ps)
{
    return pod_sp(ps);
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
    /* the daemon pod of each node (by scheduler node id); pods of nodes that are gone, extra
     * pods and failed pods are deleted (failed daemon pods are replaced) */
    struct ak_kobj **have = ak_xcalloc(cs->cap_id ? cs->cap_id : 1, sizeof(*have));
    for (struct ak_kobj *p = ak_kobj_kids(ds); p;) {
        struct ak_kobj *next = p->sib_next;
        if (p->kind != AK_KIND_POD || p->deleted_ms) {
            p = next;
            continue;
        }
        struct podsched *ps = ps_of(cs, p);
        struct nodeinfo *ni = node_info(cs, ps->ds_node);
        if (!ni || have[ni->id] || pod_terminal(p)) {
            if (ni && pod_terminal(p))
                ev(cs, ds, "Warning", "FailedDaemonPod", "daemonset-controller", NULL,
                   "Found failed daemon pod %s/%s on node %s, will try to kill it", p->ns, p->name, ni->name);
            ak_kstore_delete(ks, p);
        } else {
            have[ni->id] = p;
        }
        p = next;
    }
    struct dsview v;
    dsview_build(&v, podspec);
    for (size_t id = 0; id < cs->cap_id; id++) {
        struct nodeinfo *ni = cs->by_id[id];
        if (!ni || !ni->obj)
            continue;
        bool run = !ds->deleted_ms && ds_should_run(&v, ni);
        struct ak_kobj *cur = have[id];
        if (run) {
            desired++;
            if (!cur) {
                char prefix[300];
                snprintf(prefix, sizeof(prefix), "%s-", ds->name);
                json_t *extra = json_pack("{s:s,s:s}", "controller-revision-hash", hash,
                                          "pod-template-generation", gen);
                json_t *nn = json_string(ni->name);
                struct ak_kobj *p = create_pod(cs, ds, tmpl, prefix, extra, nn);
                json_decref(nn);
                json_decref(extra);
                if (p)
                    ev(cs, ds, "Normal", "SuccessfulCreate", "daemonset-controller", NULL,
                       "Created pod: %s", p->name);
            } else {
                current++;
                if (pod_ready(cur))
                    ready++;
            }
        } else if (cur) {
            ev(cs, ds, "Normal", "SuccessfulDelete", "daemonset-controller", NULL, "Deleted pod: %s",
               cur->name);
            ak_kstore_delete(ks, cur);
        }
    }
    dsview_release(&v);
    free(have);
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
    for (struct ak_kobj *p = ak_kobj_kids(job); p; p = p->sib_next) {
        if (p->kind != AK_KIND_POD)
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
    /* finished pods stay counted once they are gone (the job controller tracks them with
     * finalizers: status.succeeded / status.failed never go down, e.g. when the pods of a
     * node that was scaled down are garbage-collected) */
    if (json_integer_value(json_object_get(old, "succeeded")) > succeeded)
        succeeded = json_integer_value(json_object_get(old, "succeeded"));
    if (json_integer_value(json_object_get(old, "failed")) > failed)
        failed = json_integer_value(json_object_get(old, "failed"));
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
    /* a finished Job stays finished */
    complete = complete || was_complete;
    failed_job = (failed_job || was_failed) && !complete;
    if (!complete && !failed_job && !suspended && !job->deleted_ms) {
        int64_t need = completions - succeeded - active;
        int64_t room = parallelism - active;
        int64_t create = need < room ? need : room;
        if (create > BURST_REPLICAS) {
            create = BURST_REPLICAS;
            q_push(cs, job);
        }
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
    bool empty = ak_lsel_empty(&ls);
    struct ak_kiter it;
    ak_kstore_iter(ks, AK_KIND_POD, pdb->ns, "", &it); /* the namespace's pods, in key order */
    for (struct ak_kobj *p; !empty && (p = ak_kiter_next(&it)) != NULL;) {
        if (strcmp(p->ns, pdb->ns) != 0)
            break;
        if (!ak_lsel_match(&ls, &p->labels))
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

json_t *ak_kctrl_node_summary(struct ak_kcluster *kc, const char *node)
{
    struct kcs *cs = cs_of(kc);
    struct nodeinfo *ni = cs ? node_info(cs, node) : NULL;
    return ni && ni->obj ? kpress_summary(cs, ni) : NULL;
}

bool ak_kctrl_fullest_disk(struct ak_kcluster *kc, const char **node, int64_t *used, int64_t *cap)
{
    struct kcs *cs = cs_of(kc);
    bool found = false;
    double best = -1;
    for (size_t i = 0; cs && i < cs->cap_id; i++) {
        struct nodeinfo *ni = cs->by_id[i];
        int64_t u, c;
        if (!ni || !ni->obj || !kpress_disk(cs, ni, &u, &c) || c <= 0)
            continue;
        double f = (double)u / (double)c;
        if (f > best) {
            best = f;
            *node = ni->name;
            *used = u;
            *cap = c;
            found = true;
        }
    }
    return found;
}

int ak_kctrl_evict(struct ak_kcluster *kc, struct ak_kobj *pod, bool dry_run, struct ak_err *err,
                   char *cause, size_t causelen)
{
    return kc_evict(cs_of(kc), pod, dry_run, err, cause, causelen, NULL);
}

int kc_evict(struct kcs *cs, struct ak_kobj *pod, bool dry_run, struct ak_err *err, char *cause,
             size_t causelen, struct ak_kobj **pdb_out)
{
    struct ak_kcluster *kc = cs->kc;
    struct ak_kstore *ks = kc->ks;
    if (pdb_out)
        *pdb_out = NULL;
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
            if (pdb_out)
                *pdb_out = match;
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
    kc_terminate_pod(cs, pod);
    return 0;
}

/* A graceful delete: the containers stop after the pod's stop time (annotation
 * aksemu.io/stop-duration, default 0: at once), at most terminationGracePeriodSeconds; the
 * pod shows Terminating (deletionTimestamp) meanwhile and keeps its place on the node. */
void kc_terminate_pod(struct kcs *cs, struct ak_kobj *pod)
{
    if (pod->deleted_ms)
        return;
    json_t *j = ak_kobj_json(pod);
    json_t *meta = json_object_get(j, "metadata");
    int64_t stop = parse_duration_ms(ak_json_str(json_object_get(meta, "annotations"), STOP_DURATION_ANN), 0);
    json_t *tg = json_object_get(json_object_get(j, "spec"), "terminationGracePeriodSeconds");
    int64_t grace_s = json_is_integer(tg) ? json_integer_value(tg) : 30;
    if (stop > grace_s * 1000)
        stop = grace_s * 1000;
    if (stop <= 0) {
        json_decref(j);
        kc_delete_pod(cs, pod);
        return;
    }
    char t[40];
    int64_t now = kc_now(cs);
    ak_k8s_time(now + ak_kworld_dur(ak_kworld_config(cs->kc->world), grace_s * 1000), t);
    ak_json_set_str(meta, "deletionTimestamp", t);
    json_object_set_new(meta, "deletionGracePeriodSeconds", json_integer(grace_s));
    struct podsched *ps = kc_ps_of(cs, pod);
    ps->stop_at = now + ak_kworld_dur(ak_kworld_config(cs->kc->world), stop);
    struct ak_err err;
    if (ak_kstore_update(cs->kc->ks, pod, j, &err) != 0)
        kc_delete_pod(cs, pod);
    json_decref(j);
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

/* Deletes a pod as a controller does (the kubelet's PodGC, the taint manager, preemption). */
static void delete_pod(struct kcs *cs, struct ak_kobj *p);
void kc_delete_pod(struct kcs *cs, struct ak_kobj *p)
{
    delete_pod(cs, p);
}

static void delete_pod(struct kcs *cs, struct ak_kobj *p)
{
    char ns[256], name[256], uid[37];
    snprintf(ns, sizeof(ns), "%s", p->ns);
    snprintf(name, sizeof(name), "%s", p->name);
    snprintf(uid, sizeof(uid), "%s", p->uid);
    ak_kstore_delete(cs->kc->ks, p);
    ak_kctrl_deleted(cs->kc, AK_KIND_POD, ns, name, uid, "Background");
}

static void bind_pod(struct kcs *cs, struct ak_kobj *pod, struct podsched *ps, int32_t node)
{
    struct ak_kpod *kp = ak_kpod_of(pod);
    const char *nn = ak_sched_node_name(cs->sched, node);
    struct ak_sched_pod sp = pod_sp(ps);
    ak_sched_assign(cs->sched, node, &sp);
    ps->assigned = true;
    ps->node = node;
    free(kp->node);
    kp->node = ak_xstrdup(nn);
    kp->scheduled_ms = now_ms(cs);
    kp->sched_failed = false;
    ak_free_ptr(&kp->sched_msg);
    ak_free_ptr(&kp->nominated);
    struct nodeinfo *ni = node_info(cs, nn);
    snprintf(kp->host_ip, sizeof(kp->host_ip), "%s", ni ? ni->ip : "");
    if (ni)
        node_list_add(ni, ps);
    ak_kstore_touch(cs->kc->ks, pod);
    ev(cs, pod, "Normal", "Scheduled", "default-scheduler", NULL, "Successfully assigned %s/%s to %s",
       pod->ns, pod->name, nn);
}

static int pdb_violation_cb(void *ud, const uint64_t *pods, size_t n, bool *violating)
{
    (void)ud;
    for (size_t i = 0; i < n; i++)
        violating[i] = false;
    return 0;
}

/* A pod that names its node (spec.nodeName, or bound before a restart) meets the kubelet, not
 * the scheduler: admitted (it holds its resources there) or rejected (Failed, e.g. OutOfcpu).
 * A pod of a node that does not exist is collected, as PodGC does. */
static void admit_bound(struct kcs *cs, struct ak_kobj *p, struct podsched *ps)
{
    struct ak_kstore *ks = cs->kc->ks;
    struct ak_kpod *kp = ak_kpod_of(p);
    struct nodeinfo *ni = node_info(cs, kp->node);
    if (!ni) {
        delete_pod(cs, p);
        return;
    }
    if (!kp->scheduled_ms) {
        struct ak_sched_result ar;
        ak_sched_result_init(&ar);
        struct ak_sched_pod sp = pod_sp(ps);
        sp.node_name = kp->node;
        ak_sched_schedule(cs->sched, &sp, &ar);
        if (ar.status == AK_SCHED_REJECTED) {
            snprintf(kp->phase, sizeof(kp->phase), "Failed");
            free(kp->reason);
            kp->reason = ak_xstrdup(ar.reason);
            free(kp->message);
            kp->message = ak_xstrdup(ak_buf_cstr(&ar.message));
            kp->finished_ms = now_ms(cs);
            node_list_add(ni, ps);
            ak_kstore_touch(ks, p);
            ev(cs, p, "Warning", ar.reason, "kubelet", kp->node, "%s", ak_buf_cstr(&ar.message));
            ak_sched_result_release(&ar);
            return;
        }
        ak_sched_result_release(&ar);
        kp->scheduled_ms = now_ms(cs);
        snprintf(kp->host_ip, sizeof(kp->host_ip), "%s", ni->ip);
    }
    struct ak_sched_pod sp = pod_sp(ps);
    ak_sched_assign(cs->sched, ni->id, &sp);
    ps->assigned = true;
    ps->node = ni->id;
    node_list_add(ni, ps);
    if (strcmp(kp->phase, "Running") == 0 && ps->ip_ord < 0 && !ps->v->host_network) {
        /* running before a restart: keep its address */
        int a, b, c, d;
        if (sscanf(kp->pod_ip, "%d.%d.%d.%d", &a, &b, &c, &d) == 4 && d > 0 && d < 256 &&
            !ni->ip_used[d]) {
            ni->ip_used[d] = 1;
            ps->ip_ord = (int16_t)d;
        }
    }
    ak_kstore_touch(ks, p);
}

/* Preemption: the victims (on the nominated node) are deleted. */
static void preempt(struct kcs *cs, struct ak_kobj *p, const struct ak_sched_result *res)
{
    const char *nn = ak_sched_node_name(cs->sched, res->node);
    struct nodeinfo *ni = node_info(cs, nn);
    for (size_t v = 0; ni && v < res->n_victims; v++) {
        for (struct podsched *q = ni->pods; q; q = q->nd_next) {
            if (q->id != res->victims[v].id)
                continue;
            ev(cs, q->pod, "Normal", "Preempted", "default-scheduler", NULL,
               "Preempted by pod %s on node %s", p->uid, nn ? nn : "");
            delete_pod(cs, q->pod);
            break;
        }
    }
    struct ak_kpod *kp = ak_kpod_of(p);
    free(kp->nominated);
    kp->nominated = ak_xstrdup(nn);
}

/* kube-scheduler's loop over the active queue, highest priority first. */
static void schedule_pending(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    struct ak_sched_result res;
    ak_sched_result_init(&res);
    unsigned n = 0;
    struct podsched *ps;
    while ((ps = heap_top(&cs->active)) != NULL) {
        if ((++n & 7) == 0 && over_budget(cs))
            break;
        heap_remove(cs, &cs->active, ps);
        struct ak_kobj *p = ps->pod;
        struct ak_kpod *kp = ak_kpod_of(p);
        if (p->removed || p->deleted_ms || pod_terminal(p) || ps->assigned)
            continue;
        if (kp->node) {
            admit_bound(cs, p, ps);
            continue;
        }
        ak_sched_result_release(&res);
        ak_sched_result_init(&res);
        struct ak_sched_pod sp = pod_sp(ps);
        ak_sched_schedule(cs->sched, &sp, &res);
        if (res.status == AK_SCHED_FIT) {
            bind_pod(cs, p, ps, res.node);
            continue;
        }
        const char *msg = ak_buf_cstr(&res.message);
        if (res.status == AK_SCHED_NOMINATED) {
            preempt(cs, p, &res);
            heap_push(cs, &cs->active, ps); /* retried once the victims are gone */
        } else {
            unsched_add(cs, ps);
        }
        bool changed = !kp->sched_failed || !ak_streq(kp->sched_msg, msg);
        if (changed) {
            kp->sched_failed = true;
            kp->sched_failed_ms = now_ms(cs);
            free(kp->sched_msg);
            kp->sched_msg = ak_xstrdup(msg);
            ak_kstore_touch(ks, p);
        }
        if (changed || kp->sched_failed_ms + UNSCHED_FLUSH_MS <= now_ms(cs))
            ev(cs, p, "Warning", "FailedScheduling", "default-scheduler", NULL, "%s", msg);
        if (res.status == AK_SCHED_NOMINATED)
            break; /* the victims leave first (this pass commits their deletion) */
    }
    ak_sched_result_release(&res);
}

/* Queues the pod's next timed kubelet step, if any. */
static void kubelet_arm(struct kcs *cs, struct ak_kobj *p, struct podsched *ps)
{
    const struct ak_kpod *kp = ak_kpod_of(p);
    int64_t due = -1;
    if (strcmp(kp->phase, "Pending") == 0 && kp->scheduled_ms && ps->assigned)
        due = kp->scheduled_ms + ak_kworld_config(cs->kc->world)->pod_start_ms;
    else if (strcmp(kp->phase, "Running") == 0 && p->owner_kind && strcmp(p->owner_kind, "Job") == 0) {
        json_t *j = ak_kobj_json(p);
        json_t *ann = json_object_get(json_object_get(j, "metadata"), "annotations");
        due = kp->started_ms + parse_duration_ms(ak_json_str(ann, RUN_DURATION_ANN), DEFAULT_JOB_RUN_MS);
        json_decref(j);
    }
    if (due < 0) {
        heap_remove(cs, &cs->timers, ps);
        return;
    }
    if (ps->tq >= 0 && ps->due == due)
        return;
    ps->due = due;
    heap_push(cs, &cs->timers, ps);
}

/* The containers of a running pod exited with `code`: Succeeded (0) or Failed. */
static void pod_finish(struct kcs *cs, struct podsched *ps, int code, int64_t now)
{
    struct ak_kobj *p = ps->pod;
    struct ak_kpod *kp = ak_kpod_of(p);
    snprintf(kp->phase, sizeof(kp->phase), "%s", code ? "Failed" : "Succeeded");
    kp->finished_ms = now;
    for (int c = 0; c < kp->nc; c++) {
        kp->c[c].ready = false;
        kp->c[c].exit_code = code;
        free(kp->c[c].reason);
        kp->c[c].reason = ak_xstrdup(code ? "Error" : "Completed");
    }
    ps_unassign(ps);
    ak_kstore_touch(cs->kc->ks, p);
}

int ak_kctrl_pod_finish(struct ak_kcluster *kc, struct ak_kobj *pod, int code)
{
    struct kcs *cs = cs_of(kc);
    struct ak_kpod *kp = ak_kpod_of(pod);
    if (!kp || pod->removed || strcmp(kp->phase, "Running") != 0)
        return AK_EINVAL;
    struct podsched *ps = ps_of(cs, pod);
    if (!ps)
        return AK_EINVAL;
    heap_remove(cs, &cs->timers, ps);
    pod_finish(cs, ps, code, now_ms(cs));
    ak_kctrl_kick(kc);
    return 0;
}

/* The kubelet: bound pods start after the start-up time; job pods finish after their run
 * time. Returns the next due time. */
static int64_t kubelet(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    int64_t now = now_ms(cs);
    unsigned n = 0;
    struct podsched *ps;
    while ((ps = heap_top(&cs->timers)) != NULL && ps->due <= now) {
        if ((++n & 15) == 0 && over_budget(cs))
            return now;
        heap_remove(cs, &cs->timers, ps);
        struct ak_kobj *p = ps->pod;
        struct ak_kpod *kp = ak_kpod_of(p);
        struct nodeinfo *ni = ps->ni;
        if (p->removed)
            continue;
        if (p->deleted_ms && ps->stop_at) {
            delete_pod(cs, p); /* its containers stopped: the kubelet's final delete */
            continue;
        }
        if (!ni)
            continue;
        if (strcmp(kp->phase, "Pending") == 0 && kp->scheduled_ms && ni->obj) {
            const char *why = kpress_admit(cs, ps, ni->obj);
            if (why) {
                kc_kubelet_evict(cs, ps, why);
                continue;
            }
        }
        if (strcmp(kp->phase, "Pending") == 0 && kp->scheduled_ms) {
            snprintf(kp->phase, sizeof(kp->phase), "Running");
            kp->started_ms = kp->scheduled_ms + ak_kworld_config(cs->kc->world)->pod_start_ms;
            if (kp->started_ms > now)
                kp->started_ms = now;
            kp->ready_ms = now;
            if (ps->v->host_network) {
                snprintf(kp->pod_ip, sizeof(kp->pod_ip), "%s", ni->ip);
            } else {
                int ord = ps->ip_ord >= 0 ? ps->ip_ord : alloc_ip(ni);
                ps->ip_ord = (int16_t)ord;
                if (ord >= 0)
                    snprintf(kp->pod_ip, sizeof(kp->pod_ip), "%u.%u.%u.%u", (unsigned char)ni->cidr_a,
                             (unsigned char)ni->cidr_b, (unsigned char)ni->cidr_c, (unsigned char)ord);
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
        } else if (strcmp(kp->phase, "Running") == 0) {
            /* a job pod's end */
            json_t *j = ak_kobj_json(p);
            json_t *ann = json_object_get(json_object_get(j, "metadata"), "annotations");
            int64_t code = 0;
            if (ak_json_str(ann, EXIT_CODE_ANN))
                ak_parse_i64(ak_json_str(ann, EXIT_CODE_ANN), 0, 255, &code);
            json_decref(j);
            pod_finish(cs, ps, (int)code, now);
        }
    }
    return ps ? ps->due : INT64_MAX;
}

/* NoExecute taints evict the pods that do not tolerate them, after tolerationSeconds for the
 * ones that tolerate them for a while (the taint-eviction controller). Only nodes with such
 * taints are looked at. Returns the next due time. */
static int64_t taint_eviction(struct kcs *cs)
{
    int64_t now = now_ms(cs), due = INT64_MAX;
    for (size_t id = 0; id < cs->cap_id; id++) {
        struct nodeinfo *ni = cs->by_id[id];
        if (!ni || ni->nne == 0)
            continue;
        for (struct podsched *ps = ni->pods; ps;) {
            struct podsched *next = ps->nd_next;
            struct ak_kobj *p = ps->pod;
            if (pod_terminal(p) || p->deleted_ms || p->removed) {
                ps = next;
                continue;
            }
            int64_t evict_at = INT64_MAX;
            for (size_t t = 0; t < ni->nne; t++) {
                struct ak_taint taint;
                memset(&taint, 0, sizeof(taint));
                snprintf(taint.key, sizeof(taint.key), "%s", ni->ne[t].key);
                snprintf(taint.value, sizeof(taint.value), "%s", ni->ne[t].value);
                snprintf(taint.effect, sizeof(taint.effect), "NoExecute");
                bool tolerated = false, forever = false;
                int64_t secs = INT64_MAX;
                const struct psview *v = ps->v;
                for (size_t k = 0; k < v->ntols; k++) {
                    if (!ak_sched_tolerates(&v->tols[k], &taint))
                        continue;
                    tolerated = true;
                    if (!v->tols[k].has_seconds)
                        forever = true;
                    else if (v->tols[k].seconds < secs)
                        secs = v->tols[k].seconds < 0 ? 0 : v->tols[k].seconds;
                }
                int64_t at = !tolerated ? now : forever ? INT64_MAX
                             : ni->ne[t].since_ms + ak_kworld_dur(ak_kworld_config(cs->kc->world), secs * 1000);
                if (at < evict_at)
                    evict_at = at;
            }
            if (evict_at <= now) {
                ev(cs, p, "Normal", "TaintManagerEviction", "taint-eviction-controller", NULL,
                   "Marking for deletion Pod %s/%s", p->ns, p->name);
                delete_pod(cs, p);
            } else if (evict_at < due) {
                due = evict_at;
            }
            ps = next;
        }
    }
    return due;
}

/* Pods of deleted nodes are collected (PodGC), then the nodes' bookkeeping goes. */
static void collect_gone_nodes(struct kcs *cs)
{
    while (cs->gone) {
        struct nodeinfo *ni = cs->gone;
        cs->gone = ni->gone_next;
        while (ni->pods) {
            struct podsched *ps = ni->pods;
            node_list_del(ps);
            if (!ps->pod->removed)
                delete_pod(cs, ps->pod);
        }
        ni_free(ni);
    }
}

static void collect_gone_nodes_free(struct kcs *cs)
{
    while (cs->gone) {
        struct nodeinfo *ni = cs->gone;
        cs->gone = ni->gone_next;
        while (ni->pods)
            node_list_del(ni->pods);
        ni_free(ni);
    }
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

/* The garbage collector: objects whose controller owner is gone follow it. */
static void gc(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    while (ak_kstore_orphans(ks))
        ak_kstore_delete(ks, ak_kstore_orphans(ks));
}

void ak_kctrl_deleted(struct ak_kcluster *kc, enum ak_kkind kind, const char *ns, const char *name,
                      const char *uid, const char *propagation)
{
    (void)kind;
    (void)ns;
    (void)name;
    ak_kctrl_kick(kc);
    if (!propagation || strcmp(propagation, "Orphan") != 0)
        return; /* gc() removes the dependents on the next pass */
    struct ak_kstore *ks = kc->ks;
    /* the dependents are orphans now: they lose the reference and stay */
    struct ak_kobj **list = NULL;
    size_t n = 0, cap = 0;
    for (struct ak_kobj *o = ak_kstore_orphans(ks); o; o = o->sib_next)
        if (strcmp(o->owner_uid, uid) == 0) {
            AK_GROW(list, n + 1, cap);
            list[n++] = o;
        }
    for (size_t i = 0; i < n; i++) {
        json_t *j = ak_kobj_json(list[i]);
        json_object_del(json_object_get(j, "metadata"), "ownerReferences");
        struct ak_err err;
        ak_kstore_update(ks, list[i], j, &err);
        json_decref(j);
    }
    free(list);
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

/* ------------------------------------------------------------------ change tracking */

static bool is_controller_kind(enum ak_kkind k)
{
    return k == AK_KIND_DEPLOYMENT || k == AK_KIND_REPLICASET || k == AK_KIND_DAEMONSET ||
           k == AK_KIND_JOB || k == AK_KIND_PDB;
}

static void queue_pdbs(struct kcs *cs, const char *ns)
{
    for (struct ak_kobj *b = ak_kstore_first(cs->kc->ks, AK_KIND_PDB); b; b = ak_kstore_next(b))
        if (strcmp(b->ns, ns) == 0)
            q_push(cs, b);
}

static void queue_daemonsets(struct kcs *cs)
{
    for (struct ak_kobj *d = ak_kstore_first(cs->kc->ks, AK_KIND_DAEMONSET); d; d = ak_kstore_next(d))
        q_push(cs, d);
}

/* Where a pod stands for the scheduler and the kubelet; `user` = changed through the API. */
static void pod_sync(struct kcs *cs, struct ak_kobj *p, bool user)
{
    struct ak_kpod *kp = ak_kpod_of(p);
    struct podsched *ps = ps_of(cs, p);
    if (!kp || !ps)
        return;
    if (p->deleted_ms && !pod_terminal(p) && ps->stop_at) {
        /* terminating: keeps its place until its containers stopped */
        heap_remove(cs, &cs->active, ps);
        unsched_del(cs, ps);
        ps->due = ps->stop_at;
        heap_push(cs, &cs->timers, ps);
        return;
    }
    if (pod_terminal(p) || p->deleted_ms) {
        if (ps->assigned)
            cs->retry_unsched = true; /* its resources are free */
        ps_unassign(ps);
        heap_remove(cs, &cs->active, ps);
        heap_remove(cs, &cs->timers, ps);
        unsched_del(cs, ps);
        return;
    }
    if (!ps->assigned) {
        if (ps->unsched && !user)
            return; /* waits for a change in the cluster */
        unsched_del(cs, ps);
        heap_push(cs, &cs->active, ps);
        return;
    }
    kubelet_arm(cs, p, ps);
}

static void on_change(void *ud, struct ak_kobj *o, enum ak_kev_type t)
{
    struct kcs *cs = ud;
    bool user = !cs->in_pass;
    switch (o->kind) {
    case AK_KIND_POD:
        if (o->owner && (o->owner->kind == AK_KIND_REPLICASET || o->owner->kind == AK_KIND_DAEMONSET ||
                         o->owner->kind == AK_KIND_JOB))
            q_push(cs, o->owner);
        queue_pdbs(cs, o->ns);
        if (t == AK_KEV_DELETED) {
            struct ak_kpod *kp = ak_kpod_of(o);
            struct podsched *ps = kp ? kp->sched : NULL;
            if (ps) {
                if (ps->assigned)
                    cs->retry_unsched = true;
                ps_detach(ps);
            }
        } else {
            pod_sync(cs, o, user);
            struct ak_kpod *kp = ak_kpod_of(o);
            struct podsched *ps = kp ? kp->sched : NULL;
            if (ps && ps->ni) {
                ps->ni->press_dirty = true;
                ps->ni->change_seq = ++cs->change_ctr;
            }
        }
        break;
    case AK_KIND_NODE:
        cs->nodes_dirty = true;
        if (node_info(cs, o->name)) {
            node_info(cs, o->name)->press_dirty = true;
            node_info(cs, o->name)->change_seq = ++cs->change_ctr;
        }
        cs->retry_unsched = true;
        queue_daemonsets(cs);
        if (t == AK_KEV_DELETED) {
            q_remove(cs, o);
            node_gone(cs, o->name);
        } else {
            q_push(cs, o);
        }
        break;
    case AK_KIND_NAMESPACE:
        if (o->deleted_ms)
            cs->ns_dirty = true;
        break;
    case AK_KIND_CONFIGMAP:
        if (strcmp(o->name, "coredns-autoscaler") == 0)
            cs->nodes_dirty = true;
        break;
    default:
        break;
    }
    if (is_controller_kind(o->kind)) {
        if (t == AK_KEV_DELETED)
            q_remove(cs, o);
        else
            q_push(cs, o);
        if (o->kind == AK_KIND_REPLICASET && o->owner && o->owner->kind == AK_KIND_DEPLOYMENT)
            q_push(cs, o->owner);
        if (o->kind == AK_KIND_DEPLOYMENT && strcmp(o->name, "coredns") == 0)
            cs->nodes_dirty = true;
    }
    if (!cs->in_pass)
        ak_kctrl_kick(cs->kc);
}

/* Everything is new to the controllers (a cluster appears, or the store was reloaded): the
 * informers' initial list. */
static void resync(struct kcs *cs)
{
    struct ak_kstore *ks = cs->kc->ks;
    for (struct ak_kobj *n = ak_kstore_first(ks, AK_KIND_NODE); n; n = ak_kstore_next(n))
        q_push(cs, n);
    for (int k = 0; k < AK_KIND_COUNT; k++)
        if (is_controller_kind(k))
            for (struct ak_kobj *o = ak_kstore_first(ks, k); o; o = ak_kstore_next(o))
                q_push(cs, o);
    for (struct ak_kobj *p = ak_kstore_first(ks, AK_KIND_POD); p; p = ak_kstore_next(p))
        pod_sync(cs, p, true);
    cs->ns_dirty = true;
    cs->nodes_dirty = true;
}

/* ------------------------------------------------------------------ the pass */

/* What a Deployment's or ReplicaSet's reconcile reads: its own resourceVersion and its
 * dependents' (ReplicaSets, pods). Nothing else, and nothing with time. */
static uint64_t memo_key(const struct ak_kobj *o)
{
    uint64_t h = (o->rv + 1) * 0x9e3779b97f4a7c15ull;
    for (const struct ak_kobj *k = ak_kobj_kids(o); k; k = k->sib_next)
        h = (h ^ (k->rv + ((uint64_t)k->removed << 63))) * 0x100000001b3ull;
    return h ? h : 1;
}

static struct rmemo *memo_slot(struct kcs *cs, const void *obj)
{
    if (cs->nmemo * 2 >= cs->capmemo) {
        size_t old = cs->capmemo;
        struct rmemo *ov = cs->memo;
        /* entries of objects that are gone linger: past 65,536 the table starts over */
        size_t nc = old == 0 ? 256 : old >= 131072 ? old : old * 2;
        cs->memo = ak_xcalloc(nc, sizeof(*cs->memo));
        cs->capmemo = nc;
        cs->nmemo = 0;
        for (size_t i = 0; old < 131072 && i < old; i++)
            if (ov[i].obj) {
                size_t h = (size_t)(((uintptr_t)ov[i].obj >> 4) * 0x9e3779b97f4a7c15ull) & (nc - 1);
                while (cs->memo[h].obj)
                    h = (h + 1) & (nc - 1);
                cs->memo[h] = ov[i];
                cs->nmemo++;
            }
        free(ov);
    }
    size_t h = (size_t)(((uintptr_t)obj >> 4) * 0x9e3779b97f4a7c15ull) & (cs->capmemo - 1);
    while (cs->memo[h].obj && cs->memo[h].obj != obj)
        h = (h + 1) & (cs->capmemo - 1);
    if (!cs->memo[h].obj) {
        cs->memo[h].obj = obj;
        cs->memo[h].key = 0;
        cs->nmemo++;
    }
    return &cs->memo[h];
}

static void reconcile_one(struct kcs *cs, struct ak_kobj *o)
{
    switch (o->kind) {
    case AK_KIND_DEPLOYMENT:
    case AK_KIND_REPLICASET: {
        if (memo_slot(cs, o)->key == memo_key(o))
            break; /* it and its dependents are as its last reconcile left them */
        cs->memo_skip = false;
        if (o->kind == AK_KIND_DEPLOYMENT)
            reconcile_deployment(cs, o);
        else
            reconcile_replicaset(cs, o);
        /* what it wrote is what it will see next time: nothing to do then */
        memo_slot(cs, o)->key = o->removed || cs->memo_skip ? 0 : memo_key(o);
        break;
    }
    case AK_KIND_DAEMONSET:
        reconcile_daemonset(cs, o);
        break;
    case AK_KIND_JOB:
        reconcile_job(cs, o);
        break;
    case AK_KIND_PDB:
        reconcile_pdb(cs, o);
        break;
    default:
        break;
    }
}

/* Works through the controller queue; what the work queues anew waits for the next round. */
static void run_queue(struct kcs *cs)
{
    struct ak_kobj *last = cs->wq_tail;
    unsigned n = 0;
    struct ak_kobj *o;
    while (last && (o = q_pop(cs, false)) != NULL) {
        reconcile_one(cs, o);
        if (o == last || over_budget(cs))
            break;
    }
    (void)n;
}

static void reconcile(struct kcs *cs)
{
    cs->in_pass = true;
    cs->pass_start_ns = ak_mono_ns();
    int64_t now = now_ms(cs);
    addons(cs);
    if (cs->ns_dirty) {
        cs->ns_dirty = false;
        namespaces(cs);
    }
    gc(cs);
    collect_gone_nodes(cs);
    struct ak_kobj *n;
    while ((n = q_pop(cs, true)) != NULL)
        node_sync(cs, n);
    if (cs->nodes_dirty) {
        cs->nodes_dirty = false;
        coredns_autoscale(cs);
    }
    run_queue(cs);
    int64_t tdue = taint_eviction(cs);
    if (cs->retry_unsched || (cs->unsched && now >= cs->unsched_flush_ms)) {
        cs->retry_unsched = false;
        unsched_retry_all(cs);
    }
    schedule_pending(cs);
    int64_t due = kubelet(cs);
    if (tdue < due)
        due = tdue;
    int64_t ldue = klife_pass(cs);
    if (ldue < due)
        due = ldue;
    /* the controllers see what just changed (pods bound or started) */
    run_queue(cs);
    if (cs->unsched && cs->unsched_flush_ms < due)
        due = cs->unsched_flush_ms;
    bool more = cs->wq_head || cs->nq_head || cs->gone || cs->active.n || cs->ns_dirty ||
                ak_kstore_orphans(cs->kc->ks) || cs->retry_unsched;
    cs->in_pass = false;
    struct ak_err err;
    if (ak_kworld_commit(cs->kc->world, &err) != 0) {
        ak_log(AK_LOG_ERROR, "kctrl", "could not store the controllers' changes: %s", err.message);
        return;
    }
    struct ak_loop *loop = cs->ctrl->loop;
    if (more)
        due = ak_loop_now(loop);
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
    if (!cs || cs->in_pass)
        return;
    struct ak_loop *loop = cs->ctrl->loop;
    int64_t now = ak_loop_now(loop);
    /* after a failed commit (the store reloaded everything, this state included) wait a
     * moment: retrying at once would spin on a full disk */
    int64_t retry = ak_state_store_retry_ms(ak_kworld_state(kc->world));
    if (retry > now)
        now = retry;
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
    klife_init(cs);
    kc->ctrl = cs;
    ak_kstore_set_hook(kc->ks, on_change, cs);
    resync(cs);
    ak_kctrl_kick(kc);
}

static void cluster_removed(void *ud, struct ak_kcluster *kc)
{
    (void)ud;
    struct kcs *cs = cs_of(kc);
    if (!cs)
        return;
    ak_kstore_set_hook(kc->ks, NULL, NULL);
    /* pods and nodes outlive this state: detach their scheduling views first */
    for (struct ak_kobj *p = ak_kstore_first(kc->ks, AK_KIND_POD); p; p = ak_kstore_next(p)) {
        struct ak_kpod *kp = ak_kpod_of(p);
        if (kp && kp->sched)
            ((struct podsched *)kp->sched)->cs = NULL;
    }
    for (int k = 0; k < AK_KIND_COUNT; k++)
        for (struct ak_kobj *o = ak_kstore_first(kc->ks, k); o; o = ak_kstore_next(o))
            o->wq_in = false, o->wq_next = o->wq_prev = NULL;
    ak_timer_stop(cs->ctrl->loop, &cs->timer);
    free(cs->memo);
    klife_free(cs);
    ak_sched_free(cs->sched);
    collect_gone_nodes_free(cs);
    for (size_t i = 0; i < cs->cap_id; i++)
        if (cs->by_id[i])
            ni_free(cs->by_id[i]);
    free(cs->by_id);
    free(cs->active.v);
    free(cs->timers.v);
    free(cs);
    kc->ctrl = NULL;
}

static void synced(void *ud, struct ak_kcluster *kc)
{
    (void)ud;
    if (cs_of(kc))
        klife_synced(cs_of(kc));
    ak_kctrl_kick(kc);
}

struct ak_kctrl *ak_kctrl_new(struct ak_kworld *w)
{
    struct ak_kctrl *c = ak_xcalloc(1, sizeof(*c));
    c->w = w;
    c->loop = ak_kworld_loop(w);
    struct ak_kworld_hooks h = {cluster_added, cluster_removed, synced, c};
    ak_kworld_add_hooks(w, &h);
    klife_register(c);
    return c;
}

void ak_kctrl_free(struct ak_kctrl *c)
{
    free(c);
}
