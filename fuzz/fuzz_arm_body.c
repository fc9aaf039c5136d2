/* fuzz_arm_body.c - ARM request bodies for agent pools and managed clusters, decoded and
 * validated as the ARM front door does it.
 * Input: byte 0 picks the way in, the rest is the JSON body.
 *   0: agent-pool `properties` straight into ak_codec_pool_spec_decode() + ak_pool_validate()
 *      (create, and update of an existing pool), then the effective spec is encoded and must
 *      decode again (the codec reads what it writes);
 *   1: PUT managedClusters/fz-new through ak_arm_handle() on the in-memory daemon;
 *   2: PUT managedClusters/fz-aks/agentPools/fzpool (a new pool of the existing cluster);
 *   3: PUT managedClusters/fz-aks (an update of the existing cluster).
 * Whatever 1 and 2 create is deleted again, so the state stays small; node counts in the
 * body are capped at 3 for the same reason (way 0 covers the full ranges). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ak_pool.h"
#include "fz_env.h"
#include "state/ak_codec.h"
#include "util/ak_buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void direct(const uint8_t *data, size_t size)
{
    json_t *props = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!props)
        return;
    struct ak_err err;
    struct ak_pool_spec req, eff, old, eff2, req2;
    ak_pool_spec_init(&req);
    ak_pool_spec_init(&eff);
    ak_pool_spec_init(&old);
    ak_pool_spec_init(&eff2);
    ak_pool_spec_init(&req2);
    json_t *extra = NULL, *extra2 = NULL;
    struct ak_pool_ctx ctx = {
        .cluster_version = "1.29.4", .other_pools = 1, .other_system_pools = 1,
        .other_nodes = 3, .default_max_pods = 110,
    };
    if (ak_codec_pool_spec_decode(props, &req, &extra, &err) != 0)
        goto out;
    req.name = strdup("fzpool");
    if (ak_pool_validate(&req, NULL, &ctx, &eff, &err) == 0) {
        json_t *enc = ak_codec_pool_spec_encode(&eff, extra);
        if (ak_codec_pool_spec_decode(enc, &req2, &extra2, &err) != 0) {
            fprintf(stderr, "re-decode failed: %s\n", err.message);
            abort(); /* the codec rejects its own rendering */
        }
        json_decref(enc);
        /* an update of that pool with the same request */
        struct ak_pool_spec eff3;
        ak_pool_spec_init(&eff3);
        (void)ak_pool_validate(&req, &eff, &ctx, &eff3, &err);
        ak_pool_spec_release(&eff3);
    }
    /* an update of a typical existing pool */
    json_t *base = json_pack("{s:i,s:s,s:s,s:s,s:s}", "count", 3, "vmSize", "Standard_DS2_v2",
                             "osType", "Linux", "mode", "User", "orchestratorVersion", "1.29.4");
    json_t *bx = NULL;
    struct ak_pool_spec breq;
    ak_pool_spec_init(&breq);
    if (ak_codec_pool_spec_decode(base, &breq, &bx, &err) == 0) {
        breq.name = strdup("fzpool");
        if (ak_pool_validate(&breq, NULL, &ctx, &old, &err) == 0)
            (void)ak_pool_validate(&req, &old, &ctx, &eff2, &err);
    }
    ak_pool_spec_release(&breq);
    json_decref(bx);
    json_decref(base);
    struct ak_pool_ctx cctx = ctx;
    cctx.in_cluster_create = true;
    cctx.other_system_pools = 0;
    struct ak_pool_spec eff4;
    ak_pool_spec_init(&eff4);
    (void)ak_pool_validate(&req, NULL, &cctx, &eff4, &err);
    ak_pool_spec_release(&eff4);
out:
    ak_pool_spec_release(&req);
    ak_pool_spec_release(&eff);
    ak_pool_spec_release(&old);
    ak_pool_spec_release(&eff2);
    ak_pool_spec_release(&req2);
    json_decref(extra);
    json_decref(extra2);
    json_decref(props);
}

/* caps node counts in place (any depth) */
static void cap_counts(json_t *v, int depth)
{
    if (depth > 32)
        return;
    if (json_is_object(v)) {
        const char *k;
        json_t *m;
        json_object_foreach(v, k, m) {
            if (json_is_integer(m) && json_integer_value(m) > 3 &&
                (strstr(k, "ount") || strstr(k, "OUNT")))
                json_integer_set(m, 3);
            else
                cap_counts(m, depth + 1);
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *m;
        json_array_foreach(v, i, m)
            cap_counts(m, depth + 1);
    }
}

static int serve(struct fz_world *w, const char *method, const char *path, const char *body,
                 size_t blen)
{
    struct ak_buf b = AK_BUF_INIT(8u << 20);
    ak_buf_printf(&b, "%s %s\r\nContent-Type: application/json\r\n\r\n", method, path);
    ak_buf_append(&b, body, blen);
    struct ak_http_req req;
    struct ak_http_resp resp;
    memset(&resp, 0, sizeof(resp));
    ak_buf_init(&resp.body, 64u << 20);
    int status = 0;
    if (fz_req_parse(&req, (const uint8_t *)b.data, b.len)) {
        fz_world_serve(w, &req, &resp, 200);
        status = resp.status;
    }
    fz_resp_release(&resp);
    fz_req_release(&req);
    ak_buf_release(&b);
    return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 64 * 1024)
        return 0;
    int way = data[0] % 4;
    data++;
    size--;
    if (way == 0) {
        direct(data, size);
        return 0;
    }
    struct fz_world *w = fz_world_get();
    json_t *j = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    char *body;
    if (j) {
        cap_counts(j, 0);
        body = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        json_decref(j);
    } else {
        body = fz_strndup(data, size);
    }
    char path[512];
    const char *mc = "providers/Microsoft.ContainerService/managedClusters";
    if (way == 1)
        snprintf(path, sizeof(path), "/subscriptions/%s/resourceGroups/fz-rg/%s/fz-new"
                 "?api-version=2022-11-01", fz_world_sub(w), mc);
    else if (way == 2)
        snprintf(path, sizeof(path), "/subscriptions/%s/resourceGroups/fz-rg/%s/fz-aks/agentPools/"
                 "fzpool?api-version=2022-11-01", fz_world_sub(w), mc);
    else
        snprintf(path, sizeof(path), "/subscriptions/%s/resourceGroups/fz-rg/%s/fz-aks"
                 "?api-version=2022-11-01", fz_world_sub(w), mc);
    int st = serve(w, "PUT", path, body, strlen(body));
    if (st >= 500)
        abort(); /* a body is the client's fault or fine, never a server error */
    if (way != 3 && (st == 200 || st == 201)) {
        /* wait for the operation, then delete what was created */
        fz_world_serve_idle(w, 1000);
        if (serve(w, "DELETE", path, "", 0) >= 500)
            abort();
        fz_world_serve_idle(w, 2000);
    }
    free(body);
    return 0;
}
