/* ak_kapi_res.c - resources: get, list, create, update, patch, delete and subresources. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_kapi_int.h"
#include "../../core/ak_labels.h"
#include "../../ctrl/ak_kctrl.h"
#include "../../kube/ak_kpod.h"
#include "../../kube/ak_ktable.h"
#include "../../kube/ak_patch.h"
#include "../../kube/ak_proto.h"
#include "../../kube/ak_quantity.h"
#include "../../kube/ak_selector.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_base64.h"
#include "../../util/ak_log.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_yaml.h"
#include "../../util/ak_banned.h"

/* ------------------------------------------------------------------ bodies */

json_t *kapi_decode_body(struct kreq *r, bool allow_empty)
{
    size_t len;
    const char *body = ak_http_body(r->req, &len);
    const char *ct = ak_http_header(r->req, "Content-Type");
    struct ak_err err;
    ak_err_clear(&err);
    if (len == 0) {
        if (allow_empty)
            return json_object();
        kapi_status(r, 400, "BadRequest", NULL, "the request body is empty");
        return NULL;
    }
    json_t *j = NULL;
    if (ct && ak_istarts_with(ct, AK_PROTO_CONTENT_TYPE)) {
        j = ak_proto_decode(body, len, &err);
        if (!j) {
            kapi_status(r, 400, "BadRequest", NULL, "%s", err.message);
            return NULL;
        }
    } else if (ct && (ak_istarts_with(ct, "application/yaml") ||
                      ak_istarts_with(ct, "application/apply-patch+yaml"))) {
        char e[512];
        j = ak_yaml_parse(body, len, "body", e, sizeof(e));
        if (!j) {
            kapi_status(r, 400, "BadRequest", NULL, "error decoding YAML: %s", e);
            return NULL;
        }
    } else if (!ct || ak_istarts_with(ct, "application/json") || ak_istarts_with(ct, "*/*")) {
        json_error_t je;
        j = json_loadb(body, len, 0, &je);
        if (!j) {
            kapi_status(r, 400, "BadRequest", NULL,
                        "couldn't get version/kind; json parse error: %s at line %d, column %d",
                        je.text, je.line, je.column);
            return NULL;
        }
    } else {
        kapi_status(r, 415, "UnsupportedMediaType", NULL,
                    "the body of the request was in an unknown format - accepted media types "
                    "include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        kapi_status(r, 400, "BadRequest", NULL, "the body must be a JSON object");
        return NULL;
    }
    return j;
}

/* ------------------------------------------------------------------ filters */

struct kapi_filter {
    enum ak_kkind kind;
    const char *ns;
    struct ak_lsel lsel;
    struct ak_fsel fsel;
    bool have_l, have_f;
};

static const char *const pod_fields[] = {
    "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy",
    "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase",
    "status.podIP", "status.podIPs", "status.nominatedNodeName", NULL};

struct kapi_filter *kapi_filter_parse(struct kreq *r)
{
    struct kapi_filter *f = ak_xcalloc(1, sizeof(*f));
    f->kind = r->ki->kind;
    f->ns = r->ns;
    ak_lsel_init_everything(&f->lsel);
    ak_fsel_init(&f->fsel);
    struct ak_err err;
    const char *ls = kapi_query(r, "labelSelector");
    if (ls && *ls) {
        if (ak_lsel_parse(&f->lsel, ls, &err) != 0) {
            kapi_status(r, 400, "BadRequest", NULL, "%s", err.message);
            kapi_filter_free(f);
            return NULL;
        }
        f->have_l = true;
    }
    const char *fs = kapi_query(r, "fieldSelector");
    if (fs && *fs) {
        if (ak_fsel_parse(&f->fsel, fs, &err) != 0 ||
            ak_fsel_validate(&f->fsel,
                             r->ki->kind == AK_KIND_POD ? pod_fields
                                                        : ak_fsel_fields_for_kind(r->ki->name),
                             r->ki->name, &err) != 0) {
            kapi_status(r, 400, "BadRequest", NULL, "%s", err.message);
            kapi_filter_free(f);
            return NULL;
        }
        f->have_f = true;
    }
    return f;
}

void kapi_filter_set_ns(struct kapi_filter *f, const char *ns)
{
    f->ns = ns;
}

static const char *kapi_filter_ns(const struct kapi_filter *f)
{
    return f->ns;
}

static bool kapi_filter_has_selectors(const struct kapi_filter *f)
{
    return f->have_l || f->have_f;
}

void kapi_filter_free(struct kapi_filter *f)
{
    if (!f)
        return;
    ak_lsel_release(&f->lsel);
    ak_fsel_release(&f->fsel);
    free(f);
}

struct getter {
    const struct ak_kobj *o;
    const json_t *j;
    json_t *owned;
    char buf[64];
};

static const char *jpath(const json_t *j, const char *path)
{
    char p[128];
    snprintf(p, sizeof(p), "%s", path);
    const json_t *cur = j;
    char *save = NULL;
    for (char *t = strtok_r(p, ".", &save); t && cur; t = strtok_r(NULL, ".", &save))
        cur = json_object_get(cur, t);
    if (json_is_string(cur))
        return json_string_value(cur);
    return NULL;
}

static const char *get_field(void *ud, const char *field)
{
    struct getter *g = ud;
    if (strcmp(field, "metadata.name") == 0)
        return g->o ? g->o->name : jpath(g->j, field);
    if (strcmp(field, "metadata.namespace") == 0)
        return g->o ? g->o->ns : jpath(g->j, field);
    if (g->o && g->o->kind == AK_KIND_POD) {
        const struct ak_kpod *p = ak_kpod_of(g->o);
        if (strcmp(field, "spec.nodeName") == 0)
            return p ? p->node : NULL;
        if (strcmp(field, "status.phase") == 0)
            return p ? p->phase : NULL;
    }
    if (!g->j) {
        g->owned = ak_kobj_json(g->o);
        g->j = g->owned;
    }
    const char *s = jpath(g->j, field);
    if (!s) {
        /* booleans (spec.unschedulable, spec.hostNetwork) compare as "true"/"false" */
        char p[128];
        snprintf(p, sizeof(p), "%s", field);
        const json_t *cur = g->j;
        char *save = NULL;
        for (char *t = strtok_r(p, ".", &save); t && cur; t = strtok_r(NULL, ".", &save))
            cur = json_object_get(cur, t);
        if (json_is_boolean(cur))
            return json_is_true(cur) ? "true" : "false";
        if (json_is_integer(cur)) {
            snprintf(g->buf, sizeof(g->buf), "%lld", (long long)json_integer_value(cur));
            return g->buf;
        }
        if (strcmp(field, "spec.unschedulable") == 0)
            return "false";
    }
    return s;
}

bool kapi_filter_match(const struct kapi_filter *f, const struct ak_kobj *o)
{
    if (f->ns && strcmp(f->ns, o->ns) != 0)
        return false;
    if (f->have_l && !ak_lsel_match(&f->lsel, &o->labels))
        return false;
    if (f->have_f) {
        struct getter g = {o, NULL, NULL, ""};
        bool m = ak_fsel_match(&f->fsel, get_field, &g);
        json_decref(g.owned);
        if (!m)
            return false;
    }
    return true;
}

bool kapi_filter_match_json(const struct kapi_filter *f, const json_t *obj)
{
    json_t *meta = json_object_get(obj, "metadata");
    const char *ns = ak_json_str(meta, "namespace");
    if (f->ns && !ak_streq(f->ns, ns ? ns : ""))
        return false;
    if (f->have_l) {
        struct ak_kvs labels = {0};
        ak_codec_kvs_decode(json_object_get(meta, "labels"), &labels);
        bool m = ak_lsel_match(&f->lsel, &labels);
        ak_kvs_release(&labels);
        if (!m)
            return false;
    }
    if (f->have_f) {
        struct getter g = {NULL, obj, NULL, ""};
        if (!ak_fsel_match(&f->fsel, get_field, &g))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------ rendering */

static json_t *partial_meta(const json_t *obj)
{
    json_t *meta = json_deep_copy(json_object_get(obj, "metadata"));
    if (!meta)
        meta = json_object();
    json_object_del(meta, "managedFields");
    return json_pack("{s:s,s:s,s:o}", "kind", "PartialObjectMetadata", "apiVersion",
                     "meta.k8s.io/v1", "metadata", meta);
}

static json_t *table_row_at(struct kreq *r, const json_t *obj, bool full, int64_t now)
{
    json_t *row = json_pack("{s:o}", "cells", ak_ktable_cells(r->ki->kind, obj, now));
    json_t *conds = ak_ktable_row_conditions(r->ki->kind, obj);
    if (conds)
        json_object_set_new(row, "conditions", conds);
    const char *inc = kapi_query(r, "includeObject");
    if (inc && strcmp(inc, "None") == 0)
        return row;
    json_object_set_new(row, "object", full || (inc && strcmp(inc, "Object") == 0)
                                           ? json_deep_copy(obj)
                                           : partial_meta(obj));
    return row;
}

json_t *kapi_table_row(struct kreq *r, const struct ak_kobj *o, const json_t *obj, bool full)
{
    (void)o;
    return table_row_at(r, obj, full, ak_loop_now(ak_kworld_loop(r->api->world)));
}

/* A list page's metadata: resourceVersion, and continue + remainingItemCount when there are
 * more items (cont NULL: none). */
struct page {
    char *cont;
    long long remaining; /* -1: not known (selectors) */
    uint64_t rv;         /* the list's resourceVersion (its first page's); 0: the store's */
};

static json_t *list_meta(struct kreq *r, const struct page *pg)
{
    char rv[32];
    snprintf(rv, sizeof(rv), "%llu", (unsigned long long)(pg && pg->rv ? pg->rv : ak_kstore_rv(r->ks)));
    json_t *m = json_pack("{s:s}", "resourceVersion", rv);
    if (pg && pg->cont) {
        ak_json_set_str(m, "continue", pg->cont);
        if (pg->remaining >= 0)
            json_object_set_new(m, "remainingItemCount", json_integer(pg->remaining));
    }
    return m;
}

static void table_response_page(struct kreq *r, json_t *rows, const struct page *pg)
{
    json_t *t = json_pack("{s:s,s:s,s:o,s:o,s:o}", "kind", "Table", "apiVersion", "meta.k8s.io/v1",
                          "metadata", list_meta(r, pg), "columnDefinitions",
                          ak_ktable_columns(r->ki->kind), "rows", rows);
    kapi_json(r, 200, t);
}

static void table_response(struct kreq *r, json_t *rows)
{
    table_response_page(r, rows, NULL);
}

/* One Table row as JSON text. Pods and nodes are printed from their typed state (the
 * common LISTs at scale); the other kinds, and objects with managedFields, through JSON. */
static void table_row_text(struct kreq *r, const struct ak_kobj *o, struct ak_buf *b)
{
    int64_t now = ak_loop_now(ak_kworld_loop(r->api->world));
    const char *inc = kapi_query(r, "includeObject");
    bool none = inc && strcmp(inc, "None") == 0, full = inc && strcmp(inc, "Object") == 0;
    size_t mark = b->len;
    bool typed = false;
    ak_buf_putc(b, '{');
    if (ak_ktable_row_typed(o, now, b)) {
        typed = true;
        if (full) {
            ak_buf_puts(b, ",\"object\":");
            ak_kobj_render(o, b);
        } else if (!none) {
            ak_buf_puts(b, ",\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":"
                           "\"meta.k8s.io/v1\",\"metadata\":");
            if (!ak_kobj_render_meta(o, b))
                typed = false;
            else
                ak_buf_putc(b, '}');
        }
    }
    if (!typed) {
        b->len = mark;
        json_t *obj = ak_kobj_json(o);
        json_t *row = table_row_at(r, obj, false, now);
        char *txt = ak_json_dump(row);
        ak_buf_puts(b, txt);
        free(txt);
        json_decref(row);
        json_decref(obj);
        return;
    }
    ak_buf_putc(b, '}');
#ifndef NDEBUG
    /* debug builds (make check) prove the typed row equal to the JSON one for every row */
    json_t *mine = json_loadb(b->data + mark, b->len - mark, 0, NULL);
    json_t *obj = ak_kobj_json(o);
    json_t *ref = table_row_at(r, obj, false, now);
    if (!mine || !json_equal(mine, ref)) {
        char *a = ak_json_dump(ref);
        ak_fatal("internal: typed table row differs from the JSON one:\n%.*s\n%s", (int)(b->len - mark),
                 b->data + mark, a);
    }
    json_decref(mine);
    json_decref(ref);
    json_decref(obj);
#endif
}

static void object_response(struct kreq *r, int code, const struct ak_kobj *o)
{
    if (kapi_wants_table(r)) {
        json_t *obj = ak_kobj_json(o);
        json_t *rows = json_array();
        json_array_append_new(rows, kapi_table_row(r, o, obj, false));
        json_decref(obj);
        table_response(r, rows);
        r->resp->status = code;
        return;
    }
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_kobj_render(o, &b);
    kapi_raw(r, code, "application/json", b.data, b.len);
    ak_buf_release(&b);
}

/* ------------------------------------------------------------------ list */

/* kube-apiserver's continue token: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":KEY"\u0000"}
 * where KEY is the last returned object's key under the resource prefix ("ns/name", or
 * "name" for cluster-scoped kinds); the next page starts after it. N is the list's
 * resourceVersion: the first page's, carried through every page. */
static char *list_continue_token(struct kreq *r, const char *ns, const char *name, uint64_t rv)
{
    char *key = r->ki->namespaced ? ak_xasprintf("%s/%s", ns, name) : ak_xstrdup(name);
    size_t kl = strlen(key);
    char *start = ak_xmalloc(kl + 2);
    memcpy(start, key, kl);
    start[kl] = '\0';
    json_t *t = json_pack("{s:s,s:I,s:s%}", "v", "meta.k8s.io/v1", "rv", (json_int_t)rv,
                          "start", start, kl + 1);
    char *js = ak_json_dump(t);
    json_decref(t);
    char *tok = ak_base64_encode(js, strlen(js));
    free(js);
    /* base64.RawURLEncoding */
    size_t w = 0;
    for (size_t i = 0; tok[i]; i++) {
        if (tok[i] == '=')
            continue;
        tok[w++] = tok[i] == '+' ? '-' : tok[i] == '/' ? '_' : tok[i];
    }
    tok[w] = '\0';
    free(start);
    free(key);
    return tok;
}

static int list_continue_parse(struct kreq *r, const char *tok, char **ns, char **name, uint64_t *rv)
{
    size_t len = 0, tl = strlen(tok);
    char *std = ak_xmalloc(tl + 4);
    size_t w = 0;
    for (size_t i = 0; i < tl; i++)
        std[w++] = tok[i] == '-' ? '+' : tok[i] == '_' ? '/' : tok[i];
    while (w % 4)
        std[w++] = '=';
    std[w] = '\0';
    char *raw = ak_base64_decode(std, w, &len);
    free(std);
    json_t *j = raw ? json_loadb(raw, len, JSON_ALLOW_NUL, NULL) : NULL;
    free(raw);
    const char *start = ak_json_str(j, "start");
    const char *v = ak_json_str(j, "v");
    if (!j || !start || !v || strcmp(v, "meta.k8s.io/v1") != 0) {
        json_decref(j);
        kapi_status(r, 400, "BadRequest", NULL, "continue key is not valid: %s",
                    !j ? "illegal base64 data or not a JSON object" : "incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        return AK_EINVAL;
    }
    json_t *jrv = json_object_get(j, "rv");
    if (!json_is_integer(jrv) || json_integer_value(jrv) <= 0) {
        json_decref(j);
        kapi_status(r, 400, "BadRequest", NULL, "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        return AK_EINVAL;
    }
    *rv = (uint64_t)json_integer_value(jrv);
    size_t sl = json_string_length(json_object_get(j, "start"));
    char *key = ak_xstrndup(start, sl);
    size_t kl = strlen(key); /* the trailing NUL of the token ends it */
    if (kl == 0 || strstr(key, "..") || key[0] == '/') {
        free(key);
        json_decref(j);
        kapi_status(r, 400, "BadRequest", NULL, "continue key is not valid: invalid start key");
        return AK_EINVAL;
    }
    if (r->ki->namespaced) {
        char *slash = strchr(key, '/');
        if (!slash) {
            free(key);
            json_decref(j);
            kapi_status(r, 400, "BadRequest", NULL, "continue key is not valid: invalid start key");
            return AK_EINVAL;
        }
        *ns = ak_xstrndup(key, (size_t)(slash - key));
        *name = ak_xstrdup(slash + 1);
    } else {
        *ns = ak_xstrdup("");
        *name = ak_xstrdup(key);
    }
    free(key);
    json_decref(j);
    return 0;
}

static void list(struct kreq *r)
{
    struct kapi_filter *f = kapi_filter_parse(r);
    if (!f)
        return;
    const char *w = kapi_query(r, "watch");
    if (w && (strcmp(w, "true") == 0 || strcmp(w, "1") == 0)) {
        const char *rvs = kapi_query(r, "resourceVersion");
        int64_t rv = -1;
        if (rvs && *rvs && strcmp(rvs, "0") != 0 && ak_parse_i64(rvs, 0, INT64_MAX, &rv) != 0) {
            kapi_status(r, 400, "BadRequest", NULL, "invalid resource version: %s", rvs);
            kapi_filter_free(f);
            return;
        }
        kapi_watch(r, f, rv < 0 ? UINT64_MAX : (uint64_t)rv, kapi_wants_table(r));
        return;
    }
    bool table = kapi_wants_table(r);
    int64_t limit = 0;
    const char *ls = kapi_query(r, "limit");
    if (ls && *ls && ak_parse_i64(ls, 0, INT64_MAX, &limit) != 0) {
        kapi_status(r, 400, "BadRequest", NULL, "invalid limit: %s", ls);
        kapi_filter_free(f);
        return;
    }
    /* where the page starts: after the continue token's key, else at the scope's first key */
    char *cns = NULL, *cname = NULL;
    uint64_t list_rv = ak_kstore_rv(r->ks);
    const char *cs = kapi_query(r, "continue");
    if (cs && *cs && list_continue_parse(r, cs, &cns, &cname, &list_rv) != 0) {
        kapi_filter_free(f);
        return;
    }
    if (cns && (list_rv < ak_kstore_oldest_rv(r->ks) || list_rv > ak_kstore_rv(r->ks))) {
        /* The pages are read from the live store, not a snapshot; what keeps a paged list
         * consistent is its first page's resourceVersion on every page, from which a watch
         * replays what changed meanwhile. Once the watch cache no longer holds the events
         * after it (or a restart came between), kube-apiserver's answer to a compacted
         * revision: 410 Expired, with a token to go on inconsistently from the same key. */
        char *tok = list_continue_token(r, cns, cname, ak_kstore_rv(r->ks));
        json_t *st = json_pack("{s:s,s:s,s:{s:s},s:s,s:s,s:s,s:i}", "kind", "Status", "apiVersion", "v1",
                               "metadata", "continue", tok, "status", "Failure", "message",
                               "The provided continue parameter is too old to display a consistent list "
                               "result. You can start a new list without the continue parameter, or use "
                               "the continue token in this response to retrieve the remainder of the "
                               "results. Continuing with the provided token results in an inconsistent "
                               "list - objects that were created, modified, or deleted between the time "
                               "the first chunk was returned and now may show up in the list.",
                               "reason", "Expired", "code", 410);
        kapi_json(r, 410, st);
        free(tok);
        free(cns);
        free(cname);
        kapi_filter_free(f);
        return;
    }
    const char *scope = kapi_filter_ns(f);
    struct ak_kiter it;
    if (cns)
        ak_kstore_iter(r->ks, r->ki->kind, cns, cname, &it);
    else
        ak_kstore_iter(r->ks, r->ki->kind, scope, scope ? "" : NULL, &it);
    bool selectors = kapi_filter_has_selectors(f);
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_puts(&b, "[");
    int64_t n = 0;
    struct ak_kobj *o, *last = NULL;
    bool more = false;
    while ((o = ak_kiter_next(&it)) != NULL) {
        if (scope && strcmp(o->ns, scope) != 0)
            break; /* past the namespace */
        if (limit > 0 && n == limit) {
            more = true;
            break;
        }
        if (!kapi_filter_match(f, o))
            continue;
        if (n)
            ak_buf_putc(&b, ',');
        if (table)
            table_row_text(r, o, &b);
        else
            ak_kobj_render(o, &b);
        n++;
        last = o;
    }
    struct page pg = {NULL, -1, list_rv};
    if (more && last) {
        pg.cont = list_continue_token(r, last->ns, last->name, list_rv);
        if (!selectors) /* as kube-apiserver: only without selectors */
            pg.remaining = (long long)ak_kstore_count_after(r->ks, r->ki->kind, last->ns, last->name,
                                                            scope != NULL);
    }
    free(cns);
    free(cname);
    kapi_filter_free(f);
    ak_buf_puts(&b, "]");
    json_t *meta = list_meta(r, &pg);
    char *ms = ak_json_dump(meta);
    json_decref(meta);
    struct ak_buf out = AK_BUF_INIT(AK_BUF_UNLIMITED);
    if (table) {
        json_t *cols = ak_ktable_columns(r->ki->kind);
        char *cs2 = ak_json_dump(cols);
        json_decref(cols);
        ak_buf_printf(&out, "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":%s,"
                            "\"columnDefinitions\":%s,\"rows\":", ms, cs2);
        free(cs2);
    } else {
        ak_buf_printf(&out, "{\"kind\":\"%sList\",\"apiVersion\":\"%s\",\"metadata\":%s,\"items\":",
                      r->ki->name, r->ki->api_version, ms);
    }
    ak_buf_append(&out, b.data, b.len);
    ak_buf_putc(&out, '}');
    free(ms);
    ak_buf_release(&b);
    free(pg.cont);
    kapi_raw(r, 200, "application/json", out.data, out.len);
    ak_buf_release(&out);
}

/* ------------------------------------------------------------------ validation and defaults */

struct causes {
    json_t *arr;
    struct ak_buf msg;
};

static void cause(struct causes *c, const char *reason, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void cause(struct causes *c, const char *reason, const char *field, const char *fmt, ...)
{
    char m[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof(m), fmt, ap);
    va_end(ap);
    json_array_append_new(c->arr, json_pack("{s:s,s:s,s:s}", "reason", reason, "message", m, "field", field));
    ak_buf_printf(&c->msg, "%s%s: %s", c->msg.len ? ", " : "", field, m);
}

static void check_dns_label(struct causes *c, const char *field, const char *v)
{
    if (!v || !*v) {
        cause(c, "FieldValueRequired", field, "Required value");
        return;
    }
    if (!ak_dns1123_label_valid(v))
        cause(c, "FieldValueInvalid", field,
              "Invalid value: \"%s\": a lowercase RFC 1123 label must consist of lower case "
              "alphanumeric characters or '-', and must start and end with an alphanumeric "
              "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
              "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
              v);
}

static void check_resources(struct causes *c, const char *base, json_t *res)
{
    const char *which[] = {"requests", "limits"};
    for (int w = 0; w < 2; w++) {
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(res, which[w]), k, v)
        {
            char field[640];
            snprintf(field, sizeof(field), "%.300s.resources.%s[%.300s]", base, which[w], k);
            const char *q = json_string_value(v);
            char num[64];
            if (json_is_integer(v)) {
                snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
                q = num;
            }
            if (!q || !ak_quantity_valid(q))
                cause(c, "FieldValueInvalid", field,
                      "Invalid value: \"%s\": quantities must match the regular expression "
                      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                      q ? q : "");
            else if (q[0] == '-')
                cause(c, "FieldValueInvalid", field,
                      "Invalid value: \"%s\": must be greater than or equal to 0", q);
        }
    }
}

static void check_pod_spec(struct causes *c, const char *base, json_t *spec)
{
    char field[256];
    json_t *cs = json_object_get(spec, "containers");
    if (json_array_size(cs) == 0) {
        snprintf(field, sizeof(field), "%s.containers", base);
        cause(c, "FieldValueRequired", field, "Required value");
        return;
    }
    size_t i;
    json_t *ctr;
    json_array_foreach(cs, i, ctr)
    {
        snprintf(field, sizeof(field), "%s.containers[%zu].name", base, i);
        check_dns_label(c, field, ak_json_str(ctr, "name"));
        for (size_t j = 0; j < i; j++)
            if (ak_streq(ak_json_str(ctr, "name"), ak_json_str(json_array_get(cs, j), "name")))
                cause(c, "FieldValueDuplicate", field, "Duplicate value: \"%s\"",
                      ak_json_str(ctr, "name"));
        const char *img = ak_json_str(ctr, "image");
        if (!img || !*img) {
            snprintf(field, sizeof(field), "%s.containers[%zu].image", base, i);
            cause(c, "FieldValueRequired", field, "Required value");
        }
        snprintf(field, sizeof(field), "%s.containers[%zu]", base, i);
        check_resources(c, field, json_object_get(ctr, "resources"));
    }
    size_t t;
    json_t *tol;
    json_array_foreach(json_object_get(spec, "tolerations"), t, tol)
    {
        const char *op = ak_json_str(tol, "operator");
        const char *eff = ak_json_str(tol, "effect");
        if (op && *op && strcmp(op, "Exists") != 0 && strcmp(op, "Equal") != 0) {
            snprintf(field, sizeof(field), "%s.tolerations[%zu].operator", base, t);
            cause(c, "FieldValueNotSupported", field,
                  "Unsupported value: \"%s\": supported values: \"Equal\", \"Exists\"", op);
        }
        if (eff && *eff && !ak_taint_effect_valid(eff)) {
            snprintf(field, sizeof(field), "%s.tolerations[%zu].effect", base, t);
            cause(c, "FieldValueNotSupported", field,
                  "Unsupported value: \"%s\": supported values: \"NoSchedule\", "
                  "\"PreferNoSchedule\", \"NoExecute\"",
                  eff);
        }
    }
}

static void check_selector_matches(struct causes *c, json_t *spec)
{
    json_t *sel = json_object_get(spec, "selector");
    if (!sel || json_is_null(sel)) {
        cause(c, "FieldValueRequired", "spec.selector", "Required value");
        return;
    }
    struct ak_lsel ls;
    struct ak_err err;
    if (ak_lsel_from_json(&ls, sel, &err) != 0) {
        cause(c, "FieldValueInvalid", "spec.selector", "Invalid value: %s", err.message);
        return;
    }
    struct ak_kvs labels = {0};
    ak_codec_kvs_decode(json_object_get(json_object_get(json_object_get(spec, "template"), "metadata"), "labels"),
                        &labels);
    if (ak_lsel_empty(&ls))
        cause(c, "FieldValueInvalid", "spec.selector",
              "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
              "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid "
              "for deployment");
    else if (!ak_lsel_match(&ls, &labels))
        cause(c, "FieldValueInvalid", "spec.template.metadata.labels",
              "Invalid value: map[string]string{...}: `selector` does not match template `labels`");
    ak_kvs_release(&labels);
    ak_lsel_release(&ls);
}

/* Returns true when valid; otherwise answered 422. */
static bool validate(struct kreq *r, const char *name, json_t *obj)
{
    struct causes c = {json_array(), AK_BUF_INIT(1 << 16)};
    json_t *meta = json_object_get(obj, "metadata");
    if (name && *name) {
        bool ok = r->ki->kind == AK_KIND_NAMESPACE ? ak_dns1123_label_valid(name)
                                                    : ak_dns1123_subdomain_valid(name);
        if (!ok)
            cause(&c, "FieldValueInvalid", "metadata.name",
                  "Invalid value: \"%s\": a lowercase RFC 1123 %s must consist of lower case "
                  "alphanumeric characters, '-' or '.', and must start and end with an "
                  "alphanumeric character",
                  name, r->ki->kind == AK_KIND_NAMESPACE ? "label" : "subdomain");
    }
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(meta, "labels"), k, v)
    {
        char field[300];
        snprintf(field, sizeof(field), "metadata.labels");
        if (!ak_label_key_valid(k))
            cause(&c, "FieldValueInvalid", field, "Invalid value: \"%s\": name part must consist of "
                  "alphanumeric characters, '-', '_' or '.', and must start and end with an "
                  "alphanumeric character", k);
        else if (!json_is_string(v) || !ak_label_value_valid(json_string_value(v)))
            cause(&c, "FieldValueInvalid", field, "Invalid value: \"%s\": a valid label must be an "
                  "empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                  "start and end with an alphanumeric character",
                  json_string_value(v) ? json_string_value(v) : "");
    }
    /* apimachinery's ValidateAnnotations: qualified-name keys, 256 KiB in all */
    size_t asize = 0;
    json_object_foreach(json_object_get(meta, "annotations"), k, v)
    {
        asize += strlen(k) + (json_is_string(v) ? json_string_length(v) : 0);
        if (!ak_label_key_valid(k))
            cause(&c, "FieldValueInvalid", "metadata.annotations",
                  "Invalid value: \"%s\": name part must consist of alphanumeric characters, "
                  "'-', '_' or '.', and must start and end with an alphanumeric character", k);
        else if (!json_is_string(v))
            cause(&c, "FieldValueInvalid", "metadata.annotations",
                  "Invalid value: \"%s\": must be a string", k);
    }
    if (asize > 262144)
        cause(&c, "FieldValueTooLong", "metadata.annotations",
              "Too long: must have at most 262144 bytes");
    if (r->ki->kind == AK_KIND_CONFIGMAP || r->ki->kind == AK_KIND_SECRET) {
        /* ValidateConfigMap / ValidateSecret: the data in all at most 1 MiB */
        size_t dsize = 0;
        const char *dk;
        json_t *dv;
        bool b64 = r->ki->kind == AK_KIND_SECRET; /* a Secret's data is base64 */
        json_object_foreach(json_object_get(obj, "data"), dk, dv)
            dsize += json_is_string(dv) ? (b64 ? json_string_length(dv) * 3 / 4 : json_string_length(dv)) : 0;
        json_object_foreach(json_object_get(obj, "binaryData"), dk, dv)
            dsize += json_is_string(dv) ? json_string_length(dv) * 3 / 4 : 0;
        json_object_foreach(json_object_get(obj, "stringData"), dk, dv)
            dsize += json_is_string(dv) ? json_string_length(dv) : 0;
        if (dsize > 1048576)
            cause(&c, "FieldValueTooLong", r->ki->kind == AK_KIND_CONFIGMAP ? "[]" : "data",
                  "Too long: must have at most 1048576 bytes");
    }
    json_t *spec = json_object_get(obj, "spec");
    switch (r->ki->kind) {
    case AK_KIND_POD:
        check_pod_spec(&c, "spec", spec);
        break;
    case AK_KIND_DEPLOYMENT:
    case AK_KIND_REPLICASET:
    case AK_KIND_DAEMONSET:
        check_selector_matches(&c, spec);
        check_pod_spec(&c, "spec.template.spec", json_object_get(json_object_get(spec, "template"), "spec"));
        if (json_is_integer(json_object_get(spec, "replicas")) &&
            json_integer_value(json_object_get(spec, "replicas")) < 0)
            cause(&c, "FieldValueInvalid", "spec.replicas",
                  "Invalid value: %lld: must be greater than or equal to 0",
                  (long long)json_integer_value(json_object_get(spec, "replicas")));
        break;
    case AK_KIND_JOB:
        check_pod_spec(&c, "spec.template.spec", json_object_get(json_object_get(spec, "template"), "spec"));
        {
            const char *rp = ak_json_str(json_object_get(json_object_get(spec, "template"), "spec"), "restartPolicy");
            if (!rp || (strcmp(rp, "Never") != 0 && strcmp(rp, "OnFailure") != 0))
                cause(&c, "FieldValueRequired", "spec.template.spec.restartPolicy",
                      "Required value: valid values: \"OnFailure\", \"Never\"");
        }
        break;
    case AK_KIND_PDB: {
        bool min = json_object_get(spec, "minAvailable") != NULL;
        bool max = json_object_get(spec, "maxUnavailable") != NULL;
        if (min && max)
            cause(&c, "FieldValueInvalid", "spec",
                  "Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and "
                  "maxUnavailable cannot be both set");
        break;
    }
    default:
        break;
    }
    bool ok = json_array_size(c.arr) == 0;
    if (!ok) {
        size_t n = json_array_size(c.arr);
        json_t *d = json_pack("{s:s,s:s,s:O}", "name", name ? name : "", "kind", r->ki->name,
                              "causes", c.arr);
        if (*r->ki->group)
            ak_json_set_str(d, "group", r->ki->group);
        if (n == 1)
            kapi_status(r, 422, "Invalid", d, "%s \"%s\" is invalid: %s", r->ki->name,
                        name ? name : "", ak_buf_cstr(&c.msg));
        else
            kapi_status(r, 422, "Invalid", d, "%s \"%s\" is invalid: [%s]", r->ki->name,
                        name ? name : "", ak_buf_cstr(&c.msg));
    }
    json_decref(c.arr);
    ak_buf_release(&c.msg);
    return ok;
}

static void default_container(json_t *c)
{
    if (!ak_json_str(c, "terminationMessagePath"))
        ak_json_set_str(c, "terminationMessagePath", "/dev/termination-log");
    if (!ak_json_str(c, "terminationMessagePolicy"))
        ak_json_set_str(c, "terminationMessagePolicy", "File");
    if (!ak_json_str(c, "imagePullPolicy")) {
        const char *img = ak_json_str(c, "image");
        const char *tag = img ? strrchr(img, ':') : NULL;
        bool latest = !img || !tag || strchr(tag, '/') || strcmp(tag, ":latest") == 0;
        ak_json_set_str(c, "imagePullPolicy", latest ? "Always" : "IfNotPresent");
    }
    if (!json_object_get(c, "resources"))
        json_object_set_new(c, "resources", json_object());
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(c, "ports"), i, p)
    {
        if (!ak_json_str(p, "protocol"))
            ak_json_set_str(p, "protocol", "TCP");
    }
}

static void default_pod_spec(struct kreq *r, json_t *spec, bool is_pod)
{
    if (!json_is_object(spec))
        return;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(spec, "containers"), i, c)
        default_container(c);
    json_array_foreach(json_object_get(spec, "initContainers"), i, c)
        default_container(c);
    if (!ak_json_str(spec, "restartPolicy"))
        ak_json_set_str(spec, "restartPolicy", "Always");
    if (!json_object_get(spec, "terminationGracePeriodSeconds"))
        json_object_set_new(spec, "terminationGracePeriodSeconds", json_integer(30));
    if (!ak_json_str(spec, "dnsPolicy"))
        ak_json_set_str(spec, "dnsPolicy", "ClusterFirst");
    if (!ak_json_str(spec, "serviceAccountName"))
        ak_json_set_str(spec, "serviceAccountName", "default");
    if (!ak_json_str(spec, "serviceAccount"))
        ak_json_set_str(spec, "serviceAccount", ak_json_str(spec, "serviceAccountName"));
    if (!json_object_get(spec, "securityContext"))
        json_object_set_new(spec, "securityContext", json_object());
    if (!ak_json_str(spec, "schedulerName"))
        ak_json_set_str(spec, "schedulerName", "default-scheduler");
    if (!is_pod)
        return;
    if (!json_object_get(spec, "enableServiceLinks"))
        json_object_set_new(spec, "enableServiceLinks", json_true());
    /* the DefaultTolerationSeconds admission plugin */
    json_t *tols = json_object_get(spec, "tolerations");
    if (!json_is_array(tols)) {
        tols = json_array();
        json_object_set_new(spec, "tolerations", tols);
    }
    const char *keys[] = {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"};
    for (int k = 0; k < 2; k++) {
        bool have = false;
        size_t j;
        json_t *t;
        json_array_foreach(tols, j, t)
        {
            if (ak_streq(ak_json_str(t, "key"), keys[k]) || (!ak_json_str(t, "key") &&
                                                              ak_streq(ak_json_str(t, "operator"), "Exists")))
                have = true;
        }
        if (!have)
            json_array_append_new(tols, json_pack("{s:s,s:s,s:s,s:i}", "key", keys[k], "operator",
                                                  "Exists", "effect", "NoExecute",
                                                  "tolerationSeconds", 300));
    }
    /* Priority admission */
    const char *pc = ak_json_str(spec, "priorityClassName");
    int32_t prio = 0;
    if (pc && *pc && ak_kctrl_priority(r->kc, pc, &prio)) {
        json_object_set_new(spec, "priority", json_integer(prio));
        if (!ak_json_str(spec, "preemptionPolicy"))
            ak_json_set_str(spec, "preemptionPolicy", "PreemptLowerPriority");
    } else if (!json_object_get(spec, "priority")) {
        json_object_set_new(spec, "priority", json_integer(0));
        if (!ak_json_str(spec, "preemptionPolicy"))
            ak_json_set_str(spec, "preemptionPolicy", "PreemptLowerPriority");
    }
}

/* Returns false if it answered an error. */
static bool defaults(struct kreq *r, json_t *obj)
{
    json_t *spec = json_object_get(obj, "spec");
    switch (r->ki->kind) {
    case AK_KIND_POD: {
        const char *pc = ak_json_str(spec, "priorityClassName");
        int32_t prio;
        if (pc && *pc && !ak_kctrl_priority(r->kc, pc, &prio)) {
            kapi_status(r, 403, "Forbidden", NULL,
                        "pods \"%s\" is forbidden: no PriorityClass with name %s was found",
                        ak_json_str(json_object_get(obj, "metadata"), "name")
                            ? ak_json_str(json_object_get(obj, "metadata"), "name")
                            : "",
                        pc);
            return false;
        }
        default_pod_spec(r, spec, true);
        break;
    }
    case AK_KIND_DEPLOYMENT:
        if (!json_object_get(spec, "replicas"))
            json_object_set_new(spec, "replicas", json_integer(1));
        if (!json_object_get(spec, "strategy"))
            json_object_set_new(spec, "strategy",
                                json_pack("{s:s,s:{s:s,s:s}}", "type", "RollingUpdate",
                                          "rollingUpdate", "maxUnavailable", "25%", "maxSurge", "25%"));
        if (!json_object_get(spec, "revisionHistoryLimit"))
            json_object_set_new(spec, "revisionHistoryLimit", json_integer(10));
        if (!json_object_get(spec, "progressDeadlineSeconds"))
            json_object_set_new(spec, "progressDeadlineSeconds", json_integer(600));
        default_pod_spec(r, json_object_get(json_object_get(spec, "template"), "spec"), false);
        break;
    case AK_KIND_REPLICASET:
        if (!json_object_get(spec, "replicas"))
            json_object_set_new(spec, "replicas", json_integer(1));
        default_pod_spec(r, json_object_get(json_object_get(spec, "template"), "spec"), false);
        break;
    case AK_KIND_DAEMONSET:
        if (!json_object_get(spec, "updateStrategy"))
            json_object_set_new(spec, "updateStrategy",
                                json_pack("{s:s,s:{s:i,s:i}}", "type", "RollingUpdate",
                                          "rollingUpdate", "maxUnavailable", 1, "maxSurge", 0));
        if (!json_object_get(spec, "revisionHistoryLimit"))
            json_object_set_new(spec, "revisionHistoryLimit", json_integer(10));
        default_pod_spec(r, json_object_get(json_object_get(spec, "template"), "spec"), false);
        break;
    case AK_KIND_JOB: {
        if (!json_object_get(spec, "parallelism"))
            json_object_set_new(spec, "parallelism", json_integer(1));
        if (!json_object_get(spec, "completions"))
            json_object_set_new(spec, "completions", json_integer(1));
        if (!json_object_get(spec, "backoffLimit"))
            json_object_set_new(spec, "backoffLimit", json_integer(6));
        if (!ak_json_str(spec, "completionMode"))
            ak_json_set_str(spec, "completionMode", "NonIndexed");
        if (!json_object_get(spec, "suspend"))
            json_object_set_new(spec, "suspend", json_false());
        /* the job controller's selector and labels */
        json_t *tmeta = json_object_get(json_object_get(spec, "template"), "metadata");
        if (!json_is_object(tmeta)) {
            json_t *tmpl = json_object_get(spec, "template");
            if (json_is_object(tmpl))
                json_object_set_new(tmpl, "metadata", json_object());
        }
        default_pod_spec(r, json_object_get(json_object_get(spec, "template"), "spec"), false);
        break;
    }
    case AK_KIND_NAMESPACE: {
        json_t *meta = json_object_get(obj, "metadata");
        json_t *labels = json_object_get(meta, "labels");
        if (!json_is_object(labels)) {
            labels = json_object();
            json_object_set_new(meta, "labels", labels);
        }
        ak_json_set_str(labels, "kubernetes.io/metadata.name", ak_json_str(meta, "name"));
        if (!json_object_get(obj, "spec"))
            json_object_set_new(obj, "spec", json_pack("{s:[s]}", "finalizers", "kubernetes"));
        json_object_set_new(obj, "status", json_pack("{s:s}", "phase", "Active"));
        break;
    }
    case AK_KIND_SERVICE:
        if (json_is_object(spec)) {
            if (!ak_json_str(spec, "type"))
                ak_json_set_str(spec, "type", "ClusterIP");
            if (!ak_json_str(spec, "clusterIP")) {
                char ip[32];
                snprintf(ip, sizeof(ip), "10.0.%u.%u",
                         (unsigned)ak_rand_below(ak_kstore_rand(r->ks), 254),
                         (unsigned)(ak_rand_below(ak_kstore_rand(r->ks), 250) + 2));
                ak_json_set_str(spec, "clusterIP", ip);
                json_object_set_new(spec, "clusterIPs", json_pack("[s]", ip));
            }
            if (!ak_json_str(spec, "sessionAffinity"))
                ak_json_set_str(spec, "sessionAffinity", "None");
        }
        break;
    case AK_KIND_SECRET:
        if (!ak_json_str(obj, "type"))
            ak_json_set_str(obj, "type", "Opaque");
        break;
    case AK_KIND_PRIORITYCLASS:
        if (!ak_json_str(obj, "preemptionPolicy"))
            ak_json_set_str(obj, "preemptionPolicy", "PreemptLowerPriority");
        break;
    default:
        break;
    }
    return true;
}

static bool type_matches(struct kreq *r, json_t *obj)
{
    const char *av = ak_json_str(obj, "apiVersion"), *kind = ak_json_str(obj, "kind");
    if (av && *av && strcmp(av, r->ki->api_version) != 0) {
        kapi_status(r, 400, "BadRequest", NULL,
                    "the API version in the data (%s) does not match the expected API version (%s)",
                    av, r->ki->api_version);
        return false;
    }
    if (kind && *kind && strcmp(kind, r->ki->name) != 0) {
        kapi_status(r, 400, "BadRequest", NULL,
                    "the kind in the data (%s) does not match the expected kind (%s)", kind,
                    r->ki->name);
        return false;
    }
    return true;
}

static bool dry_run(const struct kreq *r)
{
    const char *d = kapi_query(r, "dryRun");
    return d && strcmp(d, "All") == 0;
}

static struct ak_kobj *namespace_of(struct kreq *r, const char *ns)
{
    return ak_kstore_get(r->ks, AK_KIND_NAMESPACE, "", ns);
}

/* ------------------------------------------------------------------ create */

static void create(struct kreq *r, json_t *obj)
{
    if (!type_matches(r, obj))
        return;
    json_t *meta = json_object_get(obj, "metadata");
    if (!json_is_object(meta)) {
        meta = json_object();
        json_object_set_new(obj, "metadata", meta);
    }
    if (r->ki->namespaced) {
        const char *bns = ak_json_str(meta, "namespace");
        if (bns && *bns && r->ns && strcmp(bns, r->ns) != 0) {
            kapi_status(r, 400, "BadRequest", NULL,
                        "the namespace of the provided object does not match the namespace sent "
                        "on the request");
            return;
        }
        const char *ns = r->ns ? r->ns : (bns && *bns ? bns : "default");
        ak_json_set_str(meta, "namespace", ns);
        struct ak_kobj *nso = namespace_of(r, ns);
        if (!nso) {
            kapi_not_found(r, ak_kind(AK_KIND_NAMESPACE), ns);
            return;
        }
        if (nso->deleted_ms) {
            kapi_status(r, 403, "Forbidden", NULL,
                        "%s \"%s\" is forbidden: unable to create new content in namespace %s "
                        "because it is being terminated",
                        r->ki->resource, ak_json_str(meta, "name") ? ak_json_str(meta, "name") : "", ns);
            return;
        }
    }
    json_object_del(obj, "status"); /* the server owns status */
    json_object_del(meta, "uid");
    json_object_del(meta, "resourceVersion");
    json_object_del(meta, "creationTimestamp");
    json_object_del(meta, "deletionTimestamp");
    json_object_del(meta, "managedFields");
    const char *name = ak_json_str(meta, "name");
    if ((!name || !*name) && !ak_json_str(meta, "generateName")) {
        json_t *d = json_pack("{s:s,s:[{s:s,s:s,s:s}]}", "kind", r->ki->name, "causes", "reason",
                              "FieldValueRequired", "message",
                              "Required value: name or generateName is required", "field",
                              "metadata.name");
        kapi_status(r, 422, "Invalid", d,
                    "%s \"\" is invalid: metadata.name: Required value: name or generateName is "
                    "required",
                    r->ki->name);
        return;
    }
    if (!defaults(r, obj) || !validate(r, name, obj))
        return;
    if (dry_run(r)) {
        if (name && ak_kstore_get(r->ks, r->ki->kind, r->ki->namespaced ? ak_json_str(meta, "namespace") : "", name)) {
            kapi_status(r, 409, "AlreadyExists",
                        json_pack("{s:s,s:s}", "name", name, "kind", r->ki->resource),
                        "%s \"%s\" already exists", r->ki->resource, name);
            return;
        }
        json_object_set_new(obj, "apiVersion", json_string(r->ki->api_version));
        json_object_set_new(obj, "kind", json_string(r->ki->name));
        kapi_json(r, 201, json_incref(obj));
        return;
    }
    struct ak_kobj *o;
    struct ak_err err;
    if (ak_kstore_create(r->ks, r->ki->kind, obj, &o, &err) != 0) {
        kapi_status_err(r, &err, name);
        return;
    }
    if (!kapi_commit(r))
        return;
    ak_kctrl_kick(r->kc);
    object_response(r, 201, o);
}

/* ------------------------------------------------------------------ update */

/* Puts the server-owned parts of the current object back into `obj`. */
static void keep_server_fields(struct kreq *r, const struct ak_kobj *o, json_t *obj, bool status_sub)
{
    json_t *cur = ak_kobj_json(o);
    if (!status_sub) {
        json_t *st = json_object_get(cur, "status");
        if (st && r->ki->kind != AK_KIND_EVENT)
            json_object_set(obj, "status", st);
        else
            json_object_del(obj, "status");
        if (r->ki->kind == AK_KIND_POD) {
            /* spec.nodeName is set by binding only */
            const char *nn = ak_json_str(json_object_get(cur, "spec"), "nodeName");
            json_t *spec = json_object_get(obj, "spec");
            if (json_is_object(spec)) {
                if (nn)
                    ak_json_set_str(spec, "nodeName", nn);
                else
                    json_object_del(spec, "nodeName");
            }
        }
    } else {
        /* status writes keep everything else */
        json_t *st = json_object_get(obj, "status");
        json_t *keep = json_deep_copy(cur);
        if (st)
            json_object_set(keep, "status", st);
        json_object_clear(obj);
        json_object_update(obj, keep);
        json_decref(keep);
    }
    json_decref(cur);
}

/* Applies `obj` as the new content of `o`; answers the request. */
static void replace_object(struct kreq *r, struct ak_kobj *o, json_t *obj, bool status_sub, int code)
{
    if (!type_matches(r, obj))
        return;
    json_t *meta = json_object_get(obj, "metadata");
    const char *bname = ak_json_str(meta, "name");
    if (bname && strcmp(bname, o->name) != 0) {
        kapi_status(r, 400, "BadRequest", NULL,
                    "the name of the object (%s) does not match the name on the URL (%s)", bname,
                    o->name);
        return;
    }
    const char *brv = ak_json_str(meta, "resourceVersion");
    if (brv && *brv) {
        char cur[32];
        snprintf(cur, sizeof(cur), "%llu", (unsigned long long)o->rv);
        if (strcmp(cur, brv) != 0) {
            json_t *d = json_pack("{s:s,s:s}", "name", o->name, "kind", r->ki->resource);
            if (*r->ki->group)
                ak_json_set_str(d, "group", r->ki->group);
            kapi_status(r, 409, "Conflict", d,
                        "Operation cannot be fulfilled on %s%s%s \"%s\": the object has been "
                        "modified; please apply your changes to the latest version and try again",
                        r->ki->resource, *r->ki->group ? "." : "", r->ki->group, o->name);
            return;
        }
    }
    keep_server_fields(r, o, obj, status_sub);
    if (!status_sub && (!defaults(r, obj) || !validate(r, o->name, obj)))
        return;
    if (r->ki->kind == AK_KIND_POD && !status_sub) {
        /* pod updates may not change most of the spec */
        json_t *cur = ak_kobj_json(o);
        json_t *a = json_deep_copy(json_object_get(cur, "spec"));
        json_t *b = json_deep_copy(json_object_get(obj, "spec"));
        const char *mutable[] = {"activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"};
        for (size_t i = 0; i < AK_ARRAY_LEN(mutable); i++) {
            json_object_del(a, mutable[i]);
            json_object_del(b, mutable[i]);
        }
        size_t ci;
        json_t *c;
        json_array_foreach(json_object_get(a, "containers"), ci, c)
            json_object_del(c, "image");
        json_array_foreach(json_object_get(b, "containers"), ci, c)
            json_object_del(c, "image");
        bool same = json_equal(a, b);
        json_decref(a);
        json_decref(b);
        json_decref(cur);
        if (!same) {
            json_t *d = json_pack("{s:s,s:s,s:[{s:s,s:s,s:s}]}", "name", o->name, "kind", "Pod",
                                  "causes", "reason", "FieldValueForbidden", "message",
                                  "Forbidden: pod updates may not change fields other than "
                                  "`spec.containers[*].image`,`spec.initContainers[*].image`,"
                                  "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions "
                                  "to existing tolerations),`spec.terminationGracePeriodSeconds` "
                                  "(allow it to be set to 1 if it was previously negative)",
                                  "field", "spec");
            kapi_status(r, 422, "Invalid", d,
                        "Pod \"%s\" is invalid: spec: Forbidden: pod updates may not change fields "
                        "other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
                        "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
                        "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to "
                        "be set to 1 if it was previously negative)",
                        o->name);
            return;
        }
    }
    /* a no-op write keeps the resourceVersion */
    json_t *cur = ak_kobj_json(o);
    json_t *cmp = json_deep_copy(obj);
    json_object_del(cmp, "kind");
    json_object_del(cmp, "apiVersion");
    json_object_del(json_object_get(cmp, "metadata"), "resourceVersion");
    json_object_del(cur, "kind");
    json_object_del(cur, "apiVersion");
    json_object_del(json_object_get(cur, "metadata"), "resourceVersion");
    json_object_del(json_object_get(cmp, "metadata"), "managedFields");
    bool unchanged = json_equal(cur, cmp);
    json_decref(cmp);
    json_decref(cur);
    if (dry_run(r) || unchanged) {
        if (dry_run(r)) {
            json_object_set_new(obj, "apiVersion", json_string(r->ki->api_version));
            json_object_set_new(obj, "kind", json_string(r->ki->name));
            kapi_json(r, 200, json_incref(obj));
        } else {
            object_response(r, 200, o);
        }
        return;
    }
    struct ak_err err;
    if (ak_kstore_update(r->ks, o, obj, &err) != 0) {
        kapi_status_err(r, &err, o->name);
        return;
    }
    if (!kapi_commit(r))
        return;
    ak_kctrl_kick(r->kc);
    object_response(r, code, o);
}

static void update(struct kreq *r, struct ak_kobj *o, bool status_sub)
{
    json_t *obj = kapi_decode_body(r, false);
    if (!obj)
        return;
    replace_object(r, o, obj, status_sub, 200);
    json_decref(obj);
}

/* Server-side apply: create if absent, else merge the applied configuration. */
static void apply(struct kreq *r, struct ak_kobj *o)
{
    json_t *cfg = kapi_decode_body(r, false);
    if (!cfg)
        return;
    json_t *meta = json_object_get(cfg, "metadata");
    if (!o) {
        if (!json_is_object(meta)) {
            meta = json_object();
            json_object_set_new(cfg, "metadata", meta);
        }
        if (!ak_json_str(meta, "name"))
            ak_json_set_str(meta, "name", r->name);
        create(r, cfg);
        json_decref(cfg);
        return;
    }
    json_t *cur = ak_kobj_json(o);
    struct ak_err err;
    char *patch = ak_json_dump(cfg);
    json_t *merged = NULL;
    int rc = ak_patch_apply(cur, "application/strategic-merge-patch+json", patch, strlen(patch),
                            r->ki->name, &merged, &err);
    free(patch);
    json_decref(cur);
    json_decref(cfg);
    if (rc != 0) {
        kapi_status_err(r, &err, o->name);
        return;
    }
    json_object_del(json_object_get(merged, "metadata"), "resourceVersion");
    replace_object(r, o, merged, false, 200);
    json_decref(merged);
}

static void patch(struct kreq *r, struct ak_kobj *o, bool status_sub)
{
    const char *ct = ak_http_header(r->req, "Content-Type");
    if (ct && ak_istarts_with(ct, "application/apply-patch+yaml")) {
        apply(r, o);
        return;
    }
    if (!o) {
        kapi_not_found(r, r->ki, r->name);
        return;
    }
    size_t len;
    const char *body = ak_http_body(r->req, &len);
    json_t *cur = ak_kobj_json(o);
    json_t *out = NULL;
    struct ak_err err;
    ak_err_clear(&err);
    int rc = ak_patch_apply(cur, ct ? ct : "", body, len, r->ki->name, &out, &err);
    json_decref(cur);
    if (rc != 0) {
        kapi_status_err(r, &err, o->name);
        return;
    }
    replace_object(r, o, out, status_sub, 200);
    json_decref(out);
}

/* ------------------------------------------------------------------ delete */

static void delete_one(struct kreq *r, struct ak_kobj *o)
{
    json_t *opts = NULL;
    size_t len;
    ak_http_body(r->req, &len);
    if (len)
        opts = kapi_decode_body(r, true);
    if (len && !opts)
        return;
    const char *prop = ak_json_str(opts, "propagationPolicy");
    if (prop && strcmp(prop, "Orphan") != 0 && strcmp(prop, "Background") != 0 &&
        strcmp(prop, "Foreground") != 0) {
        kapi_status(r, 400, "BadRequest", NULL,
                    "propagationPolicy: Unsupported value: \"%s\": supported values: \"Orphan\", "
                    "\"Background\", \"Foreground\"",
                    prop);
        json_decref(opts);
        return;
    }
    json_t *pre = json_object_get(opts, "preconditions");
    const char *puid = ak_json_str(pre, "uid");
    if (puid && strcmp(puid, o->uid) != 0) {
        kapi_status(r, 409, "Conflict", json_pack("{s:s,s:s}", "name", o->name, "kind", r->ki->resource),
                    "Precondition failed: UID in precondition: %s, UID in object meta: %s", puid, o->uid);
        json_decref(opts);
        return;
    }
    if (dry_run(r)) {
        object_response(r, 200, o);
        json_decref(opts);
        return;
    }
    char *ns = ak_xstrdup(o->ns), *name = ak_xstrdup(o->name), uid[37];
    snprintf(uid, sizeof(uid), "%s", o->uid);
    enum ak_kkind kind = o->kind;
    if (kind == AK_KIND_NAMESPACE) {
        /* namespaces go Terminating; the namespace controller empties and removes them */
        if (strcmp(name, "default") == 0 || strcmp(name, "kube-system") == 0 ||
            strcmp(name, "kube-public") == 0 || strcmp(name, "kube-node-lease") == 0) {
            kapi_status(r, 403, "Forbidden", NULL,
                        "namespaces \"%s\" is forbidden: this namespace may not be deleted", name);
            goto out;
        }
        if (!o->deleted_ms) {
            json_t *j = ak_kobj_json(o);
            char t[40];
            ak_k8s_time(ak_kstore_now(r->ks), t);
            ak_json_set_str(json_object_get(j, "metadata"), "deletionTimestamp", t);
            json_object_set_new(j, "status", json_pack("{s:s}", "phase", "Terminating"));
            struct ak_err err;
            ak_kstore_update(r->ks, o, j, &err);
            json_decref(j);
        }
        ak_kctrl_deleted(r->kc, kind, ns, name, uid, prop ? prop : "Background");
        if (!kapi_commit(r))
            goto out;
        ak_kctrl_kick(r->kc);
        o = ak_kstore_get(r->ks, AK_KIND_NAMESPACE, "", name);
        if (o)
            object_response(r, 200, o);
        else
            kapi_status(r, 200, "", json_pack("{s:s,s:s,s:s}", "name", name, "kind", "namespaces", "uid", uid), "%s", "");
        goto out;
    }
    /* render the object as it leaves, for the response */
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_kobj_render(o, &b);
    ak_kstore_delete(r->ks, o);
    ak_kctrl_deleted(r->kc, kind, ns, name, uid, prop ? prop : "Background");
    if (!kapi_commit(r)) {
        ak_buf_release(&b);
        goto out;
    }
    ak_kctrl_kick(r->kc);
    if (kind == AK_KIND_POD) {
        kapi_raw(r, 200, "application/json", b.data, b.len);
    } else {
        json_t *d = json_pack("{s:s,s:s,s:s}", "name", name, "kind", ak_kind(kind)->resource, "uid", uid);
        if (*ak_kind(kind)->group)
            ak_json_set_str(d, "group", ak_kind(kind)->group);
        kapi_status(r, 200, "", d, "%s", "");
    }
    ak_buf_release(&b);
out:
    free(ns);
    free(name);
    json_decref(opts);
}

static void delete_collection(struct kreq *r)
{
    struct kapi_filter *f = kapi_filter_parse(r);
    if (!f)
        return;
    json_t *items = json_array();
    for (struct ak_kobj *o = ak_kstore_first(r->ks, r->ki->kind); o;) {
        struct ak_kobj *next = ak_kstore_next(o);
        if (kapi_filter_match(f, o) && r->ki->kind != AK_KIND_NAMESPACE) {
            json_array_append_new(items, ak_kobj_json(o));
            if (!dry_run(r)) {
                char *ns = ak_xstrdup(o->ns), *name = ak_xstrdup(o->name), uid[37];
                snprintf(uid, sizeof(uid), "%s", o->uid);
                enum ak_kkind kind = o->kind;
                ak_kstore_delete(r->ks, o);
                ak_kctrl_deleted(r->kc, kind, ns, name, uid, "Background");
                free(ns);
                free(name);
            }
        }
        o = next;
    }
    kapi_filter_free(f);
    if (!kapi_commit(r)) {
        json_decref(items);
        return;
    }
    ak_kctrl_kick(r->kc);
    char kindlist[80];
    snprintf(kindlist, sizeof(kindlist), "%sList", r->ki->name);
    kapi_json(r, 200, json_pack("{s:s,s:s,s:{s:s},s:o}", "kind", kindlist, "apiVersion",
                                r->ki->api_version, "metadata", "resourceVersion", "", "items", items));
}

/* ------------------------------------------------------------------ subresources */

static void scale_response(struct kreq *r, struct ak_kobj *o, int code)
{
    json_t *j = ak_kobj_json(o);
    json_t *spec = json_object_get(j, "spec"), *st = json_object_get(j, "status");
    struct ak_lsel ls;
    struct ak_err err;
    struct ak_buf sel = AK_BUF_INIT(1 << 16);
    if (ak_lsel_from_json(&ls, json_object_get(spec, "selector"), &err) == 0) {
        ak_lsel_format(&ls, &sel);
        ak_lsel_release(&ls);
    }
    char rv[32];
    snprintf(rv, sizeof(rv), "%llu", (unsigned long long)o->rv);
    json_t *meta = json_object_get(j, "metadata");
    json_t *s = json_pack("{s:s,s:s,s:{s:s,s:s,s:s,s:s,s:O},s:{s:I},s:{s:I,s:s}}", "kind", "Scale",
                          "apiVersion", "autoscaling/v1", "metadata", "name", o->name, "namespace",
                          o->ns, "uid", o->uid, "resourceVersion", rv, "creationTimestamp",
                          json_object_get(meta, "creationTimestamp"), "spec", "replicas",
                          (json_int_t)json_integer_value(json_object_get(spec, "replicas")), "status",
                          "replicas", (json_int_t)json_integer_value(json_object_get(st, "replicas")),
                          "selector", ak_buf_cstr(&sel));
    ak_buf_release(&sel);
    json_decref(j);
    kapi_json(r, code, s);
}

static void scale(struct kreq *r, struct ak_kobj *o)
{
    if (strcmp(r->method, "GET") == 0) {
        scale_response(r, o, 200);
        return;
    }
    json_t *in;
    if (strcmp(r->method, "PUT") == 0) {
        in = kapi_decode_body(r, false);
        if (!in)
            return;
        const char *brv = ak_json_str(json_object_get(in, "metadata"), "resourceVersion");
        char cur[32];
        snprintf(cur, sizeof(cur), "%llu", (unsigned long long)o->rv);
        if (brv && *brv && strcmp(brv, cur) != 0) {
            json_decref(in);
            kapi_status(r, 409, "Conflict", json_pack("{s:s,s:s,s:s}", "name", o->name, "group", r->ki->group, "kind", r->ki->resource),
                        "Operation cannot be fulfilled on %s.%s \"%s\": the object has been modified; "
                        "please apply your changes to the latest version and try again",
                        r->ki->resource, r->ki->group, o->name);
            return;
        }
    } else if (strcmp(r->method, "PATCH") == 0) {
        json_t *cur = json_object();
        size_t len;
        const char *body = ak_http_body(r->req, &len);
        const char *ct = ak_http_header(r->req, "Content-Type");
        json_object_set_new(cur, "spec", json_pack("{s:I}", "replicas", (json_int_t)0));
        json_t *j = ak_kobj_json(o);
        json_object_set(json_object_get(cur, "spec"), "replicas",
                        json_object_get(json_object_get(j, "spec"), "replicas"));
        json_decref(j);
        struct ak_err err;
        in = NULL;
        int rc = ak_patch_apply(cur, ct ? ct : "", body, len, "Scale", &in, &err);
        json_decref(cur);
        if (rc != 0) {
            kapi_status_err(r, &err, o->name);
            return;
        }
    } else {
        kapi_status(r, 405, "MethodNotAllowed", NULL, "the server does not allow this method on the requested resource");
        return;
    }
    json_t *rep = json_object_get(json_object_get(in, "spec"), "replicas");
    if (!json_is_integer(rep) || json_integer_value(rep) < 0) {
        json_decref(in);
        kapi_status(r, 422, "Invalid", NULL, "Scale.autoscaling \"%s\" is invalid: spec.replicas: Invalid value: must be greater than or equal to 0", o->name);
        return;
    }
    json_t *j = ak_kobj_json(o);
    json_object_set(json_object_get(j, "spec"), "replicas", rep);
    json_decref(in);
    struct ak_err err;
    json_t *cur = ak_kobj_json(o);
    bool same = json_equal(json_object_get(json_object_get(cur, "spec"), "replicas"), rep);
    json_decref(cur);
    if (!same && !dry_run(r)) {
        if (ak_kstore_update(r->ks, o, j, &err) != 0) {
            json_decref(j);
            kapi_status_err(r, &err, o->name);
            return;
        }
        json_decref(j);
        if (!kapi_commit(r))
            return;
        ak_kctrl_kick(r->kc);
    } else {
        json_decref(j);
    }
    scale_response(r, o, 200);
}

static void eviction(struct kreq *r, struct ak_kobj *pod)
{
    json_t *ev = kapi_decode_body(r, true);
    if (!ev)
        return;
    const char *en = ak_json_str(json_object_get(ev, "metadata"), "name");
    if (en && *en && strcmp(en, pod->name) != 0) {
        json_decref(ev);
        kapi_status(r, 400, "BadRequest", NULL, "name in URL does not match name in Eviction object");
        return;
    }
    bool dry = dry_run(r);
    json_t *dopts = json_object_get(ev, "deleteOptions");
    json_t *dr = json_object_get(dopts, "dryRun");
    if (json_is_array(dr) && json_array_size(dr))
        dry = true;
    json_decref(ev);
    struct ak_err err;
    char cause_msg[512] = "";
    char ns[256], name[256], uid[37];
    snprintf(ns, sizeof(ns), "%s", pod->ns);
    snprintf(name, sizeof(name), "%s", pod->name);
    snprintf(uid, sizeof(uid), "%s", pod->uid);
    int rc = ak_kctrl_evict(r->kc, pod, dry, &err, cause_msg, sizeof(cause_msg));
    if (rc != 0) {
        if (err.status == 429) {
            kapi_status(r, 429, "TooManyRequests",
                        json_pack("{s:[{s:s,s:s}]}", "causes", "reason", "DisruptionBudget", "message", cause_msg),
                        "%s", err.message);
        } else if (err.status == 500) {
            kapi_status(r, 500, "", NULL, "%s", err.message);
        } else {
            kapi_status_err(r, &err, name);
        }
        return;
    }
    if (!dry && !kapi_commit(r))
        return;
    ak_kctrl_kick(r->kc);
    /* kube-apiserver answers {"kind":"Status",...,"status":"Success","code":201} */
    json_t *s = json_pack("{s:s,s:s,s:{},s:s,s:i}", "kind", "Status", "apiVersion", "v1", "metadata",
                          "status", "Success", "code", 201);
    kapi_json(r, 201, s);
}

static void binding(struct kreq *r, struct ak_kobj *pod)
{
    json_t *b = kapi_decode_body(r, false);
    if (!b)
        return;
    const char *target = ak_json_str(json_object_get(b, "target"), "name");
    struct ak_kpod *p = ak_kpod_of(pod);
    if (!target || !*target) {
        kapi_status(r, 422, "Invalid", NULL, "Binding \"%s\" is invalid: target.name: Required value", pod->name);
    } else if (p->node) {
        kapi_status(r, 409, "Conflict", NULL, "Operation cannot be fulfilled on pods/binding \"%s\": pod %s is already assigned to node \"%s\"",
                    pod->name, pod->name, p->node);
    } else if (!ak_kstore_get(r->ks, AK_KIND_NODE, "", target)) {
        kapi_not_found(r, ak_kind(AK_KIND_NODE), target);
    } else {
        p->node = ak_xstrdup(target);
        p->scheduled_ms = ak_kstore_now(r->ks);
        p->sched_failed = false;
        ak_kstore_touch(r->ks, pod);
        if (kapi_commit(r)) {
            ak_kctrl_kick(r->kc);
            kapi_json(r, 201, json_pack("{s:s,s:s,s:{},s:s,s:i}", "kind", "Status", "apiVersion", "v1",
                                        "metadata", "status", "Success", "code", 201));
        }
    }
    json_decref(b);
}

static void pod_log(struct kreq *r, struct ak_kobj *pod)
{
    const struct ak_kpod *p = ak_kpod_of(pod);
    const char *c = kapi_query(r, "container");
    if (!c && p->nc > 1) {
        struct ak_buf names = AK_BUF_INIT(4096);
        for (int i = 0; i < p->nc; i++)
            ak_buf_printf(&names, "%s%s", i ? " " : "", p->c[i].name);
        kapi_status(r, 400, "BadRequest", NULL,
                    "a container name must be specified for pod %s, choose one of: [%s]", pod->name,
                    ak_buf_cstr(&names));
        ak_buf_release(&names);
        return;
    }
    const char *cn = c ? c : p->nc ? p->c[0].name : "";
    if (!p->node || strcmp(p->phase, "Pending") == 0) {
        kapi_status(r, 400, "BadRequest", NULL,
                    "container \"%s\" in pod \"%s\" is waiting to start: ContainerCreating", cn,
                    pod->name);
        return;
    }
    char text[512];
    int n = snprintf(text, sizeof(text),
                     "aksemu: container %s of pod %s/%s is emulated on node %s; it runs no "
                     "process, so it has written no output.\n",
                     cn, pod->ns, pod->name, p->node);
    kapi_raw(r, 200, "text/plain", text, (size_t)n);
}

/* ------------------------------------------------------------------ dispatch */

static bool seg_is(const struct kreq *r, int i, const char *s)
{
    return i < r->nseg && strcmp(r->seg[i], s) == 0;
}

/* nodes/{name}/proxy/...: the kubelet's endpoints; stats/summary is served */
static void node_proxy(struct kreq *r, int at)
{
    struct ak_kobj *o = ak_kstore_get(r->ks, AK_KIND_NODE, "", r->name);
    if (!o) {
        kapi_not_found(r, r->ki, r->name);
        return;
    }
    if (strcmp(r->method, "GET") != 0) {
        kapi_status(r, 405, "MethodNotAllowed", NULL, "the server does not allow this method on the requested resource");
        return;
    }
    if (r->nseg != at + 2 || strcmp(r->seg[at], "stats") != 0 || strcmp(r->seg[at + 1], "summary") != 0) {
        static const char nf[] = "404 page not found\n";
        kapi_raw(r, 404, "text/plain; charset=utf-8", nf, sizeof(nf) - 1);
        return;
    }
    const struct ak_knode *kn = ak_knode_of(o);
    json_t *sum = kn && !kn->unknown ? ak_kctrl_node_summary(r->kc, r->name) : NULL;
    if (!sum) {
        kapi_status(r, 503, "ServiceUnavailable", NULL,
                    "error trying to reach service: dial tcp %s:10250: connect: connection refused",
                    kn && kn->internal_ip[0] ? kn->internal_ip : "10.224.0.4");
        return;
    }
    kapi_json(r, 200, sum);
}

void kapi_resource(struct kreq *r)
{
    const char *group = seg_is(r, 0, "api") ? "" : r->seg[1];
    int i = *group ? 3 : 2;
    const char *ns = NULL;
    if (seg_is(r, i, "namespaces") && r->nseg > i + 2) {
        const struct ak_kind_info *k = ak_kind_by_resource(group, "v1", r->seg[i + 2]);
        if (k && k->namespaced) {
            ns = r->seg[i + 1];
            i += 2;
        }
    }
    const char *resource = r->seg[i];
    r->name = r->nseg > i + 1 ? r->seg[i + 1] : NULL;
    r->sub = r->nseg > i + 2 ? r->seg[i + 2] : NULL;
    r->ki = ak_kind_by_resource(group, "v1", resource);
    if (r->ki && r->ki->kind == AK_KIND_NODE && r->name && r->sub && strcmp(r->sub, "proxy") == 0) {
        node_proxy(r, i + 3);
        return;
    }
    if (!r->ki || r->nseg > i + 3 || (r->ki->namespaced && r->name && !ns) ||
        (!r->ki->namespaced && ns)) {
        kapi_status(r, 404, "NotFound", NULL, "the server could not find the requested resource");
        return;
    }
    r->ns = ns;
    const char *m = r->method;
    if (r->sub) {
        char subs[128];
        snprintf(subs, sizeof(subs), ",%s,", r->ki->subresources);
        char want[48];
        snprintf(want, sizeof(want), ",%s,", r->sub);
        if (!strstr(subs, want)) {
            kapi_status(r, 404, "NotFound", NULL, "the server could not find the requested resource");
            return;
        }
    }
    if (!r->name) {
        if (strcmp(m, "GET") == 0)
            list(r);
        else if (strcmp(m, "POST") == 0) {
            json_t *obj = kapi_decode_body(r, false);
            if (obj) {
                create(r, obj);
                json_decref(obj);
            }
        } else if (strcmp(m, "DELETE") == 0)
            delete_collection(r);
        else
            kapi_status(r, 405, "MethodNotAllowed", NULL,
                        "the server does not allow this method on the requested resource");
        return;
    }
    struct ak_kobj *o = ak_kstore_get(r->ks, r->ki->kind, ns ? ns : "", r->name);
    if (!o && !(strcmp(m, "PATCH") == 0 && !r->sub)) {
        if (strcmp(m, "PUT") == 0 && !r->sub) {
            /* PUT of an absent object creates it (kubectl replace --force / create-on-update) */
            json_t *obj = kapi_decode_body(r, false);
            if (obj) {
                const char *bn = ak_json_str(json_object_get(obj, "metadata"), "name");
                if (bn && strcmp(bn, r->name) != 0)
                    kapi_status(r, 400, "BadRequest", NULL,
                                "the name of the object (%s) does not match the name on the URL (%s)",
                                bn, r->name);
                else
                    kapi_not_found(r, r->ki, r->name);
                json_decref(obj);
            }
            return;
        }
        kapi_not_found(r, r->ki, r->name);
        return;
    }
    if (r->sub) {
        if (strcmp(r->sub, "status") == 0) {
            if (strcmp(m, "GET") == 0)
                object_response(r, 200, o);
            else if (strcmp(m, "PUT") == 0)
                update(r, o, true);
            else if (strcmp(m, "PATCH") == 0)
                patch(r, o, true);
            else
                kapi_status(r, 405, "MethodNotAllowed", NULL, "the server does not allow this method on the requested resource");
        } else if (strcmp(r->sub, "scale") == 0) {
            scale(r, o);
        } else if (strcmp(r->sub, "eviction") == 0 && strcmp(m, "POST") == 0) {
            eviction(r, o);
        } else if (strcmp(r->sub, "binding") == 0 && strcmp(m, "POST") == 0) {
            binding(r, o);
        } else if (strcmp(r->sub, "log") == 0 && strcmp(m, "GET") == 0) {
            pod_log(r, o);
        } else {
            kapi_status(r, 405, "MethodNotAllowed", NULL, "the server does not allow this method on the requested resource");
        }
        return;
    }
    if (strcmp(m, "GET") == 0)
        object_response(r, 200, o);
    else if (strcmp(m, "PUT") == 0)
        update(r, o, false);
    else if (strcmp(m, "PATCH") == 0)
        patch(r, o, false);
    else if (strcmp(m, "DELETE") == 0)
        delete_one(r, o);
    else
        kapi_status(r, 405, "MethodNotAllowed", NULL, "the server does not allow this method on the requested resource");
}
