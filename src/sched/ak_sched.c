/* ak_sched.c - the scheduler's tables: node slots (struct of arrays), interned label keys,
 * values and (key,value) pairs with their node lists, taint ids and bits, extended resource
 * columns, per-node pod records and the resource sums. Scheduling itself is ak_sched_run.c. */
#include "ak_sched.h"

#include <stdlib.h>
#include <string.h>

#include "ak_sched_int.h"
#include "../util/ak_err.h"
#include "../util/ak_mem.h"
#include "../util/ak_rand.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

static const char ak_tomb_[1];
#define TOMB (ak_tomb_)

/* ---- string map --------------------------------------------------------------------------------- */

static uint64_t str_hash(const char *s)
{
    return ak_hash64(s, strlen(s));
}

static void smap_release(struct ak_smap *m)
{
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof(*m));
}

static uint32_t smap_slot(const struct ak_smap *m, const char *k, bool *found)
{
    uint32_t mask = m->cap - 1, i = (uint32_t)str_hash(k) & mask, first_tomb = UINT32_MAX;
    for (;;) {
        const char *e = m->key[i];
        if (e == NULL) {
            *found = false;
            return first_tomb != UINT32_MAX ? first_tomb : i;
        }
        if (e == TOMB) {
            if (first_tomb == UINT32_MAX)
                first_tomb = i;
        } else if (strcmp(e, k) == 0) {
            *found = true;
            return i;
        }
        i = (i + 1) & mask;
    }
}

uint32_t ak_smap_get(const struct ak_smap *m, const char *k)
{
    if (m->cap == 0)
        return 0;
    bool found;
    uint32_t i = smap_slot(m, k, &found);
    return found ? m->val[i] : 0;
}

static void smap_put(struct ak_smap *m, const char *k, uint32_t v);

static void smap_grow(struct ak_smap *m)
{
    struct ak_smap old = *m;
    uint32_t cap = old.cap ? old.cap : 16;
    while ((old.n + 1) * 2 > cap)
        cap *= 2;
    m->cap = cap;
    m->key = ak_xcalloc(cap, sizeof(*m->key));
    m->val = ak_xcalloc(cap, sizeof(*m->val));
    m->n = m->used = 0;
    for (uint32_t i = 0; i < old.cap; i++)
        if (old.key[i] && old.key[i] != TOMB)
            smap_put(m, old.key[i], old.val[i]);
    free(old.key);
    free(old.val);
}

/* k is borrowed and must outlive the entry */
static void smap_put(struct ak_smap *m, const char *k, uint32_t v)
{
    if (m->cap == 0 || (m->used + 1) * 4 > m->cap * 3)
        smap_grow(m);
    bool found;
    uint32_t i = smap_slot(m, k, &found);
    if (!found) {
        if (m->key[i] == NULL)
            m->used++;
        m->n++;
    }
    m->key[i] = k;
    m->val[i] = v;
}

static void smap_del(struct ak_smap *m, const char *k)
{
    if (m->cap == 0)
        return;
    bool found;
    uint32_t i = smap_slot(m, k, &found);
    if (found) {
        m->key[i] = TOMB;
        m->n--;
    }
}

/* ---- interning ------------------------------------------------------------------------------------ */

static void itab_release(struct ak_itab *t)
{
    for (uint32_t i = 1; i < t->n; i++)
        free(t->str[i]);
    free(t->str);
    smap_release(&t->map);
    memset(t, 0, sizeof(*t));
}

uint32_t ak_itab_find(const struct ak_itab *t, const char *s)
{
    return ak_smap_get(&t->map, s);
}

uint32_t ak_itab_intern(struct ak_itab *t, const char *s)
{
    uint32_t id = ak_smap_get(&t->map, s);
    if (id)
        return id;
    if (t->n == 0) {
        AK_GROW(t->str, 1, t->cap);
        t->str[0] = NULL;
        t->n = 1;
    }
    AK_GROW(t->str, t->n + 1, t->cap);
    id = t->n++;
    t->str[id] = ak_xstrdup(s);
    smap_put(&t->map, t->str[id], id);
    return id;
}

/* ---- effects ---------------------------------------------------------------------------------------- */

uint8_t ak_sched_effect_parse(const char *e)
{
    if (e == NULL || *e == '\0')
        return 0;
    if (strcmp(e, "NoSchedule") == 0)
        return AK_SCHED_EFFECT_NO_SCHEDULE;
    if (strcmp(e, "PreferNoSchedule") == 0)
        return AK_SCHED_EFFECT_PREFER_NO_SCHEDULE;
    if (strcmp(e, "NoExecute") == 0)
        return AK_SCHED_EFFECT_NO_EXECUTE;
    return 8;
}

/* ---- lifecycle ----------------------------------------------------------------------------------------- */

void ak_sched_opts_init(struct ak_sched_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->nodes_to_score = AK_SCHED_SCORE_ALL;
    o->percentage = 0;
    o->seed = 1;
    o->balanced_skip_best_effort = true;
    o->min_candidate_pct = 10;
    o->min_candidate_abs = 100;
}

static void add_taint_words(struct ak_sched *s, uint32_t n_words)
{
    while (s->n_tw < n_words) {
        s->tw = ak_xreallocarray(s->tw, s->n_tw + 1, sizeof(*s->tw));
        s->tw[s->n_tw] = ak_xcalloc(s->cap ? s->cap : 1, sizeof(uint64_t));
        /* dead slots carry the DEAD bit in word 0 only */
        s->n_tw++;
    }
}

struct ak_sched *ak_sched_new(const struct ak_sched_opts *opts)
{
    struct ak_sched *s = ak_xcalloc(1, sizeof(*s));
    if (opts)
        s->opts = *opts;
    else
        ak_sched_opts_init(&s->opts);
    if (s->opts.min_candidate_pct <= 0)
        s->opts.min_candidate_pct = 10;
    if (s->opts.min_candidate_abs <= 0)
        s->opts.min_candidate_abs = 100;
    ak_rand_seed(&s->rng, s->opts.seed);
    /* pseudo taints: spec.unschedulable and "no node in this slot" */
    s->cap_tids = 8;
    s->taints = ak_xcalloc(s->cap_tids, sizeof(*s->taints));
    s->taints[TAINT_UNSCHED].key = ak_xstrdup("node.kubernetes.io/unschedulable");
    s->taints[TAINT_UNSCHED].value = ak_xstrdup("");
    s->taints[TAINT_UNSCHED].eff = AK_SCHED_EFFECT_NO_SCHEDULE;
    s->taints[TAINT_UNSCHED].ref = 1;
    s->taints[TAINT_UNSCHED].khash = str_hash(s->taints[TAINT_UNSCHED].key);
    s->taints[TAINT_DEAD].key = ak_xstrdup("");
    s->taints[TAINT_DEAD].value = ak_xstrdup("");
    s->taints[TAINT_DEAD].eff = AK_SCHED_EFFECT_NO_SCHEDULE;
    s->taints[TAINT_DEAD].ref = 1;
    s->n_tids = TAINT_FIRST;
    add_taint_words(s, 1);
    s->n_pairs = 1;
    return s;
}

static void naux_release(struct ak_naux *a)
{
    free(a->lab);
    free(a->tnt);
    for (uint32_t i = 0; i < a->n_pods; i++)
        free(a->pods[i].ext);
    free(a->pods);
    memset(a, 0, sizeof(*a));
}

void ak_sched_free(struct ak_sched *s)
{
    if (s == NULL)
        return;
    for (uint32_t i = 0; i < s->n_slots; i++) {
        free(s->name[i]);
        naux_release(&s->aux[i]);
    }
    free(s->free_slots);
    free(s->name);
    free(s->live);
    free(s->unsched);
    free(s->ready);
    free(s->alloc_cpu);
    free(s->alloc_mem);
    free(s->alloc_eph);
    free(s->alloc_pods);
    free(s->req_cpu);
    free(s->req_mem);
    free(s->req_eph);
    free(s->npods);
    free(s->nz_cpu);
    free(s->nz_mem);
    free(s->inv_cpu);
    free(s->inv_mem);
    free(s->min_prio);
    for (uint32_t w = 0; w < s->n_tw; w++)
        free(s->tw[w]);
    free(s->tw);
    free(s->aux);
    smap_release(&s->names);
    for (uint32_t k = 0; k < s->keys.n; k++)
        free(s->col ? s->col[k] : NULL);
    free(s->col);
    itab_release(&s->keys);
    itab_release(&s->vals);
    free(s->val_num);
    free(s->val_isnum);
    free(s->pair_hkey);
    free(s->pair_hval);
    free(s->pair_kid);
    free(s->pair_vid);
    for (uint32_t p = 0; p < s->n_pairs && s->post; p++)
        free(s->post[p].ids);
    free(s->post);
    for (uint32_t t = 0; t < s->n_tids; t++) {
        free(s->taints[t].key);
        free(s->taints[t].value);
        free(s->taints[t].text);
    }
    free(s->taints);
    for (uint32_t r = 0; r < s->exts.n; r++) {
        free(s->ext_alloc ? s->ext_alloc[r] : NULL);
        free(s->ext_req ? s->ext_req[r] : NULL);
    }
    free(s->ext_alloc);
    free(s->ext_req);
    itab_release(&s->exts);
    free(s->c_ext_rid);
    free(s->c_ext_qty);
    free(s->c_untol_hard);
    free(s->c_untol_pref);
    free(s->c_sel_kid);
    free(s->c_sel_vid);
    free(s->c_sel_pid);
    free(s->c_exprs);
    free(s->c_fields);
    free(s->c_vids);
    free(s->c_terms);
    free(s->c_pf);
    free(s->c_tolhash);
    free(s->c_toleff);
    free(s->feas);
    free(s->sc_base);
    free(s->sc_tt);
    free(s->sc_na);
    free(s->pot);
    free(s->mark);
    free(s->h_tnt);
    free(s->h_ext);
    free(s->v_idx);
    free(s->v_ids);
    free(s->v_viol);
    free(s->cv);
    free(s->cands);
    free(s);
}

/* ---- columns ------------------------------------------------------------------------------------------ */

#define GROW_COL(p, ncap) ((p) = ak_xreallocarray((p), (ncap), sizeof(*(p))))

static void grow_slots(struct ak_sched *s, uint32_t need)
{
    if (need <= s->cap)
        return;
    uint32_t old = s->cap, nc = s->cap ? s->cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    GROW_COL(s->name, nc);
    GROW_COL(s->live, nc);
    GROW_COL(s->unsched, nc);
    GROW_COL(s->ready, nc);
    GROW_COL(s->alloc_cpu, nc);
    GROW_COL(s->alloc_mem, nc);
    GROW_COL(s->alloc_eph, nc);
    GROW_COL(s->alloc_pods, nc);
    GROW_COL(s->req_cpu, nc);
    GROW_COL(s->req_mem, nc);
    GROW_COL(s->req_eph, nc);
    GROW_COL(s->npods, nc);
    GROW_COL(s->nz_cpu, nc);
    GROW_COL(s->nz_mem, nc);
    GROW_COL(s->inv_cpu, nc);
    GROW_COL(s->inv_mem, nc);
    GROW_COL(s->min_prio, nc);
    GROW_COL(s->aux, nc);
    for (uint32_t w = 0; w < s->n_tw; w++) {
        GROW_COL(s->tw[w], nc);
        memset(s->tw[w] + old, 0, (nc - old) * sizeof(uint64_t));
    }
    for (uint32_t k = 1; k < s->keys.n; k++) {
        GROW_COL(s->col[k], nc);
        memset(s->col[k] + old, 0, (nc - old) * sizeof(uint32_t));
    }
    for (uint32_t r = 1; r < s->exts.n; r++) {
        GROW_COL(s->ext_alloc[r], nc);
        GROW_COL(s->ext_req[r], nc);
        memset(s->ext_alloc[r] + old, 0, (nc - old) * sizeof(int64_t));
        memset(s->ext_req[r] + old, 0, (nc - old) * sizeof(int64_t));
    }
    memset(s->aux + old, 0, (nc - old) * sizeof(*s->aux));
    memset(s->name + old, 0, (nc - old) * sizeof(*s->name));
    s->cap = nc;
}

static uint32_t key_intern(struct ak_sched *s, const char *k)
{
    uint32_t kid = ak_itab_intern(&s->keys, k);
    if (kid >= s->cap_col) {
        uint32_t nc = s->cap_col ? s->cap_col * 2 : 32;
        while (nc <= kid)
            nc *= 2;
        s->col = ak_xreallocarray(s->col, nc, sizeof(*s->col));
        memset(s->col + s->cap_col, 0, (nc - s->cap_col) * sizeof(*s->col));
        s->cap_col = nc;
    }
    if (s->col[kid] == NULL)
        s->col[kid] = ak_xcalloc(s->cap ? s->cap : 1, sizeof(uint32_t));
    return kid;
}

static uint32_t val_intern(struct ak_sched *s, const char *v)
{
    uint32_t vid = ak_itab_intern(&s->vals, v);
    if (vid >= s->cap_valnum) {
        uint32_t nc = s->cap_valnum ? s->cap_valnum * 2 : 64;
        while (nc <= vid)
            nc *= 2;
        s->val_num = ak_xreallocarray(s->val_num, nc, sizeof(*s->val_num));
        s->val_isnum = ak_xreallocarray(s->val_isnum, nc, sizeof(*s->val_isnum));
        memset(s->val_isnum + s->cap_valnum, 0, nc - s->cap_valnum);
        s->cap_valnum = nc;
    }
    if (s->val_isnum[vid] == 0) { /* first sight: parse once */
        int64_t x;
        bool ok = ak_parse_i64(v, INT64_MIN, INT64_MAX, &x) == 0;
        s->val_num[vid] = ok ? x : 0;
        s->val_isnum[vid] = ok ? 1 : 3; /* 1 = integer, 3 = not an integer */
    }
    return vid;
}

uint32_t ak_sched_ext_intern(struct ak_sched *s, const char *name)
{
    uint32_t rid = ak_itab_intern(&s->exts, name);
    if (rid >= s->cap_extcols) {
        uint32_t nc = s->cap_extcols ? s->cap_extcols * 2 : 8;
        while (nc <= rid)
            nc *= 2;
        s->ext_alloc = ak_xreallocarray(s->ext_alloc, nc, sizeof(*s->ext_alloc));
        s->ext_req = ak_xreallocarray(s->ext_req, nc, sizeof(*s->ext_req));
        memset(s->ext_alloc + s->cap_extcols, 0, (nc - s->cap_extcols) * sizeof(*s->ext_alloc));
        memset(s->ext_req + s->cap_extcols, 0, (nc - s->cap_extcols) * sizeof(*s->ext_req));
        s->cap_extcols = nc;
    }
    if (s->ext_alloc[rid] == NULL) {
        s->ext_alloc[rid] = ak_xcalloc(s->cap ? s->cap : 1, sizeof(int64_t));
        s->ext_req[rid] = ak_xcalloc(s->cap ? s->cap : 1, sizeof(int64_t));
    }
    return rid;
}

/* ---- (key, value) pairs ---------------------------------------------------------------------------------- */

static uint64_t pair_code(uint32_t kid, uint32_t vid)
{
    return ((uint64_t)kid << 32 | vid) + 1;
}

static uint32_t pair_hash(uint64_t c, uint32_t mask)
{
    c *= 0x9e3779b97f4a7c15ull;
    return (uint32_t)(c >> 32) & mask;
}

uint32_t ak_sched_pair_find(const struct ak_sched *s, uint32_t kid, uint32_t vid)
{
    if (s->pair_hcap == 0 || kid == 0 || vid == 0)
        return 0;
    uint64_t c = pair_code(kid, vid);
    uint32_t mask = s->pair_hcap - 1;
    for (uint32_t i = pair_hash(c, mask);; i = (i + 1) & mask) {
        if (s->pair_hkey[i] == 0)
            return 0;
        if (s->pair_hkey[i] == c)
            return s->pair_hval[i];
    }
}

static void pair_hput(struct ak_sched *s, uint64_t c, uint32_t pid)
{
    uint32_t mask = s->pair_hcap - 1, i = pair_hash(c, mask);
    while (s->pair_hkey[i] != 0)
        i = (i + 1) & mask;
    s->pair_hkey[i] = c;
    s->pair_hval[i] = pid;
}

static uint32_t pair_intern(struct ak_sched *s, uint32_t kid, uint32_t vid)
{
    uint32_t pid = ak_sched_pair_find(s, kid, vid);
    if (pid)
        return pid;
    if ((s->n_pairs + 1) * 2 > s->pair_hcap) {
        uint32_t old = s->pair_hcap, nc = old ? old * 2 : 64;
        uint64_t *ok = s->pair_hkey;
        uint32_t *ov = s->pair_hval;
        s->pair_hkey = ak_xcalloc(nc, sizeof(uint64_t));
        s->pair_hval = ak_xcalloc(nc, sizeof(uint32_t));
        s->pair_hcap = nc;
        for (uint32_t i = 0; i < old; i++)
            if (ok[i])
                pair_hput(s, ok[i], ov[i]);
        free(ok);
        free(ov);
    }
    if (s->n_pairs + 1 > s->cap_pairs) {
        uint32_t nc = s->cap_pairs ? s->cap_pairs * 2 : 64;
        s->pair_kid = ak_xreallocarray(s->pair_kid, nc, sizeof(uint32_t));
        s->pair_vid = ak_xreallocarray(s->pair_vid, nc, sizeof(uint32_t));
        s->post = ak_xreallocarray(s->post, nc, sizeof(*s->post));
        memset(s->post + s->cap_pairs, 0, (nc - s->cap_pairs) * sizeof(*s->post));
        s->cap_pairs = nc;
    }
    pid = s->n_pairs++;
    s->pair_kid[pid] = kid;
    s->pair_vid[pid] = vid;
    pair_hput(s, pair_code(kid, vid), pid);
    return pid;
}

/* Node lists stay sorted; nodes are mostly added in slot order, so inserts are appends. */
static uint32_t posting_pos(const struct ak_posting *p, uint32_t slot)
{
    uint32_t lo = 0, hi = p->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->ids[mid] < slot)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void posting_add(struct ak_sched *s, uint32_t pid, uint32_t slot)
{
    struct ak_posting *p = &s->post[pid];
    uint32_t at = p->n && p->ids[p->n - 1] < slot ? p->n : posting_pos(p, slot);
    if (at < p->n && p->ids[at] == slot)
        return;
    AK_GROW(p->ids, p->n + 1, p->cap);
    memmove(p->ids + at + 1, p->ids + at, (p->n - at) * sizeof(uint32_t));
    p->ids[at] = slot;
    p->n++;
}

static void posting_del(struct ak_sched *s, uint32_t pid, uint32_t slot)
{
    struct ak_posting *p = &s->post[pid];
    uint32_t at = posting_pos(p, slot);
    if (at == p->n || p->ids[at] != slot)
        return;
    memmove(p->ids + at, p->ids + at + 1, (p->n - at - 1) * sizeof(uint32_t));
    p->n--;
}

/* ---- taints -------------------------------------------------------------------------------------------------- */

static uint32_t taint_intern(struct ak_sched *s, const char *key, const char *value, uint8_t eff)
{
    uint64_t kh = str_hash(key);
    uint32_t free_tid = 0;
    for (uint32_t t = TAINT_FIRST; t < s->n_tids; t++) {
        struct ak_taintrec *r = &s->taints[t];
        if (r->ref == 0) {
            if (!free_tid)
                free_tid = t;
            continue;
        }
        if (r->eff == eff && r->khash == kh && strcmp(r->key, key) == 0 &&
            strcmp(r->value, value) == 0)
            return t;
    }
    uint32_t t = free_tid;
    if (!t) {
        AK_GROW(s->taints, s->n_tids + 1, s->cap_tids);
        t = s->n_tids++;
        memset(&s->taints[t], 0, sizeof(s->taints[t]));
        add_taint_words(s, (s->n_tids + 63) / 64);
    }
    struct ak_taintrec *r = &s->taints[t];
    free(r->key);
    free(r->value);
    free(r->text);
    r->key = ak_xstrdup(key);
    r->value = ak_xstrdup(value);
    r->eff = eff;
    r->khash = kh;
    r->ref = 0;
    r->text = ak_xasprintf("node(s) had untolerated taint {%s: %s}", key, value);
    return t;
}

static inline void tbit_set(struct ak_sched *s, uint32_t slot, uint32_t tid)
{
    s->tw[tid >> 6][slot] |= 1ull << (tid & 63);
}

static inline void tbit_clear(struct ak_sched *s, uint32_t slot, uint32_t tid)
{
    s->tw[tid >> 6][slot] &= ~(1ull << (tid & 63));
}

/* ---- nodes ---------------------------------------------------------------------------------------------------- */

static bool qty_ok(int64_t q)
{
    return q >= 0 && q <= AK_SCHED_MAX_QTY;
}

static bool res_valid(const struct ak_sched_res *r)
{
    if (!qty_ok(r->cpu_m) || !qty_ok(r->mem) || !qty_ok(r->eph) || !qty_ok(r->pods))
        return false;
    for (size_t i = 0; i < r->n_ext; i++)
        if (r->ext[i].name == NULL || !qty_ok(r->ext[i].qty))
            return false;
    return true;
}

static void set_labels(struct ak_sched *s, uint32_t slot, const struct ak_kvs *labels)
{
    struct ak_naux *a = &s->aux[slot];
    size_t n = labels ? labels->n : 0;
    /* unchanged? (same pairs in the same order: the common heartbeat case) */
    bool same = n == a->n_lab;
    for (size_t i = 0; same && i < n; i++) {
        uint32_t kid = ak_itab_find(&s->keys, labels->v[i].key);
        uint32_t vid = kid ? ak_itab_find(&s->vals, labels->v[i].val ? labels->v[i].val : "") : 0;
        same = vid && ak_sched_pair_find(s, kid, vid) == a->lab[i];
    }
    if (same)
        return;
    for (uint32_t i = 0; i < a->n_lab; i++) {
        s->col[s->pair_kid[a->lab[i]]][slot] = 0;
        posting_del(s, a->lab[i], slot);
    }
    a->n_lab = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t kid = key_intern(s, labels->v[i].key);
        uint32_t vid = val_intern(s, labels->v[i].val ? labels->v[i].val : "");
        uint32_t pid = pair_intern(s, kid, vid);
        if (s->col[kid][slot]) { /* duplicate key in the input: the last one wins */
            for (uint32_t j = 0; j < a->n_lab; j++)
                if (s->pair_kid[a->lab[j]] == kid)
                    a->lab[j] = pid;
        } else {
            AK_GROW(a->lab, a->n_lab + 1, a->cap_lab);
            a->lab[a->n_lab++] = pid;
        }
        s->col[kid][slot] = vid;
    }
    for (uint32_t i = 0; i < a->n_lab; i++)
        posting_add(s, a->lab[i], slot);
}

static void set_taints(struct ak_sched *s, uint32_t slot, const struct ak_taint *taints,
                       size_t n_taints, bool unschedulable)
{
    struct ak_naux *a = &s->aux[slot];
    /* intern the new set first so that shared ids keep a reference */
    uint32_t *nt = ak_xcalloc(n_taints ? n_taints : 1, sizeof(uint32_t));
    uint32_t nn = 0;
    for (size_t i = 0; i < n_taints; i++) {
        uint32_t t = taint_intern(s, taints[i].key, taints[i].value,
                                  ak_sched_effect_parse(taints[i].effect));
        bool dup = false;
        for (uint32_t j = 0; j < nn; j++)
            dup |= nt[j] == t;
        if (!dup) {
            s->taints[t].ref++;
            nt[nn++] = t;
        }
    }
    for (uint32_t i = 0; i < a->n_tnt; i++) {
        tbit_clear(s, slot, a->tnt[i]);
        s->taints[a->tnt[i]].ref--;
    }
    AK_GROW(a->tnt, nn, a->cap_tnt);
    if (nn)
        memcpy(a->tnt, nt, nn * sizeof(uint32_t));
    a->n_tnt = nn;
    free(nt);
    for (uint32_t i = 0; i < nn; i++)
        tbit_set(s, slot, a->tnt[i]);
    if (unschedulable)
        tbit_set(s, slot, TAINT_UNSCHED);
    else
        tbit_clear(s, slot, TAINT_UNSCHED);
    tbit_clear(s, slot, TAINT_DEAD);
}

static void set_alloc(struct ak_sched *s, uint32_t slot, const struct ak_sched_res *r)
{
    s->alloc_cpu[slot] = r->cpu_m;
    s->alloc_mem[slot] = r->mem;
    s->alloc_eph[slot] = r->eph;
    s->alloc_pods[slot] = r->pods;
    s->inv_cpu[slot] = r->cpu_m ? 1.0 / (double)r->cpu_m : 0.0;
    s->inv_mem[slot] = r->mem ? 1.0 / (double)r->mem : 0.0;
    for (uint32_t x = 1; x < s->exts.n; x++)
        s->ext_alloc[x][slot] = 0;
    for (size_t i = 0; i < r->n_ext; i++) {
        uint32_t rid = ak_sched_ext_intern(s, r->ext[i].name);
        s->ext_alloc[rid][slot] = r->ext[i].qty;
    }
}

int32_t ak_sched_node_upsert(struct ak_sched *s, const char *name, const struct ak_kvs *labels,
                             const struct ak_taint *taints, size_t n_taints,
                             const struct ak_sched_res *allocatable, bool unschedulable,
                             bool ready)
{
    static const struct ak_sched_res zero = {0};
    if (name == NULL || *name == '\0')
        return AK_EINVAL;
    if (allocatable == NULL)
        allocatable = &zero;
    if (!res_valid(allocatable))
        return AK_EINVAL;
    for (size_t i = 0; i < n_taints; i++) {
        uint8_t e = ak_sched_effect_parse(taints[i].effect);
        if (e == 0 || e == 8)
            return AK_EINVAL;
    }
    uint32_t slot = ak_smap_get(&s->names, name);
    if (slot) {
        slot--;
    } else {
        if (s->n_free) {
            slot = s->free_slots[--s->n_free];
        } else {
            grow_slots(s, s->n_slots + 1);
            slot = s->n_slots++;
        }
        s->name[slot] = ak_xstrdup(name);
        smap_put(&s->names, s->name[slot], slot + 1);
        s->live[slot] = 1;
        s->req_cpu[slot] = s->req_mem[slot] = s->req_eph[slot] = s->npods[slot] = 0;
        s->nz_cpu[slot] = s->nz_mem[slot] = 0;
        s->min_prio[slot] = INT32_MAX;
        for (uint32_t x = 1; x < s->exts.n; x++)
            s->ext_req[x][slot] = 0;
        memset(&s->aux[slot], 0, sizeof(s->aux[slot]));
        for (uint32_t w = 0; w < s->n_tw; w++)
            s->tw[w][slot] = 0;
        s->n_live++;
    }
    s->unsched[slot] = unschedulable;
    s->ready[slot] = ready;
    set_alloc(s, slot, allocatable);
    set_labels(s, slot, labels);
    set_taints(s, slot, taints, n_taints, unschedulable);
    return (int32_t)slot;
}

static bool slot_ok(const struct ak_sched *s, int32_t node)
{
    return node >= 0 && (uint32_t)node < s->n_slots && s->live[node];
}

int ak_sched_node_remove(struct ak_sched *s, int32_t node)
{
    if (!slot_ok(s, node))
        return AK_ENOENT;
    uint32_t slot = (uint32_t)node;
    struct ak_naux *a = &s->aux[slot];
    for (uint32_t i = 0; i < a->n_lab; i++) {
        s->col[s->pair_kid[a->lab[i]]][slot] = 0;
        posting_del(s, a->lab[i], slot);
    }
    for (uint32_t i = 0; i < a->n_tnt; i++) {
        tbit_clear(s, slot, a->tnt[i]);
        s->taints[a->tnt[i]].ref--;
    }
    naux_release(a);
    for (uint32_t w = 0; w < s->n_tw; w++)
        s->tw[w][slot] = 0;
    tbit_set(s, slot, TAINT_DEAD);
    for (uint32_t x = 1; x < s->exts.n; x++)
        s->ext_alloc[x][slot] = s->ext_req[x][slot] = 0;
    s->alloc_cpu[slot] = s->alloc_mem[slot] = s->alloc_eph[slot] = s->alloc_pods[slot] = 0;
    s->req_cpu[slot] = s->req_mem[slot] = s->req_eph[slot] = s->npods[slot] = 0;
    s->nz_cpu[slot] = s->nz_mem[slot] = 0;
    s->inv_cpu[slot] = s->inv_mem[slot] = 0;
    s->min_prio[slot] = INT32_MAX;
    smap_del(&s->names, s->name[slot]);
    free(s->name[slot]);
    s->name[slot] = NULL;
    s->live[slot] = 0;
    s->unsched[slot] = 0;
    s->n_live--;
    AK_GROW(s->free_slots, s->n_free + 1, s->cap_free);
    s->free_slots[s->n_free++] = slot;
    return 0;
}

int32_t ak_sched_node_find(const struct ak_sched *s, const char *name)
{
    uint32_t v = name ? ak_smap_get(&s->names, name) : 0;
    return v ? (int32_t)(v - 1) : AK_ENOENT;
}

const char *ak_sched_node_name(const struct ak_sched *s, int32_t node)
{
    return slot_ok(s, node) ? s->name[node] : NULL;
}

size_t ak_sched_node_count(const struct ak_sched *s)
{
    return s->n_live;
}

int ak_sched_node_usage(const struct ak_sched *s, int32_t node, struct ak_sched_node_usage *out)
{
    if (!slot_ok(s, node))
        return AK_ENOENT;
    out->alloc_cpu_m = s->alloc_cpu[node];
    out->alloc_mem = s->alloc_mem[node];
    out->alloc_eph = s->alloc_eph[node];
    out->alloc_pods = s->alloc_pods[node];
    out->req_cpu_m = s->req_cpu[node];
    out->req_mem = s->req_mem[node];
    out->req_eph = s->req_eph[node];
    out->pods = s->npods[node];
    out->nz_cpu_m = s->nz_cpu[node];
    out->nz_mem = s->nz_mem[node];
    out->unschedulable = s->unsched[node];
    out->ready = s->ready[node];
    return 0;
}

int ak_sched_node_ext(const struct ak_sched *s, int32_t node, const char *name, int64_t *alloc,
                      int64_t *requested)
{
    if (!slot_ok(s, node))
        return AK_ENOENT;
    uint32_t rid = name ? ak_itab_find(&s->exts, name) : 0;
    if (alloc)
        *alloc = rid ? s->ext_alloc[rid][node] : 0;
    if (requested)
        *requested = rid ? s->ext_req[rid][node] : 0;
    return 0;
}

/* ---- accounting ------------------------------------------------------------------------------------------------- */

int ak_sched_assign(struct ak_sched *s, int32_t node, const struct ak_sched_pod *pod)
{
    if (!slot_ok(s, node))
        return AK_ENOENT;
    if (!res_valid(&pod->req) || !qty_ok(pod->nz_cpu_m) || !qty_ok(pod->nz_mem))
        return AK_EINVAL;
    struct ak_naux *a = &s->aux[node];
    for (uint32_t i = 0; i < a->n_pods; i++)
        if (a->pods[i].id == pod->id)
            return AK_EEXIST;
    AK_GROW(a->pods, a->n_pods + 1, a->cap_pods);
    struct ak_prec *r = &a->pods[a->n_pods++];
    memset(r, 0, sizeof(*r));
    r->id = pod->id;
    r->start = pod->start_time;
    r->prio = pod->priority;
    r->cpu = pod->req.cpu_m;
    r->mem = pod->req.mem;
    r->eph = pod->req.eph;
    r->nzc = pod->nz_cpu_m ? pod->nz_cpu_m : (r->cpu ? r->cpu : AK_SCHED_DEFAULT_MILLI_CPU);
    r->nzm = pod->nz_mem ? pod->nz_mem : (r->mem ? r->mem : AK_SCHED_DEFAULT_MEMORY);
    if (pod->req.n_ext) {
        r->ext = ak_xcalloc(pod->req.n_ext, sizeof(*r->ext));
        for (size_t i = 0; i < pod->req.n_ext; i++) {
            if (pod->req.ext[i].qty == 0)
                continue;
            uint32_t rid = ak_sched_ext_intern(s, pod->req.ext[i].name);
            r->ext[r->n_ext].rid = rid;
            r->ext[r->n_ext].qty = pod->req.ext[i].qty;
            r->n_ext++;
            s->ext_req[rid][node] += pod->req.ext[i].qty;
        }
    }
    s->req_cpu[node] += r->cpu;
    s->req_mem[node] += r->mem;
    s->req_eph[node] += r->eph;
    s->nz_cpu[node] += r->nzc;
    s->nz_mem[node] += r->nzm;
    s->npods[node] += 1;
    if (r->prio < s->min_prio[node])
        s->min_prio[node] = r->prio;
    return 0;
}

int ak_sched_unassign(struct ak_sched *s, int32_t node, uint64_t pod_id)
{
    if (!slot_ok(s, node))
        return AK_ENOENT;
    struct ak_naux *a = &s->aux[node];
    for (uint32_t i = 0; i < a->n_pods; i++) {
        struct ak_prec *r = &a->pods[i];
        if (r->id != pod_id)
            continue;
        s->req_cpu[node] -= r->cpu;
        s->req_mem[node] -= r->mem;
        s->req_eph[node] -= r->eph;
        s->nz_cpu[node] -= r->nzc;
        s->nz_mem[node] -= r->nzm;
        s->npods[node] -= 1;
        for (uint32_t j = 0; j < r->n_ext; j++)
            s->ext_req[r->ext[j].rid][node] -= r->ext[j].qty;
        free(r->ext);
        int32_t prio = r->prio;
        a->pods[i] = a->pods[--a->n_pods];
        if (prio == s->min_prio[node]) {
            int32_t m = INT32_MAX;
            for (uint32_t j = 0; j < a->n_pods; j++)
                if (a->pods[j].prio < m)
                    m = a->pods[j].prio;
            s->min_prio[node] = m;
        }
        return 0;
    }
    return AK_ENOENT;
}

/* ---- introspection ------------------------------------------------------------------------------------------------ */

size_t ak_sched_mem_bytes(const struct ak_sched *s)
{
    size_t b = sizeof(*s);
    size_t per_slot = sizeof(char *) + 3 + 16 * sizeof(int64_t) + sizeof(int32_t) + sizeof(struct ak_naux);
    b += (size_t)s->cap * per_slot;
    b += (size_t)s->n_tw * s->cap * sizeof(uint64_t);
    for (uint32_t k = 1; k < s->keys.n; k++)
        b += (size_t)s->cap * sizeof(uint32_t) + strlen(s->keys.str[k]) + 1;
    b += (size_t)(s->exts.n ? s->exts.n - 1 : 0) * s->cap * 2 * sizeof(int64_t);
    for (uint32_t v = 1; v < s->vals.n; v++)
        b += strlen(s->vals.str[v]) + 1 + sizeof(char *) + 9;
    b += (size_t)s->keys.map.cap * 8 + (size_t)s->vals.map.cap * 12 + (size_t)s->names.cap * 12;
    b += (size_t)s->pair_hcap * 12 + (size_t)s->cap_pairs * (8 + sizeof(struct ak_posting));
    for (uint32_t p = 1; p < s->n_pairs; p++)
        b += (size_t)s->post[p].cap * sizeof(uint32_t);
    for (uint32_t t = 0; t < s->n_tids; t++)
        b += sizeof(struct ak_taintrec) +
             (s->taints[t].key ? strlen(s->taints[t].key) + strlen(s->taints[t].value) + 2 : 0) +
             (s->taints[t].text ? strlen(s->taints[t].text) + 1 : 0);
    for (uint32_t i = 0; i < s->n_slots; i++) {
        const struct ak_naux *a = &s->aux[i];
        b += (size_t)a->cap_lab * 4 + (size_t)a->cap_tnt * 4 + (size_t)a->cap_pods * sizeof(struct ak_prec);
        for (uint32_t j = 0; j < a->n_pods; j++)
            b += (size_t)a->pods[j].n_ext * sizeof(struct ak_pext);
        if (s->name[i])
            b += strlen(s->name[i]) + 1;
    }
    b += (size_t)s->cap_scratch * (4 + 3 * 8 + 4 + 1);
    b += (size_t)s->cap_cv * 4 + (size_t)s->cap_cands * sizeof(struct ak_cand);
    return b;
}

int ak_sched_validate(const struct ak_sched *s)
{
    uint32_t live = 0;
    for (uint32_t i = 0; i < s->n_slots; i++) {
        bool dead_bit = (s->tw[0][i] >> TAINT_DEAD) & 1;
        if (!s->live[i]) {
            if (!dead_bit)
                return AK_EIO;
            continue;
        }
        live++;
        if (dead_bit || (uint32_t)ak_sched_node_find(s, s->name[i]) != i)
            return AK_EIO;
        const struct ak_naux *a = &s->aux[i];
        int64_t c = 0, m = 0, e = 0, zc = 0, zm = 0;
        for (uint32_t j = 0; j < a->n_pods; j++) {
            c += a->pods[j].cpu;
            m += a->pods[j].mem;
            e += a->pods[j].eph;
            zc += a->pods[j].nzc;
            zm += a->pods[j].nzm;
        }
        int32_t mp = INT32_MAX;
        for (uint32_t j = 0; j < a->n_pods; j++)
            if (a->pods[j].prio < mp)
                mp = a->pods[j].prio;
        if (mp != s->min_prio[i])
            return AK_EIO;
        if (c != s->req_cpu[i] || m != s->req_mem[i] || e != s->req_eph[i] ||
            zc != s->nz_cpu[i] || zm != s->nz_mem[i] || (int64_t)a->n_pods != s->npods[i])
            return AK_EIO;
        for (uint32_t x = 1; x < s->exts.n; x++) {
            int64_t q = 0;
            for (uint32_t j = 0; j < a->n_pods; j++)
                for (uint32_t k = 0; k < a->pods[j].n_ext; k++)
                    if (a->pods[j].ext[k].rid == x)
                        q += a->pods[j].ext[k].qty;
            if (q != s->ext_req[x][i])
                return AK_EIO;
        }
        /* label columns hold exactly the node's pairs */
        uint32_t set = 0;
        for (uint32_t k = 1; k < s->keys.n; k++)
            set += s->col[k][i] != 0;
        if (set != a->n_lab)
            return AK_EIO;
        for (uint32_t j = 0; j < a->n_lab; j++)
            if (s->col[s->pair_kid[a->lab[j]]][i] != s->pair_vid[a->lab[j]])
                return AK_EIO;
        /* taint bits hold exactly the node's taints (+ unschedulable) */
        for (uint32_t t = 0; t < s->n_tids; t++) {
            bool bit = (s->tw[t >> 6][i] >> (t & 63)) & 1;
            bool want = t == TAINT_UNSCHED ? s->unsched[i] : false;
            for (uint32_t j = 0; j < a->n_tnt; j++)
                want |= a->tnt[j] == t;
            if (bit != want)
                return AK_EIO;
        }
    }
    if (live != s->n_live)
        return AK_EIO;
    /* every pair's node list is sorted and holds exactly the live nodes carrying it */
    size_t total = 0;
    for (uint32_t p = 1; p < s->n_pairs; p++) {
        const struct ak_posting *ps = &s->post[p];
        for (uint32_t j = 0; j < ps->n; j++) {
            uint32_t n = ps->ids[j];
            if ((j && ps->ids[j - 1] >= n) || n >= s->n_slots || !s->live[n] ||
                s->col[s->pair_kid[p]][n] != s->pair_vid[p])
                return AK_EIO;
        }
        total += ps->n;
    }
    size_t labels = 0;
    for (uint32_t i = 0; i < s->n_slots; i++)
        labels += s->live[i] ? s->aux[i].n_lab : 0;
    if (total != labels)
        return AK_EIO;
    for (uint32_t t = TAINT_FIRST; t < s->n_tids; t++) {
        uint32_t ref = 0;
        for (uint32_t i = 0; i < s->n_slots; i++)
            for (uint32_t j = 0; s->live[i] && j < s->aux[i].n_tnt; j++)
                ref += s->aux[i].tnt[j] == t;
        if (ref != s->taints[t].ref)
            return AK_EIO;
    }
    return 0;
}
