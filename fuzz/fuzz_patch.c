/* fuzz_patch.c - every PATCH type kube-apiserver accepts (src/kube/ak_patch.c): JSON merge
 * patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch, through
 * ak_patch_apply() as the Kubernetes API calls it (body parsing included).
 * Input: byte 0 picks the Content-Type and byte 1 the kind; the rest is "<doc>\0<patch>"
 * (doc: the stored object as JSON; no NUL: the patch is applied to a small Pod).
 * Checks: the result is an object and never aliases doc (doc is unchanged afterwards). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fz_env.h"
#include "kube/ak_patch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const types[] = {
    "application/merge-patch+json",
    "application/json-patch+json",
    "application/strategic-merge-patch+json",
    "application/strategic-merge-patch+json; charset=utf-8",
    "application/apply-patch+yaml",
    "text/plain",
};
static const char *const kinds[] = {"Pod", "Node", "Deployment", "Service", "DaemonSet",
                                    "ConfigMap", "Namespace", "Job", "Foo"};

static const char default_doc[] =
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"default\","
    "\"labels\":{\"app\":\"web\"},\"finalizers\":[\"a\",\"b\"]},\"spec\":{\"containers\":[{"
    "\"name\":\"c\",\"image\":\"nginx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],"
    "\"env\":[{\"name\":\"A\",\"value\":\"1\"}]}],\"tolerations\":[{\"key\":\"k\",\"operator\":"
    "\"Exists\"}],\"volumes\":[{\"name\":\"v\",\"emptyDir\":{}}]}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 64 * 1024)
        return 0;
    const char *ct = types[data[0] % (sizeof(types) / sizeof(types[0]))];
    const char *kind = kinds[data[1] % (sizeof(kinds) / sizeof(kinds[0]))];
    data += 2;
    size -= 2;
    const uint8_t *a, *b;
    size_t alen, blen;
    fz_split(data, size, 0, &a, &alen, &b, &blen);
    json_t *doc;
    const uint8_t *patch;
    size_t plen;
    if (b == NULL) {
        doc = json_loads(default_doc, 0, NULL);
        patch = a;
        plen = alen;
    } else {
        doc = json_loadb((const char *)a, alen, 0, NULL);
        patch = b;
        plen = blen;
    }
    if (!doc)
        return 0;
    char *before = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    char *body = fz_strndup(patch, plen);
    json_t *out = NULL;
    struct ak_err err;
    int rc = ak_patch_apply(doc, ct, body, plen, kind, &out, &err);
    if (rc == 0) {
        if (!json_is_object(out))
            abort();
        json_object_set_new(out, "fuzz", json_true()); /* must not reach doc */
        json_decref(out);
    } else if (out != NULL) {
        abort();
    }
    char *after = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    if (strcmp(before, after) != 0)
        abort(); /* patching modified the stored object */

    /* the three engines directly, on already-parsed JSON */
    json_t *p = json_loadb(body, plen, JSON_DECODE_ANY, NULL);
    if (p) {
        json_decref(ak_merge_patch(doc, p));
        json_decref(ak_json_patch(doc, p, &err));
        if (json_is_object(doc) && (json_is_object(p) || json_is_null(p)))
            json_decref(ak_strategic_merge_patch(doc, p, kind, &err));
        json_decref(p);
    }
    (void)ak_patch_type_of(body);
    free(after);
    free(before);
    free(body);
    json_decref(doc);
    return 0;
}
