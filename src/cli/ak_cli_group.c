/* ak_cli_group.c - `aksemu group create|show|list|delete|exists`, az 2.45's resource group
 * commands (Microsoft.Resources 2021-04-01). */
#include "ak_cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_cli_view.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

#define RG_MODEL "rs.ResourceGroup"
#define RG_NAME_HELP "Name of resource group."

int ak_cmd_group_create(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"name", "--name --resource-group -n -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "Name of the new resource group."},
        {"location", "--location -l", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "Location, e.g. eastus."},
        {"managed_by", "--managed-by", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "The ID of the resource that manages this resource group."},
        {"tags", "--tags", AK_A_LIST, AK_AT_STR, NULL, false, NULL,
         "Space-separated tags: key[=value] [key[=value] ...]. Use \"\" to clear existing tags."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    json_t *view = json_object();
    json_object_set_new(view, "location", json_string(ak_arg_str(&a, "location")));
    if (ak_arg_str(&a, "managed_by"))
        json_object_set_new(view, "managedBy", json_string(ak_arg_str(&a, "managed_by")));
    json_t *tags = ak_cli_tags(ak_arg_list(&a, "tags"));
    if (tags)
        json_object_set_new(view, "tags", tags);
    json_t *body = ak_view_body(RG_MODEL, view);
    json_decref(view);
    char *path = ak_rt_path(&rt, "/resourcegroups/%s?api-version=" AK_API_RG, ak_arg_str(&a, "name"));
    struct ak_resp r;
    if (ak_rt_call(&rt, "PUT", path, body, &r) != 0) {
        rc = 1;
    } else if (r.status >= 400) {
        rc = ak_rt_http_error(&rt, &r);
    } else if (r.json) {
        rc = ak_rt_print(&rt, ak_view(RG_MODEL, r.json), NULL);
    }
    ak_resp_release(&r);
    free(path);
    json_decref(body);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_group_show(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"name", "--name -n --resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL, RG_NAME_HELP},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = ak_rt_path(&rt, "/resourcegroups/%s?api-version=" AK_API_RG, ak_arg_str(&a, "name"));
    json_t *wire;
    rc = ak_cli_get(&rt, path, &wire);
    if (rc == 0)
        rc = ak_rt_print(&rt, ak_view(RG_MODEL, wire), NULL);
    json_decref(wire);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_group_list(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"tag", "--tag", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "A single tag in 'key[=value]' format (filters the list)."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = ak_rt_path(&rt, "/resourcegroups?api-version=" AK_API_RG);
    json_t *items;
    rc = ak_cli_list_all(&rt, path, &items);
    free(path);
    if (rc == 0) {
        /* --tag key[=value]: az asks the server with $filter; aksemu filters the list */
        const char *tag = ak_arg_str(&a, "tag");
        char *tk = NULL;
        const char *tv = NULL;
        if (tag && *tag) {
            const char *eq = strchr(tag, '=');
            tk = eq ? ak_xstrndup(tag, (size_t)(eq - tag)) : ak_xstrdup(tag);
            tv = eq ? eq + 1 : NULL;
        }
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(items); i++) {
            json_t *it = json_array_get(items, i);
            if (tk) {
                json_t *v = json_object_get(json_object_get(it, "tags"), tk);
                if (!v || (tv && *tv && !(json_is_string(v) && strcmp(json_string_value(v), tv) == 0)))
                    continue;
            }
            json_array_append_new(out, ak_view(RG_MODEL, it));
        }
        free(tk);
        rc = ak_rt_print(&rt, out,
                         "[*].{Name: name, Location: location, Status: properties.provisioningState}");
    }
    json_decref(items);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_group_exists(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"name", "--name -n --resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL, RG_NAME_HELP},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = ak_rt_path(&rt, "/resourcegroups/%s?api-version=" AK_API_RG, ak_arg_str(&a, "name"));
    struct ak_resp r;
    if (ak_rt_call(&rt, "HEAD", path, NULL, &r) != 0)
        rc = 1;
    else if (r.status == 204 || r.status == 200)
        rc = ak_rt_print(&rt, json_true(), NULL);
    else if (r.status == 404)
        rc = ak_rt_print(&rt, json_false(), NULL);
    else
        rc = ak_rt_http_error(&rt, &r);
    ak_resp_release(&r);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_group_delete(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"name", "--name -n --resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL, RG_NAME_HELP},
        {"force_deletion_types", "--force-deletion-types -f", AK_A_VAL, AK_AT_ENUM,
         "Microsoft.Compute/virtualMachines Microsoft.Compute/virtualMachineScaleSets", false, NULL,
         "The resource types you want to force delete."},
        {"no_wait", "--no-wait", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
         "Do not wait for the long-running operation to finish."},
        {"yes", "--yes -y", AK_A_FLAG, AK_AT_STR, NULL, false, NULL, "Do not prompt for confirmation."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_cli_confirm(&rt, ak_arg_flag(&a, "yes"))) != 0 ||
        (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    const char *force = ak_arg_str(&a, "force_deletion_types");
    char *path = force ? ak_rt_path(&rt, "/resourcegroups/%s?api-version=" AK_API_RG
                                         "&forceDeletionTypes=%s",
                                    ak_arg_str(&a, "name"), force)
                       : ak_rt_path(&rt, "/resourcegroups/%s?api-version=" AK_API_RG,
                                    ak_arg_str(&a, "name"));
    json_t *res = NULL;
    rc = ak_rt_lro(&rt, AK_LRO_DELETE, path, NULL, ak_arg_flag(&a, "no_wait"), &res);
    json_decref(res);
    free(path);
    return ak_cli_end(&a, &rt, rc);
}
