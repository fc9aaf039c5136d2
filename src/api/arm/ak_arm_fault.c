/* ak_arm_fault.c - aksemu's own fault-injection API (not Azure's): /aksemu/v1/faults.
 *
 *   POST /aksemu/v1/faults   {"type": T, ...}   applies a fault, 200 with what was applied
 *   GET  /aksemu/v1/faults                      the faults in effect
 *
 * Types and their fields:
 *   node-unhealthy     node, fixedBy (reboot | reimage | redeploy | none; default reboot):
 *                      the node's kubelet stops posting; auto-repair's step `fixedBy` heals it
 *   node-healthy       node: the kubelet posts again
 *   spot-eviction      node: as `az vmss simulate-eviction` (Preempt, 30 s notice)
 *   disk-fill          node, sizeGB: the node's OS disk holds this much data outside its pods
 *                      (0 removes it); a disk at 100 % stops the kubelet (ak_kpress.c)
 *   eviction-rate      resourceGroup, cluster, pool, perHour: random spot evictions per node-hour
 *   spot-price         resourceGroup, cluster, pool, prices [USD/h...], stepSeconds: a price
 *                      series (repeating); a price above the pool's spotMaxPrice evicts
 *   provision-failure  resourceGroup, cluster, pool, count, exitCode (50): the next `count` new
 *                      instances fail their CSE (VMExtensionProvisioningError)
 *   slow-provisioning  resourceGroup, cluster, pool, seconds: operations that create instances
 *                      of the pool take this much longer
 * Errors are ARM-shaped: {"error":{"code","message"}}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_arm_int.h"
#include "../../core/ak_node.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_time.h"
#include "../../core/ak_pool.h"
#include "../../util/ak_log.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_banned.h"

#define SPOT_NOTICE_MS 30000 /* a Preempt scheduled event's minimum notice */

int arm_spot_evict(struct ak_arm *arm, struct ak_instance *in, struct ak_err *err)
{
    double sp = arm->speed >= 1 ? arm->speed : 1;
    return ak_state_schedule_eviction(arm->st, in, (int64_t)(SPOT_NOTICE_MS / sp + 0.5), err);
}

/* ------------------------------------------------------------------ lookups */

static struct ak_instance *find_node(struct arm_ctx *c, const char *node)
{
    if (!node || !*node) {
        arm_error(c, 400, "InvalidParameter", "The fault needs 'node': the name of a node.");
        return NULL;
    }
    for (size_t i = 0; i < ak_state_rg_count(c->st); i++) {
        struct ak_rg *rg = ak_state_rg_at(c->st, i);
        for (size_t j = 0; j < rg->nclusters; j++) {
            struct ak_instance *in = ak_state_instance_of_node(rg->clusters[j], node);
            if (in)
                return in;
        }
    }
    arm_error(c, 404, "NodeNotFound", "No node named '%s' in any cluster.", node);
    return NULL;
}

static struct ak_pool *find_pool(struct arm_ctx *c, json_t *b)
{
    const char *rgn = ak_json_str(b, "resourceGroup"), *cln = ak_json_str(b, "cluster"),
               *pn = ak_json_str(b, "pool");
    if (!rgn || !cln || !pn) {
        arm_error(c, 400, "InvalidParameter",
                  "The fault needs 'resourceGroup', 'cluster' and 'pool'.");
        return NULL;
    }
    for (size_t i = 0; i < ak_state_rg_count(c->st); i++) {
        struct ak_rg *rg = ak_state_rg_at(c->st, i);
        if (!ak_strieq(rg->name, rgn))
            continue;
        for (size_t j = 0; j < rg->nclusters; j++) {
            if (!ak_strieq(rg->clusters[j]->name, cln))
                continue;
            struct ak_pool *p = ak_state_pool(rg->clusters[j], pn);
            if (p)
                return p;
            arm_error(c, 404, "NotFound", "Agent pool '%s' was not found in managed cluster '%s'.", pn, cln);
            return NULL;
        }
    }
    arm_error(c, 404, "ResourceNotFound", "Managed cluster '%s' in resource group '%s' was not found.",
              cln, rgn);
    return NULL;
}

static bool get_number(struct arm_ctx *c, json_t *b, const char *key, double lo, double hi, double *out)
{
    json_t *v = json_object_get(b, key);
    if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi) {
        arm_error(c, 400, "InvalidParameter", "'%s' must be a number from %g to %g.", key, lo, hi);
        return false;
    }
    *out = json_number_value(v);
    return true;
}

static json_t *node_fault_json(const struct ak_instance *in)
{
    char name[128];
    ak_node_name(in->pool->vmss_name, in->id, name, sizeof(name));
    json_t *o = json_pack("{s:s,s:s}", "node", name, "pool", in->pool->name);
    if (in->fault[0]) {
        ak_json_set_str(o, "type", "node-unhealthy");
        ak_json_set_str(o, "fixedBy", in->fault);
    } else if (in->evict_at_ms) {
        ak_json_set_str(o, "type", "spot-eviction");
        char t[40];
        ak_fmt_time(in->evict_at_ms, 0, t);
        ak_json_set_str(o, "notBefore", t);
        ak_json_set_str(o, "eventId", in->event_id);
    }
    return o;
}

static json_t *pool_fault_json(const struct ak_pool *p)
{
    const struct ak_pool_faults *f = &p->fault;
    json_t *o = json_pack("{s:s,s:s,s:s}", "resourceGroup", p->cluster->rg->name, "cluster",
                          p->cluster->name, "pool", p->name);
    if (f->fail_next)
        json_object_set_new(o, "provisionFailures", json_pack("{s:i,s:i}", "count", f->fail_next,
                                                              "exitCode", f->fail_exit ? f->fail_exit : 50));
    if (f->slow_ms)
        json_object_set_new(o, "slowProvisioningSeconds", json_real((double)f->slow_ms / 1000));
    if (f->evict_per_hour > 0)
        json_object_set_new(o, "evictionsPerHour", json_real(f->evict_per_hour));
    if (f->nprices) {
        json_t *pa = json_array();
        for (size_t i = 0; i < f->nprices; i++)
            json_array_append_new(pa, json_real(f->prices[i]));
        json_object_set_new(o, "spotPrices", pa);
        json_object_set_new(o, "stepSeconds", json_real((double)f->price_step_ms / 1000));
    }
    return o;
}

static void list_faults(struct arm_ctx *c)
{
    json_t *v = json_array();
    for (size_t i = 0; i < ak_state_rg_count(c->st); i++) {
        struct ak_rg *rg = ak_state_rg_at(c->st, i);
        for (size_t j = 0; j < rg->nclusters; j++) {
            struct ak_cluster *cl = rg->clusters[j];
            for (size_t k = 0; k < cl->npools; k++) {
                struct ak_pool *p = cl->pools[k];
                const struct ak_pool_faults *f = &p->fault;
                if (f->fail_next || f->slow_ms || f->evict_per_hour > 0 || f->nprices)
                    json_array_append_new(v, pool_fault_json(p));
                for (size_t q = 0; q < p->ninst; q++) {
                    const struct ak_instance *in = p->inst[q];
                    if (in->fault[0] || in->evict_at_ms)
                        json_array_append_new(v, node_fault_json(in));
                    if (in->disk_fill) {
                        char name[128];
                        ak_node_name(p->vmss_name, in->id, name, sizeof(name));
                        json_array_append_new(v, json_pack("{s:s,s:s,s:s,s:f}", "node", name, "pool", p->name,
                                                           "type", "disk-fill", "sizeGB",
                                                           (double)in->disk_fill / (1024.0 * 1024.0 * 1024.0)));
                    }
                }
            }
        }
    }
    arm_json(c, 200, json_pack("{s:o}", "value", v));
}

static void apply(struct arm_ctx *c, json_t *b)
{
    const char *type = ak_json_str(b, "type");
    struct ak_err err;
    json_t *res = NULL;
    if (!type) {
        arm_error(c, 400, "InvalidParameter", "The fault needs a 'type'.");
        return;
    }
    if (strcmp(type, "node-unhealthy") == 0 || strcmp(type, "node-healthy") == 0 ||
        strcmp(type, "spot-eviction") == 0 || strcmp(type, "disk-fill") == 0) {
        struct ak_instance *in = find_node(c, ak_json_str(b, "node"));
        if (!in)
            return;
        if (strcmp(type, "disk-fill") == 0) {
            double gb;
            if (!get_number(c, b, "sizeGB", 0, 4096, &gb))
                return;
            in->disk_fill = (int64_t)(gb * 1024.0 * 1024.0 * 1024.0);
            ak_state_touch(c->st, AK_K_INST, in);
        } else if (strcmp(type, "spot-eviction") == 0) {
            if (arm_spot_evict(c->arm, in, &err) != 0) {
                arm_error_err(c, &err);
                return;
            }
        } else if (strcmp(type, "node-unhealthy") == 0) {
            const char *fix = ak_json_str(b, "fixedBy");
            if (!fix)
                fix = "reboot";
            if (strcmp(fix, "reboot") != 0 && strcmp(fix, "reimage") != 0 &&
                strcmp(fix, "redeploy") != 0 && strcmp(fix, "none") != 0) {
                arm_error(c, 400, "InvalidParameter",
                          "'fixedBy' must be reboot, reimage, redeploy or none, got '%s'.", fix);
                return;
            }
            if (strcmp(in->prov_state, "Succeeded") != 0 || strcmp(in->power, "running") != 0) {
                arm_error(c, 409, "OperationNotAllowed",
                          "The node's instance is not running (provisioning state %s, power state %s).",
                          in->prov_state, in->power);
                return;
            }
            snprintf(in->fault, sizeof(in->fault), "%s", fix);
            if (!in->down_ms)
                in->down_ms = ak_state_now(c->st);
            ak_state_touch(c->st, AK_K_INST, in);
        } else {
            in->fault[0] = 0;
            if (strcmp(in->power, "running") == 0 && strcmp(in->prov_state, "Succeeded") == 0)
                in->down_ms = 0;
            ak_state_touch(c->st, AK_K_INST, in);
        }
        res = node_fault_json(in);
        ak_json_set_str(res, "type", type);
        if (strcmp(type, "disk-fill") == 0)
            json_object_set_new(res, "sizeGB", json_real((double)in->disk_fill / (1024.0 * 1024.0 * 1024.0)));
    } else if (strcmp(type, "eviction-rate") == 0 || strcmp(type, "spot-price") == 0 ||
               strcmp(type, "provision-failure") == 0 || strcmp(type, "slow-provisioning") == 0) {
        struct ak_pool *p = find_pool(c, b);
        if (!p)
            return;
        struct ak_pool_faults *f = &p->fault;
        double v;
        if (strcmp(type, "eviction-rate") == 0) {
            if (!ak_pool_is_spot(&p->spec)) {
                arm_error(c, 409, "OperationNotAllowed", "Agent pool '%s' is not a spot pool.", p->name);
                return;
            }
            if (!get_number(c, b, "perHour", 0, 3600, &v))
                return;
            f->evict_per_hour = v;
        } else if (strcmp(type, "spot-price") == 0) {
            if (!ak_pool_is_spot(&p->spec)) {
                arm_error(c, 409, "OperationNotAllowed", "Agent pool '%s' is not a spot pool.", p->name);
                return;
            }
            json_t *pa = json_object_get(b, "prices");
            size_t n = json_array_size(pa);
            if (!json_is_array(pa) || n > 10000) {
                arm_error(c, 400, "InvalidParameter", "'prices' must be an array of up to 10000 prices (USD per hour).");
                return;
            }
            for (size_t i = 0; i < n; i++)
                if (!json_is_number(json_array_get(pa, i)) || json_number_value(json_array_get(pa, i)) < 0) {
                    arm_error(c, 400, "InvalidParameter", "'prices[%zu]' must be a price in USD per hour (>= 0).", i);
                    return;
                }
            double step = 60;
            if (n && json_object_get(b, "stepSeconds") && !get_number(c, b, "stepSeconds", 0.001, 86400 * 30, &step))
                return;
            free(f->prices);
            f->prices = n ? ak_xcalloc(n, sizeof(double)) : NULL;
            for (size_t i = 0; i < n; i++)
                f->prices[i] = json_number_value(json_array_get(pa, i));
            f->nprices = n;
            f->price_step_ms = (int64_t)(step * 1000);
            f->price_start_ms = ak_state_now(c->st);
        } else if (strcmp(type, "provision-failure") == 0) {
            if (!get_number(c, b, "count", 0, 1000, &v))
                return;
            double ex = 50;
            if (json_object_get(b, "exitCode") && !get_number(c, b, "exitCode", 1, 255, &ex))
                return;
            f->fail_next = (int)v;
            f->fail_exit = (int)ex;
        } else {
            if (!get_number(c, b, "seconds", 0, 86400, &v))
                return;
            f->slow_ms = (int64_t)(v * 1000);
        }
        ak_state_touch(c->st, AK_K_POOL, p);
        res = pool_fault_json(p);
        ak_json_set_str(res, "type", type);
    } else {
        arm_error(c, 400, "InvalidParameter",
                  "Unknown fault type '%s'. Types: node-unhealthy, node-healthy, spot-eviction, "
                  "disk-fill, eviction-rate, spot-price, provision-failure, slow-provisioning.",
                  type);
        return;
    }
    if (!arm_commit(c)) {
        json_decref(res);
        return;
    }
    ak_ctrl_poke(c->arm->ctrl);
    ak_log(AK_LOG_INFO, "fault", "applied %s", type);
    arm_json(c, 200, res);
}

void arm_faults(struct arm_ctx *c)
{
    if (c->nseg != 3 || !arm_seg_is(c, 1, "v1") || !arm_seg_is(c, 2, "faults")) {
        arm_error(c, 404, "NotFound", "aksemu's own API has /aksemu/v1/faults (GET, POST).");
        return;
    }
    if (strcmp(c->method, "GET") == 0) {
        list_faults(c);
    } else if (strcmp(c->method, "POST") == 0) {
        json_t *b = arm_body_object(c, false);
        if (!b)
            return;
        apply(c, b);
        json_decref(b);
    } else {
        arm_error(c, 405, "MethodNotAllowed", "The requested resource does not support http method '%s'.",
                  c->method);
    }
}
