/* ak_sched_int.h - private layout shared by ak_sched.c (tables) and ak_sched_run.c
 * (compile, filter, score, preempt). Not for other modules. */
#ifndef AK_SCHED_INT_H
#define AK_SCHED_INT_H

#include "ak_sched.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/ak_rand.h"

/* ---- string -> u32 map (open addressing, tombstones) ----------------------------------------- */

struct ak_smap {
    const char **key; /* borrowed from the owner of the strings; NULL empty, TOMB deleted */
    uint32_t *val;
    uint32_t cap; /* power of two or 0 */
    uint32_t n, used;
};

/* ---- interned strings: ids 1..n-1, 0 = none ---------------------------------------------------- */

struct ak_itab {
    struct ak_smap map;
    char **str; /* str[0] = NULL */
    uint32_t n, cap;
};

/* ---- taints ------------------------------------------------------------------------------------ */

enum { TAINT_UNSCHED = 0, TAINT_DEAD = 1, TAINT_FIRST = 2 };

struct ak_taintrec {
    char *key, *value;
    uint8_t eff;   /* AK_SCHED_EFFECT_* */
    uint32_t ref;  /* nodes carrying it; 0 = free slot */
    uint64_t khash;
    char *text;    /* "node(s) had untolerated taint {k: v}" */
};

/* ---- pods recorded on a node ------------------------------------------------------------------- */

struct ak_pext {
    uint32_t rid;
    int64_t qty;
};

struct ak_prec {
    uint64_t id;
    int64_t start;
    int64_t cpu, mem, eph, nzc, nzm;
    int32_t prio;
    uint32_t n_ext;
    struct ak_pext *ext;
};

struct ak_naux {
    uint32_t *lab; /* pair ids, label order */
    uint32_t n_lab, cap_lab;
    uint32_t *tnt; /* taint ids, node order */
    uint32_t n_tnt, cap_tnt;
    struct ak_prec *pods;
    uint32_t n_pods, cap_pods;
};

struct ak_posting {
    uint32_t *ids; /* sorted slots */
    uint32_t n, cap;
};

/* ---- a pod compiled against the current tables ------------------------------------------------- */

enum { CF_EQ_SLOT, CF_NE_SLOT, CF_TRUE, CF_FALSE };

struct ak_cexpr {
    uint32_t kid; /* 0 = key unknown: every node lacks it */
    uint8_t op;   /* enum ak_nsel_op */
    uint32_t voff, nv; /* known value ids in s->c_vids */
    int64_t num;  /* Gt / Lt */
};

struct ak_cfield {
    uint8_t kind; /* CF_* */
    int32_t slot;
};

struct ak_cterm {
    uint32_t eoff, ne;
    uint32_t foff, nf;
    int32_t weight;
};

struct ak_cpod {
    int64_t cpu, mem, eph, nzc, nzm;
    bool any_req;
    uint32_t n_ext; /* s->c_ext_rid / c_ext_qty */
    bool any_pref;  /* some untolerated PreferNoSchedule taint exists */
    uint32_t n_sel; /* s->c_sel_kid / vid / pid */
    bool sel_impossible;
    bool has_req;
    uint32_t n_req;  /* valid required terms: s->c_terms[0..n_req) */
    uint32_t n_pref; /* valid preferred terms: s->c_terms[n_req..n_req+n_pref) */
    bool prefilter;  /* candidates restricted to s->c_pf[0..n_pf) */
    uint32_t n_pf;
    bool pf_conflict; /* "pod affinity terms conflict" */
};

/* ---- the scheduler ----------------------------------------------------------------------------- */

struct ak_sched {
    struct ak_sched_opts opts;
    struct ak_rand rng;

    /* node slots: columns of length cap */
    uint32_t cap, n_slots, n_live;
    uint32_t *free_slots;
    uint32_t n_free, cap_free;
    char **name;
    uint8_t *live, *unsched, *ready;
    int64_t *alloc_cpu, *alloc_mem, *alloc_eph, *alloc_pods;
    int64_t *req_cpu, *req_mem, *req_eph, *npods;
    int64_t *nz_cpu, *nz_mem;
    double *inv_cpu, *inv_mem; /* 1.0 / allocatable (0 when allocatable is 0): scoring */
    int32_t *min_prio;         /* lowest priority among the node's pods, INT32_MAX if none */
    uint64_t **tw; /* [n_tw][cap] taint bits */
    uint32_t n_tw;
    struct ak_naux *aux;
    struct ak_smap names; /* name -> slot */

    /* labels */
    struct ak_itab keys;  /* label keys */
    uint32_t **col;       /* [keys.n][cap] value id per node, 0 = absent */
    uint32_t cap_col;
    struct ak_itab vals;  /* label values */
    int64_t *val_num;     /* parsed integer (Gt/Lt) */
    uint8_t *val_isnum;
    uint32_t cap_valnum;
    /* (key,value) pairs */
    uint64_t *pair_hkey;  /* open addressing: (kid << 32 | vid) + 1, 0 empty */
    uint32_t *pair_hval;
    uint32_t pair_hcap, n_pairs; /* pair ids 1..n_pairs-1 */
    uint32_t *pair_kid, *pair_vid;
    struct ak_posting *post;
    uint32_t cap_pairs;

    /* taints */
    struct ak_taintrec *taints;
    uint32_t n_tids, cap_tids;

    /* extended resources */
    struct ak_itab exts;
    int64_t **ext_alloc, **ext_req; /* [exts.n][cap] */
    uint32_t cap_extcols;

    /* round robin start for percentageOfNodesToScore */
    uint32_t next_start;

    /* ---- scratch, grown on demand, reused for every pod ---- */
    struct ak_cpod cp;
    uint32_t *c_ext_rid;
    int64_t *c_ext_qty;
    uint32_t cap_c_ext;
    uint64_t *c_untol_hard, *c_untol_pref;
    uint32_t cap_c_tw;
    uint32_t *c_sel_kid, *c_sel_vid, *c_sel_pid;
    uint32_t cap_c_sel;
    struct ak_cexpr *c_exprs;
    uint32_t n_c_exprs, cap_c_exprs;
    struct ak_cfield *c_fields;
    uint32_t n_c_fields, cap_c_fields;
    uint32_t *c_vids;
    uint32_t n_c_vids, cap_c_vids;
    struct ak_cterm *c_terms;
    uint32_t cap_c_terms;
    uint32_t *c_pf;
    uint32_t cap_c_pf;
    uint64_t *c_tolhash;
    uint8_t *c_toleff;
    uint32_t cap_c_tol;
    /* per-node scratch, length cap */
    uint32_t *feas;
    int64_t *sc_base, *sc_tt, *sc_na;
    uint32_t *pot; /* preemption: potential nodes */
    uint8_t *mark;
    uint32_t cap_scratch;
    /* histogram */
    uint32_t *h_tnt;  /* per taint id */
    uint32_t cap_h_tnt;
    uint32_t *h_ext;  /* per ext id */
    uint32_t cap_h_ext;
    /* preemption */
    uint32_t *v_idx;   /* victim record indices */
    uint32_t cap_v_idx;
    uint64_t *v_ids;
    bool *v_viol;
    uint32_t cap_v_ids;
    uint32_t *cv;      /* victims of all candidates */
    uint32_t n_cv, cap_cv;
    struct ak_cand *cands;
    uint32_t n_cands, cap_cands;
};

struct ak_cand {
    uint32_t slot;
    uint32_t voff, nv;
    uint32_t nviol;
};

/* ak_sched.c helpers used by ak_sched_run.c */
uint32_t ak_smap_get(const struct ak_smap *m, const char *k);
uint32_t ak_itab_find(const struct ak_itab *t, const char *s);
uint32_t ak_itab_intern(struct ak_itab *t, const char *s);
uint32_t ak_sched_pair_find(const struct ak_sched *s, uint32_t kid, uint32_t vid);
uint32_t ak_sched_ext_intern(struct ak_sched *s, const char *name);
uint8_t ak_sched_effect_parse(const char *e); /* 0 = empty, 8 = unknown */

#endif
