#include "ak_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "../util/ak_err.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_time.h"
#include "../util/ak_banned.h"

/* a connection, for the request deadline */
struct aconn {
    struct MHD_Connection *conn;
    int fd;
    int64_t since_ns;  /* reading a request since (open or last answer) */
    bool busy;         /* a whole request is in; its answer is on the way */
    bool cut;          /* shut down for missing the deadline */
    struct aconn *prev, *next;
};

struct ak_http {
    struct ak_loop *loop;
    struct aconn *conns;
    size_t nconns, ncut, nrefused;
    struct ak_timer sweep;
    struct MHD_Daemon *d;
    struct ak_fdwatch w;
    ak_http_handler handler;
    void *ud;
    struct ak_http_config cfg;
    char *cert, *key;
    uint16_t port;
    bool stopping;
    struct ak_http_stream *live; /* streams in progress */
    size_t nlive;
};

struct ak_http_req {
    struct ak_http *srv;
    struct MHD_Connection *conn;
    const char *method, *path;
    struct ak_buf body;
    bool too_big;
    bool answered;
    int status;
    size_t bytes;
    int64_t start_ns;
    char client[64];
    /* an in-process request (ak_http_local): no connection, these instead */
    const char *const *lquery;   /* name, value, ..., NULL */
    const char *const *lheaders; /* name, value, ..., NULL */
};

/* ---- accessors ---- */

const char *ak_http_method(const struct ak_http_req *r) { return r->method; }
const char *ak_http_path(const struct ak_http_req *r) { return r->path; }
const char *ak_http_client(const struct ak_http_req *r) { return r->client; }

static const char *kv_find(const char *const *kv, const char *name, bool icase)
{
    for (size_t i = 0; kv && kv[i] && kv[i + 1]; i += 2)
        if (icase ? strcasecmp(kv[i], name) == 0 : strcmp(kv[i], name) == 0)
            return kv[i + 1];
    return NULL;
}

const char *ak_http_query(const struct ak_http_req *r, const char *name)
{
    if (!r->conn)
        return kv_find(r->lquery, name, false);
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *ak_http_header(const struct ak_http_req *r, const char *name)
{
    if (!r->conn)
        return kv_find(r->lheaders, name, true);
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *ak_http_body(const struct ak_http_req *r, size_t *len)
{
    if (len)
        *len = r->body.len;
    return ak_buf_cstr((struct ak_buf *)&r->body);
}

struct query_iter {
    ak_http_query_cb cb;
    void *ud;
};

static enum MHD_Result query_iter_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    struct query_iter *qi = cls;
    qi->cb(qi->ud, key, value ? value : "");
    return MHD_YES;
}

void ak_http_query_each(const struct ak_http_req *r, ak_http_query_cb cb, void *ud)
{
    if (!r->conn) {
        for (size_t i = 0; r->lquery && r->lquery[i] && r->lquery[i + 1]; i += 2)
            cb(ud, r->lquery[i], r->lquery[i + 1]);
        return;
    }
    struct query_iter qi = {cb, ud};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_iter_cb, &qi);
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

static void resp_release(struct ak_http_resp *resp)
{
    ak_buf_release(&resp->body);
    for (size_t i = 0; i < resp->nheaders; i++) {
        free(resp->headers[i].name);
        free(resp->headers[i].value);
    }
    free(resp->headers);
}

int ak_http_local(ak_http_handler handler, void *ud, const char *method, const char *path,
                  const char *const *query, const char *const *headers, const char *body, size_t len,
                  struct ak_buf *out)
{
    struct ak_http_req req;
    memset(&req, 0, sizeof(req));
    req.method = method;
    req.path = path;
    req.lquery = query;
    req.lheaders = headers;
    ak_buf_init(&req.body, AK_MAX_BODY_BYTES);
    if (body)
        ak_buf_append(&req.body, body, len);
    snprintf(req.client, sizeof(req.client), "local");
    struct ak_http_resp resp;
    memset(&resp, 0, sizeof(resp));
    ak_buf_init(&resp.body, AK_BUF_UNLIMITED);
    handler(ud, &req, &resp);
    int status = resp.status ? resp.status : 500;
    if (out && !resp.stream)
        ak_buf_append(out, resp.body.data ? resp.body.data : "", resp.body.len);
    if (resp.stream && resp.stream->close)
        resp.stream->close(resp.stream);
    resp_release(&resp);
    ak_buf_release(&req.body);
    return status;
}

/* ---- streams ---- */

static void stream_unlink(struct ak_http *srv, struct ak_http_stream *s)
{
    for (struct ak_http_stream **pp = &srv->live; *pp; pp = &(*pp)->next_live)
        if (*pp == s) {
            *pp = s->next_live;
            srv->nlive--;
            return;
        }
}

static ssize_t stream_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct ak_http_stream *s = cls;
    if (s->srv->stopping)
        return MHD_CONTENT_READER_END_OF_STREAM;
    ssize_t n = s->fill(s, buf, max);
    if (n < 0)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (n == 0) {
        s->suspended = true;
        MHD_suspend_connection(s->conn);
        return 0;
    }
    return n;
}

static void stream_free(void *cls)
{
    struct ak_http_stream *s = cls;
    struct ak_http *srv = s->srv;
    stream_unlink(srv, s);
    if (!s->closed) {
        s->closed = true;
        s->close(s);
    }
}

void ak_http_stream_wake(struct ak_http_stream *s)
{
    if (s->suspended && !s->closed) {
        s->suspended = false;
        MHD_resume_connection(s->conn);
    }
}

size_t ak_http_live_streams(const struct ak_http *srv)
{
    return srv->nlive;
}

/* ---- request handling ---- */

static enum MHD_Result queue(struct ak_http_req *req, struct ak_http_resp *resp)
{
    struct MHD_Response *r;
    if (resp->stream) {
        struct ak_http_stream *s = resp->stream;
        s->srv = req->srv;
        s->conn = req->conn;
        s->next_live = req->srv->live;
        req->srv->live = s;
        req->srv->nlive++;
        r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, stream_reader, s,
                                              stream_free);
    } else {
        r = MHD_create_response_from_buffer(resp->body.len, resp->body.data ? resp->body.data : "",
                                            MHD_RESPMEM_MUST_COPY);
        req->bytes = resp->body.len;
    }
    if (!r)
        return MHD_NO;
    if (resp->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
    for (size_t i = 0; i < resp->nheaders; i++)
        MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
    req->status = resp->status;
    req->answered = true;
    enum MHD_Result rc = MHD_queue_response(req->conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result simple(struct ak_http_req *req, int status, const char *ctype,
                              const char *body)
{
    struct ak_http_resp resp;
    memset(&resp, 0, sizeof(resp));
    ak_buf_init(&resp.body, AK_BUF_UNLIMITED);
    ak_http_resp_text(&resp, status, ctype, body);
    enum MHD_Result rc = queue(req, &resp);
    resp_release(&resp);
    return rc;
}

/* 413 in the shape of the API the request was for */
static enum MHD_Result too_large(struct ak_http_req *req)
{
    struct ak_http *srv = req->srv;
    char msg[320];
    if (strncmp(req->path, "/k8s/", 5) == 0) /* the Kubernetes API: a Status */
        snprintf(msg, sizeof(msg),
                 "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                 "\"status\":\"Failure\",\"message\":\"the request body is larger than the "
                 "limit of %zu bytes\",\"reason\":\"RequestEntityTooLarge\",\"code\":413}",
                 srv->cfg.max_body);
    else
        snprintf(msg, sizeof(msg),
                 "{\"error\":{\"code\":\"RequestEntityTooLarge\",\"message\":\"The request "
                 "body is larger than the limit of %zu bytes.\"}}",
                 srv->cfg.max_body);
    return simple(req, 413, "application/json", msg);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    struct ak_http *srv = cls;
    struct ak_http_req *req = *con_cls;
    if (req == NULL) {
        req = ak_xcalloc(1, sizeof(*req));
        req->srv = srv;
        req->conn = conn;
        req->method = method;
        req->path = url;
        req->start_ns = ak_mono_ns();
        ak_buf_init(&req->body, srv->cfg.max_body);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)ci->client_addr;
            char ip[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
            snprintf(req->client, sizeof(req->client), "%s:%u", ip, ntohs(sin->sin_port));
        }
        *con_cls = req;
        /* a declared length over the limit is refused before the body is sent (no 100 Continue) */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > srv->cfg.max_body) {
            req->too_big = true;
            return too_large(req);
        }
        return MHD_YES;
    }
    if (req->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!req->too_big && ak_buf_append(&req->body, upload_data, *upload_data_size) != 0)
            req->too_big = true;
        *upload_data_size = 0;
        if (req->too_big) {
            return too_large(req);
        }
        return MHD_YES;
    }
    const union MHD_ConnectionInfo *sci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (sci && sci->socket_context)
        ((struct aconn *)sci->socket_context)->busy = true;
    struct ak_http_resp resp;
    memset(&resp, 0, sizeof(resp));
    ak_buf_init(&resp.body, AK_BUF_UNLIMITED);
    resp.status = 200;
    srv->handler(srv->ud, req, &resp);
    enum MHD_Result rc = queue(req, &resp);
    resp_release(&resp);
    return rc;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct ak_http *srv = cls;
    const union MHD_ConnectionInfo *sci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (sci && sci->socket_context) {
        struct aconn *ac = sci->socket_context;
        ac->busy = false;
        ac->since_ns = ak_mono_ns();
    }
    struct ak_http_req *req = *con_cls;
    if (!req)
        return;
    if (!srv->cfg.quiet) {
        double ms = (double)(ak_mono_ns() - req->start_ns) / 1e6;
        const char *how = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)";
        ak_log(AK_LOG_INFO, "http", "%s %s %d %zuB %.1fms %s%s", req->method, req->path,
               req->status, req->bytes, ms, req->client, how);
    }
    ak_buf_release(&req->body);
    free(req);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode toe)
{
    struct ak_http *srv = cls;
    if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        struct aconn *ac = *socket_ctx;
        if (!ac)
            return;
        if (ac->prev)
            ac->prev->next = ac->next;
        else
            srv->conns = ac->next;
        if (ac->next)
            ac->next->prev = ac->prev;
        srv->nconns--;
        free(ac);
        *socket_ctx = NULL;
        return;
    }
    if (toe != MHD_CONNECTION_NOTIFY_STARTED)
        return;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    struct aconn *ac = ak_xcalloc(1, sizeof(*ac));
    ac->conn = conn;
    ac->fd = ci ? ci->connect_fd : -1;
    ac->since_ns = ak_mono_ns();
    ac->next = srv->conns;
    if (srv->conns)
        srv->conns->prev = ac;
    srv->conns = ac;
    srv->nconns++;
    *socket_ctx = ac;
    if (ci) {
        int one = 1;
        setsockopt(ci->connect_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
}

/* Past --max-connections a new connection is closed at once (the client sees a reset and can
 * retry) rather than left in the listen backlog, where its TLS handshake would hang. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)addr;
    (void)addrlen;
    struct ak_http *srv = cls;
    if (srv->nconns < srv->cfg.max_conns)
        return MHD_YES;
    srv->nrefused++;
    if (srv->nrefused == 1 || srv->nrefused % 1000 == 0)
        ak_log(AK_LOG_WARN, "http", "refused a connection: %zu open, the limit is %u "
               "(--max-connections); %zu refused so far", srv->nconns, srv->cfg.max_conns,
               srv->nrefused);
    return MHD_NO;
}

/* Every second: connections that have not delivered a whole request within the deadline
 * (slow-loris clients trickling headers or a body, idle keep-alives past it) are shut down;
 * libmicrohttpd then sees the end of the stream and closes them. */
static void on_sweep(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    struct ak_http *srv = ud;
    int64_t now = ak_mono_ns(), limit = (int64_t)srv->cfg.request_timeout_s * 1000000000LL;
    for (struct aconn *ac = srv->conns; ac; ac = ac->next) {
        if (ac->busy || ac->cut || ac->fd < 0 || now - ac->since_ns < limit)
            continue;
        ac->cut = true;
        srv->ncut++;
        shutdown(ac->fd, SHUT_RDWR);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(ac->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char ip[INET_ADDRSTRLEN] = "?";
        unsigned port = 0;
        if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)ci->client_addr;
            inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
            port = ntohs(sin->sin_port);
        }
        ak_log(AK_LOG_DEBUG, "http", "closed the connection of %s:%u: no whole request within %u s",
               ip, port, srv->cfg.request_timeout_s);
    }
    ak_timer_start(loop, t, 1000);
}

/* One MHD_run moves each ready connection one step: over TLS, one gnutls record (16 KiB) of a
 * response. A 4 MB LIST page took 250 runs - 250 loop iterations, each also running timers and
 * controller passes, ~5 s while a cluster was being built (bench/ui-nodes.sh). So the sockets
 * are pumped while libmicrohttpd has connections ready to go on (its timeout is 0: an epoll
 * "ready" list not empty; a connection leaves it when its socket would block or it waits for
 * a request), for at most PUMP_NS per turn, so that the timers still get theirs. */
#define PUMP_NS 4000000LL

static void pump(struct ak_http *srv)
{
    int64_t start = ak_mono_ns();
    for (;;) {
        MHD_run(srv->d);
        MHD_UNSIGNED_LONG_LONG to;
        if (srv->stopping || MHD_get_timeout(srv->d, &to) != MHD_YES || to != 0 ||
            ak_mono_ns() - start > PUMP_NS)
            break;
    }
}

static void on_epoll(struct ak_loop *loop, int fd, uint32_t events, void *ud)
{
    (void)loop;
    (void)fd;
    (void)events;
    pump(ud);
}

static void before_poll(struct ak_loop *loop, void *ud)
{
    (void)loop;
    /* resumed connections and queued responses are processed here */
    pump(ud);
}

static int64_t mhd_timeout(void *ud)
{
    struct ak_http *srv = ud;
    MHD_UNSIGNED_LONG_LONG to;
    if (MHD_get_timeout(srv->d, &to) == MHD_YES)
        return (int64_t)to;
    return -1;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    ak_log(AK_LOG_DEBUG, "mhd", "%s", line);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof(host))
        return AK_EINVAL;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return AK_EINVAL;
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof(host), "127.0.0.1");
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return AK_EINVAL;
    return 0;
}

struct ak_http *ak_http_start(struct ak_loop *loop, const struct ak_http_config *cfg,
                              ak_http_handler handler, void *ud, char *errbuf, size_t errlen)
{
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen, &sa) != 0) {
        snprintf(errbuf, errlen, "--listen %s: expected IPv4-ADDRESS:PORT, e.g. 127.0.0.1:8443",
                 cfg->listen);
        return NULL;
    }
    struct ak_http *srv = ak_xcalloc(1, sizeof(*srv));
    srv->loop = loop;
    srv->handler = handler;
    srv->ud = ud;
    srv->cfg = *cfg;
    srv->cert = ak_xstrdup(cfg->cert_pem);
    srv->key = ak_xstrdup(cfg->key_pem);
    if (!srv->cfg.max_body)
        srv->cfg.max_body = AK_MAX_BODY_BYTES;
    if (!srv->cfg.max_header)
        srv->cfg.max_header = 64 * 1024;
    if (!srv->cfg.max_conns)
        srv->cfg.max_conns = 1024;
    if (!srv->cfg.idle_timeout_s)
        srv->cfg.idle_timeout_s = 120;
    if (!srv->cfg.request_timeout_s)
        srv->cfg.request_timeout_s = 60;
    unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
                     MHD_USE_SUSPEND_RESUME;
    if (srv->cert)
        flags |= MHD_USE_TLS;
    errno = 0;
    srv->d = MHD_start_daemon(
        flags, 0, on_accept, srv, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_NOTIFY_CONNECTION,
        on_connection, srv, MHD_OPTION_CONNECTION_MEMORY_LIMIT, srv->cfg.max_header,
        MHD_OPTION_CONNECTION_LIMIT, srv->cfg.max_conns + 16, MHD_OPTION_CONNECTION_TIMEOUT,
        srv->cfg.idle_timeout_s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, srv->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
        srv->cert, MHD_OPTION_HTTPS_MEM_KEY, srv->key, MHD_OPTION_END);
    if (!srv->d) {
        snprintf(errbuf, errlen, "cannot listen on %s: %s", cfg->listen,
                 errno ? strerror(errno) : "libmicrohttpd refused the configuration");
        free(srv->cert);
        free(srv->key);
        free(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : ntohs(sa.sin_port);
    di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_EPOLL_FD);
    srv->w.fd = di->epoll_fd;
    srv->w.cb = on_epoll;
    srv->w.ud = srv;
    ak_loop_add_fd(loop, &srv->w, EPOLLIN);
    ak_loop_add_before_poll(loop, before_poll, srv);
    ak_loop_set_timeout_source(loop, mhd_timeout, srv);
    ak_timer_init(&srv->sweep, on_sweep, srv);
    ak_timer_start(loop, &srv->sweep, 1000);
    return srv;
}

uint16_t ak_http_port(const struct ak_http *srv)
{
    return srv->port;
}

void ak_http_stop(struct ak_http *srv)
{
    if (!srv)
        return;
    srv->stopping = true;
    /* suspended streams must be resumed before the daemon can stop */
    for (struct ak_http_stream *s = srv->live; s; s = s->next_live)
        ak_http_stream_wake(s);
    MHD_run(srv->d);
    ak_timer_stop(srv->loop, &srv->sweep);
    ak_loop_del_fd(srv->loop, &srv->w);
    MHD_stop_daemon(srv->d);
    free(srv->cert);
    free(srv->key);
    free(srv);
}
