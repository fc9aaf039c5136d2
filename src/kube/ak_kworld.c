#include "ak_kworld.h"

#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_kpod.h"
#include "../core/ak_catalog.h"
#include "../core/ak_labels.h"
#include "../core/ak_node.h"
#include "../state/ak_codec.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_time.h"
#include "../util/ak_banned.h"

#define EVENT_TTL_MS (3600 * 1000LL)
#define EVENT_MAX 20000

struct evkey {
    struct evkey *next;  /* same key bucket */
    struct evkey *nnext; /* same (ns, name) bucket */
    char *key;
    char *name;
    char *ns;
};

struct kc_priv {
    struct evkey **ev;     /* by key: involved object, reason, message */
    struct evkey **byname; /* by the event's namespace/name */
    size_t evcap, evn;
};

struct ak_kworld {
    struct ak_state *st;
    struct ak_loop *loop;
    struct ak_kworld_config cfg;
    struct ak_kcluster **kc;
    size_t nkc, capkc;
    struct ak_kworld_hooks hooks[4];
    int nhooks;
    ak_kworld_event_fn on_event;
    void *on_event_ud;
    struct ak_timer timer;
    int64_t ready_due; /* the earliest a synced node reports Ready, INT64_MAX if none */
    int64_t trimmed_ms;
};

#define EACH_HOOK(fn, ...)                                                                    \
    do {                                                                                      \
        for (int h_ = 0; h_ < w->nhooks; h_++)                                                \
            if (w->hooks[h_].fn)                                                              \
                w->hooks[h_].fn(w->hooks[h_].ud, __VA_ARGS__);                                \
    } while (0)

static int64_t world_now(void *ud)
{
    struct ak_kworld *w = ud;
    return ak_loop_now(w->loop);
}

/* ------------------------------------------------------------------ participant */

static bool part_dirty(void *ud)
{
    struct ak_kworld *w = ud;
    for (size_t i = 0; i < w->nkc; i++)
        if (w->kc[i]->purge || ak_kstore_dirty(w->kc[i]->ks))
            return true;
    return false;
}

static int part_flush(void *ud, struct ak_store *store)
{
    struct ak_kworld *w = ud;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < w->nkc; i++) {
        struct ak_kcluster *kc = w->kc[i];
        rc = kc->purge ? ak_kstore_purge(kc->ks, store) : ak_kstore_flush(kc->ks, store);
    }
    return rc;
}

static void kc_free(struct ak_kcluster *kc)
{
    if (!kc)
        return;
    ak_kstore_free(kc->ks);
    free(kc->cluster_id);
    free(kc->lost);
    free(kc->ip_used);
    free(kc->cidr_used);
    free(kc);
}

static struct kc_priv *priv(struct ak_kcluster *kc);
static void priv_free(struct ak_kcluster *kc);

static void part_done(void *ud, bool ok)
{
    struct ak_kworld *w = ud;
    for (size_t i = 0; i < w->nkc;) {
        struct ak_kcluster *kc = w->kc[i];
        if (ok && kc->purge) {
            ak_kstore_free_removed(kc->ks); /* the controllers' views of its pods go next */
            EACH_HOOK(cluster_removed, kc);
            priv_free(kc);
            kc_free(kc);
            memmove(&w->kc[i], &w->kc[i + 1], (w->nkc - i - 1) * sizeof(w->kc[0]));
            w->nkc--;
            continue;
        }
        ak_kstore_done(kc->ks, ok);
        i++;
    }
}

static void free_all(struct ak_kworld *w)
{
    for (size_t i = 0; i < w->nkc; i++) {
        /* objects deleted by a commit that failed (a pod DELETE on a full disk) still point
         * into the controllers' state that cluster_removed frees: free them first */
        ak_kstore_free_removed(w->kc[i]->ks);
        EACH_HOOK(cluster_removed, w->kc[i]);
        priv_free(w->kc[i]);
        kc_free(w->kc[i]);
    }
    w->nkc = 0;
}

static int part_reload(void *ud, struct ak_store *store)
{
    (void)store;
    struct ak_kworld *w = ud;
    free_all(w);
    struct ak_err err;
    return ak_kworld_load(w, &err);
}

/* ------------------------------------------------------------------ setup */

static void on_timer(struct ak_loop *loop, struct ak_timer *t, void *ud);

struct ak_kworld *ak_kworld_new(struct ak_state *st, struct ak_loop *loop,
                                const struct ak_kworld_config *cfg)
{
    ak_kpod_register();
    struct ak_kworld *w = ak_xcalloc(1, sizeof(*w));
    w->st = st;
    w->loop = loop;
    w->cfg = *cfg;
    if (w->cfg.reconcile_ms <= 0)
        w->cfg.reconcile_ms = 5000;
    struct ak_state_participant p = {part_flush, part_done, part_reload, part_dirty, w};
    ak_state_add_participant(st, &p);
    ak_timer_init(&w->timer, on_timer, w);
    return w;
}

void ak_kworld_free(struct ak_kworld *w)
{
    if (!w)
        return;
    ak_timer_stop(w->loop, &w->timer);
    free_all(w);
    free(w->kc);
    free(w);
}

const struct ak_kworld_config *ak_kworld_config(const struct ak_kworld *w) { return &w->cfg; }
struct ak_state *ak_kworld_state(struct ak_kworld *w) { return w->st; }
struct ak_loop *ak_kworld_loop(struct ak_kworld *w) { return w->loop; }

void ak_kworld_add_hooks(struct ak_kworld *w, const struct ak_kworld_hooks *h)
{
    ak_assert(w->nhooks < 4);
    w->hooks[w->nhooks++] = *h;
}



void ak_kworld_observe_events(struct ak_kworld *w, ak_kworld_event_fn fn, void *ud)
{
    w->on_event = fn;
    w->on_event_ud = ud;
}

struct ak_kcluster *ak_kworld_cluster(struct ak_kworld *w, const char *kube_id)
{
    for (size_t i = 0; i < w->nkc; i++)
        if (strcmp(ak_kstore_kube_id(w->kc[i]->ks), kube_id) == 0 && !w->kc[i]->purge)
            return w->kc[i];
    return NULL;
}

size_t ak_kworld_cluster_count(const struct ak_kworld *w) { return w->nkc; }
struct ak_kcluster *ak_kworld_cluster_at(struct ak_kworld *w, size_t i)
{
    return i < w->nkc ? w->kc[i] : NULL;
}

struct ak_cluster *ak_kworld_arm_cluster(struct ak_kworld *w, const struct ak_kcluster *kc)
{
    return ak_state_cluster_by_kube_id(w->st, ak_kstore_kube_id(kc->ks));
}

static struct ak_kcluster *kc_new(struct ak_kworld *w, const char *kube_id, const char *cluster_id)
{
    struct ak_kcluster *kc = ak_xcalloc(1, sizeof(*kc));
    kc->world = w;
    kc->cluster_id = ak_xstrdup(cluster_id);
    kc->ks = ak_kstore_new(kube_id, cluster_id, ak_state_rand(w->st), world_now, w);
    ak_kstore_set_user(kc->ks, kc);
    kc->ctrl = NULL;
    AK_GROW(w->kc, w->nkc + 1, w->capkc);
    w->kc[w->nkc++] = kc;
    return kc;
}

/* ------------------------------------------------------------------ events */

static struct kc_priv *priv(struct ak_kcluster *kc)
{
    if (!kc->events)
        kc->events = ak_xcalloc(1, sizeof(struct kc_priv));
    return kc->events;
}

static void evkey_free(struct evkey *e)
{
    free(e->key);
    free(e->name);
    free(e->ns);
    free(e);
}

static void priv_free(struct ak_kcluster *kc)
{
    struct kc_priv *p = kc->events;
    if (!p)
        return;
    for (size_t i = 0; i < p->evcap; i++) {
        struct evkey *e = p->ev[i];
        while (e) {
            struct evkey *n = e->next;
            evkey_free(e);
            e = n;
        }
    }
    free(p->ev);
    free(p->byname);
    free(p);
    kc->events = NULL;
}

#define EV_BUCKETS 8192 /* EVENT_MAX events at most: short chains */

static size_t name_bucket(const char *ns, const char *name)
{
    uint64_t h = ak_hash64(name, (unsigned long)strlen(name)) ^ (ak_hash64(ns, (unsigned long)strlen(ns)) * 31);
    return (size_t)(h & (EV_BUCKETS - 1));
}

static struct evkey **ev_slot(struct kc_priv *p, const char *key)
{
    if (p->evcap == 0) {
        p->evcap = EV_BUCKETS;
        p->ev = ak_xcalloc(p->evcap, sizeof(*p->ev));
        p->byname = ak_xcalloc(EV_BUCKETS, sizeof(*p->byname));
    }
    uint64_t h = ak_hash64(key, (unsigned long)strlen(key));
    return &p->ev[h & (p->evcap - 1)];
}

/* Indexes event ns/name under key (taken). */
static void ev_index(struct kc_priv *pv, char *key, const char *ns, const char *name)
{
    struct evkey **slot = ev_slot(pv, key);
    struct evkey *e = ak_xcalloc(1, sizeof(*e));
    e->key = key;
    e->name = ak_xstrdup(name);
    e->ns = ak_xstrdup(ns);
    e->next = *slot;
    *slot = e;
    size_t nb = name_bucket(e->ns, e->name);
    e->nnext = pv->byname[nb];
    pv->byname[nb] = e;
    pv->evn++;
}

/* The event (ns, name) leaves the store: drop its index entry. */
static void ev_forget(struct kc_priv *p, const char *ns, const char *name)
{
    if (p->evcap == 0)
        return;
    struct evkey **np = &p->byname[name_bucket(ns, name)];
    for (; *np; np = &(*np)->nnext)
        if (strcmp((*np)->name, name) == 0 && strcmp((*np)->ns, ns) == 0)
            break;
    struct evkey *e = *np;
    if (!e)
        return;
    *np = e->nnext;
    for (struct evkey **pp = ev_slot(p, e->key); *pp; pp = &(*pp)->next)
        if (*pp == e) {
            *pp = e->next;
            break;
        }
    evkey_free(e);
    p->evn--;
}

void ak_kworld_event_ref(struct ak_kcluster *kc, enum ak_kkind kind, const char *ns,
                         const char *name, const char *uid, const char *type, const char *reason,
                         const char *message, const char *component, const char *host)
{
    struct ak_kstore *ks = kc->ks;
    const char *evns = ns && *ns ? ns : "default";
    struct kc_priv *pv = priv(kc);
    struct ak_kworld *w = kc->world;
    if (w->on_event)
        w->on_event(w->on_event_ud, kc, kind, ns, name, reason, host);
    if (w->cfg.no_event_objects)
        return;
    char *key = ak_xasprintf("%s/%s/%s/%s/%s", ak_kind(kind)->name, evns, name, reason, message);
    int64_t now = ak_kstore_now(ks);
    char t[40];
    ak_k8s_time(now, t);
    struct evkey **slot = ev_slot(pv, key);
    for (struct evkey *e = *slot; e; e = e->next) {
        if (strcmp(e->key, key) != 0)
            continue;
        struct ak_kobj *o = ak_kstore_get(ks, AK_KIND_EVENT, e->ns, e->name);
        if (!o)
            break;
        json_t *j = ak_kobj_json(o);
        json_t *cnt = json_object_get(j, "count");
        json_object_set_new(j, "count", json_integer(json_is_integer(cnt) ? json_integer_value(cnt) + 1 : 2));
        ak_json_set_str(j, "lastTimestamp", t);
        struct ak_err err;
        ak_kstore_update(ks, o, j, &err);
        json_decref(j);
        free(key);
        return;
    }
    /* new event */
    if (ak_kstore_count(ks, AK_KIND_EVENT) >= EVENT_MAX) {
        struct ak_kobj *oldest = ak_kstore_first(ks, AK_KIND_EVENT);
        if (oldest) {
            ev_forget(pv, oldest->ns, oldest->name);
            ak_kstore_delete(ks, oldest);
        }
    }
    char hex[17];
    ak_rand_hex(ak_kstore_rand(ks), hex, 16);
    char ename[320];
    snprintf(ename, sizeof(ename), "%.250s.%s", name, hex);
    const struct ak_kind_info *ki = ak_kind(kind);
    /* the document as text (no JSON tree: events are the most frequent write) */
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_printf(&b, "\"involvedObject\":{\"kind\":\"%s\",\"name\":", ki->name);
    ak_buf_json_str(&b, name);
    ak_buf_puts(&b, ",\"uid\":");
    ak_buf_json_str(&b, uid ? uid : "");
    ak_buf_printf(&b, ",\"apiVersion\":\"%s\"", ki->api_version);
    if (ns && *ns) {
        ak_buf_puts(&b, ",\"namespace\":");
        ak_buf_json_str(&b, ns);
    }
    ak_buf_puts(&b, "},\"reason\":");
    ak_buf_json_str(&b, reason);
    ak_buf_puts(&b, ",\"message\":");
    ak_buf_json_str(&b, message);
    ak_buf_puts(&b, ",\"source\":{\"component\":");
    ak_buf_json_str(&b, component);
    if (host && *host) {
        ak_buf_puts(&b, ",\"host\":");
        ak_buf_json_str(&b, host);
    }
    ak_buf_printf(&b, "},\"firstTimestamp\":\"%s\",\"lastTimestamp\":\"%s\",\"count\":1,\"type\":", t, t);
    ak_buf_json_str(&b, type);
    ak_buf_puts(&b, ",\"eventTime\":null,\"reportingComponent\":");
    ak_buf_json_str(&b, component);
    ak_buf_puts(&b, ",\"reportingInstance\":");
    ak_buf_json_str(&b, host ? host : "");
    struct ak_err err;
    if (ak_kstore_create_text(ks, AK_KIND_EVENT, evns, ename, b.data, b.len, NULL, &err) == 0) {
        ev_index(pv, key, evns, ename);
        key = NULL;
    }
    ak_buf_release(&b);
    free(key);
}

void ak_kworld_event(struct ak_kcluster *kc, const struct ak_kobj *about, const char *type,
                     const char *reason, const char *message, const char *component,
                     const char *host)
{
    /* kubelet events about nodes use the node name as uid, as kubectl describe expects */
    const char *uid = about->kind == AK_KIND_NODE ? about->name : about->uid;
    ak_kworld_event_ref(kc, about->kind, about->ns, about->name, uid, type, reason, message,
                        component, host);
}

static void events_gc(struct ak_kcluster *kc)
{
    int64_t now = ak_kstore_now(kc->ks);
    struct kc_priv *pv = priv(kc);
    for (struct ak_kobj *o = ak_kstore_first(kc->ks, AK_KIND_EVENT); o;) {
        struct ak_kobj *next = ak_kstore_next(o);
        if (o->created_ms + EVENT_TTL_MS > now)
            break; /* creation order: the rest are younger */
        ev_forget(pv, o->ns, o->name);
        ak_kstore_delete(kc->ks, o);
        o = next;
    }
}

/* ------------------------------------------------------------------ bootstrap */

static void create_if_absent(struct ak_kstore *ks, enum ak_kkind kind, json_t *obj)
{
    json_t *meta = json_object_get(obj, "metadata");
    const char *ns = ak_json_str(meta, "namespace");
    if (!ak_kstore_get(ks, kind, ns ? ns : "", ak_json_str(meta, "name"))) {
        struct ak_err err;
        if (ak_kstore_create(ks, kind, obj, NULL, &err) != 0)
            ak_log(AK_LOG_ERROR, "kube", "bootstrap %s: %s", ak_json_str(meta, "name"), err.message);
    }
    json_decref(obj);
}

static void bootstrap(struct ak_kcluster *kc)
{
    struct ak_kstore *ks = kc->ks;
    static const char *const nss[] = {"default", "kube-node-lease", "kube-public", "kube-system"};
    for (size_t i = 0; i < AK_ARRAY_LEN(nss); i++) {
        create_if_absent(ks, AK_KIND_NAMESPACE,
                         json_pack("{s:{s:s,s:{s:s}},s:{s:[s]},s:{s:s}}", "metadata", "name", nss[i],
                                   "labels", "kubernetes.io/metadata.name", nss[i], "spec",
                                   "finalizers", "kubernetes", "status", "phase", "Active"));
        create_if_absent(ks, AK_KIND_SERVICEACCOUNT,
                         json_pack("{s:{s:s,s:s}}", "metadata", "name", "default", "namespace", nss[i]));
    }
    create_if_absent(ks, AK_KIND_PRIORITYCLASS,
                     json_pack("{s:{s:s},s:i,s:b,s:s,s:s}", "metadata", "name",
                               "system-cluster-critical", "value", 2000000000, "globalDefault", 0,
                               "description",
                               "Used for system critical pods that must run in the cluster, but can "
                               "be moved to another node if necessary.",
                               "preemptionPolicy", "PreemptLowerPriority"));
    create_if_absent(ks, AK_KIND_PRIORITYCLASS,
                     json_pack("{s:{s:s},s:i,s:b,s:s,s:s}", "metadata", "name",
                               "system-node-critical", "value", 2000001000, "globalDefault", 0,
                               "description",
                               "Used for system critical pods that must not be moved from their "
                               "current node.",
                               "preemptionPolicy", "PreemptLowerPriority"));
    create_if_absent(ks, AK_KIND_SERVICE,
                     json_pack("{s:{s:s,s:s,s:{s:s,s:s}},s:{s:s,s:[s],s:s,s:[{s:s,s:s,s:i,s:i}]}}",
                               "metadata", "name", "kubernetes", "namespace", "default", "labels",
                               "component", "apiserver", "provider", "kubernetes", "spec", "clusterIP",
                               "10.0.0.1", "clusterIPs", "10.0.0.1", "type", "ClusterIP", "ports",
                               "name", "https", "protocol", "TCP", "port", 443, "targetPort", 443));
    create_if_absent(ks, AK_KIND_SERVICE,
                     json_pack("{s:{s:s,s:s,s:{s:s,s:s}},s:{s:s,s:[s],s:s,s:{s:s},s:[{s:s,s:s,s:i,s:i},{s:s,s:s,s:i,s:i}]}}",
                               "metadata", "name", "kube-dns", "namespace", "kube-system", "labels",
                               "k8s-app", "kube-dns", "kubernetes.io/name", "CoreDNS", "spec",
                               "clusterIP", "10.0.0.10", "clusterIPs", "10.0.0.10", "type", "ClusterIP",
                               "selector", "k8s-app", "kube-dns", "ports", "name", "dns", "protocol",
                               "UDP", "port", 53, "targetPort", 53, "name", "dns-tcp", "protocol", "TCP",
                               "port", 53, "targetPort", 53));
}

/* ------------------------------------------------------------------ nodes */

static int alloc_ordinal(unsigned char **used, size_t *cap)
{
    for (size_t i = 0; i < *cap; i++)
        if (!(*used)[i]) {
            (*used)[i] = 1;
            return (int)i;
        }
    size_t old = *cap, ncap = old ? old * 2 : 256;
    *used = ak_xrealloc(*used, ncap);
    memset(*used + old, 0, ncap - old);
    *cap = ncap;
    (*used)[old] = 1;
    return (int)old;
}

static void mark_ordinal(unsigned char **used, size_t *cap, int i)
{
    if (i < 0)
        return;
    while ((size_t)i >= *cap) {
        size_t old = *cap, ncap = old ? old * 2 : 256;
        *used = ak_xrealloc(*used, ncap);
        memset(*used + old, 0, ncap - old);
        *cap = ncap;
    }
    (*used)[i] = 1;
}

/* 10.224.0.0/16 then on: ordinal 0 -> 10.224.0.4 (Azure keeps the first four) */
static void ip_of(int ord, char *out, size_t n)
{
    int v = ord + 4;
    snprintf(out, n, "10.%d.%d.%d", 224 + v / 65536, (v / 256) % 256, v % 256);
}

static int ord_of_ip(const char *ip)
{
    int a, b, c, d;
    if (sscanf(ip, "%d.%d.%d.%d", &a, &b, &c, &d) != 4 || a != 10 || b < 224)
        return -1;
    return (b - 224) * 65536 + c * 256 + d - 4;
}

/* kubenet-style pod ranges: 10.244.0.0/24, 10.244.1.0/24, ... */
static void cidr_of(int ord, char *out, size_t n)
{
    snprintf(out, n, "10.%d.%d.0/24", 244 + ord / 256, ord % 256);
}

static int ord_of_cidr(const char *cidr)
{
    int a, b, c;
    if (!cidr || sscanf(cidr, "%d.%d.%d.", &a, &b, &c) != 3 || a != 10 || b < 244)
        return -1;
    return (b - 244) * 256 + c;
}

static int k8s_minor(const char *v)
{
    int a, b, c;
    return ak_k8s_parse(v, &a, &b, &c) == 0 ? b : 32;
}

static void fmt_ki(int64_t ki, char *out, size_t n)
{
    snprintf(out, n, "%lldKi", (long long)ki);
}

static void fmt_cpu(int64_t milli, char *out, size_t n)
{
    if (milli % 1000 == 0)
        snprintf(out, n, "%lld", (long long)(milli / 1000));
    else
        snprintf(out, n, "%lldm", (long long)milli);
}

static json_t *taints_json(const struct ak_strs *taints)
{
    json_t *a = json_array();
    for (size_t i = 0; i < taints->n; i++) {
        struct ak_taint t;
        if (ak_taint_parse(taints->v[i], &t) != 0)
            continue;
        json_t *o = json_pack("{s:s,s:s}", "key", t.key, "effect", t.effect);
        if (t.value[0])
            ak_json_set_str(o, "value", t.value);
        json_array_append_new(a, o);
    }
    return a;
}

static bool taint_in(const json_t *arr, const char *key, const char *effect)
{
    size_t i;
    json_t *t;
    json_array_foreach(arr, i, t)
    {
        if (ak_streq(ak_json_str(t, "key"), key) && ak_streq(ak_json_str(t, "effect"), effect))
            return true;
    }
    return false;
}

static void taint_add(json_t *arr, const char *key, const char *effect, int64_t added_ms)
{
    if (taint_in(arr, key, effect))
        return;
    json_t *t = json_pack("{s:s,s:s}", "key", key, "effect", effect);
    if (added_ms) {
        char tt[40];
        ak_k8s_time(added_ms, tt);
        ak_json_set_str(t, "timeAdded", tt);
    }
    json_array_append_new(arr, t);
}

static bool taint_del(json_t *arr, const char *key)
{
    bool changed = false;
    for (size_t i = 0; i < json_array_size(arr);) {
        if (ak_streq(ak_json_str(json_array_get(arr, i), "key"), key)) {
            json_array_remove(arr, i);
            changed = true;
        } else {
            i++;
        }
    }
    return changed;
}

#define T_UNREACHABLE "node.kubernetes.io/unreachable"
#define T_SHUTDOWN "node.cloudprovider.kubernetes.io/shutdown"
#define NODE_MONITOR_GRACE_MS 50000 /* node-monitor-grace-period, Kubernetes 1.32+ */

/* cloud-provider-azure: these power states are a shut-down instance */
static bool shut_down(const char *power)
{
    return strcmp(power, "stopped") == 0 || strcmp(power, "deallocated") == 0 ||
           strcmp(power, "deallocating") == 0;
}

/* The node of an instance whose kubelet does not post (stopped, deallocated, starting, or
 * made unhealthy): its heartbeat stays at the time it stopped; after node-monitor-grace-period
 * the node lifecycle controller marks the conditions Unknown and taints the node unreachable;
 * the cloud node lifecycle controller taints a shut-down instance's node. */
static void enforce_down(struct ak_kcluster *kc, struct ak_kobj *o, const struct ak_instance *in,
                         int64_t now)
{
    struct ak_knode *kn = ak_knode_of(o);
    int64_t since = in->down_ms ? in->down_ms : now;
    kn->heartbeat_ms = since;
    int64_t grace_end = since + ak_kworld_dur(ak_kworld_config(kc->world), NODE_MONITOR_GRACE_MS);
    bool want_unknown = now >= grace_end;
    if (!want_unknown && grace_end < kc->world->ready_due)
        kc->world->ready_due = grace_end;
    json_t *j = ak_kobj_json(o);
    json_t *spec = json_object_get(j, "spec");
    json_t *taints = json_object_get(spec, "taints");
    if (!json_is_array(taints)) {
        taints = json_array();
        json_object_set_new(spec, "taints", taints);
    }
    bool changed = false;
    bool want_shutdown = shut_down(in->power);
    if (want_shutdown != taint_in(taints, T_SHUTDOWN, "NoSchedule")) {
        if (want_shutdown)
            taint_add(taints, T_SHUTDOWN, "NoSchedule", 0);
        else
            taint_del(taints, T_SHUTDOWN);
        changed = true;
    }
    if (want_unknown && !kn->unknown) {
        char tt[40];
        ak_k8s_time(now, tt);
        size_t ci;
        json_t *c;
        json_array_foreach(json_object_get(json_object_get(j, "status"), "conditions"), ci, c)
        {
            const char *type = ak_json_str(c, "type");
            if (ak_streq(type, "Ready") || ak_streq(type, "MemoryPressure") ||
                ak_streq(type, "DiskPressure") || ak_streq(type, "PIDPressure")) {
                ak_json_set_str(c, "status", "Unknown");
                ak_json_set_str(c, "reason", "NodeStatusUnknown");
                ak_json_set_str(c, "message", "Kubelet stopped posting node status.");
                ak_json_set_str(c, "lastTransitionTime", tt);
            }
        }
        taint_add(taints, T_UNREACHABLE, "NoSchedule", 0);
        taint_add(taints, T_UNREACHABLE, "NoExecute", now);
        changed = true;
    }
    if (changed) {
        struct ak_err err;
        if (ak_kstore_update(kc->ks, o, j, &err) != 0)
            ak_log(AK_LOG_ERROR, "kube", "node %s: %s", o->name, err.message);
        kn = ak_knode_of(o);
        kn->heartbeat_ms = since;
        if (want_unknown) {
            char msg[300];
            snprintf(msg, sizeof(msg), "Node %s status is now: NodeNotReady", o->name);
            ak_kworld_event(kc, o, "Normal", "NodeNotReady", msg, "node-controller", NULL);
            ak_log(AK_LOG_INFO, "kube", "node %s: NotReady (kubelet stopped posting)", o->name);
        }
    }
    json_decref(j);
}

/* Desired labels and taints of a node of pool p. */
static void desired(const struct ak_cluster *cl, const struct ak_pool *p,
                    const struct ak_instance *in, const char *node, struct ak_kvs *labels)
{
    const struct ak_vm_size *z = ak_catalog_find(p->spec.vm_size);
    struct ak_node_ctx ctx = {cl->node_rg, cl->location, in->zone[0] ? in->zone : NULL,
                              in->fault_domain, node, p->spec.orchestrator_version};
    if (z)
        ak_node_labels(&p->spec, z, &ctx, labels);
}

static json_t *node_status(struct ak_kcluster *kc, const struct ak_pool *p,
                           const struct ak_instance *in, const char *ip, bool ready,
                           int64_t since)
{
    (void)kc;
    const struct ak_vm_size *z = ak_catalog_find(p->spec.vm_size);
    struct ak_node_resources r;
    ak_node_resources(z, p->spec.max_pods, p->spec.os_disk_size_gb,
                      k8s_minor(p->spec.orchestrator_version), &r);
    char cpu[24], acpu[24], mem[32], amem[32], eph[32], aeph[32], pods[16], gpus[8];
    fmt_cpu(r.cpu_milli, cpu, sizeof(cpu));
    fmt_cpu(r.alloc_cpu_milli, acpu, sizeof(acpu));
    fmt_ki(r.memory_ki, mem, sizeof(mem));
    fmt_ki(r.alloc_memory_ki, amem, sizeof(amem));
    fmt_ki(r.ephemeral_ki, eph, sizeof(eph));
    snprintf(aeph, sizeof(aeph), "%lld", (long long)r.alloc_ephemeral_ki * 1024);
    snprintf(pods, sizeof(pods), "%lld", (long long)r.pods);
    snprintf(gpus, sizeof(gpus), "%lld", (long long)r.gpus);
    json_t *cap = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "cpu", cpu, "ephemeral-storage", eph,
                            "hugepages-1Gi", "0", "hugepages-2Mi", "0", "memory", mem, "pods", pods);
    json_t *alloc = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "cpu", acpu, "ephemeral-storage", aeph,
                              "hugepages-1Gi", "0", "hugepages-2Mi", "0", "memory", amem, "pods", pods);
    if (r.gpus) {
        ak_json_set_str(cap, "nvidia.com/gpu", gpus);
        ak_json_set_str(alloc, "nvidia.com/gpu", gpus);
    }
    char t[40];
    ak_k8s_time(since, t);
    char kv[32];
    snprintf(kv, sizeof(kv), "v%s", p->spec.orchestrator_version);
    char mid[33];
    snprintf(mid, sizeof(mid), "%.8s%.4s%.4s%.4s%.12s", in->vm_id, in->vm_id + 9, in->vm_id + 14,
             in->vm_id + 19, in->vm_id + 24);
    char boot[37];
    ak_rand_uuid(ak_kstore_rand(kc->ks), boot);
    bool win = ak_streq(p->spec.os_type, "Windows");
    json_t *st = json_pack(
        "{s:o,s:o,s:[{s:s,s:s,s:s,s:s,s:s}],s:[{s:s,s:s}],s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}}",
        "capacity", cap, "allocatable", alloc, "conditions", "type", "Ready", "status",
        ready ? "True" : "False", "lastTransitionTime", t, "reason",
        ready ? "KubeletReady" : "KubeletNotReady", "message",
        ready ? "kubelet is posting ready status"
              : "container runtime network not ready: NetworkReady=false "
                "reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not "
                "initialized",
        "addresses", "type", "InternalIP", "address", ip, "nodeInfo", "kubeletVersion", kv,
        "osImage", win ? "Windows Server 2022 Datacenter" : "Ubuntu 22.04.5 LTS", "kernelVersion",
        win ? "10.0.20348.3207" : "5.15.0-1089-azure", "containerRuntimeVersion",
        "containerd://1.7.27-1", "machineID", mid, "systemUUID", in->vm_id, "bootID", boot,
        "operatingSystem", win ? "windows" : "linux", "architecture", "amd64");
    return st;
}

static void create_node(struct ak_kcluster *kc, const struct ak_cluster *cl, const struct ak_pool *p,
                        const struct ak_instance *in, const char *name)
{
    struct ak_kstore *ks = kc->ks;
    struct ak_kvs labels = {0};
    desired(cl, p, in, name, &labels);
    char ip[40], cidr[40];
    ip_of(alloc_ordinal(&kc->ip_used, &kc->ip_cap), ip, sizeof(ip));
    cidr_of(alloc_ordinal(&kc->cidr_used, &kc->cidr_cap), cidr, sizeof(cidr));
    char *nrg = ak_lower_dup(cl->node_rg);
    char *pid = ak_xasprintf("azure:///subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/"
                             "virtualMachineScaleSets/%s/virtualMachines/%lld",
                             cl->rg->sub, nrg, p->vmss_name, (long long)in->id);
    free(nrg);
    json_t *taints = taints_json(&p->spec.taints);
    json_array_append_new(taints, json_pack("{s:s,s:s}", "key", "node.kubernetes.io/not-ready",
                                            "effect", "NoSchedule"));
    char nodeid[512];
    snprintf(nodeid, sizeof(nodeid), "{\"disk.csi.azure.com\":\"%s\",\"file.csi.azure.com\":\"%s\"}",
             name, name);
    int64_t now = ak_kstore_now(ks);
    json_t *node = json_pack(
        "{s:{s:s,s:o,s:{s:s,s:s,s:s}},s:{s:s,s:[s],s:s,s:o},s:o}", "metadata", "name", name, "labels",
        ak_codec_kvs_encode(&labels), "annotations", "node.alpha.kubernetes.io/ttl", "0",
        "volumes.kubernetes.io/controller-managed-attach-detach", "true",
        "csi.volume.kubernetes.io/nodeid", nodeid, "spec", "podCIDR", cidr, "podCIDRs", cidr,
        "providerID", pid, "taints", taints, "status", node_status(kc, p, in, ip, false, now));
    free(pid);
    ak_kvs_release(&labels);
    struct ak_kobj *o = NULL;
    struct ak_err err;
    if (ak_kstore_create(ks, AK_KIND_NODE, node, &o, &err) != 0) {
        ak_log(AK_LOG_ERROR, "kube", "node %s: %s", name, err.message);
        json_decref(node);
        return;
    }
    json_decref(node);
    struct ak_knode *kn = ak_knode_of(o);
    kn->instance = in->id;
    ak_log(AK_LOG_INFO, "kube", "node %s registered (pool %s)", name, p->name);
    ak_kworld_event(kc, o, "Normal", "Starting", "Starting kubelet.", "kubelet", name);
    char msg[300];
    snprintf(msg, sizeof(msg), "Node %s event: Registered Node %s in Controller", name, name);
    ak_kworld_event(kc, o, "Normal", "RegisteredNode", msg, "node-controller", NULL);
    /* the node's lease */
    create_if_absent(ks, AK_KIND_LEASE,
                     json_pack("{s:{s:s,s:s,s:[{s:s,s:s,s:s,s:s}]},s:{s:s,s:i}}", "metadata", "name",
                               name, "namespace", "kube-node-lease", "ownerReferences", "apiVersion",
                               "v1", "kind", "Node", "name", name, "uid", o->uid, "spec",
                               "holderIdentity", name, "leaseDurationSeconds", 40));
}

/* Restores what the pool API owns on an existing node; returns true if something changed. */
/* A fingerprint of what the pool wants on a node (labels and taints). */
static uint64_t want_fp(const struct ak_kvs *want, const struct ak_pool *p)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < want->n; i++) {
        h = (h ^ ak_hash64(want->v[i].key, (unsigned long)strlen(want->v[i].key))) * 0x100000001b3ull;
        h = (h ^ ak_hash64(want->v[i].val, (unsigned long)strlen(want->v[i].val))) * 0x100000001b3ull;
    }
    for (size_t i = 0; i < p->spec.taints.n; i++)
        h = (h ^ ak_hash64(p->spec.taints.v[i], (unsigned long)strlen(p->spec.taints.v[i]))) *
            0x100000001b3ull;
    return h;
}

static bool enforce_node(struct ak_kcluster *kc, struct ak_kobj *o, const struct ak_cluster *cl,
                         const struct ak_pool *p, const struct ak_instance *in, int64_t now)
{
    struct ak_knode *kn = ak_knode_of(o);
    bool want_ready = now - o->created_ms >= ak_kworld_config(kc->world)->node_ready_ms;
    if (kn->enforced_rv == o->rv && kn->enforced_pgen == p->touch_gen && kn->enforced_igen == in->touch_gen &&
        p->touch_gen && in->touch_gen && kn->ready == want_ready && !kn->heartbeat_ms)
        return false; /* neither the node nor its pool or instance changed */
    struct ak_kvs want = {0};
    desired(cl, p, in, o->name, &want);
    uint64_t fp = want_fp(&want, p);
    if (kn->enforced_rv == o->rv && kn->enforced_fp == fp && kn->ready == want_ready && !kn->heartbeat_ms) {
        ak_kvs_release(&want);
        kn->enforced_pgen = p->touch_gen;
        kn->enforced_igen = in->touch_gen;
        return false; /* nothing changed since the last enforcement */
    }
    json_t *j = ak_kobj_json(o);
    json_t *meta = json_object_get(j, "metadata");
    json_t *labels = json_object_get(meta, "labels");
    if (!json_is_object(labels)) {
        labels = json_object();
        json_object_set_new(meta, "labels", labels);
    }
    bool changed = false;
    for (size_t i = 0; i < want.n; i++) {
        const char *cur = ak_json_str(labels, want.v[i].key);
        if (!ak_streq(cur, want.v[i].val)) {
            ak_json_set_str(labels, want.v[i].key, want.v[i].val);
            changed = true;
        }
    }
    /* AKS-owned label namespaces hold only what AKS writes */
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(labels, tmp, k, v)
    {
        if ((ak_starts_with(k, "kubernetes.azure.com/")) && !ak_kvs_get(&want, k)) {
            json_object_del(labels, k);
            changed = true;
        }
    }
    ak_kvs_release(&want);
    json_t *spec = json_object_get(j, "spec");
    json_t *taints = json_object_get(spec, "taints");
    if (!json_is_array(taints)) {
        taints = json_array();
        json_object_set_new(spec, "taints", taints);
    }
    json_t *pool_taints = taints_json(&p->spec.taints);
    size_t i;
    json_t *t;
    json_array_foreach(pool_taints, i, t)
    {
        const char *key = ak_json_str(t, "key"), *eff = ak_json_str(t, "effect");
        bool found = false;
        size_t jdx;
        json_t *u;
        json_array_foreach(taints, jdx, u)
        {
            if (ak_streq(ak_json_str(u, "key"), key) && ak_streq(ak_json_str(u, "effect"), eff)) {
                found = true;
                if (!json_equal(u, t)) {
                    json_array_set(taints, jdx, t);
                    changed = true;
                }
            }
        }
        if (!found) {
            json_array_append(taints, t);
            changed = true;
        }
    }
    json_decref(pool_taints);
    /* readiness; a kubelet that posts again clears what the node controllers set */
    if (want_ready && (kn->heartbeat_ms || kn->unknown)) {
        taint_del(taints, T_UNREACHABLE);
        taint_del(taints, T_SHUTDOWN);
        changed = true;
    }
    if (want_ready && !kn->ready) {
        size_t jdx;
        json_t *u;
        json_array_foreach(taints, jdx, u)
        {
            if (ak_streq(ak_json_str(u, "key"), "node.kubernetes.io/not-ready")) {
                json_array_remove(taints, jdx);
                break;
            }
        }
        json_t *st = json_object_get(j, "status");
        size_t ci;
        json_t *c;
        char tt[40];
        ak_k8s_time(now, tt);
        json_array_foreach(json_object_get(st, "conditions"), ci, c)
        {
            if (ak_streq(ak_json_str(c, "type"), "Ready")) {
                ak_json_set_str(c, "status", "True");
                ak_json_set_str(c, "reason", "KubeletReady");
                ak_json_set_str(c, "message", "kubelet is posting ready status");
                ak_json_set_str(c, "lastTransitionTime", tt);
            }
        }
        changed = true;
    }
    if (!want_ready && kn->ready == false && !taint_in(taints, "node.kubernetes.io/not-ready", "NoSchedule")) {
        json_array_append_new(taints, json_pack("{s:s,s:s}", "key", "node.kubernetes.io/not-ready",
                                                "effect", "NoSchedule"));
        changed = true;
    }
    if (json_array_size(taints) == 0)
        json_object_del(spec, "taints");
    bool became_ready = want_ready && !kn->ready;
    if (changed) {
        struct ak_err err;
        if (ak_kstore_update(kc->ks, o, j, &err) != 0)
            ak_log(AK_LOG_ERROR, "kube", "node %s: %s", o->name, err.message);
    }
    json_decref(j);
    kn = ak_knode_of(o); /* an update replaces the typed state */
    kn->heartbeat_ms = 0;
    kn->enforced_rv = o->rv;
    kn->enforced_fp = fp;
    kn->enforced_pgen = p->touch_gen;
    kn->enforced_igen = in->touch_gen;
    if (became_ready) {
        char msg[300];
        snprintf(msg, sizeof(msg), "Node %s status is now: NodeReady", o->name);
        ak_kworld_event(kc, o, "Normal", "NodeReady", msg, "kubelet", o->name);
    }
    return changed;
}

static void delete_node(struct ak_kcluster *kc, struct ak_kobj *o)
{
    struct ak_kstore *ks = kc->ks;
    struct ak_knode *kn = ak_knode_of(o);
    if (kn && kn->internal_ip[0]) {
        int ord = ord_of_ip(kn->internal_ip);
        if (ord >= 0 && (size_t)ord < kc->ip_cap)
            kc->ip_used[ord] = 0;
    }
    json_t *j = ak_kobj_json(o);
    int cord = ord_of_cidr(ak_json_str(json_object_get(j, "spec"), "podCIDR"));
    if (cord >= 0 && (size_t)cord < kc->cidr_cap)
        kc->cidr_used[cord] = 0;
    json_decref(j);
    char msg[300];
    snprintf(msg, sizeof(msg), "Node %s event: Removing Node %s from Controller", o->name, o->name);
    ak_kworld_event_ref(kc, AK_KIND_NODE, "", o->name, o->name, "Normal", "RemovingNode", msg,
                        "node-controller", NULL);
    struct ak_kobj *lease = ak_kstore_get(ks, AK_KIND_LEASE, "kube-node-lease", o->name);
    if (lease)
        ak_kstore_delete(ks, lease);
    ak_log(AK_LOG_INFO, "kube", "node %s removed", o->name);
    ak_kstore_delete(ks, o);
}

static void sync_nodes(struct ak_kcluster *kc, const struct ak_cluster *cl)
{
    struct ak_kstore *ks = kc->ks;
    int64_t now = ak_kstore_now(ks);
    uint64_t gen = ++kc->sync_gen;
    for (size_t i = 0; i < cl->npools; i++) {
        const struct ak_pool *p = cl->pools[i];
        for (size_t k = 0; k < p->ninst; k++) {
            const struct ak_instance *in = p->inst[k];
            bool up = strcmp(in->prov_state, "Succeeded") == 0 && strcmp(in->power, "running") == 0;
            char name[128];
            ak_node_name(p->vmss_name, in->id, name, sizeof(name));
            struct ak_kobj *o = ak_kstore_get(ks, AK_KIND_NODE, "", name);
            if (o && strcmp(in->prov_state, "Deleting") == 0) {
                /* kept while being removed: a scale-in drains the node first; it goes with
                 * its instance */
                ak_knode_of(o)->seen_gen = gen;
                continue;
            }
            if (o && (!up || in->fault[0] || in->down_ms)) {
                enforce_down(kc, o, in, now);
                ak_knode_of(o)->seen_gen = gen; /* after: an update rebuilds the node's view */
                continue;
            }
            if (!up)
                continue;
            if (!o) {
                create_node(kc, cl, p, in, name);
                o = ak_kstore_get(ks, AK_KIND_NODE, "", name);
            } else {
                enforce_node(kc, o, cl, p, in, now);
            }
            if (o) {
                struct ak_knode *kn = ak_knode_of(o);
                kn->seen_gen = gen;
                int64_t rd = o->created_ms + ak_kworld_config(kc->world)->node_ready_ms;
                if (!kn->ready && rd < kc->world->ready_due)
                    kc->world->ready_due = rd;
            }
        }
    }
    /* nodes without an instance go (a lost one after the grace period) */
    int64_t grace = ak_kworld_dur(ak_kworld_config(kc->world), NODE_MONITOR_GRACE_MS);
    for (struct ak_kobj *o = ak_kstore_first(ks, AK_KIND_NODE); o;) {
        struct ak_kobj *next = ak_kstore_next(o);
        struct ak_knode *kn = ak_knode_of(o);
        if (kn->seen_gen != gen) {
            size_t li = 0;
            while (li < kc->nlost && strcmp(kc->lost[li].name, o->name) != 0)
                li++;
            if (li < kc->nlost) {
                int64_t end = kc->lost[li].at_ms + grace;
                if (now < end) {
                    kn->heartbeat_ms = kc->lost[li].at_ms;
                    if (end < kc->world->ready_due)
                        kc->world->ready_due = end;
                    o = next;
                    continue;
                }
                char msg[300];
                snprintf(msg, sizeof(msg), "Node %s status is now: NodeNotReady", o->name);
                ak_kworld_event(kc, o, "Normal", "NodeNotReady", msg, "node-controller", NULL);
                kc->lost[li] = kc->lost[--kc->nlost];
            }
            char msg[300];
            snprintf(msg, sizeof(msg), "Deleting node %s because it does not exist in the cloud provider", o->name);
            ak_kworld_event(kc, o, "Normal", "DeletingNode", msg, "cloud-node-lifecycle-controller", NULL);
            delete_node(kc, o);
        }
        o = next;
    }
}

/* ------------------------------------------------------------------ sync */

/* The next sync: the periodic reconcile, or earlier when a node the last sync looked at is
 * to report Ready (only nodes of running instances of clusters that are not being deleted
 * count: the others are not synced, and waiting for them would spin). */
static int64_t next_due(struct ak_kworld *w)
{
    int64_t now = ak_loop_now(w->loop), due = now + w->cfg.reconcile_ms;
    if (w->ready_due < due)
        due = w->ready_due;
    return due > now ? due : now + 1;
}

int ak_kworld_commit(struct ak_kworld *w, struct ak_err *err)
{
    return ak_state_commit(w->st, err);
}

void ak_kworld_kick(struct ak_kworld *w)
{
    int64_t now = ak_loop_now(w->loop);
    if (!ak_timer_active(&w->timer) || w->timer.due_ms > now)
        ak_timer_start_at(w->loop, &w->timer, now);
}

void ak_kworld_node_lost(struct ak_kcluster *kc, const char *node)
{
    for (size_t i = 0; i < kc->nlost; i++)
        if (strcmp(kc->lost[i].name, node) == 0)
            return;
    AK_GROW(kc->lost, kc->nlost + 1, kc->caplost);
    snprintf(kc->lost[kc->nlost].name, sizeof(kc->lost[0].name), "%s", node);
    kc->lost[kc->nlost].at_ms = ak_loop_now(kc->world->loop);
    kc->nlost++;
}

void ak_kworld_sync(struct ak_kworld *w)
{
    struct ak_state *st = w->st;
    w->ready_due = INT64_MAX;
    /* give the heap's free pages back now and then (objects come and go in bursts) */
    int64_t now = ak_loop_now(w->loop);
    int64_t mono = (int64_t)(ak_mono_ns() / 1000000); /* real time: virtual time may fly */
    if (mono - w->trimmed_ms >= 10000) {
        w->trimmed_ms = mono;
        malloc_trim(0);
    }
    /* clusters that are gone */
    for (size_t i = 0; i < w->nkc; i++) {
        struct ak_kcluster *kc = w->kc[i];
        if (!ak_state_cluster_by_kube_id(st, ak_kstore_kube_id(kc->ks)))
            kc->purge = true;
    }
    for (size_t i = 0; i < ak_state_rg_count(st); i++) {
        struct ak_rg *rg = ak_state_rg_at(st, i);
        for (size_t j = 0; j < rg->nclusters; j++) {
            struct ak_cluster *cl = rg->clusters[j];
            if (strcmp(cl->prov_state, "Deleting") == 0)
                continue;
            struct ak_kcluster *kc = ak_kworld_cluster(w, cl->kube_id);
            if (!kc) {
                kc = kc_new(w, cl->kube_id, cl->id);
                bootstrap(kc);
                EACH_HOOK(cluster_added, kc);
            }
            events_gc(kc);
            uint64_t gen = ak_state_generation(st);
            if (kc->synced_valid && kc->nlost == 0 && gen == kc->synced_gen &&
                ak_kstore_rv(kc->ks) == kc->synced_rv && now < kc->synced_due) {
                if (kc->synced_due < w->ready_due)
                    w->ready_due = kc->synced_due;
                continue; /* nothing changed: the nodes are as the last sync left them */
            }
            int64_t due_before = w->ready_due;
            w->ready_due = INT64_MAX;
            sync_nodes(kc, cl);
            EACH_HOOK(synced, kc);
            kc->synced_due = w->ready_due;
            if (due_before < w->ready_due)
                w->ready_due = due_before;
            kc->synced_gen = ak_state_generation(st);
            kc->synced_rv = ak_kstore_rv(kc->ks);
            kc->synced_valid = true;
        }
    }
    struct ak_err err;
    if (ak_state_commit(st, &err) != 0)
        ak_log(AK_LOG_ERROR, "kube", "could not store the Kubernetes changes: %s", err.message);
    ak_timer_start_at(w->loop, &w->timer, next_due(w));
}

static void on_timer(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    (void)loop;
    (void)t;
    ak_kworld_sync(ud);
}

/* ------------------------------------------------------------------ load */

struct load_ctx {
    struct ak_kworld *w;
    int errors;
};

static int load_meta_cb(void *ud, const char *kind, const char *key, const char *val, size_t len)
{
    (void)kind;
    struct load_ctx *lc = ud;
    struct ak_cluster *cl = ak_state_cluster_by_kube_id(lc->w->st, key);
    if (!cl)
        return 0; /* a leftover of a deleted cluster: purged on the next sync */
    struct ak_kcluster *kc = ak_kworld_cluster(lc->w, key);
    if (!kc)
        kc = kc_new(lc->w, key, cl->id);
    json_t *j = json_loadb(val, len, 0, NULL);
    ak_kstore_set_loaded_rv(kc->ks, (uint64_t)json_integer_value(json_object_get(j, "rv")));
    json_decref(j);
    return 0;
}

static int load_obj_cb(void *ud, const char *kind, const char *key, const char *val, size_t len)
{
    (void)kind;
    struct load_ctx *lc = ud;
    char kube_id[17];
    const char *slash = strchr(key, '/');
    if (!slash || slash - key >= (long)sizeof(kube_id))
        return 0;
    snprintf(kube_id, sizeof(kube_id), "%.*s", (int)(slash - key), key);
    struct ak_kcluster *kc = ak_kworld_cluster(lc->w, kube_id);
    if (!kc)
        return 0;
    if (!ak_kstore_loading(kc->ks))
        ak_kstore_set_loading(kc->ks, true); /* until the whole store is read */
    if (ak_kstore_load_one(kc->ks, key, val, len) != 0)
        lc->errors++;
    return 0;
}

int ak_kworld_load(struct ak_kworld *w, struct ak_err *err)
{
    struct load_ctx lc = {w, 0};
    struct ak_store *store = ak_state_store(w->st);
    if (ak_store_load(store, "kmeta", load_meta_cb, &lc) != 0 ||
        ak_store_load(store, "kobj", load_obj_cb, &lc) != 0)
        return ak_err_set(err, 500, "StoreLoadFailed", "loading Kubernetes objects failed: %s",
                          store->errmsg);
    if (lc.errors)
        ak_log(AK_LOG_WARN, "kube", "%d stored Kubernetes objects could not be loaded", lc.errors);
    /* rebuild the address allocations and the event index */
    for (size_t i = 0; i < w->nkc; i++) {
        struct ak_kcluster *kc = w->kc[i];
        if (ak_kstore_loading(kc->ks))
            ak_kstore_set_loading(kc->ks, false); /* links owners loaded after their objects */
        for (struct ak_kobj *o = ak_kstore_first(kc->ks, AK_KIND_NODE); o; o = ak_kstore_next(o)) {
            struct ak_knode *kn = ak_knode_of(o);
            if (kn)
                mark_ordinal(&kc->ip_used, &kc->ip_cap, ord_of_ip(kn->internal_ip));
            json_t *j = ak_kobj_json(o);
            mark_ordinal(&kc->cidr_used, &kc->cidr_cap,
                         ord_of_cidr(ak_json_str(json_object_get(j, "spec"), "podCIDR")));
            json_decref(j);
        }
        struct kc_priv *pv = priv(kc);
        for (struct ak_kobj *o = ak_kstore_first(kc->ks, AK_KIND_EVENT); o; o = ak_kstore_next(o)) {
            json_t *j = ak_kobj_json(o);
            json_t *inv = json_object_get(j, "involvedObject");
            const char *ik = ak_json_str(inv, "kind"), *in = ak_json_str(inv, "name");
            const char *ins = ak_json_str(inv, "namespace");
            const char *reason = ak_json_str(j, "reason"), *msg = ak_json_str(j, "message");
            if (ik && in && reason && msg) {
                ev_slot(pv, "");
                ev_index(pv, ak_xasprintf("%s/%s/%s/%s/%s", ik, ins && *ins ? ins : "default", in, reason, msg),
                         o->ns, o->name);
            }
            json_decref(j);
        }
        EACH_HOOK(cluster_added, kc);
    }
    return 0;
}
