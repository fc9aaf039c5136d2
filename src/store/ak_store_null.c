/* ak_store_null.c - the store that keeps nothing (ak_store.h). */
#include "ak_store.h"

#include <stdlib.h>

#include "../util/ak_mem.h"

static int null_begin(struct ak_store *st)
{
    (void)st;
    return 0;
}

static int null_put(struct ak_store *st, const char *kind, const char *key, const char *val, size_t len)
{
    (void)st, (void)kind, (void)key, (void)val, (void)len;
    return 0;
}

static int null_del(struct ak_store *st, const char *kind, const char *key)
{
    (void)st, (void)kind, (void)key;
    return 0;
}

static void null_rollback(struct ak_store *st)
{
    (void)st;
}

static int null_load(struct ak_store *st, const char *kind, ak_store_load_cb cb, void *ud)
{
    (void)st, (void)kind, (void)cb, (void)ud;
    return 0;
}

static void null_close(struct ak_store *st)
{
    free(st);
}

static const struct ak_store_ops null_ops = {null_begin, null_put,      null_del, null_begin,
                                             null_rollback, null_load, null_close};

struct ak_store *ak_store_open_null(void)
{
    struct ak_store *st = ak_xcalloc(1, sizeof(*st));
    st->ops = &null_ops;
    st->discard = true;
    return st;
}
