#include "ak_store.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

#define AK_APP_ID 0x616b7365 /* "akse" */
#define AK_SCHEMA_VERSION 1

/* WAL checkpoints run on a thread of their own with its own connection: SQLite's automatic
 * checkpoint would copy the WAL into the database (and fsync both) inside whichever commit
 * crosses 1,000 pages - 10 - 20 ms inside a request or a controller pass. The writer never
 * waits for it (PASSIVE); durability is unchanged: a commit is in the WAL before it returns. */
struct ckpt {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    sqlite3 *db;
    bool started, stop;
};

/* The background checkpoint alone does not bound the WAL: SQLite starts the log over only
 * when a writer begins after a checkpoint has copied every frame and no reader is inside the
 * log, and under steady writes a new commit always lands while the PASSIVE checkpoint runs, so
 * the -wal file grew without end (10 GB in a 10-minute soak). So after a commit that leaves
 * the log at AK_WAL_RESTART_FRAMES or more, the writer itself runs a RESTART checkpoint: there
 * is no read transaction open on its connection then, the background thread has already
 * copied most frames, and the next commit writes the log from its start (the file is cut back
 * to AK_WAL_SIZE_LIMIT then). It never waits: with a reader inside the log (another process,
 * or the checkpoint thread busy) the checkpoint gives up at once and is tried again
 * AK_WAL_RETRY_FRAMES later. Durability is unchanged: every commit is in the WAL before it
 * returns; a checkpoint only copies committed frames into the database. */
#define AK_WAL_RESTART_FRAMES 4096
#define AK_WAL_RETRY_FRAMES 256
#define AK_WAL_SIZE_LIMIT (20 * 1024 * 1024)

struct sq_store {
    struct ak_store base;
    sqlite3 *db;
    sqlite3_stmt *put, *del, *begin, *commit, *rollback;
    int in_txn;
    int wal_frames;   /* frames in the WAL after the last commit (the WAL hook) */
    int wal_restart_at; /* frames from which a commit runs the RESTART checkpoint */
    struct ckpt ck;
};

#define CKPT_PERIOD_MS 250

static void *ckpt_main(void *arg)
{
    struct ckpt *c = arg;
    pthread_mutex_lock(&c->mu);
    while (!c->stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += CKPT_PERIOD_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        int rc = 0;
        while (!c->stop && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&c->cv, &c->mu, &ts);
        if (c->stop)
            break;
        pthread_mutex_unlock(&c->mu);
        int nlog = 0, nckpt = 0;
        sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &nlog, &nckpt);
        pthread_mutex_lock(&c->mu);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

static void ckpt_stop(struct ckpt *c)
{
    if (c->started) {
        pthread_mutex_lock(&c->mu);
        c->stop = true;
        pthread_cond_signal(&c->cv);
        pthread_mutex_unlock(&c->mu);
        pthread_join(c->th, NULL);
        pthread_mutex_destroy(&c->mu);
        pthread_cond_destroy(&c->cv);
        c->started = false;
    }
    if (c->db) {
        sqlite3_close(c->db);
        c->db = NULL;
    }
}

/* Opens the checkpoint connection and starts its thread; without it the commits' RESTART
 * checkpoints (wal_bound) do all the copying. */
static void ckpt_start(struct sq_store *s, const char *path, const char *syncsql)
{
    struct ckpt *c = &s->ck;
    if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        ak_log(AK_LOG_WARN, "store", "no checkpoint connection (%s): checkpoints stay in commits",
               c->db ? sqlite3_errmsg(c->db) : "out of memory");
        ckpt_stop(c);
        return;
    }
    sqlite3_busy_timeout(c->db, 5000);
    sqlite3_exec(c->db, syncsql, NULL, NULL, NULL);
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    /* the thread takes no signals: SIGTERM and friends belong to the loop's signalfd */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int prc = pthread_create(&c->th, NULL, ckpt_main, c);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (prc != 0) {
        pthread_mutex_destroy(&c->mu);
        pthread_cond_destroy(&c->cv);
        ckpt_stop(c);
        return;
    }
    c->started = true;
    sqlite3_wal_autocheckpoint(s->db, 0);
}

static int sq_fail(struct sq_store *s, const char *what)
{
    snprintf(s->base.errmsg, sizeof(s->base.errmsg), "%s: %s", what, sqlite3_errmsg(s->db));
    ak_log(AK_LOG_ERROR, "store", "%s", s->base.errmsg);
    return AK_EIO;
}

static int step_reset(struct sq_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_fail(s, what);
    return 0;
}

static int sq_begin(struct ak_store *b)
{
    struct sq_store *s = (struct sq_store *)b;
    if (s->in_txn)
        return 0;
    int rc = step_reset(s, s->begin, "begin");
    if (rc == 0)
        s->in_txn = 1;
    return rc;
}

static int sq_put(struct ak_store *b, const char *kind, const char *key, const char *val,
                  size_t len)
{
    struct sq_store *s = (struct sq_store *)b;
    sqlite3_bind_text(s->put, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->put, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(s->put, 3, val, len, SQLITE_STATIC);
    return step_reset(s, s->put, "put");
}

static int sq_del(struct ak_store *b, const char *kind, const char *key)
{
    struct sq_store *s = (struct sq_store *)b;
    sqlite3_bind_text(s->del, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->del, 2, key, -1, SQLITE_STATIC);
    return step_reset(s, s->del, "delete");
}

static int on_wal_commit(void *ud, sqlite3 *db, const char *name, int frames)
{
    (void)db;
    (void)name;
    ((struct sq_store *)ud)->wal_frames = frames;
    return SQLITE_OK;
}

/* After a commit (no transaction open): start the log over once it is long enough. */
static void wal_bound(struct sq_store *s)
{
    if (s->wal_frames < s->wal_restart_at)
        return;
    sqlite3_busy_timeout(s->db, 0); /* never wait for a reader or the checkpoint thread */
    int nlog = 0, nckpt = 0;
    int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_RESTART, &nlog, &nckpt);
    sqlite3_busy_timeout(s->db, 2000);
    if (rc == SQLITE_OK) {
        s->wal_frames = 0;
        s->wal_restart_at = AK_WAL_RESTART_FRAMES;
    } else {
        s->wal_restart_at = s->wal_frames + AK_WAL_RETRY_FRAMES;
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            ak_log(AK_LOG_WARN, "store", "WAL checkpoint: %s", sqlite3_errmsg(s->db));
    }
}

static int sq_commit(struct ak_store *b)
{
    struct sq_store *s = (struct sq_store *)b;
    if (!s->in_txn)
        return 0;
    int rc = step_reset(s, s->commit, "commit");
    if (rc != 0) {
        /* a failed COMMIT may leave the transaction open: roll it back explicitly */
        if (!sqlite3_get_autocommit(s->db))
            step_reset(s, s->rollback, "rollback");
    }
    s->in_txn = 0;
    if (rc == 0)
        wal_bound(s);
    return rc;
}

static void sq_rollback(struct ak_store *b)
{
    struct sq_store *s = (struct sq_store *)b;
    if (s->in_txn && !sqlite3_get_autocommit(s->db))
        step_reset(s, s->rollback, "rollback");
    s->in_txn = 0;
}

static int sq_load(struct ak_store *b, const char *kind, ak_store_load_cb cb, void *ud)
{
    struct sq_store *s = (struct sq_store *)b;
    sqlite3_stmt *st;
    const char *sql = kind ? "SELECT kind, key, value FROM objects WHERE kind = ?1 ORDER BY key"
                           : "SELECT kind, key, value FROM objects ORDER BY kind, key";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "load");
    if (kind)
        sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    int rc, out = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *key = (const char *)sqlite3_column_text(st, 1);
        const char *val = sqlite3_column_blob(st, 2);
        size_t len = (size_t)sqlite3_column_bytes(st, 2);
        /* the value is handed over NUL-terminated */
        char *copy = ak_xmalloc(len + 1);
        if (len)
            memcpy(copy, val, len);
        copy[len] = '\0';
        out = cb(ud, k, key, copy, len);
        free(copy);
        if (out != 0)
            break;
    }
    if (out == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
        out = sq_fail(s, "load");
    sqlite3_finalize(st);
    return out;
}

static void sq_close(struct ak_store *b)
{
    struct sq_store *s = (struct sq_store *)b;
    ckpt_stop(&s->ck);
    sqlite3_finalize(s->put);
    sqlite3_finalize(s->del);
    sqlite3_finalize(s->begin);
    sqlite3_finalize(s->commit);
    sqlite3_finalize(s->rollback);
    sqlite3_close(s->db);
    free(s);
}

static const struct ak_store_ops sq_ops = {sq_begin, sq_put,  sq_del,  sq_commit,
                                           sq_rollback, sq_load, sq_close};

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int ak_store_open_sqlite(struct ak_store **out, const char *path, enum ak_store_sync sync,
                         struct ak_err *err)
{
    struct sq_store *s = ak_xcalloc(1, sizeof(*s));
    s->base.ops = &sq_ops;
    int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        ak_err_set(err, 500, "StoreOpenFailed", "cannot open the database %s: %s", path,
                   s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 2000);
    int app_id = 0, nobj = 0, uver = 0;
    /* reading the header validates that this is a SQLite file at all */
    if (pragma_int(s->db, "PRAGMA application_id", &app_id) != 0) {
        ak_err_set(err, 500, "StoreCorrupt",
                   "%s is not an aksemu database (%s). Move it away or start with an empty "
                   "--data directory.",
                   path, sqlite3_errmsg(s->db));
        goto fail;
    }
    pragma_int(s->db, "SELECT count(*) FROM sqlite_master", &nobj);
    pragma_int(s->db, "PRAGMA user_version", &uver);
    if (nobj > 0 && app_id != AK_APP_ID) {
        ak_err_set(err, 500, "StoreForeign",
                   "%s is a SQLite database that does not belong to aksemu (application_id "
                   "0x%08x). Refusing to use it; point --data at another directory.",
                   path, (unsigned)app_id);
        goto fail;
    }
    if (nobj > 0 && uver > AK_SCHEMA_VERSION) {
        ak_err_set(err, 500, "StoreTooNew",
                   "%s was written by a newer aksemu (schema %d, this build knows %d).", path,
                   uver, AK_SCHEMA_VERSION);
        goto fail;
    }
    if (exec(s->db, "PRAGMA journal_mode=WAL") != SQLITE_OK) {
        ak_err_set(err, 500, "StoreOpenFailed", "%s: cannot enable WAL: %s", path,
                   sqlite3_errmsg(s->db));
        goto fail;
    }
    const char *syncsql = sync == AK_SYNC_FULL  ? "PRAGMA synchronous=FULL"
                          : sync == AK_SYNC_OFF ? "PRAGMA synchronous=OFF"
                                                : "PRAGMA synchronous=NORMAL";
    exec(s->db, syncsql);
    if (nobj == 0) {
        char sql[256];
        snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d;", AK_APP_ID,
                 AK_SCHEMA_VERSION);
        if (exec(s->db, sql) != SQLITE_OK ||
            exec(s->db, "CREATE TABLE IF NOT EXISTS objects(kind TEXT NOT NULL, key TEXT NOT "
                        "NULL, value BLOB NOT NULL, PRIMARY KEY(kind, key)) WITHOUT ROWID") !=
                SQLITE_OK) {
            ak_err_set(err, 500, "StoreOpenFailed", "%s: cannot create the schema: %s", path,
                       sqlite3_errmsg(s->db));
            goto fail;
        }
    }
    if (exec(s->db, "PRAGMA quick_check") != SQLITE_OK) {
        ak_err_set(err, 500, "StoreCorrupt", "%s fails SQLite's integrity check: %s", path,
                   sqlite3_errmsg(s->db));
        goto fail;
    }
    if (sqlite3_prepare_v3(s->db,
                           "INSERT INTO objects(kind, key, value) VALUES(?1, ?2, ?3) ON "
                           "CONFLICT(kind, key) DO UPDATE SET value = excluded.value",
                           -1, SQLITE_PREPARE_PERSISTENT, &s->put, NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(s->db, "DELETE FROM objects WHERE kind = ?1 AND key = ?2", -1,
                           SQLITE_PREPARE_PERSISTENT, &s->del, NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(s->db, "BEGIN IMMEDIATE", -1, SQLITE_PREPARE_PERSISTENT, &s->begin,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(s->db, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &s->commit, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v3(s->db, "ROLLBACK", -1, SQLITE_PREPARE_PERSISTENT, &s->rollback,
                           NULL) != SQLITE_OK) {
        ak_err_set(err, 500, "StoreCorrupt", "%s: unexpected schema: %s", path,
                   sqlite3_errmsg(s->db));
        goto fail;
    }
    ckpt_start(s, path, syncsql);
    /* the hook replaces SQLite's automatic checkpoint (wal_bound takes its place) */
    char lim[64];
    snprintf(lim, sizeof(lim), "PRAGMA journal_size_limit=%d", AK_WAL_SIZE_LIMIT);
    exec(s->db, lim);
    s->wal_restart_at = AK_WAL_RESTART_FRAMES;
    sqlite3_wal_hook(s->db, on_wal_commit, s);
    *out = &s->base;
    return 0;
fail:
    sq_close(&s->base);
    return AK_EIO;
}
