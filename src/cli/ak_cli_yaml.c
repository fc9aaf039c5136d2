/* ak_cli_yaml.c - YAML reading (kubeconfig-grade block YAML) and PyYAML-compatible
 * writing (see ak_cli_yaml.h). */
#include "ak_cli_yaml.h"

#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_cli_py.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

/* ------------------------------------------------------------------ YAML 1.1 resolvers */

enum yres { YR_STR, YR_BOOL, YR_INT, YR_FLOAT, YR_NULL, YR_TIMESTAMP, YR_MERGE, YR_VALUE };

static const struct {
    enum yres kind;
    const char *first; /* first characters the resolver is registered for ("" = empty) */
    const char *re;
} resolvers[] = {
    {YR_BOOL, "yYnNtTfFoO",
     "^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"},
    {YR_FLOAT, "-+0123456789.",
     "^([-+]?([0-9][0-9_]*)\\.[0-9_]*([eE][-+][0-9]+)?|\\.[0-9][0-9_]*([eE][-+][0-9]+)?|"
     "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$"},
    {YR_INT, "-+0123456789",
     "^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|"
     "[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$"},
    {YR_MERGE, "<", "^(<<)$"},
    {YR_NULL, "~nN", "^(~|null|Null|NULL)$"},
    {YR_TIMESTAMP, "0123456789",
     "^([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
     "([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](\\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:[0-9]"
     "[0-9])?))?)$"},
    {YR_VALUE, "=", "^(=)$"},
};

/* What a plain scalar `s` means in YAML 1.1 (PyYAML's implicit resolvers). */
static enum yres resolve_plain(const char *s)
{
    if (!*s)
        return YR_NULL;
    static regex_t compiled[AK_ARRAY_LEN(resolvers)];
    static int ready;
    if (!ready) {
        for (size_t i = 0; i < AK_ARRAY_LEN(resolvers); i++)
            if (regcomp(&compiled[i], resolvers[i].re, REG_EXTENDED | REG_NOSUB) != 0)
                ak_fatal("yaml: bad resolver pattern %zu", i);
        ready = 1;
    }
    for (size_t i = 0; i < AK_ARRAY_LEN(resolvers); i++)
        if (strchr(resolvers[i].first, s[0]) && regexec(&compiled[i], s, 0, NULL, 0) == 0)
            return resolvers[i].kind;
    return YR_STR;
}

/* ------------------------------------------------------------------ UTF-8 */

static uint32_t utf8_next(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    uint32_t cp;
    size_t n;
    if (c < 0x80) {
        cp = c;
        n = 1;
    } else if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F;
        n = 2;
    } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F;
        n = 3;
    } else {
        cp = c & 0x07;
        n = 4;
    }
    for (size_t k = 1; k < n && *i + k < len; k++)
        cp = (cp << 6) | ((unsigned char)s[*i + k] & 0x3F);
    *i += n;
    return cp;
}

static void utf8_put(struct ak_buf *b, uint32_t cp)
{
    char o[4];
    if (cp < 0x80) {
        ak_buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        ak_buf_append(b, o, 2);
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        ak_buf_append(b, o, 3);
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        ak_buf_append(b, o, 4);
    }
}

/* ------------------------------------------------------------------ emitter */

#define BEST_WIDTH 80

struct em {
    struct ak_buf *b;
    int column;
    bool allow_unicode;
};

static void em_write(struct em *e, const char *s, size_t n)
{
    ak_buf_append(e->b, s, n);
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            e->column++;
}

static void em_puts(struct em *e, const char *s)
{
    em_write(e, s, strlen(s));
}

static void em_newline(struct em *e, int indent)
{
    ak_buf_putc(e->b, '\n');
    e->column = 0;
    for (int i = 0; i < indent; i++)
        ak_buf_putc(e->b, ' ');
    e->column = indent;
}

static bool is_break(uint32_t c)
{
    return c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

static bool is_ws_or_end(uint32_t c)
{
    return c == 0 || c == ' ' || c == '\t' || c == '\r' || is_break(c);
}

struct analysis {
    bool empty, multiline, allow_block_plain, allow_single_quoted;
};

/* PyYAML Emitter.analyze_scalar, the parts that decide block-context styles. */
static struct analysis analyze(const char *s, size_t len, bool allow_unicode)
{
    struct analysis a = {0};
    if (len == 0) {
        a.empty = true;
        a.allow_block_plain = true;
        a.allow_single_quoted = true;
        return a;
    }
    uint32_t *cp = ak_xcalloc(len + 1, sizeof(*cp));
    size_t n = 0;
    for (size_t i = 0; i < len;)
        cp[n++] = utf8_next(s, len, &i);
    bool block_ind = false, line_breaks = false, special = false;
    bool leading_space = false, leading_break = false, trailing_space = false,
         trailing_break = false, break_space = false, space_break = false;
    if ((len >= 3 && strncmp(s, "---", 3) == 0) || (len >= 3 && strncmp(s, "...", 3) == 0))
        block_ind = true;
    bool preceded_ws = true;
    bool followed_ws = n == 1 || is_ws_or_end(cp[1]);
    bool prev_space = false, prev_break = false;
    for (size_t i = 0; i < n; i++) {
        uint32_t ch = cp[i];
        if (i == 0) {
            if (ch && ch < 128 && strchr("#,[]{}&*!|>'\"%@`", (int)ch))
                block_ind = true;
            if ((ch == '?' || ch == ':') && followed_ws)
                block_ind = true;
            if (ch == '-' && followed_ws)
                block_ind = true;
        } else {
            if (ch == ':' && followed_ws)
                block_ind = true;
            if (ch == '#' && preceded_ws)
                block_ind = true;
        }
        if (is_break(ch))
            line_breaks = true;
        if (!(ch == '\n' || (ch >= 0x20 && ch <= 0x7E))) {
            bool uni = (ch == 0x85 || (ch >= 0xA0 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD) ||
                        (ch >= 0x10000 && ch < 0x10FFFF)) &&
                       ch != 0xFEFF;
            if (!uni || !allow_unicode)
                special = true;
        }
        if (ch == ' ') {
            if (i == 0)
                leading_space = true;
            if (i == n - 1)
                trailing_space = true;
            if (prev_break)
                break_space = true;
            prev_space = true;
            prev_break = false;
        } else if (is_break(ch)) {
            if (i == 0)
                leading_break = true;
            if (i == n - 1)
                trailing_break = true;
            if (prev_space)
                space_break = true;
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = prev_break = false;
        }
        preceded_ws = is_ws_or_end(ch);
        followed_ws = i + 2 >= n || is_ws_or_end(cp[i + 2]);
    }
    free(cp);
    a.multiline = line_breaks;
    a.allow_block_plain = true;
    a.allow_single_quoted = true;
    if (leading_space || leading_break || trailing_space || trailing_break)
        a.allow_block_plain = false;
    if (break_space)
        a.allow_block_plain = a.allow_single_quoted = false;
    if (space_break || special)
        a.allow_block_plain = a.allow_single_quoted = false;
    if (line_breaks)
        a.allow_block_plain = false;
    if (block_ind)
        a.allow_block_plain = false;
    return a;
}

/* Emitter.write_plain: a single space becomes a line break once past 80 columns. */
static void write_plain(struct em *e, const char *s, size_t len, int indent, bool split)
{
    size_t start = 0;
    bool spaces = false;
    for (size_t end = 0; end <= len; end++) {
        char ch = end < len ? s[end] : '\0';
        if (spaces) {
            if (ch != ' ') {
                if (start + 1 == end && e->column > BEST_WIDTH && split)
                    em_newline(e, indent);
                else
                    em_write(e, s + start, end - start);
                start = end;
            }
        } else if (end == len || ch == ' ') {
            em_write(e, s + start, end - start);
            start = end;
        }
        spaces = ch == ' ';
    }
}

static void write_single_quoted(struct em *e, const char *s, size_t len, int indent, bool split)
{
    em_puts(e, "'");
    size_t start = 0;
    bool spaces = false, breaks = false;
    for (size_t end = 0; end <= len; end++) {
        char ch = end < len ? s[end] : '\0';
        if (spaces) {
            if (end == len || ch != ' ') {
                if (start + 1 == end && e->column > BEST_WIDTH && split && start != 0 &&
                    end != len)
                    em_newline(e, indent);
                else
                    em_write(e, s + start, end - start);
                start = end;
            }
        } else if (breaks) {
            if (end == len || ch != '\n') {
                /* PyYAML: one extra break before the first, then one per break */
                size_t nb = (s[start] == '\n') + (end - start);
                for (size_t k = 1; k < nb; k++)
                    ak_buf_putc(e->b, '\n');
                em_newline(e, indent);
                start = end;
            }
        } else if (end == len || ch == ' ' || ch == '\n' || ch == '\'') {
            if (start < end) {
                em_write(e, s + start, end - start);
                start = end;
            }
        }
        if (ch == '\'') {
            em_puts(e, "''");
            start = end + 1;
        }
        if (end < len) {
            spaces = ch == ' ';
            breaks = ch == '\n';
        }
    }
    em_puts(e, "'");
}

static void write_double_quoted(struct em *e, const char *s, size_t len)
{
    struct ak_buf tmp = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_putc(&tmp, '"');
    for (size_t i = 0; i < len;) {
        uint32_t ch = utf8_next(s, len, &i);
        const char *rep = NULL;
        switch (ch) {
        case 0: rep = "0"; break;
        case 0x07: rep = "a"; break;
        case 0x08: rep = "b"; break;
        case 0x09: rep = "t"; break;
        case 0x0A: rep = "n"; break;
        case 0x0B: rep = "v"; break;
        case 0x0C: rep = "f"; break;
        case 0x0D: rep = "r"; break;
        case 0x1B: rep = "e"; break;
        case '"': rep = "\""; break;
        case '\\': rep = "\\"; break;
        case 0x85: rep = "N"; break;
        case 0xA0: rep = "_"; break;
        case 0x2028: rep = "L"; break;
        case 0x2029: rep = "P"; break;
        default: break;
        }
        bool printable = (ch >= 0x20 && ch <= 0x7E) ||
                         (e->allow_unicode && ((ch >= 0xA0 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD)));
        if (rep) {
            ak_buf_putc(&tmp, '\\');
            ak_buf_puts(&tmp, rep);
        } else if (ch == 0xFEFF || !printable) {
            if (ch <= 0xFF)
                ak_buf_printf(&tmp, "\\x%02X", ch);
            else if (ch <= 0xFFFF)
                ak_buf_printf(&tmp, "\\u%04X", ch);
            else
                ak_buf_printf(&tmp, "\\U%08X", ch);
        } else {
            utf8_put(&tmp, ch);
        }
    }
    ak_buf_putc(&tmp, '"');
    em_write(e, ak_buf_cstr(&tmp), tmp.len);
    ak_buf_release(&tmp);
}

/* Writes a scalar; returns true when it was written plain (for the root's "..."). */
static bool emit_scalar(struct em *e, const json_t *v, bool simple_key, int indent)
{
    char num[64];
    switch (json_typeof(v)) {
    case JSON_NULL: em_puts(e, "null"); return true;
    case JSON_TRUE: em_puts(e, "true"); return true;
    case JSON_FALSE: em_puts(e, "false"); return true;
    case JSON_INTEGER:
        snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
        em_puts(e, num);
        return true;
    case JSON_REAL: {
        double d = json_real_value(v);
        if (isnan(d)) {
            em_puts(e, ".nan");
        } else if (isinf(d)) {
            em_puts(e, d < 0 ? "-.inf" : ".inf");
        } else {
            ak_py_float_repr(d, num, sizeof(num));
            for (char *p = num; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            if (!strchr(num, '.') && strchr(num, 'e')) {
                char fixed[72];
                char *ep = strchr(num, 'e');
                snprintf(fixed, sizeof(fixed), "%.*s.0%s", (int)(ep - num), num, ep);
                em_puts(e, fixed);
            } else {
                em_puts(e, num);
            }
        }
        return true;
    }
    case JSON_STRING: {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        struct analysis a = analyze(s, len, e->allow_unicode);
        bool implicit = resolve_plain(s) == YR_STR && strlen(s) == len;
        if (implicit && !(simple_key && (a.empty || a.multiline)) && a.allow_block_plain) {
            write_plain(e, s, len, indent, !simple_key);
            return true;
        }
        if (a.allow_single_quoted && !(simple_key && a.multiline))
            write_single_quoted(e, s, len, indent, !simple_key);
        else
            write_double_quoted(e, s, len);
        return false;
    }
    default: return false;
    }
}

static int cmp_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool nonempty_object(const json_t *v)
{
    return json_is_object(v) && json_object_size(v) > 0;
}

static bool nonempty_array(const json_t *v)
{
    return json_is_array(v) && json_array_size(v) > 0;
}

static void emit_inline(struct em *e, const json_t *v, int indent)
{
    if (json_is_object(v))
        em_puts(e, "{}");
    else if (json_is_array(v))
        em_puts(e, "[]");
    else
        emit_scalar(e, v, false, indent);
}

static void emit_seq(struct em *e, const json_t *a, int indent, bool inline_first);

static void emit_map(struct em *e, const json_t *o, int indent, bool inline_first)
{
    size_t n = json_object_size(o);
    const char **keys = ak_xcalloc(n, sizeof(*keys));
    size_t i = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v)
    {
        keys[i++] = k;
    }
    qsort(keys, n, sizeof(*keys), cmp_keys);
    for (i = 0; i < n; i++) {
        if (i > 0 || !inline_first)
            em_newline(e, indent);
        json_t *key = json_string(keys[i]);
        emit_scalar(e, key, true, indent);
        json_decref(key);
        em_puts(e, ":");
        v = json_object_get(o, keys[i]);
        if (nonempty_object(v)) {
            emit_map(e, v, indent + 2, false);
        } else if (nonempty_array(v)) {
            emit_seq(e, v, indent, false);
        } else {
            em_puts(e, " ");
            emit_inline(e, v, indent + 2);
        }
    }
    free(keys);
}

static void emit_seq(struct em *e, const json_t *a, int indent, bool inline_first)
{
    for (size_t i = 0; i < json_array_size(a); i++) {
        if (i > 0 || !inline_first)
            em_newline(e, indent);
        em_puts(e, "- ");
        json_t *v = json_array_get(a, i);
        if (nonempty_object(v))
            emit_map(e, v, indent + 2, true);
        else if (nonempty_array(v))
            emit_seq(e, v, indent + 2, true);
        else
            emit_inline(e, v, indent + 2);
    }
}

void ak_cli_yaml_dump(const json_t *v, bool allow_unicode, struct ak_buf *out)
{
    struct em e = {.b = out, .column = 0, .allow_unicode = allow_unicode};
    if (nonempty_object(v)) {
        emit_map(&e, v, 0, true);
    } else if (nonempty_array(v)) {
        emit_seq(&e, v, 0, true);
    } else if (json_is_object(v) || json_is_array(v)) {
        emit_inline(&e, v, 0);
    } else {
        bool plain = emit_scalar(&e, v, false, 2);
        if (plain) {
            ak_buf_puts(out, "\n...");
        }
    }
    ak_buf_putc(out, '\n');
}

/* ------------------------------------------------------------------ parser */

struct line {
    int indent;        /* leading spaces */
    const char *text;  /* content after the indentation (NUL-terminated copy) */
    int no;            /* 1-based line number */
};

struct yp {
    struct line *l;
    size_t n, i;
    char *buf; /* owns the line texts */
    char *err;
    size_t errlen;
    bool failed;
};

static json_t *yerr(struct yp *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static json_t *yerr(struct yp *p, int line, const char *fmt, ...)
{
    if (!p->failed) {
        char msg[400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        snprintf(p->err, p->errlen, "line %d: %s", line, msg);
    }
    p->failed = true;
    return NULL;
}

static bool blank_or_comment(const char *t)
{
    while (*t == ' ' || *t == '\t')
        t++;
    return *t == '\0' || *t == '#';
}

/* Skips blank and comment lines; returns the current line or NULL at the end. */
static struct line *cur_line(struct yp *p)
{
    while (p->i < p->n && blank_or_comment(p->l[p->i].text))
        p->i++;
    return p->i < p->n ? &p->l[p->i] : NULL;
}

static char *rstrip_dup(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return ak_xstrndup(s, n);
}

/* Converts a plain scalar to its YAML 1.1 type (PyYAML's constructors). */
static json_t *plain_value(const char *s)
{
    switch (resolve_plain(s)) {
    case YR_NULL: return json_null();
    case YR_BOOL: return json_boolean(strchr("yYtT", s[0]) || (s[0] == 'o' && s[1] == 'n') ||
                                      (s[0] == 'O' && (s[1] == 'n' || s[1] == 'N')));
    case YR_INT: {
        char clean[128];
        size_t w = 0;
        for (const char *q = s; *q && w + 1 < sizeof(clean); q++)
            if (*q != '_')
                clean[w++] = *q;
        clean[w] = '\0';
        if (strchr(clean, ':'))
            return json_string(s); /* sexagesimal: keep the text */
        const char *d = clean;
        int sign = 1;
        if (*d == '-' || *d == '+') {
            sign = *d == '-' ? -1 : 1;
            d++;
        }
        long long v;
        if (strcmp(d, "0") == 0)
            v = 0;
        else if (strncmp(d, "0b", 2) == 0)
            v = strtoll(d + 2, NULL, 2);
        else if (strncmp(d, "0x", 2) == 0)
            v = strtoll(d + 2, NULL, 16);
        else if (d[0] == '0')
            v = strtoll(d, NULL, 8);
        else
            v = strtoll(d, NULL, 10);
        return json_integer(sign * v);
    }
    case YR_FLOAT: {
        char clean[128];
        size_t w = 0;
        for (const char *q = s; *q && w + 1 < sizeof(clean); q++)
            if (*q != '_')
                clean[w++] = (char)tolower((unsigned char)*q);
        clean[w] = '\0';
        if (strchr(clean, ':'))
            return json_string(s);
        if (strstr(clean, ".inf"))
            return json_real(clean[0] == '-' ? -INFINITY : INFINITY);
        if (strstr(clean, ".nan"))
            return json_real(NAN);
        return json_real(strtod(clean, NULL));
    }
    default: return json_string(s);
    }
}

/* Strips a trailing " #comment" from a plain scalar's text. */
static char *plain_text(const char *t)
{
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++)
        if (t[i] == '#' && i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t')) {
            n = i;
            break;
        }
    return rstrip_dup(t, n);
}

static json_t *parse_block(struct yp *p, int parent);
static json_t *flow_value(struct yp *p, const char **s, int line);

static void skip_sp(const char **s)
{
    while (**s == ' ' || **s == '\t' || **s == '\n')
        (*s)++;
}

/* Double- or single-quoted scalar starting at *s (the quote); advances past it. Embedded
 * newlines fold to spaces (YAML line folding). */
static json_t *quoted(struct yp *p, const char **s, int line)
{
    char q = **s;
    const char *c = *s + 1;
    struct ak_buf b = AK_BUF_INIT(16u << 20);
    for (;;) {
        if (*c == '\0') {
            ak_buf_release(&b);
            return yerr(p, line, "unterminated %s-quoted string", q == '"' ? "double" : "single");
        }
        if (*c == q) {
            if (q == '\'' && c[1] == '\'') {
                ak_buf_putc(&b, '\'');
                c += 2;
                continue;
            }
            c++;
            break;
        }
        if (*c == '\n') {
            /* fold: trailing spaces of the line and leading spaces of the next go */
            while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\t'))
                b.len--;
            int breaks = 0;
            while (*c == '\n' || *c == ' ' || *c == '\t') {
                if (*c == '\n')
                    breaks++;
                c++;
            }
            if (breaks == 1)
                ak_buf_putc(&b, ' ');
            else
                for (int k = 1; k < breaks; k++)
                    ak_buf_putc(&b, '\n');
            continue;
        }
        if (q == '"' && *c == '\\') {
            c++;
            char e = *c;
            static const char from[] = "0abtnvfre\"\\/ N_LP\t";
            static const char *const to[] = {"\0", "\a", "\b", "\t", "\n", "\v", "\f", "\r",
                                             "\x1b", "\"", "\\", "/", " ", "\xc2\x85",
                                             "\xc2\xa0", "\xe2\x80\xa8", "\xe2\x80\xa9", "\t"};
            const char *f = e ? strchr(from, e) : NULL;
            if (f) {
                const char *r = to[f - from];
                if (e == '0')
                    ak_buf_putc(&b, '\0');
                else
                    ak_buf_puts(&b, r);
                c++;
            } else if (e == 'x' || e == 'u' || e == 'U') {
                int nd = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                char hex[9] = {0};
                for (int k = 0; k < nd; k++) {
                    if (!isxdigit((unsigned char)c[1 + k])) {
                        ak_buf_release(&b);
                        return yerr(p, line, "bad \\%c escape in a double-quoted string", e);
                    }
                    hex[k] = c[1 + k];
                }
                utf8_put(&b, (uint32_t)strtoul(hex, NULL, 16));
                c += 1 + nd;
            } else if (e == '\n') {
                c++;
                while (*c == ' ' || *c == '\t')
                    c++;
            } else {
                ak_buf_release(&b);
                return yerr(p, line, "unknown escape \\%c in a double-quoted string", e);
            }
            continue;
        }
        ak_buf_putc(&b, *c++);
    }
    *s = c;
    json_t *r = json_stringn(b.data ? b.data : "", b.len);
    ak_buf_release(&b);
    return r;
}

/* Flow scalar: plain text up to , ] } or ": " */
static json_t *flow_plain(struct yp *p, const char **s, int line)
{
    const char *c = *s;
    const char *start = c;
    for (; *c && *c != ',' && *c != ']' && *c != '}'; c++) {
        if (*c == ':' && strchr(" ,}]", c[1])) /* also matches c[1] == '\0' */
            break;
        if (*c == '#' && c > start && c[-1] == ' ')
            break;
    }
    char *t = rstrip_dup(start, (size_t)(c - start));
    for (char *q = t; *q; q++)
        if (*q == '\n')
            *q = ' ';
    *s = c;
    if (!*t) {
        free(t);
        return yerr(p, line, "empty value in a flow collection");
    }
    json_t *v = plain_value(t);
    free(t);
    return v;
}

static json_t *flow_value(struct yp *p, const char **s, int line)
{
    skip_sp(s);
    char c = **s;
    if (c == '[') {
        (*s)++;
        json_t *a = json_array();
        for (;;) {
            skip_sp(s);
            if (**s == ']') {
                (*s)++;
                return a;
            }
            json_t *v = flow_value(p, s, line);
            if (!v) {
                json_decref(a);
                return NULL;
            }
            json_array_append_new(a, v);
            skip_sp(s);
            if (**s == ',') {
                (*s)++;
                continue;
            }
            if (**s == ']') {
                (*s)++;
                return a;
            }
            json_decref(a);
            return yerr(p, line, "expected ',' or ']' in a flow sequence");
        }
    }
    if (c == '{') {
        (*s)++;
        json_t *o = json_object();
        for (;;) {
            skip_sp(s);
            if (**s == '}') {
                (*s)++;
                return o;
            }
            json_t *k = **s == '"' || **s == '\'' ? quoted(p, s, line) : flow_plain(p, s, line);
            if (!k) {
                json_decref(o);
                return NULL;
            }
            skip_sp(s);
            json_t *v;
            if (**s == ':') {
                (*s)++;
                skip_sp(s);
                v = (**s == ',' || **s == '}') ? json_null() : flow_value(p, s, line);
            } else {
                v = json_null();
            }
            if (!v || !json_is_string(k)) {
                json_decref(k);
                json_decref(v);
                json_decref(o);
                return p->failed ? NULL : yerr(p, line, "flow mapping keys must be strings");
            }
            json_object_set_new(o, json_string_value(k), v);
            json_decref(k);
            skip_sp(s);
            if (**s == ',') {
                (*s)++;
                continue;
            }
            if (**s == '}') {
                (*s)++;
                return o;
            }
            json_decref(o);
            return yerr(p, line, "expected ',' or '}' in a flow mapping");
        }
    }
    if (c == '"' || c == '\'')
        return quoted(p, s, line);
    return flow_plain(p, s, line);
}

/* Joins the current line's text from `t` with following lines while brackets/quotes are
 * open (flow collections and quoted scalars may span lines). */
static char *gather(struct yp *p, const char *t, bool quote_mode)
{
    struct ak_buf b = AK_BUF_INIT(16u << 20);
    ak_buf_puts(&b, t);
    for (;;) {
        int depth = 0;
        char inq = 0;
        const char *s = ak_buf_cstr(&b);
        bool closed_once = false;
        for (size_t i = 0; s[i]; i++) {
            char c = s[i];
            if (inq) {
                if (c == inq) {
                    if (inq == '\'' && s[i + 1] == '\'') {
                        i++;
                        continue;
                    }
                    inq = 0;
                    if (quote_mode && depth == 0)
                        closed_once = true;
                } else if (inq == '"' && c == '\\' && s[i + 1]) {
                    i++;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                inq = c;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
                if (depth == 0)
                    closed_once = true;
            } else if (c == '#' && i > 0 && s[i - 1] == ' ' && depth == 0) {
                break;
            }
        }
        if ((!inq && depth <= 0) || closed_once || p->i + 1 >= p->n)
            break;
        p->i++;
        ak_buf_putc(&b, '\n');
        ak_buf_puts(&b, p->l[p->i].text);
    }
    char *r = ak_buf_detach(&b, NULL);
    return r ? r : ak_xstrdup("");
}

/* Block scalar (| or >) whose header is `h`; content lines are indented more than parent. */
static json_t *block_scalar(struct yp *p, const char *h, int parent, int line)
{
    bool literal = *h == '|';
    char chomp = 0;
    int explicit_indent = 0;
    for (const char *c = h + 1; *c && *c != ' ' && *c != '#'; c++) {
        if (*c == '-' || *c == '+')
            chomp = *c;
        else if (isdigit((unsigned char)*c))
            explicit_indent = *c - '0';
        else
            return yerr(p, line, "bad block scalar header '%s'", h);
    }
    p->i++;
    int ind = explicit_indent ? parent + explicit_indent : -1;
    struct ak_buf b = AK_BUF_INIT(16u << 20);
    int pending_breaks = 0;
    bool first = true, prev_more = false;
    while (p->i < p->n) {
        struct line *L = &p->l[p->i];
        bool blank = L->text[0] == '\0';
        if (!blank) {
            if (ind < 0)
                ind = L->indent;
            if (L->indent < ind || L->indent <= parent)
                break;
        }
        if (blank) {
            pending_breaks++;
            p->i++;
            continue;
        }
        bool more = L->indent > ind;
        if (!first) {
            if (literal || more || prev_more) {
                for (int k = 0; k <= pending_breaks; k++)
                    ak_buf_putc(&b, '\n');
            } else if (pending_breaks == 0) {
                ak_buf_putc(&b, ' ');
            } else {
                for (int k = 0; k < pending_breaks; k++)
                    ak_buf_putc(&b, '\n');
            }
        } else {
            for (int k = 0; k < pending_breaks; k++)
                ak_buf_putc(&b, '\n');
        }
        pending_breaks = 0;
        for (int k = ind; k < L->indent; k++)
            ak_buf_putc(&b, ' ');
        ak_buf_puts(&b, L->text);
        first = false;
        prev_more = more;
        p->i++;
    }
    if (!first) {
        if (chomp == '+') {
            for (int k = 0; k <= pending_breaks; k++)
                ak_buf_putc(&b, '\n');
        } else if (chomp != '-') {
            ak_buf_putc(&b, '\n');
        }
    }
    json_t *r = json_stringn(b.data ? b.data : "", b.len);
    ak_buf_release(&b);
    return r;
}

/* A value written after "key:" or "- " on line p->i, starting at `t`. Consumes the lines
 * it uses (the current one included). */
static json_t *inline_value(struct yp *p, const char *t, int parent)
{
    int line = p->l[p->i].no;
    if (*t == '&' || *t == '*' || (*t == '!' && t[1] != '=')) {
        return yerr(p, line, "YAML anchors, aliases and tags are not supported here ('%s')", t);
    }
    if (*t == '|' || *t == '>')
        return block_scalar(p, t, parent, line);
    if (*t == '[' || *t == '{' || *t == '"' || *t == '\'') {
        char *all = gather(p, t, *t == '"' || *t == '\'');
        const char *s = all;
        json_t *v = (*t == '"' || *t == '\'') ? quoted(p, &s, line) : flow_value(p, &s, line);
        if (v) {
            skip_sp(&s);
            if (*s && *s != '#') {
                json_decref(v);
                v = yerr(p, line, "unexpected text after a value: '%s'", s);
            }
        }
        free(all);
        p->i++;
        return v;
    }
    /* plain, possibly continued on more-indented lines */
    char *first = plain_text(t);
    struct ak_buf b = AK_BUF_INIT(16u << 20);
    ak_buf_puts(&b, first);
    free(first);
    p->i++;
    while (p->i < p->n) {
        struct line *L = &p->l[p->i];
        if (L->text[0] == '\0' || L->text[0] == '#' || L->indent <= parent)
            break;
        char *more = plain_text(L->text);
        ak_buf_putc(&b, ' ');
        ak_buf_puts(&b, more);
        free(more);
        p->i++;
    }
    json_t *v = plain_value(ak_buf_cstr(&b));
    ak_buf_release(&b);
    return v;
}

static bool is_seq_line(const char *t)
{
    return t[0] == '-' && (t[1] == ' ' || t[1] == '\0');
}

/* Finds "key:" on a mapping line; returns the value text (after ": ") or NULL if the line is
 * not a mapping entry. *key_out gets a new reference to the key string. */
static const char *split_key(struct yp *p, const char *t, json_t **key_out, int line)
{
    *key_out = NULL;
    if (*t == '"' || *t == '\'') {
        const char *s = t;
        json_t *k = quoted(p, &s, line);
        if (!k)
            return NULL;
        while (*s == ' ')
            s++;
        if (*s != ':' || !(s[1] == ' ' || s[1] == '\0')) {
            json_decref(k);
            return NULL;
        }
        *key_out = k;
        s++;
        while (*s == ' ')
            s++;
        return s;
    }
    for (const char *c = t; *c; c++) {
        if (*c == '#' && c > t && c[-1] == ' ')
            return NULL;
        if (*c == ':' && (c[1] == ' ' || c[1] == '\0')) {
            char *k = rstrip_dup(t, (size_t)(c - t));
            *key_out = json_string(k);
            free(k);
            const char *v = c + 1;
            while (*v == ' ')
                v++;
            return v;
        }
    }
    return NULL;
}

static json_t *parse_seq(struct yp *p, int ind)
{
    json_t *a = json_array();
    for (;;) {
        struct line *L = cur_line(p);
        if (!L || L->indent != ind || !is_seq_line(L->text))
            break;
        const char *t = L->text + 1;
        int extra = 1;
        while (*t == ' ') {
            t++;
            extra++;
        }
        json_t *v;
        if (*t == '\0' || *t == '#') {
            p->i++;
            struct line *N = cur_line(p);
            v = N && N->indent > ind ? parse_block(p, ind) : json_null();
        } else {
            /* compact form: the item's content is a node starting at column ind+extra */
            L->indent = ind + extra;
            L->text = t;
            v = parse_block(p, ind);
        }
        if (!v) {
            json_decref(a);
            return NULL;
        }
        json_array_append_new(a, v);
    }
    return a;
}

static json_t *parse_map(struct yp *p, int ind)
{
    json_t *o = json_object();
    for (;;) {
        struct line *L = cur_line(p);
        if (!L || L->indent < ind)
            break;
        if (L->indent > ind) {
            json_decref(o);
            return yerr(p, L->no, "bad indentation of a mapping entry");
        }
        if (is_seq_line(L->text))
            break;
        json_t *key;
        const char *rest = split_key(p, L->text, &key, L->no);
        if (!rest) {
            json_decref(o);
            return p->failed ? NULL : yerr(p, L->no, "expected 'key: value', got '%s'", L->text);
        }
        if (!json_is_string(key)) {
            json_decref(key);
            json_decref(o);
            return yerr(p, L->no, "mapping keys must be strings");
        }
        json_t *v;
        if (*rest == '\0' || *rest == '#') {
            p->i++;
            struct line *N = cur_line(p);
            if (N && N->indent > ind)
                v = parse_block(p, ind);
            else if (N && N->indent == ind && is_seq_line(N->text))
                v = parse_seq(p, ind);
            else
                v = json_null();
        } else {
            v = inline_value(p, rest, ind);
        }
        if (!v) {
            json_decref(key);
            json_decref(o);
            return NULL;
        }
        json_object_set_new(o, json_string_value(key), v);
        json_decref(key);
    }
    return o;
}

/* The node on the current line, which is indented more than parent. */
static json_t *parse_block(struct yp *p, int parent)
{
    struct line *L = cur_line(p);
    if (!L)
        return json_null();
    if (is_seq_line(L->text))
        return parse_seq(p, L->indent);
    json_t *key = NULL;
    const char *rest = split_key(p, L->text, &key, L->no);
    json_decref(key);
    if (p->failed)
        return NULL;
    if (rest)
        return parse_map(p, L->indent);
    return inline_value(p, L->text, parent);
}

json_t *ak_cli_yaml_parse(const char *text, size_t len, char *err, size_t errlen)
{
    struct yp p = {.err = err, .errlen = errlen};
    p.buf = ak_xstrndup(text, len);
    /* split lines; strip \r; record indentation */
    size_t cap = 0;
    int no = 0;
    for (char *s = p.buf; s;) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        size_t l = strlen(s);
        if (l && s[l - 1] == '\r')
            s[--l] = '\0';
        no++;
        int ind = 0;
        while (s[ind] == ' ')
            ind++;
        if (s[ind] == '\t' && !blank_or_comment(s)) {
            free(p.buf);
            free(p.l);
            snprintf(err, errlen, "line %d: tabs cannot be used for indentation", no);
            return NULL;
        }
        AK_GROW(p.l, p.n + 1, cap);
        p.l[p.n].indent = ind;
        p.l[p.n].text = s + ind;
        p.l[p.n].no = no;
        p.n++;
        s = nl ? nl + 1 : NULL;
    }
    /* document markers */
    struct line *L = cur_line(&p);
    if (L && L->indent == 0 && strncmp(L->text, "---", 3) == 0 &&
        (L->text[3] == '\0' || L->text[3] == ' ')) {
        const char *rest = L->text + 3;
        while (*rest == ' ')
            rest++;
        if (*rest && *rest != '#') {
            int off = (int)(rest - L->text);
            L->text = rest;
            L->indent = off;
        } else {
            p.i++;
        }
    }
    size_t end = p.n;
    for (size_t i = p.i; i < p.n; i++)
        if (p.l[i].indent == 0 && (strcmp(p.l[i].text, "...") == 0 ||
                                   strncmp(p.l[i].text, "---", 3) == 0)) {
            end = i;
            break;
        }
    p.n = end;
    json_t *v = parse_block(&p, -1);
    if (v && cur_line(&p)) {
        json_decref(v);
        v = yerr(&p, p.l[p.i].no, "unexpected content '%s'", p.l[p.i].text);
    }
    free(p.l);
    free(p.buf);
    return v;
}
