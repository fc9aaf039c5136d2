/* ak_arm_aks.c - Microsoft.ContainerService: managedClusters, agentPools, their long-running
 * operations, credentials, upgrade profiles and version lists. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_arm_int.h"
#include "../../core/ak_caprofile.h"
#include "../../core/ak_catalog.h"
#include "../../core/ak_node.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_base64.h"
#include "../../util/ak_log.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_banned.h"

#define PENDING_URL "https://aka.ms/aks-pending-operation"

/* ------------------------------------------------------------------ helpers */

static void method_not_allowed(struct arm_ctx *c)
{
    arm_error(c, 405, "MethodNotAllowed", "The requested resource does not support http method '%s'.",
              c->method);
}

static void cluster_not_found(struct arm_ctx *c, const char *rg, const char *name)
{
    arm_error(c, 404, "ResourceNotFound",
              "The Resource 'Microsoft.ContainerService/managedClusters/%s' under resource group "
              "'%s' was not found. For more details please go to "
              "https://aka.ms/ARMResourceNotFoundFix",
              name, rg);
}

static bool is(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

static int default_max_pods(const struct ak_cluster *cl)
{
    json_t *np = cl->props ? json_object_get(cl->props, "networkProfile") : NULL;
    const char *plugin = ak_json_str(np, "networkPlugin");
    const char *mode = ak_json_str(np, "networkPluginMode");
    if (ak_strieq(plugin, "azure"))
        return ak_strieq(mode, "overlay") ? 250 : 30;
    return 110;
}

static void pool_ctx(const struct ak_cluster *cl, const struct ak_pool *except,
                     struct ak_pool_ctx *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->cluster_version = cl->k8s_version;
    ak_state_cluster_counts(cl, except, &ctx->other_pools, &ctx->other_system_pools,
                            &ctx->other_nodes);
    ctx->default_max_pods = default_max_pods(cl);
}

/* The cluster or one of its pools is mid-operation: answer 409 and return true. */
static bool cluster_busy(struct arm_ctx *c, const struct ak_cluster *cl)
{
    if (is(cl->prov_state, "Deleting")) {
        arm_error(c, 409, "OperationNotAllowed",
                  "Operation is not allowed: managed cluster '%s' is being deleted. See %s for "
                  "more details",
                  cl->name, PENDING_URL);
        return true;
    }
    if (cl->op_id) {
        arm_error(c, 409, "OperationNotAllowed",
                  "Operation is not allowed because there's an in progress %s managed cluster "
                  "operation on '%s'. Please wait for it to finish before starting a new "
                  "operation. See %s for more details",
                  is(cl->prov_state, "Creating") ? "create" : "update", cl->name, PENDING_URL);
        return true;
    }
    return false;
}

static bool pool_busy(struct arm_ctx *c, const struct ak_pool *p, const char *what)
{
    if (is(p->prov_state, "Deleting")) {
        arm_error(c, 409, "OperationNotAllowed",
                  "Unable to perform '%s' operation on '%s' since deletion was issued on '%s'. "
                  "Please wait for the deletion to finish. See %s for more details",
                  what, p->name, p->name, PENDING_URL);
        return true;
    }
    if (p->op_id) {
        arm_error(c, 409, "OperationNotAllowed",
                  "Operation is not allowed: Another agentpool operation (%s) is in progress, "
                  "please wait for it to finish before starting a new operation. See %s for more "
                  "details",
                  p->prov_state, PENDING_URL);
        return true;
    }
    return false;
}

static void set_prov(char *dst, size_t n, const char *v)
{
    snprintf(dst, n, "%s", v);
}
#define SETP(f, v) set_prov((f), sizeof(f), (v))

/* Installs the effective spec on the pool and resizes its instances. Takes eff's contents
 * and the extra reference. */
static void pool_apply(struct ak_state *st, struct ak_pool *p, struct ak_pool_spec *eff,
                       json_t *extra, const char *prov, const struct ak_op *op)
{
    ak_pool_spec_release(&p->spec);
    p->spec = *eff;
    memset(eff, 0, sizeof(*eff));
    json_decref(p->extra);
    p->extra = extra;
    SETP(p->prov_state, prov);
    free(p->op_id);
    p->op_id = ak_xstrdup(op->id);
    ak_state_pool_resize(st, p, p->spec.count);
    ak_state_touch(st, AK_K_POOL, p);
}

static void mark_instances_deleting(struct ak_state *st, struct ak_pool *p)
{
    for (size_t i = 0; i < p->ninst; i++) {
        if (!is(p->inst[i]->prov_state, "Deleting")) {
            SETP(p->inst[i]->prov_state, "Deleting");
            ak_state_touch(st, AK_K_INST, p->inst[i]);
        }
    }
}

/* Cancels the operation that `current` names, because `why` supersedes it. */
static void preempt(struct ak_state *st, char **current, const char *why)
{
    if (!*current)
        return;
    struct ak_op *old = ak_state_op(st, *current);
    if (old && is(old->status, "InProgress"))
        ak_state_op_finish(st, old, "Canceled", "OperationPreempted", why);
    ak_free_ptr(current);
}

/* ------------------------------------------------------------------ agent pools */

static void pool_get(struct arm_ctx *c, struct ak_cluster *cl, const char *name)
{
    struct ak_pool *p = ak_state_pool(cl, name);
    if (!p) {
        arm_error(c, 404, "NotFound", "Agent Pool '%s' not found", name);
        return;
    }
    arm_json(c, 200, arm_render_pool(p, false));
}

static void pool_put(struct arm_ctx *c, struct ak_cluster *cl, const char *name)
{
    struct ak_err err;
    ak_err_clear(&err);
    if (cluster_busy(c, cl))
        return;
    json_t *body = arm_body_object(c, false);
    if (!body)
        return;
    /* the name rule applies before anything else, as in AKS: the name in the URL must be
     * valid even when it matches an existing pool case-insensitively */
    json_t *bprops = ak_json_get_ci(body, "properties");
    bool windows = ak_strieq(ak_json_str(bprops, "osType"), "Windows");
    if (ak_pool_check_name(name, windows, &err) != 0) {
        arm_error_err(c, &err);
        json_decref(body);
        return;
    }
    struct ak_pool *p = ak_state_pool(cl, name);
    json_t *props = bprops;
    struct ak_pool_spec req, eff;
    ak_pool_spec_init(&req);
    ak_pool_spec_init(&eff);
    json_t *extra = NULL;
    if (ak_codec_pool_spec_decode(props, &req, &extra, &err) != 0) {
        arm_error_err(c, &err);
        goto out;
    }
    req.name = ak_xstrdup(p ? p->name : name);
    if (p && pool_busy(c, p, "Updating"))
        goto out;
    struct ak_pool_ctx ctx;
    pool_ctx(cl, p, &ctx);
    if (ak_pool_validate(&req, p ? &p->spec : NULL, &ctx, &eff, &err) != 0) {
        arm_error_err(c, &err);
        goto out;
    }
    int status;
    const char *prov;
    if (!p) {
        p = ak_state_pool_create(c->st, cl, name);
        status = 201;
        prov = "Creating";
    } else {
        status = 200;
        prov = eff.count != p->spec.count ? "Scaling" : "Updating";
    }
    struct ak_op *op = ak_state_op_start(c->st, status == 201 ? "pool.create" : "pool.update", p->id,
                                         cl->location, c->arm->provision_ms);
    pool_apply(c->st, p, &eff, extra, prov, op);
    extra = NULL;
    if (p->fault.slow_ms > 0) /* injected: instances take longer to come up */
        for (size_t i = 0; i < p->ninst; i++)
            if (is(p->inst[i]->prov_state, "Creating") || is(p->inst[i]->power, "starting")) {
                ak_state_op_delay(c->st, op, p->fault.slow_ms);
                break;
            }
    if (!arm_commit(c))
        goto out;
    ak_log(AK_LOG_INFO, "arm", "agent pool %s: %s (count %d, %s)", p->id, prov, p->spec.count,
           p->spec.vm_size);
    arm_lro_headers(c, op, false);
    arm_json(c, status, arm_render_pool(p, false));
out:
    json_decref(extra);
    ak_pool_spec_release(&req);
    ak_pool_spec_release(&eff);
    json_decref(body);
}

static void pool_delete(struct arm_ctx *c, struct ak_cluster *cl, const char *name)
{
    struct ak_pool *p = ak_state_pool(cl, name);
    if (!p) {
        arm_empty(c, 204);
        return;
    }
    struct ak_op *op = NULL;
    if (is(p->prov_state, "Deleting") && p->op_id)
        op = ak_state_op(c->st, p->op_id);
    if (!op) {
        if (cluster_busy(c, cl))
            return;
        struct ak_pool_ctx ctx;
        pool_ctx(cl, p, &ctx);
        struct ak_err err;
        if (ak_pool_check_delete(&p->spec, &ctx, &err) != 0) {
            arm_error_err(c, &err);
            return;
        }
        char why[256];
        snprintf(why, sizeof(why), "Agent pool '%s' is being deleted.", p->name);
        preempt(c->st, &p->op_id, why);
        op = ak_state_op_start(c->st, "pool.delete", p->id, cl->location, c->arm->provision_ms);
        SETP(p->prov_state, "Deleting");
        p->op_id = ak_xstrdup(op->id);
        mark_instances_deleting(c->st, p);
        ak_state_touch(c->st, AK_K_POOL, p);
        if (!arm_commit(c))
            return;
        ak_log(AK_LOG_INFO, "arm", "agent pool %s: Deleting", p->id);
    }
    arm_lro_headers(c, op, true);
    arm_empty(c, 202);
}

static void pool_list(struct arm_ctx *c, struct ak_cluster *cl)
{
    json_t *v = json_array();
    for (size_t i = 0; i < cl->npools; i++)
        json_array_append_new(v, arm_render_pool(cl->pools[i], false));
    json_t *o = json_object();
    json_object_set_new(o, "value", v);
    arm_json(c, 200, o);
}

static json_t *upgrades_for(const char *current, int max_minor_ahead, const char *cap)
{
    int a, b, pa;
    json_t *ups = json_array();
    if (ak_k8s_parse(current, &a, &b, &pa) != 0)
        return ups;
    int ca = 0, cb = 0, cpa = 0;
    if (cap)
        ak_k8s_parse(cap, &ca, &cb, &cpa);
    for (size_t i = 0; i < ak_k8s_version_count(); i++) {
        const struct ak_k8s_version *v = ak_k8s_version_at(i);
        int x, y, z;
        ak_k8s_parse(v->version, &x, &y, &z);
        bool newer = x == a && (y > b || (y == b && z > pa));
        if (!newer || y - b > max_minor_ahead)
            continue;
        if (cap && (y > cb || (y == cb && z > cpa)))
            continue;
        json_array_append_new(ups, json_pack("{s:s,s:b}", "kubernetesVersion", v->version,
                                             "isPreview", v->is_preview));
    }
    return ups;
}

static void pool_upgrade_profile(struct arm_ctx *c, struct ak_cluster *cl, const char *name)
{
    struct ak_pool *p = ak_state_pool(cl, name);
    if (!p) {
        arm_error(c, 404, "NotFound", "Agent Pool '%s' not found", name);
        return;
    }
    json_t *o = json_object();
    char *id = ak_xasprintf("%s/upgradeProfiles/default", p->id);
    ak_json_set_str(o, "id", id);
    free(id);
    ak_json_set_str(o, "name", "default");
    ak_json_set_str(o, "type", "Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles");
    json_t *pr = json_object();
    ak_json_set_str(pr, "kubernetesVersion", p->spec.orchestrator_version);
    ak_json_set_str(pr, "osType", p->spec.os_type);
    json_object_set_new(pr, "upgrades", upgrades_for(p->spec.orchestrator_version, 9, cl->k8s_version));
    ak_json_set_str(pr, "latestNodeImageVersion", ak_node_image_version());
    json_object_set_new(o, "properties", pr);
    arm_json(c, 200, o);
}

/* ------------------------------------------------------------------ managed clusters */

static bool cluster_name_ok(const char *n)
{
    size_t len = strlen(n);
    if (len < 1 || len > 63 || !isalnum((unsigned char)n[0]) || !isalnum((unsigned char)n[len - 1]))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!(isalnum((unsigned char)n[i]) || n[i] == '-' || n[i] == '_'))
            return false;
    return true;
}

static bool dns_prefix_ok(const char *n)
{
    size_t len = strlen(n);
    if (len < 1 || len > 54 || !isalnum((unsigned char)n[0]) || !isalnum((unsigned char)n[len - 1]))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!(isalnum((unsigned char)n[i]) || n[i] == '-'))
            return false;
    return true;
}

/* Cluster properties that the server computes or models itself. */
static bool computed_prop(const char *k)
{
    static const char *const names[] = {
        "provisioningState", "powerState", "kubernetesVersion", "currentKubernetesVersion",
        "dnsPrefix", "fqdn", "azurePortalFQDN", "privateFQDN", "agentPoolProfiles",
        "nodeResourceGroup", "maxAgentPools", "identityProfile",
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(names); i++)
        if (strcasecmp(k, names[i]) == 0)
            return true;
    return false;
}

static json_t *passthrough_props(const json_t *props)
{
    json_t *o = json_object();
    if (!json_is_object(props))
        return o;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)props, k, v)
    {
        if (!computed_prop(k) && !json_is_null(v))
            json_object_set(o, k, v);
    }
    /* server defaults that az prints */
    json_t *np = json_object_get(o, "networkProfile");
    if (!json_is_object(np)) {
        np = json_object();
        json_object_set_new(o, "networkProfile", np);
    }
    if (!ak_json_str(np, "networkPlugin"))
        ak_json_set_str(np, "networkPlugin", "kubenet");
    if (ak_strieq(ak_json_str(np, "networkPlugin"), "kubenet") && !ak_json_str(np, "podCidr"))
        ak_json_set_str(np, "podCidr", "10.244.0.0/16");
    if (ak_strieq(ak_json_str(np, "networkPluginMode"), "overlay") && !ak_json_str(np, "podCidr"))
        ak_json_set_str(np, "podCidr", "10.244.0.0/16");
    if (!ak_json_str(np, "serviceCidr"))
        ak_json_set_str(np, "serviceCidr", "10.0.0.0/16");
    if (!ak_json_str(np, "dnsServiceIP"))
        ak_json_set_str(np, "dnsServiceIP", "10.0.0.10");
    if (!ak_json_str(np, "outboundType"))
        ak_json_set_str(np, "outboundType", "loadBalancer");
    if (!ak_json_str(np, "loadBalancerSku"))
        ak_json_set_str(np, "loadBalancerSku", "standard");
    if (!json_object_get(o, "enableRBAC"))
        json_object_set_new(o, "enableRBAC", json_true());
    if (!json_object_get(o, "addonProfiles"))
        json_object_set_new(o, "addonProfiles", json_object());
    return o;
}

struct profile {
    char *name;
    struct ak_pool_spec req, eff;
    json_t *extra;
    struct ak_pool *existing;
};

static void profiles_release(struct profile *pr, size_t n)
{
    for (size_t i = 0; pr && i < n; i++) {
        free(pr[i].name);
        ak_pool_spec_release(&pr[i].req);
        ak_pool_spec_release(&pr[i].eff);
        json_decref(pr[i].extra);
    }
    free(pr);
}

static int version_cmp(const char *x, const char *y)
{
    int a1, b1, c1, a2, b2, c2;
    ak_k8s_parse(x, &a1, &b1, &c1);
    ak_k8s_parse(y, &a2, &b2, &c2);
    if (a1 != a2)
        return a1 < a2 ? -1 : 1;
    if (b1 != b2)
        return b1 < b2 ? -1 : 1;
    if (c1 != c2)
        return c1 < c2 ? -1 : 1;
    return 0;
}

static void cluster_put(struct arm_ctx *c, const char *rgname, const char *name)
{
    struct ak_rg *rg = ak_state_rg(c->st, c->seg[1], rgname);
    if (!rg) {
        arm_error(c, 404, "ResourceGroupNotFound", "Resource group '%s' could not be found.", rgname);
        return;
    }
    if (is(rg->prov_state, "Deleting")) {
        arm_error(c, 409, "ResourceGroupBeingDeleted",
                  "The resource group '%s' is in deprovisioning state and cannot perform this "
                  "operation.",
                  rg->name);
        return;
    }
    if (!cluster_name_ok(name)) {
        arm_error(c, 400, "InvalidParameter",
                  "The value of parameter managedCluster.name is invalid. Error details: '%s' must "
                  "be 1-63 characters of letters, digits, '-' and '_', starting and ending with a "
                  "letter or digit. Please see https://aka.ms/aks-naming-rules for more details.",
                  name);
        return;
    }
    json_t *body = arm_body_object(c, false);
    if (!body)
        return;
    struct profile *prof = NULL;
    size_t nprof = 0;
    json_t *props = ak_json_get_ci(body, "properties");
    if (props && !json_is_null(props) && !json_is_object(props)) {
        arm_error(c, 400, "InvalidRequestContent",
                  "The request content was invalid and could not be deserialized: 'properties' "
                  "must be an object.");
        goto out;
    }
    json_t *asp = ak_json_get_ci(props, "autoScalerProfile");
    if (asp && !json_is_null(asp)) {
        struct ak_err perr;
        ak_err_clear(&perr);
        if (!json_is_object(asp)) {
            arm_error(c, 400, "InvalidRequestContent",
                      "The request content was invalid and could not be deserialized: "
                      "'properties.autoScalerProfile' must be an object.");
            goto out;
        }
        struct ak_ca_profile prof_ca;
        ak_ca_profile_init(&prof_ca);
        const char *k;
        json_t *v;
        json_object_foreach(asp, k, v)
        {
            if (json_is_null(v))
                continue;
            if (ak_ca_profile_set(&prof_ca, k, json_is_string(v) ? json_string_value(v) : NULL, &perr) != 0) {
                arm_error_err(c, &perr);
                goto out;
            }
        }
    }
    const char *loc = ak_json_str(body, "location");
    char norm[64] = "";
    if (!loc || !*loc) {
        arm_error(c, 400, "LocationRequired", "The location property is required for this definition.");
        goto out;
    }
    ak_region_normalize(loc, norm, sizeof(norm));
    if (!ak_region_valid(norm)) {
        arm_error(c, 400, "LocationNotAvailableForResourceType",
                  "The provided location '%s' is not available for resource type "
                  "'Microsoft.ContainerService/managedClusters'.",
                  loc);
        goto out;
    }
    json_t *tags = ak_json_get_ci(body, "tags");
    if (tags && !json_is_null(tags) && !json_is_object(tags)) {
        arm_error(c, 400, "InvalidRequestContent",
                  "The request content was invalid and could not be deserialized: 'tags' must be "
                  "an object.");
        goto out;
    }
    json_t *sku = ak_json_get_ci(body, "sku");
    if (sku && json_is_object(sku)) {
        const char *tier = ak_json_str(sku, "tier");
        if (tier && !(is(tier, "Free") || is(tier, "Standard") || is(tier, "Premium") ||
                      is(tier, "Paid"))) {
            arm_error(c, 400, "InvalidParameter",
                      "The value of parameter sku.tier is invalid. Error details: '%s' is not one "
                      "of Free, Standard, Premium.",
                      tier);
            goto out;
        }
    }
    struct ak_cluster *cl = ak_state_cluster(c->st, c->seg[1], rgname, name);
    if (cl) {
        if (cluster_busy(c, cl))
            goto out;
        for (size_t i = 0; i < cl->npools; i++)
            if (pool_busy(c, cl->pools[i], "Updating"))
                goto out;
        if (!ak_strieq(cl->location, norm)) {
            arm_error(c, 400, "PropertyChangeNotAllowed",
                      "Changing property 'location' is not allowed: managed cluster '%s' is in "
                      "'%s'.",
                      cl->name, cl->location);
            goto out;
        }
    }
    /* Kubernetes version */
    const char *kv_req = ak_json_str(props, "kubernetesVersion");
    const char *kv = (!kv_req || !*kv_req) && cl ? cl->k8s_version : ak_k8s_resolve(kv_req);
    if (!kv) {
        arm_error(c, 400, "K8sVersionNotSupported",
                  "Version %s is not supported in this region. Please use [az aks get-versions] "
                  "command to get the supported version list in this region. For more "
                  "information, please check https://aka.ms/supported-version-list",
                  kv_req);
        goto out;
    }
    if (cl && version_cmp(kv, cl->k8s_version) != 0) {
        int a1, b1, c1, a2, b2, c2;
        ak_k8s_parse(cl->k8s_version, &a1, &b1, &c1);
        ak_k8s_parse(kv, &a2, &b2, &c2);
        if (version_cmp(kv, cl->k8s_version) < 0) {
            arm_error(c, 400, "OperationNotAllowed",
                      "Downgrading the Kubernetes version of managed cluster '%s' from %s to %s "
                      "is not allowed.",
                      cl->name, cl->k8s_version, kv);
            goto out;
        }
        if (b2 - b1 > 1) {
            arm_error(c, 400, "OperationNotAllowed",
                      "Upgrading Kubernetes version %s to %s is not allowed: minor versions "
                      "cannot be skipped. Upgrade to %d.%d first.",
                      cl->k8s_version, kv, a1, b1 + 1);
            goto out;
        }
    }
    /* DNS prefix */
    const char *dns = ak_json_str(props, "dnsPrefix");
    char dns_default[80];
    if (cl) {
        if (dns && !ak_strieq(dns, cl->dns_prefix)) {
            arm_error(c, 400, "PropertyChangeNotAllowed",
                      "Changing property 'dnsPrefix' is not allowed: it is '%s'.", cl->dns_prefix);
            goto out;
        }
    } else if (!dns || !*dns) {
        snprintf(dns_default, sizeof(dns_default), "%.10s-%.16s-%.6s", name, rgname, c->seg[1]);
        for (char *q = dns_default; *q; q++)
            if (!isalnum((unsigned char)*q))
                *q = '-';
        dns = dns_default;
    }
    if (!cl && !dns_prefix_ok(dns)) {
        arm_error(c, 400, "InvalidDnsPrefix",
                  "DNS prefix '%s' is invalid. It must contain between 1 and 54 characters, only "
                  "alphanumerics and hyphens, and start and end with an alphanumeric.",
                  dns);
        goto out;
    }
    /* node resource group */
    const char *nrg_req = ak_json_str(props, "nodeResourceGroup");
    char nrg[256];
    if (cl) {
        if (nrg_req && *nrg_req && !ak_strieq(nrg_req, cl->node_rg)) {
            arm_error(c, 400, "PropertyChangeNotAllowed",
                      "Changing property 'nodeResourceGroup' is not allowed: it is '%s'.",
                      cl->node_rg);
            goto out;
        }
    } else {
        if (nrg_req && *nrg_req)
            snprintf(nrg, sizeof(nrg), "%s", nrg_req);
        else
            snprintf(nrg, sizeof(nrg), "MC_%s_%s_%s", rg->name, name, norm);
        if (strlen(nrg) > 80) {
            arm_error(c, 400, "InvalidParameter",
                      "The value of parameter nodeResourceGroup is invalid. Error details: '%s' "
                      "is longer than 80 characters; pass a shorter nodeResourceGroup.",
                      nrg);
            goto out;
        }
        if (ak_state_rg(c->st, c->seg[1], nrg)) {
            arm_error(c, 400, "InvalidParameter",
                      "The value of parameter nodeResourceGroup is invalid. Error details: the "
                      "resource group '%s' already exists; AKS creates the node resource group "
                      "itself.",
                      nrg);
            goto out;
        }
    }
    /* agent pool profiles */
    json_t *apps = ak_json_get_ci(props, "agentPoolProfiles");
    if (apps && !json_is_null(apps) && !json_is_array(apps)) {
        arm_error(c, 400, "InvalidRequestContent",
                  "The request content was invalid and could not be deserialized: "
                  "'properties.agentPoolProfiles' must be an array.");
        goto out;
    }
    nprof = apps ? json_array_size(apps) : 0;
    if (!cl && nprof == 0) {
        arm_error(c, 400, "InvalidParameter",
                  "The value of parameter agentPoolProfiles is invalid. Error details: a managed "
                  "cluster needs at least one agent pool, and one of them must be a System pool.");
        goto out;
    }
    if (!cl && nprof > AK_MAX_POOLS_PER_CLUSTER) {
        arm_error(c, 400, "OperationNotAllowed",
                  "The cluster would have %zu node pools; the maximum AKS allows per cluster is %d.",
                  nprof, AK_MAX_POOLS_PER_CLUSTER);
        goto out;
    }
    prof = ak_xcalloc(nprof ? nprof : 1, sizeof(*prof));
    struct ak_err err;
    ak_err_clear(&err);
    int creating = 0, system = 0, nodes = 0;
    for (size_t i = 0; i < nprof; i++) {
        json_t *pj = json_array_get(apps, i);
        struct profile *pr = &prof[i];
        const char *pname = ak_json_str(pj, "name");
        if (!json_is_object(pj) || !pname) {
            arm_error(c, 400, "InvalidParameter",
                      "The value of parameter agentPoolProfile.name is invalid. Error details: "
                      "every agent pool profile needs a name.");
            goto out;
        }
        for (size_t j = 0; j < i; j++)
            if (ak_strieq(prof[j].name, pname)) {
                arm_error(c, 400, "InvalidParameter",
                          "The value of parameter agentPoolProfiles is invalid. Error details: "
                          "agent pool name '%s' appears more than once.",
                          pname);
                goto out;
            }
        pr->name = ak_xstrdup(pname);
        if (ak_codec_pool_spec_decode(pj, &pr->req, &pr->extra, &err) != 0) {
            arm_error_err(c, &err);
            goto out;
        }
        pr->existing = cl ? ak_state_pool(cl, pname) : NULL;
        pr->req.name = ak_xstrdup(pr->existing ? pr->existing->name : pname);
        struct ak_pool_ctx ctx;
        if (cl) {
            pool_ctx(cl, pr->existing, &ctx);
            ctx.cluster_version = kv;
        } else {
            memset(&ctx, 0, sizeof(ctx));
            ctx.cluster_version = kv;
            ctx.in_cluster_create = true;
            ctx.other_pools = (int)i;
            ctx.other_system_pools = system;
            ctx.other_nodes = nodes;
            json_t *np = ak_json_get_ci(props, "networkProfile");
            const char *plugin = ak_json_str(np, "networkPlugin");
            ctx.default_max_pods =
                ak_strieq(plugin, "azure")
                    ? (ak_strieq(ak_json_str(np, "networkPluginMode"), "overlay") ? 250 : 30)
                    : 110;
        }
        if (ak_pool_check_name(pr->req.name, ak_strieq(pr->req.os_type, "Windows"), &err) != 0 ||
            ak_pool_validate(&pr->req, pr->existing ? &pr->existing->spec : NULL, &ctx, &pr->eff,
                             &err) != 0) {
            arm_error_err(c, &err);
            goto out;
        }
        if (!pr->existing)
            creating++;
        if (ak_pool_is_system(&pr->eff))
            system++;
        nodes += pr->eff.count;
    }
    if (!cl && system == 0) {
        arm_error(c, 400, "MustDefineAtLeastOneSystemPool", "Must define at least one system pool.");
        goto out;
    }
    if (!cl && nodes > AK_MAX_NODES_PER_CLUSTER) {
        arm_error(c, 400, "OperationNotAllowed",
                  "The agent pools ask for %d nodes; AKS supports at most %d nodes per cluster.",
                  nodes, AK_MAX_NODES_PER_CLUSTER);
        goto out;
    }
    if ((cl ? cl->npools : 0) + (size_t)creating > AK_MAX_POOLS_PER_CLUSTER) {
        arm_error(c, 400, "OperationNotAllowed",
                  "The cluster would have %zu node pools; the maximum AKS allows per cluster is %d.",
                  (cl ? cl->npools : 0) + (size_t)creating, AK_MAX_POOLS_PER_CLUSTER);
        goto out;
    }

    /* apply */
    int status = cl ? 200 : 201;
    if (!cl) {
        cl = ak_state_cluster_create(c->st, rg, name, norm);
        cl->node_rg = ak_xstrdup(nrg);
        cl->dns_prefix = ak_xstrdup(dns);
        char hex[9];
        ak_rand_hex(ak_state_rand(c->st), hex, 8);
        char low[80];
        snprintf(low, sizeof(low), "%s", dns);
        ak_lower_inplace(low);
        cl->fqdn = ak_xasprintf("%s-%s.hcp.%s.azmk8s.io", low, hex, norm);
        cl->portal_fqdn = ak_xasprintf("%s-%s.portal.hcp.%s.azmk8s.io", low, hex, norm);
        struct ak_rg *node_rg = ak_state_rg_create(c->st, rg->sub, nrg, norm);
        node_rg->managed_by = ak_xstrdup(cl->id);
        node_rg->tags = json_pack("{s:s,s:s}", "aks-managed-cluster-name", name,
                                  "aks-managed-cluster-rg", rg->name);
        SETP(cl->prov_state, "Creating");
    } else {
        SETP(cl->prov_state, "Updating");
    }
    free(cl->k8s_version);
    cl->k8s_version = ak_xstrdup(kv);
    json_decref(cl->tags);
    cl->tags = tags && !json_is_null(tags) ? json_deep_copy(tags) : NULL;
    json_decref(cl->props);
    cl->props = passthrough_props(props);
    json_t *ident = ak_json_get_ci(body, "identity");
    json_decref(cl->identity);
    cl->identity = ident && json_is_object(ident) ? json_deep_copy(ident) : NULL;
    if (sku && json_is_object(sku)) {
        json_decref(cl->sku);
        cl->sku = json_deep_copy(sku);
    }
    struct ak_op *op = ak_state_op_start(c->st, status == 201 ? "cluster.create" : "cluster.update",
                                         cl->id, norm, c->arm->provision_ms);
    free(cl->op_id);
    cl->op_id = ak_xstrdup(op->id);
    for (size_t i = 0; i < nprof; i++) {
        struct profile *pr = &prof[i];
        struct ak_pool *p = pr->existing;
        const char *prov = "Creating";
        if (!p)
            p = ak_state_pool_create(c->st, cl, pr->name);
        else
            prov = pr->eff.count != p->spec.count ? "Scaling" : "Updating";
        pool_apply(c->st, p, &pr->eff, pr->extra, prov, op);
        pr->extra = NULL;
    }
    ak_state_touch(c->st, AK_K_CLUSTER, cl);
    if (!arm_commit(c))
        goto out;
    ak_log(AK_LOG_INFO, "arm", "managed cluster %s: %s (%zu pools)", cl->id, cl->prov_state,
           cl->npools);
    arm_lro_headers(c, op, false);
    arm_json(c, status, arm_render_cluster(c->st, cl));
out:
    profiles_release(prof, nprof);
    json_decref(body);
}

static void cluster_patch(struct arm_ctx *c, struct ak_cluster *cl)
{
    json_t *body = arm_body_object(c, false);
    if (!body)
        return;
    json_t *tags = ak_json_get_ci(body, "tags");
    if (tags && !json_is_null(tags) && !json_is_object(tags)) {
        arm_error(c, 400, "InvalidRequestContent",
                  "The request content was invalid and could not be deserialized: 'tags' must be "
                  "an object.");
    } else if (!cluster_busy(c, cl)) {
        json_decref(cl->tags);
        cl->tags = tags && !json_is_null(tags) ? json_deep_copy(tags) : NULL;
        ak_state_touch(c->st, AK_K_CLUSTER, cl);
        if (arm_commit(c))
            arm_json(c, 200, arm_render_cluster(c->st, cl));
    }
    json_decref(body);
}

static void cluster_delete(struct arm_ctx *c, struct ak_cluster *cl)
{
    struct ak_op *op = NULL;
    if (is(cl->prov_state, "Deleting") && cl->op_id)
        op = ak_state_op(c->st, cl->op_id);
    if (!op) {
        char why[256];
        snprintf(why, sizeof(why), "Managed cluster '%s' is being deleted.", cl->name);
        preempt(c->st, &cl->op_id, why);
        op = ak_state_op_start(c->st, "cluster.delete", cl->id, cl->location, c->arm->provision_ms);
        cl->op_id = ak_xstrdup(op->id);
        SETP(cl->prov_state, "Deleting");
        ak_state_touch(c->st, AK_K_CLUSTER, cl);
        for (size_t i = 0; i < cl->npools; i++) {
            struct ak_pool *p = cl->pools[i];
            preempt(c->st, &p->op_id, why);
            SETP(p->prov_state, "Deleting");
            mark_instances_deleting(c->st, p);
            ak_state_touch(c->st, AK_K_POOL, p);
        }
        if (!arm_commit(c))
            return;
        ak_log(AK_LOG_INFO, "arm", "managed cluster %s: Deleting", cl->id);
    }
    arm_lro_headers(c, op, true);
    arm_empty(c, 202);
}

static void credentials(struct arm_ctx *c, struct ak_cluster *cl, bool admin)
{
    if (admin && json_is_true(json_object_get(cl->props, "disableLocalAccounts"))) {
        arm_error(c, 400, "BadRequest",
                  "Getting static credential is not allowed because this cluster is set to "
                  "disable local accounts.");
        return;
    }
    char *kc = arm_kubeconfig(c, cl, admin);
    char *b64 = ak_base64_encode(kc, strlen(kc));
    json_t *o = json_pack("{s:[{s:s,s:s}]}", "kubeconfigs", "name",
                          admin ? "clusterAdmin" : "clusterUser", "value", b64);
    free(kc);
    free(b64);
    arm_json(c, 200, o);
}

static void cluster_upgrade_profile(struct arm_ctx *c, struct ak_cluster *cl)
{
    json_t *o = json_object();
    char *id = ak_xasprintf("%s/upgradeprofiles/default", cl->id);
    ak_json_set_str(o, "id", id);
    free(id);
    ak_json_set_str(o, "name", "default");
    ak_json_set_str(o, "type", "Microsoft.ContainerService/managedClusters/upgradeprofiles");
    json_t *pr = json_object();
    json_object_set_new(pr, "controlPlaneProfile",
                        json_pack("{s:s,s:n,s:s,s:o}", "kubernetesVersion", cl->k8s_version,
                                  "name", "osType", "Linux", "upgrades",
                                  upgrades_for(cl->k8s_version, 1, NULL)));
    json_t *pools = json_array();
    for (size_t i = 0; i < cl->npools; i++) {
        struct ak_pool *p = cl->pools[i];
        json_array_append_new(pools, json_pack("{s:s,s:s,s:s,s:o}", "kubernetesVersion",
                                               p->spec.orchestrator_version, "name", p->name,
                                               "osType", p->spec.os_type, "upgrades",
                                               upgrades_for(p->spec.orchestrator_version, 1, NULL)));
    }
    json_object_set_new(pr, "agentPoolProfiles", pools);
    json_object_set_new(o, "properties", pr);
    arm_json(c, 200, o);
}

static void available_versions(struct arm_ctx *c, struct ak_cluster *cl)
{
    json_t *v = json_array();
    for (size_t i = 0; i < ak_k8s_version_count(); i++) {
        const struct ak_k8s_version *k = ak_k8s_version_at(i);
        if (version_cmp(k->version, cl->k8s_version) > 0)
            continue;
        json_t *e = json_object();
        if (k->is_default)
            json_object_set_new(e, "default", json_true());
        ak_json_set_str(e, "kubernetesVersion", k->version);
        json_object_set_new(e, "isPreview", json_boolean(k->is_preview));
        json_array_append_new(v, e);
    }
    json_t *o = json_object();
    char *id = ak_xasprintf("%s/availableagentpoolversions", cl->id);
    ak_json_set_str(o, "id", id);
    free(id);
    ak_json_set_str(o, "name", "default");
    ak_json_set_str(o, "type", "Microsoft.ContainerService/managedClusters/availableAgentpoolVersions");
    json_object_set_new(o, "properties", json_pack("{s:o}", "agentPoolVersions", v));
    arm_json(c, 200, o);
}

static void cluster_list(struct arm_ctx *c, const char *rgname)
{
    if (rgname && !ak_state_rg(c->st, c->seg[1], rgname)) {
        arm_error(c, 404, "ResourceGroupNotFound", "Resource group '%s' could not be found.", rgname);
        return;
    }
    json_t *v = json_array();
    for (size_t i = 0; i < ak_state_rg_count(c->st); i++) {
        struct ak_rg *rg = ak_state_rg_at(c->st, i);
        if (!ak_strieq(rg->sub, c->seg[1]) || (rgname && !ak_strieq(rg->name, rgname)))
            continue;
        for (size_t j = 0; j < rg->nclusters; j++)
            json_array_append_new(v, arm_render_cluster(c->st, rg->clusters[j]));
    }
    json_t *o = json_object();
    json_object_set_new(o, "value", v);
    arm_json(c, 200, o);
}

/* ------------------------------------------------------------------ operations and versions */

static void operation_status(struct arm_ctx *c, const char *id, bool results)
{
    struct ak_op *op = ak_state_op(c->st, id);
    if (!op) {
        arm_error(c, 404, "NotFound", "The operation '%s' was not found.", id);
        return;
    }
    bool running = is(op->status, "InProgress");
    if (!results) {
        if (running)
            ak_http_resp_header(c->resp, "Retry-After", "1");
        arm_json(c, 200, arm_render_op(op, c->seg[1], "Microsoft.ContainerService"));
        return;
    }
    if (running) {
        arm_lro_headers(c, op, true);
        arm_empty(c, 202);
        return;
    }
    if (!is(op->status, "Succeeded")) {
        arm_error(c, 409, op->err_code ? op->err_code : "OperationFailed", "%s",
                  op->err_msg ? op->err_msg : "The operation did not succeed.");
        return;
    }
    arm_empty(c, 204);
}

static void orchestrators(struct arm_ctx *c, const char *loc)
{
    json_t *list = json_array();
    for (size_t i = 0; i < ak_k8s_version_count(); i++) {
        const struct ak_k8s_version *k = ak_k8s_version_at(i);
        json_t *e = json_object();
        ak_json_set_str(e, "orchestratorType", "Kubernetes");
        ak_json_set_str(e, "orchestratorVersion", k->version);
        if (k->is_default)
            json_object_set_new(e, "default", json_true());
        if (k->is_preview)
            json_object_set_new(e, "isPreview", json_true());
        json_t *ups = upgrades_for(k->version, 1, NULL);
        json_t *u2 = json_array();
        size_t j;
        json_t *u;
        json_array_foreach(ups, j, u)
        {
            json_array_append_new(u2, json_pack("{s:s,s:O}", "orchestratorType", "Kubernetes",
                                                "orchestratorVersion",
                                                json_object_get(u, "kubernetesVersion")));
        }
        json_decref(ups);
        json_object_set_new(e, "upgrades", u2);
        json_array_append_new(list, e);
    }
    json_t *o = json_object();
    char *id = ak_xasprintf("/subscriptions/%s/providers/Microsoft.ContainerService/locations/%s/"
                            "orchestrators",
                            c->seg[1], loc);
    ak_json_set_str(o, "id", id);
    free(id);
    ak_json_set_str(o, "name", "default");
    ak_json_set_str(o, "type", "Microsoft.ContainerService/locations/orchestrators");
    json_object_set_new(o, "properties", json_pack("{s:o}", "orchestrators", list));
    arm_json(c, 200, o);
}

static void kubernetes_versions(struct arm_ctx *c)
{
    json_t *values = json_array();
    for (size_t i = 0; i < ak_k8s_version_count(); i++) {
        const struct ak_k8s_version *k = ak_k8s_version_at(i);
        int a, b, pa;
        ak_k8s_parse(k->version, &a, &b, &pa);
        char minor[16];
        snprintf(minor, sizeof(minor), "%d.%d", a, b);
        json_t *ups = upgrades_for(k->version, 1, NULL);
        json_t *names = json_array();
        size_t j;
        json_t *u;
        json_array_foreach(ups, j, u)
        {
            json_array_append(names, json_object_get(u, "kubernetesVersion"));
        }
        json_decref(ups);
        json_t *patch = json_object();
        json_object_set_new(patch, k->version, json_pack("{s:o}", "upgrades", names));
        json_t *e = json_pack("{s:s,s:b,s:{s:[s]},s:o}", "version", minor, "isPreview",
                              k->is_preview, "capabilities", "supportPlan", "KubernetesOfficial",
                              "patchVersions", patch);
        if (k->is_default)
            json_object_set_new(e, "isDefault", json_true());
        json_array_append_new(values, e);
    }
    arm_json(c, 200, json_pack("{s:o}", "values", values));
}

/* ------------------------------------------------------------------ routing */

void arm_container_service(struct arm_ctx *c, int rg_seg, int prov)
{
    int n = c->nseg;
    const char *m = c->method;
    if (rg_seg < 0) {
        /* /subscriptions/{s}/providers/Microsoft.ContainerService/... */
        if (n == prov + 2 && arm_seg_is(c, prov + 1, "managedclusters")) {
            if (is(m, "GET"))
                cluster_list(c, NULL);
            else
                method_not_allowed(c);
            return;
        }
        if (n == prov + 5 && arm_seg_is(c, prov + 1, "locations") &&
            (arm_seg_is(c, prov + 3, "operations") || arm_seg_is(c, prov + 3, "operationresults"))) {
            if (is(m, "GET"))
                operation_status(c, c->seg[prov + 4], arm_seg_is(c, prov + 3, "operationresults"));
            else
                method_not_allowed(c);
            return;
        }
        if (n == prov + 4 && arm_seg_is(c, prov + 1, "locations") &&
            arm_seg_is(c, prov + 3, "orchestrators")) {
            orchestrators(c, c->seg[prov + 2]);
            return;
        }
        if (n == prov + 4 && arm_seg_is(c, prov + 1, "locations") &&
            arm_seg_is(c, prov + 3, "kubernetesversions")) {
            kubernetes_versions(c);
            return;
        }
        arm_error(c, 404, "NotFound", "aksemu does not emulate %s %s.", m, ak_http_path(c->req));
        return;
    }
    const char *rgname = c->seg[rg_seg];
    if (!arm_seg_is(c, prov + 1, "managedclusters")) {
        arm_error(c, 404, "NotFound",
                  "aksemu does not emulate the resource type '%s' of Microsoft.ContainerService "
                  "(managedClusters and their agentPools are).",
                  n > prov + 1 ? c->seg[prov + 1] : "");
        return;
    }
    if (n == prov + 2) {
        if (is(m, "GET"))
            cluster_list(c, rgname);
        else
            method_not_allowed(c);
        return;
    }
    const char *name = c->seg[prov + 2];
    if (n == prov + 3 && is(m, "PUT")) {
        cluster_put(c, rgname, name);
        return;
    }
    struct ak_cluster *cl = ak_state_cluster(c->st, c->seg[1], rgname, name);
    if (!cl) {
        if (!ak_state_rg(c->st, c->seg[1], rgname))
            arm_error(c, 404, "ResourceGroupNotFound", "Resource group '%s' could not be found.",
                      rgname);
        else if (n == prov + 3 && is(m, "DELETE"))
            arm_empty(c, 204);
        else
            cluster_not_found(c, rgname, name);
        return;
    }
    if (n == prov + 3) {
        if (is(m, "GET"))
            arm_json(c, 200, arm_render_cluster(c->st, cl));
        else if (is(m, "DELETE"))
            cluster_delete(c, cl);
        else if (is(m, "PATCH"))
            cluster_patch(c, cl);
        else
            method_not_allowed(c);
        return;
    }
    const char *sub = c->lseg[prov + 3];
    if (n == prov + 4) {
        if (is(sub, "listclusterusercredential") || is(sub, "listclustermonitoringusercredential") ||
            is(sub, "listclusteradmincredential")) {
            if (is(m, "POST"))
                credentials(c, cl, is(sub, "listclusteradmincredential"));
            else
                method_not_allowed(c);
        } else if (is(sub, "agentpools")) {
            if (is(m, "GET"))
                pool_list(c, cl);
            else
                method_not_allowed(c);
        } else if (is(sub, "runcommand")) {
            if (is(m, "POST"))
                arm_aks_run_command(c, cl);
            else
                method_not_allowed(c);
        } else if (is(sub, "availableagentpoolversions")) {
            if (is(m, "GET"))
                available_versions(c, cl);
            else
                method_not_allowed(c);
        } else {
            arm_error(c, 404, "NotFound", "aksemu does not emulate %s %s.", m, ak_http_path(c->req));
        }
        return;
    }
    if (n == prov + 5 && is(sub, "commandresults")) {
        if (is(m, "GET"))
            arm_aks_command_result(c, cl, c->seg[prov + 4]);
        else
            method_not_allowed(c);
        return;
    }
    if (n == prov + 5 && is(sub, "upgradeprofiles") && arm_seg_is(c, prov + 4, "default")) {
        if (is(m, "GET"))
            cluster_upgrade_profile(c, cl);
        else
            method_not_allowed(c);
        return;
    }
    if (n == prov + 5 && is(sub, "agentpools")) {
        const char *pname = c->seg[prov + 4];
        if (is(m, "GET"))
            pool_get(c, cl, pname);
        else if (is(m, "PUT"))
            pool_put(c, cl, pname);
        else if (is(m, "DELETE"))
            pool_delete(c, cl, pname);
        else
            method_not_allowed(c);
        return;
    }
    if (n == prov + 7 && is(sub, "agentpools") && arm_seg_is(c, prov + 5, "upgradeprofiles") &&
        arm_seg_is(c, prov + 6, "default")) {
        if (is(m, "GET"))
            pool_upgrade_profile(c, cl, c->seg[prov + 4]);
        else
            method_not_allowed(c);
        return;
    }
    arm_error(c, 404, "NotFound", "aksemu does not emulate %s %s.", m, ak_http_path(c->req));
}
