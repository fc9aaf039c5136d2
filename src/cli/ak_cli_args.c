/* ak_cli_args.c - argparse-compatible option parsing for the az-style commands (see
 * ak_cli_args.h). */
#include "ak_cli_args.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/ak_buf.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

static const struct ak_argspec globals[] = {
    {"debug", "--debug", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
     "Print every request and response on stderr."},
    {"help", "--help -h", AK_A_FLAG, AK_AT_STR, NULL, false, NULL, "Show this help message and exit."},
    {"only_show_errors", "--only-show-errors", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
     "Only show errors, suppressing warnings."},
    {"output", "--output -o", AK_A_VAL, AK_AT_ENUM, "json jsonc yaml yamlc table tsv none", false,
     "json", "Output format."},
    {"query", "--query", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
     "JMESPath query string. See http://jmespath.org/ for more information and examples."},
    {"subscription", "--subscription", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
     "ID of the subscription (default: the daemon's only subscription)."},
    {"verbose", "--verbose", AK_A_FLAG, AK_AT_STR, NULL, false, NULL,
     "Increase logging verbosity."},
    {"url", "--url", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
     "aksemu: the daemon's https://HOST:PORT (default: $AKSEMU_URL, then DATA/url)."},
    {"data", "--data", AK_A_VAL, AK_AT_STR, NULL, false, NULL,
     "aksemu: the daemon's data directory, for its CA certificate (default: $AKSEMU_DATA, "
     "then ./.aksemu)."},
};

/* ------------------------------------------------------------------ Python conversions */

static bool strip_underscores(const char *s, char *out, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '_') {
            if (i == 0 || !isdigit((unsigned char)s[i - 1]) || !isdigit((unsigned char)s[i + 1]))
                return false;
            continue;
        }
        if (w + 1 >= n)
            return false;
        out[w++] = s[i];
    }
    out[w] = '\0';
    return true;
}

static void trim(const char *s, char *out, size_t n)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    snprintf(out, n, "%.*s", (int)len, s);
}

bool ak_py_parse_int(const char *s, long long *out)
{
    char t[128], c[128];
    trim(s, t, sizeof(t));
    if (!strip_underscores(t, c, sizeof(c)))
        return false;
    const char *p = c;
    if (*p == '+' || *p == '-')
        p++;
    if (!*p)
        return false;
    for (const char *q = p; *q; q++)
        if (!isdigit((unsigned char)*q))
            return false;
    errno = 0;
    long long v = strtoll(c, NULL, 10);
    if (errno)
        return false;
    *out = v;
    return true;
}

bool ak_py_parse_float(const char *s, double *out)
{
    char t[128], c[128];
    trim(s, t, sizeof(t));
    if (!*t)
        return false;
    const char *p = t[0] == '+' || t[0] == '-' ? t + 1 : t;
    if (strcasecmp(p, "inf") == 0 || strcasecmp(p, "infinity") == 0 || strcasecmp(p, "nan") == 0) {
        double v = strcasecmp(p, "nan") == 0 ? NAN : INFINITY;
        *out = t[0] == '-' ? -v : v;
        return true;
    }
    if (!strip_underscores(t, c, sizeof(c)))
        return false;
    for (const char *q = c; *q; q++)
        if (!(isdigit((unsigned char)*q) || *q == '.' || *q == 'e' || *q == 'E' || *q == '+' ||
              *q == '-'))
            return false;
    char *end;
    double v = strtod(c, &end);
    if (end == c || *end)
        return false;
    *out = v;
    return true;
}

/* ------------------------------------------------------------------ option table */

struct optstr {
    const char *s; /* without the '~' */
    size_t idx;    /* index into the combined spec */
    bool hidden;
};

struct table {
    struct optstr *o;
    size_t n, cap;
};

static const struct ak_argspec *spec_at(const struct ak_args *a, size_t i)
{
    return &a->spec[i];
}

static void build_table(const struct ak_args *a, struct table *t, char **storage)
{
    /* storage keeps a writable copy of every opts string */
    for (size_t i = 0; i < a->n; i++) {
        storage[i] = ak_xstrdup(spec_at(a, i)->opts);
        char *save = NULL;
        for (char *tok = strtok_r(storage[i], " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
            AK_GROW(t->o, t->n + 1, t->cap);
            bool hidden = tok[0] == '~';
            t->o[t->n].s = hidden ? tok + 1 : tok;
            t->o[t->n].idx = i;
            t->o[t->n].hidden = hidden;
            t->n++;
        }
    }
}

static void display_name(const struct ak_argspec *s, struct ak_buf *b)
{
    char *copy = ak_xstrdup(s->opts);
    char *save = NULL;
    bool first = true;
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (tok[0] == '~')
            continue;
        if (!first)
            ak_buf_putc(b, '/');
        ak_buf_puts(b, tok);
        first = false;
    }
    free(copy);
}

static void first_long(const struct ak_argspec *s, char *out, size_t n)
{
    const char *p = strstr(s->opts, "--");
    size_t len = p ? strcspn(p, " ") : strcspn(s->opts, " ");
    snprintf(out, n, "%.*s", (int)len, p ? p : s->opts);
}

enum cls { C_POS, C_OPT, C_UNKNOWN, C_AMBIG };

struct classified {
    enum cls c;
    size_t idx;          /* C_OPT: spec index */
    const char *explicit_arg;
    char *explicit_copy; /* owns the explicit arg when split from "--x=v" */
    char *ambig_msg;
};

static bool negative_number(const char *s)
{
    /* argparse: '^-\d+$|^-\d*\.\d+$' */
    if (s[0] != '-' || !s[1])
        return false;
    const char *p = s + 1;
    size_t digits = strspn(p, "0123456789");
    if (p[digits] == '\0')
        return digits > 0;
    if (p[digits] != '.')
        return false;
    const char *q = p + digits + 1;
    size_t frac = strspn(q, "0123456789");
    return frac > 0 && q[frac] == '\0';
}

static void classify(const struct table *t, const struct ak_args *a, const char *arg,
                     struct classified *out)
{
    memset(out, 0, sizeof(*out));
    out->c = C_POS;
    if (!arg[0] || arg[0] != '-')
        return;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->o[i].s, arg) == 0) {
            out->c = C_OPT;
            out->idx = t->o[i].idx;
            return;
        }
    if (!arg[1])
        return;
    const char *eq = strchr(arg, '=');
    if (eq) {
        char *name = ak_xstrndup(arg, (size_t)(eq - arg));
        for (size_t i = 0; i < t->n; i++)
            if (strcmp(t->o[i].s, name) == 0) {
                out->c = C_OPT;
                out->idx = t->o[i].idx;
                out->explicit_copy = ak_xstrdup(eq + 1);
                out->explicit_arg = out->explicit_copy;
                free(name);
                return;
            }
        free(name);
    }
    /* unique prefixes (argparse allow_abbrev), and -cVALUE for short options */
    size_t matches[64];
    const char *mexpl[64];
    size_t nm = 0;
    if (arg[1] == '-') {
        size_t plen = eq ? (size_t)(eq - arg) : strlen(arg);
        for (size_t i = 0; i < t->n && nm < 64; i++) {
            if (t->o[i].hidden || strncmp(t->o[i].s, "--", 2) != 0)
                continue;
            if (strncmp(t->o[i].s, arg, plen) == 0) {
                matches[nm] = i;
                mexpl[nm] = eq ? eq + 1 : NULL;
                nm++;
            }
        }
    } else {
        for (size_t i = 0; i < t->n && nm < 64; i++) {
            if (t->o[i].hidden)
                continue;
            const char *o = t->o[i].s;
            if (strlen(o) == 2 && o[1] != '-' && strncmp(o, arg, 2) == 0) {
                matches[nm] = i;
                mexpl[nm] = arg + 2;
                nm++;
            } else if (strncmp(o, arg, strlen(arg)) == 0) {
                matches[nm] = i;
                mexpl[nm] = NULL;
                nm++;
            }
        }
    }
    if (nm > 1) {
        struct ak_buf b = AK_BUF_INIT(1u << 16);
        size_t plen = eq ? (size_t)(eq - arg) : strlen(arg);
        ak_buf_printf(&b, "ambiguous option: %.*s could match ", (int)plen, arg);
        for (size_t k = 0; k < nm; k++)
            ak_buf_printf(&b, "%s%s", k ? ", " : "", t->o[matches[k]].s);
        out->c = C_AMBIG;
        out->ambig_msg = ak_buf_detach(&b, NULL);
        return;
    }
    if (nm == 1) {
        out->c = C_OPT;
        out->idx = t->o[matches[0]].idx;
        if (mexpl[0]) {
            out->explicit_copy = ak_xstrdup(mexpl[0]);
            out->explicit_arg = out->explicit_copy;
        }
        return;
    }
    if (negative_number(arg))
        return;
    if (strchr(arg, ' '))
        return;
    out->c = C_UNKNOWN;
    (void)a;
}

/* ------------------------------------------------------------------ help */

static void wrap(FILE *f, const char *text, size_t indent, size_t width)
{
    size_t col = indent;
    const char *p = text;
    bool first = true;
    while (*p) {
        size_t w = strcspn(p, " ");
        if (!first && col + 1 + w > width) {
            fputc('\n', f);
            for (size_t i = 0; i < indent; i++)
                fputc(' ', f);
            col = indent;
            first = true;
        }
        if (!first) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, w, f);
        col += w;
        first = false;
        p += w;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

static void help_name(const struct ak_argspec *s, char *out, size_t n)
{
    struct ak_buf b = AK_BUF_INIT(1024);
    char *copy = ak_xstrdup(s->opts);
    char *save = NULL;
    bool first = true;
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (tok[0] == '~')
            continue;
        ak_buf_printf(&b, "%s%s", first ? "" : " ", tok);
        first = false;
    }
    free(copy);
    snprintf(out, n, "%s", ak_buf_cstr(&b));
    ak_buf_release(&b);
}

static void print_args(FILE *f, const struct ak_argspec *spec, size_t n, size_t namew)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const struct ak_argspec *s = &spec[i];
            if ((pass == 0) != s->required)
                continue;
            char name[256];
            help_name(s, name, sizeof(name));
            char label[300];
            snprintf(label, sizeof(label), "%-*s%s", (int)(namew > 11 ? namew - 11 : 0), name,
                     s->required ? " [Required]" : "");
            struct ak_buf h = AK_BUF_INIT(1u << 16);
            ak_buf_puts(&h, s->help ? s->help : "");
            if (s->type == AK_AT_ENUM && s->choices) {
                ak_buf_puts(&h, "  Allowed values: ");
                char *c = ak_xstrdup(s->choices);
                char *save = NULL;
                bool first = true;
                for (char *tok = strtok_r(c, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
                    ak_buf_printf(&h, "%s%s", first ? "" : ", ", tok);
                    first = false;
                }
                free(c);
                ak_buf_putc(&h, '.');
            }
            if (s->def)
                ak_buf_printf(&h, "  Default: %s.", s->def);
            fprintf(f, "    %-*s : ", (int)namew, label);
            wrap(f, ak_buf_cstr(&h), 4 + namew + 3, 100);
            ak_buf_release(&h);
        }
    }
}

static size_t name_width(const struct ak_argspec *spec, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char name[256];
        help_name(&spec[i], name, sizeof(name));
        size_t l = strlen(name) + 11; /* room for " [Required]" */
        if (l > w)
            w = l;
    }
    return w > 48 ? 48 : w;
}

static void print_help(const char *prog, const char *summary, const struct ak_argspec *spec,
                       size_t n)
{
    FILE *f = stdout;
    fprintf(f, "\nCommand\n    %s : %s\n\n", prog, summary);
    size_t w = name_width(spec, n);
    size_t gw = name_width(globals, AK_ARRAY_LEN(globals));
    if (gw > w)
        w = gw;
    if (n) {
        fputs("Arguments\n", f);
        print_args(f, spec, n, w);
        fputc('\n', f);
    }
    fputs("Global Arguments\n", f);
    print_args(f, globals, AK_ARRAY_LEN(globals), w);
    fputc('\n', f);
}

/* ------------------------------------------------------------------ parse */

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ERROR: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}

static int convert(const struct ak_args *a, const struct ak_argspec *s, const char *raw,
                   char **out)
{
    struct ak_buf name = AK_BUF_INIT(1024);
    display_name(s, &name);
    int rc = 0;
    if (s->type == AK_AT_INT) {
        long long v;
        if (!ak_py_parse_int(raw, &v))
            rc = usage_error("argument %s: invalid int value: '%s'", ak_buf_cstr(&name), raw);
        else
            *out = ak_xasprintf("%lld", v);
    } else if (s->type == AK_AT_FLOAT) {
        double v;
        if (!ak_py_parse_float(raw, &v))
            rc = usage_error("argument %s: invalid float value: '%s'", ak_buf_cstr(&name), raw);
        else
            *out = ak_xstrdup(raw);
    } else if (s->type == AK_AT_ENUM) {
        char *c = ak_xstrdup(s->choices);
        char *save = NULL;
        for (char *tok = strtok_r(c, " ", &save); tok && !*out; tok = strtok_r(NULL, " ", &save))
            if (strcasecmp(tok, raw) == 0)
                *out = ak_xstrdup(tok);
        free(c);
        if (!*out) {
            char opt[128];
            first_long(s, opt, sizeof(opt));
            struct ak_buf allowed = AK_BUF_INIT(4096);
            char *c2 = ak_xstrdup(s->choices);
            save = NULL;
            bool first = true;
            for (char *tok = strtok_r(c2, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
                ak_buf_printf(&allowed, "%s%s", first ? "" : ", ", tok);
                first = false;
            }
            free(c2);
            rc = usage_error("%s: '%s' is not a valid value for '%s'. Allowed values: %s.", a->prog,
                             raw, opt, ak_buf_cstr(&allowed));
            ak_buf_release(&allowed);
        }
    } else {
        *out = ak_xstrdup(raw);
    }
    ak_buf_release(&name);
    return rc;
}

int ak_args_parse(struct ak_args *a, const char *prog, const char *summary,
                  const struct ak_argspec *spec, size_t nspec, int argc, char **argv)
{
    memset(a, 0, sizeof(*a));
    a->prog = prog;
    a->n = nspec + AK_ARRAY_LEN(globals);
    struct ak_argspec *all = ak_xcalloc(a->n, sizeof(*all));
    if (nspec)
        memcpy(all, spec, nspec * sizeof(*spec));
    memcpy(all + nspec, globals, sizeof(globals));
    a->spec = all;
    a->v = ak_xcalloc(a->n, sizeof(*a->v));

    struct table t = {0};
    char **storage = ak_xcalloc(a->n, sizeof(*storage));
    build_table(a, &t, storage);
    struct classified *cl = ak_xcalloc(argc > 0 ? (size_t)argc : 1, sizeof(*cl));
    int rc = 0;
    struct ak_strs extras = {0};

    for (int i = 0; i < argc; i++) {
        classify(&t, a, argv[i], &cl[i]);
        if (cl[i].c == C_AMBIG) {
            rc = usage_error("%s", cl[i].ambig_msg);
            goto out;
        }
    }
    for (int i = 0; i < argc; i++) {
        if (cl[i].c == C_OPT && strcmp(spec_at(a, cl[i].idx)->dest, "help") == 0) {
            print_help(prog, summary, spec, nspec);
            rc = -1;
            goto out;
        }
    }
    {
        struct ak_buf typed = AK_BUF_INIT(1u << 16);
        for (int i = 0; i < argc; i++) {
            if (cl[i].c != C_OPT)
                continue;
            size_t len = strcspn(argv[i], "=");
            ak_buf_printf(&typed, "%s%.*s", typed.len ? " " : "", (int)len, argv[i]);
        }
        a->typed = ak_buf_detach(&typed, NULL);
    }
    for (int i = 0; i < argc;) {
        if (cl[i].c != C_OPT) {
            ak_strs_push(&extras, argv[i]);
            i++;
            continue;
        }
        const struct ak_argspec *s = spec_at(a, cl[i].idx);
        struct ak_argval *v = &a->v[cl[i].idx];
        struct ak_buf name = AK_BUF_INIT(1024);
        display_name(s, &name);
        if (s->kind == AK_A_FLAG) {
            if (cl[i].explicit_arg) {
                rc = usage_error("argument %s: ignored explicit argument '%s'", ak_buf_cstr(&name),
                                 cl[i].explicit_arg);
                ak_buf_release(&name);
                goto out;
            }
            v->set = true;
            i++;
        } else if (s->kind == AK_A_VAL) {
            const char *raw = cl[i].explicit_arg;
            int used = 1;
            if (!raw) {
                if (i + 1 < argc && cl[i + 1].c == C_POS) {
                    raw = argv[i + 1];
                    used = 2;
                } else {
                    rc = usage_error("argument %s: expected one argument", ak_buf_cstr(&name));
                    ak_buf_release(&name);
                    goto out;
                }
            }
            char *conv = NULL;
            if ((rc = convert(a, s, raw, &conv)) != 0) {
                ak_buf_release(&name);
                goto out;
            }
            free(v->val);
            v->val = conv;
            v->set = true;
            i += used;
        } else {
            ak_strs_release(&v->list);
            int j = i + 1;
            if (cl[i].explicit_arg) {
                ak_strs_push(&v->list, cl[i].explicit_arg);
            } else {
                while (j < argc && cl[j].c == C_POS) {
                    ak_strs_push(&v->list, argv[j]);
                    j++;
                }
            }
            if (s->kind == AK_A_LIST1 && v->list.n == 0) {
                rc = usage_error("argument %s: expected at least one argument", ak_buf_cstr(&name));
                ak_buf_release(&name);
                goto out;
            }
            v->set = true;
            i = j;
        }
        ak_buf_release(&name);
    }
    /* required first (argparse checks them before complaining about extras) */
    {
        struct ak_buf miss = AK_BUF_INIT(1u << 16);
        for (size_t i = 0; i < a->n; i++) {
            if (spec_at(a, i)->required && !a->v[i].set) {
                if (miss.len)
                    ak_buf_puts(&miss, ", ");
                display_name(spec_at(a, i), &miss);
            }
        }
        if (miss.len) {
            rc = usage_error("the following arguments are required: %s", ak_buf_cstr(&miss));
            ak_buf_release(&miss);
            goto out;
        }
        ak_buf_release(&miss);
    }
    if (extras.n) {
        struct ak_buf b = AK_BUF_INIT(1u << 16);
        for (size_t i = 0; i < extras.n; i++)
            ak_buf_printf(&b, "%s%s", i ? " " : "", extras.v[i]);
        rc = usage_error("unrecognized arguments: %s", ak_buf_cstr(&b));
        ak_buf_release(&b);
        goto out;
    }
out:
    for (int i = 0; i < argc; i++) {
        free(cl[i].explicit_copy);
        free(cl[i].ambig_msg);
    }
    free(cl);
    for (size_t i = 0; i < a->n; i++)
        free(storage[i]);
    free(storage);
    free(t.o);
    ak_strs_release(&extras);
    return rc;
}

void ak_args_release(struct ak_args *a)
{
    if (a->v) {
        for (size_t i = 0; i < a->n; i++) {
            free(a->v[i].val);
            ak_strs_release(&a->v[i].list);
        }
    }
    free(a->v);
    free(a->typed);
    free((void *)a->spec);
    memset(a, 0, sizeof(*a));
}

static const struct ak_argval *find(const struct ak_args *a, const char *dest)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->spec[i].dest, dest) == 0)
            return &a->v[i];
    ak_fatal("ak_args: no option '%s' in the spec of %s", dest, a->prog);
}

bool ak_arg_set(const struct ak_args *a, const char *dest)
{
    return find(a, dest)->set;
}

const char *ak_arg_str(const struct ak_args *a, const char *dest)
{
    const struct ak_argval *v = find(a, dest);
    return v->set ? v->val : NULL;
}

bool ak_arg_flag(const struct ak_args *a, const char *dest)
{
    return find(a, dest)->set;
}

const struct ak_strs *ak_arg_list(const struct ak_args *a, const char *dest)
{
    const struct ak_argval *v = find(a, dest);
    return v->set ? &v->list : NULL;
}

long long ak_arg_int(const struct ak_args *a, const char *dest, long long def)
{
    const struct ak_argval *v = find(a, dest);
    long long r;
    if (!v->set || !ak_py_parse_int(v->val, &r))
        return def;
    return r;
}

double ak_arg_float(const struct ak_args *a, const char *dest, double def)
{
    const struct ak_argval *v = find(a, dest);
    double r;
    if (!v->set || !ak_py_parse_float(v->val, &r))
        return def;
    return r;
}

void ak_arg_display(const struct ak_args *a, const char *dest, char *out, size_t n)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->spec[i].dest, dest) == 0) {
            struct ak_buf b = AK_BUF_INIT(1024);
            display_name(&a->spec[i], &b);
            snprintf(out, n, "%s", ak_buf_cstr(&b));
            ak_buf_release(&b);
            return;
        }
    snprintf(out, n, "%s", dest);
}
