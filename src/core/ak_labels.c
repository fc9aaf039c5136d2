#include "ak_labels.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../util/ak_err.h"
#include "../util/ak_banned.h"

static bool name_char(int c)
{
    return isalnum(c) || c == '-' || c == '_' || c == '.';
}

static bool name_part_valid(const char *s, size_t n)
{
    if (n == 0 || n > 63)
        return false;
    if (!isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!name_char((unsigned char)s[i]))
            return false;
    return true;
}

bool ak_dns1123_label_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 63)
        return false;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (!(islower(c) || isdigit(c) || c == '-'))
            return false;
    }
    return s[0] != '-' && s[n - 1] != '-';
}

bool ak_dns1123_subdomain_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 253)
        return false;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (!(islower(c) || isdigit(c) || c == '-' || c == '.'))
            return false;
    }
    if (!isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
        return false;
    /* each dot-separated label starts and ends with an alphanumeric ("a..b", "a.-b") */
    for (size_t i = 1; i + 1 < n; i++)
        if (s[i] == '.' && (!isalnum((unsigned char)s[i - 1]) || !isalnum((unsigned char)s[i + 1])))
            return false;
    return true;
}

bool ak_label_key_valid(const char *key)
{
    const char *slash = strchr(key, '/');
    if (slash) {
        size_t plen = (size_t)(slash - key);
        char prefix[256];
        if (plen == 0 || plen > 253)
            return false;
        memcpy(prefix, key, plen);
        prefix[plen] = '\0';
        if (!ak_dns1123_subdomain_valid(prefix))
            return false;
        key = slash + 1;
        if (strchr(key, '/'))
            return false;
    }
    return name_part_valid(key, strlen(key));
}

bool ak_label_value_valid(const char *val)
{
    size_t n = strlen(val);
    if (n == 0)
        return true;
    return name_part_valid(val, n);
}

bool ak_taint_effect_valid(const char *e)
{
    return strcmp(e, "NoSchedule") == 0 || strcmp(e, "PreferNoSchedule") == 0 ||
           strcmp(e, "NoExecute") == 0;
}

static bool word_char(int c)
{
    return isalnum(c) || c == '_' || c == '-' || c == '.';
}

int ak_taint_parse(const char *spec, struct ak_taint *out)
{
    memset(out, 0, sizeof(*out));
    const char *colon = strrchr(spec, ':');
    if (!colon)
        return AK_EINVAL;
    const char *eq = memchr(spec, '=', (size_t)(colon - spec));
    const char *kend = eq ? eq : colon;
    size_t klen = (size_t)(kend - spec);
    if (klen == 0 || klen > 253)
        return AK_EINVAL;
    if (!isalnum((unsigned char)spec[0]))
        return AK_EINVAL;
    for (size_t i = 0; i < klen; i++)
        if (!word_char((unsigned char)spec[i]) && spec[i] != '/')
            return AK_EINVAL;
    memcpy(out->key, spec, klen);
    out->key[klen] = '\0';
    if (!ak_label_key_valid(out->key))
        return AK_EINVAL;
    if (eq) {
        size_t vlen = (size_t)(colon - eq - 1);
        if (vlen > 63)
            return AK_EINVAL;
        if (vlen > 0) {
            if (!isalnum((unsigned char)eq[1]))
                return AK_EINVAL;
            for (size_t i = 0; i < vlen; i++)
                if (!word_char((unsigned char)eq[1 + i]))
                    return AK_EINVAL;
        }
        memcpy(out->value, eq + 1, vlen);
        out->value[vlen] = '\0';
        if (!ak_label_value_valid(out->value))
            return AK_EINVAL;
    }
    if (!ak_taint_effect_valid(colon + 1))
        return AK_EINVAL;
    snprintf(out->effect, sizeof(out->effect), "%s", colon + 1);
    return 0;
}
