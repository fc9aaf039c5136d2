/* ak_kapi.c - routing, authentication, Status errors, /version, discovery and OpenAPI. */
#include "ak_kapi.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_kapi_int.h"
#include "../../core/ak_catalog.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_log.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_banned.h"

static void cluster_removed(void *ud, struct ak_kcluster *kc)
{
    (void)ud;
    ak_kapi_cluster_gone(kc->ks);
}

struct ak_kapi *ak_kapi_new(struct ak_kworld *world)
{
    struct ak_kapi *a = ak_xcalloc(1, sizeof(*a));
    a->world = world;
    struct ak_kworld_hooks h = {NULL, cluster_removed, NULL, a};
    ak_kworld_add_hooks(world, &h);
    a->version = ak_xstrdup(ak_k8s_default_version());
    return a;
}

void ak_kapi_free(struct ak_kapi *a)
{
    if (!a)
        return;
    free(a->version);
    free(a);
}

/* ------------------------------------------------------------------ responses */

void kapi_json(struct kreq *r, int code, json_t *body)
{
    r->resp->status = code;
    r->resp->content_type = "application/json";
    ak_buf_reset(&r->resp->body);
    if (body) {
        char *s = ak_json_dump(body);
        ak_buf_puts(&r->resp->body, s);
        free(s);
        json_decref(body);
    }
}

void kapi_raw(struct kreq *r, int code, const char *ctype, const char *body, size_t len)
{
    r->resp->status = code;
    r->resp->content_type = ctype;
    ak_buf_reset(&r->resp->body);
    ak_buf_append(&r->resp->body, body, len);
}

void kapi_status(struct kreq *r, int code, const char *reason, json_t *details, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    json_t *s = json_pack("{s:s,s:s,s:{},s:s,s:s}", "kind", "Status", "apiVersion", "v1", "metadata",
                          "status", code < 400 ? "Success" : "Failure", "message", msg);
    if (reason && *reason)
        ak_json_set_str(s, "reason", reason);
    if (details)
        json_object_set_new(s, "details", details);
    json_object_set_new(s, "code", json_integer(code));
    kapi_json(r, code, s);
}

void kapi_status_err(struct kreq *r, const struct ak_err *err, const char *name)
{
    json_t *d = NULL;
    if (r->ki && (name || r->name)) {
        d = json_pack("{s:s,s:s}", "name", name ? name : r->name, "kind",
                      err->status == 422 ? r->ki->name : r->ki->resource);
        if (*r->ki->group && err->status != 422)
            ak_json_set_str(d, "group", r->ki->group);
    }
    kapi_status(r, err->status ? err->status : 500, err->code, d, "%s", err->message);
}

void kapi_not_found(struct kreq *r, const struct ak_kind_info *ki, const char *name)
{
    json_t *d = json_pack("{s:s,s:s}", "name", name, "kind", ki->resource);
    if (*ki->group)
        ak_json_set_str(d, "group", ki->group);
    kapi_status(r, 404, "NotFound", d, "%s%s%s \"%s\" not found", ki->resource,
                *ki->group ? "." : "", ki->group, name);
}

bool kapi_wants_table(const struct kreq *r)
{
    const char *a = ak_http_header(r->req, "Accept");
    return a && strstr(a, "as=Table");
}

const char *kapi_query(const struct kreq *r, const char *name)
{
    return r->req ? ak_http_query(r->req, name) : NULL;
}

bool kapi_commit(struct kreq *r)
{
    struct ak_err err;
    if (ak_kworld_commit(r->api->world, &err) != 0) {
        kapi_status(r, 500, "InternalError", NULL, "Internal error occurred: %s", err.message);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ version and discovery */

static const char *cluster_version(struct kreq *r)
{
    struct ak_cluster *cl = ak_kworld_arm_cluster(r->api->world, r->kc);
    return cl && cl->k8s_version ? cl->k8s_version : r->api->version;
}

static void version(struct kreq *r)
{
    const char *v = cluster_version(r);
    int ma = 1, mi = 32, pa = 0;
    ak_k8s_parse(v, &ma, &mi, &pa);
    char maj[8], min[8], git[32];
    snprintf(maj, sizeof(maj), "%d", ma);
    snprintf(min, sizeof(min), "%d", mi);
    snprintf(git, sizeof(git), "v%s", v);
    kapi_json(r, 200,
              json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "major", maj, "minor", min,
                        "gitVersion", git, "gitCommit", "aksemu0000000000000000000000000000000000",
                        "gitTreeState", "clean", "buildDate", "2026-08-20T00:00:00Z", "goVersion",
                        "go1.23.10", "compiler", "gc", "platform", "linux/amd64"));
}

static json_t *split_list(const char *csv)
{
    json_t *a = json_array();
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", csv);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(a, json_string(t));
    return a;
}

static json_t *sub_kind(const struct ak_kind_info *ki, const char *sub, const char **verbs)
{
    if (strcmp(sub, "eviction") == 0) {
        *verbs = "create";
        return json_pack("{s:s,s:s,s:s}", "group", "policy", "version", "v1", "kind", "Eviction");
    }
    if (strcmp(sub, "scale") == 0) {
        *verbs = "get,patch,update";
        return json_pack("{s:s,s:s,s:s}", "group", "autoscaling", "version", "v1", "kind", "Scale");
    }
    if (strcmp(sub, "binding") == 0) {
        *verbs = "create";
        return json_pack("{s:s,s:s,s:s}", "group", "", "version", "v1", "kind", "Binding");
    }
    if (strcmp(sub, "proxy") == 0) {
        *verbs = "create,delete,get,patch,update";
        return json_pack("{s:s,s:s,s:s}", "group", "", "version", "v1", "kind", "NodeProxyOptions");
    }
    if (strcmp(sub, "log") == 0) {
        *verbs = "get";
        return json_pack("{s:s,s:s,s:s}", "group", "", "version", "v1", "kind", "Pod");
    }
    *verbs = "get,patch,update";
    return json_pack("{s:s,s:s,s:s}", "group", ki->group, "version", ki->version, "kind", ki->name);
}

static json_t *aggregated_resource(const struct ak_kind_info *ki)
{
    json_t *r = json_pack("{s:s,s:{s:s,s:s,s:s},s:s,s:s,s:o}", "resource", ki->resource,
                          "responseKind", "group", ki->group, "version", ki->version, "kind",
                          ki->name, "scope", ki->namespaced ? "Namespaced" : "Cluster",
                          "singularResource", ki->singular, "verbs", split_list(ki->verbs));
    if (*ki->short_names)
        json_object_set_new(r, "shortNames", split_list(ki->short_names));
    if (ki->in_all)
        json_object_set_new(r, "categories", json_pack("[s]", "all"));
    if (*ki->subresources) {
        json_t *subs = json_array();
        json_t *names = split_list(ki->subresources);
        size_t i;
        json_t *n;
        json_array_foreach(names, i, n)
        {
            const char *verbs;
            json_t *rk = sub_kind(ki, json_string_value(n), &verbs);
            json_array_append_new(subs, json_pack("{s:s,s:o,s:o}", "subresource",
                                                  json_string_value(n), "responseKind", rk,
                                                  "verbs", split_list(verbs)));
        }
        json_decref(names);
        json_object_set_new(r, "subresources", subs);
    }
    return r;
}

static json_t *group_versions(const char *group, bool aggregated)
{
    json_t *res = json_array();
    for (int k = 0; k < AK_KIND_COUNT; k++) {
        const struct ak_kind_info *ki = ak_kind(k);
        if (strcmp(ki->group, group) != 0)
            continue;
        if (aggregated) {
            json_array_append_new(res, aggregated_resource(ki));
        } else {
            json_t *e = json_pack("{s:s,s:s,s:b,s:s,s:o}", "name", ki->resource, "singularName",
                                  ki->singular, "namespaced", ki->namespaced, "kind", ki->name,
                                  "verbs", split_list(ki->verbs));
            if (*ki->short_names)
                json_object_set_new(e, "shortNames", split_list(ki->short_names));
            if (ki->in_all)
                json_object_set_new(e, "categories", json_pack("[s]", "all"));
            json_array_append_new(res, e);
            json_t *names = split_list(ki->subresources);
            size_t i;
            json_t *n;
            json_array_foreach(names, i, n)
            {
                const char *verbs;
                json_t *rk = sub_kind(ki, json_string_value(n), &verbs);
                char nm[96];
                snprintf(nm, sizeof(nm), "%s/%s", ki->resource, json_string_value(n));
                json_t *se = json_pack("{s:s,s:s,s:b,s:O,s:O,s:O,s:o}", "name", nm, "singularName",
                                       "", "namespaced", ki->namespaced, "group",
                                       json_object_get(rk, "group"), "version",
                                       json_object_get(rk, "version"), "kind",
                                       json_object_get(rk, "kind"), "verbs", split_list(verbs));
                json_decref(rk);
                json_array_append_new(res, se);
            }
            json_decref(names);
        }
    }
    return res;
}

static bool wants_aggregated(struct kreq *r, bool *v2)
{
    const char *a = ak_http_header(r->req, "Accept");
    if (!a)
        return false;
    if (strstr(a, "g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")) {
        *v2 = true;
        return true;
    }
    if (strstr(a, "g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")) {
        *v2 = false;
        return true;
    }
    return false;
}

static void discovery_root(struct kreq *r, bool core)
{
    bool v2 = true;
    if (wants_aggregated(r, &v2)) {
        json_t *items = json_array();
        for (int g = 0; g < ak_kind_group_count(); g++) {
            const char *group = ak_kind_group_at(g);
            if (core != (*group == '\0'))
                continue;
            json_t *meta = core ? json_pack("{s:n}", "creationTimestamp")
                                : json_pack("{s:s,s:n}", "name", group, "creationTimestamp");
            json_array_append_new(items,
                                  json_pack("{s:o,s:[{s:s,s:o,s:s}]}", "metadata", meta, "versions",
                                            "version", "v1", "resources",
                                            group_versions(group, true), "freshness", "Current"));
        }
        json_t *o = json_pack("{s:s,s:s,s:{},s:o}", "kind", "APIGroupDiscoveryList", "apiVersion",
                              v2 ? "apidiscovery.k8s.io/v2" : "apidiscovery.k8s.io/v2beta1",
                              "metadata", "items", items);
        kapi_json(r, 200, o);
        r->resp->content_type = v2 ? "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
                                   : "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
        return;
    }
    if (core) {
        kapi_json(r, 200, json_pack("{s:s,s:[s],s:[{s:s,s:s}]}", "kind", "APIVersions", "versions",
                                    "v1", "serverAddressByClientCIDRs", "clientCIDR", "0.0.0.0/0",
                                    "serverAddress", "127.0.0.1:443"));
        return;
    }
    json_t *groups = json_array();
    for (int g = 0; g < ak_kind_group_count(); g++) {
        const char *group = ak_kind_group_at(g);
        if (!*group)
            continue;
        char gv[96];
        snprintf(gv, sizeof(gv), "%s/v1", group);
        json_array_append_new(groups, json_pack("{s:s,s:[{s:s,s:s}],s:{s:s,s:s}}", "name", group,
                                                "versions", "groupVersion", gv, "version", "v1",
                                                "preferredVersion", "groupVersion", gv, "version",
                                                "v1"));
    }
    kapi_json(r, 200, json_pack("{s:s,s:s,s:o}", "kind", "APIGroupList", "apiVersion", "v1",
                                "groups", groups));
}

static void resource_list(struct kreq *r, const char *group)
{
    char gv[96];
    snprintf(gv, sizeof(gv), "%s%sv1", group, *group ? "/" : "");
    kapi_json(r, 200, json_pack("{s:s,s:s,s:s,s:o}", "kind", "APIResourceList", "apiVersion", "v1",
                                "groupVersion", gv, "resources", group_versions(group, false)));
}

static void api_group(struct kreq *r, const char *group)
{
    char gv[96];
    snprintf(gv, sizeof(gv), "%s/v1", group);
    kapi_json(r, 200, json_pack("{s:s,s:s,s:s,s:[{s:s,s:s}],s:{s:s,s:s}}", "kind", "APIGroup",
                                "apiVersion", "v1", "name", group, "versions", "groupVersion", gv,
                                "version", "v1", "preferredVersion", "groupVersion", gv, "version",
                                "v1"));
}

static bool group_known(const char *g)
{
    for (int i = 0; i < ak_kind_group_count(); i++)
        if (strcmp(ak_kind_group_at(i), g) == 0)
            return true;
    return false;
}

/* ------------------------------------------------------------------ OpenAPI */

static void openapi_root(struct kreq *r)
{
    json_t *paths = json_object();
    for (int g = 0; g < ak_kind_group_count(); g++) {
        const char *group = ak_kind_group_at(g);
        char key[96], url[256];
        if (*group)
            snprintf(key, sizeof(key), "apis/%s/v1", group);
        else
            snprintf(key, sizeof(key), "api/v1");
        snprintf(url, sizeof(url), "/k8s/%s/openapi/v3/%s?hash=AKSEMU%llu",
                 ak_kstore_kube_id(r->ks), key, (unsigned long long)0);
        json_object_set_new(paths, key, json_pack("{s:s}", "serverRelativeURL", url));
    }
    kapi_json(r, 200, json_pack("{s:o}", "paths", paths));
}

static void openapi_gv(struct kreq *r, const char *group)
{
    json_t *paths = json_object();
    for (int k = 0; k < AK_KIND_COUNT; k++) {
        const struct ak_kind_info *ki = ak_kind(k);
        if (strcmp(ki->group, group) != 0)
            continue;
        char p[256];
        const char *base = *group ? "/apis/" : "/api/";
        if (ki->namespaced)
            snprintf(p, sizeof(p), "%s%s%sv1/namespaces/{namespace}/%s/{name}", base, group,
                     *group ? "/" : "", ki->resource);
        else
            snprintf(p, sizeof(p), "%s%s%sv1/%s/{name}", base, group, *group ? "/" : "", ki->resource);
        json_t *op = json_pack("{s:{s:s,s:s,s:s},s:[{s:s,s:s,s:{s:s}}],s:{}}",
                               "x-kubernetes-group-version-kind", "group", group, "version", "v1",
                               "kind", ki->name, "parameters", "name", "fieldValidation", "in",
                               "query", "schema", "type", "string", "responses");
        json_object_set_new(paths, p, json_pack("{s:o}", "patch", op));
    }
    char ver[40];
    snprintf(ver, sizeof(ver), "v%s", cluster_version(r));
    kapi_json(r, 200, json_pack("{s:s,s:{s:s,s:s},s:o,s:{s:{}}}", "openapi", "3.0.0", "info", "title",
                                "Kubernetes", "version", ver, "paths", paths, "components",
                                "schemas"));
}

/* ------------------------------------------------------------------ routing */

static bool authorized(struct kreq *r, struct ak_cluster *cl)
{
    const char *h = ak_http_header(r->req, "Authorization");
    if (!h || !ak_istarts_with(h, "Bearer "))
        return false;
    const char *tok = h + 7;
    while (*tok == ' ')
        tok++;
    if (strcmp(tok, cl->admin_token) == 0) {
        r->admin = true;
        return true;
    }
    return strcmp(tok, cl->user_token) == 0;
}

void ak_kapi_set_open(struct ak_kapi *api, bool open)
{
    api->open = open;
}

static bool seg_is(const struct kreq *r, int i, const char *s)
{
    return i < r->nseg && strcmp(r->seg[i], s) == 0;
}

/* The cluster whose token the request carries (NULL: none). */
static struct ak_cluster *cluster_of_token(struct ak_kapi *api, struct ak_http_req *req)
{
    const char *h = ak_http_header(req, "Authorization");
    if (!h || !ak_istarts_with(h, "Bearer "))
        return NULL;
    const char *tok = h + 7;
    while (*tok == ' ')
        tok++;
    if (!*tok)
        return NULL;
    struct ak_state *st = ak_kworld_state(api->world);
    for (size_t i = 0; i < ak_state_rg_count(st); i++) {
        struct ak_rg *rg = ak_state_rg_at(st, i);
        for (size_t j = 0; j < rg->nclusters; j++) {
            struct ak_cluster *cl = rg->clusters[j];
            if (strcmp(tok, cl->admin_token) == 0 || strcmp(tok, cl->user_token) == 0)
                return cl;
        }
    }
    return NULL;
}

bool ak_kapi_claims(struct ak_kapi *api, struct ak_http_req *req)
{
    const char *p = ak_http_path(req);
    bool kube = strcmp(p, "/api") == 0 || strncmp(p, "/api/", 5) == 0 || strcmp(p, "/apis") == 0 ||
                strncmp(p, "/apis/", 6) == 0;
    return kube && cluster_of_token(api, req) != NULL;
}

void ak_kapi_handle(struct ak_kapi *api, struct ak_http_req *req, struct ak_http_resp *resp)
{
    struct kreq r;
    memset(&r, 0, sizeof(r));
    r.api = api;
    r.req = req;
    r.resp = resp;
    r.method = ak_http_method(req);
    const char *full = ak_http_path(req);
    char *copy;
    char *save = NULL;
    char *id;
    if (strncmp(full, "/k8s/", 5) == 0) {
        copy = ak_xstrdup(full + 5);
        id = strtok_r(copy, "/", &save);
    } else {
        /* an absolute path (kubectl get --raw drops the server's path): the token's cluster */
        struct ak_cluster *tc = cluster_of_token(api, req);
        size_t n = strlen(full) + 24;
        copy = ak_xmalloc(n);
        snprintf(copy, n, "%s%s", tc ? tc->kube_id : "-", full);
        id = strtok_r(copy, "/", &save);
    }
    for (char *t = strtok_r(NULL, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (r.nseg == KAPI_MAX_SEGS) {
            kapi_status(&r, 404, "NotFound", NULL, "the server could not find the requested resource");
            goto out;
        }
        r.seg[r.nseg++] = t;
    }
    struct ak_cluster *cl = id ? ak_state_cluster_by_kube_id(ak_kworld_state(api->world), id) : NULL;
    r.kc = id ? ak_kworld_cluster(api->world, id) : NULL;
    if (!cl || !r.kc) {
        kapi_status(&r, 404, "NotFound", NULL,
                    "the server could not find the requested resource: no emulated cluster "
                    "answers at /k8s/%s (is the cluster deleted, or still being created?)",
                    id ? id : "");
        goto out;
    }
    r.ks = r.kc->ks;
    bool ok = authorized(&r, cl);
    if (!ok && api->open) /* --auth none */
        ok = r.admin = true;
    if (!ok) {
        kapi_status(&r, 401, "Unauthorized", NULL, "Unauthorized");
        goto out;
    }
    if (r.nseg == 1 && (seg_is(&r, 0, "healthz") || seg_is(&r, 0, "livez") || seg_is(&r, 0, "readyz"))) {
        kapi_raw(&r, 200, "text/plain; charset=utf-8", "ok", 2);
        goto out;
    }
    if (r.nseg == 1 && seg_is(&r, 0, "version")) {
        version(&r);
        goto out;
    }
    if (r.nseg >= 1 && seg_is(&r, 0, "openapi")) {
        if (r.nseg == 2 && seg_is(&r, 1, "v3"))
            openapi_root(&r);
        else if (r.nseg == 4 && seg_is(&r, 1, "v3") && seg_is(&r, 2, "api") && seg_is(&r, 3, "v1"))
            openapi_gv(&r, "");
        else if (r.nseg == 5 && seg_is(&r, 1, "v3") && seg_is(&r, 2, "apis") && group_known(r.seg[3]) &&
                 seg_is(&r, 4, "v1"))
            openapi_gv(&r, r.seg[3]);
        else
            kapi_status(&r, 404, "NotFound", NULL, "the server could not find the requested resource");
        goto out;
    }
    if (seg_is(&r, 0, "api")) {
        if (r.nseg == 1) {
            discovery_root(&r, true);
            goto out;
        }
        if (!seg_is(&r, 1, "v1")) {
            kapi_status(&r, 404, "NotFound", NULL, "the server could not find the requested resource");
            goto out;
        }
        if (r.nseg == 2) {
            resource_list(&r, "");
            goto out;
        }
        kapi_resource(&r);
        goto out;
    }
    if (seg_is(&r, 0, "apis")) {
        if (r.nseg == 1) {
            discovery_root(&r, false);
            goto out;
        }
        if (!group_known(r.seg[1])) {
            kapi_status(&r, 404, "NotFound", NULL, "the server could not find the requested resource");
            goto out;
        }
        if (r.nseg == 2) {
            api_group(&r, r.seg[1]);
            goto out;
        }
        if (!seg_is(&r, 2, "v1")) {
            kapi_status(&r, 404, "NotFound", NULL, "the server could not find the requested resource");
            goto out;
        }
        if (r.nseg == 3) {
            resource_list(&r, r.seg[1]);
            goto out;
        }
        kapi_resource(&r);
        goto out;
    }
    kapi_status(&r, 404, "NotFound", NULL, "the server could not find the requested resource");
out:
    free(copy);
}
