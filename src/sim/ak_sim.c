/* ak_sim.c - `aksemu sim run SCENARIO [--seed N] [--out DIR]`: the daemon's engine (state,
 * operations, Kubernetes controllers, scheduler, node life, autoscaler) on a virtual clock: no
 * sockets, the loop jumps from timer to timer, so days pass in seconds. The scenario is applied
 * through the same ARM and Kubernetes front doors the daemon serves (in-process requests), so
 * every rule and default holds. A run is reproducible from (scenario, seed): report.json is
 * byte-identical. See docs/simulation.md for the scenario format and the report. */
#include "ak_sim.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../api/ak_http.h"
#include "../api/arm/ak_arm.h"
#include "../api/kube/ak_kapi.h"
#include "../core/ak_catalog.h"
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
#include "../util/ak_str.h"
#include "../util/ak_time.h"
#include "../util/ak_yaml.h"

#define SIM_SUB "00000000-0000-0000-0000-000000000001"
#define SIM_TENANT "00000000-0000-0000-0000-000000000002"
#define DEFAULT_START "2026-01-01T00:00:00Z"
#define MAX_SAMPLES 200000

struct poolacc {
    struct ak_pool *p;   /* may become stale if the pool goes: looked up again each sample */
    char name[64];
    char priority[16];
    char tags[512];      /* "k=v,k=v" */
    double price;        /* USD/h per node (catalog); spot: the spot price */
    double cost, vm_hours;
    int evictions;
    bool spot_unknown;
    struct ak_buf series; /* nodes per sample, JSON numbers */
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
    const char *rg, *cluster;
    int64_t start, end, step;
    struct ak_timer sample;
    struct poolacc *pools;
    size_t npools;
    struct ak_buf t_series, pending_series, cost_series;
    size_t nsamples;
    int64_t pending_pod_minutes;
    struct ak_strs evicting; /* vm ids seen with an eviction due */
    double total;
    json_t *prices;
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
static int call(struct sim *s, const char *method, const char *path, const char *api, const char *token,
                const json_t *body, struct ak_buf *out)
{
    const char *q[] = {"api-version", api, NULL};
    char auth[128];
    snprintf(auth, sizeof(auth), "Bearer %s", token ? token : "sim");
    const char *h[] = {"Authorization", auth, "Content-Type", "application/json", "Host", "127.0.0.1", NULL};
    char *b = body ? json_dumps(body, JSON_COMPACT) : NULL;
    int st = ak_http_local(handle, s, method, path, api ? q : NULL, h, b, b ? strlen(b) : 0, out);
    free(b);
    return st;
}

static int64_t parse_dur(const char *v, int64_t def)
{
    if (!v || !*v)
        return def;
    char *end;
    double x = strtod(v, &end);
    int64_t mul = 1000;
    if (*end == 'm' && end[1] != 's')
        mul = 60000;
    else if (*end == 'h')
        mul = 3600000;
    else if (*end == 'd')
        mul = 86400000;
    else if (*end == 's' || *end == '\0')
        mul = 1000;
    else if (strcmp(end, "ms") == 0)
        mul = 1;
    else
        return -1;
    if (!(x >= 0))
        return -1;
    return (int64_t)(x * (double)mul);
}

/* Runs the loop (virtual) for ms of emulated time. */
static void advance(struct sim *s, int64_t ms)
{
    ak_loop_run_until(s->loop, ak_loop_now(s->loop) + ms);
}

static int fail_status(const char *what, int st, struct ak_buf *b)
{
    fprintf(stderr, "aksemu sim: %s: HTTP %d: %s\n", what, st, ak_buf_cstr(b));
    return 1;
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

/* ------------------------------------------------------------------ sampling and cost */

static struct poolacc *acc_of(struct sim *s, struct ak_pool *p)
{
    for (size_t i = 0; i < s->npools; i++)
        if (strcmp(s->pools[i].name, p->name) == 0)
            return &s->pools[i];
    s->pools = ak_xreallocarray(s->pools, s->npools + 1, sizeof(*s->pools));
    struct poolacc *a = &s->pools[s->npools++];
    memset(a, 0, sizeof(*a));
    snprintf(a->name, sizeof(a->name), "%s", p->name);
    bool spot = ak_pool_is_spot(&p->spec);
    snprintf(a->priority, sizeof(a->priority), "%s", spot ? "Spot" : "Regular");
    const struct ak_vm_size *vs = ak_catalog_find(p->spec.vm_size);
    a->price = vs ? (spot && vs->spot_price >= 0 ? vs->spot_price : vs->price) : 0;
    a->spot_unknown = spot && (!vs || vs->spot_price < 0);
    /* the scenario's prices: {vmSize: {payg: USD/h, spot: USD/h}} */
    json_t *pr = json_object_get(json_object_get(s->prices, p->spec.vm_size), spot ? "spot" : "payg");
    if (json_is_number(pr)) {
        a->price = json_number_value(pr);
        a->spot_unknown = false;
    }
    if (a->price < 0)
        a->price = 0;
    if (a->spot_unknown)
        fprintf(stderr,
                "aksemu sim: warning: no spot price for %s (the catalog has none): pool %s is billed at "
                "pay-as-you-go; set prices.%s.spot in the scenario\n",
                p->spec.vm_size, p->name, p->spec.vm_size);
    size_t n = 0;
    for (size_t i = 0; i < p->spec.tags.n && n < sizeof(a->tags); i++)
        n += (size_t)snprintf(a->tags + n, sizeof(a->tags) - n, "%s%s=%s", n ? "," : "", p->spec.tags.v[i].key,
                              p->spec.tags.v[i].val ? p->spec.tags.v[i].val : "");
    ak_buf_init(&a->series, AK_BUF_UNLIMITED);
    /* pools that appear later start with zeros */
    for (size_t i = 0; i < s->nsamples; i++)
        ak_buf_puts(&a->series, i ? ",0" : "0");
    return a;
}

static void on_sample(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    (void)t;
    struct sim *s = ud;
    int64_t now = ak_loop_now(loop);
    double hours = (double)s->step / 3600000.0;
    struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
    for (size_t i = 0; i < s->npools; i++)
        s->pools[i].p = NULL;
    for (size_t pi = 0; cl && pi < cl->npools; pi++) {
        struct ak_pool *p = cl->pools[pi];
        struct poolacc *a = acc_of(s, p);
        a->p = p;
        int running = 0;
        for (size_t ii = 0; ii < p->ninst; ii++) {
            struct ak_instance *in = p->inst[ii];
            if (strcmp(in->power, "running") == 0 || strcmp(in->power, "starting") == 0)
                running++;

        }
        double price = a->price;
        double sp = ak_state_spot_price(p, now, 1);
        if (sp >= 0)
            price = sp;
        a->evictions = (int)p->evictions;
        a->vm_hours += running * hours;
        a->cost += running * hours * price;
        ak_buf_printf(&a->series, "%s%d", s->nsamples ? "," : "", running);
    }
    for (size_t i = 0; i < s->npools; i++) /* pools that are gone: 0 */
        if (!s->pools[i].p)
            ak_buf_printf(&s->pools[i].series, "%s0", s->nsamples ? "," : "");
    int pending = 0;
    struct ak_kcluster *kc = cl ? ak_kworld_cluster(s->kw, cl->kube_id) : NULL;
    for (struct ak_kobj *o = kc ? ak_kstore_first(kc->ks, AK_KIND_POD) : NULL; o; o = ak_kstore_next(o)) {
        const struct ak_kpod *kp = ak_kpod_of(o);
        if (kp && strcmp(kp->phase, "Pending") == 0 && !o->deleted_ms)
            pending++;
    }
    s->pending_pod_minutes += (int64_t)pending * s->step / 60000;
    s->total = 0;
    for (size_t i = 0; i < s->npools; i++)
        s->total += s->pools[i].cost;
    ak_buf_printf(&s->t_series, "%s%" PRId64, s->nsamples ? "," : "", (now - s->start) / 1000);
    ak_buf_printf(&s->pending_series, "%s%d", s->nsamples ? "," : "", pending);
    ak_buf_printf(&s->cost_series, "%s%.4f", s->nsamples ? "," : "", s->total);
    s->nsamples++;
    if (now + s->step <= s->end && s->nsamples < MAX_SAMPLES)
        ak_timer_start(loop, &s->sample, s->step);
}

/* ------------------------------------------------------------------ the scenario */

static int apply(struct sim *s, json_t *sc)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    int rc = 1, st;
    const char *loc = ak_json_str(json_object_get(sc, "cluster"), "location");
    if (!loc)
        loc = "eastus";
    char path[1024];
    snprintf(path, sizeof(path), "/subscriptions/%s/resourcegroups/%s", SIM_SUB, s->rg);
    json_t *body = json_pack("{s:s}", "location", loc);
    st = call(s, "PUT", path, "2021-04-01", NULL, body, &b);
    json_decref(body);
    if (st >= 300) {
        rc = fail_status("resource group", st, &b);
        goto out;
    }
    /* the cluster, with the System pools of the scenario as its agentPoolProfiles */
    json_t *pools = json_object_get(sc, "pools");
    if (!json_is_array(pools) || json_array_size(pools) == 0) {
        fprintf(stderr, "aksemu sim: the scenario needs 'pools' (a list of {name, properties})\n");
        goto out;
    }
    json_t *props = json_deep_copy(json_object_get(json_object_get(sc, "cluster"), "properties"));
    if (!json_is_object(props)) {
        json_decref(props);
        props = json_object();
    }
    if (!json_object_get(props, "dnsPrefix"))
        ak_json_set_str(props, "dnsPrefix", s->cluster);
    json_t *profiles = json_array();
    size_t i;
    json_t *pl;
    json_array_foreach(pools, i, pl)
    {
        json_t *pp = json_object_get(pl, "properties");
        if (!ak_json_str(pl, "name") || !json_is_object(pp)) {
            fprintf(stderr, "aksemu sim: pools[%zu] needs 'name' and 'properties'\n", i);
            json_decref(props);
            json_decref(profiles);
            goto out;
        }
        if (ak_streq(ak_json_str(pp, "mode"), "System") && json_array_size(profiles) == 0) {
            json_t *prof = json_deep_copy(pp);
            ak_json_set_str(prof, "name", ak_json_str(pl, "name"));
            json_array_append_new(profiles, prof);
        }
    }
    if (json_array_size(profiles) == 0) {
        fprintf(stderr, "aksemu sim: one pool needs properties.mode: System\n");
        json_decref(props);
        json_decref(profiles);
        goto out;
    }
    json_object_set_new(props, "agentPoolProfiles", profiles);
    body = json_pack("{s:s,s:o,s:{s:s}}", "location", loc, "properties", props, "identity", "type", "SystemAssigned");
    snprintf(path, sizeof(path), "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.ContainerService/managedClusters/%s",
             SIM_SUB, s->rg, s->cluster);
    ak_buf_reset(&b);
    st = call(s, "PUT", path, "2022-11-01", NULL, body, &b);
    json_decref(body);
    if (st >= 300) {
        rc = fail_status("cluster", st, &b);
        goto out;
    }
    settle(s);
    const char *first_system = ak_json_str(json_array_get(json_object_get(props, "agentPoolProfiles"), 0), "name");
    (void)first_system;
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
            snprintf(what, sizeof(what), "pool %s", name);
            rc = fail_status(what, st, &b);
            goto out;
        }
        settle(s);
    }
    advance(s, 10000); /* nodes register and turn Ready, system pods start */
    /* workloads through the cluster's Kubernetes API */
    struct ak_cluster *cl = ak_state_cluster(s->st, SIM_SUB, s->rg, s->cluster);
    json_t *wl = json_object_get(sc, "workloads");
    json_array_foreach(wl, i, pl)
    {
        const char *kind = ak_json_str(pl, "kind"), *api = ak_json_str(pl, "apiVersion");
        const char *ns = ak_json_str(json_object_get(pl, "metadata"), "namespace");
        if (!kind || !api) {
            fprintf(stderr, "aksemu sim: workloads[%zu] needs apiVersion and kind\n", i);
            goto out;
        }
        char plural[64];
        snprintf(plural, sizeof(plural), "%s", kind);
        ak_lower_inplace(plural);
        size_t pn = strlen(plural);
        if (pn && plural[pn - 1] == 'y')
            snprintf(plural + pn - 1, sizeof(plural) - pn + 1, "ies");
        else if (pn < sizeof(plural) - 2)
            strcat(plural, "s");
        bool core = !strchr(api, '/');
        bool cluster_scoped = strcmp(kind, "Namespace") == 0 || strcmp(kind, "PriorityClass") == 0;
        char kp[1024];
        if (cluster_scoped)
            snprintf(kp, sizeof(kp), "/k8s/%s/%s/%s/%s", cl->kube_id, core ? "api" : "apis", api, plural);
        else
            snprintf(kp, sizeof(kp), "/k8s/%s/%s/%s/namespaces/%s/%s", cl->kube_id, core ? "api" : "apis", api,
                     ns ? ns : "default", plural);
        ak_buf_reset(&b);
        st = call(s, "POST", kp, NULL, cl->admin_token, pl, &b);
        if (st >= 300) {
            char what[160];
            snprintf(what, sizeof(what), "workloads[%zu] (%s)", i, kind);
            rc = fail_status(what, st, &b);
            goto out;
        }
    }
    /* faults */
    json_t *faults = json_object_get(sc, "faults");
    json_array_foreach(faults, i, pl)
    {
        json_t *f = json_deep_copy(pl);
        ak_json_set_str(f, "resourceGroup", s->rg);
        ak_json_set_str(f, "cluster", s->cluster);
        ak_buf_reset(&b);
        st = call(s, "POST", "/aksemu/v1/faults", NULL, NULL, f, &b);
        json_decref(f);
        if (st >= 300) {
            char what[64];
            snprintf(what, sizeof(what), "faults[%zu]", i);
            rc = fail_status(what, st, &b);
            goto out;
        }
    }
    rc = 0;
out:
    ak_buf_release(&b);
    return rc;
}

/* ------------------------------------------------------------------ report */

static void write_report(struct sim *s, const char *name, uint64_t seed, FILE *f)
{
    char t0[40], t1[40];
    ak_fmt_time(s->start, 0, t0);
    ak_fmt_time(s->end, 0, t1);
    fprintf(f, "{\n  \"scenario\": ");
    json_t *nm = json_string(name ? name : "");
    char *ns = json_dumps(nm, JSON_ENCODE_ANY);
    fprintf(f, "%s,\n  \"seed\": %" PRIu64 ",\n  \"start\": \"%s\",\n  \"end\": \"%s\",\n", ns, seed, t0, t1);
    free(ns);
    json_decref(nm);
    fprintf(f, "  \"hours\": %.4f,\n", (double)(s->end - s->start) / 3600000.0);
    fprintf(f, "  \"cost\": {\n    \"currency\": \"USD\",\n    \"total\": %.4f,\n    \"byPool\": {", s->total);
    for (size_t i = 0; i < s->npools; i++)
        fprintf(f, "%s\"%s\": %.4f", i ? ", " : "", s->pools[i].name, s->pools[i].cost);
    double reg = 0, spot = 0;
    for (size_t i = 0; i < s->npools; i++)
        *(strcmp(s->pools[i].priority, "Spot") == 0 ? &spot : &reg) += s->pools[i].cost;
    fprintf(f, "},\n    \"byPriority\": {\"Regular\": %.4f, \"Spot\": %.4f},\n    \"byTag\": {", reg, spot);
    /* each k=v tag of a pool counts the pool's cost once */
    struct ak_strs keys = {0};
    for (size_t i = 0; i < s->npools; i++) {
        char *copy = ak_xstrdup(s->pools[i].tags), *save = NULL;
        for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save))
            if (!ak_strs_contains(&keys, kv))
                ak_strs_push(&keys, kv);
        free(copy);
    }
    for (size_t k = 0; k < keys.n; k++) {
        double c = 0;
        for (size_t i = 0; i < s->npools; i++) {
            char *copy = ak_xstrdup(s->pools[i].tags), *save = NULL;
            for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save))
                if (strcmp(kv, keys.v[k]) == 0)
                    c += s->pools[i].cost;
            free(copy);
        }
        fprintf(f, "%s\"%s\": %.4f", k ? ", " : "", keys.v[k], c);
    }
    ak_strs_release(&keys);
    fprintf(f, "}\n  },\n  \"pools\": {");
    for (size_t i = 0; i < s->npools; i++) {
        const struct poolacc *a = &s->pools[i];
        fprintf(f, "%s\n    \"%s\": {\"priority\": \"%s\", \"pricePerNodeHour\": %.4f, \"vmHours\": %.4f, "
                   "\"cost\": %.4f, \"spotEvictions\": %d%s}",
                i ? "," : "", a->name, a->priority, a->price, a->vm_hours, a->cost, a->evictions,
                a->spot_unknown ? ", \"spotPriceUnknown\": true" : "");
    }
    fprintf(f, "\n  },\n  \"pendingPodMinutes\": %" PRId64 ",\n", s->pending_pod_minutes);
    fprintf(f, "  \"series\": {\n    \"stepSeconds\": %" PRId64 ",\n    \"t\": [%s],\n    \"pendingPods\": [%s],\n"
               "    \"costUSD\": [%s],\n    \"nodes\": {",
            s->step / 1000, ak_buf_cstr(&s->t_series), ak_buf_cstr(&s->pending_series), ak_buf_cstr(&s->cost_series));
    for (size_t i = 0; i < s->npools; i++)
        fprintf(f, "%s\n      \"%s\": [%s]", i ? "," : "", s->pools[i].name, ak_buf_cstr(&s->pools[i].series));
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

/* "1,2,3" -> numbers (caller frees) */
static double *series_of(const struct ak_buf *b, size_t *n)
{
    const char *p = b->data ? b->data : "";
    size_t cap = 1;
    for (const char *c = p; *c; c++)
        cap += *c == ',';
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
    *n = k;
    return v;
}

static const char *const COLORS[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                     "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/* One SVG line chart: x = hours since the start, y from 0 to the maximum. */
static void chart(FILE *f, const char *title, const char *unit, const double *t, size_t nt,
                  const double *const *ys, const char *const *names, size_t nseries)
{
    const double W = 760, H = 220, L = 60, B = 30, T = 10, R = 10;
    double ymax = 0, xmax = nt ? t[nt - 1] : 0;
    for (size_t k = 0; k < nseries; k++)
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

static void write_html(struct sim *s, const char *name, uint64_t seed, FILE *f)
{
    char t0[40], t1[40];
    ak_fmt_time(s->start, 0, t0);
    ak_fmt_time(s->end, 0, t1);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>aksemu sim: ");
    html_text(f, name);
    fprintf(f, "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:820px}"
               "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
               "th{background:#f3f3f3}td:first-child{text-align:left}</style>\n</head>\n<body>\n<h1>");
    html_text(f, name);
    fprintf(f, "</h1>\n<p>Simulated %.1f hours on a virtual clock, %s to %s, seed %" PRIu64
               ". Total cost <b>%.2f USD</b>; pending pod-minutes %" PRId64 ".</p>\n",
            (double)(s->end - s->start) / 3600000.0, t0, t1, seed, s->total, s->pending_pod_minutes);
    fprintf(f, "<table>\n<tr><th>pool</th><th>priority</th><th>USD per node-hour</th><th>VM-hours</th><th>cost "
               "USD</th><th>spot evictions</th><th>tags</th></tr>\n");
    for (size_t i = 0; i < s->npools; i++) {
        const struct poolacc *a = &s->pools[i];
        fprintf(f, "<tr><td>");
        html_text(f, a->name);
        fprintf(f, "</td><td>%s%s</td><td>%.4f</td><td>%.1f</td><td>%.2f</td><td>%d</td><td>", a->priority,
                a->spot_unknown ? " (no spot price: billed PAYG)" : "", a->price, a->vm_hours, a->cost, a->evictions);
        html_text(f, a->tags);
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</table>\n");
    size_t nt;
    double *t = series_of(&s->t_series, &nt);
    double **ys = ak_xcalloc(s->npools + 1, sizeof(double *));
    const char **names = ak_xcalloc(s->npools + 1, sizeof(char *));
    for (size_t i = 0; i < s->npools; i++) {
        size_t n;
        ys[i] = series_of(&s->pools[i].series, &n);
        if (n < nt) { /* a pool added late: pad (never happens: acc_of pads) */
            ys[i] = ak_xreallocarray(ys[i], nt, sizeof(double));
            for (size_t k = n; k < nt; k++)
                ys[i][k] = 0;
        }
        names[i] = s->pools[i].name;
    }
    chart(f, "Nodes per pool", "nodes", t, nt, (const double *const *)ys, names, s->npools);
    size_t n1, n2;
    double *pend = series_of(&s->pending_series, &n1);
    double *cost = series_of(&s->cost_series, &n2);
    const char *pn[] = {"pending pods"}, *cn[] = {"cost USD"};
    const double *py[] = {pend}, *cy[] = {cost};
    if (n1 >= nt)
        chart(f, "Pending pods", "pods", t, nt, py, pn, 1);
    if (n2 >= nt)
        chart(f, "Cost accumulated", "USD", t, nt, cy, cn, 1);
    fprintf(f, "<p>Data: report.json. Made by aksemu sim (docs/simulation.md).</p>\n</body>\n</html>\n");
    for (size_t i = 0; i < s->npools; i++)
        free(ys[i]);
    free(ys);
    free(names);
    free(t);
    free(pend);
    free(cost);
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
          "and tag, VM-hours, spot evictions, pending pods and nodes per pool over time, as data\n"
          "and as charts. Same scenario and seed: the same report, byte for byte.\n"
          "compare runs both layouts on every seed (as many runs at once as there are cores)\n"
          "and prints the mean, min and max of cost, pending pod-minutes and spot evictions\n"
          "(DIR/compare.json, default ./sim-compare). Format: docs/simulation.md.\n",
          f);
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
    ak_buf_release(&text);
    if (!sc || !json_is_object(sc)) {
        fprintf(stderr, "aksemu sim: %s\n", sc ? "the scenario must be a mapping" : err);
        json_decref(sc);
        return 1;
    }
    int rc = 1;
    struct sim s;
    memset(&s, 0, sizeof(s));
    char data[] = "/tmp/aksemu-sim.XXXXXX";
    bool have_data = false;
    const char *dv = ak_json_str(sc, "duration");
    int64_t duration = parse_dur(dv, 24 * 3600000LL);
    int64_t step = parse_dur(ak_json_str(sc, "sampleEvery"), 10 * 60000);
    if (duration <= 0 || step <= 0) {
        fprintf(stderr, "aksemu sim: %s: duration and sampleEvery are durations such as 30d, 12h, 10m, 30s\n",
                file);
        goto out;
    }
    if (!seed_set) {
        json_t *js = json_object_get(sc, "seed");
        seed = json_is_integer(js) && json_integer_value(js) > 0 ? (uint64_t)json_integer_value(js) : 1;
    }
    int64_t start = 0;
    const char *sv = ak_json_str(sc, "start");
    if (ak_parse_time(sv ? sv : DEFAULT_START, &start) != 0) {
        fprintf(stderr, "aksemu sim: %s: start must be an RFC 3339 time\n", file);
        goto out;
    }
    if (!mkdtemp(data)) {
        fprintf(stderr, "aksemu sim: cannot create a work directory: %s\n", strerror(errno));
        goto out;
    }
    have_data = true;
    ak_log_min = AK_LOG_WARN;
    s.rg = ak_json_str(sc, "resourceGroup") ? ak_json_str(sc, "resourceGroup") : "simRG";
    s.cluster = ak_json_str(json_object_get(sc, "cluster"), "name") ? ak_json_str(json_object_get(sc, "cluster"), "name")
                                                                     : "sim";
    s.loop = ak_loop_new(AK_CLOCK_VIRTUAL, start);
    ak_timer_init(&s.sample, on_sample, &s);
    char path[4096];
    /* a run needs no durability: the store lives in memory */
    struct ak_err e;
    if (ak_store_open_sqlite(&s.store, ":memory:", AK_SYNC_NORMAL, &e) != 0) {
        fprintf(stderr, "aksemu sim: %s\n", e.message);
        goto out;
    }
    struct ak_state_config scfg = {SIM_SUB, "aksemu-sim", SIM_TENANT, 180000, seed};
    s.st = ak_state_new(s.store, &scfg, loop_now, s.loop);
    struct ak_kworld_config kcfg = {60000, 20000, 5000, 1};
    s.kw = ak_kworld_new(s.st, s.loop, &kcfg);
    s.kctrl = ak_kctrl_new(s.kw);
    s.kapi = ak_kapi_new(s.kw);
    ak_ctrl_init(&s.ctrl, s.loop, s.st);
    s.ctrl.on_change = on_arm_change;
    s.ctrl.on_change_ud = &s;
    ak_state_set_op_hook(s.st, ctrl_kick, &s.ctrl);
    struct ak_arm_config acfg = {.ca_pem = "", .provision_ms = 180000, .port = 8443, .speed = 1};
    s.arm = ak_arm_new(s.st, &s.ctrl, &acfg);
    s.step = step;
    ak_buf_init(&s.t_series, AK_BUF_UNLIMITED);
    ak_buf_init(&s.pending_series, AK_BUF_UNLIMITED);
    ak_buf_init(&s.cost_series, AK_BUF_UNLIMITED);
    s.prices = json_object_get(sc, "prices");
    if (apply(&s, sc) != 0)
        goto out;
    /* the measured period starts once the scenario is in place */
    s.start = ak_loop_now(s.loop);
    s.end = s.start + duration;
    ak_timer_start(s.loop, &s.sample, 0);
    ak_loop_run_until(s.loop, s.end);
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
            printf("%s %s %.2f", i ? "," : " (", s.pools[i].name, s.pools[i].cost);
        printf("%s; report %s\n", s.npools ? ")" : "", path);
    }
    rc = 0;
out:
    if (s.loop) {
        ak_timer_stop(s.loop, &s.sample);
        ak_ctrl_stop(&s.ctrl);
    }
    ak_arm_free(s.arm);
    ak_kworld_free(s.kw);
    ak_kapi_free(s.kapi);
    ak_kctrl_free(s.kctrl);
    ak_state_free(s.st);
    if (s.store)
        ak_store_close(s.store);
    if (s.loop)
        ak_loop_free(s.loop);
    for (size_t i = 0; i < s.npools; i++)
        ak_buf_release(&s.pools[i].series);
    free(s.pools);
    ak_buf_release(&s.t_series);
    ak_buf_release(&s.pending_series);
    ak_buf_release(&s.cost_series);
    ak_strs_release(&s.evicting);
    json_decref(sc);
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
