/* fz_env.c - helpers of the fuzz targets, and the stand-in for src/api/ak_http.c.
 *
 * The daemon's HTTP parsing is libmicrohttpd's (request line, headers, chunked bodies,
 * percent-decoding); src/api/ak_http.c only hands MHD's results to the handlers through
 * the accessors below. The fuzz library is built without ak_http.c and these accessors
 * serve a request parsed here instead, so the real handlers (ak_arm_handle, ak_kapi_handle)
 * run on fuzzed method, path, query, headers and body. */
#include "fz_env.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/arm/ak_arm.h"
#include "api/kube/ak_kapi.h"
#include "ctrl/ak_ctrl.h"
#include "ctrl/ak_kctrl.h"
#include "kube/ak_kworld.h"
#include "runtime/ak_loop.h"
#include "state/ak_state.h"
#include "store/ak_store.h"
#include "util/ak_log.h"
#include "util/ak_mem.h"

char *fz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

void fz_split(const uint8_t *data, size_t size, uint8_t sep, const uint8_t **a, size_t *alen,
              const uint8_t **b, size_t *blen)
{
    const uint8_t *p = size ? memchr(data, sep, size) : NULL;
    *a = data;
    if (!p) {
        *alen = size;
        *b = NULL;
        *blen = 0;
        return;
    }
    *alen = (size_t)(p - data);
    *b = p + 1;
    *blen = size - *alen - 1;
}

/* ---- the request ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* MHD_http_unescape: %XX decoded, bad escapes kept; '+' -> ' ' in query arguments only. */
static char *unescape(const char *s, size_t n, bool plus)
{
    char *out = malloc(n + 1), *o = out;
    if (!out)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
            hexval(s[i + 2]) >= 0) {
            *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else if (plus && s[i] == '+') {
            *o++ = ' ';
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

static void add_query(struct ak_http_req *r, const char *s, size_t n)
{
    if (n == 0 || r->nq == FZ_MAX_ARGS)
        return;
    const char *eq = memchr(s, '=', n);
    size_t kn = eq ? (size_t)(eq - s) : n;
    r->qname[r->nq] = unescape(s, kn, true);
    r->qval[r->nq] = eq ? unescape(eq + 1, n - kn - 1, true) : NULL;
    r->nq++;
}

void fz_req_set_header(struct ak_http_req *r, const char *name, const char *value)
{
    if (r->nh == FZ_MAX_ARGS)
        return;
    r->hname[r->nh] = ak_xstrdup(name);
    r->hval[r->nh] = ak_xstrdup(value);
    r->nh++;
}

static const char *next_line(const char *p, const char *end, size_t *len)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    *len = (size_t)(e - p);
    if (*len && p[*len - 1] == '\r')
        (*len)--;
    return nl ? nl + 1 : end;
}

bool fz_req_parse(struct ak_http_req *r, const uint8_t *data, size_t size)
{
    memset(r, 0, sizeof(*r));
    const char *p = (const char *)data, *end = p + size;
    size_t n;
    const char *line = p;
    p = next_line(p, end, &n);
    const char *sp = memchr(line, ' ', n);
    if (!sp || sp == line)
        return false;
    r->method = fz_strndup((const uint8_t *)line, (size_t)(sp - line));
    const char *target = sp + 1;
    size_t tn = n - (size_t)(target - line);
    const char *sp2 = memchr(target, ' ', tn); /* " HTTP/1.1" is optional */
    if (sp2)
        tn = (size_t)(sp2 - target);
    const char *q = memchr(target, '?', tn);
    size_t pn = q ? (size_t)(q - target) : tn;
    if (memchr(target, '\0', pn)) /* MHD rejects NUL in the request line */
        pn = strnlen(target, pn);
    r->path = unescape(target, pn, false);
    if (q) {
        const char *qs = q + 1, *qe = target + tn;
        while (qs < qe) {
            const char *amp = memchr(qs, '&', (size_t)(qe - qs));
            const char *ae = amp ? amp : qe;
            add_query(r, qs, (size_t)(ae - qs));
            qs = amp ? amp + 1 : qe;
        }
    }
    while (p < end) {
        line = p;
        p = next_line(p, end, &n);
        if (n == 0)
            break;
        const char *colon = memchr(line, ':', n);
        if (!colon || r->nh == FZ_MAX_ARGS)
            continue;
        const char *v = colon + 1, *ve = line + n;
        while (v < ve && (*v == ' ' || *v == '\t'))
            v++;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        char *name = fz_strndup((const uint8_t *)line, (size_t)(colon - line));
        char *val = fz_strndup((const uint8_t *)v, (size_t)(ve - v));
        r->hname[r->nh] = name;
        r->hval[r->nh] = val;
        r->nh++;
    }
    r->body_len = (size_t)(end - p);
    r->body = fz_strndup((const uint8_t *)p, r->body_len);
    return true;
}

void fz_req_release(struct ak_http_req *r)
{
    free(r->method);
    free(r->path);
    free(r->body);
    for (size_t i = 0; i < r->nq; i++) {
        free(r->qname[i]);
        free(r->qval[i]);
    }
    for (size_t i = 0; i < r->nh; i++) {
        free(r->hname[i]);
        free(r->hval[i]);
    }
    memset(r, 0, sizeof(*r));
}

void fz_resp_release(struct ak_http_resp *resp)
{
    if (resp->stream && !resp->stream->closed) {
        resp->stream->closed = true;
        resp->stream->close(resp->stream);
    }
    ak_buf_release(&resp->body);
    for (size_t i = 0; i < resp->nheaders; i++) {
        free(resp->headers[i].name);
        free(resp->headers[i].value);
    }
    free(resp->headers);
    memset(resp, 0, sizeof(*resp));
}

/* ---- the accessors of src/api/ak_http.h ---- */

const char *ak_http_method(const struct ak_http_req *r) { return r->method; }
const char *ak_http_path(const struct ak_http_req *r) { return r->path; }
const char *ak_http_client(const struct ak_http_req *r) { return "127.0.0.1:40000"; }

const char *ak_http_query(const struct ak_http_req *r, const char *name)
{
    for (size_t i = 0; i < r->nq; i++)
        if (strcmp(r->qname[i], name) == 0)
            return r->qval[i];
    return NULL;
}

const char *ak_http_header(const struct ak_http_req *r, const char *name)
{
    for (size_t i = 0; i < r->nh; i++)
        if (strcasecmp(r->hname[i], name) == 0)
            return r->hval[i];
    return NULL;
}

const char *ak_http_body(const struct ak_http_req *r, size_t *len)
{
    if (len)
        *len = r->body_len;
    return r->body ? r->body : "";
}

void ak_http_query_each(const struct ak_http_req *r, ak_http_query_cb cb, void *ud)
{
    for (size_t i = 0; i < r->nq; i++)
        cb(ud, r->qname[i], r->qval[i] ? r->qval[i] : "");
}

void ak_http_resp_header(struct ak_http_resp *resp, const char *name, const char *value)
{
    AK_GROW(resp->headers, resp->nheaders + 1, resp->capheaders);
    resp->headers[resp->nheaders].name = ak_xstrdup(name);
    resp->headers[resp->nheaders].value = ak_xstrdup(value);
    resp->nheaders++;
}

void ak_http_resp_text(struct ak_http_resp *resp, int status, const char *content_type,
                       const char *body)
{
    resp->status = status;
    resp->content_type = content_type;
    ak_buf_reset(&resp->body);
    ak_buf_puts(&resp->body, body);
}

void ak_http_stream_wake(struct ak_http_stream *s) { s->suspended = false; }
size_t ak_http_live_streams(const struct ak_http *srv) { return 0; }
struct ak_http *ak_http_start(struct ak_loop *loop, const struct ak_http_config *cfg,
                              ak_http_handler handler, void *ud, char *errbuf, size_t errlen)
{
    snprintf(errbuf, errlen, "no HTTP server in the fuzz build");
    return NULL;
}
void ak_http_stop(struct ak_http *srv) {}
uint16_t ak_http_port(const struct ak_http *srv) { return 8443; }

/* ---- the in-memory daemon ---- */

#define FZ_SUB "00000000-0000-0000-0000-000000000001"

struct fz_world {
    struct ak_store *store;
    struct ak_loop *loop;
    struct ak_state *st;
    struct ak_kworld *kworld;
    struct ak_kctrl *kctrl;
    struct ak_kapi *kapi;
    struct ak_ctrl ctrl;
    struct ak_arm *arm;
    char kube_id[32];
    char token[80];
};

static int64_t loop_now(void *ud) { return ak_loop_now(ud); }
static void ctrl_kick(void *ud) { ak_ctrl_kick(ud); }
static void on_arm_change(void *ud)
{
    struct fz_world *w = ud;
    ak_kworld_sync(w->kworld);
}

static void serve_raw(struct fz_world *w, const char *method, const char *path_query,
                      const char *body)
{
    struct ak_buf b = AK_BUF_INIT(1u << 20);
    ak_buf_printf(&b, "%s %s\r\nContent-Type: application/json\r\n\r\n%s", method, path_query,
                  body);
    struct ak_http_req req;
    struct ak_http_resp resp;
    memset(&resp, 0, sizeof(resp));
    ak_buf_init(&resp.body, 64u << 20);
    if (!fz_req_parse(&req, (const uint8_t *)b.data, b.len))
        abort();
    fz_world_serve(w, &req, &resp, 0);
    if (resp.status >= 300) {
        fprintf(stderr, "fz_world: %s %s -> %d %s\n", method, path_query, resp.status,
                ak_buf_cstr(&resp.body));
        abort();
    }
    fz_resp_release(&resp);
    fz_req_release(&req);
    ak_buf_release(&b);
}

static struct fz_world *world_new(void)
{
    struct fz_world *w = ak_xcalloc(1, sizeof(*w));
    struct ak_err err;
    ak_log_min = AK_LOG_OFF;
    if (ak_store_open_sqlite(&w->store, ":memory:", AK_SYNC_OFF, &err) != 0) {
        fprintf(stderr, "fz_world: %s\n", err.message);
        abort();
    }
    w->loop = ak_loop_new(AK_CLOCK_VIRTUAL, 1714557600000LL);
    struct ak_state_config scfg = {
        .subscription_id = FZ_SUB,
        .subscription_name = "aksemu",
        .tenant_id = "00000000-0000-0000-0000-0000000000aa",
        .provision_ms = 50,
    };
    w->st = ak_state_new(w->store, &scfg, loop_now, w->loop);
    if (ak_state_load(w->st, &err) != 0)
        abort();
    struct ak_kworld_config kcfg = {100, 100, 5000, 1, false};
    w->kworld = ak_kworld_new(w->st, w->loop, &kcfg);
    w->kctrl = ak_kctrl_new(w->kworld);
    w->kapi = ak_kapi_new(w->kworld);
    if (ak_kworld_load(w->kworld, &err) != 0)
        abort();
    ak_ctrl_init(&w->ctrl, w->loop, w->st);
    w->ctrl.on_change = on_arm_change;
    w->ctrl.on_change_ud = w;
    ak_state_set_op_hook(w->st, ctrl_kick, &w->ctrl);
    struct ak_arm_config acfg = {
        .ca_pem = "-----BEGIN CERTIFICATE-----\nZnV6eg==\n-----END CERTIFICATE-----\n",
        .provision_ms = 50,
        .port = 8443,
        .speed = 1,
    };
    w->arm = ak_arm_new(w->st, &w->ctrl, &acfg);
    ak_ctrl_kick(&w->ctrl);
    ak_kworld_sync(w->kworld);

    serve_raw(w, "PUT", "/subscriptions/" FZ_SUB "/resourcegroups/fz-rg?api-version=2022-09-01",
              "{\"location\":\"eastus\"}");
    serve_raw(w, "PUT",
              "/subscriptions/" FZ_SUB "/resourceGroups/fz-rg/providers/"
              "Microsoft.ContainerService/managedClusters/fz-aks?api-version=2022-11-01",
              "{\"location\":\"eastus\",\"properties\":{\"dnsPrefix\":\"fz\","
              "\"agentPoolProfiles\":[{\"name\":\"nodepool1\",\"count\":1,"
              "\"vmSize\":\"Standard_DS2_v2\",\"osType\":\"Linux\",\"mode\":\"System\"}]}}");
    ak_loop_run_until(w->loop, ak_loop_now(w->loop) + 120000);
    struct ak_cluster *cl = ak_state_cluster(w->st, FZ_SUB, "fz-rg", "fz-aks");
    if (!cl)
        abort();
    snprintf(w->kube_id, sizeof(w->kube_id), "%s", cl->kube_id);
    snprintf(w->token, sizeof(w->token), "%s", cl->admin_token);
    return w;
}

struct fz_world *fz_world_get(void)
{
    static struct fz_world *w;
    if (!w)
        w = world_new();
    return w;
}

const char *fz_world_sub(const struct fz_world *w) { return FZ_SUB; }
const char *fz_world_kube_id(const struct fz_world *w) { return w->kube_id; }
const char *fz_world_token(const struct fz_world *w) { return w->token; }

void fz_world_serve(struct fz_world *w, struct ak_http_req *req, struct ak_http_resp *resp,
                    int64_t advance_ms)
{
    const char *path = ak_http_path(req);
    if (strncmp(path, "/k8s/", 5) == 0 || ak_kapi_claims(w->kapi, req))
        ak_kapi_handle(w->kapi, req, resp);
    else
        ak_arm_handle(w->arm, req, resp);
    if (resp->stream) {
        /* a watch: read what it has now, then the client goes away */
        char buf[4096];
        for (int i = 0; i < 4; i++) {
            ssize_t n = resp->stream->fill(resp->stream, buf, sizeof(buf));
            if (n < 0)
                break;
            if (n == 0) {
                ak_loop_run_until(w->loop, ak_loop_now(w->loop) + 10);
                ak_http_stream_wake(resp->stream);
            }
        }
    }
    if (advance_ms > 0)
        ak_loop_run_until(w->loop, ak_loop_now(w->loop) + advance_ms);
}

void fz_world_serve_idle(struct fz_world *w, int64_t ms)
{
    ak_loop_run_until(w->loop, ak_loop_now(w->loop) + ms);
}

/* the simulator's in-process requests are not fuzzed here */
int ak_http_local(ak_http_handler handler, void *ud, const char *method, const char *path,
                  const char *const *query, const char *const *headers, const char *body, size_t len,
                  struct ak_buf *out)
{
    (void)handler, (void)ud, (void)method, (void)path, (void)query, (void)headers, (void)body, (void)len,
        (void)out;
    return 501;
}
