/* ak_meter.h - the live cost meter: every running VM instance accrues its running time (emulated
 * time: --speed applies) times its price per hour into its pool's accumulator. Accumulators
 * outlive the instances and the pools they count (a deleted pool keeps what it cost) and are
 * persisted with the state's commits (kind "meter"), at least once a minute while they change.
 *
 * Prices: the catalog's pay-as-you-go price of the VM size (data/vm-sizes.tsv); spot pools the
 * catalog's spot price, else pay-as-you-go; a pool's injected spot price series (aksemu fault
 * spot-price) replaces the spot price while it is set. Read by the Cost Management query API
 * (src/api/arm/ak_arm_cost.c). */
#ifndef AK_METER_H
#define AK_METER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../runtime/ak_loop.h"
#include "../state/ak_state.h"

struct ak_meter;

struct ak_meter_day {
    int32_t date; /* YYYYMMDD, UTC (wall clock) */
    double cost;  /* USD */
    double hours; /* VM hours */
};

/* One pool's accumulator. Strings are the pool's at the last look (kept when it is gone). */
struct ak_meter_pool {
    char *key;                     /* lower-cased agent pool id */
    char *pool_id, *vmss_id;       /* ARM ids */
    char *rg, *cluster, *pool;     /* names */
    char *node_rg, *vmss, *location, *vm_size, *priority;
    json_t *tags;                  /* the pool's tags (object) */
    double price;                  /* USD per node-hour at the last look */
    int running;                   /* instances billed at the last look */
    bool gone;                     /* the pool no longer exists */
    double cost, hours;            /* totals */
    struct ak_meter_day *days;     /* oldest first, at most AK_METER_MAX_DAYS */
    size_t ndays, capdays;
    bool dirty;                    /* changed since it was last written */
};

#define AK_METER_MAX_DAYS 400

/* Borrows st and loop (which outlive it); loads the accumulators from the state's store,
 * joins its commits and starts accruing now (time the daemon was down is not billed). */
struct ak_meter *ak_meter_new(struct ak_state *st, struct ak_loop *loop, double speed);
void ak_meter_free(struct ak_meter *m);
/* Accrues up to now (the timer does it every second; queries call it to be exact). */
void ak_meter_update(struct ak_meter *m);
size_t ak_meter_count(const struct ak_meter *m);
const struct ak_meter_pool *ak_meter_at(const struct ak_meter *m, size_t i); /* borrowed */
/* The VM size's price per hour as the meter bills it (spot: spot price if known); -1 unknown. */
double ak_meter_price(const char *vm_size, bool spot);
/* YYYYMMDD of a wall-clock time (UTC). */
int32_t ak_meter_date(int64_t ms);

#endif
