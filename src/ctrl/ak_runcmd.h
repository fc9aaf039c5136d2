/* ak_runcmd.h - commands run on emulated nodes and in the cluster (reference/runcmd-facts.md):
 *   VMSS VM run command (RunShellScript): the script runs as root in a sandbox whose root is
 *     the instance's own node directory (DATA/nodefs/<vmId>/root, kept between runs like the
 *     VM's disk), refreshed first with the files an AKS node holds (ak_nodefiles: its
 *     provisioning logs, syslog of its life, kubelet config, df of the disk model). Result:
 *     RunCommandResult {"value":[{"code":"ProvisioningState/succeeded",...,"message":"Enable
 *     succeeded: \n[stdout]\n<last 4096 B>\n[stderr]\n<last 4096 B>"}]}; the exit status is not
 *     reported (as RunCommandLinux). One run per VM at a time (409 Conflict).
 *   managed cluster runCommand (az aks command invoke): a pod command-<id> in namespace
 *     aks-command (requests 200m/500Mi, limits 500m/1Gi) is scheduled like any pod; once it
 *     runs, the command runs in a sandbox with the host's kubectl bound in and a kubeconfig
 *     for the cluster's API (the sandbox shares the host network so kubectl reaches the
 *     daemon), with the attached files unzipped in its working directory. The pod then
 *     Succeeds or Fails with the command's exit code. Not running within 30 s (emulated):
 *     KubernetesPerformanceError.
 * Runs live in memory (as Azure keeps operation results for a while): after a restart their
 * ids are unknown. Timings are emulated (world speed). */
#ifndef AK_RUNCMD_H
#define AK_RUNCMD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../kube/ak_kworld.h"
#include "../state/ak_state.h"
#include "../util/ak_err.h"

struct ak_runcmd;

struct ak_runcmd_config {
    const char *data_dir;  /* node directories go to DATA/nodefs */
    int64_t provision_ms;  /* how long provisioning took (for the nodes' logs) */
    const char *kubectl;   /* host kubectl for command invoke; NULL: found on PATH */
    int64_t timeout_ms;    /* VM runs are killed after this (real ms); 0: 90 min emulated */
};

enum ak_run_kind { AK_RUN_VM, AK_RUN_AKS };

struct ak_run {
    char id[40];
    enum ak_run_kind kind;
    char status[16];  /* InProgress | Succeeded | Failed */
    int64_t start_ms, end_ms;
    char location[64];
    json_t *result;   /* VM: RunCommandResult; AKS: the commandResults "properties" */
    char err_code[64];
    char *err_msg;
};

struct ak_runcmd *ak_runcmd_new(struct ak_kworld *w, const struct ak_runcmd_config *cfg);
void ak_runcmd_free(struct ak_runcmd *rc);

/* Starts RunShellScript on the instance: script lines, parameters [{"name","value"}] (may be
 * NULL). Errors: 409 OperationNotAllowed (not running), 409 Conflict (a run in progress). */
const struct ak_run *ak_runcmd_vm(struct ak_runcmd *rc, struct ak_instance *in, const json_t *script,
                                  const json_t *params, struct ak_err *err);
/* Starts `command` in the cluster; context: base64 zip of attached files ("" none);
 * kubeconfig: the text the command's kubectl uses. */
const struct ak_run *ak_runcmd_aks(struct ak_runcmd *rc, struct ak_cluster *cl, const char *command,
                                   const char *context, const char *kubeconfig, struct ak_err *err);
const struct ak_run *ak_runcmd_get(struct ak_runcmd *rc, const char *id);

#endif
