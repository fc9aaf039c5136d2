/* test_patch.c - JSON merge patch (RFC 7386 appendix), JSON patch (RFC 6902 appendix + the
 * kube-apiserver quirks), strategic merge patch with the bodies kubectl really sends, and the
 * Content-Type dispatch of PATCH bodies. Every case asserts the exact resulting document. */
#include "unit_helpers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "kube/ak_patch.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"

/* ---- helpers ------------------------------------------------------------------------------ */

/* Parses JSON written with single quotes (no test string needs a real apostrophe). */
static json_t *J(const char *text)
{
    char *s = ak_xstrdup(text);
    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    json_error_t e;
    json_t *v = json_loads(s, JSON_DECODE_ANY, &e);
    if (v == NULL)
        fail_msg("bad test JSON (%s) at column %d: %s", e.text, e.column, s);
    free(s);
    return v;
}

static char *dump(const json_t *v)
{
    if (v == NULL)
        return ak_xstrdup("(NULL)");
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    return s ? s : ak_xstrdup("(dump failed)");
}

static void expect_json(const json_t *got, const char *want_text, int line)
{
    json_t *want = J(want_text);
    if (got == NULL || !json_equal(got, want)) {
        char *g = dump(got), *w = dump(want);
        fail_msg("line %d:\n  got  %s\n  want %s", line, g, w);
    }
    json_decref(want);
}

/* no strategic-merge directive may reach a result */
static void expect_no_directive(const json_t *v, int line)
{
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x) {
            if (k[0] == '$')
                fail_msg("line %d: directive key \"%s\" leaked into the result", line, k);
            expect_no_directive(x, line);
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            expect_no_directive(json_array_get(v, i), line);
    }
}

static void smp_case(const char *kind, const char *doc, const char *patch, const char *want,
                     int line)
{
    json_t *d = J(doc), *p = J(patch), *before = json_deep_copy(d);
    struct ak_err err;
    ak_err_clear(&err);
    json_t *r = ak_strategic_merge_patch(d, p, kind, &err);
    if (r == NULL)
        fail_msg("line %d: strategic merge failed: %d %s: %s", line, err.status, err.code,
                 err.message);
    expect_json(r, want, line);
    expect_no_directive(r, line);
    if (!json_equal(d, before))
        fail_msg("line %d: the document was modified", line);
    json_decref(r);
    json_decref(d);
    json_decref(p);
    json_decref(before);
}
#define SMP(kind, doc, patch, want) smp_case((kind), (doc), (patch), (want), __LINE__)

static void smp_err(const char *kind, const char *doc, const char *patch, int status,
                    const char *reason, const char *msg, int line)
{
    json_t *d = J(doc), *p = J(patch);
    struct ak_err err;
    ak_err_clear(&err);
    json_t *r = ak_strategic_merge_patch(d, p, kind, &err);
    if (r != NULL) {
        char *g = dump(r);
        fail_msg("line %d: expected an error, got %s", line, g);
    }
    if (err.status != status || strcmp(err.code, reason) != 0)
        fail_msg("line %d: got %d \"%s\" (%s), want %d \"%s\"", line, err.status, err.code,
                 err.message, status, reason);
    if (strcmp(err.message, msg) != 0)
        fail_msg("line %d: message\n  got  \"%s\"\n  want \"%s\"", line, err.message, msg);
    json_decref(d);
    json_decref(p);
}
#define SMP_ERR(kind, doc, patch, status, reason, msg)                                             \
    smp_err((kind), (doc), (patch), (status), (reason), (msg), __LINE__)

static void jp_case(const char *doc, const char *ops, const char *want, int line)
{
    json_t *d = J(doc), *o = J(ops), *before = json_deep_copy(d);
    struct ak_err err;
    ak_err_clear(&err);
    json_t *r = ak_json_patch(d, o, &err);
    if (r == NULL)
        fail_msg("line %d: JSON patch failed: %d %s: %s [%s]", line, err.status, err.code,
                 err.message, err.target);
    expect_json(r, want, line);
    if (!json_equal(d, before))
        fail_msg("line %d: the document was modified", line);
    json_decref(r);
    json_decref(d);
    json_decref(o);
    json_decref(before);
}
#define JP(doc, ops, want) jp_case((doc), (ops), (want), __LINE__)

/* A failed operation: 422 Invalid with kube-apiserver's generic message, cause in target. */
static void jp_fail(const char *doc, const char *ops, int status, const char *reason,
                    const char *msg, const char *cause, int line)
{
    json_t *d = J(doc), *o = J(ops), *before = json_deep_copy(d);
    struct ak_err err;
    ak_err_clear(&err);
    json_t *r = ak_json_patch(d, o, &err);
    if (r != NULL) {
        char *g = dump(r);
        fail_msg("line %d: expected an error, got %s", line, g);
    }
    if (err.status != status || strcmp(err.code, reason) != 0 || strcmp(err.message, msg) != 0)
        fail_msg("line %d: got %d \"%s\" \"%s\", want %d \"%s\" \"%s\"", line, err.status, err.code,
                 err.message, status, reason, msg);
    if (strcmp(err.target, cause) != 0)
        fail_msg("line %d: cause\n  got  \"%s\"\n  want \"%s\"", line, err.target, cause);
    if (!json_equal(d, before))
        fail_msg("line %d: the document was modified", line);
    json_decref(d);
    json_decref(o);
    json_decref(before);
}
static const char REJECTED[] = "the server rejected our request due to an error in our request";
#define JP_FAIL(doc, ops, cause) jp_fail((doc), (ops), 422, "Invalid", REJECTED, (cause), __LINE__)
#define JP_BAD(doc, ops, msg) jp_fail((doc), (ops), 400, "BadRequest", (msg), "", __LINE__)

/* ---- RFC 7386 ------------------------------------------------------------------------------ */

static void test_merge_patch_rfc7386_appendix(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"{'a':'b'}", "{'a':'c'}", "{'a':'c'}"},
        {"{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"},
        {"{'a':'b'}", "{'a':null}", "{}"},
        {"{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"},
        {"{'a':['b']}", "{'a':'c'}", "{'a':'c'}"},
        {"{'a':'c'}", "{'a':['b']}", "{'a':['b']}"},
        {"{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"},
        {"{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"},
        {"['a','b']", "['c','d']", "['c','d']"},
        {"{'a':'b'}", "['c']", "['c']"},
        {"{'a':'foo'}", "null", "null"},
        {"{'a':'foo'}", "'bar'", "'bar'"},
        {"{'e':null}", "{'a':1}", "{'e':null,'a':1}"},
        {"[1,2]", "{'a':'b','c':null}", "{'a':'b'}"},
        {"{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"},
        /* section 3's example */
        {"{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},"
         "'tags':['example','sample'],'content':'This will be unchanged'}",
         "{'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},"
         "'tags':['example']}",
         "{'title':'Hello!','author':{'givenName':'John'},'tags':['example'],"
         "'content':'This will be unchanged','phoneNumber':'+01-123-456-7890'}"},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(cases); i++) {
        json_t *d = J(cases[i][0]), *p = J(cases[i][1]), *before = json_deep_copy(d);
        json_t *r = ak_merge_patch(d, p);
        expect_json(r, cases[i][2], (int)i);
        assert_true(json_equal(d, before));
        /* the result shares nothing with the inputs */
        if (json_is_object(r))
            assert_int_equal(json_object_set_new(r, "zz", json_true()), 0);
        assert_true(json_equal(d, before));
        json_decref(r);
        json_decref(d);
        json_decref(p);
        json_decref(before);
    }
    json_t *p = J("{'a':{'b':null,'c':1}}"), *r = ak_merge_patch(NULL, p);
    expect_json(r, "{'a':{'c':1}}", __LINE__);
    json_decref(r);
    json_decref(p);
}

/* ---- RFC 6902 ------------------------------------------------------------------------------ */

static void test_json_patch_rfc6902_appendix(void **state)
{
    (void)state;
    /* A.1 */
    JP("{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux'}]", "{'baz':'qux','foo':'bar'}");
    /* A.2 */
    JP("{'foo':['bar','baz']}", "[{'op':'add','path':'/foo/1','value':'qux'}]",
       "{'foo':['bar','qux','baz']}");
    /* A.3 */
    JP("{'baz':'qux','foo':'bar'}", "[{'op':'remove','path':'/baz'}]", "{'foo':'bar'}");
    /* A.4 */
    JP("{'foo':['bar','qux','baz']}", "[{'op':'remove','path':'/foo/1'}]", "{'foo':['bar','baz']}");
    /* A.5 */
    JP("{'baz':'qux','foo':'bar'}", "[{'op':'replace','path':'/baz','value':'boo'}]",
       "{'baz':'boo','foo':'bar'}");
    /* A.6 */
    JP("{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
       "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
       "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}");
    /* A.7 */
    JP("{'foo':['all','grass','cows','eat']}", "[{'op':'move','from':'/foo/1','path':'/foo/3'}]",
       "{'foo':['all','cows','eat','grass']}");
    /* A.8 */
    JP("{'baz':'qux','foo':['a',2,'c']}",
       "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]",
       "{'baz':'qux','foo':['a',2,'c']}");
    /* A.9 */
    JP_FAIL("{'baz':'qux'}", "[{'op':'test','path':'/baz','value':'bar'}]",
            "testing value /baz failed: test failed");
    /* A.10 */
    JP("{'foo':'bar'}", "[{'op':'add','path':'/child','value':{'grandchild':{}}}]",
       "{'foo':'bar','child':{'grandchild':{}}}");
    /* A.11 */
    JP("{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux','xyz':123}]",
       "{'foo':'bar','baz':'qux'}");
    /* A.12 */
    JP_FAIL("{'foo':'bar'}", "[{'op':'add','path':'/baz/bat','value':'qux'}]",
            "add operation does not apply: doc is missing path: \"/baz/bat\": missing value");
    /* A.13 is about duplicate members, which only exist in the request body: see
     * test_apply_rfc6902_a13 */
    /* A.14 */
    JP("{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':10}]", "{'/':9,'~1':10}");
    /* A.15 */
    JP_FAIL("{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':'10'}]",
            "testing value /~01 failed: test failed");
    /* A.16 */
    JP("{'foo':['bar']}", "[{'op':'add','path':'/foo/-','value':['abc','def']}]",
       "{'foo':['bar',['abc','def']]}");
    /* the ~1 of A.14 in a path that is written to */
    JP("{'a/b':{'m~n':1}}", "[{'op':'replace','path':'/a~1b/m~0n','value':2}]",
       "{'a/b':{'m~n':2}}");
}

static void test_apply_rfc6902_a13(void **state)
{
    (void)state;
    static const char body[] = "[{ \"op\": \"add\", \"path\": \"/baz\", \"value\": \"qux\", "
                               "\"op\": \"remove\" }]";
    json_t *d = J("{'foo':'bar'}"), *out = (json_t *)1;
    struct ak_err err;
    ak_err_clear(&err);
    int rc =
        ak_patch_apply(d, "application/json-patch+json", body, strlen(body), "Pod", &out, &err);
    assert_int_equal(rc, AK_EINVAL);
    assert_null(out);
    assert_int_equal(err.status, 400);
    ASSERT_STR(err.code, "BadRequest");
    ASSERT_CONTAINS(err.message, "invalid JSON patch: duplicate object key");
    json_decref(d);
}

static void test_json_patch_kubectl(void **state)
{
    (void)state;
    /* kubectl patch deploy web --type=json -p '[{"op":"test",...},{"op":"replace",...}]' */
    static const char deploy[] = "{'metadata':{'name':'web'},'spec':{'replicas':3,'template':"
                                 "{'spec':{'containers':[{'name':'app','image':'nginx'}]}}}}";
    JP(deploy,
       "[{'op':'test','path':'/spec/replicas','value':3},"
       "{'op':'replace','path':'/spec/replicas','value':5},"
       "{'op':'add','path':'/spec/template/spec/containers/-','value':{'name':'side','image':'b'}},"
       "{'op':'replace','path':'/spec/template/spec/containers/0/image','value':'nginx:1.26'}]",
       "{'metadata':{'name':'web'},'spec':{'replicas':5,'template':{'spec':{'containers':"
       "[{'name':'app','image':'nginx:1.26'},{'name':'side','image':'b'}]}}}}");
    JP_FAIL(deploy,
            "[{'op':'replace','path':'/metadata/name','value':'x'},"
            "{'op':'test','path':'/spec/replicas','value':5},"
            "{'op':'replace','path':'/spec/replicas','value':6}]",
            "testing value /spec/replicas failed: test failed");
    /* kubectl label via JSON patch with an escaped key */
    JP("{'metadata':{'labels':{'a':'1'}}}",
       "[{'op':'add','path':'/metadata/labels/kubernetes.io~1role','value':'agent'},"
       "{'op':'remove','path':'/metadata/labels/a'}]",
       "{'metadata':{'labels':{'kubernetes.io/role':'agent'}}}");
    /* atomic: the first operation is not kept when the second fails */
    JP_FAIL("{'a':1}", "[{'op':'add','path':'/b','value':2},{'op':'remove','path':'/nope'}]",
            "error in remove for path: '/nope': Unable to remove nonexistent key: nope: missing "
            "value");
}

static void test_json_patch_kube_quirks(void **state)
{
    (void)state;
    /* negative indices count from the end (evanphx/json-patch SupportNegativeIndices) */
    JP("{'a':[1,2,3]}", "[{'op':'remove','path':'/a/-1'}]", "{'a':[1,2]}");
    JP("{'a':[1,2,3]}", "[{'op':'replace','path':'/a/-3','value':9}]", "{'a':[9,2,3]}");
    JP("{'a':[1,2,3]}", "[{'op':'add','path':'/a/-1','value':'x'}]", "{'a':[1,2,3,'x']}");
    JP("{'a':[1,2,3]}", "[{'op':'add','path':'/a/-4','value':'x'}]", "{'a':['x',1,2,3]}");
    JP("{'a':[1,2,3]}", "[{'op':'test','path':'/a/-1','value':3}]", "{'a':[1,2,3]}");
    JP("{'a':[1,2,3]}", "[{'op':'add','path':'/a/+1','value':'x'},{'op':'remove','path':'/a/00'}]",
       "{'a':['x',2,3]}");
    /* replace of a missing object member adds it */
    JP("{'a':1}", "[{'op':'replace','path':'/b','value':2}]", "{'a':1,'b':2}");
    /* add / replace without a value store null */
    JP("{'a':1}", "[{'op':'add','path':'/b'},{'op':'replace','path':'/a'}]", "{'a':null,'b':null}");
    /* copy from a missing member copies null */
    JP("{'a':1}", "[{'op':'copy','from':'/nope','path':'/b'}]", "{'a':1,'b':null}");
    JP("{'a':{'x':[1]}}",
       "[{'op':'copy','from':'/a','path':'/b'},{'op':'add','path':'/b/x/-','value':2}]",
       "{'a':{'x':[1]},'b':{'x':[1,2]}}");
    /* test of a missing member passes for null or no value, fails otherwise */
    JP("{'a':1}", "[{'op':'test','path':'/b','value':null},{'op':'test','path':'/b'}]", "{'a':1}");
    JP("{'a':null}", "[{'op':'test','path':'/a','value':null}]", "{'a':null}");
    JP_FAIL("{'a':1}", "[{'op':'test','path':'/b','value':1}]",
            "testing value /b failed: test failed");
    JP_FAIL("{'a':1}", "[{'op':'test','path':'/a'}]", "testing value /a failed: test failed");
    JP_FAIL("{'a':1}", "[{'op':'test','path':'/a','value':1.0}]",
            "testing value /a failed: test failed");
    /* the whole document: replace (object or array only) and test */
    JP("{'a':1}",
       "[{'op':'test','path':'','value':{'a':1}},{'op':'replace','path':'','value':{'b':2}}]",
       "{'b':2}");
    JP_FAIL("{'a':1}", "[{'op':'replace','path':'','value':3}]",
            "replace operation value must be object or array: %!w(<nil>)");
    JP_FAIL("{'a':1}", "[{'op':'add','path':'','value':{}}]",
            "add operation does not apply: doc is missing path: \"\": missing value");
    /* the text before the first '/' is ignored */
    JP("{'a':1}", "[{'op':'add','path':'x/b','value':2}]", "{'a':1,'b':2}");
    /* move and its errors */
    JP("{'a':{'b':1}}", "[{'op':'move','from':'/a','path':'/a'}]", "{'a':{'b':1}}");
    JP("{'a':[1,2],'b':{}}", "[{'op':'move','from':'/a/0','path':'/b/first'}]",
       "{'a':[2],'b':{'first':1}}");
    JP_FAIL("{'a':{'b':1}}", "[{'op':'move','from':'/a','path':'/a/c'}]",
            "move operation does not apply: doc is missing destination path: /a/c: missing value");
    JP_FAIL(
        "{'a':1}", "[{'op':'move','from':'/nope','path':'/b'}]",
        "error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value");
    JP_FAIL("{'a':1}", "[{'op':'move','path':'/b'}]",
            "move operation failed to decode from: operation, missing from field: missing value");
    /* index errors */
    JP_FAIL("{'a':[1]}", "[{'op':'add','path':'/a/5','value':0}]",
            "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index "
            "referenced");
    JP_FAIL("{'a':[1]}", "[{'op':'add','path':'/a/x','value':0}]",
            "error in add for path: '/a/x': value was not a proper array index: 'x': "
            "strconv.Atoi: parsing \"x\": invalid syntax");
    JP_FAIL("{'a':[1]}", "[{'op':'remove','path':'/a/1'}]",
            "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index "
            "referenced");
    JP_FAIL("{'a':[1]}", "[{'op':'replace','path':'/a/1','value':0}]",
            "replace operation does not apply: doc is missing key: /a/1: missing value");
    JP_FAIL("{'a':[1]}", "[{'op':'test','path':'/a/-','value':0}]",
            "error in test for path: '/a/-': strconv.Atoi: parsing \"-\": invalid syntax");
    JP_FAIL("{'a':null}", "[{'op':'add','path':'/a/b','value':0}]",
            "add operation does not apply: doc is missing path: \"/a/b\": missing value");
    JP_FAIL("{'a':'s'}", "[{'op':'add','path':'/a/b','value':0}]",
            "add operation does not apply: doc is missing path: \"/a/b\": missing value");
    /* bad operations */
    JP_FAIL("{}", "[{'op':'frob','path':'/a'}]", "Unexpected kind: frob");
    JP_FAIL("{}", "[{'path':'/a'}]", "Unexpected kind: unknown");
    JP_FAIL("{}", "[null]", "Unexpected kind: unknown");
    JP_FAIL("{}", "[{'op':'add','value':1}]", "add operation failed to decode path: missing value");
    JP_FAIL("{}", "[{'op':'replace','path':7}]",
            "replace operation failed to decode path: json: cannot unmarshal number into Go value "
            "of type string");
    /* malformed patch documents: 400 before anything is applied */
    JP_BAD("{}", "{'op':'add'}",
           "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    JP_BAD("{}", "[{'op':'test','path':'/x','value':1},'add']",
           "json: cannot unmarshal string into Go value of type jsonpatch.Operation");
    JP("{'a':1}", "null", "{'a':1}");
    JP("{'a':1}", "[]", "{'a':1}");
}

static void test_json_patch_limits(void **state)
{
    (void)state;
    struct ak_err err;
    /* more than 10000 operations: 413 */
    json_t *doc = J("{'a':1}"), *ops = json_array();
    for (int i = 0; i <= AK_PATCH_MAX_OPS; i++)
        json_array_append_new(ops, J("{'op':'test','path':'/a','value':1}"));
    ak_err_clear(&err);
    assert_null(ak_json_patch(doc, ops, &err));
    assert_int_equal(err.status, 413);
    ASSERT_STR(err.code, "RequestEntityTooLarge");
    ASSERT_STR(err.message, "The allowed maximum operations in a JSON patch is 10000, got 10001");
    json_array_remove(ops, 0);
    json_t *r = ak_json_patch(doc, ops, &err);
    expect_json(r, "{'a':1}", __LINE__);
    json_decref(r);
    json_decref(ops);
    json_decref(doc);

    /* copies may add at most 3 MiB (compact JSON) */
    size_t n = 1u << 20;
    char *big = ak_xmalloc(n + 1);
    memset(big, 'x', n);
    big[n] = '\0';
    doc = json_object();
    json_object_set_new(doc, "a", json_string(big));
    free(big);
    ops = J("[{'op':'copy','from':'/a','path':'/b'},{'op':'copy','from':'/a','path':'/c'}]");
    r = ak_json_patch(doc, ops, NULL);
    assert_non_null(r);
    assert_int_equal(json_object_size(r), 3);
    json_decref(r);
    json_array_append_new(ops, J("{'op':'copy','from':'/a','path':'/d'}"));
    ak_err_clear(&err);
    assert_null(ak_json_patch(doc, ops, &err));
    assert_int_equal(err.status, 422);
    ASSERT_STR(err.target, "Unable to complete the copy, the accumulated size increase of copy is "
                           "3145734, exceeding the limit 3145728");
    assert_null(ak_json_patch(doc, ops, NULL)); /* err is optional */
    json_decref(ops);
    json_decref(doc);
}

/* ---- strategic merge patch ------------------------------------------------------------------ */

static const char NODE[] =
    "{'apiVersion':'v1','kind':'Node','metadata':{'name':'aks-np-1','labels':{'a':'1',"
    "'kubernetes.io/os':'linux'}},'spec':{'podCIDR':'10.244.0.0/24','podCIDRs':['10.244.0.0/24'],"
    "'taints':[{'key':'k1','value':'v1','effect':'NoSchedule'},{'key':'k2','effect':'NoExecute'}]},"
    "'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.4'},{'type':'Hostname',"
    "'address':'aks-np-1'}],'conditions':[{'type':'MemoryPressure','status':'False'},"
    "{'type':'Ready','status':'True','reason':'KubeletReady'}]}}";

/* NODE with a different spec / status / metadata, for the expected documents */
static char *node_with(const char *metadata, const char *spec, const char *status)
{
    return ak_xasprintf(
        "{'apiVersion':'v1','kind':'Node','metadata':%s,'spec':%s,'status':%s}",
        metadata ? metadata : "{'name':'aks-np-1','labels':{'a':'1','kubernetes.io/os':'linux'}}",
        spec ? spec
             : "{'podCIDR':'10.244.0.0/24','podCIDRs':['10.244.0.0/24'],'taints':[{'key':'k1',"
               "'value':'v1','effect':'NoSchedule'},{'key':'k2','effect':'NoExecute'}]}",
        status ? status
               : "{'addresses':[{'type':'InternalIP','address':'10.0.0.4'},{'type':'Hostname',"
                 "'address':'aks-np-1'}],'conditions':[{'type':'MemoryPressure','status':"
                 "'False'},{'type':'Ready','status':'True','reason':'KubeletReady'}]}");
}

static const char NODE_SPEC_TAINTS[] =
    "'taints':[{'key':'k1','value':'v1','effect':'NoSchedule'},{'key':'k2','effect':'NoExecute'}]";

static void test_smp_cordon_uncordon(void **state)
{
    (void)state;
    char spec[512], *want;
    snprintf(spec, sizeof(spec),
             "{'podCIDR':'10.244.0.0/24','podCIDRs':['10.244.0.0/24'],%s,'unschedulable':true}",
             NODE_SPEC_TAINTS);
    want = node_with(NULL, spec, NULL);
    SMP("Node", NODE, "{'spec':{'unschedulable':true}}", want); /* kubectl cordon */
    SMP("Node", want, "{'spec':{'unschedulable':null}}", NODE); /* kubectl uncordon */
    SMP("Node", NODE, "{'spec':{'unschedulable':null}}", NODE); /* uncordon when not cordoned */
    free(want);
}

static void test_smp_taints_replace(void **state)
{
    (void)state;
    char *want;
    /* kubectl taint nodes X k3=v3:NoSchedule sends the whole list: taints are atomic */
    want = node_with(
        NULL,
        "{'podCIDR':'10.244.0.0/24','podCIDRs':['10.244.0.0/24'],'taints':["
        "{'effect':'NoSchedule','key':'k1','value':'v1'},{'effect':'NoExecute','key':'k2'},"
        "{'effect':'NoSchedule','key':'k3','value':'v3'}]}",
        NULL);
    SMP("Node", NODE,
        "{'spec':{'taints':[{'effect':'NoSchedule','key':'k1','value':'v1'},{'effect':'NoExecute',"
        "'key':'k2'},{'effect':'NoSchedule','key':'k3','value':'v3'}]}}",
        want);
    free(want);
    /* kubectl taint nodes X k1=v1:NoSchedule- sends the remaining list */
    want = node_with(NULL,
                     "{'podCIDR':'10.244.0.0/24','podCIDRs':['10.244.0.0/24'],'taints':["
                     "{'effect':'NoExecute','key':'k2'}]}",
                     NULL);
    SMP("Node", NODE, "{'spec':{'taints':[{'effect':'NoExecute','key':'k2'}]}}", want);
    free(want);
    want = node_with(NULL, "{'podCIDR':'10.244.0.0/24','podCIDRs':['10.244.0.0/24'],'taints':[]}",
                     NULL);
    SMP("Node", NODE, "{'spec':{'taints':[]}}", want);
    free(want);
    want = node_with(NULL, "{'podCIDR':'10.244.0.0/24','podCIDRs':['10.244.0.0/24']}", NULL);
    SMP("Node", NODE, "{'spec':{'taints':null}}", want);
    free(want);
    /* pod tolerations are atomic too */
    SMP("Pod",
        "{'spec':{'tolerations':[{'key':'node.kubernetes.io/not-ready','operator':'Exists',"
        "'effect':'NoExecute','tolerationSeconds':300}]}}",
        "{'spec':{'tolerations':[{'key':'k','operator':'Exists'}]}}",
        "{'spec':{'tolerations':[{'key':'k','operator':'Exists'}]}}");
}

static void test_smp_node_lists_by_key(void **state)
{
    (void)state;
    char *want;
    /* the kubelet's status patch: conditions by type; an updated entry stays in place */
    want = node_with(NULL, NULL,
                     "{'addresses':[{'type':'InternalIP','address':'10.0.0.4'},{'type':'Hostname',"
                     "'address':'aks-np-1'}],'conditions':[{'type':'MemoryPressure','status':"
                     "'False'},{'type':'Ready','status':'False','reason':'KubeletNotReady'}]}");
    SMP("Node", NODE,
        "{'status':{'conditions':[{'type':'Ready','status':'False','reason':'KubeletNotReady'}]}}",
        want);
    free(want);
    /* a new merge-list entry goes before the server-only ones, as kube-apiserver puts it */
    want =
        node_with(NULL, NULL,
                  "{'addresses':[{'type':'InternalIP','address':'10.0.0.4'},{'type':'Hostname',"
                  "'address':'aks-np-1'}],'conditions':[{'type':'DiskPressure','status':'False'},"
                  "{'type':'MemoryPressure','status':'False'},{'type':'Ready','status':'True',"
                  "'reason':'KubeletReady'}]}");
    SMP("Node", NODE, "{'status':{'conditions':[{'type':'DiskPressure','status':'False'}]}}", want);
    free(want);
    /* addresses by type, in the patch's order, server-only entries after */
    want = node_with(NULL, NULL,
                     "{'addresses':[{'type':'ExternalIP','address':'1.2.3.4'},{'type':'InternalIP',"
                     "'address':'10.0.0.5'},{'type':'Hostname','address':'aks-np-1'}],'conditions':"
                     "[{'type':'MemoryPressure','status':'False'},{'type':'Ready','status':'True',"
                     "'reason':'KubeletReady'}]}");
    SMP("Node", NODE,
        "{'status':{'addresses':[{'type':'ExternalIP','address':'1.2.3.4'},{'type':'InternalIP',"
        "'address':'10.0.0.5'}]}}",
        want);
    free(want);
    /* podCIDRs: a merged list of strings */
    want = node_with(NULL,
                     "{'podCIDR':'10.244.0.0/24','podCIDRs':['fd00::/64','10.244.0.0/24'],"
                     "'taints':[{'key':'k1','value':'v1','effect':'NoSchedule'},{'key':'k2',"
                     "'effect':'NoExecute'}]}",
                     NULL);
    SMP("Node", NODE, "{'spec':{'podCIDRs':['fd00::/64','10.244.0.0/24']}}", want);
    free(want);
    /* labels are a map: merged, null removes */
    want =
        node_with("{'name':'aks-np-1','labels':{'kubernetes.io/os':'linux','b':'2'}}", NULL, NULL);
    SMP("Node", NODE, "{'metadata':{'labels':{'a':null,'b':'2'}}}", want);
    free(want);
}

static const char POD[] =
    "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default',"
    "'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{old}'},"
    "'finalizers':['a/x','b/y'],'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet',"
    "'name':'rs1','uid':'u1','controller':true}]},"
    "'spec':{'containers':[{'name':'app','image':'nginx:1.25','env':[{'name':'A','value':'1'},"
    "{'name':'B','value':'2'}],'ports':[{'containerPort':80,'protocol':'TCP'}],'volumeMounts':"
    "[{'name':'data','mountPath':'/data'}]},{'name':'istio-proxy','image':'istio/proxyv2'},"
    "{'name':'old','image':'busybox'}],'volumes':[{'name':'data','emptyDir':{}}]},"
    "'status':{'phase':'Running','conditions':[{'type':'Initialized','status':'True'},"
    "{'type':'Ready','status':'True'}]}}";

static const char POD_APP[] =
    "{'name':'app','image':'nginx:1.25','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],"
    "'ports':[{'containerPort':80,'protocol':'TCP'}],'volumeMounts':[{'name':'data',"
    "'mountPath':'/data'}]}";

static char *pod_with(const char *metadata, const char *containers, const char *status)
{
    return ak_xasprintf(
        "{'apiVersion':'v1','kind':'Pod','metadata':%s,'spec':{'containers':%s,'volumes':"
        "[{'name':'data','emptyDir':{}}]},'status':%s}",
        metadata ? metadata
                 : "{'name':'web','namespace':'default','annotations':{'kubectl.kubernetes.io/"
                   "last-applied-configuration':'{old}'},'finalizers':['a/x','b/y'],"
                   "'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'rs1',"
                   "'uid':'u1','controller':true}]}",
        containers,
        status ? status
               : "{'phase':'Running','conditions':[{'type':'Initialized','status':'True'},"
                 "{'type':'Ready','status':'True'}]}");
}

/* the metadata of POD with other finalizers / ownerReferences */
static char *pod_meta(const char *finalizers, const char *owners)
{
    return ak_xasprintf("{'name':'web','namespace':'default','annotations':{'kubectl.kubernetes.io/"
                        "last-applied-configuration':'{old}'}%s%s%s%s}",
                        finalizers ? ",'finalizers':" : "", finalizers ? finalizers : "",
                        owners ? ",'ownerReferences':" : "", owners ? owners : "");
}

static const char POD_OWNERS[] =
    "[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'rs1','uid':'u1','controller':true}]";

static void test_smp_apply_set_element_order(void **state)
{
    (void)state;
    /* kubectl apply -f after changing app's image, adding sidecar and removing old; the
     * istio-proxy container was injected by the server and is not in the manifest. Where
     * sidecar lands is kube-apiserver's doing: the deletion of old and the append of sidecar
     * reuse the live list's storage, which then serves as the live order for
     * $setElementOrder (apimachinery's "add map and delete map from merging list" case). */
    char containers[1024];
    snprintf(
        containers, sizeof(containers),
        "[{'name':'app','image':'nginx:1.26','env':[{'name':'A','value':'1'},{'name':'B',"
        "'value':'2'}],'ports':[{'containerPort':80,'protocol':'TCP'}],'volumeMounts':"
        "[{'name':'data','mountPath':'/data'}]},{'name':'istio-proxy','image':'istio/proxyv2'},"
        "{'name':'sidecar','image':'busybox:1.36'}]");
    char *want = pod_with(
        "{'name':'web','namespace':'default','annotations':{'kubectl.kubernetes.io/"
        "last-applied-configuration':'{new}'},'finalizers':['a/x','b/y'],'ownerReferences':"
        "[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'rs1','uid':'u1','controller':true}]}",
        containers, NULL);
    SMP("Pod", POD,
        "{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{new}'}},"
        "'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],"
        "'containers':[{'image':'nginx:1.26','name':'app'},{'image':'busybox:1.36','name':'sidecar'"
        "},"
        "{'$patch':'delete','name':'old'}]}}",
        want);
    free(want);

    /* the same apply on a pod without injected containers */
    SMP("Pod", "{'spec':{'containers':[{'name':'app','image':'nginx:1.25'},{'name':'old'}]}}",
        "{'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],"
        "'containers':[{'image':'nginx:1.26','name':'app'},{'image':'busybox:1.36','name':'sidecar'"
        "},"
        "{'$patch':'delete','name':'old'}]}}",
        "{'spec':{'containers':[{'name':'app','image':'nginx:1.26'},{'name':'sidecar','image':"
        "'busybox:1.36'}]}}");

    /* only the order changed: the live list is reordered; the server-only istio-proxy stays
     * ahead of old, as it was in the live list (mergeSortedSlice) */
    snprintf(containers, sizeof(containers),
             "[{'name':'istio-proxy','image':'istio/proxyv2'},"
             "{'name':'old','image':'busybox'},%s]",
             POD_APP);
    want = pod_with(NULL, containers, NULL);
    SMP("Pod", POD, "{'spec':{'$setElementOrder/containers':[{'name':'old'},{'name':'app'}]}}",
        want);
    free(want);

    /* $setElementOrder for a list the live object does not have yet */
    SMP("Pod", "{'spec':{}}",
        "{'spec':{'$setElementOrder/initContainers':[{'name':'i1'},{'name':'i2'}],"
        "'initContainers':[{'name':'i1','image':'a'},{'name':'i2','image':'b'}]}}",
        "{'spec':{'initContainers':[{'name':'i1','image':'a'},{'name':'i2','image':'b'}]}}");
}

static void test_smp_patch_delete_container(void **state)
{
    (void)state;
    char containers[1024];
    snprintf(containers, sizeof(containers), "[%s,{'name':'old','image':'busybox'}]", POD_APP);
    char *want = pod_with(NULL, containers, NULL);
    SMP("Pod", POD, "{'spec':{'containers':[{'name':'istio-proxy','$patch':'delete'}]}}", want);
    free(want);
    /* deleting an entry that does not exist changes nothing */
    SMP("Pod", POD, "{'spec':{'containers':[{'name':'nope','$patch':'delete'}]}}", POD);
    /* every entry with the key goes */
    SMP("Pod",
        "{'spec':{'containers':[{'name':'a'},{'name':'b','image':'x'},{'name':'a','image':'y'}]}}",
        "{'spec':{'containers':[{'$patch':'delete','name':'a'}]}}",
        "{'spec':{'containers':[{'name':'b','image':'x'}]}}");
}

static void test_smp_env_merge_by_name(void **state)
{
    (void)state;
    char containers[1024];
    char *want;
    snprintf(containers, sizeof(containers),
             "[{'name':'app','image':'nginx:1.25','env':[{'name':'A','value':'1'},{'name':'B',"
             "'value':'3'},{'name':'C','value':'4'}],'ports':[{'containerPort':80,'protocol':"
             "'TCP'}],'volumeMounts':[{'name':'data','mountPath':'/data'}]},{'name':'istio-proxy',"
             "'image':'istio/proxyv2'},{'name':'old','image':'busybox'}]");
    want = pod_with(NULL, containers, NULL);
    SMP("Pod", POD,
        "{'spec':{'containers':[{'name':'app','env':[{'name':'B','value':'3'},{'name':'C',"
        "'value':'4'}]}]}}",
        want);
    free(want);
    /* a field of a merged entry removed with null, another added */
    snprintf(containers, sizeof(containers),
             "[{'name':'app','image':'nginx:1.25','env':[{'name':'A','valueFrom':{'fieldRef':"
             "{'fieldPath':'metadata.name'}}},{'name':'B','value':'2'}],'ports':[{'containerPort':"
             "80,'protocol':'TCP'}],'volumeMounts':[{'name':'data','mountPath':'/data',"
             "'readOnly':true}]},{'name':'istio-proxy','image':'istio/proxyv2'},{'name':'old',"
             "'image':'busybox'}]");
    want = pod_with(NULL, containers, NULL);
    SMP("Pod", POD,
        "{'spec':{'containers':[{'name':'app','env':[{'name':'A','value':null,'valueFrom':"
        "{'fieldRef':{'fieldPath':'metadata.name'}}}],'volumeMounts':[{'mountPath':'/data',"
        "'readOnly':true}]}]}}",
        want);
    free(want);
    /* ports merge by containerPort; a new entry lands first, as in kube-apiserver */
    snprintf(containers, sizeof(containers),
             "[{'name':'app','image':'nginx:1.25','env':[{'name':'A','value':'1'},{'name':'B',"
             "'value':'2'}],'ports':[{'containerPort':443,'protocol':'TCP'},{'containerPort':80,"
             "'protocol':'TCP'}],'volumeMounts':[{'name':'data','mountPath':"
             "'/data'}]},{'name':'istio-proxy','image':'istio/proxyv2'},{'name':'old','image':"
             "'busybox'}]");
    want = pod_with(NULL, containers, NULL);
    SMP("Pod", POD,
        "{'spec':{'containers':[{'name':'app','ports':[{'containerPort':443,'protocol':'TCP'}]}]}}",
        want);
    free(want);
    /* ...while entries the patch names follow the patch's order */
    SMP("Pod", "{'spec':{'containers':[{'name':'c','ports':[{'containerPort':80}]}]}}",
        "{'spec':{'containers':[{'name':'c','ports':[{'containerPort':80,'name':'http'},"
        "{'containerPort':443}]}]}}",
        "{'spec':{'containers':[{'name':'c','ports':[{'containerPort':80,'name':'http'},"
        "{'containerPort':443}]}]}}");
    /* the patch's order wins over the live order for the entries it names */
    SMP("Pod",
        "{'spec':{'containers':[{'name':'c','env':[{'name':'X'},{'name':'Y','value':'b'},"
        "{'name':'Z'}]}]}}",
        "{'spec':{'containers':[{'name':'c','env':[{'name':'Z','value':'c'},{'name':'X','value':'a'"
        "}]}]}}",
        "{'spec':{'containers':[{'name':'c','env':[{'name':'Y','value':'b'},{'name':'Z','value':'c'"
        "},"
        "{'name':'X','value':'a'}]}]}}");
    /* volumes, imagePullSecrets and hostAliases merge too */
    SMP("Pod",
        "{'spec':{'volumes':[{'name':'a','emptyDir':{}}],'imagePullSecrets':[{'name':'r1'}],"
        "'hostAliases':[{'ip':'10.0.0.1','hostnames':['x']}]}}",
        "{'spec':{'volumes':[{'name':'b','secret':{'secretName':'s'}}],'imagePullSecrets':"
        "[{'name':'r2'}],'hostAliases':[{'ip':'10.0.0.1','hostnames':['y']}]}}",
        "{'spec':{'volumes':[{'name':'b','secret':{'secretName':'s'}},{'name':'a','emptyDir':{}}],"
        "'imagePullSecrets':[{'name':'r2'},{'name':'r1'}],'hostAliases':[{'ip':'10.0.0.1',"
        "'hostnames':['y']}]}}");
}

static void test_smp_finalizers_set(void **state)
{
    (void)state;
    char *meta, *want;
    static const char *containers =
        "[{'name':'app','image':'nginx:1.25','env':[{'name':'A','value':'1'},{'name':'B','value':"
        "'2'}],'ports':[{'containerPort':80,'protocol':'TCP'}],'volumeMounts':[{'name':'data',"
        "'mountPath':'/data'}]},{'name':'istio-proxy','image':'istio/proxyv2'},{'name':'old',"
        "'image':'busybox'}]";
    static const struct {
        const char *patch, *finalizers;
    } cases[] = {
        /* union, without duplicates */
        {"{'metadata':{'finalizers':['b/y','c/z']}}", "['a/x','b/y','c/z']"},
        {"{'metadata':{'finalizers':['b/y']}}", "['a/x','b/y']"},
        /* an item the live list lacks goes first (mergeSortedSlice) */
        {"{'metadata':{'finalizers':['c/z']}}", "['c/z','a/x','b/y']"},
        /* removal through the parallel list */
        {"{'metadata':{'$deleteFromPrimitiveList/finalizers':['a/x','nope']}}", "['b/y']"},
        /* what kubectl apply sends after replacing a/x with c/z in the manifest */
        {"{'metadata':{'$setElementOrder/finalizers':['b/y','c/z'],'finalizers':['c/z'],"
         "'$deleteFromPrimitiveList/finalizers':['a/x']}}",
         "['b/y','c/z']"},
        /* a full replacement */
        {"{'metadata':{'finalizers':null}}", NULL},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(cases); i++) {
        meta = pod_meta(cases[i].finalizers, POD_OWNERS);
        want = pod_with(meta, containers, NULL);
        smp_case("Pod", POD, cases[i].patch, want, (int)(1000 + i));
        free(want);
        free(meta);
    }
    /* a delete list for a list the object does not have adds nothing */
    SMP("Pod", "{'metadata':{'name':'p'}}",
        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}", "{'metadata':{'name':'p'}}");
}

static void test_smp_owner_references_by_uid(void **state)
{
    (void)state;
    static const char *containers =
        "[{'name':'app','image':'nginx:1.25','env':[{'name':'A','value':'1'},{'name':'B','value':"
        "'2'}],'ports':[{'containerPort':80,'protocol':'TCP'}],'volumeMounts':[{'name':'data',"
        "'mountPath':'/data'}]},{'name':'istio-proxy','image':'istio/proxyv2'},{'name':'old',"
        "'image':'busybox'}]";
    char *meta = pod_meta("['a/x','b/y']",
                          "[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'rs1','uid':'u1',"
                          "'controller':true,'blockOwnerDeletion':true},{'apiVersion':'v1','kind':"
                          "'Node','name':'n1','uid':'u2'}]");
    char *want = pod_with(meta, containers, NULL);
    SMP("Pod", POD,
        "{'metadata':{'ownerReferences':[{'uid':'u1','blockOwnerDeletion':true},{'apiVersion':"
        "'v1','kind':'Node','name':'n1','uid':'u2'}]}}",
        want);
    free(want);
    free(meta);
    /* the garbage collector's orphaning patch */
    meta = pod_meta("['a/x','b/y']", "[]");
    want = pod_with(meta, containers, NULL);
    SMP("Pod", POD, "{'metadata':{'ownerReferences':[{'$patch':'delete','uid':'u1'}]}}", want);
    free(want);
    free(meta);
}

static void test_smp_conditions_by_type(void **state)
{
    (void)state;
    static const char *containers =
        "[{'name':'app','image':'nginx:1.25','env':[{'name':'A','value':'1'},{'name':'B','value':"
        "'2'}],'ports':[{'containerPort':80,'protocol':'TCP'}],'volumeMounts':[{'name':'data',"
        "'mountPath':'/data'}]},{'name':'istio-proxy','image':'istio/proxyv2'},{'name':'old',"
        "'image':'busybox'}]";
    char *want = pod_with(NULL, containers,
                          "{'phase':'Running','conditions':[{'type':'Initialized','status':'True'},"
                          "{'type':'Ready','status':'False','reason':'ContainersNotReady'}]}");
    SMP("Pod", POD,
        "{'status':{'conditions':[{'type':'Ready','status':'False','reason':'ContainersNotReady'}]}"
        "}",
        want);
    free(want);
    /* pod IPs by ip; containerStatuses are replaced */
    SMP("Pod",
        "{'status':{'podIPs':[{'ip':'10.244.0.5'}],'containerStatuses':[{'name':'a','ready':true},"
        "{'name':'b','ready':true}]}}",
        "{'status':{'podIPs':[{'ip':'10.244.0.5'},{'ip':'fd00::5'}],'containerStatuses':"
        "[{'name':'b','ready':false}]}}",
        "{'status':{'podIPs':[{'ip':'10.244.0.5'},{'ip':'fd00::5'}],'containerStatuses':"
        "[{'name':'b','ready':false}]}}");
    /* namespaces, deployments, jobs, PDBs: status.conditions by type */
    static const char *kinds[] = {"Namespace", "Deployment",          "ReplicaSet", "DaemonSet",
                                  "Job",       "PodDisruptionBudget", "Service"};
    for (size_t i = 0; i < AK_ARRAY_LEN(kinds); i++)
        smp_case(
            kinds[i],
            "{'status':{'conditions':[{'type':'A','status':'True'},{'type':'B','status':'True'}]}}",
            "{'status':{'conditions':[{'type':'A','status':'False','message':'m'}]}}",
            "{'status':{'conditions':[{'type':'A','status':'False','message':'m'},{'type':'B',"
            "'status':'True'}]}}",
            (int)(2000 + i));
}

static const char DEPLOY[] =
    "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':2,"
    "'selector':{'matchLabels':{'app':'d','tier':'web'}},'strategy':{'type':'RollingUpdate',"
    "'rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},'template':{'metadata':{'labels':"
    "{'app':'d'}},'spec':{'containers':[{'name':'app','image':'nginx'}],'volumes':[{'name':'v',"
    "'emptyDir':{}}]}}}}";

static char *deploy_with(const char *strategy, const char *containers, const char *volumes)
{
    return ak_xasprintf(
        "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':2,"
        "'selector':{'matchLabels':{'app':'d','tier':'web'}},'strategy':%s,'template':{'metadata':"
        "{'labels':{'app':'d'}},'spec':{'containers':%s,'volumes':%s}}}}",
        strategy
            ? strategy
            : "{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}}",
        containers ? containers : "[{'name':'app','image':'nginx'}]",
        volumes ? volumes : "[{'name':'v','emptyDir':{}}]");
}

static void test_smp_retain_keys(void **state)
{
    (void)state;
    char *want;
    /* kubectl apply switching the strategy to Recreate */
    want = deploy_with("{'type':'Recreate'}", NULL, NULL);
    SMP("Deployment", DEPLOY,
        "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}",
        want);
    free(want);
    /* a volume changing its source: retainKeys on a merged list entry */
    want = deploy_with(NULL, NULL, "[{'name':'v','hostPath':{'path':'/x'}}]");
    SMP("Deployment", DEPLOY,
        "{'spec':{'template':{'spec':{'volumes':[{'$retainKeys':['hostPath','name'],'hostPath':"
        "{'path':'/x'},'name':'v'}]}}}}",
        want);
    free(want);
    /* every key of the patch must be retained */
    SMP_ERR("Deployment", DEPLOY,
            "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{}}}}",
            400, "BadRequest", "invalid patch format of retainKeys");
    SMP_ERR("Deployment", DEPLOY, "{'spec':{'strategy':{'$retainKeys':'type'}}}", 400, "BadRequest",
            "invalid patch format of retainKeys");
}

static void test_smp_workloads(void **state)
{
    (void)state;
    char *want;
    /* the pod template of a Deployment merges like a pod */
    want = deploy_with(NULL, "[{'name':'app','image':'nginx:2'}]", NULL);
    SMP("Deployment", DEPLOY,
        "{'spec':{'template':{'spec':{'containers':[{'name':'app','image':"
        "'nginx:2'}]}}}}",
        want);
    free(want);
    /* kubectl rollout restart */
    SMP("Deployment", "{'spec':{'template':{'metadata':{'labels':{'app':'d'}}}}}",
        "{'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':"
        "'2024-01-01T00:00:00Z'}}}}}",
        "{'spec':{'template':{'metadata':{'labels':{'app':'d'},'annotations':"
        "{'kubectl.kubernetes.io/restartedAt':'2024-01-01T00:00:00Z'}}}}}");
    /* a Deployment's selector merges; a PDB's is replaced (patchStrategy replace) */
    SMP("Deployment", "{'spec':{'selector':{'matchLabels':{'app':'a','tier':'web'}}}}",
        "{'spec':{'selector':{'matchLabels':{'app':'b'}}}}",
        "{'spec':{'selector':{'matchLabels':{'app':'b','tier':'web'}}}}");
    SMP("PodDisruptionBudget",
        "{'spec':{'minAvailable':1,'selector':{'matchLabels':{'app':'a','tier':'web'}}}}",
        "{'spec':{'selector':{'matchLabels':{'app':'b','gone':null}}}}",
        "{'spec':{'minAvailable':1,'selector':{'matchLabels':{'app':'b'}}}}");
    static const char *kinds[] = {"ReplicaSet", "DaemonSet", "Job"};
    for (size_t i = 0; i < AK_ARRAY_LEN(kinds); i++)
        smp_case(kinds[i],
                 "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x','env':"
                 "[{'name':'E','value':'1'}]}]}}}}",
                 "{'spec':{'template':{'spec':{'containers':[{'name':'a','env':[{'name':'F',"
                 "'value':'2'}]}]}}}}",
                 "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x','env':"
                 "[{'name':'F','value':'2'},{'name':'E','value':'1'}]}]}}}}",
                 (int)(3000 + i));
    /* Services merge ports by port; ServiceAccounts secrets by name */
    SMP("Service",
        "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443,'targetPort':443}]}}",
        "{'spec':{'ports':[{'port':443,'targetPort':8443}]}}",
        "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443,'targetPort':8443}]}}");
    SMP("ServiceAccount", "{'secrets':[{'name':'a'}]}", "{'secrets':[{'name':'b'}]}",
        "{'secrets':[{'name':'b'},{'name':'a'}]}");
    /* kinds without merge lists: maps merge, lists are replaced */
    SMP("ConfigMap", "{'data':{'a':'1','b':'2'},'metadata':{'finalizers':['x']}}",
        "{'data':{'a':null,'c':'3'},'metadata':{'finalizers':['y']}}",
        "{'data':{'b':'2','c':'3'},'metadata':{'finalizers':['y','x']}}");
    SMP("Lease", "{'spec':{'holderIdentity':'a','renewTime':'t1'}}", "{'spec':{'renewTime':'t2'}}",
        "{'spec':{'holderIdentity':'a','renewTime':'t2'}}");
    SMP("Event", "{'count':1,'series':{'count':1}}", "{'count':2,'series':{'count':2}}",
        "{'count':2,'series':{'count':2}}");
    /* a value of another type replaces the live one */
    SMP("Pod", "{'spec':{'containers':'x','a':{'b':1}}}",
        "{'spec':{'containers':[{'name':'c','$patch':'delete'},{'name':'d','x':null}],'a':[1]}}",
        "{'spec':{'containers':[{'name':'d'}],'a':[1]}}");
}

static void test_smp_patch_directives(void **state)
{
    (void)state;
    /* $patch: replace in a map */
    SMP("Pod", "{'spec':{'nodeSelector':{'os':'linux','zone':'a'},'x':1}}",
        "{'spec':{'nodeSelector':{'$patch':'replace','disk':'ssd'}}}",
        "{'spec':{'nodeSelector':{'disk':'ssd'},'x':1}}");
    /* $patch: replace at the top */
    SMP("Pod", "{'a':1,'b':2}", "{'$patch':'replace','c':3}", "{'c':3}");
    /* $patch: replace in a list */
    SMP("Pod", "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
        "{'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'x'}]}}",
        "{'spec':{'containers':[{'name':'only','image':'x'}]}}");
    SMP("Pod", "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
        "{'spec':{'containers':[{'$patch':'replace'}]}}", "{'spec':{'containers':[]}}");
    /* $patch: delete in a map leaves an empty map */
    SMP("Pod", "{'spec':{'affinity':{'nodeAffinity':{'x':1}}}}",
        "{'spec':{'affinity':{'$patch':'delete'}}}", "{'spec':{'affinity':{}}}");
    /* $patch: merge is not supported by kube-apiserver */
    SMP_ERR("Pod", "{'spec':{'containers':[{'name':'a'}]}}",
            "{'spec':{'containers':[{'$patch':'merge'},{'name':'a','image':'x'}]}}", 500, "",
            "merging lists cannot yet be specified in the patch");
    SMP_ERR("Pod", "{'spec':{'nodeSelector':{'a':'1'}}}",
            "{'spec':{'nodeSelector':{'$patch':'merge','a':'2'}}}", 500, "",
            "unknown patch type: merge in map: map[$patch:merge a:2]");
    SMP_ERR("Pod", "{'spec':{'containers':[{'name':'a'}]}}",
            "{'spec':{'containers':[{'$patch':'frob','name':'a'}]}}", 500, "",
            "unknown patch type: frob in map: map[$patch:frob name:a]");
}

static void test_smp_no_directive_leak(void **state)
{
    (void)state;
    /* values the live object does not have are taken whole: directives and nulls are dropped,
     * and (like kube-apiserver's removeDirectives) a map or entry carrying $patch is left out */
    SMP("Pod", "{'metadata':{'name':'p'},'spec':{}}",
        "{'metadata':{'$setElementOrder/finalizers':['a'],'finalizers':['a'],"
        "'$deleteFromPrimitiveList/finalizers':['b']},"
        "'spec':{'securityContext':{'runAsUser':1000,'fsGroup':null,'$retainKeys':['runAsUser']},"
        "'hostAliases':[{'ip':'1.2.3.4','$patch':'delete'},{'ip':'5.6.7.8','hostnames':['b'],"
        "'x':null}],'dnsConfig':{'$patch':'replace','nameservers':['1.1.1.1']},"
        "'containers':[{'name':'c','env':[{'name':'E','value':null}],"
        "'$setElementOrder/env':[{'name':'E'}]}]}}",
        "{'metadata':{'name':'p','finalizers':['a']},'spec':{'securityContext':{'runAsUser':1000},"
        "'hostAliases':[{'ip':'5.6.7.8','hostnames':['b']}],'containers':[{'name':'c','env':"
        "[{'name':'E'}]}]}}");
    /* entries appended to a merged list lose their directives and nulls too */
    SMP("Pod", "{'spec':{'containers':[{'name':'a'}]}}",
        "{'spec':{'containers':[{'name':'b','image':null,'resources':{'$patch':'delete'},"
        "'env':[{'name':'X','$patch':'delete'}]}]}}",
        "{'spec':{'containers':[{'name':'b','resources':{},'env':[{'name':'X'}]},{'name':'a'}]}}");
}

static void test_smp_errors(void **state)
{
    (void)state;
    SMP_ERR("Pod", POD, "{'spec':{'containers':[{'image':'x'}]}}", 500, "",
            "map: map[image:x] does not contain declared merge key: name");
    SMP_ERR("Pod", POD,
            "{'spec':{'$setElementOrder/containers':[{'name':'app'}],'containers':"
            "[{'name':'zzz','image':'y'}]}}",
            500, "",
            "The order in patch list:\n[map[image:y name:zzz]]\n doesn't match $setElementOrder "
            "list:\n[map[name:app]]\n");
    SMP_ERR("Pod", POD, "{'spec':{'$setElementOrder/containers':[{'image':'x'}]}}", 500, "",
            "map: map[image:x] does not contain declared merge key: name");
    SMP_ERR("Pod", POD, "{'spec':{'$setElementOrder/containers':{'name':'app'}}}", 500, "",
            "expected a []interface {}, but received a map[string]interface {}");
    SMP_ERR("Pod", POD, "{'spec':{'$setElementOrderX':[]}}", 400, "BadRequest",
            "invalid patch format of setElementOrder list");
    SMP_ERR("Pod", POD, "{'metadata':{'$deleteFromPrimitiveList':['a/x']}}", 400, "BadRequest",
            "invalid patch format of primitive list");
    SMP_ERR("Pod", "{'metadata':{'finalizers':[]}}", "{'metadata':{'finalizers':[['a']]}}", 422,
            "Invalid", REJECTED);
    SMP_ERR("Pod", POD, "{'metadata':{'finalizers':[1]}}", 500, "",
            "list element types are not identical: [[a/x b/y] [1]]");
    SMP_ERR("Pod", "{'metadata':{'finalizers':[]}}", "{'metadata':{'finalizers':[{}]}}", 500, "",
            "cannot merge lists without merge key for string");
    SMP_ERR("Pod", POD, "[1]", 400, "BadRequest",
            "json: cannot unmarshal array into Go value of type map[string]interface {}");
    SMP("Pod", POD, "null", POD);
    SMP("Pod", POD, "{}", POD);
    /* err is optional */
    json_t *d = J("{'spec':{'containers':[{'name':'a'}]}}"), *p = J("{'spec':{'containers':[{}]}}");
    assert_null(ak_strategic_merge_patch(d, p, "Pod", NULL));
    json_decref(d);
    json_decref(p);
}

/* ---- PATCH bodies ---------------------------------------------------------------------------- */

static void apply_case(const char *doc, const char *ct, const char *body, const char *kind,
                       const char *want, int line)
{
    json_t *d = J(doc), *out = NULL;
    struct ak_err err;
    ak_err_clear(&err);
    int rc = ak_patch_apply(d, ct, body, strlen(body), kind, &out, &err);
    if (rc != 0)
        fail_msg("line %d: rc %d: %d %s: %s", line, rc, err.status, err.code, err.message);
    expect_json(out, want, line);
    json_decref(out);
    json_decref(d);
}
#define APPLY(doc, ct, body, kind, want) apply_case((doc), (ct), (body), (kind), (want), __LINE__)

static void apply_fail(const char *ct, const char *body, int rc_want, int status,
                       const char *reason, const char *msg_part, int line)
{
    json_t *d = J("{'metadata':{'name':'n'},'spec':{}}"), *out = (json_t *)1;
    struct ak_err err;
    ak_err_clear(&err);
    int rc = ak_patch_apply(d, ct, body, strlen(body), "Node", &out, &err);
    if (rc != rc_want || out != NULL || err.status != status || strcmp(err.code, reason) != 0)
        fail_msg("line %d: got rc %d out %p %d \"%s\" (%s)", line, rc, (void *)out, err.status,
                 err.code, err.message);
    ASSERT_CONTAINS(err.message, msg_part);
    json_decref(d);
}
#define APPLY_FAIL(ct, body, rc, status, reason, msg)                                              \
    apply_fail((ct), (body), (rc), (status), (reason), (msg), __LINE__)

static void test_apply_dispatch(void **state)
{
    (void)state;
    /* kubectl label nodes X a=b old- */
    APPLY("{'metadata':{'name':'n','labels':{'old':'1','k':'v'}}}", "application/merge-patch+json",
          "{\"metadata\":{\"labels\":{\"a\":\"b\",\"old\":null}}}", "Node",
          "{'metadata':{'name':'n','labels':{'k':'v','a':'b'}}}");
    /* kubectl scale: merge patch on the scale subresource */
    APPLY("{'spec':{'replicas':1},'status':{'replicas':1}}", "application/merge-patch+json",
          "{\"spec\":{\"replicas\":3}}", "Scale",
          "{'spec':{'replicas':3},'status':{'replicas':1}}");
    /* kubectl cordon, with parameters on the media type */
    APPLY("{'spec':{'podCIDR':'x'}}", "application/strategic-merge-patch+json; charset=utf-8",
          "{\"spec\":{\"unschedulable\":true}}", "Node",
          "{'spec':{'podCIDR':'x','unschedulable':true}}");
    /* strategic vs merge on a merge list */
    APPLY("{'metadata':{'finalizers':['a']}}", "application/strategic-merge-patch+json",
          "{\"metadata\":{\"finalizers\":[\"b\"]}}", "Pod",
          "{'metadata':{'finalizers':['b','a']}}");
    APPLY("{'metadata':{'finalizers':['a']}}", " Application/Merge-Patch+JSON ",
          "{\"metadata\":{\"finalizers\":[\"b\"]}}", "Pod", "{'metadata':{'finalizers':['b']}}");
    /* kubectl patch --type=json */
    APPLY("{'spec':{'replicas':1}}", "application/json-patch+json",
          "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]", "Deployment",
          "{'spec':{'replicas':3}}");
    APPLY("{'spec':{}}", "application/strategic-merge-patch+json", "null", "Node", "{'spec':{}}");

    assert_int_equal(ak_patch_type_of("application/apply-patch+yaml"), AK_PATCH_APPLY);
    assert_int_equal(ak_patch_type_of("application/json-patch+json;x=y"), AK_PATCH_JSON);
    assert_int_equal(ak_patch_type_of("application/json"), AK_PATCH_UNSUPPORTED);
    assert_int_equal(ak_patch_type_of(NULL), AK_PATCH_UNSUPPORTED);

    static const char accepted[] =
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json-patch+json, application/merge-patch+json, "
        "application/strategic-merge-patch+json, application/apply-patch+yaml";
    APPLY_FAIL("application/json", "{}", AK_EINVAL, 415, "UnsupportedMediaType", accepted);
    APPLY_FAIL("application/apply-patch+yaml", "{}", AK_EINVAL, 415, "UnsupportedMediaType",
               accepted);
    APPLY_FAIL(NULL, "{}", AK_EINVAL, 415, "UnsupportedMediaType", accepted);
    APPLY_FAIL("application/merge-patch+jsonx", "{}", AK_EINVAL, 415, "UnsupportedMediaType",
               accepted);

    /* unparseable bodies: 400 with the parser's error and position */
    APPLY_FAIL("application/strategic-merge-patch+json", "{\"spec\":\n {\"a\": tru}}", AK_EINVAL,
               400, "BadRequest", "invalid JSON patch: ");
    APPLY_FAIL("application/strategic-merge-patch+json", "{\"spec\":\n {\"a\": tru}}", AK_EINVAL,
               400, "BadRequest", "(line 2, column");
    APPLY_FAIL("application/merge-patch+json", "", AK_EINVAL, 400, "BadRequest",
               "invalid JSON patch: ");
    APPLY_FAIL("application/json-patch+json", "[{\"op\":\"add\"", AK_EINVAL, 400, "BadRequest",
               "invalid JSON patch: ");
    /* merge patches must be objects */
    APPLY_FAIL("application/merge-patch+json", "null", AK_EINVAL, 400, "BadRequest",
               "Invalid JSON Patch");
    APPLY_FAIL("application/merge-patch+json", "\"x\"", AK_EINVAL, 400, "BadRequest",
               "Invalid JSON Patch");
    APPLY_FAIL("application/merge-patch+json", "[1]", AK_EINVAL, 422, "Invalid", REJECTED);
    /* the result must still be an object */
    APPLY_FAIL("application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"\",\"value\":[1]}]",
               AK_EINVAL, 422, "Invalid", REJECTED);
    /* errors of the patch functions come through with their status */
    APPLY_FAIL("application/json-patch+json", "[{\"op\":\"test\",\"path\":\"/spec\",\"value\":1}]",
               AK_EINVAL, 422, "Invalid", REJECTED);
    APPLY_FAIL("application/strategic-merge-patch+json", "{\"spec\":{\"$retainKeys\":[],\"a\":1}}",
               AK_EINVAL, 400, "BadRequest", "invalid patch format of retainKeys");
    APPLY_FAIL("application/strategic-merge-patch+json", "{\"$patch\":\"frob\"}", AK_EIO, 500, "",
               "unknown patch type: frob in map: map[$patch:frob]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_patch_rfc7386_appendix),
        cmocka_unit_test(test_json_patch_rfc6902_appendix),
        cmocka_unit_test(test_apply_rfc6902_a13),
        cmocka_unit_test(test_json_patch_kubectl),
        cmocka_unit_test(test_json_patch_kube_quirks),
        cmocka_unit_test(test_json_patch_limits),
        cmocka_unit_test(test_smp_cordon_uncordon),
        cmocka_unit_test(test_smp_taints_replace),
        cmocka_unit_test(test_smp_node_lists_by_key),
        cmocka_unit_test(test_smp_apply_set_element_order),
        cmocka_unit_test(test_smp_patch_delete_container),
        cmocka_unit_test(test_smp_env_merge_by_name),
        cmocka_unit_test(test_smp_finalizers_set),
        cmocka_unit_test(test_smp_owner_references_by_uid),
        cmocka_unit_test(test_smp_conditions_by_type),
        cmocka_unit_test(test_smp_retain_keys),
        cmocka_unit_test(test_smp_workloads),
        cmocka_unit_test(test_smp_patch_directives),
        cmocka_unit_test(test_smp_no_directive_leak),
        cmocka_unit_test(test_smp_errors),
        cmocka_unit_test(test_apply_dispatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
