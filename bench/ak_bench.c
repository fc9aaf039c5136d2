/* ak_bench.c - benchmark of a running aksemu daemon over its HTTPS ARM API.
 *
 *   aksemu-bench --url https://127.0.0.1:PORT --ca DATA/tls/ca.pem [options]
 *
 * 1. Write latency. One keep-alive connection creates, scales and deletes agent pools in a
 *    dedicated cluster, round-robin over a few pools. Each sample is the HTTP round trip of one
 *    PUT (create), PUT (count change) or DELETE, from curl_easy_perform() entry to its return.
 *    Before the next write on a pool the program waits for that pool's operation to reach a
 *    terminal status (polling its Azure-AsyncOperation URL); that wait is not measured.
 * 2. Read throughput. N threads, each with its own keep-alive connection, GET one agent pool
 *    (then one managed cluster) back to back for a fixed time; requests/s and latency
 *    percentiles per connection count.
 *
 * Every figure is printed next to its target (p99 < 10 ms for a pool write excluding the
 * provisioning delay; >= 10,000 GET/s) and the ratio. Everything is bounded in time and count;
 * exit status 0 unless the daemon misbehaves (wrong status codes, an operation that never
 * finishes): a missed target is reported, not an error. */
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define API_AKS "2022-11-01"
#define API_RG "2021-04-01"
#define TARGET_WRITE_P99_MS 10.0
#define TARGET_GET_RPS 10000.0
#define OP_WAIT_LIMIT_S 30.0
#define MAX_CONN_LEVELS 8

struct opts {
    const char *url, *ca;
    int samples;      /* per write kind */
    int pools;        /* round-robin width of the write phase */
    double duration;  /* seconds per GET run */
    double write_limit; /* seconds: the write phase stops early after this */
    int conns[MAX_CONN_LEVELS];
    int nconns;
    const char *label;
};

/* "Authorization: Bearer <AKSEMU_TOKEN>" (bench/run.sh exports the daemon's DATA/token) */
static char auth_hdr[600] = "Authorization: Bearer none";

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("aksemu-bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(double ms)
{
    struct timespec ts = {(time_t)(ms / 1000.0), (long)(fmod(ms, 1000.0) * 1e6)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ------------------------------------------------------------------ samples */

struct samples {
    double *v; /* milliseconds */
    size_t n, cap;
};

static void samples_add(struct samples *s, double ms)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->v = realloc(s->v, s->cap * sizeof(*s->v));
        if (!s->v)
            die("out of memory");
    }
    s->v[s->n++] = ms;
}

static void samples_merge(struct samples *into, const struct samples *from)
{
    for (size_t i = 0; i < from->n; i++)
        samples_add(into, from->v[i]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

/* nearest-rank percentile of sorted values */
static double pct(const struct samples *s, double p)
{
    if (s->n == 0)
        return NAN;
    size_t rank = (size_t)ceil(p / 100.0 * (double)s->n);
    if (rank < 1)
        rank = 1;
    if (rank > s->n)
        rank = s->n;
    return s->v[rank - 1];
}

static void samples_sort(struct samples *s)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof(*s->v), cmp_double);
}

static double mean_of(const double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    return n ? sum / (double)n : NAN;
}

/* ------------------------------------------------------------------ HTTP */

struct resp {
    char *body;
    size_t len, cap;
    long status;
    char async_op[1024]; /* Azure-AsyncOperation header, if any */
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct resp *r = ud;
    size_t len = size * n;
    if (r->len + len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + len + 1)
            cap *= 2;
        char *b = realloc(r->body, cap);
        if (!b)
            return 0;
        r->body = b;
        r->cap = cap;
    }
    memcpy(r->body + r->len, p, len);
    r->len += len;
    r->body[r->len] = '\0';
    return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct resp *r = ud;
    size_t len = size * n;
    static const char name[] = "Azure-AsyncOperation:";
    if (len > sizeof(name) - 1 && strncasecmp(p, name, sizeof(name) - 1) == 0) {
        const char *v = p + sizeof(name) - 1;
        size_t vl = len - (sizeof(name) - 1);
        while (vl && (*v == ' ' || *v == '\t')) {
            v++;
            vl--;
        }
        while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
            vl--;
        if (vl < sizeof(r->async_op)) {
            memcpy(r->async_op, v, vl);
            r->async_op[vl] = '\0';
        }
    }
    return len;
}

static CURL *new_handle(const struct opts *o, struct resp *r, struct curl_slist *hdrs)
{
    CURL *h = curl_easy_init();
    if (!h)
        die("curl_easy_init failed");
    curl_easy_setopt(h, CURLOPT_CAINFO, o->ca);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    return h;
}

static long transport_errors; /* requests retried after a transport error (atomic) */

static CURLcode perform_once(CURL *h, struct resp *r, const char *method, const char *url,
                             const char *body, double *ms)
{
    r->len = 0;
    if (r->body)
        r->body[0] = '\0';
    r->status = 0;
    r->async_op[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, url);
    if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
    }
    double t0 = now_s();
    CURLcode rc = curl_easy_perform(h);
    *ms = (now_s() - t0) * 1000.0;
    if (rc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    return rc;
}

/* One request; returns the round trip in ms. The body (may be NULL) is sent as JSON. A
 * transport error is retried once on a new connection (and counted); a second one is fatal. */
static double perform(CURL *h, struct resp *r, const char *method, const char *url,
                      const char *body)
{
    double ms;
    CURLcode rc = perform_once(h, r, method, url, body, &ms);
    if (rc == CURLE_OK)
        return ms;
    fprintf(stderr, "aksemu-bench: %s %s: %s; retrying once on a new connection\n", method, url,
            curl_easy_strerror(rc));
    __atomic_add_fetch(&transport_errors, 1, __ATOMIC_RELAXED);
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    rc = perform_once(h, r, method, url, body, &ms);
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 0L);
    if (rc != CURLE_OK)
        die("%s %s: %s (again after a retry)", method, url, curl_easy_strerror(rc));
    return ms;
}

/* The string value of "key" in a JSON text (first occurrence), copied to out. */
static bool json_str(const char *json, const char *key, char *out, size_t outlen)
{
    char pat[128];
    snprintf(pat, sizeof(pat), "\"%s\"", key);
    const char *p = json ? strstr(json, pat) : NULL;
    if (!p)
        return false;
    p += strlen(pat);
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p++ != ':')
        return false;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p++ != '"')
        return false;
    size_t i = 0;
    while (*p && *p != '"' && i + 1 < outlen)
        out[i++] = *p++;
    out[i] = '\0';
    return true;
}

/* ------------------------------------------------------------------ the write phase */

struct writer {
    const struct opts *o;
    CURL *h;
    struct resp r;
    char base[512]; /* .../managedClusters/bench */
    char sub[64];
    double waited_s;
    long polls;
};

/* Polls an operation URL until it is terminal (not measured). */
static void wait_op(struct writer *w, const char *opurl, const char *what)
{
    if (!*opurl)
        return;
    char url[1024];
    snprintf(url, sizeof(url), "%s", opurl);
    double t0 = now_s();
    for (;;) {
        perform(w->h, &w->r, "GET", url, NULL);
        w->polls++;
        char st[32] = "";
        if (w->r.status != 200 || !json_str(w->r.body, "status", st, sizeof(st)))
            die("%s: operation status answered %ld: %.200s", what, w->r.status,
                w->r.body ? w->r.body : "");
        if (strcmp(st, "Succeeded") == 0)
            break;
        if (strcmp(st, "Failed") == 0 || strcmp(st, "Canceled") == 0)
            die("%s: the operation ended %s", what, st);
        if (now_s() - t0 > OP_WAIT_LIMIT_S)
            die("%s: the operation is still %s after %.0f s", what, st, OP_WAIT_LIMIT_S);
        sleep_ms(1.0);
    }
    w->waited_s += now_s() - t0;
}

static double write_req(struct writer *w, const char *method, const char *url, const char *body,
                        long want1, long want2, char *opurl, size_t oplen)
{
    double ms = perform(w->h, &w->r, method, url, body);
    if (w->r.status != want1 && w->r.status != want2)
        die("%s %s answered %ld (expected %ld): %.300s", method, url, w->r.status, want1,
            w->r.body ? w->r.body : "");
    if (opurl)
        snprintf(opurl, oplen, "%s", w->r.async_op);
    return ms;
}

static void setup_cluster(struct writer *w)
{
    char url[1024], opurl[1024];
    /* subscription */
    snprintf(url, sizeof(url), "%s/subscriptions?api-version=2019-11-01", w->o->url);
    perform(w->h, &w->r, "GET", url, NULL);
    if (w->r.status != 200 || !json_str(w->r.body, "subscriptionId", w->sub, sizeof(w->sub)))
        die("GET /subscriptions answered %ld", w->r.status);
    snprintf(url, sizeof(url), "%s/subscriptions/%s/resourcegroups/bench?api-version=%s", w->o->url,
             w->sub, API_RG);
    write_req(w, "PUT", url, "{\"location\":\"eastus\"}", 200, 201, NULL, 0);
    snprintf(w->base, sizeof(w->base),
             "%s/subscriptions/%s/resourceGroups/bench/providers/Microsoft.ContainerService/"
             "managedClusters/bench",
             w->o->url, w->sub);
    snprintf(url, sizeof(url), "%s?api-version=%s", w->base, API_AKS);
    perform(w->h, &w->r, "GET", url, NULL);
    if (w->r.status == 200)
        return; /* left over from an earlier run on the same data dir */
    write_req(w, "PUT", url,
              "{\"location\":\"eastus\",\"properties\":{\"agentPoolProfiles\":[{\"name\":"
              "\"nodepool1\",\"count\":1,\"vmSize\":\"Standard_DS2_v2\",\"mode\":\"System\"}]}}",
              201, 200, opurl, sizeof(opurl));
    wait_op(w, opurl, "cluster create");
}

struct pool_slot {
    char name[16];
    int stage; /* 0: create next, 1: scale next, 2: delete next */
    char opurl[1024];
};

static void write_phase(const struct opts *o, struct writer *w, struct samples *create,
                        struct samples *scale, struct samples *del)
{
    struct pool_slot *slots = calloc((size_t)o->pools, sizeof(*slots));
    if (!slots)
        die("out of memory");
    for (int i = 0; i < o->pools; i++)
        snprintf(slots[i].name, sizeof(slots[i].name), "bp%d", i);
    char url[1024];
    /* start clean: pools of an earlier run are deleted first (not measured) */
    for (int i = 0; i < o->pools; i++) {
        snprintf(url, sizeof(url), "%s/agentPools/%s?api-version=%s", w->base, slots[i].name,
                 API_AKS);
        char opurl[1024];
        write_req(w, "DELETE", url, NULL, 202, 204, opurl, sizeof(opurl));
        wait_op(w, opurl, "cleanup delete");
    }
    int total = 3 * o->samples;
    int count = 0;
    double t0 = now_s();
    for (int done = 0; done < total; count++) {
        if (now_s() - t0 > o->write_limit) {
            printf("(the write phase stopped after %.0f s with %d of %d samples)\n",
                   o->write_limit, done, total);
            break;
        }
        struct pool_slot *s = &slots[count % o->pools];
        wait_op(w, s->opurl, s->name); /* the previous write on this pool: not measured */
        s->opurl[0] = '\0';
        snprintf(url, sizeof(url), "%s/agentPools/%s?api-version=%s", w->base, s->name, API_AKS);
        double ms;
        if (s->stage == 0) {
            if ((int)create->n >= o->samples)
                goto next;
            ms = write_req(w, "PUT", url,
                           "{\"properties\":{\"count\":1,\"vmSize\":\"Standard_DS2_v2\",\"mode\":"
                           "\"User\",\"nodeLabels\":{\"bench\":\"yes\"}}}",
                           201, 200, s->opurl, sizeof(s->opurl));
            samples_add(create, ms);
        } else if (s->stage == 1) {
            ms = write_req(w, "PUT", url,
                           "{\"properties\":{\"count\":3,\"vmSize\":\"Standard_DS2_v2\",\"mode\":"
                           "\"User\",\"nodeLabels\":{\"bench\":\"yes\"}}}",
                           200, 200, s->opurl, sizeof(s->opurl));
            samples_add(scale, ms);
        } else {
            ms = write_req(w, "DELETE", url, NULL, 202, 204, s->opurl, sizeof(s->opurl));
            samples_add(del, ms);
        }
        done++;
        s->stage = (s->stage + 1) % 3;
    next:
        if (count > 20 * total)
            die("the write phase does not progress");
    }
    for (int i = 0; i < o->pools; i++)
        wait_op(w, slots[i].opurl, slots[i].name);
    free(slots);
}

/* ------------------------------------------------------------------ the read phase */

struct reader {
    const struct opts *o;
    const char *url;
    struct samples lat;
    long errors;
    pthread_barrier_t *start;
};

static void *reader_main(void *ud)
{
    struct reader *rd = ud;
    struct resp r = {0};
    struct curl_slist *hdrs = curl_slist_append(NULL, auth_hdr);
    CURL *h = new_handle(rd->o, &r, hdrs);
    /* connect and handshake before the clock starts */
    perform(h, &r, "GET", rd->url, NULL);
    pthread_barrier_wait(rd->start);
    double until = now_s() + rd->o->duration;
    while (now_s() < until) {
        double ms = perform(h, &r, "GET", rd->url, NULL);
        if (r.status != 200)
            rd->errors++;
        samples_add(&rd->lat, ms);
    }
    curl_easy_cleanup(h);
    curl_slist_free_all(hdrs);
    free(r.body);
    return NULL;
}

struct read_result {
    double rps, p50, p90, p99, max;
    long n, errors;
};

static struct read_result read_run(const struct opts *o, const char *url, int nconn)
{
    struct reader *rd = calloc((size_t)nconn, sizeof(*rd));
    pthread_t *th = calloc((size_t)nconn, sizeof(*th));
    if (!rd || !th)
        die("out of memory");
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)nconn + 1);
    for (int i = 0; i < nconn; i++) {
        rd[i].o = o;
        rd[i].url = url;
        rd[i].start = &start;
    }
    for (int i = 0; i < nconn; i++)
        if (pthread_create(&th[i], NULL, reader_main, &rd[i]) != 0)
            die("pthread_create failed");
    /* every thread has its connection; the run starts for all at once */
    pthread_barrier_wait(&start);
    double t0 = now_s();
    struct samples all = {0};
    struct read_result res = {0};
    for (int i = 0; i < nconn; i++) {
        pthread_join(th[i], NULL);
        samples_merge(&all, &rd[i].lat);
        res.errors += rd[i].errors;
        free(rd[i].lat.v);
    }
    double elapsed = now_s() - t0;
    samples_sort(&all);
    res.n = (long)all.n;
    res.rps = (double)all.n / elapsed;
    res.p50 = pct(&all, 50);
    res.p90 = pct(&all, 90);
    res.p99 = pct(&all, 99);
    res.max = all.n ? all.v[all.n - 1] : NAN;
    free(all.v);
    pthread_barrier_destroy(&start);
    free(rd);
    free(th);
    return res;
}

/* ------------------------------------------------------------------ output */

static void print_write(const char *what, struct samples *s)
{
    size_t n = s->n;
    if (n == 0) {
        printf("  %-22s %5d  (no samples)\n", what, 0);
        return;
    }
    /* drift: mean of the first and the last tenth, in the order measured */
    size_t tenth = n / 10 ? n / 10 : 1;
    double first = mean_of(s->v, tenth), last = mean_of(s->v + n - tenth, tenth);
    samples_sort(s);
    double p99 = pct(s, 99);
    double ratio = p99 / TARGET_WRITE_P99_MS;
    printf("  %-22s %5zu %8.3f %8.3f %8.3f %8.3f   p99 < %.0f ms  %6.3fx  %-6s  %.3f -> %.3f\n",
           what, n, pct(s, 50), pct(s, 90), p99, s->v[n - 1], TARGET_WRITE_P99_MS, ratio,
           ratio < 1.0 ? "meets" : "MISSES", first, last);
}

static void print_read(const char *what, int nconn, const struct read_result *r)
{
    double ratio = r->rps / TARGET_GET_RPS;
    printf("  %-20s %5d %9.0f %8.3f %8.3f %8.3f %8.3f  >= %.0f/s  %6.3fx  %-6s %ld\n", what,
           nconn, r->rps, r->p50, r->p90, r->p99, r->max, TARGET_GET_RPS, ratio,
           ratio >= 1.0 ? "meets" : "MISSES", r->errors);
}

static void usage(FILE *f)
{
    fputs("usage: aksemu-bench --url https://127.0.0.1:PORT --ca CA.pem [--samples N]\n"
          "                    [--pools K] [--duration SECONDS] [--write-limit SECONDS]\n"
          "                    [--conns 1,4,16] [--label TEXT]\n"
          "  --samples N     samples per write kind (create, scale, delete; default 400)\n"
          "  --pools K       agent pools written round-robin (default 8)\n"
          "  --duration S    seconds per GET run (default 3)\n"
          "  --write-limit S the write phase stops after S seconds (default 60)\n"
          "  --conns LIST    concurrent keep-alive connections of the GET runs (default 1,4,16)\n",
          f);
}

static int parse_int(const char *s, int lo, int hi)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < lo || v > hi)
        die("'%s' is not a number in %d..%d", s, lo, hi);
    return (int)v;
}

int main(int argc, char **argv)
{
    struct opts o = {.samples = 400, .pools = 8, .duration = 3.0, .write_limit = 60.0,
                     .conns = {1, 4, 16}, .nconns = 3, .label = ""};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (!v) {
            usage(stderr);
            return 2;
        }
        i++;
        if (strcmp(a, "--url") == 0)
            o.url = v;
        else if (strcmp(a, "--ca") == 0)
            o.ca = v;
        else if (strcmp(a, "--samples") == 0)
            o.samples = parse_int(v, 1, 1000000);
        else if (strcmp(a, "--pools") == 0)
            o.pools = parse_int(v, 1, 90);
        else if (strcmp(a, "--duration") == 0)
            o.duration = parse_int(v, 1, 600);
        else if (strcmp(a, "--write-limit") == 0)
            o.write_limit = parse_int(v, 1, 3600);
        else if (strcmp(a, "--label") == 0)
            o.label = v;
        else if (strcmp(a, "--conns") == 0) {
            char buf[128];
            snprintf(buf, sizeof(buf), "%s", v);
            o.nconns = 0;
            for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
                 tok = strtok_r(NULL, ",", &save)) {
                if (o.nconns == MAX_CONN_LEVELS)
                    die("at most %d connection counts", MAX_CONN_LEVELS);
                o.conns[o.nconns++] = parse_int(tok, 1, 256);
            }
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!o.url || !o.ca) {
        usage(stderr);
        return 2;
    }
    const char *tok = getenv("AKSEMU_TOKEN");
    if (tok && *tok)
        snprintf(auth_hdr, sizeof(auth_hdr), "Authorization: Bearer %.500s", tok);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
        die("curl_global_init failed");
    const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
    printf("aksemu-bench: %s  (libcurl %s, %s, HTTP/1.1 keep-alive, %ld CPUs online)\n",
           o.url, cv->version, cv->ssl_version ? cv->ssl_version : "no TLS",
           sysconf(_SC_NPROCESSORS_ONLN));
    if (*o.label)
        printf("%s\n", o.label);

    struct writer w = {.o = &o};
    struct curl_slist *hdrs = curl_slist_append(NULL, auth_hdr);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    w.h = new_handle(&o, &w.r, hdrs);
    double t0 = now_s();
    setup_cluster(&w);
    struct samples create = {0}, scale = {0}, del = {0};
    write_phase(&o, &w, &create, &scale, &del);
    double write_s = now_s() - t0;
    printf("\nagent pool writes: HTTP round trip of each request on one keep-alive connection;\n"
           "the wait for the asynchronous operation before the next write on a pool is excluded\n"
           "(%.1f s in %ld status polls). Milliseconds; drift = mean of the first -> last 10%%.\n",
           w.waited_s, w.polls);
    printf("  %-22s %5s %8s %8s %8s %8s   %-12s %7s  %-6s  %s\n", "request", "n", "p50", "p90",
           "p99", "max", "target", "ratio", "", "drift");
    print_write("PUT pool (create)", &create);
    print_write("PUT pool (scale 1->3)", &scale);
    print_write("DELETE pool", &del);
    printf("  (write phase %.1f s)\n", write_s);

    char pool_url[1024], cluster_url[1024];
    snprintf(pool_url, sizeof(pool_url), "%s/agentPools/nodepool1?api-version=%s", w.base, API_AKS);
    snprintf(cluster_url, sizeof(cluster_url), "%s?api-version=%s", w.base, API_AKS);
    curl_easy_cleanup(w.h);
    curl_slist_free_all(hdrs);
    free(w.r.body);

    printf("\nARM GET throughput: %.0f s per run, each connection one thread issuing requests back\n"
           "to back. Latency in milliseconds.\n",
           o.duration);
    printf("  %-20s %5s %9s %8s %8s %8s %8s  %-10s %7s  %-6s %s\n", "request", "conns", "req/s",
           "p50", "p90", "p99", "max", "target", "ratio", "", "errors");
    long errors = 0;
    for (int i = 0; i < o.nconns; i++) {
        struct read_result r = read_run(&o, pool_url, o.conns[i]);
        print_read("GET agent pool", o.conns[i], &r);
        errors += r.errors;
    }
    for (int i = 0; i < o.nconns; i++) {
        struct read_result r = read_run(&o, cluster_url, o.conns[i]);
        print_read("GET managed cluster", o.conns[i], &r);
        errors += r.errors;
    }
    free(create.v);
    free(scale.v);
    free(del.v);
    curl_global_cleanup();
    if (transport_errors)
        printf("%ld requests failed at the transport level and were retried once (see stderr)\n",
               transport_errors);
    if (errors) {
        fprintf(stderr, "aksemu-bench: %ld GET requests did not answer 200\n", errors);
        return 1;
    }
    return 0;
}
