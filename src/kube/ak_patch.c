/* ak_patch.c - JSON merge patch, JSON patch and strategic merge patch (see ak_patch.h).
 *
 * The behaviour follows what kube-apiserver does, including the places where it departs from
 * the RFCs (evanphx/json-patch v4 for JSON patch, apimachinery strategicpatch for strategic
 * merge), down to the order in which merged list entries come out. Every function works on a
 * private deep copy of the document, so a failure half way leaves nothing behind.
 *
 * Known differences from kube-apiserver:
 * - kube-apiserver converts the patched map to the Go type: unknown fields vanish (or fail
 *   with fieldValidation=Strict), empty omitempty values vanish, defaults apply. Here the
 *   merged JSON is returned as is; only directive keys and the nulls inside values taken whole
 *   are dropped (what that conversion would drop of them).
 * - The patch strategies come from the table below, not from the whole Go types: a field the
 *   table does not know behaves as one without patch metadata (kube-apiserver rejects, e.g., a
 *   $setElementOrder for an unknown field with a 500).
 * - Inputs on which the Go code panics (answered with a 500) are handled: $setElementOrder on a
 *   list of maps without merge key keeps the merged list, null list elements are a type of
 *   their own, "replace"/"test" of path "" without a value fail the operation.
 * - "test" compares decoded values (jansson): 1.0 equals 1.00 and "\u0041" equals "A"; Go
 *   compares the encoded bytes. Integers and reals differ in both.
 * - Float values quoted in error messages are close to Go's %v, not always identical. */
#include "ak_patch.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/ak_buf.h"
#include "../util/ak_err.h"
#include "../util/ak_mem.h"

#include "../util/ak_banned.h"

#define MSG_MAX 1400 /* fits struct ak_err.message */

static const char MSG_REJECTED[] = "the server rejected our request due to an error in our request";

/* ---------------------------------------------------------------------------------------------
 * jansson helpers: allocation failure is fatal (project rule) */

static json_t *jx_copy(const json_t *v)
{
    json_t *c = json_deep_copy(v);
    if (c == NULL)
        ak_fatal("out of memory copying JSON");
    return c;
}

static json_t *jx_obj(void)
{
    json_t *o = json_object();
    if (o == NULL)
        ak_fatal("out of memory allocating a JSON object");
    return o;
}

static json_t *jx_arr(void)
{
    json_t *a = json_array();
    if (a == NULL)
        ak_fatal("out of memory allocating a JSON array");
    return a;
}

/* takes v */
static void jx_set(json_t *o, const char *k, json_t *v)
{
    if (json_object_set_new(o, k, v) != 0)
        ak_fatal("cannot set JSON member \"%s\"", k);
}

/* takes v */
static void jx_push(json_t *a, json_t *v)
{
    if (json_array_append_new(a, v) != 0)
        ak_fatal("cannot append to a JSON array");
}

/* borrows v (adds a reference) */
static void jx_push_ref(json_t *a, const json_t *v)
{
    if (json_array_append(a, (json_t *)v) != 0)
        ak_fatal("cannot append to a JSON array");
}

/* shallow copy of an array or object (new container, shared members) */
static json_t *jx_shallow(const json_t *v)
{
    json_t *c = json_copy((json_t *)v);
    if (c == NULL)
        ak_fatal("out of memory copying JSON");
    return c;
}

/* iterate a const object */
#define obj_foreach(obj, key, val) json_object_foreach((json_t *)(obj), key, val)

static bool has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* JSON type with true/false folded into one (Go's bool) */
static int jtype(const json_t *v)
{
    int t = json_typeof(v);
    return t == JSON_FALSE ? JSON_TRUE : t;
}

/* ---------------------------------------------------------------------------------------------
 * Go's fmt %v of decoded JSON (map[string]interface{} & co), for error messages that quote
 * values the way kube-apiserver does */

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void go_float(struct ak_buf *b, double d)
{
    char s[64];
    int prec;
    for (prec = 1; prec < 17; prec++) { /* shortest representation that round-trips */
        snprintf(s, sizeof(s), "%.*e", prec - 1, d);
        if (strtod(s, NULL) == d)
            break;
    }
    snprintf(s, sizeof(s), "%.*e", prec - 1, d);
    char *e = strchr(s, 'e');
    int exp = e ? (int)strtol(e + 1, NULL, 10) : 0;
    if (exp < -4 || exp >= 21) { /* Go's %v switches to exponent form at 1e21 */
        *e = '\0';
        (void)ak_buf_printf(b, "%se%c%02d", s, exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    } else {
        int decimals = prec - 1 - exp;
        (void)ak_buf_printf(b, "%.*f", decimals > 0 ? decimals : 0, d);
    }
}

static void go_fmt(struct ak_buf *b, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        size_t n = json_object_size(v), i = 0;
        const char **keys = ak_xcalloc(n ? n : 1, sizeof(*keys));
        const char *k;
        json_t *x;
        obj_foreach(v, k, x)
            keys[i++] = k;
        qsort(keys, n, sizeof(*keys), cmp_cstr);
        (void)ak_buf_puts(b, "map[");
        for (i = 0; i < n; i++) {
            (void)ak_buf_printf(b, "%s%s:", i ? " " : "", keys[i]);
            go_fmt(b, json_object_get(v, keys[i]));
        }
        (void)ak_buf_putc(b, ']');
        free(keys);
        break;
    }
    case JSON_ARRAY: {
        (void)ak_buf_putc(b, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                (void)ak_buf_putc(b, ' ');
            go_fmt(b, json_array_get(v, i));
        }
        (void)ak_buf_putc(b, ']');
        break;
    }
    case JSON_STRING: (void)ak_buf_puts(b, json_string_value(v)); break;
    case JSON_INTEGER: (void)ak_buf_printf(b, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: go_float(b, json_real_value(v)); break;
    case JSON_TRUE: (void)ak_buf_puts(b, "true"); break;
    case JSON_FALSE: (void)ak_buf_puts(b, "false"); break;
    default: (void)ak_buf_puts(b, "<nil>"); break;
    }
}

/* Go's reflect type name of a decoded JSON value (null: %s of a nil reflect.Type) */
static const char *go_type(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "map[string]interface {}";
    case JSON_ARRAY: return "[]interface {}";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "int64";
    case JSON_REAL: return "float64";
    case JSON_TRUE:
    case JSON_FALSE: return "bool";
    default: return "%!s(<nil>)";
    }
}

/* encoding/json's name for the JSON type in "cannot unmarshal X into Go value of type Y" */
static const char *json_kind_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER:
    case JSON_REAL: return "number";
    default: return "bool";
    }
}

/* ---------------------------------------------------------------------------------------------
 * error helpers */

static int err_400(struct ak_err *err, const char *msg)
{
    return ak_err_set(err, 400, "BadRequest", "%s", msg);
}

/* 422 with the generic message; cause kept in target */
static int err_422(struct ak_err *err, const char *cause)
{
    int rc = ak_err_set(err, 422, "Invalid", "%s", MSG_REJECTED);
    ak_err_target(err, cause);
    return rc;
}

/* 500 with an empty reason: an error kube-apiserver does not convert to a Status */
static int err_500(struct ak_err *err, struct ak_buf *msg)
{
    int rc = ak_err_set(err, 500, "", "%s", ak_buf_cstr(msg));
    ak_buf_release(msg);
    return rc;
}

static int err_500s(struct ak_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int err_500s(struct ak_err *err, const char *fmt, ...)
{
    struct ak_buf b = AK_BUF_INIT(MSG_MAX);
    va_list ap;
    va_start(ap, fmt);
    (void)ak_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return err_500(err, &b);
}

/* mergepatch.ErrNoMergeKey */
static int err_no_merge_key(struct ak_err *err, const json_t *m, const char *key)
{
    struct ak_buf b = AK_BUF_INIT(MSG_MAX);
    (void)ak_buf_puts(&b, "map: ");
    go_fmt(&b, m);
    (void)ak_buf_printf(&b, " does not contain declared merge key: %s", key);
    return err_500(err, &b);
}

/* mergepatch.ErrBadArgType */
static int err_bad_arg_type(struct ak_err *err, const char *expected, const json_t *actual)
{
    return err_500s(err, "expected a %s, but received a %s", expected, go_type(actual));
}

/* mergepatch.ErrBadPatchType */
static int err_bad_patch_type(struct ak_err *err, const json_t *directive, const json_t *m)
{
    struct ak_buf b = AK_BUF_INIT(MSG_MAX);
    (void)ak_buf_puts(&b, "unknown patch type: ");
    if (json_is_string(directive)) {
        (void)ak_buf_puts(&b, json_string_value(directive));
    } else {
        (void)ak_buf_printf(&b, "%%!s(%s=", go_type(directive));
        go_fmt(&b, directive);
        (void)ak_buf_putc(&b, ')');
    }
    (void)ak_buf_puts(&b, " in map: ");
    go_fmt(&b, m);
    return err_500(err, &b);
}

/* =============================================================================================
 * JSON merge patch (RFC 7386) */

static void merge_into(json_t *target, const json_t *patch)
{
    const char *k;
    json_t *v;
    obj_foreach(patch, k, v) {
        if (json_is_null(v)) {
            json_object_del(target, k);
        } else if (json_is_object(v)) {
            json_t *cur = json_object_get(target, k);
            if (json_is_object(cur)) {
                merge_into(cur, v);
            } else {
                json_t *n = jx_obj();
                merge_into(n, v);
                jx_set(target, k, n);
            }
        } else {
            jx_set(target, k, jx_copy(v));
        }
    }
}

json_t *ak_merge_patch(const json_t *doc, const json_t *patch)
{
    if (patch == NULL)
        return json_null();
    if (!json_is_object(patch))
        return jx_copy(patch);
    json_t *t = json_is_object(doc) ? jx_copy(doc) : jx_obj();
    merge_into(t, patch);
    return t;
}

/* =============================================================================================
 * JSON patch (RFC 6902) as evanphx/json-patch v4 applies it.
 * Each helper that fails writes the Go error text into `why` and returns -1. */

/* strconv.Atoi */
static int go_atoi(const char *s, long long *out, struct ak_buf *why)
{
    const char *p = s;
    bool neg = false;
    unsigned long long v = 0, lim;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (*p == '\0')
        goto syntax;
    lim = neg ? (unsigned long long)INT64_MAX + 1 : (unsigned long long)INT64_MAX;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            goto syntax;
        unsigned d = (unsigned)(*p - '0');
        if (v > (lim - d) / 10) {
            (void)ak_buf_printf(why, "strconv.Atoi: parsing \"%s\": value out of range", s);
            return -1;
        }
        v = v * 10 + d;
    }
    *out = neg ? (long long)(0 - v) : (long long)v;
    return 0;
syntax:
    (void)ak_buf_printf(why, "strconv.Atoi: parsing \"%s\": invalid syntax", s);
    return -1;
}

static int bad_index(struct ak_buf *why, long long idx)
{
    (void)ak_buf_printf(why, "Unable to access invalid index: %lld: invalid index referenced", idx);
    return -1;
}

/* container get: objects never fail (missing and null members read as NULL) */
static int c_get(json_t *con, const char *key, json_t **val, struct ak_buf *why)
{
    *val = NULL;
    if (json_is_object(con)) {
        json_t *v = json_object_get(con, key);
        *val = json_is_null(v) ? NULL : v;
        return 0;
    }
    long long idx, n = (long long)json_array_size(con);
    if (go_atoi(key, &idx, why) < 0)
        return -1;
    if (idx < 0) {
        if (idx < -n)
            return bad_index(why, idx);
        idx += n;
    }
    if (idx >= n)
        return bad_index(why, idx);
    json_t *v = json_array_get(con, (size_t)idx);
    *val = json_is_null(v) ? NULL : v;
    return 0;
}

/* container add (takes val) */
static int c_add(json_t *con, const char *key, json_t *val, struct ak_buf *why)
{
    if (json_is_object(con)) {
        jx_set(con, key, val);
        return 0;
    }
    if (strcmp(key, "-") == 0) {
        jx_push(con, val);
        return 0;
    }
    long long idx, sz = (long long)json_array_size(con) + 1;
    struct ak_buf inner = AK_BUF_INIT(MSG_MAX);
    if (go_atoi(key, &idx, &inner) < 0) {
        (void)ak_buf_printf(why, "value was not a proper array index: '%s': %s", key,
                            ak_buf_cstr(&inner));
        ak_buf_release(&inner);
        json_decref(val);
        return -1;
    }
    ak_buf_release(&inner);
    if (idx >= sz || idx < -sz) {
        json_decref(val);
        return bad_index(why, idx);
    }
    if (idx < 0)
        idx += sz;
    if (json_array_insert_new(con, (size_t)idx, val) != 0)
        ak_fatal("cannot insert into a JSON array");
    return 0;
}

static int c_remove(json_t *con, const char *key, struct ak_buf *why)
{
    if (json_is_object(con)) {
        if (json_object_get(con, key) == NULL) {
            (void)ak_buf_printf(why, "Unable to remove nonexistent key: %s: missing value", key);
            return -1;
        }
        json_object_del(con, key);
        return 0;
    }
    long long idx, n = (long long)json_array_size(con);
    if (go_atoi(key, &idx, why) < 0)
        return -1;
    if (idx >= n)
        return bad_index(why, idx);
    if (idx < 0) {
        if (idx < -n)
            return bad_index(why, idx);
        idx += n;
    }
    json_array_remove(con, (size_t)idx);
    return 0;
}

/* container set, for "replace" after a successful c_get (takes val) */
static void c_set(json_t *con, const char *key, json_t *val)
{
    if (json_is_object(con)) {
        jx_set(con, key, val);
        return;
    }
    long long idx = 0, n = (long long)json_array_size(con);
    struct ak_buf ignore = AK_BUF_INIT(MSG_MAX);
    (void)go_atoi(key, &idx, &ignore);
    ak_buf_release(&ignore);
    if (idx < 0)
        idx += n;
    if (json_array_set_new(con, (size_t)idx, val) != 0)
        ak_fatal("cannot set a JSON array element");
}

/* RFC 6901 reference token: ~1 -> /, ~0 -> ~ (left to right); other ~ sequences kept */
static char *decode_token(const char *s, size_t n)
{
    char *out = ak_xmalloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1')) {
            *o++ = s[i + 1] == '1' ? '/' : '~';
            i++;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

/* findObject(): the container holding the last reference token of path, and that token
 * (*key, caller frees). Like the Go code, the text before the first '/' is ignored and a path
 * without '/' has no container. Intermediate values must be non-null objects or arrays. */
static json_t *find_object(json_t *root, const char *path, char **key)
{
    *key = NULL;
    const char *p = strchr(path, '/');
    if (p == NULL)
        return NULL;
    json_t *cur = root;
    for (;;) {
        const char *seg = p + 1;
        const char *next = strchr(seg, '/');
        if (next == NULL) {
            *key = decode_token(seg, strlen(seg));
            return cur;
        }
        char *tok = decode_token(seg, (size_t)(next - seg));
        json_t *v = NULL;
        struct ak_buf ignore = AK_BUF_INIT(MSG_MAX);
        int rc = c_get(cur, tok, &v, &ignore);
        ak_buf_release(&ignore);
        free(tok);
        if (rc < 0 || v == NULL || !(json_is_object(v) || json_is_array(v)))
            return NULL;
        cur = v;
        p = next;
    }
}

/* Operation.Path() / From(): 0 and the string, or -1 with the Go error */
static int op_str(const json_t *op, const char *field, const char **out, struct ak_buf *why)
{
    const json_t *v = json_object_get(op, field);
    if (v == NULL || json_is_null(v)) {
        if (strcmp(field, "path") == 0)
            (void)ak_buf_puts(why, "operation missing path field: missing value");
        else
            (void)ak_buf_puts(why, "operation, missing from field: missing value");
        return -1;
    }
    if (!json_is_string(v)) {
        (void)ak_buf_printf(why, "json: cannot unmarshal %s into Go value of type string",
                            json_kind_name(v));
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

/* the op's "value" as a new node: absent and null both become null */
static json_t *op_value(const json_t *op)
{
    const json_t *v = json_object_get(op, "value");
    return v ? jx_copy(v) : json_null();
}

struct jp {
    json_t *root;       /* owned */
    long long copied;   /* accumulated size of copied values */
    struct ak_buf *why; /* cause of the failure */
};

static int jp_add(struct jp *s, const json_t *op)
{
    const char *path;
    struct ak_buf ignore = AK_BUF_INIT(MSG_MAX);
    int rc = op_str(op, "path", &path, &ignore);
    ak_buf_release(&ignore);
    if (rc < 0) {
        (void)ak_buf_puts(s->why, "add operation failed to decode path: missing value");
        return -1;
    }
    char *key;
    json_t *con = find_object(s->root, path, &key);
    if (con == NULL) {
        (void)ak_buf_printf(
            s->why, "add operation does not apply: doc is missing path: \"%s\": missing value",
            path);
        return -1;
    }
    struct ak_buf inner = AK_BUF_INIT(MSG_MAX);
    rc = c_add(con, key, op_value(op), &inner);
    if (rc < 0)
        (void)ak_buf_printf(s->why, "error in add for path: '%s': %s", path, ak_buf_cstr(&inner));
    ak_buf_release(&inner);
    free(key);
    return rc;
}

static int jp_remove(struct jp *s, const json_t *op)
{
    const char *path;
    struct ak_buf ignore = AK_BUF_INIT(MSG_MAX);
    int rc = op_str(op, "path", &path, &ignore);
    ak_buf_release(&ignore);
    if (rc < 0) {
        (void)ak_buf_puts(s->why, "remove operation failed to decode path: missing value");
        return -1;
    }
    char *key;
    json_t *con = find_object(s->root, path, &key);
    if (con == NULL) {
        (void)ak_buf_printf(
            s->why, "remove operation does not apply: doc is missing path: \"%s\": missing value",
            path);
        return -1;
    }
    struct ak_buf inner = AK_BUF_INIT(MSG_MAX);
    rc = c_remove(con, key, &inner);
    if (rc < 0)
        (void)ak_buf_printf(s->why, "error in remove for path: '%s': %s", path,
                            ak_buf_cstr(&inner));
    ak_buf_release(&inner);
    free(key);
    return rc;
}

static int jp_replace(struct jp *s, const json_t *op)
{
    const char *path;
    struct ak_buf inner = AK_BUF_INIT(MSG_MAX);
    int rc = -1;
    if (op_str(op, "path", &path, &inner) < 0) {
        (void)ak_buf_printf(s->why, "replace operation failed to decode path: %s",
                            ak_buf_cstr(&inner));
        goto out;
    }
    if (path[0] == '\0') {
        const json_t *v = json_object_get(op, "value");
        if (!json_is_object(v) && !json_is_array(v)) {
            (void)ak_buf_puts(s->why,
                              "replace operation value must be object or array: %!w(<nil>)");
            goto out;
        }
        json_decref(s->root);
        s->root = jx_copy(v);
        rc = 0;
        goto out;
    }
    char *key;
    json_t *con = find_object(s->root, path, &key);
    if (con == NULL) {
        (void)ak_buf_printf(
            s->why, "replace operation does not apply: doc is missing path: %s: missing value",
            path);
        goto out;
    }
    json_t *cur;
    if (c_get(con, key, &cur, &inner) < 0) {
        (void)ak_buf_printf(
            s->why, "replace operation does not apply: doc is missing key: %s: missing value",
            path);
    } else {
        c_set(con, key, op_value(op));
        rc = 0;
    }
    free(key);
out:
    ak_buf_release(&inner);
    return rc;
}

static int jp_move(struct jp *s, const json_t *op)
{
    const char *from, *path;
    char *key = NULL;
    json_t *val = NULL, *con;
    struct ak_buf inner = AK_BUF_INIT(MSG_MAX);
    int rc = -1;
    if (op_str(op, "from", &from, &inner) < 0) {
        (void)ak_buf_printf(s->why, "move operation failed to decode from: %s",
                            ak_buf_cstr(&inner));
        goto out;
    }
    con = find_object(s->root, from, &key);
    if (con == NULL) {
        (void)ak_buf_printf(
            s->why, "move operation does not apply: doc is missing from path: %s: missing value",
            from);
        goto out;
    }
    if (c_get(con, key, &val, &inner) < 0) {
        (void)ak_buf_printf(s->why, "error in move for path: '%s': %s", key, ak_buf_cstr(&inner));
        val = NULL;
        goto out;
    }
    val = val ? json_incref(val) : json_null(); /* own it before the container lets go */
    if (c_remove(con, key, &inner) < 0) {
        (void)ak_buf_printf(s->why, "error in move for path: '%s': %s", key, ak_buf_cstr(&inner));
        goto out;
    }
    free(key);
    key = NULL;
    if (op_str(op, "path", &path, &inner) < 0) {
        (void)ak_buf_printf(s->why, "move operation failed to decode path: %s",
                            ak_buf_cstr(&inner));
        goto out;
    }
    con = find_object(s->root, path, &key);
    if (con == NULL) {
        (void)ak_buf_printf(
            s->why,
            "move operation does not apply: doc is missing destination path: %s: missing value",
            path);
        goto out;
    }
    rc = c_add(con, key, val, &inner); /* takes val */
    val = NULL;
    if (rc < 0)
        (void)ak_buf_printf(s->why, "error in move for path: '%s': %s", path, ak_buf_cstr(&inner));
out:
    json_decref(val);
    free(key);
    ak_buf_release(&inner);
    return rc;
}

static int jp_test(struct jp *s, const json_t *op)
{
    const char *path;
    char *key = NULL;
    struct ak_buf inner = AK_BUF_INIT(MSG_MAX);
    const json_t *want = json_object_get(op, "value");
    int rc = -1;
    if (op_str(op, "path", &path, &inner) < 0) {
        (void)ak_buf_printf(s->why, "test operation failed to decode path: %s",
                            ak_buf_cstr(&inner));
        goto out;
    }
    if (path[0] == '\0') {
        if (want != NULL && json_equal(s->root, want))
            rc = 0;
        else
            (void)ak_buf_printf(s->why, "testing value %s failed: test failed", path);
        goto out;
    }
    json_t *con = find_object(s->root, path, &key);
    if (con == NULL) {
        (void)ak_buf_printf(
            s->why, "test operation does not apply: is missing path: %s: missing value", path);
        goto out;
    }
    json_t *val;
    if (c_get(con, key, &val, &inner) < 0) {
        (void)ak_buf_printf(s->why, "error in test for path: '%s': %s", path, ak_buf_cstr(&inner));
        goto out;
    }
    if (val == NULL) /* missing or null: passes when the expected value is null or absent */
        rc = (want == NULL || json_is_null(want)) ? 0 : -1;
    else
        rc = (want != NULL && json_equal(val, want)) ? 0 : -1;
    if (rc < 0)
        (void)ak_buf_printf(s->why, "testing value %s failed: test failed", path);
out:
    free(key);
    ak_buf_release(&inner);
    return rc;
}

static int jp_copy(struct jp *s, const json_t *op)
{
    const char *from, *path;
    char *key = NULL;
    json_t *con, *val, *dup = NULL;
    struct ak_buf inner = AK_BUF_INIT(MSG_MAX);
    int rc = -1;
    if (op_str(op, "from", &from, &inner) < 0) {
        (void)ak_buf_printf(s->why, "copy operation failed to decode from: %s",
                            ak_buf_cstr(&inner));
        goto out;
    }
    con = find_object(s->root, from, &key);
    if (con == NULL) {
        (void)ak_buf_printf(
            s->why, "copy operation does not apply: doc is missing from path: %s: missing value",
            from);
        goto out;
    }
    if (c_get(con, key, &val, &inner) < 0) {
        (void)ak_buf_printf(s->why, "error in copy for from: '%s': %s", from, ak_buf_cstr(&inner));
        goto out;
    }
    if (val != NULL) {
        char *text = json_dumps(val, JSON_COMPACT | JSON_ENCODE_ANY);
        if (text == NULL)
            ak_fatal("out of memory encoding JSON");
        s->copied += (long long)strlen(text);
        free(text);
        dup = jx_copy(val);
    } else {
        dup = json_null(); /* missing object member: Go copies a nil node */
    }
    free(key);
    key = NULL;
    ak_buf_reset(&inner);
    if (op_str(op, "path", &path, &inner) < 0) {
        (void)ak_buf_puts(s->why, "copy operation failed to decode path: missing value");
        goto out;
    }
    con = find_object(s->root, path, &key);
    if (con == NULL) {
        (void)ak_buf_printf(
            s->why,
            "copy operation does not apply: doc is missing destination path: %s: missing value",
            path);
        goto out;
    }
    if (s->copied > AK_PATCH_MAX_COPY_BYTES) {
        (void)ak_buf_printf(s->why,
                            "Unable to complete the copy, the accumulated size increase of copy "
                            "is %lld, exceeding the limit %ld",
                            s->copied, AK_PATCH_MAX_COPY_BYTES);
        goto out;
    }
    rc = c_add(con, key, dup, &inner); /* takes dup */
    dup = NULL;
    if (rc < 0)
        (void)ak_buf_printf(s->why, "error while adding value during copy: %s",
                            ak_buf_cstr(&inner));
out:
    json_decref(dup);
    free(key);
    ak_buf_release(&inner);
    return rc;
}

static int json_patch(const json_t *doc, const json_t *ops, json_t **out, struct ak_err *err)
{
    char msg[160];
    *out = NULL;
    if (!json_is_object(doc) && !json_is_array(doc))
        return ak_err_set(err, 500, "InternalError", "the document to patch is not a JSON object");
    /* jsonpatch.DecodePatch(): the whole document is decoded before anything is applied */
    if (ops != NULL && !json_is_null(ops)) {
        if (!json_is_array(ops)) {
            snprintf(msg, sizeof(msg),
                     "json: cannot unmarshal %s into Go value of type jsonpatch.Patch",
                     json_kind_name(ops));
            return err_400(err, msg);
        }
        for (size_t i = 0; i < json_array_size(ops); i++) {
            const json_t *op = json_array_get(ops, i);
            if (!json_is_object(op) && !json_is_null(op)) {
                snprintf(msg, sizeof(msg),
                         "json: cannot unmarshal %s into Go value of type jsonpatch.Operation",
                         json_kind_name(op));
                return err_400(err, msg);
            }
        }
        if (json_array_size(ops) > AK_PATCH_MAX_OPS)
            return ak_err_set(err, 413, "RequestEntityTooLarge",
                              "The allowed maximum operations in a JSON patch is %d, got %zu",
                              AK_PATCH_MAX_OPS, json_array_size(ops));
    }

    struct ak_buf why = AK_BUF_INIT(MSG_MAX);
    struct jp s = {jx_copy(doc), 0, &why};
    int rc = 0;
    for (size_t i = 0; rc == 0 && ops && i < json_array_size(ops); i++) {
        const json_t *op = json_array_get(ops, i);
        const json_t *kv = json_is_object(op) ? json_object_get(op, "op") : NULL;
        const char *kind = json_is_string(kv) ? json_string_value(kv) : "unknown";
        if (strcmp(kind, "add") == 0)
            rc = jp_add(&s, op);
        else if (strcmp(kind, "remove") == 0)
            rc = jp_remove(&s, op);
        else if (strcmp(kind, "replace") == 0)
            rc = jp_replace(&s, op);
        else if (strcmp(kind, "move") == 0)
            rc = jp_move(&s, op);
        else if (strcmp(kind, "test") == 0)
            rc = jp_test(&s, op);
        else if (strcmp(kind, "copy") == 0)
            rc = jp_copy(&s, op);
        else {
            (void)ak_buf_printf(&why, "Unexpected kind: %s", kind);
            rc = -1;
        }
    }
    if (rc < 0) {
        rc = err_422(err, ak_buf_cstr(&why));
        json_decref(s.root);
    } else {
        *out = s.root;
    }
    ak_buf_release(&why);
    return rc;
}

json_t *ak_json_patch(const json_t *doc, const json_t *ops, struct ak_err *err)
{
    json_t *out;
    return json_patch(doc, ops, &out, err) < 0 ? NULL : out;
}

/* =============================================================================================
 * Strategic merge patch */

enum smp_strategy { SMP_NONE, SMP_MERGE, SMP_REPLACE };

struct smp_type;
struct smp_field {
    const char *name;
    enum smp_strategy strategy;
    const char *key;             /* patchMergeKey, NULL for none (lists of strings) */
    const struct smp_type *type; /* the struct (map fields) or element struct (list fields) */
};
struct smp_type {
    const struct smp_field *fields;
    size_t n;
};

#define SMP_TYPE(name, ...)                                                                        \
    static const struct smp_field name##_fields[] = {__VA_ARGS__};                                 \
    static const struct smp_type name = {name##_fields, AK_ARRAY_LEN(name##_fields)}

/* Field tags of k8s.io/api (core/v1, apps/v1, batch/v1, policy/v1) and apimachinery meta/v1.
 * Only fields whose subtree has a patchStrategy are listed; everything else is "no metadata":
 * maps merge recursively and lists are replaced. retainKeys strategies are not listed: server
 * side they only strip the $retainKeys directive, which is honoured wherever it appears. */
SMP_TYPE(T_META, {"finalizers", SMP_MERGE, NULL, NULL},
         {"ownerReferences", SMP_MERGE, "uid", NULL});
SMP_TYPE(T_CONTAINER, {"ports", SMP_MERGE, "containerPort", NULL}, {"env", SMP_MERGE, "name", NULL},
         {"volumeMounts", SMP_MERGE, "mountPath", NULL},
         {"volumeDevices", SMP_MERGE, "devicePath", NULL});
SMP_TYPE(T_PODSPEC, {"volumes", SMP_MERGE, "name", NULL},
         {"initContainers", SMP_MERGE, "name", &T_CONTAINER},
         {"containers", SMP_MERGE, "name", &T_CONTAINER},
         {"ephemeralContainers", SMP_MERGE, "name", &T_CONTAINER},
         {"imagePullSecrets", SMP_MERGE, "name", NULL}, {"hostAliases", SMP_MERGE, "ip", NULL},
         {"topologySpreadConstraints", SMP_MERGE, "topologyKey", NULL},
         {"schedulingGates", SMP_MERGE, "name", NULL}, {"resourceClaims", SMP_MERGE, "name", NULL});
SMP_TYPE(T_PODSTATUS, {"conditions", SMP_MERGE, "type", NULL}, {"hostIPs", SMP_MERGE, "ip", NULL},
         {"podIPs", SMP_MERGE, "ip", NULL}, {"resourceClaimStatuses", SMP_MERGE, "name", NULL});
SMP_TYPE(T_POD, {"metadata", SMP_NONE, NULL, &T_META}, {"spec", SMP_NONE, NULL, &T_PODSPEC},
         {"status", SMP_NONE, NULL, &T_PODSTATUS});
SMP_TYPE(T_TEMPLATE, {"metadata", SMP_NONE, NULL, &T_META}, {"spec", SMP_NONE, NULL, &T_PODSPEC});
SMP_TYPE(T_CONDITIONS, {"conditions", SMP_MERGE, "type", NULL});
SMP_TYPE(T_WORKLOADSPEC, {"template", SMP_NONE, NULL, &T_TEMPLATE});
SMP_TYPE(T_WORKLOAD, {"metadata", SMP_NONE, NULL, &T_META},
         {"spec", SMP_NONE, NULL, &T_WORKLOADSPEC}, {"status", SMP_NONE, NULL, &T_CONDITIONS});
SMP_TYPE(T_NODESPEC, {"podCIDRs", SMP_MERGE, NULL, NULL});
SMP_TYPE(T_NODESTATUS, {"conditions", SMP_MERGE, "type", NULL},
         {"addresses", SMP_MERGE, "type", NULL});
SMP_TYPE(T_NODE, {"metadata", SMP_NONE, NULL, &T_META}, {"spec", SMP_NONE, NULL, &T_NODESPEC},
         {"status", SMP_NONE, NULL, &T_NODESTATUS});
SMP_TYPE(T_WITH_CONDITIONS, {"metadata", SMP_NONE, NULL, &T_META},
         {"status", SMP_NONE, NULL, &T_CONDITIONS});
SMP_TYPE(T_PDBSPEC, {"selector", SMP_REPLACE, NULL, NULL});
SMP_TYPE(T_PDB, {"metadata", SMP_NONE, NULL, &T_META}, {"spec", SMP_NONE, NULL, &T_PDBSPEC},
         {"status", SMP_NONE, NULL, &T_CONDITIONS});
SMP_TYPE(T_SERVICESPEC, {"ports", SMP_MERGE, "port", NULL});
SMP_TYPE(T_SERVICE, {"metadata", SMP_NONE, NULL, &T_META}, {"spec", SMP_NONE, NULL, &T_SERVICESPEC},
         {"status", SMP_NONE, NULL, &T_CONDITIONS});
SMP_TYPE(T_SERVICEACCOUNT, {"metadata", SMP_NONE, NULL, &T_META},
         {"secrets", SMP_MERGE, "name", NULL});
SMP_TYPE(T_OBJECT, {"metadata", SMP_NONE, NULL, &T_META});

static const struct {
    const char *kind;
    const struct smp_type *type;
} smp_kinds[] = {
    {"Pod", &T_POD},
    {"Node", &T_NODE},
    {"Namespace", &T_WITH_CONDITIONS},
    {"Deployment", &T_WORKLOAD},
    {"ReplicaSet", &T_WORKLOAD},
    {"DaemonSet", &T_WORKLOAD},
    {"Job", &T_WORKLOAD},
    {"PodDisruptionBudget", &T_PDB},
    {"Service", &T_SERVICE},
    {"ServiceAccount", &T_SERVICEACCOUNT},
    {"Event", &T_OBJECT},
    {"Lease", &T_OBJECT},
    {"ConfigMap", &T_OBJECT},
    {"Secret", &T_OBJECT},
    {"PriorityClass", &T_OBJECT},
};

static const struct smp_type *smp_kind_type(const char *kind)
{
    for (size_t i = 0; kind && i < AK_ARRAY_LEN(smp_kinds); i++)
        if (strcasecmp(smp_kinds[i].kind, kind) == 0)
            return smp_kinds[i].type;
    return &T_OBJECT;
}

static const struct smp_field *smp_lookup(const struct smp_type *t, const char *name)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (strcmp(t->fields[i].name, name) == 0)
            return &t->fields[i];
    return NULL;
}

static const char DIR_PATCH[] = "$patch";
static const char DIR_RETAIN[] = "$retainKeys";
static const char DIR_ORDER[] = "$setElementOrder";
static const char DIR_DELETE[] = "$deleteFromPrimitiveList";

static bool is_directive(const char *k)
{
    return strcmp(k, DIR_PATCH) == 0 || strcmp(k, DIR_RETAIN) == 0 || has_prefix(k, DIR_ORDER) ||
           has_prefix(k, DIR_DELETE);
}

static bool is_patch_directive(const json_t *v, const char *what)
{
    return json_is_string(v) && strcmp(json_string_value(v), what) == 0;
}

/* A patch value taken whole: deep copy without null members and without directive keys.
 * With drop_marked (Go's removeDirectives), a map carrying $patch is dropped altogether (NULL
 * from the top, or left out of its parent). */
static json_t *clean_copy(const json_t *v, bool drop_marked)
{
    if (json_is_object(v)) {
        if (drop_marked && json_object_get(v, DIR_PATCH) != NULL)
            return NULL;
        json_t *o = jx_obj();
        const char *k;
        json_t *x;
        obj_foreach(v, k, x) {
            if (json_is_null(x) || is_directive(k))
                continue;
            json_t *c = clean_copy(x, drop_marked);
            if (c != NULL)
                jx_set(o, k, c);
        }
        return o;
    }
    if (json_is_array(v)) {
        json_t *a = jx_arr();
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *c = clean_copy(json_array_get(v, i), drop_marked);
            if (c != NULL)
                jx_push(a, c);
        }
        return a;
    }
    return jx_copy(v);
}

/* extractKey(): "<prefix>/<key>" -> key, NULL if malformed */
static const char *extract_key(const char *s, const char *prefix)
{
    const char *slash = strchr(s, '/');
    if (slash == NULL || (size_t)(slash - s) != strlen(prefix) ||
        strncmp(s, prefix, strlen(prefix)))
        return NULL;
    return slash + 1;
}

/* ---- list helpers (Go's sliceElementType, index, sorting and merging of ordered lists) ---- */

/* the common element type of the lists (a JSON type), or an error */
static int elem_type(const json_t *a, const json_t *b, int *kind, struct ak_err *err)
{
    const json_t *lists[2] = {a, b};
    int prev = -1;
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < json_array_size(lists[l]); i++) {
            int t = jtype(json_array_get(lists[l], i));
            if (prev < 0) {
                prev = t;
                if (t == JSON_ARRAY)
                    return err_422(err, "lists of lists are not supported");
            } else if (prev != t) {
                struct ak_buf m = AK_BUF_INIT(MSG_MAX);
                (void)ak_buf_puts(&m, "list element types are not identical: [");
                if (a != NULL)
                    go_fmt(&m, a);
                else
                    (void)ak_buf_puts(&m, "[]");
                (void)ak_buf_putc(&m, ' ');
                if (b != NULL)
                    go_fmt(&m, b);
                else
                    (void)ak_buf_puts(&m, "[]");
                (void)ak_buf_putc(&m, ']');
                return err_500(err, &m);
            }
        }
    }
    if (prev < 0)
        return err_500s(err, "no elements in any of the given slices");
    *kind = prev;
    return 0;
}

/* the value index() compares: the merge key's value for maps, the item itself otherwise */
static const json_t *order_val(const json_t *item, const char *key, int kind)
{
    if (kind != JSON_OBJECT)
        return item;
    return json_is_object(item) ? json_object_get(item, key) : NULL;
}

static bool same_val(const json_t *a, const json_t *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return json_equal(a, b);
}

/* index(): position of item in l, or -1 */
static long order_index(const json_t *l, const json_t *item, const char *key, int kind)
{
    const json_t *v = order_val(item, key, kind);
    for (size_t i = 0; i < json_array_size(l); i++)
        if (same_val(v, order_val(json_array_get(l, i), key, kind)))
            return (long)i;
    return -1;
}

/* findMapInSliceBasedOnKeyValue() over the first n elements of l: position of the first map
 * whose key equals value, -1, or an error (-2) when an element is not a map */
static long find_map(const json_t *l, size_t n, const char *key, const json_t *value,
                     struct ak_err *err)
{
    for (size_t i = 0; i < n; i++) {
        const json_t *m = json_array_get(l, i);
        if (!json_is_object(m)) {
            err_500s(err, "value for key %zu is not a map", i);
            return -2;
        }
        const json_t *v = json_object_get(m, key);
        if (v != NULL && json_equal(v, value))
            return (long)i;
    }
    return -1;
}

/* validateMergeKeyInLists() */
static int check_merge_keys(const json_t *l, const char *key, struct ak_err *err)
{
    for (size_t i = 0; i < json_array_size(l); i++) {
        const json_t *m = json_array_get(l, i);
        if (!json_is_object(m))
            return err_bad_arg_type(err, "map[string]interface {}", m);
        if (json_object_get(m, key) == NULL)
            return err_no_merge_key(err, m, key);
    }
    return 0;
}

struct sort_item {
    long idx; /* position in the order list, -1 if absent */
    size_t pos;
    json_t *v;
};

static int cmp_sort_item(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    if (x->idx != y->idx)
        return x->idx < y->idx ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* normalizeSliceOrder(): a new list with the items of l sorted by their position in order
 * (stable; $patch: delete maps last). For up to 20 items this is Go's insertion sort with Go's
 * comparator, so even items missing from order land where kube-apiserver puts them. */
static int sort_by_order(const json_t *l, const json_t *order, const char *key, int kind,
                         json_t **out, struct ak_err *err)
{
    int rc;
    if (kind == JSON_OBJECT) {
        if ((rc = check_merge_keys(l, key, err)) < 0 ||
            (rc = check_merge_keys(order, key, err)) < 0)
            return rc;
    }
    size_t n = json_array_size(l), m = 0;
    struct sort_item *it = ak_xcalloc(n ? n : 1, sizeof(*it));
    json_t *deleted = jx_arr();
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(l, i);
        if (kind == JSON_OBJECT && is_patch_directive(json_object_get(v, DIR_PATCH), "delete")) {
            jx_push_ref(deleted, v);
            continue;
        }
        it[m].idx = order_index(order, v, key, kind);
        it[m].pos = m;
        it[m].v = v;
        m++;
    }
    if (m <= 20) {
        for (size_t i = 1; i < m; i++) {
            for (size_t j = i; j > 0; j--) {
                const struct sort_item *a = &it[j], *b = &it[j - 1];
                bool less = (a->idx >= 0 && b->idx >= 0) ? a->idx < b->idx : true;
                if (!less)
                    break;
                struct sort_item tmp = it[j];
                it[j] = it[j - 1];
                it[j - 1] = tmp;
            }
        }
    } else {
        qsort(it, m, sizeof(*it), cmp_sort_item);
    }
    json_t *res = jx_arr();
    for (size_t i = 0; i < m; i++)
        jx_push_ref(res, it[i].v);
    for (size_t i = 0; i < json_array_size(deleted); i++)
        jx_push_ref(res, json_array_get(deleted, i));
    json_decref(deleted);
    free(it);
    *out = res;
    return 0;
}

/* mergeSortedSlice(): interleave server-only items (left) into patch items (right), using
 * the live list's order where both are known */
static json_t *merge_sorted(const json_t *left, const json_t *right, const json_t *server_order,
                            const char *key, int kind)
{
    size_t nl = json_array_size(left), nr = json_array_size(right), i = 0, j = 0;
    json_t *res = jx_arr();
    while (i < nl || j < nr) {
        if (i >= nl) {
            jx_push_ref(res, json_array_get(right, j++));
        } else if (j >= nr) {
            jx_push_ref(res, json_array_get(left, i++));
        } else {
            long li = order_index(server_order, json_array_get(left, i), key, kind);
            long ri = order_index(server_order, json_array_get(right, j), key, kind);
            if (li >= 0 && ri >= 0 && li < ri)
                jx_push_ref(res, json_array_get(left, i++));
            else
                jx_push_ref(res, json_array_get(right, j++));
        }
    }
    return res;
}

/* normalizeElementOrder() */
static int normalize_order(const json_t *patch_items, const json_t *server_only,
                           const json_t *patch_order, const json_t *server_order, const char *key,
                           int kind, json_t **out, struct ak_err *err)
{
    json_t *p = NULL, *s = NULL;
    int rc = sort_by_order(patch_items, patch_order, key, kind, &p, err);
    if (rc == 0)
        rc = sort_by_order(server_only, server_order, key, kind, &s, err);
    if (rc == 0)
        *out = merge_sorted(s, p, server_order, key, kind);
    json_decref(p);
    json_decref(s);
    return rc;
}

/* partition{Maps,Primitives}ByPresentInList(): items of l present in `by`, and the others */
static int partition(const json_t *l, const json_t *by, const char *key, json_t **in, json_t **rest,
                     struct ak_err *err)
{
    *in = jx_arr();
    *rest = jx_arr();
    for (size_t i = 0; i < json_array_size(l); i++) {
        json_t *v = json_array_get(l, i);
        bool found = false;
        if (key != NULL) {
            if (!json_is_object(v))
                return err_bad_arg_type(err, "map[string]interface {}", v);
            const json_t *mv = json_object_get(v, key);
            if (mv == NULL)
                return err_no_merge_key(err, v, key);
            long at = find_map(by, json_array_size(by), key, mv, err);
            if (at == -2)
                return AK_EIO;
            found = at >= 0;
        } else {
            for (size_t j = 0; !found && j < json_array_size(by); j++)
                found = json_equal(v, json_array_get(by, j));
        }
        jx_push_ref(found ? *in : *rest, v);
    }
    return 0;
}

/* partition l by `by` and order the two parts (the tail of mergeSlice and of
 * mergePatchIntoOriginal) */
static int reorder(const json_t *l, const json_t *by, const json_t *server_order, const char *key,
                   int kind, json_t **out, struct ak_err *err)
{
    json_t *in = NULL, *rest = NULL;
    int rc = partition(l, by, key, &in, &rest, err);
    if (rc == 0)
        rc = normalize_order(in, rest, by, server_order, key, kind, out, err);
    json_decref(in);
    json_decref(rest);
    return rc;
}

static int smp_map(json_t *orig, const json_t *patch, const struct smp_type *t, json_t **out,
                   struct ak_err *err);

/* The live list of a merge as Go leaves it: deleteMatchingEntries() and append() reuse the
 * backing array of the caller's slice, and mergePatchIntoOriginal() later reads that slice
 * (its original length) as the live order for $setElementOrder. `v` is that backing array
 * (length fixed to the live list's), `n` the length of the list being edited in it. */
struct smp_backing {
    json_t *v;
    size_t n;
};

/* append(s[:k], s[k+1:]...) */
static void backing_delete(struct smp_backing *b, size_t k)
{
    for (size_t j = k; j + 1 < b->n; j++)
        if (json_array_set(b->v, j, json_array_get(b->v, j + 1)) != 0)
            ak_fatal("cannot set a JSON array element");
    b->n--;
}

/* mergeSliceWithSpecialElements(): applies the $patch elements of patch to the live list
 * (deletions by merge key); the other elements go to rest; *replace tells whether one was
 * $patch: replace */
static int smp_special(struct smp_backing *b, const json_t *patch, const char *key, json_t *rest,
                       bool *replace, struct ak_err *err)
{
    for (size_t i = 0; i < json_array_size(patch); i++) {
        const json_t *v = json_array_get(patch, i);
        const json_t *d = json_object_get(v, DIR_PATCH);
        if (d == NULL) {
            jx_push_ref(rest, v);
        } else if (is_patch_directive(d, "delete")) {
            const json_t *mv = json_object_get(v, key);
            if (mv == NULL)
                return err_no_merge_key(err, v, key);
            long at;
            while ((at = find_map(b->v, b->n, key, mv, err)) >= 0)
                backing_delete(b, (size_t)at);
            if (at == -2)
                return AK_EIO;
        } else if (is_patch_directive(d, "replace")) {
            *replace = true; /* and keep pruning the other $patch elements */
        } else if (is_patch_directive(d, "merge")) {
            return err_500s(err, "merging lists cannot yet be specified in the patch");
        } else {
            return err_bad_patch_type(err, d, v);
        }
    }
    return 0;
}

/* mergeSlice(): a merge-strategy list (or a $deleteFromPrimitiveList list). *live (when
 * non-NULL) gets the live list as Go's caller sees it afterwards (see struct smp_backing). */
static int smp_slice(json_t *orig, const json_t *patch, const struct smp_field *f, bool is_del,
                     json_t **out, json_t **live, struct ak_err *err)
{
    const char *key = f ? f->key : NULL;
    int kind, rc;
    if (json_array_size(orig) == 0 && json_array_size(patch) == 0) {
        json_incref(orig);
        *out = orig;
        goto unchanged_live;
    }
    if ((rc = elem_type(orig, patch, &kind, err)) < 0)
        return rc;

    json_t *merged, *patch_order, *server_order;
    if (kind != JSON_OBJECT) {
        if (is_del) { /* deleteFromSlice() */
            json_t *res = jx_arr();
            for (size_t i = 0; i < json_array_size(orig); i++) {
                json_t *v = json_array_get(orig, i);
                bool drop = false;
                for (size_t j = 0; !drop && j < json_array_size(patch); j++)
                    drop = json_equal(v, json_array_get(patch, j));
                if (!drop)
                    jx_push_ref(res, v);
            }
            *out = res;
            goto unchanged_live;
        }
        merged = jx_arr(); /* original + patch, duplicates removed */
        const json_t *lists[2] = {orig, patch};
        for (int l = 0; l < 2; l++) {
            for (size_t i = 0; i < json_array_size(lists[l]); i++) {
                const json_t *v = json_array_get(lists[l], i);
                bool dup = false;
                for (size_t j = 0; !dup && j < json_array_size(merged); j++)
                    dup = json_equal(v, json_array_get(merged, j));
                if (!dup)
                    jx_push(merged, jx_copy(v));
            }
        }
        patch_order = jx_shallow(patch);
        server_order = jx_shallow(orig);
        rc = reorder(merged, patch_order, server_order, key, kind, out, err);
        json_decref(merged);
        json_decref(patch_order);
        json_decref(server_order);
        if (rc < 0)
            return rc;
        goto unchanged_live;
    }

    if (key == NULL)
        return err_500s(err, "cannot merge lists without merge key for %s",
                        f && f->strategy == SMP_MERGE ? "string" : "struct");
    struct smp_backing b = {jx_shallow(orig), json_array_size(orig)};
    size_t len = b.n, appended = 0;
    bool replace = false;
    json_t *work = NULL;
    patch_order = jx_arr();
    server_order = NULL;
    if ((rc = smp_special(&b, patch, key, patch_order, &replace, err)) < 0)
        goto fail;
    work = jx_arr();
    if (replace) {
        for (size_t i = 0; i < json_array_size(patch_order); i++)
            jx_push(work, clean_copy(json_array_get(patch_order, i), false));
        json_decref(patch_order);
        patch_order = jx_arr();
    } else {
        for (size_t i = 0; i < b.n; i++)
            jx_push_ref(work, json_array_get(b.v, i));
    }
    server_order = jx_shallow(work);
    /* mergeSliceWithoutSpecialElements() */
    for (size_t i = 0; i < json_array_size(patch_order); i++) {
        const json_t *v = json_array_get(patch_order, i);
        const json_t *mv = json_object_get(v, key);
        long at;
        if (mv == NULL) {
            rc = err_no_merge_key(err, v, key);
        } else if ((at = find_map(work, json_array_size(work), key, mv, err)) == -2) {
            rc = AK_EIO;
        } else if (at >= 0) {
            json_t *m; /* merged in place: the live list sees the same map */
            rc = smp_map(json_array_get(work, (size_t)at), v, f->type, &m, err);
            if (rc == 0 && json_array_set_new(work, (size_t)at, m) != 0)
                ak_fatal("cannot set a JSON array element");
        } else {
            json_t *c = clean_copy(v, false);
            jx_push(work, c);
            if (b.n + appended < len && json_array_set(b.v, b.n + appended, c) != 0)
                ak_fatal("cannot set a JSON array element");
            appended++;
        }
        if (rc < 0)
            goto fail;
    }
    rc = reorder(work, patch_order, server_order, key, kind, out, err);
    if (rc < 0)
        goto fail;
    json_decref(work);
    json_decref(patch_order);
    json_decref(server_order);
    if (live != NULL)
        *live = b.v;
    else
        json_decref(b.v);
    return 0;
fail:
    json_decref(work);
    json_decref(patch_order);
    json_decref(server_order);
    json_decref(b.v);
    return rc;
unchanged_live:
    if (live != NULL) {
        json_incref(orig);
        *live = orig;
    }
    return 0;
}

/* mergeSliceHandler(); *live as for smp_slice() */
static int smp_slice_handler(json_t *orig, const json_t *patch, const struct smp_field *f,
                             bool is_del, json_t **out, json_t **live, struct ak_err *err)
{
    if ((f && f->strategy == SMP_MERGE) || is_del)
        return smp_slice(orig, patch, f, is_del, out, live, err);
    *out = clean_copy(patch, false);
    if (live != NULL) {
        json_incref(orig);
        *live = orig;
    }
    return 0;
}

static bool in_retain_list(const json_t *rk, const char *name)
{
    for (size_t i = 0; i < json_array_size(rk); i++) {
        const json_t *e = json_array_get(rk, i);
        if (json_is_string(e) && strcmp(json_string_value(e), name) == 0)
            return true;
    }
    return false;
}

/* applyRetainKeysDirective() */
static int smp_retain_keys(json_t *orig, json_t *work, struct ak_err *err)
{
    json_t *rk = json_object_get(work, DIR_RETAIN);
    if (rk == NULL)
        return 0;
    json_incref(rk);
    json_object_del(work, DIR_RETAIN);
    int rc = 0;
    const char *k;
    json_t *v;
    void *tmp;
    if (!json_is_array(rk)) {
        rc = err_400(err, "invalid patch format of retainKeys");
        goto out;
    }
    obj_foreach(work, k, v) {
        if (json_is_null(v) || has_prefix(k, DIR_DELETE) || has_prefix(k, DIR_ORDER))
            continue;
        if (!in_retain_list(rk, k)) {
            rc = err_400(err, "invalid patch format of retainKeys");
            goto out;
        }
    }
    json_object_foreach_safe(orig, tmp, k, v) {
        if (!in_retain_list(rk, k))
            json_object_del(orig, k);
    }
out:
    json_decref(rk);
    return rc;
}

/* validatePatchWithSetOrderList() */
static int check_set_order(const json_t *plist, const json_t *order, const char *key,
                           struct ak_err *err)
{
    if (json_array_size(order) == 0 || json_array_size(plist) == 0)
        return 0;
    json_t *items = jx_arr();
    int rc = 0;
    for (size_t i = 0; i < json_array_size(plist); i++) {
        const json_t *v = json_array_get(plist, i);
        if (key != NULL) {
            if (!json_is_object(v)) {
                rc = err_bad_arg_type(err, "map[string]interface {}", v);
                goto out;
            }
            if (is_patch_directive(json_object_get(v, DIR_PATCH), "delete"))
                continue;
        }
        jx_push_ref(items, v);
    }
    size_t pi = 0, si = 0, n = json_array_size(items), no = json_array_size(order);
    while (pi < n && si < no) {
        const json_t *p = json_array_get(items, pi), *o = json_array_get(order, si);
        if (json_is_object(p) && json_object_get(p, DIR_PATCH) != NULL) {
            pi++;
            continue;
        }
        bool eq;
        if (key == NULL) {
            eq = json_equal(p, o);
        } else {
            if (!json_is_object(o)) {
                rc = err_bad_arg_type(err, "map[string]interface {}", o);
                goto out;
            }
            const json_t *pv = json_object_get(p, key), *ov = json_object_get(o, key);
            if (pv == NULL) {
                rc = err_no_merge_key(err, p, key);
                goto out;
            }
            if (ov == NULL) {
                rc = err_no_merge_key(err, o, key);
                goto out;
            }
            eq = json_equal(pv, ov);
        }
        if (eq)
            pi++;
        si++;
    }
    if (pi < n && si >= no) {
        struct ak_buf m = AK_BUF_INIT(MSG_MAX);
        (void)ak_buf_puts(&m, "The order in patch list:\n");
        go_fmt(&m, plist);
        (void)ak_buf_printf(&m, "\n doesn't match %s list:\n", DIR_ORDER);
        go_fmt(&m, order);
        (void)ak_buf_putc(&m, '\n');
        rc = err_500(err, &m);
    }
out:
    json_decref(items);
    return rc;
}

/* mergePatchIntoOriginal(): the $setElementOrder/<list> directives of one map */
static int smp_set_order(json_t *orig, json_t *work, const struct smp_type *t, struct ak_err *err)
{
    json_t *keys = jx_arr();
    const char *k;
    json_t *v;
    int rc = 0;
    obj_foreach(work, k, v) {
        if (has_prefix(k, DIR_ORDER))
            jx_push(keys, json_string(k));
    }
    for (size_t i = 0; rc == 0 && i < json_array_size(keys); i++) {
        const char *dkey = json_string_value(json_array_get(keys, i));
        json_t *order = json_object_get(work, dkey);
        json_incref(order);
        json_object_del(work, dkey);
        json_t *olist = NULL, *plist = NULL, *merged = NULL, *both = NULL, *live = NULL;
        const char *name = NULL;
        const struct smp_field *f;
        const char *mkey;
        int kind;
        if (!json_is_array(order)) {
            rc = err_bad_arg_type(err, "[]interface {}", order);
            goto next;
        }
        if ((name = extract_key(dkey, DIR_ORDER)) == NULL) {
            rc = err_400(err, "invalid patch format of setElementOrder list");
            goto next;
        }
        olist = json_object_get(orig, name);
        plist = json_object_get(work, name);
        if (olist != NULL && !json_is_array(olist)) {
            rc = err_bad_arg_type(err, "[]interface {}", olist);
            goto next;
        }
        if (plist != NULL && !json_is_array(plist)) {
            rc = err_bad_arg_type(err, "[]interface {}", plist);
            goto next;
        }
        f = smp_lookup(t, name);
        mkey = f ? f->key : NULL;
        if ((rc = check_set_order(plist, order, mkey, err)) < 0)
            goto next;
        if (olist != NULL && plist == NULL) {
            json_incref(olist);
            merged = olist;
        } else if (olist == NULL && plist != NULL) {
            merged = clean_copy(plist, true);
        } else if (olist != NULL && plist != NULL) {
            if ((rc = smp_slice_handler(olist, plist, f, false, &merged, &live, err)) < 0)
                goto next;
        } else {
            goto next;
        }
        if ((rc = elem_type(olist, plist, &kind, err)) < 0)
            goto next;
        if (mkey == NULL && (kind == JSON_OBJECT || kind == JSON_ARRAY)) {
            both = merged; /* Go panics hashing maps here; keep the merged list as is */
            merged = NULL;
        } else if ((rc = reorder(merged, order, live ? live : olist, mkey, kind, &both, err)) < 0) {
            goto next; /* olist NULL: Go's nil serverOrder, in which nothing is found */
        }
        jx_set(orig, name, both);
        both = NULL;
        json_object_del(work, name);
    next:
        json_decref(live);
        json_decref(merged);
        json_decref(both);
        json_decref(order);
    }
    json_decref(keys);
    return rc;
}

/* mergeMap(): merges patch into orig (borrowed, modified in place); *out gets a new reference
 * to the result (orig itself, or a new map for $patch directives) */
static int smp_map(json_t *orig, const json_t *patch, const struct smp_type *t, json_t **out,
                   struct ak_err *err)
{
    const json_t *d = json_object_get(patch, DIR_PATCH);
    if (d != NULL) { /* handleDirectiveInMergeMap() */
        if (is_patch_directive(d, "replace")) {
            *out = clean_copy(patch, false);
            return 0;
        }
        if (is_patch_directive(d, "delete")) {
            *out = jx_obj();
            return 0;
        }
        return err_bad_patch_type(err, d, patch);
    }
    json_t *work = jx_shallow(patch);
    int rc = smp_retain_keys(orig, work, err);
    if (rc == 0)
        rc = smp_set_order(orig, work, t, err);
    const char *k;
    json_t *pv;
    obj_foreach(work, k, pv) {
        if (rc < 0)
            break;
        const char *name = k;
        bool is_del = false;
        if (has_prefix(k, DIR_DELETE)) {
            if ((name = extract_key(k, DIR_DELETE)) == NULL) {
                rc = err_400(err, "invalid patch format of primitive list");
                break;
            }
            is_del = true;
        }
        if (json_is_null(pv)) {
            json_object_del(orig, name);
            continue;
        }
        json_t *ov = json_object_get(orig, name);
        if (ov == NULL || jtype(ov) != jtype(pv)) {
            if (!is_del) {
                json_t *c = clean_copy(pv, true);
                if (c != NULL)
                    jx_set(orig, name, c);
                else
                    json_object_del(orig, name);
            }
            continue;
        }
        const struct smp_field *f = smp_lookup(t, name);
        json_t *m = NULL;
        if (json_is_object(ov)) {
            if (f && f->strategy == SMP_REPLACE)
                m = clean_copy(pv, false);
            else
                rc = smp_map(ov, pv, f ? f->type : NULL, &m, err);
        } else if (json_is_array(ov)) {
            rc = smp_slice_handler(ov, pv, f, is_del, &m, NULL, err);
        } else {
            m = jx_copy(pv);
        }
        if (rc == 0)
            jx_set(orig, name, m);
    }
    json_decref(work);
    if (rc < 0)
        return rc;
    json_incref(orig);
    *out = orig;
    return 0;
}

static int strategic_patch(const json_t *doc, const json_t *patch, const char *kind, json_t **out,
                           struct ak_err *err)
{
    *out = NULL;
    if (!json_is_object(doc))
        return ak_err_set(err, 500, "InternalError", "the document to patch is not a JSON object");
    if (patch == NULL || json_is_null(patch)) { /* decodes into an empty map: no change */
        *out = jx_copy(doc);
        return 0;
    }
    if (!json_is_object(patch)) {
        char msg[128];
        snprintf(msg, sizeof(msg),
                 "json: cannot unmarshal %s into Go value of type map[string]interface {}",
                 json_kind_name(patch));
        return err_400(err, msg);
    }
    json_t *work = jx_copy(doc);
    int rc = smp_map(work, patch, smp_kind_type(kind), out, err);
    json_decref(work);
    if (rc < 0)
        *out = NULL;
    return rc;
}

json_t *ak_strategic_merge_patch(const json_t *doc, const json_t *patch, const char *kind,
                                 struct ak_err *err)
{
    json_t *out;
    return strategic_patch(doc, patch, kind, &out, err) < 0 ? NULL : out;
}

/* =============================================================================================
 * PATCH request bodies */

static const struct {
    const char *type;
    enum ak_patch_type kind;
} patch_types[] = {
    {"application/json-patch+json", AK_PATCH_JSON},
    {"application/merge-patch+json", AK_PATCH_MERGE},
    {"application/strategic-merge-patch+json", AK_PATCH_STRATEGIC},
    {"application/apply-patch+yaml", AK_PATCH_APPLY},
};

enum ak_patch_type ak_patch_type_of(const char *ct)
{
    if (ct == NULL)
        return AK_PATCH_UNSUPPORTED;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strcspn(ct, ";");
    while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < AK_ARRAY_LEN(patch_types); i++)
        if (strlen(patch_types[i].type) == n && strncasecmp(patch_types[i].type, ct, n) == 0)
            return patch_types[i].kind;
    return AK_PATCH_UNSUPPORTED;
}

int ak_patch_apply(const json_t *doc, const char *content_type, const char *body, size_t len,
                   const char *kind, json_t **out, struct ak_err *err)
{
    *out = NULL;
    enum ak_patch_type type = ak_patch_type_of(content_type);
    if (type == AK_PATCH_UNSUPPORTED || type == AK_PATCH_APPLY)
        return ak_err_set(err, 415, "UnsupportedMediaType",
                          "the body of the request was in an unknown format - accepted media "
                          "types include: application/json-patch+json, "
                          "application/merge-patch+json, application/strategic-merge-patch+json, "
                          "application/apply-patch+yaml");
    if (!json_is_object(doc))
        return ak_err_set(err, 500, "InternalError", "the document to patch is not a JSON object");

    json_error_t jerr;
    size_t flags = JSON_DECODE_ANY | (type == AK_PATCH_JSON ? JSON_REJECT_DUPLICATES : 0);
    json_t *patch = json_loadb(body ? body : "", body ? len : 0, flags, &jerr);
    if (patch == NULL)
        return ak_err_set(err, 400, "BadRequest", "invalid JSON patch: %s (line %d, column %d)",
                          jerr.text, jerr.line, jerr.column);

    json_t *res = NULL;
    int rc;
    switch (type) {
    case AK_PATCH_JSON: rc = json_patch(doc, patch, &res, err); break;
    case AK_PATCH_MERGE: /* jsonpatch.MergePatch() takes objects only */
        if (json_is_object(patch)) {
            res = ak_merge_patch(doc, patch);
            rc = 0;
        } else if (json_is_array(patch)) {
            rc = err_422(
                err, "json: cannot unmarshal array into Go value of type map[string]interface {}");
        } else {
            rc = err_400(err, "Invalid JSON Patch");
        }
        break;
    default: rc = strategic_patch(doc, patch, kind, &res, err); break;
    }
    json_decref(patch);
    if (rc < 0)
        return rc;
    if (!json_is_object(res)) { /* the typed decode kube-apiserver does next would fail */
        char cause[128];
        snprintf(cause, sizeof(cause),
                 "json: cannot unmarshal %s into Go value of type map[string]interface {}",
                 json_kind_name(res));
        json_decref(res);
        return err_422(err, cause);
    }
    *out = res;
    return 0;
}
