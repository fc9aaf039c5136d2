/* test_selector.c - label selectors (string and JSON forms), their validation messages, and
 * field selectors, checked against the texts kube-apiserver returns (apimachinery v0.30-0.34;
 * several strings below were also observed verbatim in real kubectl output). */
#include "unit_helpers.h"

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "kube/ak_selector.h"
#include "util/ak_buf.h"
#include "util/ak_err.h"
#include "util/ak_str.h"

#define QNAME_ERR                                                                                 \
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "  \
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "       \
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
#define LVALUE_ERR                                                                                \
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "  \
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "           \
    "'my_value',  or '12345', regex used for validation is "                                     \
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

static struct ak_kvs labels(const char *spec)
{
    /* "k=v,k2=v2" (no escapes; tests only) */
    struct ak_kvs m = {0};
    char *dup = strdup(spec), *save = NULL;
    for (char *p = strtok_r(dup, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(p, '=');
        if (eq) {
            *eq = '\0';
            ak_kvs_set(&m, p, eq + 1);
        } else {
            ak_kvs_set(&m, p, "");
        }
    }
    free(dup);
    return m;
}

static bool sel_matches(const char *sel, const char *lbls)
{
    struct ak_lsel s;
    struct ak_err err = {0};
    if (ak_lsel_parse(&s, sel, &err) != 0)
        fail_msg("parse \"%s\": %s", sel, err.message);
    struct ak_kvs l = labels(lbls);
    bool m = ak_lsel_match(&s, &l);
    ak_kvs_release(&l);
    ak_lsel_release(&s);
    return m;
}

static void expect_parse_error(const char *sel, const char *msg)
{
    struct ak_lsel s;
    struct ak_err err = {0};
    assert_int_equal(ak_lsel_parse(&s, sel, &err), AK_EINVAL);
    assert_int_equal(err.status, 400);
    ASSERT_STR(err.code, "BadRequest");
    if (strcmp(err.message, msg) != 0)
        fail_msg("selector \"%s\":\n got  %s\n want %s", sel, err.message, msg);
    assert_false(ak_lsel_match(&s, NULL)); /* a failed parse selects nothing */
    ak_lsel_release(&s);
}

static char *formatted(const char *sel)
{
    struct ak_lsel s;
    struct ak_err err = {0};
    assert_int_equal(ak_lsel_parse(&s, sel, &err), 0);
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_lsel_format(&s, &b);
    char *r = strdup(ak_buf_cstr(&b));
    ak_buf_release(&b);
    ak_lsel_release(&s);
    return r;
}

static void test_string_forms(void **state)
{
    (void)state;
    /* empty selects everything */
    assert_true(sel_matches("", ""));
    assert_true(sel_matches("", "a=b"));
    assert_true(sel_matches("   ", "a=b"));
    /* equality */
    assert_true(sel_matches("a=b", "a=b"));
    assert_false(sel_matches("a=b", "a=c"));
    assert_false(sel_matches("a=b", "c=b"));
    assert_true(sel_matches("a==b", "a=b,x=y"));
    assert_true(sel_matches("a!=b", "a=c"));
    assert_true(sel_matches("a!=b", "x=y")); /* a missing key is "not equal" */
    assert_false(sel_matches("a!=b", "a=b"));
    /* "a=" compares with the empty value */
    assert_true(sel_matches("a=", "a="));
    assert_false(sel_matches("a=", "b=x"));
    /* sets */
    assert_true(sel_matches("env in (prod,qa)", "env=qa"));
    assert_false(sel_matches("env in (prod,qa)", "env=dev"));
    assert_false(sel_matches("env in (prod,qa)", "tier=x"));
    assert_true(sel_matches("env notin (prod)", "env=dev"));
    assert_true(sel_matches("env notin (prod)", "tier=x"));
    assert_false(sel_matches("env notin (prod)", "env=prod"));
    assert_true(sel_matches("env in ()", "env=")); /* "()" is the empty value */
    /* existence */
    assert_true(sel_matches("env", "env=x"));
    assert_false(sel_matches("env", "x=env"));
    assert_true(sel_matches("!env", "x=env"));
    assert_false(sel_matches("!env", "env=x"));
    /* numeric comparisons */
    assert_true(sel_matches("gen>5", "gen=6"));
    assert_false(sel_matches("gen>5", "gen=5"));
    assert_false(sel_matches("gen>5", "gen=abc"));
    assert_false(sel_matches("gen>5", "x=1"));
    assert_true(sel_matches("gen<10", "gen=-7"));
    /* AND of requirements, whitespace anywhere between tokens */
    assert_true(sel_matches(" a = b ,\tc in ( x , y ) , !d ", "a=b,c=y"));
    assert_false(sel_matches(" a = b ,\tc in ( x , y ) , !d ", "a=b,c=y,d=1"));
    assert_true(sel_matches("x in (foo,,baz),y,z notin ()", "x=,y=1"));
    /* "in" / "notin" are keywords only where an operator is expected */
    assert_true(sel_matches("in in (in)", "in=in"));
    assert_true(sel_matches("a in (notin,x)", "a=notin"));
    assert_true(sel_matches("a=in", "a=in"));
    /* qualified keys */
    assert_true(sel_matches("kubernetes.azure.com/agentpool=nodepool1",
                            "kubernetes.azure.com/agentpool=nodepool1"));
    /* canonical form: sorted by key, values sorted and de-duplicated */
    char *f = formatted("z notin (b,a,a), !y, a in (y,x), b==c, c!=d, d, e=f, g>1, h<2");
    ASSERT_STR(f, "a in (x,y),b==c,c!=d,d,e=f,g>1,h<2,!y,z notin (a,b)"); /* by key */
    free(f);
}

static void test_string_errors(void **state)
{
    (void)state;
    expect_parse_error("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect_parse_error("a in b", "unable to parse requirement: found 'b' expected: '('");
    expect_parse_error(",a", "found ',', expected: !, identifier, or 'end of string'");
    expect_parse_error("(a)", "found '(', expected: !, identifier, or 'end of string'");
    expect_parse_error("a,", "found '', expected: identifier after ','");
    expect_parse_error("a,,b", "found ',', expected: identifier after ','");
    expect_parse_error("a=b=c", "found '=', expected: ',' or 'end of string'");
    expect_parse_error("a=b c", "found 'c', expected: ',' or 'end of string'");
    expect_parse_error("!a=b", "found '=', expected: ',' or 'end of string'");
    expect_parse_error("a in (x", "unable to parse requirement: found '', expected: ',' or ')'");
    expect_parse_error("a in (x y)", "unable to parse requirement: found 'y', expected: ',' or ')'");
    expect_parse_error("a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier");
    expect_parse_error("a in (x,=)", "unable to parse requirement: found '=', expected: ',', or identifier");
    expect_parse_error("!", "unable to parse requirement: found '', expected: identifier");
    expect_parse_error("!!a", "unable to parse requirement: found '!', expected: identifier");
    expect_parse_error("a!b", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt");
    /* invalid keys: what kubectl -l 'app:monolith' prints from the server */
    expect_parse_error("app:monolith",
                       "unable to parse requirement: <nil>: Invalid value: \"app:monolith\": name part " QNAME_ERR);
    expect_parse_error("app.kubernetes_io/name=x",
                       "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": "
                       "prefix part a lowercase RFC 1123 subdomain must consist of lower case "
                       "alphanumeric characters, '-' or '.', and must start and end with an "
                       "alphanumeric character (e.g. 'example.com', regex used for validation is "
                       "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    expect_parse_error("a/b/c ?=? def",
                       "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name " QNAME_ERR
                       " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    expect_parse_error("/x", "unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty");
    expect_parse_error("x/", "unable to parse requirement: <nil>: Invalid value: \"x/\": name part must be non-empty; name part " QNAME_ERR);
    char key[100], sel[200], want[1200];
    memset(key, 'k', 64);
    key[64] = '\0';
    snprintf(sel, sizeof(sel), "%s=v", key);
    snprintf(want, sizeof(want), "unable to parse requirement: <nil>: Invalid value: \"%s\": name part must be no more than 63 characters", key);
    expect_parse_error(sel, want);
    /* invalid values */
    expect_parse_error("a in (x/y)",
                       "unable to parse requirement: values[0][a]: Invalid value: \"x/y\": " LVALUE_ERR);
    snprintf(sel, sizeof(sel), "a=%s", key);
    snprintf(want, sizeof(want), "unable to parse requirement: values[0][a]: Invalid value: \"%s\": must be no more than 63 characters", key);
    expect_parse_error(sel, want);
    /* values are sorted before validation: "-c-" sorts before "b" */
    expect_parse_error("a in (b,-c-)",
                       "unable to parse requirement: values[0][a]: Invalid value: \"-c-\": " LVALUE_ERR);
    expect_parse_error("a in (b,c-)",
                       "unable to parse requirement: values[1][a]: Invalid value: \"c-\": " LVALUE_ERR);
    /* negative numbers are not label values, so "a<-1" cannot be written */
    expect_parse_error("gen<-1",
                       "unable to parse requirement: values[0][gen]: Invalid value: \"-1\": " LVALUE_ERR);
    /* Gt / Lt need an integer */
    expect_parse_error("a>b", "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer");
    expect_parse_error("a<", "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be an integer");
    /* two field errors are aggregated as [a, b] */
    expect_parse_error("a>-x-",
                       "unable to parse requirement: [values[0]: Invalid value: \"-x-\": for 'Gt', 'Lt' operators, "
                       "the value must be an integer, values[0][a]: Invalid value: \"-x-\": " LVALUE_ERR "]");
    /* quoting follows Go's %q */
    expect_parse_error("a\"b=c", "unable to parse requirement: <nil>: Invalid value: \"a\\\"b\": name part " QNAME_ERR);
}

static void test_special_tokens(void **state)
{
    (void)state;
    /* "!==" lexes as "!=" then "=" */
    expect_parse_error("a!==b", "unable to parse requirement: found '=', expected: identifier");
    /* "<=" is "<" then "=" */
    expect_parse_error("a<=1", "unable to parse requirement: found '=', expected: identifier");
    /* "=(" is "=" then "(" */
    expect_parse_error("a=(b)", "unable to parse requirement: found '(', expected: identifier");
    assert_true(sel_matches("a==b,c!=d", "a=b,c=e"));
}

static void test_empty_exact_value(void **state)
{
    (void)state;
    /* "a==" is a == "" (parseExactValue takes the end of string as the empty value) */
    assert_true(sel_matches("a==", "a="));
    assert_true(sel_matches("a!=,b", "a=x,b=1"));
}

static int parse_json(struct ak_lsel *s, const char *text, struct ak_err *err)
{
    json_error_t je;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &je);
    if (!j)
        fail_msg("bad test JSON %s: %s", text, je.text);
    int rc = ak_lsel_from_json(s, j, err);
    json_decref(j);
    return rc;
}

static bool json_matches(const char *sel, const char *lbls)
{
    struct ak_lsel s;
    struct ak_err err = {0};
    if (parse_json(&s, sel, &err))
        fail_msg("%s: %s", sel, err.message);
    struct ak_kvs l = labels(lbls);
    bool m = ak_lsel_match(&s, &l);
    ak_kvs_release(&l);
    ak_lsel_release(&s);
    return m;
}

static void expect_json_error(const char *sel, const char *msg)
{
    struct ak_lsel s;
    struct ak_err err = {0};
    assert_int_equal(parse_json(&s, sel, &err), AK_EINVAL);
    assert_int_equal(err.status, 400);
    if (strcmp(err.message, msg) != 0)
        fail_msg("%s:\n got  %s\n want %s", sel, err.message, msg);
    ak_lsel_release(&s);
}

static void test_json_forms(void **state)
{
    (void)state;
    /* null selects nothing, {} everything */
    assert_false(json_matches("null", "a=b"));
    assert_false(json_matches("null", ""));
    assert_true(json_matches("{}", "a=b"));
    assert_true(json_matches("{\"matchLabels\":{}}", ""));
    struct ak_lsel s;
    ak_lsel_init_nothing(&s);
    assert_false(ak_lsel_match(&s, NULL));
    assert_false(ak_lsel_empty(&s));
    ak_lsel_release(&s);
    ak_lsel_init_everything(&s);
    assert_true(ak_lsel_match(&s, NULL));
    assert_true(ak_lsel_empty(&s));
    struct ak_err err = {0};
    assert_int_equal(ak_lsel_from_json(&s, NULL, &err), 0);
    assert_false(ak_lsel_match(&s, NULL));
    ak_lsel_release(&s);

    const char *sel = "{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":["
                      "{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"fe\",\"be\"]},"
                      "{\"key\":\"env\",\"operator\":\"NotIn\",\"values\":[\"dev\"]},"
                      "{\"key\":\"track\",\"operator\":\"Exists\"},"
                      "{\"key\":\"legacy\",\"operator\":\"DoesNotExist\",\"values\":null}]}";
    assert_true(json_matches(sel, "app=web,tier=fe,track=x"));
    assert_true(json_matches(sel, "app=web,tier=be,track=x,env=prod"));
    assert_false(json_matches(sel, "app=web,tier=be,track=x,env=dev"));
    assert_false(json_matches(sel, "app=web,tier=fe"));
    assert_false(json_matches(sel, "app=web,tier=fe,track=x,legacy=1"));
    assert_false(json_matches(sel, "app=api,tier=fe,track=x"));
    assert_true(json_matches("{\"matchExpressions\":[]}", "x=y"));

    /* canonical string of a converted selector */
    assert_int_equal(parse_json(&s, sel, &err), 0);
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_lsel_format(&s, &b);
    ASSERT_STR(ak_buf_cstr(&b), "app=web,env notin (dev),!legacy,tier in (be,fe),track");
    ak_buf_release(&b);
    ak_lsel_release(&s);

    /* from parts and from a set */
    const char *vals[] = {"a", "b"};
    struct ak_lsel_expr ex[] = {{"k", "In", vals, 2}};
    struct ak_kvs ml = labels("app=web");
    assert_int_equal(ak_lsel_from_parts(&s, &ml, ex, 1, &err), 0);
    struct ak_kvs l = labels("app=web,k=b");
    assert_true(ak_lsel_match(&s, &l));
    ak_kvs_release(&l);
    ak_lsel_release(&s);
    ak_lsel_from_set(&s, &ml);
    l = labels("app=web,z=1");
    assert_true(ak_lsel_match(&s, &l));
    ak_kvs_release(&l);
    ak_lsel_release(&s);
    ak_lsel_from_set(&s, NULL);
    assert_true(ak_lsel_empty(&s));
    ak_lsel_release(&s);
    ak_kvs_release(&ml);
}

static void test_json_errors(void **state)
{
    (void)state;
    expect_json_error("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Foo\"}]}",
                      "\"Foo\" is not a valid label selector operator");
    expect_json_error("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}",
                      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
    expect_json_error("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"NotIn\",\"values\":[]}]}",
                      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
    expect_json_error("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\",\"y\"]}]}",
                      "values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does not exist");
    expect_json_error("{\"matchExpressions\":[{\"key\":\"a b\",\"operator\":\"Exists\"}]}",
                      "key: Invalid value: \"a b\": name part " QNAME_ERR);
    expect_json_error("{\"matchLabels\":{\"app\":\"a b\"}}",
                      "values[0][app]: Invalid value: \"a b\": " LVALUE_ERR);
    expect_json_error("{\"matchLabels\":{\"-x\":\"-y\"}}",
                      "[key: Invalid value: \"-x\": name part " QNAME_ERR ", values[0][-x]: Invalid value: \"-y\": " LVALUE_ERR "]");
    expect_json_error("{\"matchLabels\":[]}",
                      "json: cannot unmarshal array into Go struct field LabelSelector.matchLabels of type map[string]string");
    expect_json_error("{\"matchLabels\":{\"a\":1}}",
                      "json: cannot unmarshal number into Go struct field LabelSelector.matchLabels of type string");
    expect_json_error("\"app=web\"", "json: cannot unmarshal string into Go value of type v1.LabelSelector");
}

static void test_json_validation(void **state)
{
    (void)state;
    json_error_t je;
    json_t *j = json_loads("{\"matchLabels\":{\"ok\":\"fine\",\"bad key\":\"v\"},\"matchExpressions\":["
                           "{\"key\":\"a\",\"operator\":\"In\"},"
                           "{\"key\":\"b\",\"operator\":\"Exists\",\"values\":[\"x\"]},"
                           "{\"key\":\"c\",\"operator\":\"Near\",\"values\":[\"bad value!\"]}]}",
                           0, &je);
    assert_non_null(j);
    struct ak_strs errs = {0};
    assert_int_equal(ak_lsel_validate_json(j, "spec.selector", &errs), 5);
    ASSERT_STR(errs.v[0], "spec.selector.matchLabels: Invalid value: \"bad key\": name part " QNAME_ERR);
    ASSERT_STR(errs.v[1], "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
    ASSERT_STR(errs.v[2], "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    ASSERT_STR(errs.v[3], "spec.selector.matchExpressions[2].operator: Invalid value: \"Near\": not a valid selector operator");
    ASSERT_STR(errs.v[4], "spec.selector.matchExpressions[2].values[0]: Invalid value: \"bad value!\": " LVALUE_ERR);
    ak_strs_release(&errs);
    json_decref(j);
    assert_int_equal(ak_lsel_validate_json(NULL, "spec.selector", NULL), 0);
    j = json_loads("{\"matchLabels\":{\"app\":\"web\"}}", 0, &je);
    assert_int_equal(ak_lsel_validate_json(j, "spec.selector", NULL), 0);
    json_decref(j);
    /* key / value checks on their own */
    assert_true(ak_lsel_key_valid("kubernetes.azure.com/agentpool"));
    assert_true(ak_lsel_key_valid("a"));
    assert_false(ak_lsel_key_valid("a..b/c"));
    assert_false(ak_lsel_key_valid("Upper.Case/x"));
    assert_false(ak_lsel_key_valid(""));
    assert_true(ak_lsel_value_valid(""));
    assert_true(ak_lsel_value_valid("a_b.c-d"));
    assert_false(ak_lsel_value_valid("_a"));
}

/* ---- field selectors ---- */

struct obj {
    const char *name, *node, *phase;
};

static const char *obj_get(void *ud, const char *field)
{
    const struct obj *o = ud;
    if (strcmp(field, "metadata.name") == 0)
        return o->name;
    if (strcmp(field, "spec.nodeName") == 0)
        return o->node;
    if (strcmp(field, "status.phase") == 0)
        return o->phase;
    return NULL;
}

static bool fmatch(const char *sel, const struct obj *o)
{
    struct ak_fsel f;
    struct ak_err err = {0};
    if (ak_fsel_parse(&f, sel, &err))
        fail_msg("%s: %s", sel, err.message);
    bool m = ak_fsel_match(&f, obj_get, (void *)o);
    ak_fsel_release(&f);
    return m;
}

static void expect_fsel_error(const char *sel, const char *msg)
{
    struct ak_fsel f;
    struct ak_err err = {0};
    assert_int_equal(ak_fsel_parse(&f, sel, &err), AK_EINVAL);
    assert_int_equal(err.status, 400);
    if (strcmp(err.message, msg) != 0)
        fail_msg("%s:\n got  %s\n want %s", sel, err.message, msg);
    ak_fsel_release(&f);
}

static void test_field_selectors(void **state)
{
    (void)state;
    struct obj p1 = {"web-1", "aks-np-1", "Running"};
    struct obj p2 = {"a,b=c\\d", NULL, "Pending"};
    assert_true(fmatch("", &p1));
    assert_true(fmatch("metadata.name=web-1", &p1));
    assert_true(fmatch("metadata.name==web-1", &p1));
    assert_false(fmatch("metadata.name=web-2", &p1));
    assert_true(fmatch("status.phase!=Pending", &p1));
    assert_false(fmatch("status.phase!=Pending", &p2));
    assert_true(fmatch("spec.nodeName=aks-np-1,status.phase=Running", &p1));
    assert_false(fmatch("spec.nodeName=aks-np-1,status.phase=Pending", &p1));
    /* a missing field reads as "": unbound pods */
    assert_true(fmatch("spec.nodeName=", &p2));
    assert_false(fmatch("spec.nodeName=", &p1));
    assert_true(fmatch("spec.nodeName!=", &p1));
    /* escapes */
    assert_true(fmatch("metadata.name=a\\,b\\=c\\\\d", &p2));
    /* empty terms are skipped; "=" alone selects everything */
    assert_true(fmatch(",metadata.name=web-1,", &p1));
    assert_true(fmatch("=", &p1));
    /* no trimming: "a = b" is field "a " */
    struct ak_fsel f;
    struct ak_err err = {0};
    assert_int_equal(ak_fsel_parse(&f, "status.phase = Running", &err), 0);
    assert_int_equal(f.n, 1);
    ASSERT_STR(f.reqs[0].field, "status.phase ");
    ASSERT_STR(f.reqs[0].value, " Running");
    ak_fsel_release(&f);

    expect_fsel_error("foo", "invalid selector: 'foo'; can't understand 'foo'");
    expect_fsel_error("a=b,foo", "invalid selector: 'a=b,foo'; can't understand 'foo'");
    expect_fsel_error("a=b=c", "invalid field selector: unescaped character in value: 61");
    expect_fsel_error("a=b\\x", "invalid field selector: invalid escape sequence: \\x");
    expect_fsel_error("a=b\\", "invalid field selector: invalid escape sequence: \\");
}

static void test_field_validation(void **state)
{
    (void)state;
    struct ak_fsel f;
    struct ak_err err = {0};
    assert_int_equal(ak_fsel_parse(&f, "spec.nodeName=n1,status.phase=Running", &err), 0);
    assert_int_equal(ak_fsel_validate(&f, NULL, "Pod", &err), 0);
    ak_fsel_release(&f);

    assert_int_equal(ak_fsel_parse(&f, "spec.host=n1", &err), 0);
    assert_int_equal(ak_fsel_validate(&f, NULL, "Pod", &err), 0);
    ASSERT_STR(f.reqs[0].field, "spec.nodeName");
    ak_fsel_release(&f);

    assert_int_equal(ak_fsel_parse(&f, "spec.foo=x", &err), 0);
    assert_int_equal(ak_fsel_validate(&f, NULL, "Pod", &err), AK_EINVAL);
    assert_int_equal(err.status, 400);
    ASSERT_STR(err.message, "field label not supported: spec.foo");
    ak_fsel_release(&f);

    assert_int_equal(ak_fsel_parse(&f, "spec.unschedulable=true,metadata.namespace=x", &err), 0);
    assert_int_equal(ak_fsel_validate(&f, NULL, "Node", &err), AK_EINVAL);
    ASSERT_STR(err.message, "field label not supported: metadata.namespace");
    ak_fsel_release(&f);

    assert_int_equal(ak_fsel_parse(&f, "spec.replicas=3", &err), 0);
    assert_int_equal(ak_fsel_validate(&f, NULL, "Deployment", &err), AK_EINVAL);
    ASSERT_STR(err.message, "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    ak_fsel_release(&f);

    static const char *const allowed[] = {"metadata.name", "spec.signerName", NULL};
    assert_int_equal(ak_fsel_parse(&f, "spec.signerName=x,spec.other=y", &err), 0);
    assert_int_equal(ak_fsel_validate(&f, allowed, "CertificateSigningRequest", &err), AK_EINVAL);
    ASSERT_STR(err.message, "field label not supported: spec.other");
    ak_fsel_release(&f);

    const char *const *ev = ak_fsel_fields_for_kind("Event");
    bool has_reason = false;
    for (size_t i = 0; ev[i]; i++)
        has_reason |= strcmp(ev[i], "involvedObject.name") == 0;
    assert_true(has_reason);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_forms),    cmocka_unit_test(test_string_errors),
        cmocka_unit_test(test_special_tokens),  cmocka_unit_test(test_empty_exact_value),
        cmocka_unit_test(test_json_forms),      cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_json_validation), cmocka_unit_test(test_field_selectors),
        cmocka_unit_test(test_field_validation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
