#include "ak_yaml.h"

#include <ctype.h>
#include <errno.h>
#include <libfyaml.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_mem.h"
#include "ak_banned.h"

#define MAX_DEPTH 256

static json_t *scalar(struct fy_node *n)
{
    size_t len;
    const char *s = fy_node_get_scalar(n, &len);
    if (!s)
        return json_null();
    enum fy_node_style st = fy_node_get_style(n);
    if (st != FYNS_PLAIN)
        return json_stringn(s, len);
    char buf[128];
    if (len < sizeof(buf)) {
        memcpy(buf, s, len);
        buf[len] = '\0';
        if (len == 0 || strcmp(buf, "~") == 0 || strcmp(buf, "null") == 0 || strcmp(buf, "Null") == 0 ||
            strcmp(buf, "NULL") == 0)
            return json_null();
        if (strcmp(buf, "true") == 0 || strcmp(buf, "True") == 0 || strcmp(buf, "TRUE") == 0)
            return json_true();
        if (strcmp(buf, "false") == 0 || strcmp(buf, "False") == 0 || strcmp(buf, "FALSE") == 0)
            return json_false();
        /* integers: decimal, 0o octal, 0x hex */
        char *end;
        errno = 0;
        if (buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'o') && buf[2]) {
            long long v = strtoll(buf + 2, &end, buf[1] == 'x' ? 16 : 8);
            if (!*end && !errno)
                return json_integer(v);
        } else {
            const char *p = buf + (buf[0] == '-' || buf[0] == '+');
            bool digits = *p != '\0';
            for (const char *q = p; *q; q++)
                if (!isdigit((unsigned char)*q))
                    digits = false;
            if (digits) {
                long long v = strtoll(buf, &end, 10);
                if (!*end && !errno)
                    return json_integer(v);
            }
            /* floats */
            bool numlike = *p && (isdigit((unsigned char)*p) || *p == '.');
            for (const char *q = p; *q && numlike; q++)
                if (!(isdigit((unsigned char)*q) || *q == '.' || *q == 'e' || *q == 'E' ||
                      *q == '-' || *q == '+'))
                    numlike = false;
            if (numlike && strpbrk(buf, ".eE")) {
                errno = 0;
                double d = strtod(buf, &end);
                if (!*end && !errno && isfinite(d))
                    return json_real(d);
            }
        }
    }
    return json_stringn(s, len);
}

static json_t *convert(struct fy_node *n, int depth, char *err, size_t errlen)
{
    if (depth > MAX_DEPTH) {
        snprintf(err, errlen, "nesting deeper than %d levels", MAX_DEPTH);
        return NULL;
    }
    if (!n)
        return json_null();
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR:
        return scalar(n);
    case FYNT_SEQUENCE: {
        json_t *a = json_array();
        struct fy_node *it;
        void *iter = NULL;
        while ((it = fy_node_sequence_iterate(n, &iter)) != NULL) {
            json_t *v = convert(it, depth + 1, err, errlen);
            if (!v) {
                json_decref(a);
                return NULL;
            }
            json_array_append_new(a, v);
        }
        return a;
    }
    case FYNT_MAPPING: {
        json_t *o = json_object();
        struct fy_node_pair *pair;
        void *iter = NULL;
        while ((pair = fy_node_mapping_iterate(n, &iter)) != NULL) {
            struct fy_node *k = fy_node_pair_key(pair);
            size_t klen = 0;
            const char *ks = k && fy_node_is_scalar(k) ? fy_node_get_scalar(k, &klen) : NULL;
            if (!ks) {
                snprintf(err, errlen, "only scalar mapping keys are supported");
                json_decref(o);
                return NULL;
            }
            char *key = ak_xstrndup(ks, klen);
            json_t *v = convert(fy_node_pair_value(pair), depth + 1, err, errlen);
            if (!v) {
                free(key);
                json_decref(o);
                return NULL;
            }
            json_object_set_new(o, key, v);
            free(key);
        }
        return o;
    }
    }
    return json_null();
}

static struct fy_parser *open_parser(const char *text, size_t len, const char *name,
                                     struct fy_diag **diagp, char *err, size_t errlen)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (diag)
        fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.search_path = "";
    cfg.flags = FYPCF_QUIET | FYPCF_RESOLVE_DOCUMENT | FYPCF_DEFAULT_VERSION_1_2;
    cfg.diag = diag;
    struct fy_parser *fyp = fy_parser_create(&cfg);
    if (!fyp) {
        snprintf(err, errlen, "cannot create the YAML parser");
        if (diag)
            fy_diag_destroy(diag);
        return NULL;
    }
    if (fy_parser_set_string(fyp, text, len) != 0) {
        snprintf(err, errlen, "%s: cannot read the input", name ? name : "input");
        fy_parser_destroy(fyp);
        if (diag)
            fy_diag_destroy(diag);
        return NULL;
    }
    *diagp = diag;
    return fyp;
}

static void diag(struct fy_diag *d, const char *name, char *err, size_t errlen)
{
    void *it = NULL;
    struct fy_diag_error *e = d ? fy_diag_errors_iterate(d, &it) : NULL;
    if (e)
        snprintf(err, errlen, "%s:%d:%d: %s", name ? name : "input", e->line, e->column,
                 e->msg ? e->msg : "invalid YAML");
    else if (!err[0])
        snprintf(err, errlen, "%s: invalid YAML", name ? name : "input");
}

/* Offset of the first byte that is not well-formed UTF-8 (RFC 3629), or len. YAML streams
 * are Unicode, and libfyaml 0.7.12 loops forever on some invalid bytes in a directive line
 * ("%\x80"; fuzz/regressions/fuzz_yaml/), so they are rejected before it sees them. */
static size_t utf8_bad(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2
                 : c >= 0xf0 && c <= 0xf4 ? 3 : 4;
        if (n == 4 || n > len - i - 1)
            return i;
        unsigned lo = 0x80, hi = 0xbf; /* second byte: no overlongs, surrogates, > U+10FFFF */
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
        else if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
        for (size_t k = 1; k <= n; k++) {
            unsigned b = s[i + k];
            if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xbf))
                return i;
        }
        i += n + 1;
    }
    return len;
}

json_t *ak_yaml_parse_all(const char *text, size_t len, const char *name, char *err, size_t errlen)
{
    err[0] = '\0';
    size_t bad = utf8_bad((const unsigned char *)text, len);
    if (bad < len) {
        int line = 1, col = 1;
        for (size_t i = 0; i < bad; i++, col++)
            if (text[i] == '\n') {
                line++;
                col = 0;
            }
        snprintf(err, errlen, "%s:%d:%d: invalid UTF-8", name ? name : "input", line, col);
        return NULL;
    }
    struct fy_diag *dg = NULL;
    struct fy_parser *fyp = open_parser(text, len, name, &dg, err, errlen);
    if (!fyp)
        return NULL;
    json_t *all = json_array();
    struct fy_document *fyd;
    while ((fyd = fy_parse_load_document(fyp)) != NULL) {
        json_t *v = convert(fy_document_root(fyd), 0, err, errlen);
        fy_parse_document_destroy(fyp, fyd);
        if (!v) {
            json_decref(all);
            fy_parser_destroy(fyp);
            if (dg)
                fy_diag_destroy(dg);
            return NULL;
        }
        if (!json_is_null(v))
            json_array_append_new(all, v);
        else
            json_decref(v);
    }
    if (fy_parser_get_stream_error(fyp)) {
        diag(dg, name, err, errlen);
        json_decref(all);
        fy_parser_destroy(fyp);
        if (dg)
            fy_diag_destroy(dg);
        return NULL;
    }
    fy_parser_destroy(fyp);
    if (dg)
        fy_diag_destroy(dg);
    return all;
}

json_t *ak_yaml_parse(const char *text, size_t len, const char *name, char *err, size_t errlen)
{
    json_t *all = ak_yaml_parse_all(text, len, name, err, errlen);
    if (!all)
        return NULL;
    if (json_array_size(all) != 1) {
        snprintf(err, errlen, "%s: expected exactly one YAML document, found %zu",
                 name ? name : "input", json_array_size(all));
        json_decref(all);
        return NULL;
    }
    json_t *v = json_incref(json_array_get(all, 0));
    json_decref(all);
    return v;
}
