#include "ak_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_codec.h"
#include "../core/ak_catalog.h"
#include "../core/ak_node.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_str.h"
#include "../util/ak_time.h"
#include "../util/ak_banned.h"

static const char *const kind_names[] = {"rg", "cluster", "pool", "inst", "op", "meta"};

/* The operations index. Finished operations are kept for a day, at most 10,000 of them
 * (ak_state_gc_ops; the daemon's --operation-retention-s and --max-finished-operations), so a
 * busy daemon holds thousands of them while only a handful are in progress; no path may scan
 * them all. Each operation lives in a private node that is at the same time
 *  - on the list of all operations in creation (or load) order: the order of ak_state_op_at(),
 *    and the order in which due operations complete and old ones are collected;
 *  - in a hash table by id, ASCII case-insensitive (az may send the GUID in any case);
 *  - in exactly one of two binary min-heaps: the in-progress operations by (due_ms, seq), the
 *    finished ones by (end_ms, seq), so that the next due time is the top of the first and GC
 *    pops the oldest finished ones off the second.
 * Heap membership follows `status`; its changes all go through op_reindex() (op_insert() for
 * new and loaded operations, ak_state_op_finish() for the rest). */
struct op_heap {
    struct op_node **v;
    size_t n, cap;
    bool by_end; /* key: end_ms (finished operations) or due_ms (in progress) */
};

struct op_node {
    struct ak_op op; /* first member: the ak_op handed out is the node */
    uint64_t seq;    /* creation order, unique */
    struct op_node *prev, *next;
    struct op_node *hnext; /* hash chain */
    uint32_t hash;
    struct op_heap *heap; /* the heap holding the node; NULL once detached by GC */
    size_t heap_at;
};

struct change {
    enum ak_kind kind;
    void *obj;     /* live object (put) or the object to free after commit (delete) */
    char *key;     /* store key */
    bool deleted;
};

struct ak_state {
    struct ak_store *store;
    struct ak_state_config cfg;
    char *sub, *sub_name, *tenant;
    int64_t (*now_ms)(void *);
    void *now_ud;
    ak_pool_gate_fn gate;
    void *gate_ud;
    void (*op_hook)(void *ud);
    void *op_hook_ud;
    struct ak_rand rng;
    uint64_t revision;
    uint64_t generation; /* every touch or removal, committed or not */

    struct ak_rg **rgs;
    size_t nrgs, caprgs;
    /* operations: see "The operations index" above */
    struct op_node *op_first, *op_last;
    size_t nops;
    uint64_t op_seq;
    struct op_node **op_buckets;
    size_t op_nbuckets; /* 0 or a power of two, >= nops */
    struct op_heap op_running, op_done;
    struct op_node *op_cursor; /* the last answer of ak_state_op_at(), for sequential walks */
    size_t op_cursor_at;
    struct op_node **op_scratch; /* due or collected operations of one pass */
    size_t capscratch;

    struct change *changes;
    size_t nchanges, capchanges;

    struct ak_state_participant parts[4];
    int nparts;

    /* after a failed commit (disk full, I/O error) background work waits until store_retry_ms
     * (see ak_state_next_due); the wait doubles with each failure in a row */
    int64_t store_retry_ms;
    int store_fails;
};

void ak_state_add_participant(struct ak_state *st, const struct ak_state_participant *p)
{
    ak_assert(st->nparts < 4);
    st->parts[st->nparts++] = *p;
}

struct ak_store *ak_state_store(struct ak_state *st)
{
    return st->store;
}

/* ------------------------------------------------------------------ freeing */

static void instance_free(struct ak_instance *in)
{
    free(in);
}

static void pool_free(struct ak_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ninst; i++)
        instance_free(p->inst[i]);
    free(p->inst);
    ak_pool_spec_release(&p->spec);
    json_decref(p->extra);
    free(p->fault.prices);
    free(p->name);
    free(p->id);
    free(p->op_id);
    free(p);
}

static void cluster_free(struct ak_cluster *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->npools; i++)
        pool_free(c->pools[i]);
    free(c->pools);
    free(c->name);
    free(c->id);
    free(c->location);
    free(c->node_rg);
    free(c->k8s_version);
    free(c->dns_prefix);
    free(c->fqdn);
    free(c->portal_fqdn);
    free(c->op_id);
    json_decref(c->tags);
    json_decref(c->props);
    json_decref(c->identity);
    json_decref(c->sku);
    free(c);
}

static void rg_free(struct ak_rg *rg)
{
    if (!rg)
        return;
    for (size_t i = 0; i < rg->nclusters; i++)
        cluster_free(rg->clusters[i]);
    free(rg->clusters);
    free(rg->sub);
    free(rg->name);
    free(rg->id);
    free(rg->location);
    free(rg->managed_by);
    free(rg->op_id);
    json_decref(rg->tags);
    free(rg);
}

static struct op_node *node_of(struct ak_op *op)
{
    return ak_container_of(op, struct op_node, op);
}

static void op_free(struct ak_op *op)
{
    if (!op)
        return;
    free(op->target);
    free(op->location);
    free(op->err_code);
    free(op->err_msg);
    free(node_of(op));
}

static void free_world(struct ak_state *st)
{
    for (size_t i = 0; i < st->nrgs; i++)
        rg_free(st->rgs[i]);
    st->nrgs = 0;
    for (struct op_node *n = st->op_first, *next; n; n = next) {
        next = n->next;
        op_free(&n->op);
    }
    st->op_first = st->op_last = NULL;
    st->nops = 0;
    if (st->op_nbuckets)
        memset(st->op_buckets, 0, st->op_nbuckets * sizeof(st->op_buckets[0]));
    st->op_running.n = 0;
    st->op_done.n = 0;
    st->op_cursor = NULL;
}

static void free_change_obj(struct change *ch)
{
    switch (ch->kind) {
    case AK_K_RG: rg_free(ch->obj); break;
    case AK_K_CLUSTER: cluster_free(ch->obj); break;
    case AK_K_POOL: pool_free(ch->obj); break;
    case AK_K_INST: instance_free(ch->obj); break;
    case AK_K_OP: op_free(ch->obj); break;
    case AK_K_META: break;
    }
}

static void clear_changes(struct ak_state *st, bool free_deleted)
{
    for (size_t i = 0; i < st->nchanges; i++) {
        if (st->changes[i].deleted && free_deleted)
            free_change_obj(&st->changes[i]);
        free(st->changes[i].key);
    }
    st->nchanges = 0;
}

/* ------------------------------------------------------------------ operations index */

static bool heap_less(const struct op_heap *h, const struct op_node *a, const struct op_node *b)
{
    int64_t ka = h->by_end ? a->op.end_ms : a->op.due_ms;
    int64_t kb = h->by_end ? b->op.end_ms : b->op.due_ms;
    return ka != kb ? ka < kb : a->seq < b->seq;
}

static void heap_place(struct op_heap *h, size_t i, struct op_node *n)
{
    h->v[i] = n;
    n->heap_at = i;
}

static void heap_up(struct op_heap *h, size_t i)
{
    struct op_node *n = h->v[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!heap_less(h, n, h->v[parent]))
            break;
        heap_place(h, i, h->v[parent]);
        i = parent;
    }
    heap_place(h, i, n);
}

static void heap_down(struct op_heap *h, size_t i)
{
    struct op_node *n = h->v[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && heap_less(h, h->v[c + 1], h->v[c]))
            c++;
        if (!heap_less(h, h->v[c], n))
            break;
        heap_place(h, i, h->v[c]);
        i = c;
    }
    heap_place(h, i, n);
}

static void heap_push(struct op_heap *h, struct op_node *n)
{
    AK_GROW(h->v, h->n + 1, h->cap);
    n->heap = h;
    h->v[h->n++] = n;
    heap_up(h, h->n - 1);
}

static void heap_remove(struct op_node *n)
{
    struct op_heap *h = n->heap;
    if (!h)
        return;
    struct op_node *last = h->v[--h->n];
    if (last != n) {
        heap_place(h, n->heap_at, last);
        heap_up(h, last->heap_at);
        heap_down(h, last->heap_at);
    }
    n->heap = NULL;
}

static struct op_heap *heap_for(struct ak_state *st, const struct ak_op *op)
{
    return strcmp(op->status, "InProgress") == 0 ? &st->op_running : &st->op_done;
}

/* FNV-1a over the ASCII-lowercased id: equal under strcasecmp (C locale) -> equal hash. */
static uint32_t op_hash(const char *id)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        unsigned c = *p;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        h = (h ^ c) * 16777619u;
    }
    return h;
}

static void op_hash_grow(struct ak_state *st)
{
    size_t nb = st->op_nbuckets ? st->op_nbuckets * 2 : 64;
    struct op_node **b = ak_xcalloc(nb, sizeof(*b));
    for (size_t i = 0; i < st->op_nbuckets; i++)
        for (struct op_node *n = st->op_buckets[i], *next; n; n = next) {
            next = n->hnext;
            n->hnext = b[n->hash & (nb - 1)];
            b[n->hash & (nb - 1)] = n;
        }
    free(st->op_buckets);
    st->op_buckets = b;
    st->op_nbuckets = nb;
}

/* Adds a new or loaded operation (id, status and times filled) to the index; takes n. */
static void op_insert(struct ak_state *st, struct op_node *n)
{
    n->seq = st->op_seq++;
    n->prev = st->op_last;
    n->next = NULL;
    if (st->op_last)
        st->op_last->next = n;
    else
        st->op_first = n;
    st->op_last = n;
    if (st->nops + 1 > st->op_nbuckets)
        op_hash_grow(st);
    n->hash = op_hash(n->op.id);
    n->hnext = st->op_buckets[n->hash & (st->op_nbuckets - 1)];
    st->op_buckets[n->hash & (st->op_nbuckets - 1)] = n;
    st->nops++;
    heap_push(heap_for(st, &n->op), n);
}

/* Moves an indexed operation to the heap and position its status and times now ask for. */
static void op_reindex(struct ak_state *st, struct op_node *n)
{
    if (!n->heap)
        return; /* detached by GC: no longer part of the world */
    heap_remove(n);
    heap_push(heap_for(st, &n->op), n);
}

/* Takes an operation out of the index; the caller owns n afterwards. */
static void op_unlink(struct ak_state *st, struct op_node *n)
{
    heap_remove(n);
    struct op_node **pp = &st->op_buckets[n->hash & (st->op_nbuckets - 1)];
    while (*pp != n)
        pp = &(*pp)->hnext;
    *pp = n->hnext;
    if (n->prev)
        n->prev->next = n->next;
    else
        st->op_first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        st->op_last = n->prev;
    n->prev = n->next = n->hnext = NULL;
    st->nops--;
    st->op_cursor = NULL;
}

static void scratch_push(struct ak_state *st, size_t *k, struct op_node *n)
{
    AK_GROW(st->op_scratch, *k + 1, st->capscratch);
    st->op_scratch[(*k)++] = n;
}

static int cmp_seq(const void *a, const void *b)
{
    const struct op_node *x = *(struct op_node *const *)a;
    const struct op_node *y = *(struct op_node *const *)b;
    return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : 0;
}

static void scratch_sort(struct ak_state *st, size_t k)
{
    if (k > 1)
        qsort(st->op_scratch, k, sizeof(st->op_scratch[0]), cmp_seq);
}

/* ------------------------------------------------------------------ basics */

static int64_t default_now(void *ud)
{
    (void)ud;
    return ak_wall_ms();
}

struct ak_state *ak_state_new(struct ak_store *store, const struct ak_state_config *cfg,
                              int64_t (*now_ms)(void *), void *now_ud)
{
    struct ak_state *st = ak_xcalloc(1, sizeof(*st));
    st->store = store;
    st->cfg = *cfg;
    st->sub = ak_xstrdup(cfg->subscription_id);
    st->sub_name = ak_xstrdup(cfg->subscription_name ? cfg->subscription_name : "aksemu");
    st->tenant = ak_xstrdup(cfg->tenant_id);
    st->cfg.subscription_id = st->sub;
    st->cfg.subscription_name = st->sub_name;
    st->cfg.tenant_id = st->tenant;
    st->now_ms = now_ms ? now_ms : default_now;
    st->now_ud = now_ud;
    if (cfg->seed)
        ak_rand_seed(&st->rng, cfg->seed);
    else
        ak_rand_seed_os(&st->rng);
    st->op_running.by_end = false;
    st->op_done.by_end = true;
    return st;
}

void ak_state_free(struct ak_state *st)
{
    if (!st)
        return;
    clear_changes(st, true);
    free(st->changes);
    free_world(st);
    free(st->rgs);
    free(st->op_buckets);
    free(st->op_running.v);
    free(st->op_done.v);
    free(st->op_scratch);
    free(st->sub);
    free(st->sub_name);
    free(st->tenant);
    free(st);
}

const struct ak_state_config *ak_state_config(const struct ak_state *st)
{
    return &st->cfg;
}

int64_t ak_state_now(const struct ak_state *st)
{
    return st->now_ms(st->now_ud);
}

struct ak_rand *ak_state_rand(struct ak_state *st)
{
    return &st->rng;
}

uint64_t ak_state_revision(const struct ak_state *st)
{
    return st->revision;
}

uint64_t ak_state_generation(const struct ak_state *st)
{
    return st->generation;
}

static char *key_of(enum ak_kind kind, void *obj)
{
    switch (kind) {
    case AK_K_RG: return ak_lower_dup(((struct ak_rg *)obj)->id);
    case AK_K_CLUSTER: return ak_lower_dup(((struct ak_cluster *)obj)->id);
    case AK_K_POOL: return ak_lower_dup(((struct ak_pool *)obj)->id);
    case AK_K_INST: {
        struct ak_instance *in = obj;
        char *k = ak_xasprintf("%s/%lld", in->pool->id, (long long)in->id);
        ak_lower_inplace(k);
        return k;
    }
    case AK_K_OP: return ak_xstrdup(((struct ak_op *)obj)->id);
    case AK_K_META: return ak_xstrdup("state");
    }
    return NULL;
}

void ak_state_touch(struct ak_state *st, enum ak_kind kind, void *obj)
{
    st->generation++;
    if (kind == AK_K_POOL)
        ((struct ak_pool *)obj)->touch_gen = st->generation;
    else if (kind == AK_K_INST)
        ((struct ak_instance *)obj)->touch_gen = st->generation;
    for (size_t i = 0; i < st->nchanges; i++)
        if (st->changes[i].obj == obj && st->changes[i].kind == kind)
            return;
    AK_GROW(st->changes, st->nchanges + 1, st->capchanges);
    struct change *ch = &st->changes[st->nchanges++];
    ch->kind = kind;
    ch->obj = obj;
    ch->key = key_of(kind, obj);
    ch->deleted = false;
}

void ak_state_remove(struct ak_state *st, enum ak_kind kind, void *obj)
{
    st->generation++;
    for (size_t i = 0; i < st->nchanges; i++)
        if (st->changes[i].obj == obj && st->changes[i].kind == kind) {
            st->changes[i].deleted = true;
            return;
        }
    ak_state_touch(st, kind, obj);
    st->changes[st->nchanges - 1].deleted = true;
}

bool ak_state_dirty(const struct ak_state *st)
{
    return st->nchanges > 0;
}

/* ------------------------------------------------------------------ encoding */

static json_t *enc_rg(const struct ak_rg *rg)
{
    json_t *o = json_object();
    ak_json_set_str(o, "sub", rg->sub);
    ak_json_set_str(o, "name", rg->name);
    ak_json_set_str(o, "location", rg->location);
    json_object_set(o, "tags", rg->tags ? rg->tags : json_null());
    ak_json_set_str(o, "managedBy", rg->managed_by);
    ak_json_set_str(o, "provisioningState", rg->prov_state);
    ak_json_set_str(o, "opId", rg->op_id);
    return o;
}

static json_t *enc_cluster(const struct ak_cluster *c)
{
    json_t *o = json_object();
    ak_json_set_str(o, "rg", c->rg->id);
    ak_json_set_str(o, "name", c->name);
    ak_json_set_str(o, "location", c->location);
    ak_json_set_str(o, "nodeResourceGroup", c->node_rg);
    ak_json_set_str(o, "kubernetesVersion", c->k8s_version);
    ak_json_set_str(o, "dnsPrefix", c->dns_prefix);
    ak_json_set_str(o, "fqdn", c->fqdn);
    ak_json_set_str(o, "portalFqdn", c->portal_fqdn);
    ak_json_set_str(o, "provisioningState", c->prov_state);
    ak_json_set_str(o, "power", c->power);
    ak_json_set_str(o, "opId", c->op_id);
    json_object_set(o, "tags", c->tags ? c->tags : json_null());
    json_object_set(o, "props", c->props ? c->props : json_null());
    json_object_set(o, "identity", c->identity ? c->identity : json_null());
    json_object_set(o, "sku", c->sku ? c->sku : json_null());
    ak_json_set_str(o, "kubeId", c->kube_id);
    ak_json_set_str(o, "userToken", c->user_token);
    ak_json_set_str(o, "adminToken", c->admin_token);
    ak_json_set_str(o, "principalId", c->principal_id);
    ak_json_set_str(o, "kubeletClientId", c->kubelet_client_id);
    ak_json_set_str(o, "kubeletObjectId", c->kubelet_object_id);
    json_object_set_new(o, "created", json_integer(c->created_ms));
    return o;
}

static json_t *enc_pool(const struct ak_pool *p)
{
    json_t *o = json_object();
    ak_json_set_str(o, "cluster", p->cluster->id);
    ak_json_set_str(o, "name", p->name);
    ak_json_set_str(o, "suffix", p->suffix);
    json_object_set_new(o, "props", ak_codec_pool_spec_encode(&p->spec, p->extra));
    ak_json_set_str(o, "provisioningState", p->prov_state);
    ak_json_set_str(o, "opId", p->op_id);
    ak_json_set_str(o, "vmssUniqueId", p->vmss_unique_id);
    ak_json_set_str(o, "createOpId", p->create_op_id);
    json_object_set_new(o, "created", json_integer(p->created_ms));
    json_object_set_new(o, "nextInstanceId", json_integer(p->next_instance_id));
    const struct ak_pool_faults *f = &p->fault;
    if (f->fail_next || f->slow_ms || f->evict_per_hour > 0 || f->nprices) {
        json_t *fj = json_pack("{s:i,s:i,s:I,s:f,s:I,s:I}", "failNext", f->fail_next, "failExit",
                               f->fail_exit, "slowMs", (json_int_t)f->slow_ms, "evictPerHour",
                               f->evict_per_hour, "priceStepMs", (json_int_t)f->price_step_ms,
                               "priceStartMs", (json_int_t)f->price_start_ms);
        json_t *pa = json_array();
        for (size_t i = 0; i < f->nprices; i++)
            json_array_append_new(pa, json_real(f->prices[i]));
        json_object_set_new(fj, "prices", pa);
        json_object_set_new(o, "faults", fj);
    }
    return o;
}

static json_t *enc_inst(const struct ak_instance *in)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(in->id));
    ak_json_set_str(o, "vmId", in->vm_id);
    ak_json_set_str(o, "prov", in->prov_state);
    ak_json_set_str(o, "power", in->power);
    json_object_set_new(o, "created", json_integer(in->created_ms));
    ak_json_set_str(o, "zone", in->zone);
    json_object_set_new(o, "fd", json_integer(in->fault_domain));
    if (in->down_ms)
        json_object_set_new(o, "down", json_integer(in->down_ms));
    if (in->fault[0])
        ak_json_set_str(o, "fault", in->fault);
    if (in->evict_at_ms) {
        json_object_set_new(o, "evictAt", json_integer(in->evict_at_ms));
        ak_json_set_str(o, "eventId", in->event_id);
        ak_json_set_str(o, "eventType", in->event_type);
    }
    if (in->status_code[0]) {
        ak_json_set_str(o, "statusCode", in->status_code);
        ak_json_set_str(o, "statusMsg", in->status_msg);
    }
    if (in->disk_data)
        json_object_set_new(o, "diskData", json_integer(in->disk_data));
    if (in->disk_fill)
        json_object_set_new(o, "diskFill", json_integer(in->disk_fill));
    if (in->disk_gc)
        json_object_set_new(o, "diskGc", json_true());
    if (in->disk_full)
        json_object_set_new(o, "diskFull", json_true());
    return o;
}

static json_t *enc_op(const struct ak_op *op)
{
    json_t *o = json_object();
    ak_json_set_str(o, "id", op->id);
    ak_json_set_str(o, "kind", op->kind);
    ak_json_set_str(o, "target", op->target);
    ak_json_set_str(o, "location", op->location);
    ak_json_set_str(o, "status", op->status);
    json_object_set_new(o, "start", json_integer(op->start_ms));
    json_object_set_new(o, "end", json_integer(op->end_ms));
    json_object_set_new(o, "due", json_integer(op->due_ms));
    ak_json_set_str(o, "errCode", op->err_code);
    ak_json_set_str(o, "errMsg", op->err_msg);
    return o;
}

static json_t *encode(struct ak_state *st, enum ak_kind kind, void *obj)
{
    switch (kind) {
    case AK_K_RG: return enc_rg(obj);
    case AK_K_CLUSTER: return enc_cluster(obj);
    case AK_K_POOL: return enc_pool(obj);
    case AK_K_INST: return enc_inst(obj);
    case AK_K_OP: return enc_op(obj);
    case AK_K_META: {
        json_t *o = json_object();
        json_object_set_new(o, "revision", json_integer((json_int_t)st->revision));
        return o;
    }
    }
    return NULL;
}

static bool parts_dirty(const struct ak_state *st)
{
    for (int i = 0; i < st->nparts; i++)
        if (st->parts[i].dirty(st->parts[i].ud))
            return true;
    return false;
}

/* After a failed commit the background writers (the operations controller, the Kubernetes
 * controllers) wait 250 ms, then 0.5, 1, 2 and 4 s before they try again
 * (ak_state_store_retry_ms()): without it an operation due in the past is retried at once, and
 * each failure costs a full reload of the state - the loop would spin on a full disk. Requests
 * still try every commit (the disk may have been freed); they are the clients' retries. */
#define STORE_RETRY_MIN_MS 250

int ak_state_commit(struct ak_state *st, struct ak_err *err)
{
    if (st->nchanges == 0 && !parts_dirty(st))
        return 0;
    if (st->nchanges > 0) {
        st->revision++;
        ak_state_touch(st, AK_K_META, st);
    }
    int rc = ak_store_begin(st->store);
    for (size_t i = 0; rc == 0 && !st->store->discard && i < st->nchanges; i++) {
        struct change *ch = &st->changes[i];
        if (ch->deleted) {
            rc = ak_store_del(st->store, kind_names[ch->kind], ch->key);
        } else {
            json_t *j = encode(st, ch->kind, ch->obj);
            char *s = ak_json_dump(j);
            json_decref(j);
            rc = ak_store_put(st->store, kind_names[ch->kind], ch->key, s, strlen(s));
            free(s);
        }
    }
    for (int i = 0; rc == 0 && i < st->nparts; i++)
        rc = st->parts[i].flush(st->parts[i].ud, st->store);
    if (rc == 0)
        rc = ak_store_commit(st->store);
    else
        ak_store_rollback(st->store);
    for (int i = 0; i < st->nparts; i++)
        st->parts[i].done(st->parts[i].ud, rc == 0);
    if (rc == 0) {
        clear_changes(st, true);
        st->store_fails = 0;
        st->store_retry_ms = 0;
        return 0;
    }
    st->store_retry_ms = ak_state_now(st) + ((int64_t)STORE_RETRY_MIN_MS << (st->store_fails < 4 ? st->store_fails : 4));
    st->store_fails++;
    /* the store rolled back: throw the in-memory change away by reloading */
    char msg[512];
    snprintf(msg, sizeof(msg), "%s", st->store->errmsg);
    clear_changes(st, true);
    struct ak_err lerr;
    if (ak_state_load(st, &lerr) != 0)
        ak_fatal("store failed and the state cannot be reloaded: %s", lerr.message);
    for (int i = 0; i < st->nparts; i++)
        if (st->parts[i].reload(st->parts[i].ud, st->store) != 0)
            ak_fatal("store failed and the Kubernetes objects cannot be reloaded");
    return ak_err_set(err, 500, "InternalServerError",
                      "The change could not be stored durably (%s); nothing was changed. "
                      "Retry the request.",
                      msg);
}

/* ------------------------------------------------------------------ lookups */

bool ak_state_sub_known(const struct ak_state *st, const char *sub)
{
    return ak_strieq(sub, st->sub);
}

struct ak_rg *ak_state_rg(struct ak_state *st, const char *sub, const char *name)
{
    for (size_t i = 0; i < st->nrgs; i++)
        if (ak_strieq(st->rgs[i]->name, name) && ak_strieq(st->rgs[i]->sub, sub))
            return st->rgs[i];
    return NULL;
}

size_t ak_state_rg_count(const struct ak_state *st)
{
    return st->nrgs;
}

struct ak_rg *ak_state_rg_at(struct ak_state *st, size_t i)
{
    return i < st->nrgs ? st->rgs[i] : NULL;
}

struct ak_cluster *ak_state_cluster(struct ak_state *st, const char *sub, const char *rg,
                                    const char *name)
{
    struct ak_rg *g = ak_state_rg(st, sub, rg);
    if (!g)
        return NULL;
    for (size_t i = 0; i < g->nclusters; i++)
        if (ak_strieq(g->clusters[i]->name, name))
            return g->clusters[i];
    return NULL;
}

struct ak_pool *ak_state_pool(struct ak_cluster *c, const char *name)
{
    for (size_t i = 0; i < c->npools; i++)
        if (ak_strieq(c->pools[i]->name, name))
            return c->pools[i];
    return NULL;
}

struct ak_cluster *ak_state_cluster_by_node_rg(struct ak_state *st, const char *sub,
                                               const char *node_rg)
{
    for (size_t i = 0; i < st->nrgs; i++) {
        struct ak_rg *g = st->rgs[i];
        if (!ak_strieq(g->sub, sub))
            continue;
        for (size_t j = 0; j < g->nclusters; j++)
            if (ak_strieq(g->clusters[j]->node_rg, node_rg))
                return g->clusters[j];
    }
    return NULL;
}

struct ak_cluster *ak_state_cluster_by_kube_id(struct ak_state *st, const char *kube_id)
{
    for (size_t i = 0; i < st->nrgs; i++)
        for (size_t j = 0; j < st->rgs[i]->nclusters; j++)
            if (strcmp(st->rgs[i]->clusters[j]->kube_id, kube_id) == 0)
                return st->rgs[i]->clusters[j];
    return NULL;
}

struct ak_pool *ak_state_pool_by_vmss(struct ak_cluster *c, const char *vmss)
{
    for (size_t i = 0; i < c->npools; i++)
        if (ak_strieq(c->pools[i]->vmss_name, vmss))
            return c->pools[i];
    return NULL;
}

struct ak_instance *ak_state_instance_of_node(const struct ak_cluster *c, const char *node)
{
    size_t nl = node ? strlen(node) : 0;
    for (size_t i = 0; c && i < c->npools; i++) {
        struct ak_pool *p = c->pools[i];
        size_t vl = strlen(p->vmss_name);
        if (nl != vl + 6 || strncmp(node, p->vmss_name, vl) != 0)
            continue;
        for (size_t q = 0; q < p->ninst; q++) {
            char name[128];
            ak_node_name(p->vmss_name, p->inst[q]->id, name, sizeof(name));
            if (strcmp(name, node) == 0)
                return p->inst[q];
        }
    }
    return NULL;
}

struct ak_instance *ak_state_instance(struct ak_pool *p, int64_t id)
{
    for (size_t i = 0; i < p->ninst; i++)
        if (p->inst[i]->id == id)
            return p->inst[i];
    return NULL;
}

struct ak_op *ak_state_op(struct ak_state *st, const char *id)
{
    if (!id || st->nops == 0)
        return NULL;
    /* Ids are unique; should two differ only in case (a hand-edited store), the oldest one
     * answers, as it did when this was a scan in creation order. */
    uint32_t h = op_hash(id);
    struct op_node *found = NULL;
    for (struct op_node *n = st->op_buckets[h & (st->op_nbuckets - 1)]; n; n = n->hnext)
        if (n->hash == h && ak_strieq(n->op.id, id) && (!found || n->seq < found->seq))
            found = n;
    return found ? &found->op : NULL;
}

size_t ak_state_op_count(const struct ak_state *st)
{
    return st->nops;
}

/* O(1) per step when walked in order (0, 1, 2, ...), O(i) otherwise. */
struct ak_op *ak_state_op_at(struct ak_state *st, size_t i)
{
    if (i >= st->nops)
        return NULL;
    struct op_node *n = st->op_first;
    size_t at = 0;
    if (st->op_cursor && st->op_cursor_at <= i) {
        n = st->op_cursor;
        at = st->op_cursor_at;
    }
    for (; at < i; at++)
        n = n->next;
    st->op_cursor = n;
    st->op_cursor_at = i;
    return &n->op;
}

/* ------------------------------------------------------------------ creation */

static void fill_uuid(struct ak_state *st, char out[37])
{
    ak_rand_uuid(&st->rng, out);
}

struct ak_rg *ak_state_rg_create(struct ak_state *st, const char *sub, const char *name,
                                 const char *location)
{
    struct ak_rg *rg = ak_xcalloc(1, sizeof(*rg));
    rg->sub = ak_xstrdup(sub);
    rg->name = ak_xstrdup(name);
    rg->id = ak_xasprintf("/subscriptions/%s/resourceGroups/%s", sub, name);
    rg->location = ak_xstrdup(location);
    snprintf(rg->prov_state, sizeof(rg->prov_state), "Succeeded");
    AK_GROW(st->rgs, st->nrgs + 1, st->caprgs);
    st->rgs[st->nrgs++] = rg;
    ak_state_touch(st, AK_K_RG, rg);
    return rg;
}

struct ak_cluster *ak_state_cluster_create(struct ak_state *st, struct ak_rg *rg,
                                           const char *name, const char *location)
{
    struct ak_cluster *c = ak_xcalloc(1, sizeof(*c));
    c->rg = rg;
    c->name = ak_xstrdup(name);
    c->id = ak_xasprintf("/subscriptions/%s/resourcegroups/%s/providers/"
                         "Microsoft.ContainerService/managedClusters/%s",
                         rg->sub, rg->name, name);
    c->location = ak_xstrdup(location);
    snprintf(c->power, sizeof(c->power), "Running");
    ak_rand_hex(&st->rng, c->kube_id, 16);
    ak_rand_hex(&st->rng, c->user_token, 64);
    ak_rand_hex(&st->rng, c->admin_token, 64);
    fill_uuid(st, c->principal_id);
    fill_uuid(st, c->kubelet_client_id);
    fill_uuid(st, c->kubelet_object_id);
    c->created_ms = ak_state_now(st);
    AK_GROW(rg->clusters, rg->nclusters + 1, rg->capclusters);
    rg->clusters[rg->nclusters++] = c;
    ak_state_touch(st, AK_K_CLUSTER, c);
    return c;
}

struct ak_pool *ak_state_pool_create(struct ak_state *st, struct ak_cluster *c, const char *name)
{
    struct ak_pool *p = ak_xcalloc(1, sizeof(*p));
    p->cluster = c;
    p->name = ak_xstrdup(name);
    p->id = ak_xasprintf("%s/agentPools/%s", c->id, name);
    ak_pool_suffix(c->id, name, p->suffix);
    ak_vmss_name(name, p->suffix, p->vmss_name, sizeof(p->vmss_name));
    fill_uuid(st, p->vmss_unique_id);
    fill_uuid(st, p->create_op_id);
    p->created_ms = ak_state_now(st);
    AK_GROW(c->pools, c->npools + 1, c->cappools);
    c->pools[c->npools++] = p;
    ak_state_touch(st, AK_K_POOL, p);
    return p;
}

static struct ak_instance *instance_add(struct ak_state *st, struct ak_pool *p, int64_t id)
{
    struct ak_instance *in = ak_xcalloc(1, sizeof(*in));
    in->pool = p;
    in->id = id;
    fill_uuid(st, in->vm_id);
    snprintf(in->prov_state, sizeof(in->prov_state), "Creating");
    snprintf(in->power, sizeof(in->power), "starting");
    in->created_ms = ak_state_now(st);
    if (p->spec.zones.n) {
        snprintf(in->zone, sizeof(in->zone), "%s", p->spec.zones.v[id % (int64_t)p->spec.zones.n]);
        in->fault_domain = 0;
    } else {
        /* AKS spot scale sets use one fault domain; regular pools spread over 5 */
        in->fault_domain = ak_pool_is_spot(&p->spec) ? 0 : (int)(id % 5);
    }
    if (p->fault.fail_next > 0) {
        p->fault.fail_next--;
        int code = p->fault.fail_exit ? p->fault.fail_exit : 50;
        snprintf(in->status_code, sizeof(in->status_code), "ProvisioningState/failed/VMExtensionProvisioningError");
        snprintf(in->status_msg, sizeof(in->status_msg),
                 "VM has reported a failure when processing extension 'vmssCSE' (publisher "
                 "'Microsoft.Azure.Extensions' and type 'CustomScript'). Error message: 'Enable "
                 "failed: failed to execute command: command terminated with exit status=%d'",
                 code);
    }
    AK_GROW(p->inst, p->ninst + 1, p->capinst);
    p->inst[p->ninst++] = in;
    ak_state_touch(st, AK_K_INST, in);
    return in;
}

int ak_state_schedule_eviction(struct ak_state *st, struct ak_instance *in, int64_t notice_ms,
                               struct ak_err *err)
{
    struct ak_pool *p = in->pool;
    if (!ak_pool_is_spot(&p->spec))
        return ak_err_set(err, 409, "OperationNotAllowed",
                          "Simulate eviction is supported only for Spot virtual machines; scale set "
                          "'%s' has priority Regular.",
                          p->vmss_name);
    if (strcmp(in->prov_state, "Succeeded") != 0 || strcmp(in->power, "running") != 0)
        return ak_err_set(err, 409, "OperationNotAllowed",
                          "The virtual machine '%s_%lld' is not running (provisioning state %s, "
                          "power state %s) and cannot be evicted.",
                          p->vmss_name, (long long)in->id, in->prov_state, in->power);
    if (in->evict_at_ms)
        return 0; /* already scheduled: the same event */
    in->evict_at_ms = ak_state_now(st) + (notice_ms > 0 ? notice_ms : 1);
    fill_uuid(st, in->event_id);
    snprintf(in->event_type, sizeof(in->event_type), "Preempt");
    ak_state_touch(st, AK_K_INST, in);
    ak_log(AK_LOG_INFO, "state", "scale set %s instance %lld: spot eviction scheduled (event %s)",
           p->vmss_name, (long long)in->id, in->event_id);
    return 0;
}

void ak_state_op_delay(struct ak_state *st, struct ak_op *op, int64_t ms)
{
    op->due_ms += ms;
    op_reindex(st, node_of(op));
    ak_state_touch(st, AK_K_OP, op);
}

double ak_state_spot_price(const struct ak_pool *p, int64_t now_ms, double speed)
{
    const struct ak_pool_faults *f = &p->fault;
    if (!f->nprices || f->price_step_ms <= 0)
        return -1;
    double step = (double)f->price_step_ms / (speed >= 1 ? speed : 1);
    int64_t k = (int64_t)((double)(now_ms - f->price_start_ms) / (step >= 1 ? step : 1));
    if (k < 0)
        k = 0;
    return f->prices[(size_t)k % f->nprices];
}

bool ak_state_instance_parked(const struct ak_instance *in)
{
    return strcmp(in->power, "deallocated") == 0 || strcmp(in->power, "deallocating") == 0;
}

bool ak_state_instance_leaving(const struct ak_instance *in)
{
    return strcmp(in->prov_state, "Deleting") == 0 || strcmp(in->power, "deallocating") == 0;
}

int ak_state_pool_live_instances(const struct ak_pool *p)
{
    int n = 0;
    for (size_t i = 0; i < p->ninst; i++)
        if (strcmp(p->inst[i]->prov_state, "Deleting") != 0 && !ak_state_instance_parked(p->inst[i]))
            n++;
    return n;
}

int ak_state_pool_parked_instances(const struct ak_pool *p)
{
    int n = 0;
    for (size_t i = 0; i < p->ninst; i++)
        if (strcmp(p->inst[i]->prov_state, "Deleting") != 0 && ak_state_instance_parked(p->inst[i]))
            n++;
    return n;
}

/* Deallocated instances are kept by scaleDownMode Deallocate and by the Deallocate eviction
 * policy of spot pools; otherwise they go. */
static bool keeps_deallocated(const struct ak_pool *p)
{
    if (p->spec.scale_down_mode && strcmp(p->spec.scale_down_mode, "Deallocate") == 0)
        return true;
    return ak_pool_is_spot(&p->spec) && p->spec.eviction_policy &&
           strcmp(p->spec.eviction_policy, "Deallocate") == 0;
}

static bool active(const struct ak_instance *in)
{
    return strcmp(in->prov_state, "Deleting") != 0 && !ak_state_instance_parked(in);
}

/* The VMSS default scale-in policy: take from the zones holding the most instances, within them
 * from the fault domains holding the most, and there the highest instance id (ties keep every
 * tied zone / fault domain a candidate, as Azure does: a balanced pool loses its newest VM). */
static int zone_index(const struct ak_pool *p, const struct ak_instance *in, size_t nz)
{
    for (size_t z = 0; z < nz; z++)
        if (strcmp(in->zone, p->spec.zones.v[z]) == 0)
            return (int)z;
    return -1;
}

static struct ak_instance *scale_in_victim(const struct ak_pool *p)
{
    int zc[8] = {0}, fc[8] = {0};
    size_t nz = p->spec.zones.n < 8 ? p->spec.zones.n : 8;
    for (size_t i = 0; i < p->ninst; i++) {
        int z = active(p->inst[i]) ? zone_index(p, p->inst[i], nz) : -1;
        if (z >= 0)
            zc[z]++;
    }
    int zmax = 0;
    for (size_t z = 0; z < nz; z++)
        if (zc[z] > zmax)
            zmax = zc[z];
#define IN_ZONE(in) (nz == 0 || zmax == 0 || (zone_index(p, (in), nz) >= 0 && zc[zone_index(p, (in), nz)] == zmax))
    for (size_t i = 0; i < p->ninst; i++) {
        const struct ak_instance *in = p->inst[i];
        if (active(in) && IN_ZONE(in) && in->fault_domain >= 0 && in->fault_domain < 8)
            fc[in->fault_domain]++;
    }
    int fmax = 0;
    for (int f = 0; f < 8; f++)
        if (fc[f] > fmax)
            fmax = fc[f];
    struct ak_instance *best = NULL;
    for (size_t i = 0; i < p->ninst; i++) {
        struct ak_instance *in = p->inst[i];
        if (!active(in) || !IN_ZONE(in))
            continue;
        if (fmax > 0 && (in->fault_domain < 0 || in->fault_domain >= 8 || fc[in->fault_domain] != fmax))
            continue;
        if (!best || in->id > best->id)
            best = in;
    }
#undef IN_ZONE
    return best;
}

void ak_state_pool_resize(struct ak_state *st, struct ak_pool *p, int count)
{
    if (!keeps_deallocated(p))
        for (size_t i = 0; i < p->ninst; i++)
            if (strcmp(p->inst[i]->prov_state, "Deleting") != 0 && ak_state_instance_parked(p->inst[i])) {
                snprintf(p->inst[i]->prov_state, sizeof(p->inst[i]->prov_state), "Deleting");
                ak_state_touch(st, AK_K_INST, p->inst[i]);
            }
    int live = ak_state_pool_live_instances(p);
    if (count > live) {
        /* scale-out: deallocated instances start first (lowest id first), then new ids
         * above the highest ever used */
        while (live < count) {
            struct ak_instance *pick = NULL;
            for (size_t i = 0; i < p->ninst; i++) {
                struct ak_instance *in = p->inst[i];
                if (strcmp(in->power, "deallocated") == 0 && strcmp(in->prov_state, "Deleting") != 0 &&
                    (!pick || in->id < pick->id))
                    pick = in;
            }
            if (!pick)
                break;
            snprintf(pick->prov_state, sizeof(pick->prov_state), "Updating");
            snprintf(pick->power, sizeof(pick->power), "starting");
            ak_state_touch(st, AK_K_INST, pick);
            live++;
        }
        for (int i = live; i < count; i++)
            instance_add(st, p, p->next_instance_id++);
        ak_state_touch(st, AK_K_POOL, p);
        return;
    }
    if (count < live) {
        bool dealloc = p->spec.scale_down_mode && strcmp(p->spec.scale_down_mode, "Deallocate") == 0;
        for (int k = live - count; k > 0; k--) {
            struct ak_instance *v = scale_in_victim(p);
            if (!v)
                break;
            if (dealloc) {
                snprintf(v->prov_state, sizeof(v->prov_state), "Updating");
                snprintf(v->power, sizeof(v->power), "deallocating");
            } else {
                snprintf(v->prov_state, sizeof(v->prov_state), "Deleting");
            }
            ak_state_touch(st, AK_K_INST, v);
        }
    }
}

struct ak_op *ak_state_autoscale_up(struct ak_state *st, struct ak_pool *p, int count, int64_t duration_ms)
{
    p->spec.count = count;
    ak_state_pool_resize(st, p, count);
    ak_state_touch(st, AK_K_POOL, p);
    struct ak_op *op = ak_state_op_start(st, AK_OP_AUTOSCALE, p->id, p->cluster->location, duration_ms);
    if (p->fault.slow_ms > 0)
        ak_state_op_delay(st, op, p->fault.slow_ms);
    return op;
}

struct ak_op *ak_state_autoscale_delete(struct ak_state *st, struct ak_instance *in, int64_t duration_ms)
{
    struct ak_pool *p = in->pool;
    if (strcmp(in->prov_state, "Deleting") != 0) {
        snprintf(in->prov_state, sizeof(in->prov_state), "Deleting");
        ak_state_touch(st, AK_K_INST, in);
    }
    p->spec.count = ak_state_pool_live_instances(p);
    ak_state_touch(st, AK_K_POOL, p);
    return ak_state_op_start(st, AK_OP_AUTOSCALE, p->id, p->cluster->location, duration_ms);
}

void ak_state_instance_evict(struct ak_state *st, struct ak_instance *in)
{
    struct ak_pool *p = in->pool;
    p->evictions++;
    in->evict_at_ms = 0;
    in->event_id[0] = in->event_type[0] = 0;
    if (p->spec.eviction_policy && strcmp(p->spec.eviction_policy, "Deallocate") == 0) {
        snprintf(in->prov_state, sizeof(in->prov_state), "Succeeded");
        snprintf(in->power, sizeof(in->power), "deallocated");
        if (!in->down_ms)
            in->down_ms = ak_state_now(st);
        ak_state_touch(st, AK_K_INST, in);
    } else {
        for (size_t i = 0; i < p->ninst; i++)
            if (p->inst[i] == in) {
                memmove(&p->inst[i], &p->inst[i + 1], (p->ninst - i - 1) * sizeof(p->inst[0]));
                p->ninst--;
                break;
            }
        ak_state_remove(st, AK_K_INST, in);
    }
    p->spec.count = ak_state_pool_live_instances(p);
    ak_state_touch(st, AK_K_POOL, p);
}

struct ak_op *ak_state_op_start(struct ak_state *st, const char *kind, const char *target,
                                const char *location, int64_t duration_ms)
{
    struct op_node *n = ak_xcalloc(1, sizeof(*n));
    struct ak_op *op = &n->op;
    fill_uuid(st, op->id);
    snprintf(op->kind, sizeof(op->kind), "%s", kind);
    op->target = ak_xstrdup(target);
    op->location = ak_xstrdup(location);
    snprintf(op->status, sizeof(op->status), "InProgress");
    op->start_ms = ak_state_now(st);
    op->due_ms = op->start_ms + duration_ms;
    op_insert(st, n);
    ak_state_touch(st, AK_K_OP, op);
    if (st->op_hook)
        st->op_hook(st->op_hook_ud);
    return op;
}

void ak_state_set_op_hook(struct ak_state *st, void (*fn)(void *ud), void *ud)
{
    st->op_hook = fn;
    st->op_hook_ud = ud;
}

void ak_state_op_finish(struct ak_state *st, struct ak_op *op, const char *status,
                        const char *code, const char *msg)
{
    snprintf(op->status, sizeof(op->status), "%s", status);
    op->end_ms = ak_state_now(st);
    free(op->err_code);
    free(op->err_msg);
    op->err_code = ak_xstrdup(code);
    op->err_msg = ak_xstrdup(msg);
    op_reindex(st, node_of(op));
    ak_state_touch(st, AK_K_OP, op);
}

/* ------------------------------------------------------------------ deletion */

static void pool_detach(struct ak_state *st, struct ak_pool *p)
{
    struct ak_cluster *c = p->cluster;
    for (size_t i = 0; i < c->npools; i++)
        if (c->pools[i] == p) {
            memmove(&c->pools[i], &c->pools[i + 1], (c->npools - i - 1) * sizeof(c->pools[0]));
            c->npools--;
            break;
        }
    for (size_t i = 0; i < p->ninst; i++)
        ak_state_remove(st, AK_K_INST, p->inst[i]);
    /* the instances are now owned by the change list */
    p->ninst = 0;
}

void ak_state_pool_delete(struct ak_state *st, struct ak_pool *p)
{
    pool_detach(st, p);
    ak_state_remove(st, AK_K_POOL, p);
}

static void rg_detach(struct ak_state *st, struct ak_rg *rg)
{
    for (size_t i = 0; i < st->nrgs; i++)
        if (st->rgs[i] == rg) {
            memmove(&st->rgs[i], &st->rgs[i + 1], (st->nrgs - i - 1) * sizeof(st->rgs[0]));
            st->nrgs--;
            break;
        }
}

void ak_state_cluster_delete(struct ak_state *st, struct ak_cluster *c)
{
    while (c->npools > 0)
        ak_state_pool_delete(st, c->pools[c->npools - 1]);
    struct ak_rg *rg = c->rg;
    for (size_t i = 0; i < rg->nclusters; i++)
        if (rg->clusters[i] == c) {
            memmove(&rg->clusters[i], &rg->clusters[i + 1],
                    (rg->nclusters - i - 1) * sizeof(rg->clusters[0]));
            rg->nclusters--;
            break;
        }
    /* the node resource group goes with the cluster */
    struct ak_rg *nrg = ak_state_rg(st, rg->sub, c->node_rg);
    if (nrg && ak_strieq(nrg->managed_by, c->id))
        ak_state_rg_delete(st, nrg);
    ak_state_remove(st, AK_K_CLUSTER, c);
}

void ak_state_rg_delete(struct ak_state *st, struct ak_rg *rg)
{
    while (rg->nclusters > 0)
        ak_state_cluster_delete(st, rg->clusters[rg->nclusters - 1]);
    rg_detach(st, rg);
    ak_state_remove(st, AK_K_RG, rg);
}

void ak_state_cluster_counts(const struct ak_cluster *c, const struct ak_pool *except,
                             int *pools, int *system_pools, int *nodes)
{
    int np = 0, ns = 0, nn = 0;
    for (size_t i = 0; i < c->npools; i++) {
        const struct ak_pool *p = c->pools[i];
        if (p == except || strcmp(p->prov_state, "Deleting") == 0)
            continue;
        np++;
        if (ak_pool_is_system(&p->spec))
            ns++;
        nn += p->spec.count;
    }
    if (pools)
        *pools = np;
    if (system_pools)
        *system_pools = ns;
    if (nodes)
        *nodes = nn;
}

/* Pops the finished operations that ended long enough ago, and beyond the newest
 * max_finished the oldest, off the end-time heap and removes them in creation order:
 * O(collected x log n). */
void ak_state_gc_ops(struct ak_state *st, int64_t older_than_ms, size_t max_finished)
{
    int64_t now = ak_state_now(st);
    struct op_heap *h = &st->op_done;
    size_t k = 0;
    while (h->n > 0 && (h->n > max_finished || h->v[0]->op.end_ms + older_than_ms < now)) {
        struct op_node *n = h->v[0];
        heap_remove(n);
        scratch_push(st, &k, n);
    }
    scratch_sort(st, k);
    for (size_t i = 0; i < k; i++) {
        struct op_node *n = st->op_scratch[i];
        op_unlink(st, n);
        ak_state_remove(st, AK_K_OP, &n->op); /* freed at commit */
    }
}

/* ------------------------------------------------------------------ op completion */

static void set_state(char *dst, size_t n, const char *v)
{
    snprintf(dst, n, "%s", v);
}
#define SET(f, v) set_state((f), sizeof(f), (v))

/* The instances reach their goal: new ones run, removed ones go away. */
static void instances_settle(struct ak_state *st, struct ak_pool *p)
{
    for (size_t i = 0; i < p->ninst;) {
        struct ak_instance *in = p->inst[i];
        if (strcmp(in->prov_state, "Deleting") == 0) {
            memmove(&p->inst[i], &p->inst[i + 1], (p->ninst - i - 1) * sizeof(p->inst[0]));
            p->ninst--;
            ak_state_remove(st, AK_K_INST, in);
            continue;
        }
        if (strcmp(in->power, "deallocating") == 0) {
            SET(in->prov_state, "Succeeded");
            SET(in->power, "deallocated");
            in->down_ms = ak_state_now(st);
            ak_state_touch(st, AK_K_INST, in);
        } else if (strcmp(in->power, "deallocated") == 0) {
            /* parked */
        } else if (strcmp(in->prov_state, "Creating") == 0 &&
                   ak_starts_with(in->status_code, "ProvisioningState/failed/")) {
            /* its CSE failed: the VM runs, its kubelet never registers */
            SET(in->prov_state, "Failed");
            SET(in->power, "running");
            ak_state_touch(st, AK_K_INST, in);
        } else if (strcmp(in->prov_state, "Failed") == 0) {
            /* stays failed until deleted */
        } else if (strcmp(in->prov_state, "Succeeded") != 0 || strcmp(in->power, "running") != 0) {
            SET(in->prov_state, "Succeeded");
            SET(in->power, "running");
            if (!in->fault[0])
                in->down_ms = 0;
            ak_state_touch(st, AK_K_INST, in);
        }
        i++;
    }
}

/* The pool reaches its goal. */
static void pool_settle(struct ak_state *st, struct ak_pool *p)
{
    instances_settle(st, p);
    SET(p->prov_state, "Succeeded");
    ak_free_ptr(&p->op_id);
    ak_state_touch(st, AK_K_POOL, p);
}

/* The cluster autoscaler's scale set operation completes: AKS's agent pool is not being
 * operated on (its provisioning state stays), only the scale set's instances change. When a
 * user's operation on the pool runs meanwhile, that one settles every instance. */
static void autoscale_settle(struct ak_state *st, struct ak_pool *p, struct ak_op *op)
{
    if (p->op_id) {
        ak_state_op_finish(st, op, "Succeeded", NULL, NULL);
        return;
    }
    instances_settle(st, p);
    ak_state_touch(st, AK_K_POOL, p);
    ak_state_op_finish(st, op, "Succeeded", NULL, NULL);
}

static void *find_target(struct ak_state *st, const char *target, enum ak_kind *kind)
{
    for (size_t i = 0; i < st->nrgs; i++) {
        struct ak_rg *g = st->rgs[i];
        if (ak_strieq(g->id, target)) {
            *kind = AK_K_RG;
            return g;
        }
        for (size_t j = 0; j < g->nclusters; j++) {
            struct ak_cluster *c = g->clusters[j];
            if (ak_strieq(c->id, target)) {
                *kind = AK_K_CLUSTER;
                return c;
            }
            for (size_t k = 0; k < c->npools; k++)
                if (ak_strieq(c->pools[k]->id, target)) {
                    *kind = AK_K_POOL;
                    return c->pools[k];
                }
        }
    }
    return NULL;
}

static void complete_op(struct ak_state *st, struct ak_op *op)
{
    enum ak_kind kind;
    void *obj = find_target(st, op->target, &kind);
    if (!obj) {
        ak_state_op_finish(st, op, "Canceled", "OperationCanceled",
                           "The resource of this operation no longer exists.");
        return;
    }
    if (kind == AK_K_POOL && strcmp(op->kind, AK_OP_AUTOSCALE) == 0) {
        autoscale_settle(st, obj, op);
        return;
    }
    if (kind == AK_K_POOL) {
        struct ak_pool *p = obj;
        if (!ak_streq(p->op_id, op->id)) {
            ak_state_op_finish(st, op, "Canceled", "OperationPreempted",
                               "A later operation on the agent pool preempted this one.");
            return;
        }
        if (strcmp(op->kind, "pool.delete") == 0) {
            ak_log(AK_LOG_INFO, "ctrl", "agent pool %s deleted", p->id);
            ak_state_pool_delete(st, p);
        } else {
            bool removing = false;
            for (size_t i = 0; i < p->ninst && !removing; i++)
                removing = ak_state_instance_leaving(p->inst[i]);
            if (removing && st->gate) {
                int64_t retry = 0;
                char code[64] = "", msg[2048] = "";
                enum ak_gate g = st->gate(st->gate_ud, p, op, &retry, code, sizeof(code), msg, sizeof(msg));
                if (g == AK_GATE_WAIT) {
                    op->due_ms = retry > op->due_ms ? retry : op->due_ms + 1;
                    op_reindex(st, node_of(op));
                    ak_state_touch(st, AK_K_OP, op);
                    return;
                }
                if (g == AK_GATE_FAIL) {
                    int live = 0;
                    for (size_t i = 0; i < p->ninst; i++) {
                        struct ak_instance *in = p->inst[i];
                        if (ak_state_instance_leaving(in)) {
                            SET(in->prov_state, "Succeeded");
                            SET(in->power, "running");
                            ak_state_touch(st, AK_K_INST, in);
                        }
                        if (strcmp(in->prov_state, "Succeeded") == 0 || strcmp(in->prov_state, "Creating") == 0)
                            live++;
                    }
                    p->spec.count = live;
                    SET(p->prov_state, "Failed");
                    ak_free_ptr(&p->op_id);
                    ak_state_touch(st, AK_K_POOL, p);
                    ak_log(AK_LOG_WARN, "ctrl", "agent pool %s: %s", p->id, msg);
                    ak_state_op_finish(st, op, "Failed", code, msg);
                    return;
                }
            }
            struct ak_instance *failed = NULL;
            for (size_t i = 0; i < p->ninst && !failed; i++)
                if (strcmp(p->inst[i]->prov_state, "Creating") == 0 &&
                    ak_starts_with(p->inst[i]->status_code, "ProvisioningState/failed/"))
                    failed = p->inst[i];
            int64_t fid = failed ? failed->id : -1;
            pool_settle(st, p);
            if (fid >= 0) {
                char msg[1024];
                int ex = p->fault.fail_exit ? p->fault.fail_exit : 50;
                snprintf(msg, sizeof(msg),
                         "%sDetails: instance %lld has extension error details : {vmssCSE error "
                         "messages : {vmssCSE exit status=%d, output=}}",
                         ex == 50 ? "Unable to establish outbound connection from agents, please see "
                                    "https://aka.ms/aks-required-ports-and-addresses for more "
                                    "information. "
                                  : "Agent pool provisioning failed. ",
                         (long long)fid, ex);
                SET(p->prov_state, "Failed");
                ak_state_touch(st, AK_K_POOL, p);
                ak_log(AK_LOG_WARN, "ctrl", "agent pool %s: %s", p->id, msg);
                ak_state_op_finish(st, op, "Failed", "VMExtensionProvisioningError", msg);
                return;
            }
        }
    } else if (kind == AK_K_CLUSTER) {
        struct ak_cluster *c = obj;
        if (!ak_streq(c->op_id, op->id)) {
            ak_state_op_finish(st, op, "Canceled", "OperationPreempted",
                               "A later operation on the cluster preempted this one.");
            return;
        }
        if (strcmp(op->kind, "cluster.delete") == 0) {
            ak_log(AK_LOG_INFO, "ctrl", "managed cluster %s deleted", c->id);
            ak_state_cluster_delete(st, c);
        } else {
            for (size_t i = 0; i < c->npools; i++)
                if (ak_streq(c->pools[i]->op_id, op->id))
                    pool_settle(st, c->pools[i]);
            SET(c->prov_state, "Succeeded");
            ak_free_ptr(&c->op_id);
            ak_state_touch(st, AK_K_CLUSTER, c);
        }
    } else if (kind == AK_K_RG) {
        struct ak_rg *g = obj;
        ak_log(AK_LOG_INFO, "ctrl", "resource group %s deleted", g->id);
        ak_state_rg_delete(st, g);
    }
    ak_state_op_finish(st, op, "Succeeded", NULL, NULL);
}

int64_t ak_state_store_retry_ms(const struct ak_state *st)
{
    return st->store_retry_ms;
}

int64_t ak_state_next_due(const struct ak_state *st)
{
    return st->op_running.n > 0 ? st->op_running.v[0]->op.due_ms : INT64_MAX;
}

/* Fills the scratch array with the in-progress operations due at `now`, in creation order:
 * a walk of the due-time heap that stops below every operation not yet due, O(due). */
static size_t collect_due(struct ak_state *st, int64_t now)
{
    const struct op_heap *h = &st->op_running;
    size_t k = 0;
    if (h->n == 0 || h->v[0]->op.due_ms > now)
        return 0;
    scratch_push(st, &k, h->v[0]);
    for (size_t j = 0; j < k; j++) {
        size_t c = 2 * st->op_scratch[j]->heap_at + 1;
        for (size_t end = c + 2; c < end && c < h->n; c++)
            if (h->v[c]->op.due_ms <= now)
                scratch_push(st, &k, h->v[c]);
    }
    scratch_sort(st, k);
    return k;
}

void ak_state_set_pool_gate(struct ak_state *st, ak_pool_gate_fn fn, void *ud)
{
    st->gate = fn;
    st->gate_ud = ud;
}

int64_t ak_state_run_due_ops(struct ak_state *st, struct ak_err *err)
{
    int64_t now = ak_state_now(st);
    /* in creation order: one completion can decide another's outcome (a resource group
     * whose delete completes first takes its cluster's pending update with it: Canceled) */
    size_t k = collect_due(st, now);
    for (size_t i = 0; i < k; i++) {
        struct ak_op *op = &st->op_scratch[i]->op;
        if (strcmp(op->status, "InProgress") == 0 && op->due_ms <= now)
            complete_op(st, op);
    }
    ak_state_gc_ops(st, st->cfg.op_retention_ms > 0 ? st->cfg.op_retention_ms : AK_OP_RETENTION_MS,
                    st->cfg.op_max_finished > 0 ? st->cfg.op_max_finished : AK_OP_MAX_FINISHED);
    if (ak_state_commit(st, err) != 0)
        ak_log(AK_LOG_ERROR, "ctrl", "could not store operation results: %s", err->message);
    return ak_state_next_due(st);
}

/* ------------------------------------------------------------------ loading */

struct load_ctx {
    struct ak_state *st;
    struct ak_pool *last_pool; /* instances arrive sorted by key, grouped by pool */
    char *last_pool_key;
    int errors;
};

static char *dup_str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? ak_xstrdup(s) : NULL;
}

static void copy_str(char *dst, size_t n, const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    snprintf(dst, n, "%s", s ? s : "");
}

static json_t *get_obj(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_null(v) || !v ? NULL : json_incref(v);
}

static int load_rg(struct load_ctx *lc, json_t *o)
{
    const char *sub = json_string_value(json_object_get(o, "sub"));
    const char *name = json_string_value(json_object_get(o, "name"));
    const char *loc = json_string_value(json_object_get(o, "location"));
    if (!sub || !name || !loc)
        return -1;
    struct ak_rg *rg = ak_xcalloc(1, sizeof(*rg));
    rg->sub = ak_xstrdup(sub);
    rg->name = ak_xstrdup(name);
    rg->id = ak_xasprintf("/subscriptions/%s/resourceGroups/%s", sub, name);
    rg->location = ak_xstrdup(loc);
    rg->tags = get_obj(o, "tags");
    rg->managed_by = dup_str(o, "managedBy");
    copy_str(rg->prov_state, sizeof(rg->prov_state), o, "provisioningState");
    rg->op_id = dup_str(o, "opId");
    AK_GROW(lc->st->rgs, lc->st->nrgs + 1, lc->st->caprgs);
    lc->st->rgs[lc->st->nrgs++] = rg;
    return 0;
}

static struct ak_rg *rg_by_id(struct ak_state *st, const char *id)
{
    for (size_t i = 0; i < st->nrgs; i++)
        if (ak_strieq(st->rgs[i]->id, id))
            return st->rgs[i];
    return NULL;
}

static int load_cluster(struct load_ctx *lc, json_t *o)
{
    const char *rgid = json_string_value(json_object_get(o, "rg"));
    struct ak_rg *rg = rgid ? rg_by_id(lc->st, rgid) : NULL;
    const char *name = json_string_value(json_object_get(o, "name"));
    if (!rg || !name)
        return -1;
    struct ak_cluster *c = ak_xcalloc(1, sizeof(*c));
    c->rg = rg;
    c->name = ak_xstrdup(name);
    c->id = ak_xasprintf("/subscriptions/%s/resourcegroups/%s/providers/"
                         "Microsoft.ContainerService/managedClusters/%s",
                         rg->sub, rg->name, name);
    c->location = dup_str(o, "location");
    c->node_rg = dup_str(o, "nodeResourceGroup");
    c->k8s_version = dup_str(o, "kubernetesVersion");
    c->dns_prefix = dup_str(o, "dnsPrefix");
    c->fqdn = dup_str(o, "fqdn");
    c->portal_fqdn = dup_str(o, "portalFqdn");
    copy_str(c->prov_state, sizeof(c->prov_state), o, "provisioningState");
    copy_str(c->power, sizeof(c->power), o, "power");
    c->op_id = dup_str(o, "opId");
    c->tags = get_obj(o, "tags");
    c->props = get_obj(o, "props");
    c->identity = get_obj(o, "identity");
    c->sku = get_obj(o, "sku");
    copy_str(c->kube_id, sizeof(c->kube_id), o, "kubeId");
    copy_str(c->user_token, sizeof(c->user_token), o, "userToken");
    copy_str(c->admin_token, sizeof(c->admin_token), o, "adminToken");
    copy_str(c->principal_id, sizeof(c->principal_id), o, "principalId");
    copy_str(c->kubelet_client_id, sizeof(c->kubelet_client_id), o, "kubeletClientId");
    copy_str(c->kubelet_object_id, sizeof(c->kubelet_object_id), o, "kubeletObjectId");
    c->created_ms = json_integer_value(json_object_get(o, "created"));
    AK_GROW(rg->clusters, rg->nclusters + 1, rg->capclusters);
    rg->clusters[rg->nclusters++] = c;
    return 0;
}

static struct ak_cluster *cluster_by_id(struct ak_state *st, const char *id)
{
    for (size_t i = 0; i < st->nrgs; i++)
        for (size_t j = 0; j < st->rgs[i]->nclusters; j++)
            if (ak_strieq(st->rgs[i]->clusters[j]->id, id))
                return st->rgs[i]->clusters[j];
    return NULL;
}

static int load_pool(struct load_ctx *lc, json_t *o)
{
    const char *cid = json_string_value(json_object_get(o, "cluster"));
    struct ak_cluster *c = cid ? cluster_by_id(lc->st, cid) : NULL;
    const char *name = json_string_value(json_object_get(o, "name"));
    if (!c || !name)
        return -1;
    struct ak_pool *p = ak_xcalloc(1, sizeof(*p));
    p->touch_gen = ++lc->st->generation; /* not stored: new after a load */
    p->cluster = c;
    p->name = ak_xstrdup(name);
    p->id = ak_xasprintf("%s/agentPools/%s", c->id, name);
    copy_str(p->suffix, sizeof(p->suffix), o, "suffix");
    ak_vmss_name(name, p->suffix, p->vmss_name, sizeof(p->vmss_name));
    struct ak_err err;
    ak_pool_spec_init(&p->spec);
    if (ak_codec_pool_spec_decode(json_object_get(o, "props"), &p->spec, &p->extra, &err) != 0) {
        pool_free(p);
        return -1;
    }
    p->spec.name = ak_xstrdup(name);
    p->spec.has_count = true;
    copy_str(p->prov_state, sizeof(p->prov_state), o, "provisioningState");
    p->op_id = dup_str(o, "opId");
    copy_str(p->vmss_unique_id, sizeof(p->vmss_unique_id), o, "vmssUniqueId");
    copy_str(p->create_op_id, sizeof(p->create_op_id), o, "createOpId");
    p->created_ms = json_integer_value(json_object_get(o, "created"));
    p->next_instance_id = json_integer_value(json_object_get(o, "nextInstanceId"));
    json_t *fj = json_object_get(o, "faults");
    if (json_is_object(fj)) {
        struct ak_pool_faults *f = &p->fault;
        f->fail_next = (int)json_integer_value(json_object_get(fj, "failNext"));
        f->fail_exit = (int)json_integer_value(json_object_get(fj, "failExit"));
        f->slow_ms = json_integer_value(json_object_get(fj, "slowMs"));
        f->evict_per_hour = json_number_value(json_object_get(fj, "evictPerHour"));
        f->price_step_ms = json_integer_value(json_object_get(fj, "priceStepMs"));
        f->price_start_ms = json_integer_value(json_object_get(fj, "priceStartMs"));
        json_t *pa = json_object_get(fj, "prices");
        f->nprices = json_array_size(pa);
        f->prices = f->nprices ? ak_xcalloc(f->nprices, sizeof(double)) : NULL;
        for (size_t i = 0; i < f->nprices; i++)
            f->prices[i] = json_number_value(json_array_get(pa, i));
    }
    AK_GROW(c->pools, c->npools + 1, c->cappools);
    c->pools[c->npools++] = p;
    return 0;
}

static struct ak_pool *pool_by_key(struct load_ctx *lc, const char *key)
{
    /* key = "<pool id lower>/<instance id>" */
    const char *slash = strrchr(key, '/');
    if (!slash)
        return NULL;
    size_t plen = (size_t)(slash - key);
    if (lc->last_pool_key && strlen(lc->last_pool_key) == plen &&
        strncmp(lc->last_pool_key, key, plen) == 0)
        return lc->last_pool;
    struct ak_state *st = lc->st;
    for (size_t i = 0; i < st->nrgs; i++)
        for (size_t j = 0; j < st->rgs[i]->nclusters; j++) {
            struct ak_cluster *c = st->rgs[i]->clusters[j];
            for (size_t k = 0; k < c->npools; k++)
                if (strlen(c->pools[k]->id) == plen &&
                    ak_strnieq(c->pools[k]->id, key, plen)) {
                    free(lc->last_pool_key);
                    lc->last_pool_key = ak_xstrndup(key, plen);
                    lc->last_pool = c->pools[k];
                    return c->pools[k];
                }
        }
    return NULL;
}

static int load_inst(struct load_ctx *lc, const char *key, json_t *o)
{
    struct ak_pool *p = pool_by_key(lc, key);
    if (!p)
        return -1;
    struct ak_instance *in = ak_xcalloc(1, sizeof(*in));
    in->touch_gen = ++lc->st->generation;
    in->pool = p;
    in->id = json_integer_value(json_object_get(o, "id"));
    copy_str(in->vm_id, sizeof(in->vm_id), o, "vmId");
    copy_str(in->prov_state, sizeof(in->prov_state), o, "prov");
    copy_str(in->power, sizeof(in->power), o, "power");
    in->created_ms = json_integer_value(json_object_get(o, "created"));
    copy_str(in->zone, sizeof(in->zone), o, "zone");
    in->fault_domain = (int)json_integer_value(json_object_get(o, "fd"));
    in->down_ms = json_integer_value(json_object_get(o, "down"));
    copy_str(in->fault, sizeof(in->fault), o, "fault");
    in->evict_at_ms = json_integer_value(json_object_get(o, "evictAt"));
    copy_str(in->event_id, sizeof(in->event_id), o, "eventId");
    copy_str(in->event_type, sizeof(in->event_type), o, "eventType");
    copy_str(in->status_code, sizeof(in->status_code), o, "statusCode");
    copy_str(in->status_msg, sizeof(in->status_msg), o, "statusMsg");
    in->disk_data = json_integer_value(json_object_get(o, "diskData"));
    in->disk_fill = json_integer_value(json_object_get(o, "diskFill"));
    in->disk_gc = json_is_true(json_object_get(o, "diskGc"));
    in->disk_full = json_is_true(json_object_get(o, "diskFull"));
    AK_GROW(p->inst, p->ninst + 1, p->capinst);
    p->inst[p->ninst++] = in;
    return 0;
}

static int load_op(struct load_ctx *lc, json_t *o)
{
    struct op_node *n = ak_xcalloc(1, sizeof(*n));
    struct ak_op *op = &n->op;
    copy_str(op->id, sizeof(op->id), o, "id");
    copy_str(op->kind, sizeof(op->kind), o, "kind");
    op->target = dup_str(o, "target");
    op->location = dup_str(o, "location");
    copy_str(op->status, sizeof(op->status), o, "status");
    op->start_ms = json_integer_value(json_object_get(o, "start"));
    op->end_ms = json_integer_value(json_object_get(o, "end"));
    op->due_ms = json_integer_value(json_object_get(o, "due"));
    op->err_code = dup_str(o, "errCode");
    op->err_msg = dup_str(o, "errMsg");
    op_insert(lc->st, n);
    return 0;
}

static int sort_inst(const void *a, const void *b)
{
    const struct ak_instance *x = *(struct ak_instance *const *)a;
    const struct ak_instance *y = *(struct ak_instance *const *)b;
    return x->id < y->id ? -1 : x->id > y->id ? 1 : 0;
}

static int load_cb(void *ud, const char *kind, const char *key, const char *val, size_t len)
{
    struct load_ctx *lc = ud;
    json_error_t jerr;
    json_t *o = json_loadb(val, len, 0, &jerr);
    if (!o) {
        ak_log(AK_LOG_ERROR, "state", "stored %s %s is not JSON: %s", kind, key, jerr.text);
        lc->errors++;
        return 0;
    }
    int rc = 0;
    if (strcmp(kind, "rg") == 0)
        rc = load_rg(lc, o);
    else if (strcmp(kind, "cluster") == 0)
        rc = load_cluster(lc, o);
    else if (strcmp(kind, "pool") == 0)
        rc = load_pool(lc, o);
    else if (strcmp(kind, "inst") == 0)
        rc = load_inst(lc, key, o);
    else if (strcmp(kind, "op") == 0)
        rc = load_op(lc, o);
    else if (strcmp(kind, "meta") == 0)
        lc->st->revision = (uint64_t)json_integer_value(json_object_get(o, "revision"));
    if (rc != 0) {
        ak_log(AK_LOG_ERROR, "state", "stored %s %s could not be loaded (orphaned or malformed)",
               kind, key);
        lc->errors++;
    }
    json_decref(o);
    return 0;
}

int ak_state_load(struct ak_state *st, struct ak_err *err)
{
    clear_changes(st, true);
    free_world(st);
    struct load_ctx lc = {st, NULL, NULL, 0};
    static const char *const order[] = {"meta", "rg", "cluster", "pool", "inst", "op"};
    for (size_t i = 0; i < AK_ARRAY_LEN(order); i++) {
        int rc = ak_store_load(st->store, order[i], load_cb, &lc);
        if (rc != 0) {
            free(lc.last_pool_key);
            return ak_err_set(err, 500, "StoreLoadFailed", "loading %s failed: %s", order[i],
                              st->store->errmsg);
        }
    }
    free(lc.last_pool_key);
    for (size_t i = 0; i < st->nrgs; i++)
        for (size_t j = 0; j < st->rgs[i]->nclusters; j++) {
            struct ak_cluster *c = st->rgs[i]->clusters[j];
            for (size_t k = 0; k < c->npools; k++)
                if (c->pools[k]->ninst > 1) /* a pool of 0 instances has no array */
                    qsort(c->pools[k]->inst, c->pools[k]->ninst, sizeof(struct ak_instance *),
                          sort_inst);
        }
    if (lc.errors)
        ak_log(AK_LOG_WARN, "state", "%d stored objects were skipped", lc.errors);
    return 0;
}
