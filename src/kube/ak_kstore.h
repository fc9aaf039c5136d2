/* ak_kstore.h - one emulated cluster's Kubernetes objects: a hash of (kind, namespace, name),
 * a list per kind, the resourceVersion counter, a ring of recent changes that watches read
 * from, and the pending changes the next ak_state_commit() makes durable.
 *
 * Storage: each object keeps its JSON text (`doc`) without kind, apiVersion and
 * metadata.resourceVersion, which are added when rendering. Kinds with hooks (pods, nodes,
 * leases) keep their fast-changing fields typed in `ext` and render them at read time, so a
 * status change does not re-serialise the whole object.
 *
 * Ownership: the store owns every object; pointers are borrowed and valid until the object is
 * deleted (deleted objects are freed after the next commit). Rendered strings are returned as
 * new ak_kbuf references. */
#ifndef AK_KSTORE_H
#define AK_KSTORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "ak_kinds.h"
#include "../store/ak_store.h"
#include "../util/ak_buf.h"
#include "../util/ak_err.h"
#include "../util/ak_rand.h"
#include "../util/ak_str.h"

struct ak_kstore;
struct ak_kobj;
struct ak_kdict;

enum ak_kev_type { AK_KEV_ADDED, AK_KEV_MODIFIED, AK_KEV_DELETED };

/* A reference-counted byte string (rendered objects in the watch ring). */
struct ak_kbuf {
    uint32_t refs;
    uint32_t len;
    char data[];
};
struct ak_kbuf *ak_kbuf_new(const char *data, size_t len);
struct ak_kbuf *ak_kbuf_ref(struct ak_kbuf *b);
void ak_kbuf_unref(struct ak_kbuf *b);

/* Hooks of kinds that keep typed state. */
struct ak_kind_ops {
    /* Takes the fields it owns out of `full` (which the caller then stores as doc) into o->ext.
     * `prev` is the previous version's ext (update) or NULL. Returns 0 or AK_EINVAL (+err). */
    int (*split)(struct ak_kobj *o, json_t *full, struct ak_err *err);
    /* Appends the members it owns to a rendering (each starting with ','). */
    void (*render)(const struct ak_kobj *o, struct ak_buf *b, int64_t now_ms);
    /* Writes typed members at the start of the top-level spec object (e.g. a pod's nodeName),
     * as `"k":v` pairs separated by commas, without a trailing comma; returns false if none. */
    bool (*spec_inject)(const struct ak_kobj *o, struct ak_buf *b, int64_t now_ms);
    void (*free_ext)(void *ext);
};
void ak_kind_set_ops(enum ak_kkind kind, const struct ak_kind_ops *ops);

struct ak_kobj {
    struct ak_kobj *hnext;
    struct ak_kobj *next, *prev;
    struct ak_kstore *store;
    enum ak_kkind kind;
    char *ns; /* "" for cluster-scoped kinds */
    char *name;
    char uid[37];
    uint64_t rv;
    int64_t created_ms;
    int64_t deleted_ms; /* metadata.deletionTimestamp, 0 = not being deleted */
    int64_t generation;
    struct ak_kvs labels;
    char *owner_kind, *owner_name; /* controller ownerReference, or NULL */
    char *owner_uid;     /* its uid ("" if none); interned */
    /* the document: zstd-compressed against `dict` (an earlier document of the same family:
     * the objects of one controller owner, or of one kind) when dict != NULL, else plain */
    char *doc;
    uint32_t doc_len;  /* uncompressed length */
    uint32_t doc_zlen; /* stored length */
    struct ak_kdict *dict;
    uint32_t spec_off; /* offset just after the top-level `"spec":{`, 0 if none */
    void *ext;
    bool pending;    /* on the store's pending list */
    bool removed;    /* deleted; freed after commit */
    bool orphan;     /* has a controller ownerReference whose object does not exist */
    uint32_t pend_idx;             /* slot on the pending list while `pending` */
    /* The ownership index: `owner` is the object the controller ownerReference names (same
     * uid), `kids` the objects naming this one; siblings are linked through sib_*. Orphans
     * (owner absent) are linked on the store's orphan list instead. */
    struct ak_kobj *owner, *kids, *sib_next, *sib_prev;
    struct ak_kbuf *rendered;      /* rendering at `rv` kept until the next commit, or NULL */
    /* the controllers' work queue (ak_kctrl) */
    struct ak_kobj *wq_next, *wq_prev;
    bool wq_in;
    /* the per-kind index in key order (a treap with subtree sizes) */
    struct ak_kobj *tl, *tr;
    uint32_t tprio, tsize;
};

struct ak_kev {
    uint64_t rv;
    enum ak_kev_type type;
    enum ak_kkind kind;
    char *ns;
    struct ak_kbuf *obj;   /* the rendered object at this resourceVersion (see ak_kev_object) */
    struct ak_kdict *dict; /* obj is compressed against it, or NULL */
    uint32_t raw_len;
};
/* The event's object as JSON text: a new reference the caller releases. */
struct ak_kbuf *ak_kev_object(const struct ak_kev *e);

/* A watch: reads the ring from `cursor` on; the API layer owns it. */
struct ak_kwatch {
    struct ak_kwatch *next;
    enum ak_kkind kind;
    const char *ns; /* NULL = all namespaces */
    uint64_t cursor;
    void (*wake)(struct ak_kwatch *w);
    void *ud;
};

struct ak_kstore *ak_kstore_new(const char *kube_id, const char *cluster_id, struct ak_rand *rng,
                                int64_t (*now_ms)(void *), void *now_ud);
void ak_kstore_free(struct ak_kstore *ks);
const char *ak_kstore_kube_id(const struct ak_kstore *ks);
const char *ak_kstore_cluster_id(const struct ak_kstore *ks);
uint64_t ak_kstore_rv(const struct ak_kstore *ks);
int64_t ak_kstore_now(const struct ak_kstore *ks);
struct ak_rand *ak_kstore_rand(struct ak_kstore *ks);
void *ak_kstore_user(const struct ak_kstore *ks); /* the kube world's per-cluster data */
void ak_kstore_set_user(struct ak_kstore *ks, void *user);

/* ---- reads ---- */
struct ak_kobj *ak_kstore_get(struct ak_kstore *ks, enum ak_kkind kind, const char *ns,
                              const char *name);
struct ak_kobj *ak_kstore_first(struct ak_kstore *ks, enum ak_kkind kind);
struct ak_kobj *ak_kstore_next(struct ak_kobj *o);
size_t ak_kstore_count(const struct ak_kstore *ks, enum ak_kkind kind);

/* Objects of a kind in key order - "namespace/name" (cluster-scoped: "name") compared byte by
 * byte, the order of kube-apiserver's etcd keys - for LIST and its continue tokens. */
struct ak_kiter {
    struct ak_kobj *st[128];
    int n;
};
/* Starts at the first object whose key is after (ns, name); ns NULL = from the first object.
 * Exclusive: (ns, "") starts at the namespace's first object. */
void ak_kstore_iter(struct ak_kstore *ks, enum ak_kkind kind, const char *ns, const char *name,
                    struct ak_kiter *it);
struct ak_kobj *ak_kiter_next(struct ak_kiter *it);
/* How many objects of the kind have keys after (ns, name) (ns NULL: all), and, with
 * ns_only, in namespace ns only. O(log n). */
size_t ak_kstore_count_after(struct ak_kstore *ks, enum ak_kkind kind, const char *ns,
                             const char *name, bool ns_only);
/* The object as the API returns it (kind, apiVersion, resourceVersion, typed fields). */
void ak_kobj_render(const struct ak_kobj *o, struct ak_buf *b);
json_t *ak_kobj_json(const struct ak_kobj *o); /* parsed rendering, new reference */
/* The stored text from the top-level spec object on (everything but metadata and the typed
 * fields), for comparing objects' specs; NULL if there is no spec. Valid until the next
 * rendering of any object. */
const char *ak_kobj_spec_text(const struct ak_kobj *o, size_t *len);
/* Appends the object's metadata as rendered ({"resourceVersion":...,"name":...}); false (and
 * nothing appended) if it holds managedFields. */
bool ak_kobj_render_meta(const struct ak_kobj *o, struct ak_buf *b);

/* ---- writes: each bumps the resourceVersion, records a watch event and a pending write ----
 * `full` is the complete object (borrowed; the store keeps a normalised copy). create fills
 * uid, creationTimestamp, generation and namespace; it fails with 409 AlreadyExists. */
int ak_kstore_create(struct ak_kstore *ks, enum ak_kkind kind, json_t *full, struct ak_kobj **out,
                     struct ak_err *err);
/* The same from the document's members after metadata as JSON text (`"a":1,"b":"x"`, valid
 * and escaped: the caller's duty), for kinds without typed state, labels or owners (events);
 * metadata gets name, namespace, uid and creationTimestamp. */
int ak_kstore_create_text(struct ak_kstore *ks, enum ak_kkind kind, const char *ns, const char *name,
                          const char *members, size_t len, struct ak_kobj **out, struct ak_err *err);
/* Replaces the object's content (metadata identity fields are kept). */
int ak_kstore_update(struct ak_kstore *ks, struct ak_kobj *o, json_t *full, struct ak_err *err);
/* The typed state in o->ext changed: bump rv and record it. */
void ak_kstore_touch(struct ak_kstore *ks, struct ak_kobj *o);
void ak_kstore_delete(struct ak_kstore *ks, struct ak_kobj *o);
/* Generates a name for metadata.generateName (prefix + 5 characters). */
void ak_kstore_generate_name(struct ak_kstore *ks, const char *prefix, char *out, size_t n);

/* ---- change hook ----
 * Called after every create, update, touch and delete (for a delete the object is already
 * unlinked and stays valid until the next commit). The hook must not write to the store. One
 * hook per store (the controllers'). */
typedef void (*ak_kstore_hook_fn)(void *ud, struct ak_kobj *o, enum ak_kev_type type);
void ak_kstore_set_hook(struct ak_kstore *ks, ak_kstore_hook_fn fn, void *ud);

/* ---- ownership ---- */
/* The objects whose controller owner does not exist (candidates for garbage collection),
 * linked through sib_next. */
struct ak_kobj *ak_kstore_orphans(struct ak_kstore *ks);
/* Objects controlled by o, linked through sib_next. */
static inline struct ak_kobj *ak_kobj_kids(const struct ak_kobj *o) { return o->kids; }

/* ---- watch ---- */
void ak_kstore_watch_add(struct ak_kstore *ks, struct ak_kwatch *w);
void ak_kstore_watch_del(struct ak_kstore *ks, struct ak_kwatch *w);
/* Oldest resourceVersion a watch can resume from (older ones get 410 Gone). */
uint64_t ak_kstore_oldest_rv(const struct ak_kstore *ks);
/* The next event after `cursor` (for the watch's kind/namespace), or NULL. Borrowed. */
const struct ak_kev *ak_kstore_next_event(const struct ak_kstore *ks, const struct ak_kwatch *w);
/* True if events after the watch's cursor were dropped from the ring (watch too slow). */
bool ak_kstore_watch_expired(const struct ak_kstore *ks, const struct ak_kwatch *w);

/* ---- durability (driven by the kube world as an ak_state participant) ---- */
bool ak_kstore_dirty(const struct ak_kstore *ks);
int ak_kstore_flush(struct ak_kstore *ks, struct ak_store *store);
void ak_kstore_done(struct ak_kstore *ks, bool ok);
/* Frees the objects deleted since the last commit now, while whoever hangs state on them (the
 * controllers' scheduling views of pods) still exists: before a store is thrown away. */
void ak_kstore_free_removed(struct ak_kstore *ks);
/* True while objects are being loaded from the store (hooks then keep stored status). */
bool ak_kstore_loading(const struct ak_kstore *ks);
void ak_kstore_set_loading(struct ak_kstore *ks, bool on);
void ak_kstore_set_loaded_rv(struct ak_kstore *ks, uint64_t rv);
/* Loads one stored object (value = rendered JSON). */
int ak_kstore_load_one(struct ak_kstore *ks, const char *key, const char *val, size_t len);
/* Deletes every stored object of this cluster (cluster deletion). */
int ak_kstore_purge(struct ak_kstore *ks, struct ak_store *store);
/* store key prefix "<kube_id>/" */
void ak_kstore_key_prefix(const struct ak_kstore *ks, char *out, size_t n);

/* helpers */
const char *ak_kev_type_name(enum ak_kev_type t);
/* metadata.creationTimestamp style "2026-11-28T10:58:27Z" */
void ak_k8s_time(int64_t ms, char out[40]);

#endif
