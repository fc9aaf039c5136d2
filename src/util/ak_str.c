#include "ak_str.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ak_err.h"
#include "ak_mem.h"
#include "ak_banned.h"

bool ak_streq(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

bool ak_strieq(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcasecmp(a, b) == 0;
}

bool ak_strnieq(const char *a, const char *b, size_t n)
{
    return strncasecmp(a, b, n) == 0;
}

bool ak_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool ak_istarts_with(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool ak_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

void ak_lower_inplace(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

bool ak_ends_with_n(const char *s, size_t n, const char *suffix)
{
    size_t b = strlen(suffix);
    return n >= b && memcmp(s + n - b, suffix, b) == 0;
}

char *ak_lower_dup(const char *s)
{
    char *d = ak_xstrdup(s);
    ak_lower_inplace(d);
    return d;
}

int ak_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
        return AK_EINVAL;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end != '\0' || v < min || v > max)
        return AK_EINVAL;
    *out = v;
    return 0;
}

int ak_parse_double(const char *s, double *out)
{
    if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
        return AK_EINVAL;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end != '\0' || !isfinite(v))
        return AK_EINVAL;
    *out = v;
    return 0;
}

void ak_free_ptr(void *pp)
{
    void **p = pp;
    free(*p);
    *p = NULL;
}

void ak_strs_push(struct ak_strs *l, const char *s)
{
    AK_GROW(l->v, l->n + 1, l->cap);
    l->v[l->n++] = ak_xstrdup(s);
}

void ak_strs_release(struct ak_strs *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

void ak_strs_copy(struct ak_strs *dst, const struct ak_strs *src)
{
    ak_strs_release(dst);
    for (size_t i = 0; i < src->n; i++)
        ak_strs_push(dst, src->v[i]);
}

bool ak_strs_contains(const struct ak_strs *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

bool ak_strs_equal(const struct ak_strs *a, const struct ak_strs *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]) != 0)
            return false;
    return true;
}

static ssize_t kvs_find(const struct ak_kvs *m, const char *key, bool icase)
{
    for (size_t i = 0; i < m->n; i++)
        if (icase ? strcasecmp(m->v[i].key, key) == 0 : strcmp(m->v[i].key, key) == 0)
            return (ssize_t)i;
    return -1;
}

void ak_kvs_set(struct ak_kvs *m, const char *key, const char *val)
{
    ssize_t i = kvs_find(m, key, false);
    if (i >= 0) {
        free(m->v[i].val);
        m->v[i].val = ak_xstrdup(val);
        return;
    }
    AK_GROW(m->v, m->n + 1, m->cap);
    m->v[m->n].key = ak_xstrdup(key);
    m->v[m->n].val = ak_xstrdup(val);
    m->n++;
}

const char *ak_kvs_get(const struct ak_kvs *m, const char *key)
{
    ssize_t i = kvs_find(m, key, false);
    return i >= 0 ? m->v[i].val : NULL;
}

const char *ak_kvs_iget(const struct ak_kvs *m, const char *key)
{
    ssize_t i = kvs_find(m, key, true);
    return i >= 0 ? m->v[i].val : NULL;
}

bool ak_kvs_del(struct ak_kvs *m, const char *key)
{
    ssize_t i = kvs_find(m, key, false);
    if (i < 0)
        return false;
    free(m->v[i].key);
    free(m->v[i].val);
    memmove(&m->v[i], &m->v[i + 1], (m->n - (size_t)i - 1) * sizeof(m->v[0]));
    m->n--;
    return true;
}

void ak_kvs_release(struct ak_kvs *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].key);
        free(m->v[i].val);
    }
    free(m->v);
    m->v = NULL;
    m->n = m->cap = 0;
}

void ak_kvs_copy(struct ak_kvs *dst, const struct ak_kvs *src)
{
    ak_kvs_release(dst);
    for (size_t i = 0; i < src->n; i++)
        ak_kvs_set(dst, src->v[i].key, src->v[i].val);
}

bool ak_kvs_equal(const struct ak_kvs *a, const struct ak_kvs *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        const char *v = ak_kvs_get(b, a->v[i].key);
        if (v == NULL || strcmp(v, a->v[i].val) != 0)
            return false;
    }
    return true;
}
