/* ak_cli.c - `aksemu group|aks|vmss|az-env ...`: finds the az-style command, refuses
 * arguments that are only whitespace (the symptom of a pasted "\ # comment" line), and
 * runs it. */
#include "ak_cli.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ak_cli_int.h"
#include "../util/ak_buf.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

struct cmd {
    const char *path; /* words after "aksemu" */
    ak_cmd_fn fn;
    const char *summary;
};

static const struct cmd cmds[] = {
    {"group create", ak_cmd_group_create, "Create a new resource group."},
    {"group delete", ak_cmd_group_delete, "Delete a resource group."},
    {"group exists", ak_cmd_group_exists, "Check if a resource group exists."},
    {"group list", ak_cmd_group_list, "List resource groups."},
    {"group show", ak_cmd_group_show, "Gets a resource group."},
    {"aks create", ak_cmd_aks_create, "Create a new managed Kubernetes cluster."},
    {"aks delete", ak_cmd_aks_delete, "Delete a managed Kubernetes cluster."},
    {"aks get-credentials", ak_cmd_aks_get_credentials,
     "Get access credentials for a managed Kubernetes cluster."},
    {"aks list", ak_cmd_aks_list, "List managed Kubernetes clusters."},
    {"aks show", ak_cmd_aks_show, "Show the details for a managed Kubernetes cluster."},
    {"aks nodepool add", ak_cmd_np_add, "Add a node pool to the managed Kubernetes cluster."},
    {"aks nodepool delete", ak_cmd_np_delete, "Delete the agent pool in the managed Kubernetes cluster."},
    {"aks nodepool get-upgrades", ak_cmd_np_get_upgrades,
     "Get the available upgrade versions for an agent pool of the managed Kubernetes cluster."},
    {"aks nodepool list", ak_cmd_np_list, "List node pools in the managed Kubernetes cluster."},
    {"aks nodepool run", ak_cmd_np_run,
     "Run a shell command on a node pool's nodes (RunShellScript) and print each node's output."},
    {"aks nodepool scale", ak_cmd_np_scale, "Scale the node pool in a managed Kubernetes cluster."},
    {"aks nodepool show", ak_cmd_np_show, "Show the details for a node pool in the managed Kubernetes cluster."},
    {"aks nodepool update", ak_cmd_np_update, "Update a node pool properties."},
    {"aks nodepool wait", ak_cmd_np_wait, "Wait for a node pool to reach a desired state."},
    {"vmss list", ak_cmd_vmss_list, "List VMSS."},
    {"vmss list-instances", ak_cmd_vmss_list_instances,
     "Get a list of all virtual machines in a VM scale sets."},
    {"vmss simulate-eviction", ak_cmd_vmss_simulate_eviction,
     "Simulate the eviction of a Spot virtual machine in a VM scale set."},
    {"fault list", ak_cmd_fault_list, "List the faults in effect."},
    {"fault node-unhealthy", ak_cmd_fault_node,
     "Make a node's kubelet stop posting: NotReady, then AKS auto-repair."},
    {"fault node-healthy", ak_cmd_fault_node, "Let a node's kubelet post again."},
    {"fault spot-evict", ak_cmd_fault_node, "Evict a spot node now (Preempt, 30 s notice)."},
    {"fault disk-fill", ak_cmd_fault_node, "Put data on a node's OS disk outside its pods (0 removes it)."},
    {"fault eviction-rate", ak_cmd_fault_pool, "Evict a spot pool's nodes at random, at a rate per node-hour."},
    {"fault spot-price", ak_cmd_fault_pool,
     "Give a spot pool a price series; prices above its spotMaxPrice evict its nodes."},
    {"fault provision-failure", ak_cmd_fault_pool,
     "Make the next new instances of a pool fail provisioning (CSE exit status)."},
    {"fault slow-provisioning", ak_cmd_fault_pool,
     "Make a pool's instance-creating operations take longer."},
};

static const struct {
    const char *path;
    const char *summary;
} groups[] = {
    {"group", "Manage resource groups and template deployments."},
    {"aks", "Manage Azure Kubernetes Services."},
    {"aks nodepool", "Commands to manage node pools in Kubernetes kubernetes cluster."},
    {"vmss", "Manage groupings of virtual machines in an Azure Virtual Machine Scale Set (VMSS)."},
    {"fault", "Inject faults into the emulated clusters (aksemu's own commands)."},
};

static bool only_whitespace(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* A lone " " argument: bash turned "\ " (backslash, space) into an argument, and the
 * "# comment" after it ended the command, so the lines below were never part of it. */
static int lone_whitespace(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        if (!only_whitespace(argv[i]))
            continue;
        struct ak_buf shown = AK_BUF_INIT(4096), before = AK_BUF_INIT(4096);
        for (const char *p = argv[i]; *p; p++)
            ak_buf_puts(&shown, *p == ' ' ? " " : *p == '\t' ? "\\t" : *p == '\n' ? "\\n" : "\\r");
        for (int j = i - 2 < 1 ? 1 : i - 2; j < i; j++)
            ak_buf_printf(&before, "%s%s", before.len ? " " : "", argv[j]);
        fprintf(stderr,
                "ERROR: argument %d ('%s', right after '%s') is only whitespace, which is neither an "
                "option nor a value. Nothing was sent.\n",
                i - 1, ak_buf_cstr(&shown), ak_buf_cstr(&before));
        fputs("This is what bash makes of a line that ends with a backslash, a space and a "
              "'# comment', as in commands copied from web pages:\n"
              "    --eviction-policy Delete \\ # This is what you want...\n"
              "There '\\ ' is an escaped space (this lone-space argument), not a line "
              "continuation, and '#' starts a comment that ends the command: the lines that "
              "followed were NOT part of this command (bash ran them as commands of their own).\n"
              "Fix: put the comments on their own lines above the command, and end each continued "
              "line with a bare backslash (nothing after it, not even a space).\n",
              stderr);
        ak_buf_release(&shown);
        ak_buf_release(&before);
        return 2;
    }
    return 0;
}

static void group_help(const char *gpath, FILE *f)
{
    const char *summary = "";
    for (size_t i = 0; i < AK_ARRAY_LEN(groups); i++)
        if (strcmp(groups[i].path, gpath) == 0)
            summary = groups[i].summary;
    fprintf(f, "\nGroup\n    az %s : %s\n", gpath, summary);
    size_t glen = strlen(gpath);
    bool header = false;
    for (size_t i = 0; i < AK_ARRAY_LEN(groups); i++) {
        const char *p = groups[i].path;
        if (strncmp(p, gpath, glen) == 0 && p[glen] == ' ' && !strchr(p + glen + 1, ' ')) {
            if (!header)
                fputs("\nSubgroups:\n", f);
            header = true;
            fprintf(f, "    %-16s: %s\n", p + glen + 1, groups[i].summary);
        }
    }
    fputs("\nCommands:\n", f);
    for (size_t i = 0; i < AK_ARRAY_LEN(cmds); i++) {
        const char *p = cmds[i].path;
        if (strncmp(p, gpath, glen) == 0 && p[glen] == ' ' && !strchr(p + glen + 1, ' '))
            fprintf(f, "    %-16s: %s\n", p + glen + 1, cmds[i].summary);
    }
    fputc('\n', f);
}

static bool is_group(const char *path)
{
    for (size_t i = 0; i < AK_ARRAY_LEN(groups); i++)
        if (strcmp(groups[i].path, path) == 0)
            return true;
    return false;
}

int ak_cli_main(int argc, char **argv)
{
    const char *cmd = argv[1];
    if (strcmp(cmd, "az-env") == 0)
        return ak_cmd_az_env(argc - 1, argv + 1);
    if (strcmp(cmd, "ui") == 0)
        return ak_cmd_ui(argc - 1, argv + 1);
    if (!is_group(cmd)) {
        fprintf(stderr, "aksemu: unknown command '%s' (run 'aksemu help')\n", cmd);
        return 2;
    }
    int rc = lone_whitespace(argc, argv);
    if (rc)
        return rc;
    /* longest command path first: "aks nodepool add" before "aks ..." */
    char path[256];
    int words = 0;
    const struct cmd *found = NULL;
    int found_words = 0;
    for (int w = 1; w <= 3 && w < argc; w++) {
        size_t off = 0;
        path[0] = '\0';
        for (int k = 1; k <= w; k++)
            off += (size_t)snprintf(path + off, sizeof(path) - off, "%s%s", k > 1 ? " " : "",
                                    argv[k]);
        for (size_t i = 0; i < AK_ARRAY_LEN(cmds); i++)
            if (strcmp(cmds[i].path, path) == 0) {
                found = &cmds[i];
                found_words = w;
            }
        if (is_group(path))
            words = w;
    }
    if (found) {
        char prog[300];
        snprintf(prog, sizeof(prog), "az %s", found->path);
        return found->fn(prog, found->summary, argc - 1 - found_words, argv + 1 + found_words);
    }
    /* a group: help, or a word az does not know */
    size_t off = 0;
    path[0] = '\0';
    for (int k = 1; k <= words; k++)
        off += (size_t)snprintf(path + off, sizeof(path) - off, "%s%s", k > 1 ? " " : "", argv[k]);
    int next = 1 + words;
    if (next >= argc || strcmp(argv[next], "-h") == 0 || strcmp(argv[next], "--help") == 0) {
        group_help(path, stdout);
        return 0;
    }
    fprintf(stderr, "ERROR: '%s' is misspelled or not recognized by the system.\n", argv[next]);
    if (strcmp(path, "aks nodepool") == 0 && strcmp(argv[next], "run") == 0)
        fputs("az 2.45 has no 'aks nodepool run' (the guide's example does not exist). To run a "
              "command on a node use 'az vmss run-command invoke'; for kubectl commands use 'az aks "
              "command invoke'.\n",
              stderr);
    else
        fprintf(stderr, "Run 'aksemu %s --help' for the commands aksemu emulates.\n", path);
    return 2;
}
