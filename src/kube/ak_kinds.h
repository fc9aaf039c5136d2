/* ak_kinds.h - the Kubernetes resource kinds each emulated cluster serves. */
#ifndef AK_KINDS_H
#define AK_KINDS_H

#include <stdbool.h>

enum ak_kkind {
    AK_KIND_NAMESPACE,
    AK_KIND_NODE,
    AK_KIND_POD,
    AK_KIND_EVENT,
    AK_KIND_CONFIGMAP,
    AK_KIND_SECRET,
    AK_KIND_SERVICE,
    AK_KIND_SERVICEACCOUNT,
    AK_KIND_LEASE,
    AK_KIND_PDB,
    AK_KIND_DEPLOYMENT,
    AK_KIND_REPLICASET,
    AK_KIND_DAEMONSET,
    AK_KIND_JOB,
    AK_KIND_PRIORITYCLASS,
    AK_KIND_COUNT
};

struct ak_kind_info {
    enum ak_kkind kind;
    const char *resource;    /* "pods" */
    const char *singular;    /* "pod" */
    const char *name;        /* "Pod" */
    const char *group;       /* "" for core */
    const char *version;     /* "v1" */
    const char *api_version; /* "v1", "apps/v1" */
    bool namespaced;
    const char *short_names; /* comma-separated, "" for none */
    bool in_all;             /* category "all" */
    const char *subresources; /* comma-separated */
    const char *verbs;       /* comma-separated */
};

const struct ak_kind_info *ak_kind(enum ak_kkind k);
/* group "" for the core group; NULL if not served */
const struct ak_kind_info *ak_kind_by_resource(const char *group, const char *version,
                                               const char *resource);
const struct ak_kind_info *ak_kind_by_name(const char *api_version, const char *kind);
/* the API groups served, in discovery order: "" (core), "apps", "batch", "policy",
 * "coordination.k8s.io", "scheduling.k8s.io" */
int ak_kind_group_count(void);
const char *ak_kind_group_at(int i);

#endif
