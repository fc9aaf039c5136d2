/* ak_cli_jmes.c - JMESPath, a port of jmespath.py's lexer, Pratt parser and tree
 * interpreter (see ak_cli_jmes.h). Values are jansson trees; every evaluation step
 * returns a new reference. */
#include "ak_cli_jmes.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_cli_py.h"
#include "../util/ak_buf.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

/* ------------------------------------------------------------------ tokens */

enum tok {
    T_EOF, T_UNQ_ID, T_QUOTED_ID, T_LITERAL, T_NUMBER, T_DOT, T_STAR, T_LBRACKET, T_RBRACKET,
    T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_COMMA, T_COLON, T_PIPE, T_OR, T_AND, T_NOT,
    T_EQ, T_NE, T_LT, T_LTE, T_GT, T_GTE, T_CURRENT, T_EXPREF, T_FILTER, T_FLATTEN,
};

static const char *const tok_names[] = {
    "eof", "unquoted_identifier", "quoted_identifier", "literal", "number", "dot", "star",
    "lbracket", "rbracket", "lbrace", "rbrace", "lparen", "rparen", "comma", "colon", "pipe",
    "or", "and", "not", "eq", "ne", "lt", "lte", "gt", "gte", "current", "expref", "filter",
    "flatten",
};

static int binding_power(enum tok t)
{
    switch (t) {
    case T_PIPE: return 1;
    case T_OR: return 2;
    case T_AND: return 3;
    case T_EQ: case T_NE: case T_LT: case T_LTE: case T_GT: case T_GTE: return 5;
    case T_FLATTEN: return 9;
    case T_STAR: return 20;
    case T_FILTER: return 21;
    case T_DOT: return 40;
    case T_NOT: return 45;
    case T_LBRACE: return 50;
    case T_LBRACKET: return 55;
    case T_LPAREN: return 60;
    default: return 0;
    }
}
#define PROJECTION_STOP 10

struct token {
    enum tok type;
    char *str;     /* identifiers */
    json_t *lit;   /* literals */
    long long num; /* numbers */
    size_t pos;
};

struct lexer {
    const char *s;
    size_t i, n;
    struct token *t;
    size_t nt, cap;
    char *err;
    size_t errlen;
};

static int lex_error(struct lexer *L, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int lex_error(struct lexer *L, size_t pos, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(L->err, L->errlen, "%s at column %zu", msg, pos + 1);
    return -1;
}

static struct token *push(struct lexer *L, enum tok type, size_t pos)
{
    AK_GROW(L->t, L->nt + 1, L->cap);
    struct token *t = &L->t[L->nt++];
    memset(t, 0, sizeof(*t));
    t->type = type;
    t->pos = pos;
    return t;
}

/* Reads up to the closing `delim` (backslash escapes it); returns the raw contents. */
static char *delimited(struct lexer *L, char delim, size_t start)
{
    size_t i = L->i + 1;
    struct ak_buf b = AK_BUF_INIT(1u << 20);
    while (i < L->n && L->s[i] != delim) {
        if (L->s[i] == '\\' && i + 1 < L->n && L->s[i + 1] == delim) {
            ak_buf_putc(&b, '\\');
            ak_buf_putc(&b, delim);
            i += 2;
            continue;
        }
        ak_buf_putc(&b, L->s[i]);
        i++;
    }
    if (i >= L->n) {
        ak_buf_release(&b);
        lex_error(L, start, "Unclosed %c delimiter", delim);
        return NULL;
    }
    L->i = i + 1;
    char *r = ak_buf_detach(&b, NULL);
    return r ? r : ak_xstrdup("");
}

/* Removes the backslash in "\<delim>". */
static void unescape_delim(char *s, char delim)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1] == delim)
            r++;
        *w++ = *r;
    }
    *w = '\0';
}

static int lex(struct lexer *L)
{
    while (L->i < L->n) {
        char c = L->s[L->i];
        size_t pos = L->i;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            L->i++;
            continue;
        }
        if (isalpha((unsigned char)c) || c == '_') {
            size_t j = L->i;
            while (j < L->n && (isalnum((unsigned char)L->s[j]) || L->s[j] == '_'))
                j++;
            push(L, T_UNQ_ID, pos)->str = ak_xstrndup(L->s + L->i, j - L->i);
            L->i = j;
            continue;
        }
        if (isdigit((unsigned char)c) || c == '-') {
            size_t j = L->i + 1;
            while (j < L->n && isdigit((unsigned char)L->s[j]))
                j++;
            if (c == '-' && j == L->i + 1)
                return lex_error(L, pos, "Unknown token '-'");
            char *num = ak_xstrndup(L->s + L->i, j - L->i);
            push(L, T_NUMBER, pos)->num = strtoll(num, NULL, 10);
            free(num);
            L->i = j;
            continue;
        }
        char n1 = L->i + 1 < L->n ? L->s[L->i + 1] : '\0';
        enum tok simple = T_EOF;
        switch (c) {
        case '.': simple = T_DOT; break;
        case '*': simple = T_STAR; break;
        case ']': simple = T_RBRACKET; break;
        case ',': simple = T_COMMA; break;
        case ':': simple = T_COLON; break;
        case '@': simple = T_CURRENT; break;
        case '(': simple = T_LPAREN; break;
        case ')': simple = T_RPAREN; break;
        case '{': simple = T_LBRACE; break;
        case '}': simple = T_RBRACE; break;
        default: break;
        }
        if (simple != T_EOF) {
            push(L, simple, pos);
            L->i++;
            continue;
        }
        if (c == '[') {
            if (n1 == ']') {
                push(L, T_FLATTEN, pos);
                L->i += 2;
            } else if (n1 == '?') {
                push(L, T_FILTER, pos);
                L->i += 2;
            } else {
                push(L, T_LBRACKET, pos);
                L->i++;
            }
            continue;
        }
        if (c == '|' || c == '&') {
            bool dbl = n1 == c;
            push(L, c == '|' ? (dbl ? T_OR : T_PIPE) : (dbl ? T_AND : T_EXPREF), pos);
            L->i += dbl ? 2 : 1;
            continue;
        }
        if (c == '<' || c == '>' || c == '!') {
            bool eq = n1 == '=';
            enum tok t = c == '<' ? (eq ? T_LTE : T_LT) : c == '>' ? (eq ? T_GTE : T_GT)
                                                                  : (eq ? T_NE : T_NOT);
            push(L, t, pos);
            L->i += eq ? 2 : 1;
            continue;
        }
        if (c == '=') {
            if (n1 != '=')
                return lex_error(L, pos, "Unknown token '=', did you mean '=='?");
            push(L, T_EQ, pos);
            L->i += 2;
            continue;
        }
        if (c == '\'') {
            char *raw = delimited(L, '\'', pos);
            if (!raw)
                return -1;
            unescape_delim(raw, '\'');
            push(L, T_LITERAL, pos)->lit = json_string(raw);
            free(raw);
            continue;
        }
        if (c == '"') {
            char *raw = delimited(L, '"', pos);
            if (!raw)
                return -1;
            char *quoted = ak_xasprintf("\"%s\"", raw);
            json_t *v = json_loads(quoted, JSON_DECODE_ANY, NULL);
            free(quoted);
            free(raw);
            if (!json_is_string(v)) {
                json_decref(v);
                return lex_error(L, pos, "Invalid quoted identifier");
            }
            push(L, T_QUOTED_ID, pos)->str = ak_xstrdup(json_string_value(v));
            json_decref(v);
            continue;
        }
        if (c == '`') {
            char *raw = delimited(L, '`', pos);
            if (!raw)
                return -1;
            unescape_delim(raw, '`');
            json_t *v = json_loads(raw, JSON_DECODE_ANY, NULL);
            if (!v) {
                /* jmespath.py's deprecated form: `foo` means the string "foo" */
                const char *s = raw;
                while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
                    s++;
                char *quoted = ak_xasprintf("\"%s\"", s);
                v = json_loads(quoted, JSON_DECODE_ANY, NULL);
                free(quoted);
            }
            free(raw);
            if (!v)
                return lex_error(L, pos, "Bad token: invalid JSON literal");
            push(L, T_LITERAL, pos)->lit = v;
            continue;
        }
        return lex_error(L, pos, "Unknown token '%c'", c);
    }
    push(L, T_EOF, L->n);
    return 0;
}

/* ------------------------------------------------------------------ AST */

enum nt {
    N_FIELD, N_SUBEXPR, N_INDEX_EXPR, N_INDEX, N_SLICE, N_PROJECTION, N_VALUE_PROJECTION,
    N_FILTER_PROJECTION, N_FLATTEN, N_IDENTITY, N_CURRENT, N_LITERAL, N_COMPARATOR, N_OR,
    N_AND, N_NOT, N_PIPE, N_MULTI_LIST, N_MULTI_HASH, N_FUNCTION, N_EXPREF,
};

struct node {
    enum nt t;
    char *name;          /* field name, function name */
    json_t *lit;         /* literal */
    long long idx;       /* index */
    bool has[3];         /* slice parts present */
    long long sl[3];     /* slice start, stop, step */
    enum tok cmp;        /* comparator */
    struct node **kids;  /* children (filter: left, right, condition) */
    size_t nkids, capk;
    char **keys;         /* multi-select hash keys, parallel to kids */
};

static struct node *node_new(enum nt t)
{
    struct node *n = ak_xcalloc(1, sizeof(*n));
    n->t = t;
    return n;
}

static void node_add(struct node *n, struct node *kid)
{
    AK_GROW(n->kids, n->nkids + 1, n->capk);
    n->kids[n->nkids++] = kid;
}

static void node_free(struct node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++) {
        node_free(n->kids[i]);
        if (n->keys)
            free(n->keys[i]);
    }
    free(n->kids);
    free(n->keys);
    free(n->name);
    json_decref(n->lit);
    free(n);
}

static struct node *node2(enum nt t, struct node *a, struct node *b)
{
    struct node *n = node_new(t);
    node_add(n, a);
    node_add(n, b);
    return n;
}

/* ------------------------------------------------------------------ parser */

struct parser {
    struct token *t;
    size_t nt, i;
    const char *expr;
    char *err;
    size_t errlen;
    bool failed;
};

static enum tok cur(const struct parser *P)
{
    return P->t[P->i].type;
}

static enum tok peek(const struct parser *P, size_t k)
{
    return P->i + k < P->nt ? P->t[P->i + k].type : T_EOF;
}

static void advance(struct parser *P)
{
    if (P->i + 1 < P->nt)
        P->i++;
}

static struct node *perr(struct parser *P, const struct token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static struct node *perr(struct parser *P, const struct token *t, const char *fmt, ...)
{
    if (P->failed)
        return NULL;
    P->failed = true;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(P->err, P->errlen, "%s (at column %zu)", msg, t->pos + 1);
    return NULL;
}

static bool match(struct parser *P, enum tok want)
{
    if (cur(P) == want) {
        advance(P);
        return true;
    }
    perr(P, &P->t[P->i], "Expecting: %s, got: %s", tok_names[want], tok_names[cur(P)]);
    return false;
}

static struct node *expression(struct parser *P, int bp);
static struct node *parse_projection_rhs(struct parser *P, int bp);

static struct node *parse_multi_select_list(struct parser *P)
{
    struct node *n = node_new(N_MULTI_LIST);
    for (;;) {
        struct node *e = expression(P, 0);
        if (!e) {
            node_free(n);
            return NULL;
        }
        node_add(n, e);
        if (cur(P) == T_RBRACKET)
            break;
        if (!match(P, T_COMMA)) {
            node_free(n);
            return NULL;
        }
    }
    advance(P); /* rbracket */
    return n;
}

static struct node *parse_multi_select_hash(struct parser *P)
{
    struct node *n = node_new(N_MULTI_HASH);
    size_t capkeys = 0;
    for (;;) {
        struct token *kt = &P->t[P->i];
        if (kt->type != T_QUOTED_ID && kt->type != T_UNQ_ID) {
            perr(P, kt, "Expecting: ['quoted_identifier', 'unquoted_identifier'], got: %s",
                 tok_names[kt->type]);
            node_free(n);
            return NULL;
        }
        advance(P);
        if (!match(P, T_COLON)) {
            node_free(n);
            return NULL;
        }
        struct node *v = expression(P, 0);
        if (!v) {
            node_free(n);
            return NULL;
        }
        AK_GROW(n->keys, n->nkids + 1, capkeys);
        n->keys[n->nkids] = ak_xstrdup(kt->str);
        node_add(n, v);
        if (cur(P) == T_COMMA) {
            advance(P);
        } else if (cur(P) == T_RBRACE) {
            advance(P);
            break;
        } else {
            perr(P, &P->t[P->i], "Expecting: comma or rbrace, got: %s", tok_names[cur(P)]);
            node_free(n);
            return NULL;
        }
    }
    return n;
}

static struct node *parse_dot_rhs(struct parser *P, int bp)
{
    enum tok la = cur(P);
    if (la == T_QUOTED_ID || la == T_UNQ_ID || la == T_STAR)
        return expression(P, bp);
    if (la == T_LBRACKET) {
        advance(P);
        return parse_multi_select_list(P);
    }
    if (la == T_LBRACE) {
        advance(P);
        return parse_multi_select_hash(P);
    }
    return perr(P, &P->t[P->i],
                "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', "
                "'lbrace'], got: %s",
                tok_names[la]);
}

static struct node *parse_projection_rhs(struct parser *P, int bp)
{
    enum tok t = cur(P);
    if (binding_power(t) < PROJECTION_STOP)
        return node_new(N_IDENTITY);
    if (t == T_LBRACKET || t == T_FILTER)
        return expression(P, bp);
    if (t == T_DOT) {
        advance(P);
        return parse_dot_rhs(P, bp);
    }
    return perr(P, &P->t[P->i], "syntax error");
}

static struct node *parse_slice_expression(struct parser *P)
{
    struct node *n = node_new(N_SLICE);
    int index = 0;
    while (cur(P) != T_RBRACKET && index < 3) {
        if (cur(P) == T_COLON) {
            index++;
            if (index == 3) {
                node_free(n);
                return perr(P, &P->t[P->i], "syntax error");
            }
            advance(P);
        } else if (cur(P) == T_NUMBER) {
            n->has[index] = true;
            n->sl[index] = P->t[P->i].num;
            advance(P);
        } else {
            node_free(n);
            return perr(P, &P->t[P->i], "syntax error");
        }
    }
    if (!match(P, T_RBRACKET)) {
        node_free(n);
        return NULL;
    }
    return n;
}

static struct node *parse_index_expression(struct parser *P)
{
    if (peek(P, 0) == T_COLON || peek(P, 1) == T_COLON)
        return parse_slice_expression(P);
    struct node *n = node_new(N_INDEX);
    n->idx = P->t[P->i].num;
    advance(P);
    if (!match(P, T_RBRACKET)) {
        node_free(n);
        return NULL;
    }
    return n;
}

static struct node *project_if_slice(struct parser *P, struct node *left, struct node *right)
{
    struct node *ie = node2(N_INDEX_EXPR, left, right);
    if (right->t == N_SLICE) {
        struct node *rhs = parse_projection_rhs(P, binding_power(T_STAR));
        if (!rhs) {
            node_free(ie);
            return NULL;
        }
        return node2(N_PROJECTION, ie, rhs);
    }
    return ie;
}

static struct node *led_filter(struct parser *P, struct node *left)
{
    struct node *cond = expression(P, 0);
    if (!cond) {
        node_free(left);
        return NULL;
    }
    if (!match(P, T_RBRACKET)) {
        node_free(left);
        node_free(cond);
        return NULL;
    }
    struct node *right = cur(P) == T_FLATTEN ? node_new(N_IDENTITY)
                                              : parse_projection_rhs(P, binding_power(T_FILTER));
    if (!right) {
        node_free(left);
        node_free(cond);
        return NULL;
    }
    struct node *n = node2(N_FILTER_PROJECTION, left, right);
    node_add(n, cond);
    return n;
}

static struct node *nud(struct parser *P, struct token *tk)
{
    switch (tk->type) {
    case T_LITERAL: {
        struct node *n = node_new(N_LITERAL);
        n->lit = json_incref(tk->lit);
        return n;
    }
    case T_UNQ_ID: {
        struct node *n = node_new(N_FIELD);
        n->name = ak_xstrdup(tk->str);
        return n;
    }
    case T_QUOTED_ID: {
        if (cur(P) == T_LPAREN)
            return perr(P, &P->t[P->i], "Quoted identifier not allowed for function names.");
        struct node *n = node_new(N_FIELD);
        n->name = ak_xstrdup(tk->str);
        return n;
    }
    case T_STAR: {
        struct node *right = cur(P) == T_RBRACKET ? node_new(N_IDENTITY)
                                                   : parse_projection_rhs(P, binding_power(T_STAR));
        if (!right)
            return NULL;
        return node2(N_VALUE_PROJECTION, node_new(N_IDENTITY), right);
    }
    case T_FILTER: return led_filter(P, node_new(N_IDENTITY));
    case T_LBRACE: return parse_multi_select_hash(P);
    case T_LPAREN: {
        struct node *e = expression(P, 0);
        if (!e)
            return NULL;
        if (!match(P, T_RPAREN)) {
            node_free(e);
            return NULL;
        }
        return e;
    }
    case T_FLATTEN: {
        struct node *left = node_new(N_FLATTEN);
        node_add(left, node_new(N_IDENTITY));
        struct node *right = parse_projection_rhs(P, binding_power(T_FLATTEN));
        if (!right) {
            node_free(left);
            return NULL;
        }
        return node2(N_PROJECTION, left, right);
    }
    case T_NOT: {
        struct node *e = expression(P, binding_power(T_NOT));
        if (!e)
            return NULL;
        struct node *n = node_new(N_NOT);
        node_add(n, e);
        return n;
    }
    case T_LBRACKET: {
        if (cur(P) == T_NUMBER || cur(P) == T_COLON) {
            struct node *right = parse_index_expression(P);
            if (!right)
                return NULL;
            return project_if_slice(P, node_new(N_IDENTITY), right);
        }
        if (cur(P) == T_STAR && peek(P, 1) == T_RBRACKET) {
            advance(P);
            advance(P);
            struct node *right = parse_projection_rhs(P, binding_power(T_STAR));
            if (!right)
                return NULL;
            return node2(N_PROJECTION, node_new(N_IDENTITY), right);
        }
        return parse_multi_select_list(P);
    }
    case T_CURRENT: return node_new(N_CURRENT);
    case T_EXPREF: {
        struct node *e = expression(P, binding_power(T_EXPREF));
        if (!e)
            return NULL;
        struct node *n = node_new(N_EXPREF);
        node_add(n, e);
        return n;
    }
    case T_EOF: return perr(P, tk, "Incomplete expression");
    default: return perr(P, tk, "Invalid token");
    }
}

static struct node *led(struct parser *P, enum tok t, struct node *left)
{
    switch (t) {
    case T_DOT: {
        if (cur(P) != T_STAR) {
            struct node *right = parse_dot_rhs(P, binding_power(T_DOT));
            if (!right) {
                node_free(left);
                return NULL;
            }
            if (left->t == N_SUBEXPR) {
                node_add(left, right);
                return left;
            }
            return node2(N_SUBEXPR, left, right);
        }
        advance(P);
        struct node *right = parse_projection_rhs(P, binding_power(T_DOT));
        if (!right) {
            node_free(left);
            return NULL;
        }
        return node2(N_VALUE_PROJECTION, left, right);
    }
    case T_PIPE: case T_OR: case T_AND: {
        struct node *right = expression(P, binding_power(t));
        if (!right) {
            node_free(left);
            return NULL;
        }
        return node2(t == T_PIPE ? N_PIPE : t == T_OR ? N_OR : N_AND, left, right);
    }
    case T_LPAREN: {
        if (left->t != N_FIELD) {
            node_free(left);
            return perr(P, &P->t[P->i > 1 ? P->i - 2 : 0], "Invalid function name");
        }
        struct node *f = node_new(N_FUNCTION);
        f->name = left->name;
        left->name = NULL;
        node_free(left);
        while (cur(P) != T_RPAREN) {
            struct node *e = expression(P, 0);
            if (!e) {
                node_free(f);
                return NULL;
            }
            if (cur(P) == T_COMMA)
                advance(P);
            node_add(f, e);
        }
        advance(P);
        return f;
    }
    case T_FILTER: return led_filter(P, left);
    case T_EQ: case T_NE: case T_LT: case T_LTE: case T_GT: case T_GTE: {
        struct node *right = expression(P, binding_power(t));
        if (!right) {
            node_free(left);
            return NULL;
        }
        struct node *n = node2(N_COMPARATOR, left, right);
        n->cmp = t;
        return n;
    }
    case T_FLATTEN: {
        struct node *fl = node_new(N_FLATTEN);
        node_add(fl, left);
        struct node *right = parse_projection_rhs(P, binding_power(T_FLATTEN));
        if (!right) {
            node_free(fl);
            return NULL;
        }
        return node2(N_PROJECTION, fl, right);
    }
    case T_LBRACKET: {
        if (cur(P) == T_NUMBER || cur(P) == T_COLON) {
            struct node *right = parse_index_expression(P);
            if (!right) {
                node_free(left);
                return NULL;
            }
            if (left->t == N_INDEX_EXPR) {
                node_add(left, right);
                return left;
            }
            return project_if_slice(P, left, right);
        }
        if (!match(P, T_STAR) || !match(P, T_RBRACKET)) {
            node_free(left);
            return NULL;
        }
        struct node *right = parse_projection_rhs(P, binding_power(T_STAR));
        if (!right) {
            node_free(left);
            return NULL;
        }
        return node2(N_PROJECTION, left, right);
    }
    default:
        node_free(left);
        return perr(P, &P->t[P->i], "Unexpected token");
    }
}

static struct node *expression(struct parser *P, int bp)
{
    if (P->failed)
        return NULL;
    struct token *tk = &P->t[P->i];
    advance(P);
    struct node *left = nud(P, tk);
    if (!left)
        return NULL;
    enum tok t = cur(P);
    while (bp < binding_power(t)) {
        advance(P);
        left = led(P, t, left);
        if (!left)
            return NULL;
        t = cur(P);
    }
    return left;
}

struct ak_jmes {
    struct node *root;
};

struct ak_jmes *ak_jmes_compile(const char *expr, char *err, size_t errlen)
{
    struct lexer L = {.s = expr, .n = strlen(expr), .err = err, .errlen = errlen};
    struct ak_jmes *q = NULL;
    if (lex(&L) != 0)
        goto out;
    struct parser P = {.t = L.t, .nt = L.nt, .expr = expr, .err = err, .errlen = errlen};
    if (L.nt == 1) {
        snprintf(err, errlen, "the expression is empty");
        goto out;
    }
    struct node *root = expression(&P, 0);
    if (root && cur(&P) != T_EOF) {
        perr(&P, &P.t[P.i], "Unexpected token");
        node_free(root);
        root = NULL;
    }
    if (root) {
        q = ak_xcalloc(1, sizeof(*q));
        q->root = root;
    }
out:
    for (size_t i = 0; i < L.nt; i++) {
        free(L.t[i].str);
        json_decref(L.t[i].lit);
    }
    free(L.t);
    return q;
}

void ak_jmes_free(struct ak_jmes *q)
{
    if (!q)
        return;
    node_free(q->root);
    free(q);
}

/* ------------------------------------------------------------------ interpreter */

struct interp {
    struct ak_jmes_ordered *ord;
    char *err;
    size_t errlen;
    bool failed;
};

static json_t *rt_error(struct interp *I, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static json_t *rt_error(struct interp *I, const char *fmt, ...)
{
    if (!I->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(I->err, I->errlen, fmt, ap);
        va_end(ap);
    }
    I->failed = true;
    return NULL;
}

void ak_jmes_ordered_release(struct ak_jmes_ordered *o)
{
    for (size_t i = 0; i < o->n; i++)
        json_decref(o->v[i]);
    free(o->v);
    memset(o, 0, sizeof(*o));
}

int ak_jmes_is_ordered(const struct ak_jmes_ordered *o, const json_t *obj)
{
    if (!o)
        return 0;
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i] == obj)
            return 1;
    return 0;
}

static bool is_false(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL: case JSON_FALSE: return true;
    case JSON_STRING: return json_string_length(v) == 0;
    case JSON_ARRAY: return json_array_size(v) == 0;
    case JSON_OBJECT: return json_object_size(v) == 0;
    default: return false;
    }
}

static bool is_number(const json_t *v)
{
    return json_is_integer(v) || json_is_real(v);
}

static double num(const json_t *v)
{
    return json_is_integer(v) ? (double)json_integer_value(v) : json_real_value(v);
}

static bool equals(const json_t *a, const json_t *b)
{
    if (is_number(a) && is_number(b))
        return num(a) == num(b);
    if (json_typeof(a) != json_typeof(b))
        return false;
    switch (json_typeof(a)) {
    case JSON_STRING:
        return json_string_length(a) == json_string_length(b) &&
               memcmp(json_string_value(a), json_string_value(b), json_string_length(a)) == 0;
    case JSON_ARRAY:
        if (json_array_size(a) != json_array_size(b))
            return false;
        for (size_t i = 0; i < json_array_size(a); i++)
            if (!equals(json_array_get(a, i), json_array_get(b, i)))
                return false;
        return true;
    case JSON_OBJECT: {
        if (json_object_size(a) != json_object_size(b))
            return false;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)a, k, v)
        {
            json_t *w = json_object_get(b, k);
            if (!w || !equals(v, w))
                return false;
        }
        return true;
    }
    default: return true; /* null, true, false */
    }
}

static const char *jtype(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL: return "null";
    case JSON_TRUE: case JSON_FALSE: return "boolean";
    case JSON_INTEGER: case JSON_REAL: return "number";
    case JSON_STRING: return "string";
    case JSON_ARRAY: return "array";
    default: return "object";
    }
}

/* Python repr() of a JSON value, as jmespath.py's type errors show it. */
static void py_repr(const json_t *v, struct ak_buf *b)
{
    if (json_is_string(v)) {
        ak_buf_putc(b, '\'');
        ak_buf_append(b, json_string_value(v), json_string_length(v));
        ak_buf_putc(b, '\'');
    } else if (json_is_array(v)) {
        ak_buf_putc(b, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                ak_buf_puts(b, ", ");
            py_repr(json_array_get(v, i), b);
        }
        ak_buf_putc(b, ']');
    } else if (json_is_object(v)) {
        ak_buf_putc(b, '{');
        const char *k;
        json_t *val;
        bool first = true;
        json_object_foreach((json_t *)v, k, val)
        {
            if (!first)
                ak_buf_puts(b, ", ");
            first = false;
            ak_buf_printf(b, "'%s': ", k);
            py_repr(val, b);
        }
        ak_buf_putc(b, '}');
    } else {
        ak_py_str(v, b);
    }
}

static json_t *visit(struct interp *I, const struct node *n, json_t *value);

/* Collects visit(right, e) for each e, dropping nulls. Takes `base`. */
static json_t *project(struct interp *I, const struct node *right, json_t *base, bool values)
{
    json_t *out = json_array();
    if (values) {
        const char *k;
        json_t *e;
        json_object_foreach(base, k, e)
        {
            json_t *r = visit(I, right, e);
            if (!r)
                goto fail;
            if (!json_is_null(r))
                json_array_append(out, r);
            json_decref(r);
        }
    } else {
        for (size_t i = 0; i < json_array_size(base); i++) {
            json_t *r = visit(I, right, json_array_get(base, i));
            if (!r)
                goto fail;
            if (!json_is_null(r))
                json_array_append(out, r);
            json_decref(r);
        }
    }
    json_decref(base);
    return out;
fail:
    json_decref(out);
    json_decref(base);
    return NULL;
}

static void slice_bounds(long long len, const struct node *n, long long *start, long long *stop,
                         long long *step)
{
    *step = n->has[2] ? n->sl[2] : 1;
    bool neg = *step < 0;
    if (!n->has[0]) {
        *start = neg ? len - 1 : 0;
    } else {
        *start = n->sl[0];
        if (*start < 0) {
            *start += len;
            if (*start < 0)
                *start = neg ? -1 : 0;
        } else if (*start >= len) {
            *start = neg ? len - 1 : len;
        }
    }
    if (!n->has[1]) {
        *stop = neg ? -1 : len;
    } else {
        *stop = n->sl[1];
        if (*stop < 0) {
            *stop += len;
            if (*stop < 0)
                *stop = neg ? -1 : 0;
        } else if (*stop >= len) {
            *stop = neg ? len - 1 : len;
        }
    }
}

static json_t *call_function(struct interp *I, const struct node *n, json_t *value);

static json_t *visit(struct interp *I, const struct node *n, json_t *value)
{
    if (I->failed)
        return NULL;
    switch (n->t) {
    case N_FIELD: {
        json_t *v = json_is_object(value) ? json_object_get(value, n->name) : NULL;
        return v ? json_incref(v) : json_null();
    }
    case N_SUBEXPR: case N_INDEX_EXPR: {
        json_t *r = json_incref(value);
        for (size_t i = 0; i < n->nkids; i++) {
            json_t *next = visit(I, n->kids[i], r);
            json_decref(r);
            if (!next)
                return NULL;
            r = next;
        }
        return r;
    }
    case N_INDEX: {
        if (!json_is_array(value))
            return json_null();
        long long len = (long long)json_array_size(value);
        long long i = n->idx < 0 ? len + n->idx : n->idx;
        if (i < 0 || i >= len)
            return json_null();
        return json_incref(json_array_get(value, (size_t)i));
    }
    case N_SLICE: {
        if (!json_is_array(value))
            return json_null();
        if (n->has[2] && n->sl[2] == 0)
            return rt_error(I, "Invalid slice expression: step cannot be 0");
        long long start, stop, step;
        slice_bounds((long long)json_array_size(value), n, &start, &stop, &step);
        json_t *out = json_array();
        for (long long i = start; step > 0 ? i < stop : i > stop; i += step)
            json_array_append(out, json_array_get(value, (size_t)i));
        return out;
    }
    case N_PROJECTION: {
        json_t *base = visit(I, n->kids[0], value);
        if (!base)
            return NULL;
        if (!json_is_array(base)) {
            json_decref(base);
            return json_null();
        }
        return project(I, n->kids[1], base, false);
    }
    case N_VALUE_PROJECTION: {
        json_t *base = visit(I, n->kids[0], value);
        if (!base)
            return NULL;
        if (!json_is_object(base)) {
            json_decref(base);
            return json_null();
        }
        return project(I, n->kids[1], base, true);
    }
    case N_FILTER_PROJECTION: {
        json_t *base = visit(I, n->kids[0], value);
        if (!base)
            return NULL;
        if (!json_is_array(base)) {
            json_decref(base);
            return json_null();
        }
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(base); i++) {
            json_t *e = json_array_get(base, i);
            json_t *c = visit(I, n->kids[2], e);
            if (!c)
                goto filter_fail;
            bool keep = !is_false(c);
            json_decref(c);
            if (!keep)
                continue;
            json_t *r = visit(I, n->kids[1], e);
            if (!r)
                goto filter_fail;
            if (!json_is_null(r))
                json_array_append(out, r);
            json_decref(r);
        }
        json_decref(base);
        return out;
    filter_fail:
        json_decref(out);
        json_decref(base);
        return NULL;
    }
    case N_FLATTEN: {
        json_t *base = visit(I, n->kids[0], value);
        if (!base)
            return NULL;
        if (!json_is_array(base)) {
            json_decref(base);
            return json_null();
        }
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(base); i++) {
            json_t *e = json_array_get(base, i);
            if (json_is_array(e))
                json_array_extend(out, e);
            else
                json_array_append(out, e);
        }
        json_decref(base);
        return out;
    }
    case N_IDENTITY: case N_CURRENT: return json_incref(value);
    case N_LITERAL: return json_incref(n->lit);
    case N_COMPARATOR: {
        json_t *l = visit(I, n->kids[0], value);
        if (!l)
            return NULL;
        json_t *r = visit(I, n->kids[1], value);
        if (!r) {
            json_decref(l);
            return NULL;
        }
        json_t *res;
        if (n->cmp == T_EQ || n->cmp == T_NE) {
            bool eq = equals(l, r);
            res = json_boolean(n->cmp == T_EQ ? eq : !eq);
        } else if (is_number(l) && is_number(r)) {
            double a = num(l), b = num(r);
            bool v = n->cmp == T_LT ? a < b : n->cmp == T_LTE ? a <= b : n->cmp == T_GT ? a > b
                                                                                     : a >= b;
            res = json_boolean(v);
        } else {
            res = json_null();
        }
        json_decref(l);
        json_decref(r);
        return res;
    }
    case N_OR: case N_AND: {
        json_t *l = visit(I, n->kids[0], value);
        if (!l)
            return NULL;
        bool f = is_false(l);
        if ((n->t == N_OR && !f) || (n->t == N_AND && f))
            return l;
        json_decref(l);
        return visit(I, n->kids[1], value);
    }
    case N_NOT: {
        json_t *v = visit(I, n->kids[0], value);
        if (!v)
            return NULL;
        bool f = is_false(v);
        json_decref(v);
        return json_boolean(f);
    }
    case N_PIPE: {
        json_t *l = visit(I, n->kids[0], value);
        if (!l)
            return NULL;
        json_t *r = visit(I, n->kids[1], l);
        json_decref(l);
        return r;
    }
    case N_MULTI_LIST: {
        if (json_is_null(value))
            return json_null();
        json_t *out = json_array();
        for (size_t i = 0; i < n->nkids; i++) {
            json_t *r = visit(I, n->kids[i], value);
            if (!r) {
                json_decref(out);
                return NULL;
            }
            json_array_append_new(out, r);
        }
        return out;
    }
    case N_MULTI_HASH: {
        if (json_is_null(value))
            return json_null();
        json_t *out = json_object();
        for (size_t i = 0; i < n->nkids; i++) {
            json_t *r = visit(I, n->kids[i], value);
            if (!r) {
                json_decref(out);
                return NULL;
            }
            json_object_set_new(out, n->keys[i], r);
        }
        if (I->ord) {
            AK_GROW(I->ord->v, I->ord->n + 1, I->ord->cap);
            I->ord->v[I->ord->n++] = json_incref(out);
        }
        return out;
    }
    case N_FUNCTION: return call_function(I, n, value);
    case N_EXPREF: return rt_error(I, "an expression reference (&expr) is only valid as a function argument");
    }
    return json_null();
}

/* ------------------------------------------------------------------ functions */

/* Each argument's allowed types, as jmespath.py's @signature lists them ("" = any). */
struct fn {
    const char *name;
    int nargs;      /* -1: variadic */
    int min_args;   /* variadic minimum */
    const char *types[3];
};

static const struct fn fns[] = {
    {"abs", 1, 0, {"number"}},
    {"avg", 1, 0, {"array-number"}},
    {"ceil", 1, 0, {"number"}},
    {"contains", 2, 0, {"array string", ""}},
    {"ends_with", 2, 0, {"string", "string"}},
    {"floor", 1, 0, {"number"}},
    {"join", 2, 0, {"string", "array-string"}},
    {"keys", 1, 0, {"object"}},
    {"length", 1, 0, {"string array object"}},
    {"map", 2, 0, {"expref", "array"}},
    {"max", 1, 0, {"array-number array-string"}},
    {"max_by", 2, 0, {"array", "expref"}},
    {"merge", -1, 1, {"object"}},
    {"min", 1, 0, {"array-number array-string"}},
    {"min_by", 2, 0, {"array", "expref"}},
    {"not_null", -1, 1, {""}},
    {"reverse", 1, 0, {"array string"}},
    {"sort", 1, 0, {"array-string array-number"}},
    {"sort_by", 2, 0, {"array", "expref"}},
    {"starts_with", 2, 0, {"string", "string"}},
    {"sum", 1, 0, {"array-number"}},
    {"to_array", 1, 0, {""}},
    {"to_number", 1, 0, {""}},
    {"to_string", 1, 0, {""}},
    {"type", 1, 0, {""}},
    {"values", 1, 0, {"object"}},
};

/* Python's type(v).__name__ for a JSON value */
static const char *py_type(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL: return "NoneType";
    case JSON_TRUE: case JSON_FALSE: return "bool";
    case JSON_INTEGER: return "int";
    case JSON_REAL: return "float";
    case JSON_STRING: return "str";
    case JSON_ARRAY: return "list";
    default: return "dict";
    }
}

static bool has_word(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = list; *p;) {
        size_t l = strcspn(p, " ");
        if (l == n && strncmp(p, w, n) == 0)
            return true;
        p += l;
        while (*p == ' ')
            p++;
    }
    return false;
}

/* "array string" -> ['array', 'string'] */
static void type_list(const char *types, struct ak_buf *b)
{
    ak_buf_putc(b, '[');
    bool first = true;
    for (const char *p = types; *p;) {
        size_t l = strcspn(p, " ");
        ak_buf_printf(b, "%s'%.*s'", first ? "" : ", ", (int)l, p);
        first = false;
        p += l;
        while (*p == ' ')
            p++;
    }
    ak_buf_putc(b, ']');
}

/* jmespath.py's JMESPathTypeError text: the value with %s (str()), the expected types, and
 * the actual type name it computed. */
static json_t *type_error(struct interp *I, const char *fname, const json_t *v, const char *types,
                          const char *actual)
{
    struct ak_buf b = AK_BUF_INIT(1u << 16);
    ak_buf_printf(&b, "In function %s(), invalid type for value: ", fname);
    if (!v)
        ak_buf_puts(&b, "<expression>");
    else if (json_is_string(v))
        ak_buf_append(&b, json_string_value(v), json_string_length(v));
    else
        py_repr(v, &b);
    ak_buf_puts(&b, ", expected one of: ");
    type_list(types, &b);
    ak_buf_printf(&b, ", received: \"%s\"", actual);
    json_t *r = rt_error(I, "%s", ak_buf_cstr(&b));
    ak_buf_release(&b);
    return r;
}

/* jmespath.py's _type_check_single: false after reporting the error. */
static bool type_check(struct interp *I, const char *fname, const json_t *v, bool is_ref,
                       const char *types)
{
    if (!*types)
        return true;
    const char *actual = is_ref ? "expref" : jtype(v);
    bool top = has_word(types, actual) ||
               (!is_ref && json_is_array(v) &&
                (has_word(types, "array-number") || has_word(types, "array-string")));
    if (!top) {
        type_error(I, fname, is_ref ? NULL : v, types, actual);
        return false;
    }
    if (is_ref || !json_is_array(v) || has_word(types, "array"))
        return true;
    bool want_num = has_word(types, "array-number"), want_str = has_word(types, "array-string");
    if (want_num && want_str) {
        if (json_array_size(v) == 0)
            return true;
        const json_t *first = json_array_get(v, 0);
        if (is_number(first))
            want_str = false;
        else if (json_is_string(first))
            want_num = false;
        else {
            type_error(I, fname, first, types, py_type(first));
            return false;
        }
    }
    for (size_t i = 0; i < json_array_size(v); i++) {
        const json_t *e = json_array_get(v, i);
        if ((want_num && !is_number(e)) || (want_str && !json_is_string(e))) {
            type_error(I, fname, e, types, py_type(e));
            return false;
        }
    }
    return true;
}

struct keyed {
    json_t *elem;
    json_t *key;
    size_t idx;
};

static int keyed_cmp(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c;
    if (is_number(x->key))
        c = num(x->key) < num(y->key) ? -1 : num(x->key) > num(y->key) ? 1 : 0;
    else
        c = strcmp(json_string_value(x->key), json_string_value(y->key));
    if (c == 0)
        c = x->idx < y->idx ? -1 : x->idx > y->idx ? 1 : 0; /* stable, like Python's sorted */
    return c;
}

/* Evaluates the expref for each element. sort_by: the first key fixes the type (number or
 * string) the others must have; min_by/max_by: every key must be a number or a string. */
static struct keyed *keyed_list(struct interp *I, const char *fname, const struct node *expref,
                                json_t *arr, size_t *n_out)
{
    size_t n = json_array_size(arr);
    struct keyed *k = ak_xcalloc(n ? n : 1, sizeof(*k));
    bool sort_by = strcmp(fname, "sort_by") == 0;
    for (size_t i = 0; i < n; i++) {
        k[i].elem = json_array_get(arr, i);
        k[i].idx = i;
        k[i].key = visit(I, expref->kids[0], k[i].elem);
        bool bad = false;
        if (k[i].key) {
            const char *t = jtype(k[i].key);
            bool ok_type = strcmp(t, "number") == 0 || strcmp(t, "string") == 0;
            if (sort_by && i == 0 && !ok_type) {
                type_error(I, fname, k[i].elem, "string number", t);
                bad = true;
            } else if (sort_by && i > 0 && strcmp(t, jtype(k[0].key)) != 0) {
                type_error(I, fname, k[i].key, jtype(k[0].key), t);
                bad = true;
            } else if (!ok_type) {
                type_error(I, fname, k[i].key, "number string", t);
                bad = true;
            }
        }
        if (!k[i].key || bad) {
            for (size_t j = 0; j <= i; j++)
                json_decref(k[j].key);
            free(k);
            return NULL;
        }
    }
    *n_out = n;
    return k;
}

static void keyed_free(struct keyed *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_decref(k[i].key);
    free(k);
}

static json_t *number_of(double d, bool integral_inputs)
{
    if (integral_inputs && d == floor(d) && fabs(d) < 9e18)
        return json_integer((json_int_t)d);
    return json_real(d);
}

static size_t utf8_len(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

static json_t *call_function(struct interp *I, const struct node *n, json_t *value)
{
    const struct fn *f = NULL;
    for (size_t i = 0; i < AK_ARRAY_LEN(fns); i++)
        if (strcmp(fns[i].name, n->name) == 0)
            f = &fns[i];
    if (!f)
        return rt_error(I, "Unknown function: %s()", n->name);
    int argc = (int)n->nkids;
    if (f->nargs >= 0 && argc != f->nargs)
        return rt_error(I, "Expected %d argument%s for function %s(), received %d", f->nargs,
                        f->nargs == 1 ? "" : "s", f->name, argc);
    if (f->nargs < 0 && argc < f->min_args)
        return rt_error(I, "Expected at least %d argument%s for function %s(), received %d",
                        f->min_args, f->min_args == 1 ? "" : "s", f->name, argc);
    json_t *args[16] = {0};
    if (argc > 16)
        return rt_error(I, "too many arguments for function %s()", f->name);
    json_t *res = NULL;
    for (int i = 0; i < argc; i++) {
        bool is_ref = n->kids[i]->t == N_EXPREF;
        const char *types = f->nargs < 0 ? f->types[0] : f->types[i];
        if (!is_ref) {
            args[i] = visit(I, n->kids[i], value);
            if (!args[i])
                goto out;
        }
        if (!type_check(I, f->name, args[i], is_ref, types))
            goto out;
    }
    const char *nm = f->name;
    json_t *a0 = args[0], *a1 = args[1];
    if (strcmp(nm, "abs") == 0) {
        res = json_is_integer(a0) ? json_integer(llabs(json_integer_value(a0)))
                                  : json_real(fabs(json_real_value(a0)));
    } else if (strcmp(nm, "avg") == 0) {
        size_t cnt = json_array_size(a0);
        double s = 0;
        for (size_t i = 0; i < cnt; i++)
            s += num(json_array_get(a0, i));
        res = cnt ? json_real(s / (double)cnt) : json_null();
    } else if (strcmp(nm, "ceil") == 0 || strcmp(nm, "floor") == 0) {
        double d = num(a0);
        d = nm[0] == 'c' ? ceil(d) : floor(d);
        res = json_is_integer(a0) ? json_incref(a0) : json_integer((json_int_t)d);
    } else if (strcmp(nm, "contains") == 0) {
        bool found = false;
        if (json_is_array(a0)) {
            for (size_t i = 0; i < json_array_size(a0) && !found; i++)
                found = equals(json_array_get(a0, i), a1);
        } else if (json_is_string(a1)) {
            found = strstr(json_string_value(a0), json_string_value(a1)) != NULL;
        }
        res = json_boolean(found);
    } else if (strcmp(nm, "ends_with") == 0 || strcmp(nm, "starts_with") == 0) {
        size_t la = json_string_length(a0), lb = json_string_length(a1);
        const char *sa = json_string_value(a0), *sb = json_string_value(a1);
        bool ok = lb <= la && (nm[0] == 'e' ? memcmp(sa + la - lb, sb, lb) == 0
                                             : memcmp(sa, sb, lb) == 0);
        res = json_boolean(ok);
    } else if (strcmp(nm, "join") == 0) {
        struct ak_buf b = AK_BUF_INIT(64u << 20);
        for (size_t i = 0; i < json_array_size(a1); i++) {
            if (i)
                ak_buf_append(&b, json_string_value(a0), json_string_length(a0));
            json_t *e = json_array_get(a1, i);
            ak_buf_append(&b, json_string_value(e), json_string_length(e));
        }
        res = json_stringn(ak_buf_cstr(&b), b.len);
        ak_buf_release(&b);
    } else if (strcmp(nm, "keys") == 0 || strcmp(nm, "values") == 0) {
        res = json_array();
        const char *k;
        json_t *v;
        json_object_foreach(a0, k, v)
        {
            json_array_append_new(res, nm[0] == 'k' ? json_string(k) : json_incref(v));
        }
    } else if (strcmp(nm, "length") == 0) {
        size_t len = json_is_string(a0) ? utf8_len(json_string_value(a0), json_string_length(a0))
                     : json_is_array(a0) ? json_array_size(a0)
                                         : json_object_size(a0);
        res = json_integer((json_int_t)len);
    } else if (strcmp(nm, "map") == 0) {
        res = json_array();
        for (size_t i = 0; i < json_array_size(a1); i++) {
            json_t *r = visit(I, n->kids[0]->kids[0], json_array_get(a1, i));
            if (!r) {
                json_decref(res);
                res = NULL;
                goto out;
            }
            json_array_append_new(res, r);
        }
    } else if (strcmp(nm, "max") == 0 || strcmp(nm, "min") == 0) {
        bool want_max = nm[1] == 'a';
        json_t *best = NULL;
        for (size_t i = 0; i < json_array_size(a0); i++) {
            json_t *e = json_array_get(a0, i);
            if (!best) {
                best = e;
                continue;
            }
            int c = is_number(e) ? (num(e) > num(best) ? 1 : num(e) < num(best) ? -1 : 0)
                                 : strcmp(json_string_value(e), json_string_value(best));
            if ((want_max && c > 0) || (!want_max && c < 0))
                best = e;
        }
        res = best ? json_incref(best) : json_null();
    } else if (strcmp(nm, "max_by") == 0 || strcmp(nm, "min_by") == 0 ||
               strcmp(nm, "sort_by") == 0) {
        size_t cnt = 0;
        struct keyed *k = keyed_list(I, nm, n->kids[1], a0, &cnt);
        if (!k)
            goto out;
        if (nm[1] == 'o') { /* sort_by */
            qsort(k, cnt, sizeof(*k), keyed_cmp);
            res = json_array();
            for (size_t i = 0; i < cnt; i++)
                json_array_append(res, k[i].elem);
        } else {
            bool want_max = nm[1] == 'a';
            size_t best = 0;
            for (size_t i = 1; i < cnt; i++) {
                const json_t *x = k[i].key, *y = k[best].key;
                int c = is_number(x) ? (num(x) > num(y) ? 1 : num(x) < num(y) ? -1 : 0)
                                     : strcmp(json_string_value(x), json_string_value(y));
                if ((want_max && c > 0) || (!want_max && c < 0))
                    best = i;
            }
            res = cnt ? json_incref(k[best].elem) : json_null();
        }
        keyed_free(k, cnt);
    } else if (strcmp(nm, "merge") == 0) {
        res = json_object();
        for (int i = 0; i < argc; i++)
            json_object_update(res, args[i]);
    } else if (strcmp(nm, "not_null") == 0) {
        for (int i = 0; i < argc && !res; i++)
            if (!json_is_null(args[i]))
                res = json_incref(args[i]);
        if (!res)
            res = json_null();
    } else if (strcmp(nm, "reverse") == 0) {
        if (json_is_array(a0)) {
            res = json_array();
            for (size_t i = json_array_size(a0); i > 0; i--)
                json_array_append(res, json_array_get(a0, i - 1));
        } else {
            const char *s = json_string_value(a0);
            size_t len = json_string_length(a0);
            char *r = ak_xmalloc(len + 1);
            size_t w = 0;
            for (size_t end = len; end > 0;) { /* reverse code points, keep their bytes */
                size_t st = end - 1;
                while (st > 0 && ((unsigned char)s[st] & 0xC0) == 0x80)
                    st--;
                memcpy(r + w, s + st, end - st);
                w += end - st;
                end = st;
            }
            res = json_stringn(r, w);
            free(r);
        }
    } else if (strcmp(nm, "sort") == 0) {
        size_t cnt = json_array_size(a0);
        struct keyed *k = ak_xcalloc(cnt ? cnt : 1, sizeof(*k));
        for (size_t i = 0; i < cnt; i++) {
            k[i].elem = json_array_get(a0, i);
            k[i].key = json_incref(k[i].elem);
            k[i].idx = i;
        }
        qsort(k, cnt, sizeof(*k), keyed_cmp);
        res = json_array();
        for (size_t i = 0; i < cnt; i++)
            json_array_append(res, k[i].elem);
        keyed_free(k, cnt);
    } else if (strcmp(nm, "sum") == 0) {
        double s = 0;
        bool ints = true;
        for (size_t i = 0; i < json_array_size(a0); i++) {
            s += num(json_array_get(a0, i));
            ints &= json_is_integer(json_array_get(a0, i));
        }
        res = number_of(s, ints);
    } else if (strcmp(nm, "to_array") == 0) {
        res = json_is_array(a0) ? json_incref(a0) : json_pack("[O]", a0);
    } else if (strcmp(nm, "to_number") == 0) {
        if (is_number(a0)) {
            res = json_incref(a0);
        } else if (json_is_string(a0)) {
            const char *s = json_string_value(a0);
            char *end;
            long long iv = strtoll(s, &end, 10);
            if (*s && *end == '\0') {
                res = json_integer(iv);
            } else {
                double d = strtod(s, &end);
                res = *s && *end == '\0' ? json_real(d) : json_null();
            }
        } else {
            res = json_null();
        }
    } else if (strcmp(nm, "to_string") == 0) {
        if (json_is_string(a0)) {
            res = json_incref(a0);
        } else {
            struct ak_buf b = AK_BUF_INIT(64u << 20);
            ak_py_json_compact(a0, &b);
            res = json_stringn(ak_buf_cstr(&b), b.len);
            ak_buf_release(&b);
        }
    } else if (strcmp(nm, "type") == 0) {
        res = json_string(jtype(a0));
    }
out:
    for (int i = 0; i < argc; i++)
        json_decref(args[i]);
    return res;
}

json_t *ak_jmes_search(const struct ak_jmes *q, json_t *data, struct ak_jmes_ordered *ord,
                       char *err, size_t errlen)
{
    struct interp I = {.ord = ord, .err = err, .errlen = errlen};
    json_t *r = visit(&I, q->root, data ? data : json_null());
    if (I.failed) {
        json_decref(r);
        return NULL;
    }
    return r;
}
