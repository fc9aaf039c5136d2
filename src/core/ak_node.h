/* ak_node.h - nodes as AKS makes them: names, labels, taints, capacity and allocatable
 * (pure functions of the pool, the instance and the VM size; reference/aks-facts.md 2-3). */
#ifndef AK_NODE_H
#define AK_NODE_H

#include <stdint.h>

#include "ak_catalog.h"
#include "ak_pool.h"
#include "../util/ak_str.h"

/* "aks-<pool>-<8 digits>-vmss" (also the VMSS computerNamePrefix) */
void ak_vmss_name(const char *pool, const char *suffix8, char *out, size_t outlen);
/* 8 digits, stable for (cluster id, pool name) */
void ak_pool_suffix(const char *cluster_id, const char *pool, char out[9]);
/* "<prefix><6 base-36 digits>", lower-case */
void ak_node_name(const char *vmss_name, int64_t instance_id, char *out, size_t outlen);
/* "<vmss>_<decimal id>" */
void ak_instance_vm_name(const char *vmss_name, int64_t instance_id, char *out, size_t outlen);

struct ak_node_ctx {
    const char *node_rg;  /* MC_<rg>_<cluster>_<location> */
    const char *location; /* eastus */
    const char *zone;     /* "1".."3" or NULL for non-zonal */
    int fault_domain;     /* used as the zone label value on non-zonal pools */
    const char *node_name;
    const char *k8s_version;
};

/* All labels AKS writes, then the pool's own nodeLabels. */
void ak_node_labels(const struct ak_pool_spec *pool, const struct ak_vm_size *size,
                    const struct ak_node_ctx *ctx, struct ak_kvs *out);
/* The pool's taints (which already hold the spot taint on spot pools). */
void ak_node_taints(const struct ak_pool_spec *pool, struct ak_strs *out);

struct ak_node_resources {
    int64_t cpu_milli;     /* capacity */
    int64_t memory_ki;     /* capacity (kubelet view, slightly under the nominal size) */
    int64_t pods;
    int64_t ephemeral_ki;  /* OS disk as the kubelet sees it */
    int64_t gpus;
    int64_t alloc_cpu_milli;
    int64_t alloc_memory_ki;
    int64_t alloc_ephemeral_ki;
    int64_t kube_reserved_cpu_milli;
    int64_t kube_reserved_memory_mi;
    int64_t eviction_hard_memory_mi;
};

/* k8s_minor selects the memory reservation formula (>= 29 new, below regressive). */
void ak_node_resources(const struct ak_vm_size *size, int max_pods, int os_disk_gb,
                       int k8s_minor, struct ak_node_resources *out);
int64_t ak_kube_reserved_cpu_milli(int vcpu);
int64_t ak_kube_reserved_memory_mi(double memory_gib, int max_pods, int k8s_minor);

#endif
