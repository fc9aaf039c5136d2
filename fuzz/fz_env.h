/* fz_env.h - shared by the fuzz targets (fuzz/fuzz_NAME.c): a NUL-terminated copy of the
 * input, and a stand-in for the HTTPS server's request object so the real ARM and Kubernetes
 * handlers can be driven without sockets, on an in-memory daemon (store ":memory:", virtual
 * clock). */
#ifndef FZ_ENV_H
#define FZ_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/ak_http.h"

/* Returns a malloc'd NUL-terminated copy of data (caller frees). */
char *fz_strndup(const uint8_t *data, size_t size);

/* Splits data at the first occurrence of the byte sep: a, alen before it, b, blen after it
 * (b NULL when sep is absent). */
void fz_split(const uint8_t *data, size_t size, uint8_t sep, const uint8_t **a, size_t *alen,
              const uint8_t **b, size_t *blen);

/* A request as the handlers see it after libmicrohttpd parsed it. */
#define FZ_MAX_ARGS 32
struct ak_http_req {
    char *method, *path;    /* path percent-decoded, as MHD hands it over */
    char *body;
    size_t body_len;
    char *qname[FZ_MAX_ARGS], *qval[FZ_MAX_ARGS];
    size_t nq;
    char *hname[FZ_MAX_ARGS], *hval[FZ_MAX_ARGS];
    size_t nh;
};

/* Parses "METHOD /path?query\r\nName: value\r\n...\r\n\r\nbody" (\n alone also ends a line)
 * into *req the way the daemon receives it: the query split at '&' and '=' and
 * percent-decoded ('+' is a space), header names case-insensitive, the body raw. Returns
 * false if the request line is missing. fz_req_release() frees it. */
bool fz_req_parse(struct ak_http_req *req, const uint8_t *data, size_t size);
void fz_req_release(struct ak_http_req *req);
void fz_req_set_header(struct ak_http_req *req, const char *name, const char *value);
void fz_resp_release(struct ak_http_resp *resp);

/* The in-memory daemon (built on first use): one subscription, resource group "fz-rg" and a
 * provisioned managed cluster "fz-aks" with a system pool, so paths under it reach the real
 * handlers. */
struct fz_world;
struct fz_world *fz_world_get(void);
/* Serves one request as the daemon's dispatcher does (/k8s/... and token-claimed paths to the
 * Kubernetes API, everything else to ARM), then runs the virtual loop for `advance_ms`. */
void fz_world_serve(struct fz_world *w, struct ak_http_req *req, struct ak_http_resp *resp,
                    int64_t advance_ms);
/* Runs the virtual loop for ms (operations finish, controllers run). */
void fz_world_serve_idle(struct fz_world *w, int64_t ms);
const char *fz_world_sub(const struct fz_world *w);      /* subscription id */
const char *fz_world_kube_id(const struct fz_world *w);  /* /k8s/<id>/ prefix */
const char *fz_world_token(const struct fz_world *w);    /* admin bearer token */

#endif
