#include "ak_mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_banned.h"

_Noreturn void ak_fatal(const char *fmt, ...)
{
    va_list ap;
    fputs("aksemu: fatal: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

_Noreturn void ak_assert_fail(const char *expr, const char *file, int line)
{
    ak_fatal("assertion failed: %s (%s:%d)", expr, file, line);
}

void *ak_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        ak_fatal("out of memory allocating %zu bytes", n);
    return p;
}

void *ak_xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (p == NULL)
        ak_fatal("out of memory allocating %zu * %zu bytes", nmemb, size);
    return p;
}

void *ak_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (p == NULL)
        ak_fatal("out of memory allocating %zu bytes", n);
    return p;
}

void *ak_xreallocarray(void *p, size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size)
        ak_fatal("ak_xreallocarray: %zu * %zu overflows", nmemb, size);
    return ak_xrealloc(p, nmemb * size);
}

char *ak_xstrdup(const char *s)
{
    if (s == NULL)
        return NULL;
    return ak_xstrndup(s, strlen(s));
}

char *ak_xstrndup(const char *s, size_t n)
{
    char *d = ak_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ak_xasprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        ak_fatal("ak_xasprintf: bad format");
    char *s = ak_xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}
