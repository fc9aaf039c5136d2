/* ak_codec.h - JSON <-> domain types (jansson). Used by the ARM front door to decode
 * request bodies and render responses, and by the state layer to persist objects in the
 * same shapes. */
#ifndef AK_CODEC_H
#define AK_CODEC_H

#include <jansson.h>

#include "../core/ak_pool.h"
#include "../util/ak_err.h"

/* Decodes ARM agent-pool `properties` (AgentPool / ManagedClusterAgentPoolProfile) into
 * *spec. Type errors become 400 InvalidRequestContent in *err. Properties this emulator
 * does not model but the API defines are copied into *extra (new object, caller decrefs),
 * so that they are kept and echoed. */
int ak_codec_pool_spec_decode(const json_t *props, struct ak_pool_spec *spec, json_t **extra,
                              struct ak_err *err);
/* Renders the effective spec as ARM agent-pool properties (without provisioningState and
 * the other read-only runtime fields, which the caller adds). */
json_t *ak_codec_pool_spec_encode(const struct ak_pool_spec *spec, const json_t *extra);

/* {"a":"b"} <-> kvs; returns AK_EINVAL if not an object of strings. */
int ak_codec_kvs_decode(const json_t *obj, struct ak_kvs *out);
json_t *ak_codec_kvs_encode(const struct ak_kvs *kvs);
int ak_codec_strs_decode(const json_t *arr, struct ak_strs *out);
json_t *ak_codec_strs_encode(const struct ak_strs *strs);

/* Small helpers that tolerate NULL. */
const char *ak_json_str(const json_t *obj, const char *key);      /* NULL if absent/not string */
json_t *ak_json_get_ci(const json_t *obj, const char *key);      /* case-insensitive key */
void ak_json_set_str(json_t *obj, const char *key, const char *val); /* NULL -> null */
char *ak_json_dump(const json_t *v);                              /* compact; caller frees */

#endif
