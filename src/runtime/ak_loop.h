/* ak_loop.h - the single-threaded event loop: epoll for fds, a binary min-heap of timers,
 * and a clock that is either real (wall clock, sockets) or virtual (the simulator: no
 * polling, the clock jumps to the next timer). Controllers cannot tell which.
 *
 * Ownership: timers and fd watches are caller-allocated (embedded in the caller's struct);
 * the loop never frees them. A timer may be stopped or restarted from any callback,
 * including its own. */
#ifndef AK_LOOP_H
#define AK_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ak_loop;
struct ak_timer;

typedef void (*ak_timer_cb)(struct ak_loop *loop, struct ak_timer *t, void *ud);
typedef void (*ak_fd_cb)(struct ak_loop *loop, int fd, uint32_t events, void *ud);
typedef void (*ak_hook_cb)(struct ak_loop *loop, void *ud);

struct ak_timer {
    int64_t due_ms;
    uint64_t seq;   /* FIFO among equal deadlines */
    size_t heap_idx; /* SIZE_MAX when not armed */
    ak_timer_cb cb;
    void *ud;
};

struct ak_fdwatch {
    int fd;
    ak_fd_cb cb;
    void *ud;
};

enum ak_clock_mode { AK_CLOCK_REAL, AK_CLOCK_VIRTUAL };

struct ak_loop *ak_loop_new(enum ak_clock_mode mode, int64_t virtual_start_ms);
void ak_loop_free(struct ak_loop *loop);

int64_t ak_loop_now(const struct ak_loop *loop); /* ms since the epoch (real or virtual) */
bool ak_loop_is_virtual(const struct ak_loop *loop);

void ak_timer_init(struct ak_timer *t, ak_timer_cb cb, void *ud);
void ak_timer_start(struct ak_loop *loop, struct ak_timer *t, int64_t delay_ms);
void ak_timer_start_at(struct ak_loop *loop, struct ak_timer *t, int64_t due_ms);
void ak_timer_stop(struct ak_loop *loop, struct ak_timer *t);
bool ak_timer_active(const struct ak_timer *t);
size_t ak_loop_timer_count(const struct ak_loop *loop);
uint64_t ak_loop_timers_fired(const struct ak_loop *loop); /* timer callbacks run so far */
int ak_loop_timers_validate(const struct ak_loop *loop); /* 0 if the heap property holds */

/* events: EPOLLIN/EPOLLOUT/...; the watch must stay valid until removed. */
int ak_loop_add_fd(struct ak_loop *loop, struct ak_fdwatch *w, uint32_t events);
int ak_loop_mod_fd(struct ak_loop *loop, struct ak_fdwatch *w, uint32_t events);
void ak_loop_del_fd(struct ak_loop *loop, struct ak_fdwatch *w);

/* Called once per iteration before polling, in registration order (max 8). */
void ak_loop_add_before_poll(struct ak_loop *loop, ak_hook_cb cb, void *ud);
/* An extra upper bound on the next poll's timeout, for libraries with their own timeouts;
 * returns ms or -1 for none. */
void ak_loop_set_timeout_source(struct ak_loop *loop, int64_t (*fn)(void *ud), void *ud);

/* Runs until ak_loop_stop(). Virtual mode: until stopped or no timers remain. */
void ak_loop_run(struct ak_loop *loop);
/* Runs one iteration; returns false when a virtual loop has nothing left to do. */
bool ak_loop_run_once(struct ak_loop *loop, int max_wait_ms);
/* Virtual mode: runs timers until the clock reaches until_ms (or stop). */
void ak_loop_run_until(struct ak_loop *loop, int64_t until_ms);
void ak_loop_stop(struct ak_loop *loop);
bool ak_loop_stopped(const struct ak_loop *loop);

#endif
