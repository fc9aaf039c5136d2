/* ak_cli_view.c - SDK-model (de)serialization as az does it (see ak_cli_view.h). */
#include "ak_cli_view.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ak_cli_models.h"
#include "ak_cli_py.h"
#include "../util/ak_buf.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

/* Copies the inner type of "[T]" / "{T}" into buf. */
static const char *inner_type(const char *type, char *buf, size_t n)
{
    size_t len = strlen(type);
    snprintf(buf, n, "%.*s", (int)(len >= 2 ? len - 2 : 0), type + 1);
    return buf;
}

/* The wire value at a flattened key ("properties.count"), borrowed, or NULL. */
static json_t *at_key(const json_t *wire, const char *key)
{
    if (!*key || !json_is_object(wire))
        return NULL;
    const json_t *cur = wire;
    const char *p = key;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        char seg[128];
        snprintf(seg, sizeof(seg), "%.*s", (int)len, p);
        json_t *v = json_object_get(cur, seg);
        if (!dot)
            return v;
        if (!json_is_object(v))
            return NULL;
        cur = v;
        p = dot + 1;
    }
}

json_t *ak_view_iso8601(const char *s)
{
    int Y, M, D, h, m, sec, used = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &sec, &used) != 6 || used != 19)
        return json_string(s);
    const char *p = s + used;
    char frac[7] = "";
    if (*p == '.') {
        p++;
        size_t nd = 0;
        while (isdigit((unsigned char)*p)) {
            if (nd < 6)
                frac[nd++] = *p;
            p++;
        }
        while (nd > 0 && nd < 6)
            frac[nd++] = '0';
        frac[nd] = '\0';
        if (strcmp(frac, "000000") == 0)
            frac[0] = '\0';
    }
    char tz[16] = "";
    if (*p == 'Z' || *p == 'z') {
        snprintf(tz, sizeof(tz), "+00:00");
        p++;
    } else if (*p == '+' || *p == '-') {
        int th = 0, tm = 0, n = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &th, &tm, &n) == 2)
            snprintf(tz, sizeof(tz), "%c%02d:%02d", *p, th % 100, tm % 100);
        else if (sscanf(p + 1, "%2d%2d%n", &th, &tm, &n) == 2)
            snprintf(tz, sizeof(tz), "%c%02d:%02d", *p, th % 100, tm % 100);
        else
            return json_string(s);
        p += 1 + n;
    }
    if (*p)
        return json_string(s);
    char out[64];
    snprintf(out, sizeof(out), "%04d-%02d-%02dT%02d:%02d:%02d%s%s%s", Y, M, D, h, m, sec,
             frac[0] ? "." : "", frac, tz);
    return json_string(out);
}

static bool is_basic(const char *t)
{
    return strcmp(t, "str") == 0 || strcmp(t, "int") == 0 || strcmp(t, "long") == 0 ||
           strcmp(t, "float") == 0 || strcmp(t, "bool") == 0 || strcmp(t, "iso-8601") == 0 ||
           strcmp(t, "object") == 0 || strcmp(t, "duration") == 0 || strcmp(t, "date") == 0 ||
           strcmp(t, "rfc-1123") == 0 || strcmp(t, "base64") == 0 || strcmp(t, "bytearray") == 0;
}

/* msrest's deserialize_basic / deserialize_unicode on a JSON value. */
static json_t *basic_view(const char *t, const json_t *w)
{
    if (strcmp(t, "str") == 0) {
        if (json_is_string(w) || json_is_object(w) || json_is_array(w))
            return json_deep_copy(w);
        struct ak_buf b = AK_BUF_INIT(256);
        ak_py_str(w, &b);
        json_t *r = json_string(ak_buf_cstr(&b));
        ak_buf_release(&b);
        return r;
    }
    if (strcmp(t, "int") == 0 || strcmp(t, "long") == 0) {
        if (json_is_integer(w))
            return json_incref((json_t *)w);
        if (json_is_real(w) && isfinite(json_real_value(w)))
            return json_integer((json_int_t)json_real_value(w));
        if (json_is_boolean(w))
            return json_integer(json_is_true(w));
        if (json_is_string(w)) {
            char *end;
            long long v = strtoll(json_string_value(w), &end, 10);
            if (*json_string_value(w) && *end == '\0')
                return json_integer(v);
        }
        return json_deep_copy(w);
    }
    if (strcmp(t, "float") == 0) {
        if (json_is_integer(w))
            return json_real((double)json_integer_value(w));
        if (json_is_real(w))
            return json_incref((json_t *)w);
        if (json_is_boolean(w))
            return json_real(json_is_true(w) ? 1.0 : 0.0);
        if (json_is_string(w)) {
            char *end;
            double d = strtod(json_string_value(w), &end);
            if (*json_string_value(w) && *end == '\0')
                return json_real(d);
        }
        return json_deep_copy(w);
    }
    if (strcmp(t, "bool") == 0) {
        if (json_is_boolean(w))
            return json_incref((json_t *)w);
        if (json_is_integer(w) && (json_integer_value(w) == 0 || json_integer_value(w) == 1))
            return json_boolean(json_integer_value(w));
        if (json_is_string(w)) {
            if (strcasecmp(json_string_value(w), "true") == 0 || strcmp(json_string_value(w), "1") == 0)
                return json_true();
            if (strcasecmp(json_string_value(w), "false") == 0 || strcmp(json_string_value(w), "0") == 0)
                return json_false();
        }
        return json_deep_copy(w);
    }
    if (strcmp(t, "iso-8601") == 0 && json_is_string(w))
        return ak_view_iso8601(json_string_value(w));
    return json_deep_copy(w);
}

/* Is `k` the first segment of one of the model's wire keys? */
static bool known_key(const struct ak_model *m, const char *k)
{
    size_t klen = strlen(k);
    for (size_t i = 0; i < m->nattrs; i++) {
        const char *key = m->attrs[i].key;
        const char *dot = strchr(key, '.');
        size_t len = dot ? (size_t)(dot - key) : strlen(key);
        if (len == klen && len && memcmp(key, k, len) == 0)
            return true;
    }
    return false;
}

json_t *ak_view(const char *type, const json_t *wire)
{
    if (!wire || json_is_null(wire))
        return json_null();
    char inner[128];
    if (type[0] == '[') {
        if (!json_is_array(wire))
            return json_deep_copy(wire);
        inner_type(type, inner, sizeof(inner));
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(wire); i++)
            json_array_append_new(out, ak_view(inner, json_array_get(wire, i)));
        return out;
    }
    if (type[0] == '{') {
        if (!json_is_object(wire))
            return json_deep_copy(wire);
        inner_type(type, inner, sizeof(inner));
        json_t *out = json_object();
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)wire, k, v)
        {
            json_object_set_new(out, k, ak_view(inner, v));
        }
        return out;
    }
    if (is_basic(type))
        return basic_view(type, wire);
    const struct ak_model *m = ak_model_find(type);
    if (!m || !json_is_object(wire))
        return json_deep_copy(wire);
    json_t *out = json_object();
    for (size_t i = 0; i < m->nattrs; i++) {
        const struct ak_model_attr *a = &m->attrs[i];
        json_object_set_new(out, a->out, ak_view(a->type, at_key(wire, a->key)));
    }
    /* msrest keeps unknown top-level keys as additional_properties; az prints them as sent */
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)wire, k, v)
    {
        if (!known_key(m, k))
            json_object_set_new(out, k, json_deep_copy(v));
    }
    return out;
}

static void set_at_key(json_t *obj, const char *key, json_t *val)
{
    const char *dot = strchr(key, '.');
    if (!dot) {
        json_object_set_new(obj, key, val);
        return;
    }
    char seg[128];
    snprintf(seg, sizeof(seg), "%.*s", (int)(dot - key), key);
    json_t *sub = json_object_get(obj, seg);
    if (!json_is_object(sub)) {
        sub = json_object();
        json_object_set_new(obj, seg, sub);
    }
    set_at_key(sub, dot + 1, val);
}

static json_t *basic_body(const char *t, const json_t *v)
{
    if (strcmp(t, "int") == 0 || strcmp(t, "long") == 0) {
        if (json_is_real(v))
            return json_integer((json_int_t)json_real_value(v));
        return json_deep_copy(v);
    }
    if (strcmp(t, "float") == 0 && json_is_integer(v))
        return json_real((double)json_integer_value(v));
    return json_deep_copy(v);
}

json_t *ak_view_body(const char *type, const json_t *view)
{
    if (!view || json_is_null(view))
        return json_null();
    char inner[128];
    if (type[0] == '[') {
        if (!json_is_array(view))
            return json_deep_copy(view);
        inner_type(type, inner, sizeof(inner));
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(view); i++)
            json_array_append_new(out, ak_view_body(inner, json_array_get(view, i)));
        return out;
    }
    if (type[0] == '{') {
        if (!json_is_object(view))
            return json_deep_copy(view);
        inner_type(type, inner, sizeof(inner));
        json_t *out = json_object();
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)view, k, v)
        {
            json_object_set_new(out, k, ak_view_body(inner, v));
        }
        return out;
    }
    if (is_basic(type))
        return basic_body(type, view);
    const struct ak_model *m = ak_model_find(type);
    if (!m || !json_is_object(view))
        return json_deep_copy(view);
    json_t *out = json_object();
    for (size_t i = 0; i < m->nattrs; i++) {
        const struct ak_model_attr *a = &m->attrs[i];
        json_t *v = json_object_get(view, a->out);
        if (a->readonly || !a->key[0] || !v || json_is_null(v))
            continue;
        set_at_key(out, a->key, ak_view_body(a->type, v));
    }
    return out;
}

void ak_view_add_resource_group(json_t *v)
{
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            ak_view_add_resource_group(json_array_get(v, i));
        return;
    }
    if (!json_is_object(v))
        return;
    bool has = false;
    const char *k;
    json_t *val;
    json_object_foreach(v, k, val)
    {
        if (strcasecmp(k, "resourcegroup") == 0)
            has = true;
    }
    json_t *id = json_object_get(v, "id");
    if (!has && json_is_string(id) && json_string_length(id) > 0) {
        /* Python: re.split('/', id); parts[3] == resourcegroups; parts[4]; parts[8] must exist */
        const char *s = json_string_value(id);
        const char *part[10] = {0};
        size_t plen[10] = {0};
        int np = 0;
        const char *start = s;
        for (const char *p = s;; p++) {
            if (*p == '/' || *p == '\0') {
                if (np < 10) {
                    part[np] = start;
                    plen[np] = (size_t)(p - start);
                }
                np++;
                if (!*p)
                    break;
                start = p + 1;
            }
        }
        if (np > 8 && plen[3] == 14 && strncasecmp(part[3], "resourcegroups", 14) == 0) {
            json_t *rg = json_stringn(part[4], plen[4]);
            json_object_set_new(v, "resourceGroup", rg);
        }
    }
    json_object_foreach(v, k, val)
    {
        if (strcmp(k, "sourceVault") != 0)
            ak_view_add_resource_group(val);
    }
}

void ak_view_aks_remove_nulls(json_t *mc)
{
    if (!json_is_object(mc))
        return;
    json_t *tags = json_object_get(mc, "tags");
    if (tags && json_is_null(tags))
        json_object_del(mc, "tags");
    json_t *pools = json_object_get(mc, "agentPoolProfiles");
    for (size_t i = 0; json_is_array(pools) && i < json_array_size(pools); i++) {
        json_t *p = json_array_get(pools, i);
        static const char *const attrs[] = {"osDiskSizeGb", "vnetSubnetId"};
        for (size_t j = 0; j < AK_ARRAY_LEN(attrs); j++) {
            json_t *v = json_object_get(p, attrs[j]);
            if (v && json_is_null(v))
                json_object_del(p, attrs[j]);
        }
    }
    json_t *sp = json_object_get(mc, "servicePrincipalProfile");
    json_t *secret = json_is_object(sp) ? json_object_get(sp, "secret") : NULL;
    if (secret && json_is_null(secret))
        json_object_del(sp, "secret");
}
