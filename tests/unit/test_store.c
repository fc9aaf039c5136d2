/* test_store.c - the SQLite store: put/del/commit/rollback/load, durability across reopen,
 * refusal of files that are not aksemu databases, WAL mode. */
#include "unit_helpers.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/ak_store.h"
#include "util/ak_err.h"
#include "util/ak_log.h"
#include "util/ak_mem.h"

#define AK_APP_ID 0x616b7365 /* "akse", as in ak_store_sqlite.c */

struct fx {
    char dir[64];
    char path[128];
};

static int setup(void **state)
{
    struct fx *f = ak_xcalloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/aksemu-store-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/aksemu.db", f->dir);
    ak_log_min = AK_LOG_OFF; /* store errors are logged; keep the test output clean */
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    DIR *d = opendir(f->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[512];
            snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* ---- load collector ---- */

struct row {
    char kind[32], key[64];
    char *val;
    size_t len;
};

struct rows {
    struct row r[64];
    int n;
    int stop_after; /* 0 = never */
};

static int collect(void *ud, const char *kind, const char *key, const char *val, size_t len)
{
    struct rows *rs = ud;
    assert_true(rs->n < 64);
    struct row *r = &rs->r[rs->n++];
    snprintf(r->kind, sizeof(r->kind), "%s", kind);
    snprintf(r->key, sizeof(r->key), "%s", key);
    assert_int_equal(val[len], '\0'); /* handed over NUL-terminated */
    r->val = ak_xmalloc(len + 1);
    memcpy(r->val, val, len + 1);
    r->len = len;
    if (rs->stop_after && rs->n == rs->stop_after)
        return 99;
    return 0;
}

static void rows_release(struct rows *rs)
{
    for (int i = 0; i < rs->n; i++)
        free(rs->r[i].val);
    memset(rs, 0, sizeof(*rs));
}

static struct ak_store *open_ok(const char *path)
{
    struct ak_store *st = NULL;
    struct ak_err err;
    ak_err_clear(&err);
    int rc = ak_store_open_sqlite(&st, path, AK_SYNC_NORMAL, &err);
    if (rc != 0)
        fail_msg("open %s: %d %s %s", path, rc, err.code, err.message);
    assert_non_null(st);
    return st;
}

static void put_s(struct ak_store *st, const char *kind, const char *key, const char *val)
{
    assert_int_equal(ak_store_put(st, kind, key, val, strlen(val)), 0);
}

static void test_put_commit_load(void **state)
{
    struct fx *f = *state;
    struct ak_store *st = open_ok(f->path);
    struct rows rs = {0};
    assert_int_equal(ak_store_load(st, NULL, collect, &rs), 0);
    assert_int_equal(rs.n, 0); /* fresh database */

    assert_int_equal(ak_store_begin(st), 0);
    assert_int_equal(ak_store_begin(st), 0); /* nested begin is a no-op */
    put_s(st, "pool", "b", "{\"count\":2}");
    put_s(st, "pool", "a", "{\"count\":1}");
    put_s(st, "cluster", "c1", "{}");
    put_s(st, "pool", "a", "{\"count\":3}"); /* upsert */
    assert_int_equal(ak_store_commit(st), 0);
    assert_int_equal(ak_store_commit(st), 0); /* nothing open: no-op */

    assert_int_equal(ak_store_load(st, NULL, collect, &rs), 0);
    assert_int_equal(rs.n, 3);
    /* ordered by kind, then key */
    assert_string_equal(rs.r[0].kind, "cluster");
    assert_string_equal(rs.r[1].key, "a");
    assert_string_equal(rs.r[1].val, "{\"count\":3}");
    assert_string_equal(rs.r[2].key, "b");
    rows_release(&rs);

    assert_int_equal(ak_store_load(st, "pool", collect, &rs), 0);
    assert_int_equal(rs.n, 2);
    assert_string_equal(rs.r[0].kind, "pool");
    rows_release(&rs);
    assert_int_equal(ak_store_load(st, "nothing", collect, &rs), 0);
    assert_int_equal(rs.n, 0);

    /* delete (a missing key is not an error) */
    assert_int_equal(ak_store_begin(st), 0);
    assert_int_equal(ak_store_del(st, "pool", "a"), 0);
    assert_int_equal(ak_store_del(st, "pool", "zzz"), 0);
    assert_int_equal(ak_store_commit(st), 0);
    assert_int_equal(ak_store_load(st, "pool", collect, &rs), 0);
    assert_int_equal(rs.n, 1);
    assert_string_equal(rs.r[0].key, "b");
    rows_release(&rs);

    /* a callback's non-zero return stops the load and is returned */
    rs.stop_after = 1;
    assert_int_equal(ak_store_load(st, NULL, collect, &rs), 99);
    assert_int_equal(rs.n, 1);
    rows_release(&rs);
    ak_store_close(st);
    ak_store_close(NULL); /* NULL is fine */
}

static void test_rollback(void **state)
{
    struct fx *f = *state;
    struct ak_store *st = open_ok(f->path);
    assert_int_equal(ak_store_begin(st), 0);
    put_s(st, "k", "keep", "1");
    assert_int_equal(ak_store_commit(st), 0);

    assert_int_equal(ak_store_begin(st), 0);
    put_s(st, "k", "gone", "2");
    put_s(st, "k", "keep", "changed");
    assert_int_equal(ak_store_del(st, "k", "keep"), 0);
    ak_store_rollback(st);
    ak_store_rollback(st); /* nothing open: no-op */

    struct rows rs = {0};
    assert_int_equal(ak_store_load(st, NULL, collect, &rs), 0);
    assert_int_equal(rs.n, 1);
    assert_string_equal(rs.r[0].key, "keep");
    assert_string_equal(rs.r[0].val, "1");
    rows_release(&rs);
    /* the store is usable after a rollback */
    assert_int_equal(ak_store_begin(st), 0);
    put_s(st, "k", "next", "3");
    assert_int_equal(ak_store_commit(st), 0);
    assert_int_equal(ak_store_load(st, NULL, collect, &rs), 0);
    assert_int_equal(rs.n, 2);
    rows_release(&rs);
    ak_store_close(st);
}

static void test_values_survive_reopen(void **state)
{
    struct fx *f = *state;
    struct ak_store *st = open_ok(f->path);
    const char bin[] = {'a', '\0', 'b', '\xff', '\0'};
    assert_int_equal(ak_store_begin(st), 0);
    assert_int_equal(ak_store_put(st, "blob", "bin", bin, sizeof(bin)), 0);
    assert_int_equal(ak_store_put(st, "blob", "empty", "", 0), 0);
    put_s(st, "json", "x", "{\"a\":[1,2,3]}");
    assert_int_equal(ak_store_commit(st), 0);
    /* a put outside begin/commit is committed on its own */
    put_s(st, "json", "y", "auto");
    /* an uncommitted batch is lost when the process goes away */
    assert_int_equal(ak_store_begin(st), 0);
    put_s(st, "json", "z", "lost");
    ak_store_close(st);

    st = open_ok(f->path);
    struct rows rs = {0};
    assert_int_equal(ak_store_load(st, NULL, collect, &rs), 0);
    assert_int_equal(rs.n, 4);
    assert_string_equal(rs.r[0].key, "bin");
    assert_int_equal(rs.r[0].len, sizeof(bin));
    assert_memory_equal(rs.r[0].val, bin, sizeof(bin));
    assert_string_equal(rs.r[1].key, "empty");
    assert_int_equal(rs.r[1].len, 0);
    assert_string_equal(rs.r[1].val, "");
    assert_string_equal(rs.r[2].val, "{\"a\":[1,2,3]}");
    assert_string_equal(rs.r[3].key, "y");
    rows_release(&rs);
    ak_store_close(st);

    /* the file is an aksemu database: application id and schema version */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), AK_APP_ID);
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 1);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void test_wal_mode(void **state)
{
    struct fx *f = *state;
    struct ak_store *st = open_ok(f->path);
    put_s(st, "k", "v", "1");
    /* while open, the write-ahead log exists next to the database */
    char wal[160];
    snprintf(wal, sizeof(wal), "%s-wal", f->path);
    struct stat sb;
    assert_int_equal(stat(wal, &sb), 0);
    /* journal_mode=WAL is persistent: another connection sees it */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    /* and reads the committed row while the store is still open */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT value FROM objects WHERE key='v'", -1, &s,
                                        NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_bytes(s, 0), 1);
    sqlite3_finalize(s);
    sqlite3_close(db);
    ak_store_close(st);
    /* sync modes are accepted */
    struct ak_err err;
    assert_int_equal(ak_store_open_sqlite(&st, f->path, AK_SYNC_FULL, &err), 0);
    ak_store_close(st);
    assert_int_equal(ak_store_open_sqlite(&st, f->path, AK_SYNC_OFF, &err), 0);
    ak_store_close(st);
}

/* Steady writes, as a busy daemon makes them: one commit after another with no pause, while
 * another connection reads now and then (as the checkpoint connection does). SQLite can only
 * start the write-ahead log over when a checkpoint has copied all of it and no reader is in
 * it; with writes always arriving during the background checkpoint that never happened and
 * the -wal file grew without end (10 GB in a 10-minute soak). It must stay bounded, and every
 * committed value must still be there after a reopen. */
static void test_wal_bounded_under_steady_writes(void **state)
{
    struct fx *f = *state;
    struct ak_store *st = open_ok(f->path);
    char wal[160];
    snprintf(wal, sizeof(wal), "%s-wal", f->path);
    sqlite3 *rd;
    assert_int_equal(sqlite3_open(f->path, &rd), SQLITE_OK);
    sqlite3_busy_timeout(rd, 2000);
    enum { COMMITS = 6000, KEYS = 64, VLEN = 12000 };
    char *val = ak_xmalloc(VLEN + 1);
    off_t max_wal = 0;
    for (int i = 0; i < COMMITS; i++) {
        /* ~3 overflow pages per value: ~4 WAL frames per commit, 24,000 in all */
        for (int j = 0; j < VLEN; j++)
            val[j] = (char)('a' + (i * 7 + j * 13) % 26);
        val[VLEN] = '\0';
        char key[32];
        snprintf(key, sizeof(key), "k%02d", i % KEYS);
        assert_int_equal(ak_store_begin(st), 0);
        put_s(st, "blob", key, val);
        assert_int_equal(ak_store_commit(st), 0);
        if (i % 50 == 0) {
            /* a short read transaction on another connection */
            sqlite3_stmt *s;
            assert_int_equal(sqlite3_prepare_v2(rd, "SELECT count(*) FROM objects", -1, &s,
                                                NULL),
                             SQLITE_OK);
            assert_int_equal(sqlite3_step(s), SQLITE_ROW);
            sqlite3_finalize(s);
        }
        struct stat sb;
        if (stat(wal, &sb) == 0 && sb.st_size > max_wal)
            max_wal = sb.st_size;
    }
    /* a reader that stays inside the log holds it: the log has to grow meanwhile, and must
     * be cut back once the reader is gone */
    sqlite3_stmt *hold;
    assert_int_equal(sqlite3_prepare_v2(rd, "SELECT key FROM objects", -1, &hold, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(hold), SQLITE_ROW); /* read transaction open */
    for (int i = 0; i < 2000; i++) {
        val[0] = (char)('a' + i % 26);
        assert_int_equal(ak_store_begin(st), 0);
        put_s(st, "held", "h", val);
        assert_int_equal(ak_store_commit(st), 0);
    }
    struct stat held;
    assert_int_equal(stat(wal, &held), 0);
    assert_true(held.st_size > 20 * 1024 * 1024); /* ~8,000 frames the reader may still need */
    sqlite3_finalize(hold);
    for (int i = 0; i < COMMITS; i++) {
        for (int j = 0; j < VLEN; j++)
            val[j] = (char)('a' + (i * 7 + j * 13) % 26);
        char key[32];
        snprintf(key, sizeof(key), "k%02d", i % KEYS);
        assert_int_equal(ak_store_begin(st), 0);
        put_s(st, "blob", key, val);
        assert_int_equal(ak_store_commit(st), 0);
    }
    struct stat after;
    assert_int_equal(stat(wal, &after), 0);
    if (after.st_size > 20 * 1024 * 1024)
        fail_msg("the WAL is %lld bytes after the reader left", (long long)after.st_size);
    sqlite3_close(rd);
    /* 4,096 frames of 4 KiB pages (16.1 MiB) is where the store starts the log over; one
     * commit may cross it. Without the bound this run leaves ~95 MiB. */
    if (max_wal > 20 * 1024 * 1024)
        fail_msg("the WAL grew to %lld bytes during %d commits", (long long)max_wal, COMMITS);
    ak_store_close(st);
    /* what was committed last is what a reopen reads */
    st = open_ok(f->path);
    struct rows rs = {0};
    assert_int_equal(ak_store_load(st, "blob", collect, &rs), 0);
    assert_int_equal(rs.n, KEYS); /* and "held" is another kind */
    int last = COMMITS - 1;
    for (int j = 0; j < VLEN; j++)
        val[j] = (char)('a' + (last * 7 + j * 13) % 26);
    char key[32];
    snprintf(key, sizeof(key), "k%02d", last % KEYS);
    bool found = false;
    for (int k = 0; k < rs.n; k++) {
        if (strcmp(rs.r[k].key, key) == 0) {
            found = true;
            assert_int_equal(rs.r[k].len, VLEN);
            assert_memory_equal(rs.r[k].val, val, VLEN);
        }
    }
    assert_true(found);
    rows_release(&rs);
    ak_store_close(st);
    free(val);
}

static void test_put_error_message(void **state)
{
    struct fx *f = *state;
    struct ak_store *st = open_ok(f->path);
    /* a NULL kind violates NOT NULL: AK_EIO and the SQLite reason in errmsg */
    assert_int_equal(ak_store_put(st, NULL, "k", "v", 1), AK_EIO);
    ASSERT_CONTAINS(st->errmsg, "put: ");
    ASSERT_CONTAINS(st->errmsg, "NOT NULL");
    /* the statement is reset: the next put works */
    put_s(st, "k", "k", "v");
    struct rows rs = {0};
    assert_int_equal(ak_store_load(st, NULL, collect, &rs), 0);
    assert_int_equal(rs.n, 1);
    rows_release(&rs);
    ak_store_close(st);
}

static void write_file(const char *path, const char *content)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(content, fp);
    fclose(fp);
}

static void test_refuses_non_sqlite_file(void **state)
{
    struct fx *f = *state;
    char buf[4096];
    memset(buf, 'x', sizeof(buf) - 1);
    buf[sizeof(buf) - 1] = '\0';
    memcpy(buf, "this is not a database at all\n", 30);
    write_file(f->path, buf);
    struct ak_store *st = NULL;
    struct ak_err err;
    ak_err_clear(&err);
    assert_int_equal(ak_store_open_sqlite(&st, f->path, AK_SYNC_NORMAL, &err), AK_EIO);
    assert_null(st);
    assert_int_equal(err.status, 500);
    assert_string_equal(err.code, "StoreCorrupt");
    ASSERT_CONTAINS(err.message, f->path);
    ASSERT_CONTAINS(err.message, "is not an aksemu database");
    /* the file is left as it was */
    FILE *fp = fopen(f->path, "r");
    char head[31] = "";
    assert_int_equal(fread(head, 1, 30, fp), 30);
    fclose(fp);
    assert_string_equal(head, "this is not a database at all\n");
}

static void make_foreign_db(const char *path, int app_id, int user_version, bool with_table)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char sql[256];
    snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d;", app_id,
             user_version);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    if (with_table)
        assert_int_equal(sqlite3_exec(db, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name "
                                          "TEXT); INSERT INTO customers(name) VALUES('x');",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    sqlite3_close(db);
}

static void test_refuses_foreign_sqlite_db(void **state)
{
    struct fx *f = *state;
    struct ak_store *st = NULL;
    struct ak_err err;
    /* another application's database (different application_id, has a table) */
    make_foreign_db(f->path, 0x12345678, 0, true);
    ak_err_clear(&err);
    assert_int_equal(ak_store_open_sqlite(&st, f->path, AK_SYNC_NORMAL, &err), AK_EIO);
    assert_null(st);
    assert_int_equal(err.status, 500);
    assert_string_equal(err.code, "StoreForeign");
    ASSERT_CONTAINS(err.message, "is a SQLite database that does not belong to aksemu "
                                 "(application_id 0x12345678)");
    /* application_id 0 with tables: also foreign */
    unlink(f->path);
    make_foreign_db(f->path, 0, 0, true);
    ak_err_clear(&err);
    assert_int_equal(ak_store_open_sqlite(&st, f->path, AK_SYNC_NORMAL, &err), AK_EIO);
    assert_string_equal(err.code, "StoreForeign");
    ASSERT_CONTAINS(err.message, "application_id 0x00000000");
    /* the foreign data is untouched */
    sqlite3 *db;
    sqlite3_open(f->path, &db);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM customers", -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 1);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void test_refuses_newer_schema(void **state)
{
    struct fx *f = *state;
    make_foreign_db(f->path, AK_APP_ID, 2, true);
    struct ak_store *st = NULL;
    struct ak_err err;
    ak_err_clear(&err);
    assert_int_equal(ak_store_open_sqlite(&st, f->path, AK_SYNC_NORMAL, &err), AK_EIO);
    assert_string_equal(err.code, "StoreTooNew");
    ASSERT_CONTAINS(err.message, "was written by a newer aksemu (schema 2, this build knows 1)");
}

static void test_empty_sqlite_db_is_adopted(void **state)
{
    struct fx *f = *state;
    /* an empty SQLite file (no tables) is initialised, whatever its application_id */
    make_foreign_db(f->path, 0, 0, false);
    struct ak_store *st = open_ok(f->path);
    put_s(st, "k", "v", "1");
    ak_store_close(st);
    /* a zero-length file too */
    unlink(f->path);
    write_file(f->path, "");
    st = open_ok(f->path);
    ak_store_close(st);
}

static void test_open_failure(void **state)
{
    (void)state;
    struct ak_store *st = NULL;
    struct ak_err err;
    ak_err_clear(&err);
    assert_int_equal(ak_store_open_sqlite(&st, "/nonexistent-dir-aksemu/x/db", AK_SYNC_NORMAL,
                                          &err),
                     AK_EIO);
    assert_null(st);
    assert_int_equal(err.status, 500);
    assert_string_equal(err.code, "StoreOpenFailed");
    ASSERT_CONTAINS(err.message, "cannot open the database /nonexistent-dir-aksemu/x/db");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_put_commit_load),
        T(test_rollback),
        T(test_values_survive_reopen),
        T(test_wal_mode),
        T(test_wal_bounded_under_steady_writes),
        T(test_put_error_message),
        T(test_refuses_non_sqlite_file),
        T(test_refuses_foreign_sqlite_db),
        T(test_refuses_newer_schema),
        T(test_empty_sqlite_db_is_adopted),
        T(test_open_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
