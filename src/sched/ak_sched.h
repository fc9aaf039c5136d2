/* ak_sched.h - the scheduler core: kube-scheduler's default profile over a data-oriented
 * node table. Pure: no I/O, no clock, no global state; randomness from a seeded PRNG.
 *
 * What it decides, in kube-scheduler's order (default plugins, Kubernetes 1.30-1.34):
 *   PreFilter  NodeAffinity: required terms that all pin metadata.name (DaemonSet pods)
 *              restrict the candidates; the others count as
 *              "node(s) didn't satisfy plugin(s) [NodeAffinity]".
 *   Filter     NodeUnschedulable -> NodeName -> TaintToleration -> NodeAffinity ->
 *              NodeResourcesFit; a node reports the reasons of its first failing plugin.
 *   Score      TaintToleration (PreferNoSchedule, weight 3), NodeAffinity preferred terms
 *              (weight 2), NodeResourcesFit LeastAllocated cpu+memory (weight 1),
 *              NodeResourcesBalancedAllocation cpu+memory (weight 1); DefaultNormalizeScore.
 *   Select     highest total; ties broken by reservoir sampling with the seeded PRNG, so a
 *              run is reproducible from (inputs, seed). One feasible node: taken unscored.
 *   PostFilter DefaultPreemption: victims with lower priority, PDB-aware (callback),
 *              kube-scheduler's candidate order.
 * Not modelled (no data for them here): NodePorts, volume plugins, PodTopologySpread and its
 * system-default spreading, InterPodAffinity, ImageLocality, nominated pods, extenders.
 *
 * Data layout (ARCHITECTURE.md §5): node i is a slot index into struct-of-arrays columns
 * (allocatable, requested, non-zero requested, pod count); every label key is a column of
 * interned value ids; every distinct taint is a bit in per-node taint words, so "does the
 * pod tolerate this node" is (taints[w][i] & untolerated[w]) == 0 for w < ceil(taints/64);
 * (key,value) pairs keep sorted node lists used to drive candidate iteration for
 * nodeSelector / single-value In affinity. Scheduling a pod compiles it once (interned ids,
 * masks) into scratch space owned by the scheduler, then costs O(candidate nodes) with no
 * allocation per node and none per pod in steady state.
 *
 * Known differences from kube-scheduler (besides the plugins not modelled):
 *   - nodes are visited in slot order, not the zone-interleaved nodeTree order; with
 *     AK_SCHED_SCORE_ADAPTIVE the round-robin start index counts slots;
 *   - ties are broken with the seeded PRNG (reservoir sampling, as selectHost did) instead of
 *     Go's math/rand; preemption's last tie-break ("first node") is the first candidate in
 *     discovery order where Go iterates a map;
 *   - nominated pods, terminating pods, NodePorts and volumes are not taken into account;
 *   - an invalid preferred term is ignored (kube-scheduler fails the cycle with an error);
 *   - PDBs are the caller's, through ak_sched_pdb_fn.
 *
 * Node ids are slot indices, stable for the life of the node; a removed node's id is reused
 * by a later node. Ownership: every function borrows its arguments and copies what it keeps.
 * One thread uses a scheduler at a time.
 */
#ifndef AK_SCHED_H
#define AK_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/ak_labels.h"
#include "../util/ak_buf.h"
#include "../util/ak_str.h"

#define AK_SCHED_DEFAULT_MILLI_CPU 100                   /* schedutil.DefaultMilliCPURequest */
#define AK_SCHED_DEFAULT_MEMORY (200LL * 1024 * 1024)    /* schedutil.DefaultMemoryRequest */
#define AK_SCHED_MAX_NODE_SCORE 100
/* Quantities above this (2^53: 9 PB of memory, 9 billion cores) are rejected with AK_EINVAL
 * so that sums never overflow and stay exact in float64 like Go's. */
#define AK_SCHED_MAX_QTY (1LL << 53)

struct ak_sched;

/* ---- resources ---------------------------------------------------------------------------- */

struct ak_sched_ext {
    const char *name; /* extended / scalar resource, e.g. "nvidia.com/gpu", "hugepages-2Mi" */
    int64_t qty;      /* integer units */
};

/* Node allocatable, or a pod's effective request (resource.PodRequests: max over init
 * containers vs sum of containers, plus overhead - the caller computes it). */
struct ak_sched_res {
    int64_t cpu_m; /* millicores */
    int64_t mem;   /* bytes */
    int64_t eph;   /* ephemeral-storage bytes */
    int64_t pods;  /* node: allocatable pod slots; ignored for pods (a pod takes one) */
    const struct ak_sched_ext *ext;
    size_t n_ext;
};

/* ---- tolerations --------------------------------------------------------------------------- */

enum ak_sched_tol_op { AK_TOL_EQUAL = 0, AK_TOL_EXISTS, AK_TOL_INVALID };
/* "" and "Equal" -> EQUAL, "Exists" -> EXISTS, anything else -> INVALID (tolerates nothing). */
enum ak_sched_tol_op ak_sched_tol_op_parse(const char *s);

struct ak_sched_toleration {
    const char *key;    /* NULL / "" = every key (meaningful with Exists) */
    enum ak_sched_tol_op op;
    const char *value;  /* Equal only */
    const char *effect; /* NULL / "" = every effect */
    bool has_seconds;   /* tolerationSeconds (NoExecute eviction delay): carried for callers, */
    int64_t seconds;    /* scheduling ignores it */
};

/* v1.Toleration.ToleratesTaint: effect empty or equal; key empty or equal; Exists matches any
 * value, Equal needs the same value. */
bool ak_sched_tolerates(const struct ak_sched_toleration *t, const struct ak_taint *taint);
bool ak_sched_tolerations_tolerate(const struct ak_sched_toleration *t, size_t n,
                                   const struct ak_taint *taint);
enum {
    AK_SCHED_EFFECT_NO_SCHEDULE = 1 << 0,
    AK_SCHED_EFFECT_PREFER_NO_SCHEDULE = 1 << 1,
    AK_SCHED_EFFECT_NO_EXECUTE = 1 << 2,
};
/* FindMatchingUntoleratedTaint: the first taint (in node order) whose effect is in
 * effect_mask and that no toleration tolerates; NULL if none. */
const struct ak_taint *ak_sched_untolerated_taint(const struct ak_taint *taints, size_t n_taints,
                                                  const struct ak_sched_toleration *tols,
                                                  size_t n_tols, unsigned effect_mask);

/* ---- node affinity --------------------------------------------------------------------------- */

enum ak_nsel_op {
    AK_NSEL_IN = 0,
    AK_NSEL_NOTIN,
    AK_NSEL_EXISTS,
    AK_NSEL_DOES_NOT_EXIST,
    AK_NSEL_GT,
    AK_NSEL_LT,
    AK_NSEL_INVALID,
};
enum ak_nsel_op ak_nsel_op_parse(const char *s); /* "In", "NotIn", ..., "Gt", "Lt" */

struct ak_sched_nsel_req {
    const char *key;
    enum ak_nsel_op op;
    const char *const *values;
    size_t n_values;
};

/* A NodeSelectorTerm: matchExpressions AND'ed, matchFields AND'ed (only "metadata.name" is a
 * node field; In / NotIn with exactly one value). As in kube-scheduler, an empty term selects
 * nothing and a term with an invalid requirement (unknown operator, wrong value count,
 * non-integer Gt/Lt, invalid label key/value) is ignored. */
struct ak_sched_nsel_term {
    const struct ak_sched_nsel_req *exprs;
    size_t n_exprs;
    const struct ak_sched_nsel_req *fields;
    size_t n_fields;
};

struct ak_sched_pref_term {
    int32_t weight; /* 1..100; 0 = ignored */
    struct ak_sched_nsel_term pref;
};

/* ---- pods ------------------------------------------------------------------------------------ */

struct ak_sched_pod {
    uint64_t id;             /* caller's key: echoed in victims, used by ak_sched_unassign */
    struct ak_sched_res req; /* effective requests (see struct ak_sched_res) */
    /* NonZeroRequested for LeastAllocated scoring: containers without a cpu / memory request
     * count as 100m / 200Mi each. 0 = derive from req (0 -> the default, else req). */
    int64_t nz_cpu_m, nz_mem;
    const struct ak_kvs *node_selector; /* spec.nodeSelector, NULL = none */
    /* requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms (OR'ed). Present when
     * n_required > 0 or has_required (present but empty selects no node). */
    const struct ak_sched_nsel_term *required;
    size_t n_required;
    bool has_required;
    const struct ak_sched_pref_term *preferred; /* preferredDuringScheduling... */
    size_t n_preferred;
    const struct ak_sched_toleration *tolerations;
    size_t n_tolerations;
    int32_t priority;   /* spec.priority (PriorityClass value) */
    bool preempt_never; /* preemptionPolicy: Never */
    int64_t start_time; /* status.startTime, any monotonic unit (victim ordering) */
    /* spec.nodeName preset: the pod never reaches kube-scheduler; the kubelet admits it or
     * rejects it (resources, node affinity, NoExecute taints). ak_sched_schedule then returns
     * AK_SCHED_FIT / AK_SCHED_REJECTED / AK_SCHED_NO_SUCH_NODE for that node. */
    const char *node_name;
    /* DaemonSet pod: the caller passes the DaemonSet controller's node affinity
     * (matchFields metadata.name In [node]) in `required`; the scheduler also treats the pod
     * as tolerating what the DaemonSet controller adds to every daemon pod:
     * node.kubernetes.io/{not-ready,unreachable}:NoExecute and
     * node.kubernetes.io/{disk-pressure,memory-pressure,pid-pressure,unschedulable}:NoSchedule. */
    bool daemonset;
};

/* ---- options ---------------------------------------------------------------------------------- */

enum ak_sched_nodes_to_score {
    /* Filter and score every node. The default: it is what kube-scheduler does below 100
     * nodes (every AKS cluster a developer emulates), placements do not depend on a
     * round-robin start index, and the table is fast enough that 5,000 nodes cost
     * microseconds. */
    AK_SCHED_SCORE_ALL = 0,
    /* percentageOfNodesToScore unset: stop filtering after max(100, N * max(5, 50 - N/125)
     * / 100) feasible nodes, continuing round-robin from where the previous pod stopped. */
    AK_SCHED_SCORE_ADAPTIVE,
    AK_SCHED_SCORE_PERCENT, /* the same with a configured percentage (opts.percentage;
                             * <= 0 means adaptive, >= 100 means every node) */
};

/* Preemption asks the caller which potential victims would violate a PodDisruptionBudget.
 * pods[] is ordered most important first (priority desc, then start time asc). Mark
 * violating[i] = true as kube-scheduler's filterPodsWithPDBViolation does: for each pod in
 * order and each matching PDB (same namespace, non-empty selector matching the pod's
 * labels, pod not in status.disruptedPods) decrement a local copy of disruptionsAllowed;
 * the pod violates if any of its budgets went below zero. Return 0, or <0 to ignore PDBs. */
typedef int (*ak_sched_pdb_fn)(void *ud, const uint64_t *pods, size_t n, bool *violating);

struct ak_sched_opts {
    enum ak_sched_nodes_to_score nodes_to_score;
    int percentage; /* AK_SCHED_SCORE_PERCENT: 1..100 */
    uint64_t seed;  /* PRNG seed (ties, preemption offset) */
    /* Version knobs; defaults follow Kubernetes 1.32 (the default AKS version here). */
    bool taint_msg_generic;     /* 1.35+: "node(s) had untolerated taint(s)" (no {k: v}) */
    bool preempt_double_period; /* releases that end "... for scheduling.." */
    bool fit_unresolvable;      /* 1.34+ (kubernetes#131345): a request above allocatable
                                 * is UnschedulableAndUnresolvable (no preemption) */
    bool balanced_skip_best_effort; /* BalancedAllocation skips pods with no cpu/mem request
                                     * (kubernetes#129138, 1.33+); default true */
    int min_candidate_pct; /* DefaultPreemption minCandidateNodesPercentage, default 10 */
    int min_candidate_abs; /* minCandidateNodesAbsolute, default 100 */
    ak_sched_pdb_fn pdb;
    void *pdb_ud;
};
void ak_sched_opts_init(struct ak_sched_opts *o);

/* NULL opts = defaults. Never NULL (allocation failure is fatal). */
struct ak_sched *ak_sched_new(const struct ak_sched_opts *opts);
void ak_sched_free(struct ak_sched *s);

/* ---- nodes ------------------------------------------------------------------------------------ */

/* Adds node `name` or updates it in place (resource sums and pod records are kept).
 * The taints are the node's spec.taints in order; pass the not-ready / unreachable taints
 * of a NotReady node here (the node lifecycle controller's job): like kube-scheduler, the
 * scheduler itself does not look at `ready` (kept for callers). Returns the node id (>= 0)
 * or AK_EINVAL (empty name, negative allocatable, unknown taint effect). */
int32_t ak_sched_node_upsert(struct ak_sched *s, const char *name, const struct ak_kvs *labels,
                             const struct ak_taint *taints, size_t n_taints,
                             const struct ak_sched_res *allocatable, bool unschedulable,
                             bool ready);
/* Removes the node and forgets the pods assigned to it. 0 or AK_ENOENT. */
int ak_sched_node_remove(struct ak_sched *s, int32_t node);
int32_t ak_sched_node_find(const struct ak_sched *s, const char *name); /* id or AK_ENOENT */
const char *ak_sched_node_name(const struct ak_sched *s, int32_t node); /* NULL if none */
size_t ak_sched_node_count(const struct ak_sched *s);

struct ak_sched_node_usage {
    int64_t alloc_cpu_m, alloc_mem, alloc_eph, alloc_pods;
    int64_t req_cpu_m, req_mem, req_eph, pods; /* sums over assigned pods */
    int64_t nz_cpu_m, nz_mem;                  /* non-zero sums (scoring) */
    bool unschedulable, ready;
};
int ak_sched_node_usage(const struct ak_sched *s, int32_t node, struct ak_sched_node_usage *out);
/* Allocatable and requested amount of an extended resource (0 / 0 if unknown). */
int ak_sched_node_ext(const struct ak_sched *s, int32_t node, const char *name, int64_t *alloc,
                      int64_t *requested);

/* ---- resource accounting ---------------------------------------------------------------------- */

/* Adds the pod's requests to the node and keeps a small record (id, priority, start time,
 * requests) for ak_sched_unassign and preemption. Which pods exist and where they run is the
 * caller's bookkeeping; the sums are the scheduler's. AK_ENOENT (node), AK_EEXIST (id already
 * on that node), AK_EINVAL (negative request). A node may be overcommitted this way (pods
 * with spec.nodeName, allocatable shrinking): it then fits nothing until pods leave. */
int ak_sched_assign(struct ak_sched *s, int32_t node, const struct ak_sched_pod *pod);
int ak_sched_unassign(struct ak_sched *s, int32_t node, uint64_t pod_id); /* 0 / AK_ENOENT */

/* ---- scheduling ---------------------------------------------------------------------------------- */

enum ak_sched_status {
    AK_SCHED_FIT = 0,       /* node chosen (or, with node_name, admitted): bind it */
    AK_SCHED_UNSCHEDULABLE, /* PodScheduled=False reason Unschedulable; message set */
    AK_SCHED_NOMINATED,     /* preemption: delete victims, set status.nominatedNodeName=node,
                             * retry later; message = the FailedScheduling text */
    AK_SCHED_NO_NODES,      /* "no nodes available to schedule pods" */
    AK_SCHED_REJECTED,      /* node_name preset, kubelet admission failed: pod phase Failed,
                             * status.reason = reason, status.message = message */
    AK_SCHED_NO_SUCH_NODE,  /* node_name preset names no node */
};

/* Why nodes were rejected, one entry per distinct reason string (FitError histogram). */
enum ak_sched_reason_code {
    AK_SCHED_R_UNSCHEDULABLE = 0, /* node(s) were unschedulable */
    AK_SCHED_R_TAINT,             /* node(s) had untolerated taint {k: v} */
    AK_SCHED_R_AFFINITY,          /* node(s) didn't match Pod's node affinity/selector */
    AK_SCHED_R_PREFILTER,         /* node(s) didn't satisfy plugin(s) [NodeAffinity] */
    AK_SCHED_R_TOO_MANY_PODS,
    AK_SCHED_R_CPU,
    AK_SCHED_R_MEMORY,
    AK_SCHED_R_EPHEMERAL,
    AK_SCHED_R_EXTENDED, /* Insufficient <name> */
};
struct ak_sched_reason_count {
    enum ak_sched_reason_code code;
    const char *text; /* exact reason string; points into the result */
    uint32_t count;
};

struct ak_sched_victim {
    uint64_t id;
    int32_t priority;
    int64_t start_time;
};

struct ak_sched_result {
    enum ak_sched_status status;
    int32_t node;   /* FIT / NOMINATED / REJECTED: the node; -1 otherwise */
    int64_t score;  /* FIT: the chosen node's total score; -1 if taken without scoring */
    uint32_t n_all;       /* nodes in the snapshot */
    uint32_t n_evaluated; /* nodes run through the filters */
    uint32_t n_feasible;
    /* UNSCHEDULABLE / NOMINATED: the filter histogram (sorted as in the message) */
    struct ak_sched_reason_count *counts;
    size_t n_counts, cap_counts;
    /* UNSCHEDULABLE / NOMINATED: the full FailedScheduling message (the Event note is this
     * truncated to 1024 bytes with " ..." - the caller's job). REJECTED: the kubelet's
     * admission message. NO_NODES: "no nodes available to schedule pods". */
    struct ak_buf message;
    char reason[64]; /* REJECTED: "OutOfcpu", "OutOfmemory", "OutOfpods", "NodeAffinity",
                      * "TaintToleration", ...; UNSCHEDULABLE/NOMINATED: "Unschedulable" */
    /* NOMINATED: the pods to evict, most important first */
    struct ak_sched_victim *victims;
    size_t n_victims, cap_victims;
    uint32_t pdb_violations; /* NOMINATED: victims whose eviction violates a PDB */
    struct ak_buf texts_;    /* private: storage for counts[].text */
};
void ak_sched_result_init(struct ak_sched_result *r); /* no allocation */
void ak_sched_result_release(struct ak_sched_result *r);

/* Decides where the pod goes. Does not assign it: after binding, call ak_sched_assign().
 * Reuse one result across calls: it keeps its buffers. 0, or AK_EINVAL for malformed input
 * (negative requests). */
int ak_sched_schedule(struct ak_sched *s, const struct ak_sched_pod *pod,
                      struct ak_sched_result *out);

/* ---- introspection (tests, benchmarks) ---------------------------------------------------------- */

/* Bytes held by the scheduler's own tables (node columns, interning, postings, records,
 * scratch). */
size_t ak_sched_mem_bytes(const struct ak_sched *s);
/* Recomputes every node's sums from its pod records and checks the columns, the label
 * columns and the taint bits against the per-node lists. 0 or AK_EIO. */
int ak_sched_validate(const struct ak_sched *s);

#endif
