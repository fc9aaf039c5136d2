/* ak_cli_fault.c - `aksemu fault ...`: the daemon's fault-injection API (/aksemu/v1/faults)
 * from the command line, and `aksemu vmss simulate-eviction` as az 2.45 has it. */
#include "ak_cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

#define FAULTS_PATH "/aksemu/v1/faults"

static int post_fault(struct ak_rt *rt, json_t *body)
{
    struct ak_resp r;
    int rc = ak_rt_call(rt, "POST", FAULTS_PATH, body, &r);
    json_decref(body);
    if (rc)
        return rc;
    if (r.status != 200) {
        rc = ak_rt_http_error(rt, &r);
        ak_resp_release(&r);
        return rc;
    }
    json_t *res = r.json ? json_incref(r.json) : NULL;
    ak_resp_release(&r);
    return ak_rt_print(rt, res, NULL);
}

#define POOL_ARGS                                                                               \
    {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,            \
     "Name of resource group."},                                                                \
        {"cluster_name", "--cluster-name", AK_A_VAL, AK_AT_STR, NULL, true, NULL,               \
         "The cluster name."},                                                                  \
        {"name", "--name -n", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "The node pool name."}

static json_t *pool_body(const struct ak_args *a, const char *type)
{
    return json_pack("{s:s,s:s,s:s,s:s}", "type", type, "resourceGroup", ak_arg_str(a, "resource_group"),
                     "cluster", ak_arg_str(a, "cluster_name"), "pool", ak_arg_str(a, "name"));
}

static int number_arg(const struct ak_args *a, const char *dest, double *out)
{
    const char *s = ak_arg_str(a, dest);
    char *end = NULL;
    double v = s ? strtod(s, &end) : 0;
    if (!s || !end || *end || end == s)
        return ak_rt_fail("argument %s: invalid number value: '%s'", dest, s ? s : "");
    *out = v;
    return 0;
}

int ak_cmd_fault_node(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"node", "--node", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "The node's name (kubectl get nodes)."},
        {"fixed_by", "--fixed-by", AK_A_VAL, AK_AT_ENUM, "reboot reimage redeploy none", false, "reboot",
         "node-unhealthy: the auto-repair action that heals the node (none: nothing does)."},
        {"size_gb", "--size-gb", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "disk-fill: GiB of data on the node's OS disk outside its pods (0 removes it)."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    const char *type = strstr(prog, "node-unhealthy") ? "node-unhealthy"
                       : strstr(prog, "node-healthy") ? "node-healthy"
                       : strstr(prog, "disk-fill")    ? "disk-fill"
                                                      : "spot-eviction";
    json_t *b = json_pack("{s:s,s:s}", "type", type, "node", ak_arg_str(&a, "node"));
    if (strcmp(type, "disk-fill") == 0) {
        double gb;
        if (!ak_arg_str(&a, "size_gb")) {
            json_decref(b);
            rc = ak_rt_fail("the following arguments are required: --size-gb");
            return ak_cli_end(&a, &rt, rc == 1 ? 2 : rc);
        }
        if ((rc = number_arg(&a, "size_gb", &gb)) != 0) {
            json_decref(b);
            return ak_cli_end(&a, &rt, rc == 1 ? 2 : rc);
        }
        json_object_set_new(b, "sizeGB", json_real(gb));
    }
    if (strcmp(type, "node-unhealthy") == 0 && ak_arg_str(&a, "fixed_by"))
        json_object_set_new(b, "fixedBy", json_string(ak_arg_str(&a, "fixed_by")));
    rc = post_fault(&rt, b);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_fault_pool(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        POOL_ARGS,
        {"per_hour", "--per-hour", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "eviction-rate: spot evictions per node and hour (0 stops them)."},
        {"prices", "--prices", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "spot-price: comma-separated prices in USD per hour, repeating."},
        {"step", "--step-seconds", AK_A_VAL, AK_AT_STR, NULL, false, "60",
         "spot-price: how long each price holds."},
        {"count", "--count", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "provision-failure: how many new instances fail provisioning (0 stops it)."},
        {"exit_code", "--exit-code", AK_A_VAL, AK_AT_STR, NULL, false, "50",
         "provision-failure: the CSE exit status (50: no outbound connectivity)."},
        {"seconds", "--seconds", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "slow-provisioning: extra seconds each instance-creating operation takes (0 stops it)."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    const char *type = strstr(prog, "eviction-rate")       ? "eviction-rate"
                       : strstr(prog, "spot-price")        ? "spot-price"
                       : strstr(prog, "provision-failure") ? "provision-failure"
                                                           : "slow-provisioning";
    json_t *b = pool_body(&a, type);
    double v;
    const char *need = strcmp(type, "eviction-rate") == 0       ? "per_hour"
                       : strcmp(type, "provision-failure") == 0 ? "count"
                       : strcmp(type, "slow-provisioning") == 0 ? "seconds"
                                                                : "prices";
    const char *flag = strcmp(need, "per_hour") == 0 ? "--per-hour"
                       : strcmp(need, "count") == 0  ? "--count"
                       : strcmp(need, "seconds") == 0 ? "--seconds"
                                                      : "--prices";
    if (!ak_arg_str(&a, need)) {
        json_decref(b);
        rc = ak_rt_fail("the following arguments are required: %s", flag);
        return ak_cli_end(&a, &rt, rc == 1 ? 2 : rc);
    }
    if (strcmp(need, "prices") == 0) {
        json_t *pa = json_array();
        char *list = ak_xstrdup(ak_arg_str(&a, "prices")), *save = NULL;
        for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            char *end = NULL;
            double p = strtod(t, &end);
            if (end == t || *end) {
                rc = ak_rt_fail("argument --prices: invalid price: '%s'", t);
                free(list);
                json_decref(pa);
                json_decref(b);
                rc = rc == 1 ? 2 : rc;
                return ak_cli_end(&a, &rt, rc);
            }
            json_array_append_new(pa, json_real(p));
        }
        free(list);
        json_object_set_new(b, "prices", pa);
        v = 60;
        if (ak_arg_str(&a, "step") && (rc = number_arg(&a, "step", &v)) != 0) {
            json_decref(b);
            return ak_cli_end(&a, &rt, rc);
        }
        json_object_set_new(b, "stepSeconds", json_real(v));
    } else {
        if ((rc = number_arg(&a, need, &v)) != 0) {
            json_decref(b);
            return ak_cli_end(&a, &rt, rc);
        }
        json_object_set_new(b, strcmp(need, "per_hour") == 0 ? "perHour" : need, json_real(v));
        if (strcmp(type, "provision-failure") == 0) {
            double ex = 50;
            if (ak_arg_str(&a, "exit_code") && (rc = number_arg(&a, "exit_code", &ex)) != 0) {
                json_decref(b);
                return ak_cli_end(&a, &rt, rc);
            }
            json_object_set_new(b, "exitCode", json_real(ex));
        }
    }
    rc = post_fault(&rt, b);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_fault_list(const char *prog, const char *summary, int argc, char **argv)
{
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, NULL, 0, argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    struct ak_resp r;
    rc = ak_rt_call(&rt, "GET", FAULTS_PATH, NULL, &r);
    if (rc == 0) {
        if (r.status != 200) {
            rc = ak_rt_http_error(&rt, &r);
        } else {
            json_t *v = json_object_get(r.json, "value");
            rc = ak_rt_print(&rt, v ? json_incref(v) : json_array(), NULL);
        }
        ak_resp_release(&r);
    }
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_vmss_simulate_eviction(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "Name of resource group."},
        {"name", "--name -n", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "Scale set name."},
        {"instance_id", "--instance-id", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "The instance ID of the virtual machine."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = ak_rt_path(&rt,
                            "/resourceGroups/%s/providers/Microsoft.Compute/virtualMachineScaleSets/%s/"
                            "virtualMachines/%s/simulateEviction?api-version=" AK_API_COMPUTE,
                            ak_arg_str(&a, "resource_group"), ak_arg_str(&a, "name"),
                            ak_arg_str(&a, "instance_id"));
    struct ak_resp r;
    rc = ak_rt_call(&rt, "POST", path, NULL, &r);
    free(path);
    if (rc == 0) {
        if (r.status != 204 && r.status != 200)
            rc = ak_rt_http_error(&rt, &r);
        ak_resp_release(&r);
    }
    return ak_cli_end(&a, &rt, rc);
}
