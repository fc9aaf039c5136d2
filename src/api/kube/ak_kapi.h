/* ak_kapi.h - each emulated cluster's Kubernetes API, under /k8s/<cluster>/ on the daemon's
 * port (the path listClusterUserCredential's kubeconfig names): bearer-token auth, discovery
 * (aggregated and legacy), OpenAPI for kubectl's validation, CRUD with Table printing,
 * selectors, patches, watches, and the eviction / scale / status subresources. */
#ifndef AK_KAPI_H
#define AK_KAPI_H

#include "../ak_http.h"
#include "../../kube/ak_kworld.h"

struct ak_kapi;

struct ak_kapi *ak_kapi_new(struct ak_kworld *world);
void ak_kapi_free(struct ak_kapi *api);
/* Handles a request whose path starts with /k8s/. */
void ak_kapi_handle(struct ak_kapi *api, struct ak_http_req *req, struct ak_http_resp *resp);
/* /api/... and /apis/... without the /k8s/<id> prefix (kubectl get --raw keeps only the path
 * it is given) belong to the cluster whose token they carry. */
bool ak_kapi_claims(struct ak_kapi *api, struct ak_http_req *req);
/* --auth none: a request without a cluster's token (or with another one) acts as its admin. */
void ak_kapi_set_open(struct ak_kapi *api, bool open);

#endif
