/* ak_cli_vmss.c - `aksemu vmss list|list-instances`, az 2.45's scale set listings
 * (Microsoft.Compute 2022-11-01), e.g. for an AKS node resource group. */
#include "ak_cli_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "ak_cli_view.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

static int list_and_print(struct ak_rt *rt, const char *path, const char *model, const char *table)
{
    json_t *items;
    int rc = ak_cli_list_all(rt, path, &items);
    if (rc == 0) {
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(items); i++)
            json_array_append_new(out, ak_view(model, json_array_get(items, i)));
        rc = ak_rt_print(rt, out, table);
    }
    json_decref(items);
    return rc;
}

int ak_cmd_vmss_list(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
         "Name of resource group (default: every scale set of the subscription)."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    const char *rg = ak_arg_str(&a, "resource_group");
    char *path = rg ? ak_rt_path(&rt,
                                 "/resourceGroups/%s/providers/Microsoft.Compute/"
                                 "virtualMachineScaleSets?api-version=" AK_API_COMPUTE,
                                 rg)
                    : ak_rt_path(&rt, "/providers/Microsoft.Compute/virtualMachineScaleSets"
                                      "?api-version=" AK_API_COMPUTE);
    rc = list_and_print(&rt, path, "cp.VirtualMachineScaleSet",
                        "[].{Name:name, ResourceGroup:resourceGroup, Location:location, "
                        "Zones: (!zones && ' ') || join(' ', zones), Capacity:sku.capacity, "
                        "Overprovision:overprovision, UpgradePolicy:upgradePolicy.mode}");
    free(path);
    return ak_cli_end(&a, &rt, rc);
}

int ak_cmd_vmss_list_instances(const char *prog, const char *summary, int argc, char **argv)
{
    static const struct ak_argspec spec[] = {
        {"resource_group", "--resource-group -g", AK_A_VAL, AK_AT_STR, NULL, true, NULL,
         "Name of resource group."},
        {"name", "--name -n", AK_A_VAL, AK_AT_STR, NULL, true, NULL, "Scale set name."},
    };
    struct ak_args a;
    struct ak_rt rt;
    int rc = ak_cli_begin(&a, &rt, prog, summary, spec, AK_ARRAY_LEN(spec), argc, argv);
    if (rc || (rc = ak_rt_connect(&rt)) != 0)
        return ak_cli_end(&a, &rt, rc);
    char *path = ak_rt_path(&rt,
                            "/resourceGroups/%s/providers/Microsoft.Compute/virtualMachineScaleSets/%s/"
                            "virtualMachines?api-version=" AK_API_COMPUTE,
                            ak_arg_str(&a, "resource_group"), ak_arg_str(&a, "name"));
    /* az prints these columns (its automatic table of the instance objects) */
    rc = list_and_print(&rt, path, "cp.VirtualMachineScaleSetVM",
                        "[].{InstanceId: instanceId, LatestModelApplied: latestModelApplied, "
                        "Location: location, Name: name, ProvisioningState: provisioningState, "
                        "ResourceGroup: resourceGroup, VmId: vmId}");
    free(path);
    return ak_cli_end(&a, &rt, rc);
}
