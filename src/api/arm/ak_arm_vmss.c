/* ak_arm_vmss.c - Microsoft.Compute: the scale sets AKS creates in the node resource group,
 * and their instances (api-versions 2020-06-01 .. 2022-11-01 and newer share these shapes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_arm_int.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_banned.h"

static bool is(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

static void method_not_allowed(struct arm_ctx *c)
{
    arm_error(c, 405, "MethodNotAllowed", "The requested resource does not support http method '%s'.",
              c->method);
}

static void vmss_not_found(struct arm_ctx *c, const char *rg, const char *name)
{
    arm_error(c, 404, "ResourceNotFound",
              "The Resource 'Microsoft.Compute/virtualMachineScaleSets/%s' under resource group "
              "'%s' was not found. For more details please go to "
              "https://aka.ms/ARMResourceNotFoundFix",
              name, rg);
}

static void managed_by_aks(struct arm_ctx *c, const struct ak_pool *p)
{
    arm_error(c, 409, "OperationNotAllowed",
              "The scale set '%s' belongs to agent pool '%s' of managed cluster '%s'. Change it "
              "through the AKS node pool API (az aks nodepool scale / update); AKS reconciles "
              "direct changes to its scale sets away.",
              p->vmss_name, p->name, p->cluster->name);
}

static bool want_instance_view(struct arm_ctx *c)
{
    const char *e = ak_http_query(c->req, "$expand");
    return e && ak_strieq(e, "instanceView");
}

static void list_vmss(struct arm_ctx *c, const char *rgname)
{
    json_t *v = json_array();
    for (size_t i = 0; i < ak_state_rg_count(c->st); i++) {
        struct ak_rg *rg = ak_state_rg_at(c->st, i);
        if (!ak_strieq(rg->sub, c->seg[1]) || (rgname && !ak_strieq(rg->name, rgname)))
            continue;
        struct ak_cluster *cl = ak_state_cluster_by_node_rg(c->st, c->seg[1], rg->name);
        if (!cl)
            continue;
        for (size_t j = 0; j < cl->npools; j++)
            json_array_append_new(v, arm_render_vmss(cl->pools[j]));
    }
    arm_json(c, 200, json_pack("{s:o}", "value", v));
}

static void list_vms(struct arm_ctx *c, struct ak_pool *p)
{
    bool iv = want_instance_view(c);
    json_t *v = json_array();
    for (size_t i = 0; i < p->ninst; i++)
        json_array_append_new(v, arm_render_vm(p->inst[i], iv));
    arm_json(c, 200, json_pack("{s:o}", "value", v));
}

static struct ak_instance *find_vm(struct arm_ctx *c, struct ak_pool *p, const char *id)
{
    int64_t n;
    struct ak_instance *in = NULL;
    if (ak_parse_i64(id, 0, INT64_MAX, &n) == 0)
        in = ak_state_instance(p, n);
    if (!in)
        arm_error(c, 404, "NotFound",
                  "The Resource 'Microsoft.Compute/virtualMachineScaleSets/%s/virtualMachines/%s' "
                  "under resource group '%s' was not found.",
                  p->vmss_name, id, p->cluster->node_rg);
    return in;
}

void arm_compute(struct arm_ctx *c, int rg_seg, int prov)
{
    int n = c->nseg;
    const char *m = c->method;
    if (rg_seg < 0) {
        if (n == prov + 2 && arm_seg_is(c, prov + 1, "virtualmachinescalesets")) {
            if (is(m, "GET"))
                list_vmss(c, NULL);
            else
                method_not_allowed(c);
            return;
        }
        if (n >= prov + 4 && arm_seg_is(c, prov + 1, "locations")) {
            arm_compute_location(c, prov);
            return;
        }
        arm_error(c, 404, "NotFound", "aksemu does not emulate %s %s.", m, ak_http_path(c->req));
        return;
    }
    const char *rgname = c->seg[rg_seg];
    if (!ak_state_rg(c->st, c->seg[1], rgname)) {
        arm_error(c, 404, "ResourceGroupNotFound", "Resource group '%s' could not be found.", rgname);
        return;
    }
    if (!arm_seg_is(c, prov + 1, "virtualmachinescalesets")) {
        arm_error(c, 404, "NotFound",
                  "aksemu emulates only the virtualMachineScaleSets of AKS node resource groups "
                  "in Microsoft.Compute; '%s' is not emulated.",
                  n > prov + 1 ? c->seg[prov + 1] : "");
        return;
    }
    if (n == prov + 2) {
        if (is(m, "GET"))
            list_vmss(c, rgname);
        else
            method_not_allowed(c);
        return;
    }
    const char *vmss = c->seg[prov + 2];
    struct ak_cluster *cl = ak_state_cluster_by_node_rg(c->st, c->seg[1], rgname);
    struct ak_pool *p = cl ? ak_state_pool_by_vmss(cl, vmss) : NULL;
    if (!p) {
        if (n == prov + 3 && is(m, "PUT"))
            arm_error(c, 409, "OperationNotAllowed",
                      "aksemu does not create standalone scale sets; scale sets exist as the "
                      "agent pools of managed clusters (az aks nodepool add).");
        else
            vmss_not_found(c, rgname, vmss);
        return;
    }
    if (n == prov + 3) {
        if (is(m, "GET"))
            arm_json(c, 200, arm_render_vmss(p));
        else if (is(m, "PUT") || is(m, "PATCH") || is(m, "DELETE"))
            managed_by_aks(c, p);
        else
            method_not_allowed(c);
        return;
    }
    const char *sub = c->lseg[prov + 3];
    if (n == prov + 4) {
        if (is(sub, "instanceview") && is(m, "GET"))
            arm_json(c, 200, arm_render_vmss_instance_view(p));
        else if (is(sub, "virtualmachines") && is(m, "GET"))
            list_vms(c, p);
        else if (is(m, "POST"))
            managed_by_aks(c, p);
        else
            method_not_allowed(c);
        return;
    }
    if (!is(sub, "virtualmachines")) {
        arm_error(c, 404, "NotFound", "aksemu does not emulate %s %s.", m, ak_http_path(c->req));
        return;
    }
    struct ak_instance *in = find_vm(c, p, c->seg[prov + 4]);
    if (!in)
        return;
    if (n == prov + 5) {
        if (is(m, "GET"))
            arm_json(c, 200, arm_render_vm(in, want_instance_view(c)));
        else if (is(m, "PUT") || is(m, "DELETE"))
            managed_by_aks(c, p);
        else
            method_not_allowed(c);
        return;
    }
    if (n == prov + 6 && arm_seg_is(c, prov + 5, "simulateeviction")) {
        if (!is(m, "POST")) {
            method_not_allowed(c);
            return;
        }
        struct ak_err err;
        if (arm_spot_evict(c->arm, in, &err) != 0) {
            arm_error_err(c, &err);
            return;
        }
        if (arm_commit(c)) {
            ak_ctrl_poke(c->arm->ctrl);
            arm_empty(c, 204);
        }
        return;
    }
    if (n == prov + 6 && arm_seg_is(c, prov + 5, "runcommand")) {
        if (is(m, "POST"))
            arm_vm_run_command(c, in);
        else
            method_not_allowed(c);
        return;
    }
    if (n == prov + 6 && arm_seg_is(c, prov + 5, "instanceview")) {
        if (is(m, "GET"))
            arm_json(c, 200, arm_render_vm_instance_view(in));
        else
            method_not_allowed(c);
        return;
    }
    arm_error(c, 404, "NotFound", "aksemu does not emulate %s %s yet.", m, ak_http_path(c->req));
}
