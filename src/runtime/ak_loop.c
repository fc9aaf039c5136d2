#include "ak_loop.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "../util/ak_err.h"
#include "../util/ak_mem.h"
#include "../util/ak_time.h"
#include "../util/ak_banned.h"

#define MAX_HOOKS 8

struct ak_loop {
    enum ak_clock_mode mode;
    int64_t vnow;
    int epfd;
    struct ak_timer **heap;
    size_t nheap, capheap;
    uint64_t seq;
    uint64_t fired; /* timers run so far */
    bool stop;
    struct {
        ak_hook_cb cb;
        void *ud;
    } hooks[MAX_HOOKS];
    int nhooks;
    int64_t (*tsrc)(void *);
    void *tsrc_ud;
};

struct ak_loop *ak_loop_new(enum ak_clock_mode mode, int64_t virtual_start_ms)
{
    struct ak_loop *l = ak_xcalloc(1, sizeof(*l));
    l->mode = mode;
    l->vnow = virtual_start_ms;
    l->epfd = -1;
    if (mode == AK_CLOCK_REAL) {
        l->epfd = epoll_create1(EPOLL_CLOEXEC);
        if (l->epfd < 0)
            ak_fatal("epoll_create1: %s", strerror(errno));
    }
    return l;
}

void ak_loop_free(struct ak_loop *l)
{
    if (!l)
        return;
    if (l->epfd >= 0)
        close(l->epfd);
    for (size_t i = 0; i < l->nheap; i++)
        l->heap[i]->heap_idx = SIZE_MAX;
    free(l->heap);
    free(l);
}

int64_t ak_loop_now(const struct ak_loop *l)
{
    return l->mode == AK_CLOCK_VIRTUAL ? l->vnow : ak_wall_ms();
}

bool ak_loop_is_virtual(const struct ak_loop *l)
{
    return l->mode == AK_CLOCK_VIRTUAL;
}

/* ---- timers: binary min-heap ordered by (due_ms, seq) ---- */

static bool tless(const struct ak_timer *a, const struct ak_timer *b)
{
    if (a->due_ms != b->due_ms)
        return a->due_ms < b->due_ms;
    return a->seq < b->seq;
}

static void hswap(struct ak_loop *l, size_t i, size_t j)
{
    struct ak_timer *t = l->heap[i];
    l->heap[i] = l->heap[j];
    l->heap[j] = t;
    l->heap[i]->heap_idx = i;
    l->heap[j]->heap_idx = j;
}

static void sift_up(struct ak_loop *l, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!tless(l->heap[i], l->heap[p]))
            break;
        hswap(l, i, p);
        i = p;
    }
}

static void sift_down(struct ak_loop *l, size_t i)
{
    for (;;) {
        size_t a = 2 * i + 1, b = a + 1, m = i;
        if (a < l->nheap && tless(l->heap[a], l->heap[m]))
            m = a;
        if (b < l->nheap && tless(l->heap[b], l->heap[m]))
            m = b;
        if (m == i)
            break;
        hswap(l, i, m);
        i = m;
    }
}

void ak_timer_init(struct ak_timer *t, ak_timer_cb cb, void *ud)
{
    memset(t, 0, sizeof(*t));
    t->heap_idx = SIZE_MAX;
    t->cb = cb;
    t->ud = ud;
}

bool ak_timer_active(const struct ak_timer *t)
{
    return t->heap_idx != SIZE_MAX;
}

void ak_timer_stop(struct ak_loop *l, struct ak_timer *t)
{
    if (t->heap_idx == SIZE_MAX)
        return;
    size_t i = t->heap_idx;
    ak_assert(i < l->nheap && l->heap[i] == t);
    l->nheap--;
    if (i != l->nheap) {
        l->heap[i] = l->heap[l->nheap];
        l->heap[i]->heap_idx = i;
        sift_down(l, i);
        sift_up(l, i);
    }
    t->heap_idx = SIZE_MAX;
}

void ak_timer_start_at(struct ak_loop *l, struct ak_timer *t, int64_t due_ms)
{
    ak_timer_stop(l, t);
    t->due_ms = due_ms;
    t->seq = ++l->seq;
    AK_GROW(l->heap, l->nheap + 1, l->capheap);
    t->heap_idx = l->nheap;
    l->heap[l->nheap++] = t;
    sift_up(l, t->heap_idx);
}

void ak_timer_start(struct ak_loop *l, struct ak_timer *t, int64_t delay_ms)
{
    if (delay_ms < 0)
        delay_ms = 0;
    ak_timer_start_at(l, t, ak_loop_now(l) + delay_ms);
}

uint64_t ak_loop_timers_fired(const struct ak_loop *l)
{
    return l->fired;
}

size_t ak_loop_timer_count(const struct ak_loop *l)
{
    return l->nheap;
}

int ak_loop_timers_validate(const struct ak_loop *l)
{
    for (size_t i = 0; i < l->nheap; i++) {
        if (l->heap[i]->heap_idx != i)
            return AK_EINVAL;
        if (i > 0 && tless(l->heap[i], l->heap[(i - 1) / 2]))
            return AK_EINVAL;
    }
    return 0;
}

static void run_due_timers(struct ak_loop *l)
{
    int64_t now = ak_loop_now(l);
    /* Only the timers armed before this iteration: one re-armed by its own callback (a
     * controller pass that yields with work left) runs after the sockets had their turn. */
    uint64_t armed_before = l->seq;
    /* with a real clock, timer work yields to the sockets after ~1 ms: several due timers
     * (an operation completing, the node sync, a controller pass) are not run back to back
     * while a request waits */
    int64_t start_ns = l->mode == AK_CLOCK_REAL ? ak_mono_ns() : 0;
    for (int n = 0; n < 100000 && l->nheap > 0 && !l->stop; n++) {
        struct ak_timer *t = l->heap[0];
        if (t->due_ms > now)
            break;
        if (n > 0 && start_ns && ak_mono_ns() - start_ns > 1000000)
            break;
        if (t->seq > armed_before) {
            /* a timer armed during this iteration may hide older due ones behind it in the
             * heap order only if its due time is earlier; it is at the top, so none older is
             * due before it: stop here */
            break;
        }
        ak_timer_stop(l, t);
        l->fired++;
        t->cb(l, t, t->ud);
    }
}

/* ---- fds ---- */

int ak_loop_add_fd(struct ak_loop *l, struct ak_fdwatch *w, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};
    if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, w->fd, &ev) < 0)
        return AK_EIO;
    return 0;
}

int ak_loop_mod_fd(struct ak_loop *l, struct ak_fdwatch *w, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};
    if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, w->fd, &ev) < 0)
        return AK_EIO;
    return 0;
}

void ak_loop_del_fd(struct ak_loop *l, struct ak_fdwatch *w)
{
    epoll_ctl(l->epfd, EPOLL_CTL_DEL, w->fd, NULL);
}

void ak_loop_add_before_poll(struct ak_loop *l, ak_hook_cb cb, void *ud)
{
    ak_assert(l->nhooks < MAX_HOOKS);
    l->hooks[l->nhooks].cb = cb;
    l->hooks[l->nhooks].ud = ud;
    l->nhooks++;
}

void ak_loop_set_timeout_source(struct ak_loop *l, int64_t (*fn)(void *ud), void *ud)
{
    l->tsrc = fn;
    l->tsrc_ud = ud;
}

void ak_loop_stop(struct ak_loop *l)
{
    l->stop = true;
}

bool ak_loop_stopped(const struct ak_loop *l)
{
    return l->stop;
}

bool ak_loop_run_once(struct ak_loop *l, int max_wait_ms)
{
    for (int i = 0; i < l->nhooks; i++)
        l->hooks[i].cb(l, l->hooks[i].ud);
    if (l->stop)
        return false;
    if (l->mode == AK_CLOCK_VIRTUAL) {
        if (l->nheap == 0)
            return false;
        if (l->heap[0]->due_ms > l->vnow)
            l->vnow = l->heap[0]->due_ms;
        run_due_timers(l);
        return true;
    }
    int64_t timeout = max_wait_ms;
    if (l->nheap > 0) {
        int64_t d = l->heap[0]->due_ms - ak_wall_ms();
        if (d < 0)
            d = 0;
        if (timeout < 0 || d < timeout)
            timeout = d;
    }
    if (l->tsrc) {
        int64_t d = l->tsrc(l->tsrc_ud);
        if (d >= 0 && (timeout < 0 || d < timeout))
            timeout = d;
    }
    if (timeout > 60000 || timeout < 0)
        timeout = 60000;
    struct epoll_event evs[64];
    int n = epoll_wait(l->epfd, evs, 64, (int)timeout);
    if (n < 0 && errno != EINTR)
        ak_fatal("epoll_wait: %s", strerror(errno));
    for (int i = 0; i < n; i++) {
        struct ak_fdwatch *w = evs[i].data.ptr;
        w->cb(l, w->fd, evs[i].events, w->ud);
    }
    run_due_timers(l);
    return true;
}

void ak_loop_run(struct ak_loop *l)
{
    while (!l->stop)
        if (!ak_loop_run_once(l, -1))
            break;
}

void ak_loop_run_until(struct ak_loop *l, int64_t until_ms)
{
    ak_assert(l->mode == AK_CLOCK_VIRTUAL);
    while (!l->stop && l->nheap > 0 && l->heap[0]->due_ms <= until_ms)
        ak_loop_run_once(l, 0);
    if (!l->stop && l->vnow < until_ms) /* stopped: the clock stays where it stopped */
        l->vnow = until_ms;
}
