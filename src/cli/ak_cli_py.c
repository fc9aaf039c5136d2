/* ak_cli_py.c - Python's text conversions as az prints values (see ak_cli_py.h). */
#include "ak_cli_py.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

void ak_py_float_repr(double d, char *out, size_t n)
{
    if (isnan(d)) {
        snprintf(out, n, "nan");
        return;
    }
    if (isinf(d)) {
        snprintf(out, n, "%sinf", d < 0 ? "-" : "");
        return;
    }
    /* shortest %.Ne that reads back as the same double */
    char sci[64];
    int prec = 1;
    for (; prec <= 17; prec++) {
        snprintf(sci, sizeof(sci), "%.*e", prec - 1, d);
        if (strtod(sci, NULL) == d)
            break;
    }
    /* sci looks like "-1.2345e+07": split into sign, digits, exponent */
    const char *p = sci;
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    char digits[32];
    size_t nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.' && nd + 1 < sizeof(digits))
            digits[nd++] = *p;
    digits[nd] = '\0';
    int exp10 = *p == 'e' ? (int)strtol(p + 1, NULL, 10) : 0;
    while (nd > 1 && digits[nd - 1] == '0') /* shortest form has no trailing zeros */
        digits[--nd] = '\0';
    int decpt = exp10 + 1; /* value = 0.DIGITS * 10^decpt */
    struct ak_buf b = AK_BUF_INIT(256);
    if (neg)
        ak_buf_putc(&b, '-');
    if (decpt <= -4 || decpt > 16) {
        ak_buf_putc(&b, digits[0]);
        if (nd > 1) {
            ak_buf_putc(&b, '.');
            ak_buf_puts(&b, digits + 1);
        }
        int e = decpt - 1;
        ak_buf_printf(&b, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    } else if (decpt <= 0) {
        ak_buf_puts(&b, "0.");
        for (int i = 0; i < -decpt; i++)
            ak_buf_putc(&b, '0');
        ak_buf_puts(&b, digits);
    } else if ((size_t)decpt < nd) {
        ak_buf_append(&b, digits, (size_t)decpt);
        ak_buf_putc(&b, '.');
        ak_buf_puts(&b, digits + decpt);
    } else {
        ak_buf_puts(&b, digits);
        for (size_t i = nd; i < (size_t)decpt; i++)
            ak_buf_putc(&b, '0');
        ak_buf_puts(&b, ".0");
    }
    snprintf(out, n, "%s", ak_buf_cstr(&b));
    ak_buf_release(&b);
}

void ak_py_str(const json_t *v, struct ak_buf *b)
{
    char num[64];
    switch (json_typeof(v)) {
    case JSON_NULL: ak_buf_puts(b, "None"); break;
    case JSON_TRUE: ak_buf_puts(b, "True"); break;
    case JSON_FALSE: ak_buf_puts(b, "False"); break;
    case JSON_INTEGER: ak_buf_printf(b, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL:
        ak_py_float_repr(json_real_value(v), num, sizeof(num));
        ak_buf_puts(b, num);
        break;
    case JSON_STRING: ak_buf_append(b, json_string_value(v), json_string_length(v)); break;
    default: ak_py_json_compact(v, b); break;
    }
}

void ak_py_json_string(const char *s, size_t len, struct ak_buf *b)
{
    ak_buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': ak_buf_puts(b, "\\\""); break;
        case '\\': ak_buf_puts(b, "\\\\"); break;
        case '\n': ak_buf_puts(b, "\\n"); break;
        case '\r': ak_buf_puts(b, "\\r"); break;
        case '\t': ak_buf_puts(b, "\\t"); break;
        case '\b': ak_buf_puts(b, "\\b"); break;
        case '\f': ak_buf_puts(b, "\\f"); break;
        default:
            if (c < 0x20)
                ak_buf_printf(b, "\\u%04x", c);
            else
                ak_buf_putc(b, (char)c);
        }
    }
    ak_buf_putc(b, '"');
}

static void scalar(const json_t *v, struct ak_buf *b)
{
    char num[64];
    switch (json_typeof(v)) {
    case JSON_NULL: ak_buf_puts(b, "null"); break;
    case JSON_TRUE: ak_buf_puts(b, "true"); break;
    case JSON_FALSE: ak_buf_puts(b, "false"); break;
    case JSON_INTEGER: ak_buf_printf(b, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: {
        double d = json_real_value(v);
        if (isnan(d))
            ak_buf_puts(b, "NaN");
        else if (isinf(d))
            ak_buf_puts(b, d < 0 ? "-Infinity" : "Infinity");
        else {
            ak_py_float_repr(d, num, sizeof(num));
            ak_buf_puts(b, num);
        }
        break;
    }
    case JSON_STRING: ak_py_json_string(json_string_value(v), json_string_length(v), b); break;
    default: break;
    }
}

static int cmp_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#define C_KEY "\x1b[94m"
#define C_STR "\x1b[33m"
#define C_LIT "\x1b[34m"
#define C_OFF "\x1b[39m"

static void indent(struct ak_buf *b, int n)
{
    ak_buf_putc(b, '\n');
    for (int i = 0; i < n; i++)
        ak_buf_putc(b, ' ');
}

/* step: spaces per level; sorted: sort object keys; color: ANSI */
static void pretty(const json_t *v, int level, int step, bool sorted, bool color, struct ak_buf *b)
{
    if (json_is_object(v)) {
        size_t n = json_object_size(v);
        if (n == 0) {
            ak_buf_puts(b, "{}");
            return;
        }
        const char **keys = ak_xcalloc(n, sizeof(*keys));
        size_t i = 0;
        const char *k;
        json_t *val;
        json_object_foreach((json_t *)v, k, val)
        {
            keys[i++] = k;
        }
        if (sorted)
            qsort(keys, n, sizeof(*keys), cmp_keys);
        ak_buf_putc(b, '{');
        for (i = 0; i < n; i++) {
            indent(b, (level + 1) * step);
            if (color)
                ak_buf_puts(b, C_KEY);
            ak_py_json_string(keys[i], strlen(keys[i]), b);
            if (color)
                ak_buf_puts(b, C_OFF);
            ak_buf_puts(b, ": ");
            pretty(json_object_get(v, keys[i]), level + 1, step, sorted, color, b);
            if (i + 1 < n)
                ak_buf_putc(b, ',');
        }
        indent(b, level * step);
        ak_buf_putc(b, '}');
        free(keys);
        return;
    }
    if (json_is_array(v)) {
        size_t n = json_array_size(v);
        if (n == 0) {
            ak_buf_puts(b, "[]");
            return;
        }
        ak_buf_putc(b, '[');
        for (size_t i = 0; i < n; i++) {
            indent(b, (level + 1) * step);
            pretty(json_array_get(v, i), level + 1, step, sorted, color, b);
            if (i + 1 < n)
                ak_buf_putc(b, ',');
        }
        indent(b, level * step);
        ak_buf_putc(b, ']');
        return;
    }
    if (color)
        ak_buf_puts(b, json_is_string(v) ? C_STR : C_LIT);
    scalar(v, b);
    if (color)
        ak_buf_puts(b, C_OFF);
}

void ak_py_json_pretty(const json_t *v, bool color, struct ak_buf *b)
{
    pretty(v, 0, 2, true, color, b);
    ak_buf_putc(b, '\n');
}

void ak_py_json_indent4(const json_t *v, struct ak_buf *b)
{
    pretty(v, 0, 4, false, false, b);
}

void ak_py_json_compact(const json_t *v, struct ak_buf *b)
{
    if (json_is_object(v)) {
        ak_buf_putc(b, '{');
        const char *k;
        json_t *val;
        bool first = true;
        json_object_foreach((json_t *)v, k, val)
        {
            if (!first)
                ak_buf_putc(b, ',');
            first = false;
            ak_py_json_string(k, strlen(k), b);
            ak_buf_putc(b, ':');
            ak_py_json_compact(val, b);
        }
        ak_buf_putc(b, '}');
        return;
    }
    if (json_is_array(v)) {
        ak_buf_putc(b, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                ak_buf_putc(b, ',');
            ak_py_json_compact(json_array_get(v, i), b);
        }
        ak_buf_putc(b, ']');
        return;
    }
    scalar(v, b);
}
