/* ak_patch.h - PATCH bodies applied to Kubernetes objects the way kube-apiserver applies them:
 * JSON merge patch (RFC 7386), JSON patch (RFC 6902, with the quirks of the evanphx/json-patch
 * v4 library kube-apiserver uses) and strategic merge patch (k8s.io/apimachinery strategicpatch,
 * with the patch strategies and merge keys of the Go types of the kinds aksemu serves).
 *
 * Pure functions on jansson values: no I/O, no global state.
 *
 * Ownership: every function *borrows* doc, patch and ops (they are never modified) and returns
 * a *new reference* (or stores one in *out) that the caller must json_decref(). The result
 * never shares a json_t with doc or patch, so the caller may modify it freely.
 *
 * Errors: functions that take a struct ak_err fill it (when non-NULL) the way kube-apiserver
 * answers, ready to be rendered as a Status:
 *   400 "BadRequest"            malformed patch document, bad directive format, unparseable body
 *   413 "RequestEntityTooLarge" more than AK_PATCH_MAX_OPS JSON-patch operations
 *   415 "UnsupportedMediaType"  Content-Type not accepted
 *   422 "Invalid"               a JSON-patch operation failed (path missing, test failed, ...),
 *                               a list of lists in a strategic merge patch. As kube-apiserver
 *                               does, message is the generic "the server rejected our request
 *                               due to an error in our request"; the underlying cause
 *                               ("testing value /spec/replicas failed: test failed") is in
 *                               err->target for logs (kube-apiserver does not return it).
 *   500 ""                      strategic-merge errors kube-apiserver does not classify
 *                               (missing merge key, $setElementOrder mismatch, unknown $patch
 *                               value, ...): code 500, empty reason, message = the Go error
 *                               text, e.g. `map: map[image:x] does not contain declared merge
 *                               key: name`.
 * Patching is atomic: on failure nothing is returned and doc is untouched. */
#ifndef AK_PATCH_H
#define AK_PATCH_H

#include <jansson.h>
#include <stddef.h>

#include "../util/ak_err.h"

/* kube-apiserver's limits: maxJSONPatchOperations, and --json-patch-max-copy-bytes (the total
 * size, as compact JSON, of the values all "copy" operations of one patch may copy). */
#define AK_PATCH_MAX_OPS 10000
#define AK_PATCH_MAX_COPY_BYTES (3L * 1024 * 1024)

enum ak_patch_type {
    AK_PATCH_UNSUPPORTED, /* anything else: 415 */
    AK_PATCH_JSON,        /* application/json-patch+json */
    AK_PATCH_MERGE,       /* application/merge-patch+json */
    AK_PATCH_STRATEGIC,   /* application/strategic-merge-patch+json */
    AK_PATCH_APPLY,       /* application/apply-patch+yaml: server-side apply, not handled here */
};

/* The patch type of a Content-Type header value; parameters (";charset=utf-8") and surrounding
 * blanks are ignored, the media type is compared case-insensitively. NULL -> UNSUPPORTED. */
enum ak_patch_type ak_patch_type_of(const char *content_type);

/* RFC 7386 JSON merge patch: an object patch is merged member by member (null deletes, objects
 * recurse, anything else replaces); a non-object patch replaces the whole document. doc may be
 * NULL (treated as absent). Never fails. */
json_t *ak_merge_patch(const json_t *doc, const json_t *patch);

/* RFC 6902 JSON patch (add, remove, replace, move, copy, test; RFC 6901 pointers with ~0 ~1 and
 * "-" to append). ops must be an array of operation objects (null = no operations). Behaves as
 * kube-apiserver (evanphx/json-patch v4): negative array indices count from the end, "replace"
 * of a missing object member adds it, "add" without "value" adds null, "copy" from a missing
 * object member copies null, "test" of a missing member succeeds when value is null or absent,
 * path "" is only valid for "replace" (value must be an object or an array) and "test".
 * doc must be an object or an array. Returns NULL and fills err on failure (400 malformed
 * document, 413 too many operations, 422 an operation failed). */
json_t *ak_json_patch(const json_t *doc, const json_t *ops, struct ak_err *err);

/* Strategic merge patch, as StrategicMergeMapPatch() does server side for the Go type of
 * `kind` (the Kind name: "Pod", "Node", "Namespace", "Event", "Lease", "PodDisruptionBudget",
 * "Deployment", "ReplicaSet", "DaemonSet", "Job", "Service", "ServiceAccount", "ConfigMap",
 * "Secret", "PriorityClass"; other kinds get ObjectMeta's strategies only).
 * Lists with patchStrategy "merge" are merged by their patchMergeKey (lists of strings such as
 * metadata.finalizers as sets), every other list is replaced, maps are merged recursively, null
 * deletes. Directives: $patch (replace/delete in maps; replace/delete in merged lists; merge is
 * rejected as kube does), $setElementOrder/<list>, $deleteFromPrimitiveList/<list>,
 * $retainKeys. Directive keys never reach the result, nor do nulls inside values that are taken
 * whole (kube-apiserver drops them when it converts the result to the typed object).
 * doc must be an object; patch must be an object (null = no change).
 * Returns NULL and fills err on failure. */
json_t *ak_strategic_merge_patch(const json_t *doc, const json_t *patch, const char *kind,
                                 struct ak_err *err);

/* Parses a PATCH request body and applies it to doc according to content_type, for `kind`.
 * Callers must handle server-side apply (application/apply-patch+yaml, see ak_patch_type_of())
 * before calling: this function answers it, like every other unknown type, with kube-apiserver's
 * 415 `the body of the request was in an unknown format - accepted media types include: ...`.
 * An unparseable body -> 400 "invalid JSON patch: <parser error> (line L, column C)"; JSON-patch
 * bodies with duplicate member names are rejected the same way (RFC 6902 §4). The patched
 * document must still be an object (else 422).
 * Returns 0 and a new reference in *out, or a negative AK_E* with err filled and *out NULL. */
int ak_patch_apply(const json_t *doc, const char *content_type, const char *body, size_t len,
                   const char *kind, json_t **out, struct ak_err *err);

#endif
