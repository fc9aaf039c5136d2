/* ak_kctrl_int.h - the controllers' per-cluster state, shared by ak_kctrl.c (workload
 * controllers, scheduler, kubelet) and ak_klife.c (the life of nodes: drain, spot eviction,
 * repair, node pressure, the cluster autoscaler). Not a public interface. */
#ifndef AK_KCTRL_INT_H
#define AK_KCTRL_INT_H

#include <jansson.h>

#include "ak_kctrl.h"
#include "../core/ak_labels.h"
#include "../kube/ak_kpod.h"
#include "../runtime/ak_loop.h"
#include "../sched/ak_sched.h"
#include "../util/ak_str.h"

struct kcs;
struct nodeinfo;

/* What scheduling needs from a pod spec, compiled once and shared by the pods whose specs
 * are identical (the replicas of one ReplicaSet). */
struct psview {
    struct psview *hnext; /* in the cluster's table */
    uint64_t key;
    uint32_t refs;
    char *spec;          /* the spec text it was built from (NULL: not shared) */
    size_t spec_len;
    bool per_node;       /* DaemonSet pods: the node of the affinity term is the pod's */
    struct ak_sched_pod sp; /* id and start_time are the pod's: see pod_sp() */
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

/* The scheduler's and the kubelet's state of one pod. */
struct podsched {
    struct kcs *cs;
    struct ak_kobj *pod;
    struct psview *v;
    int32_t aq, tq;      /* index in the active / timer heap, -1 = not queued */
    int64_t due;         /* timer heap key */
    struct podsched *un_next, *un_prev;
    struct nodeinfo *ni; /* the node whose pod list holds this pod */
    struct podsched *nd_next, *nd_prev;
    char *ds_node;       /* DaemonSet pods: the node their affinity pins them to */
    int64_t stop_at;     /* a terminating pod's containers have stopped at this time */
    uint64_t id;
    int32_t node;
    int16_t ip_ord;      /* -1: none (host network or not yet running) */
    struct ppod *pr;     /* ak_kpress.c: the pod's usage profile (NULL: none read yet) */
    uint64_t ca_rv;      /* ak_kscale.c: the pod's annotations as of this resourceVersion */
    uint8_t ca_flags;    /* ... (CA_* of ak_kscale.c) */
    bool assigned;
    bool unsched;        /* on the unschedulable list */
};

struct noexec {
    char key[320], value[64];
    int64_t since_ms;
};

struct nodeinfo {
    char *name;
    int32_t id;
    uint64_t rv;
    struct ak_kobj *obj; /* NULL once deleted */
    struct ak_taint *taints;
    size_t ntaints;
    struct noexec *ne;
    size_t nne;
    unsigned char ip_used[256];
    int cidr_a, cidr_b, cidr_c; /* podCIDR a.b.c.0/24 */
    char ip[16];                /* InternalIP (IPv4) */
    struct podsched *pods; /* bound pods */
    size_t npods;
    struct nodeinfo *gone_next;
    uint64_t ca_rv;         /* ak_kscale.c: scale-down-disabled as of this resourceVersion */
    bool ca_disabled;
    /* ak_kpress.c: the node or its pods changed since its last round (the kubelet's
     * eviction manager), which saw its instance at press_igen and may have depended on time */
    bool press_dirty, press_timed;
    uint64_t press_igen;
    /* ak_kpress.c: the last disk measure (kpress_disk), kept while the node, its pods and its
     * instance stay as they were and no pod writes */
    bool disk_memo;
    uint64_t disk_seq, disk_igen;
    int64_t disk_used, disk_cap, disk_pn_imgs;
    uint64_t change_seq;    /* new (cluster-wide unique) whenever the node or its pods change:
                             * ak_kscale.c brings its simulation up to date on it */
};

struct pheap {
    struct podsched **v;
    size_t n, cap;
};

struct rmemo {
    const void *obj;
    uint64_t key;
};

struct kcs {
    struct ak_kctrl *ctrl;
    struct ak_kcluster *kc;
    struct ak_sched *sched;
    struct ak_timer timer;
    /* reconcile memo of Deployments and ReplicaSets: object -> what it last saw (its own and its
     * dependents' resourceVersions); an object whose memo matches has nothing to do */
    struct rmemo *memo;
    size_t nmemo, capmemo;
    bool memo_skip;
    uint64_t change_ctr;  /* nodeinfo.change_seq */
    uint64_t next_pod_id;
    struct psview *views[1024]; /* shared pod spec views by spec hash */
    struct nodeinfo **by_id; /* by scheduler node id */
    size_t cap_id;
    struct nodeinfo *gone;   /* deleted nodes whose pods are still to collect */
    struct ak_kobj *wq_head, *wq_tail;
    struct ak_kobj *nq_head, *nq_tail;
    struct pheap active, timers;
    struct podsched *unsched;
    size_t nunsched;
    int64_t unsched_flush_ms;
    bool retry_unsched; /* a node or a pod changed: the unschedulable pods get another try */
    bool ns_dirty;      /* a namespace is terminating */
    bool nodes_dirty;   /* the CoreDNS ladder */
    bool in_pass;
    int64_t pass_start_ns;
    bool addons_done;
    struct klife *life; /* ak_klife.c */
    struct kscale *scale; /* ak_kscale.c */
    struct kpress *press; /* ak_kpress.c */
};

struct ak_kctrl {
    struct ak_kworld *w;
    struct ak_loop *loop;
};


/* helpers of ak_kctrl.c */
int64_t kc_now(struct kcs *cs);
struct nodeinfo *kc_node_info(struct kcs *cs, const char *name);
struct podsched *kc_ps_of(struct kcs *cs, struct ak_kobj *pod);
bool kc_pod_terminal(const struct ak_kobj *pod);
bool kc_pod_ready(const struct ak_kobj *pod);
void kc_ev(struct kcs *cs, const struct ak_kobj *o, const char *type, const char *reason,
           const char *component, const char *host, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
void kc_delete_pod(struct kcs *cs, struct ak_kobj *p);
/* A graceful delete (see ak_kctrl.c): Terminating until the containers stopped. */
void kc_terminate_pod(struct kcs *cs, struct ak_kobj *pod);
/* The eviction subresource's rules; on a PDB refusal (429) *pdb is the budget. */
int kc_evict(struct kcs *cs, struct ak_kobj *pod, bool dry_run, struct ak_err *err, char *cause,
             size_t causelen, struct ak_kobj **pdb);
void kc_kick(struct kcs *cs);
/* The pod as the scheduler sees it (scratch: valid until the next call). */
struct ak_sched_pod kc_pod_sp(const struct podsched *ps);
/* The DaemonSet pods that a node with these labels and taints would run: their requests are
 * added to *sum, their number to *npods. */
void kc_ds_requests(struct kcs *cs, const struct ak_kvs *labels, const struct ak_taint *taints, size_t ntaints,
                    struct ak_sched_res *sum, int *npods);

/* The kubelet evicts a pod (node pressure): Failed, reason Evicted, the message; a Warning
 * Evicted event on the pod. The pod's resources are released. */
void kc_kubelet_evict(struct kcs *cs, struct podsched *ps, const char *message);
/* Adds (on) or removes a node taint; value NULL: a taint without value. */
void kc_node_taint(struct kcs *cs, struct ak_kobj *node, const char *key, const char *value,
                   const char *effect, bool on);
/* The kubelet's test of critical pods (static, mirror, priority >= system-cluster-critical). */
bool kc_pod_critical(const struct podsched *ps);

/* ak_kpress.c: the kubelet's node-pressure eviction (OS disk, memory) */
void kpress_init(struct kcs *cs);
void kpress_free(struct kcs *cs);
/* One eviction-manager round when due; returns the next due time (INT64_MAX: none). */
int64_t kpress_pass(struct kcs *cs);
void kpress_node_gone(struct kcs *cs, const char *name);
/* The node's OS disk was re-imaged (auto-repair reimage / redeploy): back to the image. */
void kpress_reimaged(struct kcs *cs, const char *name);
/* The kubelet's admission of a pod on a node under pressure: NULL (admitted) or the
 * rejection message ("The node had condition: [DiskPressure]. "), valid until the next call. */
const char *kpress_admit(struct kcs *cs, struct podsched *ps, const struct ak_kobj *node);
void kpress_pod_free(struct podsched *ps);
/* The kubelet's summary (stats/summary): the node's and its running pods' memory and disk. */
json_t *kpress_summary(struct kcs *cs, struct nodeinfo *ni);
/* The node's OS disk as its summary shows it: bytes used and capacity; false if unknown. */
bool kpress_disk(struct kcs *cs, struct nodeinfo *ni, int64_t *used, int64_t *cap);

/* ak_kscale.c: the cluster autoscaler */
void kscale_init(struct kcs *cs);
void kscale_free(struct kcs *cs);
/* One scan when due; returns the next due time (INT64_MAX: no autoscaled pool). */
int64_t kscale_pass(struct kcs *cs);
/* klife's drain for the autoscaler ended: ok (the node is empty) or failed */
void kscale_drained(struct kcs *cs, const char *node, bool ok);

/* ak_klife.c */
void klife_init(struct kcs *cs);
void klife_free(struct kcs *cs);
/* One step of the life-cycle work of a pass; returns the next due time (INT64_MAX: none). */
int64_t klife_pass(struct kcs *cs);
void klife_node_gone(struct kcs *cs, const char *name);
/* after every sync of the cluster's nodes with ARM */
void klife_synced(struct kcs *cs);
/* The autoscaler's drain of a node: no cordon (the caller taints), evictions under PDBs,
 * given up after timeout_ms (emulated); ends with kscale_drained. */
void klife_drain_for_autoscaler(struct kcs *cs, const char *node, int64_t timeout_ms);
bool klife_draining(struct kcs *cs, const char *node);
/* ARM hooks, registered by ak_kctrl_new */
void klife_register(struct ak_kctrl *c);

#endif
