/* ak_quantity.c - Kubernetes resource quantities: exact parsing, scaling and canonical
 * printing without floating point or big-number libraries.
 *
 * A parsed quantity is  sign × D × 10^E × 2^B  where D is the string of significant digits
 * (no leading or trailing zeros; empty for zero), E a decimal exponent and B one of 0, 10,
 * ..., 60 (binary suffixes). Scaling to a unit 10^S is exact digit arithmetic on D: split it
 * into an integer part and a decimal fraction, multiply both by 2^B (the fraction by B
 * doublings), and round a non-zero remainder away from zero. */
#include "ak_quantity.h"

#include <stdio.h>
#include <string.h>

#include "util/ak_err.h"
#include "../util/ak_banned.h"

enum q_format { Q_DECIMAL_SI, Q_BINARY_SI, Q_DECIMAL_EXPONENT };

struct q_num {
    bool neg;
    char d[AK_QUANTITY_MAXLEN]; /* significant digits '0'..'9' (no NUL) */
    size_t nd;                  /* 0 means the value is zero */
    int64_t e10;                /* value = D * 10^e10 * 2^bin */
    int bin;
    enum q_format fmt;
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Maps a suffix to (decimal exponent, binary exponent, format). */
static bool interpret_suffix(const char *s, size_t n, int64_t *e10, int *bin, enum q_format *fmt)
{
    static const struct {
        const char *s;
        int e10, bin;
    } known[] = {
        {"", 0, 0},    {"n", -9, 0},  {"u", -6, 0},  {"m", -3, 0},  {"k", 3, 0},
        {"M", 6, 0},   {"G", 9, 0},   {"T", 12, 0},  {"P", 15, 0},  {"E", 18, 0},
        {"Ki", 0, 10}, {"Mi", 0, 20}, {"Gi", 0, 30}, {"Ti", 0, 40}, {"Pi", 0, 50},
        {"Ei", 0, 60},
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strlen(known[i].s) == n && memcmp(known[i].s, s, n) == 0) {
            *e10 = known[i].e10;
            *bin = known[i].bin;
            *fmt = known[i].bin ? Q_BINARY_SI : Q_DECIMAL_SI;
            return true;
        }
    }
    if (n < 2 || (s[0] != 'e' && s[0] != 'E'))
        return false;
    /* decimal exponent: (e|E)[+-]digits, kept within int32 like Go's int32(parsed) */
    size_t i = 1;
    bool neg = false;
    if (s[i] == '+' || s[i] == '-')
        neg = s[i++] == '-';
    if (i == n)
        return false;
    int64_t v = 0;
    for (; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
        if (v > INT32_MAX)
            return false;
    }
    *e10 = neg ? -v : v;
    *bin = 0;
    *fmt = Q_DECIMAL_EXPONENT;
    return true;
}

static bool q_parse(const char *s, struct q_num *q)
{
    if (s == NULL)
        return false;
    size_t len = strlen(s);
    if (len == 0 || len > AK_QUANTITY_MAXLEN)
        return false;
    size_t i = 0;
    memset(q, 0, sizeof(*q));
    if (s[i] == '+' || s[i] == '-')
        q->neg = s[i++] == '-';
    size_t int_start = i;
    while (i < len && is_digit(s[i]))
        i++;
    size_t int_end = i, frac_start = i, frac_end = i;
    if (i < len && s[i] == '.') {
        frac_start = ++i;
        while (i < len && is_digit(s[i]))
            i++;
        frac_end = i;
    }
    if (int_end == int_start && frac_end == frac_start)
        return false; /* no digit at all */
    /* suffix: [eEinumkKMGTP]* [+-]? [0-9]*, and it must reach the end */
    size_t suf = i;
    while (i < len && strchr("eEinumkKMGTP", s[i]) != NULL)
        i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && is_digit(s[i]))
        i++;
    if (i != len)
        return false;
    int64_t sexp;
    if (!interpret_suffix(s + suf, len - suf, &sexp, &q->bin, &q->fmt))
        return false;

    /* significant digits of int.frac */
    size_t nfrac = frac_end - frac_start;
    for (size_t k = int_start; k < int_end; k++)
        q->d[q->nd++] = s[k];
    for (size_t k = frac_start; k < frac_end; k++)
        q->d[q->nd++] = s[k];
    size_t lead = 0;
    while (lead < q->nd && q->d[lead] == '0')
        lead++;
    memmove(q->d, q->d + lead, q->nd - lead);
    q->nd -= lead;
    q->e10 = sexp - (int64_t)nfrac;
    while (q->nd > 0 && q->d[q->nd - 1] == '0') {
        q->nd--;
        q->e10++;
    }
    if (q->nd == 0) {
        q->neg = false;
        q->e10 = 0;
    }
    return true;
}

/* |q| in units of 10^scale as a magnitude (<= 2^63), rounded away from zero. */
static bool q_scaled_mag(const struct q_num *q, int64_t scale, uint64_t *mag, bool *exact)
{
    *exact = true;
    *mag = 0;
    if (q->nd == 0)
        return true;
    const uint64_t limit = (uint64_t)INT64_MAX + 1; /* 2^63, fine for negative values */
    int64_t k = q->e10 - scale;                     /* value = D * 10^k * 2^bin */
    int64_t nint = (int64_t)q->nd + k;              /* digits in the integer part */
    if (nint > 19)
        return false;
    uint64_t ip = 0;
    for (int64_t j = 0; j < nint; j++)
        ip = ip * 10 + (uint64_t)(j < (int64_t)q->nd ? q->d[j] - '0' : 0);
    /* fraction 0.f[0]f[1]..., preceded by -nint zeros when nint < 0 */
    char f[AK_QUANTITY_MAXLEN + 24];
    size_t nf = 0;
    bool tiny = false; /* fraction < 10^-20: below 2^-60, contributes only the round-up */
    if (nint < 0 && -nint >= 20) {
        tiny = true;
    } else {
        for (int64_t z = 0; z < -nint; z++)
            f[nf++] = 0;
        for (int64_t j = nint > 0 ? nint : 0; j < (int64_t)q->nd; j++)
            f[nf++] = (char)(q->d[j] - '0');
    }
    /* multiply the integer part by 2^bin */
    if (q->bin > 0) {
        if (ip > (UINT64_MAX >> q->bin))
            return false;
        ip <<= q->bin;
    }
    /* floor(frac * 2^bin) by doubling the digit string */
    uint64_t fp = 0;
    if (!tiny) {
        for (int b = 0; b < q->bin; b++) {
            int carry = 0;
            for (size_t j = nf; j-- > 0;) {
                int v = f[j] * 2 + carry;
                f[j] = (char)(v % 10);
                carry = v / 10;
            }
            fp = fp * 2 + (uint64_t)carry;
        }
    }
    bool rem = tiny;
    for (size_t j = 0; j < nf && !rem; j++)
        rem = f[j] != 0;
    if (ip > UINT64_MAX - fp)
        return false;
    uint64_t v = ip + fp;
    if (rem) {
        if (v == UINT64_MAX)
            return false;
        v++;
        *exact = false;
    }
    if (v > limit || (!q->neg && v == limit))
        return false;
    *mag = v;
    return true;
}

static int64_t apply_sign(bool neg, uint64_t mag)
{
    /* mag <= 2^63, and 2^63 only when neg */
    if (!neg)
        return (int64_t)mag;
    if (mag == (uint64_t)INT64_MAX + 1)
        return INT64_MIN;
    return -(int64_t)mag;
}

bool ak_quantity_valid(const char *s)
{
    struct q_num q;
    return q_parse(s, &q);
}

int ak_quantity_scaled(const char *s, int scale, int64_t *out)
{
    struct q_num q;
    uint64_t mag;
    bool exact;
    if (scale < -18 || scale > 18 || !q_parse(s, &q) || !q_scaled_mag(&q, scale, &mag, &exact))
        return AK_EINVAL;
    *out = apply_sign(q.neg, mag);
    return 0;
}

int ak_quantity_milli(const char *s, int64_t *out)
{
    return ak_quantity_scaled(s, -3, out);
}

int ak_quantity_value_ceil(const char *s, int64_t *out)
{
    return ak_quantity_scaled(s, 0, out);
}

/* Prints sign, mag and a suffix into out. */
static int emit(char *out, size_t n, bool neg, uint64_t mag, const char *suffix)
{
    int w = snprintf(out, n, "%s%llu%s", neg && mag ? "-" : "", (unsigned long long)mag,
                     mag ? suffix : "");
    if (w < 0 || (size_t)w >= n) {
        if (n)
            out[0] = '\0';
        return AK_ETOOBIG;
    }
    return 0;
}

/* Decimal output of mag * 10^e10: exponent moved to a multiple of 3 (within the SI range
 * for decimal SI), as Quantity.String() does. */
static int emit_decimal(char *out, size_t n, bool neg, uint64_t mag, int64_t e10,
                        enum q_format fmt)
{
    if (mag == 0)
        return emit(out, n, false, 0, "");
    while (mag % 10 == 0) {
        mag /= 10;
        e10++;
    }
    while (((e10 % 3) + 3) % 3 != 0 || (fmt == Q_DECIMAL_SI && e10 > 18)) {
        if (mag > UINT64_MAX / 10)
            return AK_EINVAL;
        mag *= 10;
        e10--;
    }
    char suf[24];
    if (fmt == Q_DECIMAL_EXPONENT) {
        if (e10 == 0)
            suf[0] = '\0';
        else
            snprintf(suf, sizeof(suf), "e%lld", (long long)e10);
    } else {
        static const char *const si[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
        if (e10 < -9)
            return AK_EINVAL; /* cannot happen: values are rounded to nano first */
        snprintf(suf, sizeof(suf), "%s", si[(e10 + 9) / 3]);
    }
    return emit(out, n, neg, mag, suf);
}

static int emit_binary(char *out, size_t n, bool neg, uint64_t mag)
{
    static const char *const bs[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    size_t e = 0;
    while (mag != 0 && mag % 1024 == 0 && e + 1 < sizeof(bs) / sizeof(bs[0])) {
        mag /= 1024;
        e++;
    }
    return emit(out, n, neg, mag, bs[e]);
}

int ak_quantity_canonical(const char *s, char *out, size_t n)
{
    struct q_num q;
    uint64_t mag;
    bool exact;
    if (n)
        out[0] = '\0';
    if (!q_parse(s, &q))
        return AK_EINVAL;
    if (q.nd == 0)
        return emit(out, n, false, 0, "");
    if (q.fmt == Q_BINARY_SI) {
        /* binary only for exact integers of at least 1024 in magnitude */
        if (q_scaled_mag(&q, 0, &mag, &exact) && exact && mag >= 1024)
            return emit_binary(out, n, q.neg, mag);
    } else if (q.e10 >= -9 && q.nd <= 19) {
        /* exact digits: D * 10^e10 */
        uint64_t d = 0;
        for (size_t i = 0; i < q.nd; i++) {
            if (d > (UINT64_MAX - 9) / 10)
                return AK_EINVAL;
            d = d * 10 + (uint64_t)(q.d[i] - '0');
        }
        return emit_decimal(out, n, q.neg, d, q.e10, q.fmt);
    }
    /* round up to nano precision (binary values that are not integers, or very precise
     * decimals); Go keeps every nano digit, so a mantissa beyond 64 bits is AK_EINVAL */
    if (!q_scaled_mag(&q, -9, &mag, &exact))
        return AK_EINVAL;
    return emit_decimal(out, n, q.neg, mag, -9, q.fmt == Q_BINARY_SI ? Q_DECIMAL_SI : q.fmt);
}

int ak_quantity_format_milli(int64_t milli, char *out, size_t n)
{
    bool neg = milli < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)milli : (uint64_t)milli;
    /* moving the exponent back to a multiple of 3 never exceeds the input magnitude */
    return emit_decimal(out, n, neg, mag, -3, Q_DECIMAL_SI);
}

int ak_quantity_format_bytes(int64_t bytes, char *out, size_t n)
{
    bool neg = bytes < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)bytes : (uint64_t)bytes;
    if (mag < 1024)
        return emit_decimal(out, n, neg, mag, 0, Q_DECIMAL_SI);
    return emit_binary(out, n, neg, mag);
}

/* Decimal digits (0..9 values, most significant first) of D * 10^zeros * 2^bin. */
static size_t q_digits(const struct q_num *q, int64_t zeros, int bin, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < q->nd && n < cap; i++)
        buf[n++] = (char)(q->d[i] - '0');
    for (int64_t z = 0; z < zeros && n < cap; z++)
        buf[n++] = 0;
    for (int b = 0; b < bin; b++) {
        int carry = 0;
        for (size_t j = n; j-- > 0;) {
            int v = buf[j] * 2 + carry;
            buf[j] = (char)(v % 10);
            carry = v / 10;
        }
        if (carry && n < cap) {
            memmove(buf + 1, buf, n);
            buf[0] = (char)carry;
            n++;
        }
    }
    return n;
}

/* Compares |a| and |b| (both non-zero). */
static int cmp_mag(const struct q_num *a, const struct q_num *b)
{
    /* a lies in [10^(la-1), 10^la) * 2^bin with 2^60 < 10^19 */
    int64_t la = (int64_t)a->nd + a->e10, lb = (int64_t)b->nd + b->e10;
    if (la >= lb + 20)
        return 1;
    if (lb >= la + 20)
        return -1;
    int64_t e = a->e10 < b->e10 ? a->e10 : b->e10;
    int bmin = a->bin < b->bin ? a->bin : b->bin;
    /* each side as an integer: D * 10^(e10-e) * 2^(bin-bmin); both fit the buffers since
     * |la-lb| < 20 bounds the zeros by nd + 20 */
    char da[3 * AK_QUANTITY_MAXLEN], db[3 * AK_QUANTITY_MAXLEN];
    size_t na = q_digits(a, a->e10 - e, a->bin - bmin, da, sizeof(da));
    size_t nb = q_digits(b, b->e10 - e, b->bin - bmin, db, sizeof(db));
    if (na != nb)
        return na < nb ? -1 : 1;
    int c = memcmp(da, db, na);
    return (c > 0) - (c < 0);
}

int ak_quantity_cmp(const char *a, const char *b, int *result)
{
    struct q_num qa, qb;
    if (!q_parse(a, &qa) || !q_parse(b, &qb))
        return AK_EINVAL;
    int sa = qa.nd == 0 ? 0 : qa.neg ? -1 : 1;
    int sb = qb.nd == 0 ? 0 : qb.neg ? -1 : 1;
    if (sa != sb || sa == 0) {
        *result = (sa > sb) - (sa < sb);
        return 0;
    }
    int c = cmp_mag(&qa, &qb);
    *result = sa > 0 ? c : -c;
    return 0;
}

int ak_quantity_add(int64_t *acc, int64_t add)
{
    int64_t r;
    if (__builtin_add_overflow(*acc, add, &r))
        return AK_EINVAL;
    *acc = r;
    return 0;
}
