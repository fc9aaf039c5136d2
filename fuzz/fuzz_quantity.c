/* fuzz_quantity.c - resource quantities ("100m", "1Gi", "129e6"): parsing, exact
 * conversion, canonical form and comparison (src/kube/ak_quantity.c).
 * Checks, beyond the sanitizers: valid() agrees with the converters; the canonical form
 * is valid, a fixed point (canonical(canonical(s)) == canonical(s), but for Kubernetes' own
 * exception of bare integers from binary SI, see below), has the same milli value
 * when it compares equal, and parses back to the same value as s at every scale from nano
 * up (the round trip); a quantity compares equal to itself; the formatters' output parses
 * back. */
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
        if (ak_quantity_canonical(canon, again, sizeof(again)) != 0)
            abort();
        if (strcmp(again, canon) != 0) {
            /* The canonical form is a fixed point, with one exception that Kubernetes has too
             * (resource.Quantity.String()): a binary-SI value that is an integer of at least
             * 1024 without a factor of 1024 prints as a bare integer ("62.5Ki" -> "64000"),
             * which parses back as decimal SI and prints in that form ("64k"). That second
             * form is a fixed point. */
            size_t n = strlen(s);
            bool binary_in = n >= 2 && s[n - 1] == 'i';
            bool bare = canon[strspn(canon, "-0123456789")] == '\0';
            char third[AK_QUANTITY_BUFLEN];
            if (!binary_in || !bare || ak_quantity_canonical(again, third, sizeof(third)) != 0 ||
                strcmp(third, again) != 0)
                abort();
            int64_t x, y;
            if (ak_quantity_scaled(canon, -9, &x) != 0 || ak_quantity_scaled(again, -9, &y) != 0 ||
                x != y)
                abort();
        }
        /* round trip: the canonical form parses back to the value, rounded up to nano as the
         * API server rounds it, at every scale from nano up */
        for (int sc = -9; sc <= 18; sc += 3) {
            int64_t a, b;
            int ra = ak_quantity_scaled(s, sc, &a);
            int rb = ak_quantity_scaled(canon, sc, &b);
            if (ra != rb || (ra == 0 && a != b))
                abort();
        }
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
