/* ak_ctrl.h - the operations controller: drives every long-running ARM operation to its end
 * when its (configurable) provisioning time has passed. One timer armed at the earliest due
 * operation; handlers call ak_ctrl_kick() after starting an operation. */
#ifndef AK_CTRL_H
#define AK_CTRL_H

#include "../runtime/ak_loop.h"
#include "../state/ak_state.h"

struct ak_ctrl {
    struct ak_loop *loop;
    struct ak_state *st;
    struct ak_timer timer;
    void (*on_change)(void *ud); /* called after operations completed (e.g. nodes follow) */
    void *on_change_ud;
};

void ak_ctrl_init(struct ak_ctrl *c, struct ak_loop *loop, struct ak_state *st);
void ak_ctrl_kick(struct ak_ctrl *c);
/* Something changed outside an operation (a fault, a spot eviction): the followers
 * (on_change) run on the next loop iteration. */
void ak_ctrl_poke(struct ak_ctrl *c);
void ak_ctrl_stop(struct ak_ctrl *c);

#endif
