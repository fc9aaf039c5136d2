/* ak_klife.c - the life of nodes on the Kubernetes side: the drain engine that scale-in (and,
 * later, spot eviction, repair and the autoscaler) go through.
 *
 * A drain cordons the node (spec.unschedulable), then evicts every pod on it that is not a
 * DaemonSet pod and not finished through the eviction subresource's rules (PDBs), retrying the
 * refused ones every 5 s, until no such pod is left (terminating pods keep their place until
 * their containers stopped). A scale-in's ARM operation waits for the drains of the nodes it
 * removes (the pool gate of ak_state) and fails with AKS's drain error when a PDB still blocks
 * after the pool's drain timeout (upgradeSettings.drainTimeoutInMinutes, default 30 min).
 * Every duration goes through the world's clock speed (ak_kworld_dur). */
#include "ak_kctrl_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ak_node.h"
#include "../kube/ak_kworld.h"
#include "../state/ak_state.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

#define DRAIN_RETRY_MS 5000            /* a refused eviction is tried again this often */
#define DRAIN_TIMEOUT_MIN_DEFAULT 30   /* AKS: upgradeSettings.drainTimeoutInMinutes */
#define GATE_POLL_MS 100               /* a waiting ARM operation looks at its drains this often */

enum dreason { DR_SCALE_IN };

struct drain {
    struct drain *next;
    char node[128];
    enum dreason reason;
    int64_t started_ms, deadline_ms, next_ms;
    bool cordoned, done, blocked;
    char bpod[256], bns[256], bpdb[256]; /* the last refused eviction */
    long long unready;                   /* the blocking budget's expected - healthy pods */
};

struct klife {
    struct drain *drains;
};

static const struct ak_kworld_config *cfg(struct kcs *cs)
{
    return ak_kworld_config(cs->kc->world);
}

static int64_t dur(struct kcs *cs, int64_t ms)
{
    return ak_kworld_dur(cfg(cs), ms);
}

void klife_init(struct kcs *cs)
{
    cs->life = ak_xcalloc(1, sizeof(*cs->life));
}

void klife_free(struct kcs *cs)
{
    if (!cs->life)
        return;
    for (struct drain *d = cs->life->drains; d;) {
        struct drain *n = d->next;
        free(d);
        d = n;
    }
    free(cs->life);
    cs->life = NULL;
}

static struct drain *drain_find(struct kcs *cs, const char *node)
{
    for (struct drain *d = cs->life->drains; d; d = d->next)
        if (strcmp(d->node, node) == 0)
            return d;
    return NULL;
}

static void drain_drop(struct kcs *cs, const char *node)
{
    for (struct drain **pp = &cs->life->drains; *pp; pp = &(*pp)->next)
        if (strcmp((*pp)->node, node) == 0) {
            struct drain *d = *pp;
            *pp = d->next;
            free(d);
            return;
        }
}

static struct drain *drain_start(struct kcs *cs, const char *node, enum dreason why, int64_t timeout_ms)
{
    struct drain *d = drain_find(cs, node);
    if (d)
        return d;
    d = ak_xcalloc(1, sizeof(*d));
    snprintf(d->node, sizeof(d->node), "%s", node);
    d->reason = why;
    d->started_ms = kc_now(cs);
    d->deadline_ms = d->started_ms + dur(cs, timeout_ms);
    d->next_ms = d->started_ms;
    d->next = cs->life->drains;
    cs->life->drains = d;
    ak_log(AK_LOG_INFO, "kctrl", "node %s: drain started", node);
    kc_kick(cs);
    return d;
}

void klife_node_gone(struct kcs *cs, const char *name)
{
    if (cs->life)
        drain_drop(cs, name);
}

/* spec.unschedulable = true, as kubectl cordon writes it */
static void cordon(struct kcs *cs, struct ak_kobj *node)
{
    json_t *j = ak_kobj_json(node);
    json_t *spec = json_object_get(j, "spec");
    if (!json_is_object(spec)) {
        spec = json_object();
        json_object_set_new(j, "spec", spec);
    }
    if (!json_is_true(json_object_get(spec, "unschedulable"))) {
        json_object_set_new(spec, "unschedulable", json_true());
        struct ak_err err;
        if (ak_kstore_update(cs->kc->ks, node, j, &err) != 0)
            ak_log(AK_LOG_WARN, "kctrl", "node %s: cordon failed: %s", node->name, err.message);
    }
    json_decref(j);
}

static bool drainable(const struct ak_kobj *pod)
{
    const struct ak_kpod *kp = ak_kpod_of(pod);
    return !pod->removed && kp && !kp->daemonset && !kc_pod_terminal(pod);
}

/* One round of a drain: returns when it is to be looked at again. */
static int64_t drain_step(struct kcs *cs, struct drain *d, int64_t now)
{
    struct ak_kobj *node = ak_kstore_get(cs->kc->ks, AK_KIND_NODE, "", d->node);
    if (!node) {
        d->done = true;
        return INT64_MAX;
    }
    if (!d->cordoned) {
        d->cordoned = true;
        cordon(cs, node);
        kc_ev(cs, node, "Normal", "Drain", "upgrader", NULL, "Draining node: %s", d->node);
    }
    struct nodeinfo *ni = kc_node_info(cs, d->node);
    size_t n = 0, cap = 0;
    struct ak_kobj **pods = NULL;
    for (struct podsched *ps = ni ? ni->pods : NULL; ps; ps = ps->nd_next)
        if (drainable(ps->pod)) {
            AK_GROW(pods, n + 1, cap);
            pods[n++] = ps->pod;
        }
    size_t remaining = 0;
    bool blocked = false;
    for (size_t i = 0; i < n; i++) {
        struct ak_kobj *p = pods[i];
        if (p->removed)
            continue;
        remaining++;
        if (p->deleted_ms)
            continue; /* terminating: wait for its containers */
        struct ak_err err = {0};
        char cause[512] = "";
        struct ak_kobj *pdb = NULL;
        if (kc_evict(cs, p, false, &err, cause, sizeof(cause), &pdb) == 0) {
            if (p->removed)
                remaining--;
            continue;
        }
        if (err.status == 429) {
            blocked = true;
            snprintf(d->bpod, sizeof(d->bpod), "%s", p->name);
            snprintf(d->bns, sizeof(d->bns), "%s", p->ns);
            snprintf(d->bpdb, sizeof(d->bpdb), "%s", pdb ? pdb->name : "");
            d->unready = 0;
            if (pdb) {
                json_t *j = ak_kobj_json(pdb);
                json_t *st = json_object_get(j, "status");
                long long exp = json_integer_value(json_object_get(st, "expectedPods"));
                long long h = json_integer_value(json_object_get(st, "currentHealthy"));
                d->unready = exp > h ? exp - h : 0;
                json_decref(j);
            }
            kc_ev(cs, node, "Warning", "Drain", "upgrader", NULL,
                  "Eviction blocked by Too Many Requests (usually a pdb): %s", p->name);
        } else {
            ak_log(AK_LOG_WARN, "kctrl", "node %s: evicting %s/%s: %s", d->node, p->ns, p->name,
                   err.message);
        }
    }
    free(pods);
    d->blocked = blocked;
    if (remaining == 0) {
        d->done = true;
        ak_log(AK_LOG_INFO, "kctrl", "node %s: drained", d->node);
        return INT64_MAX;
    }
    /* terminating pods end on the kubelet's timer, which kicks a pass */
    return now + dur(cs, blocked ? DRAIN_RETRY_MS : 1000);
}

int64_t klife_pass(struct kcs *cs)
{
    if (!cs->life)
        return INT64_MAX;
    int64_t now = kc_now(cs), due = INT64_MAX;
    for (struct drain *d = cs->life->drains; d; d = d->next) {
        if (d->done)
            continue;
        if (d->next_ms <= now)
            d->next_ms = drain_step(cs, d, now);
        if (!d->done && d->next_ms < due)
            due = d->next_ms;
    }
    return due;
}

/* ------------------------------------------------------------------ ARM: scale-in */

static int64_t drain_timeout_ms(const struct ak_pool *p)
{
    json_t *us = p->extra ? json_object_get(p->extra, "upgradeSettings") : NULL;
    json_t *t = us ? json_object_get(us, "drainTimeoutInMinutes") : NULL;
    int64_t min = json_is_integer(t) && json_integer_value(t) > 0 ? (int64_t)json_integer_value(t)
                                                                  : DRAIN_TIMEOUT_MIN_DEFAULT;
    return min * 60000;
}

static bool removing(const struct ak_instance *in)
{
    return strcmp(in->prov_state, "Deleting") == 0;
}

/* The drains of the nodes a pool operation removes: started as soon as the instances are
 * marked (after every sync), not only when the operation is due. */
static void start_scale_in_drains(struct kcs *cs, const struct ak_pool *p)
{
    if (strcmp(p->prov_state, "Deleting") == 0)
        return; /* the pool goes as a whole */
    for (size_t i = 0; i < p->ninst; i++) {
        if (!removing(p->inst[i]))
            continue;
        char name[128];
        ak_node_name(p->vmss_name, p->inst[i]->id, name, sizeof(name));
        if (!drain_find(cs, name) && ak_kstore_get(cs->kc->ks, AK_KIND_NODE, "", name))
            drain_start(cs, name, DR_SCALE_IN, drain_timeout_ms(p));
    }
}

void klife_synced(struct kcs *cs)
{
    struct ak_cluster *cl = ak_kworld_arm_cluster(cs->kc->world, cs->kc);
    if (!cl || !cs->life)
        return;
    for (size_t i = 0; i < cl->npools; i++)
        start_scale_in_drains(cs, cl->pools[i]);
}

static enum ak_gate pool_gate(void *ud, struct ak_pool *p, struct ak_op *op, int64_t *retry_at,
                              char *code, size_t codelen, char *msg, size_t msglen)
{
    (void)op;
    struct ak_kctrl *c = ud;
    struct ak_kcluster *kc = ak_kworld_cluster(c->w, p->cluster->kube_id);
    struct kcs *cs = kc ? kc->ctrl : NULL;
    if (!cs || !cs->life)
        return AK_GATE_GO;
    start_scale_in_drains(cs, p);
    int64_t now = kc_now(cs);
    bool wait = false;
    struct drain *fail = NULL;
    for (size_t i = 0; i < p->ninst && !fail; i++) {
        if (!removing(p->inst[i]))
            continue;
        char name[128];
        ak_node_name(p->vmss_name, p->inst[i]->id, name, sizeof(name));
        struct drain *d = drain_find(cs, name);
        if (!d || d->done)
            continue;
        if (now >= d->deadline_ms) {
            if (d->blocked)
                fail = d;
            continue; /* not blocked: pods still stopping at the deadline go with the node */
        }
        wait = true;
    }
    if (fail) {
        snprintf(code, codelen, "UpgradeFailed");
        snprintf(msg, msglen,
                 "Drain node %s failed when evicting pod %s failed with Too Many Requests error. "
                 "This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See "
                 "https://aka.ms/aks/debugdrainfailures. Original error: Cannot evict pod as it "
                 "would violate the pod's disruption budget.. PDB debug info: %s/%s blocked by pdb "
                 "%s with %lld unready pods.",
                 fail->node, fail->bpod, fail->bns, fail->bpod, fail->bpdb, fail->unready);
        /* the nodes stay (cordoned, as AKS leaves them); their drains end with the operation */
        for (size_t i = 0; i < p->ninst; i++) {
            if (!removing(p->inst[i]))
                continue;
            char name[128];
            ak_node_name(p->vmss_name, p->inst[i]->id, name, sizeof(name));
            drain_drop(cs, name);
        }
        return AK_GATE_FAIL;
    }
    if (wait) {
        *retry_at = now + GATE_POLL_MS;
        return AK_GATE_WAIT;
    }
    return AK_GATE_GO;
}

void klife_register(struct ak_kctrl *c)
{
    ak_state_set_pool_gate(ak_kworld_state(c->w), pool_gate, c);
}
