/* ak_http.h - the HTTPS server: libmicrohttpd in external-epoll mode inside our loop, one
 * port, request limits, one log line per request.
 *
 * A handler gets a request (method, path, query, headers, body) and fills a response. The
 * response may be a full body, or a stream: the handler sets a stream callback that is
 * asked for more bytes and may say "nothing yet" (the connection is then suspended until
 * ak_http_stream_wake() is called). */
#ifndef AK_HTTP_H
#define AK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../runtime/ak_loop.h"
#include "../util/ak_buf.h"

struct ak_http;
struct ak_http_req;
struct ak_http_stream;

#define AK_MAX_BODY_BYTES (3u << 20) /* kube-apiserver's default request limit */

struct ak_http_header {
    char *name, *value;
};

struct ak_http_resp {
    int status;
    const char *content_type; /* static string */
    struct ak_buf body;
    struct ak_http_header *headers;
    size_t nheaders, capheaders;
    /* streaming: when set, body is ignored and fill() produces the data */
    struct ak_http_stream *stream;
};

/* Streaming body. fill() writes up to max bytes into buf and returns the count, 0 when it has
 * nothing right now (the connection is suspended until ak_http_stream_wake()), or -1 at the
 * end of the stream. close() is called exactly once when the response ends for any reason
 * (client gone, server shutdown, end of stream). */
struct ak_http_stream {
    ssize_t (*fill)(struct ak_http_stream *s, char *buf, size_t max);
    void (*close)(struct ak_http_stream *s);
    /* private */
    struct ak_http *srv;
    void *conn;
    bool suspended;
    bool closed;
    struct ak_http_stream *next_live;
};

typedef void (*ak_http_handler)(void *ud, struct ak_http_req *req, struct ak_http_resp *resp);

struct ak_http_config {
    const char *listen;    /* "127.0.0.1:8443" */
    const char *cert_pem;  /* server certificate chain */
    const char *key_pem;
    size_t max_body;       /* 413 above */
    size_t max_header;     /* per-connection memory for the request line + headers (431) */
    unsigned max_conns;
    unsigned idle_timeout_s;
    unsigned request_timeout_s; /* a connection must deliver each whole request (headers and
                                 * body) within this long of opening or of its last answer,
                                 * else it is closed: slow clients cannot hold slots (60) */
    bool quiet;            /* no per-request log lines */
};

struct ak_http *ak_http_start(struct ak_loop *loop, const struct ak_http_config *cfg,
                              ak_http_handler handler, void *ud, char *errbuf, size_t errlen);
void ak_http_stop(struct ak_http *srv);
/* Calls handler with an in-process request (no socket; the simulator drives the ARM and
 * Kubernetes front doors this way): query and headers are NULL-terminated name/value lists.
 * The response body is appended to out (streams are closed unread). Returns the status. */
int ak_http_local(ak_http_handler handler, void *ud, const char *method, const char *path,
                  const char *const *query, const char *const *headers, const char *body, size_t len,
                  struct ak_buf *out);
uint16_t ak_http_port(const struct ak_http *srv);

/* Request accessors: strings are borrowed, valid until the handler returns
 * (streams must copy what they keep). */
const char *ak_http_method(const struct ak_http_req *req);
const char *ak_http_path(const struct ak_http_req *req);
const char *ak_http_query(const struct ak_http_req *req, const char *name); /* NULL if absent */
const char *ak_http_header(const struct ak_http_req *req, const char *name);
const char *ak_http_body(const struct ak_http_req *req, size_t *len);
const char *ak_http_client(const struct ak_http_req *req); /* "127.0.0.1:53422" */
/* Iterates over query arguments; returns false at the end. */
typedef void (*ak_http_query_cb)(void *ud, const char *name, const char *value);
void ak_http_query_each(const struct ak_http_req *req, ak_http_query_cb cb, void *ud);

/* Response helpers. */
void ak_http_resp_header(struct ak_http_resp *resp, const char *name, const char *value);
void ak_http_resp_text(struct ak_http_resp *resp, int status, const char *content_type,
                       const char *body);

/* Wake a suspended stream: it will be asked for data again soon. */
void ak_http_stream_wake(struct ak_http_stream *s);
size_t ak_http_live_streams(const struct ak_http *srv);

#endif
