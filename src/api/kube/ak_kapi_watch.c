/* ak_kapi_watch.c - watch streams: chunked, one JSON event per line, resumable from a
 * resourceVersion, kept open until the client goes or timeoutSeconds passes. A watch holds no
 * queue of its own: it reads the cluster's ring of recent changes from its cursor, so memory
 * per watcher is bounded (one pending event); a watcher that falls behind the ring gets
 * kube-apiserver's 410 Expired error event and the stream ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_kapi_int.h"
#include "../../kube/ak_ktable.h"
#include "../../runtime/ak_loop.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_log.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_banned.h"

#define HEARTBEAT_MS 20000

struct kws {
    struct ak_http_stream hs; /* first: the http layer hands us this pointer */
    struct ak_kwatch w;
    struct kws *next_all;
    struct ak_kapi *api;
    struct ak_kstore *ks; /* NULL once the cluster is gone */
    struct kapi_filter *f;
    enum ak_kkind kind;
    char *ns;
    bool table, header_sent, ended;
    struct ak_buf out;
    size_t off;
    /* the initial ADDED events (a watch without resourceVersion): the objects in key order,
     * read lazily after the last one sent; those changed since the watch began come from the
     * ring instead */
    bool initial;
    char *init_ns, *init_name;
    uint64_t snap_rv;
    int64_t deadline_ms;
    struct ak_timer timer;
    struct ak_loop *loop;
    /* a shallow request context for table rows */
    struct kreq r;
};

static struct kws *all_streams;

static void wake(struct ak_kwatch *w)
{
    struct kws *s = ak_container_of(w, struct kws, w);
    ak_http_stream_wake(&s->hs);
}

static void on_timer(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    (void)t;
    struct kws *s = ud;
    if (s->deadline_ms && ak_loop_now(loop) >= s->deadline_ms) {
        /* timeoutSeconds is over: end the stream (fill() answers the end once the pending
         * bytes are out). No heartbeat and no new timer - re-arming at 0 ms here used to
         * send a newline chunk per loop iteration until the client read at the right moment */
        s->ended = true;
        ak_http_stream_wake(&s->hs);
        return;
    }
    /* a newline between events is legal JSON-stream whitespace: it lets a suspended stream
     * notice a client that has gone */
    if (s->out.len == s->off) {
        ak_buf_reset(&s->out);
        s->off = 0;
        ak_buf_putc(&s->out, '\n');
    }
    ak_http_stream_wake(&s->hs);
    int64_t next = HEARTBEAT_MS;
    if (s->deadline_ms) {
        int64_t left = s->deadline_ms - ak_loop_now(loop);
        if (left < next)
            next = left > 0 ? left : 0;
    }
    ak_timer_start(loop, &s->timer, next);
}

static void event_line(struct kws *s, const char *type, const struct ak_kbuf *obj)
{
    ak_buf_reset(&s->out);
    s->off = 0;
    if (!s->table) {
        ak_buf_printf(&s->out, "{\"type\":\"%s\",\"object\":", type);
        ak_buf_append(&s->out, obj->data, obj->len);
        ak_buf_puts(&s->out, "}\n");
        return;
    }
    json_t *o = json_loadb(obj->data, obj->len, 0, NULL);
    if (!o)
        return;
    json_t *rows = json_array();
    json_array_append_new(rows, kapi_table_row(&s->r, NULL, o, false));
    char rv[32];
    snprintf(rv, sizeof(rv), "%s", ak_json_str(json_object_get(o, "metadata"), "resourceVersion")
                                       ? ak_json_str(json_object_get(o, "metadata"), "resourceVersion")
                                       : "");
    json_t *t = json_pack("{s:s,s:s,s:{s:s},s:o,s:o}", "kind", "Table", "apiVersion", "meta.k8s.io/v1",
                          "metadata", "resourceVersion", rv, "columnDefinitions",
                          s->header_sent ? json_null() : ak_ktable_columns(s->kind), "rows", rows);
    s->header_sent = true;
    json_t *ev = json_pack("{s:s,s:o}", "type", type, "object", t);
    char *line = ak_json_dump(ev);
    ak_buf_puts(&s->out, line);
    ak_buf_putc(&s->out, '\n');
    free(line);
    json_decref(ev);
    json_decref(o);
}

static void error_line(struct kws *s, int code, const char *reason, const char *msg)
{
    ak_buf_reset(&s->out);
    s->off = 0;
    json_t *st = json_pack("{s:s,s:s,s:{},s:s,s:s,s:s,s:i}", "kind", "Status", "apiVersion", "v1",
                           "metadata", "status", "Failure", "message", msg, "reason", reason, "code",
                           code);
    json_t *ev = json_pack("{s:s,s:o}", "type", "ERROR", "object", st);
    char *line = ak_json_dump(ev);
    ak_buf_puts(&s->out, line);
    ak_buf_putc(&s->out, '\n');
    free(line);
    json_decref(ev);
}

/* Fills s->out with the next event to send; false when there is none right now. */
static bool next_event(struct kws *s)
{
    if (!s->ks)
        return false;
    while (s->initial) {
        struct ak_kiter it;
        if (s->init_name)
            ak_kstore_iter(s->ks, s->kind, s->init_ns, s->init_name, &it);
        else
            ak_kstore_iter(s->ks, s->kind, s->ns, s->ns ? "" : NULL, &it);
        struct ak_kobj *o = ak_kiter_next(&it);
        if (!o || (s->ns && strcmp(o->ns, s->ns) != 0)) {
            s->initial = false;
            break;
        }
        free(s->init_ns);
        free(s->init_name);
        s->init_ns = ak_xstrdup(o->ns);
        s->init_name = ak_xstrdup(o->name);
        if (o->rv > s->snap_rv || !kapi_filter_match(s->f, o))
            continue;
        struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
        ak_kobj_render(o, &b);
        struct ak_kbuf *kb = ak_kbuf_new(b.data, b.len);
        ak_buf_release(&b);
        event_line(s, "ADDED", kb);
        ak_kbuf_unref(kb);
        return true;
    }
    if (ak_kstore_watch_expired(s->ks, &s->w)) {
        char msg[128];
        snprintf(msg, sizeof(msg), "too old resource version: %llu (%llu)",
                 (unsigned long long)s->w.cursor, (unsigned long long)ak_kstore_oldest_rv(s->ks));
        error_line(s, 410, "Expired", msg);
        s->ended = true;
        return true;
    }
    const struct ak_kev *e;
    while ((e = ak_kstore_next_event(s->ks, &s->w)) != NULL) {
        s->w.cursor = e->rv;
        struct ak_kbuf *kb = ak_kev_object(e);
        json_t *o = json_loadb(kb->data, kb->len, 0, NULL);
        bool m = o && kapi_filter_match_json(s->f, o);
        json_decref(o);
        if (m)
            event_line(s, ak_kev_type_name(e->type), kb);
        ak_kbuf_unref(kb);
        if (m)
            return true;
    }
    /* nothing newer: the cursor follows the store so skipped kinds are not rescanned */
    s->w.cursor = ak_kstore_rv(s->ks);
    return false;
}

/* Copies as many pending events as fit into buf (a watcher catching up gets them in few
 * writes); 0 when there is none right now, -1 at the end of the stream. */
static ssize_t fill(struct ak_http_stream *hs, char *buf, size_t max)
{
    struct kws *s = (struct kws *)hs;
    size_t done = 0;
    while (done < max) {
        if (s->out.len == s->off) {
            if (s->ended || !s->ks || (s->deadline_ms && ak_loop_now(s->loop) >= s->deadline_ms))
                return done ? (ssize_t)done : -1; /* the end (the cluster may be gone) */
            if (!next_event(s))
                break;
        }
        size_t n = s->out.len - s->off;
        if (n > max - done)
            n = max - done;
        memcpy(buf + done, s->out.data + s->off, n);
        s->off += n;
        done += n;
    }
    return (ssize_t)done;
}

static void stream_close(struct ak_http_stream *hs)
{
    struct kws *s = (struct kws *)hs;
    if (s->ks)
        ak_kstore_watch_del(s->ks, &s->w);
    for (struct kws **pp = &all_streams; *pp; pp = &(*pp)->next_all)
        if (*pp == s) {
            *pp = s->next_all;
            break;
        }
    ak_timer_stop(s->loop, &s->timer);
    kapi_filter_free(s->f);
    free(s->init_ns);
    free(s->init_name);
    ak_buf_release(&s->out);
    free(s->ns);
    free(s);
}

void kapi_watch(struct kreq *r, struct kapi_filter *f, uint64_t from_rv, bool table)
{
    struct kws *s = ak_xcalloc(1, sizeof(*s));
    s->hs.fill = fill;
    s->hs.close = stream_close;
    s->api = r->api;
    s->ks = r->ks;
    s->f = f;
    s->kind = r->ki->kind;
    s->ns = r->ns ? ak_xstrdup(r->ns) : NULL;
    kapi_filter_set_ns(f, s->ns); /* the request's strings go when the handler returns */
    s->table = table;
    ak_buf_init(&s->out, AK_BUF_UNLIMITED);
    s->loop = ak_kworld_loop(r->api->world);
    s->r.api = r->api;
    s->r.ks = r->ks;
    s->r.kc = r->kc;
    s->r.ki = r->ki;
    s->r.req = NULL;
    s->w.kind = s->kind;
    s->w.ns = s->ns;
    s->w.wake = wake;
    uint64_t now_rv = ak_kstore_rv(r->ks);
    if (from_rv == UINT64_MAX) {
        /* no resourceVersion: the current state as ADDED events, then the changes */
        s->initial = true;
        s->snap_rv = now_rv;
        s->w.cursor = now_rv;
    } else {
        s->w.cursor = from_rv;
        if (from_rv < ak_kstore_oldest_rv(r->ks)) {
            char msg[128];
            snprintf(msg, sizeof(msg), "too old resource version: %llu (%llu)",
                     (unsigned long long)from_rv, (unsigned long long)ak_kstore_oldest_rv(r->ks));
            error_line(s, 410, "Expired", msg);
            s->ended = true;
        }
    }
    const char *to = kapi_query(r, "timeoutSeconds");
    int64_t secs;
    if (to && ak_parse_i64(to, 0, 86400 * 365, &secs) == 0 && secs > 0)
        s->deadline_ms = ak_loop_now(s->loop) + secs * 1000;
    ak_kstore_watch_add(r->ks, &s->w);
    s->next_all = all_streams;
    all_streams = s;
    ak_timer_init(&s->timer, on_timer, s);
    int64_t first = HEARTBEAT_MS;
    if (s->deadline_ms && s->deadline_ms - ak_loop_now(s->loop) < first)
        first = s->deadline_ms - ak_loop_now(s->loop);
    ak_timer_start(s->loop, &s->timer, first);
    r->resp->status = 200;
    r->resp->content_type = "application/json";
    r->resp->stream = &s->hs;
    ak_http_resp_header(r->resp, "Cache-Control", "no-cache, private");
}

void ak_kapi_cluster_gone(struct ak_kstore *ks)
{
    for (struct kws *s = all_streams; s; s = s->next_all)
        if (s->ks == ks) {
            ak_kstore_watch_del(ks, &s->w);
            s->ks = NULL;
            s->r.ks = NULL;
            s->ended = true;
            ak_http_stream_wake(&s->hs);
        }
}
