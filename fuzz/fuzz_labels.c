/* fuzz_labels.c - label key/value, DNS-1123 and taint syntax (src/core/ak_labels.c, used by
 * the ARM front door for nodeLabels/nodeTaints) against the Kubernetes validation of
 * src/kube/ak_selector.c: both must agree on what a valid label key and value is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ak_labels.h"
#include "fz_env.h"
#include "kube/ak_selector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = fz_strndup(data, size);
    bool kv = ak_label_key_valid(s);
    struct ak_strs errs = {0};
    size_t nerr = ak_lsel_key_errors(s, &errs);
    if (kv != (nerr == 0) || kv != ak_lsel_key_valid(s))
        abort(); /* two validators disagree on a label key */
    ak_strs_release(&errs);
    bool vv = ak_label_value_valid(s);
    nerr = ak_lsel_value_errors(s, &errs);
    if (vv != (nerr == 0) || vv != ak_lsel_value_valid(s))
        abort(); /* ... or on a label value */
    ak_strs_release(&errs);
    (void)ak_dns1123_subdomain_valid(s);
    if (ak_dns1123_label_valid(s) && !ak_dns1123_subdomain_valid(s))
        abort(); /* a label is a subdomain */
    (void)ak_taint_effect_valid(s);
    struct ak_taint t;
    memset(&t, 0xa5, sizeof(t));
    if (ak_taint_parse(s, &t) == 0) {
        if (!memchr(t.key, 0, sizeof(t.key)) || !memchr(t.value, 0, sizeof(t.value)) ||
            !memchr(t.effect, 0, sizeof(t.effect)) || !ak_taint_effect_valid(t.effect))
            abort();
    }
    free(s);
    return 0;
}
