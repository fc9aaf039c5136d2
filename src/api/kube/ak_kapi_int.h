/* ak_kapi_int.h - shared by the Kubernetes API's files (not a public header). */
#ifndef AK_KAPI_INT_H
#define AK_KAPI_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "ak_kapi.h"
#include "../../kube/ak_kinds.h"
#include "../../kube/ak_kstore.h"
#include "../../kube/ak_kworld.h"

#define KAPI_MAX_SEGS 16

struct ak_kapi {
    struct ak_kworld *world;
    struct ak_http *http;
    char *version;      /* "1.32.6" of the server when the cluster has none */
    bool open;          /* --auth none: requests without a cluster token are admin's */
};

struct kreq {
    struct ak_kapi *api;
    struct ak_http_req *req;
    struct ak_http_resp *resp;
    struct ak_kcluster *kc;
    struct ak_kstore *ks;
    const char *method;
    char *seg[KAPI_MAX_SEGS];
    int nseg;
    /* resource addressing */
    const struct ak_kind_info *ki;
    const char *ns;  /* NULL: all namespaces / cluster-scoped */
    const char *name;
    const char *sub; /* subresource */
    bool admin;
};

/* Status responses (kube-apiserver's shapes). details may be NULL. */
void kapi_status(struct kreq *r, int code, const char *reason, json_t *details, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void kapi_status_err(struct kreq *r, const struct ak_err *err, const char *name);
void kapi_not_found(struct kreq *r, const struct ak_kind_info *ki, const char *name);
void kapi_json(struct kreq *r, int code, json_t *body); /* takes the reference */
void kapi_raw(struct kreq *r, int code, const char *ctype, const char *body, size_t len);
bool kapi_wants_table(const struct kreq *r);
const char *kapi_query(const struct kreq *r, const char *name);
bool kapi_commit(struct kreq *r);

/* resources (ak_kapi_res.c) */
void kapi_resource(struct kreq *r);
/* body -> JSON object: application/json, YAML (+apply-patch+yaml), protobuf. */
json_t *kapi_decode_body(struct kreq *r, bool allow_empty);

/* watch (ak_kapi_watch.c) */
struct kapi_filter;
void kapi_watch(struct kreq *r, struct kapi_filter *f, uint64_t from_rv, bool table);
void ak_kapi_cluster_gone(struct ak_kstore *ks);
/* list filtering */
struct kapi_filter *kapi_filter_parse(struct kreq *r); /* NULL when it answered an error */
bool kapi_filter_match(const struct kapi_filter *f, const struct ak_kobj *o);
bool kapi_filter_match_json(const struct kapi_filter *f, const json_t *obj);
void kapi_filter_free(struct kapi_filter *f);
void kapi_filter_set_ns(struct kapi_filter *f, const char *ns); /* borrowed */
/* Table rows */
json_t *kapi_table_row(struct kreq *r, const struct ak_kobj *o, const json_t *obj, bool include_full);

#endif
