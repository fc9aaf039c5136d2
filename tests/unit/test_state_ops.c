/* test_state_ops.c - ARM long-running operations in src/state: lookup by id in any case among
 * thousands of operations, completion of due operations (which, in which order, what is left),
 * next due time, preemption, GC by end time, and the same answers after a restart and after
 * the full reload that follows a failed commit. Time is a variable of the test. */
#include "unit_helpers.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "state/ak_state.h"
#include "store/ak_store.h"
#include "util/ak_err.h"
#include "util/ak_log.h"
#include "util/ak_mem.h"

#define SUB "00000000-0000-0000-0000-0000000000aa"
#define DAY_MS (24 * 3600 * 1000LL)

/* ---- a store that forwards to SQLite and fails puts on demand ---- */

struct fail_store {
    struct ak_store base;
    struct ak_store *inner;
    bool fail_puts;
};

static int fs_begin(struct ak_store *s)
{
    return ((struct fail_store *)s)->inner->ops->begin(((struct fail_store *)s)->inner);
}

static int fs_put(struct ak_store *s, const char *kind, const char *key, const char *val,
                  size_t len)
{
    struct fail_store *f = (struct fail_store *)s;
    if (f->fail_puts) {
        snprintf(s->errmsg, sizeof(s->errmsg), "disk full (injected)");
        return AK_EIO;
    }
    return ak_store_put(f->inner, kind, key, val, len);
}

static int fs_del(struct ak_store *s, const char *kind, const char *key)
{
    return ak_store_del(((struct fail_store *)s)->inner, kind, key);
}

static int fs_commit(struct ak_store *s)
{
    return ak_store_commit(((struct fail_store *)s)->inner);
}

static void fs_rollback(struct ak_store *s)
{
    ak_store_rollback(((struct fail_store *)s)->inner);
}

static int fs_load(struct ak_store *s, const char *kind, ak_store_load_cb cb, void *ud)
{
    return ak_store_load(((struct fail_store *)s)->inner, kind, cb, ud);
}

static void fs_close(struct ak_store *s)
{
    (void)s;
}

static const struct ak_store_ops fail_store_ops = {fs_begin,    fs_put,  fs_del,  fs_commit,
                                                   fs_rollback, fs_load, fs_close};

/* ---- fixture ---- */

struct fx {
    char dir[64], path[128];
    struct fail_store store;
    int64_t now;
    struct ak_state *st;
};

static int64_t fx_now(void *ud)
{
    return ((struct fx *)ud)->now;
}

static struct ak_state *state_open(struct fx *f)
{
    static const struct ak_state_config cfg = {SUB, "test", "tenant", 500, 0, 0, 0};
    struct ak_state *st = ak_state_new(&f->store.base, &cfg, fx_now, f);
    struct ak_err err;
    ak_err_clear(&err);
    if (ak_state_load(st, &err) != 0)
        fail_msg("load: %s", err.message);
    return st;
}

/* The daemon restarting: a new state object reads everything back from the store. */
static void restart(struct fx *f)
{
    ak_state_free(f->st);
    f->st = state_open(f);
}

static int setup(void **state)
{
    struct fx *f = ak_xcalloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/aksemu-ops-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/aksemu.db", f->dir);
    ak_log_min = AK_LOG_OFF;
    struct ak_err err;
    ak_err_clear(&err);
    if (ak_store_open_sqlite(&f->store.inner, f->path, AK_SYNC_OFF, &err) != 0)
        return -1;
    f->store.base.ops = &fail_store_ops;
    f->now = 1000000;
    f->st = state_open(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    ak_state_free(f->st);
    ak_store_close(f->store.inner);
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

/* ---- helpers ---- */

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static void commit_ok(struct ak_state *st)
{
    struct ak_err err;
    ak_err_clear(&err);
    if (ak_state_commit(st, &err) != 0)
        fail_msg("commit: %s", err.message);
}

static int64_t run_due(struct ak_state *st)
{
    struct ak_err err;
    ak_err_clear(&err);
    return ak_state_run_due_ops(st, &err);
}

/* An operation on a resource that does not exist: when due it ends Canceled. */
static struct ak_op *start_orphan(struct ak_state *st, int i, int64_t duration_ms)
{
    char target[128];
    snprintf(target, sizeof(target), "/subscriptions/%s/resourceGroups/gone-%d", SUB, i);
    return ak_state_op_start(st, "rg.delete", target, "eastus", duration_ms);
}

/* "3f2a-..." -> "3F2a-..." / "3f2A-...": letters alternately upper- and lower-case. */
static void mixed_case(const char *id, char *out, size_t n, bool upper_first)
{
    bool up = upper_first;
    size_t i = 0;
    for (; id[i] && i + 1 < n; i++) {
        unsigned char c = (unsigned char)id[i];
        if (isalpha(c)) {
            out[i] = (char)(up ? toupper(c) : tolower(c));
            up = !up;
        } else {
            out[i] = (char)c;
        }
    }
    out[i] = '\0';
}

static bool in_progress(const struct ak_op *op)
{
    return strcmp(op->status, "InProgress") == 0;
}

/* The next due time the way a reader of the list would compute it. */
static int64_t naive_next_due(struct ak_state *st)
{
    int64_t next = INT64_MAX;
    for (size_t i = 0; i < ak_state_op_count(st); i++) {
        struct ak_op *op = ak_state_op_at(st, i);
        if (in_progress(op) && op->due_ms < next)
            next = op->due_ms;
    }
    return next;
}

struct saved_op {
    char id[37];
    char status[16];
    int64_t due_ms, end_ms;
};

static void save(struct saved_op *s, const struct ak_op *op)
{
    snprintf(s->id, sizeof(s->id), "%s", op->id);
    snprintf(s->status, sizeof(s->status), "%s", op->status);
    s->due_ms = op->due_ms;
    s->end_ms = op->end_ms;
}

/* ---- tests ---- */

static void test_lookup_in_any_case(void **state)
{
    struct fx *f = *state;
    enum { N = 3000 };
    struct ak_op **ops = ak_xcalloc(N, sizeof(*ops));
    for (int i = 0; i < N; i++) {
        f->now += 1;
        ops[i] = start_orphan(f->st, i, 500 + (int64_t)(rnd() % 1000));
    }
    commit_ok(f->st);
    assert_int_equal(ak_state_op_count(f->st), N);
    for (int i = 0; i < N; i++) {
        char id[37];
        assert_ptr_equal(ak_state_op(f->st, ops[i]->id), ops[i]);
        mixed_case(ops[i]->id, id, sizeof(id), true);
        assert_ptr_equal(ak_state_op(f->st, id), ops[i]);
        mixed_case(ops[i]->id, id, sizeof(id), false);
        assert_ptr_equal(ak_state_op(f->st, id), ops[i]);
        for (char *p = id; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        assert_ptr_equal(ak_state_op(f->st, id), ops[i]);
        /* creation order */
        assert_ptr_equal(ak_state_op_at(f->st, (size_t)i), ops[i]);
    }
    /* random access too, then in order again */
    assert_ptr_equal(ak_state_op_at(f->st, N - 1), ops[N - 1]);
    assert_ptr_equal(ak_state_op_at(f->st, 7), ops[7]);
    assert_ptr_equal(ak_state_op_at(f->st, 8), ops[8]);
    assert_null(ak_state_op_at(f->st, N));
    /* not found: unknown ids, a prefix, an id with one more character, NULL, "" */
    char id[64];
    snprintf(id, sizeof(id), "%s", ops[0]->id);
    id[35] = id[35] == '0' ? '1' : '0';
    assert_null(ak_state_op(f->st, id));
    snprintf(id, sizeof(id), "%.35s", ops[1]->id);
    assert_null(ak_state_op(f->st, id));
    snprintf(id, sizeof(id), "%s0", ops[2]->id);
    assert_null(ak_state_op(f->st, id));
    assert_null(ak_state_op(f->st, "00000000-0000-0000-0000-000000000000"));
    assert_null(ak_state_op(f->st, ""));
    assert_null(ak_state_op(f->st, NULL));

    /* after a restart, every id is found again, in any case */
    char(*ids)[37] = ak_xcalloc(N, sizeof(*ids));
    for (int i = 0; i < N; i++)
        snprintf(ids[i], sizeof(ids[i]), "%s", ops[i]->id);
    restart(f);
    assert_int_equal(ak_state_op_count(f->st), N);
    for (int i = 0; i < N; i++) {
        char mc[37];
        mixed_case(ids[i], mc, sizeof(mc), i % 2 == 0);
        struct ak_op *op = ak_state_op(f->st, mc);
        assert_non_null(op);
        assert_string_equal(op->id, ids[i]);
        assert_true(in_progress(op));
    }
    free(ids);
    free(ops);
}

static void test_due_operations_complete_in_time(void **state)
{
    struct fx *f = *state;
    enum { N = 2000 };
    struct saved_op *s = ak_xcalloc(N, sizeof(*s));
    assert_int_equal(ak_state_next_due(f->st), INT64_MAX);
    int64_t t0 = f->now;
    for (int i = 0; i < N; i++) {
        f->now = t0 + (int64_t)(rnd() % 5000); /* the clock may even step back */
        save(&s[i], start_orphan(f->st, i, 1 + (int64_t)(rnd() % 20000)));
    }
    commit_ok(f->st);
    int64_t expected = INT64_MAX;
    for (int i = 0; i < N; i++)
        if (s[i].due_ms < expected)
            expected = s[i].due_ms;
    assert_int_equal(ak_state_next_due(f->st), expected);

    /* nothing is due before the earliest due time */
    f->now = expected - 1;
    assert_int_equal(run_due(f->st), expected);
    for (int i = 0; i < N; i++)
        assert_true(in_progress(ak_state_op(f->st, s[i].id)));

    /* step through time: sometimes exactly to the next due time, sometimes past several */
    int finished = 0, steps = 0;
    while (ak_state_next_due(f->st) != INT64_MAX) {
        int64_t next = ak_state_next_due(f->st);
        f->now = steps % 3 == 0 ? next : next + (int64_t)(rnd() % 300);
        int64_t ret = run_due(f->st);
        int64_t want = INT64_MAX;
        int done = 0;
        for (int i = 0; i < N; i++) {
            struct ak_op *op = ak_state_op(f->st, s[i].id);
            assert_non_null(op);
            if (s[i].due_ms <= f->now) {
                assert_false(in_progress(op));
                if (s[i].status[0] == 'I') { /* finished in this step */
                    ASSERT_STR(op->status, "Canceled");
                    ASSERT_STR(op->err_code, "OperationCanceled");
                    assert_int_equal(op->end_ms, f->now);
                    save(&s[i], op);
                    done++;
                }
            } else {
                assert_true(in_progress(op));
                if (s[i].due_ms < want)
                    want = s[i].due_ms;
            }
        }
        assert_true(done > 0);
        finished += done;
        assert_int_equal(ret, want);
        assert_int_equal(ak_state_next_due(f->st), want);
        assert_int_equal(naive_next_due(f->st), want);
        steps++;
    }
    assert_int_equal(finished, N);
    assert_int_equal(run_due(f->st), INT64_MAX);
    free(s);
}

/* Operations due at the same time complete in creation order, whatever their due times: an
 * update of a cluster created before the delete of its resource group succeeds, one created
 * after it is canceled because its cluster went away with the group. */
static void test_completion_in_creation_order(void **state)
{
    struct fx *f = *state;
    struct ak_state *st = f->st;
    struct ak_rg *g1 = ak_state_rg_create(st, SUB, "rg1", "eastus");
    struct ak_cluster *c1 = ak_state_cluster_create(st, g1, "aks1", "eastus");
    struct ak_rg *g2 = ak_state_rg_create(st, SUB, "rg2", "eastus");
    struct ak_cluster *c2 = ak_state_cluster_create(st, g2, "aks2", "eastus");
    snprintf(c1->prov_state, sizeof(c1->prov_state), "Succeeded");
    snprintf(c2->prov_state, sizeof(c2->prov_state), "Succeeded");
    commit_ok(st);

    struct saved_op upd1, del1, del2, upd2;
    /* rg1: the cluster update first (due late), then the group delete (due early) */
    struct ak_op *op = ak_state_op_start(st, "cluster.update", c1->id, "eastus", 300);
    c1->op_id = ak_xstrdup(op->id);
    snprintf(c1->prov_state, sizeof(c1->prov_state), "Updating");
    ak_state_touch(st, AK_K_CLUSTER, c1);
    save(&upd1, op);
    op = ak_state_op_start(st, "rg.delete", g1->id, "eastus", 100);
    g1->op_id = ak_xstrdup(op->id);
    snprintf(g1->prov_state, sizeof(g1->prov_state), "Deleting");
    ak_state_touch(st, AK_K_RG, g1);
    save(&del1, op);
    /* rg2: the group delete first (due late), then the cluster update (due early) */
    op = ak_state_op_start(st, "rg.delete", g2->id, "eastus", 300);
    g2->op_id = ak_xstrdup(op->id);
    ak_state_touch(st, AK_K_RG, g2);
    save(&del2, op);
    op = ak_state_op_start(st, "cluster.update", c2->id, "eastus", 100);
    c2->op_id = ak_xstrdup(op->id);
    ak_state_touch(st, AK_K_CLUSTER, c2);
    save(&upd2, op);
    commit_ok(st);
    assert_int_equal(ak_state_next_due(st), f->now + 100);

    f->now += 300; /* all four are due at once */
    assert_int_equal(run_due(st), INT64_MAX);
    ASSERT_STR(ak_state_op(st, upd1.id)->status, "Succeeded");
    ASSERT_STR(ak_state_op(st, del1.id)->status, "Succeeded");
    ASSERT_STR(ak_state_op(st, del2.id)->status, "Succeeded");
    op = ak_state_op(st, upd2.id);
    ASSERT_STR(op->status, "Canceled");
    ASSERT_STR(op->err_code, "OperationCanceled");
    assert_null(ak_state_rg(st, SUB, "rg1"));
    assert_null(ak_state_rg(st, SUB, "rg2"));

    /* and that is what the store holds */
    restart(f);
    ASSERT_STR(ak_state_op(f->st, upd1.id)->status, "Succeeded");
    ASSERT_STR(ak_state_op(f->st, upd2.id)->status, "Canceled");
    assert_null(ak_state_rg(f->st, SUB, "rg1"));
    assert_int_equal(ak_state_next_due(f->st), INT64_MAX);
}

/* A preempted (canceled) operation no longer counts for the next due time, is not completed
 * when its due time passes, and keeps its error. */
static void test_preemption(void **state)
{
    struct fx *f = *state;
    struct ak_state *st = f->st;
    enum { N = 600 };
    struct saved_op *s = ak_xcalloc(N, sizeof(*s));
    for (int i = 0; i < N; i++) {
        f->now += 1;
        save(&s[i], start_orphan(st, i, 1000 + (int64_t)(rnd() % 1000)));
    }
    commit_ok(st);

    /* cancel every third one, and the one due first, as a later DELETE would */
    int first = 0;
    for (int i = 1; i < N; i++)
        if (s[i].due_ms < s[first].due_ms)
            first = i;
    f->now += 10;
    int64_t cancel_time = f->now;
    for (int i = 0; i < N; i++)
        if (i % 3 == 0 || i == first) {
            struct ak_op *op = ak_state_op(st, s[i].id);
            ak_state_op_finish(st, op, "Canceled", "OperationPreempted",
                               "A later operation on the agent pool preempted this one.");
            save(&s[i], op);
        }
    commit_ok(st);
    assert_true(ak_state_next_due(st) > s[first].due_ms);
    assert_int_equal(ak_state_next_due(st), naive_next_due(st));

    /* cancel the one due next, then a finished one again (both ends of the heaps) */
    for (int i = 0; i < N; i++)
        if (in_progress(ak_state_op(st, s[i].id)) &&
            ak_state_op(st, s[i].id)->due_ms == ak_state_next_due(st)) {
            ak_state_op_finish(st, ak_state_op(st, s[i].id), "Canceled", "OperationPreempted",
                               "preempted");
            save(&s[i], ak_state_op(st, s[i].id));
            break;
        }
    assert_int_equal(ak_state_next_due(st), naive_next_due(st));
    commit_ok(st);

    f->now += 5000;
    assert_int_equal(run_due(st), INT64_MAX);
    for (int i = 0; i < N; i++) {
        struct ak_op *op = ak_state_op(st, s[i].id);
        assert_non_null(op);
        if (s[i].status[0] == 'C') {
            ASSERT_STR(op->status, "Canceled");
            ASSERT_STR(op->err_code, "OperationPreempted");
            assert_int_equal(op->end_ms, s[i].end_ms);
            assert_true(op->end_ms <= cancel_time);
        } else {
            ASSERT_STR(op->status, "Canceled");
            ASSERT_STR(op->err_code, "OperationCanceled");
            assert_int_equal(op->end_ms, f->now);
        }
    }
    free(s);
}

/* GC removes exactly the finished operations that ended more than `older` ago, keeps the
 * rest in their order, and the store agrees. */
static void test_gc_by_end_time(void **state)
{
    struct fx *f = *state;
    struct ak_state *st = f->st;
    enum { N = 1500 };
    struct saved_op *s = ak_xcalloc(N, sizeof(*s));
    int64_t t0 = f->now;
    for (int i = 0; i < N; i++)
        save(&s[i], start_orphan(st, i, 1000000));
    commit_ok(st);
    /* finish 4 in 5, in an order unrelated to creation, at times unrelated to it */
    int *order = ak_xcalloc(N, sizeof(*order));
    for (int i = 0; i < N; i++)
        order[i] = i;
    for (int i = N - 1; i > 0; i--) {
        int j = (int)(rnd() % (uint64_t)(i + 1));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int k = 0; k < N; k++) {
        int i = order[k];
        if (i % 5 == 4)
            continue;
        f->now = t0 + 10 + (int64_t)(rnd() % 100000);
        struct ak_op *op = ak_state_op(st, s[i].id);
        ak_state_op_finish(st, op, i % 2 ? "Succeeded" : "Failed", NULL, NULL);
        save(&s[i], op);
    }
    /* one finished operation finishes again, later: it is kept by its new end time */
    const int again = 0; /* finished above: 0 % 5 != 4 */
    f->now = t0 + 200000;
    ak_state_op_finish(st, ak_state_op(st, s[again].id), "Succeeded", NULL, NULL);
    save(&s[again], ak_state_op(st, s[again].id));
    commit_ok(st);

    const int64_t older = 1000;
    for (int round = 0; round < 4; round++) {
        int64_t now = round == 3 ? t0 + 250000 : t0 + 10 + older + 25000 * (round + 1);
        f->now = now;
        /* the list before (creation order, or the store's order after a restart) */
        size_t nbefore = ak_state_op_count(st);
        char(*before)[37] = ak_xcalloc(nbefore, sizeof(*before));
        for (size_t i = 0; i < nbefore; i++)
            snprintf(before[i], sizeof(before[i]), "%s", ak_state_op_at(st, i)->id);
        ak_state_gc_ops(st, older, SIZE_MAX);
        size_t kept = 0;
        for (int i = 0; i < N; i++) {
            struct ak_op *op = ak_state_op(st, s[i].id);
            bool gone = s[i].status[0] != 'I' && s[i].end_ms + older < now;
            if (gone) {
                assert_null(op);
            } else {
                assert_non_null(op);
                assert_string_equal(op->status, s[i].status);
                kept++;
            }
        }
        assert_int_equal(ak_state_op_count(st), kept);
        /* the survivors keep their order */
        size_t at = 0;
        for (size_t i = 0; i < nbefore; i++)
            if (ak_state_op(st, before[i]))
                assert_string_equal(ak_state_op_at(st, at++)->id, before[i]);
        assert_int_equal(at, kept);
        free(before);
        commit_ok(st);
        if (round == 1) {
            restart(f); /* GC goes on with the end times read back from the store */
            st = f->st;
        }
    }
    /* only the operations still in progress remain, and they are in the store */
    assert_int_equal(ak_state_op_count(st), N / 5);
    restart(f);
    st = f->st;
    assert_int_equal(ak_state_op_count(st), N / 5);
    for (int i = 0; i < N; i++)
        assert_true((ak_state_op(st, s[i].id) != NULL) == (i % 5 == 4));

    /* the controller's pass collects what ended more than a day ago (strictly) */
    for (int i = 4; i < 40; i += 5)
        ak_state_op_finish(st, ak_state_op(st, s[i].id), "Succeeded", NULL, NULL);
    int64_t end = f->now;
    commit_ok(st);
    f->now = end + DAY_MS;
    run_due(st);
    assert_int_equal(ak_state_op_count(st), N / 5);
    f->now = end + DAY_MS + 1;
    run_due(st);
    assert_int_equal(ak_state_op_count(st), N / 5 - 8);
    assert_null(ak_state_op(st, s[4].id));
    restart(f);
    assert_int_equal(ak_state_op_count(f->st), N / 5 - 8);
    free(order);
    free(s);
}

/* A failed commit throws the in-memory change away by reloading: operations started in it
 * are gone, finished or collected ones are back as the store has them, and the index keeps
 * answering correctly afterwards. */
static void test_failed_commit_reload(void **state)
{
    struct fx *f = *state;
    struct ak_state *st = f->st;
    enum { N = 400 };
    struct saved_op *s = ak_xcalloc(N, sizeof(*s));
    for (int i = 0; i < N; i++) {
        f->now += 1;
        struct ak_op *op = start_orphan(st, i, 1000 + (int64_t)(rnd() % 1000));
        if (i % 2 == 0)
            ak_state_op_finish(st, op, "Succeeded", NULL, NULL);
        save(&s[i], op);
    }
    commit_ok(st);
    int64_t due_before = ak_state_next_due(st);

    /* one change: start new operations, finish the one due first, collect finished ones */
    f->now += 50;
    struct saved_op fresh[20];
    for (int i = 0; i < 20; i++)
        save(&fresh[i], start_orphan(st, N + i, 1));
    for (int i = 0; i < N; i++)
        if (in_progress(ak_state_op(st, s[i].id)) &&
            ak_state_op(st, s[i].id)->due_ms == due_before) {
            ak_state_op_finish(st, ak_state_op(st, s[i].id), "Canceled", "OperationPreempted",
                               "x");
            break;
        }
    ak_state_gc_ops(st, 10, SIZE_MAX);
    assert_true(ak_state_op_count(st) < N);
    assert_int_equal(ak_state_next_due(st), f->now + 1);

    f->store.fail_puts = true;
    struct ak_err err;
    ak_err_clear(&err);
    assert_int_not_equal(ak_state_commit(st, &err), 0);
    assert_int_equal(err.status, 500);
    f->store.fail_puts = false;

    /* memory is the store again */
    assert_int_equal(ak_state_op_count(st), N);
    for (int i = 0; i < 20; i++)
        assert_null(ak_state_op(st, fresh[i].id));
    for (int i = 0; i < N; i++) {
        char mc[37];
        mixed_case(s[i].id, mc, sizeof(mc), true);
        struct ak_op *op = ak_state_op(st, mc);
        assert_non_null(op);
        assert_string_equal(op->status, s[i].status);
    }
    assert_int_equal(ak_state_next_due(st), due_before);
    assert_int_equal(naive_next_due(st), due_before);

    /* and goes on working: everything completes, then everything is collected */
    f->now += 2000;
    assert_int_equal(run_due(st), INT64_MAX);
    for (int i = 0; i < N; i++)
        assert_false(in_progress(ak_state_op(st, s[i].id)));
    f->now += DAY_MS + 1;
    run_due(st);
    assert_int_equal(ak_state_op_count(st), 0);
    for (int i = 0; i < N; i++)
        assert_null(ak_state_op(st, s[i].id));
    restart(f);
    assert_int_equal(ak_state_op_count(f->st), 0);
    free(s);
}

/* Random mix of starts, preemptions, time steps, controller passes, GC, failed commits and
 * restarts; after every step the index answers like a scan of all operations would. */
static void test_random_mix(void **state)
{
    struct fx *f = *state;
    int started = 0;
    for (int step = 0; step < 3000; step++) {
        struct ak_state *st = f->st;
        unsigned r = (unsigned)(rnd() % 100);
        if (r < 40) {
            int n = 1 + (int)(rnd() % 5);
            for (int i = 0; i < n; i++)
                start_orphan(st, started++, (int64_t)(rnd() % 3000));
            commit_ok(st);
        } else if (r < 50 && ak_state_op_count(st) > 0) {
            struct ak_op *op = ak_state_op_at(st, (size_t)(rnd() % ak_state_op_count(st)));
            char mc[37];
            mixed_case(op->id, mc, sizeof(mc), true);
            assert_ptr_equal(ak_state_op(st, mc), op);
            if (in_progress(op) || rnd() % 4 == 0)
                ak_state_op_finish(st, op, "Canceled", "OperationPreempted", "p");
            commit_ok(st);
        } else if (r < 80) {
            f->now += (int64_t)(rnd() % 400);
            int64_t ret = run_due(st);
            for (size_t i = 0; i < ak_state_op_count(st); i++) {
                struct ak_op *op = ak_state_op_at(st, i);
                assert_false(in_progress(op) && op->due_ms <= f->now);
            }
            assert_int_equal(ret, naive_next_due(st));
        } else if (r < 90) {
            size_t before = ak_state_op_count(st), expect = 0;
            int64_t older = (int64_t)(rnd() % 5000);
            for (size_t i = 0; i < before; i++) {
                struct ak_op *op = ak_state_op_at(st, i);
                if (in_progress(op) || op->end_ms + older >= f->now)
                    expect++;
            }
            ak_state_gc_ops(st, older, SIZE_MAX);
            assert_int_equal(ak_state_op_count(st), expect);
            commit_ok(st);
        } else if (r < 95) {
            size_t n = ak_state_op_count(st);
            int64_t due = ak_state_next_due(st);
            start_orphan(st, started++, 5);
            f->store.fail_puts = true;
            struct ak_err err;
            ak_err_clear(&err);
            assert_int_not_equal(ak_state_commit(st, &err), 0);
            f->store.fail_puts = false;
            assert_int_equal(ak_state_op_count(st), n);
            assert_int_equal(ak_state_next_due(st), due);
        } else {
            size_t n = ak_state_op_count(f->st);
            int64_t due = ak_state_next_due(f->st);
            restart(f);
            assert_int_equal(ak_state_op_count(f->st), n);
            assert_int_equal(ak_state_next_due(f->st), due);
        }
        assert_int_equal(ak_state_next_due(f->st), naive_next_due(f->st));
    }
    assert_true(started > 1000);
}

/* With a cap on finished operations GC keeps the newest (by end time) and drops the oldest
 * first, whatever their age; operations in progress are never dropped; the store agrees. */
static void test_gc_caps_finished(void **state)
{
    struct fx *f = *state;
    struct ak_state *st = f->st;
    enum { N = 300, KEEP = 50 };
    struct saved_op *s = ak_xcalloc(N, sizeof(*s));
    for (int i = 0; i < N; i++)
        save(&s[i], start_orphan(st, i, 1000000));
    commit_ok(st);
    /* finish all but every tenth, at end times that run backwards to the creation order */
    int64_t t0 = f->now;
    for (int i = 0; i < N; i++) {
        if (i % 10 == 9)
            continue;
        f->now = t0 + 10 * (N - i);
        ak_state_op_finish(st, ak_state_op(st, s[i].id), "Succeeded", NULL, NULL);
        save(&s[i], ak_state_op(st, s[i].id));
    }
    commit_ok(st);
    f->now = t0 + 10 * N + 1;
    ak_state_gc_ops(st, DAY_MS, KEEP); /* nothing is a day old: only the cap applies */
    commit_ok(st);
    /* the KEEP kept are those that ended last: the lowest indexes */
    int kept = 0, running = 0;
    for (int i = 0; i < N; i++) {
        struct ak_op *op = ak_state_op(st, s[i].id);
        if (i % 10 == 9) {
            assert_non_null(op);
            running++;
            continue;
        }
        int64_t newer = 0; /* finished operations that ended after this one */
        for (int j = 0; j < N; j++)
            if (j % 10 != 9 && s[j].end_ms > s[i].end_ms)
                newer++;
        if (newer < KEEP) {
            assert_non_null(op);
            kept++;
        } else {
            assert_null(op);
        }
    }
    assert_int_equal(kept, KEEP);
    assert_int_equal(ak_state_op_count(st), KEEP + running);
    restart(f);
    assert_int_equal(ak_state_op_count(f->st), KEEP + running);
    free(s);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_lookup_in_any_case),
        T(test_due_operations_complete_in_time),
        T(test_completion_in_creation_order),
        T(test_preemption),
        T(test_gc_by_end_time),
        T(test_gc_caps_finished),
        T(test_failed_commit_reload),
        T(test_random_mix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
