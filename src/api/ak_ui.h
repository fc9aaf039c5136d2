/* ak_ui.h - the web view's static files (ui/, compiled in by cmake/embed_ui.cmake), served at
 * /ui/. The page itself reads only the public ARM and Kubernetes APIs (docs/ui.md). */
#ifndef AK_UI_H
#define AK_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "ak_http.h"

struct ak_ui_file {
    const char *name;         /* "index.html" */
    const char *content_type; /* static */
    const char *etag;         /* "\"<sha256 prefix>\"" */
    const unsigned char *data;
    size_t len;
};

/* The generated table, ended by a NULL name. */
extern const struct ak_ui_file ak_ui_files[];

/* Looks a file up by its name under /ui/ ("" is index.html); NULL when absent. */
const struct ak_ui_file *ak_ui_find(const char *name);

/* Answers /ui and /ui/... (true), or leaves the request to the other front doors (false).
 * GET and HEAD only; If-None-Match with the file's ETag is a 304. Every answer carries a
 * strict Content-Security-Policy (no inline script or style, same-origin connections). */
bool ak_ui_handle(struct ak_http_req *req, struct ak_http_resp *resp);

#endif
