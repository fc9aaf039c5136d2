#include "ak_kinds.h"

#include <string.h>

#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

#define ALLV "create,delete,deletecollection,get,list,patch,update,watch"

static const struct ak_kind_info kinds[AK_KIND_COUNT] = {
    {AK_KIND_NAMESPACE, "namespaces", "namespace", "Namespace", "", "v1", "v1", false, "ns",
     false, "status", "create,delete,get,list,patch,update,watch"},
    {AK_KIND_NODE, "nodes", "node", "Node", "", "v1", "v1", false, "no", false, "status,proxy", ALLV},
    {AK_KIND_POD, "pods", "pod", "Pod", "", "v1", "v1", true, "po", true,
     "eviction,status,binding,log", ALLV},
    {AK_KIND_EVENT, "events", "event", "Event", "", "v1", "v1", true, "ev", false, "", ALLV},
    {AK_KIND_CONFIGMAP, "configmaps", "configmap", "ConfigMap", "", "v1", "v1", true, "cm", false,
     "", ALLV},
    {AK_KIND_SECRET, "secrets", "secret", "Secret", "", "v1", "v1", true, "", false, "", ALLV},
    {AK_KIND_SERVICE, "services", "service", "Service", "", "v1", "v1", true, "svc", true, "status",
     "create,delete,get,list,patch,update,watch"},
    {AK_KIND_SERVICEACCOUNT, "serviceaccounts", "serviceaccount", "ServiceAccount", "", "v1", "v1",
     true, "sa", false, "", ALLV},
    {AK_KIND_LEASE, "leases", "lease", "Lease", "coordination.k8s.io", "v1", "coordination.k8s.io/v1",
     true, "", false, "", ALLV},
    {AK_KIND_PDB, "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", "policy",
     "v1", "policy/v1", true, "pdb", false, "status", ALLV},
    {AK_KIND_DEPLOYMENT, "deployments", "deployment", "Deployment", "apps", "v1", "apps/v1", true,
     "deploy", true, "scale,status", ALLV},
    {AK_KIND_REPLICASET, "replicasets", "replicaset", "ReplicaSet", "apps", "v1", "apps/v1", true,
     "rs", true, "scale,status", ALLV},
    {AK_KIND_DAEMONSET, "daemonsets", "daemonset", "DaemonSet", "apps", "v1", "apps/v1", true, "ds",
     true, "status", ALLV},
    {AK_KIND_JOB, "jobs", "job", "Job", "batch", "v1", "batch/v1", true, "", true, "status", ALLV},
    {AK_KIND_PRIORITYCLASS, "priorityclasses", "priorityclass", "PriorityClass", "scheduling.k8s.io",
     "v1", "scheduling.k8s.io/v1", false, "pc", false, "", ALLV},
};

static const char *const groups[] = {"", "apps", "batch", "policy", "coordination.k8s.io",
                                     "scheduling.k8s.io"};

const struct ak_kind_info *ak_kind(enum ak_kkind k)
{
    return (unsigned)k < AK_KIND_COUNT ? &kinds[k] : NULL;
}

const struct ak_kind_info *ak_kind_by_resource(const char *group, const char *version,
                                               const char *resource)
{
    for (int i = 0; i < AK_KIND_COUNT; i++)
        if (strcmp(kinds[i].group, group) == 0 && strcmp(kinds[i].version, version) == 0 &&
            strcmp(kinds[i].resource, resource) == 0)
            return &kinds[i];
    return NULL;
}

const struct ak_kind_info *ak_kind_by_name(const char *api_version, const char *kind)
{
    if (!api_version || !kind)
        return NULL;
    for (int i = 0; i < AK_KIND_COUNT; i++)
        if (strcmp(kinds[i].api_version, api_version) == 0 && strcmp(kinds[i].name, kind) == 0)
            return &kinds[i];
    return NULL;
}

int ak_kind_group_count(void)
{
    return (int)AK_ARRAY_LEN(groups);
}

const char *ak_kind_group_at(int i)
{
    return i >= 0 && i < (int)AK_ARRAY_LEN(groups) ? groups[i] : NULL;
}
