/* fuzz_yaml.c - YAML inputs (src/util/ak_yaml.c: libfyaml tree -> JSON with our own scalar
 * typing): kubectl apply -f manifests, the CLI's --yaml/@file inputs, data/addons.yaml.
 * Both the one-document and the stream entry points; success must give JSON that
 * serialises, failure an error message. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fz_env.h"
#include "util/ak_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    char *s = fz_strndup(data, size);
    char err[256];
    err[0] = '\0';
    json_t *j = ak_yaml_parse(s, size, "fuzz.yaml", err, sizeof(err));
    if (j) {
        char *d = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!d)
            abort();
        free(d);
        json_decref(j);
    } else if (!memchr(err, 0, sizeof(err))) {
        abort();
    }
    j = ak_yaml_parse_all(s, size, "fuzz.yaml", err, sizeof(err));
    if (j) {
        if (!json_is_array(j))
            abort();
        json_decref(j);
    }
    free(s);
    return 0;
}
