/* ak_mem.h - allocation helpers: allocation failure is fatal, never an error value. */
#ifndef AK_MEM_H
#define AK_MEM_H

#include <stddef.h>

_Noreturn void ak_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *ak_xmalloc(size_t n);
void *ak_xcalloc(size_t nmemb, size_t size);
void *ak_xrealloc(void *p, size_t n);
void *ak_xreallocarray(void *p, size_t nmemb, size_t size);
char *ak_xstrdup(const char *s);          /* NULL in, NULL out */
char *ak_xstrndup(const char *s, size_t n);
char *ak_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array so that at least `need` elements fit; doubles capacity. */
#define AK_GROW(arr, n_needed, cap)                                                     \
    do {                                                                                \
        if ((size_t)(n_needed) > (cap)) {                                               \
            size_t nc_ = (cap) ? (cap) * 2 : 8;                                         \
            while (nc_ < (size_t)(n_needed))                                            \
                nc_ *= 2;                                                               \
            (arr) = ak_xreallocarray((arr), nc_, sizeof(*(arr)));                       \
            (cap) = nc_;                                                                \
        }                                                                               \
    } while (0)

#define ak_container_of(p, T, m) ((T *)(void *)((char *)(p)-offsetof(T, m)))
#define AK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

_Noreturn void ak_assert_fail(const char *expr, const char *file, int line);
#define ak_assert(e) ((e) ? (void)0 : ak_assert_fail(#e, __FILE__, __LINE__))

#endif
