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
 * finishes): a missed target is reported, not an error.
 *
 *   aksemu-bench --soak SECONDS --url ... --ca ... [--pid DAEMON_PID] [--wal FILE] ...
 *
 * 3. Soak (bench/soak.sh, `make soak`): a bounded mixed load for SECONDS - paced ARM and
 *    Kubernetes reads on several connections, agent pool create / update / scale / delete with
 *    their operations polled, pod and ConfigMap create / patch (merge, JSON, strategic) /
 *    delete, and watches that reconnect - while the daemon's RSS (/proc/PID/status VmRSS) and
 *    the size of its -wal file are sampled every 2 s. Prints requests/s, errors, latency
 *    percentiles per kind and the RSS slope over the second half (least squares, KiB/min);
 *    exits 1 if any request failed or the slope is above --max-slope (KiB/min). */
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
#include <sys/stat.h>
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
    /* --soak */
    int soak_s;         /* 0: the benchmark, else the soak's duration */
    int soak_rps;       /* paced reads per second, all reader threads together */
    int soak_readers;   /* reader threads (connections) */
    int soak_kube_wps;  /* paced Kubernetes writes per second */
    int soak_pools;     /* agent pools the ARM writer cycles through */
    int pid;            /* daemon whose RSS is sampled */
    const char *wal;    /* the daemon's -wal file, sampled */
    double max_slope;   /* KiB/min over the second half */
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


/* ------------------------------------------------------------------ the soak */

enum soak_kind { SK_ARM_READ, SK_KUBE_READ, SK_ARM_WRITE, SK_OP_POLL, SK_KUBE_WRITE, SK_WATCH, SK_N };
static const char *const soak_kind_name[SK_N] = {"ARM read",   "Kubernetes read", "ARM write",
                                                 "ARM op poll", "Kubernetes write", "watch"};

struct soak_env {
    const struct opts *o;
    char sub[64];
    char arm_base[512];  /* .../managedClusters/soak */
    char kube[512];      /* the cluster's Kubernetes API (kubeconfig server) */
    char kube_auth[600]; /* Authorization header for it */
    volatile int stop;
    long total;          /* requests answered (atomic) */
    long errors;         /* unexpected answers and transport errors (atomic) */
    long watch_events;   /* lines received on watches (atomic) */
    long err_printed;    /* (atomic) */
};

struct soak_worker {
    struct soak_env *env;
    CURL *h;
    struct resp r;
    struct curl_slist *arm_hdrs, *kube_hdrs;
    struct samples lat[SK_N];
    long errors[SK_N];
    int id;
    bool fresh; /* the next request opens a new connection (after a transport error) */
    pthread_t th;
};

static void soak_count_error(struct soak_worker *w, enum soak_kind k, const char *method,
                             const char *url, const char *why)
{
    w->errors[k]++;
    __atomic_add_fetch(&w->env->errors, 1, __ATOMIC_RELAXED);
    if (__atomic_add_fetch(&w->env->err_printed, 1, __ATOMIC_RELAXED) <= 20)
        fprintf(stderr, "aksemu-bench: soak: %s %s: %s\n", method, url, why);
}

/* One request of kind k with the headers of its API; false (counted) unless the status is
 * want1 or want2. The connection is renewed after a transport error. */
static bool soak_req(struct soak_worker *w, enum soak_kind k, const char *method, const char *url,
                     const char *body, const char *ctype, long want1, long want2)
{
    struct curl_slist *hdrs = k == SK_KUBE_READ || k == SK_KUBE_WRITE ? w->kube_hdrs : w->arm_hdrs;
    struct curl_slist *extra = NULL;
    if (ctype) {
        char ct[128];
        snprintf(ct, sizeof(ct), "Content-Type: %s", ctype);
        for (struct curl_slist *l = hdrs; l; l = l->next)
            if (strncasecmp(l->data, "Content-Type:", 13) != 0)
                extra = curl_slist_append(extra, l->data);
        extra = curl_slist_append(extra, ct);
        curl_easy_setopt(w->h, CURLOPT_HTTPHEADER, extra);
    } else {
        curl_easy_setopt(w->h, CURLOPT_HTTPHEADER, hdrs);
    }
    double ms;
    if (w->fresh)
        curl_easy_setopt(w->h, CURLOPT_FRESH_CONNECT, 1L);
    CURLcode rc = perform_once(w->h, &w->r, method, url, body, &ms);
    if (w->fresh)
        curl_easy_setopt(w->h, CURLOPT_FRESH_CONNECT, 0L);
    w->fresh = rc != CURLE_OK;
    curl_easy_setopt(w->h, CURLOPT_HTTPHEADER, hdrs);
    curl_slist_free_all(extra);
    __atomic_add_fetch(&w->env->total, 1, __ATOMIC_RELAXED);
    if (rc != CURLE_OK) {
        soak_count_error(w, k, method, url, curl_easy_strerror(rc));
        return false;
    }
    samples_add(&w->lat[k], ms);
    if (w->r.status != want1 && w->r.status != want2) {
        char why[400];
        snprintf(why, sizeof(why), "answered %ld (expected %ld): %.300s", w->r.status, want1,
                 w->r.body ? w->r.body : "");
        soak_count_error(w, k, method, url, why);
        return false;
    }
    return true;
}

static struct curl_slist *kube_headers(const struct soak_env *env)
{
    struct curl_slist *h = curl_slist_append(NULL, env->kube_auth[0] ? env->kube_auth
                                                                     : "Authorization: none");
    h = curl_slist_append(h, "Content-Type: application/json");
    return curl_slist_append(h, "Accept: application/json");
}

static void soak_worker_init(struct soak_worker *w, struct soak_env *env, int id)
{
    memset(w, 0, sizeof(*w));
    w->env = env;
    w->id = id;
    w->arm_hdrs = curl_slist_append(NULL, auth_hdr);
    w->arm_hdrs = curl_slist_append(w->arm_hdrs, "Content-Type: application/json");
    w->kube_hdrs = kube_headers(env);
    w->h = new_handle(env->o, &w->r, w->arm_hdrs);
}

static void soak_worker_free(struct soak_worker *w)
{
    curl_easy_cleanup(w->h);
    curl_slist_free_all(w->arm_hdrs);
    curl_slist_free_all(w->kube_hdrs);
    free(w->r.body);
    for (int k = 0; k < SK_N; k++)
        free(w->lat[k].v);
}

/* Sleeps until t0 + n * interval (pacing without drift). */
static void pace(double t0, long n, double interval_s)
{
    double wait = t0 + (double)n * interval_s - now_s();
    if (wait > 0)
        sleep_ms(wait * 1000.0);
}

/* Readers: a rotation of ARM and Kubernetes GETs and LISTs, paced. */
static void *soak_reader(void *ud)
{
    struct soak_worker *w = ud;
    struct soak_env *e = w->env;
    char urls[10][1024];
    enum soak_kind kinds[10];
    int n = 0;
#define U(k, ...) (kinds[n] = (k), snprintf(urls[n++], sizeof(urls[0]), __VA_ARGS__))
    U(SK_ARM_READ, "%s/agentPools/nodepool1?api-version=%s", e->arm_base, API_AKS);
    U(SK_ARM_READ, "%s?api-version=%s", e->arm_base, API_AKS);
    U(SK_ARM_READ, "%s/agentPools?api-version=%s", e->arm_base, API_AKS);
    U(SK_ARM_READ, "%s/subscriptions/%s/resourcegroups/soak?api-version=%s", e->o->url, e->sub,
      API_RG);
    U(SK_KUBE_READ, "%s/api/v1/nodes?limit=50", e->kube);
    U(SK_KUBE_READ, "%s/api/v1/namespaces/default/pods?limit=100", e->kube);
    U(SK_KUBE_READ, "%s/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%%3Dkube-proxy",
      e->kube);
    U(SK_KUBE_READ, "%s/apis/apps/v1/namespaces/kube-system/daemonsets", e->kube);
    U(SK_KUBE_READ, "%s/api/v1/namespaces/default/configmaps?limit=100", e->kube);
    U(SK_KUBE_READ, "%s/api/v1/namespaces/kube-system/events?limit=20", e->kube);
#undef U
    double interval = (double)e->o->soak_readers / (double)e->o->soak_rps;
    double t0 = now_s();
    for (long i = 0; !e->stop; i++) {
        int j = (int)((i + w->id * 3) % n);
        soak_req(w, kinds[j], "GET", urls[j], NULL, NULL, 200, 200);
        pace(t0, i + 1, interval);
    }
    return NULL;
}

/* Polls an operation until it is terminal; false (counted) if it ends otherwise than
 * Succeeded or takes longer than OP_WAIT_LIMIT_S. */
static bool soak_wait_op(struct soak_worker *w, const char *opurl)
{
    if (!*opurl)
        return true;
    char url[1024];
    snprintf(url, sizeof(url), "%s", opurl);
    double t0 = now_s();
    for (;;) {
        if (!soak_req(w, SK_OP_POLL, "GET", url, NULL, NULL, 200, 200))
            return false;
        char st[32] = "";
        json_str(w->r.body, "status", st, sizeof(st));
        if (strcmp(st, "Succeeded") == 0)
            return true;
        if (strcmp(st, "InProgress") != 0) {
            soak_count_error(w, SK_OP_POLL, "GET", url, st[0] ? st : "no status");
            return false;
        }
        if (now_s() - t0 > OP_WAIT_LIMIT_S) {
            soak_count_error(w, SK_OP_POLL, "GET", url, "operation still in progress");
            return false;
        }
        sleep_ms(2.0);
    }
}

/* The ARM writer: each pool goes create (1 node) -> tags -> labels -> scale 2 -> scale 1 ->
 * delete, each write's operation polled to its end before the next write on that pool. */
static void *soak_arm_writer(void *ud)
{
    struct soak_worker *w = ud;
    struct soak_env *e = w->env;
    int np = e->o->soak_pools;
    int *stage = calloc((size_t)np, sizeof(*stage));
    if (!stage)
        die("out of memory");
    char url[1024], body[512], opurl[1024];
    /* start clean: pools left by an earlier run go first */
    for (int p = 0; p < np; p++) {
        snprintf(url, sizeof(url), "%s/agentPools/sk%d?api-version=%s", e->arm_base, p, API_AKS);
        if (soak_req(w, SK_ARM_WRITE, "DELETE", url, NULL, NULL, 202, 204)) {
            snprintf(opurl, sizeof(opurl), "%s", w->r.async_op);
            soak_wait_op(w, opurl);
        }
    }
    for (long i = 0; !e->stop; i++) {
        int p = (int)(i % np);
        snprintf(url, sizeof(url), "%s/agentPools/sk%d?api-version=%s", e->arm_base, p, API_AKS);
        static const char *const fmt = "{\"properties\":{\"count\":%d,\"vmSize\":\"Standard_DS2_v2\","
                                       "\"mode\":\"User\",\"nodeLabels\":{\"soak\":\"%s\"},"
                                       "\"tags\":{\"round\":\"%ld\"}}}";
        bool ok;
        switch (stage[p]) {
        case 0:
            snprintf(body, sizeof(body), fmt, 1, "a", i);
            ok = soak_req(w, SK_ARM_WRITE, "PUT", url, body, NULL, 201, 200);
            break;
        case 1: /* tags */
            snprintf(body, sizeof(body), fmt, 1, "a", i);
            ok = soak_req(w, SK_ARM_WRITE, "PUT", url, body, NULL, 200, 200);
            break;
        case 2: /* labels */
            snprintf(body, sizeof(body), fmt, 1, "b", i);
            ok = soak_req(w, SK_ARM_WRITE, "PUT", url, body, NULL, 200, 200);
            break;
        case 3:
            snprintf(body, sizeof(body), fmt, 2, "b", i);
            ok = soak_req(w, SK_ARM_WRITE, "PUT", url, body, NULL, 200, 200);
            break;
        case 4:
            snprintf(body, sizeof(body), fmt, 1, "b", i);
            ok = soak_req(w, SK_ARM_WRITE, "PUT", url, body, NULL, 200, 200);
            break;
        default:
            ok = soak_req(w, SK_ARM_WRITE, "DELETE", url, NULL, NULL, 202, 204);
            break;
        }
        snprintf(opurl, sizeof(opurl), "%s", ok ? w->r.async_op : "");
        if (ok && !soak_wait_op(w, opurl))
            ok = false;
        /* after a failure the pool starts over from a delete */
        stage[p] = ok ? (stage[p] + 1) % 6 : 5;
    }
    free(stage);
    return NULL;
}

/* The Kubernetes writer: pods and ConfigMaps created, patched three ways and deleted, paced.
 * The pods go to nodepool1, whose nodes stay: a bare pod on a node that a scale-in drains is
 * evicted, as in Kubernetes, and its patches would answer 404. */
static void *soak_kube_writer(void *ud)
{
    struct soak_worker *w = ud;
    struct soak_env *e = w->env;
    char url[1024], body[1024];
    char pods[600], cms[600];
    snprintf(pods, sizeof(pods), "%s/api/v1/namespaces/default/pods", e->kube);
    snprintf(cms, sizeof(cms), "%s/api/v1/namespaces/default/configmaps", e->kube);
    double interval = 1.0 / (double)e->o->soak_kube_wps;
    double t0 = now_s();
    long n = 0;
    for (long i = 0; !e->stop; i++) {
        /* a pod: create, merge patch, JSON patch, delete (no grace period) */
        snprintf(body, sizeof(body),
                 "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"soak-%ld\","
                 "\"labels\":{\"app\":\"soak\"}},\"spec\":{\"nodeSelector\":{\"agentpool\":"
                 "\"nodepool1\"},\"containers\":[{\"name\":\"c\","
                 "\"image\":\"nginx\",\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":"
                 "\"16Mi\"}}}]}}",
                 i);
        bool made = soak_req(w, SK_KUBE_WRITE, "POST", pods, body, NULL, 201, 201);
        pace(t0, ++n, interval);
        snprintf(url, sizeof(url), "%s/soak-%ld", pods, i);
        if (made) {
            soak_req(w, SK_KUBE_WRITE, "PATCH", url, "{\"metadata\":{\"labels\":{\"round\":\"1\"}}}",
                     "application/merge-patch+json", 200, 200);
            pace(t0, ++n, interval);
            soak_req(w, SK_KUBE_WRITE, "PATCH", url,
                     "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"soak\":\"x\"}}]",
                     "application/json-patch+json", 200, 200);
            pace(t0, ++n, interval);
            snprintf(url, sizeof(url), "%s/soak-%ld?gracePeriodSeconds=0", pods, i);
            soak_req(w, SK_KUBE_WRITE, "DELETE", url, NULL, NULL, 200, 202);
            pace(t0, ++n, interval);
        }
        /* a ConfigMap: create, strategic merge patch, merge patch, delete */
        snprintf(body, sizeof(body),
                 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"soak-%ld\"},"
                 "\"data\":{\"k\":\"%0128ld\"}}",
                 i, i);
        made = soak_req(w, SK_KUBE_WRITE, "POST", cms, body, NULL, 201, 201);
        pace(t0, ++n, interval);
        snprintf(url, sizeof(url), "%s/soak-%ld", cms, i);
        if (made) {
            soak_req(w, SK_KUBE_WRITE, "PATCH", url, "{\"data\":{\"s\":\"strategic\"}}",
                     "application/strategic-merge-patch+json", 200, 200);
            pace(t0, ++n, interval);
            soak_req(w, SK_KUBE_WRITE, "PATCH", url, "{\"metadata\":{\"labels\":{\"m\":\"1\"}}}",
                     "application/merge-patch+json", 200, 200);
            pace(t0, ++n, interval);
            soak_req(w, SK_KUBE_WRITE, "DELETE", url, NULL, NULL, 200, 202);
            pace(t0, ++n, interval);
        }
    }
    return NULL;
}

struct watch_ctx {
    struct soak_worker *w;
    long lines;
};

static size_t on_watch_body(char *p, size_t size, size_t n, void *ud)
{
    struct watch_ctx *c = ud;
    size_t len = size * n;
    for (size_t i = 0; i < len; i++)
        if (p[i] == '\n')
            c->lines++;
    return c->w->env->stop ? 0 : len; /* 0 ends the transfer when the soak is over */
}

/* A watcher: a watch of the pods (or ConfigMaps) in "default" for up to 10 s, again and
 * again; each answer must be 200 and stream the changes. */
static void *soak_watcher(void *ud)
{
    struct soak_worker *w = ud;
    struct soak_env *e = w->env;
    char url[1024];
    snprintf(url, sizeof(url), "%s/api/v1/namespaces/default/%s?watch=1&timeoutSeconds=10",
             e->kube, w->id % 2 ? "configmaps" : "pods");
    struct watch_ctx c = {.w = w};
    curl_easy_setopt(w->h, CURLOPT_WRITEFUNCTION, on_watch_body);
    curl_easy_setopt(w->h, CURLOPT_WRITEDATA, &c);
    curl_easy_setopt(w->h, CURLOPT_HTTPHEADER, w->kube_hdrs);
    curl_easy_setopt(w->h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(w->h, CURLOPT_URL, url);
    curl_easy_setopt(w->h, CURLOPT_HTTPGET, 1L);
    while (!e->stop) {
        long before = c.lines;
        double t0 = now_s();
        CURLcode rc = curl_easy_perform(w->h);
        long st = 0;
        curl_easy_getinfo(w->h, CURLINFO_RESPONSE_CODE, &st);
        __atomic_add_fetch(&e->total, 1, __ATOMIC_RELAXED);
        __atomic_add_fetch(&e->watch_events, c.lines - before, __ATOMIC_RELAXED);
        if (e->stop)
            break;
        samples_add(&w->lat[SK_WATCH], (now_s() - t0) * 1000.0);
        if (rc != CURLE_OK || st != 200) {
            char why[160];
            snprintf(why, sizeof(why), "watch ended: %s, status %ld",
                     rc != CURLE_OK ? curl_easy_strerror(rc) : "ok", st);
            soak_count_error(w, SK_WATCH, "GET", url, why);
            sleep_ms(100);
        }
    }
    return NULL;
}

static long read_rss_kib(int pid)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long kib = -1;
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kib = strtol(line + 6, NULL, 10);
    fclose(f);
    return kib;
}

/* least-squares slope of y over x */
static double slope_of(const double *x, const double *y, size_t n)
{
    if (n < 2)
        return NAN;
    double mx = mean_of(x, n), my = mean_of(y, n), sxy = 0, sxx = 0;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxx > 0 ? sxy / sxx : NAN;
}

/* base64 (standard alphabet) into out; returns the length or -1 */
static long b64_decode(const char *in, char *out, size_t cap)
{
    long n = 0;
    unsigned acc = 0;
    int bits = 0;
    for (; *in && *in != '"'; in++) {
        int v;
        char ch = *in;
        if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z')
            v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9')
            v = ch - '0' + 52;
        else if (ch == '+')
            v = 62;
        else if (ch == '/')
            v = 63;
        else if (ch == '=')
            break;
        else
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if ((size_t)n + 1 >= cap)
                return -1;
            out[n++] = (char)((acc >> bits) & 0xff);
        }
    }
    out[n] = '\0';
    return n;
}

/* The value after "key:" on a line of a YAML text, copied to out. */
static bool yaml_line(const char *text, const char *key, char *out, size_t outlen)
{
    char pat[64];
    snprintf(pat, sizeof(pat), "%s:", key);
    for (const char *p = strstr(text, pat); p; p = strstr(p + 1, pat)) {
        if (p != text && p[-1] != ' ' && p[-1] != '\n')
            continue;
        p += strlen(pat);
        while (*p == ' ')
            p++;
        size_t i = 0;
        while (*p && *p != '\n' && *p != '\r' && i + 1 < outlen)
            out[i++] = *p++;
        out[i] = '\0';
        return i > 0;
    }
    return false;
}

static void soak_setup(struct soak_env *e, struct soak_worker *w)
{
    char url[1024], opurl[1024];
    snprintf(url, sizeof(url), "%s/subscriptions?api-version=2019-11-01", e->o->url);
    if (!soak_req(w, SK_ARM_READ, "GET", url, NULL, NULL, 200, 200) ||
        !json_str(w->r.body, "subscriptionId", e->sub, sizeof(e->sub)))
        die("GET /subscriptions answered %ld", w->r.status);
    snprintf(url, sizeof(url), "%s/subscriptions/%s/resourcegroups/soak?api-version=%s", e->o->url,
             e->sub, API_RG);
    if (!soak_req(w, SK_ARM_WRITE, "PUT", url, "{\"location\":\"eastus\"}", NULL, 200, 201))
        die("resource group soak: %ld", w->r.status);
    snprintf(e->arm_base, sizeof(e->arm_base),
             "%s/subscriptions/%s/resourceGroups/soak/providers/Microsoft.ContainerService/"
             "managedClusters/soak",
             e->o->url, e->sub);
    snprintf(url, sizeof(url), "%s?api-version=%s", e->arm_base, API_AKS);
    if (!soak_req(w, SK_ARM_READ, "GET", url, NULL, NULL, 200, 404))
        die("GET cluster soak: %ld", w->r.status);
    if (w->r.status == 404) {
        if (!soak_req(w, SK_ARM_WRITE, "PUT", url,
                      "{\"location\":\"eastus\",\"properties\":{\"agentPoolProfiles\":[{\"name\":"
                      "\"nodepool1\",\"count\":2,\"vmSize\":\"Standard_DS2_v2\",\"mode\":"
                      "\"System\"}]}}",
                      NULL, 201, 200))
            die("cluster create: %ld", w->r.status);
        snprintf(opurl, sizeof(opurl), "%s", w->r.async_op);
        if (!soak_wait_op(w, opurl))
            die("cluster create did not succeed");
    }
    snprintf(url, sizeof(url), "%s/listClusterAdminCredential?api-version=%s", e->arm_base, API_AKS);
    if (!soak_req(w, SK_ARM_WRITE, "POST", url, "", NULL, 200, 200))
        die("listClusterAdminCredential: %ld", w->r.status);
    char b64[16384], kc[12288], tok[512];
    if (!json_str(w->r.body, "value", b64, sizeof(b64)) || b64_decode(b64, kc, sizeof(kc)) < 0 ||
        !yaml_line(kc, "server", e->kube, sizeof(e->kube)) || !yaml_line(kc, "token", tok, sizeof(tok)))
        die("cannot read the admin kubeconfig");
    snprintf(e->kube_auth, sizeof(e->kube_auth), "Authorization: Bearer %s", tok);
    curl_slist_free_all(w->kube_hdrs);
    w->kube_hdrs = kube_headers(e);
    /* the nodes are there before the clock starts */
    snprintf(url, sizeof(url), "%s/api/v1/nodes", e->kube);
    for (int i = 0; i < 100; i++) {
        if (soak_req(w, SK_KUBE_READ, "GET", url, NULL, NULL, 200, 200) &&
            strstr(w->r.body, "\"Ready\""))
            break;
        sleep_ms(100);
    }
}

static void print_soak_row(const char *what, struct samples *s, long errors, double secs)
{
    samples_sort(s);
    if (s->n == 0) {
        printf("  %-18s %9d %8s %8s %8s %8s %8s %7ld\n", what, 0, "-", "-", "-", "-", "-", errors);
        return;
    }
    printf("  %-18s %9zu %8.1f %8.3f %8.3f %8.3f %8.1f %7ld\n", what, s->n, (double)s->n / secs,
           pct(s, 50), pct(s, 90), pct(s, 99), s->v[s->n - 1], errors);
}

static int soak_main(const struct opts *o)
{
    struct soak_env env = {.o = o};
    struct soak_worker setup;
    soak_worker_init(&setup, &env, 0);
    soak_setup(&env, &setup);
    long setup_errors = env.errors;
    printf("soak: %d s; reads paced at %d/s on %d connections, Kubernetes writes at %d/s, ARM "
           "writes on %d pools as fast as their operations end, 2 watches\n",
           o->soak_s, o->soak_rps, o->soak_readers, o->soak_kube_wps, o->soak_pools);
    printf("  cluster %s\n  Kubernetes API %s\n", env.arm_base, env.kube);
    int nw = o->soak_readers + 4;
    struct soak_worker *w = calloc((size_t)nw, sizeof(*w));
    if (!w)
        die("out of memory");
    for (int i = 0; i < nw; i++) {
        soak_worker_init(&w[i], &env, i);
    }
    env.errors = 0;
    env.total = 0;
    double t0 = now_s();
    for (int i = 0; i < nw; i++) {
        void *(*fn)(void *) = i < o->soak_readers       ? soak_reader
                              : i == o->soak_readers     ? soak_arm_writer
                              : i == o->soak_readers + 1 ? soak_kube_writer
                                                         : soak_watcher;
        if (pthread_create(&w[i].th, NULL, fn, &w[i]) != 0)
            die("pthread_create failed");
    }
    /* RSS and WAL samples every 2 s, a progress line every 30 s */
    size_t cap = (size_t)o->soak_s / 2 + 8, ns = 0;
    double *ts = calloc(cap, sizeof(double)), *rss = calloc(cap, sizeof(double));
    if (!ts || !rss)
        die("out of memory");
    long wal_max = 0, rss_max = 0, last_total = 0, last_errors = 0;
    double last_t = t0;
    for (int tick = 1;; tick++) {
        double until = t0 + 2.0 * tick;
        if (until > t0 + o->soak_s)
            until = t0 + o->soak_s;
        sleep_ms((until - now_s()) * 1000.0 > 0 ? (until - now_s()) * 1000.0 : 0);
        double t = now_s() - t0;
        if (o->pid > 0) {
            long kib = read_rss_kib(o->pid);
            if (kib < 0) {
                fprintf(stderr, "aksemu-bench: soak: the daemon (pid %d) is gone\n", o->pid);
                __atomic_add_fetch(&env.errors, 1, __ATOMIC_RELAXED);
                break;
            }
            if (ns < cap) {
                ts[ns] = t;
                rss[ns++] = (double)kib;
            }
            if (kib > rss_max)
                rss_max = kib;
        }
        struct stat sb;
        if (o->wal && stat(o->wal, &sb) == 0 && sb.st_size > wal_max)
            wal_max = (long)sb.st_size;
        if (tick % 15 == 0 || t >= o->soak_s) {
            long tot = __atomic_load_n(&env.total, __ATOMIC_RELAXED);
            long err = __atomic_load_n(&env.errors, __ATOMIC_RELAXED);
            double dt = now_s() - last_t;
            printf("  %5.0f s  %7.0f req/s  errors %ld  RSS %ld KiB  WAL max %.1f MiB\n", t,
                   (double)(tot - last_total) / dt, err - last_errors,
                   ns ? (long)rss[ns - 1] : -1L, (double)wal_max / 1048576.0);
            fflush(stdout);
            last_total = tot;
            last_errors = err;
            last_t = now_s();
        }
        if (t >= o->soak_s)
            break;
    }
    env.stop = 1;
    for (int i = 0; i < nw; i++)
        pthread_join(w[i].th, NULL);
    double secs = now_s() - t0;

    struct samples all = {0}, per[SK_N] = {{0}};
    long errs[SK_N] = {0}, errors = 0;
    for (int i = 0; i < nw; i++)
        for (int k = 0; k < SK_N; k++) {
            samples_merge(&per[k], &w[i].lat[k]);
            if (k != SK_WATCH)
                samples_merge(&all, &w[i].lat[k]);
            errs[k] += w[i].errors[k];
            errors += w[i].errors[k];
        }
    errors = env.errors; /* every failure counted above, and a daemon that vanished */
    printf("\nsoak results over %.0f s (latency in ms, HTTP round trip on keep-alive connections; "
           "watches: how long each lasted)\n",
           secs);
    printf("  %-18s %9s %8s %8s %8s %8s %8s %7s\n", "request", "n", "per s", "p50", "p90", "p99",
           "max", "errors");
    for (int k = 0; k < SK_N; k++)
        print_soak_row(soak_kind_name[k], &per[k], errs[k], secs);
    samples_sort(&all);
    printf("  %-18s %9zu %8.1f %8.3f %8.3f %8.3f %8.1f %7ld\n", "all but watches", all.n,
           (double)all.n / secs, pct(&all, 50), pct(&all, 90), pct(&all, 99),
           all.n ? all.v[all.n - 1] : NAN, errors);
    printf("  watch lines received: %ld; setup errors: %ld\n", env.watch_events, setup_errors);
    double slope = NAN;
    if (ns >= 4) {
        size_t half = 0;
        while (half < ns && ts[half] < secs / 2)
            half++;
        slope = slope_of(ts + half, rss + half, ns - half) * 60.0; /* KiB/min */
        printf("\ndaemon RSS: start %.0f KiB, at half time %.0f KiB, end %.0f KiB, peak %ld KiB\n",
               rss[0], rss[half < ns ? half : ns - 1], rss[ns - 1], rss_max);
        printf("RSS slope over the second half (least squares, %zu samples): %+.1f KiB/min; "
               "limit %.0f KiB/min, ratio %.2f\n",
               ns - half, slope, o->max_slope, slope / o->max_slope);
    }
    if (o->wal)
        printf("largest -wal file seen: %.1f MiB (%ld bytes)\n", (double)wal_max / 1048576.0,
               wal_max);
    printf("requests/s: %.0f (all requests but watches: %zu in %.0f s); errors: %ld\n",
           (double)all.n / secs, all.n, secs, errors);
    for (int i = 0; i < nw; i++)
        soak_worker_free(&w[i]);
    soak_worker_free(&setup);
    for (int k = 0; k < SK_N; k++)
        free(per[k].v);
    free(all.v);
    free(w);
    free(ts);
    free(rss);
    int rc = 0;
    if (errors > 0) {
        fprintf(stderr, "aksemu-bench: soak: %ld requests failed\n", errors);
        rc = 1;
    }
    if (!(slope <= o->max_slope) && ns >= 4) {
        fprintf(stderr, "aksemu-bench: soak: RSS grows %.1f KiB/min over the second half (limit %.0f)\n",
                slope, o->max_slope);
        rc = 1;
    }
    return rc;
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
          "  --conns LIST    concurrent keep-alive connections of the GET runs (default 1,4,16)\n"
          "\n"
          "       aksemu-bench --soak SECONDS --url ... --ca ... [--pid PID] [--wal FILE]\n"
          "                    [--rps N] [--readers N] [--kube-wps N] [--pools K] [--max-slope KIB]\n"
          "  --soak S        mixed ARM + Kubernetes load for S seconds instead of the benchmark\n"
          "  --pid PID       the daemon whose RSS is sampled every 2 s (slope over the 2nd half)\n"
          "  --wal FILE      its -wal file, whose largest size is reported\n"
          "  --rps N         paced reads per second, all readers together (default 2000)\n"
          "  --readers N     reader connections (default 4)\n"
          "  --kube-wps N    paced Kubernetes writes per second (default 200)\n"
          "  --max-slope K   fail above K KiB/min of RSS growth over the second half (256)\n",
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
                     .conns = {1, 4, 16}, .nconns = 3, .label = "", .soak_rps = 2000,
                     .soak_readers = 4, .soak_kube_wps = 200, .soak_pools = 0, .max_slope = 256};
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
        else if (strcmp(a, "--soak") == 0)
            o.soak_s = parse_int(v, 1, 7 * 86400);
        else if (strcmp(a, "--pid") == 0)
            o.pid = parse_int(v, 1, 1 << 30);
        else if (strcmp(a, "--wal") == 0)
            o.wal = v;
        else if (strcmp(a, "--rps") == 0)
            o.soak_rps = parse_int(v, 1, 1000000);
        else if (strcmp(a, "--readers") == 0)
            o.soak_readers = parse_int(v, 1, 64);
        else if (strcmp(a, "--kube-wps") == 0)
            o.soak_kube_wps = parse_int(v, 1, 100000);
        else if (strcmp(a, "--max-slope") == 0)
            o.max_slope = parse_int(v, 0, 1 << 30);
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
    if (o.soak_s > 0) {
        o.soak_pools = o.pools < 4 ? o.pools : 4;
        int rc = soak_main(&o);
        curl_global_cleanup();
        return rc;
    }

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
