/* ak_str.h - small string helpers, string lists and ordered key/value maps. */
#ifndef AK_STR_H
#define AK_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool ak_streq(const char *a, const char *b);      /* NULL-safe */
bool ak_strieq(const char *a, const char *b);     /* ASCII case-insensitive, NULL-safe */
bool ak_strnieq(const char *a, const char *b, size_t n);
bool ak_starts_with(const char *s, const char *prefix);
bool ak_istarts_with(const char *s, const char *prefix);
bool ak_ends_with(const char *s, const char *suffix);
bool ak_ends_with_n(const char *s, size_t n, const char *suffix); /* s[0..n) ends with suffix */
char *ak_lower_dup(const char *s);
void ak_lower_inplace(char *s);
/* Parses a whole decimal integer in [min,max]; 0 or AK_EINVAL. */
int ak_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
int ak_parse_double(const char *s, double *out);
void ak_free_ptr(void *pp); /* frees *(void **)pp and sets it NULL */

/* A list of owned strings. */
struct ak_strs {
    char **v;
    size_t n, cap;
};
void ak_strs_push(struct ak_strs *l, const char *s); /* copies */
void ak_strs_release(struct ak_strs *l);
void ak_strs_copy(struct ak_strs *dst, const struct ak_strs *src);
bool ak_strs_contains(const struct ak_strs *l, const char *s);
bool ak_strs_equal(const struct ak_strs *a, const struct ak_strs *b);

/* An ordered map of owned strings (insertion order kept; keys compared exactly). */
struct ak_kv {
    char *key, *val;
};
struct ak_kvs {
    struct ak_kv *v;
    size_t n, cap;
};
void ak_kvs_set(struct ak_kvs *m, const char *key, const char *val); /* replaces */
const char *ak_kvs_get(const struct ak_kvs *m, const char *key);
const char *ak_kvs_iget(const struct ak_kvs *m, const char *key); /* key case-insensitive */
bool ak_kvs_del(struct ak_kvs *m, const char *key);
void ak_kvs_release(struct ak_kvs *m);
void ak_kvs_copy(struct ak_kvs *dst, const struct ak_kvs *src);
bool ak_kvs_equal(const struct ak_kvs *a, const struct ak_kvs *b); /* same pairs, any order */

#endif
