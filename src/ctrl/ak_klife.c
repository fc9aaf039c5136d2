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
#include <time.h>

#include "../core/ak_node.h"
#include "../kube/ak_kworld.h"
#include "../state/ak_codec.h"
#include "../state/ak_state.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_rand.h"
#include "../util/ak_str.h"
#include "../util/ak_time.h"
#include "../util/ak_banned.h"

#define DRAIN_RETRY_MS 5000            /* a refused eviction is tried again this often */
#define DRAIN_TIMEOUT_MIN_DEFAULT 30   /* AKS: upgradeSettings.drainTimeoutInMinutes */
#define GATE_POLL_MS 100               /* a waiting ARM operation looks at its drains this often */

#define REPAIR_AFTER_MS (5 * 60000) /* AKS auto-repair: NotReady for 5 minutes */
#define REPAIR_ROUNDS 3                /* reboot -> reimage -> redeploy, up to 3 times */
#define REPAIR_MAX_MS (60 * 60000)     /* the whole process, at most an hour */
#define SPOT_TICK_MS 10000             /* eviction rate and price series are looked at this often */

enum dreason { DR_SCALE_IN, DR_SPOT, DR_AUTOSCALE };

/* A scheduled event (Preempt) announced on its node, until the eviction. */
struct notice {
    struct notice *next;
    char node[128], pool[64];
    int64_t inst;
    int64_t evict_at;
    char event_id[37];
    bool announced;
};

/* AKS auto-repair of one NotReady node. */
struct repair {
    struct repair *next;
    char node[128], pool[64];
    int64_t inst;
    int64_t since_ms;   /* NotReady since (or since the last action ended) */
    int64_t first_ms;   /* the repair began */
    int step;           /* the next action: 0 reboot, 1 reimage, 2 redeploy */
    int round;
    int64_t action_end; /* an action is running until then (0: none) */
    bool gave_up;
};

struct drain {
    struct drain *next;
    char node[128];
    enum dreason reason;
    int64_t started_ms, deadline_ms, next_ms;
    bool cordoned, done, blocked, failed;
    char bpod[256], bns[256], bpdb[256]; /* the last refused eviction */
    long long unready;                   /* the blocking budget's expected - healthy pods */
};

struct klife {
    struct drain *drains;
    struct notice *notices;
    struct repair *repairs;
    int64_t spot_next;
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
    kscale_init(cs);
    kpress_init(cs);
}

void klife_free(struct kcs *cs)
{
    kscale_free(cs);
    kpress_free(cs);
    if (!cs->life)
        return;
    for (struct drain *d = cs->life->drains; d;) {
        struct drain *n = d->next;
        free(d);
        d = n;
    }
    for (struct notice *d = cs->life->notices; d;) {
        struct notice *n = d->next;
        free(d);
        d = n;
    }
    for (struct repair *d = cs->life->repairs; d;) {
        struct repair *n = d->next;
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
    kpress_node_gone(cs, name);
}

/* spec.unschedulable = true, as kubectl cordon writes it (false: uncordon) */
static void set_cordon(struct kcs *cs, struct ak_kobj *node, bool on)
{
    json_t *j = ak_kobj_json(node);
    json_t *spec = json_object_get(j, "spec");
    if (!json_is_object(spec)) {
        spec = json_object();
        json_object_set_new(j, "spec", spec);
    }
    if (json_is_true(json_object_get(spec, "unschedulable")) != on) {
        if (on)
            json_object_set_new(spec, "unschedulable", json_true());
        else
            json_object_del(spec, "unschedulable");
        struct ak_err err;
        if (ak_kstore_update(cs->kc->ks, node, j, &err) != 0)
            ak_log(AK_LOG_WARN, "kctrl", "node %s: %s failed: %s", node->name, on ? "cordon" : "uncordon",
                   err.message);
    }
    json_decref(j);
}

static void cordon(struct kcs *cs, struct ak_kobj *node)
{
    set_cordon(cs, node, true);
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
    if (!d->cordoned && d->reason != DR_AUTOSCALE) { /* the autoscaler taints instead */
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
            if (d->reason == DR_AUTOSCALE)
                kc_ev(cs, p, "Normal", "ScaleDown", "cluster-autoscaler", NULL, "deleting pod for node scale down");
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
            if (d->reason != DR_AUTOSCALE)
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
        if (d->reason == DR_AUTOSCALE)
            kscale_drained(cs, d->node, true);
        return INT64_MAX;
    }
    if (d->reason == DR_AUTOSCALE && now >= d->deadline_ms) {
        /* max-pod-eviction-time passed: the autoscaler gives the node up */
        d->done = d->failed = true;
        ak_log(AK_LOG_INFO, "kctrl", "node %s: autoscaler drain failed", d->node);
        kscale_drained(cs, d->node, false);
        return INT64_MAX;
    }
    /* terminating pods end on the kubelet's timer, which kicks a pass */
    return now + dur(cs, blocked ? DRAIN_RETRY_MS : 1000);
}

/* ------------------------------------------------------------------ the ARM side */

static struct ak_instance *instance_of(struct kcs *cs, const char *pool, int64_t id)
{
    struct ak_cluster *cl = ak_kworld_arm_cluster(cs->kc->world, cs->kc);
    struct ak_pool *p = cl ? ak_state_pool(cl, pool) : NULL;
    return p ? ak_state_instance(p, id) : NULL;
}

static struct ak_state *state(struct kcs *cs)
{
    return ak_kworld_state(cs->kc->world);
}

/* Sets (or replaces) a node condition that is not the kubelet's (node-problem-detector). */
static void node_condition(struct kcs *cs, struct ak_kobj *node, const char *type, const char *status,
                           const char *reason, const char *message)
{
    json_t *j = ak_kobj_json(node);
    json_t *st = json_object_get(j, "status");
    json_t *conds = json_object_get(st, "conditions");
    if (!json_is_array(conds)) {
        json_decref(j);
        return;
    }
    char tt[40];
    ak_k8s_time(kc_now(cs), tt);
    json_t *c = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(conds, i, x)
    {
        if (ak_streq(ak_json_str(x, "type"), type))
            c = x;
    }
    if (!c) {
        c = json_object();
        ak_json_set_str(c, "type", type);
        json_array_insert_new(conds, 0, c);
        ak_json_set_str(c, "lastTransitionTime", tt);
    } else if (!ak_streq(ak_json_str(c, "status"), status)) {
        ak_json_set_str(c, "lastTransitionTime", tt);
    }
    ak_json_set_str(c, "status", status);
    ak_json_set_str(c, "lastHeartbeatTime", tt);
    ak_json_set_str(c, "reason", reason);
    ak_json_set_str(c, "message", message);
    struct ak_err err;
    if (ak_kstore_update(cs->kc->ks, node, j, &err) != 0)
        ak_log(AK_LOG_WARN, "kctrl", "node %s: condition %s: %s", node->name, type, err.message);
    json_decref(j);
}

static void rfc1123(int64_t ms, char out[64])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 64, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* ---- spot evictions ---- */

static struct notice *notice_find(struct kcs *cs, const char *node)
{
    for (struct notice *n = cs->life->notices; n; n = n->next)
        if (strcmp(n->node, node) == 0)
            return n;
    return NULL;
}

static void notice_drop(struct kcs *cs, struct notice *x)
{
    for (struct notice **pp = &cs->life->notices; *pp; pp = &(*pp)->next)
        if (*pp == x) {
            *pp = x->next;
            free(x);
            return;
        }
}

/* The scheduled event reaches the node (AKS's node-problem-detector plug-in), and AKS's
 * auto-drain cordons and drains it for the time the notice leaves. */
static void announce(struct kcs *cs, struct notice *n, int64_t now)
{
    n->announced = true;
    struct ak_kobj *node = ak_kstore_get(cs->kc->ks, AK_KIND_NODE, "", n->node);
    if (!node)
        return;
    char when[64], msg[512];
    rfc1123(n->evict_at, when);
    snprintf(msg, sizeof(msg),
             "Preempt Scheduled: %s. DurationInSeconds: -1.  For more information, see "
             "https://aka.ms/aks/scheduledevents.",
             when);
    node_condition(cs, node, "VMEventScheduled", "True", "VMEventScheduled", msg);
    kc_ev(cs, node, "Warning", "VMEventScheduled", "custom-scheduledevents-consolidated-condition-plugin-monitor",
          n->node, "Node condition VMEventScheduled is now: True, reason: VMEventScheduled, message: \"%s\"", msg);
    kc_ev(cs, node, "Warning", "PreemptScheduled", "custom-scheduledevents-consolidated-condition-plugin-monitor",
          n->node, "%s", msg);
    ak_log(AK_LOG_INFO, "kctrl", "node %s: Preempt scheduled for %s (event %s)", n->node, when, n->event_id);
    drain_start(cs, n->node, DR_SPOT, n->evict_at > now ? n->evict_at - now : 1)->deadline_ms = n->evict_at;
}

static void evict_now(struct kcs *cs, struct notice *n)
{
    struct ak_instance *in = instance_of(cs, n->pool, n->inst);
    if (in && in->evict_at_ms) {
        bool del = !(in->pool->spec.eviction_policy && strcmp(in->pool->spec.eviction_policy, "Deallocate") == 0);
        ak_log(AK_LOG_INFO, "kctrl", "node %s: spot instance evicted (%s)", n->node, del ? "Delete" : "Deallocate");
        ak_state_instance_evict(state(cs), in);
        struct ak_kobj *node = ak_kstore_get(cs->kc->ks, AK_KIND_NODE, "", n->node);
        if (del) {
            ak_kworld_node_lost(cs->kc, n->node);
        } else if (node) {
            /* the node stays (deallocated, NotReady): the scheduled event is over, and AKS's
             * remediator uncordons what it cordoned, so a restart brings the node back whole */
            node_condition(cs, node, "VMEventScheduled", "False", "NoVMEventScheduled",
                           "VM has no scheduled event");
            kc_ev(cs, node, "Normal", "NoVMEventScheduled",
                  "custom-scheduledevents-consolidated-condition-plugin-monitor", n->node,
                  "Node condition VMEventScheduled is now: False, reason: NoVMEventScheduled, message: "
                  "\"VM has no scheduled event\"");
            if ((node = ak_kstore_get(cs->kc->ks, AK_KIND_NODE, "", n->node)))
                set_cordon(cs, node, false);
        }
        ak_kworld_kick(cs->kc->world);
    }
    drain_drop(cs, n->node);
    notice_drop(cs, n);
}

/* Random evictions at the pool's rate, and the price series crossing spotMaxPrice. */
static void spot_tick(struct kcs *cs, int64_t now)
{
    struct ak_cluster *cl = ak_kworld_arm_cluster(cs->kc->world, cs->kc);
    if (!cl)
        return;
    int64_t notice = dur(cs, 30000);
    double tick_h = (double)SPOT_TICK_MS / 3600000.0;
    bool any = false;
    for (size_t i = 0; i < cl->npools; i++) {
        struct ak_pool *p = cl->pools[i];
        if (!ak_pool_is_spot(&p->spec) || (p->fault.evict_per_hour <= 0 && !p->fault.nprices))
            continue;
        double price = ak_state_spot_price(p, now, cfg(cs)->speed);
        bool over = price >= 0 && p->spec.has_spot_max_price && p->spec.spot_max_price >= 0 &&
                    price > p->spec.spot_max_price;
        double prob = p->fault.evict_per_hour * tick_h;
        for (size_t k = 0; k < p->ninst; k++) {
            struct ak_instance *in = p->inst[k];
            if (in->evict_at_ms || strcmp(in->prov_state, "Succeeded") != 0 || strcmp(in->power, "running") != 0)
                continue;
            bool hit = over;
            if (!hit && prob > 0)
                hit = (double)ak_rand_below(ak_state_rand(state(cs)), 1000000000) < prob * 1e9;
            if (hit && ak_state_schedule_eviction(state(cs), in, notice, NULL) == 0) {
                ak_log(AK_LOG_INFO, "kctrl", "pool %s: instance %lld evicted by %s (price %.4f, max %.4f)",
                       p->name, (long long)in->id, over ? "the spot price" : "the eviction rate", price,
                       p->spec.has_spot_max_price ? p->spec.spot_max_price : -1.0);
                any = true;
            }
        }
    }
    if (any)
        ak_kworld_kick(cs->kc->world); /* the next sync stores the events and announces them */
}

/* ---- auto-repair ---- */

static const char *const ACTIONS[] = {"reboot", "reimage", "redeploy"};
static const char *const ACTION_REASON[] = {"Reboot", "Reimage", "Redeploy"};
static const int64_t ACTION_MS[] = {60000, 180000, 300000};

static bool fixes(const char *fault, int step)
{
    for (int k = 0; k <= step; k++)
        if (strcmp(fault, ACTIONS[k]) == 0)
            return true;
    return false;
}

static void repair_step(struct kcs *cs, struct repair *r, int64_t now)
{
    struct ak_instance *in = instance_of(cs, r->pool, r->inst);
    struct ak_kobj *node = ak_kstore_get(cs->kc->ks, AK_KIND_NODE, "", r->node);
    if (!in || !node)
        return;
    if (r->action_end) {
        /* the action completes */
        int step = r->step;
        r->action_end = 0;
        r->step = (step + 1) % 3;
        if (r->step == 0)
            r->round++;
        snprintf(in->prov_state, sizeof(in->prov_state), "Succeeded");
        snprintf(in->power, sizeof(in->power), "running");
        if (step >= 1)
            kpress_reimaged(cs, r->node); /* reimage and redeploy: a fresh OS disk */
        if (!in->fault[0] || fixes(in->fault, step)) {
            /* fixed by this action, or the fault was lifted meanwhile (aksemu fault
             * node-healthy during the action): the kubelet comes up and posts */
            in->fault[0] = 0;
            in->down_ms = 0;
        } else {
            in->down_ms = now; /* the kubelet comes up and fails again */
        }
        ak_state_touch(state(cs), AK_K_INST, in);
        kc_ev(cs, node, "Normal", step == 0 ? "NodeRebootEnd" : step == 1 ? "NodeReimageEnd" : "NodeRedeployEnd",
              "aks-auto-repair", NULL, "%s action from node auto-repair is completed.", ACTION_REASON[step]);
        r->since_ms = now;
        ak_kworld_kick(cs->kc->world);
        return;
    }
    if (r->round >= REPAIR_ROUNDS || now - r->first_ms >= dur(cs, REPAIR_MAX_MS)) {
        r->gave_up = true;
        ak_log(AK_LOG_WARN, "kctrl", "node %s: auto-repair gave up after %d rounds", r->node, r->round);
        return;
    }
    int step = r->step;
    kc_ev(cs, node, "Normal", step == 0 ? "NodeRebootStart" : step == 1 ? "NodeReimageStart" : "NodeRedeployStart",
          "aks-auto-repair", NULL,
          step == 2 ? "Node auto-repair is initiating a redeploy action due to NotReady status persisting more than five minutes."
                    : "Node auto-repair is initiating a %s action due to NotReady status persisting for more than five minutes.",
          ACTIONS[step]);
    snprintf(in->prov_state, sizeof(in->prov_state), "Updating");
    snprintf(in->power, sizeof(in->power), "starting");
    if (!in->down_ms)
        in->down_ms = now;
    ak_state_touch(state(cs), AK_K_INST, in);
    r->action_end = now + dur(cs, ACTION_MS[step]);
    ak_log(AK_LOG_INFO, "kctrl", "node %s: auto-repair %s (round %d)", r->node, ACTIONS[step], r->round + 1);
    ak_kworld_kick(cs->kc->world);
}

static int64_t repairs_pass(struct kcs *cs, int64_t now)
{
    int64_t due = INT64_MAX;
    bool busy = false;
    for (struct repair *r = cs->life->repairs; r; r = r->next)
        busy |= r->action_end != 0;
    for (struct repair *r = cs->life->repairs; r; r = r->next) {
        if (r->gave_up)
            continue;
        int64_t at = r->action_end ? r->action_end : r->since_ms + dur(cs, REPAIR_AFTER_MS);
        if (!r->action_end && busy) /* one node at a time */
            continue;
        if (now >= at) {
            bool was = r->action_end != 0;
            repair_step(cs, r, now);
            busy = r->action_end != 0 || (busy && !was);
            at = r->action_end ? r->action_end : r->since_ms + dur(cs, REPAIR_AFTER_MS);
        }
        if (!r->gave_up && at < due)
            due = at;
    }
    return due;
}

int64_t klife_pass(struct kcs *cs)
{
    if (!cs->life)
        return INT64_MAX;
    int64_t now = kc_now(cs), due = INT64_MAX;
    for (struct notice *n = cs->life->notices, *next; n; n = next) {
        next = n->next;
        if (!n->announced)
            announce(cs, n, now);
        if (now >= n->evict_at) {
            evict_now(cs, n);
            continue;
        }
        if (n->evict_at < due)
            due = n->evict_at;
    }
    int64_t rd = repairs_pass(cs, now);
    if (rd < due)
        due = rd;
    if (cs->life->spot_next && now >= cs->life->spot_next) {
        spot_tick(cs, now);
        cs->life->spot_next = now + dur(cs, SPOT_TICK_MS);
    }
    if (cs->life->spot_next && cs->life->spot_next < due)
        due = cs->life->spot_next;
    for (struct drain *d = cs->life->drains; d; d = d->next) {
        if (d->done)
            continue;
        if (d->next_ms <= now)
            d->next_ms = drain_step(cs, d, now);
        if (!d->done && d->next_ms < due)
            due = d->next_ms;
    }
    for (struct drain **pp = &cs->life->drains; *pp;) {
        struct drain *d = *pp;
        if (d->failed) { /* a failed autoscaler drain: the node stays, a later try starts anew */
            *pp = d->next;
            free(d);
        } else {
            pp = &d->next;
        }
    }
    int64_t sd = kscale_pass(cs);
    if (sd < due)
        due = sd;
    int64_t pd = kpress_pass(cs);
    if (pd < due)
        due = pd;
    return due;
}

void klife_drain_for_autoscaler(struct kcs *cs, const char *node, int64_t timeout_ms)
{
    if (cs->life)
        drain_start(cs, node, DR_AUTOSCALE, timeout_ms);
}

bool klife_draining(struct kcs *cs, const char *node)
{
    struct drain *d = cs->life ? drain_find(cs, node) : NULL;
    return d && !d->done;
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
    return ak_state_instance_leaving(in);
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

static struct repair *repair_find(struct kcs *cs, const char *node)
{
    for (struct repair *r = cs->life->repairs; r; r = r->next)
        if (strcmp(r->node, node) == 0)
            return r;
    return NULL;
}

/* After every sync with ARM: the drains of scale-ins, the scheduled evictions, the nodes that
 * auto-repair looks after (NotReady, not shut down, not being removed). */
void klife_synced(struct kcs *cs)
{
    struct ak_cluster *cl = ak_kworld_arm_cluster(cs->kc->world, cs->kc);
    if (!cl || !cs->life)
        return;
    bool spot = false;
    int64_t now = kc_now(cs);
    for (struct repair *r = cs->life->repairs; r; r = r->next)
        r->inst = -r->inst - 2; /* unmarked: dropped below unless seen */
    for (size_t i = 0; i < cl->npools; i++) {
        struct ak_pool *p = cl->pools[i];
        start_scale_in_drains(cs, p);
        if (ak_pool_is_spot(&p->spec) && (p->fault.evict_per_hour > 0 || p->fault.nprices))
            spot = true;
        for (size_t k = 0; k < p->ninst; k++) {
            struct ak_instance *in = p->inst[k];
            char name[128];
            ak_node_name(p->vmss_name, in->id, name, sizeof(name));
            if (in->evict_at_ms && !notice_find(cs, name)) {
                struct notice *n = ak_xcalloc(1, sizeof(*n));
                snprintf(n->node, sizeof(n->node), "%s", name);
                snprintf(n->pool, sizeof(n->pool), "%s", p->name);
                n->inst = in->id;
                n->evict_at = in->evict_at_ms;
                snprintf(n->event_id, sizeof(n->event_id), "%s", in->event_id);
                n->next = cs->life->notices;
                cs->life->notices = n;
                kc_kick(cs);
            }
            struct repair *r = repair_find(cs, name);
            if (r && r->inst < -1 && -(r->inst + 2) == in->id) {
                r->inst = in->id;
                if (r->action_end)
                    continue; /* its action runs */
            }
            if (ak_state_instance_leaving(in) || ak_state_instance_parked(in) ||
                strcmp(in->prov_state, "Deleting") == 0 || strcmp(in->prov_state, "Failed") == 0)
                continue;
            struct ak_kobj *node = ak_kstore_get(cs->kc->ks, AK_KIND_NODE, "", name);
            const struct ak_knode *kn = node ? ak_knode_of(node) : NULL;
            bool notready = kn && kn->unknown;
            if (!notready) {
                if (r && !r->action_end)
                    r->inst = -r->inst - 2; /* healthy again: the repair ends */
                continue;
            }
            if (!r) {
                r = ak_xcalloc(1, sizeof(*r));
                snprintf(r->node, sizeof(r->node), "%s", name);
                snprintf(r->pool, sizeof(r->pool), "%s", p->name);
                r->inst = in->id;
                r->since_ms = kn->ready_since_ms ? kn->ready_since_ms : now;
                r->first_ms = now;
                r->next = cs->life->repairs;
                cs->life->repairs = r;
                kc_kick(cs);
            }
        }
    }
    for (struct repair **pp = &cs->life->repairs; *pp;) {
        struct repair *r = *pp;
        if (r->inst < -1) {
            *pp = r->next;
            free(r);
        } else {
            pp = &r->next;
        }
    }
    bool autoscale = false;
    for (size_t i = 0; i < cl->npools; i++)
        autoscale |= cl->pools[i]->spec.enable_auto_scaling;
    if (autoscale)
        kc_kick(cs); /* the autoscaler's first scan */
    if (spot && !cs->life->spot_next) {
        cs->life->spot_next = now + dur(cs, SPOT_TICK_MS);
        kc_kick(cs);
    } else if (!spot) {
        cs->life->spot_next = 0;
    }
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
