/* ak_selector.c - Kubernetes label and field selectors.
 *
 * The string parser mirrors the structure of apimachinery's labels.Parser (scan all tokens,
 * then a recursive descent with one token of lookahead) so that every malformed input fails
 * with the same message at the same place. Messages and validation texts are facts taken
 * from k8s.io/apimachinery v0.30-v0.34 (pkg/labels/selector.go, pkg/util/validation,
 * pkg/util/validation/field, pkg/apis/meta/v1/helpers.go + validation, pkg/fields). */
#include "ak_selector.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

/* ---- small helpers -------------------------------------------------------------------------- */

/* Go's %q for the strings we meet (ASCII escapes; UTF-8 bytes pass through). */
static void put_quoted(struct ak_buf *b, const char *s)
{
    ak_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': ak_buf_puts(b, "\\\""); break;
        case '\\': ak_buf_puts(b, "\\\\"); break;
        case '\n': ak_buf_puts(b, "\\n"); break;
        case '\t': ak_buf_puts(b, "\\t"); break;
        case '\r': ak_buf_puts(b, "\\r"); break;
        case '\a': ak_buf_puts(b, "\\a"); break;
        case '\b': ak_buf_puts(b, "\\b"); break;
        case '\f': ak_buf_puts(b, "\\f"); break;
        case '\v': ak_buf_puts(b, "\\v"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                ak_buf_printf(b, "\\x%02x", *p);
            else
                ak_buf_putc(b, (char)*p);
        }
    }
    ak_buf_putc(b, '"');
}

/* Go's %#v of a []string. */
static void put_gostrings(struct ak_buf *b, const char *const *v, size_t n, bool is_nil)
{
    if (is_nil) {
        ak_buf_puts(b, "[]string(nil)");
        return;
    }
    ak_buf_puts(b, "[]string{");
    for (size_t i = 0; i < n; i++) {
        if (i)
            ak_buf_puts(b, ", ");
        put_quoted(b, v[i]);
    }
    ak_buf_putc(b, '}');
}

static bool is_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_lower_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] over s[0..n) */
static bool qname_re(const char *s, size_t n)
{
    if (n == 0 || !is_alnum((unsigned char)s[0]) || !is_alnum((unsigned char)s[n - 1]))
        return false;
    for (size_t i = 1; i + 1 < n; i++) {
        int c = (unsigned char)s[i];
        if (!is_alnum(c) && c != '-' && c != '_' && c != '.')
            return false;
    }
    return true;
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)* */
static bool dns1123_subdomain_re(const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            size_t len = i - start;
            if (len == 0)
                return false;
            if (!is_lower_alnum((unsigned char)s[start]) || !is_lower_alnum((unsigned char)s[i - 1]))
                return false;
            for (size_t j = start; j < i; j++)
                if (!is_lower_alnum((unsigned char)s[j]) && s[j] != '-')
                    return false;
            start = i + 1;
        }
    }
    return true;
}

#define QNAME_FMT "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
#define QNAME_MSG "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
#define QNAME_REGEX_ERR QNAME_MSG " (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" QNAME_FMT "')"
#define DNS1123_SUB_FMT "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
#define DNS1123_SUB_ERR "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" DNS1123_SUB_FMT "')"
#define LVALUE_FMT "(" QNAME_FMT ")?"
#define LVALUE_ERR "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" LVALUE_FMT "')"

static size_t push_err(struct ak_strs *errs, const char *msg)
{
    if (errs)
        ak_strs_push(errs, msg);
    return 1;
}

size_t ak_lsel_key_errors(const char *value, struct ak_strs *errs)
{
    size_t n = 0;
    if (value == NULL)
        value = "";
    const char *slash = strchr(value, '/');
    const char *name = value;
    if (slash) {
        if (strchr(slash + 1, '/'))
            return push_err(errs, "a qualified name " QNAME_REGEX_ERR
                                  " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        size_t plen = (size_t)(slash - value);
        if (plen == 0) {
            n += push_err(errs, "prefix part must be non-empty");
        } else {
            if (plen > 253)
                n += push_err(errs, "prefix part must be no more than 253 characters");
            if (!dns1123_subdomain_re(value, plen))
                n += push_err(errs, "prefix part " DNS1123_SUB_ERR);
        }
        name = slash + 1;
    }
    size_t nlen = strlen(name);
    if (nlen == 0)
        n += push_err(errs, "name part must be non-empty");
    else if (nlen > 63)
        n += push_err(errs, "name part must be no more than 63 characters");
    if (!qname_re(name, nlen))
        n += push_err(errs, "name part " QNAME_REGEX_ERR);
    return n;
}

size_t ak_lsel_value_errors(const char *value, struct ak_strs *errs)
{
    size_t n = 0;
    if (value == NULL)
        value = "";
    size_t len = strlen(value);
    if (len > 63)
        n += push_err(errs, "must be no more than 63 characters");
    if (len > 0 && !qname_re(value, len))
        n += push_err(errs, LVALUE_ERR);
    return n;
}

bool ak_lsel_key_valid(const char *key)
{
    return ak_lsel_key_errors(key, NULL) == 0;
}

bool ak_lsel_value_valid(const char *value)
{
    return ak_lsel_value_errors(value, NULL) == 0;
}

/* Appends "; "-joined messages. */
static void put_joined(struct ak_buf *b, const struct ak_strs *msgs, size_t from, const char *sep)
{
    for (size_t i = from; i < msgs->n; i++) {
        if (i > from)
            ak_buf_puts(b, sep);
        ak_buf_puts(b, msgs->v[i]);
    }
}

/* utilerrors.NewAggregate(list).Error(): one -> itself, several -> "[a, b]" (duplicates
 * dropped). */
static void put_aggregate(struct ak_buf *b, const struct ak_strs *list)
{
    struct ak_strs seen = {0};
    for (size_t i = 0; i < list->n; i++)
        if (!ak_strs_contains(&seen, list->v[i]))
            ak_strs_push(&seen, list->v[i]);
    if (seen.n == 1) {
        ak_buf_puts(b, seen.v[0]);
    } else if (seen.n > 1) {
        ak_buf_putc(b, '[');
        put_joined(b, &seen, 0, ", ");
        ak_buf_putc(b, ']');
    }
    ak_strs_release(&seen);
}

static int bad_request(struct ak_err *err, struct ak_buf *msg)
{
    int rc = ak_err_set(err, 400, "BadRequest", "%s", ak_buf_cstr(msg));
    ak_buf_release(msg);
    return rc;
}

/* ---- label selector storage ----------------------------------------------------------------- */

void ak_lsel_init_everything(struct ak_lsel *s)
{
    memset(s, 0, sizeof(*s));
}

void ak_lsel_init_nothing(struct ak_lsel *s)
{
    memset(s, 0, sizeof(*s));
    s->nothing = true;
}

void ak_lsel_release(struct ak_lsel *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->reqs[i].key);
        ak_strs_release(&s->reqs[i].values);
    }
    free(s->reqs);
    memset(s, 0, sizeof(*s));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sort + unique, as sets.String.List() */
static void values_normalize(struct ak_strs *v)
{
    if (v->n < 2)
        return;
    qsort(v->v, v->n, sizeof(char *), cmp_str);
    size_t w = 1;
    for (size_t i = 1; i < v->n; i++) {
        if (strcmp(v->v[i], v->v[w - 1]) == 0)
            free(v->v[i]);
        else
            v->v[w++] = v->v[i];
    }
    v->n = w;
}

static void lsel_add(struct ak_lsel *s, const char *key, enum ak_lsel_op op, struct ak_strs *vals)
{
    AK_GROW(s->reqs, s->n + 1, s->cap);
    struct ak_lsel_req *r = &s->reqs[s->n++];
    r->key = ak_xstrdup(key);
    r->op = op;
    r->values = *vals; /* takes */
    memset(vals, 0, sizeof(*vals));
    values_normalize(&r->values);
}

/* stable sort by key (insertion sort: selectors are short) */
static void lsel_sort(struct ak_lsel *s)
{
    for (size_t i = 1; i < s->n; i++) {
        struct ak_lsel_req t = s->reqs[i];
        size_t j = i;
        while (j > 0 && strcmp(s->reqs[j - 1].key, t.key) > 0) {
            s->reqs[j] = s->reqs[j - 1];
            j--;
        }
        s->reqs[j] = t;
    }
}

/* labels.NewRequirement validation; appends field errors to *errs. */
static void new_requirement_errors(const char *key, enum ak_lsel_op op, const char *const *vals,
                                   size_t n, bool vals_nil, struct ak_strs *errs)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    struct ak_strs msgs = {0};
    if (ak_lsel_key_errors(key, &msgs)) {
        ak_buf_puts(&b, "key: Invalid value: ");
        put_quoted(&b, key);
        ak_buf_puts(&b, ": ");
        put_joined(&b, &msgs, 0, "; ");
        ak_strs_push(errs, ak_buf_cstr(&b));
        ak_buf_reset(&b);
    }
    ak_strs_release(&msgs);
    const char *detail = NULL;
    switch (op) {
    case AK_LSEL_IN:
    case AK_LSEL_NOTIN:
        if (n == 0)
            detail = "for 'in', 'notin' operators, values set can't be empty";
        break;
    case AK_LSEL_EQ:
    case AK_LSEL_DEQ:
    case AK_LSEL_NEQ:
        if (n != 1)
            detail = "exact-match compatibility requires one single value";
        break;
    case AK_LSEL_EXISTS:
    case AK_LSEL_DOES_NOT_EXIST:
        if (n != 0)
            detail = "values set must be empty for exists and does not exist";
        break;
    case AK_LSEL_GT:
    case AK_LSEL_LT:
        if (n != 1)
            detail = "for 'Gt', 'Lt' operators, exactly one value is required";
        break;
    }
    if (detail) {
        ak_buf_puts(&b, "values: Invalid value: ");
        put_gostrings(&b, vals, n, vals_nil);
        ak_buf_printf(&b, ": %s", detail);
        ak_strs_push(errs, ak_buf_cstr(&b));
        ak_buf_reset(&b);
    }
    if (op == AK_LSEL_GT || op == AK_LSEL_LT) {
        for (size_t i = 0; i < n; i++) {
            int64_t x;
            if (ak_parse_i64(vals[i], INT64_MIN, INT64_MAX, &x) != 0) {
                ak_buf_printf(&b, "values[%zu]: Invalid value: ", i);
                put_quoted(&b, vals[i]);
                ak_buf_puts(&b, ": for 'Gt', 'Lt' operators, the value must be an integer");
                ak_strs_push(errs, ak_buf_cstr(&b));
                ak_buf_reset(&b);
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct ak_strs vm = {0};
        if (ak_lsel_value_errors(vals[i], &vm)) {
            ak_buf_printf(&b, "values[%zu][%s]: Invalid value: ", i, key);
            put_quoted(&b, vals[i]);
            ak_buf_puts(&b, ": ");
            put_joined(&b, &vm, 0, "; ");
            ak_strs_push(errs, ak_buf_cstr(&b));
            ak_buf_reset(&b);
        }
        ak_strs_release(&vm);
    }
    ak_buf_release(&b);
}

/* ---- string form: lexer ----------------------------------------------------------------------- */

enum tok {
    T_EOS,
    T_CPAR,
    T_COMMA,
    T_NOT,
    T_DEQ,
    T_EQ,
    T_GT,
    T_ID,
    T_IN,
    T_LT,
    T_NEQ,
    T_NOTIN,
    T_OPAR,
};

struct item {
    enum tok tok;
    const char *lit; /* into the parser's copy of the input; NUL-terminated per item */
};

struct parser {
    struct item *items;
    size_t n, cap, pos;
    char *text; /* tokens copied here, each NUL-terminated */
    size_t text_len;
};

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_special(char c)
{
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

static bool special_token(const char *s, size_t n, enum tok *out)
{
    static const struct {
        const char *s;
        enum tok t;
    } map[] = {
        {")", T_CPAR}, {",", T_COMMA}, {"!", T_NOT}, {"==", T_DEQ}, {"=", T_EQ}, {">", T_GT},
        {"<", T_LT},   {"!=", T_NEQ},  {"(", T_OPAR},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(map); i++)
        if (strlen(map[i].s) == n && memcmp(map[i].s, s, n) == 0) {
            *out = map[i].t;
            return true;
        }
    return false;
}

static void push_item(struct parser *p, enum tok t, const char *s, size_t n)
{
    AK_GROW(p->items, p->n + 1, p->cap);
    char *dst = p->text + p->text_len;
    memcpy(dst, s, n);
    dst[n] = '\0';
    p->text_len += n + 1;
    p->items[p->n].tok = t;
    p->items[p->n].lit = dst;
    p->n++;
}

/* Lexer.Lex repeated until EndOfStringToken. Every special character alone is a token, so
 * the scanner's ErrorToken cannot occur. */
static void scan(struct parser *p, const char *s)
{
    size_t len = strlen(s);
    p->text = ak_xmalloc(2 * len + 2);
    size_t i = 0;
    for (;;) {
        while (i < len && is_ws(s[i]))
            i++;
        if (i >= len) {
            push_item(p, T_EOS, "", 0);
            return;
        }
        if (is_special(s[i])) {
            /* longest run of special characters that still forms a token */
            size_t start = i, best = 0;
            enum tok bt = T_EOS, t;
            size_t j = i;
            while (j < len && is_special(s[j])) {
                if (special_token(s + start, j - start + 1, &t)) {
                    best = j - start + 1;
                    bt = t;
                } else if (best) {
                    break;
                }
                j++;
            }
            push_item(p, bt, s + start, best);
            i = start + best;
        } else {
            size_t start = i;
            while (i < len && !is_special(s[i]) && !is_ws(s[i]))
                i++;
            size_t n = i - start;
            enum tok t = T_ID;
            if (n == 2 && memcmp(s + start, "in", 2) == 0)
                t = T_IN;
            else if (n == 5 && memcmp(s + start, "notin", 5) == 0)
                t = T_NOTIN;
            push_item(p, t, s + start, n);
        }
    }
}

enum ctx { C_KEYOP, C_VALUES };

static enum tok ctx_tok(enum tok t, enum ctx c)
{
    if (c == C_VALUES && (t == T_IN || t == T_NOTIN))
        return T_ID;
    return t;
}

static enum tok lookahead(struct parser *p, enum ctx c, const char **lit)
{
    *lit = p->items[p->pos].lit;
    return ctx_tok(p->items[p->pos].tok, c);
}

static enum tok consume(struct parser *p, enum ctx c, const char **lit)
{
    size_t at = p->pos;
    if (p->pos + 1 < p->n) /* never step past the final EndOfString */
        p->pos++;
    *lit = p->items[at].lit;
    return ctx_tok(p->items[at].tok, c);
}

/* ---- string form: parser ---------------------------------------------------------------------- */

static int parse_values(struct parser *p, struct ak_strs *vals, struct ak_buf *msg)
{
    const char *lit;
    enum tok t = consume(p, C_VALUES, &lit);
    if (t != T_OPAR) {
        ak_buf_printf(msg, "found '%s' expected: '('", lit);
        return AK_EINVAL;
    }
    t = lookahead(p, C_VALUES, &lit);
    const char *la_lit = lit;
    switch (t) {
    case T_ID:
    case T_COMMA:
        for (;;) { /* parseIdentifiersList */
            t = consume(p, C_VALUES, &lit);
            if (t == T_ID) {
                ak_strs_push(vals, lit);
                const char *lit2;
                enum tok t2 = lookahead(p, C_VALUES, &lit2);
                if (t2 == T_COMMA)
                    continue;
                if (t2 == T_CPAR)
                    break;
                ak_buf_printf(msg, "found '%s', expected: ',' or ')'", lit2);
                return AK_EINVAL;
            } else if (t == T_COMMA) {
                if (vals->n == 0)
                    ak_strs_push(vals, "");
                const char *lit2;
                enum tok t2 = lookahead(p, C_VALUES, &lit2);
                if (t2 == T_CPAR) {
                    ak_strs_push(vals, "");
                    break;
                }
                if (t2 == T_COMMA) {
                    consume(p, C_VALUES, &lit2);
                    ak_strs_push(vals, "");
                }
            } else {
                ak_buf_printf(msg, "found '%s', expected: ',', or identifier", lit);
                return AK_EINVAL;
            }
        }
        if (consume(p, C_VALUES, &lit) != T_CPAR) {
            ak_buf_printf(msg, "found '%s', expected: ')'", la_lit);
            return AK_EINVAL;
        }
        return 0;
    case T_CPAR:
        consume(p, C_VALUES, &lit);
        ak_strs_push(vals, "");
        return 0;
    default:
        ak_buf_printf(msg, "found '%s', expected: ',', ')' or identifier", lit);
        return AK_EINVAL;
    }
}

static int parse_exact_value(struct parser *p, struct ak_strs *vals, struct ak_buf *msg)
{
    const char *lit;
    enum tok t = lookahead(p, C_VALUES, &lit);
    if (t == T_EOS || t == T_COMMA) {
        ak_strs_push(vals, "");
        return 0;
    }
    t = consume(p, C_VALUES, &lit);
    if (t == T_ID) {
        ak_strs_push(vals, lit);
        return 0;
    }
    ak_buf_printf(msg, "found '%s', expected: identifier", lit);
    return AK_EINVAL;
}

/* parseRequirement; on error *msg holds the text that follows "unable to parse requirement: " */
static int parse_requirement(struct parser *p, struct ak_lsel *s, struct ak_buf *msg)
{
    const char *lit;
    bool dne = false;
    enum tok t = consume(p, C_VALUES, &lit);
    if (t == T_NOT) {
        dne = true;
        t = consume(p, C_VALUES, &lit);
    }
    if (t != T_ID) {
        ak_buf_printf(msg, "found '%s', expected: identifier", lit);
        return AK_EINVAL;
    }
    const char *key = lit;
    struct ak_strs kerr = {0};
    if (ak_lsel_key_errors(key, &kerr)) {
        ak_buf_puts(msg, "<nil>: Invalid value: ");
        put_quoted(msg, key);
        ak_buf_puts(msg, ": ");
        put_joined(msg, &kerr, 0, "; ");
        ak_strs_release(&kerr);
        return AK_EINVAL;
    }
    const char *lit2;
    enum tok la = lookahead(p, C_VALUES, &lit2);
    enum ak_lsel_op op;
    struct ak_strs vals = {0};
    if (dne || la == T_EOS || la == T_COMMA) {
        op = dne ? AK_LSEL_DOES_NOT_EXIST : AK_LSEL_EXISTS;
    } else {
        t = consume(p, C_KEYOP, &lit);
        switch (t) {
        case T_IN: op = AK_LSEL_IN; break;
        case T_EQ: op = AK_LSEL_EQ; break;
        case T_DEQ: op = AK_LSEL_DEQ; break;
        case T_GT: op = AK_LSEL_GT; break;
        case T_LT: op = AK_LSEL_LT; break;
        case T_NOTIN: op = AK_LSEL_NOTIN; break;
        case T_NEQ: op = AK_LSEL_NEQ; break;
        default:
            ak_buf_printf(msg, "found '%s', expected: in, notin, =, ==, !=, gt, lt", lit);
            return AK_EINVAL;
        }
        int rc = (op == AK_LSEL_IN || op == AK_LSEL_NOTIN) ? parse_values(p, &vals, msg)
                                                           : parse_exact_value(p, &vals, msg);
        if (rc) {
            ak_strs_release(&vals);
            return rc;
        }
        values_normalize(&vals);
    }
    struct ak_strs errs = {0};
    new_requirement_errors(key, op, (const char *const *)vals.v, vals.n, false, &errs);
    if (errs.n) {
        put_aggregate(msg, &errs);
        ak_strs_release(&errs);
        ak_strs_release(&vals);
        return AK_EINVAL;
    }
    lsel_add(s, key, op, &vals);
    return 0;
}

int ak_lsel_parse(struct ak_lsel *out, const char *str, struct ak_err *err)
{
    ak_lsel_init_everything(out);
    if (str == NULL)
        str = "";
    struct parser p = {0};
    struct ak_buf msg = AK_BUF_INIT(AK_BUF_UNLIMITED);
    int rc = 0;
    scan(&p, str);
    for (;;) {
        const char *lit;
        enum tok t = lookahead(&p, C_VALUES, &lit);
        if (t == T_ID || t == T_NOT) {
            struct ak_buf inner = AK_BUF_INIT(AK_BUF_UNLIMITED);
            if (parse_requirement(&p, out, &inner)) {
                ak_buf_printf(&msg, "unable to parse requirement: %s", ak_buf_cstr(&inner));
                ak_buf_release(&inner);
                rc = AK_EINVAL;
                break;
            }
            ak_buf_release(&inner);
            const char *l;
            t = consume(&p, C_VALUES, &l);
            if (t == T_EOS)
                break;
            if (t == T_COMMA) {
                const char *l2;
                enum tok t2 = lookahead(&p, C_VALUES, &l2);
                if (t2 != T_ID && t2 != T_NOT) {
                    ak_buf_printf(&msg, "found '%s', expected: identifier after ','", l2);
                    rc = AK_EINVAL;
                    break;
                }
                continue;
            }
            ak_buf_printf(&msg, "found '%s', expected: ',' or 'end of string'", l);
            rc = AK_EINVAL;
            break;
        } else if (t == T_EOS) {
            break;
        } else {
            ak_buf_printf(&msg, "found '%s', expected: !, identifier, or 'end of string'", lit);
            rc = AK_EINVAL;
            break;
        }
    }
    free(p.items);
    free(p.text);
    if (rc) {
        ak_lsel_release(out);
        out->nothing = true;
        return bad_request(err, &msg);
    }
    ak_buf_release(&msg);
    lsel_sort(out);
    return 0;
}

/* ---- JSON / parts form ------------------------------------------------------------------------ */

static bool op_from_name(const char *name, enum ak_lsel_op *op)
{
    if (ak_streq(name, "In"))
        *op = AK_LSEL_IN;
    else if (ak_streq(name, "NotIn"))
        *op = AK_LSEL_NOTIN;
    else if (ak_streq(name, "Exists"))
        *op = AK_LSEL_EXISTS;
    else if (ak_streq(name, "DoesNotExist"))
        *op = AK_LSEL_DOES_NOT_EXIST;
    else
        return false;
    return true;
}

int ak_lsel_from_parts(struct ak_lsel *out, const struct ak_kvs *match_labels,
                       const struct ak_lsel_expr *exprs, size_t n_exprs, struct ak_err *err)
{
    ak_lsel_init_everything(out);
    struct ak_buf msg = AK_BUF_INIT(AK_BUF_UNLIMITED);
    struct ak_strs errs = {0};
    for (size_t i = 0; match_labels && i < match_labels->n; i++) {
        const char *k = match_labels->v[i].key, *v = match_labels->v[i].val;
        const char *vv[1] = {v ? v : ""};
        new_requirement_errors(k, AK_LSEL_EQ, vv, 1, false, &errs);
        if (errs.n)
            goto fail;
        struct ak_strs vals = {0};
        ak_strs_push(&vals, vv[0]);
        lsel_add(out, k, AK_LSEL_EQ, &vals);
    }
    for (size_t i = 0; i < n_exprs; i++) {
        enum ak_lsel_op op;
        if (!op_from_name(exprs[i].op, &op)) {
            put_quoted(&msg, exprs[i].op ? exprs[i].op : "");
            ak_buf_puts(&msg, " is not a valid label selector operator");
            goto fail_msg;
        }
        const char *key = exprs[i].key ? exprs[i].key : "";
        new_requirement_errors(key, op, exprs[i].values, exprs[i].n_values, exprs[i].n_values == 0,
                               &errs);
        if (errs.n)
            goto fail;
        struct ak_strs vals = {0};
        for (size_t j = 0; j < exprs[i].n_values; j++)
            ak_strs_push(&vals, exprs[i].values[j]);
        lsel_add(out, key, op, &vals);
    }
    ak_buf_release(&msg);
    lsel_sort(out);
    return 0;
fail:
    put_aggregate(&msg, &errs);
fail_msg:
    ak_strs_release(&errs);
    ak_lsel_release(out);
    out->nothing = true;
    return bad_request(err, &msg);
}

static const char *json_type_name(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER:
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "bool";
    default: return "null";
    }
}

static int json_type_err(struct ak_err *err, const json_t *j, const char *field, const char *gotype)
{
    return ak_err_set(err, 400, "BadRequest",
                      "json: cannot unmarshal %s into Go struct field %s of type %s",
                      json_type_name(j), field, gotype);
}

int ak_lsel_from_json(struct ak_lsel *out, const json_t *sel, struct ak_err *err)
{
    ak_lsel_init_nothing(out);
    if (sel == NULL || json_is_null(sel))
        return 0;
    if (!json_is_object(sel))
        return ak_err_set(err, 400, "BadRequest",
                          "json: cannot unmarshal %s into Go value of type v1.LabelSelector",
                          json_type_name(sel));
    struct ak_kvs ml = {0};
    struct ak_lsel_expr *ex = NULL;
    size_t nex = 0;
    const char **vals = NULL;
    size_t nvals = 0;
    int rc = 0;
    json_t *jml = json_object_get(sel, "matchLabels");
    json_t *jme = json_object_get(sel, "matchExpressions");
    if (jml && !json_is_null(jml)) {
        if (!json_is_object(jml)) {
            rc = json_type_err(err, jml, "LabelSelector.matchLabels", "map[string]string");
            goto out;
        }
        const char *k;
        json_t *v;
        json_object_foreach(jml, k, v) {
            if (!json_is_string(v)) {
                rc = json_type_err(err, v, "LabelSelector.matchLabels", "string");
                goto out;
            }
            ak_kvs_set(&ml, k, json_string_value(v));
        }
    }
    if (jme && !json_is_null(jme)) {
        if (!json_is_array(jme)) {
            rc = json_type_err(err, jme, "LabelSelector.matchExpressions",
                               "[]v1.LabelSelectorRequirement");
            goto out;
        }
        nex = json_array_size(jme);
        ex = ak_xcalloc(nex ? nex : 1, sizeof(*ex));
        size_t total = 0;
        for (size_t i = 0; i < nex; i++) {
            json_t *jv = json_object_get(json_array_get(jme, i), "values");
            total += json_is_array(jv) ? json_array_size(jv) : 0;
        }
        vals = ak_xcalloc(total ? total : 1, sizeof(*vals));
        for (size_t i = 0; i < nex; i++) {
            json_t *e = json_array_get(jme, i);
            if (!json_is_object(e)) {
                rc = json_type_err(err, e, "LabelSelector.matchExpressions",
                                   "v1.LabelSelectorRequirement");
                goto out;
            }
            json_t *jk = json_object_get(e, "key"), *jo = json_object_get(e, "operator");
            json_t *jv = json_object_get(e, "values");
            if (jk && !json_is_null(jk) && !json_is_string(jk)) {
                rc = json_type_err(err, jk, "LabelSelectorRequirement.matchExpressions.key", "string");
                goto out;
            }
            if (jo && !json_is_null(jo) && !json_is_string(jo)) {
                rc = json_type_err(err, jo, "LabelSelectorRequirement.matchExpressions.operator",
                                   "v1.LabelSelectorOperator");
                goto out;
            }
            if (jv && !json_is_null(jv) && !json_is_array(jv)) {
                rc = json_type_err(err, jv, "LabelSelectorRequirement.matchExpressions.values",
                                   "[]string");
                goto out;
            }
            ex[i].key = json_is_string(jk) ? json_string_value(jk) : "";
            ex[i].op = json_is_string(jo) ? json_string_value(jo) : "";
            ex[i].values = vals + nvals;
            ex[i].n_values = 0;
            for (size_t j = 0; json_is_array(jv) && j < json_array_size(jv); j++) {
                json_t *s = json_array_get(jv, j);
                if (!json_is_string(s)) {
                    rc = json_type_err(err, s, "LabelSelectorRequirement.matchExpressions.values",
                                       "string");
                    goto out;
                }
                vals[nvals++] = json_string_value(s);
                ex[i].n_values++;
            }
        }
    }
    if (ml.n + nex == 0) {
        ak_lsel_init_everything(out);
        goto out;
    }
    rc = ak_lsel_from_parts(out, &ml, ex, nex, err);
out:
    ak_kvs_release(&ml);
    free(ex);
    free(vals);
    return rc;
}

void ak_lsel_from_set(struct ak_lsel *out, const struct ak_kvs *set)
{
    ak_lsel_init_everything(out);
    for (size_t i = 0; set && i < set->n; i++) {
        struct ak_strs vals = {0};
        ak_strs_push(&vals, set->v[i].val ? set->v[i].val : "");
        lsel_add(out, set->v[i].key, AK_LSEL_EQ, &vals);
    }
    lsel_sort(out);
}

/* ---- validation (ValidateLabelSelector) ------------------------------------------------------- */

static void field_error(struct ak_strs *errs, const char *path, const char *body)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_printf(&b, "%s: %s", path, body);
    ak_strs_push(errs, ak_buf_cstr(&b));
    ak_buf_release(&b);
}

static void invalid_each(struct ak_strs *errs, const char *path, const char *value,
                         const struct ak_strs *msgs)
{
    for (size_t i = 0; i < msgs->n; i++) {
        struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
        ak_buf_printf(&b, "%s: Invalid value: ", path);
        put_quoted(&b, value);
        ak_buf_printf(&b, ": %s", msgs->v[i]);
        ak_strs_push(errs, ak_buf_cstr(&b));
        ak_buf_release(&b);
    }
}

static char *child_path(const char *base, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *child_path(const char *base, const char *fmt, ...)
{
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    if (base && *base)
        ak_buf_puts(&b, base);
    va_list ap;
    va_start(ap, fmt);
    ak_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    const char *s = ak_buf_cstr(&b);
    /* a leading '.' without a base is dropped (field.NewPath("x") has no dot) */
    char *r = ak_xstrdup(s[0] == '.' ? s + 1 : s);
    ak_buf_release(&b);
    return r;
}

size_t ak_lsel_validate_json(const json_t *sel, const char *path, struct ak_strs *errs)
{
    struct ak_strs local = {0};
    struct ak_strs *e = errs ? errs : &local;
    size_t before = e->n;
    if (sel == NULL || json_is_null(sel) || !json_is_object(sel))
        goto done;
    json_t *jml = json_object_get(sel, "matchLabels");
    if (json_is_object(jml)) {
        char *p = child_path(path, ".matchLabels");
        const char *k;
        json_t *v;
        json_object_foreach(jml, k, v) {
            struct ak_strs m = {0};
            ak_lsel_key_errors(k, &m);
            invalid_each(e, p, k, &m);
            ak_strs_release(&m);
            const char *sv = json_is_string(v) ? json_string_value(v) : "";
            ak_lsel_value_errors(sv, &m);
            invalid_each(e, p, sv, &m);
            ak_strs_release(&m);
        }
        free(p);
    }
    json_t *jme = json_object_get(sel, "matchExpressions");
    for (size_t i = 0; json_is_array(jme) && i < json_array_size(jme); i++) {
        json_t *x = json_array_get(jme, i);
        const char *key = json_string_value(json_object_get(x, "key"));
        const char *op = json_string_value(json_object_get(x, "operator"));
        json_t *jv = json_object_get(x, "values");
        size_t nv = json_is_array(jv) ? json_array_size(jv) : 0;
        char *pv = child_path(path, ".matchExpressions[%zu].values", i);
        char *po = child_path(path, ".matchExpressions[%zu].operator", i);
        char *pk = child_path(path, ".matchExpressions[%zu].key", i);
        if (ak_streq(op, "In") || ak_streq(op, "NotIn")) {
            if (nv == 0)
                field_error(e, pv, "Required value: must be specified when `operator` is 'In' or 'NotIn'");
        } else if (ak_streq(op, "Exists") || ak_streq(op, "DoesNotExist")) {
            if (nv > 0)
                field_error(e, pv, "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        } else {
            struct ak_strs m = {0};
            ak_strs_push(&m, "not a valid selector operator");
            invalid_each(e, po, op ? op : "", &m);
            ak_strs_release(&m);
        }
        struct ak_strs m = {0};
        ak_lsel_key_errors(key ? key : "", &m);
        invalid_each(e, pk, key ? key : "", &m);
        ak_strs_release(&m);
        for (size_t j = 0; j < nv; j++) {
            const char *v = json_string_value(json_array_get(jv, j));
            char *pj = child_path(path, ".matchExpressions[%zu].values[%zu]", i, j);
            ak_lsel_value_errors(v ? v : "", &m);
            invalid_each(e, pj, v ? v : "", &m);
            ak_strs_release(&m);
            free(pj);
        }
        free(pv);
        free(po);
        free(pk);
    }
done:;
    size_t n = e->n - before;
    ak_strs_release(&local);
    return n;
}

/* ---- matching and formatting ------------------------------------------------------------------ */

static bool has_value(const struct ak_strs *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i], s) == 0)
            return true;
    return false;
}

static bool req_match(const struct ak_lsel_req *r, const struct ak_kvs *labels)
{
    const char *v = labels ? ak_kvs_get(labels, r->key) : NULL;
    switch (r->op) {
    case AK_LSEL_IN:
    case AK_LSEL_EQ:
    case AK_LSEL_DEQ:
        return v != NULL && has_value(&r->values, v);
    case AK_LSEL_NOTIN:
    case AK_LSEL_NEQ:
        return v == NULL || !has_value(&r->values, v);
    case AK_LSEL_EXISTS:
        return v != NULL;
    case AK_LSEL_DOES_NOT_EXIST:
        return v == NULL;
    case AK_LSEL_GT:
    case AK_LSEL_LT: {
        int64_t lv, rv;
        if (v == NULL || r->values.n != 1 || ak_parse_i64(v, INT64_MIN, INT64_MAX, &lv) != 0 ||
            ak_parse_i64(r->values.v[0], INT64_MIN, INT64_MAX, &rv) != 0)
            return false;
        return r->op == AK_LSEL_GT ? lv > rv : lv < rv;
    }
    }
    return false;
}

bool ak_lsel_match(const struct ak_lsel *s, const struct ak_kvs *labels)
{
    if (s->nothing)
        return false;
    for (size_t i = 0; i < s->n; i++)
        if (!req_match(&s->reqs[i], labels))
            return false;
    return true;
}

bool ak_lsel_empty(const struct ak_lsel *s)
{
    return !s->nothing && s->n == 0;
}

void ak_lsel_format(const struct ak_lsel *s, struct ak_buf *out)
{
    if (s->nothing)
        return;
    for (size_t i = 0; i < s->n; i++) {
        const struct ak_lsel_req *r = &s->reqs[i];
        if (i)
            ak_buf_putc(out, ',');
        if (r->op == AK_LSEL_DOES_NOT_EXIST)
            ak_buf_putc(out, '!');
        ak_buf_puts(out, r->key);
        const char *op = "";
        switch (r->op) {
        case AK_LSEL_EQ: op = "="; break;
        case AK_LSEL_DEQ: op = "=="; break;
        case AK_LSEL_NEQ: op = "!="; break;
        case AK_LSEL_IN: op = " in ("; break;
        case AK_LSEL_NOTIN: op = " notin ("; break;
        case AK_LSEL_GT: op = ">"; break;
        case AK_LSEL_LT: op = "<"; break;
        case AK_LSEL_EXISTS:
        case AK_LSEL_DOES_NOT_EXIST: continue;
        }
        ak_buf_puts(out, op);
        put_joined(out, &r->values, 0, ",");
        if (r->op == AK_LSEL_IN || r->op == AK_LSEL_NOTIN)
            ak_buf_putc(out, ')');
    }
}

/* ---- field selectors -------------------------------------------------------------------------- */

void ak_fsel_init(struct ak_fsel *f)
{
    memset(f, 0, sizeof(*f));
}

void ak_fsel_release(struct ak_fsel *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->reqs[i].field);
        free(f->reqs[i].value);
    }
    free(f->reqs);
    memset(f, 0, sizeof(*f));
}

/* Length of the UTF-8 sequence starting at p (1 for ASCII and for invalid bytes). */
static size_t utf8_len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)p[i] & 0xc0) != 0x80)
            return 1;
    return n;
}

/* fields.UnescapeValue */
static int unescape_value(const char *s, size_t n, char **out, struct ak_buf *msg)
{
    char *v = ak_xmalloc(n + 1);
    size_t w = 0;
    bool in_slash = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_slash) {
            if (c == '\\' || c == ',' || c == '=') {
                v[w++] = c;
            } else {
                size_t l = utf8_len(s + i);
                ak_buf_printf(msg, "invalid field selector: invalid escape sequence: \\%.*s", (int)l,
                              s + i);
                free(v);
                return AK_EINVAL;
            }
            in_slash = false;
            continue;
        }
        if (c == '\\') {
            in_slash = true;
        } else if (c == ',' || c == '=') {
            ak_buf_printf(msg, "invalid field selector: unescaped character in value: %d", c);
            free(v);
            return AK_EINVAL;
        } else {
            v[w++] = c;
        }
    }
    if (in_slash) {
        ak_buf_puts(msg, "invalid field selector: invalid escape sequence: \\");
        free(v);
        return AK_EINVAL;
    }
    v[w] = '\0';
    *out = v;
    return 0;
}

int ak_fsel_parse(struct ak_fsel *out, const char *str, struct ak_err *err)
{
    ak_fsel_init(out);
    if (str == NULL || *str == '\0')
        return 0;
    /* splitTerms: split on ',' not preceded by an escaping '\' */
    struct ak_strs parts = {0};
    size_t len = strlen(str), start = 0;
    bool in_slash = false;
    for (size_t i = 0; i < len; i++) {
        char c = str[i];
        if (in_slash)
            in_slash = false;
        else if (c == '\\')
            in_slash = true;
        else if (c == ',') {
            char *t = ak_xstrndup(str + start, i - start);
            ak_strs_push(&parts, t);
            free(t);
            start = i + 1;
        }
    }
    char *t = ak_xstrndup(str + start, len - start);
    ak_strs_push(&parts, t);
    free(t);
    qsort(parts.v, parts.n, sizeof(char *), cmp_str);

    struct ak_buf msg = AK_BUF_INIT(AK_BUF_UNLIMITED);
    int rc = 0;
    for (size_t i = 0; i < parts.n && rc == 0; i++) {
        const char *part = parts.v[i];
        if (*part == '\0')
            continue;
        /* splitTerm: first position where "!=", "==" or "=" starts */
        size_t plen = strlen(part), at = plen, oplen = 0;
        bool neq = false;
        for (size_t j = 0; j < plen; j++) {
            if (part[j] == '!' && part[j + 1] == '=') {
                at = j, oplen = 2, neq = true;
                break;
            }
            if (part[j] == '=') {
                at = j, oplen = part[j + 1] == '=' ? 2 : 1;
                break;
            }
        }
        if (oplen == 0) {
            ak_buf_printf(&msg, "invalid selector: '%s'; can't understand '%s'", str, part);
            rc = AK_EINVAL;
            break;
        }
        char *value;
        rc = unescape_value(part + at + oplen, plen - at - oplen, &value, &msg);
        if (rc)
            break;
        if (at == 0 && *value == '\0') { /* Transform(): empty field and value -> Everything */
            free(value);
            continue;
        }
        AK_GROW(out->reqs, out->n + 1, out->cap);
        out->reqs[out->n].field = ak_xstrndup(part, at);
        out->reqs[out->n].value = value;
        out->reqs[out->n].neq = neq;
        out->n++;
    }
    ak_strs_release(&parts);
    if (rc) {
        ak_fsel_release(out);
        return bad_request(err, &msg);
    }
    ak_buf_release(&msg);
    return 0;
}

bool ak_fsel_match(const struct ak_fsel *f, ak_fsel_get_fn get, void *ud)
{
    for (size_t i = 0; i < f->n; i++) {
        const char *v = get ? get(ud, f->reqs[i].field) : NULL;
        bool eq = strcmp(v ? v : "", f->reqs[i].value) == 0;
        if (eq == f->reqs[i].neq)
            return false;
    }
    return true;
}

bool ak_fsel_empty(const struct ak_fsel *f)
{
    return f->n == 0;
}

static const char *const fields_default[] = {"metadata.name", "metadata.namespace", NULL};
static const char *const fields_pod[] = {
    "metadata.name",  "metadata.namespace", "spec.nodeName", "spec.restartPolicy",
    "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase",
    "status.podIP",   "status.podIPs",      "status.nominatedNodeName", NULL};
static const char *const fields_node[] = {"metadata.name", "spec.unschedulable", NULL};
static const char *const fields_rc[] = {"metadata.name", "metadata.namespace", "status.replicas",
                                        NULL};
static const char *const fields_event[] = {
    "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
    "metadata.namespace", "metadata.name", NULL};
static const char *const fields_namespace[] = {"status.phase", "metadata.name", NULL};
static const char *const fields_secret[] = {"type", "metadata.namespace", "metadata.name", NULL};
static const char *const fields_service[] = {"metadata.namespace", "metadata.name",
                                             "spec.clusterIP", "spec.type", NULL};

static const struct {
    const char *kind;
    const char *const *fields;
} kind_fields[] = {
    {"Pod", fields_pod},         {"Node", fields_node},     {"ReplicationController", fields_rc},
    {"Event", fields_event},     {"Namespace", fields_namespace}, {"Secret", fields_secret},
    {"Service", fields_service},
};

const char *const *ak_fsel_fields_for_kind(const char *kind)
{
    for (size_t i = 0; kind && i < AK_ARRAY_LEN(kind_fields); i++)
        if (strcmp(kind, kind_fields[i].kind) == 0)
            return kind_fields[i].fields;
    return fields_default;
}

int ak_fsel_validate(struct ak_fsel *f, const char *const *allowed, const char *kind,
                     struct ak_err *err)
{
    bool generic = false;
    if (allowed == NULL) {
        allowed = ak_fsel_fields_for_kind(kind);
        generic = allowed == fields_default;
    }
    for (size_t i = 0; i < f->n; i++) {
        if (kind && strcmp(kind, "Pod") == 0 && strcmp(f->reqs[i].field, "spec.host") == 0) {
            free(f->reqs[i].field);
            f->reqs[i].field = ak_xstrdup("spec.nodeName");
            continue;
        }
        bool ok = false;
        for (size_t j = 0; allowed[j] && !ok; j++)
            ok = strcmp(allowed[j], f->reqs[i].field) == 0;
        if (ok)
            continue;
        if (!generic)
            return ak_err_set(err, 400, "BadRequest", "field label not supported: %s",
                              f->reqs[i].field);
        struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
        put_quoted(&b, f->reqs[i].field);
        ak_buf_puts(&b, " is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
        return bad_request(err, &b);
    }
    return 0;
}
