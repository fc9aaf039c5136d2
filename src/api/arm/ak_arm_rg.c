/* ak_arm_rg.c - resource groups (Microsoft.Resources), resource listing, and the
 * subscription-level operation results used by resource-group deletion. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_arm_int.h"
#include "../../core/ak_catalog.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_banned.h"

static bool rg_name_ok(const char *n)
{
    size_t len = strlen(n);
    if (len == 0 || len > 90 || n[len - 1] == '.')
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)n[i];
        if (!(isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '(' || ch == ')' ||
              ch >= 0x80))
            return false;
    }
    return true;
}

static void rg_not_found(struct arm_ctx *c, const char *name)
{
    arm_error(c, 404, "ResourceGroupNotFound", "Resource group '%s' could not be found.", name);
}

static int check_tags(struct arm_ctx *c, json_t *tags)
{
    if (!tags || json_is_null(tags))
        return 0;
    if (!json_is_object(tags)) {
        arm_error(c, 400, "InvalidRequestContent",
                  "The request content was invalid and could not be deserialized: 'tags' must "
                  "be an object of strings.");
        return -1;
    }
    const char *k;
    json_t *v;
    json_object_foreach(tags, k, v)
    {
        if (!json_is_string(v)) {
            arm_error(c, 400, "InvalidRequestContent",
                      "The request content was invalid and could not be deserialized: tag '%s' "
                      "must have a string value.",
                      k);
            return -1;
        }
        if (strlen(k) > 512 || strlen(json_string_value(v)) > 256) {
            arm_error(c, 400, "InvalidTagNameCharacters",
                      "The tag name '%.60s' or its value is too long (names at most 512 "
                      "characters, values at most 256).",
                      k);
            return -1;
        }
        if (strpbrk(k, "<>%&\\?/")) {
            arm_error(c, 400, "InvalidTagNameCharacters",
                      "The tag names '%s' have reserved characters '<,>,%%,&,\\,?,/' or control "
                      "characters.",
                      k);
            return -1;
        }
    }
    if (json_object_size(tags) > 50) {
        arm_error(c, 400, "InvalidTemplate", "A resource can have at most 50 tags.");
        return -1;
    }
    return 0;
}

static void rg_put(struct arm_ctx *c, const char *sub, const char *name)
{
    if (!rg_name_ok(name)) {
        arm_error(c, 400, "InvalidResourceGroup",
                  "The provided resource group name '%s' has these invalid characters or "
                  "length: it must be 1-90 characters of letters, digits, '-', '_', '.', '(' and "
                  "')', and must not end with a period.",
                  name);
        return;
    }
    json_t *body = arm_body_object(c, false);
    if (!body)
        return;
    const char *loc = ak_json_str(body, "location");
    json_t *tags = ak_json_get_ci(body, "tags");
    if (!loc || !*loc) {
        arm_error(c, 400, "LocationRequired", "The location property is required for this definition.");
        goto out;
    }
    if (!ak_region_valid(loc)) {
        arm_error(c, 400, "LocationNotAvailableForResourceGroup",
                  "The provided location '%s' is not available for resource group. List of "
                  "available regions is 'eastus,eastus2,westus,westus2,westus3,centralus,"
                  "northeurope,westeurope,uksouth,...' (see docs/api-coverage.md).",
                  loc);
        goto out;
    }
    if (check_tags(c, tags) != 0)
        goto out;
    char norm[64];
    ak_region_normalize(loc, norm, sizeof(norm));
    struct ak_rg *rg = ak_state_rg(c->st, sub, name);
    int status = 200;
    if (rg) {
        if (strcmp(rg->prov_state, "Deleting") == 0) {
            arm_error(c, 409, "ResourceGroupBeingDeleted",
                      "The resource group '%s' is in deprovisioning state and cannot perform "
                      "this operation.",
                      rg->name);
            goto out;
        }
        if (!ak_strieq(rg->location, norm)) {
            arm_error(c, 409, "InvalidResourceGroupLocation",
                      "Invalid resource group location '%s'. The Resource group already exists "
                      "in location '%s'.",
                      loc, rg->location);
            goto out;
        }
    } else {
        rg = ak_state_rg_create(c->st, sub, name, norm);
        status = 201;
    }
    json_decref(rg->tags);
    rg->tags = tags && !json_is_null(tags) ? json_deep_copy(tags) : NULL;
    const char *mb = ak_json_str(body, "managedBy");
    if (mb && !rg->managed_by)
        rg->managed_by = ak_xstrdup(mb);
    ak_state_touch(c->st, AK_K_RG, rg);
    if (!arm_commit(c))
        goto out;
    arm_json(c, status, arm_render_rg(rg));
out:
    json_decref(body);
}

static void rg_patch(struct arm_ctx *c, struct ak_rg *rg)
{
    json_t *body = arm_body_object(c, false);
    if (!body)
        return;
    json_t *tags = ak_json_get_ci(body, "tags");
    if (check_tags(c, tags) == 0) {
        if (tags) {
            json_decref(rg->tags);
            rg->tags = json_is_null(tags) ? NULL : json_deep_copy(tags);
        }
        ak_state_touch(c->st, AK_K_RG, rg);
        if (arm_commit(c))
            arm_json(c, 200, arm_render_rg(rg));
    }
    json_decref(body);
}

static void rg_delete(struct arm_ctx *c, struct ak_rg *rg)
{
    if (rg->managed_by) {
        struct ak_cluster *owner = NULL;
        for (size_t i = 0; i < ak_state_rg_count(c->st) && !owner; i++) {
            struct ak_rg *g = ak_state_rg_at(c->st, i);
            for (size_t j = 0; j < g->nclusters; j++)
                if (ak_strieq(g->clusters[j]->id, rg->managed_by))
                    owner = g->clusters[j];
        }
        if (owner) {
            arm_error(c, 409, "OperationNotAllowed",
                      "Resource group '%s' is the node resource group of managed cluster '%s' "
                      "(managedBy %s). AKS deletes it together with the cluster: delete the "
                      "cluster instead (az aks delete).",
                      rg->name, owner->name, rg->managed_by);
            return;
        }
    }
    struct ak_op *op = NULL;
    if (strcmp(rg->prov_state, "Deleting") == 0 && rg->op_id)
        op = ak_state_op(c->st, rg->op_id);
    if (!op) {
        op = ak_state_op_start(c->st, "rg.delete", rg->id, rg->location, c->arm->provision_ms);
        snprintf(rg->prov_state, sizeof(rg->prov_state), "Deleting");
        free(rg->op_id);
        rg->op_id = ak_xstrdup(op->id);
        ak_state_touch(c->st, AK_K_RG, rg);
        /* everything in the group shows Deleting while the group goes */
        for (size_t i = 0; i < rg->nclusters; i++) {
            struct ak_cluster *cl = rg->clusters[i];
            snprintf(cl->prov_state, sizeof(cl->prov_state), "Deleting");
            ak_state_touch(c->st, AK_K_CLUSTER, cl);
        }
        if (!arm_commit(c))
            return;
    }
    char url[512];
    snprintf(url, sizeof(url), "%s/subscriptions/%s/operationresults/%s?api-version=%s", c->base,
             rg->sub, op->id, c->api_version);
    ak_http_resp_header(c->resp, "Location", url);
    ak_http_resp_header(c->resp, "Retry-After", "1");
    arm_empty(c, 202);
}

void arm_resource_groups(struct arm_ctx *c)
{
    const char *sub = c->seg[1];
    if (c->nseg == 3) {
        if (strcmp(c->method, "GET") != 0) {
            arm_error(c, 405, "MethodNotAllowed",
                      "The requested resource does not support http method '%s'.", c->method);
            return;
        }
        json_t *v = json_array();
        for (size_t i = 0; i < ak_state_rg_count(c->st); i++) {
            struct ak_rg *rg = ak_state_rg_at(c->st, i);
            if (ak_strieq(rg->sub, sub))
                json_array_append_new(v, arm_render_rg(rg));
        }
        json_t *o = json_object();
        json_object_set_new(o, "value", v);
        arm_json(c, 200, o);
        return;
    }
    const char *name = c->seg[3];
    if (strcmp(c->method, "PUT") == 0) {
        rg_put(c, sub, name);
        return;
    }
    struct ak_rg *rg = ak_state_rg(c->st, sub, name);
    if (strcmp(c->method, "HEAD") == 0) {
        arm_empty(c, rg ? 204 : 404);
        return;
    }
    if (!rg) {
        if (strcmp(c->method, "GET") == 0 || strcmp(c->method, "PATCH") == 0 ||
            strcmp(c->method, "DELETE") == 0)
            rg_not_found(c, name);
        else
            arm_error(c, 405, "MethodNotAllowed",
                      "The requested resource does not support http method '%s'.", c->method);
        return;
    }
    if (strcmp(c->method, "GET") == 0)
        arm_json(c, 200, arm_render_rg(rg));
    else if (strcmp(c->method, "PATCH") == 0)
        rg_patch(c, rg);
    else if (strcmp(c->method, "DELETE") == 0)
        rg_delete(c, rg);
    else
        arm_error(c, 405, "MethodNotAllowed",
                  "The requested resource does not support http method '%s'.", c->method);
}

static void add_cluster_resources(struct ak_state *st, const struct ak_cluster *cl, json_t *v)
{
    (void)st;
    json_t *r = json_object();
    ak_json_set_str(r, "id", cl->id);
    ak_json_set_str(r, "name", cl->name);
    ak_json_set_str(r, "type", "Microsoft.ContainerService/managedClusters");
    ak_json_set_str(r, "location", cl->location);
    json_object_set(r, "tags", cl->tags ? cl->tags : json_null());
    json_array_append_new(v, r);
}

static void add_node_rg_resources(const struct ak_cluster *cl, json_t *v)
{
    for (size_t i = 0; i < cl->npools; i++) {
        json_t *vmss = arm_render_vmss(cl->pools[i]);
        json_t *r = json_object();
        json_object_set(r, "id", json_object_get(vmss, "id"));
        json_object_set(r, "name", json_object_get(vmss, "name"));
        ak_json_set_str(r, "type", "Microsoft.Compute/virtualMachineScaleSets");
        ak_json_set_str(r, "location", cl->location);
        json_object_set(r, "sku", json_object_get(vmss, "sku"));
        json_object_set(r, "tags", json_object_get(vmss, "tags"));
        json_decref(vmss);
        json_array_append_new(v, r);
    }
}

void arm_rg_resources(struct arm_ctx *c)
{
    if (strcmp(c->method, "GET") != 0) {
        arm_error(c, 405, "MethodNotAllowed",
                  "The requested resource does not support http method '%s'.", c->method);
        return;
    }
    const char *sub = c->seg[1];
    const char *only = c->nseg == 5 ? c->seg[3] : NULL;
    if (only && !ak_state_rg(c->st, sub, only)) {
        rg_not_found(c, only);
        return;
    }
    json_t *v = json_array();
    for (size_t i = 0; i < ak_state_rg_count(c->st); i++) {
        struct ak_rg *rg = ak_state_rg_at(c->st, i);
        if (!ak_strieq(rg->sub, sub))
            continue;
        for (size_t j = 0; j < rg->nclusters; j++)
            if (!only || ak_strieq(rg->name, only))
                add_cluster_resources(c->st, rg->clusters[j], v);
        if (rg->managed_by && (!only || ak_strieq(rg->name, only))) {
            struct ak_cluster *cl = ak_state_cluster_by_node_rg(c->st, sub, rg->name);
            if (cl)
                add_node_rg_resources(cl, v);
        }
    }
    json_t *o = json_object();
    json_object_set_new(o, "value", v);
    arm_json(c, 200, o);
}

void arm_sub_operation_result(struct arm_ctx *c)
{
    struct ak_op *op = ak_state_op(c->st, c->seg[3]);
    if (!op) {
        arm_error(c, 404, "NotFound", "The operation '%s' was not found.", c->seg[3]);
        return;
    }
    if (strcmp(op->status, "InProgress") == 0) {
        char url[512];
        snprintf(url, sizeof(url), "%s/subscriptions/%s/operationresults/%s?api-version=%s",
                 c->base, c->seg[1], op->id, c->api_version);
        ak_http_resp_header(c->resp, "Location", url);
        ak_http_resp_header(c->resp, "Retry-After", "1");
        arm_empty(c, 202);
        return;
    }
    if (strcmp(op->status, "Succeeded") != 0) {
        arm_error(c, 409, op->err_code ? op->err_code : "OperationFailed", "%s",
                  op->err_msg ? op->err_msg : "The operation did not succeed.");
        return;
    }
    arm_empty(c, 200);
}
