/* ak_pool.h - the node-pool spec and AKS's node-pool rules (pure: no I/O, no JSON).
 *
 * A spec decoded from a request carries has_* flags for what the client sent; the
 * validator turns (request, previous pool or NULL, cluster context) into the effective
 * pool with every server default filled, or an ARM error (status, code, message, target)
 * exactly as AKS words it. The rules and their sources are listed in docs/rules.md. */
#ifndef AK_POOL_H
#define AK_POOL_H

#include <stdbool.h>

#include "../util/ak_err.h"
#include "../util/ak_str.h"

#define AK_MAX_POOLS_PER_CLUSTER 100
#define AK_MAX_NODES_PER_POOL 1000
#define AK_MAX_NODES_PER_CLUSTER 5000
#define AK_SPOT_TAINT "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"
#define AK_SPOT_LABEL_KEY "kubernetes.azure.com/scalesetpriority"

struct ak_pool_spec {
    char *name;
    bool has_count;
    int count;
    char *vm_size;
    int os_disk_size_gb;        /* 0 = server default */
    char *os_disk_type;         /* Managed | Ephemeral | NULL */
    char *kubelet_disk_type;    /* OS | Temporary | NULL */
    int max_pods;               /* 0 = default */
    char *os_type;              /* Linux | Windows | NULL */
    char *os_sku;               /* Ubuntu | AzureLinux | CBLMariner | Windows2019 | Windows2022 */
    bool enable_auto_scaling;
    bool has_min_count, has_max_count;
    int min_count, max_count;
    char *scale_down_mode;      /* Delete | Deallocate */
    char *type;                 /* VirtualMachineScaleSets | AvailabilitySet */
    char *mode;                 /* System | User */
    char *orchestrator_version; /* "" / NULL = the control plane's */
    char *power_state;          /* Running | Stopped */
    char *priority;             /* Regular | Spot */
    char *eviction_policy;      /* Delete | Deallocate */
    bool has_spot_max_price;
    double spot_max_price;
    bool has_tags;
    struct ak_kvs tags;
    bool has_labels;
    struct ak_kvs labels;
    bool has_taints;
    struct ak_strs taints;
    struct ak_strs zones;
    bool enable_node_public_ip, enable_encryption_at_host, enable_ultra_ssd, enable_fips;
    char *max_surge;
};

/* What the validator needs to know about the cluster around the pool. */
struct ak_pool_ctx {
    const char *cluster_version; /* full x.y.z of the control plane */
    int other_pools;             /* pools in the cluster other than this one */
    int other_system_pools;      /* other pools in System mode (not being deleted) */
    int other_nodes;             /* nodes in the other pools */
    int default_max_pods;        /* 110 for kubenet, 250 for Azure CNI overlay, 30 for Azure CNI */
    bool in_cluster_create;      /* pool comes from a managedClusters PUT that creates it */
};

void ak_pool_spec_init(struct ak_pool_spec *s);
void ak_pool_spec_release(struct ak_pool_spec *s);
void ak_pool_spec_copy(struct ak_pool_spec *dst, const struct ak_pool_spec *src);

/* old == NULL: create. Writes the effective pool into *out (caller releases it).
 * Returns 0, or AK_EINVAL/AK_ECONFLICT with *err filled. */
int ak_pool_validate(const struct ak_pool_spec *req, const struct ak_pool_spec *old,
                     const struct ak_pool_ctx *ctx, struct ak_pool_spec *out,
                     struct ak_err *err);
/* May this pool be deleted? */
int ak_pool_check_delete(const struct ak_pool_spec *pool, const struct ak_pool_ctx *ctx,
                         struct ak_err *err);
bool ak_pool_is_spot(const struct ak_pool_spec *s);
bool ak_pool_is_system(const struct ak_pool_spec *s);
/* Name rule alone (used by the URL check before the body is read). */
int ak_pool_check_name(const char *name, bool windows, struct ak_err *err);

#endif
