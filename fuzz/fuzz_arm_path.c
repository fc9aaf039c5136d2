/* fuzz_arm_path.c - the daemon's request dispatch and ARM routing: method, resource-id path
 * (case-insensitive segments, api-version), query, headers and body through the real
 * handlers (ak_arm_handle / ak_kapi_handle, chosen as src/daemon.c chooses) on the
 * in-memory daemon of fz_env.c, which has resource group fz-rg and cluster fz-aks.
 * Input: a request as it reaches the handler after libmicrohttpd's parsing,
 *   "METHOD /path?query\r\nHeader: value\r\n\r\nbody"
 * where "{sub}" in the request line stands for the subscription id, and "{kube}" /
 * "{token}" for the cluster's Kubernetes API id and bearer token (so seeds reach the
 * Kubernetes API too). The world is kept between inputs (the loop advances 100 ms after
 * each): a crash may need the inputs before it, which -runs=... replays show.
 * Checks: every request gets a status in 100..599 and no 5xx except 503 from fault
 * injection. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz_env.h"
#include "util/ak_buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void expand(struct ak_buf *out, const uint8_t *data, size_t size, struct fz_world *w)
{
    static const char *const keys[] = {"{sub}", "{kube}", "{token}"};
    const char *vals[] = {fz_world_sub(w), fz_world_kube_id(w), fz_world_token(w)};
    for (size_t i = 0; i < size;) {
        bool hit = false;
        for (int k = 0; k < 3; k++) {
            size_t kl = strlen(keys[k]);
            if (size - i >= kl && memcmp(data + i, keys[k], kl) == 0) {
                ak_buf_puts(out, vals[k]);
                i += kl;
                hit = true;
                break;
            }
        }
        if (!hit)
            ak_buf_putc(out, (char)data[i++]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    struct fz_world *w = fz_world_get();
    struct ak_buf in = AK_BUF_INIT(1u << 20);
    expand(&in, data, size, w);
    struct ak_http_req req;
    struct ak_http_resp resp;
    memset(&resp, 0, sizeof(resp));
    ak_buf_init(&resp.body, 64u << 20);
    if (fz_req_parse(&req, (const uint8_t *)ak_buf_cstr(&in), in.len)) {
        fz_world_serve(w, &req, &resp, 100);
        if (resp.status < 100 || resp.status > 599 || (resp.status >= 500 && resp.status != 503)) {
            fprintf(stderr, "%s %s -> %d %s\n", req.method, req.path, resp.status,
                    ak_buf_cstr(&resp.body));
            abort();
        }
    }
    fz_resp_release(&resp);
    fz_req_release(&req);
    ak_buf_release(&in);
    return 0;
}
