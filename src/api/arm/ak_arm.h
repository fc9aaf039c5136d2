/* ak_arm.h - the Azure Resource Manager front door: subscriptions, resource groups,
 * Microsoft.ContainerService managedClusters/agentPools, the node resource group's
 * Microsoft.Compute scale sets, long-running operations, and a fake ADFS authority so that
 * the real az CLI logs in offline. Shapes and status codes follow az 2.45 and the 2022-11-01
 * specs (reference/az-requests.md, arm-api.md). Paths match case-insensitively. */
#ifndef AK_ARM_H
#define AK_ARM_H

#include <stdbool.h>
#include <stdint.h>

#include "../../ctrl/ak_ctrl.h"
#include "../../state/ak_state.h"
#include "../ak_http.h"

struct ak_arm;
struct ak_meter;

struct ak_arm_config {
    const char *ca_pem;       /* for kubeconfigs */
    int64_t provision_ms;     /* duration of every long-running operation */
    uint16_t port;            /* for absolute URLs when the client sent no Host */
    double speed;             /* life-cycle timings (spot notice) run this many times faster */
    struct ak_runcmd *runcmd; /* run command (VMSS VMs, az aks command invoke); may be NULL */
    const char *token;        /* requests need this bearer token or a JWT signed with it
                               * (ak_auth.h); NULL: no authentication (--auth none) */
    struct ak_meter *meter;   /* the cost meter for Cost Management queries; may be NULL */
};

struct ak_arm *ak_arm_new(struct ak_state *st, struct ak_ctrl *ctrl, const struct ak_arm_config *cfg);
void ak_arm_free(struct ak_arm *arm);
/* Handles every path that is not the Kubernetes API. */
void ak_arm_handle(struct ak_arm *arm, struct ak_http_req *req, struct ak_http_resp *resp);

#endif
