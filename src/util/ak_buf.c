#include "ak_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_err.h"
#include "ak_mem.h"
#include "ak_banned.h"

void ak_buf_init(struct ak_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void ak_buf_release(struct ak_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void ak_buf_reset(struct ak_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static void grow(struct ak_buf *b, size_t need)
{
    if (need + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need + 1)
        cap *= 2;
    if (cap > b->max + 1)
        cap = b->max + 1;
    b->data = ak_xrealloc(b->data, cap);
    b->cap = cap;
}

int ak_buf_append(struct ak_buf *b, const void *p, size_t n)
{
    if (n > b->max - b->len)
        return AK_ETOOBIG;
    grow(b, b->len + n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int ak_buf_puts(struct ak_buf *b, const char *s)
{
    return ak_buf_append(b, s, strlen(s));
}

int ak_buf_putc(struct ak_buf *b, char c)
{
    return ak_buf_append(b, &c, 1);
}

int ak_buf_vprintf(struct ak_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    if (n < 0) {
        va_end(ap2);
        return AK_EINVAL;
    }
    if ((size_t)n < sizeof(small)) {
        va_end(ap2);
        return ak_buf_append(b, small, (size_t)n);
    }
    if ((size_t)n > b->max - b->len) {
        va_end(ap2);
        return AK_ETOOBIG;
    }
    grow(b, b->len + (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return 0;
}

int ak_buf_printf(struct ak_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ak_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *ak_buf_detach(struct ak_buf *b, size_t *len)
{
    char *d = b->data ? b->data : ak_xstrdup("");
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

const char *ak_buf_cstr(struct ak_buf *b)
{
    return b->data ? b->data : "";
}

/* Length of the valid UTF-8 sequence at p (a lead byte >= 0x80), 0 if invalid. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    size_t n;
    unsigned min;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0xff >> (n + 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

int ak_buf_json_str(struct ak_buf *b, const char *s)
{
    if (!s)
        return ak_buf_puts(b, "null");
    size_t start = b->len;
    int rc = ak_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++) {
        switch (*p) {
        case '"': rc = ak_buf_puts(b, "\\\""); break;
        case '\\': rc = ak_buf_puts(b, "\\\\"); break;
        case '\n': rc = ak_buf_puts(b, "\\n"); break;
        case '\r': rc = ak_buf_puts(b, "\\r"); break;
        case '\t': rc = ak_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20) {
                rc = ak_buf_printf(b, "\\u%04x", *p);
            } else if (*p < 0x80) {
                rc = ak_buf_putc(b, (char)*p);
            } else {
                /* UTF-8 as is; an invalid byte becomes U+FFFD, as Go's encoding/json does */
                size_t n = utf8_len(p);
                if (n == 0) {
                    rc = ak_buf_puts(b, "\\ufffd");
                } else {
                    rc = ak_buf_append(b, (const char *)p, n);
                    p += n - 1;
                }
            }
        }
    }
    if (rc == 0)
        rc = ak_buf_putc(b, '"');
    if (rc != 0 && b->data) {
        /* all or nothing, as every append */
        b->len = start;
        b->data[start] = '\0';
    }
    return rc;
}
