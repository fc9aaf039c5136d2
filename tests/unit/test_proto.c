/* test_proto.c - protobuf request bodies -> JSON. A small protobuf encoder below builds the
 * bodies kubectl 1.32 sends (gogo-protobuf: non-pointer fields always present, even empty),
 * wrapped in the "k8s\0" + runtime.Unknown envelope; the decoded JSON is compared with
 * json_equal. Then malformed, hostile and oversized inputs. The decoder's .c is included to
 * reach its static time/duration/UTF-8 helpers. */
#include "unit_helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "../../src/kube/ak_proto.c"

/* ---- a tiny protobuf encoder ---- */

struct enc {
    uint8_t *d;
    size_t n, cap;
};

static struct enc *enc_new(void)
{
    return ak_xcalloc(1, sizeof(struct enc));
}

static void enc_free(struct enc *e)
{
    if (e) {
        free(e->d);
        free(e);
    }
}

static void e_raw(struct enc *e, const void *p, size_t n)
{
    AK_GROW(e->d, e->n + n, e->cap);
    if (n)
        memcpy(e->d + e->n, p, n);
    e->n += n;
}

static void e_byte(struct enc *e, uint8_t b)
{
    e_raw(e, &b, 1);
}

static void e_varint(struct enc *e, uint64_t v)
{
    while (v >= 0x80) {
        e_byte(e, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    e_byte(e, (uint8_t)v);
}

static void e_tag(struct enc *e, uint32_t field, int wt)
{
    e_varint(e, (uint64_t)field << 3 | (uint64_t)wt);
}

/* varint field (int32/int64/bool: negative values sign-extended to 10 bytes, as Go does) */
static void e_int(struct enc *e, uint32_t field, int64_t v)
{
    e_tag(e, field, 0);
    e_varint(e, (uint64_t)v);
}

static void e_bytes(struct enc *e, uint32_t field, const void *p, size_t n)
{
    e_tag(e, field, 2);
    e_varint(e, n);
    e_raw(e, p, n);
}

static void e_str(struct enc *e, uint32_t field, const char *s)
{
    e_bytes(e, field, s, strlen(s));
}

/* embedded message; takes sub */
static void e_msg(struct enc *e, uint32_t field, struct enc *sub)
{
    e_bytes(e, field, sub->d, sub->n);
    enc_free(sub);
}

/* map<string,string> entry */
static void e_map(struct enc *e, uint32_t field, const char *k, const char *v)
{
    struct enc *en = enc_new();
    e_str(en, 1, k);
    e_str(en, 2, v);
    e_msg(e, field, en);
}

static struct enc *quantity(const char *s)
{
    struct enc *q = enc_new();
    e_str(q, 1, s);
    return q;
}

/* map<string, Quantity> entry */
static void e_mapq(struct enc *e, uint32_t field, const char *k, const char *v)
{
    struct enc *en = enc_new();
    e_str(en, 1, k);
    e_msg(en, 2, quantity(v));
    e_msg(e, field, en);
}

static struct enc *intstr_int(int32_t v)
{
    struct enc *x = enc_new();
    e_int(x, 1, 0);
    e_int(x, 2, v);
    e_str(x, 3, "");
    return x;
}

static struct enc *intstr_str(const char *s)
{
    struct enc *x = enc_new();
    e_int(x, 1, 1);
    e_int(x, 2, 0);
    e_str(x, 3, s);
    return x;
}

/* metav1.Time: zero time marshals to nothing; otherwise Timestamp{1 seconds, 2 nanos} */
static struct enc *ktime(int64_t sec, int32_t nanos)
{
    struct enc *t = enc_new();
    if (sec == 0 && nanos == 0)
        return t;
    e_int(t, 1, sec);
    e_int(t, 2, nanos);
    return t;
}

/* ObjectMeta as gogo emits it: all non-pointer fields; labels as k, v, ..., NULL */
static struct enc *objmeta(const char *name, const char *ns, const char *const *labels)
{
    struct enc *m = enc_new();
    e_str(m, 1, name);
    e_str(m, 2, "");
    e_str(m, 3, ns ? ns : "");
    e_str(m, 4, "");
    e_str(m, 5, "");
    e_str(m, 6, "");
    e_int(m, 7, 0);
    e_msg(m, 8, ktime(0, 0));
    for (size_t i = 0; labels && labels[i]; i += 2)
        e_map(m, 11, labels[i], labels[i + 1]);
    return m;
}

/* magic + runtime.Unknown; takes raw */
static struct enc *envelope(const char *api_version, const char *kind, struct enc *raw)
{
    struct enc *e = enc_new();
    e_raw(e, "k8s\0", 4);
    struct enc *tm = enc_new();
    e_str(tm, 1, api_version);
    e_str(tm, 2, kind);
    struct enc *u = enc_new();
    e_msg(u, 1, tm);
    e_msg(u, 2, raw);
    e_str(u, 3, "");
    e_str(u, 4, "");
    e_raw(e, u->d, u->n);
    enc_free(u);
    return e;
}

/* Container defaults gogo always emits (after the fields a test sets itself). */
static void container_defaults(struct enc *c, bool with_resources)
{
    e_str(c, 5, "");
    if (!with_resources)
        e_msg(c, 8, enc_new());
    e_str(c, 13, "/dev/termination-log");
    e_str(c, 14, "IfNotPresent");
    e_int(c, 16, 0);
    e_int(c, 17, 0);
    e_int(c, 18, 0);
    e_str(c, 20, "File");
}

/* PodSpec non-pointer scalars, empty */
static void podspec_defaults(struct enc *s)
{
    e_str(s, 3, "");
    e_str(s, 6, "");
    e_str(s, 8, "");
    e_str(s, 9, "");
    e_str(s, 10, "");
    e_int(s, 11, 0);
    e_int(s, 12, 0);
    e_int(s, 13, 0);
    e_str(s, 16, "");
    e_str(s, 17, "");
    e_str(s, 19, "");
    e_str(s, 24, "");
}

/* ---- assertions ---- */

/* JSON from a literal with ' for " */
static json_t *J(const char *lit)
{
    char *s = ak_xstrdup(lit);
    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    if (j == NULL)
        fail_msg("bad expected JSON (%s): %s", je.text, s);
    free(s);
    return j;
}

static void assert_json(json_t *got, const char *want_lit)
{
    json_t *want = J(want_lit);
    if (got == NULL)
        fail_msg("decode returned NULL");
    if (!json_equal(got, want)) {
        char *g = json_dumps(got, JSON_SORT_KEYS);
        char *w = json_dumps(want, JSON_SORT_KEYS);
        fail_msg("JSON differs\n got: %s\nwant: %s", g, w);
    }
    json_decref(want);
}

static void expect_body(struct enc *body, const char *want_lit)
{
    struct ak_err err = {0};
    json_t *got = ak_proto_decode(body->d, body->n, &err);
    if (got == NULL)
        fail_msg("decode failed: %d %s: %s", err.status, err.code, err.message);
    assert_json(got, want_lit);
    json_decref(got);
    enc_free(body);
}

/* decoding must fail with this status, reason and message fragment */
static void expect_fail(const void *buf, size_t len, int status, const char *reason,
                        const char *frag)
{
    struct ak_err err = {0};
    json_t *got = ak_proto_decode(buf, len, &err);
    if (got != NULL) {
        char *g = json_dumps(got, JSON_SORT_KEYS);
        fail_msg("expected failure containing \"%s\", decoded %s", frag, g);
    }
    if (err.status != status || strcmp(err.code, reason) != 0)
        fail_msg("expected %d %s, got %d %s: %s", status, reason, err.status, err.code,
                 err.message);
    ASSERT_CONTAINS(err.message, frag);
}

static void expect_fail_body(struct enc *body, int status, const char *reason, const char *frag)
{
    expect_fail(body->d, body->n, status, reason, frag);
    enc_free(body);
}

static void check_robust_fwd(const uint8_t *d, size_t n);

/* ---- kubectl's bodies ---- */

static struct enc *namespace_body(const char *name)
{
    struct enc *ns = enc_new();
    e_msg(ns, 1, objmeta(name, NULL, NULL));
    e_msg(ns, 2, enc_new()); /* NamespaceSpec{} */
    struct enc *st = enc_new();
    e_str(st, 1, "");
    e_msg(ns, 3, st);
    return envelope("v1", "Namespace", ns);
}

static void test_namespace(void **state)
{
    (void)state;
    expect_body(namespace_body("team-a"),
                "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'team-a'}}");
}

/* kubectl create deployment web --image=nginx --replicas=N, plus resources */
static struct enc *deployment_body(int32_t replicas, bool resources)
{
    static const char *const lbl[] = {"app", "web", NULL};
    struct enc *c = enc_new();
    e_str(c, 1, "nginx");
    e_str(c, 2, "nginx:1.27");
    if (resources) {
        struct enc *rr = enc_new();
        e_mapq(rr, 1, "cpu", "500m");
        e_mapq(rr, 1, "memory", "128Mi");
        e_mapq(rr, 2, "cpu", "250m");
        e_mapq(rr, 2, "memory", "64Mi");
        e_msg(c, 8, rr);
    }
    container_defaults(c, resources);

    struct enc *ps = enc_new();
    e_msg(ps, 2, c);
    e_str(ps, 3, "Always");
    e_int(ps, 4, 30);
    e_str(ps, 6, "ClusterFirst");
    e_str(ps, 8, "");
    e_str(ps, 9, "");
    e_str(ps, 10, "");
    e_int(ps, 11, 0);
    e_int(ps, 12, 0);
    e_int(ps, 13, 0);
    e_msg(ps, 14, enc_new()); /* securityContext: {} (a pointer) */
    e_str(ps, 16, "");
    e_str(ps, 17, "");
    e_str(ps, 19, "default-scheduler");
    e_str(ps, 24, "");

    struct enc *tpl = enc_new();
    e_msg(tpl, 1, objmeta("", NULL, lbl));
    e_msg(tpl, 2, ps);

    struct enc *sel = enc_new();
    e_map(sel, 1, "app", "web");

    struct enc *strat = enc_new();
    e_str(strat, 1, "");

    struct enc *spec = enc_new();
    e_int(spec, 1, replicas);
    e_msg(spec, 2, sel);
    e_msg(spec, 3, tpl);
    e_msg(spec, 4, strat);
    e_int(spec, 5, 0);
    e_int(spec, 7, 0);

    struct enc *status = enc_new();
    for (uint32_t f = 1; f <= 5; f++)
        e_int(status, f, 0);
    e_int(status, 7, 0);

    struct enc *d = enc_new();
    e_msg(d, 1, objmeta("web", NULL, lbl));
    e_msg(d, 2, spec);
    e_msg(d, 3, status);
    return envelope("apps/v1", "Deployment", d);
}

static void test_deployment(void **state)
{
    (void)state;
    expect_body(deployment_body(3, true),
                "{'apiVersion':'apps/v1','kind':'Deployment',"
                " 'metadata':{'name':'web','labels':{'app':'web'}},"
                " 'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}},"
                "  'template':{'metadata':{'labels':{'app':'web'}},"
                "   'spec':{'containers':[{'name':'nginx','image':'nginx:1.27',"
                "     'resources':{'limits':{'cpu':'500m','memory':'128Mi'},"
                "                  'requests':{'cpu':'250m','memory':'64Mi'}},"
                "     'terminationMessagePath':'/dev/termination-log',"
                "     'imagePullPolicy':'IfNotPresent','terminationMessagePolicy':'File'}],"
                "    'restartPolicy':'Always','terminationGracePeriodSeconds':30,"
                "    'dnsPolicy':'ClusterFirst','securityContext':{},"
                "    'schedulerName':'default-scheduler'}}}}");
    /* replicas is a pointer: 0 stays; no resources: the empty struct disappears */
    struct ak_err err = {0};
    struct enc *b = deployment_body(0, false);
    json_t *j = ak_proto_decode(b->d, b->n, &err);
    assert_non_null(j);
    json_t *spec = json_object_get(j, "spec");
    assert_true(json_is_integer(json_object_get(spec, "replicas")));
    assert_int_equal(json_integer_value(json_object_get(spec, "replicas")), 0);
    assert_null(json_object_get(spec, "strategy"));
    assert_null(json_object_get(j, "status"));
    json_t *c0 = json_array_get(json_object_get(json_object_get(json_object_get(spec, "template"),
                                                                "spec"),
                                                "containers"),
                                0);
    assert_non_null(c0);
    assert_null(json_object_get(c0, "resources"));
    assert_null(json_object_get(c0, "stdin"));
    assert_null(json_object_get(c0, "workingDir"));
    json_decref(j);
    enc_free(b);
}

/* kubectl create poddisruptionbudget web-pdb --selector=app=web --min-available=... */
static struct enc *pdb_body(struct enc *min_available, struct enc *max_unavailable)
{
    struct enc *sel = enc_new();
    e_map(sel, 1, "app", "web");
    struct enc *spec = enc_new();
    if (min_available)
        e_msg(spec, 1, min_available);
    e_msg(spec, 2, sel);
    if (max_unavailable)
        e_msg(spec, 3, max_unavailable);
    struct enc *st = enc_new();
    e_int(st, 1, 0);
    for (uint32_t f = 3; f <= 6; f++)
        e_int(st, f, 0);
    struct enc *pdb = enc_new();
    e_msg(pdb, 1, objmeta("web-pdb", NULL, NULL));
    e_msg(pdb, 2, spec);
    e_msg(pdb, 3, st);
    return envelope("policy/v1", "PodDisruptionBudget", pdb);
}

static void test_pdb(void **state)
{
    (void)state;
    expect_body(pdb_body(intstr_int(1), NULL),
                "{'apiVersion':'policy/v1','kind':'PodDisruptionBudget',"
                " 'metadata':{'name':'web-pdb'},"
                " 'spec':{'minAvailable':1,'selector':{'matchLabels':{'app':'web'}}}}");
    expect_body(pdb_body(intstr_str("50%"), NULL),
                "{'apiVersion':'policy/v1','kind':'PodDisruptionBudget',"
                " 'metadata':{'name':'web-pdb'},"
                " 'spec':{'minAvailable':'50%','selector':{'matchLabels':{'app':'web'}}}}");
    /* pointer IntOrString 0 is kept */
    expect_body(pdb_body(NULL, intstr_int(0)),
                "{'apiVersion':'policy/v1','kind':'PodDisruptionBudget',"
                " 'metadata':{'name':'web-pdb'},"
                " 'spec':{'maxUnavailable':0,'selector':{'matchLabels':{'app':'web'}}}}");
    /* an impossible IntOrString type */
    struct enc *bad = enc_new();
    e_int(bad, 1, 2);
    expect_fail_body(pdb_body(bad, NULL), 400, "BadRequest", "impossible IntOrString");
}

static void test_delete_options(void **state)
{
    (void)state;
    /* kubectl drain's DELETE: DeleteOptions{} has only pointer fields: raw is empty */
    expect_body(envelope("v1", "DeleteOptions", enc_new()),
                "{'apiVersion':'v1','kind':'DeleteOptions'}");
    expect_body(envelope("meta.k8s.io/v1", "DeleteOptions", enc_new()),
                "{'apiVersion':'meta.k8s.io/v1','kind':'DeleteOptions'}");
    struct enc *d = enc_new();
    e_int(d, 1, 0); /* --grace-period=0 */
    struct enc *pre = enc_new();
    e_str(pre, 1, "uid-1");
    e_msg(d, 2, pre);
    e_str(d, 4, "Background");
    e_str(d, 5, "All");
    expect_body(envelope("v1", "DeleteOptions", d),
                "{'apiVersion':'v1','kind':'DeleteOptions','gracePeriodSeconds':0,"
                " 'preconditions':{'uid':'uid-1'},'propagationPolicy':'Background',"
                " 'dryRun':['All']}");
    /* Eviction with empty deleteOptions (a pointer: {} stays) */
    struct enc *ev = enc_new();
    e_msg(ev, 1, objmeta("web-1", "default", NULL));
    e_msg(ev, 2, enc_new());
    expect_body(envelope("policy/v1", "Eviction", ev),
                "{'apiVersion':'policy/v1','kind':'Eviction',"
                " 'metadata':{'name':'web-1','namespace':'default'},'deleteOptions':{}}");
}

static struct enc *toleration(const char *key, const char *op, const char *value,
                              const char *effect, const int64_t *seconds)
{
    struct enc *t = enc_new();
    e_str(t, 1, key);
    e_str(t, 2, op);
    e_str(t, 3, value);
    e_str(t, 4, effect);
    if (seconds)
        e_int(t, 5, *seconds);
    return t;
}

static struct enc *node_req(const char *key, const char *op, const char *v1, const char *v2)
{
    struct enc *r = enc_new();
    e_str(r, 1, key);
    e_str(r, 2, op);
    if (v1)
        e_str(r, 3, v1);
    if (v2)
        e_str(r, 3, v2);
    return r;
}

static struct enc *full_pod(void)
{
    static const char *const lbl[] = {"app", "web", "pod-template-hash", "abc", NULL};
    /* metadata */
    struct enc *md = enc_new();
    e_str(md, 1, "web-abc-1");
    e_str(md, 2, "web-abc-");
    e_str(md, 3, "default");
    e_str(md, 4, "");
    e_str(md, 5, "0b6f2c1e-uid");
    e_str(md, 6, "42");
    e_int(md, 7, 0);
    e_msg(md, 8, ktime(1714557600, 0));
    e_int(md, 10, 0); /* deletionGracePeriodSeconds: 0 (pointer) */
    for (size_t i = 0; lbl[i]; i += 2)
        e_map(md, 11, lbl[i], lbl[i + 1]);
    e_map(md, 12, "note", "");
    struct enc *own = enc_new();
    e_str(own, 1, "ReplicaSet");
    e_str(own, 3, "web-abc");
    e_str(own, 4, "rs-uid");
    e_str(own, 5, "apps/v1");
    e_int(own, 6, 1);
    e_int(own, 7, 1);
    e_msg(md, 13, own);
    e_str(md, 14, "example.com/protect");
    struct enc *mf = enc_new();
    e_str(mf, 1, "kubectl-create");
    e_str(mf, 2, "Update");
    e_str(mf, 3, "v1");
    e_msg(mf, 4, ktime(1714557600, 0));
    e_str(mf, 6, "FieldsV1");
    struct enc *fv = enc_new();
    const char *fields = "{\"f:metadata\":{\"f:labels\":{\".\":{}}}}";
    e_bytes(fv, 1, fields, strlen(fields));
    e_msg(mf, 7, fv);
    e_str(mf, 8, "");
    e_msg(md, 17, mf);

    /* volumes */
    struct enc *v1 = enc_new();
    e_str(v1, 1, "cache");
    struct enc *vs1 = enc_new();
    struct enc *ed = enc_new();
    e_str(ed, 1, "");
    e_msg(vs1, 2, ed);
    e_msg(v1, 2, vs1);

    struct enc *v2 = enc_new();
    e_str(v2, 1, "cfg");
    struct enc *cm = enc_new();
    struct enc *lor = enc_new();
    e_str(lor, 1, "app-config");
    e_msg(cm, 1, lor);
    struct enc *ktp = enc_new();
    e_str(ktp, 1, "app.yaml");
    e_str(ktp, 2, "app.yaml");
    e_msg(cm, 2, ktp);
    e_int(cm, 3, 420);
    struct enc *vs2 = enc_new();
    e_msg(vs2, 19, cm);
    e_msg(v2, 2, vs2);

    struct enc *v3 = enc_new();
    e_str(v3, 1, "data");
    struct enc *pvc = enc_new();
    e_str(pvc, 1, "data-pvc");
    e_int(pvc, 2, 0);
    struct enc *vs3 = enc_new();
    e_msg(vs3, 10, pvc);
    e_msg(v3, 2, vs3);

    struct enc *v4 = enc_new();
    e_str(v4, 1, "token");
    struct enc *sat = enc_new();
    e_str(sat, 1, "");
    e_int(sat, 2, 3607);
    e_str(sat, 3, "token");
    struct enc *vp = enc_new();
    e_msg(vp, 4, sat);
    struct enc *proj = enc_new();
    e_msg(proj, 1, vp);
    e_int(proj, 2, 420);
    struct enc *vs4 = enc_new();
    e_msg(vs4, 26, proj);
    e_msg(v4, 2, vs4);

    struct enc *v5 = enc_new();
    e_str(v5, 1, "logs");
    struct enc *hp = enc_new();
    e_str(hp, 1, "/var/log");
    e_str(hp, 2, ""); /* type: pointer to "" */
    struct enc *vs5 = enc_new();
    e_msg(vs5, 1, hp);
    e_msg(v5, 2, vs5);

    struct enc *v6 = enc_new();
    e_str(v6, 1, "creds");
    struct enc *sec = enc_new();
    e_str(sec, 1, "app-secret");
    e_int(sec, 4, 0); /* optional: false (pointer) */
    struct enc *vs6 = enc_new();
    e_msg(vs6, 6, sec);
    e_msg(v6, 2, vs6);

    /* container */
    struct enc *c = enc_new();
    e_str(c, 1, "web");
    e_str(c, 2, "nginx:1.27");
    e_str(c, 3, "sh");
    e_str(c, 3, "-c");
    e_str(c, 4, "sleep 3600");
    e_str(c, 4, ""); /* list elements stay even when empty */
    e_str(c, 5, "");
    struct enc *port = enc_new();
    e_str(port, 1, "http");
    e_int(port, 2, 0);
    e_int(port, 3, 8080);
    e_str(port, 4, "TCP");
    e_str(port, 5, "");
    e_msg(c, 6, port);
    struct enc *env1 = enc_new();
    e_str(env1, 1, "MODE");
    e_str(env1, 2, "prod");
    e_msg(c, 7, env1);
    struct enc *env2 = enc_new();
    e_str(env2, 1, "NODE");
    e_str(env2, 2, "");
    struct enc *fr = enc_new();
    e_str(fr, 1, "v1");
    e_str(fr, 2, "spec.nodeName");
    struct enc *evs = enc_new();
    e_msg(evs, 1, fr);
    e_msg(env2, 3, evs);
    e_msg(c, 7, env2);
    struct enc *env3 = enc_new();
    e_str(env3, 1, "MEM");
    e_str(env3, 2, "");
    struct enc *rf = enc_new();
    e_str(rf, 1, "");
    e_str(rf, 2, "limits.memory");
    e_msg(rf, 3, quantity("0")); /* divisor: non-pointer zero Quantity */
    struct enc *evs3 = enc_new();
    e_msg(evs3, 2, rf);
    e_msg(env3, 3, evs3);
    e_msg(c, 7, env3);
    struct enc *rr = enc_new();
    e_mapq(rr, 1, "cpu", "1");
    e_mapq(rr, 1, "memory", "1Gi");
    e_mapq(rr, 2, "cpu", "100m");
    e_mapq(rr, 2, "memory", "0"); /* map values are kept even when zero */
    e_msg(c, 8, rr);
    struct enc *vm = enc_new();
    e_str(vm, 1, "cache");
    e_int(vm, 2, 0);
    e_str(vm, 3, "/cache");
    e_str(vm, 4, "");
    e_str(vm, 6, "");
    e_msg(c, 9, vm);
    struct enc *hg = enc_new();
    e_str(hg, 1, "/healthz");
    e_msg(hg, 2, intstr_int(8080));
    e_str(hg, 3, "");
    e_str(hg, 4, "HTTP");
    struct enc *ph = enc_new();
    e_msg(ph, 2, hg);
    struct enc *lp = enc_new();
    e_msg(lp, 1, ph);
    e_int(lp, 2, 5);
    e_int(lp, 3, 1);
    e_int(lp, 4, 10);
    e_int(lp, 5, 1);
    e_int(lp, 6, 3);
    e_msg(c, 10, lp);
    struct enc *ex = enc_new();
    e_str(ex, 1, "true");
    struct enc *ph2 = enc_new();
    e_msg(ph2, 1, ex);
    struct enc *rp = enc_new();
    e_msg(rp, 1, ph2);
    e_int(rp, 2, 0);
    e_int(rp, 3, 0);
    e_int(rp, 4, 0);
    e_int(rp, 5, 0);
    e_int(rp, 6, 0);
    e_msg(c, 11, rp);
    struct enc *ex2 = enc_new();
    e_str(ex2, 1, "sleep");
    e_str(ex2, 1, "5");
    struct enc *lh = enc_new();
    e_msg(lh, 1, ex2);
    struct enc *lc = enc_new();
    e_msg(lc, 2, lh);
    e_msg(c, 12, lc);
    e_str(c, 13, "/dev/termination-log");
    e_str(c, 14, "IfNotPresent");
    struct enc *caps = enc_new();
    e_str(caps, 2, "ALL");
    struct enc *sc = enc_new();
    e_msg(sc, 1, caps);
    e_int(sc, 4, 1000);
    e_int(sc, 5, 1);
    e_int(sc, 7, 0);
    e_msg(c, 15, sc);
    e_int(c, 16, 0);
    e_int(c, 17, 0);
    e_int(c, 18, 0);
    e_str(c, 20, "File");

    struct enc *ic = enc_new();
    e_str(ic, 1, "init");
    e_str(ic, 2, "busybox");
    container_defaults(ic, false);

    /* affinity */
    struct enc *term = enc_new();
    e_msg(term, 1, node_req("agentpool", "In", "np1", "np2"));
    struct enc *nsel = enc_new();
    e_msg(nsel, 1, term);
    struct enc *pref_term = enc_new();
    e_msg(pref_term, 1, node_req("kubernetes.azure.com/mode", "NotIn", "system", NULL));
    struct enc *pref = enc_new();
    e_int(pref, 1, 50);
    e_msg(pref, 2, pref_term);
    struct enc *na = enc_new();
    e_msg(na, 1, nsel);
    e_msg(na, 2, pref);
    struct enc *ls = enc_new();
    e_map(ls, 1, "app", "web");
    struct enc *lsr = enc_new();
    e_str(lsr, 1, "tier");
    e_str(lsr, 2, "Exists");
    e_msg(ls, 2, lsr);
    struct enc *pat = enc_new();
    e_msg(pat, 1, ls);
    e_str(pat, 3, "kubernetes.io/hostname");
    struct enc *wpat = enc_new();
    e_int(wpat, 1, 100);
    e_msg(wpat, 2, pat);
    struct enc *paa = enc_new();
    e_msg(paa, 2, wpat);
    struct enc *pa_term = enc_new();
    struct enc *ls2 = enc_new();
    e_map(ls2, 1, "app", "cache");
    e_msg(pa_term, 1, ls2);
    e_str(pa_term, 2, "default");
    e_str(pa_term, 3, "topology.kubernetes.io/zone");
    struct enc *pa = enc_new();
    e_msg(pa, 1, pa_term);
    struct enc *aff = enc_new();
    e_msg(aff, 1, na);
    e_msg(aff, 2, pa);
    e_msg(aff, 3, paa);

    /* topology spread */
    struct enc *tsc = enc_new();
    e_int(tsc, 1, 1);
    e_str(tsc, 2, "topology.kubernetes.io/zone");
    e_str(tsc, 3, "ScheduleAnyway");
    struct enc *ls3 = enc_new();
    e_map(ls3, 1, "app", "web");
    e_msg(tsc, 4, ls3);

    struct enc *psc = enc_new();
    e_int(psc, 5, 2000);
    e_int(psc, 4, 1);
    e_int(psc, 4, 2);

    /* spec */
    int64_t s300 = 300, s0 = 0;
    struct enc *spec = enc_new();
    e_msg(spec, 1, v1);
    e_msg(spec, 1, v2);
    e_msg(spec, 1, v3);
    e_msg(spec, 1, v4);
    e_msg(spec, 1, v5);
    e_msg(spec, 1, v6);
    e_msg(spec, 2, c);
    e_str(spec, 3, "Always");
    e_int(spec, 4, 30);
    e_str(spec, 6, "ClusterFirst");
    e_map(spec, 7, "kubernetes.io/os", "linux");
    e_map(spec, 7, "agentpool", "np1");
    e_str(spec, 8, "default");
    e_str(spec, 9, "default");
    e_str(spec, 10, "");
    e_int(spec, 11, 0);
    e_int(spec, 12, 0);
    e_int(spec, 13, 0);
    e_msg(spec, 14, psc);
    e_str(spec, 16, "");
    e_str(spec, 17, "");
    e_msg(spec, 18, aff);
    e_str(spec, 19, "default-scheduler");
    e_msg(spec, 20, ic);
    e_msg(spec, 22, toleration("CriticalAddonsOnly", "Exists", "", "", NULL));
    e_msg(spec, 22, toleration("node.kubernetes.io/not-ready", "Exists", "", "NoExecute", &s300));
    e_msg(spec, 22, toleration("node.kubernetes.io/unreachable", "Exists", "", "NoExecute", &s0));
    e_str(spec, 24, "system-node-critical");
    e_int(spec, 25, 2000001000);
    e_int(spec, 30, 1);
    e_msg(spec, 33, tsc);

    /* status */
    struct enc *cond = enc_new();
    e_str(cond, 1, "PodScheduled");
    e_str(cond, 2, "True");
    e_msg(cond, 3, ktime(0, 0));
    e_msg(cond, 4, ktime(1714557601, 0));
    e_str(cond, 5, "");
    e_str(cond, 6, "");
    struct enc *st = enc_new();
    e_str(st, 1, "Pending");
    e_msg(st, 2, cond);
    e_msg(st, 7, ktime(1714557602, 999));
    e_str(st, 9, "Burstable");

    struct enc *pod = enc_new();
    e_msg(pod, 1, md);
    e_msg(pod, 2, spec);
    e_msg(pod, 3, st);
    return envelope("v1", "Pod", pod);
}

static const char full_pod_json[] =
    "{'apiVersion':'v1','kind':'Pod',"
    " 'metadata':{'name':'web-abc-1','generateName':'web-abc-','namespace':'default',"
    "  'uid':'0b6f2c1e-uid','resourceVersion':'42','creationTimestamp':'2024-05-01T10:00:00Z',"
    "  'deletionGracePeriodSeconds':0,"
    "  'labels':{'app':'web','pod-template-hash':'abc'},'annotations':{'note':''},"
    "  'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'web-abc',"
    "    'uid':'rs-uid','controller':true,'blockOwnerDeletion':true}],"
    "  'finalizers':['example.com/protect'],"
    "  'managedFields':[{'manager':'kubectl-create','operation':'Update','apiVersion':'v1',"
    "    'time':'2024-05-01T10:00:00Z','fieldsType':'FieldsV1',"
    "    'fieldsV1':{'f:metadata':{'f:labels':{'.':{}}}}}]},"
    " 'spec':{"
    "  'volumes':[{'name':'cache','emptyDir':{}},"
    "   {'name':'cfg','configMap':{'name':'app-config',"
    "     'items':[{'key':'app.yaml','path':'app.yaml'}],'defaultMode':420}},"
    "   {'name':'data','persistentVolumeClaim':{'claimName':'data-pvc'}},"
    "   {'name':'token','projected':{'sources':[{'serviceAccountToken':"
    "     {'expirationSeconds':3607,'path':'token'}}],'defaultMode':420}},"
    "   {'name':'logs','hostPath':{'path':'/var/log','type':''}},"
    "   {'name':'creds','secret':{'secretName':'app-secret','optional':false}}],"
    "  'containers':[{'name':'web','image':'nginx:1.27','command':['sh','-c'],"
    "    'args':['sleep 3600',''],"
    "    'ports':[{'name':'http','containerPort':8080,'protocol':'TCP'}],"
    "    'env':[{'name':'MODE','value':'prod'},"
    "     {'name':'NODE','valueFrom':{'fieldRef':{'apiVersion':'v1','fieldPath':'spec.nodeName'}}},"
    "     {'name':'MEM','valueFrom':{'resourceFieldRef':{'resource':'limits.memory'}}}],"
    "    'resources':{'limits':{'cpu':'1','memory':'1Gi'},'requests':{'cpu':'100m','memory':'0'}},"
    "    'volumeMounts':[{'name':'cache','mountPath':'/cache'}],"
    "    'livenessProbe':{'httpGet':{'path':'/healthz','port':8080,'scheme':'HTTP'},"
    "      'initialDelaySeconds':5,'timeoutSeconds':1,'periodSeconds':10,"
    "      'successThreshold':1,'failureThreshold':3},"
    "    'readinessProbe':{'exec':{'command':['true']}},"
    "    'lifecycle':{'preStop':{'exec':{'command':['sleep','5']}}},"
    "    'terminationMessagePath':'/dev/termination-log','imagePullPolicy':'IfNotPresent',"
    "    'securityContext':{'capabilities':{'drop':['ALL']},'runAsUser':1000,"
    "      'runAsNonRoot':true,'allowPrivilegeEscalation':false},"
    "    'terminationMessagePolicy':'File'}],"
    "  'restartPolicy':'Always','terminationGracePeriodSeconds':30,'dnsPolicy':'ClusterFirst',"
    "  'nodeSelector':{'kubernetes.io/os':'linux','agentpool':'np1'},"
    "  'serviceAccountName':'default','serviceAccount':'default',"
    "  'securityContext':{'fsGroup':2000,'supplementalGroups':[1,2]},"
    "  'affinity':{"
    "   'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
    "     [{'matchExpressions':[{'key':'agentpool','operator':'In','values':['np1','np2']}]}]},"
    "    'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':50,'preference':"
    "     {'matchExpressions':[{'key':'kubernetes.azure.com/mode','operator':'NotIn',"
    "       'values':['system']}]}}]},"
    "   'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':"
    "     {'matchLabels':{'app':'cache'}},'namespaces':['default'],"
    "     'topologyKey':'topology.kubernetes.io/zone'}]},"
    "   'podAntiAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':100,"
    "     'podAffinityTerm':{'labelSelector':{'matchLabels':{'app':'web'},"
    "       'matchExpressions':[{'key':'tier','operator':'Exists'}]},"
    "      'topologyKey':'kubernetes.io/hostname'}}]}},"
    "  'schedulerName':'default-scheduler',"
    "  'initContainers':[{'name':'init','image':'busybox',"
    "    'terminationMessagePath':'/dev/termination-log','imagePullPolicy':'IfNotPresent',"
    "    'terminationMessagePolicy':'File'}],"
    "  'tolerations':[{'key':'CriticalAddonsOnly','operator':'Exists'},"
    "   {'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute',"
    "    'tolerationSeconds':300},"
    "   {'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute',"
    "    'tolerationSeconds':0}],"
    "  'priorityClassName':'system-node-critical','priority':2000001000,"
    "  'enableServiceLinks':true,"
    "  'topologySpreadConstraints':[{'maxSkew':1,'topologyKey':'topology.kubernetes.io/zone',"
    "    'whenUnsatisfiable':'ScheduleAnyway','labelSelector':{'matchLabels':{'app':'web'}}}]},"
    " 'status':{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'True',"
    "   'lastTransitionTime':'2024-05-01T10:00:01Z'}],'startTime':'2024-05-01T10:00:02Z',"
    "   'qosClass':'Burstable'}}";

static void test_pod(void **state)
{
    (void)state;
    expect_body(full_pod(), full_pod_json);
}

/* A minimal pod with tolerations and a nodeSelector, the way kubectl create -f sends one
 * from a typed client. */
static void test_pod_tolerations(void **state)
{
    (void)state;
    struct enc *c = enc_new();
    e_str(c, 1, "pause");
    e_str(c, 2, "registry.k8s.io/pause:3.9");
    container_defaults(c, false);
    int64_t t60 = 60;
    struct enc *spec = enc_new();
    e_msg(spec, 2, c);
    podspec_defaults(spec);
    e_map(spec, 7, "kubernetes.azure.com/agentpool", "gpu");
    e_msg(spec, 22, toleration("sku", "Equal", "gpu", "NoSchedule", NULL));
    e_msg(spec, 22, toleration("", "Exists", "", "", &t60));
    struct enc *pod = enc_new();
    e_msg(pod, 1, objmeta("gpu-job", "ml", NULL));
    e_msg(pod, 2, spec);
    struct enc *st = enc_new();
    e_str(st, 1, "");
    e_msg(pod, 3, st);
    expect_body(envelope("v1", "Pod", pod),
                "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'gpu-job','namespace':'ml'},"
                " 'spec':{'containers':[{'name':'pause','image':'registry.k8s.io/pause:3.9',"
                "   'terminationMessagePath':'/dev/termination-log',"
                "   'imagePullPolicy':'IfNotPresent','terminationMessagePolicy':'File'}],"
                "  'nodeSelector':{'kubernetes.azure.com/agentpool':'gpu'},"
                "  'tolerations':[{'key':'sku','operator':'Equal','value':'gpu',"
                "    'effect':'NoSchedule'},{'operator':'Exists','tolerationSeconds':60}]}}");
}

static void test_other_kinds(void **state)
{
    (void)state;
    /* Node: taints, unschedulable, status quantities, nodeInfo */
    struct enc *taint = enc_new();
    e_str(taint, 1, "node.kubernetes.io/unschedulable");
    e_str(taint, 2, "");
    e_str(taint, 3, "NoSchedule");
    e_msg(taint, 4, ktime(1714557600, 0));
    struct enc *ns = enc_new();
    e_str(ns, 1, "10.244.1.0/24");
    e_str(ns, 2, "");
    e_str(ns, 3, "azure:///subscriptions/s/vm/0");
    e_int(ns, 4, 1);
    e_msg(ns, 5, taint);
    e_str(ns, 7, "10.244.1.0/24");
    struct enc *addr = enc_new();
    e_str(addr, 1, "InternalIP");
    e_str(addr, 2, "10.224.0.4");
    struct enc *info = enc_new();
    for (uint32_t f = 1; f <= 10; f++)
        e_str(info, f, f == 7 ? "v1.32.4" : f == 9 ? "linux" : "");
    struct enc *nst = enc_new();
    e_mapq(nst, 1, "cpu", "2");
    e_mapq(nst, 1, "memory", "7116264Ki");
    e_mapq(nst, 2, "cpu", "1900m");
    e_mapq(nst, 2, "pods", "110");
    e_str(nst, 3, "");
    e_msg(nst, 5, addr);
    e_msg(nst, 6, enc_new());
    e_msg(nst, 7, info);
    struct enc *node = enc_new();
    e_msg(node, 1, objmeta("aks-np1-0", NULL, NULL));
    e_msg(node, 2, ns);
    e_msg(node, 3, nst);
    expect_body(envelope("v1", "Node", node),
                "{'apiVersion':'v1','kind':'Node','metadata':{'name':'aks-np1-0'},"
                " 'spec':{'podCIDR':'10.244.1.0/24','providerID':'azure:///subscriptions/s/vm/0',"
                "  'unschedulable':true,'taints':[{'key':'node.kubernetes.io/unschedulable',"
                "   'effect':'NoSchedule','timeAdded':'2024-05-01T10:00:00Z'}],"
                "  'podCIDRs':['10.244.1.0/24']},"
                " 'status':{'capacity':{'cpu':'2','memory':'7116264Ki'},"
                "  'allocatable':{'cpu':'1900m','pods':'110'},"
                "  'addresses':[{'type':'InternalIP','address':'10.224.0.4'}],"
                "  'nodeInfo':{'kubeletVersion':'v1.32.4','operatingSystem':'linux'}}}");

    /* Lease: MicroTime with microseconds, pointer ints */
    struct enc *ls = enc_new();
    e_str(ls, 1, "aks-np1-0");
    e_int(ls, 2, 40);
    e_msg(ls, 3, ktime(1714557600, 123456789));
    e_msg(ls, 4, ktime(-1, 0));
    e_int(ls, 5, 0);
    struct enc *lease = enc_new();
    e_msg(lease, 1, objmeta("aks-np1-0", "kube-node-lease", NULL));
    e_msg(lease, 2, ls);
    expect_body(envelope("coordination.k8s.io/v1", "Lease", lease),
                "{'apiVersion':'coordination.k8s.io/v1','kind':'Lease',"
                " 'metadata':{'name':'aks-np1-0','namespace':'kube-node-lease'},"
                " 'spec':{'holderIdentity':'aks-np1-0','leaseDurationSeconds':40,"
                "  'acquireTime':'2024-05-01T10:00:00.123456Z',"
                "  'renewTime':'1969-12-31T23:59:59.000000Z','leaseTransitions':0}}");

    /* Job: pointer ints, negative int32 */
    struct enc *c = enc_new();
    e_str(c, 1, "pi");
    e_str(c, 2, "perl");
    container_defaults(c, false);
    struct enc *ps = enc_new();
    e_msg(ps, 2, c);
    podspec_defaults(ps);
    struct enc *tpl = enc_new();
    e_msg(tpl, 1, objmeta("", NULL, NULL));
    e_msg(tpl, 2, ps);
    struct enc *js = enc_new();
    e_int(js, 1, 1);
    e_int(js, 2, 1);
    e_msg(js, 6, tpl);
    e_int(js, 7, 4);
    e_int(js, 8, -1); /* int32 -1 is sign-extended to 10 bytes on the wire */
    e_int(js, 10, 0);
    struct enc *job = enc_new();
    e_msg(job, 1, objmeta("pi", NULL, NULL));
    e_msg(job, 2, js);
    e_msg(job, 3, enc_new());
    expect_body(envelope("batch/v1", "Job", job),
                "{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'pi'},"
                " 'spec':{'parallelism':1,'completions':1,'template':{'spec':{'containers':"
                "  [{'name':'pi','image':'perl','terminationMessagePath':'/dev/termination-log',"
                "    'imagePullPolicy':'IfNotPresent','terminationMessagePolicy':'File'}]}},"
                "  'backoffLimit':4,'ttlSecondsAfterFinished':-1,'suspend':false}}");

    /* Secret: bytes map -> base64 */
    struct enc *s = enc_new();
    e_msg(s, 1, objmeta("db", "default", NULL));
    struct enc *en = enc_new();
    e_str(en, 1, "password");
    e_bytes(en, 2, "s3cr\0t", 6);
    e_msg(s, 2, en);
    e_str(s, 3, "Opaque");
    expect_body(envelope("v1", "Secret", s),
                "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'db','namespace':'default'},"
                " 'data':{'password':'czNjcgB0'},'type':'Opaque'}");

    /* Scale: non-pointer replicas */
    struct enc *sp = enc_new();
    e_int(sp, 1, 5);
    struct enc *ss = enc_new();
    e_int(ss, 1, 3);
    e_str(ss, 2, "app=web");
    struct enc *sc = enc_new();
    e_msg(sc, 1, objmeta("web", "default", NULL));
    e_msg(sc, 2, sp);
    e_msg(sc, 3, ss);
    expect_body(envelope("autoscaling/v1", "Scale", sc),
                "{'apiVersion':'autoscaling/v1','kind':'Scale',"
                " 'metadata':{'name':'web','namespace':'default'},'spec':{'replicas':5},"
                " 'status':{'replicas':3,'selector':'app=web'}}");

    /* Event: zero MicroTime eventTime (non-pointer) disappears */
    struct enc *ref = enc_new();
    e_str(ref, 1, "Node");
    e_str(ref, 2, "");
    e_str(ref, 3, "aks-np1-0");
    struct enc *src = enc_new();
    e_str(src, 1, "kubelet");
    e_str(src, 2, "aks-np1-0");
    struct enc *ev = enc_new();
    e_msg(ev, 1, objmeta("aks-np1-0.17c", "default", NULL));
    e_msg(ev, 2, ref);
    e_str(ev, 3, "NodeReady");
    e_str(ev, 4, "Node aks-np1-0 status is now: NodeReady");
    e_msg(ev, 5, src);
    e_msg(ev, 6, ktime(1714557600, 0));
    e_msg(ev, 7, ktime(1714557660, 0));
    e_int(ev, 8, 2);
    e_str(ev, 9, "Normal");
    e_msg(ev, 10, ktime(0, 0));
    expect_body(envelope("v1", "Event", ev),
                "{'apiVersion':'v1','kind':'Event',"
                " 'metadata':{'name':'aks-np1-0.17c','namespace':'default'},"
                " 'involvedObject':{'kind':'Node','name':'aks-np1-0'},'reason':'NodeReady',"
                " 'message':'Node aks-np1-0 status is now: NodeReady',"
                " 'source':{'component':'kubelet','host':'aks-np1-0'},"
                " 'firstTimestamp':'2024-05-01T10:00:00Z','lastTimestamp':'2024-05-01T10:01:00Z',"
                " 'count':2,'type':'Normal'}");

    /* DaemonSet with a rolling update strategy (IntOrString percent) */
    struct enc *ru = enc_new();
    e_msg(ru, 1, intstr_str("10%"));
    e_msg(ru, 2, intstr_int(0));
    struct enc *us = enc_new();
    e_str(us, 1, "RollingUpdate");
    e_msg(us, 2, ru);
    struct enc *sel = enc_new();
    e_map(sel, 1, "app", "agent");
    struct enc *dss = enc_new();
    e_msg(dss, 1, sel);
    e_msg(dss, 2, enc_new());
    e_msg(dss, 3, us);
    e_int(dss, 4, 0);
    e_int(dss, 6, 10);
    struct enc *ds = enc_new();
    e_msg(ds, 1, objmeta("agent", "kube-system", NULL));
    e_msg(ds, 2, dss);
    expect_body(envelope("apps/v1", "DaemonSet", ds),
                "{'apiVersion':'apps/v1','kind':'DaemonSet',"
                " 'metadata':{'name':'agent','namespace':'kube-system'},"
                " 'spec':{'selector':{'matchLabels':{'app':'agent'}},"
                "  'updateStrategy':{'type':'RollingUpdate',"
                "   'rollingUpdate':{'maxUnavailable':'10%','maxSurge':0}},"
                "  'revisionHistoryLimit':10}}");

    /* every root kind is known, an unknown one is not */
    const char *known[][2] = {{"v1", "Namespace"},     {"v1", "Pod"},
                              {"v1", "Node"},          {"v1", "Event"},
                              {"v1", "Service"},       {"v1", "ConfigMap"},
                              {"apps/v1", "ReplicaSet"}, {"apps/v1", "StatefulSet"},
                              {"batch/v1", "CronJob"}, {"policy/v1", "Eviction"},
                              {"autoscaling/v1", "Scale"}, {"v1", "DeleteOptions"},
                              {"scheduling.k8s.io/v1", "PriorityClass"}};
    for (size_t i = 0; i < AK_ARRAY_LEN(known); i++)
        assert_true(ak_proto_kind_known(known[i][0], known[i][1]));
    assert_false(ak_proto_kind_known("v1", "Deployment"));
    assert_false(ak_proto_kind_known("apps/v1", "Foo"));
    assert_false(ak_proto_kind_known(NULL, "Pod"));
}

static void test_merge_and_unknown_fields(void **state)
{
    (void)state;
    /* unknown fields of every wire type are skipped, in every message */
    struct enc *md = objmeta("skip", NULL, NULL);
    e_int(md, 99, 12345);               /* varint */
    e_tag(md, 100, 1);                  /* fixed64 */
    e_raw(md, "\1\2\3\4\5\6\7\10", 8);
    e_tag(md, 101, 5);                  /* fixed32 */
    e_raw(md, "\1\2\3\4", 4);
    e_str(md, 102, "ignored");          /* length-delimited */
    e_tag(md, 103, 3);                  /* group with content */
    e_int(md, 1, 7);
    e_tag(md, 104, 3);
    e_tag(md, 104, 4);
    e_tag(md, 103, 4);
    struct enc *ns = enc_new();
    e_msg(ns, 1, md);
    e_int(ns, 500000, 1);
    expect_body(envelope("v1", "Namespace", ns),
                "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'skip'}}");

    /* a repeated singular message merges; a later scalar wins; a later zero removes */
    struct enc *m1 = enc_new();
    e_str(m1, 1, "first");
    e_str(m1, 3, "ns1");
    struct enc *m2 = enc_new();
    e_str(m2, 1, "second");
    e_map(m2, 11, "a", "1");
    struct enc *m3 = enc_new();
    e_str(m3, 3, "");
    struct enc *n2 = enc_new();
    e_msg(n2, 1, m1);
    e_msg(n2, 1, m2);
    e_msg(n2, 1, m3);
    expect_body(envelope("v1", "Namespace", n2),
                "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'second',"
                " 'labels':{'a':'1'}}}");

    /* packed repeated int64 (supplementalGroups) is accepted as well as unpacked */
    struct enc *psc = enc_new();
    struct enc *packed = enc_new();
    e_varint(packed, 5);
    e_varint(packed, 300);
    e_bytes(psc, 4, packed->d, packed->n);
    enc_free(packed);
    e_int(psc, 4, 7);
    struct enc *spec = enc_new();
    e_msg(spec, 14, psc);
    struct enc *pod = enc_new();
    e_msg(pod, 2, spec);
    expect_body(envelope("v1", "Pod", pod),
                "{'apiVersion':'v1','kind':'Pod','spec':{'securityContext':"
                " {'supplementalGroups':[5,300,7]}}}");

    /* UTF-8 is fine */
    struct enc *n3 = enc_new();
    struct enc *m4 = objmeta("x", NULL, NULL);
    e_map(m4, 12, "description", "caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x9a\x80");
    e_msg(n3, 1, m4);
    expect_body(envelope("v1", "Namespace", n3),
                "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'x',"
                " 'annotations':{'description':'caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x9a\x80'}}}");

    /* map entries with a missing value get the value type's zero */
    struct enc *n4 = enc_new();
    struct enc *m5 = objmeta("y", NULL, NULL);
    struct enc *entry = enc_new();
    e_str(entry, 1, "k");
    e_msg(m5, 11, entry);
    e_msg(n4, 1, m5);
    expect_body(envelope("v1", "Namespace", n4),
                "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'y','labels':{'k':''}}}");

    /* decode_object: no envelope */
    struct ak_err err = {0};
    struct enc *raw = enc_new();
    e_msg(raw, 1, objmeta("bare", NULL, NULL));
    json_t *j = ak_proto_decode_object("v1", "Namespace", raw->d, raw->n, &err);
    assert_json(j, "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'bare'}}");
    json_decref(j);
    enc_free(raw);
    j = ak_proto_decode_object("v1", "DeleteOptions", NULL, 0, &err);
    assert_json(j, "{'apiVersion':'v1','kind':'DeleteOptions'}");
    json_decref(j);
    assert_null(ak_proto_decode_object("v1", "Nope", "", 0, &err));
    assert_int_equal(err.status, 415);
    assert_null(ak_proto_decode_object(NULL, "Pod", "", 0, &err));
    assert_int_equal(err.status, 400);
}

/* ---- bodies captured from the real kubectl v1.32.4 ----
 * Recorded by pointing kubectl at a stub API server; "json" is what kubectl v1.31 sent for
 * the same command (application/json). Go's JSON carries noise the decoder leaves out by
 * design (creationTimestamp: null, resources: {}, strategy: {}, status: {}), removed by
 * strip_empty() before comparing; for the PDBs, Go also prints the non-omitempty zero
 * counters of status, removed from the expectation by hand. */
static const struct {
    const char *cmd, *hex, *json;
} kubectl132[] = {
    {"create namespace team-a",
     "6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a003200"
     "3800420012001a020a001a002200",
     "{'kind':'Namespace','apiVersion':'v1','metadata':{'name':'team-a','creationTimestamp':"
     "null},'spec':{},'status':{}}"},
    {"create deployment web --image=nginx:1.27 --replicas=3",
     "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b0010a1f0a0377656212001a002200"
     "2a003200380042005a0a0a036170701203776562127f0803120c0a0a0a0361707012037765621a650a1c0a"
     "0012001a0022002a003200380042005a0a0a036170701203776562124512270a056e67696e78120a6e6769"
     "6e783a312e32372a0042006a007200800100880100900100a201001a00320042004a005200580060006800"
     "8201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200",
     "{'kind':'Deployment','apiVersion':'apps/v1','metadata':{'name':'web','creationTimestam"
     "p':null,'labels':{'app':'web'}},'spec':{'replicas':3,'selector':{'matchLabels':{'app':"
     "'web'}},'template':{'metadata':{'creationTimestamp':null,'labels':{'app':'web'}},'spec"
     "':{'containers':[{'name':'nginx','image':'nginx:1.27','resources':{}}]}},'strategy':{}"
     "},'status':{}}"},
    {"create deployment zero --image=nginx --replicas=0",
     "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412af010a210a047a65726f12001a0022"
     "002a003200380042005a0b0a0361707012047a65726f127c0800120d0a0b0a0361707012047a65726f1a61"
     "0a1d0a0012001a0022002a003200380042005a0b0a0361707012047a65726f124012220a056e67696e7812"
     "056e67696e782a0042006a007200800100880100900100a201001a00320042004a00520058006000680082"
     "01008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200",
     "{'kind':'Deployment','apiVersion':'apps/v1','metadata':{'name':'zero','creationTimesta"
     "mp':null,'labels':{'app':'zero'}},'spec':{'replicas':0,'selector':{'matchLabels':{'app"
     "':'zero'}},'template':{'metadata':{'creationTimestamp':null,'labels':{'app':'zero'}},'"
     "spec':{'containers':[{'name':'nginx','image':'nginx','resources':{}}]}},'strategy':{}}"
     ",'status':{}}"},
    {"create poddisruptionbudget web-pdb --selector=app=web --min-available=1",
     "6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e427564676574123d0a170a"
     "077765622d70646212001a0022002a0032003800420012160a06080010011a00120c0a0a0a036170701203"
     "7765621a0a080018002000280030001a002200",
     "{'kind':'PodDisruptionBudget','apiVersion':'policy/v1','metadata':{'name':'web-pdb','c"
     "reationTimestamp':null},'spec':{'minAvailable':1,'selector':{'matchLabels':{'app':'web"
     "'}}}}"},
    {"create pdb p2 --selector=app=web --max-unavailable=50%",
     "6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e427564676574123b0a120a"
     "02703212001a0022002a003200380042001219120c0a0a0a0361707012037765621a09080110001a033530"
     "251a0a080018002000280030001a002200",
     "{'kind':'PodDisruptionBudget','apiVersion':'policy/v1','metadata':{'name':'p2','creati"
     "onTimestamp':null},'spec':{'selector':{'matchLabels':{'app':'web'}},'maxUnavailable':'"
     "50%'}}"},
    {"create job pi --image=perl -- perl -e 1",
     "6b3873000a0f0a0862617463682f763112034a6f621284010a120a02706912001a0022002a003200380042"
     "00126432620a100a0012001a0022002a00320038004200124e122b0a02706912047065726c1a047065726c"
     "1a022d651a01312a0042006a007200800100880100900100a201001a054e65766572320042004a00520058"
     "00600068008201008a01009a0100c201001a082000280030003a001a002200",
     "{'kind':'Job','apiVersion':'batch/v1','metadata':{'name':'pi','creationTimestamp':null"
     "},'spec':{'template':{'metadata':{'creationTimestamp':null},'spec':{'containers':[{'na"
     "me':'pi','image':'perl','command':['perl','-e','1'],'resources':{}}],'restartPolicy':'"
     "Never'}}},'status':{}}"},
    {"create cronjob cj --image=busybox --schedule='*/5 * * * *' -- date",
     "6b3873000a130a0862617463682f7631120743726f6e4a6f6212a4010a120a02636a12001a0022002a0032"
     "0038004200128b010a0b2a2f35202a202a202a202a1a002a7a0a120a02636a12001a0022002a0032003800"
     "4200126432620a100a0012001a0022002a00320038004200124e12270a02636a120762757379626f781a04"
     "646174652a0042006a007200800100880100900100a201001a094f6e4661696c757265320042004a005200"
     "5800600068008201008a01009a0100c201001a001a002200",
     "{'kind':'CronJob','apiVersion':'batch/v1','metadata':{'name':'cj','creationTimestamp':"
     "null},'spec':{'schedule':'*/5 * * * *','jobTemplate':{'metadata':{'name':'cj','creatio"
     "nTimestamp':null},'spec':{'template':{'metadata':{'creationTimestamp':null},'spec':{'c"
     "ontainers':[{'name':'cj','image':'busybox','command':['date'],'resources':{}}],'restar"
     "tPolicy':'OnFailure'}}}}},'status':{}}"},
    {"create configmap cm --from-literal=a=b",
     "6b3873000a0f0a0276311209436f6e6669674d6170121c0a120a02636d12001a0022002a00320038004200"
     "12060a01611201621a002200",
     "{'kind':'ConfigMap','apiVersion':'v1','metadata':{'name':'cm','creationTimestamp':null"
     "},'data':{'a':'b'}}"},
    {"create secret generic s --from-literal=password=s3cr",
     "6b3873000a0c0a027631120653656372657412270a110a017312001a0022002a0032003800420012100a08"
     "70617373776f72641204733363721a001a002200",
     "{'kind':'Secret','apiVersion':'v1','metadata':{'name':'s','creationTimestamp':null},'d"
     "ata':{'password':'czNjcg=='}}"},
    {"create serviceaccount sa",
     "6b3873000a140a027631120e536572766963654163636f756e7412140a120a02736112001a0022002a0032"
     "00380042001a002200",
     "{'kind':'ServiceAccount','apiVersion':'v1','metadata':{'name':'sa','creationTimestamp'"
     ":null}}"},
    {"create service clusterip svc --tcp=80:8080",
     "6b3873000a0d0a02763112075365727669636512690a1f0a0373766312001a0022002a003200380042005a"
     "0a0a03617070120373766312420a1b0a0738302d38303830120354435018502207080010903f1a00280012"
     "0a0a0361707012037376631a002209436c757374657249503a00420052005a00600068001a020a001a0022"
     "00",
     "{'kind':'Service','apiVersion':'v1','metadata':{'name':'svc','creationTimestamp':null,"
     "'labels':{'app':'svc'}},'spec':{'ports':[{'name':'80-8080','protocol':'TCP','port':80,"
     "'targetPort':8080}],'selector':{'app':'svc'},'type':'ClusterIP'},'status':{'loadBalanc"
     "er':{}}}"},
    {"drain n1 --disable-eviction",
     "6b3873000a130a027631120d44656c6574654f7074696f6e7312001a002200",
     "{'kind':'DeleteOptions','apiVersion':'v1'}"},
    {"drain n1 --disable-eviction --grace-period=0",
     "6b3873000a130a027631120d44656c6574654f7074696f6e73120208001a002200",
     "{'kind':'DeleteOptions','apiVersion':'v1','gracePeriodSeconds':0}"},
    {"create priorityclass pc --value=1000 --description='batch work'",
     "6b3873000a250a147363686564756c696e672e6b38732e696f2f7631120d5072696f72697479436c617373"
     "123b0a120a02706312001a0022002a0032003800420010e8071800220a626174636820776f726b2a145072"
     "65656d70744c6f7765725072696f726974791a002200",
     "{'kind':'PriorityClass','apiVersion':'scheduling.k8s.io/v1','metadata':{'name':'pc','c"
     "reationTimestamp':null},'value':1000,'description':'batch work','preemptionPolicy':'Pre"
     "emptLowerPriority'}"},
};

static size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            fail_msg("bad hex");
        out[i] = (uint8_t)v;
    }
    return n;
}

/* removes null, {} and [] members recursively (Go's JSON noise) */
static void strip_empty(json_t *j)
{
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        void *tmp;
        json_object_foreach_safe(j, tmp, k, v) {
            strip_empty(v);
            if (json_is_null(v) || (json_is_object(v) && json_object_size(v) == 0) ||
                (json_is_array(v) && json_array_size(v) == 0))
                json_object_del(j, k);
        }
    } else if (json_is_array(j)) {
        for (size_t i = 0; i < json_array_size(j); i++)
            strip_empty(json_array_get(j, i));
    }
}

static void test_kubectl_captured(void **state)
{
    (void)state;
    uint8_t buf[1024];
    for (size_t i = 0; i < AK_ARRAY_LEN(kubectl132); i++) {
        size_t n = unhex(kubectl132[i].hex, buf);
        struct ak_err err = {0};
        json_t *got = ak_proto_decode(buf, n, &err);
        if (got == NULL)
            fail_msg("kubectl %s: %d %s", kubectl132[i].cmd, err.status, err.message);
        json_t *want = J(kubectl132[i].json);
        strip_empty(want);
        if (!json_equal(got, want)) {
            char *g = json_dumps(got, JSON_SORT_KEYS);
            char *w = json_dumps(want, JSON_SORT_KEYS);
            fail_msg("kubectl %s:\n got: %s\nwant: %s", kubectl132[i].cmd, g, w);
        }
        json_decref(got);
        json_decref(want);
    }
    /* the test encoder writes exactly kubectl's bytes for a namespace */
    size_t n = unhex(kubectl132[0].hex, buf);
    struct enc *ns = namespace_body("team-a");
    assert_int_equal(ns->n, n);
    assert_memory_equal(ns->d, buf, n);
    enc_free(ns);
    /* and every truncation / corruption of the captured bodies is handled */
    for (size_t i = 0; i < AK_ARRAY_LEN(kubectl132); i++) {
        size_t len = unhex(kubectl132[i].hex, buf);
        for (size_t cut = 0; cut < len; cut++)
            check_robust_fwd(buf, cut);
    }
}

/* ---- malformed input ---- */

static void test_malformed(void **state)
{
    (void)state;
    struct ak_err err = {0};
    /* NULL err is allowed */
    assert_null(ak_proto_decode("nope", 4, NULL));

    expect_fail("", 0, 400, "BadRequest", "magic");
    expect_fail("k8s", 3, 400, "BadRequest", "magic");
    expect_fail("k8x\0\x0a\x00", 6, 400, "BadRequest", "magic");
    expect_fail("{\"kind\":\"Pod\"}", 14, 400, "BadRequest", "magic");
    assert_false(ak_proto_has_magic(NULL, 4));
    assert_true(ak_proto_has_magic("k8s\0", 4));

    /* envelope problems */
    expect_fail("k8s\0", 4, 400, "BadRequest", "'Kind' is missing");
    expect_fail("k8s\0\x0a\x80", 6, 400, "BadRequest", "truncated varint");
    expect_fail("k8s\0\x0a\x05\x0a", 7, 400, "BadRequest", "runs past the end");
    expect_fail("k8s\0\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 15, 400, "BadRequest",
                "runs past the end");
    expect_fail("k8s\0\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 15, 400, "BadRequest",
                "longer than 64 bits");
    expect_fail("k8s\0\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 16, 400, "BadRequest",
                "longer than 64 bits");
    expect_fail("k8s\0\x08\x01", 6, 400, "BadRequest", "wire type 0, want 2");
    expect_fail("k8s\0\x00\x01", 6, 400, "BadRequest", "invalid field number 0");
    expect_fail("k8s\0\x2e", 5, 400, "BadRequest", "invalid wire type 6");
    expect_fail("k8s\0\x2f", 5, 400, "BadRequest", "invalid wire type 7");
    expect_fail("k8s\0\x2c", 5, 400, "BadRequest", "unexpected end-group");
    expect_fail("k8s\0\x2b\x08\x01", 7, 400, "BadRequest", "unterminated group");
    expect_fail("k8s\0\x2b\x34", 6, 400, "BadRequest", "closed as 6");
    expect_fail("k8s\0\x29\x01\x02\x03", 8, 400, "BadRequest", "truncated 8-byte");
    expect_fail("k8s\0\x2d\x01\x02", 7, 400, "BadRequest", "truncated 4-byte");

    struct enc *b = envelope("v1", "", enc_new());
    expect_fail_body(b, 400, "BadRequest", "'Kind' is missing");
    b = envelope("", "Pod", enc_new());
    expect_fail_body(b, 400, "BadRequest", "'apiVersion' is missing");
    b = envelope("v1", "Widget", enc_new());
    expect_fail_body(b, 415, "UnsupportedMediaType", "no protobuf decoder for v1 Widget");
    b = envelope("v2", "Pod", enc_new());
    expect_fail_body(b, 415, "UnsupportedMediaType", "v2 Pod");
    /* contentEncoding set */
    b = enc_new();
    e_raw(b, "k8s\0", 4);
    struct enc *tm = enc_new();
    e_str(tm, 1, "v1");
    e_str(tm, 2, "Namespace");
    e_msg(b, 1, tm);
    e_str(b, 2, "");
    e_str(b, 3, "gzip");
    expect_fail_body(b, 415, "UnsupportedMediaType", "contentEncoding \"gzip\"");
    /* bad UTF-8 / NUL in the kind */
    b = envelope("v1", "Pod\xff", enc_new());
    expect_fail_body(b, 400, "BadRequest", "TypeMeta.kind is not valid UTF-8");

    /* inside the object */
    struct enc *md = enc_new();
    e_str(md, 1, "bad\xc0\xafname"); /* overlong '/' */
    struct enc *ns = enc_new();
    e_msg(ns, 1, md);
    expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest",
                     "ObjectMeta.name is not valid UTF-8");
    const char *bad_utf8[] = {"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80", "\xfe"};
    for (size_t i = 0; i < AK_ARRAY_LEN(bad_utf8); i++) {
        md = enc_new();
        e_str(md, 1, bad_utf8[i]);
        ns = enc_new();
        e_msg(ns, 1, md);
        expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest", "UTF-8");
    }
    md = enc_new();
    e_bytes(md, 1, "a\0b", 3);
    ns = enc_new();
    e_msg(ns, 1, md);
    expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest", "NUL");
    md = enc_new();
    struct enc *en = enc_new();
    e_bytes(en, 1, "k\0", 2);
    e_str(en, 2, "v");
    e_msg(md, 11, en);
    ns = enc_new();
    e_msg(ns, 1, md);
    expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest", "ObjectMeta.labels");
    /* wrong wire type on a known field */
    ns = enc_new();
    e_int(ns, 1, 5);
    expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest",
                     "Namespace.metadata (field 1) has wire type 0, want 2");
    struct enc *spec = enc_new();
    e_str(spec, 1, "three");
    struct enc *d = enc_new();
    e_msg(d, 2, spec);
    expect_fail_body(envelope("apps/v1", "Deployment", d), 400, "BadRequest",
                     "DeploymentSpec.replicas (field 1) has wire type 2, want 0");
    /* truncated nested length */
    md = enc_new();
    e_tag(md, 1, 2);
    e_varint(md, 50);
    e_raw(md, "short", 5);
    ns = enc_new();
    e_bytes(ns, 1, md->d, md->n);
    enc_free(md);
    expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest", "runs past the end");
    /* bad quantity */
    struct enc *rr = enc_new();
    e_mapq(rr, 1, "cpu", "1.1.M");
    struct enc *c = enc_new();
    e_str(c, 1, "x");
    e_msg(c, 8, rr);
    spec = enc_new();
    e_msg(spec, 2, c);
    struct enc *pod = enc_new();
    e_msg(pod, 2, spec);
    expect_fail_body(envelope("v1", "Pod", pod), 400, "BadRequest",
                     "ResourceRequirements.limits: quantities must match");
    rr = enc_new();
    e_mapq(rr, 2, "memory", "");
    c = enc_new();
    e_msg(c, 8, rr);
    spec = enc_new();
    e_msg(spec, 2, c);
    pod = enc_new();
    e_msg(pod, 2, spec);
    expect_fail_body(envelope("v1", "Pod", pod), 400, "BadRequest", "quantities must match");
    /* bad embedded JSON in fieldsV1 */
    struct enc *fv = enc_new();
    e_str(fv, 1, "{not json");
    struct enc *mf = enc_new();
    e_msg(mf, 7, fv);
    md = enc_new();
    e_msg(md, 17, mf);
    ns = enc_new();
    e_msg(ns, 1, md);
    expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest",
                     "ManagedFieldsEntry.fieldsV1: embedded JSON");
    /* timestamps outside years 1..9999 */
    md = enc_new();
    e_msg(md, 8, ktime(253402300800LL, 0));
    ns = enc_new();
    e_msg(ns, 1, md);
    expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest", "outside years 1-9999");
    md = enc_new();
    e_msg(md, 8, ktime(INT64_MIN, 0));
    ns = enc_new();
    e_msg(ns, 1, md);
    expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest", "outside years 1-9999");
    /* the error names the byte offset */
    expect_fail("k8s\0\x0a\x05\x0a", 7, 400, "BadRequest", "(at byte 5)");
    (void)err;
}

static void test_limits(void **state)
{
    (void)state;
    /* nesting: unknown groups 70 deep inside ObjectMeta */
    struct enc *md = enc_new();
    e_str(md, 1, "deep");
    for (int i = 0; i < 70; i++)
        e_tag(md, 99, 3);
    for (int i = 0; i < 70; i++)
        e_tag(md, 99, 4);
    struct enc *ns = enc_new();
    e_msg(ns, 1, md);
    expect_fail_body(envelope("v1", "Namespace", ns), 400, "BadRequest",
                     "nesting deeper than 64 levels");
    /* 50 levels are fine */
    md = enc_new();
    e_str(md, 1, "ok");
    for (int i = 0; i < 50; i++)
        e_tag(md, 99, 3);
    for (int i = 0; i < 50; i++)
        e_tag(md, 99, 4);
    ns = enc_new();
    e_msg(ns, 1, md);
    expect_body(envelope("v1", "Namespace", ns),
                "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'ok'}}");

    /* too many values: 300000 empty finalizers */
    struct enc *sp = enc_new();
    for (int i = 0; i < 300000; i++)
        e_str(sp, 1, "");
    ns = enc_new();
    e_msg(ns, 2, sp);
    expect_fail_body(envelope("v1", "Namespace", ns), 413, "RequestEntityTooLarge",
                     "more than 262144 JSON values");
    /* 1000 are fine */
    sp = enc_new();
    for (int i = 0; i < 1000; i++)
        e_str(sp, 1, "kubernetes");
    ns = enc_new();
    e_msg(ns, 2, sp);
    struct enc *body = envelope("v1", "Namespace", ns);
    struct ak_err err = {0};
    json_t *j = ak_proto_decode(body->d, body->n, &err);
    assert_non_null(j);
    assert_int_equal(json_array_size(json_object_get(json_object_get(j, "spec"), "finalizers")),
                     1000);
    json_decref(j);
    enc_free(body);

    /* oversized body */
    size_t big = AK_PROTO_MAX_BODY + 1;
    uint8_t *buf = ak_xcalloc(1, big);
    memcpy(buf, "k8s\0", 4);
    expect_fail(buf, big, 413, "RequestEntityTooLarge", "exceed the limit");
    err.status = 0;
    assert_null(ak_proto_decode_object("v1", "Pod", buf, big, &err));
    assert_int_equal(err.status, 413);
    free(buf);
}

/* Every truncation and many single-byte corruptions of real bodies: never a crash (ASan),
 * always either an object or a 4xx with a message. */
static void check_robust(const uint8_t *d, size_t n)
{
    struct ak_err err = {0};
    json_t *j = ak_proto_decode(d, n, &err);
    if (j == NULL) {
        if (err.status != 400 && err.status != 413 && err.status != 415)
            fail_msg("unexpected status %d (%s)", err.status, err.message);
        assert_true(err.message[0] != '\0');
    }
    json_decref(j);
}

static void check_robust_fwd(const uint8_t *d, size_t n)
{
    check_robust(d, n);
}

static void test_robust(void **state)
{
    (void)state;
    struct enc *bodies[] = {full_pod(), deployment_body(2, true), pdb_body(intstr_str("1"), NULL)};
    for (size_t b = 0; b < AK_ARRAY_LEN(bodies); b++) {
        struct enc *e = bodies[b];
        uint8_t *copy = ak_xmalloc(e->n);
        for (size_t len = 0; len < e->n; len++) {
            memcpy(copy, e->d, len);
            check_robust(copy, len);
        }
        static const uint8_t pats[] = {0x00, 0xff, 0x80, 0x7f, 0x01, 0x0b, 0x0c};
        for (size_t i = 4; i < e->n; i++) {
            for (size_t k = 0; k <= AK_ARRAY_LEN(pats); k++) {
                memcpy(copy, e->d, e->n);
                copy[i] = k < AK_ARRAY_LEN(pats) ? pats[k] : (uint8_t)(copy[i] ^ 0x01);
                check_robust(copy, e->n);
            }
        }
        /* a pseudo-random byte storm */
        uint32_t x = 2463534242u;
        for (int round = 0; round < 2000; round++) {
            memcpy(copy, e->d, e->n);
            for (int k = 0; k < 4; k++) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                size_t pos = 4 + x % (e->n - 4);
                copy[pos] = (uint8_t)(x >> 8);
            }
            check_robust(copy, e->n);
        }
        free(copy);
        enc_free(e);
    }
}

/* ---- internals: times, durations, UTF-8 ---- */

static void test_time_format(void **state)
{
    (void)state;
    static const struct {
        int64_t sec;
        int32_t nanos;
        bool micro;
        const char *want;
    } t[] = {
        {1714557600, 0, false, "2024-05-01T10:00:00Z"},
        {1714557600, 999999999, false, "2024-05-01T10:00:00Z"}, /* Time drops nanos */
        {1, 0, false, "1970-01-01T00:00:01Z"},
        {0, 0, true, "1970-01-01T00:00:00.000000Z"},           /* non-empty message: epoch */
        {-1, 0, false, "1969-12-31T23:59:59Z"},
        {951782400, 0, false, "2000-02-29T00:00:00Z"},
        {951868800, 0, false, "2000-03-01T00:00:00Z"},
        {1709164800, 0, false, "2024-02-29T00:00:00Z"},
        {4102444800LL, 0, false, "2100-01-01T00:00:00Z"},
        {-62135596799LL, 0, false, "0001-01-01T00:00:01Z"},
        {253402300799LL, 0, false, "9999-12-31T23:59:59Z"},
        {1714557600, 123456789, true, "2024-05-01T10:00:00.123456Z"},
        {1714557600, 999, true, "2024-05-01T10:00:00.000000Z"},
        {10, -1000, true, "1970-01-01T00:00:09.999999Z"},
        {10, -1000000001, true, "1970-01-01T00:00:09.000000Z"},
        {10, 2000000000, true, "1970-01-01T00:00:12.000000Z"},
        {253402300799LL, 999999000, true, "9999-12-31T23:59:59.999999Z"},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(t); i++) {
        struct enc *m = enc_new();
        e_int(m, 1, t[i].sec);
        e_int(m, 2, t[i].nanos);
        struct pb_ctx c = {NULL, m->d, 0};
        json_t *v = NULL;
        bool zero = true;
        assert_int_equal(pb_time(&c, "t", m->d, m->n, t[i].micro, 1, &v, &zero), 0);
        if (!json_is_string(v) || strcmp(json_string_value(v), t[i].want) != 0)
            fail_msg("time %lld/%d: got %s want %s", (long long)t[i].sec, t[i].nanos,
                     json_is_string(v) ? json_string_value(v) : "(not a string)", t[i].want);
        assert_false(zero);
        json_decref(v);
        enc_free(m);
    }
    /* empty message and Go's zero time are null */
    struct pb_ctx c = {NULL, NULL, 0};
    json_t *v;
    bool zero;
    assert_int_equal(pb_time(&c, "t", (const uint8_t *)"", 0, false, 1, &v, &zero), 0);
    assert_true(json_is_null(v) && zero);
    json_decref(v);
    struct enc *m = enc_new();
    e_int(m, 1, PB_MIN_UNIX);
    assert_int_equal(pb_time(&c, "t", m->d, m->n, true, 1, &v, &zero), 0);
    assert_true(json_is_null(v) && zero);
    json_decref(v);
    enc_free(m);
    /* out of range */
    struct ak_err err = {0};
    c.err = &err;
    m = enc_new();
    e_int(m, 1, 253402300800LL);
    assert_true(pb_time(&c, "t", m->d, m->n, false, 1, &v, &zero) < 0);
    enc_free(m);
    m = enc_new();
    e_int(m, 1, INT64_MAX);
    e_int(m, 2, 2000000000);
    assert_true(pb_time(&c, "t", m->d, m->n, true, 1, &v, &zero) < 0);
    enc_free(m);
}

static void test_duration_format(void **state)
{
    (void)state;
    static const struct {
        int64_t d;
        const char *want;
    } t[] = {
        {0, "0s"},
        {1, "1ns"},
        {999, "999ns"},
        {1000, "1\xc2\xb5s"},
        {1500, "1.5\xc2\xb5s"},
        {100000, "100\xc2\xb5s"},
        {1000000, "1ms"},
        {1001000, "1.001ms"},
        {1500000, "1.5ms"},
        {1000000000, "1s"},
        {1500000000, "1.5s"},
        {60000000000LL, "1m0s"},
        {90000000000LL, "1m30s"},
        {3600000000000LL, "1h0m0s"},
        {3661000000001LL, "1h1m1.000000001s"},
        {-2000000000, "-2s"},
        {-1500, "-1.5\xc2\xb5s"},
        {INT64_MAX, "2562047h47m16.854775807s"},
        {INT64_MIN, "-2562047h47m16.854775808s"},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(t); i++) {
        char buf[64];
        go_duration(t[i].d, buf, sizeof(buf));
        if (strcmp(buf, t[i].want) != 0)
            fail_msg("duration %lld: got %s want %s", (long long)t[i].d, buf, t[i].want);
    }
    /* through the value decoder */
    struct enc *m = enc_new();
    e_int(m, 1, 300000000000LL);
    struct pb_ctx c = {NULL, m->d, 0};
    json_t *v;
    bool zero;
    assert_int_equal(pb_len_value(&c, "d", PB_DURATION, m->d, m->n, 1, &v, &zero), 0);
    assert_string_equal(json_string_value(v), "5m0s");
    assert_false(zero);
    json_decref(v);
    enc_free(m);
    assert_int_equal(pb_len_value(&c, "d", PB_DURATION, (const uint8_t *)"", 0, 1, &v, &zero), 0);
    assert_string_equal(json_string_value(v), "0s");
    assert_true(zero);
    json_decref(v);
}

static void test_utf8(void **state)
{
    (void)state;
    const char *good[] = {"", "ascii", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf",
                          "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf"};
    const char *bad[] = {"\x80", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80",
                         "\xed\xbf\xbf", "\xf0\x80\x80\x80", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
                         "\xff", "\xc2", "\xe2\x82", "\xf0\x9f\x9a", "\xc2\x41"};
    for (size_t i = 0; i < AK_ARRAY_LEN(good); i++)
        if (!utf8_valid((const uint8_t *)good[i], strlen(good[i])))
            fail_msg("good UTF-8 #%zu rejected", i);
    for (size_t i = 0; i < AK_ARRAY_LEN(bad); i++)
        if (utf8_valid((const uint8_t *)bad[i], strlen(bad[i])))
            fail_msg("bad UTF-8 #%zu accepted", i);
}

/* The descriptor tables are sorted by field number (binary search relies on it), names
 * are set except for inline members, and message fields have a descriptor. */
static void check_msg(const struct pb_msg *m, int depth)
{
    assert_true(depth < 20);
    for (size_t i = 0; i < m->n; i++) {
        const struct pb_field *f = &m->fields[i];
        if (i > 0 && m->fields[i - 1].num >= f->num)
            fail_msg("%s: fields not sorted at %u", m->name, f->num);
        if ((f->json == NULL) != ((f->flags & PB_F_INLINE) != 0))
            fail_msg("%s.%u: json name vs inline flag", m->name, f->num);
        if ((f->kind == PB_MSG) != (f->msg != NULL))
            fail_msg("%s.%u: message descriptor", m->name, f->num);
        if ((f->flags & PB_F_MAP) && (kind_is_varint(f->kind) || f->kind == PB_MSG))
            fail_msg("%s.%u: unsupported map value kind", m->name, f->num);
        if (f->msg)
            check_msg(f->msg, depth + 1);
    }
}

static void test_tables(void **state)
{
    (void)state;
    for (size_t i = 0; i < AK_ARRAY_LEN(pb_roots); i++)
        check_msg(pb_roots[i].msg, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_namespace),
        cmocka_unit_test(test_deployment),
        cmocka_unit_test(test_pdb),
        cmocka_unit_test(test_delete_options),
        cmocka_unit_test(test_pod),
        cmocka_unit_test(test_pod_tolerations),
        cmocka_unit_test(test_other_kinds),
        cmocka_unit_test(test_merge_and_unknown_fields),
        cmocka_unit_test(test_kubectl_captured),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_robust),
        cmocka_unit_test(test_time_format),
        cmocka_unit_test(test_duration_format),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
