/* ak_ui.c - serves the web view's compiled-in static files at /ui/. */
#include "ak_ui.h"

#include <string.h>

#include "../util/ak_buf.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

/* The page's scripts are files of its own origin; it talks only to that origin (the ARM and
 * Kubernetes APIs share the daemon's port), loads nothing from elsewhere and cannot be framed. */
#define UI_CSP                                                                                   \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "         \
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "             \
    "form-action 'none'; frame-ancestors 'none'"

const struct ak_ui_file *ak_ui_find(const char *name)
{
    if (!name || !*name)
        name = "index.html";
    for (const struct ak_ui_file *f = ak_ui_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

static void common_headers(struct ak_http_resp *resp)
{
    ak_http_resp_header(resp, "Content-Security-Policy", UI_CSP);
    ak_http_resp_header(resp, "X-Content-Type-Options", "nosniff");
    ak_http_resp_header(resp, "Referrer-Policy", "no-referrer");
    ak_http_resp_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
}

/* true when the If-None-Match list names etag (or is "*") */
static bool etag_matches(const char *inm, const char *etag)
{
    if (!inm)
        return false;
    size_t el = strlen(etag);
    for (const char *p = inm; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && p[n - 1] == ' ')
            n--;
        if ((n == 1 && *p == '*') || (n == el && memcmp(p, etag, el) == 0))
            return true;
        if (!e)
            break;
        p = e + 1;
    }
    return false;
}

bool ak_ui_handle(struct ak_http_req *req, struct ak_http_resp *resp)
{
    const char *path = ak_http_path(req);
    if (strncmp(path, "/ui", 3) != 0 || (path[3] != '\0' && path[3] != '/'))
        return false;
    common_headers(resp);
    const char *method = ak_http_method(req);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        ak_http_resp_header(resp, "Allow", "GET, HEAD");
        ak_http_resp_text(resp, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return true;
    }
    if (path[3] == '\0') {
        ak_http_resp_header(resp, "Location", "/ui/");
        ak_http_resp_text(resp, 301, "text/plain; charset=utf-8", "moved to /ui/\n");
        return true;
    }
    const struct ak_ui_file *f = ak_ui_find(path + 4);
    if (!f) {
        ak_http_resp_text(resp, 404, "text/plain; charset=utf-8", "not found\n");
        return true;
    }
    ak_http_resp_header(resp, "ETag", f->etag);
    /* revalidated every time: a rebuilt daemon serves its own files at once */
    ak_http_resp_header(resp, "Cache-Control", "no-cache");
    if (etag_matches(ak_http_header(req, "If-None-Match"), f->etag)) {
        resp->status = 304;
        resp->content_type = f->content_type;
        ak_buf_reset(&resp->body);
        return true;
    }
    resp->status = 200;
    resp->content_type = f->content_type;
    ak_buf_reset(&resp->body);
    ak_buf_append(&resp->body, f->data, f->len);
    return true;
}
