/* ak_store.h - durability behind one small interface.
 *
 * Objects are (kind, key) -> bytes. A batch of puts and deletes between ak_store_begin()
 * and ak_store_commit() is applied atomically; once commit returns 0 the batch survives a
 * kill -9 of the process (SQLite WAL; with sync "full" also a power loss). Start-up reads
 * everything back with ak_store_load(). The SQLite backend is the default; the vtable lets
 * tests inject failures and other backends plug in. */
#ifndef AK_STORE_H
#define AK_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/ak_err.h"

struct ak_store;

typedef int (*ak_store_load_cb)(void *ud, const char *kind, const char *key, const char *val,
                                size_t len);

struct ak_store_ops {
    int (*begin)(struct ak_store *st);
    int (*put)(struct ak_store *st, const char *kind, const char *key, const char *val,
               size_t len);
    int (*del)(struct ak_store *st, const char *kind, const char *key);
    int (*commit)(struct ak_store *st);
    void (*rollback)(struct ak_store *st);
    int (*load)(struct ak_store *st, const char *kind, ak_store_load_cb cb, void *ud);
    void (*close)(struct ak_store *st);
};

struct ak_store {
    const struct ak_store_ops *ops;
    char errmsg[512]; /* last error, for logs */
    bool discard;     /* keeps nothing (the simulator): writers need not encode their puts */
};

enum ak_store_sync { AK_SYNC_NORMAL, AK_SYNC_FULL, AK_SYNC_OFF };

/* A store that keeps nothing: every write succeeds, a load finds nothing (`discard` is set).
 * For runs that need no durability, such as the simulator's. */
struct ak_store *ak_store_open_null(void);

/* Opens (creating if absent) the SQLite database at path. A file that is not an aksemu
 * database is refused with a clear message in *err. */
int ak_store_open_sqlite(struct ak_store **out, const char *path, enum ak_store_sync sync,
                         struct ak_err *err);

static inline int ak_store_begin(struct ak_store *st) { return st->ops->begin(st); }
static inline int ak_store_put(struct ak_store *st, const char *kind, const char *key,
                               const char *val, size_t len)
{
    return st->ops->put(st, kind, key, val, len);
}
static inline int ak_store_del(struct ak_store *st, const char *kind, const char *key)
{
    return st->ops->del(st, kind, key);
}
static inline int ak_store_commit(struct ak_store *st) { return st->ops->commit(st); }
static inline void ak_store_rollback(struct ak_store *st) { st->ops->rollback(st); }
/* kind == NULL loads all kinds. */
static inline int ak_store_load(struct ak_store *st, const char *kind, ak_store_load_cb cb,
                                void *ud)
{
    return st->ops->load(st, kind, cb, ud);
}
static inline void ak_store_close(struct ak_store *st)
{
    if (st)
        st->ops->close(st);
}

#endif
