/* fuzz_quantity.c - resource quantities ("100m", "1Gi", "129e6"): parsing, exact
 * conversion, canonical form and comparison (src/kube/ak_quantity.c).
 * Checks, beyond the sanitizers: valid() agrees with the converters, the canonical form
 * is valid, a fixed point, and has the same milli value when it compares equal, a quantity compares equal to itself and to its canonical
 * form, the formatters' output parses back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fz_env.h"
#include "kube/ak_quantity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2 * AK_QUANTITY_MAXLEN)
        return 0;
    char *s = fz_strndup(data, size);
    bool valid = ak_quantity_valid(s);
    int64_t milli = 0, val = 0, nano = 0;
    int rm = ak_quantity_milli(s, &milli);
    int rv = ak_quantity_value_ceil(s, &val);
    int rn = ak_quantity_scaled(s, -9, &nano);
    for (int sc = -18; sc <= 18; sc += 3) {
        int64_t x;
        (void)ak_quantity_scaled(s, sc, &x);
    }
    if (!valid && (rm == 0 || rv == 0 || rn == 0))
        abort(); /* a converter accepted what valid() rejects */
    char canon[AK_QUANTITY_BUFLEN];
    if (ak_quantity_canonical(s, canon, sizeof(canon)) == 0) {
        if (!valid || !ak_quantity_valid(canon))
            abort();
        int c = 1;
        if (ak_quantity_cmp(s, canon, &c) != 0)
            abort();
        int64_t m2;
        if (c == 0 && rm == 0 && (ak_quantity_milli(canon, &m2) != 0 || m2 != milli))
            abort();
        char again[AK_QUANTITY_BUFLEN];
        if (ak_quantity_canonical(canon, again, sizeof(again)) != 0 || strcmp(again, canon) != 0)
            abort(); /* canonical form is a fixed point */
        char tiny[4];
        (void)ak_quantity_canonical(s, tiny, sizeof(tiny));
    }
    if (valid) {
        int c = 1;
        if (ak_quantity_cmp(s, s, &c) != 0 || c != 0)
            abort();
    }
    if (rm == 0) {
        char out[AK_QUANTITY_BUFLEN];
        int64_t back;
        if (ak_quantity_format_milli(milli, out, sizeof(out)) != 0 ||
            ak_quantity_milli(out, &back) != 0 || back != milli)
            abort();
    }
    if (rv == 0) {
        char out[AK_QUANTITY_BUFLEN];
        int64_t back;
        if (ak_quantity_format_bytes(val, out, sizeof(out)) != 0 ||
            ak_quantity_value_ceil(out, &back) != 0 || back != val)
            abort();
        int64_t acc = val;
        (void)ak_quantity_add(&acc, milli);
    }
    /* two quantities separated by the first space */
    char *sp = strchr(s, ' ');
    if (sp) {
        *sp = '\0';
        int c;
        (void)ak_quantity_cmp(s, sp + 1, &c);
    }
    free(s);
    return 0;
}
