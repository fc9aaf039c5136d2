/* ak_arm_int.h - shared between the ARM front door's files (not a public header). */
#ifndef AK_ARM_INT_H
#define AK_ARM_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "ak_arm.h"

#define ARM_MAX_SEGS 24

struct ak_arm {
    struct ak_state *st;
    struct ak_ctrl *ctrl;
    char *ca_pem;
    int64_t provision_ms;
    uint16_t port;
    double speed;             /* life-cycle timings run this many times faster */
    struct ak_runcmd *runcmd;
    char *token;              /* NULL: no authentication */
    struct ak_meter *meter;   /* the cost meter (Cost Management query); may be NULL */
};

struct arm_ctx {
    struct ak_arm *arm;
    struct ak_state *st;
    struct ak_http_req *req;
    struct ak_http_resp *resp;
    const char *method;
    char *seg[ARM_MAX_SEGS];  /* path segments as sent */
    char *lseg[ARM_MAX_SEGS]; /* lower-case copies for matching */
    int nseg;
    char base[160];           /* "https://host:port" for absolute URLs */
    const char *api_version;
};

/* responses */
void arm_error(struct arm_ctx *c, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void arm_error_err(struct arm_ctx *c, const struct ak_err *err);
void arm_json(struct arm_ctx *c, int status, json_t *body); /* takes the reference */
void arm_empty(struct arm_ctx *c, int status);
/* Azure-AsyncOperation (+ Location when with_location) + Retry-After for a ContainerService op */
void arm_lro_headers(struct arm_ctx *c, const struct ak_op *op, bool with_location);
/* Parses the request body as a JSON object; on failure answers 400 and returns NULL. */
json_t *arm_body_object(struct arm_ctx *c, bool allow_empty);
bool arm_seg_is(const struct arm_ctx *c, int i, const char *lower);
/* Persists the change; on failure answers 500 and returns false. */
bool arm_commit(struct arm_ctx *c);

/* handlers (each answers the request) */
void arm_resource_groups(struct arm_ctx *c);  /* /subscriptions/{s}/resourcegroups[/{rg}] */
void arm_rg_resources(struct arm_ctx *c);     /* .../resourcegroups/{rg}/resources, /subscriptions/{s}/resources */
void arm_sub_operation_result(struct arm_ctx *c);
void arm_container_service(struct arm_ctx *c, int rg_seg /* index of rg name or -1 */, int prov_seg);
void arm_compute(struct arm_ctx *c, int rg_seg, int prov_seg);
void arm_faults(struct arm_ctx *c); /* /aksemu/v1/faults (ak_arm_fault.c) */
/* POST .../providers/Microsoft.CostManagement/query (ak_arm_cost.c) */
void arm_cost_query(struct arm_ctx *c, int rg_seg);
/* Schedules a spot eviction of the instance: a Preempt event with 30 s notice (scaled). */
int arm_spot_evict(struct ak_arm *arm, struct ak_instance *in, struct ak_err *err);

/* run command (ak_arm_run.c) */
void arm_vm_run_command(struct arm_ctx *c, struct ak_instance *in);       /* POST .../runCommand */
void arm_compute_location(struct arm_ctx *c, int prov);                   /* locations/{l}/... */
void arm_aks_run_command(struct arm_ctx *c, struct ak_cluster *cl);       /* POST .../runCommand */
void arm_aks_command_result(struct arm_ctx *c, struct ak_cluster *cl, const char *id);

/* rendering (ak_arm_render.c) */
json_t *arm_render_rg(const struct ak_rg *rg);
json_t *arm_render_cluster(struct ak_state *st, const struct ak_cluster *cl);
json_t *arm_render_pool(const struct ak_pool *p, bool as_profile);
json_t *arm_render_vmss(const struct ak_pool *p);
json_t *arm_render_vm(const struct ak_instance *in, bool instance_view);
json_t *arm_render_vm_instance_view(const struct ak_instance *in);
json_t *arm_render_vmss_instance_view(const struct ak_pool *p);
json_t *arm_render_op(const struct ak_op *op, const char *sub, const char *provider);
char *arm_kubeconfig(struct arm_ctx *c, const struct ak_cluster *cl, bool admin);

#endif
