/* ak_kpress.c - the kubelet's node-pressure eviction: each node's OS disk and memory use,
 * AKS's hard eviction thresholds (memory.available<100Mi, 750Mi before Kubernetes 1.29;
 * nodefs.available<10%), the MemoryPressure / DiskPressure conditions and their taints, image
 * garbage collection, evictions in the kubelet's order, and an OS disk at 100 % that stops the
 * kubelet (the node goes NotReady until its OS disk is re-imaged, as auto-repair does).
 *
 * What a node holds on its OS disk: the node image (16 GiB of OS and 4 GiB of images cached on
 * the AKS VHD, which image GC may delete), the images its pods pulled, what pods wrote through
 * hostPath volumes (the node's: it stays after the pod), injected data (aksemu fault
 * disk-fill), and every running pod's own ephemeral storage (writable layer, emptyDir, logs).
 *
 * A pod's usage profile comes from its annotations (read again whenever the pod changes, so
 * `kubectl annotate` works on a running pod); rates are per second, minute or hour of emulated
 * time:
 *   aksemu.io/memory-usage: 1200Mi      working set (default: the pod's memory requests)
 *   aksemu.io/memory-growth: 200Mi/m    it grows to memory-usage at this rate from the start of
 *                                       the container (default: at once)
 *   aksemu.io/disk-write-rate: 500Mi/m  writes to its writable layer / emptyDir
 *   aksemu.io/host-write-rate: 1Gi/m    writes through a hostPath volume
 *   aksemu.io/disk-write-limit: 20Gi    it stops writing (each kind) after this much
 *   aksemu.io/log-rate: 10Mi/m          container output; the kubelet rotates it
 *                                       (containerLogMaxSizeMB 50 x containerLogMaxFiles 5)
 *   aksemu.io/image-size: 800Mi         its images' size when pulled (default 0 for
 *                                       mcr.microsoft.com images, on the VHD; else 250Mi)
 *
 * Every 10 s of emulated time (the kubelet's housekeeping) each node is measured. Memory is
 * handled before disk; at most one pod is evicted per node and round; critical pods
 * (priority >= system-cluster-critical) are never evicted. Disk pressure first reclaims unused
 * images. A condition stays True until its threshold has not been met for 5 minutes
 * (evictionPressureTransitionPeriod). Facts: lifecycle-facts.md §2. */
#include "ak_kctrl_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ak_catalog.h"
#include "../core/ak_node.h"
#include "../kube/ak_kworld.h"
#include "../kube/ak_quantity.h"
#include "../state/ak_codec.h"
#include "../state/ak_state.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_str.h"
#include "../util/ak_time.h"
#include "../util/ak_banned.h"

#define ROUND_MS 10000                 /* kubelet housekeeping: the eviction manager's period */
#define TRANSITION_MS (5 * 60000)      /* evictionPressureTransitionPeriod */
#define IMAGE_GC_MS (5 * 60000)        /* ImageGCPeriod */
#define IMAGE_GC_HIGH 85               /* imageGcHighThreshold (AKS) */
#define IMAGE_GC_LOW 80                /* imageGcLowThreshold */
#define GiB (1024LL * 1024 * 1024)
#define MiB (1024LL * 1024)
#define OS_BYTES (16 * GiB)            /* the node image's OS */
#define VHD_IMAGES (4 * GiB)           /* images cached on the VHD (reclaimable) */
#define IMAGE_DEFAULT (250 * MiB)      /* a pulled image without aksemu.io/image-size */
#define LOG_CAP (50 * MiB * 5)         /* per container: containerLogMaxSizeMB x MaxFiles */
#define NODEFS_PCT 10                  /* nodefs.available<10% */

#define ANN_MEM "aksemu.io/memory-usage"
#define ANN_MEMG "aksemu.io/memory-growth"
#define ANN_DISK "aksemu.io/disk-write-rate"
#define ANN_HOST "aksemu.io/host-write-rate"
#define ANN_LIMIT "aksemu.io/disk-write-limit"
#define ANN_LOG "aksemu.io/log-rate"
#define ANN_IMG "aksemu.io/image-size"

struct ppod {
    uint64_t seq;          /* the pod's content_seq these were read at */
    int64_t mem_use;       /* working set (-1: its memory requests) */
    double mem_growth;     /* bytes per emulated ms up to mem_use (0: at once) */
    int64_t c0_mem_lim;    /* the first container's memory limit (0: none) */
    int64_t mem_req;       /* the pod's memory requests (oom_score_adj) */
    bool guaranteed, node_critical;
    double disk_rate, host_rate, log_rate; /* bytes per emulated ms */
    int64_t write_limit;   /* 0: none */
    int64_t image_size;    /* -1: the default */
    int64_t eph_limit;     /* sum of the containers' ephemeral-storage limits (0: none) */
    int64_t c0_mem_req, c0_eph_req; /* the first container's requests */
    char c0[64];           /* its name: usage is the first container's */
    int64_t base_ms;       /* usage counts from here (0: the pod's start); a reimage resets */
    bool warned;
};

struct pimg {
    char *name;
    int64_t size;
    bool used, was_used;
    int64_t used_ms;
};

struct hostw {
    char uid[37];
    int64_t bytes;
    bool seen;
};

struct pnode {
    struct pnode *next;
    struct pnode *hnext; /* the name's hash bucket */
    char name[128];
    struct pimg *img;
    size_t nimg, capimg;
    struct hostw *hw;
    size_t nhw, caphw;
    int64_t disk_met_ms, mem_met_ms; /* the threshold was last observed met then (0: never) */
    bool disk_cond, mem_cond;
    int64_t gc_next;
    bool critical_logged;
};

struct kpress {
    struct pnode *nodes;
    struct pnode **buckets; /* by name: nbuckets (a power of two) */
    size_t nbuckets, nnodes;
    int64_t last_ms; /* the last round */
    bool active;     /* something changes with time: rounds keep running */
    /* what the last round saw: while nothing changed and nothing changes with time, a round
     * would find what the last one found, and is skipped */
    uint64_t seen_rv, seen_gen;
};

static int64_t dur(struct kcs *cs, int64_t ms)
{
    return ak_kworld_dur(ak_kworld_config(cs->kc->world), ms);
}

void kpress_init(struct kcs *cs)
{
    cs->press = ak_xcalloc(1, sizeof(*cs->press));
}

static void pnode_free(struct pnode *n)
{
    for (size_t i = 0; i < n->nimg; i++)
        free(n->img[i].name);
    free(n->img);
    free(n->hw);
    free(n);
}

void kpress_free(struct kcs *cs)
{
    if (!cs->press)
        return;
    for (struct pnode *n = cs->press->nodes, *next; n; n = next) {
        next = n->next;
        pnode_free(n);
    }
    free(cs->press->buckets);
    free(cs->press);
    cs->press = NULL;
}

void kpress_pod_free(struct podsched *ps)
{
    free(ps->pr);
    ps->pr = NULL;
}

static size_t pnode_bucket(const struct kpress *k, const char *name)
{
    return (size_t)ak_hash64(name, (unsigned long)strlen(name)) & (k->nbuckets - 1);
}

static struct pnode *pnode_get(struct kcs *cs, const char *name, bool create)
{
    struct kpress *k = cs->press;
    if (k->nbuckets) {
        for (struct pnode *n = k->buckets[pnode_bucket(k, name)]; n; n = n->hnext)
            if (strcmp(n->name, name) == 0)
                return n;
    }
    if (!create)
        return NULL;
    if (k->nnodes + 1 > k->nbuckets) { /* rehash at a load factor of 1 */
        size_t nb = k->nbuckets ? k->nbuckets * 2 : 64;
        free(k->buckets);
        k->buckets = ak_xcalloc(nb, sizeof(*k->buckets));
        k->nbuckets = nb;
        for (struct pnode *n = k->nodes; n; n = n->next) {
            size_t b = pnode_bucket(k, n->name);
            n->hnext = k->buckets[b];
            k->buckets[b] = n;
        }
    }
    struct pnode *n = ak_xcalloc(1, sizeof(*n));
    snprintf(n->name, sizeof(n->name), "%s", name);
    n->next = k->nodes;
    k->nodes = n;
    size_t b = pnode_bucket(k, n->name);
    n->hnext = k->buckets[b];
    k->buckets[b] = n;
    k->nnodes++;
    return n;
}

void kpress_node_gone(struct kcs *cs, const char *name)
{
    struct kpress *k = cs->press;
    struct pnode *n = k ? pnode_get(cs, name, false) : NULL;
    if (!n)
        return;
    for (struct pnode **pp = &k->buckets[pnode_bucket(k, name)]; *pp; pp = &(*pp)->hnext)
        if (*pp == n) {
            *pp = n->hnext;
            break;
        }
    for (struct pnode **pp = &k->nodes; *pp; pp = &(*pp)->next)
        if (*pp == n) {
            *pp = n->next;
            break;
        }
    k->nnodes--;
    pnode_free(n);
}

/* ---- the pod's profile ---- */

/* "<quantity>/<s|m|min|h>" -> bytes per ms; false when malformed */
static bool parse_rate(const char *s, double *out)
{
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || (size_t)(slash - s) >= 64)
        return false;
    char q[64];
    memcpy(q, s, (size_t)(slash - s));
    q[slash - s] = 0;
    int64_t bytes;
    if (ak_quantity_value_ceil(q, &bytes) != 0 || bytes < 0)
        return false;
    const char *u = slash + 1;
    double per;
    if (strcmp(u, "s") == 0)
        per = 1000;
    else if (strcmp(u, "m") == 0 || strcmp(u, "min") == 0)
        per = 60000;
    else if (strcmp(u, "h") == 0)
        per = 3600000;
    else
        return false;
    *out = (double)bytes / per;
    return true;
}

static int64_t qty(const json_t *o, const char *key)
{
    const char *s = ak_json_str(o, key);
    int64_t v = 0;
    if (s && ak_quantity_value_ceil(s, &v) != 0)
        v = 0;
    return v;
}

static struct ppod *profile(struct kcs *cs, struct podsched *ps)
{
    struct ak_kobj *p = ps->pod;
    const struct ak_kpod *kp0 = ak_kpod_of(p);
    uint64_t seq = kp0 ? kp0->content_seq : p->rv;
    if (ps->pr && ps->pr->seq == seq)
        return ps->pr; /* status changes do not change what is read here */
    if (!ps->pr)
        ps->pr = ak_xcalloc(1, sizeof(*ps->pr));
    struct ppod *pr = ps->pr;
    pr->seq = seq;
    pr->mem_use = -1;
    pr->disk_rate = pr->host_rate = pr->log_rate = 0;
    pr->write_limit = 0;
    pr->image_size = -1;
    pr->eph_limit = 0;
    json_t *j = ak_kobj_json(p);
    json_t *ann = json_object_get(json_object_get(j, "metadata"), "annotations");
    const char *bad = NULL;
    const char *v;
    int64_t b;
    if ((v = ak_json_str(ann, ANN_MEM))) {
        if (ak_quantity_value_ceil(v, &b) == 0 && b >= 0)
            pr->mem_use = b;
        else
            bad = ANN_MEM;
    }
    pr->mem_growth = 0;
    if ((v = ak_json_str(ann, ANN_MEMG)) && !parse_rate(v, &pr->mem_growth))
        bad = ANN_MEMG;
    if ((v = ak_json_str(ann, ANN_DISK)) && !parse_rate(v, &pr->disk_rate))
        bad = ANN_DISK;
    if ((v = ak_json_str(ann, ANN_HOST)) && !parse_rate(v, &pr->host_rate))
        bad = ANN_HOST;
    if ((v = ak_json_str(ann, ANN_LOG)) && !parse_rate(v, &pr->log_rate))
        bad = ANN_LOG;
    if ((v = ak_json_str(ann, ANN_LIMIT))) {
        if (ak_quantity_value_ceil(v, &b) == 0 && b > 0)
            pr->write_limit = b;
        else
            bad = ANN_LIMIT;
    }
    if ((v = ak_json_str(ann, ANN_IMG))) {
        if (ak_quantity_value_ceil(v, &b) == 0 && b >= 0)
            pr->image_size = b;
        else
            bad = ANN_IMG;
    }
    if (bad && !pr->warned) {
        pr->warned = true;
        ak_log(AK_LOG_WARN, "kubelet", "pod %s/%s: annotation %s ignored (want a quantity%s)", p->ns,
               p->name, bad, strcmp(bad, ANN_MEM) && strcmp(bad, ANN_LIMIT) && strcmp(bad, ANN_IMG) ? " per s, m or h, e.g. 500Mi/m" : "");
    }
    json_t *spec = json_object_get(j, "spec");
    json_t *ctrs = json_object_get(spec, "containers");
    size_t i;
    json_t *c;
    pr->c0[0] = 0;
    pr->mem_req = 0;
    pr->c0_mem_lim = 0;
    pr->node_critical = ak_streq(ak_json_str(spec, "priorityClassName"), "system-node-critical");
    const struct ak_kpod *kpq = ak_kpod_of(p);
    pr->guaranteed = kpq && strcmp(kpq->qos, "Guaranteed") == 0;
    json_array_foreach(ctrs, i, c)
    {
        json_t *res = json_object_get(c, "resources");
        json_t *req = json_object_get(res, "requests"), *lim = json_object_get(res, "limits");
        if (i == 0) {
            snprintf(pr->c0, sizeof(pr->c0), "%s", ak_json_str(c, "name") ? ak_json_str(c, "name") : "");
            pr->c0_mem_req = qty(req, "memory");
            if (!pr->c0_mem_req)
                pr->c0_mem_req = qty(lim, "memory"); /* requests default to limits */
            pr->c0_mem_lim = qty(lim, "memory");
            pr->c0_eph_req = qty(req, "ephemeral-storage");
            if (!pr->c0_eph_req)
                pr->c0_eph_req = qty(lim, "ephemeral-storage");
        }
        pr->eph_limit += qty(lim, "ephemeral-storage");
        int64_t mr = qty(req, "memory");
        pr->mem_req += mr ? mr : qty(lim, "memory");
    }
    json_decref(j);
    return pr;
}

static bool running(const struct podsched *ps)
{
    const struct ak_kobj *p = ps->pod;
    const struct ak_kpod *kp = ak_kpod_of(p);
    return kp && !p->removed && strcmp(kp->phase, "Running") == 0;
}

/* emulated ms the pod has been running (since its start or the last reimage) */
static int64_t since(const struct podsched *ps, const struct ppod *pr, int64_t now)
{
    const struct ak_kpod *kp = ak_kpod_of(ps->pod);
    int64_t t0 = kp->started_ms ? kp->started_ms : now;
    if (pr->base_ms > t0)
        t0 = pr->base_ms;
    double sp = ak_kworld_config(ps->cs->kc->world)->speed;
    return now > t0 ? (int64_t)((double)(now - t0) * (sp >= 1 ? sp : 1)) : 0;
}

static int64_t grow(double rate, int64_t ms, int64_t limit)
{
    double v = rate * (double)ms;
    if (limit && v > (double)limit)
        v = (double)limit;
    if (v > 1e15)
        v = 1e15;
    return (int64_t)v;
}

/* the pod's own ephemeral storage: writable layer / emptyDir and its logs */
static int64_t pod_disk(const struct podsched *ps, const struct ppod *pr, int64_t now)
{
    int64_t t = since(ps, pr, now);
    int64_t logs = grow(pr->log_rate, t, 0);
    const struct ak_kpod *kp = ak_kpod_of(ps->pod);
    int64_t cap = LOG_CAP * (kp->nc > 0 ? kp->nc : 1);
    if (logs > cap)
        logs = cap;
    return grow(pr->disk_rate, t, pr->write_limit) + logs;
}

/* the first container's working set: what it was given, growing from its (re)start */
static int64_t c0_mem(const struct podsched *ps, const struct ppod *pr, int64_t now)
{
    const struct ak_kpod *kp = ak_kpod_of(ps->pod);
    if (kp->nc > 0 && kp->c[0].crashloop)
        return 0;
    int64_t req = ps->v ? ps->v->sp.req.mem : 0;
    int64_t use = pr->mem_use >= 0 ? pr->mem_use - (req - pr->c0_mem_req) : pr->c0_mem_req;
    if (use < 0)
        use = 0;
    if (pr->mem_use >= 0 && pr->mem_growth > 0 && kp->nc > 0) {
        int64_t t0 = kp->c[0].started_ms ? kp->c[0].started_ms : kp->started_ms;
        double sp = ak_kworld_config(ps->cs->kc->world)->speed;
        int64_t t = now > t0 ? (int64_t)((double)(now - t0) * (sp >= 1 ? sp : 1)) : 0;
        int64_t g = grow(pr->mem_growth, t, 0);
        if (g < use)
            use = g;
    }
    return use;
}

static int64_t pod_mem(const struct podsched *ps, const struct ppod *pr, int64_t now)
{
    int64_t req = ps->v ? ps->v->sp.req.mem : 0;
    return (req - pr->c0_mem_req > 0 ? req - pr->c0_mem_req : 0) + c0_mem(ps, pr, now);
}

/* ---- node conditions ---- */

static void set_condition(struct kcs *cs, struct ak_kobj *node, const char *type, bool on,
                          const char *reason, const char *message, const char *event)
{
    json_t *j = ak_kobj_json(node);
    json_t *conds = json_object_get(json_object_get(j, "status"), "conditions");
    char tt[40];
    int64_t now = kc_now(cs);
    ak_k8s_time(now, tt);
    size_t i;
    json_t *c;
    json_array_foreach(conds, i, c)
    {
        if (!ak_streq(ak_json_str(c, "type"), type))
            continue;
        ak_json_set_str(c, "status", on ? "True" : "False");
        ak_json_set_str(c, "reason", reason);
        ak_json_set_str(c, "message", message);
        ak_json_set_str(c, "lastTransitionTime", tt);
        ak_json_set_str(c, "lastHeartbeatTime", tt);
    }
    struct ak_err err;
    if (ak_kstore_update(cs->kc->ks, node, j, &err) != 0)
        ak_log(AK_LOG_WARN, "kubelet", "node %s: condition %s: %s", node->name, type, err.message);
    json_decref(j);
    struct ak_knode *kn = ak_knode_of(node);
    if (kn)
        kn->pressure_since_ms = now;
    kc_ev(cs, node, "Normal", event, "kubelet", node->name, "Node %s status is now: %s", node->name, event);
}

static void memory_condition(struct kcs *cs, struct ak_kobj *node, bool on)
{
    set_condition(cs, node, "MemoryPressure", on, on ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory",
                  on ? "kubelet has insufficient memory available" : "kubelet has sufficient memory available",
                  on ? "NodeHasInsufficientMemory" : "NodeHasSufficientMemory");
    /* the node lifecycle controller (TaintNodesByCondition) */
    kc_node_taint(cs, node, "node.kubernetes.io/memory-pressure", NULL, "NoSchedule", on);
}

static void disk_condition(struct kcs *cs, struct ak_kobj *node, bool on)
{
    set_condition(cs, node, "DiskPressure", on, on ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
                  on ? "kubelet has disk pressure" : "kubelet has no disk pressure",
                  on ? "NodeHasDiskPressure" : "NodeHasNoDiskPressure");
    kc_node_taint(cs, node, "node.kubernetes.io/disk-pressure", NULL, "NoSchedule", on);
}

/* ---- images ---- */

static void image_use(struct pnode *n, const char *name, int64_t size, int64_t now)
{
    for (size_t i = 0; i < n->nimg; i++)
        if (strcmp(n->img[i].name, name) == 0) {
            n->img[i].used = true;
            n->img[i].used_ms = now;
            return;
        }
    AK_GROW(n->img, n->nimg + 1, n->capimg);
    n->img[n->nimg++] = (struct pimg){ak_xstrdup(name), size, true, false, now};
}

static int64_t images_bytes(const struct pnode *n)
{
    int64_t s = 0;
    for (size_t i = 0; i < n->nimg; i++)
        s += n->img[i].size;
    return s;
}

/* Deletes unused images, least recently used first (the VHD's cached images are the oldest),
 * until `want` bytes are freed (INT64_MAX: every unused image). Returns the bytes freed. */
static int64_t image_gc(struct kcs *cs, struct pnode *n, struct ak_instance *in, int64_t want)
{
    int64_t freed = 0;
    if (!in->disk_gc && want > 0) {
        in->disk_gc = true;
        freed += VHD_IMAGES;
        ak_state_touch(ak_kworld_state(cs->kc->world), AK_K_INST, in);
    }
    while (freed < want) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n->nimg; i++)
            if (!n->img[i].used && (best == SIZE_MAX || n->img[i].used_ms < n->img[best].used_ms))
                best = i;
        if (best == SIZE_MAX)
            break;
        freed += n->img[best].size;
        free(n->img[best].name);
        n->img[best] = n->img[--n->nimg];
    }
    return freed;
}

/* ---- eviction ---- */

struct cand {
    struct podsched *ps;
    int64_t use, req;
    int32_t prio;
};

/* rankMemoryPressure / rankDiskPressureFunc: usage above the request first, then lower
 * priority, then the larger usage above the request */
static int cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    bool ex = x->use > x->req, ey = y->use > y->req;
    if (ex != ey)
        return ex ? -1 : 1;
    if (x->prio != y->prio)
        return x->prio < y->prio ? -1 : 1;
    int64_t dx = x->use - x->req, dy = y->use - y->req;
    return dx > dy ? -1 : dx < dy ? 1 : 0;
}

static void fmt_bytes(int64_t v, char *out, size_t n)
{
    if (v < 0)
        v = 0;
    if (ak_quantity_format_bytes(v, out, n) != 0)
        snprintf(out, n, "%lld", (long long)v);
}

/* Evicts the first pod in the kubelet's order that is not critical. */
static bool evict_one(struct kcs *cs, struct pnode *pn, struct nodeinfo *ni, bool memory,
                      int64_t threshold, int64_t available, int64_t now)
{
    struct cand *v = NULL;
    size_t nv = 0, cap = 0;
    for (struct podsched *ps = ni->pods; ps; ps = ps->nd_next) {
        if (!running(ps) || ps->pod->deleted_ms)
            continue;
        struct ppod *pr = profile(cs, ps);
        AK_GROW(v, nv + 1, cap);
        v[nv++] = (struct cand){ps, memory ? pod_mem(ps, pr, now) : pod_disk(ps, pr, now),
                                ps->v ? (memory ? ps->v->sp.req.mem : ps->v->sp.req.eph) : 0,
                                ps->v ? ps->v->sp.priority : 0};
    }
    if (nv)
        qsort(v, nv, sizeof(*v), cand_cmp);
    bool done = false;
    for (size_t i = 0; i < nv && !done; i++) {
        struct podsched *ps = v[i].ps;
        if (kc_pod_critical(ps)) {
            if (!pn->critical_logged)
                ak_log(AK_LOG_INFO, "kubelet", "node %s: eviction manager: cannot evict a critical pod %s/%s",
                       ni->name, ps->pod->ns, ps->pod->name);
            continue;
        }
        const struct ppod *pr = ps->pr;
        const char *res = memory ? "memory" : "ephemeral-storage";
        char thr[32], avail[32], msg[1024];
        fmt_bytes(threshold, thr, sizeof(thr));
        fmt_bytes(available, avail, sizeof(avail));
        int off = snprintf(msg, sizeof(msg), "The node was low on resource: %s. Threshold quantity: %s, available: %s. ",
                           res, thr, avail);
        /* the usage is the first container's (the others use what they request) */
        int64_t c0req = memory ? pr->c0_mem_req : pr->c0_eph_req;
        int64_t c0use = memory ? v[i].use - (v[i].req - c0req) : v[i].use;
        if (pr->c0[0] && c0use > c0req && off > 0 && (size_t)off < sizeof(msg)) {
            char u[32], r[32];
            fmt_bytes(c0use, u, sizeof(u));
            fmt_bytes(c0req, r, sizeof(r));
            snprintf(msg + off, sizeof(msg) - (size_t)off,
                     "Container %s was using %s, request is %s, has larger consumption of %s. ", pr->c0, u, r, res);
        }
        ak_log(AK_LOG_INFO, "kubelet", "node %s: evicting pod %s/%s: %s", ni->name, ps->pod->ns, ps->pod->name, msg);
        kc_kubelet_evict(cs, ps, msg);
        done = true;
    }
    if (!done && nv)
        pn->critical_logged = true;
    free(v);
    return done;
}


/* ---- out of memory: the kernel's OOM killer and container restarts ---- */

/* the kubelet's oom_score_adj (pkg/kubelet/qos/policy.go) */
static int oom_adj(const struct podsched *ps, const struct ppod *pr, int64_t mem_cap)
{
    const struct ak_kpod *kp = ak_kpod_of(ps->pod);
    if (pr->node_critical || pr->guaranteed)
        return -997;
    if (strcmp(kp->qos, "BestEffort") == 0)
        return 1000;
    int64_t a = 1000 - (mem_cap > 0 ? (1000 * pr->mem_req) / mem_cap : 0);
    if (a < 2)
        a = 2;
    if (a > 999)
        a = 999;
    return (int)a;
}

static void oom_kill(struct kcs *cs, struct podsched *ps, int64_t now, struct ak_kobj *node, bool system)
{
    struct ak_kpod *kp = ak_kpod_of(ps->pod);
    struct ak_kcontainer *k = &kp->c[0];
    free(k->last_reason);
    k->last_reason = ak_xstrdup("OOMKilled");
    k->last_exit = 137;
    k->last_started_ms = k->started_ms ? k->started_ms : kp->started_ms;
    k->last_finished_ms = now;
    k->restarts++;
    int b = 10;
    for (int i = 1; i < k->restarts && b < 300; i++)
        b *= 2;
    k->backoff_s = b > 300 ? 300 : b;
    k->crashloop = true;
    free(k->reason);
    k->reason = ak_xstrdup("CrashLoopBackOff");
    k->ready = false;
    kp->ready_ms = 0;
    ak_kstore_touch(cs->kc->ks, ps->pod);
    if (system)
        kc_ev(cs, node, "Warning", "SystemOOM", "kubelet", node->name,
              "System OOM encountered, victim process: %s, pid: %d", k->name,
              (int)(4000 + (ps->id * 7919) % 60000));
    kc_ev(cs, ps->pod, "Warning", "BackOff", "kubelet", kp->node, "Back-off restarting failed container %s in pod %s_%s(%s)",
          k->name, ps->pod->name, ps->pod->ns, ps->pod->uid);
    ak_log(AK_LOG_INFO, "kubelet", "node %s: container %s of pod %s/%s OOMKilled (%s; restart %d, back-off %ds)",
           node->name, k->name, ps->pod->ns, ps->pod->name, system ? "the node ran out of memory" : "its memory limit",
           k->restarts, k->backoff_s);
    cs->press->active = true;
}

/* Restarts crash-looping containers whose back-off is over, kills containers at their memory
 * limit, and lets the kernel kill (highest oom_score first) while the pods use more memory
 * than the node has. Returns the pods' memory use after. */
static int64_t oom_round(struct kcs *cs, struct nodeinfo *ni, int64_t now, int64_t mem_cap, int64_t for_pods)
{
    struct ak_kobj *node = ni->obj;
    int64_t use = 0;
    for (struct podsched *ps = ni->pods; ps; ps = ps->nd_next) {
        if (!running(ps) || ps->pod->deleted_ms)
            continue;
        struct ppod *pr = profile(cs, ps);
        struct ak_kpod *kp = ak_kpod_of(ps->pod);
        if (kp->nc > 0 && kp->c[0].crashloop) {
            cs->press->active = true;
            if (now >= kp->c[0].last_finished_ms + dur(cs, (int64_t)kp->c[0].backoff_s * 1000)) {
                struct ak_kcontainer *k = &kp->c[0];
                k->crashloop = false;
                ak_free_ptr(&k->reason);
                k->ready = true;
                k->started_ms = now;
                kp->ready_ms = now;
                ak_kstore_touch(cs->kc->ks, ps->pod);
                kc_ev(cs, ps->pod, "Normal", "Pulled", "kubelet", kp->node, "Container image \"%s\" already present on machine",
                      k->image);
                kc_ev(cs, ps->pod, "Normal", "Created", "kubelet", kp->node, "Created container: %s", k->name);
                kc_ev(cs, ps->pod, "Normal", "Started", "kubelet", kp->node, "Started container %s", k->name);
            }
        }
        if (pr->c0_mem_lim && c0_mem(ps, pr, now) > pr->c0_mem_lim)
            oom_kill(cs, ps, now, node, false);
        use += pod_mem(ps, pr, now);
    }
    while (use > for_pods) {
        struct podsched *victim = NULL;
        int64_t best = INT64_MIN;
        for (struct podsched *ps = ni->pods; ps; ps = ps->nd_next) {
            if (!running(ps) || ps->pod->deleted_ms || !ps->pr)
                continue;
            int64_t u = c0_mem(ps, ps->pr, now);
            if (u <= 0)
                continue;
            int64_t score = oom_adj(ps, ps->pr, mem_cap) + (mem_cap > 0 ? u * 1000 / mem_cap : 0);
            if (score > best) {
                best = score;
                victim = ps;
            }
        }
        if (!victim)
            break;
        use -= c0_mem(victim, victim->pr, now);
        oom_kill(cs, victim, now, node, true);
    }
    return use;
}

/* ---- the round ---- */

static struct ak_instance *node_instance(struct kcs *cs, const struct ak_knode *kn, struct ak_pool **pool)
{
    struct ak_cluster *cl = ak_kworld_arm_cluster(cs->kc->world, cs->kc);
    struct ak_pool *p = cl && kn->pool ? ak_state_pool(cl, kn->pool) : NULL;
    *pool = p;
    return p ? ak_state_instance(p, kn->instance) : NULL;
}

static void node_round(struct kcs *cs, struct nodeinfo *ni, int64_t now)
{
    struct ak_kobj *node = ni->obj;
    const struct ak_knode *kn = ak_knode_of(node);
    struct ak_pool *p;
    struct ak_instance *in = kn ? node_instance(cs, kn, &p) : NULL;
    if (!in)
        return;
    const struct ak_vm_size *z = ak_catalog_find(p->spec.vm_size);
    if (!z)
        return;
    int maj, minor = 32, pat;
    if (ak_k8s_parse(p->spec.orchestrator_version, &maj, &minor, &pat) != 0)
        minor = 32;
    struct ak_node_resources r;
    ak_node_resources(z, p->spec.max_pods, p->spec.os_disk_size_gb, minor, &r);
    struct ak_state *st = ak_kworld_state(cs->kc->world);
    struct pnode *pn = pnode_get(cs, ni->name, true);
    bool kubelet_up = !in->down_ms || in->disk_full;
    if (!kubelet_up || strcmp(in->power, "running") != 0)
        return;

    /* measure */
    for (size_t i = 0; i < pn->nimg; i++) {
        pn->img[i].was_used = pn->img[i].used;
        pn->img[i].used = false;
    }
    for (size_t i = 0; i < pn->nhw; i++)
        pn->hw[i].seen = false;
    int64_t pods_disk = 0, host_live = 0, mem_use = 0;
    for (struct podsched *ps = ni->pods; ps; ps = ps->nd_next) {
        if (!running(ps))
            continue;
        struct ppod *pr = profile(cs, ps);
        if (pr->disk_rate > 0 || pr->host_rate > 0 || pr->log_rate > 0 || (pr->mem_growth > 0 && pr->mem_use > 0))
            cs->press->active = true;
        mem_use += pod_mem(ps, pr, now);
        pods_disk += pod_disk(ps, pr, now);
        const struct ak_kpod *kp = ak_kpod_of(ps->pod);
        for (int c = 0; c < kp->nc; c++) {
            const char *img = kp->c[c].image ? kp->c[c].image : "";
            int64_t size = pr->image_size >= 0 ? pr->image_size
                           : strncmp(img, "mcr.microsoft.com/", 18) == 0 ? 0 : IMAGE_DEFAULT;
            image_use(pn, img, size, now);
        }
        if (pr->host_rate > 0) {
            int64_t w = grow(pr->host_rate, since(ps, pr, now), pr->write_limit);
            size_t k;
            for (k = 0; k < pn->nhw; k++)
                if (strcmp(pn->hw[k].uid, ps->pod->uid) == 0)
                    break;
            if (k == pn->nhw) {
                AK_GROW(pn->hw, pn->nhw + 1, pn->caphw);
                memset(&pn->hw[k], 0, sizeof(pn->hw[k]));
                snprintf(pn->hw[k].uid, sizeof(pn->hw[k].uid), "%s", ps->pod->uid);
                pn->nhw++;
            }
            pn->hw[k].bytes = w;
            pn->hw[k].seen = true;
            host_live += w;
        }
    }
    /* an image no pod uses any more was last used now (rounds of unchanged nodes are skipped) */
    for (size_t i = 0; i < pn->nimg; i++)
        if (pn->img[i].was_used && !pn->img[i].used)
            pn->img[i].used_ms = now;
    /* what pods that are gone wrote through hostPath stays on the node */
    for (size_t k = 0; k < pn->nhw;) {
        if (pn->hw[k].seen) {
            k++;
            continue;
        }
        in->disk_data += pn->hw[k].bytes;
        ak_state_touch(st, AK_K_INST, in);
        pn->hw[k] = pn->hw[--pn->nhw];
    }
    int64_t disk_cap = r.ephemeral_ki * 1024;
    int64_t fixed = OS_BYTES + (in->disk_gc ? 0 : VHD_IMAGES) + in->disk_fill + in->disk_data + host_live;
    int64_t disk_used = fixed + images_bytes(pn) + pods_disk;

    /* a full disk stops the kubelet; it comes back when enough is freed (or a reimage) */
    if (disk_used >= disk_cap) {
        if (!in->disk_full) {
            in->disk_full = true;
            if (!in->fault[0])
                snprintf(in->fault, sizeof(in->fault), "reimage");
            if (!in->down_ms)
                in->down_ms = now;
            ak_state_touch(st, AK_K_INST, in);
            char u[32];
            fmt_bytes(disk_cap, u, sizeof(u));
            kc_ev(cs, node, "Warning", "FreeDiskSpaceFailed", "kubelet", node->name,
                  "Failed to garbage collect required amount of images. Attempted to free %lld bytes, but only found 0 bytes eligible to free.",
                  (long long)(disk_used - disk_cap + disk_cap / 5));
            ak_log(AK_LOG_WARN, "kubelet", "node %s: OS disk full (%s): the kubelet stops; NotReady until the disk is freed or re-imaged",
                   node->name, u);
            ak_kworld_kick(cs->kc->world);
        }
        return;
    }
    if (in->disk_full) {
        in->disk_full = false;
        if (strcmp(in->fault, "reimage") == 0) {
            in->fault[0] = 0;
            in->down_ms = 0;
        }
        ak_state_touch(st, AK_K_INST, in);
        ak_log(AK_LOG_INFO, "kubelet", "node %s: OS disk no longer full: the kubelet runs again", node->name);
        ak_kworld_kick(cs->kc->world);
        return;
    }
    if (kn->unknown)
        return;

    /* image GC (every 5 min above 85 %: down to 80 %) */
    if (!pn->gc_next)
        pn->gc_next = now + dur(cs, IMAGE_GC_MS);
    if (disk_used * 100 > disk_cap * IMAGE_GC_HIGH)
        cs->press->active = true; /* image GC is due every 5 minutes */
    if (now >= pn->gc_next) {
        pn->gc_next = now + dur(cs, IMAGE_GC_MS);
        if (disk_used * 100 > disk_cap * IMAGE_GC_HIGH) {
            int64_t f = image_gc(cs, pn, in, disk_used - disk_cap * IMAGE_GC_LOW / 100);
            disk_used -= f;
        }
    }

    int64_t mem_cap = r.memory_ki * 1024;
    int64_t mem_thr = r.eviction_hard_memory_mi * MiB;
    /* the node's own daemons use what AKS reserves for them (kube-reserved) */
    mem_use = oom_round(cs, ni, now, mem_cap, mem_cap - r.kube_reserved_memory_mi * MiB);
    int64_t mem_avail = mem_cap - r.kube_reserved_memory_mi * MiB - mem_use;
    int64_t disk_thr = (int64_t)((double)disk_cap * NODEFS_PCT / 100.0);
    int64_t disk_avail = disk_cap - disk_used;
    bool mem_met = mem_avail < mem_thr;
    bool disk_met = disk_avail < disk_thr;
    if (disk_met)
        pn->disk_met_ms = now; /* the condition follows the observation, before any reclaim */
    if (disk_met) {
        /* node-level reclaim first: unused images */
        kc_ev(cs, node, "Warning", "EvictionThresholdMet", "kubelet", node->name, "Attempting to reclaim ephemeral-storage");
        int64_t f = image_gc(cs, pn, in, INT64_MAX);
        disk_used -= f;
        disk_avail += f;
        disk_met = disk_avail < disk_thr;
    }
    if (mem_met)
        kc_ev(cs, node, "Warning", "EvictionThresholdMet", "kubelet", node->name, "Attempting to reclaim memory");
    if (mem_met)
        pn->mem_met_ms = now;
    bool mem_cond = pn->mem_met_ms && now - pn->mem_met_ms < dur(cs, TRANSITION_MS);
    bool disk_cond = pn->disk_met_ms && now - pn->disk_met_ms < dur(cs, TRANSITION_MS);
    if (mem_cond || disk_cond)
        cs->press->active = true;
    if (mem_cond != kn->memory_pressure) {
        memory_condition(cs, node, mem_cond);
        ak_log(AK_LOG_INFO, "kubelet", "node %s: MemoryPressure %s (available %lldMi, threshold %lldMi)", node->name,
               mem_cond ? "True" : "False", (long long)(mem_avail / MiB), (long long)r.eviction_hard_memory_mi);
        kn = ak_knode_of(node);
    }
    if (disk_cond != kn->disk_pressure) {
        disk_condition(cs, node, disk_cond);
        ak_log(AK_LOG_INFO, "kubelet", "node %s: DiskPressure %s (available %.1fGi of %.1fGi)", node->name,
               disk_cond ? "True" : "False", (double)disk_avail / (double)GiB, (double)disk_cap / (double)GiB);
    }
    if (!mem_met && !disk_met)
        pn->critical_logged = false;

    /* local storage limits, every round */
    for (struct podsched *ps = ni->pods, *next; ps; ps = next) {
        next = ps->nd_next;
        if (!running(ps) || !ps->pr || !ps->pr->eph_limit)
            continue;
        int64_t use = pod_disk(ps, ps->pr, now);
        if (use > ps->pr->eph_limit) {
            char l[32], msg[256];
            fmt_bytes(ps->pr->eph_limit, l, sizeof(l));
            snprintf(msg, sizeof(msg), "Pod ephemeral local storage usage exceeds the total limit of containers %s. ", l);
            kc_kubelet_evict(cs, ps, msg);
        }
    }
    /* memory signals first; one pod per round */
    if (mem_met)
        evict_one(cs, pn, ni, true, mem_thr, mem_avail, now);
    else if (disk_met)
        evict_one(cs, pn, ni, false, disk_thr, disk_avail, now);
}

int64_t kpress_pass(struct kcs *cs)
{
    struct kpress *k = cs->press;
    if (!k)
        return INT64_MAX;
    int64_t now = kc_now(cs), period = dur(cs, ROUND_MS);
    struct ak_state *st = ak_kworld_state(cs->kc->world);
    if (k->last_ms && !k->active && ak_kstore_rv(cs->kc->ks) == k->seen_rv &&
        ak_state_generation(st) == k->seen_gen) {
        bool hw = false;
        for (struct pnode *n = k->nodes; n && !hw; n = n->next)
            hw = n->nhw > 0;
        if (!hw)
            return INT64_MAX; /* nothing changed since the last round */
    }
    if (k->last_ms && now < k->last_ms + period)
        return k->last_ms + period; /* something changed: measured at the next round */
    k->last_ms = now;
    k->active = false;
    for (size_t id = 0; id < cs->cap_id; id++) {
        struct nodeinfo *ni = cs->by_id[id];
        if (!ni || !ni->obj)
            continue;
        /* a node whose pods and instance are as they were, and whose last round did not
         * depend on time, would measure what it measured: skipped */
        const struct ak_knode *kn = ak_knode_of(ni->obj);
        struct ak_pool *p;
        const struct ak_instance *in = kn ? node_instance(cs, kn, &p) : NULL;
        uint64_t igen = in ? in->touch_gen : 0;
        if (!ni->press_dirty && !ni->press_timed && igen == ni->press_igen && igen)
            continue;
        bool before = k->active;
        k->active = false;
        node_round(cs, ni, now);
        ni->press_timed = k->active;
        k->active |= before;
        /* after: the round may evict, or touch the instance */
        ni->press_dirty = false;
        in = kn ? node_instance(cs, ak_knode_of(ni->obj), &p) : NULL;
        ni->press_igen = in ? in->touch_gen : 0;
    }
    bool any = k->active;
    for (struct pnode *n = k->nodes; n && !any; n = n->next)
        any = n->nhw > 0;
    k->seen_rv = ak_kstore_rv(cs->kc->ks);
    k->seen_gen = ak_state_generation(st);
    return any ? now + period : INT64_MAX;
}

void kpress_reimaged(struct kcs *cs, const char *name)
{
    if (!cs->press)
        return;
    struct pnode *pn = pnode_get(cs, name, false);
    if (pn) {
        for (size_t i = 0; i < pn->nimg; i++)
            free(pn->img[i].name);
        pn->nimg = 0;
        pn->nhw = 0;
        pn->disk_met_ms = pn->mem_met_ms = 0;
    }
    struct nodeinfo *ni = kc_node_info(cs, name);
    int64_t now = kc_now(cs);
    if (ni)
        ni->press_dirty = true; /* measured again at the next round */
    for (struct podsched *ps = ni ? ni->pods : NULL; ps; ps = ps->nd_next) {
        struct ppod *pr = profile(cs, ps);
        pr->base_ms = now; /* the containers start again on a fresh disk */
    }
    const struct ak_knode *kn = ni && ni->obj ? ak_knode_of(ni->obj) : NULL;
    struct ak_pool *p;
    struct ak_instance *in = kn ? node_instance(cs, kn, &p) : NULL;
    if (in) {
        in->disk_data = 0;
        in->disk_fill = 0;
        in->disk_gc = false;
        in->disk_full = false;
        ak_state_touch(ak_kworld_state(cs->kc->world), AK_K_INST, in);
    }
    cs->press->last_ms = 0;
}

const char *kpress_admit(struct kcs *cs, struct podsched *ps, const struct ak_kobj *node)
{
    (void)cs;
    const struct ak_knode *kn = ak_knode_of(node);
    if (!kn || (!kn->memory_pressure && !kn->disk_pressure) || kc_pod_critical(ps))
        return NULL;
    if (!kn->disk_pressure) {
        const struct ak_kpod *kp = ak_kpod_of(ps->pod);
        if (!kp || strcmp(kp->qos, "BestEffort") != 0)
            return NULL;
        for (size_t i = 0; ps->v && i < ps->v->ntols; i++) {
            const struct ak_sched_toleration *t = &ps->v->tols[i];
            bool any_key = !t->key || !*t->key;
            bool eff = !t->effect || !*t->effect || strcmp(t->effect, "NoSchedule") == 0;
            bool match = any_key ? t->op == AK_TOL_EXISTS
                                 : strcmp(t->key, "node.kubernetes.io/memory-pressure") == 0 &&
                                       (t->op == AK_TOL_EXISTS || (t->op == AK_TOL_EQUAL && (!t->value || !*t->value)));
            if (match && eff)
                return NULL;
        }
    }
    static char msg[96];
    snprintf(msg, sizeof(msg), "The node had condition: [%s%s%s]. ", kn->memory_pressure ? "MemoryPressure" : "",
             kn->memory_pressure && kn->disk_pressure ? " " : "", kn->disk_pressure ? "DiskPressure" : "");
    return msg;
}

/* ---- the kubelet's summary API (/api/v1/nodes/N/proxy/stats/summary) ---- */

/* a filesystem's stats: available is the filesystem's (avail < 0: cap - used) */
static json_t *fs_stats(const char *t, int64_t cap, int64_t used, int64_t avail)
{
    if (used > cap)
        used = cap;
    if (avail < 0)
        avail = cap - used;
    return json_pack("{s:s,s:I,s:I,s:I}", "time", t, "availableBytes", (json_int_t)avail, "capacityBytes",
                     (json_int_t)cap, "usedBytes", (json_int_t)used);
}

static json_t *mem_stats(const char *t, int64_t ws, int64_t avail)
{
    json_t *m = json_pack("{s:s,s:I,s:I,s:I,s:i,s:i}", "time", t, "usageBytes", (json_int_t)ws, "workingSetBytes",
                          (json_int_t)ws, "rssBytes", (json_int_t)ws, "pageFaults", 0, "majorPageFaults", 0);
    if (avail >= 0)
        json_object_set_new(m, "availableBytes", json_integer(avail));
    return m;
}

bool kpress_disk(struct kcs *cs, struct nodeinfo *ni, int64_t *used_out, int64_t *cap_out)
{
    struct ak_kobj *node = ni->obj;
    const struct ak_knode *kn = node ? ak_knode_of(node) : NULL;
    struct ak_pool *p;
    struct ak_instance *in = kn ? node_instance(cs, kn, &p) : NULL;
    const struct ak_vm_size *z = in ? ak_catalog_find(p->spec.vm_size) : NULL;
    if (!z || !cs->press)
        return false;
    struct pnode *pn = pnode_get(cs, ni->name, false);
    if (ni->disk_memo && ni->disk_seq == ni->change_seq && ni->disk_igen == in->touch_gen && in->touch_gen &&
        ni->disk_pn_imgs == (pn ? images_bytes(pn) : -1)) {
        *used_out = ni->disk_used;
        *cap_out = ni->disk_cap;
        return true;
    }
    int maj, minor = 32, pat;
    if (ak_k8s_parse(p->spec.orchestrator_version, &maj, &minor, &pat) != 0)
        minor = 32;
    struct ak_node_resources r;
    ak_node_resources(z, p->spec.max_pods, p->spec.os_disk_size_gb, minor, &r);
    int64_t now = kc_now(cs);
    int64_t disk_cap = r.ephemeral_ki * 1024;
    int64_t used = OS_BYTES + (in->disk_gc ? 0 : VHD_IMAGES) + in->disk_fill + in->disk_data + (pn ? images_bytes(pn) : 0);
    bool timed = false;
    for (struct podsched *ps = ni->pods; ps; ps = ps->nd_next) {
        if (!running(ps))
            continue;
        struct ppod *pr = profile(cs, ps);
        if (pr->host_rate > 0)
            used += grow(pr->host_rate, since(ps, pr, now), pr->write_limit);
        used += pod_disk(ps, pr, now);
        timed |= pr->host_rate > 0 || pr->disk_rate > 0 || pr->log_rate > 0;
    }
    *used_out = used > disk_cap ? disk_cap : used;
    *cap_out = disk_cap;
    /* nothing here changes with time: the same answer until the node, its pods or its
     * instance change */
    ni->disk_memo = !timed;
    ni->disk_seq = ni->change_seq;
    ni->disk_igen = in->touch_gen;
    ni->disk_pn_imgs = pn ? images_bytes(pn) : -1;
    ni->disk_used = *used_out;
    ni->disk_cap = disk_cap;
    return true;
}

json_t *kpress_summary(struct kcs *cs, struct nodeinfo *ni)
{
    struct ak_kobj *node = ni->obj;
    const struct ak_knode *kn = node ? ak_knode_of(node) : NULL;
    struct ak_pool *p;
    struct ak_instance *in = kn ? node_instance(cs, kn, &p) : NULL;
    const struct ak_vm_size *z = in ? ak_catalog_find(p->spec.vm_size) : NULL;
    if (!z || !cs->press)
        return NULL;
    int maj, minor = 32, pat;
    if (ak_k8s_parse(p->spec.orchestrator_version, &maj, &minor, &pat) != 0)
        minor = 32;
    struct ak_node_resources r;
    ak_node_resources(z, p->spec.max_pods, p->spec.os_disk_size_gb, minor, &r);
    int64_t now = kc_now(cs);
    char t[40];
    ak_k8s_time(now, t);
    struct pnode *pn = pnode_get(cs, ni->name, false);
    int64_t disk_cap = r.ephemeral_ki * 1024, mem_cap = r.memory_ki * 1024;
    int64_t images = pn ? images_bytes(pn) : 0;
    int64_t used = OS_BYTES + (in->disk_gc ? 0 : VHD_IMAGES) + in->disk_fill + in->disk_data + images;
    int64_t mem = 0;
    for (struct podsched *ps = ni->pods; ps; ps = ps->nd_next) {
        if (!running(ps))
            continue;
        struct ppod *pr = profile(cs, ps);
        if (pr->host_rate > 0)
            used += grow(pr->host_rate, since(ps, pr, now), pr->write_limit);
        used += pod_disk(ps, pr, now);
        mem += pod_mem(ps, pr, now);
    }
    if (used > disk_cap)
        used = disk_cap;
    int64_t avail = disk_cap - used;
    json_t *pods = json_array();
    for (struct podsched *ps = ni->pods; ps; ps = ps->nd_next) {
        if (!running(ps))
            continue;
        struct ppod *pr = profile(cs, ps);
        const struct ak_kpod *kp = ak_kpod_of(ps->pod);
        int64_t pd = pod_disk(ps, pr, now), pm = pod_mem(ps, pr, now);
        char st[40];
        ak_k8s_time(kp->started_ms, st);
        json_t *ctrs = json_array();
        int64_t t_logs = grow(pr->log_rate, since(ps, pr, now), 0);
        int64_t cap = LOG_CAP * (kp->nc > 0 ? kp->nc : 1);
        if (t_logs > cap)
            t_logs = cap;
        for (int c = 0; c < kp->nc; c++) {
            int64_t cm = c == 0 ? c0_mem(ps, pr, now) : 0;
            if (c > 0) {
                /* the other containers use what they request: the pod's rest, split evenly */
                int64_t rest = pm - c0_mem(ps, pr, now);
                cm = kp->nc > 1 ? rest / (kp->nc - 1) : 0;
            }
            json_t *co = json_pack("{s:s,s:s,s:o,s:o,s:o}", "name", kp->c[c].name, "startTime",
                                   st, "memory", mem_stats(t, cm, -1), "rootfs",
                                   fs_stats(t, disk_cap, c == 0 ? pd - t_logs : 0, avail), "logs",
                                   fs_stats(t, disk_cap, c == 0 ? t_logs : 0, avail));
            json_array_append_new(ctrs, co);
        }
        json_array_append_new(
            pods, json_pack("{s:{s:s,s:s,s:s},s:s,s:o,s:o,s:o}", "podRef", "name", ps->pod->name, "namespace",
                            ps->pod->ns, "uid", ps->pod->uid, "startTime", st, "containers", ctrs, "memory",
                            mem_stats(t, pm, -1), "ephemeral-storage", fs_stats(t, disk_cap, pd, avail)));
    }
    int64_t sys = r.kube_reserved_memory_mi * MiB;
    char nst[40];
    ak_k8s_time(node->created_ms, nst);
    json_t *nodej = json_pack("{s:s,s:s,s:o,s:o,s:{s:o}}", "nodeName", ni->name, "startTime", nst, "memory",
                              mem_stats(t, sys + mem, mem_cap - sys - mem > 0 ? mem_cap - sys - mem : 0), "fs",
                              fs_stats(t, disk_cap, used, -1), "runtime", "imageFs",
                              fs_stats(t, disk_cap, used, -1));
    json_object_set_new(json_object_get(json_object_get(nodej, "runtime"), "imageFs"), "usedBytes",
                        json_integer(images + (in->disk_gc ? 0 : VHD_IMAGES)));
    return json_pack("{s:o,s:o}", "node", nodej, "pods", pods);
}
