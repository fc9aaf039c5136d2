/* ak_meter.c - the live cost meter (see ak_meter.h). */
#include "ak_meter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/ak_catalog.h"
#include "../state/ak_codec.h"
#include "../store/ak_store.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

#define TICK_MS 1000
#define FLUSH_EVERY_MS 60000

struct ak_meter {
    struct ak_state *st;
    struct ak_store *store;
    struct ak_loop *loop;
    double speed;
    struct ak_timer timer;
    int64_t last_ms, last_flush_ms;
    bool flush_due;
    struct ak_meter_pool **pools;
    size_t npools, cappools;
};

int32_t ak_meter_date(int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

double ak_meter_price(const char *vm_size, bool spot)
{
    const struct ak_vm_size *vs = vm_size ? ak_catalog_find(vm_size) : NULL;
    if (!vs)
        return -1;
    if (spot && vs->spot_price >= 0)
        return vs->spot_price;
    return vs->price;
}

static void set_str(char **dst, const char *v)
{
    if (*dst && v && strcmp(*dst, v) == 0)
        return;
    free(*dst);
    *dst = ak_xstrdup(v ? v : "");
}

static void acc_free(struct ak_meter_pool *a)
{
    if (!a)
        return;
    free(a->key);
    free(a->pool_id);
    free(a->vmss_id);
    free(a->rg);
    free(a->cluster);
    free(a->pool);
    free(a->node_rg);
    free(a->vmss);
    free(a->location);
    free(a->vm_size);
    free(a->priority);
    json_decref(a->tags);
    free(a->days);
    free(a);
}

static struct ak_meter_pool *acc_find(struct ak_meter *m, const char *key)
{
    for (size_t i = 0; i < m->npools; i++)
        if (strcmp(m->pools[i]->key, key) == 0)
            return m->pools[i];
    return NULL;
}

static struct ak_meter_pool *acc_add(struct ak_meter *m, const char *key)
{
    struct ak_meter_pool *a = ak_xcalloc(1, sizeof(*a));
    a->key = ak_xstrdup(key);
    a->tags = json_object();
    if (m->npools == m->cappools) {
        m->cappools = m->cappools ? m->cappools * 2 : 16;
        m->pools = ak_xreallocarray(m->pools, m->cappools, sizeof(*m->pools));
    }
    m->pools[m->npools++] = a;
    return a;
}

static struct ak_meter_day *acc_day(struct ak_meter_pool *a, int32_t date)
{
    if (a->ndays && a->days[a->ndays - 1].date == date)
        return &a->days[a->ndays - 1];
    for (size_t i = 0; i < a->ndays; i++) /* a clock set back: the day already kept */
        if (a->days[i].date == date)
            return &a->days[i];
    if (a->ndays == AK_METER_MAX_DAYS) {
        memmove(a->days, a->days + 1, (a->ndays - 1) * sizeof(*a->days));
        a->ndays--;
    }
    if (a->ndays == a->capdays) {
        a->capdays = a->capdays ? a->capdays * 2 : 8;
        a->days = ak_xreallocarray(a->days, a->capdays, sizeof(*a->days));
    }
    struct ak_meter_day *d = &a->days[a->ndays++];
    d->date = date;
    d->cost = d->hours = 0;
    return d;
}

/* The pool's facts, copied so that they outlive it. */
static void acc_refresh(struct ak_meter_pool *a, const struct ak_pool *p, const char *sub)
{
    const struct ak_cluster *cl = p->cluster;
    set_str(&a->pool_id, p->id);
    char *vid = ak_xasprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/"
                             "virtualMachineScaleSets/%s",
                             sub, cl->node_rg, p->vmss_name);
    set_str(&a->vmss_id, vid);
    free(vid);
    set_str(&a->rg, cl->rg->name);
    set_str(&a->cluster, cl->name);
    set_str(&a->pool, p->name);
    set_str(&a->node_rg, cl->node_rg);
    set_str(&a->vmss, p->vmss_name);
    set_str(&a->location, cl->location);
    set_str(&a->vm_size, p->spec.vm_size);
    set_str(&a->priority, p->spec.priority ? p->spec.priority : "Regular");
    json_t *tags = json_object();
    for (size_t i = 0; i < p->spec.tags.n; i++)
        json_object_set_new(tags, p->spec.tags.v[i].key,
                            json_string(p->spec.tags.v[i].val ? p->spec.tags.v[i].val : ""));
    if (!json_equal(tags, a->tags)) {
        json_decref(a->tags);
        a->tags = tags;
        a->dirty = true;
    } else {
        json_decref(tags);
    }
    a->gone = false;
}

static void accrue(struct ak_meter *m, int64_t now)
{
    int64_t dt = now - m->last_ms;
    if (dt < 0)
        dt = 0;
    m->last_ms = now;
    double hours = (double)dt * m->speed / 3600000.0;
    int32_t date = ak_meter_date(now);
    const char *sub = ak_state_config(m->st)->subscription_id;
    for (size_t i = 0; i < m->npools; i++)
        m->pools[i]->running = -1; /* not seen */
    for (size_t ri = 0; ri < ak_state_rg_count(m->st); ri++) {
        struct ak_rg *rg = ak_state_rg_at(m->st, ri);
        for (size_t ci = 0; ci < rg->nclusters; ci++) {
            struct ak_cluster *cl = rg->clusters[ci];
            for (size_t pi = 0; pi < cl->npools; pi++) {
                struct ak_pool *p = cl->pools[pi];
                char *key = ak_lower_dup(p->id);
                struct ak_meter_pool *a = acc_find(m, key);
                if (!a) {
                    a = acc_add(m, key);
                    a->dirty = true;
                }
                free(key);
                acc_refresh(a, p, sub);
                int running = 0;
                for (size_t ii = 0; ii < p->ninst; ii++) {
                    const struct ak_instance *in = p->inst[ii];
                    if (strcmp(in->power, "running") == 0 || strcmp(in->power, "starting") == 0)
                        running++;
                }
                bool spot = ak_strieq(a->priority, "Spot");
                double price = ak_meter_price(p->spec.vm_size, spot);
                double sp = spot ? ak_state_spot_price(p, now, m->speed) : -1;
                if (sp >= 0)
                    price = sp;
                if (price < 0)
                    price = 0;
                a->price = price;
                a->running = running;
                if (running && hours > 0) {
                    struct ak_meter_day *d = acc_day(a, date);
                    d->cost += running * hours * price;
                    d->hours += running * hours;
                    a->cost += running * hours * price;
                    a->hours += running * hours;
                    a->dirty = true;
                }
            }
        }
    }
    for (size_t i = 0; i < m->npools; i++) {
        struct ak_meter_pool *a = m->pools[i];
        if (a->running < 0) {
            a->running = 0;
            if (!a->gone)
                a->dirty = true;
            a->gone = true;
        }
    }
}

void ak_meter_update(struct ak_meter *m)
{
    accrue(m, ak_loop_now(m->loop));
}

size_t ak_meter_count(const struct ak_meter *m)
{
    return m->npools;
}

const struct ak_meter_pool *ak_meter_at(const struct ak_meter *m, size_t i)
{
    return i < m->npools ? m->pools[i] : NULL;
}

/* ---- persistence: one object per pool, written with the state's commits ---- */

static json_t *acc_encode(const struct ak_meter_pool *a)
{
    json_t *days = json_array();
    for (size_t i = 0; i < a->ndays; i++)
        json_array_append_new(days, json_pack("[i,f,f]", (json_int_t)a->days[i].date,
                                              a->days[i].cost, a->days[i].hours));
    json_t *o = json_object();
    ak_json_set_str(o, "poolId", a->pool_id);
    ak_json_set_str(o, "vmssId", a->vmss_id);
    ak_json_set_str(o, "resourceGroup", a->rg);
    ak_json_set_str(o, "cluster", a->cluster);
    ak_json_set_str(o, "pool", a->pool);
    ak_json_set_str(o, "nodeResourceGroup", a->node_rg);
    ak_json_set_str(o, "vmss", a->vmss);
    ak_json_set_str(o, "location", a->location);
    ak_json_set_str(o, "vmSize", a->vm_size);
    ak_json_set_str(o, "priority", a->priority);
    json_object_set(o, "tags", a->tags);
    json_object_set_new(o, "price", json_real(a->price));
    json_object_set_new(o, "gone", json_boolean(a->gone));
    json_object_set_new(o, "cost", json_real(a->cost));
    json_object_set_new(o, "hours", json_real(a->hours));
    json_object_set_new(o, "days", days);
    return o;
}

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int load_cb(void *ud, const char *kind, const char *key, const char *val, size_t len)
{
    struct ak_meter *m = ud;
    (void)kind;
    json_t *o = json_loadb(val, len, 0, NULL);
    if (!json_is_object(o)) {
        ak_log(AK_LOG_WARN, "meter", "ignoring an unreadable meter record %s", key);
        json_decref(o);
        return 0;
    }
    struct ak_meter_pool *a = acc_find(m, key);
    if (!a)
        a = acc_add(m, key);
    set_str(&a->pool_id, jstr(o, "poolId"));
    set_str(&a->vmss_id, jstr(o, "vmssId"));
    set_str(&a->rg, jstr(o, "resourceGroup"));
    set_str(&a->cluster, jstr(o, "cluster"));
    set_str(&a->pool, jstr(o, "pool"));
    set_str(&a->node_rg, jstr(o, "nodeResourceGroup"));
    set_str(&a->vmss, jstr(o, "vmss"));
    set_str(&a->location, jstr(o, "location"));
    set_str(&a->vm_size, jstr(o, "vmSize"));
    set_str(&a->priority, jstr(o, "priority"));
    json_t *tags = json_object_get(o, "tags");
    if (json_is_object(tags)) {
        json_decref(a->tags);
        a->tags = json_incref(tags);
    }
    a->price = json_number_value(json_object_get(o, "price"));
    a->gone = json_is_true(json_object_get(o, "gone"));
    a->cost = json_number_value(json_object_get(o, "cost"));
    a->hours = json_number_value(json_object_get(o, "hours"));
    a->ndays = 0;
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(o, "days"), i, d) {
        json_int_t date = json_integer_value(json_array_get(d, 0));
        if (date < 19700101 || date > 99991231)
            continue;
        struct ak_meter_day *md = acc_day(a, (int32_t)date);
        md->cost = json_number_value(json_array_get(d, 1));
        md->hours = json_number_value(json_array_get(d, 2));
    }
    a->dirty = false;
    json_decref(o);
    return 0;
}

static int part_flush(void *ud, struct ak_store *store)
{
    struct ak_meter *m = ud;
    if (!m->flush_due)
        return 0;
    for (size_t i = 0; i < m->npools; i++) {
        struct ak_meter_pool *a = m->pools[i];
        if (!a->dirty)
            continue;
        json_t *j = acc_encode(a);
        char *s = ak_json_dump(j);
        json_decref(j);
        int rc = ak_store_put(store, "meter", a->key, s, strlen(s));
        free(s);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static void part_done(void *ud, bool ok)
{
    struct ak_meter *m = ud;
    if (!ok || !m->flush_due)
        return;
    for (size_t i = 0; i < m->npools; i++)
        m->pools[i]->dirty = false;
    m->flush_due = false;
}

/* A failed commit keeps what the meter counted in memory; the next flush writes it again. */
static int part_reload(void *ud, struct ak_store *store)
{
    (void)ud;
    (void)store;
    return 0;
}

static bool part_dirty(void *ud)
{
    struct ak_meter *m = ud;
    return m->flush_due;
}

static void on_tick(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    struct ak_meter *m = ud;
    int64_t now = ak_loop_now(loop);
    accrue(m, now);
    if (now - m->last_flush_ms >= FLUSH_EVERY_MS) {
        m->last_flush_ms = now;
        bool any = false;
        for (size_t i = 0; i < m->npools && !any; i++)
            any = m->pools[i]->dirty;
        if (any) {
            m->flush_due = true;
            struct ak_err err;
            if (ak_state_commit(m->st, &err) != 0)
                ak_log(AK_LOG_WARN, "meter", "the cost meter could not be stored: %s", err.message);
        }
    }
    ak_timer_start(loop, t, TICK_MS);
}

struct ak_meter *ak_meter_new(struct ak_state *st, struct ak_loop *loop, double speed)
{
    struct ak_meter *m = ak_xcalloc(1, sizeof(*m));
    m->st = st;
    m->store = ak_state_store(st);
    m->loop = loop;
    m->speed = speed >= 1 ? speed : 1;
    if (ak_store_load(ak_state_store(st), "meter", load_cb, m) != 0)
        ak_log(AK_LOG_WARN, "meter", "the cost meter's records could not be read; it starts at zero");
    struct ak_state_participant p = {part_flush, part_done, part_reload, part_dirty, m};
    ak_state_add_participant(st, &p);
    m->last_ms = m->last_flush_ms = ak_loop_now(loop);
    ak_timer_init(&m->timer, on_tick, m);
    ak_timer_start(loop, &m->timer, TICK_MS);
    return m;
}

void ak_meter_free(struct ak_meter *m)
{
    if (!m)
        return;
    ak_timer_stop(m->loop, &m->timer);
    /* what was counted since the last flush (up to the last tick) is written on the way out */
    m->flush_due = true;
    if (ak_store_begin(m->store) == 0) {
        if (part_flush(m, m->store) == 0 && ak_store_commit(m->store) == 0)
            part_done(m, true);
        else
            ak_store_rollback(m->store);
    }
    for (size_t i = 0; i < m->npools; i++)
        acc_free(m->pools[i]);
    free(m->pools);
    free(m);
}
