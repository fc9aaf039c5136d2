/* ak_sched_run.c - one scheduling cycle: compile the pod against the interned tables, run the
 * filters over the candidate nodes, score the feasible ones, pick a host, and when nothing
 * fits build kube-scheduler's FitError text and run DefaultPreemption.
 *
 * Fast path: a pod is compiled once (requests, untolerated-taint masks, interned selector ids,
 * affinity terms); then every candidate node costs a few column loads. Candidates come from
 * the smallest (key,value) node list of the pod's nodeSelector (or single-value In affinity,
 * or the DaemonSet's metadata.name pin), otherwise from all slots.
 * Slow path (no feasible node): every node is re-run through the filters in kube-scheduler's
 * plugin order to find the first failing plugin and its reasons, for the histogram. */
#include "ak_sched.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_sched_int.h"
#include "../core/ak_labels.h"
#include "../util/ak_buf.h"
#include "../util/ak_err.h"
#include "../util/ak_mem.h"
#include "../util/ak_rand.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

/* ---- tolerations ------------------------------------------------------------------------------- */

enum ak_sched_tol_op ak_sched_tol_op_parse(const char *s)
{
    if (s == NULL || *s == '\0' || strcmp(s, "Equal") == 0)
        return AK_TOL_EQUAL;
    if (strcmp(s, "Exists") == 0)
        return AK_TOL_EXISTS;
    return AK_TOL_INVALID;
}

enum ak_nsel_op ak_nsel_op_parse(const char *s)
{
    static const char *const names[] = {"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"};
    for (size_t i = 0; s && i < AK_ARRAY_LEN(names); i++)
        if (strcmp(s, names[i]) == 0)
            return (enum ak_nsel_op)i;
    return AK_NSEL_INVALID;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

bool ak_sched_tolerates(const struct ak_sched_toleration *t, const struct ak_taint *taint)
{
    if (t->effect && *t->effect && strcmp(t->effect, taint->effect) != 0)
        return false;
    if (t->key && *t->key && strcmp(t->key, taint->key) != 0)
        return false;
    switch (t->op) {
    case AK_TOL_EQUAL: return strcmp(nz(t->value), taint->value) == 0;
    case AK_TOL_EXISTS: return true;
    default: return false;
    }
}

bool ak_sched_tolerations_tolerate(const struct ak_sched_toleration *t, size_t n,
                                   const struct ak_taint *taint)
{
    for (size_t i = 0; i < n; i++)
        if (ak_sched_tolerates(&t[i], taint))
            return true;
    return false;
}

const struct ak_taint *ak_sched_untolerated_taint(const struct ak_taint *taints, size_t n_taints,
                                                  const struct ak_sched_toleration *tols,
                                                  size_t n_tols, unsigned effect_mask)
{
    for (size_t i = 0; i < n_taints; i++) {
        uint8_t e = ak_sched_effect_parse(taints[i].effect);
        if (!(e & effect_mask) || e == 8)
            continue;
        if (!ak_sched_tolerations_tolerate(tols, n_tols, &taints[i]))
            return &taints[i];
    }
    return NULL;
}

/* What the DaemonSet controller adds to every daemon pod (pkg/controller/daemon/util). */
static const struct ak_sched_toleration ds_tolerations[] = {
    {"node.kubernetes.io/not-ready", AK_TOL_EXISTS, NULL, "NoExecute", false, 0},
    {"node.kubernetes.io/unreachable", AK_TOL_EXISTS, NULL, "NoExecute", false, 0},
    {"node.kubernetes.io/disk-pressure", AK_TOL_EXISTS, NULL, "NoSchedule", false, 0},
    {"node.kubernetes.io/memory-pressure", AK_TOL_EXISTS, NULL, "NoSchedule", false, 0},
    {"node.kubernetes.io/pid-pressure", AK_TOL_EXISTS, NULL, "NoSchedule", false, 0},
    {"node.kubernetes.io/unschedulable", AK_TOL_EXISTS, NULL, "NoSchedule", false, 0},
};

/* ---- results ------------------------------------------------------------------------------------ */

void ak_sched_result_init(struct ak_sched_result *r)
{
    memset(r, 0, sizeof(*r));
    ak_buf_init(&r->message, AK_BUF_UNLIMITED);
    ak_buf_init(&r->texts_, AK_BUF_UNLIMITED);
    r->node = -1;
}

void ak_sched_result_release(struct ak_sched_result *r)
{
    ak_buf_release(&r->message);
    ak_buf_release(&r->texts_);
    free(r->counts);
    free(r->victims);
    memset(r, 0, sizeof(*r));
    r->node = -1;
}

static void result_reset(struct ak_sched_result *r)
{
    r->status = AK_SCHED_FIT;
    r->node = -1;
    r->score = -1;
    r->n_all = r->n_evaluated = r->n_feasible = 0;
    r->n_counts = 0;
    r->n_victims = 0;
    r->pdb_violations = 0;
    r->reason[0] = '\0';
    if (r->message.max == 0)
        ak_buf_init(&r->message, AK_BUF_UNLIMITED);
    if (r->texts_.max == 0)
        ak_buf_init(&r->texts_, AK_BUF_UNLIMITED);
    ak_buf_reset(&r->message);
    ak_buf_reset(&r->texts_);
}

/* ---- scratch -------------------------------------------------------------------------------------- */

#define NEED(arr, n, cap)                                                                   \
    do {                                                                                    \
        if ((size_t)(n) > (cap)) {                                                          \
            size_t nc_ = (cap) ? (size_t)(cap) * 2 : 16;                                    \
            while (nc_ < (size_t)(n))                                                       \
                nc_ *= 2;                                                                   \
            (arr) = ak_xreallocarray((arr), nc_, sizeof(*(arr)));                           \
            (cap) = (uint32_t)nc_;                                                          \
        }                                                                                   \
    } while (0)

/* Grows two parallel arrays sharing one capacity. */
#define NEED2(a, b, n, cap)                                                                 \
    do {                                                                                    \
        if ((size_t)(n) > (cap)) {                                                          \
            size_t nc_ = (cap) ? (size_t)(cap) * 2 : 16;                                    \
            while (nc_ < (size_t)(n))                                                       \
                nc_ *= 2;                                                                   \
            (a) = ak_xreallocarray((a), nc_, sizeof(*(a)));                                 \
            (b) = ak_xreallocarray((b), nc_, sizeof(*(b)));                                 \
            (cap) = (uint32_t)nc_;                                                          \
        }                                                                                   \
    } while (0)

static void ensure_node_scratch(struct ak_sched *s)
{
    if (s->cap_scratch >= s->cap && s->cap_scratch > 0)
        return;
    uint32_t n = s->cap ? s->cap : 1;
    s->feas = ak_xreallocarray(s->feas, n, sizeof(*s->feas));
    s->sc_base = ak_xreallocarray(s->sc_base, n, sizeof(*s->sc_base));
    s->sc_tt = ak_xreallocarray(s->sc_tt, n, sizeof(*s->sc_tt));
    s->sc_na = ak_xreallocarray(s->sc_na, n, sizeof(*s->sc_na));
    s->pot = ak_xreallocarray(s->pot, n, sizeof(*s->pot));
    s->mark = ak_xreallocarray(s->mark, n, sizeof(*s->mark));
    s->cap_scratch = n;
}

/* ---- compiling a pod ------------------------------------------------------------------------------ */

static bool tol_match(const struct ak_sched_toleration *t, uint64_t kh, uint8_t eff,
                      const struct ak_taintrec *r)
{
    if (eff && eff != r->eff)
        return false;
    if (t->key && *t->key && (kh != r->khash || strcmp(t->key, r->key) != 0))
        return false;
    switch (t->op) {
    case AK_TOL_EQUAL: return strcmp(nz(t->value), r->value) == 0;
    case AK_TOL_EXISTS: return true;
    default: return false;
    }
}

static bool pod_tolerates_rec(const struct ak_sched *s, const struct ak_sched_pod *pod,
                              const struct ak_taintrec *r)
{
    for (size_t i = 0; i < pod->n_tolerations; i++)
        if (tol_match(&pod->tolerations[i], s->c_tolhash[i], s->c_toleff[i], r))
            return true;
    if (pod->daemonset) {
        for (size_t i = 0; i < AK_ARRAY_LEN(ds_tolerations); i++) {
            const struct ak_sched_toleration *t = &ds_tolerations[i];
            if (tol_match(t, ak_hash64(t->key, strlen(t->key)), ak_sched_effect_parse(t->effect), r))
                return true;
        }
    }
    return false;
}

static void compile_tolerations(struct ak_sched *s, const struct ak_sched_pod *pod)
{
    struct ak_cpod *cp = &s->cp;
    NEED2(s->c_tolhash, s->c_toleff, pod->n_tolerations, s->cap_c_tol);
    for (size_t i = 0; i < pod->n_tolerations; i++) {
        const char *k = nz(pod->tolerations[i].key);
        s->c_tolhash[i] = ak_hash64(k, strlen(k));
        s->c_toleff[i] = ak_sched_effect_parse(pod->tolerations[i].effect);
    }
    NEED2(s->c_untol_hard, s->c_untol_pref, s->n_tw, s->cap_c_tw);
    memset(s->c_untol_hard, 0, s->n_tw * sizeof(uint64_t));
    memset(s->c_untol_pref, 0, s->n_tw * sizeof(uint64_t));
    cp->any_pref = false;
    for (uint32_t t = 0; t < s->n_tids; t++) {
        const struct ak_taintrec *r = &s->taints[t];
        uint64_t bit = 1ull << (t & 63);
        if (t == TAINT_DEAD) {
            s->c_untol_hard[0] |= bit;
            continue;
        }
        if (r->ref == 0 && t != TAINT_UNSCHED)
            continue;
        if (pod_tolerates_rec(s, pod, r))
            continue;
        if (r->eff == AK_SCHED_EFFECT_PREFER_NO_SCHEDULE) {
            s->c_untol_pref[t >> 6] |= bit;
            cp->any_pref = true;
        } else {
            s->c_untol_hard[t >> 6] |= bit;
        }
    }
}

/* NodeSelectorRequirement validity as labels.NewRequirement checks it (core's key/value
 * syntax checks). */
static bool expr_valid(const struct ak_sched_nsel_req *r)
{
    if (r->op >= AK_NSEL_INVALID || r->key == NULL || !ak_label_key_valid(r->key))
        return false;
    switch (r->op) {
    case AK_NSEL_IN:
    case AK_NSEL_NOTIN:
        if (r->n_values == 0)
            return false;
        break;
    case AK_NSEL_EXISTS:
    case AK_NSEL_DOES_NOT_EXIST:
        if (r->n_values != 0)
            return false;
        break;
    default: { /* Gt, Lt */
        int64_t x;
        if (r->n_values != 1 || ak_parse_i64(nz(r->values[0]), INT64_MIN, INT64_MAX, &x) != 0)
            return false;
    }
    }
    for (size_t i = 0; i < r->n_values; i++)
        if (r->values[i] == NULL || !ak_label_value_valid(r->values[i]))
            return false;
    return true;
}

/* Compiles one NodeSelectorTerm into s->c_terms[idx]; false if it is empty or invalid. */
static bool compile_term(struct ak_sched *s, const struct ak_sched_nsel_term *t, uint32_t idx,
                         int32_t weight)
{
    if (t->n_exprs == 0 && t->n_fields == 0)
        return false; /* an empty term selects nothing */
    for (size_t i = 0; i < t->n_exprs; i++)
        if (!expr_valid(&t->exprs[i]))
            return false;
    for (size_t i = 0; i < t->n_fields; i++) {
        const struct ak_sched_nsel_req *f = &t->fields[i];
        if ((f->op != AK_NSEL_IN && f->op != AK_NSEL_NOTIN) || f->n_values != 1)
            return false;
    }
    NEED(s->c_terms, idx + 1, s->cap_c_terms);
    struct ak_cterm *ct = &s->c_terms[idx];
    ct->weight = weight;
    ct->eoff = s->n_c_exprs;
    ct->ne = (uint32_t)t->n_exprs;
    ct->foff = s->n_c_fields;
    ct->nf = (uint32_t)t->n_fields;
    NEED(s->c_exprs, s->n_c_exprs + t->n_exprs, s->cap_c_exprs);
    for (size_t i = 0; i < t->n_exprs; i++) {
        const struct ak_sched_nsel_req *r = &t->exprs[i];
        struct ak_cexpr *e = &s->c_exprs[s->n_c_exprs++];
        e->kid = ak_itab_find(&s->keys, r->key);
        e->op = (uint8_t)r->op;
        e->voff = s->n_c_vids;
        e->nv = 0;
        e->num = 0;
        if (r->op == AK_NSEL_GT || r->op == AK_NSEL_LT) {
            ak_parse_i64(r->values[0], INT64_MIN, INT64_MAX, &e->num);
            continue;
        }
        NEED(s->c_vids, s->n_c_vids + r->n_values, s->cap_c_vids);
        for (size_t j = 0; j < r->n_values; j++) {
            uint32_t vid = ak_itab_find(&s->vals, r->values[j]);
            if (vid) /* a value no node carries can never match */
                s->c_vids[s->n_c_vids++] = vid, e->nv++;
        }
    }
    NEED(s->c_fields, s->n_c_fields + t->n_fields, s->cap_c_fields);
    for (size_t i = 0; i < t->n_fields; i++) {
        const struct ak_sched_nsel_req *f = &t->fields[i];
        struct ak_cfield *cf = &s->c_fields[s->n_c_fields++];
        const char *v = nz(f->values[0]);
        bool in = f->op == AK_NSEL_IN;
        if (f->key && strcmp(f->key, "metadata.name") == 0) {
            int32_t slot = ak_sched_node_find(s, v);
            if (slot < 0) {
                cf->kind = in ? CF_FALSE : CF_TRUE;
            } else {
                cf->kind = in ? CF_EQ_SLOT : CF_NE_SLOT;
                cf->slot = slot;
            }
        } else { /* nodes have no other field: it reads as "" */
            bool eq = *v == '\0';
            cf->kind = (in ? eq : !eq) ? CF_TRUE : CF_FALSE;
        }
    }
    return true;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static bool name_in(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(nz(v[i]), s) == 0)
            return true;
    return false;
}

/* NodeAffinity PreFilter: if every required term pins metadata.name (In), only those nodes are
 * candidates. Names are intersected within a term and united across terms. */
static void compile_prefilter(struct ak_sched *s, const struct ak_sched_pod *pod)
{
    struct ak_cpod *cp = &s->cp;
    cp->prefilter = false;
    cp->pf_conflict = false;
    cp->n_pf = 0;
    if (pod->n_required == 0)
        return;
    for (size_t t = 0; t < pod->n_required; t++) {
        bool pinned = false;
        for (size_t i = 0; i < pod->required[t].n_fields; i++) {
            const struct ak_sched_nsel_req *f = &pod->required[t].fields[i];
            if (f->op == AK_NSEL_IN && f->key && strcmp(f->key, "metadata.name") == 0)
                pinned = true;
        }
        if (!pinned)
            return; /* this term allows any node name */
    }
    cp->prefilter = true;
    size_t united = 0;
    for (size_t t = 0; t < pod->n_required; t++) {
        const struct ak_sched_nsel_term *term = &pod->required[t];
        const struct ak_sched_nsel_req *first = NULL;
        for (size_t i = 0; i < term->n_fields; i++) {
            const struct ak_sched_nsel_req *f = &term->fields[i];
            if (f->op == AK_NSEL_IN && f->key && strcmp(f->key, "metadata.name") == 0) {
                first = f;
                break;
            }
        }
        for (size_t v = 0; v < first->n_values; v++) {
            const char *name = nz(first->values[v]);
            bool in_all = true;
            for (size_t i = 0; i < term->n_fields && in_all; i++) {
                const struct ak_sched_nsel_req *f = &term->fields[i];
                if (f->op == AK_NSEL_IN && f->key && strcmp(f->key, "metadata.name") == 0)
                    in_all = name_in(f->values, f->n_values, name);
            }
            if (!in_all)
                continue;
            united++;
            int32_t slot = ak_sched_node_find(s, name);
            if (slot >= 0) {
                NEED(s->c_pf, cp->n_pf + 1, s->cap_c_pf);
                s->c_pf[cp->n_pf++] = (uint32_t)slot;
            }
        }
    }
    if (united == 0) {
        cp->pf_conflict = true;
        return;
    }
    if (cp->n_pf > 1) /* no array when none of the named nodes exists */
        qsort(s->c_pf, cp->n_pf, sizeof(uint32_t), cmp_u32);
    uint32_t w = 0;
    for (uint32_t i = 0; i < cp->n_pf; i++)
        if (w == 0 || s->c_pf[w - 1] != s->c_pf[i])
            s->c_pf[w++] = s->c_pf[i];
    cp->n_pf = w;
}

static int compile_pod(struct ak_sched *s, const struct ak_sched_pod *pod)
{
    struct ak_cpod *cp = &s->cp;
    const struct ak_sched_res *r = &pod->req;
    const int64_t max = AK_SCHED_MAX_QTY;
    if (r->cpu_m < 0 || r->mem < 0 || r->eph < 0 || pod->nz_cpu_m < 0 || pod->nz_mem < 0 ||
        r->cpu_m > max || r->mem > max || r->eph > max || pod->nz_cpu_m > max || pod->nz_mem > max)
        return AK_EINVAL;
    cp->cpu = r->cpu_m;
    cp->mem = r->mem;
    cp->eph = r->eph;
    cp->nzc = pod->nz_cpu_m ? pod->nz_cpu_m : (r->cpu_m ? r->cpu_m : AK_SCHED_DEFAULT_MILLI_CPU);
    cp->nzm = pod->nz_mem ? pod->nz_mem : (r->mem ? r->mem : AK_SCHED_DEFAULT_MEMORY);
    cp->n_ext = 0;
    NEED2(s->c_ext_rid, s->c_ext_qty, r->n_ext, s->cap_c_ext);
    for (size_t i = 0; i < r->n_ext; i++) {
        if (r->ext[i].name == NULL || r->ext[i].qty < 0 || r->ext[i].qty > max)
            return AK_EINVAL;
        if (r->ext[i].qty == 0)
            continue;
        s->c_ext_rid[cp->n_ext] = ak_sched_ext_intern(s, r->ext[i].name);
        s->c_ext_qty[cp->n_ext] = r->ext[i].qty;
        cp->n_ext++;
    }
    cp->any_req = cp->cpu || cp->mem || cp->eph || cp->n_ext;

    compile_tolerations(s, pod);

    cp->n_sel = 0;
    cp->sel_impossible = false;
    size_t nsel = pod->node_selector ? pod->node_selector->n : 0;
    if (nsel > s->cap_c_sel) {
        uint32_t cap = s->cap_c_sel;
        NEED2(s->c_sel_kid, s->c_sel_vid, nsel, cap);
        s->c_sel_pid = ak_xreallocarray(s->c_sel_pid, cap, sizeof(uint32_t));
        s->cap_c_sel = cap;
    }
    for (size_t i = 0; i < nsel; i++) {
        const struct ak_kv *kv = &pod->node_selector->v[i];
        uint32_t kid = ak_itab_find(&s->keys, kv->key);
        uint32_t vid = kid ? ak_itab_find(&s->vals, nz(kv->val)) : 0;
        uint32_t pid = ak_sched_pair_find(s, kid, vid);
        if (!pid) {
            cp->sel_impossible = true;
            continue;
        }
        s->c_sel_kid[cp->n_sel] = kid;
        s->c_sel_vid[cp->n_sel] = vid;
        s->c_sel_pid[cp->n_sel] = pid;
        cp->n_sel++;
    }

    s->n_c_exprs = s->n_c_fields = s->n_c_vids = 0;
    cp->has_req = pod->n_required > 0 || pod->has_required;
    cp->n_req = 0;
    for (size_t t = 0; t < pod->n_required; t++)
        if (compile_term(s, &pod->required[t], cp->n_req, 0))
            cp->n_req++;
    cp->n_pref = 0;
    for (size_t t = 0; t < pod->n_preferred; t++) {
        if (pod->preferred[t].weight == 0)
            continue;
        if (compile_term(s, &pod->preferred[t].pref, cp->n_req + cp->n_pref,
                         pod->preferred[t].weight))
            cp->n_pref++;
    }
    compile_prefilter(s, pod);
    return 0;
}

/* ---- per-node predicates ------------------------------------------------------------------------------ */

static inline bool expr_match(const struct ak_sched *s, const struct ak_cexpr *e, uint32_t n)
{
    uint32_t v = e->kid ? s->col[e->kid][n] : 0;
    const uint32_t *vids = s->c_vids + e->voff;
    switch (e->op) {
    case AK_NSEL_IN:
        if (!v)
            return false;
        for (uint32_t i = 0; i < e->nv; i++)
            if (vids[i] == v)
                return true;
        return false;
    case AK_NSEL_NOTIN:
        if (!v)
            return true;
        for (uint32_t i = 0; i < e->nv; i++)
            if (vids[i] == v)
                return false;
        return true;
    case AK_NSEL_EXISTS: return v != 0;
    case AK_NSEL_DOES_NOT_EXIST: return v == 0;
    case AK_NSEL_GT: return v && s->val_isnum[v] == 1 && s->val_num[v] > e->num;
    case AK_NSEL_LT: return v && s->val_isnum[v] == 1 && s->val_num[v] < e->num;
    }
    return false;
}

static inline bool term_match(const struct ak_sched *s, const struct ak_cterm *t, uint32_t n)
{
    for (uint32_t i = 0; i < t->ne; i++)
        if (!expr_match(s, &s->c_exprs[t->eoff + i], n))
            return false;
    for (uint32_t i = 0; i < t->nf; i++) {
        const struct ak_cfield *f = &s->c_fields[t->foff + i];
        switch (f->kind) {
        case CF_EQ_SLOT:
            if ((int32_t)n != f->slot)
                return false;
            break;
        case CF_NE_SLOT:
            if ((int32_t)n == f->slot)
                return false;
            break;
        case CF_FALSE: return false;
        default: break;
        }
    }
    return true;
}

/* nodeSelector AND required node affinity (GetRequiredNodeAffinity(pod).Match(node)) */
static inline bool affinity_ok(const struct ak_sched *s, uint32_t n)
{
    const struct ak_cpod *cp = &s->cp;
    if (cp->sel_impossible)
        return false;
    for (uint32_t i = 0; i < cp->n_sel; i++)
        if (s->col[s->c_sel_kid[i]][n] != s->c_sel_vid[i])
            return false;
    if (cp->has_req) {
        for (uint32_t t = 0; t < cp->n_req; t++)
            if (term_match(s, &s->c_terms[t], n))
                return true;
        return false;
    }
    return true;
}

static inline bool fits_resources(const struct ak_sched *s, uint32_t n)
{
    const struct ak_cpod *cp = &s->cp;
    if (s->npods[n] + 1 > s->alloc_pods[n])
        return false;
    if (!cp->any_req)
        return true;
    if (cp->cpu && cp->cpu > s->alloc_cpu[n] - s->req_cpu[n])
        return false;
    if (cp->mem && cp->mem > s->alloc_mem[n] - s->req_mem[n])
        return false;
    if (cp->eph && cp->eph > s->alloc_eph[n] - s->req_eph[n])
        return false;
    for (uint32_t i = 0; i < cp->n_ext; i++) {
        uint32_t r = s->c_ext_rid[i];
        if (s->c_ext_qty[i] > s->ext_alloc[r][n] - s->ext_req[r][n])
            return false;
    }
    return true;
}

static inline __attribute__((always_inline)) bool feasible(const struct ak_sched *s, uint32_t n)
{
    for (uint32_t w = 0; w < s->n_tw; w++)
        if (s->tw[w][n] & s->c_untol_hard[w])
            return false;
    return fits_resources(s, n) && affinity_ok(s, n);
}

/* ---- histogram of reasons -------------------------------------------------------------------------------- */

enum {
    H_UNSCHED,
    H_AFFINITY,
    H_PREFILTER,
    H_TOO_MANY_PODS,
    H_CPU,
    H_MEM,
    H_EPH,
    H_TAINT_GENERIC,
    H_NO_VICTIMS,
    H_NOT_HELPFUL,
    H_N
};

static const char *const h_text[H_N] = {
    "node(s) were unschedulable",
    "node(s) didn't match Pod's node affinity/selector",
    "node(s) didn't satisfy plugin(s) [NodeAffinity]",
    "Too many pods",
    "Insufficient cpu",
    "Insufficient memory",
    "Insufficient ephemeral-storage",
    "node(s) had untolerated taint(s)",
    "No preemption victims found for incoming pod",
    "Preemption is not helpful for scheduling",
};

static const enum ak_sched_reason_code h_code[H_N] = {
    AK_SCHED_R_UNSCHEDULABLE, AK_SCHED_R_AFFINITY, AK_SCHED_R_PREFILTER,
    AK_SCHED_R_TOO_MANY_PODS, AK_SCHED_R_CPU,       AK_SCHED_R_MEMORY,
    AK_SCHED_R_EPHEMERAL,     AK_SCHED_R_TAINT,     AK_SCHED_R_UNSCHEDULABLE,
    AK_SCHED_R_UNSCHEDULABLE,
};

struct hist {
    uint32_t fixed[H_N];
    uint32_t *tnt; /* per taint id */
    uint32_t *ext; /* per extended resource id */
};

static void hist_init(struct ak_sched *s, struct hist *h)
{
    memset(h->fixed, 0, sizeof(h->fixed));
    NEED(s->h_tnt, s->n_tids, s->cap_h_tnt);
    NEED(s->h_ext, s->exts.n ? s->exts.n : 1, s->cap_h_ext);
    memset(s->h_tnt, 0, s->n_tids * sizeof(uint32_t));
    memset(s->h_ext, 0, (s->exts.n ? s->exts.n : 1) * sizeof(uint32_t));
    h->tnt = s->h_tnt;
    h->ext = s->h_ext;
}

/* Requested amounts on a node, possibly with victims taken away. */
struct used {
    int64_t cpu, mem, eph, pods;
    const int64_t *ext; /* per-rid amount to subtract from ext_req, or NULL */
};

/* fitsRequest: adds the reasons (Too many pods, Insufficient cpu, memory, ephemeral-storage,
 * then extended resources in pod order) to h (if non-NULL). Returns the number of reasons;
 * *exceeds tells whether some request is above allocatable itself. */
static uint32_t fit_reasons(const struct ak_sched *s, uint32_t n, const struct used *u,
                            struct hist *h, bool *exceeds)
{
    const struct ak_cpod *cp = &s->cp;
    uint32_t k = 0;
    bool ex = false;
    if (u->pods + 1 > s->alloc_pods[n]) {
        k++;
        if (h)
            h->fixed[H_TOO_MANY_PODS]++;
    }
    if (cp->any_req) {
        if (cp->cpu && cp->cpu > s->alloc_cpu[n] - u->cpu) {
            k++, ex |= cp->cpu > s->alloc_cpu[n];
            if (h)
                h->fixed[H_CPU]++;
        }
        if (cp->mem && cp->mem > s->alloc_mem[n] - u->mem) {
            k++, ex |= cp->mem > s->alloc_mem[n];
            if (h)
                h->fixed[H_MEM]++;
        }
        if (cp->eph && cp->eph > s->alloc_eph[n] - u->eph) {
            k++, ex |= cp->eph > s->alloc_eph[n];
            if (h)
                h->fixed[H_EPH]++;
        }
        for (uint32_t i = 0; i < cp->n_ext; i++) {
            uint32_t r = s->c_ext_rid[i];
            int64_t used = s->ext_req[r][n] - (u->ext ? u->ext[r] : 0);
            if (s->c_ext_qty[i] > s->ext_alloc[r][n] - used) {
                k++, ex |= s->c_ext_qty[i] > s->ext_alloc[r][n];
                if (h)
                    h->ext[r]++;
            }
        }
    }
    if (exceeds)
        *exceeds = ex;
    return k;
}

enum { ST_FIT = 0, ST_UNRESOLVABLE = 1, ST_UNSCHEDULABLE = 2 };

/* Kernighan's loop: taint words are sparse, and it needs no -mpopcnt */
static inline uint32_t popcount64(uint64_t x)
{
    uint32_t c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
}

/* The filters in kube-scheduler's order; the first failing plugin's reasons go into h. */
static int node_status(struct ak_sched *s, uint32_t n, struct hist *h)
{
    if (s->unsched[n] && ((s->c_untol_hard[0] >> TAINT_UNSCHED) & 1)) {
        h->fixed[H_UNSCHED]++;
        return ST_UNRESOLVABLE;
    }
    /* untolerated real taints: the bits say whether there is one; the node's ordered list
     * says which comes first when there are several */
    const uint64_t pseudo = (1ull << TAINT_UNSCHED) | (1ull << TAINT_DEAD);
    uint64_t any = s->tw[0][n] & s->c_untol_hard[0] & ~pseudo;
    uint32_t nbits = popcount64(any);
    for (uint32_t w = 1; w < s->n_tw; w++)
        nbits += popcount64(s->tw[w][n] & s->c_untol_hard[w]);
    if (nbits) {
        uint32_t t = any ? (uint32_t)__builtin_ctzll(any) : 0;
        if (nbits > 1 || !any) {
            const struct ak_naux *a = &s->aux[n];
            for (uint32_t i = 0; i < a->n_tnt; i++) {
                t = a->tnt[i];
                if ((s->c_untol_hard[t >> 6] >> (t & 63)) & 1)
                    break;
            }
        }
        if (s->opts.taint_msg_generic)
            h->fixed[H_TAINT_GENERIC]++;
        else
            h->tnt[t]++;
        return ST_UNRESOLVABLE;
    }
    if (!affinity_ok(s, n)) {
        h->fixed[H_AFFINITY]++;
        return ST_UNRESOLVABLE;
    }
    struct used u = {s->req_cpu[n], s->req_mem[n], s->req_eph[n], s->npods[n], NULL};
    bool exceeds;
    if (fit_reasons(s, n, &u, h, &exceeds))
        return s->opts.fit_unresolvable && exceeds ? ST_UNRESOLVABLE : ST_UNSCHEDULABLE;
    return ST_FIT;
}

struct hent {
    uint32_t off;      /* "count reason" in the scratch buffer */
    uint32_t text_off; /* the reason alone */
    uint32_t count;
    enum ak_sched_reason_code code;
};

static int hent_cmp(const void *a, const void *b, void *buf)
{
    const char *base = buf;
    return strcmp(base + ((const struct hent *)a)->off, base + ((const struct hent *)b)->off);
}

/* Appends "<sorted histogram>." to msg (FitError.Error() after the "0/N nodes are available:"
 * head). absent nodes are counted under `absent_reason`. With rec, the entries are also stored
 * in rec->counts (texts in rec->texts_). */
static void hist_format(struct ak_sched *s, const struct hist *h, int absent_reason,
                        uint32_t absent, struct ak_buf *msg, struct ak_sched_result *rec)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    struct hent *e = NULL;
    size_t n = 0, cap = 0;
#define ADD(cnt, txt, cd)                                                                        \
    do {                                                                                         \
        AK_GROW(e, n + 1, cap);                                                                  \
        e[n].off = (uint32_t)b.len;                                                              \
        e[n].count = (cnt);                                                                      \
        e[n].code = (cd);                                                                        \
        ak_buf_printf(&b, "%u ", (unsigned)(cnt));                                               \
        e[n].text_off = (uint32_t)b.len;                                                         \
        ak_buf_puts(&b, (txt));                                                                  \
        ak_buf_putc(&b, '\0');                                                                   \
        n++;                                                                                     \
    } while (0)
    uint32_t fixed[H_N];
    memcpy(fixed, h->fixed, sizeof(fixed));
    if (absent_reason >= 0)
        fixed[absent_reason] += absent;
    for (int i = 0; i < H_N; i++)
        if (fixed[i])
            ADD(fixed[i], h_text[i], h_code[i]);
    for (uint32_t t = 0; t < s->n_tids; t++)
        if (h->tnt[t])
            ADD(h->tnt[t], s->taints[t].text, AK_SCHED_R_TAINT);
    for (uint32_t r = 1; r < s->exts.n; r++)
        if (h->ext[r]) {
            char *txt = ak_xasprintf("Insufficient %s", s->exts.str[r]);
            ADD(h->ext[r], txt, AK_SCHED_R_EXTENDED);
            free(txt);
        }
#undef ADD
    if (b.data)
        qsort_r(e, n, sizeof(*e), hent_cmp, b.data);
    for (size_t i = 0; i < n; i++) {
        if (i)
            ak_buf_puts(msg, ", ");
        ak_buf_puts(msg, b.data + e[i].off);
    }
    if (n)
        ak_buf_putc(msg, '.');
    if (rec) {
        NEED(rec->counts, n, rec->cap_counts);
        size_t base = rec->texts_.len;
        for (size_t i = 0; i < n; i++) {
            rec->counts[i].code = e[i].code;
            rec->counts[i].count = e[i].count;
            rec->counts[i].text = NULL;
            ak_buf_puts(&rec->texts_, b.data + e[i].text_off);
            ak_buf_putc(&rec->texts_, '\0');
        }
        const char *p = rec->texts_.data ? rec->texts_.data + base : NULL;
        for (size_t i = 0; i < n; i++) {
            rec->counts[i].text = p;
            p += strlen(p) + 1;
        }
        rec->n_counts = n;
    }
    free(e);
    ak_buf_release(&b);
}

/* ---- scoring ------------------------------------------------------------------------------------------------ */

/* NodeResourcesFit LeastAllocated (cpu, memory; weight 1 each) on non-zero requests plus
 * NodeResourcesBalancedAllocation (cpu, memory) on actual requests. */
/* NodeResourcesBalancedAllocation for cpu + memory exactly as Go computes it in float64:
 * fractions req/alloc (correctly rounded divisions) capped at 1, std = |f1 - f2| / 2,
 * int64((1 - std) * 100). The divisions are replaced by multiplications with the node's
 * reciprocals; that estimate is within 1e-13 of Go's value, so its truncation is the same
 * unless the value lies within 1e-9 of an integer - then the exact divisions are redone. */
static int64_t balanced_exact(const struct ak_sched *s, uint32_t n)
{
    const struct ak_cpod *cp = &s->cp;
    int64_t ac = s->alloc_cpu[n], am = s->alloc_mem[n];
    double f[2];
    int k = 0;
    if (ac) {
        double x = (double)(s->req_cpu[n] + cp->cpu) / (double)ac;
        f[k++] = x > 1 ? 1 : x;
    }
    if (am) {
        double x = (double)(s->req_mem[n] + cp->mem) / (double)am;
        f[k++] = x > 1 ? 1 : x;
    }
    double sd = k == 2 ? fabs((f[0] - f[1]) / 2) : 0.0;
    return (int64_t)((1 - sd) * (double)AK_SCHED_MAX_NODE_SCORE);
}

static inline __attribute__((always_inline)) int64_t balanced(const struct ak_sched *s, uint32_t n)
{
    const struct ak_cpod *cp = &s->cp;
    if (!s->alloc_cpu[n] || !s->alloc_mem[n])
        return balanced_exact(s, n);
    double fc = (double)(s->req_cpu[n] + cp->cpu) * s->inv_cpu[n];
    double fm = (double)(s->req_mem[n] + cp->mem) * s->inv_mem[n];
    fc = fc > 1 ? 1 : fc;
    fm = fm > 1 ? 1 : fm;
    double v = (1 - fabs((fc - fm) / 2)) * (double)AK_SCHED_MAX_NODE_SCORE;
    int64_t t = (int64_t)v;
    double frac = v - (double)t;
    if (frac < 1e-9 || frac > 1 - 1e-9)
        return balanced_exact(s, n);
    return t;
}

/* (alloc - req) * 100 / alloc in integers, computed with the node's reciprocal and fixed up
 * so that the result is exactly the integer quotient (the product stays below 2^53, the
 * estimate is off by at most one). */
static inline __attribute__((always_inline)) int64_t least_requested(int64_t alloc, double inv, int64_t req)
{
    if (req > alloc)
        return 0;
    if (alloc > (1LL << 46)) /* the product would not be exact in a double */
        return (int64_t)((unsigned __int128)(alloc - req) * AK_SCHED_MAX_NODE_SCORE / (uint64_t)alloc);
    int64_t num = (alloc - req) * AK_SCHED_MAX_NODE_SCORE;
    int64_t q = (int64_t)((double)num * inv);
    if (q * alloc > num)
        q--;
    else if ((q + 1) * alloc <= num)
        q++;
    return q;
}

static inline __attribute__((always_inline)) int64_t base_score(const struct ak_sched *s, uint32_t n,
                                                                 bool ba)
{
    const struct ak_cpod *cp = &s->cp;
    int64_t ac = s->alloc_cpu[n], am = s->alloc_mem[n];
    int64_t score;
    if (ac && am) {
        int64_t sum = least_requested(ac, s->inv_cpu[n], s->nz_cpu[n] + cp->nzc) +
                      least_requested(am, s->inv_mem[n], s->nz_mem[n] + cp->nzm);
        score = sum >> 1; /* (cpu * 1 + memory * 1) / 2, both >= 0 */
    } else if (ac) {
        score = least_requested(ac, s->inv_cpu[n], s->nz_cpu[n] + cp->nzc);
    } else if (am) {
        score = least_requested(am, s->inv_mem[n], s->nz_mem[n] + cp->nzm);
    } else {
        score = 0;
    }
    if (ba)
        score += balanced(s, n);
#ifdef AK_SCHED_VERIFY_SCORES /* -DAK_SCHED_VERIFY_SCORES: check the fast arithmetic */
    {
        int64_t w = 0, sum = 0;
        if (ac) {
            int64_t r = s->nz_cpu[n] + cp->nzc;
            sum += r > ac ? 0 : (ac - r) * AK_SCHED_MAX_NODE_SCORE / ac, w++;
        }
        if (am) {
            int64_t r = s->nz_mem[n] + cp->nzm;
            sum += r > am ? 0 : (am - r) * AK_SCHED_MAX_NODE_SCORE / am, w++;
        }
        ak_assert(score == (w ? sum / w : 0) + (ba ? balanced_exact(s, n) : 0));
    }
#endif
    return score;
}

static inline int64_t pref_taints(const struct ak_sched *s, uint32_t n)
{
    int64_t c = 0;
    for (uint32_t w = 0; w < s->n_tw; w++)
        c += popcount64(s->tw[w][n] & s->c_untol_pref[w]);
    return c;
}

static inline int64_t pref_affinity(const struct ak_sched *s, uint32_t n)
{
    const struct ak_cpod *cp = &s->cp;
    int64_t sum = 0;
    for (uint32_t t = 0; t < cp->n_pref; t++) {
        const struct ak_cterm *ct = &s->c_terms[cp->n_req + t];
        if (term_match(s, ct, n))
            sum += ct->weight;
    }
    return sum;
}

/* Scores s->feas[0..nf) and returns the index of the chosen one (reservoir sampling among the
 * highest totals); *best_score gets its total. */
static uint32_t select_host(struct ak_sched *s, uint32_t nf, int64_t *best_score)
{
    const struct ak_cpod *cp = &s->cp;
    bool ba = !(s->opts.balanced_skip_best_effort && cp->cpu == 0 && cp->mem == 0);
    bool need_tt = cp->any_pref, need_na = cp->n_pref > 0;
    int64_t best = INT64_MIN;
    uint32_t sel = 0, ties = 0;
    if (!need_tt && !need_na) {
        /* TaintToleration: no untolerated PreferNoSchedule taint anywhere -> 100 on every node */
        const int64_t tt = 3 * AK_SCHED_MAX_NODE_SCORE;
        for (uint32_t i = 0; i < nf; i++) {
            int64_t total = base_score(s, s->feas[i], ba) + tt;
            if (total > best) {
                best = total, sel = i, ties = 1;
            } else if (total == best) {
                ties++;
                if (ak_rand_below(&s->rng, ties) == 0)
                    sel = i;
            }
        }
        *best_score = best;
        return sel;
    }
    int64_t max_tt = 0, max_na = 0;
    for (uint32_t i = 0; i < nf; i++) {
        uint32_t n = s->feas[i];
        s->sc_base[i] = base_score(s, n, ba);
        if (need_tt) {
            s->sc_tt[i] = pref_taints(s, n);
            if (s->sc_tt[i] > max_tt)
                max_tt = s->sc_tt[i];
        }
        if (need_na) {
            s->sc_na[i] = pref_affinity(s, n);
            if (s->sc_na[i] > max_na)
                max_na = s->sc_na[i];
        }
    }
    for (uint32_t i = 0; i < nf; i++) {
        /* DefaultNormalizeScore(100, reverse=true) for taints, (100, false) for affinity */
        int64_t tt = AK_SCHED_MAX_NODE_SCORE;
        if (need_tt && max_tt)
            tt = AK_SCHED_MAX_NODE_SCORE - AK_SCHED_MAX_NODE_SCORE * s->sc_tt[i] / max_tt;
        int64_t na = 0;
        if (need_na && max_na)
            na = AK_SCHED_MAX_NODE_SCORE * s->sc_na[i] / max_na;
        int64_t total = s->sc_base[i] + 3 * tt + 2 * na;
        if (total > best) {
            best = total, sel = i, ties = 1;
        } else if (total == best) {
            ties++;
            if (ak_rand_below(&s->rng, ties) == 0)
                sel = i;
        }
    }
    *best_score = best;
    return sel;
}

/* ---- candidate iteration -------------------------------------------------------------------------------------- */

static uint32_t num_to_find(const struct ak_sched *s, uint32_t n_all)
{
    if (s->opts.nodes_to_score == AK_SCHED_SCORE_ALL || n_all < 100)
        return n_all;
    int64_t pct = s->opts.nodes_to_score == AK_SCHED_SCORE_PERCENT ? s->opts.percentage : 0;
    if (pct <= 0) {
        pct = 50 - (int64_t)n_all / 125;
        if (pct < 5)
            pct = 5;
    }
    if (pct >= 100)
        return n_all;
    int64_t n = (int64_t)n_all * pct / 100;
    return n < 100 ? 100 : (uint32_t)n;
}

static uint32_t lower_bound(const uint32_t *v, uint32_t n, uint32_t x)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Runs the filters over the candidates, collecting feasible slots in s->feas (slot order from
 * the round-robin start). Returns how many; *evaluated counts nodes looked at. */
static uint32_t find_feasible(struct ak_sched *s, const uint32_t *list, uint32_t n_list,
                              bool all_slots, uint32_t limit, uint32_t *evaluated)
{
    uint32_t nf = 0, ev = 0;
    bool limited = s->opts.nodes_to_score != AK_SCHED_SCORE_ALL;
    uint32_t start = limited && s->n_slots ? s->next_start % s->n_slots : 0;
    int64_t stop_slot = -1;
    if (all_slots) {
        uint32_t ns = s->n_slots;
        for (uint32_t k = 0; k < ns; k++) {
            uint32_t n = start + k;
            if (n >= ns)
                n -= ns;
            ev += s->live[n];
            if (!feasible(s, n))
                continue;
            s->feas[nf++] = n;
            if (nf == limit) {
                stop_slot = n;
                break;
            }
        }
    } else {
        uint32_t pos = start ? lower_bound(list, n_list, start) : 0;
        for (uint32_t k = 0; k < n_list; k++) {
            uint32_t i = pos + k;
            if (i >= n_list)
                i -= n_list;
            uint32_t n = list[i];
            ev++;
            if (!feasible(s, n))
                continue;
            s->feas[nf++] = n;
            if (nf == limit) {
                stop_slot = n;
                break;
            }
        }
    }
    if (limited && stop_slot >= 0)
        s->next_start = (uint32_t)stop_slot + 1;
    *evaluated = ev;
    return nf;
}

/* ---- preemption -------------------------------------------------------------------------------------------------- */

static const struct ak_prec *victim_rec(const struct ak_sched *s, uint32_t slot, uint32_t idx)
{
    return &s->aux[slot].pods[idx];
}

/* util.MoreImportantPod: higher priority, then earlier start; id for a total order */
static bool more_important(const struct ak_prec *a, const struct ak_prec *b)
{
    if (a->prio != b->prio)
        return a->prio > b->prio;
    if (a->start != b->start)
        return a->start < b->start;
    return a->id < b->id;
}

static void sort_victims(const struct ak_sched *s, uint32_t slot, uint32_t *v, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) { /* insertion sort: stable, victims per node are few */
        uint32_t x = v[i], j = i;
        while (j > 0 && more_important(victim_rec(s, slot, x), victim_rec(s, slot, v[j - 1]))) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static void used_sub(struct used *u, int64_t *ext, const struct ak_prec *r, int sign)
{
    u->cpu -= sign * r->cpu;
    u->mem -= sign * r->mem;
    u->eph -= sign * r->eph;
    u->pods -= sign;
    for (uint32_t k = 0; k < r->n_ext; k++)
        ext[r->ext[k].rid] += sign * r->ext[k].qty;
}

/* SelectVictimsOnNode. On success appends a candidate; otherwise records the node's status
 * in h2 and returns false. ext_scratch has one slot per extended resource id, all zero. */
static bool select_victims(struct ak_sched *s, const struct ak_sched_pod *pod, uint32_t slot,
                           struct hist *h2, int64_t *ext)
{
    const struct ak_naux *a = &s->aux[slot];
    NEED(s->v_idx, a->n_pods, s->cap_v_idx);
    uint32_t nv = 0;
    for (uint32_t j = 0; j < a->n_pods; j++)
        if (a->pods[j].prio < pod->priority)
            s->v_idx[nv++] = j;
    if (nv == 0) {
        h2->fixed[H_NO_VICTIMS]++;
        return false;
    }
    struct used u = {s->req_cpu[slot], s->req_mem[slot], s->req_eph[slot], s->npods[slot], ext};
    for (uint32_t i = 0; i < nv; i++)
        used_sub(&u, ext, &a->pods[s->v_idx[i]], 1);
    bool ok = fit_reasons(s, slot, &u, NULL, NULL) == 0;
    if (!ok) {
        fit_reasons(s, slot, &u, h2, NULL);
        for (uint32_t i = 0; i < nv; i++)
            used_sub(&u, ext, &a->pods[s->v_idx[i]], -1);
        return false;
    }
    sort_victims(s, slot, s->v_idx, nv);
    NEED2(s->v_ids, s->v_viol, nv, s->cap_v_ids);
    for (uint32_t i = 0; i < nv; i++) {
        s->v_ids[i] = a->pods[s->v_idx[i]].id;
        s->v_viol[i] = false;
    }
    if (s->opts.pdb && s->opts.pdb(s->opts.pdb_ud, s->v_ids, nv, s->v_viol) < 0)
        memset(s->v_viol, 0, nv * sizeof(bool));
    NEED(s->cands, s->n_cands + 1, s->cap_cands);
    struct ak_cand *c = &s->cands[s->n_cands];
    c->slot = slot;
    c->voff = s->n_cv;
    c->nv = 0;
    c->nviol = 0;
    NEED(s->cv, s->n_cv + nv, s->cap_cv);
    bool any_viol = false, any_ok = false;
    /* reprieve as many as possible: PDB-violating ones first, then the others, each group
     * from the most important down */
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < nv; i++) {
            if (s->v_viol[i] != (pass == 0))
                continue;
            const struct ak_prec *r = &a->pods[s->v_idx[i]];
            used_sub(&u, ext, r, -1); /* put it back */
            if (fit_reasons(s, slot, &u, NULL, NULL) == 0)
                continue; /* still fits: reprieved */
            used_sub(&u, ext, r, 1);
            s->cv[s->n_cv++] = s->v_idx[i];
            c->nv++;
            if (pass == 0)
                c->nviol++, any_viol = true;
            else
                any_ok = true;
        }
    }
    for (uint32_t i = 0; i < c->nv; i++) /* restore the scratch */
        used_sub(&u, ext, &a->pods[s->cv[c->voff + i]], -1);
    if (any_viol && any_ok)
        sort_victims(s, slot, s->cv + c->voff, c->nv);
    s->n_cands++;
    return true;
}

/* pickOneNodeForPreemption over s->cands (non-violating first). */
static uint32_t pick_candidate(struct ak_sched *s, uint32_t *order, uint32_t n)
{
    for (int crit = 0; crit < 5 && n > 1; crit++) {
        int64_t best = INT64_MIN;
        uint32_t m = 0;
        for (uint32_t i = 0; i < n; i++) {
            const struct ak_cand *c = &s->cands[order[i]];
            const uint32_t *v = s->cv + c->voff;
            int64_t score = 0;
            switch (crit) {
            case 0: score = -(int64_t)c->nviol; break;
            case 1: score = -(int64_t)victim_rec(s, c->slot, v[0])->prio; break;
            case 2:
                for (uint32_t j = 0; j < c->nv; j++)
                    score -= (int64_t)victim_rec(s, c->slot, v[j])->prio + 2147483648LL;
                break;
            case 3: score = -(int64_t)c->nv; break;
            case 4: { /* earliest start among the highest-priority victims; later is better */
                int32_t maxp = victim_rec(s, c->slot, v[0])->prio;
                int64_t earliest = victim_rec(s, c->slot, v[0])->start;
                for (uint32_t j = 0; j < c->nv; j++) {
                    const struct ak_prec *r = victim_rec(s, c->slot, v[j]);
                    if (r->prio == maxp && r->start < earliest)
                        earliest = r->start;
                    else if (r->prio > maxp)
                        maxp = r->prio, earliest = r->start;
                }
                score = earliest;
                break;
            }
            }
            if (score > best) {
                best = score;
                m = 0;
            }
            if (score == best)
                order[m++] = order[i];
        }
        n = m;
    }
    return order[0];
}

/* DefaultPreemption PostFilter. Either fills out as NOMINATED (true) or appends the
 * "preemption: ..." text to post (false). */
static bool preempt(struct ak_sched *s, const struct ak_sched_pod *pod, uint32_t n_pot,
                    struct ak_sched_result *out, struct ak_buf *post)
{
    if (pod->preempt_never) {
        ak_buf_puts(post, "preemption: not eligible due to preemptionPolicy=Never.");
        return false;
    }
    struct hist h2;
    hist_init(s, &h2);
    uint32_t evaluated = 0;
    s->n_cands = 0;
    s->n_cv = 0;
    if (n_pot > 0) {
        int64_t num = (int64_t)n_pot * s->opts.min_candidate_pct / 100;
        if (num < s->opts.min_candidate_abs)
            num = s->opts.min_candidate_abs;
        if (num > n_pot)
            num = n_pot;
        uint32_t offset = (uint32_t)ak_rand_below(&s->rng, n_pot);
        uint32_t n_ext = s->exts.n ? s->exts.n : 1;
        int64_t *ext = ak_xcalloc(n_ext, sizeof(int64_t));
        uint32_t non_viol = 0;
        for (uint32_t i = 0; i < n_pot; i++) {
            uint32_t slot = s->pot[(offset + i) % n_pot];
            if (s->min_prio[slot] >= pod->priority) { /* nothing lower to evict */
                h2.fixed[H_NO_VICTIMS]++;
                evaluated++;
                continue;
            }
            if (select_victims(s, pod, slot, &h2, ext)) {
                if (s->cands[s->n_cands - 1].nviol == 0)
                    non_viol++;
                if (non_viol > 0 && s->n_cands >= num)
                    break;
            } else {
                evaluated++;
            }
        }
        free(ext);
    }
    if (s->n_cands == 0) {
        ak_buf_printf(post, "preemption: 0/%u nodes are available: ", s->n_live);
        hist_format(s, &h2, H_NOT_HELPFUL, s->n_live - evaluated, post, NULL);
        return false;
    }
    /* candidates: non-violating ones first, in discovery order */
    uint32_t *order = ak_xcalloc(s->n_cands, sizeof(uint32_t));
    uint32_t m = 0;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < s->n_cands; i++)
            if ((s->cands[i].nviol == 0) == (pass == 0))
                order[m++] = i;
    uint32_t best = pick_candidate(s, order, m);
    free(order);
    const struct ak_cand *c = &s->cands[best];
    out->status = AK_SCHED_NOMINATED;
    out->node = (int32_t)c->slot;
    out->pdb_violations = c->nviol;
    NEED(out->victims, c->nv, out->cap_victims);
    for (uint32_t i = 0; i < c->nv; i++) {
        const struct ak_prec *r = victim_rec(s, c->slot, s->cv[c->voff + i]);
        out->victims[i].id = r->id;
        out->victims[i].priority = r->prio;
        out->victims[i].start_time = r->start;
    }
    out->n_victims = c->nv;
    return true;
}

/* ---- kubelet admission (spec.nodeName preset) ------------------------------------------------------------------- */

static int admit(struct ak_sched *s, const struct ak_sched_pod *pod, struct ak_sched_result *out)
{
    int32_t node = ak_sched_node_find(s, pod->node_name);
    if (node < 0) {
        out->status = AK_SCHED_NO_SUCH_NODE;
        return 0;
    }
    uint32_t n = (uint32_t)node;
    const struct ak_cpod *cp = &s->cp;
    out->node = node;
    out->n_evaluated = 1;
    const char *res = NULL;
    int64_t rq = 0, used = 0, capy = 0;
    if (s->npods[n] + 1 > s->alloc_pods[n]) {
        res = "pods", rq = 1, used = s->npods[n], capy = s->alloc_pods[n];
    } else if (cp->any_req) {
        if (cp->cpu && cp->cpu > s->alloc_cpu[n] - s->req_cpu[n])
            res = "cpu", rq = cp->cpu, used = s->req_cpu[n], capy = s->alloc_cpu[n];
        else if (cp->mem && cp->mem > s->alloc_mem[n] - s->req_mem[n])
            res = "memory", rq = cp->mem, used = s->req_mem[n], capy = s->alloc_mem[n];
        else if (cp->eph && cp->eph > s->alloc_eph[n] - s->req_eph[n])
            res = "ephemeral-storage", rq = cp->eph, used = s->req_eph[n], capy = s->alloc_eph[n];
        for (uint32_t i = 0; !res && i < cp->n_ext; i++) {
            uint32_t r = s->c_ext_rid[i];
            if (s->ext_alloc[r][n] == 0) /* removeMissingExtendedResources */
                continue;
            if (s->c_ext_qty[i] > s->ext_alloc[r][n] - s->ext_req[r][n])
                res = s->exts.str[r], rq = s->c_ext_qty[i], used = s->ext_req[r][n],
                capy = s->ext_alloc[r][n];
        }
    }
    if (res) {
        out->status = AK_SCHED_REJECTED;
        snprintf(out->reason, sizeof(out->reason), "OutOf%s", res);
        ak_buf_printf(&out->message,
                      "Node didn't have enough resource: %s, requested: %lld, used: %lld, capacity: %lld",
                      res, (long long)rq, (long long)used, (long long)capy);
        return 0;
    }
    if (!affinity_ok(s, n)) {
        out->status = AK_SCHED_REJECTED;
        snprintf(out->reason, sizeof(out->reason), "NodeAffinity");
        ak_buf_puts(&out->message,
                    "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector");
        return 0;
    }
    const struct ak_naux *a = &s->aux[n];
    for (uint32_t i = 0; i < a->n_tnt; i++) {
        const struct ak_taintrec *r = &s->taints[a->tnt[i]];
        if (r->eff == AK_SCHED_EFFECT_NO_EXECUTE && !pod_tolerates_rec(s, pod, r)) {
            out->status = AK_SCHED_REJECTED;
            snprintf(out->reason, sizeof(out->reason), "TaintToleration");
            ak_buf_puts(&out->message,
                        "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate");
            return 0;
        }
    }
    out->status = AK_SCHED_FIT;
    out->n_feasible = 1;
    return 0;
}

/* ---- the cycle ----------------------------------------------------------------------------------------------------- */

static void finish_unschedulable(struct ak_sched *s, const struct ak_sched_pod *pod,
                                 struct ak_sched_result *out, uint32_t n_pot)
{
    struct ak_buf post = AK_BUF_INIT(AK_BUF_UNLIMITED);
    snprintf(out->reason, sizeof(out->reason), "Unschedulable");
    if (preempt(s, pod, n_pot, out, &post)) {
        ak_buf_release(&post);
        return;
    }
    out->status = AK_SCHED_UNSCHEDULABLE;
    out->node = -1;
    ak_buf_putc(&out->message, ' ');
    ak_buf_puts(&out->message, ak_buf_cstr(&post));
    if (s->opts.preempt_double_period)
        ak_buf_putc(&out->message, '.');
    ak_buf_release(&post);
}

int ak_sched_schedule(struct ak_sched *s, const struct ak_sched_pod *pod,
                      struct ak_sched_result *out)
{
    result_reset(out);
    ensure_node_scratch(s);
    int rc = compile_pod(s, pod);
    if (rc)
        return rc;
    out->n_all = s->n_live;
    if (pod->node_name && *pod->node_name)
        return admit(s, pod, out);
    if (s->n_live == 0) {
        out->status = AK_SCHED_NO_NODES;
        ak_buf_puts(&out->message, "no nodes available to schedule pods");
        return 0;
    }
    struct ak_cpod *cp = &s->cp;
    if (cp->pf_conflict) {
        /* PreFilter rejected the pod: no per-node histogram, nothing to preempt */
        ak_buf_printf(&out->message, "0/%u nodes are available: pod affinity terms conflict.",
                      s->n_live);
        finish_unschedulable(s, pod, out, 0);
        return 0;
    }

    /* candidates */
    const uint32_t *list = NULL;
    uint32_t n_list = 0;
    bool all_slots = false;
    bool hopeless = cp->sel_impossible || (cp->has_req && cp->n_req == 0);
    if (cp->prefilter) {
        list = s->c_pf, n_list = cp->n_pf;
    } else if (!hopeless) {
        uint32_t pid = 0;
        if (cp->n_sel) {
            pid = s->c_sel_pid[0];
            for (uint32_t i = 1; i < cp->n_sel; i++)
                if (s->post[s->c_sel_pid[i]].n < s->post[pid].n)
                    pid = s->c_sel_pid[i];
        } else if (cp->n_req == 1) {
            /* a single required term with a single-value In: drive from that value's nodes */
            const struct ak_cterm *t = &s->c_terms[0];
            for (uint32_t i = 0; i < t->ne && !pid; i++) {
                const struct ak_cexpr *e = &s->c_exprs[t->eoff + i];
                if (e->op == AK_NSEL_IN && e->nv == 1 && e->kid) {
                    uint32_t p = ak_sched_pair_find(s, e->kid, s->c_vids[e->voff]);
                    if (p)
                        pid = p;
                }
            }
        }
        if (pid)
            list = s->post[pid].ids, n_list = s->post[pid].n;
        else
            all_slots = true;
    }
    uint32_t n_cand_all = cp->prefilter ? cp->n_pf : s->n_live;
    uint32_t limit = num_to_find(s, n_cand_all);
    uint32_t evaluated = 0;
    uint32_t nf = hopeless && !cp->prefilter ? 0
                                             : find_feasible(s, list, n_list, all_slots, limit, &evaluated);
    out->n_evaluated = evaluated;
    out->n_feasible = nf;
    if (nf > 0) {
        out->status = AK_SCHED_FIT;
        if (nf == 1) {
            out->node = (int32_t)s->feas[0];
            out->score = -1;
        } else {
            int64_t best;
            uint32_t i = select_host(s, nf, &best);
            out->node = (int32_t)s->feas[i];
            out->score = best;
        }
        return 0;
    }

    /* nothing fits: every (pre-filtered) node through the filters in plugin order */
    struct hist h;
    hist_init(s, &h);
    uint32_t n_pot = 0, with_status = 0;
    if (cp->prefilter) {
        for (uint32_t i = 0; i < cp->n_pf; i++) {
            uint32_t n = s->c_pf[i];
            with_status++;
            if (node_status(s, n, &h) == ST_UNSCHEDULABLE)
                s->pot[n_pot++] = n;
        }
    } else {
        for (uint32_t n = 0; n < s->n_slots; n++) {
            if (!s->live[n])
                continue;
            with_status++;
            if (node_status(s, n, &h) == ST_UNSCHEDULABLE)
                s->pot[n_pot++] = n;
        }
    }
    out->n_evaluated = with_status;
    ak_buf_printf(&out->message, "0/%u nodes are available: ", s->n_live);
    hist_format(s, &h, cp->prefilter ? H_PREFILTER : -1, s->n_live - with_status, &out->message,
                out);
    finish_unschedulable(s, pod, out, n_pot);
    return 0;
}
