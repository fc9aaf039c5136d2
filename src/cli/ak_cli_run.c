/* ak_cli_run.c - `aksemu aks nodepool run`: the guide's command (reference/aks-node-pools-guide.txt)
 * that az 2.45 does not have. It runs a shell command on the nodes of a pool through the
 * scale set's run command (RunShellScript), all nodes at once, and prints each node's output:
 * with one node (--node / --instance-id) its stdout and stderr as they are, otherwise a
 * "[node]" header before each node's output. -o json gives one object per node. As with
 * RunCommandLinux, the command's exit status is not reported, and only the last 4096 bytes
 * of each stream come back. */
#include "ak_cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

struct target {
    char *node;
    char *iid;
    char *poll;      /* Location of the run */
    json_t *result;  /* RunCommandResult */
    int rc;
};

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* Splits RunCommandLinux's "Enable succeeded: \n[stdout]\n...\n[stderr]\n..." message. */
static void split_message(const char *m, char **out, char **err)
{
    const char *so = strstr(m, "[stdout]\n");
    const char *se = so ? strstr(so, "\n[stderr]\n") : NULL;
    if (!so || !se) {
        *out = ak_xstrdup(m);
        *err = ak_xstrdup("");
        return;
    }
    so += strlen("[stdout]\n");
    *out = ak_xstrndup(so, (size_t)(se - so));
    *err = ak_xstrdup(se + strlen("\n[stderr]\n"));
}

static const char *message_of(const json_t *result)
{
    return json_string_value(json_object_get(json_array_get(json_object_get(result, "value"), 0), "message"));
}

int ak_cmd_np_run(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "Name of resource group."},
        {"cluster_name", "--cluster-name", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "The cluster name."},
        {"nodepool_name", "--nodepool-name --name -n", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "The node pool name."},
        {"command", "--command -c", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "The shell command to run on the nodes (as root, like RunShellScript)."},
        {"node", "--node", AK_A_VAL, AK_AT_STR, NULL, false, NULL, "Run on this node only (its name)."},
        {"instance_id", "--instance-id", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Run on this scale set instance only."},
    };
    struct ak_args a;
    struct ak_rt rt;
    struct target *t = NULL;
    size_t nt = 0;
    json_t *cl = NULL, *vmsss = NULL, *vms = NULL, *out = NULL;
    char *path = NULL;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        goto done;
    const char *rg = ak_arg_str(&a, "resource_group"), *cname = ak_arg_str(&a, "cluster_name");
    const char *pool = ak_arg_str(&a, "nodepool_name"), *command = ak_arg_str(&a, "command");
    const char *want_node = ak_arg_str(&a, "node"), *want_iid = ak_arg_str(&a, "instance_id");
    if (!*command) {
        rc = ak_rt_fail("--command cannot be empty.");
        goto done;
    }
    path = ak_rt_path(&rt,
                      "/resourceGroups/%s/providers/Microsoft.ContainerService/managedClusters/%s/agentPools/%s"
                      "?api-version=" AK_API_CS,
                      rg, cname, pool);
    json_t *p = NULL;
    if ((rc = ak_cli_get(&rt, path, &p)) != 0)
        goto done;
    json_decref(p);
    free(path);
    path = ak_rt_path(&rt, "/resourceGroups/%s/providers/Microsoft.ContainerService/managedClusters/%s"
                           "?api-version=" AK_API_CS,
                      rg, cname);
    if ((rc = ak_cli_get(&rt, path, &cl)) != 0)
        goto done;
    const char *nrg = json_string_value(json_object_get(json_object_get(cl, "properties"), "nodeResourceGroup"));
    free(path);
    path = ak_rt_path(&rt, "/resourceGroups/%s/providers/Microsoft.Compute/virtualMachineScaleSets?api-version=" AK_API_COMPUTE,
                      nrg ? nrg : "");
    if ((rc = ak_cli_list_all(&rt, path, &vmsss)) != 0)
        goto done;
    const char *vmss = NULL;
    for (size_t i = 0; i < json_array_size(vmsss) && !vmss; i++) {
        json_t *v = json_array_get(vmsss, i);
        const char *tp = json_string_value(json_object_get(json_object_get(v, "tags"), "aks-managed-poolName"));
        if (tp && strcasecmp(tp, pool) == 0)
            vmss = json_string_value(json_object_get(v, "name"));
    }
    if (!vmss) {
        rc = ak_rt_fail("The node pool %s has no scale set in %s.", pool, nrg ? nrg : "?");
        goto done;
    }
    free(path);
    path = ak_rt_path(&rt, "/resourceGroups/%s/providers/Microsoft.Compute/virtualMachineScaleSets/%s/"
                           "virtualMachines?api-version=" AK_API_COMPUTE,
                      nrg, vmss);
    if ((rc = ak_cli_list_all(&rt, path, &vms)) != 0)
        goto done;
    t = ak_xcalloc(json_array_size(vms) + 1, sizeof(*t));
    for (size_t i = 0; i < json_array_size(vms); i++) {
        json_t *v = json_array_get(vms, i);
        const char *iid = json_string_value(json_object_get(v, "instanceId"));
        const char *node = json_string_value(
            json_object_get(json_object_get(json_object_get(v, "properties"), "osProfile"), "computerName"));
        if (!iid || !node || (want_node && strcasecmp(want_node, node) != 0) ||
            (want_iid && strcmp(want_iid, iid) != 0))
            continue;
        t[nt].node = ak_xstrdup(node);
        t[nt].iid = ak_xstrdup(iid);
        nt++;
    }
    if (nt == 0) {
        if (want_node || want_iid)
            rc = ak_rt_fail("The node pool %s has no node %s.", pool, want_node ? want_node : want_iid);
        else
            rc = ak_rt_fail("The node pool %s has no nodes.", pool);
        goto done;
    }
    /* start every run, then collect the results */
    json_t *body = json_pack("{s:s,s:[s],s:[]}", "commandId", "RunShellScript", "script", command, "parameters");
    for (size_t i = 0; i < nt; i++) {
        char *rp = ak_rt_path(&rt, "/resourceGroups/%s/providers/Microsoft.Compute/virtualMachineScaleSets/%s/"
                                   "virtualmachines/%s/runCommand?api-version=" AK_API_COMPUTE,
                              nrg, vmss, t[i].iid);
        struct ak_resp r;
        if (ak_rt_call(&rt, "POST", rp, body, &r) != 0) {
            t[i].rc = 1;
        } else if (r.status >= 400) {
            fprintf(stderr, "[%s]\n", t[i].node);
            t[i].rc = ak_rt_http_error(&rt, &r);
        } else {
            t[i].poll = ak_xstrdup(r.location ? r.location : r.aso);
        }
        ak_resp_release(&r);
        free(rp);
    }
    json_decref(body);
    for (size_t i = 0; i < nt; i++) {
        while (t[i].poll && !t[i].result && !t[i].rc) {
            struct ak_resp r;
            if (ak_rt_call(&rt, "GET", t[i].poll, NULL, &r) != 0) {
                t[i].rc = 1;
                break;
            }
            if (r.status == 202 || (r.status == 200 && r.json && json_object_get(r.json, "status") &&
                                    strcasecmp(json_string_value(json_object_get(r.json, "status")), "InProgress") == 0)) {
                nap_ms(r.retry_after > 0 ? r.retry_after * 1000L : 500);
            } else if (r.status >= 400) {
                fprintf(stderr, "[%s]\n", t[i].node);
                t[i].rc = ak_rt_http_error(&rt, &r);
            } else {
                json_t *res = r.json && json_object_get(r.json, "properties")
                                  ? json_object_get(json_object_get(r.json, "properties"), "output")
                                  : r.json;
                t[i].result = json_incref(res ? res : json_object());
            }
            ak_resp_release(&r);
        }
    }
    bool plain = !ak_arg_str(&a, "output");
    bool single = want_node || want_iid;
    if (!plain) {
        out = json_array();
        for (size_t i = 0; i < nt; i++) {
            char *so = NULL, *se = NULL;
            const char *m = t[i].result ? message_of(t[i].result) : NULL;
            if (m)
                split_message(m, &so, &se);
            json_array_append_new(out, json_pack("{s:s,s:s,s:s?,s:s?,s:s?}", "node", t[i].node, "instanceId", t[i].iid,
                                                 "stdout", so, "stderr", se, "message", m));
            free(so);
            free(se);
        }
        int prc = ak_rt_print(&rt, out, NULL);
        out = NULL;
        if (prc)
            rc = prc;
    } else {
        for (size_t i = 0; i < nt; i++) {
            const char *m = t[i].result ? message_of(t[i].result) : NULL;
            if (!m)
                continue;
            char *so, *se;
            split_message(m, &so, &se);
            if (!single)
                printf("%s[%s]\n", i ? "\n" : "", t[i].node);
            fputs(so, stdout);
            if (*so && so[strlen(so) - 1] != '\n')
                putchar('\n');
            fflush(stdout);
            fputs(se, stderr);
            free(so);
            free(se);
        }
    }
    for (size_t i = 0; i < nt; i++)
        if (t[i].rc && !rc)
            rc = t[i].rc;
done:
    for (size_t i = 0; i < nt; i++) {
        free(t[i].node);
        free(t[i].iid);
        free(t[i].poll);
        json_decref(t[i].result);
    }
    free(t);
    json_decref(cl);
    json_decref(vmsss);
    json_decref(vms);
    json_decref(out);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}
