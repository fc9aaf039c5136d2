/* fuzz_proto.c - the Kubernetes protobuf subset (application/vnd.kubernetes.protobuf,
 * src/kube/ak_proto.c): the "k8s\0" envelope (runtime.Unknown) and the table-driven object
 * decoder. Inputs with the magic go through ak_proto_decode(); others are decoded as a bare
 * object of the kind byte 0 picks. Checks: success yields a JSON object that serialises. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fz_env.h"
#include "kube/ak_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[][2] = {
    {"v1", "Pod"},           {"v1", "Node"},          {"v1", "ConfigMap"},
    {"v1", "Secret"},        {"v1", "Service"},       {"v1", "Namespace"},
    {"apps/v1", "Deployment"}, {"apps/v1", "DaemonSet"}, {"apps/v1", "ReplicaSet"},
    {"batch/v1", "Job"},     {"policy/v1", "PodDisruptionBudget"}, {"v1", "Event"},
    {"coordination.k8s.io/v1", "Lease"}, {"policy/v1", "Eviction"}, {"v1", "Binding"},
    {"v1", "Nope"},
};

static void check(json_t *j, const struct ak_err *err)
{
    if (!j) {
        if (err->status != 400 && err->status != 413 && err->status != 415)
            abort(); /* documented error statuses only */
        return;
    }
    if (!json_is_object(j))
        abort();
    char *s = json_dumps(j, JSON_COMPACT);
    if (!s)
        abort();
    free(s);
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ak_err err;
    memset(&err, 0, sizeof(err));
    if (ak_proto_has_magic(data, size)) {
        check(ak_proto_decode(data, size, &err), &err);
        return 0;
    }
    if (size < 1)
        return 0;
    size_t k = data[0] % (sizeof(kinds) / sizeof(kinds[0]));
    (void)ak_proto_kind_known(kinds[k][0], kinds[k][1]);
    check(ak_proto_decode_object(kinds[k][0], kinds[k][1], data + 1, size - 1, &err), &err);
    return 0;
}
