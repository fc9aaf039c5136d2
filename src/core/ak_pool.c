/* ak_pool.c - AKS's node-pool rules. Every error here carries the ARM code and message
 * AKS answers with; where AKS's exact wording is not known the message is ours and
 * docs/rules.md says so. */
#include "ak_pool.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_catalog.h"
#include "ak_labels.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

void ak_pool_spec_init(struct ak_pool_spec *s)
{
    memset(s, 0, sizeof(*s));
}

void ak_pool_spec_release(struct ak_pool_spec *s)
{
    char **strs[] = {&s->name, &s->vm_size, &s->os_disk_type, &s->kubelet_disk_type,
                     &s->os_type, &s->os_sku, &s->scale_down_mode, &s->type, &s->mode,
                     &s->orchestrator_version, &s->power_state, &s->priority,
                     &s->eviction_policy, &s->max_surge};
    for (size_t i = 0; i < AK_ARRAY_LEN(strs); i++)
        ak_free_ptr(strs[i]);
    ak_kvs_release(&s->tags);
    ak_kvs_release(&s->labels);
    ak_strs_release(&s->taints);
    ak_strs_release(&s->zones);
    memset(s, 0, sizeof(*s));
}

void ak_pool_spec_copy(struct ak_pool_spec *d, const struct ak_pool_spec *s)
{
    ak_pool_spec_release(d);
    *d = *s;
    d->name = ak_xstrdup(s->name);
    d->vm_size = ak_xstrdup(s->vm_size);
    d->os_disk_type = ak_xstrdup(s->os_disk_type);
    d->kubelet_disk_type = ak_xstrdup(s->kubelet_disk_type);
    d->os_type = ak_xstrdup(s->os_type);
    d->os_sku = ak_xstrdup(s->os_sku);
    d->scale_down_mode = ak_xstrdup(s->scale_down_mode);
    d->type = ak_xstrdup(s->type);
    d->mode = ak_xstrdup(s->mode);
    d->orchestrator_version = ak_xstrdup(s->orchestrator_version);
    d->power_state = ak_xstrdup(s->power_state);
    d->priority = ak_xstrdup(s->priority);
    d->eviction_policy = ak_xstrdup(s->eviction_policy);
    d->max_surge = ak_xstrdup(s->max_surge);
    memset(&d->tags, 0, sizeof(d->tags));
    memset(&d->labels, 0, sizeof(d->labels));
    memset(&d->taints, 0, sizeof(d->taints));
    memset(&d->zones, 0, sizeof(d->zones));
    ak_kvs_copy(&d->tags, &s->tags);
    ak_kvs_copy(&d->labels, &s->labels);
    ak_strs_copy(&d->taints, &s->taints);
    ak_strs_copy(&d->zones, &s->zones);
}

bool ak_pool_is_spot(const struct ak_pool_spec *s)
{
    return ak_streq(s->priority, "Spot");
}

bool ak_pool_is_system(const struct ak_pool_spec *s)
{
    return ak_streq(s->mode, "System");
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = ak_xstrdup(v);
}

static int invalid(struct ak_err *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "The value of parameter agentPoolProfile.<field> is invalid. Error details: ..." */
static int invalid(struct ak_err *err, const char *field, const char *fmt, ...)
{
    char details[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(details, sizeof(details), fmt, ap);
    va_end(ap);
    char target[128];
    snprintf(target, sizeof(target), "agentPoolProfile.%s", field);
    int rc = ak_err_set(err, 400, "InvalidParameter",
                        "The value of parameter %s is invalid. Error details: %s", target, details);
    ak_err_target(err, target);
    return rc;
}

static int not_allowed(struct ak_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int not_allowed(struct ak_err *err, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return ak_err_set(err, 400, "OperationNotAllowed", "%s", msg);
}

static int change_not_allowed(struct ak_err *err, const char *field, const char *from,
                              const char *to)
{
    char target[128];
    snprintf(target, sizeof(target), "agentPoolProfile.%s", field);
    int rc = ak_err_set(err, 400, "PropertyChangeNotAllowed",
                        "Changing property '%s' is not allowed. The node pool has '%s'; the "
                        "request asks for '%s'. Create a new node pool with the new value and "
                        "move the workloads to it.",
                        target, from, to);
    ak_err_target(err, target);
    return rc;
}

int ak_pool_check_name(const char *name, bool windows, struct ak_err *err)
{
    size_t n = name ? strlen(name) : 0;
    bool ok = n >= 1 && n <= (windows ? 6u : 12u) && islower((unsigned char)name[0]);
    for (size_t i = 0; ok && i < n; i++)
        if (!(islower((unsigned char)name[i]) || isdigit((unsigned char)name[i])))
            ok = false;
    if (ok)
        return 0;
    int rc = ak_err_set(
        err, 400, "InvalidParameter",
        "The value of parameter agentPoolProfile.name is invalid. Please see "
        "https://aka.ms/aks-naming-rules for more details. Error details: Agent Pool name '%s' "
        "must start with a lowercase letter, have max length of %d, and only have characters "
        "a-z0-9.",
        name ? name : "", windows ? 6 : 12);
    ak_err_target(err, "agentPoolProfile.name");
    return rc;
}

static bool one_of(const char *v, const char *const *allowed, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v, allowed[i]) == 0)
            return true;
    return false;
}

#define CHECK_ENUM(field, value, ...)                                                         \
    do {                                                                                      \
        static const char *const allowed_[] = {__VA_ARGS__};                                  \
        if ((value) && !one_of((value), allowed_, AK_ARRAY_LEN(allowed_))) {                  \
            char list_[256] = "";                                                             \
            for (size_t i_ = 0; i_ < AK_ARRAY_LEN(allowed_); i_++) {                          \
                size_t l_ = strlen(list_);                                                    \
                snprintf(list_ + l_, sizeof(list_) - l_, "%s'%s'", i_ ? ", " : "",            \
                         allowed_[i_]);                                                       \
            }                                                                                 \
            return invalid(err, field, "'%s' is not a valid value; allowed values are %s "   \
                           "(case-sensitive).", (value), list_);                              \
        }                                                                                     \
    } while (0)

/* Up to 5 decimal places, as AKS and the CLI require. */
static bool price_ok(double p)
{
    if (p == -1.0)
        return true;
    if (!(p > 0) || !isfinite(p))
        return false;
    double scaled = p * 100000.0;
    /* relative slack for binary rounding only; 1e-6 * scaled let 12.345678 through */
    return fabs(scaled - round(scaled)) < 1e-9 * (scaled > 1 ? scaled : 1);
}

static int check_vm_size(const char *vm_size, struct ak_err *err)
{
    const struct ak_vm_size *z = ak_catalog_find(vm_size);
    char names[1024];
    if (!z) {
        ak_catalog_names(names, sizeof(names), false);
        int rc = ak_err_set(err, 400, "InvalidParameter",
                            "The value of parameter agentPoolProfile.vmSize is invalid. Error "
                            "details: The requested VM size %s is not available in the current "
                            "region. Sizes this emulator knows: %s.",
                            vm_size, names);
        ak_err_target(err, "agentPoolProfile.vmSize");
        return rc;
    }
    if (z->retired) {
        ak_catalog_names(names, sizeof(names), true);
        int rc = ak_err_set(
            err, 400, "InvalidParameter",
            "The value of parameter agentPoolProfile.vmSize is invalid. Error details: The VM "
            "size %s was retired on %s and can no longer be deployed%s%s%s. Current GPU sizes: "
            "%s.",
            z->name, z->retired_on, z->gpu_model[0] ? " (it carried an NVIDIA " : "",
            z->gpu_model, z->gpu_model[0] ? " GPU)" : "", names);
        ak_err_target(err, "agentPoolProfile.vmSize");
        return rc;
    }
    if (z->memory_gib < 2.0 || ak_istarts_with(z->name, "Standard_A")) {
        return ak_err_set(err, 400, "BadRequest",
                          "The VM SKU chosen for this cluster `%s` does not have enough "
                          "CPU/memory to run as an AKS node. Please see "
                          "https://aka.ms/aks/restricted-skus for more details.",
                          z->name);
    }
    return 0;
}

static int check_labels(const struct ak_pool_spec *p, struct ak_err *err)
{
    for (size_t i = 0; i < p->labels.n; i++) {
        const char *k = p->labels.v[i].key, *v = p->labels.v[i].val;
        if (!ak_label_key_valid(k))
            return invalid(err, "nodeLabels",
                           "label key '%s' is not a valid Kubernetes label key (an optional "
                           "DNS subdomain prefix and '/', then at most 63 characters "
                           "[A-Za-z0-9-_.] starting and ending with an alphanumeric).",
                           k);
        if (!ak_label_value_valid(v))
            return invalid(err, "nodeLabels",
                           "label value '%s' for key '%s' is not a valid Kubernetes label "
                           "value (at most 63 characters [A-Za-z0-9-_.] starting and ending "
                           "with an alphanumeric, or empty).",
                           v, k);
        const char *slash = strchr(k, '/');
        if (slash) {
            size_t plen = (size_t)(slash - k);
            bool azure = (plen == 20 && strncmp(k, "kubernetes.azure.com", 20) == 0) ||
                         (plen > 21 && ak_ends_with_n(k, plen, ".kubernetes.azure.com"));
            bool kio = (plen == 13 && strncmp(k, "kubernetes.io", 13) == 0) ||
                       (plen > 14 && ak_ends_with_n(k, plen, ".kubernetes.io"));
            if (azure && strcmp(k, AK_SPOT_LABEL_KEY) == 0 && ak_pool_is_spot(p) &&
                strcmp(v, "spot") == 0)
                continue; /* the label AKS itself puts on spot pools */
            if (azure || kio)
                return invalid(err, "nodeLabels",
                               "label key '%s' uses a reserved prefix: labels under "
                               "kubernetes.azure.com/ and kubernetes.io/ are set by AKS and "
                               "cannot be set on a node pool. See https://aka.ms/aks/labels.",
                               k);
        }
    }
    return 0;
}

static int check_taints(const struct ak_pool_spec *p, struct ak_err *err)
{
    for (size_t i = 0; i < p->taints.n; i++) {
        struct ak_taint t;
        if (ak_taint_parse(p->taints.v[i], &t) != 0)
            return invalid(err, "nodeTaints",
                           "invalid taint spec '%s'; a taint is key=value:effect with effect "
                           "NoSchedule, PreferNoSchedule or NoExecute. See "
                           "https://aka.ms/node-taints.",
                           p->taints.v[i]);
        if (strcmp(p->taints.v[i], AK_SPOT_TAINT) == 0) {
            if (!ak_pool_is_spot(p))
                return invalid(err, "nodeTaints",
                               "the taint '%s' is reserved for Spot node pools; AKS adds it "
                               "itself.",
                               AK_SPOT_TAINT);
        } else if (ak_starts_with(t.key, "kubernetes.azure.com/")) {
            return invalid(err, "nodeTaints",
                           "taint key '%s' uses the reserved prefix kubernetes.azure.com/. "
                           "See https://aka.ms/node-taints.",
                           t.key);
        }
        for (size_t j = 0; j < i; j++) {
            struct ak_taint u;
            if (ak_taint_parse(p->taints.v[j], &u) == 0 && strcmp(u.key, t.key) == 0 &&
                strcmp(u.effect, t.effect) == 0)
                return invalid(err, "nodeTaints",
                               "duplicate taint key '%s' with effect %s ('%s' and '%s'); each "
                               "key may appear once per effect. See https://aka.ms/node-taints.",
                               t.key, t.effect, p->taints.v[j], p->taints.v[i]);
        }
    }
    return 0;
}

static bool version_newer(int a1, int b1, int c1, int a2, int b2, int c2)
{
    if (a1 != a2)
        return a1 > a2;
    if (b1 != b2)
        return b1 > b2;
    return c1 > c2;
}

static int resolve_version(struct ak_pool_spec *out, const char *requested,
                           const struct ak_pool_ctx *ctx, struct ak_err *err)
{
    const char *cp = ctx->cluster_version ? ctx->cluster_version : ak_k8s_default_version();
    if (!requested || !*requested) {
        set_str(&out->orchestrator_version, cp);
        return 0;
    }
    const char *v = ak_k8s_resolve(requested);
    if (!v) {
        char list[256] = "";
        for (size_t i = 0; i < ak_k8s_version_count(); i++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof(list) - l, "%s%s", i ? ", " : "",
                     ak_k8s_version_at(i)->version);
        }
        int rc = ak_err_set(err, 400, "AgentPoolK8sVersionNotSupported",
                            "Version %s is not supported in this region. Please use [az aks "
                            "get-versions] command to get the supported version list in this "
                            "region. Supported versions: %s.",
                            requested, list);
        ak_err_target(err, "agentPoolProfile.orchestratorVersion");
        return rc;
    }
    int a1, b1, c1, a2, b2, c2;
    ak_k8s_parse(v, &a1, &b1, &c1);
    ak_k8s_parse(cp, &a2, &b2, &c2);
    if (a1 != a2 || version_newer(a1, b1, c1, a2, b2, c2) || b2 - b1 > 2)
        return ak_err_set(err, 400, "NodePoolMcVersionIncompatible",
                          "Node pool version %s and control plane version %s are incompatible. "
                          "A node pool must run the control plane's major version, no newer "
                          "than the control plane and at most two minor versions older.",
                          v, cp);
    set_str(&out->orchestrator_version, v);
    return 0;
}

/* Fills os disk size and type on create. */
static int resolve_os_disk(struct ak_pool_spec *out, const struct ak_vm_size *z,
                           struct ak_err *err)
{
    int cap = ak_vm_size_ephemeral_capacity(z);
    int def = ak_vm_size_default_os_disk_gb(z);
    if (out->os_disk_size_gb != 0 && (out->os_disk_size_gb < 30 || out->os_disk_size_gb > 2048))
        return invalid(err, "osDiskSizeGB",
                       "osDiskSizeGB %d is out of range; it must be 0 (the size's default) or "
                       "between 30 and 2048.",
                       out->os_disk_size_gb);
    if (out->os_disk_type && strcmp(out->os_disk_type, "Ephemeral") == 0) {
        int want = out->os_disk_size_gb ? out->os_disk_size_gb : (def <= cap ? def : cap);
        if (cap == 0)
            return invalid(err, "osDiskType",
                           "VM size %s does not support ephemeral OS disks (no cache or temp "
                           "disk with premium storage); use osDiskType Managed.",
                           z->name);
        if (want > cap)
            return invalid(err, "osDiskType",
                           "an ephemeral OS disk of %d GB does not fit VM size %s, whose "
                           "cache/temp disk holds %d GB; set osDiskSizeGB <= %d or use "
                           "osDiskType Managed.",
                           want, z->name, cap, cap);
        out->os_disk_size_gb = want;
        return 0;
    }
    if (!out->os_disk_type) {
        int want = out->os_disk_size_gb ? out->os_disk_size_gb : def;
        set_str(&out->os_disk_type, cap >= want ? "Ephemeral" : "Managed");
        out->os_disk_size_gb = want;
        return 0;
    }
    if (out->os_disk_size_gb == 0)
        out->os_disk_size_gb = def;
    return 0;
}

/* Copy a string field from the request, or keep the old value / a default. */
static void take(char **dst, const char *req, const char *old, const char *def)
{
    const char *v = req ? req : old ? old : def;
    set_str(dst, v);
}

int ak_pool_validate(const struct ak_pool_spec *req, const struct ak_pool_spec *old,
                     const struct ak_pool_ctx *ctx, struct ak_pool_spec *out,
                     struct ak_err *err)
{
    int rc;
    ak_pool_spec_release(out);
    ak_pool_spec_init(out);
    set_str(&out->name, req->name ? req->name : old ? old->name : NULL);

    /* enums first: everything below relies on valid values */
    CHECK_ENUM("mode", req->mode, "System", "User");
    CHECK_ENUM("osType", req->os_type, "Linux", "Windows");
    CHECK_ENUM("osSKU", req->os_sku, "Ubuntu", "AzureLinux", "CBLMariner", "Windows2019",
               "Windows2022");
    CHECK_ENUM("osDiskType", req->os_disk_type, "Managed", "Ephemeral");
    CHECK_ENUM("kubeletDiskType", req->kubelet_disk_type, "OS", "Temporary");
    CHECK_ENUM("scaleDownMode", req->scale_down_mode, "Delete", "Deallocate");
    CHECK_ENUM("type", req->type, "VirtualMachineScaleSets", "AvailabilitySet");
    CHECK_ENUM("scaleSetPriority", req->priority, "Regular", "Spot");
    CHECK_ENUM("scaleSetEvictionPolicy", req->eviction_policy, "Delete", "Deallocate");
    if (req->power_state)
        CHECK_ENUM("powerState.code", req->power_state, "Running", "Stopped");

    take(&out->os_type, req->os_type, old ? old->os_type : NULL, "Linux");
    bool windows = strcmp(out->os_type, "Windows") == 0;
    if ((rc = ak_pool_check_name(out->name, windows, err)) != 0)
        return rc;

    take(&out->type, req->type, old ? old->type : NULL, "VirtualMachineScaleSets");
    if (strcmp(out->type, "VirtualMachineScaleSets") != 0)
        return invalid(err, "type",
                       "AvailabilitySet node pools cannot be added to a cluster that uses "
                       "VirtualMachineScaleSets; AvailabilitySet pools are deprecated.");

    /* mode: cluster create makes the first pool System when the client left it out */
    take(&out->mode, req->mode, old ? old->mode : NULL,
         ctx->in_cluster_create && ctx->other_pools == 0 ? "System" : "User");
    take(&out->priority, req->priority, old ? old->priority : NULL, "Regular");
    bool spot = ak_pool_is_spot(out);
    bool system = ak_pool_is_system(out);

    /* VM size */
    take(&out->vm_size, req->vm_size, old ? old->vm_size : NULL, "Standard_DS2_v2");
    if (old && req->vm_size && !ak_strieq(req->vm_size, old->vm_size))
        return change_not_allowed(err, "vmSize", old->vm_size, req->vm_size);
    if ((rc = check_vm_size(out->vm_size, err)) != 0)
        return rc;
    const struct ak_vm_size *z = ak_catalog_find(out->vm_size);
    set_str(&out->vm_size, z->name); /* canonical casing */

    /* OS */
    if (old && req->os_type && strcmp(req->os_type, old->os_type) != 0)
        return change_not_allowed(err, "osType", old->os_type, req->os_type);
    take(&out->os_sku, req->os_sku, old ? old->os_sku : NULL, windows ? "Windows2022" : "Ubuntu");
    bool sku_windows = ak_starts_with(out->os_sku, "Windows");
    if (sku_windows != windows)
        return invalid(err, "osSKU", "osSKU %s does not match osType %s.", out->os_sku,
                       out->os_type);
    if (old && req->os_sku && strcmp(req->os_sku, old->os_sku) != 0)
        return change_not_allowed(err, "osSKU", old->os_sku, req->os_sku);

    /* priority and spot-only fields */
    if (old && req->priority && strcmp(req->priority, old->priority) != 0)
        return change_not_allowed(err, "scaleSetPriority", old->priority, req->priority);
    if (spot) {
        if (system)
            return invalid(err, "mode",
                           "a Spot node pool must be a User pool: System pools cannot use "
                           "Spot priority, because Azure may evict spot nodes at any time. "
                           "See https://aka.ms/aks/spotpools.");
        if (z->burstable)
            return invalid(err, "vmSize",
                           "B-series burstable VM sizes such as %s cannot be used with Spot "
                           "priority.",
                           z->name);
        take(&out->eviction_policy, req->eviction_policy, old ? old->eviction_policy : NULL,
             "Delete");
        if (old && req->eviction_policy && strcmp(req->eviction_policy, old->eviction_policy))
            return change_not_allowed(err, "scaleSetEvictionPolicy", old->eviction_policy,
                                      req->eviction_policy);
        out->has_spot_max_price = true;
        out->spot_max_price = req->has_spot_max_price ? req->spot_max_price
                              : old                   ? old->spot_max_price
                                                      : -1.0;
        if (!price_ok(out->spot_max_price))
            return invalid(err, "spotMaxPrice",
                           "spotMaxPrice %g is invalid; it must be -1 (pay up to the "
                           "pay-as-you-go price, never evicted for price) or a price in USD "
                           "greater than 0 with at most 5 decimal places.",
                           out->spot_max_price);
        if (old && req->has_spot_max_price && req->spot_max_price != old->spot_max_price) {
            char a[32], b[32];
            snprintf(a, sizeof(a), "%g", old->spot_max_price);
            snprintf(b, sizeof(b), "%g", req->spot_max_price);
            return change_not_allowed(err, "spotMaxPrice", a, b);
        }
        if (req->max_surge && *req->max_surge)
            return invalid(err, "upgrade.maxSurge", "Spot pools can't set max surge."); /* AKS's path */
    } else {
        /* az sends the API defaults (Delete, -1) for Regular pools too: those are no-ops */
        if (req->eviction_policy && strcmp(req->eviction_policy, "Delete") != 0)
            return invalid(err, "scaleSetEvictionPolicy",
                           "scaleSetEvictionPolicy can only be set when scaleSetPriority is "
                           "Spot.");
        if (req->has_spot_max_price && req->spot_max_price != -1.0)
            return invalid(err, "spotMaxPrice",
                           "spotMaxPrice can only be set when scaleSetPriority is Spot.");
    }

    /* count and autoscaler */
    bool sys_min = system ? 1 : 0;
    out->count = req->has_count ? req->count : old ? old->count : 1;
    out->has_count = true;
    if (out->count < sys_min || out->count > AK_MAX_NODES_PER_POOL)
        return invalid(err, "count",
                       "count %d is out of range; it must be between %d and %d for %s pools.",
                       out->count, (int)sys_min, AK_MAX_NODES_PER_POOL,
                       system ? "System" : "User");
    out->enable_auto_scaling = req->enable_auto_scaling;
    if (out->enable_auto_scaling) {
        out->has_min_count = req->has_min_count ? true : old ? old->has_min_count : false;
        out->min_count = req->has_min_count ? req->min_count : old ? old->min_count : 0;
        out->has_max_count = req->has_max_count ? true : old ? old->has_max_count : false;
        out->max_count = req->has_max_count ? req->max_count : old ? old->max_count : 0;
        if (!out->has_min_count || !out->has_max_count)
            return invalid(err, "minCount",
                           "minCount and maxCount must both be set when enableAutoScaling is "
                           "true.");
        if (out->min_count < (int)sys_min || out->min_count > AK_MAX_NODES_PER_POOL)
            return invalid(err, "minCount",
                           "minCount %d is out of range; it must be between %d and %d for %s "
                           "pools.",
                           out->min_count, (int)sys_min, AK_MAX_NODES_PER_POOL,
                           system ? "System" : "User");
        if (out->max_count < 0 || out->max_count > AK_MAX_NODES_PER_POOL)
            return invalid(err, "maxCount",
                           "maxCount %d is out of range; it must be between 0 and %d.",
                           out->max_count, AK_MAX_NODES_PER_POOL);
        if (out->min_count > out->max_count)
            return invalid(err, "minCount",
                           "minCount (%d) must be less than or equal to maxCount (%d).",
                           out->min_count, out->max_count);
        bool enabling = !old || !old->enable_auto_scaling;
        if (old && enabling && req->has_count && req->count != old->count)
            return not_allowed(err,
                               "Cannot manually scale and enable cluster autoscaler in the "
                               "same update operation on VMSS Agentpool '%s'. Enable the "
                               "autoscaler first, or scale first.",
                               out->name);
        if (old && !enabling && req->has_count && req->count != old->count)
            return not_allowed(err,
                               "Cannot scale cluster autoscaler enabled node pool '%s': the "
                               "cluster autoscaler owns its node count (now %d). Change "
                               "minCount/maxCount, or disable the autoscaler to scale by "
                               "hand.",
                               out->name, old->count);
        if (enabling && (out->count < out->min_count || out->count > out->max_count))
            return invalid(err, "count",
                           "count %d must be within the autoscaler range [minCount %d, "
                           "maxCount %d].",
                           out->count, out->min_count, out->max_count);
    }

    /* max pods */
    out->max_pods = req->max_pods ? req->max_pods
                    : old         ? old->max_pods
                                  : (ctx->default_max_pods ? ctx->default_max_pods : 110);
    if (old && req->max_pods && req->max_pods != old->max_pods) {
        char a[16], b[16];
        snprintf(a, sizeof(a), "%d", old->max_pods);
        snprintf(b, sizeof(b), "%d", req->max_pods);
        return change_not_allowed(err, "maxPods", a, b);
    }
    if (out->max_pods < 10 || out->max_pods > 250)
        return invalid(err, "maxPods", "maxPods %d is out of range; it must be between 10 and 250.",
                       out->max_pods);
    if (out->max_pods < 30 && out->count > 0 && out->count * out->max_pods < 30)
        return invalid(err, "maxPods",
                       "a node pool must be able to hold at least 30 pods: count %d x maxPods "
                       "%d = %d. Raise maxPods or count.",
                       out->count, out->max_pods, out->count * out->max_pods);

    /* OS disk */
    if (old) {
        if (req->os_disk_size_gb && req->os_disk_size_gb != old->os_disk_size_gb) {
            char a[16], b[16];
            snprintf(a, sizeof(a), "%d", old->os_disk_size_gb);
            snprintf(b, sizeof(b), "%d", req->os_disk_size_gb);
            return change_not_allowed(err, "osDiskSizeGB", a, b);
        }
        if (req->os_disk_type && strcmp(req->os_disk_type, old->os_disk_type) != 0)
            return change_not_allowed(err, "osDiskType", old->os_disk_type, req->os_disk_type);
        out->os_disk_size_gb = old->os_disk_size_gb;
        set_str(&out->os_disk_type, old->os_disk_type);
    } else {
        out->os_disk_size_gb = req->os_disk_size_gb;
        set_str(&out->os_disk_type, req->os_disk_type);
        if ((rc = resolve_os_disk(out, z, err)) != 0)
            return rc;
    }
    take(&out->kubelet_disk_type, req->kubelet_disk_type, old ? old->kubelet_disk_type : NULL,
         "OS");
    if (old && req->kubelet_disk_type && strcmp(req->kubelet_disk_type, old->kubelet_disk_type))
        return change_not_allowed(err, "kubeletDiskType", old->kubelet_disk_type,
                                  req->kubelet_disk_type);

    take(&out->scale_down_mode, req->scale_down_mode, old ? old->scale_down_mode : NULL, "Delete");
    if (strcmp(out->scale_down_mode, "Deallocate") == 0 &&
        strcmp(out->os_disk_type, "Ephemeral") == 0)
        return invalid(err, "scaleDownMode",
                       "scaleDownMode Deallocate needs managed OS disks; this pool uses "
                       "ephemeral OS disks.");

    /* zones: create-only */
    if (old) {
        if (req->zones.n && !ak_strs_equal(&req->zones, &old->zones))
            return change_not_allowed(err, "availabilityZones", "(current zones)",
                                      "(new zones)");
        ak_strs_copy(&out->zones, &old->zones);
    } else {
        for (size_t i = 0; i < req->zones.n; i++) {
            const char *zn = req->zones.v[i];
            if (!(strcmp(zn, "1") == 0 || strcmp(zn, "2") == 0 || strcmp(zn, "3") == 0))
                return invalid(err, "availabilityZones",
                               "'%s' is not an availability zone; zones are \"1\", \"2\" and "
                               "\"3\".",
                               zn);
        }
        ak_strs_copy(&out->zones, &req->zones);
    }

    /* labels, taints, tags: replaced by every PUT (full-replace semantics) */
    ak_kvs_copy(&out->labels, &req->labels);
    out->has_labels = true;
    ak_strs_copy(&out->taints, &req->taints);
    out->has_taints = true;
    ak_kvs_copy(&out->tags, &req->tags);
    out->has_tags = req->has_tags;
    if (spot) {
        ak_kvs_set(&out->labels, AK_SPOT_LABEL_KEY, "spot");
        if (!ak_strs_contains(&out->taints, AK_SPOT_TAINT))
            ak_strs_push(&out->taints, AK_SPOT_TAINT);
    }
    if ((rc = check_labels(out, err)) != 0)
        return rc;
    if ((rc = check_taints(out, err)) != 0)
        return rc;
    for (size_t i = 0; i < out->tags.n; i++) {
        if (strlen(out->tags.v[i].key) > 512 || strlen(out->tags.v[i].val) > 256)
            return invalid(err, "tags",
                           "tag '%.40s...' is too long: names are at most 512 characters and "
                           "values at most 256.",
                           out->tags.v[i].key);
        if (strpbrk(out->tags.v[i].key, "<>%&\\?/"))
            return invalid(err, "tags",
                           "tag name '%s' contains a character Azure does not allow in tag "
                           "names (< > %% & \\ ? /).",
                           out->tags.v[i].key);
    }
    if (out->tags.n > 50)
        return invalid(err, "tags", "a resource can have at most 50 tags; the request has %zu.",
                       out->tags.n);

    /* System-pool rules */
    if (system) {
        if (windows)
            return invalid(err, "mode",
                           "System node pools must run Linux; Windows pools can only be User "
                           "pools.");
        if (z->vcpu < 2 || z->memory_gib < 4.0)
            return ak_err_set(err, 400, "SystemPoolSkuTooLow",
                              "System node pool must use VM sku with more than 2 cores and 4GB "
                              "memory. Nodepool name: %s.",
                              out->name);
    }
    if (old && ak_pool_is_system(old) && !system && ctx->other_system_pools == 0)
        return not_allowed(err,
                           "There has to be at least one system agent pool. Agent pool '%s' "
                           "is the cluster's only System pool, so its mode cannot be changed "
                           "to User; add another System pool first.",
                           out->name);

    /* version */
    if ((rc = resolve_version(out, req->orchestrator_version ? req->orchestrator_version
                                   : old                     ? old->orchestrator_version
                                                             : NULL,
                              ctx, err)) != 0)
        return rc;

    take(&out->power_state, req->power_state, old ? old->power_state : NULL, "Running");
    if (!old && strcmp(out->power_state, "Stopped") == 0)
        return invalid(err, "powerState",
                       "a node pool cannot be created in the Stopped state.");
    if (req->max_surge && *req->max_surge) {
        int64_t v;
        const char *ms = req->max_surge;
        size_t l = strlen(ms);
        bool pct = l > 1 && ms[l - 1] == '%';
        char num[32];
        snprintf(num, sizeof(num), "%.*s", (int)(pct ? l - 1 : l), ms);
        if (ak_parse_i64(num, 1, pct ? 100 : 1000, &v) != 0)
            return invalid(err, "upgradeSettings.maxSurge",
                           "maxSurge '%s' must be a node count (\"1\"-\"1000\") or a percentage "
                           "(\"1%%\"-\"100%%\").",
                           ms);
        set_str(&out->max_surge, ms);
    } else if (old && !req->max_surge) {
        set_str(&out->max_surge, old->max_surge);
    }
    out->enable_node_public_ip = req->enable_node_public_ip;
    out->enable_encryption_at_host = req->enable_encryption_at_host;
    out->enable_ultra_ssd = req->enable_ultra_ssd;
    out->enable_fips = req->enable_fips;

    /* cluster-wide limits */
    if (!old && ctx->other_pools + 1 > AK_MAX_POOLS_PER_CLUSTER)
        return not_allowed(err,
                           "The cluster already has %d node pools, the maximum AKS allows per "
                           "cluster is %d.",
                           ctx->other_pools, AK_MAX_POOLS_PER_CLUSTER);
    if (ctx->other_nodes + out->count > AK_MAX_NODES_PER_CLUSTER &&
        (!old || out->count > old->count))
        return not_allowed(err,
                           "This operation would bring the cluster to %d nodes; AKS supports at "
                           "most %d nodes per cluster across all node pools.",
                           ctx->other_nodes + out->count, AK_MAX_NODES_PER_CLUSTER);
    return 0;
}

int ak_pool_check_delete(const struct ak_pool_spec *pool, const struct ak_pool_ctx *ctx,
                         struct ak_err *err)
{
    if (ctx->other_pools == 0)
        return not_allowed(err, "There has to be at least one agent pool. Agent pool '%s' is "
                                "the cluster's last node pool; delete the cluster instead.",
                           pool->name);
    if (ak_pool_is_system(pool) && ctx->other_system_pools == 0)
        return not_allowed(err,
                           "There has to be at least one system agent pool. Agent pool '%s' is "
                           "the cluster's only System pool; add another System pool (or change "
                           "a User pool to System mode) before deleting it.",
                           pool->name);
    return 0;
}
