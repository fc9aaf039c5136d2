/* ak_state.h - the in-memory world of the ARM side: subscriptions' resource groups,
 * managed clusters, their agent pools, each pool's scale set and its instances, and the
 * long-running operations. One thread owns it.
 *
 * Changes follow one path: mutate the objects, ak_state_touch() each changed object, then
 * ak_state_commit(), which writes the whole change to the store in one transaction. Only
 * after commit returns 0 may a response be sent. If the store fails, the in-memory state is
 * reloaded from the store (which rolled back), so nothing half-written survives anywhere.
 *
 * Ownership: the state owns every object; pointers handed out are borrowed and valid until
 * the next commit or reload. Deleted objects are freed at commit time. */
#ifndef AK_STATE_H
#define AK_STATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/ak_pool.h"
#include "../store/ak_store.h"
#include "../util/ak_err.h"
#include "../util/ak_rand.h"

struct ak_state;
struct ak_cluster;
struct ak_pool;

enum ak_kind { AK_K_RG, AK_K_CLUSTER, AK_K_POOL, AK_K_INST, AK_K_OP, AK_K_META };

struct ak_instance {
    struct ak_pool *pool;
    int64_t id;
    char vm_id[37];
    char prov_state[24]; /* Creating | Succeeded | Deleting | Failed */
    char power[24];      /* starting | running | deallocating | deallocated | stopped */
    int64_t created_ms;
    char zone[4];
    int fault_domain;
    /* the life of the instance (all persisted) */
    int64_t down_ms;       /* its kubelet stopped posting at this time (0: posting) */
    char fault[16];        /* "" | "unhealthy": injected, the node goes NotReady until repaired */
    int64_t evict_at_ms;   /* a spot eviction is due at this time (0: none) */
    char event_id[37];     /* the scheduled event (Preempt, Reboot, Redeploy) announcing it */
    char event_type[12];
    char status_code[64];  /* an extra instance-view status, e.g. a provisioning failure */
    char status_msg[256];
    /* the OS disk (ak_kpress.c): bytes the node holds outside its pods */
    int64_t disk_data;     /* written through hostPath volumes by pods that are gone */
    int64_t disk_fill;     /* injected (aksemu fault disk-fill) */
    bool disk_gc;          /* the VHD's cached images were garbage-collected */
    bool disk_full;        /* the disk reached 100 %: the kubelet stopped (fault "reimage") */
    uint64_t touch_gen;    /* the state's generation at its last ak_state_touch() (not stored) */
};

/* Faults injected into a pool (aksemu fault ...); persisted with the pool. */
struct ak_pool_faults {
    int fail_next;          /* the next N new instances fail provisioning (CSE) */
    int fail_exit;          /* with this CSE exit status (default 50: outbound connectivity) */
    int64_t slow_ms;        /* operations that create instances take this much longer */
    double evict_per_hour;  /* spot pools: evictions per node and hour (0: none) */
    double *prices;         /* spot price series (USD/hour), one value per price_step_ms */
    size_t nprices;
    int64_t price_step_ms, price_start_ms;
};

struct ak_pool {
    struct ak_cluster *cluster;
    uint64_t touch_gen; /* the state's generation at its last ak_state_touch() (not stored) */
    char *name, *id;
    char suffix[9];
    char vmss_name[96];
    struct ak_pool_spec spec; /* effective (all defaults filled) */
    json_t *extra;            /* pass-through properties */
    char prov_state[24];      /* Creating | Updating | Scaling | Deleting | Succeeded | Failed */
    char *op_id;              /* operation in progress, or NULL */
    char vmss_unique_id[37];
    char create_op_id[37];
    int64_t created_ms;
    struct ak_instance **inst;
    size_t ninst, capinst;
    int64_t next_instance_id;
    struct ak_pool_faults fault;
    int64_t evictions;        /* spot evictions since the daemon started (not persisted) */
};

struct ak_cluster {
    struct ak_rg *rg;
    char *name, *id, *location;
    char *node_rg;
    char *k8s_version; /* full x.y.z */
    char *dns_prefix, *fqdn, *portal_fqdn;
    char prov_state[24];
    char power[16];
    char *op_id;
    json_t *tags;  /* object or NULL */
    json_t *props; /* pass-through ManagedClusterProperties (networkProfile, linuxProfile, ...) */
    json_t *identity;
    json_t *sku;
    char kube_id[17];         /* path segment of the cluster's Kubernetes API */
    char user_token[65], admin_token[65];
    char principal_id[37], kubelet_client_id[37], kubelet_object_id[37];
    int64_t created_ms;
    struct ak_pool **pools;
    size_t npools, cappools;
};

struct ak_rg {
    char *sub, *name, *id, *location;
    json_t *tags;
    char *managed_by; /* cluster id for node resource groups */
    char prov_state[24];
    char *op_id;
    struct ak_cluster **clusters;
    size_t nclusters, capclusters;
};

/* Operations are indexed by id, due and end time: change status, due_ms and end_ms only
 * through ak_state_op_start() / ak_state_op_finish(). */
struct ak_op {
    char id[37];
    char kind[24];    /* pool.create, pool.update, pool.delete, cluster.*, rg.delete */
    char *target;     /* id of the resource */
    char *location;
    char status[16];  /* InProgress | Succeeded | Failed | Canceled */
    int64_t start_ms, end_ms, due_ms;
    char *err_code, *err_msg;
};

#define AK_OP_RETENTION_MS (24 * 3600 * 1000LL)
#define AK_OP_MAX_FINISHED ((size_t)10000)

struct ak_state_config {
    const char *subscription_id;
    const char *subscription_name;
    const char *tenant_id;
    int64_t provision_ms; /* how long an operation stays in progress */
    uint64_t seed;        /* ids, tokens and random choices; 0: from the OS (the simulator
                           * seeds it so that a run is reproducible) */
    /* finished operations are dropped op_retention_ms after they ended, and beyond the newest
     * op_max_finished the oldest first (0: AK_OP_RETENTION_MS, AK_OP_MAX_FINISHED); a poll of a
     * dropped one answers 404 NotFound */
    int64_t op_retention_ms;
    size_t op_max_finished;
};

struct ak_state *ak_state_new(struct ak_store *store, const struct ak_state_config *cfg,
                              int64_t (*now_ms)(void *), void *now_ud);
void ak_state_free(struct ak_state *st);
/* Loads everything from the store (at start-up, and after a failed commit). */
int ak_state_load(struct ak_state *st, struct ak_err *err);

const struct ak_state_config *ak_state_config(const struct ak_state *st);
int64_t ak_state_now(const struct ak_state *st);
struct ak_rand *ak_state_rand(struct ak_state *st);
uint64_t ak_state_revision(const struct ak_state *st);
/* Bumped by every ak_state_touch()/ak_state_remove(), before the commit: a controller that saw
 * the same generation (and the same Kubernetes resourceVersion) may skip work that depends on
 * nothing else. */
uint64_t ak_state_generation(const struct ak_state *st);

/* ---- the change path ---- */
/* Another owner of durable objects (the Kubernetes object stores) joins every commit:
 * flush() writes its pending changes into the open store transaction and returns 0 or an
 * error; done(ok) is called after the transaction committed (ok) or rolled back (!ok); reload()
 * re-reads its objects after a failed commit. */
struct ak_state_participant {
    int (*flush)(void *ud, struct ak_store *store);
    void (*done)(void *ud, bool ok);
    int (*reload)(void *ud, struct ak_store *store);
    bool (*dirty)(void *ud);
    void *ud;
};
void ak_state_add_participant(struct ak_state *st, const struct ak_state_participant *p);
struct ak_store *ak_state_store(struct ak_state *st);

void ak_state_touch(struct ak_state *st, enum ak_kind kind, void *obj);
void ak_state_remove(struct ak_state *st, enum ak_kind kind, void *obj); /* deleted at commit */
int ak_state_commit(struct ak_state *st, struct ak_err *err);
bool ak_state_dirty(const struct ak_state *st);

/* ---- lookups (names compared case-insensitively) ---- */
bool ak_state_sub_known(const struct ak_state *st, const char *sub);
struct ak_rg *ak_state_rg(struct ak_state *st, const char *sub, const char *name);
size_t ak_state_rg_count(const struct ak_state *st);
struct ak_rg *ak_state_rg_at(struct ak_state *st, size_t i);
struct ak_cluster *ak_state_cluster(struct ak_state *st, const char *sub, const char *rg,
                                    const char *name);
struct ak_pool *ak_state_pool(struct ak_cluster *c, const char *name);
/* The cluster whose node resource group is `node_rg`. */
struct ak_cluster *ak_state_cluster_by_node_rg(struct ak_state *st, const char *sub,
                                               const char *node_rg);
struct ak_cluster *ak_state_cluster_by_kube_id(struct ak_state *st, const char *kube_id);
struct ak_pool *ak_state_pool_by_vmss(struct ak_cluster *c, const char *vmss_name);
struct ak_instance *ak_state_instance(struct ak_pool *p, int64_t id);
/* The instance behind a node name (aks-<pool>-<suffix>-vmss<6 base-36 digits>), NULL if none. */
struct ak_instance *ak_state_instance_of_node(const struct ak_cluster *c, const char *node);
struct ak_op *ak_state_op(struct ak_state *st, const char *id);
size_t ak_state_op_count(const struct ak_state *st);
struct ak_op *ak_state_op_at(struct ak_state *st, size_t i);

/* ---- mutations (validation done by the caller, except where noted) ---- */
struct ak_rg *ak_state_rg_create(struct ak_state *st, const char *sub, const char *name,
                                 const char *location);
struct ak_cluster *ak_state_cluster_create(struct ak_state *st, struct ak_rg *rg,
                                           const char *name, const char *location);
struct ak_pool *ak_state_pool_create(struct ak_state *st, struct ak_cluster *c,
                                     const char *name);
/* Sets the instance set of a pool to `count` (adds ids above the highest, marks the highest
 * ones Deleting). New instances start Creating. */
void ak_state_pool_resize(struct ak_state *st, struct ak_pool *p, int count);
struct ak_op *ak_state_op_start(struct ak_state *st, const char *kind, const char *target,
                                const char *location, int64_t duration_ms);
/* Called after every ak_state_op_start (the daemon re-arms its operations timer). */
void ak_state_set_op_hook(struct ak_state *st, void (*fn)(void *ud), void *ud);
void ak_state_op_finish(struct ak_state *st, struct ak_op *op, const char *status,
                        const char *code, const char *msg);
void ak_state_pool_delete(struct ak_state *st, struct ak_pool *p);
void ak_state_cluster_delete(struct ak_state *st, struct ak_cluster *c);
void ak_state_rg_delete(struct ak_state *st, struct ak_rg *rg);
/* Counts over a cluster, excluding `except` and pools being deleted. */
void ak_state_cluster_counts(const struct ak_cluster *c, const struct ak_pool *except,
                             int *pools, int *system_pools, int *nodes);
/* Node count that the pool has now (instances not being deleted). */
int ak_state_pool_live_instances(const struct ak_pool *p);
/* deallocated (or deallocating) instances that are kept: scaleDownMode Deallocate, and spot
 * pools with the Deallocate eviction policy */
int ak_state_pool_parked_instances(const struct ak_pool *p);
bool ak_state_instance_parked(const struct ak_instance *in);
/* being deleted or deallocated by the pool's operation */
bool ak_state_instance_leaving(const struct ak_instance *in);
/* A spot eviction happens: Delete removes the instance, Deallocate parks it; the pool's
 * count drops to the running instances. */
void ak_state_instance_evict(struct ak_state *st, struct ak_instance *in);
/* Schedules a spot eviction (a Preempt scheduled event) `notice_ms` from now; 0 or an
 * error (not spot, not running). */
int ak_state_schedule_eviction(struct ak_state *st, struct ak_instance *in, int64_t notice_ms,
                               struct ak_err *err);
/* The cluster autoscaler changes a pool's scale set directly (as CA does through the VMSS
 * API): the pool's count follows, its provisioning state does not change, and an operation of
 * kind AK_OP_AUTOSCALE (not the pool's op_id) brings the instances up or removes them.
 * Scale-up: new count (deallocated instances start first). Delete: that instance goes (the
 * caller drained it). */
#define AK_OP_AUTOSCALE "vmss.autoscale"
struct ak_op *ak_state_autoscale_up(struct ak_state *st, struct ak_pool *p, int count, int64_t duration_ms);
struct ak_op *ak_state_autoscale_delete(struct ak_state *st, struct ak_instance *in, int64_t duration_ms);
/* An operation in progress is due this much later (slow provisioning). */
void ak_state_op_delay(struct ak_state *st, struct ak_op *op, int64_t ms);
/* The pool's spot price series at now_ms (USD/h; -1: no series). The series' step is in
 * emulated time: `speed` times faster in real time. */
double ak_state_spot_price(const struct ak_pool *p, int64_t now_ms, double speed);
/* Drops the finished operations that ended more than older_than_ms ago, and the oldest
 * (by end time) beyond max_finished. */
void ak_state_gc_ops(struct ak_state *st, int64_t older_than_ms, size_t max_finished);

/* Run the completion step of every in-progress operation whose due time has passed;
 * returns the next due time (or INT64_MAX). */
/* A pool operation that removes instances (scale-in) completes only when the gate lets it:
 * the Kubernetes side drains the nodes first. WAIT re-checks at *retry_at_ms; FAIL ends the
 * operation Failed with (code, msg), the instances stay and the pool is Failed, as AKS leaves
 * a scale-in whose drain did not finish. */
enum ak_gate { AK_GATE_GO, AK_GATE_WAIT, AK_GATE_FAIL };
typedef enum ak_gate (*ak_pool_gate_fn)(void *ud, struct ak_pool *p, struct ak_op *op,
                                        int64_t *retry_at_ms, char *code, size_t codelen,
                                        char *msg, size_t msglen);
void ak_state_set_pool_gate(struct ak_state *st, ak_pool_gate_fn fn, void *ud);
int64_t ak_state_run_due_ops(struct ak_state *st, struct ak_err *err);
int64_t ak_state_next_due(const struct ak_state *st);
/* 0, or when background writers (controllers) should try to commit again after the store
 * failed (a full disk); it grows with each failure in a row, 0 after a commit succeeds */
int64_t ak_state_store_retry_ms(const struct ak_state *st);

#endif
