/* ak_sim.c - `aksemu sim run SCENARIO [--seed N] [--out DIR]`: the daemon's engine (state,
 * operations, Kubernetes controllers, scheduler, node life, autoscaler) on a virtual clock: no
 * sockets, the loop jumps from timer to timer, so days pass in seconds. The scenario is applied
 * through the same ARM and Kubernetes front doors the daemon serves (in-process requests), so
 * every rule and default holds; so are its load shapes (replica schedules, job arrivals) and its
 * fault processes (node failures, provisioning delays) while the run goes. A run is
 * reproducible from (scenario, seed): report.json is byte-identical. See docs/simulation.md for
 * the scenario format, the cost model and the report. */
#include "ak_sim.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../api/ak_http.h"
#include "../api/arm/ak_arm.h"
#include "../api/kube/ak_kapi.h"
#include "../core/ak_catalog.h"
#include "../core/ak_node.h"
#include "../ctrl/ak_ctrl.h"
#include "../ctrl/ak_kctrl.h"
#include "../kube/ak_kpod.h"
#include "../kube/ak_kstore.h"
#include "../kube/ak_kworld.h"
#include "../runtime/ak_loop.h"
#include "../state/ak_codec.h"
#include "../state/ak_state.h"
#include "../store/ak_store.h"
#include "../util/ak_buf.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_rand.h"
#include "../util/ak_str.h"
#include "../util/ak_time.h"
#include "../util/ak_yaml.h"

#define SIM_SUB "00000000-0000-0000-0000-000000000001"
#define SIM_TENANT "00000000-0000-0000-0000-000000000002"
#define DEFAULT_START "2026-01-01T00:00:00Z"
#define MAX_SAMPLES 200000
#define HOURS_PER_MONTH 730.0 /* Azure bills monthly prices over 730 hours */
#define FAILURE_TICK_MS 60000 /* node-failure-rate processes draw once a minute per node */

/* Managed OS disk prices, USD per month, LRS, eastus (reference/aks-facts.md, pricing facts:
 * third-party tables, consistent with each other). Premium SSD (P) for VM sizes with premium
 * storage, Standard (S) otherwise, the tier being the smallest that holds the disk. Tiers
 * without a figure on record are billed only with a scenario price (prices.osDisk.<tier>). */
static const struct {
    const char *tier;
    double usd_month;
} DISK_PRICES[] = {{"P10", 19.71}, {"P15", 38.02}, {"S10", 5.89}, {"S15", 11.33}};
static const struct {
    int gb;
    const char *n;
} DISK_TIERS[] = {{4, "4"}, {8, "1"}, {16, "2"}, {32, "3"}, {64, "6"}, {128, "10"}, {256, "15"}, {512, "20"},
                  {1024, "30"}, {2048, "40"}};

/* AKS control plane, USD per cluster-hour, by sku.tier (reference/aks-facts.md: Free 0;
 * Standard ~0.10 and Premium ~0.60 from a third-party article, unverified). */
static double tier_price(const char *tier)
{
    if (ak_streq(tier, "Standard") || ak_streq(tier, "Paid"))
        return 0.10;
    if (ak_streq(tier, "Premium"))
        return 0.60;
    return 0;
}

struct poolacc {
    char name[64];
    char priority[16];
    char vm_size[64];
    char tags[512];      /* "k=v,k=v" */
    double price;        /* USD/h per node (catalog or scenario); spot: the spot price */
    double max_price;    /* spot: spotMaxPrice (-1: up to pay-as-you-go) */
    double payg;         /* the pay-as-you-go price (the cap of a max price of -1) */
    double disk_price;   /* USD per OS disk-hour (0: ephemeral) */
    char disk_tier[8];   /* P10, S15, ... ("" ephemeral) */
    int disk_gb;
    bool disk_unknown, spot_unknown, seen;
    double vm_cost, disk_cost, vm_hours, disk_hours, dealloc_disk_hours;
    int64_t evictions;
    struct ak_buf series;      /* running nodes per sample */
    struct ak_buf cost_series; /* accumulated cost per sample */
};

struct tagacc {
    char kv[160];
    double cost;
    struct ak_buf series;
};

/* The availability of a Deployment or DaemonSet: its ready replicas over its desired ones. */
struct wlacc {
    enum ak_kkind kind;
    char ns[64], name[160];
    uint64_t rv;
    int desired, ready;
    double sum, min;
    int64_t below_ms;    /* time with fewer ready than desired */
    struct ak_buf series;
};

/* Load shapes and fault processes the sim drives while the run goes. */
enum act_kind { ACT_SCALE, ACT_CREATE, ACT_DELETE, ACT_ARRIVAL, ACT_FAILURE, ACT_PROVDELAY };

struct action {
    struct sim *s;
    struct ak_timer timer;
    enum act_kind kind;
    size_t index;        /* in its scenario list, for messages */
    json_t *obj;         /* scale/delete target, create manifest, arrival template (borrowed) */
    int replicas;
    int64_t at, every, until; /* ms from the measured start; every 0: Poisson at per_hour */
    double per_hour;
    double min_s, max_s;
    char pool[64], fixed_by[16];
    int64_t n;           /* arrivals so far */
};

struct evcount {
    int64_t spot, evicted, oom, sys_oom, repairs, not_ready;
    int64_t cdn_node_evicted, cdn_node_oom, cdn_evicted, cdn_oom;
};

struct sim {
    struct ak_loop *loop;
    struct ak_store *store;
    struct ak_state *st;
    struct ak_ctrl ctrl;
    struct ak_kworld *kw;
    struct ak_kctrl *kctrl;
    struct ak_kapi *kapi;
    struct ak_arm *arm;
    const char *file, *text; /* the scenario, for the lines of error messages */
    const char *rg, *cluster;
    int64_t start, end, step;
    bool measuring;
    struct ak_timer sample;
    struct ak_rand rng;      /* the sim's own draws (arrivals, failures, delays) */
    struct poolacc *pools;
    size_t npools;
    struct tagacc *tags;
    size_t ntags;
    struct wlacc *wls;
    size_t nwls;
    struct action *acts;
    size_t nacts;
    struct ak_buf t_series, pending_series, cost_series, disk_series, cdnmp_series;
    struct ak_buf spot_series, evicted_series, oom_series, repair_series;
    struct evcount ev, ev_last;
    size_t nsamples;
    int64_t pending_pod_minutes, cdn_mp_ms, cdn_dp_ms, jobs_submitted;
    double tier_cost, tier_hour;
    char tier[16];
    double total;
    double disk_max_pct;
    char disk_max_node[128];
    json_t *prices;
    /* CoreDNS's nodes, looked up again when the time has moved */
    struct ak_strs cdn_nodes;
    int64_t cdn_at;
    /* progress bar (stderr is a terminal) */
    bool progress;
    int64_t real_start_ns, last_draw_ns;
    int failed; /* an action failed: the run stops with its error */
    bool acts_ready; /* the actions' timers are initialised (s->acts no longer grows) */
};

static int64_t loop_now(void *ud)
{
    return ak_loop_now(ud);
}

static void ctrl_kick(void *ud)
{
    ak_ctrl_kick(ud);
}

static void on_arm_change(void *ud)
{
    struct sim *s = ud;
    ak_kworld_sync(s->kw);
}

static void handle(void *ud, struct ak_http_req *req, struct ak_http_resp *resp)
{
    struct sim *s = ud;
    const char *path = ak_http_path(req);
    if (strncmp(path, "/k8s/", 5) == 0)
        ak_kapi_handle(s->kapi, req, resp);
    else
        ak_arm_handle(s->arm, req, resp);
}

/* One in-process request; returns the status, the body in *out (caller releases). */
static int call_ct(struct sim *s, const char *method, const char *path, const char *api, const char *token,
                   const char *ctype, const json_t *body, struct ak_buf *out)
{
    const char *q[] = {"api-version", api, NULL};
    char auth[128];
    snprintf(auth, sizeof(auth), "Bearer %s", token ? token : "sim");
    const char *h[] = {"Authorization", auth, "Content-Type", ctype, "Host", "127.0.0.1", NULL};
    char *b = body ? json_dumps(body, JSON_COMPACT) : NULL;
    int st = ak_http_local(handle, s, method, path, api ? q : NULL, h, b, b ? strlen(b) : 0, out);
    free(b);
    return st;
}

static int call(struct sim *s, const char *method, const char *path, const char *api, const char *token,
                const json_t *body, struct ak_buf *out)
{
    return call_ct(s, method, path, api, token, "application/json", body, out);
}

/* ------------------------------------------------------------------ scenario errors */

/* The line (1-based) of the first `key:` (optionally `key: value`) at or after line `from`,
 * as the scenario spells it; 0 if none. Good enough to point at the entry that is wrong. */
static int line_of(const char *text, const char *key, const char *val, int from)
{
    int line = 1;
    size_t kl = strlen(key);
    for (const char *p = text; p && *p; line++) {
        const char *eol = strchr(p, '\n');
        if (line >= from) {
            const char *q = p;
            while (*q == ' ' || *q == '-' || *q == '{' || *q == '\t')
                q++;
            for (const char *k = q; k && k < (eol ? eol : k + strlen(k)); k++) {
                if (strncmp(k, key, kl) == 0 && k[kl] == ':' && (k == q || k[-1] == ' ' || k[-1] == '{' || k[-1] == ',')) {
                    if (!val)
                        return line;
                    const char *v = k + kl + 1;
                    while (*v == ' ' || *v == '"' || *v == '\'')
                        v++;
                    if (strncmp(v, val, strlen(val)) == 0)
                        return line;
                }
            }
        }
        p = eol ? eol + 1 : NULL;
    }
    return 0;
}

/* "file:line: what is wrong" (line of key[=val] if found), returns 1 */
static int sc_err(const struct sim *s, const char *key, const char *val, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int sc_err(const struct sim *s, const char *key, const char *val, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    int line = key && s->text ? line_of(s->text, key, val, 1) : 0;
    if (line)
        fprintf(stderr, "aksemu sim: %s:%d: %s\n", s->file, line, msg);
    else
        fprintf(stderr, "aksemu sim: %s: %s\n", s->file, msg);
    return 1;
}

static int64_t parse_dur(const char *v, int64_t def)
{
    if (!v || !*v)
        return def;
    char *end;
    double x = strtod(v, &end);
    if (end == v)
        return -1;
    int64_t mul = 1000;
    if (strcmp(end, "ms") == 0)
        mul = 1;
    else if (strcmp(end, "m") == 0)
        mul = 60000;
    else if (strcmp(end, "h") == 0)
        mul = 3600000;
    else if (strcmp(end, "d") == 0)
        mul = 86400000;
    else if (strcmp(end, "s") == 0 || *end == '\0')
        mul = 1000;
    else
        return -1;
    if (!(x >= 0))
        return -1;
    return (int64_t)(x * (double)mul);
}

/* a duration given as text ("6h") or a number of seconds */
static int64_t json_dur(const json_t *v, int64_t def)
{
    if (!v)
        return def;
    if (json_is_number(v))
        return json_number_value(v) >= 0 ? (int64_t)(json_number_value(v) * 1000) : -1;
    return json_is_string(v) ? parse_dur(json_string_value(v), def) : -1;
}

/* Runs the loop (virtual) for ms of emulated time. */
static void advance(struct sim *s, int64_t ms)
{
    ak_loop_run_until(s->loop, ak_loop_now(s->loop) + ms);
}

static int fail_status(const struct sim *s, const char *key, const char *val, const char *what, int st,
                       struct ak_buf *b)
{
    return sc_err(s, key, val, "%s: HTTP %d: %s", what, st, ak_buf_cstr(b));
}

/* Waits (in virtual time) until the cluster and its pools are out of their operations. */
static void settle(struct sim *s)
{
    for (int i = 0; i < 600; i++) {
        struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
        bool busy = !cl || cl->op_id;
        for (size_t p = 0; cl && p < cl->npools; p++)
            busy = busy || cl->pools[p]->op_id;
        if (!busy)
            return;
        advance(s, 1000);
    }
}

static struct ak_kcluster *kcluster(struct sim *s, struct ak_cluster **clp)
{
    struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
    if (clp)
        *clp = cl;
    return cl ? ak_kworld_cluster(s->kw, cl->kube_id) : NULL;
}

/* The Kubernetes API path of a kind's collection (name NULL) or of one object. */
static void kpath(struct sim *s, const char *api, const char *kind, const char *ns, const char *name, char *out,
                  size_t n)
{
    struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
    char plural[64];
    snprintf(plural, sizeof(plural), "%s", kind);
    ak_lower_inplace(plural);
    size_t pn = strlen(plural);
    if (pn && plural[pn - 1] == 'y')
        snprintf(plural + pn - 1, sizeof(plural) - pn + 1, "ies");
    else if (pn && plural[pn - 1] == 's')
        snprintf(plural + pn, sizeof(plural) - pn, "es");
    else if (pn < sizeof(plural) - 2)
        strcat(plural, "s");
    bool core = !strchr(api, '/');
    bool cluster_scoped = strcmp(kind, "Namespace") == 0 || strcmp(kind, "PriorityClass") == 0;
    int k;
    if (cluster_scoped)
        k = snprintf(out, n, "/k8s/%s/%s/%s/%s", cl ? cl->kube_id : "-", core ? "api" : "apis", api, plural);
    else
        k = snprintf(out, n, "/k8s/%s/%s/%s/namespaces/%s/%s", cl ? cl->kube_id : "-", core ? "api" : "apis", api,
                     ns && *ns ? ns : "default", plural);
    if (name && k > 0 && (size_t)k < n)
        snprintf(out + k, n - (size_t)k, "/%s", name);
}

static const char *kube_token(struct sim *s)
{
    struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
    return cl ? cl->admin_token : "sim";
}

/* Creates a Kubernetes object from its manifest; returns the HTTP status (body in *b). */
static int kcreate(struct sim *s, const json_t *m, struct ak_buf *b)
{
    const char *kind = ak_json_str(m, "kind"), *api = ak_json_str(m, "apiVersion");
    const char *ns = ak_json_str(json_object_get(m, "metadata"), "namespace");
    char kp[1024];
    kpath(s, api, kind, ns, NULL, kp, sizeof(kp));
    ak_buf_reset(b);
    return call(s, "POST", kp, NULL, kube_token(s), m, b);
}

/* ------------------------------------------------------------------ events */

/* The nodes running CoreDNS's pods (kube-system/coredns), as of now. */
static const struct ak_strs *coredns_nodes(struct sim *s)
{
    int64_t now = ak_loop_now(s->loop);
    if (s->cdn_at == now && s->cdn_nodes.n)
        return &s->cdn_nodes;
    s->cdn_at = now;
    ak_strs_release(&s->cdn_nodes);
    struct ak_kcluster *kc = kcluster(s, NULL);
    struct ak_kobj *d = kc ? ak_kstore_get(kc->ks, AK_KIND_DEPLOYMENT, "kube-system", "coredns") : NULL;
    for (struct ak_kobj *rs = d ? d->kids : NULL; rs; rs = rs->sib_next)
        for (struct ak_kobj *p = rs->kids; p; p = p->sib_next) {
            const struct ak_kpod *kp = p->kind == AK_KIND_POD ? ak_kpod_of(p) : NULL;
            if (kp && kp->node && !p->deleted_ms && strcmp(kp->phase, "Running") == 0 &&
                !ak_strs_contains(&s->cdn_nodes, kp->node))
                ak_strs_push(&s->cdn_nodes, kp->node);
        }
    return &s->cdn_nodes;
}

static bool is_coredns_pod(const char *ns, const char *name)
{
    return ak_streq(ns, "kube-system") && strncmp(name, "coredns-", 8) == 0 &&
           strncmp(name, "coredns-autoscaler-", 19) != 0;
}

/* Every event the engine writes: the report's counters. */
static void on_event(void *ud, struct ak_kcluster *kc, enum ak_kkind kind, const char *ns, const char *name,
                     const char *reason, const char *host)
{
    (void)kc;
    struct sim *s = ud;
    struct evcount *e = &s->ev;
    const char *node = kind == AK_KIND_NODE ? name : host;
    bool evicted = strcmp(reason, "Evicted") == 0 && kind == AK_KIND_POD;
    bool oom = strcmp(reason, "BackOff") == 0 && kind == AK_KIND_POD; /* the OOM killer's restarts */
    if (strcmp(reason, "PreemptScheduled") == 0)
        e->spot++;
    else if (evicted)
        e->evicted++;
    else if (oom)
        e->oom++;
    else if (strcmp(reason, "SystemOOM") == 0)
        e->sys_oom++;
    else if (strcmp(reason, "NodeRebootStart") == 0 || strcmp(reason, "NodeReimageStart") == 0 ||
             strcmp(reason, "NodeRedeployStart") == 0)
        e->repairs++;
    else if (strcmp(reason, "NodeNotReady") == 0)
        e->not_ready++;
    if ((evicted || oom) && node && ak_strs_contains(coredns_nodes(s), node)) {
        if (evicted)
            e->cdn_node_evicted++;
        else
            e->cdn_node_oom++;
    }
    if ((evicted || oom) && is_coredns_pod(ns, name)) {
        if (evicted)
            e->cdn_evicted++;
        else
            e->cdn_oom++;
    }
}

/* ------------------------------------------------------------------ sampling and cost */

static void ser_add(struct ak_buf *b, size_t i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void ser_add(struct ak_buf *b, size_t i, const char *fmt, ...)
{
    char v[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v, sizeof(v), fmt, ap);
    va_end(ap);
    if (i)
        ak_buf_puts(b, ",");
    ak_buf_puts(b, v);
}

static void ser_pad(struct ak_buf *b, size_t n)
{
    ak_buf_init(b, AK_BUF_UNLIMITED);
    for (size_t i = 0; i < n; i++)
        ak_buf_puts(b, i ? ",0" : "0");
}

static double scenario_price(struct sim *s, const char *size, const char *which, bool *found)
{
    json_t *pr = json_object_get(json_object_get(s->prices, size), which);
    *found = json_is_number(pr);
    return *found ? json_number_value(pr) : 0;
}

static struct tagacc *tag_of(struct sim *s, const char *kv)
{
    for (size_t i = 0; i < s->ntags; i++)
        if (strcmp(s->tags[i].kv, kv) == 0)
            return &s->tags[i];
    s->tags = ak_xreallocarray(s->tags, s->ntags + 1, sizeof(*s->tags));
    struct tagacc *t = &s->tags[s->ntags++];
    memset(t, 0, sizeof(*t));
    snprintf(t->kv, sizeof(t->kv), "%s", kv);
    ser_pad(&t->series, s->nsamples);
    return t;
}

static struct poolacc *acc_of(struct sim *s, struct ak_pool *p)
{
    for (size_t i = 0; i < s->npools; i++)
        if (strcmp(s->pools[i].name, p->name) == 0)
            return &s->pools[i];
    s->pools = ak_xreallocarray(s->pools, s->npools + 1, sizeof(*s->pools));
    struct poolacc *a = &s->pools[s->npools++];
    memset(a, 0, sizeof(*a));
    snprintf(a->name, sizeof(a->name), "%s", p->name);
    snprintf(a->vm_size, sizeof(a->vm_size), "%s", p->spec.vm_size);
    bool spot = ak_pool_is_spot(&p->spec);
    snprintf(a->priority, sizeof(a->priority), "%s", spot ? "Spot" : "Regular");
    const struct ak_vm_size *vs = ak_catalog_find(p->spec.vm_size);
    bool found;
    a->payg = vs && vs->price >= 0 ? vs->price : 0;
    double sp = scenario_price(s, p->spec.vm_size, "payg", &found);
    if (found)
        a->payg = sp;
    a->price = a->payg;
    if (spot) {
        a->spot_unknown = !vs || vs->spot_price < 0;
        if (!a->spot_unknown)
            a->price = vs->spot_price;
        sp = scenario_price(s, p->spec.vm_size, "spot", &found);
        if (found) {
            a->price = sp;
            a->spot_unknown = false;
        }
        a->max_price = p->spec.has_spot_max_price ? p->spec.spot_max_price : -1;
    }
    if (a->price < 0)
        a->price = 0;
    if (a->spot_unknown)
        fprintf(stderr,
                "aksemu sim: warning: no spot price for %s (the catalog has none): pool %s is billed at "
                "pay-as-you-go; set prices.%s.spot in the scenario\n",
                p->spec.vm_size, p->name, p->spec.vm_size);
    /* the OS disk: managed disks are billed per instance that exists (running or not) */
    a->disk_gb = p->spec.os_disk_size_gb;
    if (!ak_streq(p->spec.os_disk_type, "Ephemeral")) {
        const char *fam = vs && !vs->premium ? "S" : "P";
        for (size_t i = 0; i < sizeof(DISK_TIERS) / sizeof(DISK_TIERS[0]); i++)
            if (DISK_TIERS[i].gb >= a->disk_gb) {
                snprintf(a->disk_tier, sizeof(a->disk_tier), "%s%s", fam, DISK_TIERS[i].n);
                break;
            }
        a->disk_unknown = true;
        for (size_t i = 0; i < sizeof(DISK_PRICES) / sizeof(DISK_PRICES[0]); i++)
            if (strcmp(DISK_PRICES[i].tier, a->disk_tier) == 0) {
                a->disk_price = DISK_PRICES[i].usd_month / HOURS_PER_MONTH;
                a->disk_unknown = false;
            }
        json_t *dp = json_object_get(json_object_get(s->prices, "osDisk"), a->disk_tier);
        if (json_is_number(dp)) {
            a->disk_price = json_number_value(dp) / HOURS_PER_MONTH;
            a->disk_unknown = false;
        }
        if (a->disk_unknown)
            fprintf(stderr,
                    "aksemu sim: warning: no price on record for a %s OS disk (%d GB, pool %s): its disks are "
                    "not billed; set prices.osDisk.%s (USD per month) in the scenario\n",
                    a->disk_tier, a->disk_gb, p->name, a->disk_tier);
    }
    size_t n = 0;
    for (size_t i = 0; i < p->spec.tags.n && n < sizeof(a->tags); i++)
        n += (size_t)snprintf(a->tags + n, sizeof(a->tags) - n, "%s%s=%s", n ? "," : "", p->spec.tags.v[i].key,
                              p->spec.tags.v[i].val ? p->spec.tags.v[i].val : "");
    char *copy = ak_xstrdup(a->tags), *save = NULL;
    for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save))
        tag_of(s, kv);
    free(copy);
    /* pools that appear later start with zeros */
    ser_pad(&a->series, s->nsamples);
    ser_pad(&a->cost_series, s->nsamples);
    return a;
}

static void track_workload(struct sim *s, enum ak_kkind kind, const char *ns, const char *name)
{
    for (size_t i = 0; i < s->nwls; i++)
        if (s->wls[i].kind == kind && strcmp(s->wls[i].ns, ns) == 0 && strcmp(s->wls[i].name, name) == 0)
            return;
    s->wls = ak_xreallocarray(s->wls, s->nwls + 1, sizeof(*s->wls));
    struct wlacc *w = &s->wls[s->nwls++];
    memset(w, 0, sizeof(*w));
    w->kind = kind;
    w->min = 1;
    snprintf(w->ns, sizeof(w->ns), "%s", ns);
    snprintf(w->name, sizeof(w->name), "%s", name);
    ser_pad(&w->series, s->nsamples);
}

static void sample_workload(struct sim *s, struct ak_kcluster *kc, struct wlacc *w)
{
    struct ak_kobj *o = kc ? ak_kstore_get(kc->ks, w->kind, w->ns, w->name) : NULL;
    if (!o || o->deleted_ms) {
        w->desired = w->ready = 0;
        w->rv = 0;
    } else if (o->rv != w->rv) {
        json_t *j = ak_kobj_json(o);
        json_t *st = json_object_get(j, "status");
        if (w->kind == AK_KIND_DAEMONSET) {
            w->desired = (int)json_integer_value(json_object_get(st, "desiredNumberScheduled"));
            w->ready = (int)json_integer_value(json_object_get(st, "numberReady"));
        } else {
            json_t *r = json_object_get(json_object_get(j, "spec"), "replicas");
            w->desired = json_is_integer(r) ? (int)json_integer_value(r) : 1;
            w->ready = (int)json_integer_value(json_object_get(st, "readyReplicas"));
        }
        json_decref(j);
        w->rv = o->rv;
    }
    double a = w->desired > 0 ? (double)(w->ready < w->desired ? w->ready : w->desired) / w->desired : 1;
    if (w->ready < w->desired && s->nsamples)
        w->below_ms += s->step;
    w->sum += a;
    if (a < w->min)
        w->min = a;
    ser_add(&w->series, s->nsamples, "%.4g", a);
}

static int pending_pods(struct sim *s)
{
    struct ak_kcluster *kc = kcluster(s, NULL);
    int pending = 0;
    for (struct ak_kobj *o = kc ? ak_kstore_first(kc->ks, AK_KIND_POD) : NULL; o; o = ak_kstore_next(o)) {
        const struct ak_kpod *kp = ak_kpod_of(o);
        if (kp && strcmp(kp->phase, "Pending") == 0 && !o->deleted_ms)
            pending++;
    }
    return pending;
}

static bool running_power(const char *p)
{
    return strcmp(p, "running") == 0 || strcmp(p, "starting") == 0;
}

static void draw_progress(struct sim *s, bool last);

static void on_sample(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    (void)t;
    struct sim *s = ud;
    int64_t now = ak_loop_now(loop);
    size_t i0 = s->nsamples;
    /* each sample stands for the step before it (the first one, at the start, for none) */
    int64_t step = i0 ? s->step : 0;
    double hours = (double)step / 3600000.0;
    struct ak_cluster *cl;
    struct ak_kcluster *kc = kcluster(s, &cl);
    for (size_t i = 0; i < s->npools; i++)
        s->pools[i].seen = false;
    for (size_t pi = 0; cl && pi < cl->npools; pi++) {
        struct ak_pool *p = cl->pools[pi];
        struct poolacc *a = acc_of(s, p);
        a->seen = true;
        int running = 0, disks = 0, parked = 0;
        for (size_t ii = 0; ii < p->ninst; ii++) {
            struct ak_instance *in = p->inst[ii];
            if (running_power(in->power))
                running++;
            else if (strcmp(in->power, "deallocated") == 0 || strcmp(in->power, "deallocating") == 0 ||
                     strcmp(in->power, "stopped") == 0)
                parked++;
            disks++;
        }
        if (!a->disk_price && !a->disk_tier[0])
            disks = parked = 0; /* ephemeral: no disk meter */
        /* spot: the current price of the series (or the scenario's), capped by the max price */
        double price = a->price;
        if (strcmp(a->priority, "Spot") == 0) {
            double sp = ak_state_spot_price(p, now, 1);
            if (sp >= 0)
                price = sp;
            double cap = a->max_price >= 0 ? a->max_price : a->payg;
            if (cap > 0 && price > cap)
                price = cap;
        }
        a->evictions = p->evictions;
        double vm = running * hours * price, dk = disks * hours * a->disk_price;
        a->vm_hours += running * hours;
        a->disk_hours += disks * hours;
        a->dealloc_disk_hours += parked * hours;
        a->vm_cost += vm;
        a->disk_cost += dk;
        ser_add(&a->series, i0, "%d", running);
        ser_add(&a->cost_series, i0, "%.4f", a->vm_cost + a->disk_cost);
        char *copy = ak_xstrdup(a->tags), *save = NULL;
        for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save))
            tag_of(s, kv)->cost += vm + dk;
        free(copy);
    }
    for (size_t i = 0; i < s->npools; i++) /* pools that are gone: 0 */
        if (!s->pools[i].seen) {
            ser_add(&s->pools[i].series, i0, "0");
            ser_add(&s->pools[i].cost_series, i0, "%.4f", s->pools[i].vm_cost + s->pools[i].disk_cost);
        }
    for (size_t k = 0; k < s->ntags; k++)
        ser_add(&s->tags[k].series, i0, "%.4f", s->tags[k].cost);
    s->tier_cost += s->tier_hour * hours;
    int pending = pending_pods(s);
    s->pending_pod_minutes += (int64_t)pending * step / 60000;
    s->total = s->tier_cost;
    for (size_t i = 0; i < s->npools; i++)
        s->total += s->pools[i].vm_cost + s->pools[i].disk_cost;
    /* the fullest OS disk */
    const char *dn = NULL;
    int64_t used = 0, cap = 0;
    double pct = kc && ak_kctrl_fullest_disk(kc, &dn, &used, &cap) ? 100.0 * (double)used / (double)cap : 0;
    if (dn && pct > s->disk_max_pct) {
        s->disk_max_pct = pct;
        snprintf(s->disk_max_node, sizeof(s->disk_max_node), "%s", dn);
    }
    /* CoreDNS's nodes under pressure */
    const struct ak_strs *cn = coredns_nodes(s);
    int mp = 0, dp = 0;
    for (size_t k = 0; kc && k < cn->n; k++) {
        struct ak_kobj *no = ak_kstore_get(kc->ks, AK_KIND_NODE, "", cn->v[k]);
        const struct ak_knode *kn = no ? ak_knode_of(no) : NULL;
        mp += kn && kn->memory_pressure;
        dp += kn && kn->disk_pressure;
    }
    s->cdn_mp_ms += mp ? step : 0;
    s->cdn_dp_ms += dp ? step : 0;
    for (size_t w = 0; w < s->nwls; w++)
        sample_workload(s, kc, &s->wls[w]);
    ser_add(&s->t_series, i0, "%" PRId64, (now - s->start) / 1000);
    ser_add(&s->pending_series, i0, "%d", pending);
    ser_add(&s->cost_series, i0, "%.4f", s->total);
    ser_add(&s->disk_series, i0, "%.2f", pct);
    ser_add(&s->cdnmp_series, i0, "%d", mp);
    ser_add(&s->spot_series, i0, "%" PRId64, s->ev.spot - s->ev_last.spot);
    ser_add(&s->evicted_series, i0, "%" PRId64, s->ev.evicted - s->ev_last.evicted);
    ser_add(&s->oom_series, i0, "%" PRId64, s->ev.oom - s->ev_last.oom);
    ser_add(&s->repair_series, i0, "%" PRId64, s->ev.repairs - s->ev_last.repairs);
    s->ev_last = s->ev;
    s->nsamples++;
    draw_progress(s, false);
    if (now + s->step <= s->end && s->nsamples < MAX_SAMPLES)
        ak_timer_start(loop, &s->sample, s->step);
}

/* ------------------------------------------------------------------ progress */

static void draw_progress(struct sim *s, bool last)
{
    if (!s->progress)
        return;
    int64_t ns = ak_mono_ns();
    if (!last && ns - s->last_draw_ns < 200000000)
        return;
    s->last_draw_ns = ns;
    double done = s->end > s->start ? (double)(ak_loop_now(s->loop) - s->start) / (double)(s->end - s->start) : 1;
    if (done > 1)
        done = 1;
    double real_s = (double)(ns - s->real_start_ns) / 1e9;
    double virt_s = (double)(ak_loop_now(s->loop) - s->start) / 1000.0;
    char bar[31];
    int fill = (int)(done * 30);
    for (int i = 0; i < 30; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[30] = '\0';
    fprintf(stderr, "\r[%s] %6.1f of %.1f h virtual, %.0fx real time, %.0f events/s ", bar, virt_s / 3600.0,
            (double)(s->end - s->start) / 3600000.0, real_s > 0 ? virt_s / real_s : 0,
            real_s > 0 ? (double)ak_loop_timers_fired(s->loop) / real_s : 0);
    if (last)
        fputc('\n', stderr);
    fflush(stderr);
}

/* ------------------------------------------------------------------ load shapes, faults */

static int64_t next_gap(struct sim *s, const struct action *a)
{
    if (a->every > 0)
        return a->every;
    /* Poisson arrivals: exponential gaps */
    double u = ak_rand_double(&s->rng);
    double gap_h = -log(1.0 - u) / a->per_hour;
    int64_t ms = (int64_t)(gap_h * 3600000.0);
    return ms > 0 ? ms : 1;
}

static void act_fail(struct sim *s, const struct action *a, const char *list, int st, struct ak_buf *b)
{
    fprintf(stderr, "aksemu sim: %s: %s[%zu] at %.1f h: HTTP %d: %s\n", s->file, list, a->index,
            (double)(ak_loop_now(s->loop) - s->start) / 3600000.0, st, ak_buf_cstr(b));
    s->failed = 1;
    ak_loop_stop(s->loop);
}

static void on_action(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    (void)t;
    struct action *a = ud;
    struct sim *s = a->s;
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    int st;
    int64_t rel = ak_loop_now(loop) - s->start;
    switch (a->kind) {
    case ACT_SCALE: {
        const char *kind = ak_json_str(a->obj, "kind");
        char kp[1024];
        kpath(s, "apps/v1", kind ? kind : "Deployment", ak_json_str(a->obj, "namespace"), ak_json_str(a->obj, "name"),
              kp, sizeof(kp));
        json_t *patch = json_pack("{s:{s:i}}", "spec", "replicas", a->replicas);
        st = call_ct(s, "PATCH", kp, NULL, kube_token(s), "application/merge-patch+json", patch, &b);
        json_decref(patch);
        if (st >= 300)
            act_fail(s, a, "schedule", st, &b);
        break;
    }
    case ACT_CREATE:
        st = kcreate(s, a->obj, &b);
        if (st >= 300)
            act_fail(s, a, "schedule", st, &b);
        break;
    case ACT_DELETE: {
        const char *kind = ak_json_str(a->obj, "kind"), *api = ak_json_str(a->obj, "apiVersion");
        char kp[1024];
        kpath(s, api ? api : "apps/v1", kind ? kind : "Deployment", ak_json_str(a->obj, "namespace"),
              ak_json_str(a->obj, "name"), kp, sizeof(kp));
        st = call(s, "DELETE", kp, NULL, kube_token(s), NULL, &b);
        if (st >= 300)
            act_fail(s, a, "schedule", st, &b);
        break;
    }
    case ACT_ARRIVAL: {
        json_t *m = json_deep_copy(a->obj);
        json_t *md = json_object_get(m, "metadata");
        char nm[200];
        snprintf(nm, sizeof(nm), "%s-%" PRId64, ak_json_str(md, "name") ? ak_json_str(md, "name") : "job", ++a->n);
        ak_json_set_str(md, "name", nm);
        st = kcreate(s, m, &b);
        json_decref(m);
        if (st >= 300) {
            act_fail(s, a, "arrivals", st, &b);
            break;
        }
        s->jobs_submitted++;
        int64_t gap = next_gap(s, a);
        if (a->until <= 0 || rel + gap < a->until)
            ak_timer_start(loop, &a->timer, gap);
        break;
    }
    case ACT_FAILURE: {
        struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
        struct ak_pool *p = cl ? ak_state_pool(cl, a->pool) : NULL;
        double pr = a->per_hour * (double)FAILURE_TICK_MS / 3600000.0;
        for (size_t i = 0; p && i < p->ninst; i++) {
            struct ak_instance *in = p->inst[i];
            if (!running_power(in->power) || in->down_ms || in->fault[0] || ak_rand_double(&s->rng) >= pr)
                continue;
            char name[160];
            ak_node_name(p->vmss_name, in->id, name, sizeof(name));
            json_t *f = json_pack("{s:s,s:s,s:s}", "type", "node-unhealthy", "node", name, "fixedBy", a->fixed_by);
            ak_buf_reset(&b);
            st = call(s, "POST", "/aksemu/v1/faults", NULL, NULL, f, &b);
            json_decref(f);
            if (st >= 300) {
                act_fail(s, a, "faults", st, &b);
                break;
            }
        }
        ak_timer_start(loop, &a->timer, FAILURE_TICK_MS);
        break;
    }
    case ACT_PROVDELAY: {
        double sec = a->min_s + (a->max_s - a->min_s) * ak_rand_double(&s->rng);
        json_t *f = json_pack("{s:s,s:s,s:s,s:s,s:i}", "type", "slow-provisioning", "resourceGroup", s->rg, "cluster",
                              s->cluster, "pool", a->pool, "seconds", (int)(sec + 0.5));
        st = call(s, "POST", "/aksemu/v1/faults", NULL, NULL, f, &b);
        json_decref(f);
        if (st >= 300)
            act_fail(s, a, "faults", st, &b);
        else
            ak_timer_start(loop, &a->timer, a->every);
        break;
    }
    }
    ak_buf_release(&b);
}

static struct action *new_action(struct sim *s, enum act_kind kind, size_t index)
{
    s->acts = ak_xreallocarray(s->acts, s->nacts + 1, sizeof(*s->acts));
    struct action *a = &s->acts[s->nacts++];
    memset(a, 0, sizeof(*a));
    a->kind = kind;
    a->index = index;
    return a;
}

/* Reads schedule, arrivals and the sim-side faults into s->acts (timers armed later). */
static int read_actions(struct sim *s, json_t *sc)
{
    size_t i;
    json_t *e;
    json_t *sch = json_object_get(sc, "schedule");
    if (sch && !json_is_array(sch))
        return sc_err(s, "schedule", NULL, "schedule: a list of {at, scale | create | delete}");
    json_array_foreach(sch, i, e)
    {
        int64_t at = json_dur(json_object_get(e, "at"), -1);
        if (at < 0)
            return sc_err(s, "at", NULL, "schedule[%zu]: 'at' must be a duration from the start (e.g. 6h)", i);
        json_t *sc_ = json_object_get(e, "scale"), *cr = json_object_get(e, "create"), *de = json_object_get(e, "delete");
        struct action *a;
        if (json_is_object(sc_)) {
            json_t *r = json_object_get(sc_, "replicas");
            if (!ak_json_str(sc_, "name") || !json_is_integer(r) || json_integer_value(r) < 0)
                return sc_err(s, "scale", NULL, "schedule[%zu]: scale needs name and replicas (an integer >= 0)", i);
            const char *k = ak_json_str(sc_, "kind");
            if (k && strcmp(k, "Deployment") != 0)
                return sc_err(s, "kind", k, "schedule[%zu]: scale takes kind Deployment, got '%s'", i, k);
            a = new_action(s, ACT_SCALE, i);
            a->obj = sc_;
            a->replicas = (int)json_integer_value(r);
        } else if (json_is_object(cr)) {
            if (!ak_json_str(cr, "kind") || !ak_json_str(cr, "apiVersion"))
                return sc_err(s, "create", NULL, "schedule[%zu]: create needs a manifest with apiVersion and kind", i);
            a = new_action(s, ACT_CREATE, i);
            a->obj = cr;
        } else if (json_is_object(de)) {
            if (!ak_json_str(de, "name") || !ak_json_str(de, "kind"))
                return sc_err(s, "delete", NULL, "schedule[%zu]: delete needs kind and name", i);
            a = new_action(s, ACT_DELETE, i);
            a->obj = de;
        } else {
            return sc_err(s, "at", NULL, "schedule[%zu]: needs one of scale, create, delete", i);
        }
        a->at = at;
    }
    json_t *arr = json_object_get(sc, "arrivals");
    if (arr && !json_is_array(arr))
        return sc_err(s, "arrivals", NULL, "arrivals: a list of {perHour | every, template}");
    json_array_foreach(arr, i, e)
    {
        json_t *tp = json_object_get(e, "template");
        if (!json_is_object(tp) || !ak_json_str(tp, "kind") || !ak_json_str(tp, "apiVersion") ||
            !json_is_object(json_object_get(tp, "metadata")))
            return sc_err(s, "template", NULL, "arrivals[%zu]: template must be a manifest with apiVersion, kind and metadata", i);
        struct action *a = new_action(s, ACT_ARRIVAL, i);
        a->obj = tp;
        json_t *ph = json_object_get(e, "perHour");
        a->every = json_dur(json_object_get(e, "every"), 0);
        a->per_hour = json_is_number(ph) ? json_number_value(ph) : 0;
        if (a->every < 0 || (a->every == 0 && !(a->per_hour > 0)))
            return sc_err(s, "perHour", NULL, "arrivals[%zu]: needs perHour (> 0, Poisson arrivals) or every (a duration)", i);
        a->at = json_dur(json_object_get(e, "from"), 0);
        a->until = json_dur(json_object_get(e, "until"), 0);
        if (a->at < 0 || a->until < 0)
            return sc_err(s, "from", NULL, "arrivals[%zu]: from and until are durations from the start", i);
    }
    return 0;
}

/* The faults the sim drives itself (node-failure-rate, provisioning-delay); the others go to the
 * daemon's fault API. Returns 1 (error printed), 0 (taken), -1 (not ours). */
static int sim_fault(struct sim *s, json_t *f, size_t i)
{
    const char *type = ak_json_str(f, "type"), *pool = ak_json_str(f, "pool");
    if (!ak_streq(type, "node-failure-rate") && !ak_streq(type, "provisioning-delay"))
        return -1;
    struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
    if (!pool || !cl || !ak_state_pool(cl, pool))
        return sc_err(s, "type", type, "faults[%zu] (%s): pool '%s' is not one of the scenario's pools", i, type,
                      pool ? pool : "");
    if (strcmp(type, "node-failure-rate") == 0) {
        json_t *ph = json_object_get(f, "perHour");
        const char *fix = ak_json_str(f, "fixedBy");
        if (!json_is_number(ph) || json_number_value(ph) < 0)
            return sc_err(s, "type", type, "faults[%zu] (node-failure-rate): perHour must be a number >= 0", i);
        struct action *a = new_action(s, ACT_FAILURE, i);
        a->per_hour = json_number_value(ph);
        snprintf(a->pool, sizeof(a->pool), "%s", pool);
        snprintf(a->fixed_by, sizeof(a->fixed_by), "%s", fix ? fix : "reboot");
        a->at = FAILURE_TICK_MS;
        return 0;
    }
    json_t *mn = json_object_get(f, "minSeconds"), *mx = json_object_get(f, "maxSeconds");
    if (!json_is_number(mn) || !json_is_number(mx) || json_number_value(mn) < 0 ||
        json_number_value(mx) < json_number_value(mn))
        return sc_err(s, "type", type, "faults[%zu] (provisioning-delay): minSeconds <= maxSeconds, both >= 0", i);
    struct action *a = new_action(s, ACT_PROVDELAY, i);
    a->min_s = json_number_value(mn);
    a->max_s = json_number_value(mx);
    a->every = json_dur(json_object_get(f, "every"), 10 * 60000);
    if (a->every <= 0)
        return sc_err(s, "every", NULL, "faults[%zu] (provisioning-delay): every must be a duration > 0", i);
    snprintf(a->pool, sizeof(a->pool), "%s", pool);
    a->at = 0;
    return 0;
}

/* ------------------------------------------------------------------ the scenario */

static const char *const TOP_KEYS[] = {"name",   "description", "duration", "sampleEvery", "seed",
                                       "start",  "resourceGroup", "cluster", "pools",      "workloads",
                                       "prices", "faults",      "schedule", "arrivals",    NULL};

/* What can be checked before anything runs. */
static int check_scenario(struct sim *s, json_t *sc)
{
    const char *k;
    json_t *v;
    json_object_foreach(sc, k, v)
    {
        bool ok = false;
        for (int i = 0; TOP_KEYS[i]; i++)
            ok = ok || strcmp(k, TOP_KEYS[i]) == 0;
        if (!ok)
            return sc_err(s, k, NULL, "unknown key '%s' (expected one of: name, duration, sampleEvery, seed, start, "
                                      "resourceGroup, cluster, pools, workloads, prices, faults, schedule, arrivals)",
                          k);
    }
    json_t *pools = json_object_get(sc, "pools");
    if (!json_is_array(pools) || json_array_size(pools) == 0)
        return sc_err(s, "pools", NULL, "the scenario needs 'pools' (a list of {name, properties})");
    size_t i;
    json_array_foreach(pools, i, v)
    {
        if (!ak_json_str(v, "name") || !json_is_object(json_object_get(v, "properties")))
            return sc_err(s, "name", NULL, "pools[%zu] needs 'name' and 'properties'", i);
    }
    json_t *wl = json_object_get(sc, "workloads");
    if (wl && !json_is_array(wl))
        return sc_err(s, "workloads", NULL, "workloads: a list of Kubernetes manifests");
    json_array_foreach(wl, i, v)
    {
        if (!ak_json_str(v, "kind") || !ak_json_str(v, "apiVersion"))
            return sc_err(s, "workloads", NULL, "workloads[%zu] needs apiVersion and kind", i);
    }
    json_t *faults = json_object_get(sc, "faults");
    if (faults && !json_is_array(faults))
        return sc_err(s, "faults", NULL, "faults: a list of {type, ...}");
    json_array_foreach(faults, i, v)
    {
        if (!ak_json_str(v, "type"))
            return sc_err(s, "faults", NULL, "faults[%zu] needs 'type'", i);
    }
    json_t *prices = json_object_get(sc, "prices");
    if (prices && !json_is_object(prices))
        return sc_err(s, "prices", NULL, "prices: {<vmSize>: {payg: USD/h, spot: USD/h}, osDisk: {P10: USD/month}}");
    json_object_foreach(prices, k, v)
    {
        const char *pk;
        json_t *pv;
        if (!json_is_object(v))
            return sc_err(s, k, NULL, "prices.%s must be a mapping", k);
        json_object_foreach(v, pk, pv)
        {
            bool disk = strcmp(k, "osDisk") == 0;
            if (!disk && strcmp(pk, "payg") != 0 && strcmp(pk, "spot") != 0)
                return sc_err(s, pk, NULL, "prices.%s.%s: the keys are payg and spot (USD per node-hour)", k, pk);
            if (!json_is_number(pv) || json_number_value(pv) < 0)
                return sc_err(s, pk, NULL, "prices.%s.%s must be a number >= 0", k, pk);
        }
    }
    return 0;
}

static int apply(struct sim *s, json_t *sc)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    int rc = 1, st;
    json_t *jc = json_object_get(sc, "cluster");
    const char *loc = ak_json_str(jc, "location");
    if (!loc)
        loc = "eastus";
    char path[1024];
    snprintf(path, sizeof(path), "/subscriptions/%s/resourcegroups/%s", SIM_SUB, s->rg);
    json_t *body = json_pack("{s:s}", "location", loc);
    st = call(s, "PUT", path, "2021-04-01", NULL, body, &b);
    json_decref(body);
    if (st >= 300) {
        rc = fail_status(s, "resourceGroup", NULL, "resource group", st, &b);
        goto out;
    }
    /* the cluster, with the first System pool of the scenario as its agentPoolProfiles */
    json_t *pools = json_object_get(sc, "pools");
    json_t *props = json_deep_copy(json_object_get(jc, "properties"));
    if (!json_is_object(props)) {
        json_decref(props);
        props = json_object();
    }
    if (!json_object_get(props, "dnsPrefix"))
        ak_json_set_str(props, "dnsPrefix", s->cluster);
    json_t *profiles = json_array();
    size_t i, sys_i = 0;
    const char *sys_name = "";
    json_t *pl;
    json_array_foreach(pools, i, pl)
    {
        json_t *pp = json_object_get(pl, "properties");
        if (ak_streq(ak_json_str(pp, "mode"), "System") && json_array_size(profiles) == 0) {
            sys_i = i;
            sys_name = ak_json_str(pl, "name");
            json_t *prof = json_deep_copy(pp);
            ak_json_set_str(prof, "name", ak_json_str(pl, "name"));
            json_array_append_new(profiles, prof);
        }
    }
    if (json_array_size(profiles) == 0) {
        rc = sc_err(s, "pools", NULL, "one pool needs properties.mode: System");
        json_decref(props);
        json_decref(profiles);
        goto out;
    }
    json_object_set_new(props, "agentPoolProfiles", profiles);
    body = json_pack("{s:s,s:o,s:{s:s}}", "location", loc, "properties", props, "identity", "type", "SystemAssigned");
    if (json_is_object(json_object_get(jc, "sku")))
        json_object_set(body, "sku", json_object_get(jc, "sku"));
    if (json_is_object(json_object_get(jc, "tags")))
        json_object_set(body, "tags", json_object_get(jc, "tags"));
    snprintf(path, sizeof(path), "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.ContainerService/managedClusters/%s",
             SIM_SUB, s->rg, s->cluster);
    ak_buf_reset(&b);
    st = call(s, "PUT", path, "2022-11-01", NULL, body, &b);
    json_decref(body);
    if (st >= 300) {
        /* the cluster carries the first System pool: name it, at its line */
        char what[160];
        snprintf(what, sizeof(what), "pools[%zu] (%s), created with the cluster", sys_i, sys_name);
        rc = fail_status(s, "name", sys_name, what, st, &b);
        goto out;
    }
    settle(s);
    json_array_foreach(pools, i, pl)
    {
        const char *name = ak_json_str(pl, "name");
        struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
        if (cl && ak_state_pool(cl, name))
            continue;
        char pp[1200];
        snprintf(pp, sizeof(pp), "%s/agentPools/%s", path, name);
        body = json_pack("{s:O}", "properties", json_object_get(pl, "properties"));
        ak_buf_reset(&b);
        st = call(s, "PUT", pp, "2022-11-01", NULL, body, &b);
        json_decref(body);
        if (st >= 300) {
            char what[128];
            snprintf(what, sizeof(what), "pools[%zu] (%s)", i, name);
            rc = fail_status(s, "name", name, what, st, &b);
            goto out;
        }
        settle(s);
    }
    struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
    for (size_t p = 0; cl && p < cl->npools; p++)
        if (ak_streq(cl->pools[p]->prov_state, "Failed")) {
            fprintf(stderr, "aksemu sim: %s: pool %s failed to provision\n", s->file, cl->pools[p]->name);
            goto out;
        }
    snprintf(s->tier, sizeof(s->tier), "%s", cl && ak_json_str(cl->sku, "tier") ? ak_json_str(cl->sku, "tier") : "Free");
    s->tier_hour = tier_price(s->tier);
    advance(s, 10000); /* nodes register and turn Ready, system pods start */
    /* workloads through the cluster's Kubernetes API */
    track_workload(s, AK_KIND_DEPLOYMENT, "kube-system", "coredns");
    json_t *wl = json_object_get(sc, "workloads");
    json_array_foreach(wl, i, pl)
    {
        st = kcreate(s, pl, &b);
        const char *kind = ak_json_str(pl, "kind");
        const char *nm = ak_json_str(json_object_get(pl, "metadata"), "name");
        if (st >= 300) {
            char what[160];
            snprintf(what, sizeof(what), "workloads[%zu] (%s)", i, kind);
            rc = fail_status(s, "name", nm, what, st, &b);
            goto out;
        }
        const char *ns = ak_json_str(json_object_get(pl, "metadata"), "namespace");
        if (nm && (strcmp(kind, "Deployment") == 0 || strcmp(kind, "DaemonSet") == 0))
            track_workload(s, strcmp(kind, "Deployment") == 0 ? AK_KIND_DEPLOYMENT : AK_KIND_DAEMONSET,
                           ns ? ns : "default", nm);
    }
    /* faults: the daemon's, and the processes the sim drives */
    json_t *faults = json_object_get(sc, "faults");
    json_array_foreach(faults, i, pl)
    {
        int r = sim_fault(s, pl, i);
        if (r > 0)
            goto out;
        if (r == 0)
            continue;
        json_t *f = json_deep_copy(pl);
        ak_json_set_str(f, "resourceGroup", s->rg);
        ak_json_set_str(f, "cluster", s->cluster);
        ak_buf_reset(&b);
        st = call(s, "POST", "/aksemu/v1/faults", NULL, NULL, f, &b);
        json_decref(f);
        if (st >= 300) {
            char what[64];
            snprintf(what, sizeof(what), "faults[%zu]", i);
            rc = fail_status(s, "type", ak_json_str(pl, "type"), what, st, &b);
            goto out;
        }
    }
    /* the workloads come up before the measured period starts (at most 10 minutes) */
    for (int k = 0; k < 120 && pending_pods(s) > 0; k++)
        advance(s, 5000);
    rc = 0;
out:
    ak_buf_release(&b);
    return rc;
}

/* ------------------------------------------------------------------ report.json */

static void json_strf(FILE *f, const char *v)
{
    json_t *j = json_string(v ? v : "");
    char *t = json_dumps(j, JSON_ENCODE_ANY);
    fputs(t, f);
    free(t);
    json_decref(j);
}

static double wl_mean(const struct sim *s, const struct wlacc *w)
{
    return s->nsamples ? w->sum / (double)s->nsamples : 1;
}

/* The Jobs that completed (condition Complete) and failed (Failed) by now, and the mean time
 * from start to completion of the completed ones. */
static void count_jobs(struct sim *s, int64_t *done, int64_t *failed, double *mean_minutes)
{
    *done = *failed = 0;
    double sum = 0;
    struct ak_kcluster *kc = kcluster(s, NULL);
    for (struct ak_kobj *o = kc ? ak_kstore_first(kc->ks, AK_KIND_JOB) : NULL; o; o = ak_kstore_next(o)) {
        json_t *j = ak_kobj_json(o);
        json_t *st = json_object_get(j, "status"), *c;
        size_t i;
        json_array_foreach(json_object_get(st, "conditions"), i, c)
        {
            if (!ak_streq(ak_json_str(c, "status"), "True"))
                continue;
            if (ak_streq(ak_json_str(c, "type"), "Complete")) {
                int64_t t0 = 0, t1 = 0;
                (*done)++;
                if (ak_json_str(st, "startTime") && ak_json_str(st, "completionTime") &&
                    ak_parse_time(ak_json_str(st, "startTime"), &t0) == 0 &&
                    ak_parse_time(ak_json_str(st, "completionTime"), &t1) == 0)
                    sum += (double)(t1 - t0) / 60000.0;
            } else if (ak_streq(ak_json_str(c, "type"), "Failed")) {
                (*failed)++;
            }
        }
        json_decref(j);
    }
    *mean_minutes = *done ? sum / (double)*done : 0;
}

static void write_report(struct sim *s, const char *name, uint64_t seed, FILE *f)
{
    char t0[40], t1[40];
    ak_fmt_time(s->start, 0, t0);
    ak_fmt_time(s->end, 0, t1);
    fprintf(f, "{\n  \"scenario\": ");
    json_strf(f, name);
    fprintf(f, ",\n  \"seed\": %" PRIu64 ",\n  \"start\": \"%s\",\n  \"end\": \"%s\",\n", seed, t0, t1);
    fprintf(f, "  \"hours\": %.4f,\n", (double)(s->end - s->start) / 3600000.0);
    double vm = 0, disk = 0, reg = 0, spot = 0;
    for (size_t i = 0; i < s->npools; i++) {
        vm += s->pools[i].vm_cost;
        disk += s->pools[i].disk_cost;
        *(strcmp(s->pools[i].priority, "Spot") == 0 ? &spot : &reg) += s->pools[i].vm_cost + s->pools[i].disk_cost;
    }
    fprintf(f,
            "  \"cost\": {\n    \"currency\": \"USD\",\n    \"total\": %.4f,\n    \"vm\": %.4f,\n    \"osDisk\": %.4f,\n"
            "    \"clusterTier\": {\"tier\": ",
            s->total, vm, disk);
    json_strf(f, s->tier);
    fprintf(f, ", \"pricePerHour\": %.4f, \"cost\": %.4f},\n    \"byPool\": {", s->tier_hour, s->tier_cost);
    for (size_t i = 0; i < s->npools; i++)
        fprintf(f, "%s\"%s\": %.4f", i ? ", " : "", s->pools[i].name, s->pools[i].vm_cost + s->pools[i].disk_cost);
    fprintf(f, "},\n    \"byPriority\": {\"Regular\": %.4f, \"Spot\": %.4f},\n    \"byTag\": {", reg, spot);
    for (size_t k = 0; k < s->ntags; k++) {
        fprintf(f, "%s", k ? ", " : "");
        json_strf(f, s->tags[k].kv);
        fprintf(f, ": %.4f", s->tags[k].cost);
    }
    fprintf(f, "}\n  },\n  \"pools\": {");
    for (size_t i = 0; i < s->npools; i++) {
        const struct poolacc *a = &s->pools[i];
        fprintf(f,
                "%s\n    \"%s\": {\"priority\": \"%s\", \"vmSize\": \"%s\", \"pricePerNodeHour\": %.4f, ", i ? "," : "",
                a->name, a->priority, a->vm_size, a->price);
        if (strcmp(a->priority, "Spot") == 0)
            fprintf(f, "\"spotMaxPrice\": %.4f, ", a->max_price);
        fprintf(f,
                "\"vmHours\": %.4f, \"vmCost\": %.4f, \"osDisk\": {\"tier\": \"%s\", \"sizeGB\": %d, "
                "\"pricePerHour\": %.6f, \"diskHours\": %.4f, \"deallocatedDiskHours\": %.4f, \"cost\": %.4f%s}, "
                "\"cost\": %.4f, \"spotEvictions\": %" PRId64 "%s}",
                a->vm_hours, a->vm_cost, a->disk_tier[0] ? a->disk_tier : "Ephemeral", a->disk_gb, a->disk_price,
                a->disk_hours, a->dealloc_disk_hours, a->disk_cost, a->disk_unknown ? ", \"priceUnknown\": true" : "",
                a->vm_cost + a->disk_cost, a->evictions, a->spot_unknown ? ", \"spotPriceUnknown\": true" : "");
    }
    fprintf(f, "\n  },\n  \"pendingPodMinutes\": %" PRId64 ",\n", s->pending_pod_minutes);
    const struct evcount *e = &s->ev;
    int64_t jdone, jfailed;
    double jmean;
    count_jobs(s, &jdone, &jfailed, &jmean);
    fprintf(f,
            "  \"events\": {\"spotEvictions\": %" PRId64 ", \"kubeletEvictions\": %" PRId64 ", \"oomKills\": %" PRId64
            ", \"systemOOMs\": %" PRId64 ", \"repairs\": %" PRId64 ", \"nodeNotReady\": %" PRId64
            ", \"jobsSubmitted\": %" PRId64 ", \"jobsCompleted\": %" PRId64 ", \"jobsFailed\": %" PRId64
            ", \"jobMeanMinutes\": %.2f},\n",
            e->spot, e->evicted, e->oom, e->sys_oom, e->repairs, e->not_ready, s->jobs_submitted, jdone, jfailed,
            jmean);
    const struct wlacc *cdn = s->nwls ? &s->wls[0] : NULL; /* tracked first */
    fprintf(f,
            "  \"coreDNS\": {\"availability\": %.4f, \"minAvailability\": %.4f, \"evictions\": %" PRId64
            ", \"oomKills\": %" PRId64 ",\n    \"itsNodes\": {\"memoryPressureMinutes\": %" PRId64
            ", \"diskPressureMinutes\": %" PRId64 ", \"kubeletEvictions\": %" PRId64 ", \"oomKills\": %" PRId64 "}},\n",
            cdn ? wl_mean(s, cdn) : 1, cdn ? cdn->min : 1, e->cdn_evicted, e->cdn_oom, s->cdn_mp_ms / 60000,
            s->cdn_dp_ms / 60000, e->cdn_node_evicted, e->cdn_node_oom);
    fprintf(f, "  \"availability\": {");
    for (size_t w = 0; w < s->nwls; w++)
        fprintf(f, "%s\n    \"%s/%s\": {\"kind\": \"%s\", \"mean\": %.4f, \"min\": %.4f, \"minutesBelowDesired\": %" PRId64
                   ", \"desiredAtEnd\": %d}",
                w ? "," : "", s->wls[w].ns, s->wls[w].name, s->wls[w].kind == AK_KIND_DAEMONSET ? "DaemonSet" : "Deployment",
                wl_mean(s, &s->wls[w]), s->wls[w].min, s->wls[w].below_ms / 60000, s->wls[w].desired);
    fprintf(f, "\n  },\n  \"disk\": {\"fullestNode\": ");
    json_strf(f, s->disk_max_node);
    fprintf(f, ", \"maxUsedPct\": %.2f},\n", s->disk_max_pct);
    fprintf(f,
            "  \"series\": {\n    \"stepSeconds\": %" PRId64 ",\n    \"t\": [%s],\n    \"pendingPods\": [%s],\n"
            "    \"costUSD\": [%s],\n    \"spotEvictions\": [%s],\n    \"kubeletEvictions\": [%s],\n"
            "    \"oomKills\": [%s],\n    \"repairs\": [%s],\n    \"fullestDiskPct\": [%s],\n"
            "    \"coreDNSNodesUnderMemoryPressure\": [%s],\n    \"nodes\": {",
            s->step / 1000, ak_buf_cstr(&s->t_series), ak_buf_cstr(&s->pending_series), ak_buf_cstr(&s->cost_series),
            ak_buf_cstr(&s->spot_series), ak_buf_cstr(&s->evicted_series), ak_buf_cstr(&s->oom_series),
            ak_buf_cstr(&s->repair_series), ak_buf_cstr(&s->disk_series), ak_buf_cstr(&s->cdnmp_series));
    for (size_t i = 0; i < s->npools; i++)
        fprintf(f, "%s\n      \"%s\": [%s]", i ? "," : "", s->pools[i].name, ak_buf_cstr(&s->pools[i].series));
    fprintf(f, "\n    },\n    \"costByPool\": {");
    for (size_t i = 0; i < s->npools; i++)
        fprintf(f, "%s\n      \"%s\": [%s]", i ? "," : "", s->pools[i].name, ak_buf_cstr(&s->pools[i].cost_series));
    fprintf(f, "\n    },\n    \"costByTag\": {");
    for (size_t k = 0; k < s->ntags; k++) {
        fprintf(f, "%s\n      ", k ? "," : "");
        json_strf(f, s->tags[k].kv);
        fprintf(f, ": [%s]", ak_buf_cstr(&s->tags[k].series));
    }
    fprintf(f, "\n    },\n    \"availability\": {");
    for (size_t w = 0; w < s->nwls; w++)
        fprintf(f, "%s\n      \"%s/%s\": [%s]", w ? "," : "", s->wls[w].ns, s->wls[w].name, ak_buf_cstr(&s->wls[w].series));
    fprintf(f, "\n    }\n  }\n}\n");
}

/* ------------------------------------------------------------------ report.html */

static void html_text(FILE *f, const char *t)
{
    for (; t && *t; t++) {
        if (*t == '<')
            fputs("&lt;", f);
        else if (*t == '>')
            fputs("&gt;", f);
        else if (*t == '&')
            fputs("&amp;", f);
        else if (*t == '"')
            fputs("&quot;", f);
        else
            fputc(*t, f);
    }
}

/* "1,2,3" -> numbers (caller frees); at least `want` values (zeros after the data) */
static double *series_of(const struct ak_buf *b, size_t want)
{
    const char *p = b->data ? b->data : "";
    size_t cap = 1;
    for (const char *c = p; *c; c++)
        cap += *c == ',';
    if (cap < want)
        cap = want;
    double *v = ak_xcalloc(cap, sizeof(double));
    size_t k = 0;
    while (*p && k < cap) {
        char *end;
        double x = strtod(p, &end);
        if (end == p)
            break;
        v[k++] = x;
        p = *end == ',' ? end + 1 : end;
    }
    return v;
}

static const char *const COLORS[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                     "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/* One SVG line chart: x = hours since the start, y from 0 to the maximum (or ymax_fixed). */
static void chart(FILE *f, const char *title, const char *unit, const double *t, size_t nt,
                  const double *const *ys, const char *const *names, size_t nseries, double ymax_fixed)
{
    const double W = 760, H = 220, L = 60, B = 30, T = 10, R = 10;
    double ymax = ymax_fixed, xmax = nt ? t[nt - 1] : 0;
    for (size_t k = 0; ymax_fixed <= 0 && k < nseries; k++)
        for (size_t i = 0; i < nt; i++)
            if (ys[k][i] > ymax)
                ymax = ys[k][i];
    if (ymax <= 0)
        ymax = 1;
    if (xmax <= 0)
        xmax = 1;
    fprintf(f, "<h2>");
    html_text(f, title);
    fprintf(f, "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n", W,
            H + 24.0 * (double)((nseries + 3) / 4));
    fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#999\"/>\n", L, T,
            W - L - R, H - T - B);
    for (int g = 0; g <= 4; g++) {
        double y = T + (H - T - B) * (1 - g / 4.0);
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.4g</text>\n", L - 4, y + 4,
                ymax * g / 4.0);
        double x = L + (W - L - R) * g / 4.0;
        fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\">%.4gh</text>\n", x, H - B + 16,
                xmax * g / 4.0 / 3600.0);
    }
    fprintf(f, "<text x=\"4\" y=\"%.0f\" font-size=\"11\">", T + 10);
    html_text(f, unit);
    fprintf(f, "</text>\n");
    for (size_t k = 0; k < nseries; k++) {
        fprintf(f, "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"%s\" points=\"", COLORS[k % 10]);
        for (size_t i = 0; i < nt; i++)
            fprintf(f, "%s%.1f,%.1f", i ? " " : "", L + (W - L - R) * t[i] / xmax,
                    T + (H - T - B) * (1 - ys[k][i] / ymax));
        fprintf(f, "\"/>\n");
        double lx = L + (double)(k % 4) * 170, ly = H + 14 + 24.0 * (double)(k / 4);
        fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%.0f\" y=\"%.0f\" "
                   "font-size=\"12\">",
                lx, ly - 10, COLORS[k % 10], lx + 16, ly);
        html_text(f, names[k]);
        fprintf(f, "</text>\n");
    }
    fprintf(f, "</svg>\n");
}

/* a chart of several series given as buffers */
static void chart_bufs(FILE *f, const char *title, const char *unit, const double *t, size_t nt,
                       const struct ak_buf *const *bufs, const char *const *names, size_t n, double ymax)
{
    double **ys = ak_xcalloc(n + 1, sizeof(double *));
    for (size_t i = 0; i < n; i++)
        ys[i] = series_of(bufs[i], nt);
    chart(f, title, unit, t, nt, (const double *const *)ys, names, n, ymax);
    for (size_t i = 0; i < n; i++)
        free(ys[i]);
    free(ys);
}

static void write_html(struct sim *s, const char *name, uint64_t seed, FILE *f)
{
    char t0[40], t1[40];
    ak_fmt_time(s->start, 0, t0);
    ak_fmt_time(s->end, 0, t1);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>aksemu sim: ");
    html_text(f, name);
    fprintf(f, "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:820px}"
               "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
               "th{background:#f3f3f3}td:first-child{text-align:left}</style>\n</head>\n<body>\n<h1>");
    html_text(f, name);
    const struct evcount *e = &s->ev;
    fprintf(f, "</h1>\n<p>Simulated %.1f hours on a virtual clock, %s to %s, seed %" PRIu64
               ". Total cost <b>%.2f USD</b> (cluster tier %s: %.2f USD); pending pod-minutes %" PRId64
               "; spot evictions %" PRId64 ", kubelet evictions %" PRId64 ", OOM kills %" PRId64 ", repairs %" PRId64
               "; fullest OS disk %.1f %%.</p>\n",
            (double)(s->end - s->start) / 3600000.0, t0, t1, seed, s->total, s->tier, s->tier_cost,
            s->pending_pod_minutes, e->spot, e->evicted, e->oom, e->repairs, s->disk_max_pct);
    fprintf(f, "<table>\n<tr><th>pool</th><th>priority</th><th>USD per node-hour</th><th>VM-hours</th><th>VM "
               "USD</th><th>OS disk</th><th>disk USD</th><th>cost USD</th><th>spot evictions</th><th>tags</th></tr>\n");
    for (size_t i = 0; i < s->npools; i++) {
        const struct poolacc *a = &s->pools[i];
        fprintf(f, "<tr><td>");
        html_text(f, a->name);
        fprintf(f, "</td><td>%s%s</td><td>%.4f</td><td>%.1f</td><td>%.2f</td><td>%s %d GB</td><td>%.2f</td><td>%.2f</td>"
                   "<td>%" PRId64 "</td><td>",
                a->priority, a->spot_unknown ? " (no spot price: billed PAYG)" : "", a->price, a->vm_hours, a->vm_cost,
                a->disk_tier[0] ? a->disk_tier : "ephemeral", a->disk_gb, a->disk_cost, a->vm_cost + a->disk_cost,
                a->evictions);
        html_text(f, a->tags);
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</table>\n<table>\n<tr><th>workload</th><th>availability</th><th>lowest</th><th>minutes below "
               "desired</th></tr>\n");
    for (size_t w = 0; w < s->nwls; w++) {
        fprintf(f, "<tr><td>");
        html_text(f, s->wls[w].ns);
        fputc('/', f);
        html_text(f, s->wls[w].name);
        fprintf(f, "</td><td>%.2f %%</td><td>%.0f %%</td><td>%" PRId64 "</td></tr>\n", 100 * wl_mean(s, &s->wls[w]),
                100 * s->wls[w].min, s->wls[w].below_ms / 60000);
    }
    fprintf(f, "</table>\n<p>CoreDNS's nodes: %" PRId64 " minutes under MemoryPressure, %" PRId64
               " kubelet evictions and %" PRId64 " OOM kills of pods next to it; CoreDNS itself evicted %" PRId64
               ", OOM-killed %" PRId64 ".</p>\n",
            s->cdn_mp_ms / 60000, e->cdn_node_evicted, e->cdn_node_oom, e->cdn_evicted, e->cdn_oom);
    size_t nt = s->nsamples;
    double *t = series_of(&s->t_series, nt);
    size_t np = s->npools, nk = s->ntags, nw = s->nwls;
    const struct ak_buf **bufs = ak_xcalloc(np + nk + nw + 4, sizeof(*bufs));
    const char **names = ak_xcalloc(np + nk + nw + 4, sizeof(*names));
    char **owned = ak_xcalloc(nw + 1, sizeof(char *));
    for (size_t i = 0; i < np; i++) {
        bufs[i] = &s->pools[i].series;
        names[i] = s->pools[i].name;
    }
    chart_bufs(f, "Nodes per pool", "nodes", t, nt, bufs, names, np, 0);
    bufs[0] = &s->pending_series;
    names[0] = "pending pods";
    chart_bufs(f, "Pending pods", "pods", t, nt, bufs, names, 1, 0);
    bufs[0] = &s->spot_series;
    names[0] = "spot evictions";
    bufs[1] = &s->evicted_series;
    names[1] = "kubelet evictions";
    bufs[2] = &s->oom_series;
    names[2] = "OOM kills";
    bufs[3] = &s->repair_series;
    names[3] = "auto-repairs";
    chart_bufs(f, "Evictions and repairs (per sample)", "count", t, nt, bufs, names, 4, 0);
    size_t n = 0;
    bufs[n] = &s->cost_series;
    names[n++] = "total";
    for (size_t i = 0; i < np; i++) {
        bufs[n] = &s->pools[i].cost_series;
        names[n++] = s->pools[i].name;
    }
    chart_bufs(f, "Cost accumulated by pool", "USD", t, nt, bufs, names, n, 0);
    if (nk) {
        for (size_t k = 0; k < nk; k++) {
            bufs[k] = &s->tags[k].series;
            names[k] = s->tags[k].kv;
        }
        chart_bufs(f, "Cost accumulated by tag", "USD", t, nt, bufs, names, nk, 0);
    }
    for (size_t w = 0; w < nw; w++) {
        bufs[w] = &s->wls[w].series;
        owned[w] = ak_xasprintf("%s/%s", s->wls[w].ns, s->wls[w].name);
        names[w] = owned[w];
    }
    chart_bufs(f, "Availability (ready / desired replicas)", "fraction", t, nt, bufs, names, nw, 1);
    bufs[0] = &s->disk_series;
    names[0] = "fullest node";
    chart_bufs(f, "OS disk use of the fullest node", "% used", t, nt, bufs, names, 1, 100);
    fprintf(f, "<p>Data: report.json. Made by aksemu sim (docs/simulation.md).</p>\n</body>\n</html>\n");
    for (size_t w = 0; w < nw; w++)
        free(owned[w]);
    free(owned);
    free(bufs);
    free(names);
    free(t);
}

/* ------------------------------------------------------------------ command */

static int rm_cb(const char *p, const struct stat *sb, int type, struct FTW *f)
{
    (void)sb, (void)type, (void)f;
    remove(p);
    return 0;
}

static void usage(FILE *f)
{
    fputs("usage: aksemu sim run SCENARIO.yaml [--seed N] [--out DIR]\n"
          "       aksemu sim compare A.yaml B.yaml [--seeds FROM..TO] [--out DIR]\n"
          "\n"
          "Runs the scenario on a virtual clock (days in seconds) with the daemon's engine and\n"
          "writes DIR/report.json and DIR/report.html (default ./sim-out): cost by pool, priority\n"
          "and tag (VMs, OS disks, the cluster tier), evictions, repairs, availability of each\n"
          "workload and of CoreDNS, pending pods, nodes per pool and the fullest OS disk over\n"
          "time, as data and as charts. Same scenario and seed: the same report, byte for byte.\n"
          "On a terminal a progress bar shows the virtual time reached and the speed.\n"
          "compare runs both layouts on every seed (as many runs at once as there are cores)\n"
          "and prints the mean, min and max of the headline figures (DIR/compare.json, default\n"
          "./sim-compare). Format: docs/simulation.md.\n",
          f);
}

static void sim_release(struct sim *s)
{
    if (s->loop) {
        ak_timer_stop(s->loop, &s->sample);
        for (size_t i = 0; s->acts_ready && i < s->nacts; i++)
            ak_timer_stop(s->loop, &s->acts[i].timer);
        ak_ctrl_stop(&s->ctrl);
    }
    ak_arm_free(s->arm);
    ak_kworld_free(s->kw);
    ak_kapi_free(s->kapi);
    ak_kctrl_free(s->kctrl);
    ak_state_free(s->st);
    if (s->store)
        ak_store_close(s->store);
    if (s->loop)
        ak_loop_free(s->loop);
    for (size_t i = 0; i < s->npools; i++) {
        ak_buf_release(&s->pools[i].series);
        ak_buf_release(&s->pools[i].cost_series);
    }
    free(s->pools);
    for (size_t i = 0; i < s->ntags; i++)
        ak_buf_release(&s->tags[i].series);
    free(s->tags);
    for (size_t i = 0; i < s->nwls; i++)
        ak_buf_release(&s->wls[i].series);
    free(s->wls);
    free(s->acts);
    struct ak_buf *bs[] = {&s->t_series,   &s->pending_series, &s->cost_series,  &s->disk_series, &s->cdnmp_series,
                           &s->spot_series, &s->evicted_series, &s->oom_series, &s->repair_series};
    for (size_t i = 0; i < sizeof(bs) / sizeof(bs[0]); i++)
        ak_buf_release(bs[i]);
    ak_strs_release(&s->cdn_nodes);
}

/* Runs one scenario file with a seed (0: the scenario's), writing DIR's reports. */
static int run_one(const char *file, uint64_t seed, bool seed_set, const char *out_dir, bool quiet)
{
    FILE *in = fopen(file, "rb");
    if (!in) {
        fprintf(stderr, "aksemu sim: %s: %s\n", file, strerror(errno));
        return 1;
    }
    struct ak_buf text = AK_BUF_INIT(64u << 20);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
        ak_buf_append(&text, chunk, n);
    fclose(in);
    char err[512];
    json_t *sc = ak_yaml_parse(ak_buf_cstr(&text), text.len, file, err, sizeof(err));
    int rc = 1;
    struct sim s;
    memset(&s, 0, sizeof(s));
    s.file = file;
    s.text = ak_buf_cstr(&text);
    char data[] = "/tmp/aksemu-sim.XXXXXX";
    bool have_data = false;
    if (!sc || !json_is_object(sc)) {
        fprintf(stderr, "aksemu sim: %s\n", sc ? "the scenario must be a mapping" : err);
        goto out;
    }
    if (check_scenario(&s, sc) != 0)
        goto out;
    int64_t duration = json_dur(json_object_get(sc, "duration"), 24 * 3600000LL);
    if (duration <= 0) {
        sc_err(&s, "duration", NULL, "duration must be a duration such as 30d, 12h, 10m, 30s");
        goto out;
    }
    int64_t step = json_dur(json_object_get(sc, "sampleEvery"), 10 * 60000);
    if (step <= 0) {
        sc_err(&s, "sampleEvery", NULL, "sampleEvery must be a duration such as 10m, 1h, 30s");
        goto out;
    }
    if (!seed_set) {
        json_t *js = json_object_get(sc, "seed");
        seed = json_is_integer(js) && json_integer_value(js) > 0 ? (uint64_t)json_integer_value(js) : 1;
    }
    int64_t start = 0;
    const char *sv = ak_json_str(sc, "start");
    if (ak_parse_time(sv ? sv : DEFAULT_START, &start) != 0) {
        sc_err(&s, "start", NULL, "start must be an RFC 3339 time");
        goto out;
    }
    if (read_actions(&s, sc) != 0)
        goto out;
    if (!mkdtemp(data)) {
        fprintf(stderr, "aksemu sim: cannot create a work directory: %s\n", strerror(errno));
        goto out;
    }
    have_data = true;
    ak_log_min = AK_LOG_WARN;
    s.rg = ak_json_str(sc, "resourceGroup") ? ak_json_str(sc, "resourceGroup") : "simRG";
    s.cluster = ak_json_str(json_object_get(sc, "cluster"), "name") ? ak_json_str(json_object_get(sc, "cluster"), "name")
                                                                     : "sim";
    ak_rand_seed(&s.rng, seed * 0x9e3779b97f4a7c15ULL + 0x5151);
    s.loop = ak_loop_new(AK_CLOCK_VIRTUAL, start);
    ak_timer_init(&s.sample, on_sample, &s);
    char path[4096];
    /* a run needs no durability: the store keeps nothing */
    s.store = ak_store_open_null();
    struct ak_state_config scfg = {SIM_SUB, "aksemu-sim", SIM_TENANT, 180000, seed, 0, 0};
    s.st = ak_state_new(s.store, &scfg, loop_now, s.loop);
    /* the node reconcile (AKS restoring pool-owned labels users changed) every minute: nobody edits
     * nodes in a run, and a sync at every ARM change still applies what the pools change */
    struct ak_kworld_config kcfg = {60000, 20000, 60000, 1, true};
    s.kw = ak_kworld_new(s.st, s.loop, &kcfg);
    s.kctrl = ak_kctrl_new(s.kw);
    s.kapi = ak_kapi_new(s.kw);
    ak_kworld_observe_events(s.kw, on_event, &s);
    ak_ctrl_init(&s.ctrl, s.loop, s.st);
    s.ctrl.on_change = on_arm_change;
    s.ctrl.on_change_ud = &s;
    ak_state_set_op_hook(s.st, ctrl_kick, &s.ctrl);
    struct ak_arm_config acfg = {.ca_pem = "", .provision_ms = 180000, .port = 8443, .speed = 1};
    s.arm = ak_arm_new(s.st, &s.ctrl, &acfg);
    s.step = step;
    struct ak_buf *bs[] = {&s.t_series,   &s.pending_series, &s.cost_series,  &s.disk_series, &s.cdnmp_series,
                           &s.spot_series, &s.evicted_series, &s.oom_series, &s.repair_series};
    for (size_t i = 0; i < sizeof(bs) / sizeof(bs[0]); i++)
        ak_buf_init(bs[i], AK_BUF_UNLIMITED);
    s.prices = json_object_get(sc, "prices");
    if (apply(&s, sc) != 0)
        goto out;
    /* the measured period starts once the scenario is in place */
    s.start = ak_loop_now(s.loop);
    s.end = s.start + duration;
    memset(&s.ev, 0, sizeof(s.ev)); /* events of the set-up do not count */
    s.acts_ready = true;
    for (size_t i = 0; i < s.nacts; i++) {
        struct action *a = &s.acts[i];
        a->s = &s;
        ak_timer_init(&a->timer, on_action, a);
        int64_t first = a->at;
        if (a->kind == ACT_ARRIVAL && a->every == 0)
            first += next_gap(&s, a);
        if (first <= duration)
            ak_timer_start(s.loop, &a->timer, first);
    }
    s.progress = !quiet && isatty(STDERR_FILENO);
    s.real_start_ns = ak_mono_ns();
    ak_timer_start(s.loop, &s.sample, 0);
    ak_loop_run_until(s.loop, s.end);
    draw_progress(&s, true);
    if (s.failed)
        goto out;
    if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "aksemu sim: %s: %s\n", out_dir, strerror(errno));
        goto out;
    }
    snprintf(path, sizeof(path), "%s/report.json", out_dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "aksemu sim: %s: %s\n", path, strerror(errno));
        goto out;
    }
    write_report(&s, ak_json_str(sc, "name"), seed, f);
    if (fclose(f) != 0) {
        fprintf(stderr, "aksemu sim: %s: %s\n", path, strerror(errno));
        goto out;
    }
    snprintf(path, sizeof(path), "%s/report.html", out_dir);
    f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "aksemu sim: %s: %s\n", path, strerror(errno));
        goto out;
    }
    write_html(&s, ak_json_str(sc, "name") ? ak_json_str(sc, "name") : file, seed, f);
    if (fclose(f) != 0) {
        fprintf(stderr, "aksemu sim: %s: %s\n", path, strerror(errno));
        goto out;
    }
    snprintf(path, sizeof(path), "%s/report.json", out_dir);
    if (!quiet) {
        printf("simulated %.1f h in virtual time: cost %.2f USD", (double)duration / 3600000.0, s.total);
        for (size_t i = 0; i < s.npools; i++)
            printf("%s %s %.2f", i ? "," : " (", s.pools[i].name, s.pools[i].vm_cost + s.pools[i].disk_cost);
        printf("%s; report %s\n", s.npools ? ")" : "", path);
    }
    rc = 0;
out:
    sim_release(&s);
    json_decref(sc);
    ak_buf_release(&text);
    if (have_data)
        nftw(data, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}

static int cmd_run(int argc, char **argv)
{
    const char *out_dir = "sim-out", *file = NULL;
    uint64_t seed = 0;
    bool seed_set = false;
    static const struct option opts[] = {
        {"seed", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
        int64_t v;
        switch (ch) {
        case 's':
            if (ak_parse_i64(optarg, 1, INT64_MAX, &v) != 0) {
                fprintf(stderr, "aksemu sim: --seed must be a positive integer, got '%s'\n", optarg);
                return 2;
            }
            seed = (uint64_t)v;
            seed_set = true;
            break;
        case 'o': out_dir = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc - 1)
        file = argv[1 + optind];
    if (!file) {
        usage(stderr);
        return 2;
    }
    return run_one(file, seed, seed_set, out_dir, false);
}

/* ------------------------------------------------------------------ compare */

struct stat3 {
    double sum, min, max;
    int n;
};

static void stat_add(struct stat3 *st, double v)
{
    if (st->n == 0 || v < st->min)
        st->min = v;
    if (st->n == 0 || v > st->max)
        st->max = v;
    st->sum += v;
    st->n++;
}

static int parse_seeds(const char *v, int64_t *lo, int64_t *hi)
{
    const char *dots = strstr(v, "..");
    if (!dots)
        return ak_parse_i64(v, 1, 1000000, lo) == 0 ? (*hi = *lo, 0) : -1;
    char a[32];
    size_t n = (size_t)(dots - v);
    if (n == 0 || n >= sizeof(a))
        return -1;
    memcpy(a, v, n);
    a[n] = '\0';
    if (ak_parse_i64(a, 1, 1000000, lo) != 0 || ak_parse_i64(dots + 2, 1, 1000000, hi) != 0 || *hi < *lo ||
        *hi - *lo >= 1000)
        return -1;
    return 0;
}

/* Runs A and B on each seed (several at once, one process per run, as many as cores), then
 * prints and writes the means and spreads of the headline figures. */
static int cmd_compare(int argc, char **argv)
{
    const char *out_dir = "sim-compare", *seeds = "1";
    static const struct option opts[] = {
        {"seeds", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 's': seeds = optarg; break;
        case 'o': out_dir = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - 1 - optind != 2) {
        usage(stderr);
        return 2;
    }
    const char *files[2] = {argv[1 + optind], argv[2 + optind]};
    int64_t lo, hi;
    if (parse_seeds(seeds, &lo, &hi) != 0) {
        fprintf(stderr, "aksemu sim: --seeds must be N or FROM..TO (at most 1000 seeds), got '%s'\n", seeds);
        return 2;
    }
    if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "aksemu sim: %s: %s\n", out_dir, strerror(errno));
        return 1;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;
    int64_t nruns = (hi - lo + 1) * 2, started = 0, running = 0;
    int failed = 0;
    fflush(stdout);
    while (started < nruns || running > 0) {
        while (started < nruns && running < cores) {
            int64_t seed = lo + started / 2;
            int which = (int)(started % 2);
            char dir[4096];
            snprintf(dir, sizeof(dir), "%s/%c-seed%" PRId64, out_dir, which ? 'B' : 'A', seed);
            pid_t pid = fork();
            if (pid == 0)
                _exit(run_one(files[which], (uint64_t)seed, true, dir, true));
            if (pid < 0) {
                fprintf(stderr, "aksemu sim: fork: %s\n", strerror(errno));
                return 1;
            }
            started++;
            running++;
        }
        int st;
        if (wait(&st) > 0) {
            running--;
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
                failed++;
        }
    }
    if (failed) {
        fprintf(stderr, "aksemu sim: %d of %" PRId64 " runs failed\n", failed, nruns);
        return 1;
    }
    /* the figures of each side over the seeds */
    struct stat3 total[2] = {{0}}, pend[2] = {{0}}, evic[2] = {{0}};
    for (int64_t seed = lo; seed <= hi; seed++)
        for (int w = 0; w < 2; w++) {
            char path[4200];
            snprintf(path, sizeof(path), "%s/%c-seed%" PRId64 "/report.json", out_dir, w ? 'B' : 'A', seed);
            json_error_t je;
            json_t *r = json_load_file(path, 0, &je);
            if (!r) {
                fprintf(stderr, "aksemu sim: %s: %s\n", path, je.text);
                return 1;
            }
            stat_add(&total[w], json_number_value(json_object_get(json_object_get(r, "cost"), "total")));
            stat_add(&pend[w], json_number_value(json_object_get(r, "pendingPodMinutes")));
            double e = 0;
            const char *k;
            json_t *v;
            json_object_foreach(json_object_get(r, "pools"), k, v)
            e += json_number_value(json_object_get(v, "spotEvictions"));
            stat_add(&evic[w], e);
            json_decref(r);
        }
    char path[4200];
    snprintf(path, sizeof(path), "%s/compare.json", out_dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "aksemu sim: %s: %s\n", path, strerror(errno));
        return 1;
    }
    const char *lab[3] = {"costUSD", "pendingPodMinutes", "spotEvictions"};
    struct stat3 *all[3] = {total, pend, evic};
    fprintf(f, "{\n  \"seeds\": [%" PRId64 ", %" PRId64 "],\n", lo, hi);
    for (int w = 0; w < 2; w++) {
        fprintf(f, "  \"%s\": {\"scenario\": ", w ? "B" : "A");
        json_t *js = json_string(files[w]);
        char *t = json_dumps(js, JSON_ENCODE_ANY);
        fprintf(f, "%s", t);
        free(t);
        json_decref(js);
        for (int m = 0; m < 3; m++)
            fprintf(f, ", \"%s\": {\"mean\": %.4f, \"min\": %.4f, \"max\": %.4f}", lab[m],
                    all[m][w].sum / all[m][w].n, all[m][w].min, all[m][w].max);
        fprintf(f, "}%s\n", w ? "" : ",");
    }
    fprintf(f, "}\n");
    fclose(f);
    printf("%-20s %16s %16s\n", "", "A", "B");
    printf("%-20s %16.16s %16.16s\n", "scenario", files[0], files[1]);
    for (int m = 0; m < 3; m++)
        printf("%-20s %16.2f %16.2f   (mean of %d seeds; min-max A %.2f-%.2f, B %.2f-%.2f)\n", lab[m],
               all[m][0].sum / all[m][0].n, all[m][1].sum / all[m][1].n, all[m][0].n, all[m][0].min, all[m][0].max,
               all[m][1].min, all[m][1].max);
    printf("report %s\n", path);
    return 0;
}

int ak_cmd_sim(int argc, char **argv)
{
    bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
    if (argc >= 2 && strcmp(argv[1], "run") == 0)
        return cmd_run(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "compare") == 0)
        return cmd_compare(argc, argv);
    usage(help ? stdout : stderr);
    return help ? 0 : 2;
}
