/* test_loop.c - timer heap order, stop/restart from callbacks, heap validation under random
 * operations, the virtual clock, 100k timers, and a little of the real (epoll) loop. */
#include "unit_helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "runtime/ak_loop.h"
#include "util/ak_mem.h"
#include "util/ak_rand.h"
#include "util/ak_time.h"

/* ---------------------------------------------------------------- recorder */

struct rec {
    int ids[256];
    int64_t at[256];
    int n;
};

struct tm_ud {
    struct rec *rec;
    int id;
    /* optional actions done from the callback */
    struct ak_timer *stop_other;
    struct ak_timer *start_other;
    int64_t start_other_delay;
    int restart_self_times;
    int64_t restart_delay;
    bool stop_loop;
    bool stop_self;
};

static void record_cb(struct ak_loop *l, struct ak_timer *t, void *p)
{
    struct tm_ud *u = p;
    assert_false(ak_timer_active(t)); /* disarmed before its callback runs */
    if (u->rec->n < 256) {
        u->rec->ids[u->rec->n] = u->id;
        u->rec->at[u->rec->n] = ak_loop_now(l);
        u->rec->n++;
    }
    if (u->stop_other)
        ak_timer_stop(l, u->stop_other);
    if (u->start_other)
        ak_timer_start(l, u->start_other, u->start_other_delay);
    if (u->restart_self_times > 0) {
        u->restart_self_times--;
        ak_timer_start(l, t, u->restart_delay);
    }
    if (u->stop_self)
        ak_timer_stop(l, t);
    if (u->stop_loop)
        ak_loop_stop(l);
    assert_int_equal(ak_loop_timers_validate(l), 0);
}

static void test_fire_order_due_then_fifo(void **state)
{
    (void)state;
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 1000);
    assert_true(ak_loop_is_virtual(l));
    assert_int_equal(ak_loop_now(l), 1000);
    struct rec r = {0};
    struct ak_timer t[8];
    struct tm_ud u[8];
    /* (id, delay): equal delays must fire in start order */
    const int64_t delay[8] = {50, 10, 50, 10, 0, 30, 50, 10};
    for (int i = 0; i < 8; i++) {
        u[i] = (struct tm_ud){.rec = &r, .id = i};
        ak_timer_init(&t[i], record_cb, &u[i]);
        assert_false(ak_timer_active(&t[i]));
        ak_timer_start(l, &t[i], delay[i]);
        assert_true(ak_timer_active(&t[i]));
    }
    assert_int_equal(ak_loop_timer_count(l), 8);
    assert_int_equal(ak_loop_timers_validate(l), 0);
    ak_loop_run(l);
    const int want[8] = {4, 1, 3, 7, 5, 0, 2, 6};
    const int64_t want_at[8] = {1000, 1010, 1010, 1010, 1030, 1050, 1050, 1050};
    assert_int_equal(r.n, 8);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(r.ids[i], want[i]);
        assert_int_equal(r.at[i], want_at[i]);
    }
    assert_int_equal(ak_loop_timer_count(l), 0);
    assert_int_equal(ak_loop_now(l), 1050);
    ak_loop_free(l);
}

static void test_restarting_changes_fifo_position(void **state)
{
    (void)state;
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    struct rec r = {0};
    struct ak_timer a, b;
    struct tm_ud ua = {.rec = &r, .id = 1}, ub = {.rec = &r, .id = 2};
    ak_timer_init(&a, record_cb, &ua);
    ak_timer_init(&b, record_cb, &ub);
    ak_timer_start_at(l, &a, 100);
    ak_timer_start_at(l, &b, 100);
    ak_timer_start_at(l, &a, 100); /* re-arming moves a behind b */
    assert_int_equal(ak_loop_timer_count(l), 2);
    ak_loop_run(l);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.ids[0], 2);
    assert_int_equal(r.ids[1], 1);
    /* negative delay means now */
    ak_timer_start(l, &a, -50);
    assert_int_equal(a.due_ms, ak_loop_now(l));
    ak_timer_stop(l, &a);
    ak_timer_stop(l, &a); /* idempotent */
    assert_false(ak_timer_active(&a));
    ak_loop_free(l);
}

static void test_stop_and_restart_from_callbacks(void **state)
{
    (void)state;
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    struct rec r = {0};
    struct ak_timer t[5];
    struct tm_ud u[5];
    for (int i = 0; i < 5; i++) {
        u[i] = (struct tm_ud){.rec = &r, .id = i};
        ak_timer_init(&t[i], record_cb, &u[i]);
    }
    /* t0 at 10 stops t1 (also due at 10, after it) and starts t2 in 5 ms */
    u[0].stop_other = &t[1];
    u[0].start_other = &t[2];
    u[0].start_other_delay = 5;
    ak_timer_start(l, &t[0], 10);
    ak_timer_start(l, &t[1], 10);
    /* t3 re-arms itself 3 times from its own callback, every 20 ms */
    u[3].restart_self_times = 3;
    u[3].restart_delay = 20;
    ak_timer_start(l, &t[3], 20);
    /* t4 restarts itself and then stops itself in the same callback: must end disarmed */
    u[4].restart_self_times = 1;
    u[4].restart_delay = 1;
    u[4].stop_self = true;
    ak_timer_start(l, &t[4], 12);
    ak_loop_run(l);
    /* expected: 0@10, 4@12, 2@15, 3@20, 3@40, 3@60, 3@80 */
    const int want[] = {0, 4, 2, 3, 3, 3, 3};
    const int64_t at[] = {10, 12, 15, 20, 40, 60, 80};
    assert_int_equal(r.n, 7);
    for (int i = 0; i < 7; i++) {
        assert_int_equal(r.ids[i], want[i]);
        assert_int_equal(r.at[i], at[i]);
    }
    for (int i = 0; i < 5; i++)
        assert_false(ak_timer_active(&t[i]));
    ak_loop_free(l);
}

static void test_restart_self_zero_delay(void **state)
{
    (void)state;
    /* a timer re-armed for "now" from its own callback runs again - in the next iteration,
     * after the sockets had their turn (a controller pass that yields), not in a loop inside
     * one run_once */
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    struct rec r = {0};
    struct ak_timer t;
    struct tm_ud u = {.rec = &r, .id = 7, .restart_self_times = 9, .restart_delay = 0};
    ak_timer_init(&t, record_cb, &u);
    ak_timer_start(l, &t, 0);
    assert_true(ak_loop_run_once(l, 0));
    assert_int_equal(r.n, 1);
    assert_true(ak_timer_active(&t));
    for (int i = 2; i <= 10; i++) {
        assert_true(ak_loop_run_once(l, 0));
        assert_int_equal(r.n, i);
    }
    assert_false(ak_timer_active(&t));
    assert_false(ak_loop_run_once(l, 0)); /* nothing left */
    assert_int_equal(ak_loop_now(l), 0);
    ak_loop_free(l);
}

static void test_loop_stop_from_callback(void **state)
{
    (void)state;
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    struct rec r = {0};
    struct ak_timer t[3];
    struct tm_ud u[3];
    for (int i = 0; i < 3; i++) {
        u[i] = (struct tm_ud){.rec = &r, .id = i};
        ak_timer_init(&t[i], record_cb, &u[i]);
        ak_timer_start(l, &t[i], 10);
    }
    u[0].stop_loop = true;
    ak_loop_run(l);
    /* the other timers due at the same moment do not run after stop */
    assert_int_equal(r.n, 1);
    assert_true(ak_loop_stopped(l));
    assert_int_equal(ak_loop_timer_count(l), 2);
    assert_false(ak_loop_run_once(l, 0));
    /* freeing the loop disarms what is left */
    ak_loop_free(l);
    assert_false(ak_timer_active(&t[1]));
    assert_false(ak_timer_active(&t[2]));
}

static void test_virtual_clock_run_until(void **state)
{
    (void)state;
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 5000);
    struct rec r = {0};
    struct ak_timer t[4];
    struct tm_ud u[4];
    const int64_t due[4] = {5100, 6000, 6000, 9000};
    for (int i = 0; i < 4; i++) {
        u[i] = (struct tm_ud){.rec = &r, .id = i};
        ak_timer_init(&t[i], record_cb, &u[i]);
        ak_timer_start_at(l, &t[i], due[i]);
    }
    /* nothing due before 5099: the clock jumps, nothing fires */
    ak_loop_run_until(l, 5099);
    assert_int_equal(r.n, 0);
    assert_int_equal(ak_loop_now(l), 5099);
    /* timers exactly at until_ms fire */
    ak_loop_run_until(l, 6000);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.at[0], 5100);
    assert_int_equal(r.at[1], 6000);
    assert_int_equal(r.at[2], 6000);
    assert_int_equal(ak_loop_now(l), 6000);
    /* a long jump */
    ak_loop_run_until(l, 1000000);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.at[3], 9000);
    assert_int_equal(ak_loop_now(l), 1000000);
    /* the clock never goes backwards; a timer in the past fires at the current time */
    ak_loop_run_until(l, 10);
    assert_int_equal(ak_loop_now(l), 1000000);
    ak_timer_start_at(l, &t[0], 50);
    assert_true(ak_loop_run_once(l, 0));
    assert_int_equal(r.n, 5);
    assert_int_equal(r.at[4], 1000000);
    /* a periodic timer: 10 runs in 100 ms */
    struct rec r2 = {0};
    struct ak_timer p;
    struct tm_ud up = {.rec = &r2, .id = 9, .restart_self_times = 1000, .restart_delay = 10};
    ak_timer_init(&p, record_cb, &up);
    ak_timer_start(l, &p, 10);
    ak_loop_run_until(l, ak_loop_now(l) + 100);
    assert_int_equal(r2.n, 10);
    for (int i = 0; i < 10; i++)
        assert_int_equal(r2.at[i], 1000000 + 10 * (i + 1));
    assert_true(ak_timer_active(&p));
    ak_timer_stop(l, &p);
    ak_loop_free(l);
}

static void test_run_until_stopped_keeps_clock(void **state)
{
    (void)state;
    /* virtual time must not pass an armed timer's deadline without firing it: when the loop
     * is stopped half-way, the clock stays where the stop happened */
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    struct rec r = {0};
    struct ak_timer t[2];
    struct tm_ud u[2];
    for (int i = 0; i < 2; i++) {
        u[i] = (struct tm_ud){.rec = &r, .id = i};
        ak_timer_init(&t[i], record_cb, &u[i]);
    }
    u[0].stop_loop = true;
    ak_timer_start_at(l, &t[0], 100);
    ak_timer_start_at(l, &t[1], 200);
    ak_loop_run_until(l, 1000);
    assert_int_equal(r.n, 1);
    assert_int_equal(ak_loop_now(l), 100);
    assert_true(ak_timer_active(&t[1]));
    ak_loop_free(l);
}

/* ---------------------------------------------------------------- random operations */

struct rnd_ud {
    int64_t last_due;
    uint64_t last_seq;
    int fired;
};

static void order_cb(struct ak_loop *l, struct ak_timer *t, void *p)
{
    struct rnd_ud *u = p;
    /* (due, seq) never decreases and nothing fires early */
    assert_true(t->due_ms > u->last_due || (t->due_ms == u->last_due && t->seq > u->last_seq));
    assert_true(t->due_ms <= ak_loop_now(l));
    u->last_due = t->due_ms;
    u->last_seq = t->seq;
    u->fired++;
}

static void test_heap_random_operations(void **state)
{
    (void)state;
    enum { N = 1000, OPS = 20000 };
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    struct ak_timer *t = ak_xcalloc(N, sizeof(*t));
    struct rnd_ud u = {.last_due = -1};
    struct ak_rand rng;
    ak_rand_seed(&rng, 42);
    for (int i = 0; i < N; i++)
        ak_timer_init(&t[i], order_cb, &u);
    size_t armed = 0;
    for (int op = 0; op < OPS; op++) {
        struct ak_timer *x = &t[ak_rand_below(&rng, N)];
        bool was = ak_timer_active(x);
        switch (ak_rand_below(&rng, 4)) {
        case 0:
        case 1: /* (re)start with a random deadline, many of them equal */
            ak_timer_start_at(l, x, (int64_t)ak_rand_below(&rng, 500));
            if (!was)
                armed++;
            break;
        case 2:
            ak_timer_stop(l, x);
            if (was)
                armed--;
            break;
        default:
            ak_timer_start(l, x, (int64_t)ak_rand_below(&rng, 50) - 10);
            if (!was)
                armed++;
            break;
        }
        assert_int_equal(ak_loop_timer_count(l), armed);
        if (ak_loop_timers_validate(l) != 0)
            fail_msg("heap invalid after op %d", op);
    }
    /* heap_idx of every armed timer points back into the heap */
    size_t active = 0;
    for (int i = 0; i < N; i++)
        active += ak_timer_active(&t[i]);
    assert_int_equal(active, armed);
    ak_loop_run(l);
    assert_int_equal(u.fired, (int)armed);
    assert_int_equal(ak_loop_timer_count(l), 0);
    /* validate detects a broken heap */
    struct ak_loop *l2 = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    ak_timer_start_at(l2, &t[0], 10);
    ak_timer_start_at(l2, &t[1], 20);
    assert_int_equal(ak_loop_timers_validate(l2), 0);
    t[0].due_ms = 30; /* corrupt the order behind the loop's back */
    assert_true(ak_loop_timers_validate(l2) != 0);
    t[0].due_ms = 10;
    t[1].heap_idx = 5;
    assert_true(ak_loop_timers_validate(l2) != 0);
    t[1].heap_idx = 1;
    assert_int_equal(ak_loop_timers_validate(l2), 0);
    ak_loop_free(l2);
    ak_loop_free(l);
    free(t);
}

static void count_cb(struct ak_loop *l, struct ak_timer *t, void *p)
{
    (void)l;
    struct rnd_ud *u = p;
    assert_true(t->due_ms > u->last_due || (t->due_ms == u->last_due && t->seq > u->last_seq));
    u->last_due = t->due_ms;
    u->last_seq = t->seq;
    u->fired++;
}

static void test_100k_timers(void **state)
{
    (void)state;
    enum { N = 100000 };
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    struct ak_timer *t = ak_xcalloc(N, sizeof(*t));
    struct rnd_ud u = {.last_due = -1};
    struct ak_rand rng;
    ak_rand_seed(&rng, 7);
    for (int i = 0; i < N; i++) {
        ak_timer_init(&t[i], count_cb, &u);
        ak_timer_start(l, &t[i], (int64_t)ak_rand_below(&rng, 3600 * 1000));
    }
    assert_int_equal(ak_loop_timer_count(l), N);
    assert_int_equal(ak_loop_timers_validate(l), 0);
    /* stop every third one */
    int stopped = 0;
    for (int i = 0; i < N; i += 3) {
        ak_timer_stop(l, &t[i]);
        stopped++;
    }
    assert_int_equal(ak_loop_timers_validate(l), 0);
    ak_loop_run_until(l, 1800 * 1000);
    assert_int_equal(ak_loop_timers_validate(l), 0);
    ak_loop_run(l);
    assert_int_equal(u.fired, N - stopped);
    assert_int_equal(ak_loop_timer_count(l), 0);
    assert_true(ak_loop_now(l) < 3600 * 1000);

    /* more timers due at one instant than one iteration runs (100000): all fire, FIFO */
    enum { M = 150000 };
    struct ak_timer *s = ak_xcalloc(M, sizeof(*s));
    struct rnd_ud us = {.last_due = -1};
    int64_t when = ak_loop_now(l) + 5;
    for (int i = 0; i < M; i++) {
        ak_timer_init(&s[i], count_cb, &us);
        ak_timer_start_at(l, &s[i], when);
    }
    assert_true(ak_loop_run_once(l, 0));
    assert_int_equal(us.fired, 100000);
    ak_loop_run(l);
    assert_int_equal(us.fired, M);
    ak_loop_free(l);
    free(s);
    free(t);
}

/* ---------------------------------------------------------------- hooks and the real loop */

struct hook_ud {
    int calls[2];
    int order[8];
    int n;
};

static void hook_a(struct ak_loop *l, void *p)
{
    (void)l;
    struct hook_ud *h = p;
    h->calls[0]++;
    if (h->n < 8)
        h->order[h->n++] = 0;
}

static void hook_b(struct ak_loop *l, void *p)
{
    struct hook_ud *h = p;
    h->calls[1]++;
    if (h->n < 8)
        h->order[h->n++] = 1;
    if (h->calls[1] == 3)
        ak_loop_stop(l);
}

static void noop_cb(struct ak_loop *l, struct ak_timer *t, void *p)
{
    (void)p;
    ak_timer_start(l, t, 1);
}

static void test_before_poll_hooks(void **state)
{
    (void)state;
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    struct hook_ud h = {0};
    ak_loop_add_before_poll(l, hook_a, &h);
    ak_loop_add_before_poll(l, hook_b, &h);
    struct ak_timer t;
    ak_timer_init(&t, noop_cb, NULL);
    ak_timer_start(l, &t, 1);
    ak_loop_run(l); /* hook_b stops the loop on its third call */
    assert_int_equal(h.calls[0], 3);
    assert_int_equal(h.calls[1], 3);
    const int want[6] = {0, 1, 0, 1, 0, 1};
    for (int i = 0; i < 6; i++)
        assert_int_equal(h.order[i], want[i]);
    ak_loop_free(l);
}

struct fd_ud {
    int reads;
    char last;
};

static void fd_cb(struct ak_loop *l, int fd, uint32_t ev, void *p)
{
    (void)l;
    struct fd_ud *u = p;
    assert_true(ev & EPOLLIN);
    char c;
    assert_int_equal(read(fd, &c, 1), 1);
    u->last = c;
    u->reads++;
}

static int64_t tsrc_cb(void *p)
{
    int *calls = p;
    (*calls)++;
    return 0; /* never block */
}

static void test_real_loop_fd_and_timer(void **state)
{
    (void)state;
    struct ak_loop *l = ak_loop_new(AK_CLOCK_REAL, 0);
    assert_false(ak_loop_is_virtual(l));
    int64_t now = ak_wall_ms();
    assert_true(llabs(ak_loop_now(l) - now) < 5000);
    int p[2];
    assert_int_equal(pipe(p), 0);
    struct fd_ud fu = {0};
    struct ak_fdwatch w = {.fd = p[0], .cb = fd_cb, .ud = &fu};
    assert_int_equal(ak_loop_add_fd(l, &w, EPOLLIN), 0);
    assert_true(ak_loop_add_fd(l, &w, EPOLLIN) != 0); /* already added */
    assert_int_equal(write(p[1], "x", 1), 1);
    assert_true(ak_loop_run_once(l, 1000));
    assert_int_equal(fu.reads, 1);
    assert_int_equal(fu.last, 'x');
    assert_int_equal(ak_loop_mod_fd(l, &w, EPOLLIN), 0);
    /* a 5 ms timer in real time */
    struct rec r = {0};
    struct tm_ud u = {.rec = &r, .id = 1};
    struct ak_timer t;
    ak_timer_init(&t, record_cb, &u);
    int64_t t0 = ak_wall_ms();
    ak_timer_start(l, &t, 5);
    for (int i = 0; i < 200 && r.n == 0; i++)
        ak_loop_run_once(l, 100);
    assert_int_equal(r.n, 1);
    assert_true(ak_wall_ms() - t0 >= 5);
    assert_true(r.at[0] >= t.due_ms);
    /* the timeout source bounds the poll */
    int calls = 0;
    ak_loop_set_timeout_source(l, tsrc_cb, &calls);
    int64_t m0 = ak_mono_ns();
    ak_loop_run_once(l, 5000);
    assert_int_equal(calls, 1);
    assert_true(ak_mono_ns() - m0 < 2000LL * 1000 * 1000);
    ak_loop_del_fd(l, &w);
    assert_true(ak_loop_mod_fd(l, &w, EPOLLIN) != 0); /* no longer registered */
    close(p[0]);
    close(p[1]);
    ak_loop_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fire_order_due_then_fifo),
        cmocka_unit_test(test_restarting_changes_fifo_position),
        cmocka_unit_test(test_stop_and_restart_from_callbacks),
        cmocka_unit_test(test_restart_self_zero_delay),
        cmocka_unit_test(test_loop_stop_from_callback),
        cmocka_unit_test(test_virtual_clock_run_until),
        cmocka_unit_test(test_run_until_stopped_keeps_clock),
        cmocka_unit_test(test_heap_random_operations),
        cmocka_unit_test(test_100k_timers),
        cmocka_unit_test(test_before_poll_hooks),
        cmocka_unit_test(test_real_loop_fd_and_timer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
