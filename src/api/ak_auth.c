/* ak_auth.c - the daemon's bearer token and the JWTs signed with it (see ak_auth.h). */
#include "ak_auth.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/ak_base64.h"
#include "../util/ak_mem.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

char *ak_auth_b64url(const void *data, size_t len)
{
    char *b = ak_base64_encode(data, len);
    size_t n = strlen(b);
    while (n && b[n - 1] == '=')
        b[--n] = '\0';
    for (char *p = b; *p; p++)
        *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    return b;
}

static char *trim_dup(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return ak_xstrndup(s, n);
}

static bool token_chars_ok(const char *s)
{
    if (strlen(s) < 16 || strlen(s) > 512)
        return false;
    for (const char *p = s; *p; p++)
        if (*p <= ' ' || *p > '~')
            return false;
    return true;
}

static int write_new(const char *dir, const char *path, const char *text, char *err, size_t errlen)
{
    char tmp[4300];
    snprintf(tmp, sizeof(tmp), "%.4200s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
        return -1;
    }
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
    int e = errno;
    close(fd);
    if (!ok || rename(tmp, path) != 0) {
        if (ok)
            e = errno;
        unlink(tmp);
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
        return -1;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

int ak_auth_token_ensure(const char *dir, char **out, char *err, size_t errlen)
{
    *out = NULL;
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, AK_AUTH_TOKEN_FILE);
    char *text = NULL;
    FILE *f = fopen(path, "re");
    if (f) {
        char buf[1024];
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        buf[n] = '\0';
        fclose(f);
        text = ak_xstrdup(buf);
    }
    if (text) {
        char *t = trim_dup(text);
        free(text);
        if (!token_chars_ok(t)) {
            snprintf(err, errlen,
                     "%s is not a usable token (16 to 512 printable characters, no spaces); "
                     "delete it to have a new one made",
                     path);
            free(t);
            return -1;
        }
        *out = t;
        return 0;
    }
    if (errno != ENOENT) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    unsigned char raw[32];
    if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
        snprintf(err, errlen, "getrandom: %s", strerror(errno));
        return -1;
    }
    char *t = ak_auth_b64url(raw, sizeof(raw));
    char *line = ak_xasprintf("%s\n", t);
    int rc = write_new(dir, path, line, err, errlen);
    free(line);
    if (rc != 0) {
        free(t);
        return -1;
    }
    *out = t;
    return 0;
}

static char *hmac_b64(const char *key, const char *data, size_t len)
{
    unsigned char mac[32];
    if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, key, strlen(key), data, len, mac) != 0)
        return NULL;
    return ak_auth_b64url(mac, sizeof(mac));
}

char *ak_auth_jwt_sign(const char *key, const char *payload_json)
{
    static const char hdr[] = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
    char *h = ak_auth_b64url(hdr, sizeof(hdr) - 1);
    char *p = ak_auth_b64url(payload_json, strlen(payload_json));
    char *hp = ak_xasprintf("%s.%s", h, p);
    free(h);
    free(p);
    char *sig = hmac_b64(key, hp, strlen(hp));
    if (!sig) {
        free(hp);
        return NULL;
    }
    char *tok = ak_xasprintf("%s.%s", hp, sig);
    free(hp);
    free(sig);
    return tok;
}

static bool same(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return false;
    unsigned char d = 0;
    for (size_t i = 0; i < alen; i++)
        d |= (unsigned char)a[i] ^ (unsigned char)b[i];
    return d == 0;
}

enum ak_auth_result ak_auth_check(const char *key, const char *authorization, int64_t now_s,
                                  int64_t *exp_s)
{
    if (!authorization || !ak_istarts_with(authorization, "Bearer "))
        return AK_AUTH_MISSING;
    const char *tok = authorization + 7;
    while (*tok == ' ')
        tok++;
    size_t n = strlen(tok);
    while (n && tok[n - 1] == ' ')
        n--;
    if (n == 0)
        return AK_AUTH_MISSING;
    if (same(tok, n, key, strlen(key)))
        return AK_AUTH_OK;
    /* header.payload.signature */
    const char *d1 = memchr(tok, '.', n);
    const char *d2 = d1 ? memchr(d1 + 1, '.', n - (size_t)(d1 + 1 - tok)) : NULL;
    if (!d1 || !d2 || n > 16384)
        return AK_AUTH_INVALID;
    char *sig = hmac_b64(key, tok, (size_t)(d2 - tok));
    bool ok = sig && same(d2 + 1, n - (size_t)(d2 + 1 - tok), sig, strlen(sig));
    free(sig);
    if (!ok)
        return AK_AUTH_INVALID;
    size_t plen = 0;
    char *payload = ak_base64_decode(d1 + 1, (size_t)(d2 - d1 - 1), &plen);
    json_t *j = payload ? json_loadb(payload, plen, 0, NULL) : NULL;
    free(payload);
    json_t *exp = json_object_get(j, "exp");
    enum ak_auth_result r = AK_AUTH_OK;
    if (!json_is_object(j))
        r = AK_AUTH_INVALID;
    else if (exp && !json_is_integer(exp))
        r = AK_AUTH_INVALID;
    else if (exp && json_integer_value(exp) <= now_s) {
        r = AK_AUTH_EXPIRED;
        if (exp_s)
            *exp_s = json_integer_value(exp);
    }
    json_decref(j);
    return r;
}
