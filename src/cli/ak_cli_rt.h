/* ak_cli_rt.h - what every az-style command shares once its arguments are parsed: the
 * daemon connection and subscription, ARM calls with azure-core's retries, error display
 * exactly as az prints ARM errors, long-running-operation polling, and the output step
 * (--query, then -o json|jsonc|yaml|yamlc|table|tsv|none). */
#ifndef AK_CLI_RT_H
#define AK_CLI_RT_H

#include <jansson.h>
#include <stdbool.h>

#include "ak_cli_args.h"
#include "ak_cli_jmes.h"
#include "ak_client.h"

#define AK_API_CS "2022-11-01"      /* Microsoft.ContainerService */
#define AK_API_COMPUTE "2022-11-01" /* Microsoft.Compute */
#define AK_API_RG "2021-04-01"      /* Microsoft.Resources */
#define AK_API_SUBS "2019-11-01"

enum ak_out_fmt { AK_OUT_JSON, AK_OUT_JSONC, AK_OUT_YAML, AK_OUT_YAMLC, AK_OUT_TABLE, AK_OUT_TSV, AK_OUT_NONE };

struct ak_rt {
    const struct ak_args *args;
    const char *command;       /* "aks nodepool add" */
    enum ak_out_fmt fmt;
    struct ak_jmes *query;
    bool only_show_errors, debug;
    bool open;
    struct ak_client c;
    char sub[128];
};

struct ak_resp {
    long status;
    json_t *json;      /* parsed body, NULL if empty or not JSON */
    char *body;        /* raw body (NUL-terminated) */
    char *aso;         /* Azure-AsyncOperation */
    char *location;    /* Location */
    int retry_after;   /* -1 if absent */
};

/* Checks --output and compiles --query (az does both while parsing: exit 2 on error).
 * Returns 0 or the exit code. */
int ak_rt_init(struct ak_rt *rt, const struct ak_args *args, const char *command);
/* Connects to the daemon and learns the subscription (--subscription, else the daemon's
 * first). Prints the error and returns 1 on failure. Idempotent. */
int ak_rt_connect(struct ak_rt *rt);
void ak_rt_release(struct ak_rt *rt);

/* "/subscriptions/SUB" + fmt, whose only conversions are %s: each argument is a path segment
 * or query value and is percent-encoded (everything but A-Za-z0-9 -._~), as the SDK does. */
char *ak_rt_path(const struct ak_rt *rt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Percent-encodes s (new string). */
char *ak_rt_escape(const char *s);

/* One ARM call (body may be NULL), retried like azure-core on 408/429/5xx and transport
 * errors. Returns 0 with *r filled (any status), or prints the transport error and returns 1.
 * Release r with ak_resp_release. */
int ak_rt_call(struct ak_rt *rt, const char *method, const char *path, const json_t *body,
               struct ak_resp *r);
void ak_resp_release(struct ak_resp *r);
/* Prints an HTTP error response the way az does and returns az's exit code (3 for 404). */
int ak_rt_http_error(struct ak_rt *rt, const struct ak_resp *r);
/* Prints "ERROR: msg" (az's CLIError) and returns 1. */
int ak_rt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "WARNING: msg" unless --only-show-errors. */
void ak_rt_warn(const struct ak_rt *rt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

enum ak_lro_kind { AK_LRO_PUT, AK_LRO_DELETE, AK_LRO_POST };

/* Sends method to path and follows the long-running operation to its end (unless no_wait):
 * polls Azure-AsyncOperation (or Location, or the resource) honouring Retry-After (1 s
 * when absent), shows " - Running .." on a terminal. For PUT, *result gets the final GET
 * of the resource; for POST the Location result; DELETE and no_wait give NULL.
 * Returns 0, or the exit code after printing the error. */
int ak_rt_lro(struct ak_rt *rt, enum ak_lro_kind kind, const char *path, const json_t *body,
              bool no_wait, json_t **result);

/* Output. transformer: az's table transformer as a JMESPath expression (applied to the
 * whole result when -o table and no --query), or NULL for the automatic table.
 * Takes result (may be NULL: prints nothing). Returns 0 or an exit code. */
int ak_rt_print(struct ak_rt *rt, json_t *result, const char *transformer);

/* Reason phrase of an HTTP status ("Not Found"). */
const char *ak_http_reason(long status);

#endif
