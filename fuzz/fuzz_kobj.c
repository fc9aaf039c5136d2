/* fuzz_kobj.c - Kubernetes object decoding into the store: a create (POST) through the real
 * Kubernetes API handler of the in-memory daemon (fz_env.c), which parses the body (JSON,
 * YAML or protobuf by Content-Type), checks kind/apiVersion/metadata, applies the kind's
 * defaults and validation, and stores it (ak_kstore_create, typed state of pods/nodes/leases).
 * Input: byte 0 picks the resource and byte 1 the content type; the rest is the body.
 * A created object is read back (GET, and LIST with a label selector) and deleted, so the
 * store stays small. Checks: no 5xx answers. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz_env.h"
#include "util/ak_buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const resources[] = {
    "api/v1/namespaces/default/pods",
    "api/v1/namespaces/default/configmaps",
    "api/v1/namespaces/default/secrets",
    "api/v1/namespaces/default/services",
    "api/v1/namespaces/default/events",
    "api/v1/namespaces",
    "api/v1/nodes",
    "apis/apps/v1/namespaces/default/deployments",
    "apis/apps/v1/namespaces/default/daemonsets",
    "apis/apps/v1/namespaces/default/replicasets",
    "apis/batch/v1/namespaces/default/jobs",
    "apis/policy/v1/namespaces/default/poddisruptionbudgets",
    "apis/coordination.k8s.io/v1/namespaces/default/leases",
    "api/v1/namespaces/default/serviceaccounts",
    "apis/scheduling.k8s.io/v1/priorityclasses",
    "api/v1/namespaces/default/pods/fz/eviction",
};
static const char *const types[] = {
    "application/json",
    "application/yaml",
    "application/vnd.kubernetes.protobuf",
    "application/json; charset=utf-8",
};

static int serve(struct fz_world *w, const char *method, const char *path, const char *ct,
                 const uint8_t *body, size_t blen, char **name_out)
{
    struct ak_buf b = AK_BUF_INIT(8u << 20);
    ak_buf_printf(&b, "%s /k8s/%s/%s\r\nAuthorization: Bearer %s\r\n", method,
                  fz_world_kube_id(w), path, fz_world_token(w));
    if (ct)
        ak_buf_printf(&b, "Content-Type: %s\r\n", ct);
    ak_buf_puts(&b, "Accept: application/json\r\n\r\n");
    ak_buf_append(&b, body, blen);
    struct ak_http_req req;
    struct ak_http_resp resp;
    memset(&resp, 0, sizeof(resp));
    ak_buf_init(&resp.body, 64u << 20);
    int status = 0;
    if (fz_req_parse(&req, (const uint8_t *)b.data, b.len)) {
        fz_world_serve(w, &req, &resp, 0);
        status = resp.status;
        if (status >= 500) {
            fprintf(stderr, "%s %s -> %d %s\n", method, path, status, ak_buf_cstr(&resp.body));
            abort();
        }
        if (name_out && status == 201) {
            json_error_t je;
            json_t *o = json_loadb(resp.body.data, resp.body.len, 0, &je);
            const char *nm = json_string_value(json_object_get(json_object_get(o, "metadata"),
                                                               "name"));
            *name_out = nm ? strdup(nm) : NULL;
            json_decref(o);
        }
    }
    fz_resp_release(&resp);
    fz_req_release(&req);
    ak_buf_release(&b);
    return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 64 * 1024)
        return 0;
    const char *res = resources[data[0] % (sizeof(resources) / sizeof(resources[0]))];
    const char *ct = types[data[1] % (sizeof(types) / sizeof(types[0]))];
    struct fz_world *w = fz_world_get();
    char *name = NULL;
    int st = serve(w, "POST", res, ct, data + 2, size - 2, &name);
    if (st == 201 && name) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", res, name);
        serve(w, "GET", path, NULL, NULL, 0, NULL);
        snprintf(path, sizeof(path), "%s?labelSelector=fz%%3Dx", res);
        serve(w, "GET", path, NULL, NULL, 0, NULL);
        snprintf(path, sizeof(path), "%s/%s?gracePeriodSeconds=0", res, name);
        serve(w, "DELETE", path, NULL, NULL, 0, NULL);
        fz_world_serve_idle(w, 100);
    }
    free(name);
    return 0;
}
