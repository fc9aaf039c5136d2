#include "ak_kstore.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "../state/ak_codec.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_time.h"
#include "../util/ak_banned.h"

#define RING_CAP 16384
#define RING_BYTES ((size_t)64 << 20) /* the events kept for watchers: at most this many bytes */
#define DICT_BUCKETS 1024
#define ZSTD_MIN_DOC 160 /* smaller documents are kept plain */
#define ZSTD_LEVEL 1
#define META_PREFIX "{\"metadata\":{"
#define META_PREFIX_LEN 13

static struct ak_kind_ops kind_ops[AK_KIND_COUNT];

void ak_kind_set_ops(enum ak_kkind kind, const struct ak_kind_ops *ops)
{
    kind_ops[kind] = *ops;
}

struct pending {
    struct ak_kobj *obj; /* put (NULL for a delete) */
    char *key;           /* delete */
};

struct ak_kstore {
    char kube_id[17];
    char *cluster_id;
    struct ak_rand *rng;
    int64_t (*now_ms)(void *);
    void *now_ud;
    void *user;
    uint64_t rv;
    uint64_t stored_rv;
    bool loading;

    struct ak_kobj **tab;
    size_t tabcap, count;
    struct ak_kobj *head[AK_KIND_COUNT], *tail[AK_KIND_COUNT];
    struct ak_kobj *root[AK_KIND_COUNT];
    size_t nkind[AK_KIND_COUNT];

    struct ak_kev *ring;
    size_t ring_start, ring_len; /* circular */
    size_t ring_bytes;           /* stored (compressed) size of the events in the ring */
    uint64_t dropped_rv;         /* highest rv that fell out of the ring */
    struct ak_kwatch *watchers;

    struct pending *pend;
    size_t npend, cappend;
    struct ak_kobj **removed;
    size_t nremoved, capremoved;

    struct ak_kobj *orphans;
    ak_kstore_hook_fn hook;
    void *hook_ud;

    struct ak_kdict *dicts[DICT_BUCKETS];
    size_t ndicts;

    struct pstr **pool; /* interned strings: namespaces, owner names, label keys and values */
    size_t poolcap, pooln;
};

/* An interned, reference-counted string (the text follows the header). */
struct pstr {
    struct pstr *next;
    uint32_t refs;
    uint32_t hash;
    char s[];
};

/* A raw-content zstd dictionary: the first document of a family, which the later documents of
 * the family (same controller owner, or same kind) are compressed against - pods of one
 * ReplicaSet or DaemonSet differ in little more than their name, uid and node. */
struct ak_kdict {
    struct ak_kdict *next;
    struct ak_kstore *ks;
    uint64_t key;
    uint32_t refs;
    uint32_t len;
    char data[];
};

/* ------------------------------------------------------------------ kbuf */

struct ak_kbuf *ak_kbuf_new(const char *data, size_t len)
{
    struct ak_kbuf *b = ak_xmalloc(sizeof(*b) + len + 1);
    b->refs = 1;
    b->len = (uint32_t)len;
    memcpy(b->data, data, len);
    b->data[len] = '\0';
    return b;
}

struct ak_kbuf *ak_kbuf_ref(struct ak_kbuf *b)
{
    if (b)
        b->refs++;
    return b;
}

void ak_kbuf_unref(struct ak_kbuf *b)
{
    if (b && --b->refs == 0)
        free(b);
}

/* ------------------------------------------------------------------ basics */

void ak_k8s_time(int64_t ms, char out[40])
{
    ak_fmt_time(ms, 0, out);
}

const char *ak_kev_type_name(enum ak_kev_type t)
{
    return t == AK_KEV_ADDED ? "ADDED" : t == AK_KEV_MODIFIED ? "MODIFIED" : "DELETED";
}

struct ak_kstore *ak_kstore_new(const char *kube_id, const char *cluster_id, struct ak_rand *rng,
                                int64_t (*now_ms)(void *), void *now_ud)
{
    struct ak_kstore *ks = ak_xcalloc(1, sizeof(*ks));
    snprintf(ks->kube_id, sizeof(ks->kube_id), "%s", kube_id);
    ks->cluster_id = ak_xstrdup(cluster_id);
    ks->rng = rng;
    ks->now_ms = now_ms;
    ks->now_ud = now_ud;
    ks->tabcap = 1024;
    ks->tab = ak_xcalloc(ks->tabcap, sizeof(*ks->tab));
    ks->ring = ak_xcalloc(RING_CAP, sizeof(*ks->ring));
    return ks;
}

/* ------------------------------------------------------------------ interned strings */

static struct pstr *pstr_of(const char *s)
{
    return (struct pstr *)(void *)(s - offsetof(struct pstr, s));
}

static char *intern(struct ak_kstore *ks, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    uint32_t h = (uint32_t)ak_hash64(s, (unsigned long)len);
    if (ks->pooln + 1 > ks->poolcap * 3 / 4) {
        size_t ncap = ks->poolcap ? ks->poolcap * 2 : 1024;
        struct pstr **nt = ak_xcalloc(ncap, sizeof(*nt));
        for (size_t i = 0; i < ks->poolcap; i++)
            for (struct pstr *p = ks->pool[i]; p;) {
                struct pstr *n = p->next;
                p->next = nt[p->hash & (ncap - 1)];
                nt[p->hash & (ncap - 1)] = p;
                p = n;
            }
        free(ks->pool);
        ks->pool = nt;
        ks->poolcap = ncap;
    }
    struct pstr **slot = &ks->pool[h & (ks->poolcap - 1)];
    for (struct pstr *p = *slot; p; p = p->next)
        if (p->hash == h && strcmp(p->s, s) == 0) {
            p->refs++;
            return p->s;
        }
    struct pstr *p = ak_xmalloc(sizeof(*p) + len + 1);
    p->refs = 1;
    p->hash = h;
    memcpy(p->s, s, len + 1);
    p->next = *slot;
    *slot = p;
    ks->pooln++;
    return p->s;
}

static void unintern(struct ak_kstore *ks, const char *s)
{
    if (!s)
        return;
    struct pstr *p = pstr_of(s);
    if (--p->refs)
        return;
    for (struct pstr **pp = &ks->pool[p->hash & (ks->poolcap - 1)]; *pp; pp = &(*pp)->next)
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    ks->pooln--;
    free(p);
}

static void unintern_ptr(struct ak_kstore *ks, char **s)
{
    unintern(ks, *s);
    *s = NULL;
}

static char no_uid[1]; /* owner_uid of objects without a controller */

static void set_owner_uid(struct ak_kstore *ks, struct ak_kobj *o, const char *uid)
{
    if (o->owner_uid != no_uid)
        unintern(ks, o->owner_uid);
    o->owner_uid = uid && *uid ? intern(ks, uid) : no_uid;
}

/* labels: one array of interned keys and values */
static void labels_release(struct ak_kstore *ks, struct ak_kvs *l)
{
    for (size_t i = 0; i < l->n; i++) {
        unintern(ks, l->v[i].key);
        unintern(ks, l->v[i].val);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static int labels_decode(struct ak_kstore *ks, const json_t *obj, struct ak_kvs *out)
{
    labels_release(ks, out);
    if (!obj || json_is_null(obj))
        return 0;
    if (!json_is_object(obj))
        return AK_EINVAL;
    size_t n = json_object_size(obj);
    if (!n)
        return 0;
    out->v = ak_xcalloc(n, sizeof(*out->v));
    out->cap = n;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        if (!json_is_null(v) && !json_is_string(v)) {
            labels_release(ks, out);
            return AK_EINVAL;
        }
        out->v[out->n].key = intern(ks, k);
        out->v[out->n].val = intern(ks, json_is_null(v) ? "" : json_string_value(v));
        out->n++;
    }
    return 0;
}

/* ------------------------------------------------------------------ compressed documents */

static ZSTD_CCtx *zc;
static ZSTD_DCtx *zd;
static char *zbuf; /* the last decompressed document (render is not re-entrant) */
static size_t zcap;
static char *zout; /* compression scratch: results are copied out at their exact size, so
                    * no shrinking realloc leaves holes in the heap */
static size_t zoutcap;

static char *zscratch(size_t n)
{
    if (zoutcap < n) {
        zoutcap = n > 65536 ? n : 65536;
        free(zout);
        zout = ak_xmalloc(zoutcap);
    }
    return zout;
}

static void dict_unref(struct ak_kdict *d)
{
    if (!d || --d->refs)
        return;
    struct ak_kstore *ks = d->ks;
    for (struct ak_kdict **pp = &ks->dicts[d->key & (DICT_BUCKETS - 1)]; *pp; pp = &(*pp)->next)
        if (*pp == d) {
            *pp = d->next;
            break;
        }
    ks->ndicts--;
    free(d);
}

static uint64_t family_key(const struct ak_kobj *o)
{
    uint64_t h = 0x9e3779b97f4a7c15ull * (uint64_t)(o->kind + 1);
    if (o->owner_uid[0])
        h ^= ak_hash64(o->owner_uid, (unsigned long)strlen(o->owner_uid));
    return h ? h : 1;
}

/* Stores `doc` (taken) as o's document, compressed against its family's dictionary. */
static void doc_set(struct ak_kstore *ks, struct ak_kobj *o, char *doc, size_t len)
{
    free(o->doc);
    struct ak_kdict *old = o->dict;
    o->doc = NULL;
    o->dict = NULL;
    o->doc_len = (uint32_t)len;
    o->doc_zlen = (uint32_t)len;
    if (len < ZSTD_MIN_DOC) {
        o->doc = doc;
        dict_unref(old);
        return;
    }
    uint64_t key = family_key(o);
    struct ak_kdict *d = ks->dicts[key & (DICT_BUCKETS - 1)];
    while (d && d->key != key)
        d = d->next;
    if (!d) {
        d = ak_xmalloc(sizeof(*d) + len);
        d->ks = ks;
        d->key = key;
        d->refs = 0;
        d->len = (uint32_t)len;
        memcpy(d->data, doc, len);
        d->next = ks->dicts[key & (DICT_BUCKETS - 1)];
        ks->dicts[key & (DICT_BUCKETS - 1)] = d;
        ks->ndicts++;
    }
    if (!zc)
        zc = ZSTD_createCCtx();
    size_t cap = ZSTD_compressBound(len);
    char *z = zscratch(cap);
    size_t zl = zc ? ZSTD_compress_usingDict(zc, z, cap, doc, len, d->data, d->len, ZSTD_LEVEL) : 0;
    if (!zc || ZSTD_isError(zl) || zl >= len) {
        o->doc = doc;
        if (d->refs == 0) { /* nobody uses it */
            d->refs = 1;
            dict_unref(d);
        }
        dict_unref(old);
        return;
    }
    free(doc);
    o->doc = ak_xmalloc(zl);
    memcpy(o->doc, z, zl);
    o->doc_zlen = (uint32_t)zl;
    o->dict = d;
    d->refs++;
    dict_unref(old);
}

/* The object's document text (doc_len bytes); valid until the next call. */
static const char *doc_text(const struct ak_kobj *o)
{
    if (!o->dict)
        return o->doc;
    if (zcap < (size_t)o->doc_len + 1) {
        zcap = (size_t)o->doc_len + 1 > 4096 ? (size_t)o->doc_len + 1 : 4096;
        free(zbuf);
        zbuf = ak_xmalloc(zcap);
    }
    if (!zd)
        zd = ZSTD_createDCtx();
    size_t n = zd ? ZSTD_decompress_usingDict(zd, zbuf, zcap, o->doc, o->doc_zlen, o->dict->data,
                                              o->dict->len)
                  : 0;
    if (!zd || ZSTD_isError(n) || n != o->doc_len)
        ak_fatal("internal: a stored %s document does not decompress", ak_kind(o->kind)->name);
    zbuf[n] = '\0';
    return zbuf;
}

static void obj_free(struct ak_kobj *o)
{
    if (!o)
        return;
    struct ak_kstore *ks = o->store;
    if (o->ext && kind_ops[o->kind].free_ext)
        kind_ops[o->kind].free_ext(o->ext);
    unintern(ks, o->ns);
    free(o->name);
    labels_release(ks, &o->labels);
    unintern(ks, o->owner_kind);
    unintern(ks, o->owner_name);
    if (o->owner_uid != no_uid)
        unintern(ks, o->owner_uid);
    free(o->doc);
    dict_unref(o->dict);
    ak_kbuf_unref(o->rendered);
    free(o);
}

static void ring_clear(struct ak_kstore *ks)
{
    for (size_t i = 0; i < ks->ring_len; i++) {
        struct ak_kev *e = &ks->ring[(ks->ring_start + i) % RING_CAP];
        unintern(ks, e->ns);
        ak_kbuf_unref(e->obj);
        dict_unref(e->dict);
    }
    ks->ring_len = 0;
    ks->ring_bytes = 0;
}

void ak_kstore_free(struct ak_kstore *ks)
{
    if (!ks)
        return;
    for (int k = 0; k < AK_KIND_COUNT; k++) {
        struct ak_kobj *o = ks->head[k];
        while (o) {
            struct ak_kobj *n = o->next;
            obj_free(o);
            o = n;
        }
    }
    for (size_t i = 0; i < ks->nremoved; i++)
        obj_free(ks->removed[i]);
    for (size_t i = 0; i < ks->npend; i++)
        free(ks->pend[i].key);
    ring_clear(ks);
    for (size_t i = 0; i < ks->poolcap; i++) /* nothing should be left: be safe */
        for (struct pstr *p = ks->pool[i]; p;) {
            struct pstr *n = p->next;
            free(p);
            p = n;
        }
    free(ks->pool);
    free(ks->ring);
    free(ks->tab);
    free(ks->pend);
    free(ks->removed);
    free(ks->cluster_id);
    free(ks);
}

const char *ak_kstore_kube_id(const struct ak_kstore *ks) { return ks->kube_id; }
const char *ak_kstore_cluster_id(const struct ak_kstore *ks) { return ks->cluster_id; }
uint64_t ak_kstore_rv(const struct ak_kstore *ks) { return ks->rv; }
int64_t ak_kstore_now(const struct ak_kstore *ks) { return ks->now_ms(ks->now_ud); }
struct ak_rand *ak_kstore_rand(struct ak_kstore *ks) { return ks->rng; }
void *ak_kstore_user(const struct ak_kstore *ks) { return ks->user; }
void ak_kstore_set_user(struct ak_kstore *ks, void *user) { ks->user = user; }

/* ------------------------------------------------------------------ hash and lists */

static uint64_t key_hash(enum ak_kkind kind, const char *ns, const char *name)
{
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)kind;
    for (const char *p = ns; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    h = (h ^ 0xff) * 0x100000001b3ull;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    return h;
}

static void tab_grow(struct ak_kstore *ks)
{
    size_t ncap = ks->tabcap * 2;
    struct ak_kobj **nt = ak_xcalloc(ncap, sizeof(*nt));
    for (size_t i = 0; i < ks->tabcap; i++) {
        struct ak_kobj *o = ks->tab[i];
        while (o) {
            struct ak_kobj *n = o->hnext;
            size_t b = key_hash(o->kind, o->ns, o->name) & (ncap - 1);
            o->hnext = nt[b];
            nt[b] = o;
            o = n;
        }
    }
    free(ks->tab);
    ks->tab = nt;
    ks->tabcap = ncap;
}

/* ---- the ordered index ---- */

/* A key "ns/name" read byte by byte without building it. */
struct kpos {
    const unsigned char *p, *name;
    bool in_name;
};

static int knext(struct kpos *k)
{
    if (!k->in_name) {
        if (*k->p)
            return *k->p++;
        k->in_name = true;
        k->p = k->name;
        return '/';
    }
    return *k->p ? *k->p++ : -1;
}

/* Compares "ns/name" with "ons/oname" byte by byte (unsigned). */
static int key_cmp(const char *ns, const char *name, const char *ons, const char *oname)
{
    struct kpos a = {(const unsigned char *)ns, (const unsigned char *)name, false};
    struct kpos b = {(const unsigned char *)ons, (const unsigned char *)oname, false};
    for (;;) {
        int ca = knext(&a), cb = knext(&b);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (ca < 0)
            return 0;
    }
}

static int obj_cmp(const struct ak_kobj *x, const struct ak_kobj *y)
{
    return key_cmp(x->ns, x->name, y->ns, y->name);
}

static uint32_t tsz(const struct ak_kobj *t)
{
    return t ? t->tsize : 0;
}

static void tfix(struct ak_kobj *t)
{
    t->tsize = 1 + tsz(t->tl) + tsz(t->tr);
}

static struct ak_kobj *rot_right(struct ak_kobj *t)
{
    struct ak_kobj *l = t->tl;
    t->tl = l->tr;
    l->tr = t;
    tfix(t);
    tfix(l);
    return l;
}

static struct ak_kobj *rot_left(struct ak_kobj *t)
{
    struct ak_kobj *r = t->tr;
    t->tr = r->tl;
    r->tl = t;
    tfix(t);
    tfix(r);
    return r;
}

static struct ak_kobj *t_insert(struct ak_kobj *t, struct ak_kobj *o)
{
    if (!t)
        return o;
    if (obj_cmp(o, t) < 0) {
        t->tl = t_insert(t->tl, o);
        tfix(t);
        if (t->tl->tprio > t->tprio)
            t = rot_right(t);
    } else {
        t->tr = t_insert(t->tr, o);
        tfix(t);
        if (t->tr->tprio > t->tprio)
            t = rot_left(t);
    }
    return t;
}

static struct ak_kobj *t_merge(struct ak_kobj *a, struct ak_kobj *b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    if (a->tprio > b->tprio) {
        a->tr = t_merge(a->tr, b);
        tfix(a);
        return a;
    }
    b->tl = t_merge(a, b->tl);
    tfix(b);
    return b;
}

static struct ak_kobj *t_remove(struct ak_kobj *t, struct ak_kobj *o)
{
    if (!t)
        return NULL;
    if (t == o)
        return t_merge(t->tl, t->tr);
    if (obj_cmp(o, t) < 0)
        t->tl = t_remove(t->tl, o);
    else
        t->tr = t_remove(t->tr, o);
    tfix(t);
    return t;
}

void ak_kstore_iter(struct ak_kstore *ks, enum ak_kkind kind, const char *ns, const char *name,
                    struct ak_kiter *it)
{
    it->n = 0;
    for (struct ak_kobj *t = ks->root[kind]; t;) {
        if (!ns || key_cmp(ns, name ? name : "", t->ns, t->name) < 0) {
            ak_assert(it->n < (int)AK_ARRAY_LEN(it->st));
            it->st[it->n++] = t;
            t = t->tl;
        } else {
            t = t->tr;
        }
    }
}

struct ak_kobj *ak_kiter_next(struct ak_kiter *it)
{
    if (it->n == 0)
        return NULL;
    struct ak_kobj *o = it->st[--it->n];
    for (struct ak_kobj *t = o->tr; t; t = t->tl) {
        ak_assert(it->n < (int)AK_ARRAY_LEN(it->st));
        it->st[it->n++] = t;
    }
    return o;
}

/* objects with keys after (ns, name) */
static size_t count_gt(struct ak_kobj *t, const char *ns, const char *name)
{
    size_t n = 0;
    while (t) {
        if (key_cmp(ns, name, t->ns, t->name) < 0) {
            n += 1 + tsz(t->tr);
            t = t->tl;
        } else {
            t = t->tr;
        }
    }
    return n;
}

size_t ak_kstore_count_after(struct ak_kstore *ks, enum ak_kkind kind, const char *ns,
                             const char *name, bool ns_only)
{
    struct ak_kobj *root = ks->root[kind];
    if (!ns)
        return tsz(root);
    size_t after = count_gt(root, ns, name ? name : "");
    if (!ns_only)
        return after;
    /* minus the objects of later namespaces: keys after "ns/\xff..." */
    char hi[2] = {(char)0xff, 0};
    return after - count_gt(root, ns, hi);
}

static void link_obj(struct ak_kstore *ks, struct ak_kobj *o)
{
    o->tl = o->tr = NULL;
    o->tsize = 1;
    o->tprio = (uint32_t)(key_hash(o->kind, o->ns, o->name) >> 32) | 1u;
    ks->root[o->kind] = t_insert(ks->root[o->kind], o);
    if (ks->count + 1 > ks->tabcap * 3 / 4)
        tab_grow(ks);
    size_t b = key_hash(o->kind, o->ns, o->name) & (ks->tabcap - 1);
    o->hnext = ks->tab[b];
    ks->tab[b] = o;
    ks->count++;
    o->prev = ks->tail[o->kind];
    o->next = NULL;
    if (ks->tail[o->kind])
        ks->tail[o->kind]->next = o;
    else
        ks->head[o->kind] = o;
    ks->tail[o->kind] = o;
    ks->nkind[o->kind]++;
}

static void unlink_obj(struct ak_kstore *ks, struct ak_kobj *o)
{
    ks->root[o->kind] = t_remove(ks->root[o->kind], o);
    o->tl = o->tr = NULL;
    size_t b = key_hash(o->kind, o->ns, o->name) & (ks->tabcap - 1);
    for (struct ak_kobj **pp = &ks->tab[b]; *pp; pp = &(*pp)->hnext)
        if (*pp == o) {
            *pp = o->hnext;
            break;
        }
    ks->count--;
    if (o->prev)
        o->prev->next = o->next;
    else
        ks->head[o->kind] = o->next;
    if (o->next)
        o->next->prev = o->prev;
    else
        ks->tail[o->kind] = o->prev;
    ks->nkind[o->kind]--;
}

struct ak_kobj *ak_kstore_get(struct ak_kstore *ks, enum ak_kkind kind, const char *ns,
                              const char *name)
{
    if (!ns)
        ns = "";
    size_t b = key_hash(kind, ns, name) & (ks->tabcap - 1);
    for (struct ak_kobj *o = ks->tab[b]; o; o = o->hnext)
        if (o->kind == kind && strcmp(o->name, name) == 0 && strcmp(o->ns, ns) == 0)
            return o;
    return NULL;
}

struct ak_kobj *ak_kstore_first(struct ak_kstore *ks, enum ak_kkind kind)
{
    return ks->head[kind];
}

struct ak_kobj *ak_kstore_next(struct ak_kobj *o)
{
    return o->next;
}

size_t ak_kstore_count(const struct ak_kstore *ks, enum ak_kkind kind)
{
    return ks->nkind[kind];
}

void ak_kstore_set_hook(struct ak_kstore *ks, ak_kstore_hook_fn fn, void *ud)
{
    ks->hook = fn;
    ks->hook_ud = ud;
}

static void notify(struct ak_kstore *ks, struct ak_kobj *o, enum ak_kev_type t)
{
    if (ks->hook && !ks->loading)
        ks->hook(ks->hook_ud, o, t);
}

/* ------------------------------------------------------------------ ownership */

struct ak_kobj *ak_kstore_orphans(struct ak_kstore *ks)
{
    return ks->orphans;
}

static enum ak_kkind kind_named(const char *name)
{
    for (int k = 0; name && k < AK_KIND_COUNT; k++)
        if (strcmp(ak_kind(k)->name, name) == 0)
            return k;
    return AK_KIND_COUNT;
}

static void sib_push(struct ak_kobj **list, struct ak_kobj *o)
{
    o->sib_prev = NULL;
    o->sib_next = *list;
    if (*list)
        (*list)->sib_prev = o;
    *list = o;
}

/* Takes o off its owner's kids list or the orphan list. */
static void sib_unlink(struct ak_kstore *ks, struct ak_kobj *o)
{
    struct ak_kobj **list = o->owner ? &o->owner->kids : o->orphan ? &ks->orphans : NULL;
    if (!list)
        return;
    if (o->sib_prev)
        o->sib_prev->sib_next = o->sib_next;
    else
        *list = o->sib_next;
    if (o->sib_next)
        o->sib_next->sib_prev = o->sib_prev;
    o->sib_next = o->sib_prev = NULL;
    o->owner = NULL;
    o->orphan = false;
}

/* Links o under the object its controller ownerReference names, or on the orphan list when
 * that object (of a kind this store serves) does not exist with that uid. */
static void owner_link(struct ak_kstore *ks, struct ak_kobj *o)
{
    sib_unlink(ks, o);
    if (!o->owner_name)
        return;
    enum ak_kkind k = kind_named(o->owner_kind);
    if (k == AK_KIND_COUNT)
        return; /* a kind not served here: never collected */
    struct ak_kobj *own = ak_kstore_get(ks, k, ak_kind(k)->namespaced ? o->ns : "", o->owner_name);
    if (own && own != o && strcmp(own->uid, o->owner_uid) == 0) {
        o->owner = own;
        sib_push(&own->kids, o);
    } else {
        o->orphan = true;
        sib_push(&ks->orphans, o);
    }
}

/* o goes away: it leaves its owner, and the objects it controls become orphans. */
static void owner_forget(struct ak_kstore *ks, struct ak_kobj *o)
{
    sib_unlink(ks, o);
    while (o->kids) {
        struct ak_kobj *k = o->kids;
        sib_unlink(ks, k);
        k->orphan = true;
        sib_push(&ks->orphans, k);
    }
}

/* ------------------------------------------------------------------ documents */

/* Skips one JSON value starting at p (compact or not); returns the position after it. */
static const char *skip_value(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
        p++;
    if (p >= end)
        return end;
    if (*p == '"') {
        for (p++; p < end; p++) {
            if (*p == '\\')
                p++;
            else if (*p == '"')
                return p + 1;
        }
        return end;
    }
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; p < end; p++) {
            if (*p == '"') {
                p = skip_value(p, end) - 1;
                continue;
            }
            if (*p == '{' || *p == '[')
                depth++;
            else if (*p == '}' || *p == ']') {
                if (--depth == 0)
                    return p + 1;
            }
        }
        return end;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']')
        p++;
    return p;
}

/* Offset just after the top-level `"spec":{` of a compact object, 0 if none. */
static size_t find_spec(const char *doc, size_t len)
{
    const char *p = doc + 1, *end = doc + len;
    while (p < end && *p != '}') {
        if (*p == ',')
            p++;
        const char *kstart = p;
        p = skip_value(p, end); /* key */
        bool is_spec = (size_t)(p - kstart) == 6 && memcmp(kstart, "\"spec\"", 6) == 0;
        if (p >= end || *p != ':')
            return 0;
        p++;
        if (is_spec && *p == '{')
            return (size_t)(p + 1 - doc);
        p = skip_value(p, end);
    }
    return 0;
}

void ak_kobj_render(const struct ak_kobj *o, struct ak_buf *b)
{
    const struct ak_kind_info *ki = ak_kind(o->kind);
    ak_buf_printf(b, "{\"kind\":\"%s\",\"apiVersion\":\"%s\",\"metadata\":{\"resourceVersion\":\"%llu\"",
                  ki->name, ki->api_version, (unsigned long long)o->rv);
    const char *doc = doc_text(o);
    size_t len = o->doc_len;
    if (doc[META_PREFIX_LEN] != '}')
        ak_buf_putc(b, ',');
    int64_t now = ak_kstore_now(o->store);
    struct ak_buf inj = AK_BUF_INIT(AK_BUF_UNLIMITED);
    bool have = kind_ops[o->kind].spec_inject && kind_ops[o->kind].spec_inject(o, &inj, now);
    if (have && o->spec_off) {
        ak_buf_append(b, doc + META_PREFIX_LEN, o->spec_off - META_PREFIX_LEN);
        ak_buf_append(b, inj.data, inj.len);
        if (doc[o->spec_off] != '}')
            ak_buf_putc(b, ',');
        ak_buf_append(b, doc + o->spec_off, len - 1 - o->spec_off);
    } else if (have) {
        ak_buf_append(b, doc + META_PREFIX_LEN, len - 1 - META_PREFIX_LEN);
        ak_buf_puts(b, ",\"spec\":{");
        ak_buf_append(b, inj.data, inj.len);
        ak_buf_putc(b, '}');
    } else {
        ak_buf_append(b, doc + META_PREFIX_LEN, len - 1 - META_PREFIX_LEN);
    }
    ak_buf_release(&inj);
    if (kind_ops[o->kind].render)
        kind_ops[o->kind].render(o, b, now);
    ak_buf_putc(b, '}');
}

bool ak_kobj_render_meta(const struct ak_kobj *o, struct ak_buf *b)
{
    const char *doc = doc_text(o);
    const char *mstart = doc + META_PREFIX_LEN - 1; /* the '{' of metadata */
    const char *mend = skip_value(mstart, doc + o->doc_len);
    if (memmem(mstart, (size_t)(mend - mstart), "\"managedFields\"", 15))
        return false;
    ak_buf_printf(b, "{\"resourceVersion\":\"%llu\"", (unsigned long long)o->rv);
    if (mstart[1] != '}')
        ak_buf_putc(b, ',');
    ak_buf_append(b, mstart + 1, (size_t)(mend - mstart - 1));
    return true;
}

const char *ak_kobj_spec_text(const struct ak_kobj *o, size_t *len)
{
    if (!o->spec_off)
        return NULL;
    const char *doc = doc_text(o);
    *len = o->doc_len - o->spec_off;
    return doc + o->spec_off;
}

json_t *ak_kobj_json(const struct ak_kobj *o)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_kobj_render(o, &b);
    json_t *j = json_loadb(b.data, b.len, 0, NULL);
    ak_buf_release(&b);
    if (!j)
        ak_fatal("internal: an object of kind %s does not render as JSON", ak_kind(o->kind)->name);
    return j;
}

static int64_t parse_time(const json_t *v)
{
    int64_t ms;
    if (json_is_string(v) && ak_parse_time(json_string_value(v), &ms) == 0)
        return ms;
    return 0;
}

/* Reads the identity and index fields out of metadata and builds the stored doc. `full` is
 * modified (kind/apiVersion/resourceVersion removed, typed fields taken by the kind's hook). */
static int absorb(struct ak_kstore *ks, struct ak_kobj *o, json_t *full, struct ak_err *err)
{
    json_t *meta = json_object_get(full, "metadata");
    json_object_del(full, "kind");
    json_object_del(full, "apiVersion");
    json_object_del(meta, "resourceVersion");
    json_object_del(meta, "selfLink");
    o->deleted_ms = parse_time(json_object_get(meta, "deletionTimestamp"));
    json_t *gen = json_object_get(meta, "generation");
    o->generation = json_is_integer(gen) ? json_integer_value(gen) : 0;
    if (labels_decode(ks, json_object_get(meta, "labels"), &o->labels) != 0)
        return ak_err_set(err, 422, "Invalid", "metadata.labels: must be a map of strings");
    unintern_ptr(ks, &o->owner_kind);
    unintern_ptr(ks, &o->owner_name);
    set_owner_uid(ks, o, NULL);
    size_t i;
    json_t *ref;
    json_array_foreach(json_object_get(meta, "ownerReferences"), i, ref)
    {
        if (json_is_true(json_object_get(ref, "controller"))) {
            o->owner_kind = intern(ks, ak_json_str(ref, "kind"));
            o->owner_name = intern(ks, ak_json_str(ref, "name"));
            set_owner_uid(ks, o, ak_json_str(ref, "uid"));
            break;
        }
    }
    if (kind_ops[o->kind].split) {
        int rc = kind_ops[o->kind].split(o, full, err);
        if (rc)
            return rc;
    }
    /* metadata first, then the rest in order */
    json_t *ordered = json_object();
    json_object_set(ordered, "metadata", meta);
    const char *k;
    json_t *v;
    json_object_foreach(full, k, v)
    {
        if (strcmp(k, "metadata") != 0)
            json_object_set(ordered, k, v);
    }
    char *doc = json_dumps(ordered, JSON_COMPACT);
    json_decref(ordered);
    if (!doc || strncmp(doc, META_PREFIX, META_PREFIX_LEN) != 0)
        ak_fatal("internal: unexpected document layout");
    size_t len = strlen(doc);
    o->spec_off = find_spec(doc, len);
    doc_set(ks, o, doc, len);
    return 0;
}

/* ------------------------------------------------------------------ events and pending writes */

static void ring_drop_oldest(struct ak_kstore *ks)
{
    struct ak_kev *e = &ks->ring[ks->ring_start];
    ks->dropped_rv = e->rv;
    ks->ring_bytes -= e->obj->len;
    unintern(ks, e->ns);
    ak_kbuf_unref(e->obj);
    dict_unref(e->dict);
    ks->ring_start = (ks->ring_start + 1) % RING_CAP;
    ks->ring_len--;
}

static void push_event(struct ak_kstore *ks, struct ak_kobj *o, enum ak_kev_type type)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_kobj_render(o, &b);
    struct ak_kbuf *raw = ak_kbuf_new(b.data, b.len);
    ak_buf_release(&b);
    /* the ring keeps the rendering compressed against the object's dictionary */
    struct ak_kbuf *stored = NULL;
    struct ak_kdict *dict = NULL;
    if (o->dict && zc) {
        size_t cap = ZSTD_compressBound(raw->len);
        char *z = zscratch(cap);
        size_t zl = ZSTD_compress_usingDict(zc, z, cap, raw->data, raw->len, o->dict->data,
                                            o->dict->len, ZSTD_LEVEL);
        if (!ZSTD_isError(zl) && zl < raw->len) {
            stored = ak_kbuf_new(z, zl);
            dict = o->dict;
            dict->refs++;
        }
    }
    if (!stored)
        stored = ak_kbuf_ref(raw);
    /* bounded in events and in bytes: a watcher left behind gets 410 Expired, as from an
     * apiserver whose watch cache moved on, instead of the daemon holding everything for it */
    while (ks->ring_len && (ks->ring_len == RING_CAP || ks->ring_bytes + stored->len > RING_BYTES))
        ring_drop_oldest(ks);
    struct ak_kev *e = &ks->ring[(ks->ring_start + ks->ring_len) % RING_CAP];
    ks->ring_len++;
    e->rv = o->rv;
    e->type = type;
    e->kind = o->kind;
    e->ns = intern(ks, o->ns);
    e->dict = dict;
    e->raw_len = (uint32_t)raw->len;
    e->obj = stored;
    ks->ring_bytes += stored->len;
    if (type != AK_KEV_DELETED) {
        ak_kbuf_unref(o->rendered);
        o->rendered = raw; /* the commit stores this rendering */
    } else {
        ak_kbuf_unref(raw);
    }
    for (struct ak_kwatch *w = ks->watchers; w; w = w->next)
        if (w->kind == o->kind && (!w->ns || strcmp(w->ns, o->ns) == 0) && w->wake)
            w->wake(w);
}

static void add_pending_put(struct ak_kstore *ks, struct ak_kobj *o)
{
    if (o->pending)
        return;
    o->pending = true;
    o->pend_idx = (uint32_t)ks->npend;
    AK_GROW(ks->pend, ks->npend + 1, ks->cappend);
    ks->pend[ks->npend].obj = o;
    ks->pend[ks->npend].key = NULL;
    ks->npend++;
}

static char *store_key(const struct ak_kstore *ks, const struct ak_kobj *o)
{
    return ak_xasprintf("%s/%s/%s/%s", ks->kube_id, ak_kind(o->kind)->resource, o->ns, o->name);
}

/* ------------------------------------------------------------------ writes */

static const char gen_chars[] = "bcdfghjklmnpqrstvwxz2456789";

void ak_kstore_generate_name(struct ak_kstore *ks, const char *prefix, char *out, size_t n)
{
    char suf[6];
    for (int i = 0; i < 5; i++)
        suf[i] = gen_chars[ak_rand_below(ks->rng, sizeof(gen_chars) - 1)];
    suf[5] = '\0';
    snprintf(out, n, "%.*s%s", 58, prefix, suf);
}

static bool kind_has_generation(enum ak_kkind k)
{
    return k == AK_KIND_DEPLOYMENT || k == AK_KIND_REPLICASET || k == AK_KIND_DAEMONSET ||
           k == AK_KIND_JOB || k == AK_KIND_PDB;
}

int ak_kstore_create(struct ak_kstore *ks, enum ak_kkind kind, json_t *in, struct ak_kobj **out,
                     struct ak_err *err)
{
    const struct ak_kind_info *ki = ak_kind(kind);
    json_t *full = json_deep_copy(in);
    json_t *meta = json_object_get(full, "metadata");
    if (!json_is_object(meta)) {
        meta = json_object();
        json_object_set_new(full, "metadata", meta);
    }
    const char *name = ak_json_str(meta, "name");
    char gen[80];
    if (!name || !*name) {
        const char *prefix = ak_json_str(meta, "generateName");
        if (!prefix || !*prefix) {
            json_decref(full);
            return ak_err_set(err, 422, "Invalid",
                              "%s \"\" is invalid: metadata.name: Required value: name or "
                              "generateName is required",
                              ki->name);
        }
        for (int tries = 0; tries < 8; tries++) {
            ak_kstore_generate_name(ks, prefix, gen, sizeof(gen));
            if (!ak_kstore_get(ks, kind, ak_json_str(meta, "namespace"), gen))
                break;
        }
        ak_json_set_str(meta, "name", gen);
        name = gen;
    }
    const char *ns = ki->namespaced ? ak_json_str(meta, "namespace") : "";
    if (ki->namespaced && (!ns || !*ns)) {
        ns = "default";
        ak_json_set_str(meta, "namespace", ns);
    }
    if (!ki->namespaced)
        json_object_del(meta, "namespace");
    if (ak_kstore_get(ks, kind, ns, name)) {
        int rc = ak_err_set(err, 409, "AlreadyExists", "%s%s%s \"%s\" already exists", ki->resource,
                            *ki->group ? "." : "", ki->group, name);
        json_decref(full);
        return rc;
    }
    struct ak_kobj *o = ak_xcalloc(1, sizeof(*o));
    o->store = ks;
    o->kind = kind;
    o->ns = intern(ks, ns);
    o->name = ak_xstrdup(name);
    ak_rand_uuid(ks->rng, o->uid);
    ak_json_set_str(meta, "uid", o->uid);
    o->created_ms = ak_kstore_now(ks);
    char t[40];
    ak_k8s_time(o->created_ms, t);
    ak_json_set_str(meta, "creationTimestamp", t);
    if (kind_has_generation(kind))
        json_object_set_new(meta, "generation", json_integer(1));
    int rc = absorb(ks, o, full, err);
    json_decref(full);
    if (rc) {
        obj_free(o);
        return rc;
    }
    o->rv = ++ks->rv;
    link_obj(ks, o);
    owner_link(ks, o);
    add_pending_put(ks, o);
    push_event(ks, o, AK_KEV_ADDED);
    if (out)
        *out = o;
    notify(ks, o, AK_KEV_ADDED);
    return 0;
}

int ak_kstore_create_text(struct ak_kstore *ks, enum ak_kkind kind, const char *ns, const char *name,
                          const char *members, size_t len, struct ak_kobj **out, struct ak_err *err)
{
    const struct ak_kind_info *ki = ak_kind(kind);
    if (!ki->namespaced)
        ns = "";
    if (ak_kstore_get(ks, kind, ns, name))
        return ak_err_set(err, 409, "AlreadyExists", "%s%s%s \"%s\" already exists", ki->resource,
                          *ki->group ? "." : "", ki->group, name);
    struct ak_kobj *o = ak_xcalloc(1, sizeof(*o));
    o->store = ks;
    o->kind = kind;
    o->ns = intern(ks, ns);
    o->name = ak_xstrdup(name);
    ak_rand_uuid(ks->rng, o->uid);
    o->created_ms = ak_kstore_now(ks);
    set_owner_uid(ks, o, NULL);
    char t[40];
    ak_k8s_time(o->created_ms, t);
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_puts(&b, META_PREFIX "\"name\":");
    ak_buf_json_str(&b, name);
    if (*ns) {
        ak_buf_puts(&b, ",\"namespace\":");
        ak_buf_json_str(&b, ns);
    }
    ak_buf_printf(&b, ",\"uid\":\"%s\",\"creationTimestamp\":\"%s\"}", o->uid, t);
    if (len) {
        ak_buf_putc(&b, ',');
        ak_buf_append(&b, members, len);
    }
    ak_buf_putc(&b, '}');
    size_t dl = b.len;
    char *doc = ak_xmalloc(dl + 1);
    memcpy(doc, b.data, dl);
    doc[dl] = '\0';
    ak_buf_release(&b);
    o->spec_off = (uint32_t)find_spec(doc, dl);
    doc_set(ks, o, doc, dl);
    o->rv = ++ks->rv;
    link_obj(ks, o);
    add_pending_put(ks, o);
    push_event(ks, o, AK_KEV_ADDED);
    if (out)
        *out = o;
    notify(ks, o, AK_KEV_ADDED);
    return 0;
}

int ak_kstore_update(struct ak_kstore *ks, struct ak_kobj *o, json_t *in, struct ak_err *err)
{
    json_t *full = json_deep_copy(in);
    json_t *meta = json_object_get(full, "metadata");
    if (!json_is_object(meta)) {
        meta = json_object();
        json_object_set_new(full, "metadata", meta);
    }
    /* identity fields cannot change */
    ak_json_set_str(meta, "name", o->name);
    if (*o->ns)
        ak_json_set_str(meta, "namespace", o->ns);
    else
        json_object_del(meta, "namespace");
    ak_json_set_str(meta, "uid", o->uid);
    char t[40];
    ak_k8s_time(o->created_ms, t);
    ak_json_set_str(meta, "creationTimestamp", t);
    if (kind_has_generation(o->kind)) {
        /* generation moves when the spec changes */
        json_t *old = ak_kobj_json(o);
        bool spec_changed = !json_equal(json_object_get(old, "spec"), json_object_get(full, "spec"));
        json_decref(old);
        json_object_set_new(meta, "generation",
                            json_integer(o->generation + (spec_changed ? 1 : 0)));
    }
    char *old_owner = o->owner_name ? ak_xstrdup(o->owner_name) : NULL;
    char *old_uid = ak_xstrdup(o->owner_uid);
    int rc = absorb(ks, o, full, err);
    json_decref(full);
    if (rc) {
        free(old_owner);
        free(old_uid);
        return rc;
    }
    if (!ak_streq(old_owner, o->owner_name) || strcmp(old_uid, o->owner_uid) != 0)
        owner_link(ks, o);
    free(old_owner);
    free(old_uid);
    o->rv = ++ks->rv;
    add_pending_put(ks, o);
    push_event(ks, o, AK_KEV_MODIFIED);
    notify(ks, o, AK_KEV_MODIFIED);
    return 0;
}

void ak_kstore_touch(struct ak_kstore *ks, struct ak_kobj *o)
{
    o->rv = ++ks->rv;
    add_pending_put(ks, o);
    push_event(ks, o, AK_KEV_MODIFIED);
    notify(ks, o, AK_KEV_MODIFIED);
}

void ak_kstore_delete(struct ak_kstore *ks, struct ak_kobj *o)
{
    if (o->removed)
        return;
    o->rv = ++ks->rv;
    push_event(ks, o, AK_KEV_DELETED);
    unlink_obj(ks, o);
    o->removed = true;
    /* a pending put of this object is dropped: its slot becomes the delete */
    char *key = store_key(ks, o);
    if (o->pending) {
        ks->pend[o->pend_idx].obj = NULL;
        ks->pend[o->pend_idx].key = key;
        o->pending = false;
    } else {
        AK_GROW(ks->pend, ks->npend + 1, ks->cappend);
        ks->pend[ks->npend].obj = NULL;
        ks->pend[ks->npend].key = key;
        ks->npend++;
    }
    AK_GROW(ks->removed, ks->nremoved + 1, ks->capremoved);
    ks->removed[ks->nremoved++] = o;
    notify(ks, o, AK_KEV_DELETED); /* the hook still sees the owner and the kids */
    owner_forget(ks, o);
}

/* ------------------------------------------------------------------ watch */

void ak_kstore_watch_add(struct ak_kstore *ks, struct ak_kwatch *w)
{
    w->next = ks->watchers;
    ks->watchers = w;
}

void ak_kstore_watch_del(struct ak_kstore *ks, struct ak_kwatch *w)
{
    for (struct ak_kwatch **pp = &ks->watchers; *pp; pp = &(*pp)->next)
        if (*pp == w) {
            *pp = w->next;
            return;
        }
}

uint64_t ak_kstore_oldest_rv(const struct ak_kstore *ks)
{
    return ks->dropped_rv;
}

bool ak_kstore_watch_expired(const struct ak_kstore *ks, const struct ak_kwatch *w)
{
    return w->cursor < ks->dropped_rv;
}

const struct ak_kev *ak_kstore_next_event(const struct ak_kstore *ks, const struct ak_kwatch *w)
{
    /* binary search the first event with rv > cursor */
    size_t lo = 0, hi = ks->ring_len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ks->ring[(ks->ring_start + mid) % RING_CAP].rv <= w->cursor)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < ks->ring_len; i++) {
        const struct ak_kev *e = &ks->ring[(ks->ring_start + i) % RING_CAP];
        if (e->kind == w->kind && (!w->ns || strcmp(w->ns, e->ns) == 0))
            return e;
    }
    return NULL;
}

struct ak_kbuf *ak_kev_object(const struct ak_kev *e)
{
    if (!e->dict)
        return ak_kbuf_ref(e->obj);
    struct ak_kbuf *b = ak_xmalloc(sizeof(*b) + e->raw_len + 1);
    b->refs = 1;
    b->len = e->raw_len;
    if (!zd)
        zd = ZSTD_createDCtx();
    size_t n = zd ? ZSTD_decompress_usingDict(zd, b->data, e->raw_len, e->obj->data, e->obj->len,
                                              e->dict->data, e->dict->len)
                  : 0;
    if (!zd || ZSTD_isError(n) || n != e->raw_len)
        ak_fatal("internal: a watch event does not decompress");
    b->data[n] = '\0';
    return b;
}

/* ------------------------------------------------------------------ durability */

bool ak_kstore_dirty(const struct ak_kstore *ks)
{
    return ks->npend > 0 || ks->rv != ks->stored_rv;
}

void ak_kstore_key_prefix(const struct ak_kstore *ks, char *out, size_t n)
{
    snprintf(out, n, "%s/", ks->kube_id);
}

int ak_kstore_flush(struct ak_kstore *ks, struct ak_store *store)
{
    int rc = 0;
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    for (size_t i = 0; rc == 0 && !store->discard && i < ks->npend; i++) {
        struct pending *p = &ks->pend[i];
        if (p->obj) {
            const char *data;
            size_t len;
            if (p->obj->rendered) {
                data = p->obj->rendered->data;
                len = p->obj->rendered->len;
            } else {
                ak_buf_reset(&b);
                ak_kobj_render(p->obj, &b);
                data = b.data;
                len = b.len;
            }
            char *key = store_key(ks, p->obj);
            rc = ak_store_put(store, "kobj", key, data, len);
            free(key);
        } else {
            rc = ak_store_del(store, "kobj", p->key);
        }
    }
    ak_buf_release(&b);
    if (rc == 0 && ks->rv != ks->stored_rv) {
        char v[64];
        snprintf(v, sizeof(v), "{\"rv\":%llu}", (unsigned long long)ks->rv);
        rc = ak_store_put(store, "kmeta", ks->kube_id, v, strlen(v));
    }
    return rc;
}

void ak_kstore_done(struct ak_kstore *ks, bool ok)
{
    if (!ok)
        return; /* the kube world reloads everything */
    for (size_t i = 0; i < ks->npend; i++) {
        if (ks->pend[i].obj) {
            ks->pend[i].obj->pending = false;
            ak_kbuf_unref(ks->pend[i].obj->rendered);
            ks->pend[i].obj->rendered = NULL;
        }
        free(ks->pend[i].key);
    }
    ks->npend = 0;
    for (size_t i = 0; i < ks->nremoved; i++)
        obj_free(ks->removed[i]);
    ks->nremoved = 0;
    ks->stored_rv = ks->rv;
}

void ak_kstore_free_removed(struct ak_kstore *ks)
{
    for (size_t i = 0; i < ks->nremoved; i++)
        obj_free(ks->removed[i]);
    ks->nremoved = 0;
}

int ak_kstore_purge(struct ak_kstore *ks, struct ak_store *store)
{
    int rc = 0;
    for (int k = 0; rc == 0 && k < AK_KIND_COUNT; k++)
        for (struct ak_kobj *o = ks->head[k]; rc == 0 && o; o = o->next) {
            char *key = store_key(ks, o);
            rc = ak_store_del(store, "kobj", key);
            free(key);
        }
    for (size_t i = 0; rc == 0 && i < ks->npend; i++)
        if (!ks->pend[i].obj)
            rc = ak_store_del(store, "kobj", ks->pend[i].key);
    if (rc == 0)
        rc = ak_store_del(store, "kmeta", ks->kube_id);
    return rc;
}

int ak_kstore_load_one(struct ak_kstore *ks, const char *key, const char *val, size_t len)
{
    /* key = kube_id/resource/ns/name */
    const char *p = strchr(key, '/');
    if (!p)
        return AK_EINVAL;
    const char *q = strchr(p + 1, '/');
    if (!q)
        return AK_EINVAL;
    char resource[64];
    snprintf(resource, sizeof(resource), "%.*s", (int)(q - p - 1), p + 1);
    const struct ak_kind_info *ki = NULL;
    for (int k = 0; k < AK_KIND_COUNT; k++)
        if (strcmp(ak_kind(k)->resource, resource) == 0)
            ki = ak_kind(k);
    if (!ki)
        return AK_EINVAL;
    json_error_t jerr;
    json_t *full = json_loadb(val, len, 0, &jerr);
    if (!json_is_object(full)) {
        json_decref(full);
        return AK_EINVAL;
    }
    json_t *meta = json_object_get(full, "metadata");
    const char *name = ak_json_str(meta, "name");
    const char *ns = ki->namespaced ? ak_json_str(meta, "namespace") : "";
    const char *uid = ak_json_str(meta, "uid");
    const char *rv = ak_json_str(meta, "resourceVersion");
    if (!name || !ns || !uid) {
        json_decref(full);
        return AK_EINVAL;
    }
    struct ak_kobj *o = ak_xcalloc(1, sizeof(*o));
    o->store = ks;
    o->kind = ki->kind;
    o->ns = intern(ks, ns);
    o->name = ak_xstrdup(name);
    snprintf(o->uid, sizeof(o->uid), "%s", uid);
    o->created_ms = parse_time(json_object_get(meta, "creationTimestamp"));
    int64_t r = 0;
    if (rv)
        ak_parse_i64(rv, 0, INT64_MAX, &r);
    o->rv = (uint64_t)r;
    struct ak_err err;
    if (absorb(ks, o, full, &err) != 0) {
        json_decref(full);
        obj_free(o);
        return AK_EINVAL;
    }
    json_decref(full);
    if (o->rv > ks->rv)
        ks->rv = o->rv;
    ks->stored_rv = ks->rv;
    link_obj(ks, o);
    return 0;
}

bool ak_kstore_loading(const struct ak_kstore *ks)
{
    return ks->loading;
}

void ak_kstore_set_loading(struct ak_kstore *ks, bool on)
{
    ks->loading = on;
    /* the changes up to the loaded resourceVersion are not in the (empty) ring: a watch from
     * an older resourceVersion must get 410 Expired and relist, as from kube-apiserver after a
     * restart, not silently miss them */
    ks->dropped_rv = ks->rv;
    if (!on) /* owners may have been loaded after the objects they control */
        for (int k = 0; k < AK_KIND_COUNT; k++)
            for (struct ak_kobj *o = ks->head[k]; o; o = o->next)
                if (o->owner_name && !o->owner)
                    owner_link(ks, o);
}

void ak_kstore_set_loaded_rv(struct ak_kstore *ks, uint64_t rv)
{
    if (rv > ks->rv)
        ks->rv = rv;
    ks->stored_rv = ks->rv;
    ks->dropped_rv = ks->rv; /* see ak_kstore_set_loading() */
}
