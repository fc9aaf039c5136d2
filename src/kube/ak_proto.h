/* ak_proto.h - Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf)
 * turned into the JSON object the same request would carry as application/json.
 *
 * kubectl >= 1.32 writes typed objects as protobuf: the magic "k8s\0" followed by a
 * runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding,
 * 4 contentType}, where raw is the gogo-protobuf encoding of the object (field numbers of
 * k8s.io/api .../generated.proto). The decoder is table driven: one descriptor per message
 * (field number -> JSON name, kind, repeated/map/pointer/inline flags).
 *
 * JSON shape: protobuf always carries Go's non-pointer fields, so empty strings, zero
 * numbers, false, empty lists/maps and empty non-pointer messages are left out; fields that
 * are pointers in Go (replicas, gracePeriodSeconds, tolerationSeconds, minAvailable, emptyDir,
 * ...) keep their value, even "", 0, false or {}. Time -> RFC 3339 ("2024-05-01T10:00:00Z"),
 * MicroTime -> RFC 3339 with microseconds, Duration -> Go duration string ("1m30s"),
 * Quantity -> its string, IntOrString -> number or string, bytes -> base64, FieldsV1 -> JSON.
 * Unknown field numbers are skipped (wire-type aware).
 *
 * Errors (NULL returned, *err filled): malformed input (bad magic, truncated varint, length
 * past the end, wrong wire type, invalid UTF-8 or NUL in a string, bad quantity, nesting
 * deeper than AK_PROTO_MAX_DEPTH) -> 400 "BadRequest"; a body over AK_PROTO_MAX_BODY or
 * decoding to more than AK_PROTO_MAX_VALUES JSON values -> 413 "RequestEntityTooLarge";
 * a kind without a descriptor, or a contentEncoding -> 415 "UnsupportedMediaType" (the
 * client may retry with JSON). */
#ifndef AK_PROTO_H
#define AK_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "util/ak_err.h"

#define AK_PROTO_CONTENT_TYPE "application/vnd.kubernetes.protobuf"
#define AK_PROTO_MAX_BODY (4u << 20)    /* bytes of protobuf accepted */
#define AK_PROTO_MAX_DEPTH 64           /* nested messages/groups, envelope included */
#define AK_PROTO_MAX_VALUES (1u << 18)  /* JSON values one body may expand to */

/* true if buf starts with the "k8s\0" magic. */
bool ak_proto_has_magic(const void *buf, size_t len);

/* Decodes a whole body (magic + runtime.Unknown). Returns a new JSON object with
 * "apiVersion" and "kind" from the TypeMeta, or NULL with *err set. Borrows buf. */
json_t *ak_proto_decode(const void *buf, size_t len, struct ak_err *err);

/* Decodes a bare object message of the given type (no magic, no envelope). Same result
 * and errors as ak_proto_decode. */
json_t *ak_proto_decode_object(const char *api_version, const char *kind, const void *raw,
                               size_t len, struct ak_err *err);

/* true if (api_version, kind) has a descriptor, e.g. ("apps/v1", "Deployment"). */
bool ak_proto_kind_known(const char *api_version, const char *kind);

#endif
