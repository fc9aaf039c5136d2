/* ak_kworld.h - the Kubernetes side of every emulated cluster: one object store per managed
 * cluster, created with the cluster (with its namespaces, priority classes and system
 * add-ons), Nodes kept in step with the scale-set instances of the ARM state, events, and the
 * durability of all of it as a participant of ak_state_commit(). */
#ifndef AK_KWORLD_H
#define AK_KWORLD_H

#include <jansson.h>
#include <stdint.h>

#include "ak_kstore.h"
#include "../runtime/ak_loop.h"
#include "../state/ak_state.h"

struct ak_kworld;

struct ak_kworld_config {
    int64_t node_ready_ms;  /* a new node reports Ready this long after it registers */
    int64_t pod_start_ms;   /* a bound pod's containers start this long after binding */
    int64_t reconcile_ms;   /* period of the node reconcile (AKS restores pool-owned labels) */
    double speed;           /* life-cycle timings run this many times faster (>= 1) */
    bool no_event_objects;  /* the simulator: events reach the on_event hook, no Event object
                             * is stored (nothing reads them, and they are the most frequent
                             * write) */
};

/* A life-cycle duration of the emulated world (Azure's or Kubernetes' figure) in loop ms. */
static inline int64_t ak_kworld_dur(const struct ak_kworld_config *c, int64_t ms)
{
    double s = c->speed >= 1 ? c->speed : 1;
    int64_t v = (int64_t)((double)ms / s + 0.5);
    return v > 0 || ms <= 0 ? v : 1;
}

struct ak_lost_node {
    char name[128];
    int64_t at_ms;
};

/* Per-cluster data the controllers hang off a kstore (ak_kstore_user). */
struct ak_kcluster {
    struct ak_kworld *world;
    struct ak_kstore *ks;
    char *cluster_id;
    unsigned char *ip_used;   /* node InternalIP ordinals in use */
    size_t ip_cap;
    unsigned char *cidr_used; /* node podCIDR /24 ordinals in use */
    size_t cidr_cap;
    void *ctrl;               /* the workload controllers' per-cluster state */
    void *events;             /* the event index (ak_kworld) */
    uint64_t sync_gen;        /* node reconcile generation */
    /* what the last node sync saw (ARM generation, resourceVersion after it) and when it
     * has something to do by itself: until then an unchanged cluster is not synced again */
    uint64_t synced_gen, synced_rv;
    int64_t synced_due;
    bool synced_valid;
    bool purge;               /* the cluster was deleted: remove its stored objects */
    struct ak_lost_node *lost; /* nodes whose instance vanished, kept for the grace period */
    size_t nlost, caplost;
};

struct ak_kworld *ak_kworld_new(struct ak_state *st, struct ak_loop *loop,
                                const struct ak_kworld_config *cfg);
void ak_kworld_free(struct ak_kworld *w);
const struct ak_kworld_config *ak_kworld_config(const struct ak_kworld *w);
struct ak_state *ak_kworld_state(struct ak_kworld *w);
struct ak_loop *ak_kworld_loop(struct ak_kworld *w);
/* Reads every stored Kubernetes object back (start-up). */
int ak_kworld_load(struct ak_kworld *w, struct ak_err *err);
/* Brings the clusters and their Nodes in line with the ARM state; commits. */
void ak_kworld_sync(struct ak_kworld *w);
struct ak_kcluster *ak_kworld_cluster(struct ak_kworld *w, const char *kube_id);
size_t ak_kworld_cluster_count(const struct ak_kworld *w);
struct ak_kcluster *ak_kworld_cluster_at(struct ak_kworld *w, size_t i);
/* The ARM cluster behind a kube cluster (NULL if gone). */
struct ak_cluster *ak_kworld_arm_cluster(struct ak_kworld *w, const struct ak_kcluster *kc);

/* Controllers and the API plug in here: called for new clusters, after every sync, and when a
 * cluster goes away. */
struct ak_kworld_hooks {
    void (*cluster_added)(void *ud, struct ak_kcluster *kc);
    void (*cluster_removed)(void *ud, struct ak_kcluster *kc);
    void (*synced)(void *ud, struct ak_kcluster *kc);
    void *ud;
};
void ak_kworld_add_hooks(struct ak_kworld *w, const struct ak_kworld_hooks *h); /* up to 4 sets */
/* An observer of every event as it is written (also when an existing one is counted up), such
 * as the simulator's report; none in the daemon. One at most; fn NULL removes it. */
typedef void (*ak_kworld_event_fn)(void *ud, struct ak_kcluster *kc, enum ak_kkind kind, const char *ns,
                                   const char *name, const char *reason, const char *host);
void ak_kworld_observe_events(struct ak_kworld *w, ak_kworld_event_fn fn, void *ud);

/* Events, as the Kubernetes components write them: an existing event with the same object,
 * reason and message is counted up instead of duplicated. */
void ak_kworld_event(struct ak_kcluster *kc, const struct ak_kobj *about, const char *type,
                     const char *reason, const char *message, const char *component,
                     const char *host);
/* For objects that are not in the store (or are about to leave it). */
void ak_kworld_event_ref(struct ak_kcluster *kc, enum ak_kkind kind, const char *ns,
                         const char *name, const char *uid, const char *type, const char *reason,
                         const char *message, const char *component, const char *host);

/* The ARM state changed outside an operation: sync on the next loop iteration. */
void ak_kworld_kick(struct ak_kworld *w);
/* The instance of a node vanished (a spot eviction with Delete): the node stays until
 * node-monitor-grace-period has passed, then the cloud node lifecycle controller deletes it. */
void ak_kworld_node_lost(struct ak_kcluster *kc, const char *node);

/* Commits pending Kubernetes changes (and any ARM ones) now. */
int ak_kworld_commit(struct ak_kworld *w, struct ak_err *err);

#endif
