#include "ak_base64.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_banned.h"

static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *ak_base64_encode(const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t olen = 4 * ((len + 2) / 3);
    char *out = ak_xmalloc(olen + 1);
    size_t j = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        out[j++] = tbl[(v >> 18) & 63];
        out[j++] = tbl[(v >> 12) & 63];
        out[j++] = i + 1 < len ? tbl[(v >> 6) & 63] : '=';
        out[j++] = i + 2 < len ? tbl[v & 63] : '=';
    }
    out[j] = '\0';
    return out;
}

static int val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

char *ak_base64_decode(const char *s, size_t slen, size_t *outlen)
{
    while (slen > 0 && (s[slen - 1] == '=' || s[slen - 1] == '\n' || s[slen - 1] == '\r'))
        slen--;
    char *out = ak_xmalloc(slen * 3 / 4 + 4);
    size_t j = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < slen; i++) {
        if (s[i] == '\n' || s[i] == '\r')
            continue;
        int v = val((unsigned char)s[i]);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[j++] = (char)((acc >> bits) & 0xff);
        }
    }
    out[j] = '\0';
    if (outlen)
        *outlen = j;
    return out;
}
