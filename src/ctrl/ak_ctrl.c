#include "ak_ctrl.h"

#include <stdint.h>

#include "../util/ak_banned.h"

static void on_timer(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    (void)loop;
    (void)t;
    struct ak_ctrl *c = ud;
    struct ak_err err;
    ak_state_run_due_ops(c->st, &err);
    if (c->on_change)
        c->on_change(c->on_change_ud);
    ak_ctrl_kick(c);
}

void ak_ctrl_init(struct ak_ctrl *c, struct ak_loop *loop, struct ak_state *st)
{
    c->loop = loop;
    c->st = st;
    c->on_change = NULL;
    c->on_change_ud = NULL;
    ak_timer_init(&c->timer, on_timer, c);
}

void ak_ctrl_kick(struct ak_ctrl *c)
{
    int64_t due = ak_state_next_due(c->st);
    if (due == INT64_MAX) {
        ak_timer_stop(c->loop, &c->timer);
        return;
    }
    if (due < ak_state_store_retry_ms(c->st))
        due = ak_state_store_retry_ms(c->st); /* the store failed a moment ago: back off */
    if (!ak_timer_active(&c->timer) || c->timer.due_ms != due)
        ak_timer_start_at(c->loop, &c->timer, due);
}

void ak_ctrl_poke(struct ak_ctrl *c)
{
    int64_t now = ak_loop_now(c->loop);
    if (!ak_timer_active(&c->timer) || c->timer.due_ms > now)
        ak_timer_start_at(c->loop, &c->timer, now);
}

void ak_ctrl_stop(struct ak_ctrl *c)
{
    ak_timer_stop(c->loop, &c->timer);
}
