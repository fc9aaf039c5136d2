/* ak_arm_run.c - run command through ARM (reference/runcmd-facts.md 1-2, az-requests.md):
 *   POST .../virtualMachineScaleSets/{vmss}/virtualmachines/{id}/runCommand
 *        -> 202, Azure-AsyncOperation .../Microsoft.Compute/locations/{l}/operations/{op},
 *           Location .../operationresults/{op} (final body: RunCommandResult)
 *   GET  /subscriptions/{s}/providers/Microsoft.Compute/locations/{l}/runCommands[/{id}]
 *   POST .../managedClusters/{name}/runCommand -> 202, Location .../commandResults/{id}
 *   GET  .../managedClusters/{name}/commandResults/{id}: 202 while running, then 200. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../../ctrl/ak_runcmd.h"
#include "../../state/ak_codec.h"
#include "../../util/ak_mem.h"
#include "../../util/ak_str.h"
#include "../../util/ak_time.h"
#include "ak_arm_int.h"

static const char RUN_SCHEMA[] = "http://schema.management.azure.com/schemas/2016-11-17/runcommands.json";

static bool no_runcmd(struct arm_ctx *c)
{
    if (c->arm->runcmd)
        return false;
    arm_error(c, 501, "NotImplemented", "This aksemu daemon runs no commands on nodes.");
    return true;
}

static void compute_op_headers(struct arm_ctx *c, const struct ak_run *r)
{
    const char *sub = ak_state_config(c->st)->subscription_id;
    char url[512];
    snprintf(url, sizeof(url),
             "%s/subscriptions/%s/providers/Microsoft.Compute/locations/%s/operations/%s?api-version=%s", c->base,
             sub, r->location, r->id, c->api_version ? c->api_version : "2022-11-01");
    ak_http_resp_header(c->resp, "Azure-AsyncOperation", url);
    snprintf(url, sizeof(url),
             "%s/subscriptions/%s/providers/Microsoft.Compute/locations/%s/operationresults/%s?api-version=%s",
             c->base, sub, r->location, r->id, c->api_version ? c->api_version : "2022-11-01");
    ak_http_resp_header(c->resp, "Location", url);
    ak_http_resp_header(c->resp, "Retry-After", "1");
}

void arm_vm_run_command(struct arm_ctx *c, struct ak_instance *in)
{
    if (no_runcmd(c))
        return;
    json_t *body = arm_body_object(c, false);
    if (!body)
        return;
    const char *cmd = ak_json_str(body, "commandId");
    json_t *script = json_object_get(body, "script");
    json_t *params = json_object_get(body, "parameters");
    if (!cmd || !*cmd) {
        arm_error(c, 400, "InvalidParameter", "Required parameter 'commandId' is missing (null).");
        goto out;
    }
    if (script && !json_is_array(script)) {
        arm_error(c, 400, "InvalidParameter", "The value of parameter 'script' must be an array of strings.");
        goto out;
    }
    if (params && !json_is_null(params) && !json_is_array(params)) {
        arm_error(c, 400, "InvalidParameter", "The value of parameter 'parameters' must be an array.");
        goto out;
    }
    json_t *lines = NULL;
    if (strcasecmp(cmd, "ifconfig") == 0) {
        lines = json_pack("[s]", "ifconfig -a");
    } else if (strcasecmp(cmd, "RunShellScript") != 0) {
        arm_error(c, 404, "NotFound", "The entity was not found in this Azure location.");
        goto out;
    }
    struct ak_err err;
    const struct ak_run *r =
        ak_runcmd_vm(c->arm->runcmd, in, lines ? lines : script, json_is_array(params) ? params : NULL, &err);
    json_decref(lines);
    if (!r) {
        arm_error_err(c, &err);
        goto out;
    }
    compute_op_headers(c, r);
    arm_empty(c, 202);
out:
    json_decref(body);
}

static json_t *run_command_doc(bool ifconfig, bool full)
{
    json_t *o = json_object();
    ak_json_set_str(o, "$schema", RUN_SCHEMA);
    ak_json_set_str(o, "id", ifconfig ? "ifconfig" : "RunShellScript");
    ak_json_set_str(o, "osType", "Linux");
    ak_json_set_str(o, "label", ifconfig ? "List network configuration" : "Executes a Linux shell script");
    ak_json_set_str(o, "description", ifconfig ? "Get the configuration of all network interfaces."
                                               : "Custom multiline shell script should be defined in script "
                                                 "property. Optional parameters can be set in parameters property.");
    if (full) {
        json_object_set_new(o, "script", ifconfig ? json_pack("[s]", "ifconfig") : json_array());
        json_object_set_new(o, "parameters", json_array());
    }
    return o;
}

static void compute_operation(struct arm_ctx *c, const char *id, bool result)
{
    const struct ak_run *r = ak_runcmd_get(c->arm->runcmd, id);
    if (!r || r->kind != AK_RUN_VM) {
        arm_error(c, 404, "NotFound",
                  "The operation '%s' was not found (aksemu keeps run-command results in memory for an hour; a "
                  "restart of the daemon forgets them).",
                  id);
        return;
    }
    bool running = strcmp(r->status, "InProgress") == 0;
    if (result) {
        if (running) {
            compute_op_headers(c, r);
            arm_empty(c, 202);
        } else if (r->result) {
            arm_json(c, 200, json_incref(r->result));
        } else {
            arm_error(c, 409, r->err_code, "%s", r->err_msg ? r->err_msg : "");
        }
        return;
    }
    const char *sub = ak_state_config(c->st)->subscription_id;
    json_t *o = json_object();
    char *oid = ak_xasprintf("/subscriptions/%s/providers/Microsoft.Compute/locations/%s/operations/%s", sub,
                             r->location, r->id);
    ak_json_set_str(o, "id", oid);
    free(oid);
    ak_json_set_str(o, "name", r->id);
    ak_json_set_str(o, "status", r->status);
    char t[40];
    ak_fmt_time(r->start_ms, 1, t);
    ak_json_set_str(o, "startTime", t);
    if (!running) {
        ak_fmt_time(r->end_ms, 1, t);
        ak_json_set_str(o, "endTime", t);
    }
    if (r->result)
        json_object_set_new(o, "properties", json_pack("{s:O}", "output", r->result));
    if (r->err_code[0])
        json_object_set_new(o, "error", json_pack("{s:s,s:s}", "code", r->err_code, "message",
                                                  r->err_msg ? r->err_msg : ""));
    if (running)
        ak_http_resp_header(c->resp, "Retry-After", "1");
    arm_json(c, 200, o);
}

void arm_compute_location(struct arm_ctx *c, int prov)
{
    int n = c->nseg;
    if (strcmp(c->method, "GET") != 0) {
        arm_error(c, 405, "MethodNotAllowed", "The requested resource does not support http method '%s'.",
                  c->method);
        return;
    }
    if (n == prov + 4 && arm_seg_is(c, prov + 3, "runcommands")) {
        arm_json(c, 200, json_pack("{s:[o,o]}", "value", run_command_doc(false, false), run_command_doc(true, false)));
        return;
    }
    if (n == prov + 5 && arm_seg_is(c, prov + 3, "runcommands")) {
        const char *id = c->seg[prov + 4];
        if (strcasecmp(id, "RunShellScript") == 0 || strcasecmp(id, "ifconfig") == 0)
            arm_json(c, 200, run_command_doc(strcasecmp(id, "ifconfig") == 0, true));
        else
            arm_error(c, 404, "NotFound", "The entity was not found in this Azure location.");
        return;
    }
    if (n == prov + 5 && (arm_seg_is(c, prov + 3, "operations") || arm_seg_is(c, prov + 3, "operationresults"))) {
        if (!no_runcmd(c))
            compute_operation(c, c->seg[prov + 4], arm_seg_is(c, prov + 3, "operationresults"));
        return;
    }
    arm_error(c, 404, "NotFound", "aksemu does not emulate GET %s.", ak_http_path(c->req));
}

/* ------------------------------------------------------------------ az aks command invoke */

static void command_location(struct arm_ctx *c, const struct ak_cluster *cl, const char *id)
{
    char url[1024];
    snprintf(url, sizeof(url), "%s%s/commandResults/%s?api-version=%s", c->base, cl->id, id,
             c->api_version ? c->api_version : "2022-11-01");
    ak_http_resp_header(c->resp, "Location", url);
    ak_http_resp_header(c->resp, "Retry-After", "1");
}

void arm_aks_run_command(struct arm_ctx *c, struct ak_cluster *cl)
{
    if (no_runcmd(c))
        return;
    json_t *body = arm_body_object(c, false);
    if (!body)
        return;
    const char *command = ak_json_str(body, "command");
    const char *context = ak_json_str(body, "context");
    if (!command || !*command) {
        arm_error(c, 400, "InvalidParameter", "Required parameter 'command' is missing or empty.");
        json_decref(body);
        return;
    }
    /* the command's kubectl talks to this daemon on the loopback address */
    struct arm_ctx local = *c;
    snprintf(local.base, sizeof(local.base), "https://127.0.0.1:%u", (unsigned)c->arm->port);
    char *kubeconfig = arm_kubeconfig(&local, cl, true);
    struct ak_err err;
    const struct ak_run *r = ak_runcmd_aks(c->arm->runcmd, cl, command, context, kubeconfig, &err);
    free(kubeconfig);
    json_decref(body);
    if (!r) {
        arm_error_err(c, &err);
        return;
    }
    command_location(c, cl, r->id);
    arm_empty(c, 202);
}

void arm_aks_command_result(struct arm_ctx *c, struct ak_cluster *cl, const char *id)
{
    if (no_runcmd(c))
        return;
    const struct ak_run *r = ak_runcmd_get(c->arm->runcmd, id);
    if (!r || r->kind != AK_RUN_AKS) {
        arm_error(c, 404, "NotFound",
                  "The command result '%s' was not found (aksemu keeps command results in memory for an hour).", id);
        return;
    }
    json_t *o = json_object();
    ak_json_set_str(o, "id", r->id);
    if (strcmp(r->status, "InProgress") == 0) {
        char t[40];
        ak_fmt_time(r->start_ms, 0, t);
        json_object_set_new(o, "properties", json_pack("{s:s,s:s}", "provisioningState", "Running", "startedAt", t));
        command_location(c, cl, r->id);
        arm_json(c, 202, o);
        return;
    }
    if (!r->result) {
        json_decref(o);
        arm_error(c, 400, r->err_code, "%s", r->err_msg ? r->err_msg : "");
        return;
    }
    json_object_set_new(o, "properties", json_incref(r->result));
    arm_json(c, 200, o);
}
