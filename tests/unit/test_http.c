/* test_http.c - the HTTPS server inside a busy loop: a large response reaches its client in a
 * few loop iterations, not one TLS record (16 KiB) per iteration while timers keep the loop
 * busy (a 4 MB LIST page once took ~5 s while a cluster was being built). */
#include "unit_helpers.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/ak_http.h"
#include "api/ak_tls.h"
#include "runtime/ak_loop.h"
#include "util/ak_buf.h"
#include "util/ak_mem.h"
#include "util/ak_time.h"

#define BIG (8u << 20)

static void big_handler(void *ud, struct ak_http_req *req, struct ak_http_resp *resp)
{
    (void)ud;
    (void)req;
    char *body = ak_xmalloc(BIG + 1);
    for (size_t i = 0; i < BIG; i++)
        body[i] = (char)('a' + i % 26);
    body[BIG] = '\0';
    ak_http_resp_text(resp, 200, "text/plain", body);
    free(body);
}

/* a controller that always has work: 5 ms of CPU per pass, re-armed at once */
struct busy {
    atomic_int passes;
    struct ak_timer t;
};

static void busy_cb(struct ak_loop *l, struct ak_timer *t, void *ud)
{
    struct busy *b = ud;
    int64_t start = ak_mono_ns();
    while (ak_mono_ns() - start < 5000000)
        ;
    atomic_fetch_add(&b->passes, 1);
    ak_timer_start(l, t, 0);
}

struct client {
    uint16_t port;
    struct busy *busy;
    size_t got;          /* body bytes (all bytes after the header) */
    int status;
    int passes_at_first_byte, passes_at_end;
    atomic_bool done;
};

static void *client_main(void *p)
{
    struct client *c = p;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(c->port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    gnutls_session_t s = NULL;
    gnutls_certificate_credentials_t cred = NULL;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
        goto out;
    gnutls_certificate_allocate_credentials(&cred);
    gnutls_init(&s, GNUTLS_CLIENT);
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_transport_set_int(s, fd);
    int rc;
    do
        rc = gnutls_handshake(s);
    while (rc < 0 && !gnutls_error_is_fatal(rc));
    if (rc < 0)
        goto out;
    const char *q = "GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (gnutls_record_send(s, q, strlen(q)) != (ssize_t)strlen(q))
        goto out;
    char buf[65536];
    struct ak_buf head = AK_BUF_INIT(AK_BUF_UNLIMITED);
    bool in_body = false;
    for (;;) {
        ssize_t n = gnutls_record_recv(s, buf, sizeof(buf));
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
            continue;
        if (n <= 0)
            break;
        if (in_body) {
            c->got += (size_t)n;
            continue;
        }
        ak_buf_append(&head, buf, (size_t)n);
        ak_buf_putc(&head, '\0');
        head.len--;
        char *end = strstr(head.data, "\r\n\r\n");
        if (end) {
            in_body = true;
            c->passes_at_first_byte = atomic_load(&c->busy->passes);
            sscanf(head.data, "HTTP/1.1 %d", &c->status);
            c->got = head.len - (size_t)(end + 4 - head.data);
        }
    }
    c->passes_at_end = atomic_load(&c->busy->passes);
    ak_buf_release(&head);
out:
    if (s) {
        gnutls_bye(s, GNUTLS_SHUT_WR);
        gnutls_deinit(s);
    }
    if (cred)
        gnutls_certificate_free_credentials(cred);
    close(fd);
    atomic_store(&c->done, true);
    return NULL;
}

static void test_big_response_under_load(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_http.XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct ak_tls_files tls;
    char err[256];
    assert_int_equal(ak_tls_ensure(dir, &tls, err, sizeof(err)), 0);
    struct ak_loop *loop = ak_loop_new(AK_CLOCK_REAL, 0);
    struct ak_http_config cfg = {.listen = "127.0.0.1:0", .cert_pem = tls.cert_pem, .key_pem = tls.key_pem,
                                 .max_body = 1 << 20, .max_header = 64 << 10, .max_conns = 16,
                                 .idle_timeout_s = 30, .request_timeout_s = 30, .quiet = true};
    struct ak_http *srv = ak_http_start(loop, &cfg, big_handler, NULL, err, sizeof(err));
    assert_non_null(srv);
    struct busy busy = {0};
    ak_timer_init(&busy.t, busy_cb, &busy);
    ak_timer_start(loop, &busy.t, 0);
    struct client c = {.port = ak_http_port(srv), .busy = &busy};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, client_main, &c), 0);
    int64_t start = ak_mono_ns();
    while (!atomic_load(&c.done) && ak_mono_ns() - start < 60000000000LL)
        ak_loop_run_once(loop, 10);
    assert_true(atomic_load(&c.done));
    pthread_join(th, NULL);
    ak_timer_stop(loop, &busy.t);
    ak_http_stop(srv);
    ak_loop_free(loop);
    ak_tls_files_release(&tls);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);

    assert_int_equal(c.status, 200);
    assert_int_equal(c.got, BIG);
    /* One loop iteration runs one 5 ms pass; one 16 KiB record per iteration would be 512
     * passes for 8 MiB (2.6 s). The sockets get up to 4 ms of each turn: a few dozen. */
    int passes = c.passes_at_end - c.passes_at_first_byte;
    print_message("8 MiB over TLS: %d controller passes from the first byte to the last\n", passes);
    assert_true(passes < 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_response_under_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
