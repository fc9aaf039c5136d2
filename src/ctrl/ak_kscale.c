/* ak_kscale.c - the cluster autoscaler, as AKS runs it (upstream cluster-autoscaler with the
 * cluster's autoScalerProfile; reference/aks-facts.md 5, lifecycle-facts.md 5).
 *
 * Every scan-interval (emulated time) of a cluster with an autoscaled pool:
 *   scale-up    the pods kube-scheduler left Unschedulable (priority >= -10, older than
 *               new-pod-scale-up-delay) that do not fit on the nodes still coming up are
 *               packed onto template nodes of each autoscaled pool (the pool's labels, taints
 *               and allocatable, minus the DaemonSet pods such a node would run), up to the
 *               pool's maxCount; the expander (random, most-pods, least-waste, priority) picks
 *               one pool, whose count rises. Events TriggeredScaleUp on the pods helped,
 *               ScaledUpGroup on the status ConfigMap, NotTriggerScaleUp (with the reasons per
 *               pool) when nothing was scaled. A scan that scaled up does not scale down.
 *   scale-down  a node of an autoscaled pool above minCount whose requests are below
 *               scale-down-utilization-threshold (max of cpu and memory) and whose pods can all
 *               move (replicated, PDBs allow, kube-system pods only with a PDB, no
 *               safe-to-evict=false, room on the other nodes in a simulation) is unneeded; after
 *               scale-down-unneeded-time (unready nodes: scale-down-unready-time), outside the
 *               delays after add/delete/failure, it is tainted ToBeDeletedByClusterAutoscaler,
 *               drained through the eviction API (PDBs honoured, given up after
 *               max-pod-eviction-time, 2 min) and its instance deleted (VMSS DeleteInstances:
 *               that instance, not the scale-in policy's). Empty nodes go in bulk (up to
 *               max-empty-bulk-delete), others one at a time.
 * Not modelled: balance-similar-node-groups, the unready-cluster halt, max-node-provision-time
 * and scale-up backoff after failures, the daemonset-eviction settings. */
#include "ak_kctrl_int.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ak_caprofile.h"
#include "../core/ak_catalog.h"
#include "../core/ak_node.h"
#include "../kube/ak_kworld.h"
#include "../kube/ak_selector.h"
#include "../state/ak_codec.h"
#include "../state/ak_state.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_rand.h"
#include "../util/ak_str.h"
#include "../util/ak_time.h"
#include "../util/ak_yaml.h"
#include "../util/ak_banned.h"

#define MAX_POD_EVICTION_MS (2 * 60000) /* cluster-autoscaler --max-pod-eviction-time */
#define EVENT_DEDUP_MS (5 * 60000)      /* CA records an identical event once per 5 minutes */
#define TAINT_DELETE "ToBeDeletedByClusterAutoscaler"
#define TAINT_CANDIDATE "DeletionCandidateOfClusterAutoscaler"
#define STATUS_CM "cluster-autoscaler-status"
#define COMPONENT "cluster-autoscaler"
#define SIM_ID_BASE (1ULL << 62) /* ids of the template nodes' DaemonSet pseudo-pods */

struct unneeded {
    char node[128];
    int64_t since;
    bool seen;
};

struct blocked { /* a node that cannot be removed, and why (logged when the reason changes) */
    char node[128];
    uint64_t h;
    bool seen;
};

struct noted { /* the last NotTriggerScaleUp of a pod */
    char uid[37];
    uint64_t h;
    int64_t at;
    bool seen;
};

struct deletion {
    char node[128];
    bool empty;
};

struct cand {
    struct nodeinfo *ni;
    struct ak_pool *pool;
    bool empty, ready;
    double cpu, mem;
    int64_t since;
};

struct simnode {
    int32_t sid;       /* the node in the simulation (-1: none) */
    const struct nodeinfo *ni;
    uint64_t seq;      /* its change_seq then */
    uint64_t rv;
};

struct kscale {
    int64_t next_scan;
    int64_t last_up, last_delete, last_fail;
    struct unneeded *un;
    size_t nun, capun;
    struct noted *nt;
    size_t nnt, capnt;
    struct blocked *blk;
    size_t nblk, capblk;
    struct deletion *del;
    size_t ndel, capdel;
    uint64_t status_h;
    char up_status[24], down_status[24];
    /* the last scale-down evaluation, reused while nothing changed (same resourceVersion and
     * ARM generation): only the actuation, which depends on time, runs again */
    struct cand *cands;
    size_t ncands, capcands;
    /* the scale-down simulation: every node and its pods, in a scheduler of its own, kept
     * between scans and brought up to date node by node (nodeinfo.change_seq) */
    struct ak_sched *sim;
    struct simnode *sn; /* by the controllers' node id */
    size_t capsn;
    uint64_t eval_rv, eval_gen;
    bool eval_valid;
};

static const struct ak_kworld_config *cfg(struct kcs *cs)
{
    return ak_kworld_config(cs->kc->world);
}

static int64_t dur(struct kcs *cs, int64_t ms)
{
    return ak_kworld_dur(cfg(cs), ms);
}

static struct ak_state *state(struct kcs *cs)
{
    return ak_kworld_state(cs->kc->world);
}

void kscale_init(struct kcs *cs)
{
    cs->scale = ak_xcalloc(1, sizeof(*cs->scale));
}

void kscale_free(struct kcs *cs)
{
    if (!cs->scale)
        return;
    free(cs->scale->un);
    free(cs->scale->nt);
    free(cs->scale->blk);
    free(cs->scale->del);
    free(cs->scale->cands);
    if (cs->scale->sim)
        ak_sched_free(cs->scale->sim);
    free(cs->scale->sn);
    free(cs->scale);
    cs->scale = NULL;
}

static bool autoscaled(const struct ak_pool *p)
{
    return p->spec.enable_auto_scaling && strcmp(p->prov_state, "Deleting") != 0 &&
           !ak_streq(p->spec.power_state, "Stopped");
}

static void load_profile(const struct ak_cluster *cl, struct ak_ca_profile *prof)
{
    ak_ca_profile_init(prof);
    json_t *asp = cl->props ? json_object_get(cl->props, "autoScalerProfile") : NULL;
    const char *k;
    json_t *v;
    json_object_foreach(asp, k, v)
    {
        if (json_is_string(v))
            (void)ak_ca_profile_set(prof, k, json_string_value(v), NULL); /* validated at PUT */
    }
}

/* ------------------------------------------------------------------ nodes and taints */

static bool has_taint(const struct nodeinfo *ni, const char *key)
{
    for (size_t i = 0; i < ni->ntaints; i++)
        if (strcmp(ni->taints[i].key, key) == 0)
            return true;
    return false;
}

/* Adds (value != NULL) or removes the taint `key` on the node. */
static const char *annotation(const json_t *j, const char *key)
{
    return ak_json_str(json_object_get(json_object_get(j, "metadata"), "annotations"), key);
}

/* The instance behind a node name, and its pool. */
/* The status ConfigMap the events of the autoscaler are about. */
static struct ak_kobj *status_cm(struct kcs *cs)
{
    struct ak_kobj *cm = ak_kstore_get(cs->kc->ks, AK_KIND_CONFIGMAP, "kube-system", STATUS_CM);
    if (cm)
        return cm;
    json_t *j = json_pack("{s:{s:s,s:s,s:{s:s}},s:{s:s}}", "metadata", "name", STATUS_CM, "namespace", "kube-system",
                          "annotations", "cluster-autoscaler.kubernetes.io/last-updated", "", "data", "status", "");
    struct ak_err err;
    if (ak_kstore_create(cs->kc->ks, AK_KIND_CONFIGMAP, j, &cm, &err) != 0) {
        ak_log(AK_LOG_WARN, "kctrl", "autoscaler status: %s", err.message);
        cm = NULL;
    }
    json_decref(j);
    return cm;
}

/* ------------------------------------------------------------------ template nodes */

struct tmpl {
    struct ak_pool *pool;
    struct ak_kvs labels;
    struct ak_taint *taints;
    size_t ntaints;
    struct ak_sched_res alloc;
    int64_t cap_cpu_m, cap_mem; /* capacity (least-waste) */
    struct ak_sched_res ds;     /* the DaemonSet pods' requests */
    int nds;
    bool ok;
};

static int k8s_minor(const char *v)
{
    int a, b, c;
    return v && ak_k8s_parse(v, &a, &b, &c) == 0 ? b : 32;
}

static void tmpl_build(struct kcs *cs, const struct ak_cluster *cl, struct ak_pool *p, struct tmpl *t)
{
    memset(t, 0, sizeof(*t));
    t->pool = p;
    const struct ak_vm_size *z = ak_catalog_find(p->spec.vm_size);
    if (!z)
        return;
    char name[128];
    ak_node_name(p->vmss_name, 999999, name, sizeof(name));
    struct ak_node_ctx ctx = {cl->node_rg, cl->location, p->spec.zones.n ? p->spec.zones.v[0] : NULL, 0, name,
                              p->spec.orchestrator_version};
    ak_node_labels(&p->spec, z, &ctx, &t->labels);
    struct ak_strs ts = {0};
    ak_node_taints(&p->spec, &ts);
    t->taints = ak_xcalloc(ts.n ? ts.n : 1, sizeof(*t->taints));
    for (size_t i = 0; i < ts.n; i++)
        if (ak_taint_parse(ts.v[i], &t->taints[t->ntaints]) == 0)
            t->ntaints++;
    ak_strs_release(&ts);
    struct ak_node_resources r;
    ak_node_resources(z, p->spec.max_pods, p->spec.os_disk_size_gb, k8s_minor(p->spec.orchestrator_version), &r);
    t->alloc.cpu_m = r.alloc_cpu_milli;
    t->alloc.mem = r.alloc_memory_ki * 1024;
    t->alloc.eph = r.alloc_ephemeral_ki * 1024;
    t->alloc.pods = r.pods;
    t->cap_cpu_m = r.cpu_milli;
    t->cap_mem = r.memory_ki * 1024;
    kc_ds_requests(cs, &t->labels, t->taints, t->ntaints, &t->ds, &t->nds);
    t->ok = true;
}

static void tmpl_release(struct tmpl *t)
{
    ak_kvs_release(&t->labels);
    free(t->taints);
}

/* Adds a node like the template to the simulation, with its DaemonSet pods. */
static int32_t tmpl_add(struct ak_sched *s, const struct tmpl *t, int k, uint64_t *next_id)
{
    char name[160];
    snprintf(name, sizeof(name), "template-%s-%d", t->pool->name, k);
    int32_t id = ak_sched_node_upsert(s, name, &t->labels, t->taints, t->ntaints, &t->alloc, false, true);
    if (id >= 0 && t->nds) {
        struct ak_sched_pod dp = {0};
        dp.id = (*next_id)++;
        dp.req = t->ds;
        dp.daemonset = true;
        ak_sched_assign(s, id, &dp);
    }
    return id;
}

/* ------------------------------------------------------------------ scale-up */

struct option {
    struct tmpl *t;
    int added;
    int helped;
    int64_t req_cpu_m, req_mem;
    bool *helps; /* per pending pod */
};

static bool fits(struct ak_sched *s, struct ak_sched_pod *sp, struct ak_sched_result *res)
{
    ak_sched_result_release(res);
    ak_sched_result_init(res);
    if (ak_sched_schedule(s, sp, res) != 0 || res->status != AK_SCHED_FIT)
        return false;
    ak_sched_assign(s, res->node, sp);
    return true;
}

/* The priority expander's ConfigMap: the highest priority whose regex matches the group. */
static int64_t priority_of(struct kcs *cs, const char *group, bool *found)
{
    *found = false;
    struct ak_kobj *cm = ak_kstore_get(cs->kc->ks, AK_KIND_CONFIGMAP, "kube-system",
                                       "cluster-autoscaler-priority-expander");
    if (!cm)
        return 0;
    json_t *j = ak_kobj_json(cm);
    const char *text = ak_json_str(json_object_get(j, "data"), "priorities");
    int64_t best = INT64_MIN;
    char err[256];
    json_t *doc = text ? ak_yaml_parse(text, strlen(text), "priorities", err, sizeof(err)) : NULL;
    const char *k;
    json_t *v;
    json_object_foreach(doc, k, v)
    {
        char *end;
        long long prio = strtoll(k, &end, 10);
        if (*end)
            continue;
        size_t i;
        json_t *re;
        json_array_foreach(v, i, re)
        {
            const char *pat = json_string_value(re);
            regex_t rx;
            if (!pat || regcomp(&rx, pat, REG_EXTENDED | REG_NOSUB) != 0)
                continue;
            if (regexec(&rx, group, 0, NULL, 0) == 0 && prio > best) {
                best = prio;
                *found = true;
            }
            regfree(&rx);
        }
    }
    json_decref(doc);
    json_decref(j);
    return best;
}

static size_t expand(struct kcs *cs, const struct ak_ca_profile *prof, struct option *o, size_t n)
{
    size_t cand[256], nc = 0;
    double best = 0;
    for (size_t i = 0; i < n && nc < 256; i++) {
        if (!o[i].helped)
            continue;
        double score = 0;
        bool ok = true;
        if (prof->expander == AK_CA_MOST_PODS) {
            score = o[i].helped;
        } else if (prof->expander == AK_CA_LEAST_WASTE) {
            double cpu = (double)o[i].t->cap_cpu_m * o[i].added, mem = (double)o[i].t->cap_mem * o[i].added;
            double w = (cpu > 0 ? (cpu - (double)o[i].req_cpu_m) / cpu : 0) + (mem > 0 ? (mem - (double)o[i].req_mem) / mem : 0);
            score = -w; /* the lowest waste wins */
        } else if (prof->expander == AK_CA_PRIORITY) {
            bool found;
            score = (double)priority_of(cs, o[i].t->pool->vmss_name, &found);
            ok = found;
            if (!found)
                score = -1e300;
        }
        (void)ok;
        if (nc == 0 || score > best + 1e-12) {
            nc = 0;
            best = score;
        } else if (score < best - 1e-12) {
            continue;
        }
        cand[nc++] = i;
    }
    if (nc == 0)
        return SIZE_MAX;
    return cand[nc == 1 ? 0 : ak_rand_below(ak_state_rand(state(cs)), nc)];
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void not_triggered(struct kcs *cs, struct ak_kobj *pod, const char *msg, int64_t now)
{
    struct kscale *k = cs->scale;
    uint64_t h = hash_str(msg);
    struct noted *n = NULL;
    for (size_t i = 0; i < k->nnt; i++)
        if (strcmp(k->nt[i].uid, pod->uid) == 0)
            n = &k->nt[i];
    if (!n) {
        AK_GROW(k->nt, k->nnt + 1, k->capnt);
        n = &k->nt[k->nnt++];
        memset(n, 0, sizeof(*n));
        snprintf(n->uid, sizeof(n->uid), "%s", pod->uid);
    }
    n->seen = true;
    if (n->at && n->h == h && now - n->at < dur(cs, EVENT_DEDUP_MS))
        return;
    n->h = h;
    n->at = now;
    kc_ev(cs, pod, "Normal", "NotTriggerScaleUp", COMPONENT, NULL, "pod didn't trigger scale-up: %s", msg);
}

/* Nodes of the pool that are coming up: instances being created or started, and nodes not
 * Ready yet. */
static int upcoming(struct kcs *cs, const struct ak_pool *p)
{
    int n = 0;
    for (size_t i = 0; i < p->ninst; i++) {
        const struct ak_instance *in = p->inst[i];
        if (ak_state_instance_leaving(in) || strcmp(in->prov_state, "Failed") == 0 ||
            strcmp(in->power, "deallocated") == 0)
            continue;
        if (strcmp(in->prov_state, "Creating") == 0 || strcmp(in->power, "starting") == 0) {
            n++;
            continue;
        }
        char name[128];
        ak_node_name(p->vmss_name, in->id, name, sizeof(name));
        struct ak_kobj *node = ak_kstore_get(cs->kc->ks, AK_KIND_NODE, "", name);
        const struct ak_knode *kn = node ? ak_knode_of(node) : NULL;
        if (!kn || (!kn->ready && !kn->unknown && !in->down_ms))
            n++;
    }
    return n;
}

static bool scale_up(struct kcs *cs, const struct ak_cluster *cl, const struct ak_ca_profile *prof, int64_t now)
{
    /* the pending pods */
    struct podsched **pend = NULL;
    size_t np = 0, cap = 0;
    for (struct podsched *ps = cs->unsched; ps; ps = ps->un_next) {
        struct ak_kobj *p = ps->pod;
        const struct ak_kpod *kp = ak_kpod_of(p);
        if (p->removed || p->deleted_ms || kc_pod_terminal(p) || ps->assigned || !kp || kp->node || kp->daemonset)
            continue;
        if (ps->v->sp.priority < -10)
            continue; /* expendable: never triggers a scale-up */
        if (now - p->created_ms < dur(cs, prof->new_pod_delay_ms))
            continue;
        AK_GROW(pend, np + 1, cap);
        pend[np++] = ps;
    }
    if (!np) {
        snprintf(cs->scale->up_status, sizeof(cs->scale->up_status), "NoActivity");
        free(pend);
        return false;
    }
    size_t nt = 0;
    struct tmpl *ts = ak_xcalloc(cl->npools ? cl->npools : 1, sizeof(*ts));
    for (size_t i = 0; i < cl->npools; i++)
        if (autoscaled(cl->pools[i]) && !cl->pools[i]->op_id) {
            tmpl_build(cs, cl, cl->pools[i], &ts[nt]);
            if (ts[nt].ok)
                nt++;
            else
                tmpl_release(&ts[nt]);
        }
    struct ak_sched_result res;
    ak_sched_result_init(&res);
    uint64_t sim_id = SIM_ID_BASE;
    /* pods that will fit on the nodes coming up wait for them */
    bool *covered = ak_xcalloc(np, sizeof(bool));
    struct ak_sched *up = ak_sched_new(NULL);
    int nup = 0;
    for (size_t i = 0; i < nt; i++) {
        int u = upcoming(cs, ts[i].pool);
        for (int k = 0; k < u; k++, nup++)
            tmpl_add(up, &ts[i], 1000 + k, &sim_id);
    }
    size_t left = 0;
    for (size_t j = 0; j < np; j++) {
        struct ak_sched_pod sp = kc_pod_sp(pend[j]);
        sp.node_name = NULL;
        if (nup && fits(up, &sp, &res))
            covered[j] = true;
        else
            left++;
    }
    ak_sched_free(up);
    bool scaled = false;
    struct option *opt = ak_xcalloc(nt ? nt : 1, sizeof(*opt));
    /* per pod, the reasons of each pool ("1 max node group size reached, ...") */
    struct ak_buf *why = ak_xcalloc(np, sizeof(*why));
    for (size_t j = 0; j < np; j++)
        ak_buf_init(&why[j], 1 << 20);
    if (left) {
        for (size_t i = 0; i < nt; i++) {
            struct option *o = &opt[i];
            o->t = &ts[i];
            o->helps = ak_xcalloc(np, sizeof(bool));
            struct ak_pool *p = ts[i].pool;
            int room = p->spec.max_count - p->spec.count;
            struct ak_sched *s = ak_sched_new(NULL);
            for (size_t j = 0; j < np; j++) {
                if (covered[j])
                    continue;
                struct ak_sched_pod sp = kc_pod_sp(pend[j]);
                sp.node_name = NULL;
                const char *reason = NULL;
                char rbuf[600];
                bool ok = o->added > 0 && fits(s, &sp, &res);
                if (!ok) {
                    if (o->added >= room) {
                        reason = "max node group size reached";
                    } else {
                        int32_t nid = tmpl_add(s, &ts[i], o->added, &sim_id);
                        if (fits(s, &sp, &res)) {
                            o->added++;
                            ok = true;
                        } else {
                            /* it does not fit an empty node of the pool: the filter's reason */
                            snprintf(rbuf, sizeof(rbuf), "%s",
                                     res.n_counts ? res.counts[0].text : "Insufficient resources");
                            reason = rbuf;
                            if (nid >= 0)
                                ak_sched_node_remove(s, nid);
                        }
                    }
                }
                if (ok) {
                    o->helps[j] = true;
                    o->helped++;
                    o->req_cpu_m += sp.req.cpu_m;
                    o->req_mem += sp.req.mem;
                } else if (reason) {
                    if (why[j].len)
                        ak_buf_puts(&why[j], "\x1f");
                    ak_buf_puts(&why[j], reason);
                }
            }
            ak_sched_free(s);
        }
        size_t best = expand(cs, prof, opt, nt);
        if (best != SIZE_MAX) {
            struct option *o = &opt[best];
            struct ak_pool *p = o->t->pool;
            int from = p->spec.count, to = from + o->added;
            if (to > p->spec.max_count)
                to = p->spec.max_count;
            ak_state_autoscale_up(state(cs), p, to, ak_state_config(state(cs))->provision_ms);
            ak_log(AK_LOG_INFO, "kctrl", "autoscaler: pool %s %d -> %d (max %d) for %d pending pods", p->name, from, to,
                   p->spec.max_count, o->helped);
            struct ak_kobj *cm = status_cm(cs);
            if (cm)
                kc_ev(cs, cm, "Normal", "ScaledUpGroup", COMPONENT, NULL,
                      "Scale-up: setting group %s size to %d instead of %d (max: %d)", p->vmss_name, to, from,
                      p->spec.max_count);
            for (size_t j = 0; j < np; j++)
                if (o->helps[j])
                    kc_ev(cs, pend[j]->pod, "Normal", "TriggeredScaleUp", COMPONENT, NULL,
                          "pod triggered scale-up: [{%s %d->%d (max: %d)}]", p->vmss_name, from, to,
                          p->spec.max_count);
            cs->scale->last_up = now;
            scaled = true;
            ak_kworld_kick(cs->kc->world);
        }
    }
    if (!scaled) {
        /* the reasons, counted over the pools, in the order they first appear */
        for (size_t j = 0; j < np; j++) {
            if (covered[j])
                continue;
            const char *names[64];
            int counts[64];
            size_t nn = 0;
            char *all = ak_xstrdup(ak_buf_cstr(&why[j]));
            for (char *q = all; q && *q;) {
                char *e = strchr(q, '\x1f');
                if (e)
                    *e = 0;
                size_t x = 0;
                while (x < nn && strcmp(names[x], q) != 0)
                    x++;
                if (x == nn && nn < 64) {
                    names[nn] = q;
                    counts[nn++] = 0;
                }
                if (x < nn)
                    counts[x]++;
                q = e ? e + 1 : NULL;
            }
            struct ak_buf m;
            ak_buf_init(&m, 1 << 20);
            for (size_t x = 0; x < nn; x++) {
                char part[700];
                snprintf(part, sizeof(part), "%s%d %s", x ? ", " : "", counts[x], names[x]);
                ak_buf_puts(&m, part);
            }
            if (!nn)
                ak_buf_puts(&m, "no node group can be scaled up for it");
            not_triggered(cs, pend[j]->pod, ak_buf_cstr(&m), now);
            ak_buf_release(&m);
            free(all);
        }
    }
    snprintf(cs->scale->up_status, sizeof(cs->scale->up_status), "%s",
             scaled || left < np ? "InProgress" : "NoActivity");
    for (size_t j = 0; j < np; j++)
        ak_buf_release(&why[j]);
    free(why);
    for (size_t i = 0; i < nt; i++)
        free(opt[i].helps);
    free(opt);
    free(covered);
    for (size_t i = 0; i < nt; i++)
        tmpl_release(&ts[i]);
    free(ts);
    ak_sched_result_release(&res);
    free(pend);
    return scaled;
}

/* ------------------------------------------------------------------ scale-down */

static bool pod_has_pdb(struct kcs *cs, const struct ak_kobj *pod)
{
    for (struct ak_kobj *pdb = ak_kstore_first(cs->kc->ks, AK_KIND_PDB); pdb; pdb = ak_kstore_next(pdb)) {
        if (strcmp(pdb->ns, pod->ns) != 0)
            continue;
        json_t *j = ak_kobj_json(pdb);
        struct ak_lsel ls;
        struct ak_err e;
        bool m = false;
        if (ak_lsel_from_json(&ls, json_object_get(json_object_get(j, "spec"), "selector"), &e) == 0) {
            m = !ak_lsel_empty(&ls) && ak_lsel_match(&ls, &pod->labels);
            ak_lsel_release(&ls);
        }
        json_decref(j);
        if (m)
            return true;
    }
    return false;
}

static bool local_storage(const json_t *pj)
{
    const char *exempt = annotation(pj, "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(json_object_get(pj, "spec"), "volumes"), i, v)
    {
        json_t *ed = json_object_get(v, "emptyDir");
        bool local = json_object_get(v, "hostPath") || (ed && !ak_streq(ak_json_str(ed, "medium"), "Memory"));
        const char *name = ak_json_str(v, "name");
        if (local && !(exempt && name && strstr(exempt, name)))
            return true;
    }
    return false;
}

enum { CA_MIRROR = 1 << 0, CA_STE_TRUE = 1 << 1, CA_STE_FALSE = 1 << 2, CA_LOCAL = 1 << 3 };

/* What the scan needs of a pod's document, read again only when the pod changed (a scan every
 * scan-interval must not decode every pod). */
static uint8_t pod_flags(struct kcs *cs, struct ak_kobj *pod)
{
    struct podsched *ps = kc_ps_of(cs, pod);
    if (ps && ps->ca_rv == pod->rv && pod->rv)
        return ps->ca_flags;
    json_t *j = ak_kobj_json(pod);
    const char *ste = annotation(j, "cluster-autoscaler.kubernetes.io/safe-to-evict");
    uint8_t f = (annotation(j, "kubernetes.io/config.mirror") ? CA_MIRROR : 0) | (ak_streq(ste, "true") ? CA_STE_TRUE : 0) |
                (ak_streq(ste, "false") ? CA_STE_FALSE : 0) | (local_storage(j) ? CA_LOCAL : 0);
    json_decref(j);
    if (ps) {
        ps->ca_rv = pod->rv;
        ps->ca_flags = f;
    }
    return f;
}

/* Why the pod keeps its node (NULL: it can move, as far as the rules go). */
static const char *blocks(struct kcs *cs, const struct ak_ca_profile *prof, struct ak_kobj *pod, char *buf, size_t n)
{
    const struct ak_kpod *kp = ak_kpod_of(pod);
    if (!kp || kp->daemonset || kc_pod_terminal(pod) || pod->deleted_ms)
        return NULL;
    uint8_t f = pod_flags(cs, pod);
    const char *r = NULL;
    if (f & CA_MIRROR)
        r = NULL;
    else if (f & CA_STE_TRUE)
        r = NULL;
    else if (!pod->owner_kind)
        snprintf(buf, n, "%s/%s is not replicated", pod->ns, pod->name), r = buf;
    else if (prof->skip_system_pods && strcmp(pod->ns, "kube-system") == 0 && !pod_has_pdb(cs, pod))
        snprintf(buf, n, "non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: %s", pod->name), r = buf;
    else if (f & CA_STE_FALSE)
        snprintf(buf, n, "pod annotated as not safe to evict present: %s", pod->name), r = buf;
    else if (prof->skip_local_storage && (f & CA_LOCAL))
        snprintf(buf, n, "pod with local storage present: %s", pod->name), r = buf;
    if (r || (f & CA_STE_TRUE))
        return r;
    struct ak_err err = {0};
    char cause[256];
    struct ak_kobj *pdb = NULL;
    if (kc_evict(cs, pod, true, &err, cause, sizeof(cause), &pdb) != 0 && err.status == 429) {
        snprintf(buf, n, "not enough pod disruption budget to move %s/%s", pod->ns, pod->name);
        return buf;
    }
    return NULL;
}

/* Logs "cannot be removed" once per node and reason, as the autoscaler's log shows it. */
static void blocked_note(struct kscale *k, const char *node, const char *why)
{
    uint64_t h = ak_hash64(why, strlen(why));
    struct blocked *b = NULL;
    for (size_t i = 0; i < k->nblk && !b; i++)
        if (strcmp(k->blk[i].node, node) == 0)
            b = &k->blk[i];
    if (!b) {
        AK_GROW(k->blk, k->nblk + 1, k->capblk);
        b = &k->blk[k->nblk++];
        snprintf(b->node, sizeof(b->node), "%s", node);
        b->h = 0;
    }
    b->seen = true;
    if (b->h != h)
        ak_log(AK_LOG_INFO, "kctrl", "autoscaler: node %s cannot be removed: %s", node, why);
    b->h = h;
}

static struct unneeded *unneeded_get(struct kscale *k, const char *node, int64_t now)
{
    for (size_t i = 0; i < k->nun; i++)
        if (strcmp(k->un[i].node, node) == 0)
            return &k->un[i];
    AK_GROW(k->un, k->nun + 1, k->capun);
    struct unneeded *u = &k->un[k->nun++];
    memset(u, 0, sizeof(*u));
    snprintf(u->node, sizeof(u->node), "%s", node);
    u->since = now;
    return u;
}

static bool deleting(const struct kscale *k, const char *node)
{
    for (size_t i = 0; i < k->ndel; i++)
        if (strcmp(k->del[i].node, node) == 0)
            return true;
    return false;
}

/* The scale-down simulation: every node and its pods, in a scheduler of its own, as the
 * cluster is now. Nodes that did not change since the last scan are kept as they are. */
static struct ak_sched *sync_sim(struct kcs *cs)
{
    struct kscale *k = cs->scale;
    if (!k->sim)
        k->sim = ak_sched_new(NULL);
    struct ak_sched *s = k->sim;
    if (k->capsn < cs->cap_id) {
        size_t old = k->capsn;
        k->sn = ak_xreallocarray(k->sn, cs->cap_id, sizeof(*k->sn));
        for (size_t i = old; i < cs->cap_id; i++)
            k->sn[i] = (struct simnode){-1, NULL, 0, 0};
        k->capsn = cs->cap_id;
    }
    for (size_t i = 0; i < k->capsn; i++) {
        struct nodeinfo *ni = i < cs->cap_id ? cs->by_id[i] : NULL;
        struct simnode *sn = &k->sn[i];
        if (ni && !ni->obj)
            ni = NULL;
        if (ni && sn->sid >= 0 && sn->ni == ni && sn->seq == ni->change_seq && sn->rv == ni->obj->rv)
            continue; /* as it was */
        if (sn->sid >= 0)
            ak_sched_node_remove(s, sn->sid); /* its pods go with it */
        *sn = (struct simnode){-1, ni, ni ? ni->change_seq : 0, ni ? ni->obj->rv : 0};
        if (!ni)
            continue;
        struct ak_sched_node_usage u;
        if (ak_sched_node_usage(cs->sched, ni->id, &u) != 0)
            continue;
        struct ak_sched_res a = {u.alloc_cpu_m, u.alloc_mem, u.alloc_eph, u.alloc_pods, NULL, 0};
        bool unsched = u.unschedulable || has_taint(ni, TAINT_DELETE);
        sn->sid = ak_sched_node_upsert(s, ni->name, &ni->obj->labels, ni->taints, ni->ntaints, &a, unsched, u.ready);
        for (struct podsched *ps = ni->pods; ps && sn->sid >= 0; ps = ps->nd_next)
            if (!ps->pod->removed && !kc_pod_terminal(ps->pod)) {
                struct ak_sched_pod sp = kc_pod_sp(ps);
                ak_sched_assign(s, sn->sid, &sp);
            }
    }
    return s;
}

/* A move made in the simulation, undone at the end of the scan. */
struct simmove {
    struct podsched *ps;
    int32_t from, to; /* to < 0: the node `from` was marked unschedulable (ni: its node) */
    struct nodeinfo *ni;
    struct ak_sched_res a;
    bool unsched, ready;
};

/* Which nodes are unneeded (k->cands), and the soft taints that say so. */
static void scale_down_eval(struct kcs *cs, const struct ak_cluster *cl, const struct ak_ca_profile *prof, int64_t now)
{
    struct kscale *k = cs->scale;
    for (size_t i = 0; i < k->nun; i++)
        k->un[i].seen = false;
    for (size_t i = 0; i < k->nblk; i++)
        k->blk[i].seen = false;
    /* the simulation (every node and its pods) is brought up to date when a node needs it;
     * what the scan moves in it is undone at the end */
    struct ak_sched *s = NULL;
    struct simmove *log = NULL;
    size_t nlog = 0, caplog = 0;
    k->ncands = 0;
    struct ak_sched_result res;
    ak_sched_result_init(&res);
    for (size_t pi = 0; pi < cl->npools; pi++) {
        struct ak_pool *p = cl->pools[pi];
        if (!autoscaled(p) || p->op_id)
            continue;
        for (size_t ii = 0; ii < p->ninst; ii++) {
            struct ak_instance *in = p->inst[ii];
            if (strcmp(in->prov_state, "Succeeded") != 0 || strcmp(in->power, "running") != 0 || in->evict_at_ms ||
                ak_state_instance_leaving(in))
                continue;
            char name[128];
            ak_node_name(p->vmss_name, in->id, name, sizeof(name));
            struct nodeinfo *ni = kc_node_info(cs, name);
            if (!ni || !ni->obj || deleting(k, name) || has_taint(ni, TAINT_DELETE) || klife_draining(cs, name))
                continue;
            if (ni->ca_rv != ni->obj->rv || !ni->obj->rv) {
                json_t *nj = ak_kobj_json(ni->obj);
                ni->ca_disabled = ak_streq(annotation(nj, "cluster-autoscaler.kubernetes.io/scale-down-disabled"), "true");
                ni->ca_rv = ni->obj->rv;
                json_decref(nj);
            }
            if (ni->ca_disabled)
                continue;
            struct ak_sched_node_usage u;
            if (ak_sched_node_usage(cs->sched, ni->id, &u) != 0)
                continue;
            int64_t rc = u.req_cpu_m, rm = u.req_mem;
            bool empty = true;
            for (struct podsched *ps = ni->pods; ps; ps = ps->nd_next) {
                const struct ak_kpod *kp = ak_kpod_of(ps->pod);
                if (ps->pod->removed || kc_pod_terminal(ps->pod))
                    continue;
                if (kp && kp->daemonset) {
                    if (prof->ignore_ds_utilization) {
                        rc -= ps->v->sp.req.cpu_m;
                        rm -= ps->v->sp.req.mem;
                    }
                } else {
                    empty = false;
                }
            }
            double cpu = u.alloc_cpu_m > 0 ? (double)rc / (double)u.alloc_cpu_m : 0;
            double mem = u.alloc_mem > 0 ? (double)rm / (double)u.alloc_mem : 0;
            if ((cpu > mem ? cpu : mem) >= prof->utilization_threshold)
                continue;
            /* the pods' rules, then room elsewhere in the simulation */
            const char *why = NULL;
            char buf[512];
            for (struct podsched *ps = ni->pods; ps && !why; ps = ps->nd_next)
                if (!ps->pod->removed)
                    why = blocks(cs, prof, ps->pod, buf, sizeof(buf));
            if (!why && !empty && !s)
                s = sync_sim(cs);
            int32_t me = s && (size_t)ni->id < k->capsn ? k->sn[ni->id].sid : -1;
            if (!why && !empty && me >= 0) {
                struct ak_sched_node_usage su;
                ak_sched_node_usage(s, me, &su);
                struct ak_sched_res a = {su.alloc_cpu_m, su.alloc_mem, su.alloc_eph, su.alloc_pods, NULL, 0};
                ak_sched_node_upsert(s, ni->name, &ni->obj->labels, ni->taints, ni->ntaints, &a, true, su.ready);
                size_t log0 = nlog;
                AK_GROW(log, nlog + 1, caplog);
                log[nlog++] = (struct simmove){NULL, me, -1, ni, a, su.unschedulable, su.ready};
                int32_t moved_to[256];
                struct podsched *moved[256];
                size_t nm = 0;
                for (struct podsched *ps = ni->pods; ps && !why; ps = ps->nd_next) {
                    const struct ak_kpod *kp = ak_kpod_of(ps->pod);
                    if (ps->pod->removed || kc_pod_terminal(ps->pod) || (kp && kp->daemonset))
                        continue;
                    struct ak_sched_pod sp = kc_pod_sp(ps);
                    sp.node_name = NULL;
                    ak_sched_unassign(s, me, ps->id);
                    if (nm < 256 && fits(s, &sp, &res)) {
                        moved_to[nm] = res.node;
                        moved[nm++] = ps;
                        AK_GROW(log, nlog + 1, caplog);
                        log[nlog++] = (struct simmove){ps, me, res.node, NULL, a, false, false};
                    } else {
                        ak_sched_assign(s, me, &sp);
                        snprintf(buf, sizeof(buf), "pod %s/%s can't be rescheduled on another node", ps->pod->ns,
                                 ps->pod->name);
                        why = buf;
                    }
                }
                if (why) { /* undo */
                    for (size_t m = 0; m < nm; m++) {
                        struct ak_sched_pod sp = kc_pod_sp(moved[m]);
                        ak_sched_unassign(s, moved_to[m], moved[m]->id);
                        ak_sched_assign(s, me, &sp);
                    }
                    ak_sched_node_upsert(s, ni->name, &ni->obj->labels, ni->taints, ni->ntaints, &a, su.unschedulable,
                                         su.ready);
                    nlog = log0;
                }
            }
            if (why) {
                blocked_note(k, name, why);
                continue;
            }
            struct unneeded *un = unneeded_get(k, name, now);
            un->seen = true;
            const struct ak_knode *kn = ak_knode_of(ni->obj);
            AK_GROW(k->cands, k->ncands + 1, k->capcands);
            k->cands[k->ncands++] = (struct cand){ni, p, empty, kn && kn->ready && !kn->unknown, cpu, mem, un->since};
            if (!has_taint(ni, TAINT_CANDIDATE)) {
                char v[24];
                snprintf(v, sizeof(v), "%lld", (long long)(now / 1000));
                kc_node_taint(cs, ni->obj, TAINT_CANDIDATE, v, "PreferNoSchedule", true);
            }
        }
    }
    ak_sched_result_release(&res);
    /* the simulation goes back to the cluster as it is */
    while (nlog > 0) {
        struct simmove *m = &log[--nlog];
        if (m->ps) {
            struct ak_sched_pod sp = kc_pod_sp(m->ps);
            ak_sched_unassign(s, m->to, m->ps->id);
            ak_sched_assign(s, m->from, &sp);
        } else {
            ak_sched_node_upsert(s, m->ni->name, &m->ni->obj->labels, m->ni->taints, m->ni->ntaints, &m->a,
                                 m->unsched, m->ready);
        }
    }
    free(log);
    for (size_t i = 0; i < k->nblk;)
        if (!k->blk[i].seen)
            k->blk[i] = k->blk[--k->nblk];
        else
            i++;
    /* nodes no longer unneeded lose the soft taint */
    for (size_t i = 0; i < k->nun;) {
        if (!k->un[i].seen) {
            struct nodeinfo *ni = kc_node_info(cs, k->un[i].node);
            if (ni && ni->obj && has_taint(ni, TAINT_CANDIDATE) && !deleting(k, k->un[i].node))
                kc_node_taint(cs, ni->obj, TAINT_CANDIDATE, NULL, "PreferNoSchedule", false);
            k->un[i] = k->un[--k->nun];
            continue;
        }
        i++;
    }
    snprintf(k->down_status, sizeof(k->down_status), "%s", k->ncands ? "CandidatesPresent" : "NoCandidates");
}

static void scale_down(struct kcs *cs, const struct ak_cluster *cl, const struct ak_ca_profile *prof, int64_t now)
{
    struct kscale *k = cs->scale;
    struct ak_state *st = state(cs);
    if (!k->eval_valid || k->eval_rv != ak_kstore_rv(cs->kc->ks) || k->eval_gen != ak_state_generation(st)) {
        scale_down_eval(cs, cl, prof, now);
        k->eval_valid = true;
        k->eval_rv = ak_kstore_rv(cs->kc->ks);
        k->eval_gen = ak_state_generation(st);
    }
    struct cand *cands = k->cands;
    size_t nc = k->ncands;
    int *pending_del = ak_xcalloc(cl->npools ? cl->npools : 1, sizeof(int));
    for (size_t pi = 0; pi < cl->npools; pi++) {
        struct ak_pool *p = cl->pools[pi];
        for (size_t d = 0; d < k->ndel; d++)
            if (strncmp(k->del[d].node, p->vmss_name, strlen(p->vmss_name)) == 0)
                pending_del[pi]++;
    }
    /* actuation */
    bool cool = (k->last_up && now - k->last_up < dur(cs, prof->delay_after_add_ms)) ||
                (k->last_delete && now - k->last_delete < dur(cs, ak_ca_delay_after_delete(prof))) ||
                (k->last_fail && now - k->last_fail < dur(cs, prof->delay_after_failure_ms)) || k->ndel;
    if (!cool) {
        int bulk = 0;
        bool took_nonempty = false;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < nc; i++) {
                struct cand *c = &cands[i];
                if (c->empty != (pass == 0))
                    continue;
                int64_t need = dur(cs, c->ready ? prof->unneeded_ms : prof->unready_ms);
                if (now - c->since < need)
                    continue;
                size_t pi = 0;
                while (pi < cl->npools && cl->pools[pi] != c->pool)
                    pi++;
                if (ak_state_pool_live_instances(c->pool) - pending_del[pi] <= c->pool->spec.min_count)
                    continue;
                if (c->empty && bulk >= prof->max_empty_bulk_delete)
                    continue;
                if (!c->empty && (bulk || took_nonempty))
                    continue;
                pending_del[pi]++;
                struct ak_kobj *node = c->ni->obj;
                char v[24];
                snprintf(v, sizeof(v), "%lld", (long long)(now / 1000));
                kc_node_taint(cs, node, TAINT_DELETE, v, "NoSchedule", true);
                kc_ev(cs, node, "Normal", "ScaleDown", COMPONENT, NULL, "marked the node as toBeDeleted/unschedulable");
                struct ak_kobj *cm = status_cm(cs);
                if (c->empty) {
                    bulk++;
                    if (cm)
                        kc_ev(cs, cm, "Normal", "ScaleDownEmpty", COMPONENT, NULL, "Scale-down: removing empty node \"%s\"",
                              node->name);
                } else {
                    took_nonempty = true;
                    struct ak_buf pods;
                    ak_buf_init(&pods, 1 << 20);
                    for (struct podsched *ps = c->ni->pods; ps; ps = ps->nd_next) {
                        const struct ak_kpod *kp = ak_kpod_of(ps->pod);
                        if (ps->pod->removed || kc_pod_terminal(ps->pod) || (kp && kp->daemonset))
                            continue;
                        if (pods.len)
                            ak_buf_puts(&pods, ",");
                        ak_buf_puts(&pods, ps->pod->name);
                    }
                    bool cpu_max = c->cpu >= c->mem;
                    if (cm)
                        kc_ev(cs, cm, "Normal", "ScaleDown", COMPONENT, NULL,
                              "Scale-down: removing node %s, utilization: {%g %g 0 %s %g}, pods to reschedule: %s",
                              node->name, c->cpu, c->mem, cpu_max ? "cpu" : "memory", cpu_max ? c->cpu : c->mem,
                              ak_buf_cstr(&pods));
                    ak_buf_release(&pods);
                }
                AK_GROW(k->del, k->ndel + 1, k->capdel);
                struct deletion *d = &k->del[k->ndel++];
                snprintf(d->node, sizeof(d->node), "%s", node->name);
                d->empty = c->empty;
                ak_log(AK_LOG_INFO, "kctrl", "autoscaler: scale-down of node %s (%s, cpu %.2f, memory %.2f)", node->name,
                       c->empty ? "empty" : "drain", c->cpu, c->mem);
                klife_drain_for_autoscaler(cs, node->name, MAX_POD_EVICTION_MS);
            }
        }
    }
    free(pending_del);
}

void kscale_drained(struct kcs *cs, const char *node, bool ok)
{
    struct kscale *k = cs->scale;
    size_t i = 0;
    while (k && i < k->ndel && strcmp(k->del[i].node, node) != 0)
        i++;
    if (!k || i == k->ndel)
        return;
    bool empty = k->del[i].empty;
    k->del[i] = k->del[--k->ndel];
    int64_t now = kc_now(cs);
    struct ak_cluster *cl = ak_kworld_arm_cluster(cs->kc->world, cs->kc);
    struct ak_kobj *nobj = ak_kstore_get(cs->kc->ks, AK_KIND_NODE, "", node);
    struct ak_kobj *cm = status_cm(cs);
    struct ak_instance *in = cl ? ak_state_instance_of_node(cl, node) : NULL;
    if (ok && in && !ak_state_instance_leaving(in)) {
        ak_state_autoscale_delete(state(cs), in, ak_state_config(state(cs))->provision_ms);
        k->last_delete = now;
        if (nobj)
            kc_ev(cs, nobj, "Normal", "ScaleDown", COMPONENT, NULL, "nodes removed by cluster autoscaler");
        if (cm)
            kc_ev(cs, cm, "Normal", empty ? "ScaleDownEmpty" : "ScaleDown", COMPONENT, NULL,
                  empty ? "Scale-down: empty node %s removed" : "Scale-down: node %s removed with drain", node);
        ak_log(AK_LOG_INFO, "kctrl", "autoscaler: node %s removed (pool %s now %d)", node, in->pool->name,
               in->pool->spec.count);
        ak_kworld_kick(cs->kc->world);
        return;
    }
    k->last_fail = now;
    if (nobj) {
        kc_node_taint(cs, nobj, TAINT_DELETE, NULL, "NoSchedule", false);
        kc_ev(cs, nobj, "Warning", "ScaleDownFailed", COMPONENT, NULL,
              "failed to drain and delete node: Failed to drain node %s: pods remaining after timeout", node);
    }
    ak_log(AK_LOG_INFO, "kctrl", "autoscaler: scale-down of node %s failed", node);
}

/* ------------------------------------------------------------------ status */

static void write_status(struct kcs *cs, const struct ak_cluster *cl)
{
    struct kscale *k = cs->scale;
    struct ak_buf b;
    ak_buf_init(&b, 1 << 20);
    char line[512];
    int total = 0, ready = 0;
    for (size_t i = 0; i < cs->cap_id; i++) {
        struct nodeinfo *ni = cs->by_id[i];
        if (!ni || !ni->obj)
            continue;
        total++;
        const struct ak_knode *kn = ak_knode_of(ni->obj);
        ready += kn && kn->ready && !kn->unknown;
    }
    snprintf(line, sizeof(line),
             "autoscalerStatus: Running\nclusterWide:\n  health:\n    status: Healthy\n    nodeCounts:\n"
             "      registered:\n        total: %d\n        ready: %d\n        notStarted: %d\n"
             "  scaleUp:\n    status: %s\n  scaleDown:\n    status: %s\nnodeGroups:\n",
             total, ready, total - ready, k->up_status[0] ? k->up_status : "NoActivity",
             k->down_status[0] ? k->down_status : "NoCandidates");
    ak_buf_puts(&b, line);
    for (size_t i = 0; i < cl->npools; i++) {
        const struct ak_pool *p = cl->pools[i];
        if (!autoscaled(p))
            continue;
        snprintf(line, sizeof(line),
                 "- name: %s\n  health:\n    status: Healthy\n    cloudProviderTarget: %d\n    minSize: %d\n"
                 "    maxSize: %d\n",
                 p->vmss_name, p->spec.count, p->spec.min_count, p->spec.max_count);
        ak_buf_puts(&b, line);
    }
    uint64_t h = hash_str(ak_buf_cstr(&b));
    if (h != k->status_h) {
        struct ak_kobj *cm = status_cm(cs);
        if (cm) {
            char tt[40], full[64];
            ak_k8s_time(kc_now(cs), tt);
            snprintf(full, sizeof(full), "time: %s\n", tt);
            json_t *j = ak_kobj_json(cm);
            struct ak_buf t;
            ak_buf_init(&t, 1 << 20);
            ak_buf_puts(&t, full);
            ak_buf_puts(&t, ak_buf_cstr(&b));
            json_object_set_new(j, "data", json_pack("{s:s}", "status", ak_buf_cstr(&t)));
            json_t *meta = json_object_get(j, "metadata");
            json_t *ann = json_object_get(meta, "annotations");
            if (!json_is_object(ann)) {
                ann = json_object();
                json_object_set_new(meta, "annotations", ann);
            }
            ak_json_set_str(ann, "cluster-autoscaler.kubernetes.io/last-updated", tt);
            struct ak_err err;
            if (ak_kstore_update(cs->kc->ks, cm, j, &err) != 0)
                ak_log(AK_LOG_WARN, "kctrl", "autoscaler status: %s", err.message);
            else
                k->status_h = h;
            ak_buf_release(&t);
            json_decref(j);
        }
    }
    ak_buf_release(&b);
}

/* ------------------------------------------------------------------ the loop */

int64_t kscale_pass(struct kcs *cs)
{
    struct kscale *k = cs->scale;
    if (!k)
        return INT64_MAX;
    struct ak_cluster *cl = ak_kworld_arm_cluster(cs->kc->world, cs->kc);
    bool any = false;
    for (size_t i = 0; cl && i < cl->npools; i++)
        any |= autoscaled(cl->pools[i]);
    if (!any || strcmp(cl->prov_state, "Deleting") == 0) {
        k->next_scan = 0;
        return INT64_MAX;
    }
    int64_t now = kc_now(cs);
    struct ak_ca_profile prof;
    load_profile(cl, &prof);
    if (k->next_scan && now < k->next_scan)
        return k->next_scan;
    k->next_scan = now + dur(cs, prof.scan_interval_ms);
    for (size_t i = 0; i < k->nnt; i++)
        k->nt[i].seen = false;
    bool up = scale_up(cs, cl, &prof, now);
    if (!up)
        scale_down(cs, cl, &prof, now);
    /* forget the pods that are no longer pending */
    for (size_t i = 0; i < k->nnt;) {
        if (!k->nt[i].seen) {
            k->nt[i] = k->nt[--k->nnt];
            continue;
        }
        i++;
    }
    write_status(cs, cl);
    return k->next_scan;
}
